"""Display units: the unit a value is shown in, kept as the author wrote it.

A *shape* is an ordered tuple of (unit name, power), e.g. `USD/GPU/h` is
(("USD", 1), ("GPU", -1), ("h", -1)). Multiplying shapes cancels equal names,
so `GPU*h × USD/GPU/h` displays as `USD` without any unit algebra in Pint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

Shape = tuple[tuple[str, Fraction], ...]

_PREFIXES = [
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
    ("Z", 21),
    ("Y", 24),
]
_SMALL = [("m", -3), ("µ", -6), ("n", -9)]
#: Units whose prefix the tool may change for readability.
PREFIXABLE = {"FLOP", "B", "b", "W", "J", "Wh", "Hz", "m", "g", "V", "A"}


@dataclass(frozen=True)
class Display:
    """How to show a value: a unit shape, its SI factor, and whether we may re-prefix it."""

    shape: Shape
    factor: float
    fixed: bool  # the author chose this unit: keep it as written


def combine(a: Shape | None, b: Shape | None, sign: int = 1) -> Shape:
    """a × b (sign 1) or a ÷ b (sign -1), cancelling equal names."""
    acc: dict[str, Fraction] = {}
    for name, p in a or ():
        acc[name] = acc.get(name, Fraction(0)) + p
    for name, p in b or ():
        acc[name] = acc.get(name, Fraction(0)) + sign * p
    return tuple((k, v) for k, v in acc.items() if v != 0)


def power(a: Shape | None, p: Fraction) -> Shape:
    return tuple((k, v * p) for k, v in (a or ()))


def text(shape: Shape | None) -> str:
    """`USD/GPU/h`, `GPU*h`, `m^2`; `` for no unit."""
    if not shape:
        return ""
    num = [_atom(k, v) for k, v in shape if v > 0]
    den = [_atom(k, -v) for k, v in shape if v < 0]
    out = "*".join(num) if num else "1"
    for d in den:
        out += "/" + d
    return out


def _atom(name: str, p: Fraction) -> str:
    if p == 1:
        return name
    return f"{name}^{p}" if p.denominator == 1 else f"{name}^({p})"


def split_prefix(name: str) -> tuple[str, int] | None:
    """`TFLOP` → ("FLOP", 12) when the base is prefixable."""
    if name in PREFIXABLE:
        return name, 0
    for sym, exp in _PREFIXES[1:] + _SMALL:
        if name.startswith(sym) and name[len(sym) :] in PREFIXABLE:
            return name[len(sym) :], exp
    return None


def readable(
    shape: Shape, factor: float, value: float, lookup: Callable[[str], float]
) -> tuple[Shape, float]:
    """Re-prefix the leading unit so the shown number lies in [1, 1000).

    Returns the new shape and its SI factor. Shapes whose leading unit cannot
    take a prefix (`GPU*h`, `USD`) are returned unchanged.
    """
    if not shape or value == 0 or not math.isfinite(value):
        return shape, factor
    head, p = shape[0]
    if p != 1:
        return shape, factor
    split = split_prefix(head)
    if split is None:
        return shape, factor
    base, exp = split
    rest = factor / (10.0**exp) if exp else factor
    magnitude = abs(value) / rest
    best = None
    for sym, e in _SMALL[::-1] + _PREFIXES:
        if magnitude / 10.0**e >= 1:
            best = (sym, e)
    if best is None:
        return shape, factor
    sym, e = best
    if base in ("m", "g", "b", "B") and sym in ("m", "µ", "n") and base == "m" and sym == "m":
        return shape, factor
    new_head = sym + base
    try:
        lookup(new_head)
    except Exception:
        return shape, factor
    return ((new_head, Fraction(1)), *shape[1:]), rest * 10.0**e
