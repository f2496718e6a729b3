"""Sensitivity of a claim to the ranges it depends on.

For each range given x of a claim:

* **elasticities** ∂log f/∂log x at the middle of every range, for f = the left side,
  the right side and the margin lhs/rhs (forward-mode derivatives on the IR: exact,
  so a product of powers a^p·b^q gives exactly p and q);
* the **swing** (tornado data): the ratio lhs/rhs with x at each end of its range and
  every other range at its middle, and whether the claim holds there.

Rows are ranked by swing, largest first.
"""

from __future__ import annotations

import math
from typing import Any

from toulmin.engine import ir
from toulmin.engine.analyses import Elasticity, Ends, HoldsAt, SensitivityRow
from toulmin.engine.interval import DomainError, finite_ends
from toulmin.engine.ops import OPS
from toulmin.engine.prove import Prover
from toulmin.engine.results import quantity_of

Dual = tuple[float, dict[str, float]]


def eval_dual(node: ir.Node, env: dict[str, Dual]) -> Dual:
    """Value and gradient (forward mode) of an expression at a point."""
    if isinstance(node, ir.Const):
        return node.value, {}
    if isinstance(node, ir.Ref):
        return env[node.name]
    parts = [eval_dual(a, env) for a in node.args]
    vals = [p[0] for p in parts]
    d = OPS[node.op]
    try:
        value = d.point(vals, node.exponent)
    except OverflowError as exc:
        raise DomainError("a value beyond the floating-point range") from exc
    grad: dict[str, float] = {}
    for k, (_, g) in zip(d.point_partials(value, vals, node.exponent), parts):
        if k == 0:
            continue
        for v, dv in g.items():
            grad[v] = grad.get(v, 0.0) + k * dv
    return value, grad


def gradient(
    prover: Prover,
    derived: list[str],
    nodes: list[ir.Node],
    point: dict[str, float],
    wrt: list[str],
) -> list[Dual]:
    """Values and partial derivatives (with respect to `wrt`) of nodes at a point."""
    env: dict[str, Dual] = {n: (v, {}) for n, v in prover.point_env.items()}
    for n, v in point.items():
        env[n] = (v, {n: 1.0} if n in wrt else {})
    for n in derived:
        env[n] = eval_dual(prover.defs[n], env)
    return [eval_dual(nd, env) for nd in nodes]


def elasticity(value: float, deriv: float, x: float) -> float | None:
    if value == 0 or not math.isfinite(deriv):
        return None
    return deriv * x / value


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(f"{x:.10g}")


def sensitivity(analysis: Any, claim_id: str) -> tuple[SensitivityRow, ...]:
    """Rows for each range given the claim depends on, ranked by swing (largest first).

    Each row: the given and its range; elasticities (lhs, rhs, margin); the measure
    (lhs/rhs, or lhs - rhs when the sides can be zero or differ in sign) with the given
    at low/mid/high and the others at the middle; whether the claim holds at each end;
    the swing (|log ratio change| or |difference change|). Empty when the claim
    depends on no range (or on a name without value). Raises KeyError for no such claim.
    """
    from toulmin.check import all_claims
    from toulmin.cross.lookup import find_claim

    prover = analysis.prover
    program = analysis.program
    claim = find_claim(all_claims(analysis), claim_id)
    if claim is None:
        raise KeyError(claim_id)
    derived, ranges, free = prover.closure(claim.sides())
    if free or not ranges:
        return ()
    mids = {r: prover.box_env[r].mid for r in ranges}
    meaning = claim.meaning()
    cons, negate = list(meaning.constraints), meaning.negate
    try:
        (lv, lg), (rv, rg) = gradient(prover, derived, [claim.lhs, claim.rhs], mids, ranges)
    except (ArithmeticError, KeyError, DomainError):
        return ()
    use_ratio = rv != 0 and lv != 0 and (lv > 0) == (rv > 0)

    def measure(point: dict[str, float]) -> float | None:
        try:
            a, b = prover.eval_point(derived, [claim.lhs, claim.rhs], point)
        except ArithmeticError:
            return None
        if use_ratio:
            return a / b if b != 0 else None
        return a - b

    def holds(point: dict[str, float]) -> bool | None:
        try:
            return bool(prover.truth_at(derived, cons, point) != negate)
        except ArithmeticError:
            return None

    rows = []
    for r in ranges:
        x = mids[r]
        iv = prover.box_env[r]
        el = elasticity(lv, lg.get(r, 0.0), x)
        er = elasticity(rv, rg.get(r, 0.0), x)
        margin = None if el is None or er is None else el - er
        lo_pt, hi_pt = dict(mids), dict(mids)
        # a one-sided range (v2) is measured at a far finite point, never at ∞
        lo_pt[r], hi_pt[r] = finite_ends(iv)
        m_lo, m_mid, m_hi = measure(lo_pt), measure(mids), measure(hi_pt)
        swing = None
        if m_lo is not None and m_hi is not None:
            if use_ratio and m_lo > 0 and m_hi > 0:
                swing = abs(math.log(m_hi / m_lo))
            else:
                swing = abs(m_hi - m_lo)
        rows.append(
            SensitivityRow(
                r,
                quantity_of((iv.lo, x, iv.hi), program.dims_of(r), program.display_of(r)),
                Elasticity(_finite(el), _finite(er), _finite(margin)),
                "ratio" if use_ratio else "difference",
                Ends(_finite(m_lo), _finite(m_mid), _finite(m_hi)),
                HoldsAt(holds(lo_pt), holds(hi_pt)),
                _finite(swing),
            )
        )
    rows.sort(key=lambda row: (-(row.swing or 0.0), row.given))
    return tuple(rows)
