"""The layered layout: edges point down, nodes never overlap, crossings are removed."""

from __future__ import annotations

import itertools
import random

from toulmin.report.layout import H_GAP, crossings, layered


def boxes_overlap(a, b) -> bool:  # type: ignore[no-untyped-def]
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def check(nodes: list[str], edges: list[tuple[str, str]]) -> None:
    size = {n: (40 + 7 * len(n), 30) for n in nodes}
    lay = layered(nodes, edges, size)
    assert set(lay.boxes) == set(nodes)
    bs = list(lay.boxes.values())
    for i, a in enumerate(bs):
        assert a.x >= 0 and a.x + a.w <= lay.width + 1e-6 and a.y + a.h <= lay.height + 1e-6
        for b in bs[i + 1 :]:
            assert not boxes_overlap(a, b)
    for r in lay.routes:
        src, dst = lay.boxes[r.src], lay.boxes[r.dst]
        assert r.points[0] == (src.cx, src.y + src.h)
        assert r.points[-1][1] == dst.y and dst.x < r.points[-1][0] < dst.x + dst.w
        ys = [y for _, y in r.points]
        assert ys == sorted(ys), "an edge goes up"


def test_chain_and_diamond() -> None:
    check(["a", "b", "c"], [("a", "b"), ("b", "c")])
    check(["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])


def test_long_edges_get_bends_and_stay_clear() -> None:
    nodes = ["g", "x", "y", "z", "claim", "h"]
    edges = [("g", "y"), ("g", "claim"), ("x", "y"), ("y", "z"), ("z", "claim"), ("h", "claim")]
    size = {n: (60, 30) for n in nodes}
    lay = layered(nodes, edges, size)
    long = next(r for r in lay.routes if (r.src, r.dst) == ("g", "claim"))
    assert len(long.points) == 6  # two bends (in, out) at each of the two skipped layers
    # the bends pass beside the nodes of the layers they cross, never through them
    for x, y in long.points[1:-1]:
        for n in ("y", "z"):
            b = lay.boxes[n]
            assert not (b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h)
    # each input sits just above its first use: h is in the layer right above claim
    assert lay.boxes["h"].y == lay.boxes["z"].y


def test_crossings_are_removed_when_possible() -> None:
    # Two parallel chains given in an order that crosses: a→d, b→c with [a, b] over [c, d].
    nodes = ["a", "b", "c", "d", "s"]
    edges = [("a", "d"), ("b", "c"), ("c", "s"), ("d", "s")]
    lay = layered(nodes, edges, {n: (50, 30) for n in nodes})
    # read the order back from x positions
    upper = sorted(["a", "b"], key=lambda n: lay.boxes[n].x)
    lower = sorted(["c", "d"], key=lambda n: lay.boxes[n].x)
    downs = {"a": ["d"], "b": ["c"], "c": [], "d": []}
    assert crossings([upper, lower], downs) == 0


def test_gaps_between_neighbours() -> None:
    nodes = ["r"] + [f"n{i}" for i in range(6)]
    edges = [(f"n{i}", "r") for i in range(6)]
    lay = layered(nodes, edges, {n: (50, 30) for n in nodes})
    row = sorted((lay.boxes[f"n{i}"] for i in range(6)), key=lambda b: b.x)
    for a, b in itertools.pairwise(row):
        assert b.x - (a.x + a.w) >= H_GAP - 1e-6
    # the sink is centred under its inputs
    mid = (row[0].cx + row[-1].cx) / 2
    assert abs(lay.boxes["r"].cx - mid) < 1.0


def test_cycles_do_not_break_it() -> None:
    check(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])


def test_random_dags() -> None:
    rnd = random.Random(5)
    for _ in range(30):
        n = rnd.randint(2, 25)
        nodes = [f"v{i}" for i in range(n)]
        edges = [
            (nodes[i], nodes[j]) for i in range(n) for j in range(i + 1, n) if rnd.random() < 0.15
        ]
        check(nodes, edges)
