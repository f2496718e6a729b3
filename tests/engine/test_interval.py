"""Interval arithmetic (engine/interval.py): every enclosure contains the point results."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from toulmin.engine.interval import Interval

finite = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = draw(finite), draw(finite)
    return Interval(min(a, b), max(a, b))


@settings(max_examples=300, deadline=None)
@given(
    intervals(),
    intervals(),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(["+", "-", "*", "/"]),
)
# an underflowing product (-0.0) once hid behind an exact 0.0 end
@example(
    Interval(-6.409112408078637e-301, 0.0), Interval(0.0, 1.2069560429146631e-200), 0.0, 1.0, "*"
)
def test_interval_operations_enclose_every_point_result(
    x: Interval, y: Interval, s: float, t: float, op: str
) -> None:
    px, py = x.lo + s * (x.hi - x.lo), y.lo + t * (y.hi - y.lo)
    px, py = min(max(px, x.lo), x.hi), min(max(py, y.lo), y.hi)
    if op == "/" and y.contains_zero():
        return
    ops = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
    }
    got = ops[op](x, y)
    if not (math.isfinite(got.lo) and math.isfinite(got.hi)):
        return  # an overflowing enclosure is trivially sound
    exact = (
        Fraction(px) + Fraction(py)
        if op == "+"
        else Fraction(px) - Fraction(py)
        if op == "-"
        else Fraction(px) * Fraction(py)
        if op == "*"
        else Fraction(px) / Fraction(py)
    )
    assert Fraction(got.lo) <= exact <= Fraction(got.hi)
