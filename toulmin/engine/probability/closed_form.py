"""Exact P(holds) where it is cheap: claims whose sides are products, quotients and
powers of independent lognormals and positive constants.

Such an expression is lognormal: log(lhs / rhs) = c + Σ aᵢ·log xᵢ is normal with mean
c + Σ aᵢ·μᵢ and variance Σ aᵢ²·σᵢ² (a name used twice adds its exponents, so
`x * x` is `x²`, never two independent draws). Then `lhs ≤ rhs` has P = Φ(−m/s),
`lhs ≈ rhs within t` (relative) is Φ((log(1+t) − m)/s) − Φ((log(1−t) − m)/s), and
`within factor f` is Φ((log f − m)/s) − Φ((−log f − m)/s).
squigglepy does the same; the sampler falls back to Monte Carlo for anything else.
"""

from __future__ import annotations

import math
from fractions import Fraction

from toulmin.engine import ir
from toulmin.engine.probability.distributions import LogNormal, Point
from toulmin.engine.probability.plan import ClaimPlan, Plan

#: log-linear form: (constant, {lognormal input: exponent})
LogLinear = tuple[float, dict[str, float]]


def _phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def log_linear(plan: Plan, node: ir.Node, memo: dict[str, LogLinear | None]) -> LogLinear | None:
    """log(node) as c + Σ aᵢ·log xᵢ over lognormal inputs, or None if it is not one."""
    if isinstance(node, ir.Const):
        return (math.log(node.value), {}) if node.value > 0 else None
    if isinstance(node, ir.Ref):
        name = node.name
        if name in memo:
            return memo[name]
        spec = plan.inputs.get(name)
        got: LogLinear | None
        if isinstance(spec, LogNormal):
            got = (0.0, {name: 1.0})
        elif isinstance(spec, Point):
            got = (math.log(spec.x), {}) if spec.x > 0 else None
        elif name in plan.step_index:
            got = log_linear(plan, plan.steps[plan.step_index[name]][1], memo)
        else:
            got = None
        memo[name] = got
        return got
    op = node.op
    if op in ("*", "/"):
        a = log_linear(plan, node.args[0], memo)
        b = log_linear(plan, node.args[1], memo)
        if a is None or b is None:
            return None
        sign = 1.0 if op == "*" else -1.0
        coeffs = dict(a[1])
        for k, v in b[1].items():
            coeffs[k] = coeffs.get(k, 0.0) + sign * v
        return (a[0] + sign * b[0], coeffs)
    if op in ("pow", "sqrt"):
        e = node.exponent if op == "pow" else Fraction(1, 2)
        a = log_linear(plan, node.args[0], memo)
        if a is None or e is None:
            return None
        power = float(e)
        return (a[0] * power, {name: v * power for name, v in a[1].items()})
    return None


def _bounds(claim: ClaimPlan) -> tuple[float, float] | None:
    """Where d = log(lhs / rhs) must lie for the claim to hold (both sides positive),
    or None when that is not an interval of d (absolute tolerances, `in`, `!=`, `=`)."""
    if claim.negate or claim.high is not None:
        return None
    kind, t = claim.tolerance if claim.tolerance is not None else (None, 0.0)
    if kind == "absolute":
        return None
    if kind == "factor":
        up, down = math.log(t), -math.log(t)
    elif kind == "relative":
        up = math.log1p(t)
        down = math.log1p(-t) if t < 1 else -math.inf
    else:
        up = down = 0.0
    if claim.op in ("<", "<="):
        return (-math.inf, up)
    if claim.op in (">", ">="):
        return (down, math.inf)
    if claim.op == "≈" and kind is not None:
        return (down, up)
    return None  # exact equality: probability 0 for a continuous d, left to sampling


def closed_form_probability(plan: Plan, claim: ClaimPlan) -> float | None:
    """P(holds) exactly, or None when the claim is not a lognormal comparison."""
    bounds = _bounds(claim)
    if bounds is None:
        return None
    memo: dict[str, LogLinear | None] = {}
    lhs = log_linear(plan, claim.lhs, memo)
    rhs = log_linear(plan, claim.rhs, memo)
    if lhs is None or rhs is None:
        return None
    coeffs = dict(lhs[1])
    for k, v in rhs[1].items():
        coeffs[k] = coeffs.get(k, 0.0) - v
    mean = lhs[0] - rhs[0]
    var = 0.0
    for name, a in coeffs.items():
        spec = plan.inputs[name]
        assert isinstance(spec, LogNormal)
        mean += a * spec.mu
        var += (a * spec.sigma) ** 2
    if var <= 0:
        return None  # no uncertainty left: the proof's verdict is the answer
    s = math.sqrt(var)
    # d ~ normal(mean, s); ties have probability 0
    lo, hi = bounds
    p_hi = 1.0 if hi == math.inf else _phi((hi - mean) / s)
    p_lo = 0.0 if lo == -math.inf else _phi((lo - mean) / s)
    return max(0.0, p_hi - p_lo)
