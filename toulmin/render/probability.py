"""(v2) Probabilities in words and cells: the `P(holds)` column, the qualifier beside a
claim, the note of a qualified verdict, and a value's percentiles."""

from __future__ import annotations

from toulmin.engine.probability.estimate import Estimate
from toulmin.engine.probability.qualifiers import Qualifier
from toulmin.engine.results import ClaimResult, FileResult, Quantity
from toulmin.units.format import number


def band(q: Qualifier) -> str:
    """A qualifier's band on P: `P ≥ 0.66`, `0.33 ≤ P ≤ 0.66`, `P < 0.2`."""
    lo = ("P > " if q.low_open else "P ≥ ") + f"{q.low:g}"
    hi = ("P < " if q.high_open else "P ≤ ") + f"{q.high:g}"
    if q.low == q.high:
        return f"P = {q.low:g}"
    if q.low <= 0.0 and not q.low_open:
        return hi
    if q.high >= 1.0 and not q.high_open:
        return lo
    return f"{q.low:g} {'<' if q.low_open else '≤'} P {'<' if q.high_open else '≤'} {q.high:g}"


def qualified_note(
    q: Qualifier, est: Estimate | None, verdict: str, unavailable: str | None = None
) -> str:
    """Why a qualified claim got its verdict, from the estimate of P it was decided on."""
    if est is None:
        why = unavailable or "P(holds) could not be estimated"
        return f"`{q.text}` ({band(q)}) needs P(holds): {why}"
    if est.method == "proof":
        how = "proved"
    elif est.method == "closed form":
        how = "closed form"
    else:
        how = f"{est.samples:,} samples, 95 % interval {est.low:.4g} to {est.high:.4g}"
    p = f"P(holds) = {est.text()} ({how})"
    if verdict == "holds":
        return f"{p} is {q.text} ({band(q)})"
    if verdict == "fails":
        return f"{p} is not {q.text} ({band(q)})"
    return f"{p} straddles the edge of {q.text} ({band(q)}) within the sampling budget"


def has_probability(results: list[FileResult]) -> bool:
    """Whether any claim has a P(holds) or a reason for none: the column is shown then."""
    return any(c.probability is not None or c.probability_note for r in results for c in r.claims)


def p_cell(c: ClaimResult) -> str:
    """The `P(holds)` cell: `0.62 ± 0.003`, `1` when a proof or a closed form settles it,
    `n/a` when the claim depends on a range with no distribution, else empty."""
    if c.probability is not None:
        return c.probability.text()
    return "n/a" if c.probability_note else ""


def claim_label(c: ClaimResult) -> str:
    """The claim cell's suffix: its qualifier, as written (`, likely`)."""
    return f", {c.qualifier.text}" if c.qualifier is not None else ""


def percentile_row(q: Quantity) -> tuple[str, str, str, str] | None:
    """(mean, 5 %, 50 %, 95 %) in the display unit, or None without percentiles."""
    if q.mean is None or q.percentiles is None:
        return None

    def one(x: float) -> str:
        shown = number(x / q.scale, 4)
        if not q.unit:
            return shown
        return f"{shown}x" if q.unit == "x" else f"{shown} {q.unit}"

    p5, p50, p95 = q.percentiles
    return one(q.mean), one(p5), one(p50), one(p95)
