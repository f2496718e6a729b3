"""The condition under which an `open` claim would hold, solved for the missing name."""

from __future__ import annotations

from typing import Any

from toulmin.engine import ir
from toulmin.engine.interval import Interval
from toulmin.engine.meaning import constraints
from toulmin.engine.meaning import edges as boundary_equations
from toulmin.engine.program import ClaimDef
from toulmin.units import format as F


def inline(prover: Any, node: ir.Node, memo: dict[str, ir.Node]) -> ir.Node:
    """Replace derived names by their definitions and point givens by constants."""
    if isinstance(node, ir.Ref):
        n = node.name
        if n in memo:
            return memo[n]
        if n in prover.free:
            out: ir.Node = node
        elif n in prover.defs:
            out = inline(prover, prover.defs[n], memo)
        else:
            g = prover.program.givens.get(n)
            out = node if g is None or g.is_range else ir.Const(g.low)
        memo[n] = out
        return out
    if isinstance(node, ir.Op):
        return ir.Op(
            node.op, tuple(inline(prover, a, memo) for a in node.args), node.span, node.exponent
        )
    return node


def condition(
    prover: Any, claim: ClaimDef, derived: list[str], ranges: list[str], free: list[str]
) -> str:
    """A sentence like `holds when mfu_new ≥ 40.9 %`."""
    from toulmin.engine.symbolic import Translator, solve_for

    memo: dict[str, ir.Node] = {}
    lhs = inline(prover, claim.lhs, memo)
    rhs = inline(prover, claim.rhs, memo)
    target = free[0]
    tr = Translator({n: True for n in free + ranges})
    display = prover.program.display_of(target)
    mids = {r: prover.box_env[r].mid for r in ranges}

    meaning = constraints(lhs, claim.op, rhs, claim.tolerance, claim.high)

    def truth(u: float) -> bool:
        env = dict(mids)
        env[target] = u
        for n in free[1:]:
            env[n] = 1.0
        return meaning.holds([ir.eval_float(c.node, env) for c in meaning.constraints])

    if len(free) > 1:
        sols = solve_for(tr, lhs, rhs, target, 2.0)
        if not sols:
            return f"depends on {', '.join(free)}, which have no value"
        expr = tr.to_sympy(sols[0])
        names = {sym: n for n, sym in tr.symbols.items()}
        text = str(expr.xreplace({s: tr.sp.Symbol(n) for s, n in names.items()}))
        return (
            f"the boundary is {target} = {text} (SI units); other names without a value: "
            f"{', '.join(free[1:])}"
        )

    if claim.op in ("≈", "=", "!="):
        edges = []
        for a, side in boundary_equations(lhs, claim.op, rhs, claim.tolerance, high=claim.high):
            sols = solve_for(tr, a, side, target, 2.0) or []
            for s in sols:
                edges.append(_bounds(prover, s, ranges))
        if not edges:
            return (
                f"never holds for any value of {target}"
                if claim.op != "!="
                else f"holds for every value of {target}"
            )
        lo = min(e[0] for e in edges)
        hi = max(e[2] for e in edges)
        mid_lo = min(e[1] for e in edges)
        mid_hi = max(e[1] for e in edges)
        word = "holds" if claim.op != "!=" else "fails"
        text = (
            f"{word} when {F.quantity(mid_lo, display)} ≤ {target} ≤ {F.quantity(mid_hi, display)}"
        )
        if ranges and (lo != mid_lo or hi != mid_hi):
            text += (
                f" (at the middle of the ranges; the edges move within "
                f"{F.span_text(lo, hi, display)})"
            )
        return text

    sols = solve_for(tr, lhs, rhs, target, 2.0)
    if not sols:
        above = truth(1e300**0.5)
        return f"{'holds' if above else 'fails'} for every positive {target} (no boundary found)"
    b_lo, b_mid, b_hi = min((_bounds(prover, s, ranges) for s in sols), key=lambda e: e[1])
    eps = max(abs(b_mid) * 1e-6, 1e-300)
    above, below = truth(b_mid + eps), truth(b_mid - eps)
    if above == below:
        return (
            f"{'holds' if above else 'fails'} on both sides of {target} = "
            f"{F.quantity(b_mid, display)}"
        )
    strict = claim.op in ("<", ">")
    sign = (">" if strict else "≥") if above else ("<" if strict else "≤")
    text = f"holds when {target} {sign} {F.quantity(b_mid, display)}"
    if ranges and b_lo != b_hi:
        worst = b_hi if above else b_lo
        best = b_lo if above else b_hi
        text = (
            f"holds for every value of the ranges when {target} {sign} "
            f"{F.quantity(worst, display)}, and for some from {F.quantity(best, display)}"
        )
    return text


def _bounds(prover: Any, node: ir.Node, ranges: list[str]) -> tuple[float, float, float]:
    """(low, value at the middle, high) of an expression over the ranges."""
    mids = {r: prover.box_env[r].mid for r in ranges}
    env = dict(prover.point_env)
    env.update(mids)
    mid = ir.eval_float(node, env)
    if not ranges:
        return mid, mid, mid
    box = {r: prover.box_env[r] for r in ranges}
    lo = prover._extreme([], node, box, ranges, -1)
    hi = prover._extreme([], node, box, ranges, +1)
    return lo, mid, hi


__all__ = ["Interval", "condition", "inline"]
