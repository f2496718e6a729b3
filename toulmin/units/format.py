"""Numbers and quantities as people read them: `2.788M GPU*h`, `40.9 %`, `3.35 TB/s`."""

from __future__ import annotations

import math

from toulmin.units import display as U
from toulmin.units.display import Display

_SUFFIXES = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]


def number(x: float, digits: int = 4) -> str:
    """A short number: 4 significant digits, scale suffixes for large counts."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return "∞" if x > 0 else "-∞" if x < 0 else "NaN"
    ax = abs(x)
    if ax >= 1e15 or ax < 1e-3:
        m, e = f"{x:.{digits - 1}e}".split("e")
        m = m.rstrip("0").rstrip(".")
        return f"{m}e{int(e)}"
    if ax < 1e5:  # 2048, 2017.5: plain digits read better than 2.048K
        return _trim(f"{x:.{max(digits, 6)}g}") if ax >= 1000 else _trim(f"{x:.{digits}g}")
    for scale, suffix in _SUFFIXES:
        if ax >= scale:
            return _trim(f"{x / scale:.{digits}g}") + suffix
    return _trim(f"{x:.{digits}g}")


def _trim(s: str) -> str:
    if "e" in s:
        return s
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def choose(display: Display, value: float) -> tuple[str, float]:
    """The unit text and SI factor to show `value` in (re-prefixed if allowed)."""
    shape, factor = display.shape, display.factor
    if not display.fixed:
        from toulmin.units.registry import lookup

        shape, factor = U.readable(shape, factor, value, lambda n: lookup(n).factor)
    return U.text(shape), factor


def quantity(value: float, display: Display, unit_factor: tuple[str, float] | None = None) -> str:
    """`2.788M GPU*h`; the unit (and factor) may be forced to match another value."""
    unit, factor = unit_factor or choose(display, value)
    shown = number(value / factor)
    if not unit:
        return shown
    if unit == "%" or unit == "x":
        return f"{shown} {unit}" if unit == "%" else f"{shown}x"
    return f"{shown} {unit}"


def span_text(low: float, high: float, display: Display) -> str:
    """`15 % to 25 %`, or one value when low == high."""
    unit, factor = choose(display, max(abs(low), abs(high)))
    if low == high:
        return quantity(low, display, (unit, factor))
    return f"{quantity(low, display, (unit, factor))} to {quantity(high, display, (unit, factor))}"
