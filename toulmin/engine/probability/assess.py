"""P(holds), qualified verdicts and value percentiles for one checked file: what `check`
calls once its proofs are done (spec §5 "Probabilities" and "Qualifiers").

Every claim of the file (consistency claims too) goes into one plan, so all of them
come from one joint draw. Claims and consistency claims may share an id (a claim named
like a value), so the plan keys them by `claim_key`.

Nothing here imports numpy: a file whose claims a proof settles (or that has no range
and no distribution at all) never samples, and only sampling imports numpy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from toulmin.engine.probability.adapter import plan_from_engine
from toulmin.engine.probability.sampler import Result, run
from toulmin.engine.program import ClaimDef, Program
from toulmin.engine.solve import Model


def claim_key(kind: str, cid: str) -> str:
    """The key of a claim in the plan and the result: its id, or `consistency:ID`."""
    return cid if kind == "claim" else f"{kind}:{cid}"


def uncertain_or_qualified(program: Program, claims: Sequence[ClaimDef]) -> bool:
    """Whether the file has anything to sample or to qualify (else `assess` is skipped)."""
    return any(g.is_range or g.distribution is not None for g in program.givens.values()) or any(
        c.qualifier is not None for c in claims
    )


def assess(
    program: Program,
    model: Model,
    claims: Sequence[ClaimDef],
    verdicts: Mapping[str, str],
    *,
    samples: int,
    seed: int,
    budget_s: float,
) -> Result:
    """P(holds) of every claim that depends on uncertainty, qualified verdicts, and the
    mean and percentiles of values that depend on distributions.

    `verdicts` are the proofs' verdicts by `claim_key`: a `holds` or `fails` over
    bounded inputs settles P exactly, without sampling. `budget_s` bounds the extra
    sampling of a qualified claim whose interval straddles its band's edge.
    """
    keyed = [replace(c, id=claim_key(c.kind, c.id)) for c in claims]
    plan = plan_from_engine(program, model, keyed)
    qualifiers = {c.id: c.qualifier for c in keyed if c.qualifier is not None}
    return run(
        plan,
        samples=samples,
        seed=seed,
        verdicts=verdicts,
        qualifiers=qualifiers,
        budget_s=budget_s,
    )
