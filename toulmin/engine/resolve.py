"""Resolve names, units and dimensions, and lower the syntax tree to the engine's IR.

Input: the loaded units of a program (`load.py`). Output: a `Program` whose
givens, lets and claims hold dimension-checked expressions in SI base units.
A statement with an error is dropped (after its diagnostic) so that one
mistake does not cascade into a dozen follow-on errors.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from difflib import get_close_matches
from fractions import Fraction
from typing import NoReturn

from toulmin.diagnostics import Diagnostic, Label, Span, error, warning
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.meaning import Tolerance, default_tolerance
from toulmin.engine.ops import BUILTINS, OPS, DimRule
from toulmin.engine.program import ClaimDef, Display, GivenDef, LetDef, Program
from toulmin.limits import LIMITS
from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.registry import UnitError, lookup

MAX_MAGNITUDE = 1e300


class _Poison(Exception):
    """The expression has an error that is already reported."""


@dataclass
class _Lowered:
    node: ir.Node
    dims: D.Dims
    shape: U.Shape | None


@dataclass
class _Decl:
    """A declaration in the global table: where it is and the scope it sees."""

    stmt: t.Statement
    unit: Unit


class Resolver:
    """Builds a `Program` from loaded units; collects every diagnostic."""

    def __init__(self, units: list[Unit], strict: bool = False) -> None:
        self.units = units
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
        self._rule_stack: list[str] = []
        self._let_shapes: dict[str, U.Shape | None] = {}
        self._let_lowered: dict[str, _Lowered] = {}
        self._reported: set[tuple[int, int, str]] = set()

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
                elif isinstance(stmt, t.UnitDecl):
                    self._declare_unit(unit, stmt)
                elif isinstance(stmt, t.Source):
                    self.program.sources.setdefault(stmt.id, (stmt.title, stmt.url))
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
            first = clash.stmt.span  # type: ignore[union-attr]
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
            if prev is not None and prev.unit.path == unit.path:
                return  # the same file loaded under two prefixes
            self.report(
                error(
                    "redefined",
                    f"the unit `{name}` is already defined" + (" (built in)" if builtin else ""),
                    stmt.name_span,
                    "choose another unit name",
                )
            )
            return
        self.unit_decls[name] = _Decl(stmt, unit)

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
    def unit_factor(self, f: t.UnitFactor) -> tuple[float, D.Dims]:
        """SI factor and dimension of one unit name (built in or declared)."""
        name = f.name
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
        factor = 1.0
        dims: D.Dims = ()
        bad = False
        for f in u.factors:
            try:
                uf, ud = self.unit_factor(f)
            except _Poison:
                bad = True
                continue
            factor *= uf ** float(f.power)
            dims = D.mul(dims, D.power(ud, f.power))
        if bad:
            raise _Poison
        shape = U.combine(tuple((f.name, f.power) for f in u.factors), None)
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
            first = stmt.value.low if isinstance(stmt.value, t.Range) else stmt.value
            assert first is not None
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
        if depth > LIMITS.max_depth + 50:
            self.fail(
                "limit",
                f"expression nested deeper than {LIMITS.max_depth}",
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
        if all(f.name not in self.unit_decls for f in e.unit.factors):
            try:
                exact = e.value * Fraction(factor)
            except (ValueError, OverflowError):
                exact = None
        return _Lowered(ir.Const(value, exact), dims, shape)

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
            return U.combine(tuple((f.name, f.power) for f in unit_ann.factors), None)
        if full in self.givens and full in self.lets:
            decl = self.givens[full]
            stmt = decl.stmt
        if isinstance(stmt, t.Let):
            return self._let_shapes.get(full)
        if isinstance(stmt, t.Given) and stmt.value is not None:
            first = stmt.value.high if isinstance(stmt.value, t.Range) else stmt.value
            if isinstance(first, t.BinOp):
                first = first.left
            if isinstance(first, t.Number) and first.unit is not None:
                return U.combine(tuple((f.name, f.power) for f in first.unit.factors), None)
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
        if close:
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
            return self._power(e, self.lower(e.left, unit, params, depth + 1), unit)
        left, right = self._both(e.left, e.right, unit, params, depth)
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
                "-": lambda: a.exact - b.exact,  # type: ignore
                "*": lambda: a.exact * b.exact,
                "/": lambda: a.exact / b.exact,
            }[op]()  # type: ignore
            value = float(exact) if abs(exact) < 10**308 else math.inf
        else:
            value = {
                "+": a.value + b.value,
                "-": a.value - b.value,
                "*": a.value * b.value,
                "/": a.value / b.value,
            }[op]
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            self.fail("limit", "this value is beyond 1e±300", e.span)
        return ir.Const(value, exact)

    def _power(self, e: t.BinOp, base: _Lowered, unit: Unit) -> _Lowered:
        p = self._const_exponent(e.right, unit)
        if abs(p) > LIMITS.max_exponent:
            self.fail(
                "limit",
                f"the exponent {float(p):g} is beyond ±{LIMITS.max_exponent}",
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
                if p.denominator == 1 and b.exact is not None and abs(p) <= LIMITS.max_exponent:
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
                value = b.value ** float(p)
            except OverflowError:
                self.fail("limit", "this value is beyond 1e±300", e.span)
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                self.fail("limit", "this value is beyond 1e±300", e.span)
            return _Lowered(ir.Const(value), dims, shape)
        return _Lowered(ir.Op("pow", (base.node,), e.op_span, p), dims, shape)

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
                        or abs(b) > LIMITS.max_exponent
                        or (abs(a) > 1 and abs(b) * math.log10(abs(a)) > 300)
                    ):
                        self.fail(
                            "limit",
                            f"the exponent here is beyond ±{LIMITS.max_exponent}",
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
                "use exp() and log() for variable exponents: a^b = exp(b*log(a))",
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
        self._rule_stack.append(full)
        try:
            body = self.lower(rule.expr, decl.unit, bound, depth + 1)
        finally:
            self._rule_stack.pop()
        return body

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
        for full, decl in sorted(self.givens.items()):
            self._given(full, decl)
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
                for ref in getattr(stmt, "refs", ()):
                    if ref.name not in self.program.sources:
                        close = get_close_matches(ref.name, list(self.program.sources), n=1)
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
        stmt = decl.stmt
        assert isinstance(stmt, t.Given)
        try:
            dims = self.dims_of(full)
            ann_shape = None
            if stmt.unit is not None:
                ann_shape = self.unit_expr(stmt.unit)[2]
            low = high = None
            shape = ann_shape
            if stmt.value is not None:
                ends = (
                    [stmt.value.low, stmt.value.high]
                    if isinstance(stmt.value, t.Range)
                    else [stmt.value]
                )
                vals = []
                for end in ends:
                    lowered = self.lower(end, decl.unit, {})
                    if lowered.dims != dims:
                        what = "annotation" if stmt.unit is not None else "other end"
                        self.fail(
                            "dimension",
                            f"the value of `{stmt.name}` is "
                            f"{D.words(lowered.dims)}, but its {what} says "
                            f"{D.words(dims)}",
                            end.span,
                            self._fix_hint(lowered.dims, dims, end),
                            primary_label=D.words(lowered.dims),
                        )
                    if not isinstance(lowered.node, ir.Const):
                        self.fail(
                            "syntax",
                            f"the value of the given `{stmt.name}` must be a "
                            "constant (numbers and units)",
                            end.span,
                            f"use `let {stmt.name} = EXPR` to define it from other names",
                        )
                    assert isinstance(lowered.node, ir.Const)
                    vals.append(lowered.node.value)
                    if shape is None:
                        shape = lowered.shape
                low, high = min(vals), max(vals)
                if len(vals) == 2 and vals[0] > vals[1]:
                    self.report(
                        error(
                            "domain",
                            f"the range of `{stmt.name}` runs backwards",
                            stmt.value.span,
                            "write the smaller end first: `LOW to HIGH`",
                        )
                    )
                    raise _Poison
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
        except _Poison:
            pass

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
            if stmt.op == "in":
                # parsed (spec v2) but not yet lowered: say so instead of guessing
                self.fail(
                    "syntax",
                    "`in` claims are not supported by this version of the engine yet",
                    stmt.op_span,
                    "write two claims: `EXPR >= LOW` and `EXPR <= HIGH`",
                )
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
            tolerance = default_tolerance(stmt.op)
            if stmt.tolerance is not None:
                tolerance = self._tolerance(stmt, unit, left, right)
            display = self._display(
                right.shape or left.shape,
                right.dims,
                isinstance(stmt.rhs, t.Number) and right.shape is not None,
            )
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
                )
            )
        except _Poison:
            pass

    def _tolerance(self, stmt: t.Claim, unit: Unit, left: _Lowered, right: _Lowered) -> Tolerance:
        """The `within` of a claim (spec v2 §5): only `%` is relative; a bare number is
        absolute in the claim's display unit; a quantity is absolute in its own unit."""
        expr = stmt.tolerance
        assert expr is not None
        tol = self.lower(expr, unit, {})
        if not isinstance(tol.node, ir.Const):
            self.fail("syntax", "a tolerance must be a constant", expr.span)
        assert isinstance(tol.node, ir.Const)
        value = tol.node.value
        if value < 0:
            self.fail("domain", "a tolerance cannot be negative", expr.span)
        within = getattr(stmt, "within", None)
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


def resolve(units: list[Unit], strict: bool = False) -> Program:
    """Resolve and lower a loaded program; see the module docstring."""
    return Resolver(units, strict).build()
