"""The pipeline of check.py: stages joined, `unused` warnings, values of every name."""

from __future__ import annotations

from toulmin.check import check_text


def test_a_given_used_to_solve_backward_is_not_unused() -> None:
    r = check_text(
        "given cost = 100 USD\ngiven price = 2 USD/h\ngiven hours: h\n"
        "let cost = hours * price\nclaim h: hours = 50 h\n"
    )
    assert [d.code for d in r.diagnostics] == []
