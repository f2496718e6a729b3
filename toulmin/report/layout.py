"""A small layered (Sugiyama-style) layout for derivation graphs.

The steps are the classic ones, kept small because argument maps are small (tens of
nodes): break cycles, assign layers, put dummy nodes on edges that skip layers, order
each layer by barycentres (sweeping down and up, keeping the order with the fewest
crossings), then place nodes horizontally by pulling each towards its neighbours while
keeping the order and a minimum gap. Written here rather than borrowed: grandalf is
GPL/EPL, and this is about 200 lines.

Inputs flow down: a node's inputs sit in the layers above it, so givens are at the top
and the claim at the bottom. Layers are counted from the bottom (longest path to a
sink), which puts each given just above the first place it is used.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A placed node: (x, y) is its top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class Route:
    """An edge as a polyline from the bottom of `src` to the top of `dst`."""

    src: str
    dst: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box] = field(default_factory=dict)
    routes: tuple[Route, ...] = ()


H_GAP = 18.0  # between neighbours in a layer
V_GAP = 36.0  # between layers, room for the arrows
MARGIN = 8.0
DUMMY_W = 6.0


def layered(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    size: dict[str, tuple[float, float]],
    sweeps: int = 8,
) -> Layout:
    """Place `nodes` (sizes in `size`) so that every edge (src, dst) points down."""
    ids = list(dict.fromkeys(nodes))
    known = set(ids)
    pairs = [(s, d) for s, d in dict.fromkeys(edges) if s in known and d in known and s != d]
    pairs = _acyclic(ids, pairs)
    depth = _depths(ids, pairs)
    top = max(depth.values(), default=0)
    layer_of = {n: top - depth[n] for n in ids}

    # Dummy nodes on long edges, so every edge joins adjacent layers.
    chains: dict[tuple[str, str], list[str]] = {}
    ups: dict[str, list[str]] = {n: [] for n in ids}  # node -> neighbours one layer up
    downs: dict[str, list[str]] = {n: [] for n in ids}
    widths = {n: size[n][0] for n in ids}
    for s, d in pairs:
        chain = [s]
        for k in range(layer_of[s] + 1, layer_of[d]):
            dummy = f"\0{s}\0{d}\0{k}"
            layer_of[dummy] = k
            widths[dummy] = DUMMY_W
            ups[dummy], downs[dummy] = [], []
            chain.append(dummy)
        chain.append(d)
        for u, v in itertools.pairwise(chain):
            downs[u].append(v)
            ups[v].append(u)
        chains[(s, d)] = chain

    layers: list[list[str]] = [[] for _ in range(top + 1)]
    for n in _dfs_order(ids, pairs):
        layers[layer_of[n]].append(n)
    for n in layer_of:
        if n.startswith("\0"):
            layers[layer_of[n]].append(n)
    _order(layers, ups, downs, sweeps)
    xs = _place(layers, ups, downs, widths)

    heights = [max((size[n][1] for n in layer if n in size), default=0.0) for layer in layers]
    ys, y = [], MARGIN
    for h in heights:
        ys.append(y)
        y += h + V_GAP
    boxes: dict[str, Box] = {}
    for i, layer in enumerate(layers):
        for n in layer:
            if n in size:
                w, h = size[n]
                boxes[n] = Box(xs[n] - w / 2, ys[i] + (heights[i] - h), w, h)
    routes = []
    for (s, d), chain in chains.items():
        pts = [(boxes[s].cx, boxes[s].y + boxes[s].h)]
        for dummy in chain[1:-1]:
            k = layer_of[dummy]
            pts.append((xs[dummy], ys[k]))
            pts.append((xs[dummy], ys[k] + heights[k]))
        pts.append((boxes[d].cx, boxes[d].y))
        routes.append(Route(s, d, tuple(pts)))
    routes = _spread(routes, boxes)
    width = max((b.x + b.w for b in boxes.values()), default=0.0) + MARGIN
    height = y - V_GAP + MARGIN if layers else 2 * MARGIN
    return Layout(width, height, boxes, tuple(routes))


def _spread(routes: list[Route], boxes: dict[str, Box]) -> list[Route]:
    """Arrows into one node arrive side by side (ordered as they come), not at one point,
    so each input's edge can be told apart; they share the middle half of its top."""
    into: dict[str, list[int]] = {}
    for i, r in enumerate(routes):
        into.setdefault(r.dst, []).append(i)
    out = list(routes)
    for dst, idx in into.items():
        if len(idx) < 2:
            continue
        b = boxes[dst]
        idx.sort(key=lambda i: routes[i].points[-2][0])
        span = min(b.w * 0.5, 14.0 * (len(idx) - 1))
        for k, i in enumerate(idx):
            x = b.cx - span / 2 + span * k / (len(idx) - 1)
            pts = routes[i].points
            out[i] = Route(routes[i].src, dst, (*pts[:-1], (x, pts[-1][1])))
    return out


