"""Open claims: the condition on the missing name (engine/open.py)."""

from __future__ import annotations

from toulmin.check import check_text


def test_open_condition_is_solved_for_the_missing_name() -> None:
    r = check_text(
        "given mfu_new: %\ngiven mfu_old = 20 %\nclaim nine_x: 2.2 * 2 * mfu_new / mfu_old >= 9\n"
    )
    (c,) = r.claims
    assert c.verdict == "open"
    assert "mfu_new ≥ 40.91 %" in (c.condition or "")
