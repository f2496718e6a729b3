"""`toulmin graph` formats: Graphviz DOT, Mermaid (renders in GitHub Markdown) and SVG.

All three are written from the same `model.Graph` as the report's maps: inputs point
to what is computed from them, every edge carries the equation that links them, nodes
say their kind and value in words (and, in DOT and Mermaid, by colour too).
"""

from __future__ import annotations

from toulmin.report.model import Graph, GraphNode
from toulmin.report.svg import VERDICT_COLOURS, graph_svg

FORMATS = ("dot", "mermaid", "svg")

_FILL = {  # kind/shape → fill, as on the report's maps
    ("given", "range"): "#fff8c5",
    ("given", "point"): "#ddf4ff",
    ("derived", "range"): "#fff1e5",
    ("derived", "point"): "#eef1f4",
}
_NO_VALUE = "#fbefff"


def _tag(n: GraphNode) -> str:
    if n.kind == "claim":
        return f"claim: {n.verdict}"
    if n.shape == "none":
        return "no value"
    return f"{'given' if n.kind == 'given' else 'derived'}, {n.shape}"


def _short(s: str, n: int = 48) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: Graph) -> str:
    """A Graphviz digraph, laid out top to bottom like the report's maps."""
    out = [
        f"digraph {_dot_str(g.title)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=10];',
        '  edge [fontname="sans-serif", fontsize=8, color="#8c959f"];',
    ]
    for n in g.nodes:
        label = f"{n.id}\n{_short(n.value)}\n{_tag(n)}"
        attrs = [f"label={_dot_str(label)}"]
        if n.kind == "claim":
            attrs += [
                'fillcolor="#ffffff"',
                f'color="{VERDICT_COLOURS.get(n.verdict or "", "#57606a")}"',
                "penwidth=2.5",
            ]
        else:
            attrs.append(f'fillcolor="{_FILL.get((n.kind, n.shape), _NO_VALUE)}"')
            if n.shape == "none":
                attrs.append('style="rounded,filled,dashed"')
        url = next((s.url for s in n.sources if s.url), None)
        if url and n.kind == "given":
            attrs.append(f"URL={_dot_str(url)}")
        if n.statement:
            attrs.append(f"tooltip={_dot_str(n.statement)}")
        out.append(f"  {_dot_str(n.id)} [{', '.join(attrs)}];")
    for e in g.edges:
        out.append(f"  {_dot_str(e.src)} -> {_dot_str(e.dst)} [label={_dot_str(_short(e.label))}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mm(s: str) -> str:
    """Text inside a Mermaid quoted label: quotes and angle brackets as entities."""
    return (
        s.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("|", "#124;")
    )


def to_mermaid(g: Graph) -> str:
    """A Mermaid flowchart; node ids are n0, n1... (names may hold dots)."""
    ids = {n.id: f"n{i}" for i, n in enumerate(g.nodes)}
    out = ["flowchart TD"]
    for n in g.nodes:
        label = f"{_mm(n.id)}<br/>{_mm(_short(n.value))}<br/><i>{_mm(_tag(n))}</i>"
        open_, close = ("([", "])") if n.kind == "claim" else ("[", "]")
        out.append(f'  {ids[n.id]}{open_}"{label}"{close}')
    for e in g.edges:
        out.append(f'  {ids[e.src]} -->|"{_mm(_short(e.label, 40))}"| {ids[e.dst]}')
    for v, colour in VERDICT_COLOURS.items():
        out.append(f"  classDef {v} fill:#fff,stroke:{colour},stroke-width:3px")
    for (kind, shape), fill in _FILL.items():
        out.append(f"  classDef {kind}_{shape} fill:{fill},stroke:#57606a")
    out.append(f"  classDef novalue fill:{_NO_VALUE},stroke:#57606a,stroke-dasharray:4 2")
    for n in g.nodes:
        if n.kind == "claim":
            cls = n.verdict or "undecided"
        elif (n.kind, n.shape) in _FILL:
            cls = f"{n.kind}_{n.shape}"
        else:
            cls = "novalue"
        out.append(f"  class {ids[n.id]} {cls}")
    for n in g.nodes:
        url = next((s.url for s in n.sources if s.url), None)
        if url and n.kind == "given":
            out.append(f'  click {ids[n.id]} "{_mm(url)}" _blank')
    return "\n".join(out) + "\n"


def export(g: Graph, fmt: str) -> str:
    if fmt == "dot":
        return to_dot(g)
    if fmt == "mermaid":
        return to_mermaid(g)
    if fmt == "svg":
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + graph_svg(g, standalone=True) + "\n"
    raise ValueError(fmt)
