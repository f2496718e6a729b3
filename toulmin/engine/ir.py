"""The engine's expression form: dimension-checked, in SI base units, no units left.

`resolve.py` lowers the syntax tree to these nodes once; after that the engine
computes on plain numbers: floats, sound intervals (with derivative enclosures
for monotonicity), or NumPy arrays for vectorised sampling.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from toulmin.diagnostics import Span
from toulmin.engine.interval import DomainError, Interval, monotone, powi, powr


@dataclass(frozen=True, slots=True)
class Const:
    value: float
    exact: Fraction | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


@dataclass(frozen=True, slots=True)
class Op:
    """An operation. `pow` carries its constant exponent in `exponent`."""

    op: str  # + - * / neg pow sqrt log log10 exp abs ceil floor min max
    args: tuple[Node, ...]
    span: Span | None = None
    exponent: Fraction | None = None


Node = Const | Ref | Op

FUNCTIONS = frozenset(["sqrt", "log", "log10", "exp", "abs", "ceil", "floor", "min", "max"])


def refs(node: Node) -> Iterator[str]:
    """Every name the expression mentions (with repeats)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Ref):
            yield n.name
        elif isinstance(n, Op):
            stack.extend(n.args)


def substitute(node: Node, mapping: dict[str, Node]) -> Node:
    """Replace references by expressions (used to inline rule parameters)."""
    if isinstance(node, Ref):
        return mapping.get(node.name, node)
    if isinstance(node, Op):
        return Op(
            node.op, tuple(substitute(a, mapping) for a in node.args), node.span, node.exponent
        )
    return node


def is_const(node: Node) -> bool:
    return isinstance(node, Const)


# ---------------------------------------------------------------- floats


