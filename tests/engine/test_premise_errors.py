"""Errors in a premise stay with the premise (found writing tests/unseen/)."""

from __future__ import annotations

import textwrap

import pytest

from toulmin.check import check_text


def codes(text: str) -> list[tuple[str, str]]:
    res = check_text(textwrap.dedent(text).lstrip("\n"), file="t.claim")
    return [(d.code, d.message) for d in res.diagnostics if d.is_error]


@pytest.mark.parametrize(
    "value", ["$2 to $3.5 gpuhour", "2 USD to 3 gpuhour", "2 gpuhour", "2 to 3.5 gpuhour"]
)
def test_an_unreadable_range_end_does_not_give_the_name_the_other_ends_unit(value: str) -> None:
    # `$2 to $3.5 per_gpu_hour` used to make `price` a plain currency, so every use of it
    # added a second, false dimension error
    got = codes(
        f"""
        given price = {value}
        given h = 10 h
        let c = price * h
        claim x: c > 1 USD
        """
    )
    assert got == [("unknown-unit", "unknown unit `gpuhour`")]


def test_a_distribution_written_with_equals_says_to_use_a_tilde() -> None:
    res = check_text("given price = normal(2 USD, 1 USD)\nclaim x: price > 1 USD\n", file="t.claim")
    (d,) = res.diagnostics
    assert d.code == "unknown-name"
    assert "`~`" in (d.hint or "") and "given NAME ~ normal(...)" in (d.hint or "")
    assert "rule NAME" not in (d.hint or "")


def test_a_rule_named_like_a_distribution_is_still_a_rule() -> None:
    res = check_text("rule normal(a, b) = a + b\nclaim x: normal(1, 2) = 3\n", file="t.claim")
    assert not res.diagnostics
    assert res.claims[0].verdict == "holds"
