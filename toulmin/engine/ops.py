"""The operator table: every operation and built-in function of the language, defined once.

Each `OpDef` carries everything the pipeline needs to know about one operation:

* its **dimension rule** (`DimRule`), read by the resolver;
* its **float** evaluation (raising `DomainError` where it is undefined);
* its **interval** enclosure (sound, outward-rounded);
* its **partial derivatives**, as intervals over a box (for monotonicity proofs) and as
  floats at a point (for elasticities);
* its **NumPy** evaluation (NaN where undefined), for vectorised sampling;
* its **SymPy** builder (and the SymPy class that maps back), for solving.

Adding a built-in function is one entry here plus its tests: `ir.py`, `symbolic.py`,
the resolver and the sensitivity analysis all dispatch through `OPS`.
NumPy and SymPy are passed in as modules, so this table never imports them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from toulmin.engine.interval import DomainError, Interval, monotone, powi, powr

_INF = math.inf
_ALL = Interval(-_INF, _INF)
_ONE = Interval(1.0, 1.0)
_ZERO = Interval(0.0, 0.0)


class DimRule(Enum):
    """How an operation combines the dimensions of its operands (spec §3)."""

    SAME = "same"  # + - min max: operands of one dimension, result the same
    KEEP = "keep"  # neg abs: the operand's dimension
    MUL = "mul"  # *
    DIV = "div"  # /
    POWER = "power"  # ^ with a constant rational exponent: dims × p
    POWER_VAR = "power_var"  # ^ with a variable exponent: base and exponent dimensionless
    HALF = "half"  # sqrt
    DIMENSIONLESS = "dimensionless"  # log log10 exp ceil floor: dimensionless in and out


Exponent = Fraction | None


@dataclass(frozen=True)
class OpDef:
    """One operation: its name in the IR, how it is called, and how it is computed."""

    name: str
    arity: int | None  # None: one or more arguments (min, max)
    builtin: bool  # callable by name in a .claim file
    dims: DimRule
    point: Callable[[Sequence[float], Exponent], float]
    enclose: Callable[[Sequence[Interval], Exponent], Interval]
    # ∂result/∂arg_i enclosed over the box, given the enclosure of the result and args
    box_partials: Callable[[Interval, Sequence[Interval], Exponent], Sequence[Interval]]
    # ∂result/∂arg_i at a point
    point_partials: Callable[[float, Sequence[float], Exponent], Sequence[float]]
    array: Callable[[Any, Sequence[Any], Exponent], Any]
    sympy: Callable[[Any, Sequence[Any], Exponent], Any]
    sympy_class: str | None = None  # the SymPy function class that maps back to this op
    # one-to-one in each argument when the others are fixed (and nonzero for * and /):
    # an equation through such operations has at most one solution (see `one_to_one`)
    injective: bool = False


# ---------------------------------------------------------------- point evaluation


def _div(a: Sequence[float], _: Exponent) -> float:
    if a[1] == 0:
        raise DomainError("division by zero")
    return a[0] / a[1]


def _pow(a: Sequence[float], e: Exponent) -> float:
    assert e is not None
    if e.denominator == 1:
        if a[0] == 0 and e < 0:
            raise DomainError("a negative power of zero")
        return float(a[0] ** int(e))
    if a[0] < 0:
        raise DomainError("a fractional power of a negative value")
    return float(a[0] ** float(e))


def _powv(a: Sequence[float], _: Exponent) -> float:
    base, p = a
    if base < 0:
        raise DomainError("a variable power of a negative value")
    if base == 0:
        if p <= 0:
            raise DomainError("a power of zero that is not positive")
        return 0.0
    return float(base**p)


def _sqrt(a: Sequence[float], _: Exponent) -> float:
    if a[0] < 0:
        raise DomainError("the square root of a negative value")
    return math.sqrt(a[0])


def _log_of(fn: Callable[[float], float]) -> Callable[[Sequence[float], Exponent], float]:
    def point(a: Sequence[float], _: Exponent) -> float:
        if a[0] <= 0:
            raise DomainError("the logarithm of a value that is not positive")
        return fn(a[0])

    return point


# ---------------------------------------------------------------- enclosures


def _enc_pow(a: Sequence[Interval], e: Exponent) -> Interval:
    assert e is not None
    return powi(a[0], int(e)) if e.denominator == 1 else powr(a[0], float(e))


def _enc_powv(a: Sequence[Interval], _: Exponent) -> Interval:
    base, p = a
    if base.lo < 0:
        raise DomainError("a variable power of a value that can be negative")
    if base.lo == 0 and p.lo <= 0:
        raise DomainError("a power of zero that is not positive")
    if base.lo == 0:
        # 0^p = 0 for p > 0; the rest of the box is positive
        hi = _enc_powv([Interval(math.ulp(0.0), base.hi), p], None) if base.hi > 0 else _ZERO
        return Interval(0.0, hi.hi)
    # base^p = exp(p·log base), each step sound and outward-rounded
    return monotone(math.exp, p * monotone(math.log, base))


def _enc_sqrt(a: Sequence[Interval], _: Exponent) -> Interval:
    if a[0].lo < 0:
        raise DomainError("the square root of a value that can be negative")
    return monotone(math.sqrt, a[0])


def _enc_log(fn: Callable[[float], float]) -> Callable[[Sequence[Interval], Exponent], Interval]:
    def enclose(a: Sequence[Interval], _: Exponent) -> Interval:
        if a[0].lo <= 0:
            raise DomainError("the logarithm of a value that can be zero or negative")
        return monotone(fn, a[0])

    return enclose


def _at_least_zero(x: Interval) -> Interval:
    return Interval(max(0.0, x.lo), max(0.0, x.hi))


def _enc_step(fn: Callable[[float], int], x: Interval) -> Interval:
    """ceil/floor of an interval; an infinite end (a one-sided range) stays infinite."""

    def end(v: float) -> float:
        return float(fn(v)) if math.isfinite(v) else v

    return Interval(end(x.lo), end(x.hi))


def _enc_fold(pick: str) -> Callable[[Sequence[Interval], Exponent], Interval]:
    def enclose(a: Sequence[Interval], _: Exponent) -> Interval:
        r = a[0]
        for x in a[1:]:
            r = r.min(x) if pick == "min" else r.max(x)
        return r

    return enclose


# ---------------------------------------------------------------- derivatives


def _box_extreme(pick: str) -> Callable[[Interval, Sequence[Interval], Exponent], list[Interval]]:
    """min/max move with the argument that attains them: 1 where that one surely does,
    0 where it surely does not, else anything between."""

    def partials(v: Interval, a: Sequence[Interval], _: Exponent) -> list[Interval]:
        out = []
        for i, x in enumerate(a):
            others = [y for j, y in enumerate(a) if j != i]
            if pick == "min":
                surely = all(x.hi < y.lo for y in others)
                never = any(y.hi < x.lo for y in others)
            else:
                surely = all(x.lo > y.hi for y in others)
                never = any(y.lo > x.hi for y in others)
            out.append(_ONE if surely else _ZERO if never else Interval(0.0, 1.0))
        return out

    return partials


def _point_extreme(v: float, a: Sequence[float], _: Exponent) -> list[float]:
    pick = list(a).index(v)
    return [1.0 if i == pick else 0.0 for i in range(len(a))]


def _box_pow(v: Interval, a: Sequence[Interval], e: Exponent) -> list[Interval]:
    assert e is not None
    k = e - 1
    if k < 0 and not a[0].lo <= 0.0 <= a[0].hi:
        # x^k = x^e / x: x^(1−e) underflows to 0 for a tiny x (1e-120 ^ 3) and 1/0 is no value
        return [Interval(float(e), float(e)) * (v / a[0])]
    return [
        Interval(float(e), float(e))
        * (powi(a[0], int(k)) if k.denominator == 1 else powr(a[0], float(k)))
    ]


def _point_pow(v: float, a: Sequence[float], e: Exponent) -> list[float]:
    assert e is not None
    x = float(e)
    if x < 1 and a[0] != 0:
        return [x * (v / a[0])]  # a[0] ** (x − 1) overflows (an error) for a tiny a[0]
    return [x * a[0] ** (x - 1) if a[0] != 0 or x >= 1 else math.inf]


def _box_powv(v: Interval, a: Sequence[Interval], _: Exponent) -> list[Interval]:
    base, p = a
    if base.lo <= 0:
        return [_ALL, _ALL]
    # ∂/∂base = p·base^(p−1) = p·v/base; ∂/∂p = v·log(base)
    return [p * v / base, v * monotone(math.log, base)]


def _point_powv(v: float, a: Sequence[float], _: Exponent) -> list[float]:
    base, p = a
    if base <= 0:
        return [math.inf, math.inf]
    return [p * v / base, v * math.log(base)]


def _box_sqrt(v: Interval, a: Sequence[Interval], _: Exponent) -> list[Interval]:
    if v.lo <= 0:
        return [_ALL]
    return [_ONE / (Interval(2.0, 2.0) * v)]


_LOG10E = 1 / math.log(10)


def _box_log10(v: Interval, a: Sequence[Interval], _: Exponent) -> list[Interval]:
    return [(_ONE / a[0]) * Interval(_LOG10E * (1 - 1e-15), _LOG10E * (1 + 1e-15))]


def _box_abs(v: Interval, a: Sequence[Interval], _: Exponent) -> list[Interval]:
    x = a[0]
    if x.lo >= 0:
        return [_ONE]
    if x.hi <= 0:
        return [Interval(-1.0, -1.0)]
    return [Interval(-1.0, 1.0)]


# ---------------------------------------------------------------- arrays


def _arr_div(np: Any, a: Sequence[Any], _: Exponent) -> Any:
    return np.where(a[1] == 0, np.nan, a[0] / np.where(a[1] == 0, 1.0, a[1]))


def _arr_pow(np: Any, a: Sequence[Any], e: Exponent) -> Any:
    assert e is not None
    base = np.asarray(a[0], dtype=float)
    if e.denominator == 1:
        return np.power(base, float(e))
    return np.where(base < 0, np.nan, np.power(np.abs(base), float(e)))


def _arr_powv(np: Any, a: Sequence[Any], _: Exponent) -> Any:
    base = np.asarray(a[0], dtype=float)
    p = np.asarray(a[1], dtype=float)
    bad = (base < 0) | ((base == 0) & (p <= 0))
    return np.where(bad, np.nan, np.power(np.abs(base), p))


def _arr_log(name: str) -> Callable[[Any, Sequence[Any], Exponent], Any]:
    def array(np: Any, a: Sequence[Any], _: Exponent) -> Any:
        x = np.asarray(a[0], dtype=float)
        f = getattr(np, name)
        return np.where(x <= 0, np.nan, f(np.where(x <= 0, 1.0, x)))

    return array


def _arr_fold(name: str) -> Callable[[Any, Sequence[Any], Exponent], Any]:
    def array(np: Any, a: Sequence[Any], _: Exponent) -> Any:
        r = a[0]
        for x in a[1:]:
            r = getattr(np, name)(r, x)
        return r

    return array


def _sym_pow(sp: Any, a: Sequence[Any], e: Exponent) -> Any:
    assert e is not None
    return a[0] ** sp.Rational(e.numerator, e.denominator)


# ---------------------------------------------------------------- the table

_OPS: tuple[OpDef, ...] = (
    OpDef(
        "+",
        2,
        False,
        DimRule.SAME,
        injective=True,
        point=lambda a, _: a[0] + a[1],
        enclose=lambda a, _: a[0] + a[1],
        box_partials=lambda v, a, _: (_ONE, _ONE),
        point_partials=lambda v, a, _: (1.0, 1.0),
        array=lambda np, a, _: a[0] + a[1],
        sympy=lambda sp, a, _: a[0] + a[1],
    ),
    OpDef(
        "-",
        2,
        False,
        DimRule.SAME,
        injective=True,
        point=lambda a, _: a[0] - a[1],
        enclose=lambda a, _: a[0] - a[1],
        box_partials=lambda v, a, _: (_ONE, -_ONE),
        point_partials=lambda v, a, _: (1.0, -1.0),
        array=lambda np, a, _: a[0] - a[1],
        sympy=lambda sp, a, _: a[0] - a[1],
    ),
    OpDef(
        "*",
        2,
        False,
        DimRule.MUL,
        injective=True,
        point=lambda a, _: a[0] * a[1],
        enclose=lambda a, _: a[0] * a[1],
        box_partials=lambda v, a, _: (a[1], a[0]),
        point_partials=lambda v, a, _: (a[1], a[0]),
        array=lambda np, a, _: a[0] * a[1],
        sympy=lambda sp, a, _: a[0] * a[1],
    ),
    OpDef(
        "/",
        2,
        False,
        DimRule.DIV,
        injective=True,
        point=_div,
        enclose=lambda a, _: a[0] / a[1],
        # d(u/w) = du/w − u·dw/w², written −(u/w)/w: w² underflows to 0 for |w| < 1e-162
        box_partials=lambda v, a, _: (_ONE / a[1], -(v / a[1])),
        point_partials=lambda v, a, _: (1.0 / a[1], -(v / a[1])),
        array=_arr_div,
        sympy=lambda sp, a, _: a[0] / a[1],
    ),
    OpDef(
        "neg",
        1,
        False,
        DimRule.KEEP,
        injective=True,
        point=lambda a, _: -a[0],
        enclose=lambda a, _: -a[0],
        box_partials=lambda v, a, _: (-_ONE,),
        point_partials=lambda v, a, _: (-1.0,),
        array=lambda np, a, _: -a[0],
        sympy=lambda sp, a, _: -a[0],
    ),
    OpDef(
        "pow",
        1,
        False,
        DimRule.POWER,
        point=_pow,
        enclose=_enc_pow,
        box_partials=_box_pow,
        point_partials=_point_pow,
        array=_arr_pow,
        sympy=_sym_pow,
    ),
    OpDef(
        "powv",
        2,
        False,
        DimRule.POWER_VAR,
        injective=True,
        point=_powv,
        enclose=_enc_powv,
        box_partials=_box_powv,
        point_partials=_point_powv,
        array=_arr_powv,
        sympy=lambda sp, a, _: a[0] ** a[1],
    ),
    OpDef(
        "sqrt",
        1,
        True,
        DimRule.HALF,
        injective=True,
        point=_sqrt,
        enclose=_enc_sqrt,
        box_partials=_box_sqrt,
        point_partials=lambda v, a, _: (0.5 / v if v > 0 else math.inf,),
        array=lambda np, a, _: np.where(np.asarray(a[0]) < 0, np.nan, np.sqrt(np.abs(a[0]))),
        sympy=lambda sp, a, _: sp.sqrt(a[0]),
    ),
    OpDef(
        "log",
        1,
        True,
        DimRule.DIMENSIONLESS,
        injective=True,
        point=_log_of(math.log),
        enclose=_enc_log(math.log),
        box_partials=lambda v, a, _: (_ONE / a[0],),
        point_partials=lambda v, a, _: (1.0 / a[0],),
        array=_arr_log("log"),
        sympy=lambda sp, a, _: sp.log(a[0]),
        sympy_class="log",
    ),
    OpDef(
        "log10",
        1,
        True,
        DimRule.DIMENSIONLESS,
        injective=True,
        point=_log_of(math.log10),
        enclose=_enc_log(math.log10),
        box_partials=_box_log10,
        point_partials=lambda v, a, _: (1.0 / (a[0] * math.log(10)),),
        array=_arr_log("log10"),
        sympy=lambda sp, a, _: sp.log(a[0]) / sp.log(10),
    ),
    OpDef(
        "exp",
        1,
        True,
        DimRule.DIMENSIONLESS,
        injective=True,
        point=lambda a, _: math.exp(a[0]),
        # exp is positive: outward rounding must not reach below 0 (exp(-∞) is 0)
        enclose=lambda a, _: _at_least_zero(monotone(math.exp, a[0])),
        box_partials=lambda v, a, _: (v,),
        point_partials=lambda v, a, _: (v,),
        array=lambda np, a, _: np.exp(a[0]),
        sympy=lambda sp, a, _: sp.exp(a[0]),
        sympy_class="exp",
    ),
    OpDef(
        "abs",
        1,
        True,
        DimRule.KEEP,
        point=lambda a, _: abs(a[0]),
        enclose=lambda a, _: a[0].abs(),
        box_partials=_box_abs,
        point_partials=lambda v, a, _: (1.0 if a[0] >= 0 else -1.0,),
        array=lambda np, a, _: np.abs(a[0]),
        sympy=lambda sp, a, _: sp.Abs(a[0]),
        sympy_class="Abs",
    ),
    OpDef(
        "ceil",
        1,
        True,
        DimRule.DIMENSIONLESS,
        point=lambda a, _: float(math.ceil(a[0])),
        enclose=lambda a, _: _enc_step(math.ceil, a[0]),
        # a non-decreasing step: "derivative" ≥ 0 in the monotonicity sense
        box_partials=lambda v, a, _: (Interval(0.0, _INF),),
        point_partials=lambda v, a, _: (0.0,),
        array=lambda np, a, _: np.ceil(a[0]),
        sympy=lambda sp, a, _: sp.ceiling(a[0]),
        sympy_class="ceiling",
    ),
    OpDef(
        "floor",
        1,
        True,
        DimRule.DIMENSIONLESS,
        point=lambda a, _: float(math.floor(a[0])),
        enclose=lambda a, _: _enc_step(math.floor, a[0]),
        box_partials=lambda v, a, _: (Interval(0.0, _INF),),
        point_partials=lambda v, a, _: (0.0,),
        array=lambda np, a, _: np.floor(a[0]),
        sympy=lambda sp, a, _: sp.floor(a[0]),
        sympy_class="floor",
    ),
    OpDef(
        "min",
        None,
        True,
        DimRule.SAME,
        point=lambda a, _: min(a),
        enclose=_enc_fold("min"),
        box_partials=_box_extreme("min"),
        point_partials=_point_extreme,
        array=_arr_fold("minimum"),
        sympy=lambda sp, a, _: sp.Min(*a),
        sympy_class="Min",
    ),
    OpDef(
        "max",
        None,
        True,
        DimRule.SAME,
        point=lambda a, _: max(a),
        enclose=_enc_fold("max"),
        box_partials=_box_extreme("max"),
        point_partials=_point_extreme,
        array=_arr_fold("maximum"),
        sympy=lambda sp, a, _: sp.Max(*a),
        sympy_class="Max",
    ),
)

#: Every operation by its IR name.
OPS: dict[str, OpDef] = {d.name: d for d in _OPS}


def one_to_one(name: str, exponent: Exponent) -> bool:
    """Whether the operation is one-to-one in each argument (the others fixed).

    `abs`, `ceil`, `floor`, `min`, `max` and even powers are not: `abs(v) = 3` has two
    solutions, `ceil(v) = 3` a whole interval. A fractional power is defined for
    non-negative bases only, where it is one-to-one.
    """
    if name == "pow":
        return (
            exponent is not None
            and exponent != 0
            and (exponent.denominator != 1 or exponent.numerator % 2 == 1)
        )
    return OPS[name].injective


#: The functions a .claim file may call by name (spec §4, "Built-in functions").
BUILTINS: frozenset[str] = frozenset(d.name for d in _OPS if d.builtin)
