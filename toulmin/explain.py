"""`toulmin explain`: the derivation tree of a claim or a value, as data.

`explanation` builds an `engine.analyses.Explanation` (a `ClaimNode` or `NameNode`
tree); `render/explain.py` writes it as text or Markdown and `render/json.encode` as
JSON. Nothing here prints except `explain_name`, the command's driver, through them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from toulmin.check import Analysis, Options, _check, all_claims, analyse
from toulmin.cross.lookup import not_found
from toulmin.diagnostics import Span
from toulmin.engine import ir
from toulmin.engine.analyses import ClaimNode, Equation, Explanation, NameNode, SourceRef
from toulmin.engine.results import FileResult
from toulmin.engine.solve import Method


def statement_text(texts: dict[str, str], span: Span) -> str:
    """The statement as written (display only; nothing reparses it)."""
    text = texts.get(span.file, "")
    return " ".join(text[span.start : span.end].split()) if text else ""


def _at(span: Span) -> str:
    return f"{span.file}:{span.line}"


def lookup_name(a: Analysis, result: FileResult, name: str) -> tuple[str, str] | None:
    """('claim', id) or ('name', full name) for NAME, or None."""
    for c in result.claims:
        if c.id == name:
            return "claim", name
    if name in a.program.givens or name in a.program.lets:
        return "name", name
    return None


def _sources(a: Analysis, refs: tuple[str, ...]) -> tuple[SourceRef, ...]:
    known = a.program.sources
    return tuple(SourceRef(s, *known.get(s, ("?", None))) for s in refs)


MAX_TREE_DEPTH = 24  # deeper derivations are cut; `explain` the cut name to go on


def _name_node(
    a: Analysis, result: FileResult, name: str, seen: set[str], depth: int = 0
) -> NameNode:
    program, model = a.program, a.model
    texts = result.texts
    value = result.values.get(name)
    g = program.givens.get(name)
    let = program.lets.get(name)
    if g is not None and g.known:
        return NameNode(
            name,
            "given",
            value,
            statement_text(texts, g.span),
            _at(g.span),
            _sources(a, g.refs),
            g.quote or None,
            also=statement_text(texts, let.span) if let is not None else None,
        )
    if name in model.free:
        span = g.span if g is not None else let.span  # type: ignore[union-attr]
        return NameNode(name, "free", value, statement_text(texts, span), _at(span))
    statement, at = "", ""
    sources: tuple[SourceRef, ...] = ()
    if let is not None:
        statement, at, sources = (
            statement_text(texts, let.span),
            _at(let.span),
            _sources(a, let.refs),
        )
    derivation = model.derivations.get(name)
    how: Method | None = None
    equations: tuple[Equation, ...] = ()
    together: tuple[str, ...] = ()
    if derivation is not None and derivation.method != "let":
        how, together = derivation.method, derivation.together
        equations = tuple(
            Equation(e, statement_text(texts, program.lets[e].span), _at(program.lets[e].span))
            for e in derivation.equations
            if e in program.lets
        )
        if g is not None:  # a given without value, solved from equations
            statement, at = statement_text(texts, g.span), _at(g.span)
    node = NameNode(
        name,
        "derived",
        value,
        statement,
        at,
        sources,
        how=how,
        equations=equations,
        together=together,
    )
    if name in seen:
        return replace(node, repeated=True)
    seen.add(name)
    expr = a.prover.defs.get(name)
    if expr is None:
        return node
    if depth >= MAX_TREE_DEPTH:
        return replace(node, cut=True)
    children = tuple(
        _name_node(a, result, child, seen, depth + 1) for child in sorted(set(ir.refs(expr)))
    )
    return replace(node, children=children)


def explanation(a: Analysis, result: FileResult, kind: str, name: str) -> Explanation:
    """The derivation tree of claim or name NAME (`kind` from `lookup_name`)."""
    if kind == "name":
        return _name_node(a, result, name, set())
    from toulmin.cross.sensitivity import sensitivity

    c = next(c for c in result.claims if c.id == name)
    d = next(d for d in all_claims(a) if d.id == name)
    seen: set[str] = set()
    children = tuple(
        _name_node(a, result, child, seen)
        for child in sorted(set(ir.refs(d.lhs)) | set(ir.refs(d.rhs)))
    )
    return ClaimNode(
        c, statement_text(result.texts, d.span), _at(d.span), children, sensitivity(a, name)
    )


def with_rank_correlation(node: Explanation, a: Analysis, result: FileResult) -> Explanation:
    """(v2) An uncertain claim's inputs ranked by rank correlation with its margin."""
    if not isinstance(node, ClaimNode):
        return node
    from toulmin.cross.tornado import rank_correlations

    rows = rank_correlations(a, result, node.claim.id)
    return replace(node, rank_correlation=tuple((r["name"], r["rho"]) for r in rows))


def explain_name(
    path: Path, name: str, console: Any, fmt: str = "text", scenario: str | None = None
) -> int:
    """Print the derivation of NAME in `fmt` (text, json, markdown), under `scenario`
    (v2) when given; the exit status."""
    from toulmin.render.diagnostics import render as render_diagnostic

    options = Options(under=scenario)
    a = analyse(path, str(path), None, options, path.parent)
    result = _check(a, options)
    if result.has_errors:
        for d in result.diagnostics:
            for style, line in render_diagnostic(d, result.texts):
                console.print(line, style=style or None)
        return 2
    found = lookup_name(a, result, name)
    if found is None:
        console.print(f"toulmin: {not_found(a, name)}", style="red")
        return 2
    tree = with_rank_correlation(explanation(a, result, *found), a, result)
    if fmt == "json":
        from toulmin.render.json import dumps, encode

        console.print(dumps({"toulmin": "1", **encode(tree)}), markup=False, highlight=False)
    elif fmt == "markdown":
        from toulmin.render.explain import markdown

        console.print(markdown(tree), markup=False, highlight=False)
    else:
        from toulmin.render.explain import print_explanation

        print_explanation(console, tree)
    return 0
