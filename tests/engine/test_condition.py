"""Open claims: where a claim would hold, as data (engine/condition.py), phrased by
render/condition.py."""

from __future__ import annotations

from conftest import ARGUMENT, stages

from toulmin.check import check_text
from toulmin.engine.condition import Region, open_condition
from toulmin.render.condition import phrase


def test_open_condition_is_solved_for_the_missing_name() -> None:
    r = check_text(
        "given mfu_new: %\ngiven mfu_old = 20 %\nclaim nine_x: 2.2 * 2 * mfu_new / mfu_old >= 9\n"
    )
    (c,) = r.claims
    assert c.verdict == "open"
    assert "mfu_new ≥ 40.91 %" in (c.condition or "")


# ---------------------------------------------------------------- open_condition, called directly


def _condition(text: str, claim_id: str):
    s = stages(text)
    claim = s.claims[claim_id]
    _, ranges, free = s.prover.closure([claim.lhs, claim.rhs])
    return open_condition(s.prover, claim, ranges, free, 2.0)


def test_condition_is_a_region_of_the_free_name_in_si() -> None:
    c = _condition(ARGUMENT, "busy")  # mfu * 2 >= 50 %
    assert (c.name, c.free) == ("mfu", ("mfu",))
    assert c.regions == (Region(0.25, None, True, False),)
    assert c.boundaries == ((0.25, 0.25, 0.25),)
    assert phrase(c) == "holds when mfu ≥ 25 %"


def test_condition_follows_the_operator() -> None:
    text = "given x: GPU\ngiven k = 2\nclaim big: x * k > 10 GPU\nclaim small: x * k <= 10 GPU\n"
    big, small = _condition(text, "big"), _condition(text, "small")
    assert big.regions == (Region(5.0, None, False, False),)
    assert small.regions == (Region(None, 5.0, False, True),)
    assert phrase(big) == "holds when x > 5 GPU"
    assert phrase(small) == "holds when x ≤ 5 GPU"


def test_condition_may_have_two_regions() -> None:
    c = _condition("given m: x\nclaim sq: m*m >= 0.25 x^2\n", "sq")
    assert c.regions == (Region(None, -0.5, False, True), Region(0.5, None, True, False))
    assert " or " in phrase(c)


def test_condition_over_ranges_gives_the_worst_and_best_boundary() -> None:
    c = _condition("given x: GPU\ngiven k = 1 to 3\nclaim small: x * k < 10 GPU\n", "small")
    # x·k < 10 for every k in [1, 3] when x < 10/3, at the middle (k = 2) when x < 5,
    # for some k (k = 1) when x < 10
    ((lo, mid, hi),) = c.boundaries
    assert (round(lo, 9), mid, hi) == (round(10 / 3, 9), 5.0, 10.0)
    assert c.over_ranges
    got = phrase(c)
    assert got.startswith("holds for every value of the ranges when x < 3.333 GPU"), got
    assert got.endswith("10 GPU"), got


def test_two_free_names_give_no_regions() -> None:
    c = _condition("given a: GPU\ngiven b: GPU\nclaim c: a > b\n", "c")
    assert c.free == ("a", "b") and c.regions == ()
    assert phrase(c) == "depends on a, b, which have no value"
