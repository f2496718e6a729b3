"""Plain SVG charts written from the report model: range bars, threshold bars, tornados,
histograms, probability bars and argument maps.

No plotting library: each chart is a few rectangles, lines and labels, and a string is
all the HTML page (and `toulmin graph --format svg`) needs. Every colour carries a text
label too (a verdict word, a legend, a `<title>`), so nothing is told by colour alone.
Styling is by class; the page's CSS (and `STANDALONE_CSS` for a lone SVG) colours them.
"""

from __future__ import annotations

import math
from html import escape

from toulmin.report.layout import Layout, layered
from toulmin.report.model import Claim, Graph, GraphNode, Histogram, Probability, Threshold

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'

VERDICT_COLOURS = {
    "holds": "#1a7f37",
    "fails": "#cf222e",
    "depends": "#bf8700",
    "open": "#0969da",
    "undecided": "#8250df",
}

# The classes the charts use, with their colours; the page embeds this, a lone SVG too.
STANDALONE_CSS = """
text{font:11px system-ui,sans-serif;fill:#1f2328}
.ax{stroke:#8c959f;stroke-width:1}
.tk{font-size:9px;fill:#57606a}
.tol{fill:#d0d7de;opacity:.7}
.rhs{fill:#57606a;stroke:#24292f}
.rl{stroke:#24292f;stroke-width:2}
.ce{stroke:#cf222e;stroke-width:2;fill:none}
.wi{stroke:#1a7f37;stroke-width:2;fill:#fff}
.ok{fill:#d7f5dd}
.v-holds{fill:#1a7f37}.v-fails{fill:#cf222e}.v-depends{fill:#bf8700}
.v-open{fill:#0969da}.v-undecided{fill:#8250df}
.s-holds{fill:#1a7f37}.s-fails{fill:#cf222e}.s-unknown{fill:#8c959f}
.ref{stroke:#24292f;stroke-dasharray:3 2}
.hb{fill:#54aeff}
.gn rect{stroke:#57606a;stroke-width:1}
.k-given.sh-range rect{fill:#fff8c5}.k-given.sh-point rect{fill:#ddf4ff}
.k-derived.sh-range rect{fill:#fff1e5}.k-derived.sh-point rect{fill:#eef1f4}
.k-free rect,.sh-none rect{fill:#fbefff;stroke-dasharray:4 2}
.k-claim rect{fill:#fff;stroke-width:2.5}
.k-claim.c-holds rect{stroke:#1a7f37}.k-claim.c-fails rect{stroke:#cf222e}
.k-claim.c-depends rect{stroke:#bf8700}.k-claim.c-open rect{stroke:#0969da}
.k-claim.c-undecided rect{stroke:#8250df}
.gn .nm{font-weight:600}
.gn .tg{font-size:9px;fill:#57606a}
.eq{font-size:9.5px;font-style:italic;fill:#57606a}
.ge{stroke:#8c959f;fill:none;stroke-width:1.2;marker-end:url(#ah)}
.lit .ge,.ge.lit{stroke:#0969da;stroke-width:2}
"""


def _num(x: float) -> str:
    """A short number for tick labels: 4 significant digits."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    a = abs(x)
    if 1e-3 <= a < 1e6:
        return f"{x:.4g}"
    return f"{x:.3g}"


def _f(x: float) -> str:
    """A coordinate: one decimal is plenty and keeps the file small."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


class _Axis:
    """Maps values to x pixels, on a log scale when the values span a wide ratio."""

    def __init__(self, values: list[float], x0: float, x1: float, log_ok: bool = True) -> None:
        vals = [v for v in values if math.isfinite(v)]
        lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
        self.log = log_ok and lo > 0 and hi / lo > 30
        if self.log:
            lo, hi = math.log10(lo), math.log10(hi)
        if hi == lo:
            pad = abs(lo) * 0.1 or 1.0
        else:
            pad = (hi - lo) * 0.08
        self.lo, self.hi = lo - pad, hi + pad
        self.x0, self.x1 = x0, x1

    def __call__(self, v: float) -> float:
        if self.log:
            v = math.log10(v) if v > 0 else self.lo
        t = (v - self.lo) / (self.hi - self.lo)
        return self.x0 + max(0.0, min(1.0, t)) * (self.x1 - self.x0)

    def ends(self) -> tuple[float, float]:
        if self.log:
            return 10**self.lo, 10**self.hi
        return self.lo, self.hi


