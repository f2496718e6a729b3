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
from functools import lru_cache

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
#: Units an author may write with a prefix (`cm`, `mL`, `ms`, `Mgal`): after one, a
#: number takes no scale suffix (`212.1M cm` stacks two scales; spec v2 §5 Display).
PREFIXED_BASES = PREFIXABLE | {"s", "L", "l", "gal"}
_ALL_PREFIXES = (
    "da", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "q", "r", "y", "z", "a", "f", "p", "n", "u",
    "µ", "m", "c", "d", "h", "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q",
)  # fmt: skip
#: The tool invents milli only where no mega twin reads alike (`mWh` next to `MWh`).
_MILLI_OK = {"m", "g", "s"}


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


@lru_cache(maxsize=4096)  # a file shows thousands of values in a few units
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
    if magnitude / 10.0**e >= 1000:
        # beyond the largest prefix (`155.6K YFLOP`): keep the unit as written, and
        # let the number go to e-notation (`1.556e29 FLOP`)
        return shape, factor
    if sym == "m" and base not in _MILLI_OK:
        return shape, factor
    new_head = sym + base
    try:
        lookup(new_head)
    except Exception:
        return shape, factor
    return ((new_head, Fraction(1)), *shape[1:]), rest * 10.0**e


def has_prefix(unit: str) -> bool:
    """Whether a unit text starts with a prefixed unit: `cm`, `TB/s`, `mL`; not `ppm`, `min`."""
    head = unit.replace("(", "").split("*")[0].split("/")[0].split("^")[0]
    return any(head.startswith(sym) and head[len(sym) :] in PREFIXED_BASES for sym in _ALL_PREFIXES)


def cancel(shape: Shape, dims_of: Callable[[str], object]) -> Shape:
    """Cancel the factors whose dimensions cancel (spec v2 §5 Display): `GW/MW` is a plain
    number, `GHz*ns` too, and `W*year/TWh`; `USD/GPU/h` stays as written.

    `dims_of(name)` gives a unit's dimension as sorted (base, power) pairs, or None when
    unknown (such a factor never cancels). The smallest cancelling group goes first.
    """
    from itertools import combinations

    items = list(shape)
    while True:
        known = [(i, dims_of(n)) for i, (n, _) in enumerate(items) if dims_of(n) not in (None, ())]
        found = None
        for size in range(2, len(known) + 1):
            for group in combinations(known, size):
                total: dict[str, Fraction] = {}
                for i, d in group:
                    for base, p in d:  # type: ignore[attr-defined]
                        total[base] = total.get(base, Fraction(0)) + p * items[i][1]
                if all(v == 0 for v in total.values()):
                    found = {i for i, _ in group}
                    break
            if found:
                break
        if not found:
            return tuple(items)
        items = [x for i, x in enumerate(items) if i not in found]
