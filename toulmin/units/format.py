"""Numbers and quantities as people read them: `2.788M GPU*h`, `40.9 %`, `3.35 TB/s`."""

from __future__ import annotations

import math

from toulmin.units import display as U
from toulmin.units.display import Display

_SUFFIXES = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]


def number(x: float, digits: int = 4, suffixes: str = "all") -> str:
    """A short number: 4 significant digits, scale suffixes for large counts.

    `suffixes` is "all", "none" (`2.121e8` rather than `212.1M`, after a prefixed unit)
    or "plain" (a number without unit: K, M, T but not B, which is a byte).
    """
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
            if suffixes == "none" or (suffix == "B" and suffixes == "plain"):
                break
            return _trim(f"{x / scale:.{digits}g}") + suffix
    else:
        return _trim(f"{x:.{digits}g}")
    m, e = f"{x:.{digits - 1}e}".split("e")
    return f"{m.rstrip('0').rstrip('.') if '.' in m else m}e{int(e)}"


def number_in(x: float, unit: str, digits: int = 4) -> str:
    """`x` as shown before `unit` (spec v2 §5 Display): a prefix and a scale suffix never
    stack (`2.121e8 cm`, not `212.1M cm`), and a plain number never wears a suffix that
    is also a unit (`4.295e9`, not `4.295B`, which reads as bytes)."""
    if not unit or unit == "x":
        return number(x, digits, "plain")
    return number(x, digits, "none" if U.has_prefix(unit) else "all")


def with_unit(shown: str, unit: str) -> str:
    """`3 %`, `2.2x`, `100K x`, `3.35 TB/s`, `7` (no unit). `x` is glued to a digit only:
    `100Kx` would read back as the unknown unit `Kx`."""
    if not unit:
        return shown
    if unit == "x" and shown[-1:].isdigit():
        return f"{shown}x"
    return f"{shown} {unit}"


def digits_apart(
    left: tuple[float, ...], right: tuple[float, ...], unit: str, start: int = 4
) -> int:
    """How many significant digits tell two sides apart (in display units), from `start`
    up to 17: a failing claim never prints `365.2 day = 365.2 day`."""
    for digits in range(start, 18):
        a = tuple(number_in(x, unit, digits) for x in left)
        b = tuple(number_in(x, unit, digits) for x in right)
        if a != b:
            return digits
    return start


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
    return with_unit(number_in(value / factor, unit), unit)


def span_text(low: float, high: float, display: Display) -> str:
    """`15 % to 25 %`, or one value when low == high; (v2) `≥ 3 GPU` / `≤ 7` when an
    end is infinite (a one-sided range)."""
    if math.isinf(low) != math.isinf(high):
        end = high if math.isinf(low) else low
        return f"{'≤' if math.isinf(low) else '≥'} {quantity(end, display)}"
    if math.isinf(low):
        return "any value"
    unit, factor = choose(display, max(abs(low), abs(high)))
    if low == high:
        return quantity(low, display, (unit, factor))
    return f"{quantity(low, display, (unit, factor))} to {quantity(high, display, (unit, factor))}"
