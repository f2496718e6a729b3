"""Declarations and scopes: the global tables of givens, lets, rules and units, what each
file sees, and claim ids.
"""

from __future__ import annotations

import math

from toulmin.diagnostics import Label, Span, error
from toulmin.dsl import tree as t
from toulmin.engine import ir
from toulmin.engine.load import Unit
from toulmin.engine.ops import BUILTINS
from toulmin.engine.program import GivenDef, LetDef
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Decl,
    _Poison,
)
from toulmin.units import dims as D
from toulmin.units.describe import describe_unit
from toulmin.units.registry import UnitError, lookup


class ScopeMixin(ResolverBase):
    """The resolver's scope part (see the module docstring)."""

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
