"""The dimension of every name, inferred once (with cycle detection)."""

from __future__ import annotations

from toulmin.dsl import tree as t
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Poison,
    _premise_expr,
)
from toulmin.units import dims as D


class DimsMixin(ResolverBase):
    """The resolver's dims part (see the module docstring)."""

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
            dims = self.lower(first, g.unit, {}).dims
            last = _premise_expr(stmt.value, last=True)
            if last is not None and last is not first:
                # `$2 to $3.5 per_gpu_hour`: an end that cannot be read (its error is
                # reported) leaves the name without a unit, not with the other end's
                self.lower(last, g.unit, {})
            return dims
        decl = self.lets[full]
        stmt = decl.stmt
        assert isinstance(stmt, t.Let)
        if stmt.unit is not None:
            return self.unit_expr(stmt.unit)[1]
        lowered = self.lower(stmt.expr, decl.unit, {})
        self._let_shapes[full] = lowered.shape
        self._let_lowered[full] = lowered
        return lowered.dims
