"""The resolved program: every name with its dimension, display unit and equation.

This is the boundary between the front end (parse, load, resolve) and the
engine (solve, prove). Everything here is in SI base units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

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
    # (v2) `given x ~ DIST`: a probability.distributions spec in SI; low/high are
    # then its proof range (support, else 90 % interval)
    distribution: Any | None = None
    uses: tuple[str, ...] = ()  # (v2) point-valued givens its range ends are written with

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.high

    @property
    def one_sided(self) -> bool:
        """(v2) `given x >= V` / `<= V`: one end is infinite."""
        return self.low is not None and (math.isinf(self.low) or math.isinf(self.high or 0.0))

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
    # (v2) `, likely` / `, with probability >= 80 %`: a probability.qualifiers.Qualifier
    qualifier: Any | None = None
    #: the sides as written, when `engine/simplify.py` replaced them by simpler equal ones
    #: (what the claim depends on, for `unused`, is what the author wrote)
    written: tuple[Node, Node] | None = None

    def sides(self) -> list[Node]:
        """Every expression the claim reads: both sides, and the high end of `in`."""
        return [self.lhs, self.rhs] if self.high is None else [self.lhs, self.rhs, self.high]

    def meaning(self) -> Meaning:
        """The claim as constraints (engine/meaning.py)."""
        return constraints(self.lhs, self.op, self.rhs, self.tolerance, self.high)


@dataclass
class ScenarioDef:
    """(v2) `scenario NAME`: other values for some givens (full names), as whole
    `GivenDef`s that replace the base ones; what-ifs never change the base verdicts."""

    name: str
    title: str | None
    refs: tuple[str, ...]
    givens: dict[str, GivenDef]
    span: Span
    name_span: Span


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
    scenarios: dict[str, ScenarioDef] = field(default_factory=dict)  # in file order

    def with_scenario(self, name: str) -> Program:
        """This program with scenario `name`'s givens in place of the base ones
        (a shallow copy: lets and claims are shared, never mutated)."""
        sc = self.scenarios[name]
        return replace(self, givens={**self.givens, **sc.givens}, scenarios={})

    def dims_of(self, name: str) -> Dims:
        if name in self.givens:
            return self.givens[name].dims
        return self.lets[name].dims

    def display_of(self, name: str) -> Display:
        if name in self.givens:
            return self.givens[name].display
        return self.lets[name].display
