"""Dimensions as plain values, and the words used to talk about them.

Pint tells us once what each unit name means (factor and dimension); from then
on the checker combines dimensions with this small algebra, which is much
cheaper than carrying Pint quantities through every expression.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

#: A dimension: sorted (base dimension, exponent) pairs; () is dimensionless.
Dims = tuple[tuple[str, Fraction], ...]

DIMENSIONLESS: Dims = ()

#: SI base unit of each base dimension (spec §7 `si.unit`).
BASE_SYMBOL = {
    "time": "s",
    "length": "m",
    "mass": "kg",
    "current": "A",
    "information": "B",
    "compute": "FLOP",
    "currency": "USD",
    "token": "token",
    "param": "param",
    "GPU": "GPU",
}

# Order in which words are written: counting units first (as in `GPU·compute/time`).
_ORDER = {
    "GPU": 0,
    "token": 1,
    "param": 2,
    "compute": 3,
    "information": 4,
    "currency": 5,
    "mass": 6,
    "length": 7,
    "current": 8,
    "time": 9,
}


def make(pairs: Iterable[tuple[str, Fraction | int]]) -> Dims:
    """Normalise (dimension, exponent) pairs: merge, drop zeros, sort."""
    acc: dict[str, Fraction] = {}
    for name, power in pairs:
        acc[name] = acc.get(name, Fraction(0)) + Fraction(power)
    return tuple(sorted((k, v) for k, v in acc.items() if v != 0))


def mul(a: Dims, b: Dims) -> Dims:
    return make(list(a) + list(b))


def div(a: Dims, b: Dims) -> Dims:
    return make(list(a) + [(k, -v) for k, v in b])


def power(a: Dims, p: Fraction) -> Dims:
    return make((k, v * p) for k, v in a)


def _sorted(d: Dims) -> list[tuple[str, Fraction]]:
    return sorted(d, key=lambda kv: (_ORDER.get(kv[0], -1), kv[0]))


def _exp_text(p: Fraction, unicode: bool) -> str:
    if p == 1:
        return ""
    if not unicode:
        return f"^{p}"
    sup = str.maketrans("0123456789-/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ")
    return str(p).translate(sup)


_NAMED = {
    (("length", Fraction(2)), ("mass", Fraction(1)), ("time", Fraction(-3))): "power",
    (("length", Fraction(2)), ("mass", Fraction(1)), ("time", Fraction(-2))): "energy",
}


def words(d: Dims) -> str:
    """`GPU·compute/time`; `power`, `energy`; `dimensionless` for ()."""
    if not d:
        return "dimensionless"
    if d in _NAMED:
        return _NAMED[d]
    for named, word in _NAMED.items():  # e.g. power per GPU
        rest = div(d, named)
        if len(rest) == 1 and abs(rest[0][1]) == 1 and rest[0][0] in ("GPU", "token", "param"):
            return f"{word}/{rest[0][0]}" if rest[0][1] < 0 else f"{rest[0][0]}·{word}"
    return _plain_words(d)


def _plain_words(d: Dims) -> str:
    num = [f"{k}{_exp_text(v, True)}" for k, v in _sorted(d) if v > 0]
    den = [f"{k}{_exp_text(-v, True)}" for k, v in _sorted(d) if v < 0]
    text = "·".join(num) if num else "1"
    if den:
        text += "/" + ("·".join(den) if len(den) == 1 else "(" + "·".join(den) + ")")
    return text


def factors(d: Dims) -> list[tuple[str, Fraction]]:
    """The dimension as an ordered list of factors, for aligned explanations."""
    return _sorted(d)


def si_unit(d: Dims, base: dict[str, str] | None = None) -> str:
    """The SI base-unit string of a dimension: `B/s`, `FLOP/GPU/s`, `` for none."""
    if base is None:
        return _si_text(d)
    return _unit_text(d, base)


@lru_cache(maxsize=4096)  # a file shows thousands of values in a few dimensions
def _si_text(d: Dims) -> str:
    return _unit_text(d, BASE_SYMBOL)


def _unit_text(d: Dims, base: dict[str, str]) -> str:
    symbols = base or BASE_SYMBOL
    num = [f"{symbols.get(k, k)}{'' if v == 1 else '^' + str(v)}" for k, v in _sorted(d) if v > 0]
    den = [f"{symbols.get(k, k)}{'' if v == -1 else '^' + str(-v)}" for k, v in _sorted(d) if v < 0]
    text = "*".join(num)
    if den:
        text = (text or "1") + "".join("/" + u for u in den)
    return text
