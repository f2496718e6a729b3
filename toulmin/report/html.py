"""The report page: one self-contained HTML file written from the report model.

Everything is inline: the CSS, a few lines of JavaScript (verdict filters, edge
highlighting on the maps, unfolding everything for print) and the SVG charts. A
Content-Security-Policy meta tag forbids every fetch, so a page that tried to load
anything would fail loudly in a browser instead of leaking a request. The only URLs are
the authors' source links.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from toulmin.report import svg
from toulmin.report.model import VERDICTS, Claim, Comparison, FileReport, Report

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

PAGE_CSS = """
:root{--fg:#1f2328;--mut:#57606a;--line:#d0d7de;--bg2:#f6f8fa}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0 auto;
max-width:1280px;padding:0 16px 48px}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid
var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;
z-index:2}
nav a{margin-right:14px}
a{color:#0969da}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--bg2);font-weight:600;font-size:13px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:var(--bg2);padding:1px 3px;
border-radius:3px;word-break:break-word}
.vd{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.vd.v-holds{background:#1a7f37}.vd.v-fails{background:#cf222e}.vd.v-depends{background:#9a6700}
.vd.v-open{background:#0969da}.vd.v-undecided{background:#8250df}
.mut,.why{color:var(--mut);font-size:12px}
q{font-style:italic;color:var(--mut);font-size:12px;display:block}
tr.claim:target,tr.claim:target+tr{background:#fff8c5}
tr.claim,section,h3{scroll-margin-top:40px}
tr.detail td{border-bottom:1px solid var(--line);padding-top:0}
tr.claim td{border-bottom:none}
details summary{cursor:pointer;color:#0969da;font-size:12px}
.mapbox{overflow-x:auto;padding:6px 0}
.legend span{margin-right:12px;font-size:12px}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;margin-right:3px;
border:1px solid #57606a}
.filters label{margin-right:12px;font-size:13px}
.errors pre{background:#ffebe9;padding:8px;overflow-x:auto}
.fig{margin:8px 0 16px}
@media print{nav,.filters{display:none}body{max-width:none}
tr.claim,tr.detail,.fig{break-inside:avoid}a{color:inherit}}
"""

SCRIPT = """
(function(){
  var boxes=document.querySelectorAll('input[data-filter]');
  function apply(){
    var on={};boxes.forEach(function(b){on[b.dataset.filter]=b.checked;});
    document.querySelectorAll('tr.claim').forEach(function(tr){
      var hide=on[tr.dataset.verdict]===false;tr.hidden=hide;
      var d=tr.nextElementSibling;if(d&&d.classList.contains('detail')){d.hidden=hide;}
    });
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  document.querySelectorAll('svg.map').forEach(function(map){
    map.addEventListener('mouseover',function(e){
      map.querySelectorAll('.lit').forEach(function(x){x.classList.remove('lit');});
      var g=e.target.closest&&e.target.closest('g.gn');if(!g){return;}
      var n=g.getAttribute('data-n');
      map.querySelectorAll('path.ge').forEach(function(p){
        if(p.getAttribute('data-s')===n||p.getAttribute('data-d')===n){p.classList.add('lit');}
      });
    });
  });
  var opened=[];
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});
  });
  window.addEventListener('afterprint',function(){
    opened.forEach(function(d){d.open=false;});opened=[];
  });
})();
"""


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def verdict_badge(v: str) -> str:
    """A verdict in colour and in words."""
    return f'<span class="vd v-{_e(v)}">{_e(v)}</span>'


def _link(c_anchor: str, text: str) -> str:
    return f'<a href="#{_e(c_anchor)}">{_e(text)}</a>'


def render(report: Report) -> str:
    """The whole page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{PAGE_CSS}{svg.STANDALONE_CSS}</style></head><body>",
        # One arrowhead for every map on the page.
        f'<svg {svg.SVG_NS} width="0" height="0" style="position:absolute" aria-hidden="true">'
        f"{svg.MARKER_DEFS}</svg>",
        f"<h1>{_e(report.title)}</h1>",
    ]
    sections = [("summary", "Summary"), ("claims", "Claims")]
    if any(c.swings for c in report.claims) or any(f.histograms for f in report.files):
        sections.append(("sensitivity", "Sensitivity"))
    if any(f.scenarios for f in report.files):
        sections.append(("scenarios", "Scenarios"))
    if report.comparison is not None:
        sections.append(("compare", "Compare"))
    out.append("<nav>" + "".join(f'<a href="#{k}">{t}</a>' for k, t in sections) + "</nav>")
    out.append(_summary(report))
    out.append('<section id="claims"><h2>Claims</h2>')
    out.append(_legend())
    for f in report.files:
        out.append(_file_table(f))
    out.append("</section>")
    if ("sensitivity", "Sensitivity") in sections:
        out.append(_sensitivity(report))
    if ("scenarios", "Scenarios") in sections:
        out.append(_scenarios(report))
    if report.comparison is not None:
        out.append(_compare(report.comparison))
    out.append(
        '<p class="mut">Written by <code>toulmin report</code>. Verdicts are proved over every '
        "value in the ranges; the bars show the left side (coloured by verdict) against the "
        "right side.</p>"
    )
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out)


def _counts(claims: list[Claim] | tuple[Claim, ...]) -> Counter[str]:
    return Counter(c.verdict for c in claims)


def _summary(report: Report) -> str:
    out = ['<section id="summary"><h2>Summary</h2><table><thead><tr><th>file</th><th>argument</th>']
    out += [f'<th class="n">{verdict_badge(v)}</th>' for v in VERDICTS]
    out.append('<th class="n">claims</th></tr></thead><tbody>')
    for f in report.files:
        k = _counts(f.claims)
        who = (f.title or "") + (f" — {f.author}" if f.author else "")
        first = f.claims[0].anchor if f.claims else f"f-{f.label}"
        out.append(f"<tr><td>{_link(first, f.path)}</td><td>{_e(who)}</td>")
        if f.diagnostics:
            out.append(f'<td colspan="{len(VERDICTS) + 1}">invalid input: no verdicts</td></tr>')
            continue
        out += [f'<td class="n">{k.get(v, 0)}</td>' for v in VERDICTS]
        out.append(f'<td class="n">{len(f.claims)}</td></tr>')
    total = _counts(report.claims)
    out.append("<tr><th>all</th><th></th>")
    out += [f'<th class="n">{total.get(v, 0)}</th>' for v in VERDICTS]
    out.append(f'<th class="n">{len(report.claims)}</th></tr></tbody></table>')
    out.append('<p class="filters">Show: ')
    for v in VERDICTS:
        out.append(f'<label><input type="checkbox" data-filter="{v}" checked> {v}</label>')
    out.append("</p>")
    bad = [c for c in report.claims if c.verdict in ("fails", "depends")]
    if bad:
        out.append("<h3>Claims that fail or depend</h3><ul>")
        for c in bad:
            out.append(
                f"<li>{verdict_badge(c.verdict)} {_link(c.anchor, c.id)} "
                f'<span class="mut">({_e(c.file)})</span> <span class="why">{_e(c.why)}</span></li>'
            )
        out.append("</ul>")
    cmp = report.comparison
    if cmp is not None and cmp.cruxes:
        deciding = Counter(n for x in cmp.cruxes for n in {n for s in x.sets for n in s})
        out.append(
            f"<h3>Cruxes between {_e(cmp.a_who)} and {_e(cmp.b_who)}</h3><p>Deciding assumptions: "
            + ", ".join(
                f"<code>{_e(n)}</code> ({k} claim{'s' if k != 1 else ''})"
                for n, k in sorted(deciding.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            + ' — <a href="#compare">the crux table</a></p>'
        )
    out.append("</section>")
    return "".join(out)


def _legend() -> str:
    items = [
        f'<span><i class="sw" style="background:{svg.VERDICT_COLOURS[v]}"></i>{v}</span>'
        for v in VERDICTS
    ]
    marks = (
        '<span><i class="sw" style="background:#57606a"></i>right side (bar: a range)</span>'
        '<span><i class="sw" style="background:#d0d7de"></i>tolerance band</span>'
        "<span>✕ counterexample</span><span>○ witness</span>"
        '<span><i class="sw" style="background:#d7f5dd"></i>open: where it would hold</span>'
    )
    return f'<p class="legend">Left side by verdict: {"".join(items)} {marks}</p>'


def _sources(c: Claim) -> str:
    parts = []
    for s in c.sources:
        title = _e(s.title)
        if s.url:
            title = f'<a href="{_e(s.url)}" rel="noopener">{title}</a>'
        parts.append(f"[{_e(s.id)}] {title}")
    text = "<br>".join(parts)
    if c.quote:
        text += f"<q>{_e(c.quote)}</q>"
    return text


def _file_table(f: FileReport) -> str:
    head = f'<h3 id="f-{_e(f.label)}">{_e(f.path)}'
    if f.title:
        head += f" — {_e(f.title)}" + (f" by {_e(f.author)}" if f.author else "")
    head += "</h3>"
    if f.diagnostics:
        errs = "".join(f"<pre>{_e(d)}</pre>" for d in f.diagnostics)
        return head + f'<div class="errors"><p>Invalid input: no verdicts.</p>{errs}</div>'
    if not f.claims:
        return head + '<p class="mut">No claims: a file of facts for others to use.</p>'
    has_p = any(c.probability for c in f.claims)
    cols = ["claim", "verdict", "left · op · right", "range"]
    if has_p:
        cols.append("P(holds)")
    cols += ["why", "sources"]
    out = [head, '<table class="claims"><thead><tr>']
    out += [f"<th>{c}</th>" for c in cols]
    out.append("</tr></thead><tbody>")
    for c in f.claims:
        kind = ' <span class="mut">(consistency)</span>' if c.kind == "consistency" else ""
        lhs = c.lhs.text if c.lhs else "?"
        rhs = c.rhs.text if c.rhs else "?"
        out.append(
            f'<tr class="claim" id="{_e(c.anchor)}" data-verdict="{_e(c.verdict)}">'
            f"<td><b>{_e(c.id)}</b>{kind}<br><code>{_e(c.statement)}</code>"
            f'<div class="mut">line {c.line}</div></td>'
            f'<td>{verdict_badge(c.verdict)}<div class="mut">{_e(c.proof)}</div></td>'
            f"<td>{_e(lhs)} <b>{_e(c.op)}</b> {_e(rhs)}"
            + (f'<div class="mut">{_e(c.tolerance_text)}</div>' if c.tolerance_text else "")
            + f"</td><td>{svg.range_bar(c)}</td>"
        )
        if has_p:
            p = c.probability
            cell = (
                f"{svg.probability_bar(p)}<div>{p.estimate:.1%}</div>"
                f'<div class="mut">{p.low:.1%} to {p.high:.1%}</div>'
                if p
                else '<span class="mut">—</span>'
            )
            out.append(f"<td>{cell}</td>")
        out.append(f'<td class="why">{_e(c.why)}</td><td>{_sources(c)}</td></tr>')
        if c.graph is not None and c.graph.nodes:
            out.append(
                f'<tr class="detail"><td colspan="{len(cols)}"><details><summary>argument map of '
                f"{_e(c.id)} ({len(c.graph.nodes)} nodes)</summary>"
                f'<div class="mapbox">{svg.graph_svg(c.graph)}</div></details></td></tr>'
            )
    out.append("</tbody></table>")
    return "".join(out)


def _sensitivity(report: Report) -> str:
    out = [
        '<section id="sensitivity"><h2>Sensitivity</h2><p class="mut">For each claim that '
        "depends on ranges: the ratio of its two sides with one range at its low and at its "
        "high end, every other range at its middle (largest swing first). Where the bar "
        "crosses the dashed line, that range alone can change the verdict.</p>"
    ]
    for c in report.claims:
        chart = svg.tornado(c)
        if chart:
            out.append(
                f'<div class="fig"><div>{_link(c.anchor, c.id)} {verdict_badge(c.verdict)} '
                f'<span class="mut">{_e(c.file)}</span></div>{chart}</div>'
            )
    for f in report.files:
        for h in f.histograms:
            out.append(
                f'<div class="fig"><div><code>{_e(h.name)}</code> <span class="mut">'
                f"{_e(f.path)}</span></div>{svg.histogram(h)}</div>"
            )
    out.append("</section>")
    return "".join(out)


def _scenarios(report: Report) -> str:
    out = ['<section id="scenarios"><h2>Scenarios</h2>']
    for f in report.files:
        if not f.scenarios:
            continue
        out.append(f"<h3>{_e(f.path)}</h3><table><thead><tr><th>claim</th><th>base</th>")
        out += [f"<th>{_e(s)}</th>" for s in f.scenarios]
        out.append("</tr></thead><tbody>")
        for c in f.claims:
            by = {s.scenario: s for s in c.scenarios}
            out.append(f"<tr><td>{_link(c.anchor, c.id)}</td><td>{verdict_badge(c.verdict)}</td>")
            for s in f.scenarios:
                v = by.get(s)
                out.append(
                    f'<td title="{_e(v.note)}">{verdict_badge(v.verdict)}</td>'
                    if v
                    else '<td class="mut">—</td>'
                )
            out.append("</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _compare(cmp: Comparison) -> str:
    out = [
        f'<section id="compare"><h2>Compare: {_e(cmp.a)} ({_e(cmp.a_who)}) vs '
        f"{_e(cmp.b)} ({_e(cmp.b_who)})</h2>",
        "<h3>1. The numbers both state</h3>",
        '<p class="mut">apart: disjoint beyond 5 %; overlap: the ranges meet but differ. '
        f"{cmp.agree_common} names from common used files agree.</p>",
        f"<table><thead><tr><th>name</th><th>kind</th><th>{_e(cmp.a)}</th><th>{_e(cmp.b)}</th>"
        "<th>status</th></tr></thead><tbody>",
    ]
    for q in cmp.shared:
        st = q.status + (f" ×{q.factor:.3g}" if q.factor else "")
        out.append(
            f"<tr><td><code>{_e(q.name)}</code></td><td>{_e(q.kind)}</td><td>{_e(q.a_text)}</td>"
            f"<td>{_e(q.b_text)}</td><td>{_e(st)}</td></tr>"
        )
    out.append("</tbody></table><h3>2. Claims re-evaluated under the other author's givens</h3>")
    for side in (cmp.a, cmp.b):
        own = [c for c in cmp.claims if c.owner == side]
        moved = [c for c in own if c.swapped]
        changed = [c for c in own if c.own != c.other]
        out.append(
            f"<p><b>{_e(side)}</b>: {len(own)} claims, {len(moved)} depend on a swapped given, "
            f"{len(changed)} change verdict.</p>"
        )
        if moved:
            out.append(
                "<table><thead><tr><th>claim</th><th>own givens</th><th>other's givens</th>"
                "<th>swapped givens it uses</th></tr></thead><tbody>"
            )
            for c in moved:
                out.append(
                    f"<tr><td>{_link(c.anchor, c.claim)}</td><td>{verdict_badge(c.own)}</td>"
                    f"<td>{verdict_badge(c.other)}</td><td>{_e(', '.join(c.swapped))}</td></tr>"
                )
            out.append("</tbody></table>")
    out.append(
        "<h3>3. Cruxes: the smallest swap of givens that changes each contested verdict</h3>"
    )
    if not cmp.cruxes:
        out.append("<p>None: every claim keeps its verdict under the other author's givens.</p>")
    else:
        out.append(
            "<table><thead><tr><th>claim</th><th>own</th><th>→ other's</th><th>decided by</th>"
            "<th>values (own → other's)</th></tr></thead><tbody>"
        )
        for x in cmp.cruxes:
            sets = " <i>or</i> ".join(
                " + ".join(f"<code>{_e(n)}</code>" for n in s) for s in x.sets
            )
            vals = "<br>".join(f"{_e(n)}: {_e(a)} → {_e(b)}" for n, a, b in x.values)
            out.append(
                f"<tr><td>{_link(x.anchor, x.claim)} <span class='mut'>({_e(x.owner)})</span></td>"
                f"<td>{verdict_badge(x.own)}</td><td>{verdict_badge(x.other)}</td>"
                f"<td>{sets or '(no subset reproduces it)'}</td><td class='mut'>{vals}</td></tr>"
            )
        out.append("</tbody></table>")
    for n in cmp.notes:
        out.append(f'<p class="mut">note: {_e(n)}</p>')
    out.append("</section>")
    return "".join(out)
