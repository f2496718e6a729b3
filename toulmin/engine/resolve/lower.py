"""Lowering expressions to `ir` nodes in SI floats: numbers, names, operators, powers,
rules and built-ins, with dimension checks and constant folding.
"""

from __future__ import annotations

import contextlib
import math
from difflib import get_close_matches
from fractions import Fraction

from toulmin.diagnostics import Label
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.magnitude import MAX_MAGNITUDE
from toulmin.engine.ops import BUILTINS, OPS, DimRule
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Lowered,
    _Poison,
    _premise_expr,
    _underflows,
)
from toulmin.engine.resolve.hints import _compounding_hint, _rate_base_hint
from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.registry import UnitError, lookup

MAX_EXPANSION = 20_000  # operations one inlined rule call may expand to


BALANCE_RUN = 32  # a run of `+ -` (or `* /`) this long is lowered as a balanced tree


_CLASS = {"+": "+", "-": "+", "*": "*", "/": "*"}


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


class LowerMixin(ResolverBase):
    """The resolver's lower part (see the module docstring)."""

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
        """Fold a constant, dimensionless exponent exactly. Units may cancel inside it:
        `g ^ (1 year / 5 year)` is `g ^ (1/5)`; only the whole exponent must be a number."""

        def fold(x: t.Expr) -> tuple[Fraction, D.Dims]:
            if isinstance(x, t.Number):
                if x.unit is not None:
                    low = self._number(x)
                    assert isinstance(low.node, ir.Const)
                    exact = low.node.exact
                    return (exact if exact is not None else Fraction(low.node.value)), low.dims
                return x.value, ()
            if isinstance(x, t.Neg):
                v, d = fold(x.operand)
                return -v, d
            if isinstance(x, t.BinOp):
                a, da = fold(x.left)
                if x.op == "^":
                    b, db = fold(x.right)
                    if db:
                        dimensionless(x.right, db)
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
                    return a ** int(b), D.power(da, b)
                b, db = fold(x.right)
                if x.op in "+-" and da != db:
                    self.fail(
                        "dimension",
                        f"cannot add {D.words(da)} and {D.words(db)}",
                        x.op_span,
                    )
                if x.op == "/" and b == 0:
                    self.fail("domain", "division by zero", x.op_span)
                dims = D.mul(da, db) if x.op == "*" else D.div(da, db) if x.op == "/" else da
                return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[x.op], dims
            self.fail(
                "dimension",
                "an exponent must be a constant number",
                x.span,
                "a dimensionless base may take any dimensionless exponent: `g ^ (span / 1 year)`",
            )

        def dimensionless(x: t.Expr, dims: D.Dims) -> None:
            self.fail(
                "dimension",
                f"an exponent must be dimensionless, not {D.words(dims)}",
                x.span,
            )

        value, dims = fold(e)
        if dims:
            dimensionless(e, dims)
        return value

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
                # `given x = normal(...)`: a distribution, written with `=` instead of `~`
                f"`{e.func}` is a distribution: an uncertain given is written with `~`, "
                f"`given NAME ~ {e.func}(...)`"
                if e.func in t.DISTRIBUTIONS
                else f"did you mean `{close[0]}`?"
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
