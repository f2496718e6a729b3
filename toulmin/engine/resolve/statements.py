"""Lets and claims: equations, `in` ranges, qualifiers and tolerances."""

from __future__ import annotations

from typing import Any, NoReturn

from toulmin.diagnostics import Label, Span
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.meaning import Tolerance, default_tolerance
from toulmin.engine.program import ClaimDef, LetDef
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Decl,
    _Lowered,
    _Poison,
)
from toulmin.units import dims as D


class StatementsMixin(ResolverBase):
    """The resolver's statements part (see the module docstring)."""

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

    def _cannot_compare(self, stmt: t.Claim, left: _Lowered, other: _Lowered, at: Span) -> NoReturn:
        """The claim's left side and `other` (its right side, or an end of its range, at
        `at`) differ in dimension: one error, with the fix computed from the gap."""
        self.fail(
            "dimension",
            f"cannot compare {D.words(left.dims)} with {D.words(other.dims)}",
            stmt.lhs.span,
            self._fix_hint(left.dims, other.dims, stmt.lhs),
            labels=(Label(at, D.words(other.dims)),),
            notes=self._aligned(left.dims, other.dims),
            primary_label=D.words(left.dims),
        )

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
                self._cannot_compare(stmt, left, right, stmt.rhs.span)
            tolerance = default_tolerance(stmt.op) if stmt.op != "in" else None
            if stmt.tolerance is not None:
                tolerance = self._tolerance(stmt, unit, left, right)
            written = stmt.rhs
            if isinstance(written, t.Range):  # `in 900 to 1000 TWh/year` keeps TWh/year
                written = written.center if written.center is not None else written.high
            display = self._display(
                right.shape or left.shape,
                right.dims,
                # the unit the author wrote on the right, or the right-hand name's own
                # (its annotation: `0.583 PWh/year` for a name annotated TWh/year is wrong)
                isinstance(written, (t.Number, t.Name)) and right.shape is not None,
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
                    self._cannot_compare(stmt, left, center, rng.center.span)
                return left, low, high
        left, low = self._both(stmt.lhs, rng.low, unit, {}, 0)
        high = self.lower(rng.high, unit, {})
        for end, e in ((low, rng.low), (high, rng.high)):
            if end.dims != left.dims:
                self._cannot_compare(stmt, left, end, e.span)
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
