"""What `explain`, `solve`, `compare` and the sensitivity analysis hand to renderers.

Frozen dataclasses, like `engine/results.py` is for `check`: every number is a
`Quantity` (SI values plus the display unit), so the one quantity formatter
(`render/quantity.py`) and the one JSON encoder (`render/json.encode`) serve every
command. The analyses that build these live above (`explain.py`, `cross/`); they live
here, below `render`, because the renderers consume them and the layers only point down.
Field names are the JSON keys (a trailing `_` is dropped: `from_` is `"from"`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from toulmin.engine.condition import Region
from toulmin.engine.results import ClaimResult, Quantity
from toulmin.engine.solve import Method

# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Elasticity:
    """∂log f/∂log x at the middle of the ranges, for the left side, right side, margin."""

    lhs: float | None
    rhs: float | None
    margin: float | None


@dataclass(frozen=True)
class Ends:
    """The claim's measure (lhs/rhs or lhs − rhs) with the given at low, middle, high."""

    low: float | None
    mid: float | None
    high: float | None


@dataclass(frozen=True)
class HoldsAt:
    """Whether the claim holds with the given at each end (None: not evaluable)."""

    low: bool | None
    high: bool | None


@dataclass(frozen=True)
class SensitivityRow:
    """One range given of a claim: how much it moves the claim (tornado data)."""

    given: str
    range: Quantity  # the given's range; `value` is its middle
    elasticity: Elasticity
    measure: Literal["ratio", "difference"]
    ratio: Ends
    holds: HoldsAt
    swing: float | None


# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class SourceRef:
    """A source a statement cites."""

    id: str
    title: str
    url: str | None


@dataclass(frozen=True)
class Equation:
    """A `let` (an equation) a value was solved from, as written."""

    name: str
    statement: str
    at: str  # file:line


@dataclass(frozen=True)
class NameNode:
    """A given or a let in a derivation tree, with what it was derived from."""

    name: str
    kind: Literal["given", "free", "derived"]
    value: Quantity | None
    statement: str = ""
    at: str = ""
    sources: tuple[SourceRef, ...] = ()
    quote: str | None = None
    #: a given that a let also defines: that let, as written
    also: str | None = None
    #: how a derived name got its value (None: its own let, evaluated forward)
    how: Method | None = None
    #: every equation it was solved from (all of a block's)
    equations: tuple[Equation, ...] = ()
    #: the names a block solved together with this one (itself included)
    together: tuple[str, ...] = ()
    #: already shown earlier in the tree (not expanded again)
    repeated: bool = False
    #: the tree is cut here (too deep); `explain` this name to go on
    cut: bool = False
    children: tuple[NameNode, ...] = ()


@dataclass(frozen=True)
class ClaimNode:
    """A claim with its verdict (as `check` reports it) and the tree of its names."""

    claim: ClaimResult
    statement: str
    at: str
    children: tuple[NameNode, ...] = ()
    sensitivity: tuple[SensitivityRow, ...] = ()
    #: (v2) an uncertain claim's inputs by rank correlation with its margin (lhs − rhs),
    #: strongest first: (name, Spearman's rho)
    rank_correlation: tuple[tuple[str, float], ...] = ()


Explanation = ClaimNode | NameNode


# ---------------------------------------------------------------- solve


@dataclass(frozen=True)
class Formula:
    """An expression in the names it depends on, in display units."""

    text: str
    latex: str
    units: dict[str, str]  # name → the unit it is taken in
    result_unit: str


@dataclass(frozen=True)
class ValueSolution:
    """`solve FILE NAME` for a given or a let: its value, how it follows, its formula."""

    name: str
    file: str
    kind: Literal["given", "let"]
    value: Quantity | None
    how: Method | None = None  # None: a given with a value, or a free name
    equations: tuple[str, ...] = ()
    together: tuple[str, ...] = ()
    free: bool = False  # no value: an unknown premise
    formula: Formula | None = None