def _acyclic(ids: list[str], pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Reverse the back edges a depth-first search finds (derivations rarely have any)."""
    out_edges: dict[str, list[str]] = {n: [] for n in ids}
    for s, d in pairs:
        out_edges[s].append(d)
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    for root in ids:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            n, i = stack.pop()
            if i < len(out_edges[n]):
                stack.append((n, i + 1))
                m = out_edges[n][i]
                if state.get(m) == 1:
                    back.add((n, m))
                elif m not in state:
                    state[m] = 1
                    stack.append((m, 0))
            else:
                state[n] = 2
    return [(d, s) if (s, d) in back else (s, d) for s, d in pairs]


def _depths(ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from each node down to a sink (sinks are 0)."""
    outs: dict[str, list[str]] = {n: [] for n in ids}
    indeg = dict.fromkeys(ids, 0)
    for s, d in pairs:
        outs[s].append(d)
        indeg[d] += 1
    order, ready = [], [n for n in ids if indeg[n] == 0]
    while ready:  # topological order (Kahn)
        n = ready.pop()
        order.append(n)
        for m in outs[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
    depth = dict.fromkeys(ids, 0)
    for n in reversed(order):
        depth[n] = max((depth[m] + 1 for m in outs[n]), default=0)
    return depth


def _dfs_order(ids: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """A first order that keeps each node's inputs together (from the sinks up)."""
    ins: dict[str, list[str]] = {n: [] for n in ids}
    has_out = set()
    for s, d in pairs:
        ins[d].append(s)
        has_out.add(s)
    seen: set[str] = set()
    out: list[str] = []

    def visit(n: str) -> None:
        stack = [n]
        while stack:
            m = stack.pop()
            if m in seen:
                continue
            seen.add(m)
            out.append(m)
            stack.extend(reversed(ins[m]))

    for n in ids:
        if n not in has_out:
            visit(n)
    for n in ids:
        visit(n)
    return out


def crossings(layers: list[list[str]], downs: dict[str, list[str]]) -> int:
    """Edge crossings between adjacent layers (a pair-count; layers are small)."""
    total = 0
    for upper, lower in itertools.pairwise(layers):
        pos = {n: i for i, n in enumerate(lower)}
        ends = [(i, pos[m]) for i, n in enumerate(upper) for m in downs[n] if m in pos]
        for a in range(len(ends)):
            for b in range(a + 1, len(ends)):
                (u1, l1), (u2, l2) = ends[a], ends[b]
                if (u1 - u2) * (l1 - l2) < 0:
                    total += 1
    return total


def _order(
    layers: list[list[str]], ups: dict[str, list[str]], downs: dict[str, list[str]], sweeps: int
) -> None:
    """Barycentre sweeps, down then up; the best order seen is kept (in place)."""
    best = [list(layer) for layer in layers]
    best_c = crossings(layers, downs)
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        rng = range(1, len(layers)) if down else range(len(layers) - 2, -1, -1)
        for i in rng:
            ref = layers[i - 1] if down else layers[i + 1]
            pos = {n: k for k, n in enumerate(ref)}
            nbrs = ups if down else downs

            def bary(n: str, k: int, pos: dict[str, int] = pos, nbrs: dict = nbrs) -> float:
                ps = [pos[m] for m in nbrs[n] if m in pos]
                return sum(ps) / len(ps) if ps else float(k)

            layers[i] = [
                n for _, n in sorted(((bary(n, k), k), n) for k, n in enumerate(layers[i]))
            ]
        c = crossings(layers, downs)
        if c < best_c:
            best_c, best = c, [list(layer) for layer in layers]
    layers[:] = best


def _place(
    layers: list[list[str]],
    ups: dict[str, list[str]],
    downs: dict[str, list[str]],
    widths: dict[str, float],
) -> dict[str, float]:
    """Centre x of every node: packed left to right, then pulled towards neighbours."""
    x: dict[str, float] = {}
    for layer in layers:
        cursor = MARGIN
        for n in layer:
            x[n] = cursor + widths[n] / 2
            cursor += widths[n] + H_GAP
    for it in range(12):
        down = it % 2 == 0
        order = layers if down else list(reversed(layers))
        for layer in order:
            want = {}
            for n in layer:
                nb = (ups[n] if down else downs[n]) or (downs[n] if down else ups[n])
                want[n] = sum(x[m] for m in nb) / len(nb) if nb else x[n]
            _fit(layer, want, widths, x)
    left = min((x[n] - widths[n] / 2 for n in x), default=MARGIN)
    return {n: v - left + MARGIN for n, v in x.items()}


def _fit(
    layer: list[str], want: dict[str, float], widths: dict[str, float], x: dict[str, float]
) -> None:
    """Move a layer's nodes to their wanted x, keeping their order and the gaps.

    Left to right each node goes as far left as it wants but no further than its left
    neighbour allows; then right to left, the same against the right neighbour. The
    average of the two passes is a fair compromise, and keeps the gaps.
    """
    if not layer:
        return
    a: list[float] = []
    for i, n in enumerate(layer):
        v = want[n]
        if i:
            p = layer[i - 1]
            v = max(v, a[-1] + (widths[p] + widths[n]) / 2 + H_GAP)
        a.append(v)
    b: list[float] = [0.0] * len(layer)
    for i in range(len(layer) - 1, -1, -1):
        n = layer[i]
        v = want[n]
        if i < len(layer) - 1:
            q = layer[i + 1]
            v = min(v, b[i + 1] - (widths[q] + widths[n]) / 2 - H_GAP)
        b[i] = v
    for i, n in enumerate(layer):
        x[n] = (a[i] + b[i]) / 2
