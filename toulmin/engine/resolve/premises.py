"""What a `given` or a scenario line assigns (v2): points, ranges, one-sided bounds, `± P
%`, ends from names, distributions; and scenarios.
"""

from __future__ import annotations

import math
from dataclasses import replace
from difflib import get_close_matches

from toulmin.diagnostics import Span, error, warning
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.magnitude import MAX_MAGNITUDE
from toulmin.engine.program import GivenDef, ScenarioDef
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Decl,
    _Poison,
    _Premise,
)
from toulmin.units import dims as D
from toulmin.units import display as U


class PremisesMixin(ResolverBase):
    """The resolver's premises part (see the module docstring)."""

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
