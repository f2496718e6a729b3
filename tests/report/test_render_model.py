"""The writers on hand-built report models: probabilities, histograms and scenarios are
drawn when present (the engine does not produce them yet), and left out when absent."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from toulmin.report import html as H
from toulmin.report import svg as S
from toulmin.report.model import (
    Claim,
    Comparison,
    Crux,
    FileReport,
    Graph,
    GraphEdge,
    GraphNode,
    Histogram,
    Marker,
    Probability,
    Reevaluated,
    Report,
    ScenarioVerdict,
    SharedNumber,
    Source,
    Span,
    Swing,
    Threshold,
)

NS = "{http://www.w3.org/2000/svg}"


def graph() -> Graph:
    return Graph(
        "c1",
        (
            GraphNode(
                "a", "given", "1 to 2", "range", sources=(Source("s", "S", "https://x.example/a"),)
            ),
            GraphNode("b", "given", "3", "point"),
            GraphNode("d", "derived", "3 to 6", "range", statement="let d = a * b"),
            GraphNode("c1", "claim", "3 to 6 <= 5", "none", verdict="depends"),
        ),
        (
            GraphEdge("a", "d", "d = a * b"),
            GraphEdge("b", "d", "d = a * b"),
            GraphEdge("d", "c1", "d <= 5"),
        ),
    )


def claim(**kw: object) -> Claim:
    base = dict(
        file="t.claim",
        id="c1",
        anchor="c-t--c1",
        kind="claim",
        line=3,
        verdict="depends",
        proof="search",
        op="<=",
        lhs=Span(3, 4.5, 6, "", "3 to 6"),
        rhs=Span(5, 5, 5, "", "5"),
        why="fails at a = 2; holds at a = 1",
        statement="claim c1: d <= 5",
        counterexample=Marker("counterexample", 6.0, "a = 2"),
        witness=Marker("witness", 3.0, "a = 1"),
        swings=(Swing("a", "1 to 2", 0.6, 0.9, 1.2, True, False, "ratio", 1.0),),
        graph=graph(),
    )
    base.update(kw)
    return Claim(**base)  # type: ignore[arg-type]


def report(*claims: Claim, **file_kw: object) -> Report:
    f = FileReport("t.claim", "t", "T", "Ann", tuple(claims), **file_kw)  # type: ignore[arg-type]
    return Report("toulmin report: t", (f,))


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", page, re.S)]


def test_probability_column_appears_with_probabilities() -> None:
    without = H.render(report(claim()))
    assert "P(holds)" not in without
    p = Probability(0.625, 0.61, 0.64, 100_000, 7, ("a",))
    page = H.render(report(claim(probability=p), claim(id="c2", anchor="c-t--c2")))
    assert "<th>P(holds)</th>" in page
    assert "62.5%" in page and "61.0% to 64.0%" in page
    bars = [s for s in svgs(page) if s.get("class") == "pbar"]
    assert len(bars) == 1  # the claim without a probability shows a dash
    assert "P(holds) = 62.5%" in bars[0].find(f"{NS}title").text  # type: ignore[union-attr]
    # the filled part is the estimate's share of the bar
    filled = next(r for r in bars[0].iter(f"{NS}rect") if r.get("class") == "v-holds")
    assert abs(float(filled.get("width")) - 0.625 * 86) < 0.2  # type: ignore[arg-type]


def test_histograms_are_drawn_with_named_percentiles() -> None:
    h = Histogram(
        "cost", "USD", (0, 1, 2, 3, 4), (1, 5, 3, 1), (("5", 0.5), ("50", 1.6), ("95", 3.5)), 1.7
    )
    assert "Sensitivity" in H.render(report(claim()))
    page = H.render(report(claim(swings=()), histograms=(h,)))
    assert 'id="sensitivity"' in page
    (hist,) = [s for s in svgs(page) if s.get("class") == "hist"]
    bars = [r for r in hist.iter(f"{NS}rect") if r.get("class") == "hb"]
    heights = [float(r.get("height")) for r in bars]  # type: ignore[arg-type]
    assert heights.index(max(heights)) == 1  # the bin with 5 samples is the tallest
    words = [t.text for t in hist.iter(f"{NS}text")]
    assert {"p5", "p50", "p95"} <= set(words)
    assert "mean 1.7 USD" in hist.find(f"{NS}title").text  # type: ignore[union-attr]


def test_no_sensitivity_section_without_swings_or_histograms() -> None:
    page = H.render(report(claim(swings=())))
    assert 'id="sensitivity"' not in page


def test_scenario_matrix() -> None:
    c = claim(scenarios=(ScenarioVerdict("cheap", "holds"), ScenarioVerdict("dear", "fails", "x")))
    page = H.render(report(c, scenarios=("cheap", "dear", "none")))
    sec = page[page.index('id="scenarios"') :]
    row = re.search(r"<tr><td><a href=\"#c-t--c1\">c1</a>.*?</tr>", sec).group(0)  # type: ignore[union-attr]
    assert re.findall(r'class="vd v-(\w+)">(\w+)<', row) == [
        ("depends", "depends"),
        ("holds", "holds"),
        ("fails", "fails"),
    ]
    assert row.count("—") == 1  # no result for the scenario "none"
    assert 'id="scenarios"' not in H.render(report(claim()))


def test_range_bar_marks_counterexample_witness_and_tolerance() -> None:
    c = claim(op="≈", tolerance=(4.75, 5.25), tolerance_text="within 5 %")
    bar = ET.fromstring(S.range_bar(c))
    classes = [e.get("class") for e in bar.iter()]
    assert "tol" in classes and "ce" in classes and "wi" in classes and "v-depends" in classes
    title = bar.find(f"{NS}title").text  # type: ignore[union-attr]
    assert "counterexample at 6 (a = 2)" in title and "witness at 3 (a = 1)" in title
    # the counterexample (6) is right of the witness (3)
    ce = next(e for e in bar.iter() if e.get("class") == "ce")
    wi = next(e for e in bar.iter() if e.get("class") == "wi")
    assert float(ce.get("d")[1:].split()[0]) + 4 > float(wi.get("cx"))  # type: ignore[index, arg-type, union-attr]


def test_open_claim_draws_its_threshold() -> None:
    t = Threshold("m", "%", (40.9,), ((40.9, None),), "holds when m ≥ 40.91 %")
    c = claim(verdict="open", lhs=None, counterexample=None, witness=None, threshold=t)
    bar = ET.fromstring(S.range_bar(c))
    assert bar.find(f"{NS}title").text == "holds when m ≥ 40.91 %"  # type: ignore[union-attr]
    ok = next(e for e in bar.iter() if e.get("class") == "ok")
    tick = next(e for e in bar.iter() if e.get("class") == "v-open")
    # the holding region starts at the boundary and runs to the right end
    assert abs(float(ok.get("x")) - (float(tick.get("x")) + 1)) < 0.2  # type: ignore[arg-type]
    assert any(t.text == "holds" for t in bar.iter(f"{NS}text"))


def test_tornado_bars_say_holds_or_fails_in_words() -> None:
    chart = ET.fromstring(S.tornado(claim()))
    words = [t.text for t in chart.iter(f"{NS}text")]
    assert "low: holds" in words and "high: fails" in words
    assert S.tornado(claim(swings=())) == ""


def test_graph_edges_point_down_and_givens_link_their_source() -> None:
    g = ET.fromstring(S.graph_svg(graph(), standalone=True))
    assert g.find(f"{NS}style") is not None and g.find(f"{NS}defs") is not None
    links = [a.get("href") for a in g.iter(f"{NS}a")]
    assert links == ["https://x.example/a"]
    for p in g.iter(f"{NS}path"):
        if p.get("class") != "ge":
            continue
        pts = [tuple(map(float, xy.split())) for xy in p.get("d")[1:].split("L")]  # type: ignore[index, union-attr]
        assert pts[-1][1] > pts[0][1]


def test_comparison_links_each_crux_to_its_claim() -> None:
    cmp = Comparison(
        "t",
        "u",
        "Ann",
        "Bob",
        (SharedNumber("a", "given", "apart", "1 to 2", "9", 4.5),),
        3,
        (Reevaluated("c1", "t", "c-t--c1", "depends", "fails", ("a",)),),
        (Crux("c1", "t", "c-t--c1", "depends", "fails", (("a",),), (("a", "1 to 2", "9"),)),),
    )
    f = FileReport("t.claim", "t", "T", "Ann", (claim(),))
    page = H.render(Report("r", (f,), cmp))
    sec = page[page.index('id="compare"') :]
    assert '<a href="#c-t--c1">c1</a>' in sec and 'id="c-t--c1"' in page
    assert "apart ×4.5" in sec and "a: 1 to 2 → 9" in sec
    assert "Cruxes between Ann and Bob" in page
