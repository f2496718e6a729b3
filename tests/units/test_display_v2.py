"""Readable display units (spec v2 §5 "Display", issue 9 "Display units are unreadable"):
one test per bullet, through `check_text` and the text renderer, and the functions of
units/display.py and units/format.py they rest on."""

from __future__ import annotations

from fractions import Fraction

import pytest

from toulmin.check import check_text
from toulmin.render.text import show
from toulmin.units import display as U
from toulmin.units.format import digits_apart, number, number_in
from toulmin.units.registry import lookup


def result(text: str):
    r = check_text(text, "t.claim")
    assert not [d for d in r.diagnostics if d.is_error], r.diagnostics
    return r


def sides(text: str, cid: str = "c") -> tuple[str, str, str]:
    c = next(c for c in result(text).claims if c.id == cid)
    return show(c.lhs), show(c.rhs), c.verdict


def value(text: str, name: str) -> str:
    return show(result(text).values[name])


# ---- units of the same dimension cancel


@pytest.mark.parametrize(
    ("claim", "shown"),
    [("1 GW/MW ≈ 1 GW/MW", "1000"), ("1 GHz*ns = 1", "1"), ("1 m^3/L = 1000", "1000")],
)
def test_units_of_one_dimension_cancel(claim: str, shown: str) -> None:
    assert sides(f"claim c: {claim}\n") == (shown, shown, "holds")


def test_a_compound_whose_factors_cancel_is_a_plain_number() -> None:
    # issue 9: `23.53 MW*year/TWh`
    text = "given w = 23.53 MW\nlet r = w * 1 year / (1 TWh)\nclaim c: r > 0\n"
    assert value(text, "r") == "0.2063"


def test_cancel_keeps_what_does_not_cancel() -> None:
    dims = lambda n: lookup(n).dims  # noqa: E731
    rate: U.Shape = (("USD", Fraction(1)), ("GPU", Fraction(-1)), ("h", Fraction(-1)))
    assert U.cancel(rate, dims) == rate
    per_query = (("MW", Fraction(1)), ("year", Fraction(1)), ("TWh", Fraction(-1)))
    per_query += (("query", Fraction(-1)),)
    assert U.cancel(per_query, lambda n: None if n == "query" else dims(n)) == (
        ("query", Fraction(-1)),
    )


# ---- the author's unit is preferred; no prefix beyond the largest


def test_flop_stays_flop() -> None:
    text = "given f = 3.8e25 FLOP\ngiven g = 4 x\nlet total = f * g^6\nclaim c: total > 1 FLOP\n"
    assert value(text, "total") == "1.556e29 FLOP"


def test_an_annotated_right_hand_name_shows_in_its_unit() -> None:
    # issue 9: `0.583 PWh/year` for a name annotated TWh/year
    text = "given tw: TWh/year = 583 TWh/year\nlet pw = tw * 1\nclaim c: pw ≈ tw\n"
    assert sides(text) == ("583 TWh/year", "583 TWh/year", "holds")


# ---- a prefix and a scale suffix never stack; no suffix that is also a unit


@pytest.mark.parametrize(
    ("x", "unit", "shown"),
    [
        (212121000.0, "cm", "2.121e8"),
        (2.5e6, "mL", "2.5e6"),
        (2.788e6, "GPU*h", "2.788M"),  # no prefix: the suffix reads well
        (2**32, "", "4.295e9"),  # `4.295B` reads as bytes
        (2.5e6, "", "2.5M"),
        (4.295e9, "token", "4.295B"),
    ],
)
def test_scale_suffixes(x: float, unit: str, shown: str) -> None:
    assert number_in(x, unit) == shown


def test_plain_two_to_the_32() -> None:
    assert sides("claim c: 2^32 = 4294967296\n") == ("4.295e9", "4.295e9", "holds")


@pytest.mark.parametrize(
    ("unit", "prefixed"),
    [("cm", True), ("TB/s", True), ("mL", True), ("kWh/query", True), ("ppm", False),
     ("min", False), ("GPU*h", False), ("m^2", False), ("FLOP", False), ("day", False)],
)  # fmt: skip
def test_has_prefix(unit: str, prefixed: bool) -> None:
    assert U.has_prefix(unit) is prefixed


# ---- no mWh next to MWh


def test_no_invented_milli_beside_mega() -> None:
    text = (
        "unit query\ngiven e = 0.34 Wh/query\ngiven big = 1 MWh\n"
        "let cheap = e * 1 query\nclaim c: cheap < big\n"
    )
    assert value(text, "cheap") == "0.34 Wh"
    assert "mWh" not in " ".join(show(q) for q in result(text).values.values())


def test_milli_is_still_invented_for_metres() -> None:
    assert value("given a = 2 m\nlet b = a / 1000\nclaim c: b > 0 m\n", "b") == "2 mm"


# ---- a failing claim's sides print apart


@pytest.mark.parametrize(
    ("claim", "left", "right"),
    [
        ("1 year = 365.24219 day", "365.25 day", "365.24 day"),
        ("400e-6 ≈ 401 ppm within 1e-16", "400 ppm", "401 ppm"),
        ("1.00001 = 1", "1.00001", "1"),
        ("2 + 2e-8 = 2", "2.00000002", "2"),
    ],
)
def test_failing_sides_print_apart(claim: str, left: str, right: str) -> None:
    assert sides(f"claim c: {claim}\n") == (left, right, "fails")


def test_holding_sides_keep_four_digits() -> None:
    assert sides("claim c: 1 year ≈ 365.24219 day\n") == ("365.2 day", "365.2 day", "holds")


def test_digits_apart() -> None:
    assert digits_apart((365.25,), (365.24219,), "day") == 5
    assert digits_apart((1.0,), (1.0,), "") == 4  # equal values: nothing to tell apart
    assert number(365.24219, 5) == "365.24"
