"""The probability core (spec §5 "Probabilities" and "Qualifiers", §7 JSON).

    from toulmin.engine.probability.adapter import plan_from_engine  # the engine seam
    plan = plan_from_engine(program, model, claims, distributions)
    result = run(plan, samples=100_000, seed=..., verdicts=..., qualifiers=...)
    ranking = sensitivity(plan, claim_id)

Modules: `distributions` (specs and the `A to B` constructor), `estimate` (P with its
Wilson interval, value summaries), `qualifiers` (IPCC bands), `plan` (what is
sampled), `adapter` (the only reader of engine internals), `sampler` (Monte Carlo),
`closed_form` (exact lognormal products). Importing this package imports no numpy.
"""

from __future__ import annotations

from toulmin.engine.probability.distributions import (
    FORMS,
    Beta,
    LogNormal,
    Normal,
    Point,
    Spec,
    Triangular,
    Uniform,
    from_range,
    make,
    percentiles,
    to,
)
from toulmin.engine.probability.estimate import Estimate, Summary, wilson
from toulmin.engine.probability.plan import ClaimPlan, Condition, Plan
from toulmin.engine.probability.qualifiers import IPCC, Qualifier, qualifier, with_probability
from toulmin.engine.probability.sampler import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Result,
    run,
    sensitivity,
)

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "FORMS",
    "IPCC",
    "Beta",
    "ClaimPlan",
    "Condition",
    "Estimate",
    "LogNormal",
    "Normal",
    "Plan",
    "Point",
    "Qualifier",
    "Result",
    "Spec",
    "Summary",
    "Triangular",
    "Uniform",
    "from_range",
    "make",
    "percentiles",
    "qualifier",
    "run",
    "sensitivity",
    "to",
    "wilson",
    "with_probability",
]
