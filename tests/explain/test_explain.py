"""`toulmin explain`: the derivation tree as data, text, JSON and Markdown (explain.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cluster, invoke, load, write

from toulmin.check import Options, _check
from toulmin.engine.analyses import ClaimNode, NameNode
from toulmin.explain import explanation, lookup_name

# x and y follow only from the two equations together (a block of 2)
BLOCK = """
    given s = 10 GPU
    given d = 2 GPU
    given x: GPU
    given y: GPU
    let s = x + y
    let d = x - y
    claim cx: x > 1 GPU
"""


def _tree(path: Path, name: str):
    a = load(path)
    result = _check(a, Options())
    found = lookup_name(a, result, name)
    assert found is not None
    return explanation(a, result, *found)


def test_a_block_shows_every_equation_it_was_solved_from(tmp_path: Path) -> None:
    p = write(tmp_path, "b.claim", BLOCK)
    node = _tree(p, "x")
    assert isinstance(node, NameNode)
    assert node.how == "block" and node.together == ("x", "y")
    assert [e.name for e in node.equations] == ["d", "s"]
    assert [e.statement for e in node.equations] == ["let d = x - y", "let s = x + y"]
    # the text and JSON outputs carry both equations too (before: only the last one)
    code, out, _ = invoke("explain", str(p), "x", "--no-color")
    assert code == 0
    own = out.split("├──")[0]  # x's own lines, before its children (which cite d and s too)
    assert "let d = x - y" in own and "let s = x + y" in own
    code, out, _ = invoke("explain", str(p), "x", "--format", "json")
    doc = json.loads(out)
    assert [e["statement"] for e in doc["equations"]] == ["let d = x - y", "let s = x + y"]


def test_explain_json_writes_quantity_objects(tmp_path: Path) -> None:
    p = cluster(tmp_path, "a.claim")
    code, out, _ = invoke("explain", str(p), "big", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    lhs = doc["claim"]["lhs"]
    assert set(lhs) == {"value", "low", "high", "unit", "si"} and isinstance(lhs["low"], float)

    def values(node: dict) -> list:
        return [node.get("value")] + [v for c in node.get("children", []) for v in values(c)]

    found = [v for c in doc["children"] for v in values(c)]
    assert found and all(isinstance(v, dict) and "si" in v for v in found if v is not None)
    assert {r["given"] for r in doc["sensitivity"]} == {"hours", "mfu"}
    assert all(set(r["range"]) >= {"value", "unit", "si"} for r in doc["sensitivity"])


def test_explain_claim_tree_and_markdown(tmp_path: Path) -> None:
    p = cluster(tmp_path, "a.claim")
    node = _tree(p, "big")
    assert isinstance(node, ClaimNode) and node.claim.id == "big"
    assert node.children and all(isinstance(c, NameNode) for c in node.children)
    code, out, _ = invoke("explain", str(p), "big", "--format", "markdown")
    assert code == 0
    assert out.startswith("### claim `big`: **depends**")
    assert "| given | range |" in out
