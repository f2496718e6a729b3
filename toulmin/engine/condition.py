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
from fractions import Fraction
from typing import TYPE_CHECKING

from toulmin.engine import ir
from toulmin.engine.meaning import TIE, constraints
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
    #: the regions are proved complete (see `Holding.complete`); when False and no region
    #: was found, the condition must not say that the claim never holds
    complete: bool = True


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
            out = node if g is None or g.is_range or g.low is None else _exact(g.low)
        memo[n] = out
        return out
    if isinstance(node, ir.Op):
        return ir.Op(
            node.op, tuple(inline(prover, a, memo) for a in node.args), node.span, node.exponent
        )
    return node


def _exact(x: float) -> ir.Const:
    """A point value as a constant that SymPy sees as the decimal it prints as: `6`, not
    `6.0` (a float exponent that defeats solveset), and `3.8e25` as a rational, so that
    formulas carry no binary noise. Never parses file text: the float's own repr."""
    try:
        return ir.Const(x, Fraction(repr(x)))
    except (ValueError, OverflowError):
        return ir.Const(x)


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


#: Mantissas of the scan points in each decade (about 10 a decade, log-spaced).
_MANTISSAS = (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.3, 8.0)
#: Decades the scan covers, in SI units: from 1e-30 to 1e36 (compute in FLOP reaches
#: 1e30; a scan that stopped at 1e16 missed every boundary beyond it).
_DECADES = range(-30, 37)
#: Most evaluations spent following transitions between scan points.
_MAX_PROBES = 20000


def _scan_points(positive: bool, coarse: bool = False) -> list[float]:
    ups = [10.0**k * m for k in _DECADES for m in ((1.0, 2.0, 5.0) if coarse else _MANTISSAS)]
    return ups if positive else sorted([-x for x in ups] + [0.0] + ups)


@dataclass(frozen=True)
class Holding:
    """Where a claim holds as one name varies (see `where_holds`)."""

    regions: list[Region]
    bounds: list[Bounds]
    #: every boundary equation was solved exactly (SymPy returned all its real roots),
    #: the claim is continuous in the name, and the scan agrees: an empty `regions` is
    #: then a proof that no value makes the claim hold. Otherwise it only means none
    #: was found.
    complete: bool


#: The truth of a claim where a value overflows the floating-point range.
_BEYOND = "beyond"
#: Operations whose value jumps: a claim built from them may change its truth where no
#: boundary equation has a root, so SymPy's roots alone prove nothing.
_JUMPS = frozenset({"ceil", "floor"})


