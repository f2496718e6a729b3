"""(v2) `explain` of an uncertain claim: P(holds), the rank-correlation tornado, and the
percentiles of values that depend on distributions (cross/tornado.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli, write

from toulmin.render.explain import tornado_lines

SRC = """
given big ~ 1 to 100
given small = 0.9 to 1.1
given against ~ normal(10, 1)
let v = big * small - against
claim c: v > 20
claim sure: small < 2
"""


def test_tornado_ranks_inputs_by_rank_correlation_with_the_margin(tmp_path: Path) -> None:
    f = write(tmp_path, "t.claim", SRC)
    proc = cli("explain", str(f), "c", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    tree = json.loads(proc.stdout)
    rows = tree["rank_correlation"]  # [name, rho] pairs, strongest first
    assert [r[0] for r in rows] == ["big", "against", "small"]
    rho = {r[0]: r[1] for r in rows}
    assert rho["big"] > 0.8 and rho["against"] < 0 and abs(rho["small"]) < rho["big"]
    assert 0 < tree["claim"]["probability"]["estimate"] < 1
    v = tree["children"][0]
    assert v["name"] == "v" and set(v["value"]["percentiles"]) == {"5", "50", "95"}


def test_text_tornado_and_no_tornado_for_a_settled_claim(tmp_path: Path) -> None:
    f = write(tmp_path, "t.claim", SRC)
    out = cli("explain", str(f), "c", no_color=True).stdout
    assert "rank correlation with the margin (lhs − rhs), 10,000 samples:" in out
    big = next(line for line in out.splitlines() if line.strip().startswith("big") and "│" in line)
    assert float(big.split()[-1]) > 0.8 and big.index("█") > big.index("│")  # right of the axis
    sure = cli("explain", str(f), "sure", no_color=True).stdout
    assert "rank correlation" not in sure  # P = 1 by proof: nothing to rank
    assert "P(holds) = 1" in sure


def test_tornado_bars_point_the_way_of_the_correlation() -> None:
    lines = tornado_lines((("a", 0.5), ("bb", -1.0)))
    axis = lines[1].index("│")
    assert lines[1][axis + 1 : axis + 11] == "█" * 10 and lines[1][axis - 1] == " "
    assert lines[2][axis - 20 : axis] == "█" * 20 and lines[2].rstrip().endswith("-1.00")
