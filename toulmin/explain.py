"""`toulmin explain`: the derivation tree of a claim or a value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from toulmin.check import Analysis, Options, _check, all_claims, analyse
from toulmin.cross.lookup import not_found
from toulmin.engine import ir
from toulmin.engine.results import FileResult
from toulmin.render.diagnostics import render as render_diagnostic
from toulmin.render.text import VERDICT_STYLE, note, show


def statement_text(texts: dict[str, str], span: Any) -> str:
    """The statement as written (display only; nothing reparses it)."""
    text = texts.get(span.file, "")
    return " ".join(text[span.start : span.end].split()) if text else ""


def lookup_name(a: Analysis, result: FileResult, name: str) -> tuple[str, str] | None:
    """('claim', id) or ('name', full name) for NAME, or None."""
    for c in result.claims:
        if c.id == name:
            return "claim", name
    if name in a.program.givens or name in a.program.lets:
        return "name", name
    return None


def _sources(a: Analysis, refs: tuple[str, ...]) -> list[dict[str, Any]]:
    known = a.program.sources
    return [
        {"id": s, "title": known.get(s, ("?", None))[0], "url": known.get(s, ("?", None))[1]}
        for s in refs
    ]


MAX_TREE_DEPTH = 24  # deeper derivations are cut; `explain` the cut name to go on


def _name_node(
    a: Analysis, result: FileResult, name: str, seen: set[str], depth: int = 0
) -> dict[str, Any]:
    program, model = a.program, a.model
    texts = result.texts
    q = result.values.get(name)
    node: dict[str, Any] = {"name": name, "value": show(q) if q else "?", "children": []}
    g = program.givens.get(name)
    let = program.lets.get(name)
    how = model.how.get(name)  # type: ignore[attr-defined]
    if g is not None and g.known:
        node["kind"] = "given"
        node["statement"] = statement_text(texts, g.span)
        node["at"] = f"{g.span.file}:{g.span.line}"
        node["sources"] = _sources(a, g.refs)
        if g.quote:
            node["quote"] = g.quote
        if let is not None:
            node["also"] = "also defined by: " + statement_text(texts, let.span)
        return node
    if name in model.free:  # type: ignore[attr-defined]
        node["kind"] = "free"
        span = g.span if g is not None else let.span  # type: ignore[union-attr]
        node["statement"] = statement_text(texts, span)
        node["at"] = f"{span.file}:{span.line}"
        node["note"] = "no value: an unknown premise (claims that need it are open)"
        return node
    node["kind"] = "derived"
    if let is not None:
        node["statement"] = statement_text(texts, let.span)
        node["at"] = f"{let.span.file}:{let.span.line}"
        node["sources"] = _sources(a, let.refs)
    if how and how != "let":
        eq_name = how.split()[-1]
        eq = program.lets.get(eq_name)
        node["how"] = how + (f": {statement_text(texts, eq.span)}" if eq else "")
        if g is not None:
            node["statement"] = statement_text(texts, g.span)
            node["at"] = f"{g.span.file}:{g.span.line}"
    if name in seen:
        node["note"] = "shown above"
        return node
    seen.add(name)
    expr = a.prover.defs.get(name)  # type: ignore[attr-defined]
    if expr is not None:
        if depth >= MAX_TREE_DEPTH:
            node["note"] = f"deeper steps not shown: run `toulmin explain FILE {name}`"
            return node
        for child in sorted(set(ir.refs(expr))):
            node["children"].append(_name_node(a, result, child, seen, depth + 1))
    return node


def build_tree(a: Analysis, result: FileResult, kind: str, name: str) -> dict[str, Any]:
    if kind == "name":
        return _name_node(a, result, name, set())
    c = next(c for c in result.claims if c.id == name)
    d = next(d for d in all_claims(a) if d.id == name)
    tree: dict[str, Any] = {
        "claim": c.id,
        "kind": c.kind,
        "statement": statement_text(result.texts, d.span),
        "at": f"{d.span.file}:{d.span.line}",
        "verdict": c.verdict,
        "proof": c.proof,
        "lhs": show(c.lhs),
        "op": c.op,
        "rhs": show(c.rhs),
        "why": note(c),
        "sources": list(c.sources),
        "children": [],
    }
    if c.text:
        tree["quote"] = c.text
    seen: set[str] = set()
    for child in sorted(set(ir.refs(d.lhs)) | set(ir.refs(d.rhs))):
        tree["children"].append(_name_node(a, result, child, seen))
    return tree


def _rich_tree(node: dict[str, Any], parent: Any = None) -> Any:
    from rich.text import Text
    from rich.tree import Tree

    if "claim" in node:
        label = Text()
        label.append(f"claim {node['claim']}", style="bold")
        label.append(f"  {node['verdict']}", style=VERDICT_STYLE.get(node["verdict"], ""))
        label.append(f" ({node['proof']})  {node['at']}\n")
        label.append(f"  {node['statement']}\n")
        label.append(f"  left {node['lhs']}  {node['op']}  right {node['rhs']}")
        if node.get("why"):
            label.append(f"\n  {node['why']}")
        if node.get("quote"):
            label.append(f'\n  "{node["quote"]}"', style="italic")
    else:
        label = Text()
        label.append(node["name"], style="bold")
        label.append(f" = {node['value']}")
        kind = node.get("kind")
        label.append(f"   [{kind}]", style="dim")
        if node.get("at"):
            label.append(f"  {node['at']}", style="dim")
        if node.get("statement"):
            label.append(f"\n  {node['statement']}")
        if node.get("how"):
            label.append(f"\n  {node['how']}", style="cyan")
        for s in node.get("sources", []):
            label.append(
                f"\n  source [{s['id']}] {s['title']}" + (f" {s['url']}" if s["url"] else ""),
                style="blue",
            )
        if node.get("quote"):
            label.append(f'\n  "{node["quote"]}"', style="italic")
        if node.get("also"):
            label.append(f"\n  {node['also']}")
        if node.get("note"):
            label.append(f"\n  ({node['note']})", style="dim")
    branch = Tree(label) if parent is None else parent.add(label)
    for child in node.get("children", []):
        _rich_tree(child, branch)
    return branch


def explain_name(path: Path, name: str, console: Any, fmt: str = "text") -> int:
    """Print the derivation of NAME; returns the exit status."""
    options = Options()
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
    from toulmin.cross.sensitivity import explain_extra, print_sensitivity

    tree = build_tree(a, result, *found)
    tree.update(explain_extra(a, *found))
    if fmt == "json":
        console.print_json(json.dumps(tree, ensure_ascii=False))
    else:
        console.print(_rich_tree(tree))
        print_sensitivity(console, tree, a)
    return 0