def where_holds(
    prover: Prover,
    claim: ClaimDef,
    name: str,
    ranges: list[str],
    positive: bool,
    budget: float,
) -> Holding:
    """Where the claim holds as `name` varies, and whether the answer is complete
    (`Holding.complete`).

    Boundaries come from three places, in order of trust: SymPy's roots of the edge
    equations; sign changes of the edge functions (`a - b` of each edge `a = b`) between
    scan points, followed by bisection to the root; and changes of the claim's truth
    between scan points. Each segment between boundaries is then tested.
    """
    from toulmin.engine.interval import DomainError
    from toulmin.engine.symbolic import Translator, solve_all

    memo: dict[str, ir.Node] = {}
    lhs = inline(prover, claim.lhs, memo)
    rhs = inline(prover, claim.rhs, memo)
    high = inline(prover, claim.high, memo) if claim.high is not None else None
    mids = {r: prover.box_env[r].mid for r in ranges}
    meaning = constraints(lhs, claim.op, rhs, claim.tolerance, high)
    others = [n for n in prover.free if n != name]

    def env_at(u: float) -> dict[str, float]:
        env = dict(mids)
        env[name] = u
        for n in others:
            env[n] = 1.0
        return env

    def truth(u: float) -> bool | str | None:
        try:
            return meaning.holds([ir.eval_float(c.node, env_at(u)) for c in meaning.constraints])
        except (ArithmeticError, KeyError, DomainError) as exc:
            # beyond the floating-point range is not a boundary of the claim (4^x is
            # defined for every x): a change of truth there is not looked for
            if isinstance(exc.__cause__, OverflowError) or isinstance(exc, OverflowError):
                return _BEYOND
            return None  # undefined here: neither holds nor fails

    def holds(u: float) -> bool | None:
        t = truth(u)
        return None if t is _BEYOND else bool(t) if t is not None else None

    tr = Translator({n: True for n in ranges} | {name: positive})
    # |rhs| in a relative tolerance is not something SymPy solves well: rhs's sign at
    # the middle of the ranges decides it
    try:
        sign = 1.0 if ir.eval_float(rhs, mids | {name: 1.0}) >= 0 else -1.0
    except (ArithmeticError, KeyError, DomainError):
        sign = 1.0
    equations = boundary_equations(lhs, claim.op, rhs, claim.tolerance, sign, high)
    ops = {n.op for side in (lhs, rhs, high) if side is not None for n in _ops(side)}
    complete = not (ops & _JUMPS)
    ranked: list[tuple[float, int, Bounds]] = []  # (cut, trust: 0 best, bounds)
    for a, side in equations:
        sols, exact = solve_all(tr, a, side, name, budget)
        complete = complete and exact
        for s in sols:
            if name in set(ir.refs(s)):
                complete = False
                continue
            try:
                b = bounds_over(prover, s, ranges)
            except (ArithmeticError, KeyError, DomainError):
                complete = False
                continue
            if math.isfinite(b[1]) and (not positive or b[1] > 0):
                ranked.append((b[1], 0, b))

    def edge_signs(u: float) -> tuple[int | None, ...]:
        env = env_at(u)
        out: list[int | None] = []
        for a, side in equations:
            try:
                d = ir.eval_float(a, env) - ir.eval_float(side, env)
            except (ArithmeticError, KeyError, DomainError):
                out.append(None)
                continue
            out.append(None if math.isnan(d) else (d > 0) - (d < 0))
        return tuple(out)

    def key(u: float) -> tuple[bool | str | None, tuple[int | None, ...]]:
        return truth(u), edge_signs(u)

    # every change of the claim's truth or of an edge function's sign between scan
    # points, followed down to adjacent floats (several changes in one gap included)
    # when SymPy found every root of continuous edges, the cuts are already a proof and
    # a coarse scan (1, 2, 5 a decade) only checks them; else the fine scan looks
    scan = _scan_points(positive, coarse=complete)
    keys = [key(u) for u in scan]
    probes = 0
    for (u, ku), (w, kw) in itertools.pairwise(zip(scan, keys)):
        if ku == kw or _BEYOND in (ku[0], kw[0]):
            continue
        if complete and any(u <= r[0] <= w for r in ranked):
            continue  # SymPy's root is this boundary, and its roots are complete
        stack = [(u, ku, w, kw)]
        while stack:
            lo, klo, hi, khi = stack.pop()
            mid = lo + (hi - lo) / 2
            if mid in (lo, hi) or probes > _MAX_PROBES:
                trust = 1 if klo[1] != khi[1] else 2
                cut = _round_cut(lo, hi, key)
                if cut == 0.0 and holds(0.0) is None:
                    continue  # a pole at zero splits no region a reader would expect
                ranked.append((cut, trust, (cut, cut, cut)))
                continue
            probes += 1
            km = key(mid)
            if km[0] is _BEYOND:
                continue
            if km != klo:
                stack.append((lo, klo, mid, km))
            if km != khi:
                stack.append((mid, km, hi, khi))
    if probes > _MAX_PROBES:
        complete = False
    # one cut per boundary: cuts within a tie of each other are the same boundary (the
    # truth changes a tie away from the root), and the most trusted one stands for it
    ranked.sort(key=lambda r: r[0])
    uniq: list[Bounds] = []
    cluster: list[tuple[float, int, Bounds]] = []
    for r in [*ranked, None]:
        if r is not None and (
            not cluster or abs(r[0] - cluster[-1][0]) <= 4 * TIE * max(abs(r[0]), 1e-300)
        ):
            cluster.append(r)
            continue
        if cluster:
            uniq.append(min(cluster, key=lambda c: c[1])[2])
        cluster = [r] if r is not None else []
    cuts = [b[1] for b in uniq]
    regions = _regions(cuts, holds, positive)
    # the scan is the check: a scan point where the claim holds lies in a region
    for u, (t, _) in zip(scan, keys):
        if t and not any(r.contains(u) for r in regions):
            complete = False
    return Holding(regions, uniq, complete)


def _ops(node: ir.Node) -> list[ir.Op]:
    """Every operation of an expression."""
    out: list[ir.Op] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ir.Op):
            out.append(n)
            stack.extend(n.args)
    return out


def _round_cut(lo: float, hi: float, key: object) -> float:
    """A boundary found by bisection, as the shortest decimal between lo and hi, so that
    `ceil(m) >= 2` reads `m > 1`, not `m > 1.0000000000000002`."""
    if lo <= 0.0 <= hi:
        return 0.0  # a pole or a sign change at zero, not at the smallest subnormal
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
    h = where_holds(prover, claim, name, ranges, False, budget)
    return Condition(
        name,
        tuple(free),
        tuple(h.regions),
        tuple(h.bounds),
        display,
        False,
        bool(ranges),
        complete=h.complete,
    )
