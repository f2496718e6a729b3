"""What checking a file produces: values, claim verdicts and diagnostics.

These are the data the renderers (text, JSON, Markdown) consume. All numbers
are kept in SI base units (`low`, `value`, `high`) together with the display
unit and its scale, so no renderer needs the unit registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from toulmin.diagnostics import Diagnostic, Span
from toulmin.engine.probability.estimate import Estimate
from toulmin.engine.probability.qualifiers import Qualifier
from toulmin.units import dims as D
from toulmin.units import format as F
from toulmin.units.display import Display

Verdict = Literal["holds", "fails", "depends", "open", "undecided"]
# (v2) a qualified claim decided on P(holds): `sampling`, or `closed form` when exact
Proof = Literal["exact", "interval", "search", "sampling", "closed form"]


@dataclass(frozen=True)
class Quantity:
    """A value or a range, in SI base units, with how to display it."""

    value: float | None  # None: no value (an unknown premise)
    low: float | None
    high: float | None
    si_unit: str  # e.g. "B/s", "" for dimensionless
    unit: str  # display unit, e.g. "TB/s"
    scale: float  # SI value of one display unit
    #: significant digits to show: more when a failing claim's sides would print alike
    digits: int = 4

    #: (v2) a value that depends on distributions: its mean and 5/50/95 percentiles, SI
    mean: float | None = None
    percentiles: tuple[float, float, float] | None = None

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def in_display(self, x: float) -> float:
        return x / self.scale


def quantity_of(
    bounds: tuple[float, float, float] | None,
    dims: D.Dims,
    display: Display,
    unit: tuple[str, float] | None = None,
) -> Quantity:
    """The Quantity of (low, value, high) in SI (None: no value), shown in the display
    unit chosen for its magnitude, or in `unit` (text, SI factor) when given, so that
    several quantities can share one unit."""
    si = D.si_unit(dims)
    if bounds is None:
        text, factor = unit or F.choose(display, 1.0)
        return Quantity(None, None, None, si, text, factor)
    lo, mid, hi = bounds
    text, factor = unit or F.choose(display, max(abs(lo), abs(hi)) or abs(mid))
    return Quantity(mid, lo, hi, si, text, factor)


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim (or one consistency check)."""

    id: str
    kind: Literal["claim", "consistency"]
    line: int
    text: str | None
    verdict: Verdict
    proof: Proof
    op: str
    lhs: Quantity | None
    rhs: Quantity | None
    tolerance: dict[str, float | str] | None
    counterexample: dict[str, Quantity] | None = None
    witness: dict[str, Quantity] | None = None
    condition: str | None = None
    sources: tuple[str, ...] = ()
    span: Span | None = None
    note: str | None = None  # e.g. the best bounds of an undecided verdict
    #: (v2) P(holds) when the claim depends on a range or a distribution
    probability: Estimate | None = None
    #: (v2) why a claim that depends on uncertainty has no P (a one-sided range)
    probability_note: str | None = None
    #: (v2) `, likely` / `, with probability >= 80 %`
    qualifier: Qualifier | None = None
    #: (v2) the same claim under each evaluated scenario, in file order: full claim results
    #: (their own verdict, proof, values, counterexample, witness, condition)
    scenarios: dict[str, ClaimResult] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ScenarioInfo:
    """(v2) One `scenario` block of the checked file, and whether this run evaluated it."""

    name: str
    title: str | None
    line: int
    sources: tuple[str, ...] = ()
    evaluated: bool = True  # False: left out by `--scenario`


@dataclass
class FileResult:
    """Everything `toulmin check` learned about one file."""

    file: str
    claims: list[ClaimResult] = field(default_factory=list)
    values: dict[str, Quantity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # file → source, for diagnostics
    title: str | None = None
    author: str | None = None
    uses: list[str] = field(default_factory=list)  # resolved paths of the files it uses
    scenarios: list[ScenarioInfo] = field(default_factory=list)  # (v2) in file order

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        return not self.has_errors and all(c.verdict == "holds" for c in self.claims)
