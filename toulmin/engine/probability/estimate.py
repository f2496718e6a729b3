"""What a probability result is: P(holds) with its confidence interval, and a value's
percentiles. Plain data, JSON-ready (spec §7: the `probability` object and the `mean`
and `percentiles` of a QUANTITY)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: the standard normal's 97.5th percentile: a two-sided 95 % interval
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for k successes in n trials.

    Chosen over the normal approximation because it stays inside [0, 1] and keeps
    its coverage near 0 and 1, where qualifiers like "virtually certain" live; and
    over Clopper–Pearson because it needs no scipy (beta quantiles).
    """
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # at k = 0 or k = n the exact end is 0 or 1; rounding must not move it
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (lo, hi)


@dataclass(frozen=True)
class Estimate:
    """P(holds) of one claim.

    `method` says where the number comes from: `proof` (a proof settled it: exactly
    0 or 1), `closed form` (exact, e.g. a product of lognormals), or `sampling`
    (Monte Carlo with a 95 % Wilson interval). `undefined` counts samples where the
    claim had no value (a domain error in a tail); they count as not holding.
    """

    estimate: float
    low: float
    high: float
    samples: int
    seed: int
    ranges_as_uniform: tuple[str, ...] = ()
    method: str = "sampling"
    undefined: int = 0

    @classmethod
    def from_counts(
        cls, holds: int, n: int, seed: int, ranges: tuple[str, ...] = (), undefined: int = 0
    ) -> Estimate:
        lo, hi = wilson(holds, n)
        return cls(holds / n if n else math.nan, lo, hi, n, seed, ranges, "sampling", undefined)

    @classmethod
    def exact(
        cls, p: float, seed: int, ranges: tuple[str, ...] = (), method: str = "proof"
    ) -> Estimate:
        return cls(p, p, p, 0, seed, ranges, method)

    def to_json(self) -> dict[str, Any]:
        """The spec's `probability` object (plus `method`)."""
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "samples": self.samples,
            "seed": self.seed,
            "ranges_as_uniform": list(self.ranges_as_uniform),
            "method": self.method,
        }

    def text(self) -> str:
        """As the text table shows it: `0.62 ± 0.003`, or `1` when exact."""
        if self.method != "sampling":
            return f"{self.estimate:.4g}"
        half = max(self.estimate - self.low, self.high - self.estimate)
        return f"{self.estimate:.3g} ± {half:.1g}"


@dataclass(frozen=True)
class Summary:
    """A value that depends on distributions: mean and 5/50/95 percentiles (SI)."""

    mean: float
    p5: float
    p50: float
    p95: float
    samples: int
    undefined: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def to_json(self, factor: float = 1.0) -> dict[str, Any]:
        """The QUANTITY additions, in the display unit (`factor` = SI per display unit)."""
        return {
            "mean": self.mean / factor,
            "percentiles": {
                "5": self.p5 / factor,
                "50": self.p50 / factor,
                "95": self.p95 / factor,
            },
        }
