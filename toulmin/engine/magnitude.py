"""Every intermediate value of an expression within 1e±300 (spec §6 "Limits").

Floats overflow to infinity and underflow to zero silently: `y*y/y` with
y = 1e200 is infinite, and `1/(y*y)` is 0, so `1/(y*y) = 1/(y*y*y)` would be
"proved". A verdict must never rest on such a step, so each operation of a let
or a claim is checked at the point values and over the box of ranges; the first
step out of range is a `limit` error, as for a `let` whose value is out of range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from toulmin.diagnostics import Span
from toulmin.engine import ir
from toulmin.engine.interval import DomainError, Interval
from toulmin.engine.ops import OPS

MAX_MAGNITUDE = 1e300
MIN_MAGNITUDE = 1e-300

# operations whose result is zero only when an argument is: a zero result from
# nonzero arguments is an underflow
_UNDERFLOWING = {"*", "/", "pow", "powv", "exp"}


@dataclass(frozen=True)
class OutOfRange:
    """The first operation whose value leaves 1e±300, and which way."""

    span: Span | None
    what: str  # "overflow" or "underflow"


def out_of_range(
    node: ir.Node, point: dict[str, float], box: dict[str, Interval]
) -> OutOfRange | None:
    """The first step of `node` beyond 1e±300 at the point or over the box, if any.

    `point` and `box` hold every name the node mentions. A step whose enclosure is
    undefined (a domain problem) is left to the domain checks.
    """
    memo: dict[int, tuple[float | None, Interval | None]] = {}
    stack: list[tuple[ir.Node, bool]] = [(node, False)]
    while stack:
        n, ready = stack.pop()
        if id(n) in memo:
            continue
        if isinstance(n, ir.Const):
            memo[id(n)] = (n.value, Interval(n.value, n.value))
            continue
        if isinstance(n, ir.Ref):
            memo[id(n)] = (point.get(n.name), box.get(n.name))
            continue
        if not ready:
            stack.append((n, True))
            stack.extend((a, False) for a in n.args)
            continue
        args = [memo[id(a)] for a in n.args]
        value, enclosure, problem = _step(n, args)
        if problem is not None:
            return OutOfRange(n.span, problem)
        memo[id(n)] = (value, enclosure)
    return None


def _step(
    n: ir.Op, args: list[tuple[float | None, Interval | None]]
) -> tuple[float | None, Interval | None, str | None]:
    d = OPS[n.op]
    value: float | None = None
    enclosure: Interval | None = None
    points = [a[0] for a in args]
    # an infinite input is a one-sided range (`given x >= 5`), not a step that overflowed:
    # only a step that leaves the finite numbers is checked
    if all(p is not None and math.isfinite(p) for p in points):
        try:
            value = d.point(points, n.exponent)  # type: ignore[arg-type]
        except OverflowError:
            return None, None, "overflow"
        except (DomainError, ArithmeticError):
            value = None
        if value is not None:
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                return None, None, "overflow"
            if n.op in _UNDERFLOWING and abs(value) < MIN_MAGNITUDE:
                nonzero = n.op == "exp" or all(p != 0 for p in points[: 1 if "pow" in n.op else 2])
                if nonzero:
                    return None, None, "underflow"
    boxes = [a[1] for a in args]
    if all(b is not None and math.isfinite(b.lo) and math.isfinite(b.hi) for b in boxes):
        try:
            enclosure = d.enclose(boxes, n.exponent)  # type: ignore[arg-type]
        except OverflowError:
            return None, None, "overflow"
        except (DomainError, ArithmeticError):
            enclosure = None
        if enclosure is not None:
            if max(abs(enclosure.lo), abs(enclosure.hi)) > MAX_MAGNITUDE:
                return None, None, "overflow"
            if n.op in _UNDERFLOWING:
                used = boxes[: 1 if "pow" in n.op else 2]
                zero_free = n.op == "exp" or all(not b.lo <= 0 <= b.hi for b in used)  # type: ignore[union-attr]
                smallest = (
                    0.0
                    if enclosure.lo <= 0 <= enclosure.hi
                    else min(abs(enclosure.lo), abs(enclosure.hi))
                )
                if zero_free and smallest < MIN_MAGNITUDE:
                    return None, None, "underflow"
    return value, enclosure, None
