"""Resolve names, units and dimensions, and lower the syntax tree to the engine's IR.

Input: the loaded units of a program (`load.py`). Output: a `Program` whose
givens, lets and claims hold dimension-checked expressions in SI base units.
A statement with an error is dropped (after its diagnostic) so that one
mistake does not cascade into a dozen follow-on errors.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, replace
from difflib import get_close_matches
from fractions import Fraction
from typing import Any, NoReturn

from toulmin.diagnostics import Diagnostic, Label, Span, error, warning
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.magnitude import MAX_MAGNITUDE, MIN_MAGNITUDE
from toulmin.engine.meaning import Tolerance, default_tolerance
from toulmin.engine.ops import BUILTINS, OPS, DimRule
from toulmin.engine.program import ClaimDef, Display, GivenDef, LetDef, Program, ScenarioDef
from toulmin.options import DEFAULT_LIMITS, Limits
from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.describe import describe_unit
from toulmin.units.plural import singulars
from toulmin.units.registry import UnitError, known, lookup

MAX_EXPANSION = 20_000  # operations one inlined rule call may expand to
BALANCE_RUN = 32  # a run of `+ -` (or `* /`) this long is lowered as a balanced tree
_CLASS = {"+": "+", "-": "+", "*": "*", "/": "*"}


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


class Resolver:
    """Builds a `Program` from loaded units; collects every diagnostic."""

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

    # ------------------------------------------------------------ diagnostics
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

    # ------------------------------------------------------------ declarations
    def collect(self) -> None:
        for unit in self.units:
            for stmt in unit.module.statements:
                if isinstance(stmt, t.Given):
                    self._declare(self.givens, unit, stmt, stmt.name, stmt.name_span, "given")
                elif isinstance(stmt, t.Let):
                    self._declare(
                        self.lets, unit, stmt, stmt.name, stmt.name_span, "defined by let"
                    )
                elif isinstance(stmt, t.Rule):
                    self._declare(self.rules, unit, stmt, stmt.name, stmt.name_span, "a rule")
                    self._check_params(stmt)
                elif isinstance(stmt, t.UnitDecl):
                    self._declare_unit(unit, stmt)
                elif isinstance(stmt, t.Source):
                    self._declare_source(unit, stmt)
                elif isinstance(stmt, t.Argument) and unit is self.main:
                    if self.program.title is not None:
                        self.report(
                            error(
                                "redefined",
                                "a file has at most one `argument` header",
                                stmt.span,
                                "merge the two headers into one",
                            )
                        )
                    else:
                        self.program.title, self.program.author = stmt.title, stmt.author
        for unit in self.units:
            self._scope(unit)

    def _declare_source(self, unit: Unit, stmt: t.Source) -> None:
        """A source is scoped to its file (spec v2 §6): `[s1]` in a used file means that
        file's `s1`. The program's table keys it by its id when the id is free or names
        the same title and URL (the checked file comes first, so its ids stay plain),
        else by `FILE.ID` (`hw.s1` for `hw.claim`)."""
        local = self._file_sources.setdefault(id(unit), {})
        first = self._source_stmts.setdefault(id(unit), {}).get(stmt.id)
        if first is not None:
            self.report(
                error(
                    "redefined",
                    f"the source `{stmt.id}` is already declared at "
                    f"{first.span.file}:{first.span.line}",
                    stmt.name_span,
                    "give each source its own id; `[ID]` must name one of them",
                    labels=(Label(first.name_span, "first declared here"),),
                )
            )
            return
        self._source_stmts[id(unit)][stmt.id] = stmt
        entry = (stmt.title, stmt.url)
        key = stmt.id
        if self.program.sources.get(key, entry) != entry:
            stem = unit.display.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".claim")
            key = f"{stem}.{stmt.id}"
            n = 2
            while self.program.sources.get(key, entry) != entry:
                key, n = f"{stem}.{stmt.id}.{n}", n + 1
        self.program.sources[key] = entry
        local[stmt.id] = key

    def _source_scope(self, unit: Unit, seen: frozenset[int] = frozenset()) -> dict[str, str]:
        """Source id → program key for the ids a file may cite: its own sources first,
        then those of the files it uses (a file may cite what it imports, never the
        reverse: a used file's `[s1]` is its own `s1`)."""
        if id(unit) in self._source_scopes:
            return self._source_scopes[id(unit)]
        scope = dict(self._file_sources.get(id(unit), {}))
        for _, child in unit.uses:
            if id(child) not in seen:
                for k, v in self._source_scope(child, seen | {id(unit)}).items():
                    scope.setdefault(k, v)
        self._source_scopes[id(unit)] = scope
        return scope

    def _scoped_refs(self) -> None:
        """Refs of used files' givens, lets and claims, renamed to their file's sources."""
        by_file = {u.display: u for u in self.units}

        def renamed(refs: tuple[str, ...], file: str) -> tuple[str, ...]:
            unit = by_file.get(file)
            local = self._source_scope(unit) if unit is not None else {}
            return tuple(local.get(r, r) for r in refs)

        defs: list[GivenDef | LetDef] = [*self.program.givens.values(), *self.program.lets.values()]
        for d in defs:
            d.refs = renamed(d.refs, d.span.file)
        for c in self.program.claims:
            c.refs = renamed(c.refs, c.span.file)

    def _declare(
        self,
        table: dict[str, _Decl],
        unit: Unit,
        stmt: t.Statement,
        name: str,
        span: Span,
        what: str,
    ) -> None:
        full = unit.prefix + name
        if name in BUILTINS:
            self.report(
                error(
                    "redefined",
                    f"`{name}` is a built-in function and cannot be "
                    f"{what.replace('defined by let', 'defined')}",
                    span,
                    f"choose another name, e.g. `{name}_value`",
                )
            )
            return
        clash = table.get(full)
        others = [tb for tb in (self.givens, self.lets, self.rules) if tb is not table]
        if clash is None and table is self.rules:
            clash = next((tb[full] for tb in others if full in tb), None)
        elif clash is None and table is not self.rules:
            clash = self.rules.get(full)
        if clash is not None:
            first = clash.stmt.span
            self.report(
                error(
                    "redefined",
                    f"`{full}` is already {self._what(clash.stmt)} at {first.file}:{first.line}",
                    span,
                    "rename one of them"
                    + (
                        "; a name may be given once and defined by one `let` (a consistency check)"
                        if table is not self.rules
                        else ""
                    ),
                    labels=(Label(first, "first declared here"),),
                )
            )
            return
        table[full] = _Decl(stmt, unit)

    def _check_params(self, rule: t.Rule) -> None:
        """`rule f(a, a)`: the second `a` would silently shadow the first."""
        seen: dict[str, t.Param] = {}
        for p in rule.params:
            if p.name in seen:
                first = seen[p.name].span
                self.report(
                    error(
                        "redefined",
                        f"the parameter `{p.name}` of `{rule.name}` is already named at "
                        f"{first.file}:{first.line}:{first.column}",
                        p.span,
                        "give each parameter its own name",
                        labels=(Label(first, "first named here"),),
                    )
                )
            seen.setdefault(p.name, p)

    @staticmethod
    def _what(stmt: t.Statement) -> str:
        return {"Given": "given", "Let": "defined by a let", "Rule": "a rule"}.get(
            type(stmt).__name__, "declared"
        )

    def _declare_unit(self, unit: Unit, stmt: t.UnitDecl) -> None:
        name = stmt.name
        builtin = True
        try:
            lookup(name)
        except UnitError:
            builtin = False
        if builtin or name in self.unit_decls:
            prev = self.unit_decls.get(name)
            if prev is not None and prev.stmt is stmt:
                return
            if prev is not None and prev.unit is not unit:
                # two files may both declare `unit OOM`; only a different meaning clashes,
                # which is decided once every unit is known (`_check_unit_twins`)
                self._unit_twins.append((prev, _Decl(stmt, unit)))
                return
            if prev is not None:  # twice in one file
                first = prev.stmt.span
                self.report(
                    error(
                        "redefined",
                        f"the unit `{name}` is already defined at {first.file}:{first.line}",
                        stmt.name_span,
                        "declare each unit once",
                        labels=(Label(prev.stmt.name_span, "first defined here"),),  # type: ignore[union-attr]
                    )
                )
                return
            self.report(
                error(
                    "redefined",
                    f"the unit `{name}` is already defined (built in): {describe_unit(name)}",
                    stmt.name_span,
                    f"choose another unit name, e.g. `{name}_`; the built-in `{name}` needs "
                    "no declaration",
                )
            )
            return
        self.unit_decls[name] = _Decl(stmt, unit)

    def _check_unit_twins(self) -> None:
        """A unit declared in two files is one unit when both say the same (two base units
        of that name, or the same SI value and dimension); otherwise a `redefined` error that
        points at the first declaration."""
        for first, second in self._unit_twins:
            a, b = first.stmt, second.stmt
            assert isinstance(a, t.UnitDecl) and isinstance(b, t.UnitDecl)
            if a.value is None and b.value is None:
                continue
            mine = self._unit_memo.get(a.name)
            other: tuple[float, D.Dims] | None = None
            if a.value is not None and b.value is not None and mine is not None:
                try:
                    low = self.lower(b.value, second.unit, {})
                    if isinstance(low.node, ir.Const):
                        other = (low.node.value, low.dims)
                except _Poison:
                    continue  # its own error is reported
            if (
                mine is not None
                and other is not None
                and mine[1] == other[1]
                and math.isclose(mine[0], other[0], rel_tol=1e-9)
            ):
                continue
            if first.unit is self.main:
                a, b = b, a  # point at the checked file, the one its author can edit
            where = f"{a.span.file}:{a.span.line}"
            self.report(
                error(
                    "redefined",
                    f"the unit `{a.name}` is already defined at {where}, differently",
                    b.name_span,
                    "use one definition: keep it in one file that both use, or rename one "
                    "of the units",
                )
            )

    def _scope(self, unit: Unit) -> dict[str, str]:
        """Local name → full name, for every name the unit can see."""
        key = id(unit)
        if key in self.scopes:
            return self.scopes[key]
        scope: dict[str, str] = {}
        self.scopes[key] = scope  # placeholder against cycles (already refused)
        for use, child in unit.uses:
            q = (use.prefix + ".") if use.prefix else ""
            for local, full in self._scope(child).items():
                scope.setdefault(q + local, full)
        for stmt in unit.module.statements:
            if isinstance(stmt, (t.Given, t.Let, t.Rule)):
                scope[stmt.name] = unit.prefix + stmt.name
        return scope

    # ------------------------------------------------------------ units
    def declared_unit(self, name: str) -> str | None:
        """The declared unit `name` stands for: itself, or the singular of a regular
        plural (`queries` for `unit query`, spec v2 §3); a built-in name wins."""
        if name in self.unit_decls:
            return name
        if known(name):
            return None
        return next((s for s in singulars(name) if s in self.unit_decls), None)

    def unit_factor(self, f: t.UnitFactor) -> tuple[float, D.Dims]:
        """SI factor and dimension of one unit name (built in or declared)."""
        name = self.declared_unit(f.name) or f.name
        if name in self.unit_decls:
            got = self._user_unit(name)
            if got is None:
                raise _Poison
            return got
        try:
            info = lookup(name)
        except UnitError as exc:
            self.fail("unknown-unit", exc.message, f.span, exc.hint)
        return info.factor, info.dims

    def _user_unit(self, name: str) -> tuple[float, D.Dims] | None:
        if name in self._unit_memo:
            return self._unit_memo[name]
        decl = self.unit_decls[name]
        stmt = decl.stmt
        assert isinstance(stmt, t.UnitDecl)
        if name in self._unit_busy:
            self.report(
                error(
                    "redefined",
                    f"the unit `{name}` is defined in terms of itself",
                    stmt.name_span,
                    "define it from other units",
                )
            )
            return None
        self._unit_busy.add(name)
        result: tuple[float, D.Dims] | None
        try:
            if stmt.value is None:
                result = (1.0, D.make([(name, 1)]))
            else:
                low = self.lower(stmt.value, decl.unit, {})
                if not isinstance(low.node, ir.Const):
                    self.fail(
                        "syntax",
                        f"the unit `{name}` must be defined by a constant quantity",
                        stmt.span,
                        "write e.g. `unit node = 8 GPU`",
                    )
                assert isinstance(low.node, ir.Const)
                result = (low.node.value, low.dims)
                if not (math.isfinite(result[0]) and result[0] > 0):
                    # every quantity in the unit would be 0 (or change sign): `1 zz = 2 zz`
                    self.fail(
                        "domain",
                        f"the unit `{name}` must be a positive quantity, not "
                        f"{low.node.value:g} in SI units",
                        stmt.value.span,
                        "define a unit by a positive amount, e.g. `unit node = 8 GPU`",
                    )
        except _Poison:
            result = None
        finally:
            self._unit_busy.discard(name)
        self._unit_memo[name] = result
        if result is not None:
            self.program.unit_factors[name] = result[0]
            self.program.unit_dims[name] = result[1]
        return result

    def unit_expr(self, u: t.UnitExpr) -> tuple[float, D.Dims, U.Shape]:
        key = tuple((f.name, f.power) for f in u.factors)
        got = self._unit_expr_memo.get(key)
        if got is not None:
            return got
        factor = 1.0
        dims: D.Dims = ()
        bad = False
        for f in u.factors:
            try:
                uf, ud = self.unit_factor(f)
            except _Poison:
                bad = True
                continue
            try:
                factor *= uf ** float(f.power)
            except OverflowError:
                factor = math.inf
            dims = D.mul(dims, D.power(ud, f.power))
        if bad:
            raise _Poison
        if not math.isfinite(factor) or not MIN_MAGNITUDE <= factor <= MAX_MAGNITUDE:
            # `h^100` is 3600^100 seconds: no float holds it
            self.fail(
                "limit",
                f"the unit `{u.text}` is beyond 1e±300 in SI units",
                u.span,
                "use a smaller power or a larger unit",
            )
        shape = U.combine(tuple((self.declared_unit(n) or n, p) for n, p in key), None)
        self._unit_expr_memo[key] = (factor, dims, shape)
        return factor, dims, shape

    def shape_factor(self, name: str) -> float:
        if name in self.program.unit_factors:
            return self.program.unit_factors[name]
        return lookup(name).factor

    # ------------------------------------------------------------ dimensions of names
    def dims_of(self, full: str) -> D.Dims:
        if full in self._dims_memo:
            got = self._dims_memo[full]
            if got is None:
                raise _Poison
            return got
        if full in self._dims_busy:
            decl = self.lets.get(full) or self.givens[full]
            stmt = decl.stmt
            if isinstance(stmt, t.Given):
                self._dims_memo[full] = None
                self.fail(
                    "syntax",
                    f"the value of the given `{full}` must be a constant (numbers and units)",
                    stmt.name_span,
                    f"use `let {stmt.name} = EXPR` to define it from other names",
                )
            assert isinstance(stmt, t.Let)
            self._dims_memo[full] = None
            self.fail(
                "dimension",
                f"cannot infer the unit of `{full}`: its definition depends on itself",
                stmt.name_span,
                f"annotate it: `let {stmt.name}: UNIT = ...`",
            )
        self._dims_busy.add(full)
        try:
            result = self._compute_dims(full)
        except _Poison:
            self._dims_memo[full] = None
            raise
        finally:
            self._dims_busy.discard(full)
        self._dims_memo[full] = result
        return result

    def _compute_dims(self, full: str) -> D.Dims:
        if full in self.givens:
            g = self.givens[full]
            stmt = g.stmt
            assert isinstance(stmt, t.Given)
            if stmt.unit is not None:
                return self.unit_expr(stmt.unit)[1]
            if stmt.value is None:
                self.fail(
                    "syntax",
                    f"the unknown premise `{stmt.name}` needs a unit",
                    stmt.name_span,
                    f"write `given {stmt.name}: UNIT`",
                )
            first = _premise_expr(stmt.value)
            if first is None:  # beta: a distribution of plain numbers
                return ()
            return self.lower(first, g.unit, {}).dims
        decl = self.lets[full]
        stmt = decl.stmt
        assert isinstance(stmt, t.Let)
        if stmt.unit is not None:
            return self.unit_expr(stmt.unit)[1]
        lowered = self.lower(stmt.expr, decl.unit, {})
        self._let_shapes[full] = lowered.shape
        self._let_lowered[full] = lowered
        return lowered.dims

    # ------------------------------------------------------------ lowering
    def lower(self, e: t.Expr, unit: Unit, params: dict[str, _Lowered], depth: int = 0) -> _Lowered:
        if depth == 0:
            self._too_deep = False
        if depth > self.limits.max_depth + 50:
            self._too_deep = True
            self.fail(
                "limit",
                f"expression nested deeper than {self.limits.max_depth}",
                getattr(e, "span", None),
                "name intermediate results with `let`",
            )
        if isinstance(e, t.Number):
            return self._number(e)
        if isinstance(e, t.Name):
            return self._name(e, unit, params)
        if isinstance(e, t.Neg):
            inner = self.lower(e.operand, unit, params, depth + 1)
            if isinstance(inner.node, ir.Const):
                ex = -inner.node.exact if inner.node.exact is not None else None
                return _Lowered(ir.Const(-inner.node.value, ex), inner.dims, inner.shape)
            return _Lowered(ir.Op("neg", (inner.node,), e.span), inner.dims, inner.shape)
        if isinstance(e, t.BinOp):
            return self._binop(e, unit, params, depth)
        if isinstance(e, t.Call):
            return self._call(e, unit, params, depth)
        raise AssertionError(e)

    def _number(self, e: t.Number) -> _Lowered:
        if e.unit is None:
            return _Lowered(ir.Const(float(e.value), e.value), (), None)
        factor, dims, shape = self.unit_expr(e.unit)
        value = float(e.value) * factor
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            self.fail(
                "limit",
                f"`{e.text}` is beyond 1e±300 in SI units",
                e.span,
                "use a smaller unit or value",
            )
        exact = None
        if all(self.declared_unit(f.name) is None for f in e.unit.factors):
            exact = self._exact_factor(e.unit)
            if exact is not None:
                exact *= e.value
        return _Lowered(ir.Const(value, exact), dims, shape)

    @staticmethod
    def _exact_factor(u: t.UnitExpr) -> Fraction | None:
        """The unit's SI factor as the registry's exact rational: `%` is 1/100, not the
        binary float 0.01 (which made `1 - 100 % = 0` fail by 2e-17)."""
        exact = Fraction(1)
        for f in u.factors:
            try:
                one = lookup(f.name).exact
            except UnitError:
                return None
            if one is None or f.power.denominator != 1:
                return None
            exact *= one ** int(f.power)
        return exact

    def _name(self, e: t.Name, unit: Unit, params: dict[str, _Lowered]) -> _Lowered:
        if e.name in params:
            return params[e.name]
        scope = self._scope(unit)
        full = scope.get(e.name)
        if full is None or (full not in self.givens and full not in self.lets):
            self._unknown_name(e, unit, full)
        assert full is not None
        dims = self.dims_of(full)
        return _Lowered(ir.Ref(full), dims, self._name_shape(full))

    def _name_shape(self, full: str) -> U.Shape | None:
        decl = self.givens.get(full) or self.lets.get(full)
        assert decl is not None
        stmt = decl.stmt
        unit_ann = getattr(stmt, "unit", None)
        if unit_ann is not None:
            return U.combine(
                tuple((self.declared_unit(f.name) or f.name, f.power) for f in unit_ann.factors),
                None,
            )
        if full in self.givens and full in self.lets:
            decl = self.givens[full]
            stmt = decl.stmt
        if isinstance(stmt, t.Let):
            return self._let_shapes.get(full)
        if isinstance(stmt, t.Given) and stmt.value is not None:
            first = _premise_expr(stmt.value, last=True)
            if isinstance(first, t.BinOp):
                first = first.left
            if isinstance(first, t.Number) and first.unit is not None:
                return U.combine(
                    tuple(
                        (self.declared_unit(f.name) or f.name, f.power) for f in first.unit.factors
                    ),
                    None,
                )
        return None

    def _unknown_name(self, e: t.Name, unit: Unit, full: str | None) -> None:
        if full is not None and full in self.rules:
            self.fail(
                "unknown-name",
                f"`{e.name}` is a rule, not a value",
                e.span,
                f"call it with its arguments: `{e.name}(...)`",
            )
        scope = self._scope(unit)
        candidates = [n for n, f in scope.items() if f in self.givens or f in self.lets]
        close = get_close_matches(e.name, candidates, n=1, cutoff=0.7)
        hint = None
        declared = self.unit_decls.get(e.name)
        if declared is not None:
            # a unit of this or a used file: say where it is declared and how units are
            # written, not "declare it" (it is declared)
            where = declared.stmt.span
            what = "this file" if declared.unit is unit else f"`{where.file}`"
            hint = (
                f"`{e.name}` is a unit declared in {what} (line {where.line}); units "
                f"follow a number: `25K USD/{e.name}` (a `$` amount takes none: not "
                f"`$25K/{e.name}`), or `1 {e.name}` in an expression"
            )
        elif close:
            hint = f"did you mean `{close[0]}`?"
        else:
            try:
                lookup(e.name)
                hint = (
                    f"`{e.name}` is a unit; units follow a number: write `1 {e.name}` "
                    f"(e.g. `gpus * 989 TFLOP/s/GPU`)"
                )
            except UnitError:
                hint = (
                    f"declare it: `given {e.name} = VALUE`, `given {e.name}: UNIT`, "
                    f"or `let {e.name} = EXPR`"
                )
        self.fail("unknown-name", f"unknown name `{e.name}`", e.span, hint)

    def _binop(self, e: t.BinOp, unit: Unit, params: dict[str, _Lowered], depth: int) -> _Lowered:
        if e.op == "^":
            if not _constant_expr(e.right):
                return self._power_var(e, unit, params, depth)
            return self._power(e, self.lower(e.left, unit, params, depth + 1), unit)
        return self._chain(e, unit, params, depth)

    def _chain(self, e: t.BinOp, unit: Unit, params: dict[str, _Lowered], depth: int) -> _Lowered:
        """`1 + 1 + … + 1` is a left-nested run of operations, lowered in a loop.

        A flat sum of 300 terms is a list, not nesting (the parser measures depth the
        same way): only the operands count one level deeper. The errors of every
        operand are reported before giving up, as in `_both`.
        """
        spine = [e]
        while isinstance(spine[-1].left, t.BinOp) and spine[-1].left.op != "^":
            spine.append(spine[-1].left)
        spine.reverse()
        poisoned = False
        acc: _Lowered | None = None
        try:
            acc = self.lower(spine[0].left, unit, params, depth + 1)
        except _Poison:
            poisoned = True
        rights: list[_Lowered] = []
        for b in spine:
            if self._too_deep:
                raise _Poison  # one report of the depth, not one per operand
            try:
                rights.append(self.lower(b.right, unit, params, depth + 1))
            except _Poison:
                poisoned = True
        if poisoned or acc is None:
            raise _Poison
        i = 0
        while i < len(spine):
            # a long run of one precedence (`+ -` or `* /`) becomes a balanced tree, so
            # the evaluators' recursion stays shallow however long the sum
            j = i
            while j < len(spine) and _CLASS[spine[j].op] == _CLASS[spine[i].op]:
                j += 1
            first = acc
            for k in range(i, j):
                acc = self._step(spine[k], acc, rights[k])  # dimensions, errors, shape
            if j - i >= BALANCE_RUN:
                items = [(1, first.node, spine[i])]
                items += [
                    (1 if spine[k].op in "+*" else -1, rights[k].node, spine[k])
                    for k in range(i, j)
                ]
                acc = _Lowered(self._balanced(items, 0, len(items), 1), acc.dims, acc.shape)
            i = j
        return acc

    def _balanced(
        self, items: list[tuple[int, ir.Node, t.BinOp]], lo: int, hi: int, flip: int
    ) -> ir.Node:
        """Σ sign·term (or Π term^sign) over items[lo:hi], split in halves.

        `flip` is the sign the caller applies to the whole group; the group's first
        term counts positively under it (`a - (b + c)` is `a - b - c`).
        """
        if hi - lo == 1:
            return items[lo][1]
        mid = (lo + hi) // 2
        left = self._balanced(items, lo, mid, flip)
        sign, _, binop = items[mid]
        effective = sign * flip
        right = self._balanced(items, mid, hi, flip * effective)
        additive = binop.op in "+-"
        op = ("+" if additive else "*") if effective > 0 else ("-" if additive else "/")
        if isinstance(left, ir.Const) and isinstance(right, ir.Const):
            return self._fold(op, left, right, binop)
        return ir.Op(op, (left, right), binop.op_span)

    def _step(self, e: t.BinOp, left: _Lowered, right: _Lowered) -> _Lowered:
        """One `+ - * /` on lowered operands: dimensions, display shape, constant folding."""
        op = e.op
        if op in "+-":
            if left.dims != right.dims:
                self._dimension_mismatch(
                    f"cannot {'add' if op == '+' else 'subtract'} {D.words(right.dims)} "
                    f"{'to' if op == '+' else 'from'} {D.words(left.dims)}",
                    e.left,
                    left,
                    e.right,
                    right,
                    e.op_span,
                )
            shape = left.shape if left.shape is not None else right.shape
            dims = left.dims
        elif op == "*":
            dims = D.mul(left.dims, right.dims)
            shape = U.combine(left.shape, right.shape)
        else:
            dims = D.div(left.dims, right.dims)
            shape = U.combine(left.shape, right.shape, -1)
        if isinstance(left.node, ir.Const) and isinstance(right.node, ir.Const):
            return _Lowered(self._fold(op, left.node, right.node, e), dims, shape)
        return _Lowered(ir.Op(op, (left.node, right.node), e.op_span), dims, shape)

    def _both(
        self, a: t.Expr, b: t.Expr, unit: Unit, params: dict[str, _Lowered], depth: int
    ) -> tuple[_Lowered, _Lowered]:
        """Lower two operands, reporting the errors of both before giving up."""
        try:
            left = self.lower(a, unit, params, depth + 1)
        except _Poison:
            if not self._too_deep:  # one report of the depth, not one per operand
                with contextlib.suppress(_Poison):
                    self.lower(b, unit, params, depth + 1)
            raise
        return left, self.lower(b, unit, params, depth + 1)

    def _fold(self, op: str, a: ir.Const, b: ir.Const, e: t.BinOp) -> ir.Const:
        """Constant folding, exact when both sides are exact."""
        if op == "/" and b.value == 0:
            self.fail("domain", "division by zero", e.op_span)
        exact = None
        if a.exact is not None and b.exact is not None:
            exact = {
                "+": lambda: a.exact + b.exact,
                "-": lambda: a.exact - b.exact,
                "*": lambda: a.exact * b.exact,
                "/": lambda: a.exact / b.exact,
            }[op]()
            value = float(exact) if abs(exact) < 10**308 else math.inf
        else:
            # only the operation asked for: `sqrt(2) - 0` must not divide by the zero
            value = {
                "+": lambda: a.value + b.value,
                "-": lambda: a.value - b.value,
                "*": lambda: a.value * b.value,
                "/": lambda: a.value / b.value,
            }[op]()
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE or _underflows(value, exact):
            self.fail("limit", "this value is beyond 1e±300", e.span)
        return ir.Const(value, exact)

    def _power(self, e: t.BinOp, base: _Lowered, unit: Unit) -> _Lowered:
        p = self._const_exponent(e.right, unit)
        if abs(p) > self.limits.max_exponent:
            self.fail(
                "limit",
                f"the exponent {float(p):g} is beyond ±{self.limits.max_exponent}",
                e.span,
                "rewrite the expression with a smaller exponent",
            )
        if base.dims and p.denominator > 12:
            self.fail(
                "dimension",
                f"a quantity with a unit ({D.words(base.dims)}) can only be "
                "raised to a simple fraction",
                e.op_span,
                "use an exponent like 2, 1/2 or 1/3",
            )
        dims = D.power(base.dims, p)
        shape = U.power(base.shape, p)
        if isinstance(base.node, ir.Const):
            b = base.node
            try:
                if (
                    p.denominator == 1
                    and b.exact is not None
                    and abs(p) <= self.limits.max_exponent
                ):
                    if b.exact == 0 and p < 0:
                        self.fail("domain", "a negative power of zero", e.op_span)
                    ex = b.exact ** int(p)
                    if (
                        ex != 0
                        and abs(math.log10(abs(ex.numerator)) - math.log10(ex.denominator)) > 300
                    ):
                        self.fail(
                            "limit",
                            "this value is beyond 1e±300",
                            e.span,
                            "use a smaller exponent or a larger unit",
                        )
                    return _Lowered(ir.Const(float(ex), ex), dims, shape)
                if b.value < 0:
                    self.fail("domain", "a fractional power of a negative number", e.op_span)
                if b.value == 0 and p < 0:
                    # `floor(0.5)^(-2)`: a folded zero has no exact form to catch it above
                    self.fail("domain", "a negative power of zero", e.op_span)
                value = b.value ** float(p)
            except OverflowError:
                self.fail("limit", "this value is beyond 1e±300", e.span)
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE or _underflows(value, None):
                self.fail("limit", "this value is beyond 1e±300", e.span)
            return _Lowered(ir.Const(value), dims, shape)
        return _Lowered(ir.Op("pow", (base.node,), e.op_span, p), dims, shape)

    def _power_var(
        self, e: t.BinOp, unit: Unit, params: dict[str, _Lowered], depth: int
    ) -> _Lowered:
        """(v2) `base ^ EXPR` with an exponent that is not a constant: growth compounds
        as `g ^ (span / 1 year)`. Base and exponent must both be dimensionless (the
        result's dimension cannot depend on a value); lowered to `powv`."""
        base, ex = self._both(e.left, e.right, unit, params, depth)
        if ex.dims:
            self.fail(
                "dimension",
                f"an exponent must be dimensionless, not {D.words(ex.dims)}",
                e.right.span,
                _compounding_hint(e, ex.dims),
                primary_label=D.words(ex.dims),
            )
        if base.dims:
            self.fail(
                "dimension",
                f"a quantity with a unit ({D.words(base.dims)}) cannot be raised to a "
                "power that is not a number written in the expression",
                e.op_span,
                _rate_base_hint(e, base.dims),
                primary_label=D.words(base.dims),
            )
        if isinstance(base.node, ir.Const) and isinstance(ex.node, ir.Const):
            b, p = base.node.value, ex.node.value
            if b < 0 and p != int(p):
                self.fail("domain", "a non-integer power of a negative number", e.op_span)
            if b == 0 and p <= 0:
                self.fail("domain", "a power of zero that is not positive", e.op_span)
            try:
                value = math.copysign(abs(b) ** p, b if p == int(p) and int(p) % 2 else 1.0)
            except OverflowError:
                self.fail("limit", "this value is beyond 1e±300", e.span)
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                self.fail("limit", "this value is beyond 1e±300", e.span)
            return _Lowered(ir.Const(value), (), None)
        return _Lowered(ir.Op("powv", (base.node, ex.node), e.op_span), (), None)

    def _const_exponent(self, e: t.Expr, unit: Unit) -> Fraction:
        """Fold a constant, dimensionless exponent exactly."""

        def fold(x: t.Expr) -> Fraction:
            if isinstance(x, t.Number):
                if x.unit is not None:
                    low = self._number(x)
                    if low.dims:
                        self.fail(
                            "dimension",
                            f"an exponent must be dimensionless, not {D.words(low.dims)}",
                            x.span,
                        )
                    assert isinstance(low.node, ir.Const)
                    return (
                        low.node.exact if low.node.exact is not None else Fraction(low.node.value)
                    )
                return x.value
            if isinstance(x, t.Neg):
                return -fold(x.operand)
            if isinstance(x, t.BinOp):
                a = fold(x.left)
                if x.op == "^":
                    b = fold(x.right)
                    if (
                        b.denominator != 1
                        or abs(b) > self.limits.max_exponent
                        or (abs(a) > 1 and abs(b) * math.log10(abs(a)) > 300)
                    ):
                        self.fail(
                            "limit",
                            f"the exponent here is beyond ±{self.limits.max_exponent}",
                            x.span,
                            "rewrite the expression with a smaller exponent",
                        )
                    return a ** int(b)
                b = fold(x.right)
                if x.op == "/" and b == 0:
                    self.fail("domain", "division by zero", x.op_span)
                return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[x.op]
            self.fail(
                "dimension",
                "an exponent must be a constant number",
                x.span,
                "a dimensionless base may take any dimensionless exponent: `g ^ (span / 1 year)`",
            )

        return fold(e)

    def _call(self, e: t.Call, unit: Unit, params: dict[str, _Lowered], depth: int) -> _Lowered:
        if e.func in BUILTINS:
            return self._builtin(e, unit, params, depth)
        full = self._scope(unit).get(e.func)
        if full is None or full not in self.rules:
            scope = self._scope(unit)
            rules = [n for n, f in scope.items() if f in self.rules]
            close = get_close_matches(e.func, rules + sorted(BUILTINS), n=1, cutoff=0.6)
            self.fail(
                "unknown-name",
                f"unknown rule or function `{e.func}`",
                e.name_span,
                f"did you mean `{close[0]}`?"
                if close
                else "declare it: `rule NAME(PARAMS) = EXPR`",
            )
        assert full is not None
        decl = self.rules[full]
        rule = decl.stmt
        assert isinstance(rule, t.Rule)
        if len(e.args) != len(rule.params):
            self.fail(
                "syntax",
                f"`{e.func}` takes {len(rule.params)} argument"
                f"{'s' if len(rule.params) != 1 else ''}, got {len(e.args)}",
                e.span,
                f"call it as `{e.func}({', '.join(p.name for p in rule.params)})`",
            )
        if full in self._rule_stack:
            self.fail(
                "syntax",
                f"the rule `{e.func}` calls itself",
                e.span,
                "rules are formulas, not programs: they cannot be recursive",
            )
        bound: dict[str, _Lowered] = {}
        for p, arg in zip(rule.params, e.args):
            low = self.lower(arg, unit, params, depth + 1)
            if p.unit is not None:
                try:
                    want = self.unit_expr(p.unit)[1]
                except _Poison:
                    raise
                if want != low.dims:
                    self.fail(
                        "dimension",
                        f"argument `{p.name}` of `{e.func}` must be "
                        f"{D.words(want)}, not {D.words(low.dims)}",
                        getattr(arg, "span", e.span),
                        self._fix_hint(low.dims, want, arg),
                        labels=(Label(p.span, f"declared as {p.unit.text}"),),
                        primary_label=D.words(low.dims),
                    )
            bound[p.name] = low
        key = (full, tuple((n, id(b.node), b.dims, b.shape) for n, b in bound.items()))
        if key in self._inlined:
            done = self._inlined[key][0]
            if done is None:
                raise _Poison  # already reported for these arguments
            return done
        self._rule_stack.append(full)
        try:
            body = self.lower(rule.expr, decl.unit, bound, depth + 1)
            self._check_expansion(body.node, e)
        except _Poison:
            # the arguments are kept alive with the entry, so their ids stay unique
            self._inlined[key] = (None, tuple(bound.values()))
            raise
        finally:
            self._rule_stack.pop()
        self._inlined[key] = (body, tuple(bound.values()))
        return body

    def _check_expansion(self, node: ir.Node, e: t.Call) -> None:
        """Refuse a rule call that inlines to more than `MAX_EXPANSION` operations.

        Inlined bodies share their arguments' nodes, so the IR is a DAG; every later
        stage walks it as a tree, so its size as a tree is what costs. Sizes are
        memoised by node, so the count is linear in the DAG.
        """
        size = self._tree_size(node)
        if size > MAX_EXPANSION:
            self.fail(
                "limit",
                f"`{e.func}(…)` expands to {size:,} operations once its rules are inlined; "
                f"the limit is {MAX_EXPANSION:,}",
                e.span,
                "name intermediate results with `let` instead of calling a rule twice",
            )

    def _tree_size(self, root: ir.Node) -> int:
        stack: list[tuple[ir.Node, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if not isinstance(node, ir.Op) or id(node) in self._sizes:
                continue
            if ready:
                total = 1 + sum(
                    self._sizes[id(a)][1] if isinstance(a, ir.Op) else 1 for a in node.args
                )
                self._sizes[id(node)] = (node, min(total, 1 << 62))
                continue
            stack.append((node, True))
            stack.extend((a, False) for a in node.args)
        return self._sizes[id(root)][1] if isinstance(root, ir.Op) else 1

    def _builtin(self, e: t.Call, unit: Unit, params: dict[str, _Lowered], depth: int) -> _Lowered:
        f = e.func
        d = OPS[f]
        args = [self.lower(a, unit, params, depth + 1) for a in e.args]
        if d.arity is None and not args:
            self.fail("syntax", f"`{f}` needs at least one argument", e.span)
        if d.arity is not None and len(args) != d.arity:
            self.fail("syntax", f"`{f}` takes one argument, got {len(args)}", e.span)
        a = args[0]
        rule = d.dims
        if rule is DimRule.SAME:
            for other, src in zip(args[1:], e.args[1:]):
                if other.dims != a.dims:
                    self._dimension_mismatch(
                        f"`{f}` needs arguments of one dimension: "
                        f"{D.words(a.dims)} and {D.words(other.dims)}",
                        e.args[0],
                        a,
                        src,
                        other,
                        e.name_span,
                    )
            if len(args) == 1:
                return a
            dims, shape = a.dims, a.shape
        elif rule is DimRule.DIMENSIONLESS:
            if a.dims:
                self.fail(
                    "dimension",
                    f"`{f}` needs a dimensionless argument, not {D.words(a.dims)}",
                    e.args[0].span,
                    self._dimensionless_hint(f, U.text(a.shape) or D.si_unit(a.dims)),
                    primary_label=D.words(a.dims),
                )
            dims, shape = (), None
        elif rule is DimRule.HALF:
            dims, shape = D.power(a.dims, Fraction(1, 2)), U.power(a.shape, Fraction(1, 2))
        else:
            assert rule is DimRule.KEEP, rule
            dims, shape = a.dims, a.shape
        node = ir.Op(f, tuple(x.node for x in args), e.span)
        return _Lowered(self._maybe_const(node, e), dims, shape)

    @staticmethod
    def _dimensionless_hint(f: str, unit: str) -> str:
        if f in ("ceil", "floor"):
            # a quantity's whole number depends on its unit, so the unit must be chosen
            return f"count in a unit of your choice: `{f}(x / 1 {unit}) * 1 {unit}`"
        return f"divide by a reference quantity first, e.g. `{f}(x / (1 {unit}))`"

    def _maybe_const(self, node: ir.Op, e: t.Expr) -> ir.Node:
        if all(isinstance(a, ir.Const) for a in node.args):
            try:
                value = ir.eval_float(node, {})
            except ArithmeticError as exc:
                self.fail("domain", str(exc), getattr(e, "span", None))
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                self.fail("limit", "this value is beyond 1e±300", getattr(e, "span", None))
            return ir.Const(value)
        return node

    # ------------------------------------------------------------ dimension messages
    def _dimension_mismatch(
        self, message: str, le: t.Expr, left: _Lowered, re_: t.Expr, right: _Lowered, op_span: Span
    ) -> None:
        lspan = getattr(le, "span", op_span)
        rspan = getattr(re_, "span", op_span)
        self.fail(
            "dimension",
            message,
            lspan,
            self._fix_hint(left.dims, right.dims, le),
            labels=(Label(rspan, D.words(right.dims)),),
            notes=self._aligned(left.dims, right.dims),
            primary_label=D.words(left.dims),
        )

    @staticmethod
    def _aligned(a: D.Dims, b: D.Dims) -> tuple[str, ...]:
        """`left:  GPU × compute × time⁻¹` / `right:       compute × time⁻¹`, factor by factor."""
        names = [k for k, _ in D.factors(D.make(list(a) + [(k, 0) for k, _ in b]))]
        order = sorted(
            set(k for k, _ in a) | set(k for k, _ in b),
            key=lambda k: ([n for n in names] + [k]).index(k),
        )
        da, db = dict(a), dict(b)
        cols_a, cols_b = [], []
        for k in order:
            ta = f"{k}{D._exp_text(da[k], True)}" if k in da else ""
            tb = f"{k}{D._exp_text(db[k], True)}" if k in db else ""
            w = max(len(ta), len(tb))
            cols_a.append(ta.ljust(w) if ta else " " * w)
            cols_b.append(tb.ljust(w) if tb else " " * w)

        def join(cols: list[str], present: list[bool]) -> str:
            out = ""
            for i, c in enumerate(cols):
                sep = " × " if i and present[i] and any(present[:i]) else "   " if i else ""
                out += sep + c
            return out.rstrip() or "1"

        pa = [k in da for k in order]
        pb = [k in db for k in order]
        return (f"left:  {join(cols_a, pa)}", f"right: {join(cols_b, pb)}")

    def _fix_hint(self, have: D.Dims, want: D.Dims, expr: t.Expr) -> str | None:
        """Compute the fix from the missing factor, as a sentence."""
        extra = D.div(have, want)
        if len(extra) == 1:
            dim, p = extra[0]
            if dim in ("GPU", "token", "param") and abs(p) == 1:
                if p > 0:
                    culprit = self._per_unit_culprit(expr, dim)
                    base = f"divide the left side by a {dim} factor"
                    if culprit:
                        return base + "; " + culprit
                    return base + f" (a per-{dim} figure needs `/{dim}` in its unit)"
                return f"multiply by a number of {dim}s, or remove a `/{dim}` from a unit"
            if dim == "time":
                if D.words(have) in ("power", "energy") or D.words(want) in ("power", "energy"):
                    return (
                        "one side is power (W) and the other energy (J, Wh): multiply the "
                        "power by a duration, or divide the energy by one"
                    )
                if p > 0:
                    return (
                        "one side is an amount and the other a rate (per time): divide the "
                        "amount by a duration, or multiply the rate by one"
                    )
                return (
                    "one side is a rate (per time) and the other an amount: multiply the rate "
                    "by a duration (e.g. `* 1 h`), or write the amount's unit without `/s`"
                )
        if len(extra) == 2 and dict(extra).get("time") is not None and set(dict(extra)) & {"GPU"}:
            return "check for a missing `/GPU` and a rate written as an amount (or the reverse)"
        return f"the two sides differ by a factor of {D.words(extra)}" if extra else None

    def _per_unit_culprit(self, expr: t.Expr, dim: str) -> str | None:
        """Find a given in `expr` that looks like a per-GPU figure written without /GPU."""
        stack: list[t.Expr] = [expr]
        followed: set[str] = set()
        while stack:
            x = stack.pop()
            if isinstance(x, t.Name) and x.name in self.lets and x.name not in followed:
                followed.add(x.name)  # look through lets to the givens behind them
                let_stmt = self.lets[x.name].stmt
                assert isinstance(let_stmt, t.Let)
                stack.append(let_stmt.expr)
            if isinstance(x, t.Name):
                decl = self.givens.get(x.name)
                if decl is not None and isinstance(decl.stmt, t.Given):
                    g = decl.stmt
                    v = g.value.high if isinstance(g.value, t.Range) else g.value
                    unit_text = (
                        g.unit.text
                        if g.unit
                        else (v.unit.text if isinstance(v, t.Number) and v.unit else None)
                    )
                    if unit_text and dim not in unit_text and "/" in unit_text:
                        number = v.text.split()[0] if isinstance(v, t.Number) and v.text else ""
                        number = number.rstrip("".join(c for c in number if c.isalpha()))
                        shown = f"{number} {unit_text}/{dim}".strip()
                        return (
                            f"`{g.name}` (line {g.span.line}) looks like a per-{dim} figure "
                            f"written without /{dim}: `{shown}`"
                        )
            elif isinstance(x, t.BinOp):
                stack.extend([x.right, x.left])
            elif isinstance(x, t.Neg):
                stack.append(x.operand)
            elif isinstance(x, t.Call):
                stack.extend(x.args)
        return None

    # ------------------------------------------------------------ statements
    def build(self) -> Program:
        self.collect()
        for decl in self.unit_decls.values():
            self._user_unit(decl.stmt.name)  # type: ignore[union-attr]
        self._check_unit_twins()
        for full, decl in sorted(self.givens.items()):
            self._given(full, decl)
        if self.main is not None:
            for stmt in self.main.module.statements:
                if isinstance(stmt, t.Scenario):
                    self._scenario(stmt, self.main)
        order = self._let_order()
        for full in order:
            try:
                self.dims_of(full)  # dependencies first, so no deep recursion
            except _Poison:
                pass
        for full in order:
            self._let(full, self.lets[full])
        for unit in self.units:
            for stmt in unit.module.statements:
                if isinstance(stmt, t.Claim):
                    self._claim(stmt, unit)
                known = self._source_scope(unit)
                for ref in getattr(stmt, "refs", ()):
                    if ref.name not in known:
                        close = get_close_matches(ref.name, list(known), n=1)
                        self.report(
                            error(
                                "unknown-name",
                                f"unknown source `{ref.name}`",
                                ref.span,
                                f"did you mean `{close[0]}`?"
                                if close
                                else f'declare it: `source {ref.name} "TITLE" "URL"`',
                            )
                        )
        self._check_claim_ids()
        self._scoped_refs()
        self.program.diagnostics = self.diags
        return self.program

    def _let_order(self) -> list[str]:
        """Lets with the lets they mention first (iterative DFS: chains may be 100k long)."""
        deps: dict[str, list[str]] = {}
        for full, decl in self.lets.items():
            scope = self._scope(decl.unit)
            found: set[str] = set()
            stack: list[t.Expr] = [decl.stmt.expr]  # type: ignore[union-attr]
            while stack:
                x = stack.pop()
                if isinstance(x, t.Name):
                    f = scope.get(x.name)
                    if f is not None and f in self.lets and f != full:
                        found.add(f)
                elif isinstance(x, t.BinOp):
                    stack += [x.left, x.right]
                elif isinstance(x, t.Neg):
                    stack.append(x.operand)
                elif isinstance(x, t.Call):
                    stack += list(x.args)
            deps[full] = sorted(found)
        order: list[str] = []
        state: dict[str, int] = {}
        for root in sorted(deps):
            if root in state:
                continue
            state[root] = 1
            work = [(root, iter(deps[root]))]
            while work:
                node, it = work[-1]
                nxt = next(it, None)
                if nxt is None:
                    work.pop()
                    order.append(node)
                elif nxt not in state:
                    state[nxt] = 1
                    work.append((nxt, iter(deps[nxt])))
        return order

    def _display(self, shape: U.Shape | None, dims: D.Dims, fixed: bool) -> Display:
        if (shape and len(shape) > 1) or (shape and shape[0][1] != 1):
            # `%*TFLOP/s` or `%^2`: dimensionless factors only confuse a combined unit
            shape = tuple((n, p) for n, p in shape if self._unit_dims(n) != ())
        if shape:
            shape = self._readable_shape(shape, dims)
        if shape:
            try:
                factor = 1.0
                for name, p in shape:
                    factor *= self.shape_factor(name) ** float(p)
                names_dims: dict[str, Fraction] = {}
                messy = False
                for name, p in shape:  # `h*USD/s`: two units of one dimension
                    d = (
                        lookup(name).dims
                        if name not in self.program.unit_dims
                        else self.program.unit_dims[name]
                    )
                    if len(d) == 1:
                        key = d[0][0]
                        if key in names_dims and names_dims[key] * p < 0:
                            messy = True
                        names_dims[key] = p
                if not messy:
                    return Display(shape, factor, fixed)
            except UnitError:
                pass
        auto = self._auto_shape(dims)
        factor = 1.0
        return Display(auto, factor, False)

    def _readable_shape(self, shape: U.Shape, dims: D.Dims) -> U.Shape:
        """Spec v2 §5 Display: units of one dimension cancel (`GW/MW` is a number), and a
        compound of more than three factors gives way to a shorter one."""
        shape = U.cancel(shape, self._unit_dims)
        if len(shape) > 3 and len(self._auto_shape(dims)) < len(shape):
            return self._auto_shape(dims)
        return shape

    def _unit_dims(self, name: str) -> D.Dims | None:
        if name in self.program.unit_dims:
            return self.program.unit_dims[name]
        try:
            return lookup(name).dims
        except UnitError:
            return None

    def _auto_shape(self, dims: D.Dims) -> U.Shape:
        shape: list[tuple[str, Fraction]] = []
        for k, v in D.factors(dims):
            if v > 0:
                shape.append((D.BASE_SYMBOL.get(k, k), v))
        for k, v in D.factors(dims):
            if v < 0:
                shape.append((D.BASE_SYMBOL.get(k, k), v))
        return tuple(shape)

    def _given(self, full: str, decl: _Decl) -> None:
        if full in self._given_done:
            return
        if full in self._given_busy:
            stmt = decl.stmt
            assert isinstance(stmt, t.Given)
            self._given_done.add(full)
            self.fail(
                "syntax",
                f"the range of `{stmt.name}` depends on itself",
                stmt.name_span,
                "range ends may use other givens with a point value, not this one",
            )
        self._given_busy.add(full)
        try:
            self._given_body(full, decl)
        except _Poison:
            pass
        finally:
            self._given_busy.discard(full)
            self._given_done.add(full)

    def _given_body(self, full: str, decl: _Decl) -> None:
        stmt = decl.stmt
        assert isinstance(stmt, t.Given)
        dims = self.dims_of(full)
        ann_shape = None
        if stmt.unit is not None:
            ann_shape = self.unit_expr(stmt.unit)[2]
        low = high = None
        shape = ann_shape
        distribution = None
        saved, self._uses = self._uses, set()
        try:
            if stmt.value is not None:
                got = self._premise(stmt.name, stmt.unit is not None, stmt.value, dims, decl.unit)
                low, high, distribution = got.low, got.high, got.distribution
                if shape is None:
                    shape = got.shape
        finally:
            uses, self._uses = self._uses, saved
        self.program.givens[full] = GivenDef(
            full,
            dims,
            self._display(shape, dims, True),
            low,
            high,
            stmt.span,
            stmt.name_span,
            tuple(r.name for r in stmt.refs),
            stmt.quote,
            decl.unit is self.main,
            distribution,
            tuple(sorted(uses)),
        )
        if self.strict and not stmt.refs and decl.unit is self.main and low is not None:
            self.report(
                warning(
                    "unsourced",
                    f"the given `{stmt.name}` has no source",
                    stmt.name_span,
                    "add `[ID]` naming a `source`",
                )
            )

    def _scenario(self, stmt: t.Scenario, unit: Unit) -> None:
        """(v2) A scenario of the checked file: each line replaces one given's value."""
        first = self.program.scenarios.get(stmt.name)
        if first is not None:
            self.report(
                error(
                    "redefined",
                    f"scenario `{stmt.name}` is already defined at line {first.span.line}",
                    stmt.name_span,
                    "give each scenario its own name, or merge the two",
                )
            )
            return
        scope = self._scope(unit)
        givens: dict[str, GivenDef] = {}
        lines: dict[str, Span] = {}
        for item in stmt.items:
            full = scope.get(item.name, item.name)
            if full in lines:
                self.report(
                    error(
                        "redefined",
                        f"`{item.name}` already has a value in this scenario "
                        f"(line {lines[full].line})",
                        item.name_span,
                        "keep one line per given",
                    )
                )
                continue
            lines[full] = item.span
            if full not in self.givens:
                candidates = [n for n, f in scope.items() if f in self.givens]
                close = get_close_matches(item.name, candidates, n=1, cutoff=0.7)
                is_let = full in self.lets
                self.report(
                    error(
                        "unknown-name",
                        f"`{item.name}` is derived (a `let`); a scenario gives values to givens"
                        if is_let
                        else f"unknown given `{item.name}`",
                        item.name_span,
                        f"did you mean `{close[0]}`?"
                        if close
                        else "give a value to one of the givens it is derived from"
                        if is_let
                        else "a scenario line names a given of this file or of a used one "
                        "(full name: `prefix.name`)",
                    )
                )
                continue
            base = self.program.givens.get(full)
            if base is None:  # the given itself has an error, already reported
                continue
            decl = self.givens[full]
            annotated = isinstance(decl.stmt, t.Given) and decl.stmt.unit is not None
            saved, self._uses = self._uses, set()
            try:
                got = self._premise(item.name, annotated, item.value, base.dims, unit)
            except _Poison:
                continue
            finally:
                uses, self._uses = self._uses, saved
            givens[full] = replace(
                base,
                low=got.low,
                high=got.high,
                distribution=got.distribution,
                uses=tuple(sorted(uses)),
                span=item.span,
            )
        self.program.scenarios[stmt.name] = ScenarioDef(
            stmt.name,
            stmt.title,
            tuple(r.name for r in stmt.refs),
            givens,
            stmt.span,
            stmt.name_span,
        )

    # ------------------------------------------------------------ premises (v2)
    def _premise(
        self, name: str, annotated: bool, value: t.Premise, dims: D.Dims, unit: Unit
    ) -> _Premise:
        """The SI values of what a `given` (or a scenario line) assigns: a point, a
        range (`to`, `±`, ends from point-valued names), a one-sided bound, or a
        distribution (its proof range: support, else its 90 % interval)."""
        what = "annotation" if annotated else "other end"
        if isinstance(value, t.Bound):
            v, shape = self._premise_end(name, value.value, dims, unit, what)
            if value.op in (">=", ">"):
                return _Premise(v, math.inf, shape, None)
            return _Premise(-math.inf, v, shape, None)
        if isinstance(value, t.Distribution):
            return self._distribution(name, value, dims, unit, what)
        if isinstance(value, t.Range):
            if value.kind == "±" and value.center is not None and value.delta is not None:
                if self._relative_delta(value.center, value.delta):
                    c, shape = self._premise_end(name, value.center, dims, unit, what)
                    share = self._dimensionless_const(value.delta, unit)
                    ends = sorted((c * (1 - share), c * (1 + share)))
                    return _Premise(ends[0], ends[1], shape, None)
            lo, shape = self._premise_end(name, value.low, dims, unit, what)
            hi, _ = self._premise_end(name, value.high, dims, unit, what)
            if lo > hi:
                self.fail(
                    "domain",
                    f"the range of `{name}` runs backwards",
                    value.span,
                    "write the smaller end first: `LOW to HIGH`",
                )
            return _Premise(lo, hi, shape, None)
        v, shape = self._premise_end(name, value, dims, unit, what)
        return _Premise(v, v, shape, None)

    @staticmethod
    def _relative_delta(center: t.Expr, delta: t.Expr) -> bool:
        """`VALUE ± P %` is relative when VALUE is not itself a percentage (spec v2 §4)."""

        def in_percent(e: t.Expr) -> bool:
            return (
                isinstance(e, t.Number)
                and e.unit is not None
                and [f.name for f in e.unit.factors] == ["%"]
            )

        return in_percent(delta) and not in_percent(center)

    def _dimensionless_const(self, e: t.Expr, unit: Unit) -> float:
        lowered = self.lower(e, unit, {})
        if lowered.dims or not isinstance(lowered.node, ir.Const):
            self.fail("syntax", "expected a constant percentage", e.span)
        assert isinstance(lowered.node, ir.Const)
        return lowered.node.value

    def _premise_end(
        self, name: str, end: t.Expr, dims: D.Dims, unit: Unit, what: str
    ) -> tuple[float, U.Shape | None]:
        """One end of a premise in SI; names are allowed when they have a point value."""
        lowered = self.lower(end, unit, {})
        if lowered.dims != dims:
            self.fail(
                "dimension",
                f"the value of `{name}` is {D.words(lowered.dims)}, but its {what} says "
                f"{D.words(dims)}",
                end.span,
                self._fix_hint(lowered.dims, dims, end),
                primary_label=D.words(lowered.dims),
            )
        node = lowered.node
        if isinstance(node, ir.Const):
            return node.value, lowered.shape
        env: dict[str, float] = {}
        for ref in sorted(set(ir.refs(node))):
            point = self._point_value(ref)
            if point is None:
                self.fail(
                    "syntax",
                    f"the value of the given `{name}` may use only names with a point "
                    f"value; `{ref}` has none",
                    end.span,
                    f"use `let {name} = EXPR` to define it from other names",
                )
            env[ref] = point
            self._uses.add(ref)
        try:
            value = ir.eval_float(node, env)
        except (ArithmeticError, ValueError):
            value = math.nan
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            self.fail(
                "domain",
                f"the value of `{name}` is undefined or beyond 1e±300",
                end.span,
                "check the names it uses",
            )
        return value, lowered.shape

    def _point_value(self, full: str) -> float | None:
        """The value of a given with a point value (resolving it first if needed)."""
        decl = self.givens.get(full)
        if decl is None or full in self.lets:
            return None
        self._given(full, decl)
        g = self.program.givens.get(full)
        if g is None or g.low is None or g.low != g.high or g.distribution is not None:
            return None
        return g.low

    def _distribution(
        self, name: str, value: t.Distribution, dims: D.Dims, unit: Unit, what: str
    ) -> _Premise:
        from toulmin.engine.probability.distributions import make

        args: list[float] = []
        shape = None
        for i, arg in enumerate(value.args):
            # beta's parameters are plain numbers; everything else is in the given's unit
            want: D.Dims = () if value.kind == "beta" else dims
            v, s = self._premise_end(name, arg, want, unit, what)
            args.append(v)
            if shape is None and i == len(value.args) - 1:
                shape = s
        if value.kind == "beta" and dims:
            self.fail(
                "dimension",
                f"`beta` is a distribution of plain numbers in 0 to 1, but `{name}` is "
                f"{D.words(dims)}",
                value.name_span,
                "use `triangular(LOW, MODE, HIGH)` or `A to B` for a quantity",
            )
        try:
            spec = make(value.kind, *args)
            low, high = spec.proof_range()
        except (ValueError, ArithmeticError) as exc:
            self.fail("domain", f"`{name}`: {exc}", value.span)
        return _Premise(low, high, shape, spec)

    def _let(self, full: str, decl: _Decl) -> None:
        stmt = decl.stmt
        assert isinstance(stmt, t.Let)
        try:
            lowered = self._let_lowered.get(full) or self.lower(stmt.expr, decl.unit, {})
            want = self.dims_of(full)
            if lowered.dims != want:
                source = "annotation" if stmt.unit is not None else "given value"
                self.fail(
                    "dimension",
                    f"`{stmt.name}` is defined as {D.words(lowered.dims)}, "
                    f"but its {source} says {D.words(want)}",
                    stmt.expr.span,
                    self._fix_hint(lowered.dims, want, stmt.expr),
                    notes=self._aligned(lowered.dims, want),
                    primary_label=D.words(lowered.dims),
                )
            if stmt.unit is not None:
                display = self._display(self.unit_expr(stmt.unit)[2], want, True)
            elif full in self.givens and full in self.program.givens:
                display = self.program.givens[full].display
            else:
                display = self._display(lowered.shape, want, False)
            self.program.lets[full] = LetDef(
                full,
                want,
                display,
                lowered.node,
                stmt.span,
                stmt.name_span,
                tuple(r.name for r in stmt.refs),
                stmt.quote,
                decl.unit is self.main,
            )
        except _Poison:
            pass

    def _claim(self, stmt: t.Claim, unit: Unit) -> None:
        try:
            high: _Lowered | None = None
            if stmt.op == "in":
                assert isinstance(stmt.rhs, t.Range)
                left, right, high = self._in_range(stmt, stmt.rhs, unit)
            else:
                assert not isinstance(stmt.rhs, t.Range)
                left, right = self._both(stmt.lhs, stmt.rhs, unit, {}, 0)
            if left.dims != right.dims:
                self.fail(
                    "dimension",
                    f"cannot compare {D.words(left.dims)} with {D.words(right.dims)}",
                    stmt.lhs.span,
                    self._fix_hint(left.dims, right.dims, stmt.lhs),
                    labels=(Label(stmt.rhs.span, D.words(right.dims)),),
                    notes=self._aligned(left.dims, right.dims),
                    primary_label=D.words(left.dims),
                )
            tolerance = default_tolerance(stmt.op) if stmt.op != "in" else None
            if stmt.tolerance is not None:
                tolerance = self._tolerance(stmt, unit, left, right)
            display = self._display(
                right.shape or left.shape,
                right.dims,
                # the unit the author wrote on the right, or the right-hand name's own
                # (its annotation: `0.583 PWh/year` for a name annotated TWh/year is wrong)
                isinstance(stmt.rhs, (t.Number, t.Name)) and right.shape is not None,
            )
            qualifier = self._qualifier(stmt.qualifier, unit) if stmt.qualifier else None
            self.program.claims.append(
                ClaimDef(
                    unit.prefix + stmt.id,
                    "claim",
                    left.node,
                    stmt.op,
                    right.node,
                    tolerance,
                    left.dims,
                    display,
                    stmt.span,
                    tuple(r.name for r in stmt.refs),
                    stmt.quote,
                    unit is self.main,
                    high.node if high is not None else None,
                    qualifier,
                )
            )
        except _Poison:
            pass

    def _in_range(
        self, stmt: t.Claim, rng: t.Range, unit: Unit
    ) -> tuple[_Lowered, _Lowered, _Lowered]:
        """(v2) `EXPR in LOW to HIGH` / `in VALUE ± P %`: the expression and both ends."""
        if rng.kind == "±" and rng.center is not None and rng.delta is not None:
            if self._relative_delta(rng.center, rng.delta):
                left, center = self._both(stmt.lhs, rng.center, unit, {}, 0)
                share = self._dimensionless_const(rng.delta, unit)
                if share < 0:
                    self.fail("domain", "a relative spread cannot be negative", rng.delta.span)
                ends = [
                    _Lowered(
                        ir.Op("*", (center.node, ir.Const(1 + k * share))),
                        center.dims,
                        center.shape,
                    )
                    for k in (-1, 1)
                ]
                low, high = self._ordered(ends)
                if center.dims != left.dims:
                    self.fail(
                        "dimension",
                        f"cannot compare {D.words(left.dims)} with {D.words(center.dims)}",
                        stmt.lhs.span,
                        self._fix_hint(left.dims, center.dims, stmt.lhs),
                        labels=(Label(rng.center.span, D.words(center.dims)),),
                        notes=self._aligned(left.dims, center.dims),
                        primary_label=D.words(left.dims),
                    )
                return left, low, high
        left, low = self._both(stmt.lhs, rng.low, unit, {}, 0)
        high = self.lower(rng.high, unit, {})
        for end, e in ((low, rng.low), (high, rng.high)):
            if end.dims != left.dims:
                self.fail(
                    "dimension",
                    f"cannot compare {D.words(left.dims)} with {D.words(end.dims)}",
                    stmt.lhs.span,
                    self._fix_hint(left.dims, end.dims, stmt.lhs),
                    labels=(Label(e.span, D.words(end.dims)),),
                    notes=self._aligned(left.dims, end.dims),
                    primary_label=D.words(left.dims),
                )
        if (
            isinstance(low.node, ir.Const)
            and isinstance(high.node, ir.Const)
            and low.node.value > high.node.value
        ):
            self.fail(
                "domain",
                "the range runs backwards",
                rng.span,
                "write the smaller end first: `LOW to HIGH`",
            )
        return left, low, high

    @staticmethod
    def _ordered(ends: list[_Lowered]) -> tuple[_Lowered, _Lowered]:
        a, b = ends
        if isinstance(a.node, ir.Op) and isinstance(b.node, ir.Op):
            # a negative centre swaps the ends of `± P %`; min/max keeps them right
            lo = _Lowered(ir.Op("min", (a.node, b.node)), a.dims, a.shape)
            hi = _Lowered(ir.Op("max", (a.node, b.node)), a.dims, a.shape)
            return lo, hi
        return a, b

    def _qualifier(self, q: t.Qualifier, unit: Unit) -> Any:
        """(v2) A claim's qualifier as a band on P(holds) (probability/qualifiers.py)."""
        from toulmin.engine.probability import qualifiers as Q

        if q.op is None or q.probability is None:
            return Q.qualifier(q.text)
        lowered = self.lower(q.probability, unit, {})
        if lowered.dims or not isinstance(lowered.node, ir.Const):
            self.fail(
                "dimension",
                "a probability is a plain number or a percentage",
                q.probability.span,
                "write it like `80 %` or `0.8`",
            )
        assert isinstance(lowered.node, ir.Const)
        p = lowered.node.value
        if not 0.0 <= p <= 1.0:
            self.fail(
                "domain",
                "a probability lies between 0 and 1 (0 % and 100 %)",
                q.probability.span,
                "write it like `80 %` or `0.8`",
            )
        return Q.with_probability(q.op, p)

    def _tolerance(self, stmt: t.Claim, unit: Unit, left: _Lowered, right: _Lowered) -> Tolerance:
        """The `within` of a claim (spec v2 §5): only `%` is relative; a bare number is
        absolute in the claim's display unit; a quantity is absolute in its own unit."""
        expr = stmt.tolerance
        assert expr is not None
        if stmt.within is not None and stmt.within.kind == "points" and isinstance(expr, t.Number):
            # `pp` is read here, not looked up: a percentage point is 0.01 of a plain number
            tol = _Lowered(ir.Const(float(expr.value) / 100, expr.value / 100), (), None)
        else:
            tol = self.lower(expr, unit, {})
        if not isinstance(tol.node, ir.Const):
            self.fail("syntax", "a tolerance must be a constant", expr.span)
        assert isinstance(tol.node, ir.Const)
        value = tol.node.value
        if value < 0:
            self.fail("domain", "a tolerance cannot be negative", expr.span)
        within = stmt.within
        if within is not None and within.kind == "points":
            # `within 1 pp`: percentage points, an absolute amount of a plain number
            if left.dims:
                self.fail(
                    "dimension",
                    f"percentage points are for percentages, but the claim compares "
                    f"{D.words(left.dims)}",
                    expr.span,
                    "give a relative tolerance (`within 2 %`) or one in the claim's unit",
                )
            return Tolerance("absolute", value)
        if within is not None and within.kind == "factor":
            if tol.dims or value < 1:
                self.fail(
                    "domain",
                    "a factor tolerance is a plain number of at least 1",
                    expr.span,
                    "for within an order of magnitude, write `within factor 10`",
                )
            return Tolerance("factor", value)
        written = expr.unit if isinstance(expr, t.Number) else None
        if written is not None and [f.name for f in written.factors] == ["%"]:
            return Tolerance("relative", value)
        if not tol.dims and written is None:
            # a bare number counts in the unit the claim is shown in (its right side)
            shown = self._display(right.shape or left.shape, right.dims, False)
            return Tolerance("absolute", value * shown.factor)
        if tol.dims == left.dims:
            return Tolerance("absolute", value)
        self.fail(
            "dimension",
            f"the tolerance is {D.words(tol.dims)} but the claim compares {D.words(left.dims)}",
            expr.span,
            "give a relative tolerance (`within 2 %`) or one in the claim's unit",
            primary_label=D.words(tol.dims),
        )

    def _check_claim_ids(self) -> None:
        seen: dict[str, Span] = {}
        for unit in self.units:
            for stmt in unit.module.statements:
                if isinstance(stmt, t.Claim):
                    full = unit.prefix + stmt.id
                    if full in seen and seen[full] != stmt.span:
                        self.report(
                            error(
                                "redefined",
                                f"claim `{stmt.id}` is already stated at line {seen[full].line}",
                                stmt.id_span,
                                "give each claim its own id",
                            )
                        )
                    seen.setdefault(full, stmt.span)


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


def resolve(units: list[Unit], strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Program:
    """Resolve and lower a loaded program; see the module docstring."""
    return Resolver(units, strict, limits).build()


def _constant_expr(e: t.Expr) -> bool:
    """Whether an exponent is written with numbers only (folded exactly by
    `_const_exponent`); anything with a name or a call is a variable exponent."""
    if isinstance(e, t.Number):
        return True
    if isinstance(e, t.Neg):
        return _constant_expr(e.operand)
    if isinstance(e, t.BinOp):
        return _constant_expr(e.left) and _constant_expr(e.right)
    return False


def _source_name(e: t.Expr, fallback: str) -> str:
    return e.name if isinstance(e, t.Name) else fallback


def _compounding_hint(e: t.BinOp, dims: D.Dims) -> str:
    """The compounding hint (spec §3): an exponent that is a span of time is a number of
    periods once divided by the period."""
    base = _source_name(e.left, "growth")
    if dims == D.make([("time", 1)]):
        span = _source_name(e.right, "span")
        return (
            f"a growth compounds once per period: divide the span by the period, "
            f"`{base} ^ ({span} / 1 year)`"
        )
    ex = _source_name(e.right, "EXPONENT")
    return (
        "divide the exponent by a quantity of its unit to make it a plain number: "
        f"`{base} ^ ({ex} / 1 {D.si_unit(dims)})`"
    )


def _rate_base_hint(e: t.BinOp, dims: D.Dims) -> str:
    """A growth written per year (`4 x/year`) is a rate; compounding needs a factor."""
    base = _source_name(e.left, "base")
    if dims == D.make([("time", -1)]):
        return (
            f"`{base}` is a rate per time; a growth factor is a plain number: write the "
            f"factor per year (e.g. `4x`) and compound it as `{base} ^ (span / 1 year)`"
        )
    return (
        f"make the base a plain number (divide it by its unit: `({base} / 1 {D.si_unit(dims)})"
        " ^ n`), or write the exponent as a number"
    )
