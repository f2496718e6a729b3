"""(v2) `explain` for an uncertain claim: which inputs move its margin (lhs − rhs) most,
ranked by Spearman rank correlation over a joint draw, shown as a text tornado next to
the elasticities and swings of `cross/sensitivity.py`; and the percentiles of values
that depend on distributions, for the derivation tree.

Rank correlation, not the elasticities' derivatives: it sees the whole distribution of
each input (tails, non-linear effects) rather than one point, and it is what
Guesstimate and Squiggle users read as "sensitivity".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from toulmin.check import Analysis, all_claims
from toulmin.engine.probability.adapter import plan_from_engine
from toulmin.engine.probability.assess import claim_key
from toulmin.engine.probability.sampler import DEFAULT_SEED, sensitivity
from toulmin.engine.results import FileResult

#: enough to rank inputs (noise near ±0.01); see `sampler.sensitivity`
SAMPLES = 10_000


def rank_correlations(
    a: Analysis, result: FileResult, claim_id: str, seed: int = DEFAULT_SEED
) -> list[dict[str, Any]]:
    """[{"name", "rho"}] strongest first, for a claim whose P(holds) is neither 0 nor 1
    by proof; [] for a claim a proof settles or that has nothing uncertain."""
    c = next((c for c in result.claims if c.id == claim_id), None)
    if c is None or c.probability is None or c.probability.method == "proof":
        return []
    defs = [d for d in all_claims(a) if d.id == claim_id and d.kind == c.kind]
    if not defs:
        return []
    key = claim_key(c.kind, c.id)
    plan = plan_from_engine(a.program, a.model, [replace(defs[0], id=key)])
    ranked = sensitivity(plan, key, samples=SAMPLES, seed=seed)
    return [{"name": n, "rho": rho} for n, rho in ranked]


def percentile_text(result: FileResult, name: str) -> str | None:
    """`mean 40.4 GPU; 5 % 10 GPU, 50 % 31.62 GPU, 95 % 100 GPU`, or None."""
    from toulmin.render.probability import percentile_row

    q = result.values.get(name)
    got = percentile_row(q) if q is not None else None
    if got is None:
        return None
    mean, p5, p50, p95 = got
    return f"mean {mean}; 5 % {p5}, 50 % {p50}, 95 % {p95}"


def add_percentiles(tree: dict[str, Any], result: FileResult) -> None:
    """Put each value node's percentiles (when it depends on distributions) in the tree."""
    name = tree.get("name")
    if name is not None:
        got = percentile_text(result, name)
        if got is not None:
            tree["percentiles"] = got
    for child in tree.get("children", []):
        add_percentiles(child, result)
