"""The lowered expression IR (engine/ir.py): float, interval and derivative evaluation."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from toulmin.engine import ir
from toulmin.engine.interval import Interval


@settings(max_examples=100, deadline=None)
@given(st.floats(1, 10), st.floats(1, 10))
def test_derivative_enclosures_contain_finite_differences(a: float, b: float) -> None:
    # f = a*b - a / b + sqrt(a) * log(b)
    f = ir.Op(
        "+",
        (
            ir.Op(
                "-",
                (ir.Op("*", (ir.Ref("a"), ir.Ref("b"))), ir.Op("/", (ir.Ref("a"), ir.Ref("b")))),
            ),
            ir.Op("*", (ir.Op("sqrt", (ir.Ref("a"),)), ir.Op("log", (ir.Ref("b"),)))),
        ),
    )
    h = 1e-6
    env = {
        "a": (Interval(a, a), {"a": Interval(1, 1)}),
        "b": (Interval(b, b), {"b": Interval(1, 1)}),
    }
    _, grad = ir.eval_grad(f, env)
    fd_a = (ir.eval_float(f, {"a": a + h, "b": b}) - ir.eval_float(f, {"a": a - h, "b": b})) / (
        2 * h
    )
    fd_b = (ir.eval_float(f, {"a": a, "b": b + h}) - ir.eval_float(f, {"a": a, "b": b - h})) / (
        2 * h
    )
    assert math.isclose(grad["a"].mid, fd_a, rel_tol=1e-4, abs_tol=1e-6)
    assert math.isclose(grad["b"].mid, fd_b, rel_tol=1e-4, abs_tol=1e-6)
