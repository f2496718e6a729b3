"""The corpus (`claims/*.claim`) as a regression test (issue 3, "Tests").

- Every claim's verdict, consistency claims included, is pinned in
  `tests/corpus/golden/corpus_verdicts.json`: a change of verdict must be a deliberate, reviewed
  change. To accept the new verdicts after reviewing the diff:

      UPDATE_GOLDEN=1 python -m pytest tests/corpus/test_corpus_verdicts.py

- (v2) so is each claim's verdict under each scenario of its file, keyed `id[scenario]` (the
  pytest plugin's item name): a what-if that changes is reviewed like a verdict that changes.
- `toulmin check claims/` reports no error diagnostics and no `undecided` verdict.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import CLAIMS, ROOT

from toulmin.check import check_file

GOLDEN = Path(__file__).resolve().parent / "golden" / "corpus_verdicts.json"
REGENERATE = "UPDATE_GOLDEN=1 python -m pytest tests/corpus/test_corpus_verdicts.py"


def _key(claim) -> str:
    """A claim's key in the golden file; consistency claims are marked as such."""
    return claim.id if claim.kind == "claim" else f"{claim.id} ({claim.kind})"


def current_verdicts() -> dict[str, dict[str, str]]:
    """{file name: {claim key: verdict}} for every `claims/*.claim`."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(CLAIMS.glob("*.claim")):
        result = check_file(path, root=path.parent)
        verdicts = {}
        for c in result.claims:
            verdicts[_key(c)] = c.verdict
            for name, sc in c.scenarios.items():
                verdicts[f"{_key(c)}[{name}]"] = sc.verdict
        out[path.name] = verdicts
    return out


def _diff(expected: dict[str, dict[str, str]], actual: dict[str, dict[str, str]]) -> list[str]:
    lines = []
    for f in sorted(set(expected) | set(actual)):
        if f not in actual:
            lines.append(f"{f}: file pinned but no longer in claims/")
            continue
        if f not in expected:
            lines.append(f"{f}: new file, not pinned ({len(actual[f])} claims)")
            continue
        e, a = expected[f], actual[f]
        for k in sorted(set(e) | set(a)):
            if k not in a:
                lines.append(f"{f}: {k}: pinned `{e[k]}`, claim is gone")
            elif k not in e:
                lines.append(f"{f}: {k}: new claim, now `{a[k]}`, not pinned")
            elif e[k] != a[k]:
                lines.append(f"{f}: {k}: pinned `{e[k]}`, now `{a[k]}`")
    return lines


def test_corpus_verdicts_are_pinned() -> None:
    actual = current_verdicts()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert GOLDEN.exists(), f"no golden file {GOLDEN}; create it with `{REGENERATE}`"
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    diff = _diff(expected, actual)
    assert not diff, (
        "corpus verdicts differ from tests/corpus/golden/corpus_verdicts.json:\n  "
        + "\n  ".join(diff)
        + f"\nIf the change is deliberate and reviewed, regenerate with `{REGENERATE}`."
    )


def test_corpus_has_no_errors_and_no_undecided() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "toulmin", "check", "claims/", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # 0: all hold, 1: some claim is not `holds`; 2 would be invalid input.
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    doc = json.loads(proc.stdout)
    files = {Path(r["file"]).name for r in doc["results"]}
    assert files == {p.name for p in CLAIMS.glob("*.claim")}, files
    errors = [
        f"{r['file']}:{d['line']}:{d['column']}: {d['code']}: {d['message']}"
        for r in doc["results"]
        for d in r["diagnostics"]
        if d["severity"] == "error"
    ]
    assert not errors, "\n".join(errors)
    undecided = [
        f"{r['file']}: {c['id']}"
        for r in doc["results"]
        for c in r["claims"]
        if c["verdict"] == "undecided"
    ]
    assert not undecided, "undecided verdicts:\n" + "\n".join(undecided)
    assert sum(len(r["claims"]) for r in doc["results"]) > 0
