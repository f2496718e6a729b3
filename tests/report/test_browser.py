"""The corpus report in a real browser: headless Chromium (Debian's `chromium`) loads it
from disk over the DevTools protocol, with no console error and no request beyond the
file itself, and renders every claim row and every chart; a screenshot goes to tmp_path.

Skipped, with how to install it, when Chromium or websocket-client is missing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.report.cdp import INSTALL_HINT, Browser, chromium_path

pytestmark = pytest.mark.skipif(
    chromium_path() is None or importlib.util.find_spec("websocket") is None,
    reason=INSTALL_HINT,
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with Browser(tmp_path_factory.mktemp("chromium") / "profile") as b:
        b.call("Network.enable")
        yield b


def test_the_harness_sees_errors(browser: Browser, tmp_path: Path) -> None:
    """A page with a script error and a fetch is caught (so the real check can fail)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body><img src='https://example.invalid/x.png'>"
        "<script>console.error('boom'); undefined_function();</script></body></html>"
    )
    browser.open(bad)
    errors = browser.errors()
    assert any("boom" in e for e in errors)
    assert any("undefined_function" in e for e in errors)
    requests = [e for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert any("example.invalid" in e["params"]["request"]["url"] for e in requests)


def test_corpus_report_renders(
    browser: Browser,
    corpus_report: tuple[Path, float],
    corpus_ids: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    path, _ = corpus_report
    browser.open(path)
    assert browser.errors() == []
    urls = {
        e["params"]["request"]["url"]
        for e in browser.events
        if e["method"] == "Network.requestWillBeSent"
    }
    assert urls <= {path.resolve().as_uri()}, urls
    total = sum(len(v) for v in corpus_ids.values())
    counts = browser.evaluate(
        "({rows: document.querySelectorAll('tr.claim').length,"
        " maps: document.querySelectorAll('svg.map').length,"
        " bars: document.querySelectorAll('svg.bar').length,"
        " tornados: document.querySelectorAll('svg.tornado').length,"
        " cruxes: document.querySelectorAll('#compare tbody tr').length,"
        " width: document.querySelector('svg.bar').getBoundingClientRect().width})"
    )
    assert counts["rows"] == total
    assert counts["maps"] == total  # every claim has its argument map
    assert counts["bars"] >= total - 2  # every claim with two sides (or an open threshold)
    assert counts["tornados"] > 5
    assert counts["cruxes"] > 10
    assert counts["width"] > 100  # the charts are laid out, not collapsed
    browser.screenshot(tmp_path / "report.png")
    png = (tmp_path / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


def test_folds_filters_and_highlights_work(
    browser: Browser, corpus_report: tuple[Path, float], tmp_path: Path
) -> None:
    browser.open(corpus_report[0])
    state = browser.evaluate(
        """(function(){
        var box=document.querySelector('input[data-filter="holds"]');
        box.click();
        var hidden=[].filter.call(document.querySelectorAll('tr.claim'),
            function(r){return r.hidden;}).length;
        var held=document.querySelectorAll('tr.claim[data-verdict="holds"]').length;
        box.click();
        var d=document.querySelector('#c-fu--f_c1_nine_x + tr details');
        d.open=true;
        var map=d.querySelector('svg.map');
        var h=map.getBoundingClientRect().height;
        var node=map.querySelector('g.gn[data-n="usable_flops_gain"] rect');
        node.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));
        var lit=map.querySelectorAll('path.ge.lit').length;
        d.scrollIntoView();
        return {hidden:hidden, held:held, h:h, lit:lit};
    })()"""
    )
    assert state["hidden"] == state["held"] > 50
    assert state["h"] > 150  # an unfolded map has its layers
    assert state["lit"] == 5  # usable_flops_gain: four inputs in, one edge to the claim
    browser.screenshot(tmp_path / "map.png")
    assert browser.errors() == []