def _svg(w: float, h: float, body: str, label: str, cls: str) -> str:
    return (
        f'<svg {SVG_NS} class="{cls}" width="{_f(w)}" height="{_f(h)}" '
        f'viewBox="0 0 {_f(w)} {_f(h)}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def _ticks(axis: _Axis, y: float, unit: str) -> str:
    a, b = axis.ends()
    u = f" {unit}" if unit and unit != "x" else ("x" if unit == "x" else "")
    return (
        f'<text class="tk" x="{_f(axis.x0)}" y="{_f(y)}">{escape(_num(a) + u)}</text>'
        f'<text class="tk" x="{_f(axis.x1)}" y="{_f(y)}" text-anchor="end">'
        f"{escape(_num(b) + u)}{' (log)' if axis.log else ''}</text>"
    )


def range_bar(c: Claim, width: float = 240.0) -> str:
    """The left side's range against the right side, with tolerance and markers."""
    if c.threshold is not None:
        return threshold_bar(c.threshold, width)
    lhs, rhs = c.lhs, c.rhs
    if lhs is None or rhs is None:
        return ""
    vals = [lhs.low, lhs.high, rhs.low, rhs.high]
    if c.tolerance:
        vals += list(c.tolerance)
    for m in (c.counterexample, c.witness):
        if m is not None and m.value is not None:
            vals.append(m.value)
    ax = _Axis(vals, 4, width - 4)
    y = 15.0
    parts = [f'<line class="ax" x1="{_f(ax.x0)}" y1="{_f(y)}" x2="{_f(ax.x1)}" y2="{_f(y)}"/>']
    desc = [f"left {lhs.text}", f"{c.op} right {rhs.text}"]
    if c.tolerance:
        a, b = ax(c.tolerance[0]), ax(c.tolerance[1])
        parts.append(
            f'<rect class="tol" x="{_f(a)}" y="4" width="{_f(max(b - a, 1))}" height="22"/>'
        )
        desc.append(f"tolerance band {_num(c.tolerance[0])} to {_num(c.tolerance[1])}")
    if rhs.is_point:
        x = ax(rhs.value)
        parts.append(f'<rect class="rhs" x="{_f(x - 1)}" y="3" width="2" height="24"/>')
    else:
        a, b = ax(rhs.low), ax(rhs.high)
        parts.append(
            f'<rect class="rhs" x="{_f(a)}" y="5" width="{_f(max(b - a, 2))}" height="4"/>'
            f'<rect class="rhs" x="{_f(a)}" y="21" width="{_f(max(b - a, 2))}" height="4"/>'
        )
    v = f"v-{c.verdict}"
    if lhs.is_point:
        parts.append(f'<circle class="{v}" cx="{_f(ax(lhs.value))}" cy="{_f(y)}" r="4.5"/>')
    else:
        a, b = ax(lhs.low), ax(lhs.high)
        parts.append(
            f'<rect class="{v}" x="{_f(a)}" y="{_f(y - 3.5)}" width="{_f(max(b - a, 2))}" '
            'height="7" rx="2"/>'
        )
    for m in (c.counterexample, c.witness):
        if m is None or m.value is None:
            continue
        x = ax(m.value)
        if m.kind == "counterexample":
            parts.append(f'<path class="ce" d="M{_f(x - 4)} {_f(y - 4)}l8 8m0 -8l-8 8"/>')
        else:
            parts.append(f'<circle class="wi" cx="{_f(x)}" cy="{_f(y)}" r="3.5"/>')
        desc.append(f"{m.kind} at {_num(m.value)} ({m.givens})")
    parts.append(_ticks(ax, 38, rhs.unit))
    return _svg(width, 42, "".join(parts), "; ".join(desc), "bar")


def threshold_bar(t: Threshold, width: float = 240.0) -> str:
    """An open claim: the axis of its unknown name, where it holds, and the boundary."""
    vals = list(t.boundaries) + [v for m in t.moves for v in m]
    for lo, hi in t.regions:
        vals += [v for v in (lo, hi) if v is not None]
    b0, b1 = min(t.boundaries), max(t.boundaries)
    vals += [b0 * 0.5 if b0 > 0 else b0 - abs(b0) - 1, b1 * 1.5 if b1 > 0 else b1 + abs(b1) + 1]
    ax = _Axis(vals, 4, width - 4, log_ok=False)
    y = 15.0
    parts = [f'<line class="ax" x1="{_f(ax.x0)}" y1="{_f(y)}" x2="{_f(ax.x1)}" y2="{_f(y)}"/>']
    for lo, hi in t.regions:
        a = ax.x0 if lo is None else ax(lo)
        b = ax.x1 if hi is None else ax(hi)
        parts.append(
            f'<rect class="ok" x="{_f(a)}" y="6" width="{_f(max(b - a, 1))}" height="18"/>'
        )
        parts.append(
            f'<text class="tk" x="{_f((a + b) / 2)}" y="13" text-anchor="middle">holds</text>'
        )
    for lo, hi in t.moves:  # how far the boundary moves over the other ranges
        a, b = ax(lo), ax(hi)
        parts.append(
            f'<rect class="tol" x="{_f(a)}" y="24" width="{_f(max(b - a, 1))}" height="4"/>'
        )
    for b in t.boundaries:
        x = ax(b)
        parts.append(f'<rect class="v-open" x="{_f(x - 1)}" y="3" width="2" height="24"/>')
    parts.append(
        f'<text class="tk" x="{_f(ax.x0)}" y="38">{escape(t.given)}</text>'
        f'<text class="tk" x="{_f(ax.x1)}" y="38" text-anchor="end">'
        f"{escape(' / '.join(_num(b) for b in t.boundaries))} {escape(t.unit)}</text>"
    )
    return _svg(width, 42, "".join(parts), t.text, "bar")


def probability_bar(p: Probability, width: float = 90.0) -> str:
    """P(holds) as a filled bar with its confidence interval whiskered."""
    x = lambda v: 2 + v * (width - 4)  # noqa: E731
    label = (
        f"P(holds) = {p.estimate:.1%} (95 % CI {p.low:.1%} to {p.high:.1%}, {p.samples} samples)"
    )
    body = (
        f'<rect class="tol" x="2" y="4" width="{_f(width - 4)}" height="10"/>'
        f'<rect class="v-holds" x="2" y="4" width="{_f(x(p.estimate) - 2)}" height="10"/>'
        f'<line class="rl" x1="{_f(x(p.low))}" y1="9" x2="{_f(x(p.high))}" y2="9"/>'
    )
    return _svg(width, 18, body, label, "pbar")


def tornado(c: Claim, width: float = 520.0) -> str:
    """One bar per range given: the margin with that given at its low and high ends."""
    rows = [s for s in c.swings if s.low is not None and s.high is not None]
    if not rows:
        return ""
    ratio = rows[0].measure == "ratio"
    ref = 1.0 if ratio else 0.0
    vals = [v for s in rows for v in (s.low, s.high, s.mid) if v is not None] + [ref]
    name_w = min(180.0, 8 + 6.4 * max(len(s.given) for s in rows))
    # room on both sides for the "low: holds" words, clear of the names
    ax = _Axis(vals, name_w + 16 + 62, width - 62, log_ok=ratio)
    row_h, top = 22.0, 16.0
    h = top + row_h * len(rows) + 18
    xr = ax(ref)
    what = "left / right" if ratio else "left − right"
    parts = [
        f'<text class="tk" x="{_f(xr)}" y="10" text-anchor="middle">'
        f"{'left = right' if ratio else 'left = right (0)'}</text>",
        f'<line class="ref" x1="{_f(xr)}" y1="12" x2="{_f(xr)}" y2="{_f(h - 16)}"/>',
    ]
    word = {True: "holds", False: "fails", None: "?"}
    desc = [f"tornado of {c.id}: {what} with each range at its ends, others at the middle"]
    for i, s in enumerate(rows):
        y = top + i * row_h
        lo_x, hi_x = ax(s.low), ax(s.high)  # type: ignore[arg-type]
        mid_x = ax(s.mid) if s.mid is not None else (lo_x + hi_x) / 2
        parts.append(
            f'<text x="{_f(name_w + 10)}" y="{_f(y + 14)}" text-anchor="end">'
            f"{escape(s.given)}</text>"
        )
        for end_x, ok in ((lo_x, s.holds_low), (hi_x, s.holds_high)):
            a, b = sorted((mid_x, end_x))
            cls = {True: "s-holds", False: "s-fails", None: "s-unknown"}[ok]
            parts.append(
                f'<rect class="{cls}" x="{_f(a)}" y="{_f(y + 4)}" width="{_f(max(b - a, 1.5))}" '
                'height="13"/>'
            )
        # The words at the ends say what the colours say.
        for end_x, ok, tag in ((lo_x, s.holds_low, "low"), (hi_x, s.holds_high, "high")):
            right = end_x >= mid_x
            parts.append(
                f'<text class="tk" x="{_f(end_x + (3 if right else -3))}" y="{_f(y + 14)}" '
                f'text-anchor="{"start" if right else "end"}">{tag}: {word[ok]}</text>'
            )
        desc.append(
            f"{s.given} {s.range_text}: {_num(s.low)} at low ({word[s.holds_low]}), "  # type: ignore[arg-type]
            f"{_num(s.high)} at high ({word[s.holds_high]})"  # type: ignore[arg-type]
        )
    a, b = ax.ends()
    parts.append(
        f'<text class="tk" x="{_f(ax.x0)}" y="{_f(h - 3)}">{escape(_num(a))}</text>'
        f'<text class="tk" x="{_f((ax.x0 + ax.x1) / 2)}" y="{_f(h - 3)}" text-anchor="middle">'
        f"{escape(what)}{' (log scale)' if ax.log else ''}</text>"
        f'<text class="tk" x="{_f(ax.x1)}" y="{_f(h - 3)}" text-anchor="end">'
        f"{escape(_num(b))}</text>"
    )
    return _svg(width, h, "".join(parts), "; ".join(desc), "tornado")


def histogram(hg: Histogram, width: float = 320.0, height: float = 120.0) -> str:
    """Counts per bin, with the percentiles marked and named."""
    if not hg.counts:
        return ""
    x0, x1, y0, y1 = 6.0, width - 6, height - 20, 14.0
    lo, hi = hg.edges[0], hg.edges[-1]
    span = (hi - lo) or 1.0
    top = max(hg.counts) or 1
    x = lambda v: x0 + (v - lo) / span * (x1 - x0)  # noqa: E731
    parts = []
    for i, n in enumerate(hg.counts):
        a, b = x(hg.edges[i]), x(hg.edges[i + 1])
        hh = (y0 - y1) * n / top
        parts.append(
            f'<rect class="hb" x="{_f(a)}" y="{_f(y0 - hh)}" width="{_f(max(b - a - 0.5, 0.5))}" '
            f'height="{_f(hh)}"/>'
        )
    for name, v in hg.percentiles:
        xv = x(v)
        parts.append(
            f'<line class="ref" x1="{_f(xv)}" y1="{_f(y1 - 2)}" x2="{_f(xv)}" y2="{_f(y0)}"/>'
            f'<text class="tk" x="{_f(xv)}" y="{_f(y1 - 4)}" text-anchor="middle">p{escape(name)}'
            "</text>"
        )
    u = f" {hg.unit}" if hg.unit else ""
    parts.append(
        f'<line class="ax" x1="{_f(x0)}" y1="{_f(y0)}" x2="{_f(x1)}" y2="{_f(y0)}"/>'
        f'<text class="tk" x="{_f(x0)}" y="{_f(height - 6)}">{escape(_num(lo) + u)}</text>'
        f'<text class="tk" x="{_f(x1)}" y="{_f(height - 6)}" text-anchor="end">'
        f"{escape(_num(hi) + u)}</text>"
    )
    pct = ", ".join(f"p{n} = {_num(v)}" for n, v in hg.percentiles)
    label = f"histogram of {hg.name}" + (f": {pct}" if pct else "")
    if hg.mean is not None:
        label += f", mean {_num(hg.mean)}{u}"
    return _svg(width, height, "".join(parts), label, "hist")


# ---------------------------------------------------------------- argument maps

CHAR_W = 6.3  # px per character at 11px: enough for the usual sans-serif faces
NODE_H = 46.0
LABEL_H = 13.0
MAX_LABEL = 56  # characters of an equation shown on the map; the <title> has it all


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _tag(n: GraphNode) -> str:
    """The words that say what the node's colour says."""
    if n.kind == "claim":
        return f"claim: {n.verdict}"
    if n.shape == "none":
        return f"{'given' if n.kind == 'free' else 'let'}, no value"
    return f"{'given' if n.kind == 'given' else 'derived'}, {n.shape}"


def _labels(g: Graph) -> dict[str, str]:
    """The equation written once over each node, where its inputs' edges arrive."""
    out: dict[str, str] = {}
    for e in g.edges:
        out.setdefault(e.dst, e.label)
    return out


def graph_layout(g: Graph) -> Layout:
    labels = _labels(g)
    size: dict[str, tuple[float, float]] = {}
    for n in g.nodes:
        chars = max(len(n.id), len(_short(n.value, 40)), len(_tag(n)) * 0.85)
        w = max(chars * CHAR_W + 14, len(_short(labels.get(n.id, ""), MAX_LABEL)) * 5.6 + 6)
        size[n.id] = (round(w), NODE_H + (LABEL_H if n.id in labels else 0))
    return layered([n.id for n in g.nodes], [(e.src, e.dst) for e in g.edges], size)


MARKER_DEFS = (
    '<defs><marker id="ah" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z" fill="#8c959f"/></marker></defs>'
)


def graph_svg(g: Graph, standalone: bool = False) -> str:
    """An argument map: nodes by kind/verdict, edges down from inputs, equations above."""
    lay = graph_layout(g)
    labels = _labels(g)
    # In the page one marker (MARKER_DEFS) serves every map; a lone SVG brings its own.
    parts = [f"<style>{STANDALONE_CSS}</style>{MARKER_DEFS}"] if standalone else []
    for r in lay.routes:
        d = "M" + "L".join(f"{_f(x)} {_f(y)}" for x, y in r.points)
        parts.append(
            f'<path class="ge" d="{d}" data-s="{escape(r.src)}" data-d="{escape(r.dst)}"/>'
        )
    for n in g.nodes:
        b = lay.boxes[n.id]
        top = b.y
        inner = []
        if n.id in labels:
            inner.append(
                f'<text class="eq" x="{_f(b.cx)}" y="{_f(top + 9)}" text-anchor="middle">'
                f"{escape(_short(labels[n.id], MAX_LABEL))}</text>"
            )
            top += LABEL_H
        inner.append(
            f'<rect x="{_f(b.x)}" y="{_f(top)}" width="{_f(b.w)}" '
            f'height="{_f(NODE_H - 4)}" rx="4"/>'
            f'<text class="nm" x="{_f(b.cx)}" y="{_f(top + 13)}" text-anchor="middle">'
            f"{escape(n.id)}</text>"
            f'<text x="{_f(b.cx)}" y="{_f(top + 26)}" text-anchor="middle">'
            f"{escape(_short(n.value, 40))}</text>"
            f'<text class="tg" x="{_f(b.cx)}" y="{_f(top + 37)}" text-anchor="middle">'
            f"{escape(_tag(n))}</text>"
        )
        tip = [f"{n.id} = {n.value}", n.statement, n.at]
        if n.id in labels and labels[n.id] != n.statement:
            tip.append(labels[n.id])
        tip += [f"[{s.id}] {s.title}" + (f" {s.url}" if s.url else "") for s in n.sources]
        cls = f"gn k-{n.kind} sh-{n.shape}" + (f" c-{n.verdict}" if n.verdict else "")
        body = f"<title>{escape(chr(10).join(t for t in tip if t))}</title>{''.join(inner)}"
        url = next((s.url for s in n.sources if s.url), None)
        if url and n.kind == "given":  # a given links to its source
            body = f'<a href="{escape(url)}" target="_blank" rel="noopener">{body}</a>'
        parts.append(f'<g class="{cls}" data-n="{escape(n.id)}">{body}</g>')
    label = f"argument map of {g.title}: {len(g.nodes)} nodes, {len(g.edges)} edges"
    return _svg(lay.width, lay.height, "".join(parts), label, "map")