@dataclass(frozen=True)
class ClaimSide:
    """One side of a claim: its bounds and, when it depends on ranges, its formula."""

    value: Quantity | None
    formula: Formula | None = None


@dataclass(frozen=True)
class ClaimSolution:
    """`solve FILE CLAIM`: both sides, the verdict and the sensitivity to each range."""

    name: str
    file: str
    kind: Literal["claim", "consistency"]
    op: str
    verdict: str
    proof: str
    condition: str | None
    lhs: ClaimSide
    rhs: ClaimSide
    counterexample: dict[str, Quantity] | None = None
    witness: dict[str, Quantity] | None = None
    sensitivity: tuple[SensitivityRow, ...] = ()


@dataclass(frozen=True)
class GivenSolution:
    """`solve FILE NAME --for GIVEN`: where claim NAME holds as GIVEN varies (or NAME as
    a function of GIVEN), set against the author's value of GIVEN."""

    name: str
    given: str
    file: str
    kind: Literal["claim", "quantity"]
    author: Quantity | None  # the author's value or range of GIVEN
    text: str  # the answer in one phrase (regions, condition, or the formula's title)
    op: str | None = None
    verdict_with_author_value: str | None = None
    #: where the claim holds, in SI (None: more than one name is free)
    regions: tuple[Region, ...] | None = None
    #: the edges between regions: `value` at the middle of the other ranges,
    #: `low`/`high` how far they move over them
    boundaries: tuple[Quantity, ...] = ()
    condition: str | None = None
    note: str | None = None
    comparison: str | None = None
    formula: Formula | None = None
    value: Quantity | None = None
    #: every boundary was solved exactly, so empty `regions` proves no value holds;
    #: False: they come (partly) from a numeric scan, and "none found" is not a proof
    complete: bool = True


Solution = ValueSolution | ClaimSolution | GivenSolution


# ---------------------------------------------------------------- compare


@dataclass(frozen=True)
class Author:
    """One of the two compared files."""

    file: str
    label: str  # short name: the file stem
    title: str | None
    author: str | None

    @property
    def who(self) -> str:
        """The author's name, or the label."""
        return self.author or self.label


@dataclass(frozen=True)
class SharedQuantity:
    """A name both files give or derive, side by side (both in one display unit)."""

    name: str
    kind: Literal["given", "derived"]
    status: str  # same | overlap | apart | only LABEL | no value
    a: Quantity | None
    b: Quantity | None
    factor: float | None = None  # how far apart, for `apart`


@dataclass(frozen=True)
class Reevaluation:
    """One claim under its own author's givens and under the other's."""

    claim: str
    kind: str
    owner: str
    line: int
    own: str
    other: str
    swapped: tuple[str, ...]


@dataclass(frozen=True)
class GivenPair:
    """A crux given: the claim author's value and the other author's."""

    own: Quantity | None
    other: Quantity | None


@dataclass(frozen=True)
class Crux:
    """The smallest swaps of givens that change a claim's verdict."""

    claim: str
    owner: str
    from_: str
    to: str
    sets: tuple[tuple[str, ...], ...]
    alternatives: int
    method: Literal["exact", "greedy"]
    candidates: tuple[str, ...]
    values: dict[str, GivenPair] = field(default_factory=dict)


@dataclass(frozen=True)
class ComparisonResult:
    """`compare A B`: shared quantities, re-evaluated claims and cruxes."""

    a: Author
    b: Author
    tolerance: float  # relative: `apart` means apart beyond it
    exact_limit: int  # beyond this many candidates cruxes are searched greedily
    quantities: tuple[SharedQuantity, ...]
    agree_from_common_files: int
    claims: tuple[Reevaluation, ...]
    cruxes: tuple[Crux, ...]
    notes: tuple[str, ...]

    @property
    def disagreements(self) -> list[SharedQuantity]:
        """The shared quantities that are not the same."""
        return [q for q in self.quantities if q.status != "same"]

    @property
    def contested(self) -> list[Reevaluation]:
        """The claims whose verdict changes under the other author's givens."""
        return [c for c in self.claims if c.own != c.other]
