"""The resolved program: every name with its dimension, display unit and equation.

This is the boundary between the front end (parse, load, resolve) and the
engine (solve, prove). Everything here is in SI base units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toulmin.diagnostics import Diagnostic, Span
from toulmin.engine.ir import Node
from toulmin.engine.meaning import Meaning, Tolerance, constraints
from toulmin.units.dims import Dims
from toulmin.units.display import Display


@dataclass
class GivenDef:
    name: str
    dims: Dims
    display: Display
    low: float | None  # None: an unknown premise (no value)
    high: float | None
    span: Span
    name_span: Span
    refs: tuple[str, ...]
    quote: str | None
    main: bool  # declared in the checked file (not in a used one)

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.high

    @property
    def known(self) -> bool:
        return self.low is not None


@dataclass
class LetDef:
    name: str
    dims: Dims
    display: Display
    expr: Node
    span: Span
    name_span: Span
    refs: tuple[str, ...]
    quote: str | None
    main: bool


@dataclass
class ClaimDef:
    id: str
    kind: str  # "claim" or "consistency"
    lhs: Node
    op: str
    rhs: Node
    tolerance: Tolerance | None
    dims: Dims
    display: Display
    span: Span
    refs: tuple[str, ...]
    quote: str | None
    main: bool
    high: Node | None = None  # the high end of `in LOW to HIGH` (rhs is the low end)

    def meaning(self) -> Meaning:
        """The claim as constraints (engine/meaning.py)."""
        return constraints(self.lhs, self.op, self.rhs, self.tolerance, self.high)


@dataclass
class Program:
    """A checked file and what it uses, resolved and lowered."""

    file: str
    givens: dict[str, GivenDef] = field(default_factory=dict)
    lets: dict[str, LetDef] = field(default_factory=dict)
    claims: list[ClaimDef] = field(default_factory=list)
    sources: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unit_factors: dict[str, float] = field(default_factory=dict)  # user units, SI factor
    unit_dims: dict[str, Dims] = field(default_factory=dict)
    title: str | None = None
    author: str | None = None

    def dims_of(self, name: str) -> Dims:
        if name in self.givens:
            return self.givens[name].dims
        return self.lets[name].dims

    def display_of(self, name: str) -> Display:
        if name in self.givens:
            return self.givens[name].display
        return self.lets[name].display
