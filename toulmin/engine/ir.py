"""The engine's expression form: dimension-checked, in SI base units, no units left.

`resolve.py` lowers the syntax tree to these nodes once; after that the engine
computes on plain numbers: floats, sound intervals (with derivative enclosures
for monotonicity), or NumPy arrays for vectorised sampling.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from toulmin.diagnostics import Span
from toulmin.engine.interval import DomainError, Interval
from toulmin.engine.ops import OPS


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

    op: str  # a key of ops.OPS
    args: tuple[Node, ...]
    span: Span | None = None
    exponent: Fraction | None = None


Node = Const | Ref | Op


def refs(node: Node) -> list[str]:
    """Every name the expression mentions (with repeats). A list, not a generator: it is
    called for every let by several passes, and a generator costs twice as much."""
    if isinstance(node, Ref):
        return [node.name]
    out: list[str] = []
    if not isinstance(node, Op):
        return out
    stack = list(node.args)
    while stack:
        n = stack.pop()
        if isinstance(n, Ref):
            out.append(n.name)
        elif isinstance(n, Op):
            stack.extend(n.args)
    return out


def substitute(node: Node, mapping: dict[str, Node]) -> Node:
    """Replace references by expressions (used to inline rule parameters)."""
    if isinstance(node, Ref):
        return mapping.get(node.name, node)
    if isinstance(node, Op):
        return Op(
            node.op, tuple(substitute(a, mapping) for a in node.args), node.span, node.exponent
        )
    return node


# ---------------------------------------------------------------- evaluation
# Every evaluator dispatches through the operator table (`ops.OPS`), so an operation is
# defined in one place.


def eval_float(node: Node, env: dict[str, float]) -> float:
    """Evaluate at a point. Raises DomainError where the value is undefined."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env[node.name]
    a = [eval_float(x, env) for x in node.args]
    try:
        return OPS[node.op].point(a, node.exponent)
    except OverflowError as exc:
        raise DomainError("a value beyond the floating-point range") from exc


def eval_interval(node: Node, env: dict[str, Interval]) -> Interval:
    """A sound enclosure of the expression over the box `env`."""
    if isinstance(node, Const):
        return Interval(node.value, node.value)
    if isinstance(node, Ref):
        return env[node.name]
    return _enclose(node, [eval_interval(x, env) for x in node.args])


def _enclose(node: Op, a: list[Interval]) -> Interval:
    try:
        return OPS[node.op].enclose(a, node.exponent)
    except OverflowError as exc:
        err = DomainError("a value beyond the floating-point range")
        err.span = node.span  # type: ignore[attr-defined]
        raise err from exc
    except DomainError as exc:
        if getattr(exc, "span", None) is None:
            exc.span = node.span  # type: ignore[attr-defined]
        raise


Grad = dict[str, Interval]


def eval_grad(node: Node, env: dict[str, tuple[Interval, Grad]]) -> tuple[Interval, Grad]:
    """Enclosure of the value and of every partial derivative over the box.

    A partial derivative whose enclosure has one sign proves the expression
    monotone in that variable on the whole box (used to pin it to an end).
    """
    if isinstance(node, Const):
        return Interval(node.value, node.value), {}
    if isinstance(node, Ref):
        return env[node.name]
    parts = [eval_grad(x, env) for x in node.args]
    args = [p[0] for p in parts]
    value = _enclose(node, args)
    partials = OPS[node.op].box_partials(value, args, node.exponent)
    out: Grad = {}
    for k, (_, g) in zip(partials, parts):
        if k.lo == 0.0 and k.hi == 0.0:
            continue
        for v, d in g.items():
            dd = d if (k.lo == 1.0 and k.hi == 1.0) else d * k
            out[v] = out[v] + dd if v in out else dd
    return value, out


def eval_array(node: Node, env: dict[str, Any], np: Any) -> Any:
    """Vectorised evaluation over NumPy arrays (NaN where undefined)."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env[node.name]
    a = [eval_array(x, env, np) for x in node.args]
    with np.errstate(all="ignore"):
        return OPS[node.op].array(np, a, node.exponent)
