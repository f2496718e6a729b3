"""Distribution specs for uncertain givens (spec §5, "Probabilities"), in SI floats.

Each spec is a frozen dataclass that knows three things:

* `proof_range()` — what the proofs see: the support when it is bounded, else the
  central 90 % interval (spec: "for verdicts, a distribution counts as its range");
* `bounded` — whether that range is the whole support, so that a proof over it
  settles P(holds) exactly (a `holds` over a normal's 90 % interval does not);
* `sample(rng, n)` — `n` draws from a `numpy.random.Generator`.

Constructors for the language's forms: `to(a, b)` is the spec's `A to B` (Squiggle's
meaning: 90 % of the mass between the ends, lognormal when both ends are positive,
else normal); `LogNormal.from_interval(a, b)` is `lognormal(A, B)`; `from_range` is
what a plain range given counts as (uniform) for probabilities.

A one-sided given (`given x >= V`) has no distribution: there is no uniform over an
unbounded range, and inventing a tail would invent the answer. `from_range` returns
None for it, and P(holds) of every claim that depends on it is unavailable, with a
reason that asks for `given x ~ ...` (see `sampler.run`).

No numpy at import time: sampling imports it when called.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

#: the standard normal's 95th percentile: a 90 % central interval is mean ± Z90·sd
Z90 = 1.6448536269514722


class Distribution(Protocol):
    """What the sampler and the proofs need of a distribution."""

    @property
    def bounded(self) -> bool: ...

    def proof_range(self) -> tuple[float, float]: ...

    def mean(self) -> float: ...

    def sample(self, rng: Any, n: int) -> Any: ...

    def describe(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Point:
    """A point value: no uncertainty (kept so every given has a spec)."""

    x: float

    bounded = True

    def proof_range(self) -> tuple[float, float]:
        return (self.x, self.x)

    def mean(self) -> float:
        return self.x

    def sample(self, rng: Any, n: int) -> Any:
        import numpy as np

        return np.full(n, self.x)

    def describe(self) -> str:
        return f"{self.x:g}"


@dataclass(frozen=True, slots=True)
class Uniform:
    """uniform(low, high); also what a plain range counts as for probabilities."""

    low: float
    high: float

    bounded = True

    def __post_init__(self) -> None:
        if not self.low <= self.high:
            raise ValueError("uniform: low must not exceed high")

    def proof_range(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def sample(self, rng: Any, n: int) -> Any:
        return rng.uniform(self.low, self.high, n)

    def describe(self) -> str:
        return f"uniform({self.low:g}, {self.high:g})"


@dataclass(frozen=True, slots=True)
class Normal:
    """normal(mean, sd)."""

    mu: float
    sd: float
    #: the written ends of `A to B`: its proof range exactly, not mu ± Z90·sd re-rounded
    #: (a verdict must not depend on binary rounding)
    ends: tuple[float, float] | None = field(default=None, compare=False)

    bounded = False

    def __post_init__(self) -> None:
        if not self.sd >= 0:
            raise ValueError("normal: the standard deviation must not be negative")

    @classmethod
    def from_interval(cls, low: float, high: float) -> Normal:
        """The normal with 90 % of its mass between `low` and `high`."""
        return cls((low + high) / 2, (high - low) / (2 * Z90), (low, high))

    def proof_range(self) -> tuple[float, float]:
        if self.ends is not None:
            return self.ends
        return (self.mu - Z90 * self.sd, self.mu + Z90 * self.sd)

    def mean(self) -> float:
        return self.mu

    def sample(self, rng: Any, n: int) -> Any:
        # in place: the same numbers as `rng.normal(mu, sd, n)`, with one array less
        z = rng.standard_normal(n)
        z *= self.sd
        z += self.mu
        return z

    def describe(self) -> str:
        return f"normal({self.mu:g}, {self.sd:g})"


@dataclass(frozen=True, slots=True)
class LogNormal:
    """A lognormal: log X ~ normal(mu, sigma). Written `lognormal(A, B)`: a 90 % interval."""

    mu: float
    sigma: float
    #: the written ends of `lognormal(A, B)` / `A to B`: its proof range exactly
    ends: tuple[float, float] | None = field(default=None, compare=False)

    bounded = False

    def __post_init__(self) -> None:
        if not self.sigma >= 0:
            raise ValueError("lognormal: sigma must not be negative")

    @classmethod
    def from_interval(cls, low: float, high: float) -> LogNormal:
        """The lognormal with 90 % of its mass between `low` and `high` (both > 0)."""
        if not 0 < low <= high:
            raise ValueError("lognormal: the ends must be positive and in order")
        a, b = math.log(low), math.log(high)
        return cls((a + b) / 2, (b - a) / (2 * Z90), (low, high))

    def proof_range(self) -> tuple[float, float]:
        if self.ends is not None:
            return self.ends
        return (math.exp(self.mu - Z90 * self.sigma), math.exp(self.mu + Z90 * self.sigma))

    def mean(self) -> float:
        # `7e-200 to 3` has sigma ≈ 140: its true mean is beyond floats, not an error
        e = self.mu + self.sigma**2 / 2
        return math.exp(e) if e < 709.78 else math.inf

    def sample(self, rng: Any, n: int) -> Any:
        # numpy's vectorised exp over normal draws is ~40 % faster than
        # `rng.lognormal` (a scalar exp per draw), and differs from it by at most 1 ulp
        import numpy as np

        z = rng.standard_normal(n)
        z *= self.sigma
        z += self.mu
        return np.exp(z, out=z)

    def describe(self) -> str:
        lo, hi = self.proof_range()
        return f"lognormal({lo:g}, {hi:g})"


@dataclass(frozen=True, slots=True)
class Triangular:
    """triangular(low, mode, high)."""

    low: float
    mode: float
    high: float

    bounded = True

    def __post_init__(self) -> None:
        if not self.low <= self.mode <= self.high:
            raise ValueError("triangular: needs low <= mode <= high")

    def proof_range(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def sample(self, rng: Any, n: int) -> Any:
        if self.low == self.high:  # numpy refuses a degenerate triangle
            import numpy as np

            return np.full(n, self.low)
        return rng.triangular(self.low, self.mode, self.high, n)

    def describe(self) -> str:
        return f"triangular({self.low:g}, {self.mode:g}, {self.high:g})"


@dataclass(frozen=True, slots=True)
class Beta:
    """beta(alpha, beta): dimensionless, in 0 to 1."""

    alpha: float
    beta: float

    bounded = True

    def __post_init__(self) -> None:
        if not (self.alpha > 0 and self.beta > 0):
            raise ValueError("beta: alpha and beta must be positive")

    def proof_range(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def sample(self, rng: Any, n: int) -> Any:
        return rng.beta(self.alpha, self.beta, n)

    def describe(self) -> str:
        return f"beta({self.alpha:g}, {self.beta:g})"


Spec = Point | Uniform | Normal | LogNormal | Triangular | Beta


def to(low: float, high: float) -> LogNormal | Normal:
    """The spec's `A to B`: 90 % of the mass between the ends.

    Lognormal when both ends are positive, else normal (Squiggle's meaning).
    """
    if low > high:
        raise ValueError("`A to B` needs A <= B")
    if low > 0:
        return LogNormal.from_interval(low, high)
    return Normal.from_interval(low, high)


#: the language's distribution names (spec §5) and their parameter names
FORMS: dict[str, tuple[str, ...]] = {
    "to": ("A", "B"),
    "uniform": ("A", "B"),
    "normal": ("MEAN", "SD"),
    "lognormal": ("A", "B"),
    "triangular": ("LOW", "MODE", "HIGH"),
    "beta": ("ALPHA", "BETA"),
}


def make(form: str, *args: float) -> Spec:
    """The spec for `form(args)` as written in a file, in SI floats (`A to B` is `to`).

    Raises ValueError with a message for the author (wrong count, bad parameters);
    the caller turns it into a diagnostic at the given's span.
    """
    params = FORMS.get(form)
    if params is None:
        raise ValueError(f"no distribution called `{form}`; one of {', '.join(FORMS)}")
    if len(args) != len(params):
        raise ValueError(f"`{form}` takes {len(params)} values ({', '.join(params)})")
    if not all(math.isfinite(a) for a in args):
        raise ValueError(f"`{form}` needs finite values")
    if form == "to":
        return to(*args)
    if form == "uniform":
        return Uniform(*args)
    if form == "normal":
        mean, sd = args
        return Normal(mean, sd)
    if form == "lognormal":
        return LogNormal.from_interval(*args)
    if form == "triangular":
        return Triangular(*args)
    return Beta(*args)


def percentiles(spec: Spec) -> tuple[float, float, float] | None:
    """The exact 5th, 50th and 95th percentiles, where they have a closed form
    (all but beta): cheaper and more accurate than sorting samples."""
    if isinstance(spec, Point):
        return (spec.x, spec.x, spec.x)
    if isinstance(spec, Uniform):
        w = spec.high - spec.low
        return (spec.low + 0.05 * w, spec.low + 0.5 * w, spec.low + 0.95 * w)
    if isinstance(spec, Normal):
        return (spec.mu - Z90 * spec.sd, spec.mu, spec.mu + Z90 * spec.sd)
    if isinstance(spec, LogNormal):
        return tuple(math.exp(spec.mu + k * Z90 * spec.sigma) for k in (-1, 0, 1))  # type: ignore[return-value]
    if isinstance(spec, Triangular):
        a, c, b = spec.low, spec.mode, spec.high
        if a == b:
            return (a, a, a)
        cut = (c - a) / (b - a)  # the CDF at the mode

        def inv(q: float) -> float:
            if q <= cut:
                return a + math.sqrt(q * (b - a) * (c - a))
            return b - math.sqrt((1 - q) * (b - a) * (b - c))

        return (inv(0.05), inv(0.5), inv(0.95))
    return None


def from_range(low: float, high: float) -> Uniform | Point | None:
    """What a plain given counts as for probabilities: a point, a uniform over a range,
    or None for a one-sided (unbounded) range, which has no distribution."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    if low == high:
        return Point(low)
    return Uniform(low, high)
