"""What checking a file produces: values, claim verdicts and diagnostics.

These are the data the renderers (text, JSON, Markdown) consume. All numbers
are kept in SI base units (`low`, `value`, `high`) together with the display
unit and its scale, so no renderer needs the unit registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from toulmin.diagnostics import Diagnostic, Span

Verdict = Literal["holds", "fails", "depends", "open", "undecided"]
Proof = Literal["exact", "interval", "search"]


@dataclass(frozen=True)
class Quantity:
    """A value or a range, in SI base units, with how to display it."""

    value: float | None  # None: no value (an unknown premise)
    low: float | None
    high: float | None
    si_unit: str  # e.g. "B/s", "" for dimensionless
    unit: str  # display unit, e.g. "TB/s"
    scale: float  # SI value of one display unit

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def in_display(self, x: float) -> float:
        return x / self.scale


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

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        return not self.has_errors and all(c.verdict == "holds" for c in self.claims)
