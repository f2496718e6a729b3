"""Open claims: the condition on the missing name (engine/open.py)."""

from __future__ import annotations

from conftest import ARGUMENT, stages

from toulmin.check import check_text


def test_open_condition_is_solved_for_the_missing_name() -> None:
    r = check_text(
        "given mfu_new: %\ngiven mfu_old = 20 %\nclaim nine_x: 2.2 * 2 * mfu_new / mfu_old >= 9\n"
    )
    (c,) = r.claims
    assert c.verdict == "open"
    assert "mfu_new ≥ 40.91 %" in (c.condition or "")


# ---------------------------------------------------------------- open.condition, called directly


def _condition(text: str, claim_id: str) -> str:
    from toulmin.engine import open as open_

    s = stages(text)
    claim = s.claims[claim_id]
    return open_.condition(s.prover, claim, *s.prover.closure([claim.lhs, claim.rhs]))


def test_condition_solves_for_the_free_name_in_its_display_unit() -> None:
    assert _condition(ARGUMENT, "busy") == "holds when mfu ≥ 25 %"


def test_condition_over_ranges_gives_the_worst_and_best_boundary() -> None:
    text = "given x: GPU\ngiven k = 1 to 3\nclaim small: x * k < 10 GPU\n"
    got = _condition(text, "small")
    # x·k < 10 for every k in [1, 3] when x < 10/3; for some k (k = 1) when x < 10
    assert got.startswith("holds for every value of the ranges when x < 3.333 GPU"), got
    assert got.endswith("10 GPU"), got


def test_condition_flips_with_the_operator() -> None:
    text = "given x: GPU\ngiven k = 2\nclaim big: x * k > 10 GPU\nclaim small: x * k <= 10 GPU\n"
    assert _condition(text, "big") == "holds when x > 5 GPU"
    assert _condition(text, "small") == "holds when x ≤ 5 GPU"
