"""Values of every given and let (engine/values.py), with domain errors."""

from __future__ import annotations

from conftest import ARGUMENT, stages

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


# ---------------------------------------------------------------- all_values, called directly


def test_all_values_gives_low_mid_high_in_si_and_none_for_unknowns() -> None:
    from toulmin.engine.values import all_values

    values, diags = all_values(stages(ARGUMENT).prover)
    assert not diags
    assert values["mfu"] is None
    assert values["gpus"] == (1000.0, 1000.0, 1000.0)
    assert values["hours"] == (360000.0, 540000.0, 720000.0)
    lo, mid, hi = values["cost"]
    assert (lo, hi) == (200000.0, 400000.0) and lo < mid < hi


def test_all_values_reports_a_division_by_a_range_through_zero() -> None:
    from toulmin.engine.values import all_values

    _, diags = all_values(stages("given b = -1 to 1\ngiven x = 3\nlet bad = x / b\n").prover)
    assert [(d.code, d.severity, d.span.line) for d in diags] == [("domain", "error", 3)]
