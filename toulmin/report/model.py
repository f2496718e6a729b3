"""The report's own data: small frozen dataclasses, and the one place that builds them.

Every read of engine data (`Analysis`, `FileResult`, explain trees, sensitivity rows,
comparisons) happens in the `build_*` functions of this module, so when the engine's
results change shape only this module needs re-pointing. The writers (`svg`, `html`,
`graph_export`) import the dataclasses and nothing from the engine.

Numbers are in the display unit of the thing they belong to (a claim's numbers in the
unit of its right-hand side), so the writers never convert units. Probabilities,
histograms and scenarios are optional: the writers draw them when they are present.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toulmin.engine.analyses import ClaimNode, Explanation, NameNode
from toulmin.render.quantity import show

# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class Span:
    """A value or a range in a display unit, with its text as the checker prints it."""

    low: float
    value: float
    high: float
    unit: str
    text: str

    @property
    def is_point(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None


@dataclass(frozen=True)
class Marker:
    """Where the left side lands at a counterexample or witness (claim's display unit)."""

    kind: str  # "counterexample" or "witness"
    value: float | None  # None when the left side could not be evaluated there
    givens: str  # "mfu_old = 15 %"


@dataclass(frozen=True)
class Threshold:
    """Where an open claim would hold, on the axis of the name that has no value."""

    given: str
    unit: str
    boundaries: tuple[float, ...]  # display unit of `given`
    regions: tuple[tuple[float | None, float | None], ...]  # None: unbounded
    text: str
    moves: tuple[tuple[float, float], ...] = ()  # where each boundary moves over the ranges


@dataclass(frozen=True)
class Probability:
    """P(holds) with its 95 % confidence interval (spec v2)."""

    estimate: float
    low: float
    high: float
    samples: int
    seed: int | None = None
    ranges_as_uniform: tuple[str, ...] = ()


@dataclass(frozen=True)
class Histogram:
    """Samples of a value that depends on distributions, binned (display unit)."""

    name: str
    unit: str
    edges: tuple[float, ...]  # len(counts) + 1
    counts: tuple[int, ...]
    percentiles: tuple[tuple[str, float], ...] = ()  # ("5", v), ("50", v), ("95", v)
    mean: float | None = None


@dataclass(frozen=True)
class Swing:
    """One bar of a tornado: the claim's margin with one range at each end."""

    given: str
    range_text: str
    low: float | None  # lhs/rhs (or lhs-rhs) with the given at its low end
    mid: float | None
    high: float | None
    holds_low: bool | None
    holds_high: bool | None
    measure: str  # "ratio" or "difference"
    elasticity: float | None = None
    rank_correlation: float | None = None  # once probabilities land


@dataclass(frozen=True)
class ScenarioVerdict:
    scenario: str
    verdict: str
    note: str = ""


@dataclass(frozen=True)
class GraphNode:
    id: str
    kind: str  # "claim", "given", "derived" or "free"
    value: str  # as printed: "15 % to 25 %", "?"
    shape: str  # "range", "point" or "none" (no value)
    verdict: str | None = None  # claims only
    statement: str = ""
    at: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class GraphEdge:
    src: str  # an input ...
    dst: str  # ... of this node
    label: str  # the equation that links them


@dataclass(frozen=True)
class Graph:
    title: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


@dataclass(frozen=True)
class Claim:
    file: str
    id: str
    anchor: str  # the HTML id of its row
    kind: str  # "claim" or "consistency"
    line: int
    verdict: str
    proof: str
    op: str
    lhs: Span | None
    rhs: Span | None
    why: str = ""
    statement: str = ""
    quote: str | None = None
    sources: tuple[Source, ...] = ()
    tolerance: tuple[float, float] | None = None  # the band the left side may fall in
    tolerance_text: str = ""
    counterexample: Marker | None = None
    witness: Marker | None = None
    threshold: Threshold | None = None
    swings: tuple[Swing, ...] = ()
    graph: Graph | None = None
    probability: Probability | None = None
    scenarios: tuple[ScenarioVerdict, ...] = ()


@dataclass(frozen=True)
class FileReport:
    path: str
    label: str
    title: str | None
    author: str | None
    claims: tuple[Claim, ...]
    diagnostics: tuple[str, ...] = ()  # error messages: no verdicts when present
    histograms: tuple[Histogram, ...] = ()
    scenarios: tuple[str, ...] = ()  # scenario names, in order


@dataclass(frozen=True)
class SharedNumber:
    name: str
    kind: str  # "given" or "derived"
    status: str  # "apart", "overlap", "same", "only X", "no value"
    a_text: str
    b_text: str
    factor: float | None


@dataclass(frozen=True)
class Reevaluated:
    claim: str
    owner: str
    anchor: str
    own: str
    other: str
    swapped: tuple[str, ...]


@dataclass(frozen=True)
class Crux:
    claim: str
    owner: str
    anchor: str
    own: str
    other: str
    sets: tuple[tuple[str, ...], ...]
    values: tuple[tuple[str, str, str], ...]  # (given, own text, other's text)


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    a_who: str
    b_who: str
    shared: tuple[SharedNumber, ...]
    agree_common: int
    claims: tuple[Reevaluated, ...]
    cruxes: tuple[Crux, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    files: tuple[FileReport, ...]
    comparison: Comparison | None = None

    @property
    def claims(self) -> list[Claim]:
        return [c for f in self.files for c in f.claims]


VERDICTS = ("holds", "fails", "depends", "open", "undecided")


def anchor(file_label: str, claim_id: str) -> str:
    """A stable HTML id for a claim row: file stem and claim id, safe characters only."""
    return "c-" + re.sub(r"[^A-Za-z0-9_.-]", "_", f"{file_label}--{claim_id}")


# ---------------------------------------------------------------- building it


def build_report(
    files: Iterable[tuple[Path, Path]],
    compare: tuple[Path, Path] | None = None,
    budget: float = 2.0,
    graphs: bool = True,
) -> Report:
    """Check every file (with its root folder) and gather what the report shows."""
    reports = [build_file(path, root, budget, graphs) for path, root in files]
    cmp = None
    if compare is not None:
        cmp = build_comparison(*compare, budget=budget)
    if len(reports) == 1:
        title = reports[0].title or reports[0].path
    else:
        title = ", ".join(f.label for f in reports)
    return Report(f"toulmin report: {title}", tuple(reports), cmp)


def _analyse(path: Path, root: Path, budget: float) -> tuple[Any, Any]:
    from toulmin.check import Options, _check, analyse

    options = Options(budget=budget)
    a = analyse(path, str(path), None, options, root)
    return a, _check(a, options)


def build_file(path: Path, root: Path, budget: float = 2.0, graphs: bool = True) -> FileReport:
    """One checked file: its claims with bars, graphs and swings."""
    from toulmin.render.diagnostics import render as render_diagnostic

    a, result = _analyse(path, root, budget)
    label = path.stem
    if result.has_errors:
        lines = []
        for d in result.diagnostics:
            if d.is_error:
                lines.append("\n".join(text for _, text in render_diagnostic(d, result.texts)))
        return FileReport(str(path), label, result.title, result.author, (), tuple(lines))
    claims = tuple(_claim(a, result, c, label, budget, graphs) for c in result.claims)
    names = tuple(s.name for s in result.scenarios if s.evaluated)  # (v2)
    return FileReport(str(path), label, result.title, result.author, claims, scenarios=names)


def _span(q: Any) -> Span | None:
    from toulmin.render.text import show

    if q is None or q.value is None:
        return None
    return Span(q.low / q.scale, q.value / q.scale, q.high / q.scale, q.unit, show(q))


def _sources(known: dict[str, tuple[str, str | None]], refs: Iterable[str]) -> tuple[Source, ...]:
    out = []
    for r in refs:
        title, url = known.get(r, ("?", None))
        out.append(Source(r, title, url))
    return tuple(out)


def _claim(a: Any, result: Any, c: Any, label: str, budget: float, graphs: bool) -> Claim:
    from toulmin.check import all_claims
    from toulmin.explain import statement_text
    from toulmin.render.text import note, point_text

    d = next(x for x in all_claims(a) if x.id == c.id)
    lhs, rhs = _span(c.lhs), _span(c.rhs)
    tol, tol_text = _tolerance(c, rhs)
    ce = wi = None
    if c.counterexample:
        ce = Marker(
            "counterexample", _lhs_at(a, d, c.counterexample, c), point_text(c.counterexample)
        )
    if c.witness:
        wi = Marker("witness", _lhs_at(a, d, c.witness, c), point_text(c.witness))
    threshold = _threshold(a, c, budget) if c.verdict == "open" else None
    return Claim(
        file=result.file,
        id=c.id,
        anchor=anchor(label, c.id),
        kind=c.kind,
        line=c.line,
        verdict=c.verdict,
        proof=c.proof,
        op=c.op,
        lhs=lhs,
        rhs=rhs,
        why=note(c),
        statement=bare(statement_text(result.texts, d.span)),
        quote=c.text,
        sources=_sources(result.sources, c.sources),
        tolerance=tol,
        tolerance_text=tol_text,
        counterexample=ce,
        witness=wi,
        threshold=threshold,
        swings=_swings(a, c.id),
        graph=claim_graph(a, result, c.id) if graphs else None,
        scenarios=tuple(  # (v2) the claim's verdict under each scenario
            ScenarioVerdict(name, sc.verdict, note(sc)) for name, sc in c.scenarios.items()
        ),
    )


def _tolerance(c: Any, rhs: Span | None) -> tuple[tuple[float, float] | None, str]:
    """The band the left side may fall in when the claim has a tolerance."""
    t = c.tolerance
    if not t or rhs is None:
        return None, ""
    if "relative" in t:
        r = float(t["relative"])
        lo, hi = rhs.low - abs(rhs.low) * r, rhs.high + abs(rhs.high) * r
        text = f"within {r * 100:.4g} %"
    elif "absolute" in t:
        r = float(t["absolute"])
        lo, hi = rhs.low - r, rhs.high + r
        text = f"within {r:.4g} {t.get('unit', '')}".rstrip()
    elif "factor" in t:  # spec v2: within factor F
        f = float(t["factor"])
        lo, hi = rhs.low / f, rhs.high * f
        text = f"within factor {f:.4g}"
    else:
        return None, ""
    # An inequality with a tolerance is loosened only in the claim's favour.
    if c.op in ("<", "<="):
        lo = rhs.high
    elif c.op in (">", ">="):
        hi = rhs.low
    return (lo, hi), text


def _lhs_at(a: Any, d: Any, point: dict[str, Any], c: Any) -> float | None:
    """The left side at a counterexample or witness, in the claim's display unit."""
    prover = a.prover
    derived, _, _ = prover.closure([d.lhs, d.rhs])
    env = {n: q.value for n, q in point.items() if q.value is not None}
    try:
        (left,) = prover.eval_point(derived, [d.lhs], env)
    except (ArithmeticError, KeyError, ValueError):
        return None
    scale = (c.rhs or c.lhs).scale
    return left / scale if math.isfinite(left) else None


def _threshold(a: Any, c: Any, budget: float) -> Threshold | None:
    """For an open claim with one name without value: where along it the claim holds."""
    from toulmin.check import all_claims
    from toulmin.cross.solve import UsageError, solve_for_given, unit_of

    d = next(x for x in all_claims(a) if x.id == c.id)
    _, _, free = a.prover.closure(d.sides())
    if len(free) != 1 or free[0] not in a.program.givens:
        return None
    name = free[0]
    try:
        out = solve_for_given(a, c.id, name, budget)
    except (UsageError, ArithmeticError, ValueError):
        return None
    if not out.boundaries:
        return None
    vals = [b.value for b in out.boundaries if b.value is not None]
    if not vals:
        return None
    unit, scale = unit_of(a.program, name, max(abs(v) for v in vals))

    def disp(x: float | None) -> float | None:
        return None if x is None else x / scale

    regions = tuple((disp(r.low), disp(r.high)) for r in out.regions or ())
    moves = tuple(
        (b.low / scale, b.high / scale)
        for b in out.boundaries
        if b.low is not None and b.high is not None and b.low != b.high
    )
    return Threshold(
        name,
        unit,
        tuple(v / scale for v in vals),
        regions,
        c.condition or out.text,
        moves,
    )


def _swings(a: Any, claim_id: str) -> tuple[Swing, ...]:
    from toulmin.cross.sensitivity import sensitivity
    from toulmin.render.quantity import show

    try:
        rows = sensitivity(a, claim_id)
    except (KeyError, ArithmeticError, ValueError):
        return ()
    out = []
    for r in rows:
        out.append(
            Swing(
                r.given,
                show(r.range),
                r.ratio.low,
                r.ratio.mid,
                r.ratio.high,
                r.holds.low,
                r.holds.high,
                r.measure,
                r.elasticity.margin,
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- graphs


def claim_graph(a: Any, result: Any, name: str) -> Graph:
    """The derivation graph of a claim (or of a value): givens → lets → the claim."""
    from toulmin.explain import explanation, lookup_name

    found = lookup_name(a, result, name)
    if found is None:
        raise KeyError(name)
    tree = explanation(a, result, *found)
    nodes: dict[str, GraphNode] = {}
    edges: dict[tuple[str, str], GraphEdge] = {}
    _walk(tree, result, nodes, edges)
    return Graph(name, tuple(nodes.values()), tuple(edges.values()))


def file_graph(a: Any, result: Any) -> Graph:
    """Every claim of a file in one graph (shared names appear once)."""
    nodes: dict[str, GraphNode] = {}
    edges: dict[tuple[str, str], GraphEdge] = {}
    for c in result.claims:
        g = claim_graph(a, result, c.id)
        for n in g.nodes:
            nodes.setdefault(n.id, n)
        for e in g.edges:
            edges.setdefault((e.src, e.dst), e)
    return Graph(result.file, tuple(nodes.values()), tuple(edges.values()))


def graph_of(path: Path, name: str | None, budget: float = 2.0) -> tuple[Graph | None, Any]:
    """For `toulmin graph`: the graph of NAME (or of the whole file), or the diagnostics."""
    a, result = _analyse(path, path.parent, budget)
    if result.has_errors:
        return None, result
    if name is None:
        return file_graph(a, result), result
    from toulmin.cross.lookup import not_found
    from toulmin.explain import lookup_name

    if lookup_name(a, result, name) is None:
        raise LookupError(not_found(a, name, verb="graph"))
    return claim_graph(a, result, name), result


def _node_id(node: Explanation) -> str:
    return node.claim.id if isinstance(node, ClaimNode) else node.name


def _equation(node: Explanation) -> str:
    """The statement(s) that link a node to its inputs, as the author wrote them."""
    if isinstance(node, NameNode) and node.equations:
        return "; ".join(_one_equation(e.statement) for e in node.equations)
    return _one_equation(node.statement)


def _one_equation(text: str) -> str:
    if text.startswith("let "):
        text = text[4:]
    elif text.startswith("claim ") and ": " in text:
        text = text.split(": ", 1)[1]  # the claim's id is the node's name
    return bare(text)


def bare(statement: str) -> str:
    """A statement without its trailing quote and refs (shown beside it, not inside)."""
    text = re.sub(r'\s*"(?:[^"\\]|\\.)*"\s*$', "", statement)
    return re.sub(r"\s*\[[^\]]*\]\s*$", "", text)


def _walk(
    node: Explanation,
    result: Any,
    nodes: dict[str, GraphNode],
    edges: dict[tuple[str, str], GraphEdge],
) -> None:
    nid = _node_id(node)
    if nid not in nodes:
        if isinstance(node, ClaimNode):
            c = node.claim
            gn = GraphNode(
                nid,
                "claim",
                f"{show(c.lhs)} {c.op} {show(c.rhs)}",
                "none",
                c.verdict,
                node.statement,
                node.at,
                _sources(result.sources, c.sources),
            )
        else:
            q = result.values.get(nid)
            if q is None or q.value is None:
                shape = "none"
            else:
                shape = "point" if q.low == q.high else "range"
            srcs = tuple(Source(s.id, s.title, s.url) for s in node.sources)
            gn = GraphNode(
                nid,
                node.kind,
                show(node.value),
                shape,
                None,
                node.statement,
                node.at,
                srcs,
            )
        nodes[nid] = gn
    label = _equation(node)
    for child in node.children:
        cid = _node_id(child)
        edges.setdefault((cid, nid), GraphEdge(cid, nid, label))
        _walk(child, result, nodes, edges)


# ---------------------------------------------------------------- comparison


def build_comparison(pa: Path, pb: Path, budget: float = 2.0) -> Comparison:
    """The cross-examination of two files (raises the compare errors unchanged)."""
    from toulmin.check import Options
    from toulmin.cross.compare import compare_files

    cmp = compare_files(pa, pb, Options(budget=budget))
    la, lb = cmp.a.label, cmp.b.label

    def text(q: Any) -> str:
        return "(no value)" if q is None else show(q)

    shared = tuple(
        SharedNumber(q.name, q.kind, q.status, text(q.a), text(q.b), q.factor)
        for q in cmp.quantities
    )
    claims = tuple(
        Reevaluated(c.claim, c.owner, anchor(c.owner, c.claim), c.own, c.other, c.swapped)
        for c in cmp.claims
    )
    cruxes = tuple(
        Crux(
            c.claim,
            c.owner,
            anchor(c.owner, c.claim),
            c.from_,
            c.to,
            c.sets,
            tuple((n, text(v.own), text(v.other)) for n, v in c.values.items()),
        )
        for c in cmp.cruxes
    )
    return Comparison(
        la,
        lb,
        cmp.a.who,
        cmp.b.who,
        shared,
        cmp.agree_from_common_files,
        claims,
        cruxes,
        cmp.notes,
    )
