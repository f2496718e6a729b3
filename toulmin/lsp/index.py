"""The symbol table the language server needs, built from the syntax trees of a check.

Definition and reference sites of every name (givens, lets, rules, rule parameters,
claims, sources, declared units, scenarios) across the files a document `use`s, keyed
by a stable symbol key (a full program name such as `hw.h100.tdp`, or
`source:FILE:ID`, `unit:NAME`, `param:FILE:RULE:NAME`).

This is the one adapter between the server and the engine's data: when the engine
grows its own symbol table, `build_index` is the only function to re-point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from toulmin.diagnostics import Span
from toulmin.dsl import tree as t


@dataclass(frozen=True)
class Site:
    """Where a symbol is written: the file (absolute path) and the span of its name."""

    file: str
    span: Span


@dataclass
class Symbol:
    """One defined symbol: its key, the name as defined, what it is and its statement."""

    key: str
    name: str  # the name as written at the definition (`a100.bf16_dense`, `dsv3`)
    kind: str  # given let rule param claim source unit scenario
    site: Site
    stmt: object  # the defining statement (tree node)
    unit_file: str  # the file that defines it


@dataclass
class Occurrence:
    """A name written in a file, pointing at a symbol."""

    key: str
    span: Span  # the whole name as written (`hw.x`)
    is_def: bool
    edit: Span | None = None  # the part a rename replaces (`x` of `hw.x`); None: all of it

    @property
    def edit_span(self) -> Span:
        return self.edit or self.span


@dataclass
class Index:
    """Definitions and references of one checked document and the files it uses."""

    defs: dict[str, Symbol] = field(default_factory=dict)
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)  # file → sorted
    texts: dict[str, str] = field(default_factory=dict)  # file → text
    displays: dict[str, str] = field(default_factory=dict)  # display name → file
    scopes: dict[str, dict[str, str]] = field(default_factory=dict)  # file → local → key
    prefixes: dict[str, str] = field(default_factory=dict)  # file → prefix of its names

    def at(self, file: str, offset: int) -> Occurrence | None:
        """The occurrence under a character offset (end inclusive, for a cursor after it)."""
        for occ in self.occurrences.get(file, []):
            if occ.span.start <= offset <= occ.span.end:
                return occ
        return None

    def references(self, key: str, include_def: bool = True) -> list[Site]:
        """Every site of a symbol, definition first when asked for."""
        out: list[Site] = []
        for file, occs in self.occurrences.items():
            for occ in occs:
                if occ.key == key and (include_def or not occ.is_def):
                    out.append(Site(file, occ.edit_span))
        out.sort(key=lambda s: (not self._is_def(key, s), s.file, s.span.start))
        return out

    def _is_def(self, key: str, site: Site) -> bool:
        d = self.defs.get(key)
        return d is not None and d.site == site


def _file_key(unit: object) -> str:
    path = getattr(unit, "path", None)
    return str(Path(path).resolve()) if path else str(getattr(unit, "display", ""))


def walk(node: object) -> Iterator[object]:
    """Every tree node under `node` (itself included), in source order."""
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple | list):
            stack.extend(reversed(x))
            continue
        if not dataclasses.is_dataclass(x) or isinstance(x, type):
            continue
        yield x
        kids = [
            getattr(x, f.name)
            for f in dataclasses.fields(x)
            if not f.name.endswith("span") and f.name != "span"
        ]
        stack.extend(reversed(kids))


def build_index(units: list) -> Index:  # list[toulmin.engine.load.Unit]
    """Definitions and references of every name in the loaded units (main unit first)."""
    index = Index()
    for unit in units:
        file = _file_key(unit)
        index.texts[file] = unit.module.text
        index.displays[unit.display] = file
        index.prefixes.setdefault(file, unit.prefix)
    # Definitions first, so references in any order resolve.
    for unit in units:
        file = _file_key(unit)
        for stmt in unit.module.statements:
            for key, name, kind, span in _defined(stmt, unit.prefix, file):
                if key not in index.defs:
                    index.defs[key] = Symbol(key, name, kind, Site(file, span), stmt, file)
    for unit in units:
        file = _file_key(unit)
        scope = _scope(unit, {})
        index.scopes.setdefault(file, scope)
        occs = index.occurrences.setdefault(file, [])
        seen = {(o.span.start, o.key) for o in occs}  # a file loaded under two prefixes
        for stmt in unit.module.statements:
            for occ in _occurrences(stmt, unit, file, scope, index):
                if (occ.span.start, occ.key) not in seen:
                    seen.add((occ.span.start, occ.key))
                    occs.append(occ)
        occs.sort(key=lambda o: o.span.start)
    return index


def _defined(stmt: object, prefix: str, file: str) -> Iterator[tuple[str, str, str, Span]]:
    if isinstance(stmt, t.Given | t.Let | t.Rule):
        kind = type(stmt).__name__.lower()
        yield prefix + stmt.name, stmt.name, kind, stmt.name_span
        if isinstance(stmt, t.Rule):
            for p in stmt.params:
                yield (
                    f"param:{file}:{stmt.name}:{p.name}",
                    p.name,
                    "param",
                    _name_part(p.span, p.name),
                )
    elif isinstance(stmt, t.Claim):
        yield "claim:" + prefix + stmt.id, stmt.id, "claim", stmt.id_span
    elif isinstance(stmt, t.Source):
        yield f"source:{file}:{stmt.id}", stmt.id, "source", stmt.name_span
    elif isinstance(stmt, t.UnitDecl):
        yield "unit:" + stmt.name, stmt.name, "unit", stmt.name_span
    elif type(stmt).__name__ == "Scenario":  # v2; fields as the v2 tree names them
        name = getattr(stmt, "name", None)
        span = getattr(stmt, "name_span", None) or getattr(stmt, "span", None)
        if name and span:
            yield "scenario:" + prefix + name, name, "scenario", span


def _name_part(span: Span, name: str) -> Span:
    """The span of the first `len(name)` characters of `span` (a parameter's name)."""
    return dataclasses.replace(
        span, end=span.start + len(name), end_line=span.line, end_column=span.column + len(name)
    )


def _tail(span: Span, length: int) -> Span:
    """The last `length` characters of a one-line span (`x` of `hw.x`)."""
    return dataclasses.replace(span, start=span.end - length, column=span.end_column - length)


def _scope(unit: object, seen: dict[int, dict[str, str]]) -> dict[str, str]:
    """Local name → full name for a unit, as the resolver sees it (spec §4)."""
    key = id(unit)
    if key in seen:
        return seen[key]
    scope: dict[str, str] = {}
    seen[key] = scope
    for use, child in unit.uses:  # type: ignore[attr-defined]
        q = (use.prefix + ".") if use.prefix else ""
        for local, full in _scope(child, seen).items():
            scope.setdefault(q + local, full)
    for stmt in unit.module.statements:  # type: ignore[attr-defined]
        if isinstance(stmt, t.Given | t.Let | t.Rule):
            scope[stmt.name] = unit.prefix + stmt.name  # type: ignore[attr-defined]
    return scope


def _occurrences(
    stmt: object, unit: object, file: str, scope: dict[str, str], index: Index
) -> Iterator[Occurrence]:
    prefix: str = unit.prefix  # type: ignore[attr-defined]
    for defined, _name, _kind, span in _defined(stmt, prefix, file):
        yield Occurrence(defined, span, True)
    params: dict[str, str] = {}
    if isinstance(stmt, t.Rule):
        params = {p.name: f"param:{file}:{stmt.name}:{p.name}" for p in stmt.params}
    for node in walk(stmt):
        if isinstance(node, t.Name):
            key = params.get(node.name) or scope.get(node.name)
            if key and key in index.defs:
                edit = _ref_span(node.span, node.name, index.defs[key])
                yield Occurrence(key, node.span, False, edit)
        elif isinstance(node, t.Call):
            key = scope.get(node.func)
            if key and key in index.defs:
                edit = _ref_span(node.name_span, node.func, index.defs[key])
                yield Occurrence(key, node.name_span, False, edit)
        elif isinstance(node, t.Ref):
            key = f"source:{file}:{node.name}"
            if key not in index.defs:  # a source of a used file (v1: sources are global)
                key = next(
                    (
                        k
                        for k, d in index.defs.items()
                        if d.kind == "source" and d.name == node.name
                    ),
                    key,
                )
            if key in index.defs:
                yield Occurrence(key, node.span, False)
        elif isinstance(node, t.UnitFactor):
            # built-in units too, so hover can explain them (they have no definition site)
            yield Occurrence("unit:" + node.name, node.span, False)


def _ref_span(span: Span, written: str, sym: Symbol) -> Span:
    """The part of a reference that is the defined name: `x` of `hw.x`, for rename."""
    if written != sym.name and written.endswith("." + sym.name):
        return _tail(span, len(sym.name))
    return span
