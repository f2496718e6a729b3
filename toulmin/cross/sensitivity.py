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
from toulmin.engine.interval import DomainError
from toulmin.engine.ops import OPS
from toulmin.engine.prove import Prover

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


def sensitivity(analysis: Any, claim_id: str) -> list[dict[str, Any]]:
    """Rows for each range given the claim depends on, ranked by swing (largest first).

    Each row: given, low, mid, high (SI), elasticity {lhs, rhs, margin},
    ratio {low, mid, high} (lhs/rhs with the given at low/mid/high, others at the middle;
    lhs - rhs when rhs can be zero), holds {low, high}, swing (|log ratio change|
    or |difference change|), measure ("ratio" or "difference"). Empty when the claim
    depends on no range (or on a name without value).
    """
    from toulmin.check import all_claims
    from toulmin.cross.lookup import find_claim

    prover = analysis.prover
    claim = find_claim(all_claims(analysis), claim_id)
    if claim is None:
        raise KeyError(claim_id)
    derived, ranges, free = prover.closure([claim.lhs, claim.rhs])
    if free or not ranges:
        return []
    mids = {r: prover.box_env[r].mid for r in ranges}
    meaning = claim.meaning()
    cons, negate = list(meaning.constraints), meaning.negate
    try:
        (lv, lg), (rv, rg) = gradient(prover, derived, [claim.lhs, claim.rhs], mids, ranges)
    except (ArithmeticError, KeyError, DomainError):
        return []
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
            return prover.truth_at(derived, cons, point) != negate
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
        lo_pt[r], hi_pt[r] = iv.lo, iv.hi
        m_lo, m_mid, m_hi = measure(lo_pt), measure(mids), measure(hi_pt)
        swing = None
        if m_lo is not None and m_hi is not None:
            if use_ratio and m_lo > 0 and m_hi > 0:
                swing = abs(math.log(m_hi / m_lo))
            else:
                swing = abs(m_hi - m_lo)
        rows.append(
            {
                "given": r,
                "low": _finite(iv.lo),
                "mid": _finite(x),
                "high": _finite(iv.hi),
                "elasticity": {"lhs": _finite(el), "rhs": _finite(er), "margin": _finite(margin)},
                "measure": "ratio" if use_ratio else "difference",
                "ratio": {"low": _finite(m_lo), "mid": _finite(m_mid), "high": _finite(m_hi)},
                "holds": {"low": holds(lo_pt), "high": holds(hi_pt)},
                "swing": _finite(swing),
            }
        )
    rows.sort(key=lambda row: (-(row["swing"] or 0.0), row["given"]))
    return rows


def sensitivity_text(rows: list[dict[str, Any]], program: Any) -> list[str]:
    """Lines of a small tornado table."""
    from toulmin.cross.lookup import show_value

    if not rows:
        return []
    out = ["sensitivity (ranked by swing of lhs/rhs over each range, others at the middle):"]
    width = max(len(r["given"]) for r in rows)
    for r in rows:
        disp = program.display_of(r["given"])
        rng = show_value(disp, r["low"], r["high"])
        e = r["elasticity"]["margin"]
        el = "n/a" if e is None else f"{e:+.3g}"
        rl, rh = r["ratio"]["low"], r["ratio"]["high"]
        sym = "lhs/rhs" if r["measure"] == "ratio" else "lhs-rhs"
        rr = "?" if rl is None or rh is None else f"{rl:.4g} → {rh:.4g}"
        hl = {True: "holds", False: "fails", None: "?"}
        out.append(
            f"  {r['given']:<{width}}  {rng:<24} elasticity {el:>7}   {sym} {rr}"
            f"   ({hl[r['holds']['low']]} at low, {hl[r['holds']['high']]} at high)"
        )
    return out


def explain_extra(analysis: Any, kind: str, name: str) -> dict[str, Any]:
    """For `toulmin explain`: {"sensitivity": rows} for a claim, {} for a value."""
    if kind != "claim":
        return {}
    try:
        rows = sensitivity(analysis, name)
    except KeyError:
        return {}
    return {"sensitivity": rows} if rows else {}


def print_sensitivity(console: Any, tree: dict[str, Any], analysis: Any) -> None:
    """Print the sensitivity lines of an explain tree (text output)."""
    for line in sensitivity_text(tree.get("sensitivity") or [], analysis.program):
        console.print(line)
