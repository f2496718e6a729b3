"""Every step within 1e±300 (engine/magnitude.py)."""

from __future__ import annotations

import math

from toulmin.engine import ir
from toulmin.engine.interval import Interval
from toulmin.engine.magnitude import out_of_range

X = ir.Ref("x")


def _at(node: ir.Node, lo: float, hi: float) -> str | None:
    got = out_of_range(node, {"x": (lo + hi) / 2}, {"x": Interval(lo, hi)})
    return None if got is None else got.what


def test_overflow_in_the_middle_is_found_though_the_result_is_finite() -> None:
    # 1/(x*x) is 0 in floats for x = 1e200: the step x*x overflowed
    node = ir.Op("/", (ir.Const(1.0), ir.Op("*", (X, X))))
    assert _at(node, 1e200, 1e200) == "overflow"
    assert _at(node, 1e100, 1e100) is None


def test_underflow_of_a_product_of_nonzero_values() -> None:
    assert _at(ir.Op("*", (X, X)), 1e-200, 1e-200) == "underflow"
    assert _at(ir.Op("*", (X, ir.Const(0.0))), 1e-200, 1e-200) is None  # a true zero


def test_underflow_somewhere_in_a_range() -> None:
    node = ir.Op("exp", (ir.Op("neg", (X,)),))
    assert _at(node, 1.0, 800.0) == "underflow"  # the midpoint 400.5 alone is fine
    assert _at(node, 1.0, 600.0) is None


def test_a_range_through_zero_is_not_an_underflow() -> None:
    assert _at(ir.Op("*", (X, ir.Const(2.0))), -1.0, 1.0) is None


def test_one_sided_range_is_not_an_overflow() -> None:
    # `given x >= 5`: the range is [5, inf]; infinity came in, no step produced it
    node = ir.Op("*", (X, X))
    assert out_of_range(node, {"x": math.inf}, {"x": Interval(5.0, math.inf)}) is None


def test_the_span_of_the_step_is_reported() -> None:
    from toulmin.diagnostics import Span

    span = Span("f.claim", 2, 14, 2, 15)
    node = ir.Op("/", (ir.Const(1.0), ir.Op("*", (X, X), span)))
    got = out_of_range(node, {"x": 1e200}, {"x": Interval(1e200, 1e200)})
    assert got is not None and got.span == span