def eval_float(node: Node, env: dict[str, float]) -> float:
    """Evaluate at a point. Raises DomainError where the value is undefined."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env[node.name]
    op = node.op
    a = [eval_float(x, env) for x in node.args]
    try:
        if op == "+":
            return a[0] + a[1]
        if op == "-":
            return a[0] - a[1]
        if op == "*":
            return a[0] * a[1]
        if op == "/":
            if a[1] == 0:
                raise DomainError("division by zero")
            return a[0] / a[1]
        if op == "neg":
            return -a[0]
        if op == "pow":
            e = node.exponent
            assert e is not None
            if e.denominator == 1:
                if a[0] == 0 and e < 0:
                    raise DomainError("a negative power of zero")
                return a[0] ** int(e)
            if a[0] < 0:
                raise DomainError("a fractional power of a negative value")
            return a[0] ** float(e)
        if op == "sqrt":
            if a[0] < 0:
                raise DomainError("the square root of a negative value")
            return math.sqrt(a[0])
        if op in ("log", "log10"):
            if a[0] <= 0:
                raise DomainError("the logarithm of a value that is not positive")
            return math.log(a[0]) if op == "log" else math.log10(a[0])
        if op == "exp":
            return math.exp(a[0])
        if op == "abs":
            return abs(a[0])
        if op == "ceil":
            return float(math.ceil(a[0]))
        if op == "floor":
            return float(math.floor(a[0]))
        if op == "min":
            return min(a)
        if op == "max":
            return max(a)
    except OverflowError as exc:
        raise DomainError("a value beyond the floating-point range") from exc
    raise AssertionError(op)


# ---------------------------------------------------------------- intervals


def eval_interval(node: Node, env: dict[str, Interval]) -> Interval:
    """A sound enclosure of the expression over the box `env`."""
    if isinstance(node, Const):
        return Interval(node.value, node.value)
    if isinstance(node, Ref):
        return env[node.name]
    op = node.op
    a = [eval_interval(x, env) for x in node.args]
    return _interval_op(node, op, a)


def _interval_op(node: Op, op: str, a: list[Interval]) -> Interval:
    try:
        return _interval_op_raw(node, op, a)
    except DomainError as exc:
        if getattr(exc, "span", None) is None:
            exc.span = node.span  # type: ignore[attr-defined]
        raise


def _interval_op_raw(node: Op, op: str, a: list[Interval]) -> Interval:
    try:
        if op == "+":
            return a[0] + a[1]
        if op == "-":
            return a[0] - a[1]
        if op == "*":
            return a[0] * a[1]
        if op == "/":
            return a[0] / a[1]
        if op == "neg":
            return -a[0]
        if op == "pow":
            e = node.exponent
            assert e is not None
            if e.denominator == 1:
                return powi(a[0], int(e))
            return powr(a[0], float(e))
        if op == "sqrt":
            if a[0].lo < 0:
                raise DomainError("the square root of a value that can be negative")
            return monotone(math.sqrt, a[0])
        if op in ("log", "log10"):
            if a[0].lo <= 0:
                raise DomainError("the logarithm of a value that can be zero or negative")
            return monotone(math.log if op == "log" else math.log10, a[0])
        if op == "exp":
            return monotone(math.exp, a[0])
        if op == "abs":
            return a[0].abs()
        if op == "ceil":
            return Interval(float(math.ceil(a[0].lo)), float(math.ceil(a[0].hi)))
        if op == "floor":
            return Interval(float(math.floor(a[0].lo)), float(math.floor(a[0].hi)))
        if op == "min":
            r = a[0]
            for x in a[1:]:
                r = r.min(x)
            return r
        if op == "max":
            r = a[0]
            for x in a[1:]:
                r = r.max(x)
            return r
    except OverflowError as exc:
        raise DomainError("a value beyond the floating-point range") from exc
    raise AssertionError(op)


# ------------------------------------------------- intervals with derivatives

Grad = dict[str, Interval]
_ZERO = Interval(0.0, 0.0)
_ONE = Interval(1.0, 1.0)


def _scale(g: Grad, k: Interval) -> Grad:
    return {v: d * k for v, d in g.items()}


def _add(g: Grad, h: Grad, sign: float = 1.0) -> Grad:
    out = dict(g)
    for v, d in h.items():
        dd = d if sign > 0 else -d
        out[v] = out[v] + dd if v in out else dd
    return out


def eval_grad(node: Node, env: dict[str, tuple[Interval, Grad]]) -> tuple[Interval, Grad]:
    """Enclosure of the value and of every partial derivative over the box.

    A partial derivative whose enclosure has one sign proves the expression
    monotone in that variable on the whole box (used to pin it to an end).
    """
    if isinstance(node, Const):
        return Interval(node.value, node.value), {}
    if isinstance(node, Ref):
        return env[node.name]
    op = node.op
    parts = [eval_grad(x, env) for x in node.args]
    vals = [p[0] for p in parts]
    value = _interval_op(node, op, vals)
    if op == "+":
        return value, _add(parts[0][1], parts[1][1])
    if op == "-":
        return value, _add(parts[0][1], parts[1][1], -1.0)
    if op == "neg":
        return value, _scale(parts[0][1], Interval(-1.0, -1.0))
    if op == "*":
        (u, du), (w, dw) = parts
        return value, _add(_scale(du, w), _scale(dw, u))
    if op == "/":
        (u, du), (w, dw) = parts
        # d(u/w) = du/w - u·dw/w²
        return value, _add(_scale(du, _ONE / w), _scale(dw, -(u / (w * w))))
    if op == "pow":
        (u, du) = parts[0]
        e = node.exponent
        assert e is not None
        k = e - 1
        deriv = Interval(float(e), float(e)) * (
            powi(u, int(k)) if k.denominator == 1 else powr(u, float(k))
        )
        return value, _scale(du, deriv)
    if op == "sqrt":
        (u, du) = parts[0]
        if value.lo <= 0:
            return value, {v: Interval(-math.inf, math.inf) for v in du} if du else {}
        return value, _scale(du, _ONE / (Interval(2.0, 2.0) * value))
    if op in ("log", "log10"):
        (u, du) = parts[0]
        k = _ONE / u
        if op == "log10":
            k = k * Interval(1 / math.log(10) * (1 - 1e-15), 1 / math.log(10) * (1 + 1e-15))
        return value, _scale(du, k)
    if op == "exp":
        return value, _scale(parts[0][1], value)
    if op == "abs":
        (u, du) = parts[0]
        if u.lo >= 0:
            return value, du
        if u.hi <= 0:
            return value, _scale(du, Interval(-1.0, -1.0))
        return value, _scale(du, Interval(-1.0, 1.0))
    if op in ("ceil", "floor"):
        # non-decreasing steps: the "derivative" is ≥ 0 in the monotonicity sense
        return value, _scale(parts[0][1], Interval(0.0, math.inf))
    if op in ("min", "max"):
        # both are non-decreasing in every argument: the derivative lies in the
        # hull of the arguments' derivatives (0 where an argument lacks the variable)
        out: Grad = {}
        for v in set().union(*(g.keys() for _, g in parts)):
            hull = None
            for _, g in parts:
                d = g.get(v, _ZERO)
                hull = d if hull is None else hull.union(d)
            assert hull is not None
            out[v] = hull
        return value, out
    raise AssertionError(op)


# ---------------------------------------------------------------- arrays


def eval_array(node: Node, env: dict[str, Any], np: Any) -> Any:
    """Vectorised evaluation over NumPy arrays (NaN where undefined)."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env[node.name]
    a = [eval_array(x, env, np) for x in node.args]
    op = node.op
    with np.errstate(all="ignore"):
        if op == "+":
            return a[0] + a[1]
        if op == "-":
            return a[0] - a[1]
        if op == "*":
            return a[0] * a[1]
        if op == "/":
            return np.where(a[1] == 0, np.nan, a[0] / np.where(a[1] == 0, 1.0, a[1]))
        if op == "neg":
            return -a[0]
        if op == "pow":
            e = node.exponent
            assert e is not None
            base = np.asarray(a[0], dtype=float)
            if e.denominator == 1:
                return np.power(base, float(e))
            return np.where(base < 0, np.nan, np.power(np.abs(base), float(e)))
        if op == "sqrt":
            return np.where(np.asarray(a[0]) < 0, np.nan, np.sqrt(np.abs(a[0])))
        if op in ("log", "log10"):
            x = np.asarray(a[0], dtype=float)
            f = np.log if op == "log" else np.log10
            return np.where(x <= 0, np.nan, f(np.where(x <= 0, 1.0, x)))
        if op == "exp":
            return np.exp(a[0])
        if op == "abs":
            return np.abs(a[0])
        if op == "ceil":
            return np.ceil(a[0])
        if op == "floor":
            return np.floor(a[0])
        if op == "min":
            r = a[0]
            for x in a[1:]:
                r = np.minimum(r, x)
            return r
        if op == "max":
            r = a[0]
            for x in a[1:]:
                r = np.maximum(r, x)
            return r
    raise AssertionError(op)


Evaluator = Callable[[Node, dict[str, Any]], Any]
