"""Spec v2 §3 units: volumes, deci/deca/hecto, `common_year`, `pp`, plurals of declared
units, and did-you-mean hints that never change a value."""

from __future__ import annotations

from fractions import Fraction

import pytest

from toulmin.check import check_text
from toulmin.units import dims as D
from toulmin.units.plural import plural, singulars
from toulmin.units.registry import UnitError, lookup

VOLUME = (("length", Fraction(3)),)


@pytest.mark.parametrize(
    ("name", "exact", "dims"),
    [
        ("L", Fraction(1, 1000), VOLUME),
        ("l", Fraction(1, 1000), VOLUME),
        ("mL", Fraction(1, 10**6), VOLUME),
        ("dL", Fraction(1, 10**4), VOLUME),
        ("kL", Fraction(1), VOLUME),
        ("gal", Fraction(3785411784, 10**12), VOLUME),  # US gallon: 231 in^3 exactly
        ("dm", Fraction(1, 10), (("length", Fraction(1)),)),
        ("dam", Fraction(10), (("length", Fraction(1)),)),
        ("hm", Fraction(100), (("length", Fraction(1)),)),
        ("cm", Fraction(1, 100), (("length", Fraction(1)),)),
        ("hg", Fraction(1, 10), (("mass", Fraction(1)),)),
        ("common_year", Fraction(365 * 86400), (("time", Fraction(1)),)),
        ("year", Fraction(36525 * 864), (("time", Fraction(1)),)),  # Julian: 365.25 day
        ("d", Fraction(86400), (("time", Fraction(1)),)),
        ("h", Fraction(3600), (("time", Fraction(1)),)),
        ("pp", Fraction(1, 100), ()),
    ],
)
def test_v2_units_have_exact_factors(name: str, exact: Fraction, dims: D.Dims) -> None:
    info = lookup(name)
    assert (info.exact, info.dims) == (exact, dims)


@pytest.mark.parametrize("name", ["dh", "hs", "ds", "dday", "hh", "dB"])
def test_deci_deca_hecto_stand_only_before_length_volume_and_mass(name: str) -> None:
    # `d` and `h` alone are day and hour; `dh` (a deci-hour) would read as a typo
    with pytest.raises(UnitError):
        lookup(name)


@pytest.mark.parametrize(
    ("name", "forbidden"),
    [("dam", "day"), ("mL", "`m`"), ("dh", "`h`"), ("kcal", "kgal"), ("sek", "`s`")],
)
def test_a_hint_never_proposes_a_unit_that_changes_the_value(name: str, forbidden: str) -> None:
    try:
        lookup(name)
    except UnitError as exc:
        assert forbidden not in (exc.hint or ""), exc.hint
    else:
        assert name in ("dam", "mL")  # known in v2: nothing to suggest


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("TFLOPZ", "did you mean `TFLOP`?"),
        ("tokn", "did you mean `token`?"),
        ("kwh", "did you mean `kWh`?"),
        ("GPUh", "`GPU*h`"),
        ("liters", "singular: `liter`"),
    ],
)
def test_hints_that_keep_the_value(name: str, hint: str) -> None:
    with pytest.raises(UnitError) as exc:
        lookup(name)
    assert hint in (exc.value.hint or ""), exc.value.hint


@pytest.mark.parametrize(
    ("word", "plural_form"),
    [
        ("query", "queries"),
        ("box", "boxes"),
        ("GPU_hour", "GPU_hours"),
        ("day", "days"),
        ("batch", "batches"),
        ("chip", "chips"),
    ],
)
def test_regular_plurals_and_back(word: str, plural_form: str) -> None:
    assert plural(word) == plural_form
    assert word in singulars(plural_form)


def verdicts(text: str) -> dict[str, str]:
    r = check_text(text, "t.claim")
    assert not [d for d in r.diagnostics if d.is_error], r.diagnostics
    return {c.id: c.verdict for c in r.claims}


def test_plurals_of_declared_units_mean_the_unit() -> None:
    got = verdicts(
        "unit query\nunit GPU_hour = 1 GPU*h\nunit batch\n"
        "given n = 2.5 billion queries/day\n"
        "given g = 10 GPU_hours\n"
        "given b: batch = 3 batches\n"
        "claim q: n = 2.5e9 query/day\n"
        "claim g1: g = 10 GPU*h\n"
        "claim b1: b = 3 batch\n"
    )
    assert got == {"q": "holds", "g1": "holds", "b1": "holds"}


def test_a_plural_of_an_undeclared_unit_is_still_unknown() -> None:
    r = check_text("given n = 3 queries\nclaim c: n > 1 queries\n", "t.claim")
    assert any(d.code == "unknown-unit" for d in r.diagnostics)


def test_v2_unit_claims_hold() -> None:
    got = verdicts(
        "claim l: 1 L = 1 dm^3\n"
        "claim ml: 3 mL = 3e-6 m^3\n"
        "claim gal: 1 gal = 231 * (2.54 cm)^3\n"
        "claim ha: 1 hm^2 = 10000 m^2\n"
        "claim dam: 1 dam = 10 m\n"
        "claim cy: 1 common_year = 365 day\n"
        "claim jy: 1 year = 365.25 day\n"
        "claim pp: 14.7 % ≈ 15 % within 1 pp\n"
        "claim pp2: 14.7 % ≈ 16 % within 1 pp\n"
    )
    assert got == {k: "holds" for k in ("l", "ml", "gal", "ha", "dam", "cy", "jy", "pp")} | {
        "pp2": "fails"
    }
