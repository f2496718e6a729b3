"""The resolver's shared state and the types its parts hand each other.

Each part of `Resolver` is a mixin in its own module (scope, units, dims, lower, hints,
display, premises, statements); they share the tables built here. Methods that one
part calls on another are declared below so each module type-checks alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NoReturn

from toulmin.diagnostics import Diagnostic, Span, error
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.magnitude import MIN_MAGNITUDE
from toulmin.engine.program import Display, Program
from toulmin.options import DEFAULT_LIMITS, Limits
from toulmin.units import dims as D
from toulmin.units import display as U


class _Poison(Exception):
    """The expression has an error that is already reported."""


@dataclass
class _Lowered:
    node: ir.Node
    dims: D.Dims
    shape: U.Shape | None


@dataclass(frozen=True)
class _Premise:
    """What a `given` assigns, in SI (`-inf`/`inf` for a one-sided bound)."""

    low: float
    high: float
    shape: U.Shape | None
    distribution: Any | None  # a probability.distributions spec for `~`


@dataclass
class _Decl:
    """A declaration in the global table: where it is and the scope it sees."""

    stmt: t.Statement
    unit: Unit


def _premise_expr(value: t.Premise, last: bool = False) -> t.Expr | None:
    """The written end that carries a premise's unit (the last one with `last`):
    ranges put the unit on the right end; None for `beta` (plain numbers)."""
    if isinstance(value, t.Range):
        if value.kind == "±" and value.center is not None:
            return value.center
        return value.high if last else value.low
    if isinstance(value, t.Bound):
        return value.value
    if isinstance(value, t.Distribution):
        if value.kind == "beta":
            return None
        return value.args[-1] if last else value.args[0]
    return value


def _underflows(value: float, exact: Fraction | None) -> bool:
    """A nonzero value too small for floats: `1e-300 * 1e-300` must not become 0."""
    if exact is not None and exact != 0:
        return abs(exact) < MIN_MAGNITUDE
    return value != 0 and abs(value) < MIN_MAGNITUDE


class ResolverBase:
    """State shared by the resolver's parts; see `resolve/__init__.py`."""

    def __init__(
        self, units: list[Unit], strict: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.units = units
        self.limits = limits
        self.main = units[0] if units else None
        self.strict = strict
        self.diags: list[Diagnostic] = []
        self.givens: dict[str, _Decl] = {}
        self.lets: dict[str, _Decl] = {}
        self.rules: dict[str, _Decl] = {}
        self.unit_decls: dict[str, _Decl] = {}
        self.scopes: dict[int, dict[str, str]] = {}
        self.program = Program(units[0].display if units else "<none>")
        self._dims_memo: dict[str, D.Dims | None] = {}
        self._dims_busy: set[str] = set()
        self._unit_memo: dict[str, tuple[float, D.Dims] | None] = {}
        self._unit_busy: set[str] = set()
        #: unit text (name, power per factor) → (factor, dims, shape); a long file repeats
        #: the same few units thousands of times. Only successes are kept, so every bad
        #: occurrence still gets its own diagnostic.
        self._unit_expr_memo: dict[tuple[tuple[str, object], ...], tuple] = {}
        self._rule_stack: list[str] = []
        self._let_shapes: dict[str, U.Shape | None] = {}
        self._let_lowered: dict[str, _Lowered] = {}
        self._reported: set[tuple[int, int, str]] = set()
        self._given_done: set[str] = set()
        self._given_busy: set[str] = set()
        self._uses: set[str] = set()  # names the premise being resolved reads
        self._too_deep = False  # the expression being lowered hit the depth limit
        # rule calls already inlined, by rule and arguments: `r1(p) * r1(p)` shares one
        # lowered body instead of doubling the work at every level
        self._inlined: dict[tuple, tuple[_Lowered | None, tuple[_Lowered, ...]]] = {}
        self._sizes: dict[int, tuple[ir.Node, int]] = {}
        self._file_sources: dict[int, dict[str, str]] = {}  # id(unit) → local id → key
        self._source_stmts: dict[int, dict[str, t.Source]] = {}
        self._source_scopes: dict[int, dict[str, str]] = {}
        self._unit_twins: list[tuple[_Decl, _Decl]] = []  # (first, another file's)

    def report(self, d: Diagnostic) -> None:
        key = (d.span.start if d.span else -1, d.span.end if d.span else -1, d.message)
        if key in self._reported:
            return
        self._reported.add(key)
        self.diags.append(d)

    def fail(
        self, code: str, message: str, span: Span | None, hint: str | None = None, **extra: object
    ) -> NoReturn:
        self.report(error(code, message, span, hint, **extra))
        raise _Poison

    @staticmethod
    def _aligned(a: D.Dims, b: D.Dims) -> tuple[str, ...]:
        raise NotImplementedError  # defined in resolve/hints.py

    def _both(
        self, a: t.Expr, b: t.Expr, unit: Unit, params: dict[str, _Lowered], depth: int
    ) -> tuple[_Lowered, _Lowered]:
        raise NotImplementedError  # defined in resolve/lower.py

    def _check_claim_ids(self) -> None:
        raise NotImplementedError  # defined in resolve/scope.py

    def _check_unit_twins(self) -> None:
        raise NotImplementedError  # defined in resolve/scope.py

    def _claim(self, stmt: t.Claim, unit: Unit) -> None:
        raise NotImplementedError  # defined in resolve/statements.py

    def _dimension_mismatch(
        self, message: str, le: t.Expr, left: _Lowered, re_: t.Expr, right: _Lowered, op_span: Span
    ) -> None:
        raise NotImplementedError  # defined in resolve/hints.py

    def _dimensionless_const(self, e: t.Expr, unit: Unit) -> float:
        raise NotImplementedError  # defined in resolve/premises.py

    @staticmethod
    def _dimensionless_hint(f: str, unit: str) -> str:
        raise NotImplementedError  # defined in resolve/hints.py

    def _display(self, shape: U.Shape | None, dims: D.Dims, fixed: bool) -> Display:
        raise NotImplementedError  # defined in resolve/display.py

    def _fix_hint(self, have: D.Dims, want: D.Dims, expr: t.Expr) -> str | None:
        raise NotImplementedError  # defined in resolve/hints.py

    def _given(self, full: str, decl: _Decl) -> None:
        raise NotImplementedError  # defined in resolve/premises.py

    def _let(self, full: str, decl: _Decl) -> None:
        raise NotImplementedError  # defined in resolve/statements.py

    @staticmethod
    def _relative_delta(center: t.Expr, delta: t.Expr) -> bool:
        raise NotImplementedError  # defined in resolve/premises.py

    def _scenario(self, stmt: t.Scenario, unit: Unit) -> None:
        raise NotImplementedError  # defined in resolve/premises.py

    def _scope(self, unit: Unit) -> dict[str, str]:
        raise NotImplementedError  # defined in resolve/scope.py

    def _scoped_refs(self) -> None:
        raise NotImplementedError  # defined in resolve/scope.py

    def _source_scope(self, unit: Unit, seen: frozenset[int] = frozenset()) -> dict[str, str]:
        raise NotImplementedError  # defined in resolve/scope.py

    def _unknown_name(self, e: t.Name, unit: Unit, full: str | None) -> None:
        raise NotImplementedError  # defined in resolve/hints.py

    def _user_unit(self, name: str) -> tuple[float, D.Dims] | None:
        raise NotImplementedError  # defined in resolve/units.py

    def collect(self) -> None:
        raise NotImplementedError  # defined in resolve/scope.py

    def declared_unit(self, name: str) -> str | None:
        raise NotImplementedError  # defined in resolve/units.py

    def dims_of(self, full: str) -> D.Dims:
        raise NotImplementedError  # defined in resolve/dims.py

    def lower(self, e: t.Expr, unit: Unit, params: dict[str, _Lowered], depth: int = 0) -> _Lowered:
        raise NotImplementedError  # defined in resolve/lower.py

    def shape_factor(self, name: str) -> float:
        raise NotImplementedError  # defined in resolve/units.py

    def unit_expr(self, u: t.UnitExpr) -> tuple[float, D.Dims, U.Shape]:
        raise NotImplementedError  # defined in resolve/units.py
