"""`Resolver`: the parts of resolution (one module each) put together."""

from __future__ import annotations

from difflib import get_close_matches

from toulmin.diagnostics import error
from toulmin.dsl import tree as t
from toulmin.engine.load import Unit
from toulmin.engine.program import Program
from toulmin.engine.resolve.base import (
    _Poison,
)
from toulmin.engine.resolve.dims import DimsMixin
from toulmin.engine.resolve.display import DisplayMixin
from toulmin.engine.resolve.hints import HintsMixin
from toulmin.engine.resolve.lower import LowerMixin
from toulmin.engine.resolve.premises import PremisesMixin
from toulmin.engine.resolve.scope import ScopeMixin
from toulmin.engine.resolve.statements import StatementsMixin
from toulmin.engine.resolve.units import UnitsMixin
from toulmin.options import DEFAULT_LIMITS, Limits


class Resolver(
    ScopeMixin,
    UnitsMixin,
    DimsMixin,
    LowerMixin,
    HintsMixin,
    DisplayMixin,
    PremisesMixin,
    StatementsMixin,
):
    """Builds a `Program` from loaded units; collects every diagnostic."""

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


def resolve(units: list[Unit], strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Program:
    """Resolve and lower a loaded program; see the module docstring."""
    return Resolver(units, strict, limits).build()
