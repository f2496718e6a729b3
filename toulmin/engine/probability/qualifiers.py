"""Qualifiers (spec §5): the IPCC's calibrated likelihood phrases and
`with probability OP P`, as bands on P(holds), and the verdict of a qualified claim.

A qualified claim is a claim about P: it holds when the whole confidence interval of
P lies in the band, fails when the whole interval lies outside it, and is otherwise
not decided yet (the sampler then samples more, see `sampler.run`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toulmin.engine.probability.estimate import Estimate


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A band [low, high] on P(holds); an open end excludes its bound (`> 80 %`)."""

    text: str
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, p: float) -> bool:
        above = p > self.low if self.low_open else p >= self.low
        below = p < self.high if self.high_open else p <= self.high
        return above and below

    def decide(self, est: Estimate) -> str | None:
        """`holds`, `fails`, or None while the interval straddles an edge of the band."""
        if est.method != "sampling":  # exact: the number decides
            return "holds" if self.contains(est.estimate) else "fails"
        if self.contains(est.low) and self.contains(est.high):
            return "holds"  # a band is convex: both ends inside means all inside
        if est.high < self.low or (self.low_open and est.high <= self.low):
            return "fails"
        if est.low > self.high or (self.high_open and est.low >= self.high):
            return "fails"
        return None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "low": self.low, "high": self.high}


#: the seven IPCC phrases (AR5 guidance note), as the spec gives them
IPCC: dict[str, Qualifier] = {
    q.text: q
    for q in (
        Qualifier("virtually certain", 0.99, 1.0),
        Qualifier("very likely", 0.90, 1.0),
        Qualifier("likely", 0.66, 1.0),
        Qualifier("as likely as not", 0.33, 0.66),
        Qualifier("unlikely", 0.0, 0.33),
        Qualifier("very unlikely", 0.0, 0.10),
        Qualifier("exceptionally unlikely", 0.0, 0.01),
    )
}


def qualifier(text: str) -> Qualifier:
    """The IPCC qualifier called `text` (KeyError names the valid ones)."""
    try:
        return IPCC[" ".join(text.lower().split())]
    except KeyError:
        raise KeyError(f"not a qualifier: {text!r}; one of {', '.join(IPCC)}") from None


def with_probability(op: str, p: float) -> Qualifier:
    """`with probability OP P` (P as a fraction: `80 %` is 0.8)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError("a probability lies between 0 and 1")
    text = f"with probability {op} {p:g}"
    if op in (">=", "≥"):
        return Qualifier(text, p, 1.0)
    if op == ">":
        return Qualifier(text, p, 1.0, low_open=True)
    if op in ("<=", "≤"):
        return Qualifier(text, 0.0, p)
    if op == "<":
        return Qualifier(text, 0.0, p, high_open=True)
    if op == "=":  # only an exact P can settle it
        return Qualifier(text, p, p)
    raise ValueError(f"not a comparison for a probability: {op}")
