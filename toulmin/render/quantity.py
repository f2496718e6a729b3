"""The one quantity formatter: a `Quantity` as text (`2.788M GPU*h`, `15 % to 25 %`) and
as the spec's QUANTITY JSON object (§7). Every command's text and JSON goes through here.
"""

from __future__ import annotations

import math
from typing import Any

from toulmin.engine.results import Quantity
from toulmin.units.format import number, number_in, with_unit


def show(q: Quantity | None) -> str:
    """A quantity in its display unit: `2.788M GPU*h`, `15 % to 25 %`, `≥ 3 GPU` (v2
    one-sided); `?` for no value."""
    if q is None or q.value is None:
        return "?"
    digits = q.digits
    if q.low != q.high and q.low is not None and q.high is not None:
        while digits < 9 and number(q.low / q.scale, digits) == number(q.high / q.scale, digits):
            digits += 1  # never show a range as "2018 year to 2018 year"

    def one(x: float) -> str:
        return with_unit(number_in(x / q.scale, q.unit, digits), q.unit)

    assert q.low is not None and q.high is not None
    if math.isinf(q.low) or math.isinf(q.high):
        return _one_sided(q.low, q.high, one)
    if q.low == q.high or abs(q.high - q.low) <= 1e-12 * max(abs(q.high), abs(q.low)):
        return one(q.value)
    return f"{one(q.low)} to {one(q.high)}"


def _one_sided(low: float, high: float, one: Any) -> str:
    """(v2) A range without an end: `≥ 3 GPU`, `≤ 7`, never `∞`."""
    if math.isinf(low) and math.isinf(high):
        return "any value"
    return f"≥ {one(low)}" if math.isinf(high) else f"≤ {one(high)}"


def _num(x: float | None) -> float | None:
    """A JSON number: 12 significant digits (no float noise); None when not finite."""
    if x is None or not math.isfinite(x):
        return None
    return float(f"{x:.12g}")


def to_json(q: Quantity | None) -> dict[str, Any] | None:
    """QUANTITY: display-unit numbers plus `si` in base units (spec §7)."""
    if q is None:
        return None

    def disp(x: float | None) -> float | None:
        return None if x is None else _num(x / q.scale)

    out: dict[str, Any] = {
        "value": disp(q.value),
        "low": disp(q.low),
        "high": disp(q.high),
        "unit": q.unit,
        "si": {"value": _num(q.value), "low": _num(q.low), "high": _num(q.high), "unit": q.si_unit},
    }
    if q.mean is not None and q.percentiles is not None:
        # (v2) a value that depends on distributions: mean and percentiles, display unit
        p5, p50, p95 = q.percentiles
        out["mean"] = disp(q.mean)
        out["percentiles"] = {"5": disp(p5), "50": disp(p50), "95": disp(p95)}
    return out
