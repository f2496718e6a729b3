"""The full rendered text of every diagnostic example, pinned (spec §6: the diagnostic bar).

For each `tests/diagnostics/<code>/*.claim` this runs `toulmin check FILE --no-color`
(with `--strict` when the file says `# strict`) from the repository root, in this
process, and compares what it prints — message, location, source line, carets, labels,
notes and hints, then the summary — with `__snapshots__/test_diagnostic_snapshots.ambr`.

A deliberate change of wording: review the diff, then `pytest tests/diagnostics
--snapshot-update` (see tests/diagnostics/README.md).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, IDS, ROOT, Example

from toulmin.cli import main

WIDTH = "200"  # as the CLI when stdout is not a terminal: nothing wraps


def rendered(example: Example, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `toulmin check` prints for the example: no colour, fixed width, paths relative."""
    monkeypatch.chdir(ROOT)
    rel = example.path.relative_to(ROOT).as_posix()
    args = ["check", rel, "--no-color"] + (["--strict"] if example.strict else [])
    r = CliRunner().invoke(
        main, args, env={"NO_COLOR": "1", "COLUMNS": WIDTH}, catch_exceptions=False
    )
    text = f"$ toulmin {' '.join(args)}  # exit {r.exit_code}\n{r.stdout}"
    if r.stderr:
        text += f"--- stderr\n{r.stderr}"
    # some messages name the checked file's folder: keep the snapshot machine-independent;
    # trailing blanks (table padding) carry nothing and editors strip them
    text = text.replace(str(ROOT), "<repo>")
    return "\n".join(line.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_rendered_diagnostics(example: Example, snapshot, monkeypatch) -> None:
    text = rendered(example, monkeypatch)
    assert "\x1b[" not in text, "--no-color output contains ANSI escapes"
    assert "Traceback" not in text
    # the expected codes are in the rendering, each with its location ...
    for code, line in example.expects:
        assert f"[{code}]:" in text, text
        assert f":{line}:" in text, text
    # ... and the whole text is pinned
    assert text == snapshot
