"""The unit table (units/registry.py), dimensions (units/dims.py) and display shapes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.registry import UnitError, lookup


def test_lookup_gives_si_factor_and_dimension() -> None:
    h = lookup("h")
    assert (h.factor, h.exact, D.words(h.dims)) == (3600.0, Fraction(3600), "time")
    assert lookup("TFLOP").factor == 1e12 and D.words(lookup("TFLOP").dims) == "compute"
    assert D.words(lookup("USD").dims) == "currency"


@pytest.mark.parametrize("name", ["FLOPS", "flops"])
def test_ambiguous_flops_is_refused_with_the_fix(name: str) -> None:
    with pytest.raises(UnitError) as exc:
        lookup(name)
    assert "FLOP/s" in (exc.value.hint or ""), exc.value.hint


def test_dimension_words_and_si_units() -> None:
    rate = D.div(lookup("TFLOP").dims, lookup("s").dims)
    per_gpu = D.div(rate, lookup("GPU").dims)
    assert D.words(rate) == "compute/time"
    assert D.words(D.mul(rate, lookup("GPU").dims)) == "GPU·compute/time"
    assert D.words(per_gpu) == "compute/(GPU·time)"
    assert D.words(lookup("W").dims) == "power" and D.words(lookup("J").dims) == "energy"
    assert D.words(()) == "dimensionless"
    assert D.si_unit(D.div(lookup("TB").dims, lookup("s").dims)) == "B/s"
    assert D.power(rate, Fraction(2)) == D.mul(rate, rate)


def test_display_shapes_cancel_and_print_as_written() -> None:
    rate: U.Shape = (("USD", Fraction(1)), ("GPU", Fraction(-1)), ("h", Fraction(-1)))
    amount: U.Shape = (("GPU", Fraction(1)), ("h", Fraction(1)))
    assert U.text(rate) == "USD/GPU/h"
    assert U.combine(amount, rate) == (("USD", Fraction(1)),)  # GPU and h cancel
    assert U.text(U.combine(amount, rate)) == "USD"
    assert U.text(U.power((("m", Fraction(1)),), Fraction(2))) == "m^2"
    assert U.text(None) == ""
