"""Numbat's unit assertions (`assert_eq`), translated afresh into `.claim` files under
tests/spec/numbat/, each claim citing its Numbat file and line (issue 9).

A claim is expected to hold unless its line says `expect VERDICT` (Numbat's failing
examples, and the places where Toulmin differs on purpose, e.g. the Julian year).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from toulmin.check import check_file

HERE = Path(__file__).parent / "numbat"
CLAIM = re.compile(r"^claim (?P<id>\w+):.*#\s*(?P<cite>\S+\.(?:nbt|rs):\d+)(?P<rest>.*)$")
EXPECT = re.compile(r"\bexpect (holds|fails|depends|open|undecided)\b")

#: Claims that should hold (or fail) but do not yet, each with why; strict, so a fix
#: shows up as an unexpected pass and the mark goes.
KNOWN = {
    "int_1311": "meaning.py's tolerance slack is a tie of the sides (1e-9 × 2.1e6 m = 2 mm), "
    "not of the bound, so a 1 cm gap passes `within 0.9 cm` at 2121 km",
}


def cases() -> list[tuple[str, str, str, str]]:
    """(file, claim id, expected verdict, Numbat citation) for every translated claim."""
    out = []
    for path in sorted(HERE.glob("*.claim")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("claim "):
                m = CLAIM.match(line)
                assert m, f"{path.name}: a claim without a Numbat citation: {line}"
                expect = EXPECT.search(m["rest"])
                out.append((path.name, m["id"], expect[1] if expect else "holds", m["cite"]))
    return out


@cache
def verdicts(name: str) -> dict[str, str]:
    result = check_file(HERE / name)
    errors = [d for d in result.diagnostics if d.is_error]
    if errors:
        return {"error": f"{errors[0].code}: {errors[0].message}"}
    return {c.id: c.verdict for c in result.claims if c.kind == "claim"}


def test_the_translation_is_large_and_cites_numbat() -> None:
    all_cases = cases()
    assert len(all_cases) >= 130
    assert len({(f, i) for f, i, _, _ in all_cases}) == len(all_cases)  # ids are unique
    assert {c.split("/")[0] for _, _, _, c in all_cases} == {"examples", "numbat"}


@pytest.mark.parametrize(
    ("file", "claim_id", "expected", "cite"),
    [
        pytest.param(
            *case,
            id=f"{case[1]}@{case[3]}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN[case[1]])]
            if case[1] in KNOWN
            else [],
        )
        for case in cases()
    ],
)
def test_numbat_assertion(file: str, claim_id: str, expected: str, cite: str) -> None:
    got = verdicts(file)
    assert "error" not in got, f"{file} does not check: {got.get('error')}"
    assert got.get(claim_id) == expected, f"{claim_id} ({cite}): {got.get(claim_id)}"
