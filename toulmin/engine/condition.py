"""Where a claim holds as one name varies: unions of intervals, as data.

Used for the condition of an `open` claim (the name without a value) and for
`solve CLAIM --for GIVEN`. The boundaries come from solving the claim's edge
equations (engine/meaning.py `edges`) with SymPy, plus a numeric scan for sign
changes of the claim's truth that SymPy cannot find (`ceil`, `min`, …). Every
segment between boundaries is then probed with the claim's own truth rule, so a
region is never inferred from an operator: it is tested. Renderers phrase the
result (render/condition.py); nothing here writes English.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toulmin.engine import ir
from toulmin.engine.meaning import constraints
from toulmin.engine.meaning import edges as boundary_equations
from toulmin.engine.program import ClaimDef, Display

if TYPE_CHECKING:
    from toulmin.engine.prove import Prover

Bounds = tuple[float, float, float]  # (low, at the middle of the ranges, high)


@dataclass(frozen=True)
class Region:
    """An interval of the name where the claim holds (None: unbounded)."""

    low: float | None
    high: float | None
    low_closed: bool = True
    high_closed: bool = True

    def contains(self, x: float) -> bool:
        """Whether x lies in the region."""
        if self.low is not None and (x < self.low or (x == self.low and not self.low_closed)):
            return False
        return not (
            self.high is not None and (x > self.high or (x == self.high and not self.high_closed))
        )


@dataclass(frozen=True)
class Condition:
    """The condition of an `open` claim.

    `regions` are where it holds with the other ranges at their middle; `boundaries`
    are the edges between regions as (low, middle, high) over those ranges. `free`
    lists every name without a value; with more than one, `regions` is empty and the
    condition is only that they need values.
    """

    name: str
    free: tuple[str, ...]
    regions: tuple[Region, ...]
    boundaries: tuple[Bounds, ...]
    display: Display
    positive: bool  # the name was taken to be positive
    over_ranges: bool  # other names have ranges: the boundaries move with them
    unsolved: bool = False  # no boundary could be computed


def inline(prover: Prover, node: ir.Node, memo: dict[str, ir.Node]) -> ir.Node:
    """Replace derived names by their definitions and point givens by constants."""
    if isinstance(node, ir.Ref):
        n = node.name
        if n in memo:
            return memo[n]
        if n in prover.free:
            out: ir.Node = node
        elif n in prover.defs:
            out = inline(prover, prover.defs[n], memo)
        else:
            g = prover.program.givens.get(n)
            out = node if g is None or g.is_range or g.low is None else ir.Const(g.low)
        memo[n] = out
        return out
    if isinstance(node, ir.Op):
        return ir.Op(
            node.op, tuple(inline(prover, a, memo) for a in node.args), node.span, node.exponent
        )
    return node


def bounds_over(prover: Prover, node: ir.Node, ranges: list[str]) -> Bounds:
    """(low, value at the middle, high) of an expression over the ranges."""
    mids = {r: prover.box_env[r].mid for r in ranges}
    env = dict(prover.point_env)
    env.update(mids)
    mid = ir.eval_float(node, env)
    if not ranges:
        return mid, mid, mid
    box = {r: prover.box_env[r] for r in ranges}
    return prover.extreme([], node, box, ranges, -1), mid, prover.extreme([], node, box, ranges, 1)


def _scan_points(positive: bool) -> list[float]:
    ups = [10.0**k * m for k in range(-9, 16) for m in (1.0, 2.0, 5.0)]
    return ups if positive else sorted([-x for x in ups] + [0.0] + ups)


def holding_regions(
    prover: Prover,
    claim: ClaimDef,
    name: str,
    ranges: list[str],
    positive: bool,
    budget: float,
) -> tuple[list[Region], list[Bounds]]:
    """The intervals of `name` where the claim holds (other ranges at their middle), and
    the boundaries between them as (low, middle, high) over the other ranges."""
    from toulmin.engine.symbolic import Translator, solve_for

    memo: dict[str, ir.Node] = {}
    lhs = inline(prover, claim.lhs, memo)
    rhs = inline(prover, claim.rhs, memo)
    high = inline(prover, claim.high, memo) if claim.high is not None else None
    mids = {r: prover.box_env[r].mid for r in ranges}
    meaning = constraints(lhs, claim.op, rhs, claim.tolerance, high)
    others = [n for n in prover.free if n != name]

    def holds(u: float) -> bool | None:
        env = dict(mids)
        env[name] = u
        for n in others:
            env[n] = 1.0
        try:
            return meaning.holds([ir.eval_float(c.node, env) for c in meaning.constraints])
        except (ArithmeticError, KeyError):
            return None  # undefined here: neither holds nor fails

    tr = Translator({n: True for n in ranges} | {name: positive})
    # |rhs| in a relative tolerance is not something SymPy solves well: rhs's sign at
    # the middle of the ranges decides it
    try:
        sign = 1.0 if ir.eval_float(rhs, mids | {name: 1.0}) >= 0 else -1.0
    except (ArithmeticError, KeyError):
        sign = 1.0
    bounds: list[Bounds] = []
    for a, side in boundary_equations(lhs, claim.op, rhs, claim.tolerance, sign, high):
        for s in solve_for(tr, a, side, name, budget) or []:
            if name in set(ir.refs(s)):
                continue
            try:
                b = bounds_over(prover, s, ranges)
            except (ArithmeticError, KeyError):
                continue
            if math.isfinite(b[1]) and (not positive or b[1] > 0):
                bounds.append(b)
    # sign changes SymPy missed (steps, kinks): bisect between scan points
    scan = _scan_points(positive)
    truths = [holds(u) for u in scan]
    for (u, tu), (w, tw) in itertools.pairwise(zip(scan, truths)):
        if tu is None or tw is None or tu == tw:
            continue
        if any(u <= b[1] <= w for b in bounds):
            continue
        lo, hi = u, w
        for _ in range(200):
            mid = lo + (hi - lo) / 2
            if mid in (lo, hi):
                break
            if holds(mid) == tu:
                lo = mid
            else:
                hi = mid
        cut = _round_cut(lo, hi, holds, tu)
        bounds.append((cut, cut, cut))
    bounds.sort(key=lambda b: b[1])
    uniq: list[Bounds] = []
    for b in bounds:
        if not uniq or abs(b[1] - uniq[-1][1]) > 1e-12 * max(abs(b[1]), 1e-300):
            uniq.append(b)
    cuts = [b[1] for b in uniq]
    return _regions(cuts, holds, positive), uniq


def _round_cut(lo: float, hi: float, holds: object, t_lo: bool | None) -> float:
    """A boundary found by bisection, as the shortest decimal between lo and hi, so that
    `ceil(m) >= 2` reads `m > 1`, not `m > 1.0000000000000002`."""
    for digits in range(1, 17):
        x = float(f"{lo:.{digits}g}")
        if lo <= x <= hi:
            return x
        x = float(f"{hi:.{digits}g}")
        if lo <= x <= hi:
            return x
    return hi


def _regions(cuts: list[float], holds: object, positive: bool) -> list[Region]:
    from collections.abc import Callable

    assert callable(holds)
    test: Callable[[float], bool | None] = holds
    lower = 0.0 if positive else None
    edges: list[float | None] = [lower, *cuts, None]
    regions: list[Region] = []
    for lo, hi in itertools.pairwise(edges):
        if lo is not None and hi is not None and lo >= hi:
            continue
        if lo is None and hi is None:
            probe = 1.0
        elif lo is None:
            assert hi is not None
            probe = hi - max(1.0, abs(hi))
        elif hi is None:
            probe = lo * 2 if lo > 0 else lo + max(1.0, abs(lo))
        else:
            probe = lo + (hi - lo) / 2 if lo > 0 else hi / 2 if lo == 0 else (lo + hi) / 2
        if not test(probe):
            continue
        # an end belongs to the region when the claim holds there (tested, not assumed)
        lo_closed = lo is not None and lo != 0.0 and bool(test(lo))
        hi_closed = hi is not None and bool(test(hi))
        reg = Region(lo, hi, lo_closed, hi_closed)
        last = regions[-1] if regions else None
        if (
            last is not None
            and last.high is not None
            and reg.low == last.high
            and (last.high_closed or reg.low_closed)
        ):
            regions[-1] = Region(last.low, reg.high, last.low_closed, reg.high_closed)
        else:
            regions.append(reg)
    # isolated points (equalities) where the claim holds only at a cut
    for c in cuts:
        if test(c) and not any(r.contains(c) for r in regions):
            regions.append(Region(c, c))
    regions.sort(key=lambda r: -math.inf if r.low is None else r.low)
    return regions


def open_condition(
    prover: Prover, claim: ClaimDef, ranges: list[str], free: list[str], budget: float
) -> Condition:
    """The condition under which an open claim would hold, solved for its free name."""
    name = free[0]
    display = prover.program.display_of(name)
    if len(free) > 1:
        return Condition(name, tuple(free), (), (), display, False, bool(ranges))
    # a name without a value may be negative: conditions are over the real line
    regions, bounds = holding_regions(prover, claim, name, ranges, False, budget)
    return Condition(name, tuple(free), tuple(regions), tuple(bounds), display, False, bool(ranges))
