"""What a claim means: its operator, its tolerance, and the comparison rule with ties.

This is the one place that says when `lhs OP rhs [within TOL]` holds. `check` (the
prover), `solve --for` (holding regions), `compare` and the sensitivity analysis all
build their tests from `constraints()` and their boundaries from `edges()`, so they
cannot disagree.

The rule (spec v2 §5, "Ties"): two values are tied when they differ by at most
`TIE` of the larger magnitude, and a tie counts as equality — `=`, `<=`, `>=` and `in`
hold at a tie, `<`, `>` and `!=` fail at one, and a tolerance's bound is inclusive up
to a tie. Ties are written into the constraint expressions themselves, so the interval
proofs and the point checks apply the same rule everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toulmin.engine import ir

#: Values closer than this share of the larger magnitude are tied (spec v2 §5).
TIE = 1e-9
#: The tolerance of `≈` without `within`: 5 % of the right-hand side.
DEFAULT_RELATIVE = 0.05

TolKind = Literal["relative", "absolute", "factor"]


@dataclass(frozen=True)
class Tolerance:
    """How far apart the sides of a claim may be.

    `relative`: a share of |rhs|; `absolute`: an amount in SI units; `factor`: the
    larger side at most `value` times the smaller (both positive).
    """

    kind: TolKind
    value: float


@dataclass(frozen=True)
class Constraint:
    """`node ≤ 0` (or `node < 0` when strict)."""

    node: ir.Node
    strict: bool


@dataclass(frozen=True)
class Meaning:
    """A claim as a conjunction of constraints, negated for `!=`."""

    constraints: tuple[Constraint, ...]
    negate: bool

    def holds(self, values: list[float]) -> bool:
        """The verdict at a point, from the constraint values there (same order)."""
        ok = all((v < 0) if c.strict else (v <= 0) for v, c in zip(values, self.constraints))
        return ok != self.negate


def default_tolerance(op: str) -> Tolerance | None:
    """The tolerance of an operator written without `within`."""
    return Tolerance("relative", DEFAULT_RELATIVE) if op == "≈" else None


def _c(x: float) -> ir.Node:
    return ir.Const(x)


def _sub(a: ir.Node, b: ir.Node) -> ir.Node:
    return ir.Op("-", (a, b))


def _tie(a: ir.Node, b: ir.Node) -> ir.Node:
    """TIE × max(|a|, |b|): how far apart two values may be and still be tied."""
    return ir.Op("*", (_c(TIE), ir.Op("max", (ir.Op("abs", (a,)), ir.Op("abs", (b,))))))


def _at_most(a: ir.Node, b: ir.Node) -> Constraint:
    """a ≤ b, a tie included."""
    return Constraint(_sub(_sub(a, b), _tie(a, b)), False)


def _below(a: ir.Node, b: ir.Node) -> Constraint:
    """a < b, a tie excluded."""
    return Constraint(ir.Op("+", (_sub(a, b), _tie(a, b))), True)


def allowance(tol: Tolerance, rhs: ir.Node) -> ir.Node:
    """A relative or absolute tolerance as an amount in the claim's SI unit."""
    if tol.kind == "relative":
        return ir.Op("*", (_c(tol.value), ir.Op("abs", (rhs,))))
    assert tol.kind == "absolute", tol
    return _c(tol.value)


def constraints(
    lhs: ir.Node, op: str, rhs: ir.Node, tol: Tolerance | None, high: ir.Node | None = None
) -> Meaning:
    """The claim `lhs OP rhs [within tol]` as constraints on its two sides.

    `op` is one of `= ≈ != < <= > >=`, or `in`, with `rhs` the low end and `high` the
    high end of `in LOW to HIGH`.
    """
    if op == "in":
        assert high is not None
        return Meaning((_at_most(rhs, lhs), _at_most(lhs, high)), False)
    if op in ("<", "<=", ">", ">="):
        small, big = (lhs, rhs) if op in ("<", "<=") else (rhs, lhs)
        if tol is not None and tol.kind == "factor":
            big = ir.Op("*", (big, _c(tol.value)))
        elif tol is not None:
            # within loosens the bound in the claim's favour (the author's rounding)
            big = ir.Op("+", (big, allowance(tol, rhs)))
        strict = op in ("<", ">")
        return Meaning((_below(small, big) if strict else _at_most(small, big),), False)
    negate = op == "!="
    if tol is None:
        return Meaning((_at_most(lhs, rhs), _at_most(rhs, lhs)), negate)
    if tol.kind == "factor":
        f = _c(tol.value)
        return Meaning(
            (
                Constraint(ir.Op("neg", (lhs,)), True),
                Constraint(ir.Op("neg", (rhs,)), True),
                _at_most(lhs, ir.Op("*", (f, rhs))),
                _at_most(rhs, ir.Op("*", (f, lhs))),
            ),
            negate,
        )
    allow = allowance(tol, rhs)
    gap = ir.Op("abs", (_sub(lhs, rhs),))
    # tied sides are equal whatever the tolerance, and the bound itself is inclusive up
    # to a tie: the slack is a tie of the largest of the three
    slack = ir.Op(
        "*",
        (_c(TIE), ir.Op("max", (ir.Op("abs", (lhs,)), ir.Op("abs", (rhs,)), allow))),
    )
    return Meaning((Constraint(_sub(_sub(gap, allow), slack), False),), negate)


def edges(
    lhs: ir.Node,
    op: str,
    rhs: ir.Node,
    tol: Tolerance | None,
    rhs_sign: float = 1.0,
    high: ir.Node | None = None,
) -> list[tuple[ir.Node, ir.Node]]:
    """The equations `a = b` whose solutions bound the region where the claim holds.

    `rhs_sign` is the sign of the right-hand side where the caller solves (a relative
    tolerance is a share of |rhs|, which symbolic solvers handle badly).
    """
    if op == "in":
        assert high is not None
        return [(lhs, rhs), (lhs, high)]
    if tol is None:
        return [(lhs, rhs)]
    if tol.kind == "factor":
        f = _c(tol.value)
        return [(lhs, ir.Op("*", (f, rhs))), (lhs, ir.Op("/", (rhs, f)))]
    if tol.kind == "relative":
        allow: ir.Node = ir.Op("*", (_c(tol.value * rhs_sign), rhs))
    else:
        allow = _c(tol.value)
    if op in ("<", "<="):
        return [(lhs, ir.Op("+", (rhs, allow)))]
    if op in (">", ">="):
        return [(lhs, _sub(rhs, allow))]
    return [(lhs, _sub(rhs, allow)), (lhs, ir.Op("+", (rhs, allow)))]
