"""`toulmin graph`: DOT, Mermaid and SVG of the same derivation graph, and `report` errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from toulmin.cli import main

DEEPSEEK = str(Path(__file__).resolve().parents[2] / "claims" / "deepseek.claim")


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_dot() -> None:
    code, out, _ = run("graph", DEEPSEEK, "total_cost", "--format", "dot")
    assert code == 0
    assert out.startswith('digraph "total_cost" {')
    edges = re.findall(r'^  "(\w+)" -> "(\w+)" \[label="([^"]*)"\];$', out, re.M)
    assert ("price", "cost", "cost = hours * price") in edges
    assert ("hours", "cost", "cost = hours * price") in edges
    assert ("pretrain", "hours", "hours = pretrain + extension + posttrain") in edges
    assert ("cost", "total_cost", "cost ≈ 5.576M USD within 0.1 %") in edges
    assert 'URL="https://arxiv.org/abs/2412.19437"' in out  # givens link their source
    assert "claim: holds" in out


def test_mermaid() -> None:
    code, out, _ = run("graph", DEEPSEEK, "total_cost", "--format", "mermaid")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    nodes = [ln for ln in lines if re.match(r"  n\d+[\[(]", ln)]
    assert len(nodes) == 7  # 4 givens, 2 lets, the claim
    assert sum("-->" in ln for ln in lines) == 6
    assert any(ln.startswith("  class ") and ln.endswith(" holds") for ln in lines)
    assert '"' not in "".join(re.findall(r'"([^"]*)"', out)), "unescaped quote in a label"


def test_svg_and_whole_file() -> None:
    code, out, _ = run("graph", DEEPSEEK, "--format", "svg")
    assert code == 0
    root = ET.fromstring(out.split("\n", 1)[1])
    names = {g.get("data-n") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {"total_hours", "total_cost", "cheap", "price", "hours", "cost"} <= names


def test_unknown_name_is_a_usage_error() -> None:
    code, _, err = run("graph", DEEPSEEK, "total_cots")
    assert code == 2
    assert "did you mean `total_cost`" in err


def test_graph_of_a_file_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.claim"
    bad.write_text("given a = 1 GB\nclaim c: a > 1 FLOP\n")
    code, _, err = run("graph", str(bad))
    assert code == 2 and "dimension" in err


def test_report_of_a_file_with_errors_shows_them(tmp_path: Path) -> None:
    bad = tmp_path / "bad.claim"
    bad.write_text("given a = 1 GB\nclaim c: a > 1 FLOP\n")
    out = tmp_path / "r.html"
    code, _, _ = run("report", str(bad), "-o", str(out))
    assert code == 2
    page = out.read_text()
    assert "Invalid input: no verdicts." in page and "error[dimension]" in page
    assert 'class="claim"' not in page


def test_report_to_stdout_without_maps() -> None:
    code, out, _ = run("report", DEEPSEEK, "-o", "-", "--no-maps")
    assert code == 0
    assert out.count('<tr class="claim"') == 3
    assert 'class="map"' not in out


def test_readme_shows_the_report() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    cmd = re.search(r"^toulmin report (.+) -o report\.html$", readme, re.M)
    assert cmd, "the README gives one command that writes the report"
    assert "](docs/report.png)" in readme
    png = (root / "docs" / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
