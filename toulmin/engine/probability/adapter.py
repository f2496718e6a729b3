"""The one place where the probability core reads engine internals.

`plan_from_engine` turns a resolved `Program`, its solved `Model` (the lets in
evaluation order) and the claims to check into a `Plan`. When the engine's
structures change, only this module changes.

Where a given's distribution comes from, in order: the `distributions` argument
(what the caller wires from `given x ~ DIST` or a scenario), then a `distribution`
attribute on the given (if the front end adds one), then its plain value: a point,
a uniform over a range (named in `uniform_ranges`), or nothing for a one-sided range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from toulmin.engine.probability.distributions import Point, Spec, from_range
from toulmin.engine.probability.plan import ClaimPlan, Condition, Plan
from toulmin.engine.program import ClaimDef, Program
from toulmin.engine.solve import Model


def plan_from_engine(
    program: Program,
    model: Model,
    claims: Iterable[ClaimDef],
    distributions: Mapping[str, Spec] | None = None,
) -> Plan:
    """A sampling plan for `claims` of a solved program; see the module docstring."""
    distributions = distributions or {}
    inputs: dict[str, Spec] = {}
    uniform: set[str] = set()
    unavailable: dict[str, str] = {}
    missing: set[str] = set(model.free) | set(model.unsolved)
    for name, g in program.givens.items():
        spec = distributions.get(name) or getattr(g, "distribution", None)
        if spec is not None:
            inputs[name] = spec
            continue
        if g.low is None:
            missing.add(name)
            continue
        low = g.low
        high = g.high if g.high is not None else math.inf
        got = from_range(low, high)
        if got is None:
            bound = f">= {low:g}" if math.isfinite(low) else f"<= {high:g}"
            unavailable[name] = (
                f"`{name}` is a one-sided range ({bound}, SI) and has no distribution: "
                f"give it one (`given {name} ~ ...`) for P(holds)"
            )
            continue
        inputs[name] = got
        if not isinstance(got, Point):
            uniform.add(name)
    steps = [(n, e) for n, e in model.order if n not in inputs and n not in missing]
    plans = []
    for c in claims:
        meaning = c.meaning()
        tol = c.tolerance
        plans.append(
            ClaimPlan(
                c.id,
                c.op,
                c.lhs,
                c.rhs,
                tuple(Condition(k.node, k.strict) for k in meaning.constraints),
                meaning.negate,
                (tol.kind, tol.value) if tol is not None else None,
                c.high,
            )
        )
    return Plan(inputs, steps, plans, frozenset(uniform), unavailable, frozenset(missing))
