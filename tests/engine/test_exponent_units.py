"""A constant exponent may carry units that cancel (`g ^ (1 year / 5 year)`); only the
whole exponent must be a number (found writing tests/unseen/datacentre_power.claim)."""

from __future__ import annotations

import textwrap

import pytest

from toulmin.check import check_text


def run(text: str):
    res = check_text(textwrap.dedent(text).lstrip("\n"), file="t.claim")
    return res, {c.id: c for c in res.claims}


@pytest.mark.parametrize(
    ("exponent", "value"),
    [
        ("(1 year / 5 year)", 2 ** (1 / 5)),  # a CAGR over five years
        ("(2 year / 1 year)", 4.0),
        ("(6 h * 2 / 1 day)", 2**0.5),
        ("(1 year / (5 year))", 2 ** (1 / 5)),
    ],
)
def test_units_cancel_inside_a_constant_exponent(exponent: str, value: float) -> None:
    res, claims = run(f"given r = 2x\nlet g = r ^ {exponent}\nclaim c: g ≈ {value!r} within 1e-9\n")
    assert not res.diagnostics, res.diagnostics
    assert claims["c"].verdict == "holds"
    assert claims["c"].lhs.value == pytest.approx(value, rel=1e-12)


def test_a_cancelled_exponent_may_raise_a_quantity_with_a_unit() -> None:
    res, claims = run("given a = 4 m^2\nlet s = a ^ (1 h / 2 h)\nclaim c: s = 2 m\n")
    assert not res.diagnostics, res.diagnostics
    assert claims["c"].verdict == "holds"


@pytest.mark.parametrize(
    ("exponent", "message"),
    [
        ("(1 year)", "an exponent must be dimensionless, not time"),
        ("(1 year / 5)", "an exponent must be dimensionless, not time"),
        ("(1 year + 5)", "cannot add time and dimensionless"),
    ],
)
def test_an_exponent_left_with_a_unit_is_still_refused(exponent: str, message: str) -> None:
    res, _ = run(f"given r = 2x\nlet g = r ^ {exponent}\nclaim c: g > 0\n")
    assert [(d.code, d.message) for d in res.diagnostics] == [("dimension", message)]
