"""Claims whose sides mention a range more than once, simplified before the proof.

Interval arithmetic treats every occurrence of a name as independent (the dependency
problem): `(base*(1+g)*(1+g)/base)^(1/2) - 1` over ranges of `base` and `g` is enclosed
far wider than the `g` it equals, so an identity is left `undecided` and the left side
is shown as a range it never reaches (issue 9). When a side, with its lets inlined,
mentions a ranged name more than once, SymPy simplifies it (built from `ir` nodes, under
the time budget); the simpler side is kept only when it mentions the ranges fewer times.
Files where no name repeats never import SymPy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from toulmin.engine import ir
from toulmin.engine.program import ClaimDef

if TYPE_CHECKING:
    from toulmin.engine.prove import Prover


def simplified_claims(prover: Prover, claims: list[ClaimDef], budget: float) -> list[ClaimDef]:
    """The claims, each side simplified where a ranged name repeats (see the module)."""
    return [_simplified(prover, c, budget) for c in claims]


def _ranged(prover: Prover, node: ir.Node) -> Counter[str]:
    """How often each name with a range occurs in the node."""
    givens = prover.program.givens
    return Counter(n for n in ir.refs(node) if n in givens and givens[n].is_range)


def _simplified(prover: Prover, claim: ClaimDef, budget: float) -> ClaimDef:
    from toulmin.engine.condition import inline

    memo: dict[str, ir.Node] = {}
    sides = []
    changed = False
    for side in (claim.lhs, claim.rhs):
        if (
            not any(n in prover.defs for n in ir.refs(side))
            and max(_ranged(prover, side).values(), default=0) < 2
        ):
            sides.append(side)  # the fast path: nothing repeats, nothing to inline
            continue
        try:
            flat = inline(prover, side, memo)
        except RecursionError:
            sides.append(side)
            continue
        counts = _ranged(prover, flat)
        better = (
            _sympy_simplified(prover, flat, counts, budget)
            if counts and max(counts.values()) > 1
            else None
        )
        if better is None:
            sides.append(side)
        else:
            sides.append(better)
            changed = True
    if not changed:
        return claim
    return replace(claim, lhs=sides[0], rhs=sides[1], written=(claim.lhs, claim.rhs))


def _sympy_simplified(
    prover: Prover, node: ir.Node, counts: Counter[str], budget: float
) -> ir.Node | None:
    """SymPy's simplification of the node, if it mentions the ranges fewer times.

    Only over strictly positive ranges: simplifying `x/x` to 1 is sound there, while a
    range that reaches zero would lose a domain error.
    """
    givens = prover.program.givens
    names = set(ir.refs(node))
    if any(n not in givens or not givens[n].known or givens[n].low <= 0 for n in names):  # type: ignore[operator]
        return None
    from toulmin.engine.symbolic import Budget, Translator, time_budget

    tr = Translator({n: True for n in names})
    try:
        with time_budget(min(budget, 2.0)):
            expr = tr.sp.simplify(tr.to_sympy(node))
            out = tr.from_sympy(expr)
    except Budget:
        return None
    except Exception:  # SymPy's own failures: keep the side as written
        return None
    after = _ranged(prover, out)
    if sum(after.values()) >= sum(counts.values()):
        return None
    return out
