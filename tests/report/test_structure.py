"""The corpus report's structure: parses, shows every claim, well-formed SVG, fetches
nothing, colours with words, and stays within its size budget."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

VERDICTS = {"holds", "fails", "depends", "open", "undecided"}
VOID = {"meta", "br", "input", "link", "img", "hr", "wbr", "source", "col", "area", "base"}
SVG_LEAF = {"rect", "line", "circle", "path", "stop", "use"}


class Tree(HTMLParser):
    """Checks nesting while it parses, and keeps what the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.rows = 0
        self.badges: list[tuple[str, str]] = []  # (class, text) of verdict badges
        self._badge: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        for k in ("href", "src", "action", "srcset", "data", "poster"):
            if a.get(k) is not None:
                self.links.append((tag, k, a[k] or ""))
        if "style" in a and "url(" in (a["style"] or "") and "url(#" not in (a["style"] or ""):
            self.problems.append(f"url() in a style attribute: {a['style']}")
        cls = (a.get("class") or "").split()
        if tag == "tr" and "claim" in cls:
            self.rows += 1
        if tag == "span" and "vd" in cls:
            self._badge = next(c for c in cls if c.startswith("v-"))
        if tag not in VOID and tag not in SVG_LEAF:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag not in SVG_LEAF:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag in SVG_LEAF:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._badge is not None:
            self.badges.append((self._badge, data))
            self._badge = None


def parse(text: str) -> Tree:
    t = Tree()
    t.feed(text)
    t.close()
    return t


def test_the_page_parses_and_nests(corpus_report: tuple[Path, float]) -> None:
    text = corpus_report[0].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    t = parse(text)
    assert t.problems == []
    assert t.stack == []  # every element closed
    assert len(t.ids) == len(set(t.ids)), "duplicate ids"


def test_every_claim_has_a_row(
    corpus_report: tuple[Path, float], corpus_ids: dict[str, list[str]]
) -> None:
    text = corpus_report[0].read_text(encoding="utf-8")
    t = parse(text)
    total = sum(len(v) for v in corpus_ids.values())
    assert total > 50
    assert t.rows == total
    for stem, ids in corpus_ids.items():
        for cid in ids:
            assert f'id="c-{stem}--{cid}"' in text, cid
            assert f"<b>{cid}</b>" in text, cid


def test_every_svg_is_well_formed_xml(corpus_report: tuple[Path, float]) -> None:
    text = corpus_report[0].read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert len(svgs) > 100
    kinds = set()
    for s in svgs:
        root = ET.fromstring(s)  # raises on a malformed chart
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        kinds.update((root.get("class") or "").split())
    assert {"bar", "map", "tornado"} <= kinds


def test_internal_links_resolve_and_the_only_urls_are_sources(
    corpus_report: tuple[Path, float], source_urls: set[str]
) -> None:
    text = corpus_report[0].read_text(encoding="utf-8")
    t = parse(text)
    ids = set(t.ids)
    outside = set()
    for tag, attr, value in t.links:
        if value.startswith("#"):
            assert value[1:] in ids, f"dangling link {value}"
        else:
            assert attr == "href" and tag == "a", (tag, attr, value)
            outside.add(value)
    assert outside, "the corpus cites sources with URLs; some should be linked"
    assert outside <= source_urls
    # nothing else that a browser would fetch: no imports, no url() but #fragments
    assert "@import" not in text
    assert re.findall(r"url\((?!#)", text) == []
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    assert csp and "default-src 'none'" in html.unescape(csp.group(1))


def test_colours_come_with_words(corpus_report: tuple[Path, float]) -> None:
    text = corpus_report[0].read_text(encoding="utf-8")
    t = parse(text)
    assert t.badges
    for cls, word in t.badges:
        assert cls == f"v-{word}" and word in VERDICTS
    for s in re.findall(r"<svg\b.*?</svg>", text, re.S):
        root = ET.fromstring(s)
        if root.get("aria-hidden"):
            continue  # the shared arrowhead
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text, s[:80]
        if "map" in (root.get("class") or ""):
            ns = "{http://www.w3.org/2000/svg}"
            for g in root.iter(f"{ns}g"):
                if "gn" not in (g.get("class") or "").split():
                    continue
                words = " ".join(x.text or "" for x in g.iter(f"{ns}text"))
                cls = g.get("class") or ""
                if "k-claim" in cls:
                    verdict = next(c[2:] for c in cls.split() if c.startswith("c-"))
                    assert f"claim: {verdict}" in words
                else:
                    assert any(w in words for w in ("range", "point", "no value")), words


def test_size_budget(corpus_report: tuple[Path, float]) -> None:
    path, _ = corpus_report
    assert path.stat().st_size < 1_000_000
