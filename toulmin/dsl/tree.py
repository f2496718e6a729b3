"""The syntax tree of a `.claim` file: frozen dataclasses, every node with its span.

The parser produces these; nothing downstream looks at source text again.
Numbers are kept exact (`Fraction`) with their scale already applied; units are
kept as parsed unit expressions (`UnitExpr`) so that later stages can point at
the offending factor.

v1 nodes keep their fields; what spec v2 adds is either a new field with a
default (`Range.center`, `Claim.within`, `Claim.qualifier`) or a new node
(`Bound`, `Distribution`, `Tolerance`, `Qualifier`, `Scenario`,
`ScenarioItem`), so code written against v1 trees still reads v1 files alike.
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
    """Unary minus; `span` runs from the `-` to the end of the operand."""

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
    """`low to high`, or `center ± delta` (kept as written in `kind`).

    For `±`, `low` and `high` are `center - delta` and `center + delta` (v1's
    meaning), and (v2) `center` and `delta` keep the two operands as written, so
    the engine can apply the relative rule: `2e29 FLOP ± 50 %` is relative
    because `delta` is in `%` and `center` is not (spec §4). Both are None for
    `to`. Range ends may be any expressions, names included (v2).
    """

    low: Expr
    high: Expr
    kind: str  # "to" or "±"
    span: Span
    center: Expr | None = None
    delta: Expr | None = None


@dataclass(frozen=True)
class Bound:
    """(v2) A one-sided premise: `given x >= 2.5 billion query/day`.

    `op` is normalised to `>=`, `>`, `<=` or `<`; `value` is the written end;
    `span` covers the operator and the value; `op_span` the operator.
    """

    op: str
    value: Expr
    span: Span
    op_span: Span


#: (v2) The distributions of `given x ~ ...` and the number of arguments each takes.
DISTRIBUTIONS: dict[str, int] = {
    "to": 2,
    "uniform": 2,
    "normal": 2,
    "lognormal": 2,
    "triangular": 3,
    "beta": 2,
}


@dataclass(frozen=True)
class Distribution:
    """(v2) An uncertain premise: `given x ~ 1 to 3`, `given x ~ normal(10, 2)`.

    `kind` is a key of `DISTRIBUTIONS` (`"to"` for `A to B`); `args` are the
    written arguments in order (`to`: low, high; `normal`: mean, sd; `lognormal`:
    the ends of its 90 % interval; `triangular`: low, mode, high; `beta`: alpha,
    beta). `name_span` points at the function name (at the whole form for `to`).
    As in ranges, a unit on the right end of `A to B` applies to both ends.
    """

    kind: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


Value = Expr | Range

#: What a `given` (or a scenario line) may assign: a value, a bound or a distribution.
Premise = Expr | Range | Bound | Distribution


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Ref:
    """One source id inside `[...]`."""

    name: str
    span: Span


@dataclass(frozen=True)
class Argument:
    """`argument "TITLE" by "AUTHOR" [REFS]`."""

    title: str
    author: str
    refs: tuple[Ref, ...]
    span: Span


@dataclass(frozen=True)
class Source:
    """`source ID "TITLE" ["URL"]`; `name_span` points at the id."""

    id: str
    title: str
    url: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Use:
    """`use "PATH" [as PREFIX]`; `path_span` points at the string."""

    path: str
    prefix: str | None
    span: Span
    path_span: Span


@dataclass(frozen=True)
class UnitDecl:
    """`unit NAME [= QUANTITY]`."""

    name: str
    value: Expr | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Given:
    """`given NAME [: UNIT] (= VALUE | >= VALUE | ~ DISTRIBUTION) [REFS] ["QUOTE"]`.

    `value` is None for an unknown premise, an `Expr` or `Range` after `=`, and
    (v2) a `Bound` after `>= > <= <` or a `Distribution` after `~`.
    """

    name: str
    unit: UnitExpr | None
    value: Premise | None  # None: an unknown premise
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Let:
    """`let NAME [: UNIT] = EXPR [REFS] ["QUOTE"]`."""

    name: str
    unit: UnitExpr | None
    expr: Expr
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Param:
    """One parameter of a rule, with its optional unit annotation."""

    name: str
    unit: UnitExpr | None
    span: Span


@dataclass(frozen=True)
class Rule:
    """`rule NAME(P [: UNIT], ...) = EXPR [REFS]`."""

    name: str
    params: tuple[Param, ...]
    expr: Expr
    refs: tuple[Ref, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Tolerance:
    """(v2) The `within` of a claim, with the form it was written in.

    `kind` is decided from the text alone (the engine gives it meaning):
    `"factor"` for `within factor 3`; `"relative"` when the amount is a number
    written in `%` (`within 2 %`); `"points"` when written in `pp`
    (`within 1 pp`); `"absolute"` otherwise (`within 0.25`, `within 0.1 PFLOP/s`,
    a name). `span` covers `within` and the amount.
    """

    kind: str
    amount: Expr
    span: Span


#: (v2) The IPCC likelihood words of spec §5 and the band of P(holds) each means.
LIKELIHOOD: dict[str, tuple[Fraction, Fraction]] = {
    "virtually certain": (Fraction(99, 100), Fraction(1)),
    "very likely": (Fraction(90, 100), Fraction(1)),
    "likely": (Fraction(66, 100), Fraction(1)),
    "as likely as not": (Fraction(33, 100), Fraction(66, 100)),
    "unlikely": (Fraction(0), Fraction(33, 100)),
    "very unlikely": (Fraction(0), Fraction(10, 100)),
    "exceptionally unlikely": (Fraction(0), Fraction(1, 100)),
}


@dataclass(frozen=True)
class Qualifier:
    """(v2) A claim's qualifier, after its comma.

    Either likelihood words (`text` a key of `LIKELIHOOD`, `op` and
    `probability` None), or `with probability OP P` (`text` is
    `"with probability"`, `op` normalised like a claim's, `probability` the
    written expression, e.g. `80 %`). `span` covers the words, not the comma.
    """

    text: str
    op: str | None
    probability: Expr | None
    span: Span


@dataclass(frozen=True)
class Claim:
    """`claim ID: LHS OP RHS [within TOL] [, QUALIFIER] [REFS] ["QUOTE"]`.

    `op` is normalised: "=", "≈", "<", "<=", ">", ">=", "!=", and (v2) "in"
    for `claim ID: EXPR in RANGE`, where `rhs` is then a `Range` and
    `op_span` points at `in`. `tolerance` is the amount after `within` (v1's
    field); (v2) `within` says how it was written — read `within.kind` before
    giving `tolerance` a meaning. `qualifier` (v2) is None when unqualified.
    """

    id: str
    lhs: Expr
    op: str
    rhs: Expr | Range
    tolerance: Expr | None
    refs: tuple[Ref, ...]
    quote: str | None
    span: Span
    id_span: Span
    op_span: Span
    within: Tolerance | None = None
    qualifier: Qualifier | None = None


@dataclass(frozen=True)
class ScenarioItem:
    """(v2) One indented line of a scenario: `NAME = VALUE` (or `>= V`, `~ DIST`).

    `name` may be a dotted full name of a used file's given (`hw.h100.tdp`).
    `value` has the same forms as `Given.value`.
    """

    name: str
    value: Premise
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Scenario:
    """(v2) `scenario NAME ["TITLE"] [REFS]` and its indented lines, in order.

    `span` runs from `scenario` to the end of the last line that parsed.
    """

    name: str
    title: str | None
    refs: tuple[Ref, ...]
    items: tuple[ScenarioItem, ...]
    span: Span
    name_span: Span


Statement = Argument | Source | Use | UnitDecl | Given | Let | Rule | Claim | Scenario


@dataclass(frozen=True)
class Module:
    """A parsed file: its statements (those that parsed) and the syntax diagnostics."""

    file: str
    text: str
    statements: tuple[Statement, ...]
    diagnostics: tuple[Diagnostic, ...]
    #: names that a `given`, `let` or `rule` with a syntax error declares: a use of one
    #: is not also an `unknown-name` error (one mistake, one diagnostic)
    broken: tuple[str, ...] = ()
