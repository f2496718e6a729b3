"""Units written in a file: built-in and user-declared units resolved to an SI factor and a
dimension.
"""

from __future__ import annotations

import math

from toulmin.diagnostics import error
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.magnitude import MAX_MAGNITUDE, MIN_MAGNITUDE
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Poison,
)
from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.plural import singulars
from toulmin.units.registry import UnitError, known, lookup


class UnitsMixin(ResolverBase):
    """The resolver's units part (see the module docstring)."""

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
