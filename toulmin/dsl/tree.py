"""The syntax tree of a `.claim` file: frozen dataclasses, every node with its span.

The parser produces these; nothing downstream looks at source text again.
Numbers are kept exact (`Fraction`) with their scale already applied; units are
kept as parsed unit expressions (`UnitExpr`) so that later stages can point at
the offending factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from toulmin.diagnostics import Diagnostic, Span

# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class UnitFactor:
    """One named unit raised to a rational power, e.g. `s` in `TB/s` (power -1)."""

    name: str
    power: Fraction
    span: Span


@dataclass(frozen=True)
class UnitExpr:
    """A unit as written: the source text and its factors (`TFLOP/s/GPU`)."""

    text: str
    factors: tuple[UnitFactor, ...]
    span: Span


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Number:
    """A literal: exact value with its scale suffix applied, optional unit."""

    value: Fraction
    unit: UnitExpr | None
    span: Span
    text: str = ""


@dataclass(frozen=True)
class Name:
    """A reference to a given, a let, or a rule parameter."""

    name: str
    span: Span


@dataclass(frozen=True)
class BinOp:
    """`+ - * / ^`; `op_span` points at the operator for diagnostics."""

    op: str
    left: Expr
    right: Expr
    span: Span
    op_span: Span


@dataclass(frozen=True)
class Neg:
    operand: Expr
    span: Span


@dataclass(frozen=True)
class Call:
    """A call of a built-in function or a user rule."""

    func: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


Expr = Number | Name | BinOp | Neg | Call


@dataclass(frozen=True)
class Range:
    """`low to high`, or `center ± delta` (kept as written in `kind`)."""

    low: Expr
    high: Expr
    kind: str  # "to" or "±"
    span: Span


Value = Expr | Range


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Ref:
    name: str
    span: Span


@dataclass(frozen=True)
class Argument:
    title: str
    author: str
    refs: tuple[Ref, ...]
    span: Span


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Use:
    path: str
    prefix: str | None
    span: Span
    path_span: Span


@dataclass(frozen=True)
class UnitDecl:
    name: str
    value: Expr | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Given:
    name: str
    unit: UnitExpr | None
    value: Value | None  # None: an unknown premise
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Let:
    name: str
    unit: UnitExpr | None
    expr: Expr
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Param:
    name: str
    unit: UnitExpr | None
    span: Span


@dataclass(frozen=True)
class Rule:
    name: str
    params: tuple[Param, ...]
    expr: Expr
    refs: tuple[Ref, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Claim:
    id: str
    lhs: Expr
    op: str  # normalised: "=", "≈", "<", "<=", ">", ">=", "!="
    rhs: Expr
    tolerance: Expr | None
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    id_span: Span
    op_span: Span


Statement = Argument | Source | Use | UnitDecl | Given | Let | Rule | Claim


@dataclass(frozen=True)
class Module:
    """A parsed file: its statements (those that parsed) and the syntax diagnostics."""

    file: str
    text: str
    statements: tuple[Statement, ...]
    diagnostics: tuple[Diagnostic, ...]
