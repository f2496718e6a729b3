"""`unused` warnings do not change with what else is on the command line (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke, write


def _unused(*paths: Path) -> dict[str, list[int]]:
    """{file name: lines of its `unused` warnings} from `toulmin check --format json`."""
    _, out, _ = invoke("check", *map(str, paths), "--format", "json")
    return {
        Path(r["file"]).name: [d["line"] for d in r["diagnostics"] if d["code"] == "unused"]
        for r in json.loads(out)["results"]
    }


def test_unused_warnings_do_not_depend_on_the_other_files_checked(tmp_path: Path) -> None:
    facts = write(
        tmp_path, "facts.claim", "given a = 3 GPU\ngiven spare = 4 GPU\nclaim c: a > 1 GPU\n"
    )
    user = write(tmp_path, "user.claim", 'use "facts.claim"\nclaim d: spare > 1 GPU\n')
    alone = _unused(facts)
    assert alone == {"facts.claim": [2]}
    assert _unused(facts, user)["facts.claim"] == alone["facts.claim"]
    assert _unused(user, facts)["facts.claim"] == alone["facts.claim"]
    assert _unused(user)["user.claim"] == _unused(facts, user)["user.claim"] == []
