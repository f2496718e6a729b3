"""Values of every given and let (engine/values.py), with domain errors."""

from __future__ import annotations

from toulmin.check import check_text


def test_dependency_problem_is_not_a_false_domain_error() -> None:
    # a - a + 1 is 1, but its naive enclosure [0, 2] contains zero
    r = check_text(
        "given a = 1 to 2\ngiven x = 3\nlet d = a - a + 1\nlet q = x / d\nclaim c: q ≈ 3\n"
    )
    assert not r.has_errors, r.diagnostics
    assert [c.verdict for c in r.claims] == ["holds"]
    r = check_text("given b = -1 to 1\ngiven x = 3\nlet bad = x / b\nclaim e: bad > 0\n")
    assert [d.code for d in r.diagnostics if d.is_error] == ["domain"]
