"""Verdicts: prove a claim over the whole box of ranges, or refute it with a point.

* `holds`/`fails` are proved with sound interval arithmetic. Each box is first
  narrowed by monotonicity (a derivative enclosure of one sign pins that
  variable to one end), then split along its widest remaining variable.
* `depends` needs two concrete points, found by corners and vectorised
  sampling (or met during the proof); the counterexample is then shrunk to a
  readable one with Hypothesis `find`, and re-checked.
* `open` claims are solved for the missing name with SymPy.
* `undecided` is only returned when the box budget runs out.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from toulmin.engine import ir
from toulmin.engine.condition import Condition
from toulmin.engine.interval import DomainError, Interval, finite_ends
from toulmin.engine.meaning import Constraint
from toulmin.engine.program import ClaimDef, Program
from toulmin.engine.solve import Model

Point = dict[str, float]
MAX_SOLUTION_COMBOS = 16  # combinations of several-solution names a claim is decided over

#: Over more ranges than this (a chain of distributions), bisection and shrinking cannot
#: do what they are for: 64 rounds of bisection split each range at most once, so a value's
#: bounds stay its first enclosure, and rounding or shrinking a counterexample coordinate by
#: coordinate costs a pass over the derivation per try (seconds for 200 coordinates) without
#: making 200 coordinates readable. Past it, `bounds_of` is one interval enclosure (sound,
#: looser where pinning monotone ends would have helped), `extreme` keeps its first round,
#: and a `depends` keeps its points as found (both re-checked). Verdicts never use these.
MAX_SEARCH_RANGES = 24


@dataclass
class Outcome:
    verdict: str
    proof: str
    counterexample: Point | None = None
    witness: Point | None = None
    condition: Condition | None = None
    note: str | None = None


class Prover:
    """Evaluates claims of one solved program."""

    def __init__(
        self,
        program: Program,
        model: Model,
        budget_s: float = 2.0,
        max_boxes: int = 4000,
        explain: bool = True,
    ) -> None:
        """`explain=False` gives bare verdicts: no shrunk counterexamples, no conditions
        (for searches that re-prove claims many times, like `compare`)."""
        self.program = program
        self.model = model
        self.defs: dict[str, ir.Node] = dict(model.order)
        self.position = {n: i for i, (n, _) in enumerate(model.order)}
        self.free = set(model.free)
        self.budget_s = budget_s
        self.max_boxes = max_boxes
        self.explain = explain
        self.point_env: dict[str, float] = {}
        self._fixed: frozenset[str] = frozenset()  # names pinned to one of their solutions
        self.box_env: dict[str, Interval] = {}
        for n, g in program.givens.items():
            if g.known:
                assert g.low is not None and g.high is not None
                self.point_env[n] = _representative(g.low, g.high)
                self.box_env[n] = Interval(g.low, g.high)

    # ------------------------------------------------------------ slices
    def reach(self, nodes: list[ir.Node]) -> set[str]:
        """Every name the nodes reach through the solved equations (givens included)."""
        seen: set[str] = set()
        stack = [r for nd in nodes for r in ir.refs(nd)]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n in self.defs:
                stack.extend(ir.refs(self.defs[n]))
        return seen

    def closure(self, nodes: list[ir.Node]) -> tuple[list[str], list[str], list[str]]:
        """(derived names in evaluation order, range givens, free names) the nodes need."""
        seen: set[str] = set()
        stack = [r for nd in nodes for r in ir.refs(nd)]
        derived, ranges, free = [], [], []
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n in self.free:
                free.append(n)
            elif n in self.defs:
                derived.append(n)
                stack.extend(ir.refs(self.defs[n]))
            elif n in self.program.givens:
                g = self.program.givens[n]
                if g.is_range:
                    ranges.append(n)
            else:
                free.append(n)  # unsolved: no value
        derived.sort(key=self.position.__getitem__)
        return derived, sorted(ranges), sorted(free)

    def eval_point(self, derived: list[str], nodes: list[ir.Node], point: Point) -> list[float]:
        env = dict(self.point_env)
        env.update(point)
        for n in derived:
            env[n] = ir.eval_float(self.defs[n], env)
        return [ir.eval_float(nd, env) for nd in nodes]

    def eval_box(
        self, derived: list[str], nodes: list[ir.Node], box: dict[str, Interval]
    ) -> list[Interval]:
        env = dict(self.box_env)
        env.update(box)
        for n in derived:
            env[n] = ir.eval_interval(self.defs[n], env)
        return [ir.eval_interval(nd, env) for nd in nodes]

    def eval_grad(
        self, derived: list[str], nodes: list[ir.Node], box: dict[str, Interval]
    ) -> list[tuple[Interval, dict[str, Interval]]]:
        env: dict[str, tuple[Interval, dict[str, Interval]]] = {
            n: (iv, {}) for n, iv in self.box_env.items()
        }
        for n, iv in box.items():
            env[n] = (iv, {n: Interval(1.0, 1.0)})
        for n in derived:
            env[n] = ir.eval_grad(self.defs[n], env)
        return [ir.eval_grad(nd, env) for nd in nodes]

    # ------------------------------------------------------------ value bounds
    def bounds(self, name: str) -> tuple[float, float, float] | None:
        """(low, mid-value, high) of a derived name over the box, tight where provable."""
        return self.bounds_of(ir.Ref(name))

    def bounds_of(self, node: ir.Node) -> tuple[float, float, float] | None:
        """(low, mid-value, high) of an expression over the box; None if it needs a free name."""
        if isinstance(node, ir.Const):
            return node.value, node.value, node.value
        derived, ranges, free = self.closure([node])
        if free:
            return None
        several = [n for n in derived if n in self.model.alternatives and n not in self._fixed]
        if several:
            # a name with several solutions: the expression ranges over every one
            found = [sub.bounds_of(node) for sub in self._variants(several)[:MAX_SOLUTION_COMBOS]]
            known = [b for b in found if b is not None]
            if not known:
                return None
            return min(b[0] for b in known), known[0][1], max(b[2] for b in known)
        mid = self.eval_point(derived, [node], {})[0]
        if not ranges:
            return mid, mid, mid
        box = {r: self.box_env[r] for r in ranges}
        if len(ranges) > MAX_SEARCH_RANGES:
            try:  # one sound enclosure, without derivatives (see MAX_SEARCH_RANGES)
                iv = self.eval_box(derived, [node], box)[0]
                return min(iv.lo, mid), mid, max(iv.hi, mid)
            except DomainError:
                pass  # a loose enclosure crossing zero: `extreme` looks closer
        lo = self.extreme(derived, node, box, ranges, -1)
        hi = self.extreme(derived, node, box, ranges, +1)
        return lo, mid, hi

    def extreme(
        self,
        derived: list[str],
        node: ir.Node,
        box: dict[str, Interval],
        ranges: list[str],
        sign: int,
    ) -> float:
        """Min (sign -1) or max (+1) of node over the box: exact at a corner when monotone,
        else a sound bound refined by a few rounds of bisection."""
        best_inner = -math.inf if sign > 0 else math.inf  # attained value (a point)
        outer = best_inner
        queue = [box]
        rounds = 0
        limit = 64 if len(ranges) <= MAX_SEARCH_RANGES else 1
        while queue and rounds < limit:
            rounds += 1
            b = queue.pop()
            try:
                ((_val, grad),) = self.eval_grad(derived, [node], b)
            except DomainError:  # a loose enclosure crossing zero: look closer
                dims = [k for k, v in b.items() if v.lo != v.hi]
                if not dims:
                    raise
                queue.extend(_split(b, dims))
                continue
            pinned, open_dims = self._pin(b, grad, sign)
            enclosure = self.eval_box(derived, [node], _whole(pinned, b))[0] if open_dims else None
            corner = {k: (v.lo if v.lo == v.hi else v.mid) for k, v in pinned.items()}
            try:
                # at an infinite corner this is the limit there: the extreme of a
                # monotone function over a half-line (NaN when IEEE cannot tell)
                attained = self.eval_point(derived, [node], corner)[0]
            except ArithmeticError:
                attained = math.nan
            if math.isnan(attained):
                if not open_dims and any(map(math.isinf, corner.values())):
                    # no limit computed: fall back on the enclosure over the half-line
                    iv = self.eval_box(derived, [node], _whole(pinned, b))[0]
                    outer = max(outer, iv.hi) if sign > 0 else min(outer, iv.lo)
                attained = best_inner
            best_inner = max(best_inner, attained) if sign > 0 else min(best_inner, attained)
            if not open_dims:
                continue
            assert enclosure is not None
            bound = enclosure.hi if sign > 0 else enclosure.lo
            if (sign > 0 and bound <= best_inner) or (sign < 0 and bound >= best_inner):
                continue
            if rounds > 48:
                outer = max(outer, bound) if sign > 0 else min(outer, bound)
                continue
            queue.extend(_split(_whole(pinned, b), open_dims))
        for b in queue:
            iv = self.eval_box(derived, [node], b)[0]
            outer = max(outer, iv.hi) if sign > 0 else min(outer, iv.lo)
        if sign > 0:
            return max(best_inner, outer)
        return min(best_inner, outer)

    @staticmethod
    def _pin(
        box: dict[str, Interval], grad: dict[str, Interval], sign: int
    ) -> tuple[dict[str, Interval], list[str]]:
        """Pin each monotone variable to the end that maximises (sign +1) or minimises.

        An infinite end is pinned as a degenerate interval (±∞, ±∞), meaning the limit
        there: float evaluation at it gives that limit (or NaN), and interval evaluation
        must first widen it back with `_whole`."""
        pinned = dict(box)
        open_dims = []
        for v, iv in box.items():
            if iv.lo == iv.hi:
                continue
            d = grad.get(v, Interval(0.0, 0.0))
            if d.lo >= 0:
                end = iv.hi if sign > 0 else iv.lo
            elif d.hi <= 0:
                end = iv.lo if sign > 0 else iv.hi
            else:
                open_dims.append(v)
                continue
            pinned[v] = Interval(end, end)
        return pinned, open_dims

    # ------------------------------------------------------------ verdicts
    def verdict(self, claim: ClaimDef) -> Outcome:
        meaning = claim.meaning()
        cons, negate = list(meaning.constraints), meaning.negate
        nodes = [c.node for c in cons]
        derived, ranges, free = self.closure(claim.sides())
        stuck = sorted(n for n in (*derived, *free) if n in self.model.ambiguous)
        if stuck:
            return Outcome("undecided", "exact", note=self.model.ambiguous[stuck[0]])
        several = [n for n in derived if n in self.model.alternatives and n not in self._fixed]
        if several:
            return self._over_solutions(claim, several)
        if free:
            return self._open(claim, derived, ranges, free)
        try:
            if not ranges:
                truth = self.truth_at(derived, cons, {})
                ok = truth != negate
                return Outcome("holds" if ok else "fails", "exact")
            return self._range_verdict(claim, cons, negate, derived, ranges, nodes)
        except ArithmeticError as exc:
            return Outcome("undecided", "interval", note=f"cannot evaluate: {exc}")

    def _variants(self, names: list[str]) -> list[Prover]:
        """One prover per combination of the names' solutions (at most one more than
        `MAX_SOLUTION_COMBOS`, so a caller can tell there are too many)."""
        import copy
        import itertools

        sets = [self.model.alternatives[n] for n in names]
        out = []
        for combo in itertools.islice(itertools.product(*sets), MAX_SOLUTION_COMBOS + 1):
            sub = copy.copy(self)
            sub.defs = dict(self.defs)
            sub.defs.update(zip(names, combo))
            sub._fixed = self._fixed | set(names)
            out.append(sub)
        return out

    def _over_solutions(self, claim: ClaimDef, names: list[str]) -> Outcome:
        """Decide a claim over every solution of names solved from equations with several.

        It holds (fails) when it holds (fails) for each combination of solutions; when
        it holds for one and fails for another it depends, and the counterexample and
        witness name the solutions. Never decided on one picked solution (issue 8).
        """

        sets = [self.model.alternatives[n] for n in names]
        listed = "; ".join(f"`{n}` has {len(s)} solutions" for n, s in zip(names, sets))
        subs = self._variants(names)
        if len(subs) > MAX_SOLUTION_COMBOS:
            return Outcome("undecided", "exact", note=f"{listed}: too many combinations")
        results = [(sub.verdict(claim), sub) for sub in subs]
        verdicts = {o.verdict for o, _ in results}
        note = f"decided over every solution: {listed}"
        if verdicts == {"holds"} or verdicts == {"fails"}:
            first = results[0][0]
            return Outcome(first.verdict, first.proof, note=note)
        if verdicts - {"holds", "fails", "depends"}:
            return Outcome("undecided", "exact", note=f"{listed}; not every one could be decided")

        def at(outcome: Outcome, sub: Prover, point: Point | None) -> Point | None:
            pt = dict(point or {})
            try:
                for n in names:
                    derived = sub.closure([ir.Ref(n)])[0]
                    pt[n] = sub.eval_point(derived, [ir.Ref(n)], pt)[0]
            except (ArithmeticError, KeyError):
                return None
            return pt

        bad = next((o, s) for o, s in results if o.verdict in ("fails", "depends"))
        good = next((o, s) for o, s in results if o.verdict in ("holds", "depends"))
        cex = at(bad[0], bad[1], bad[0].counterexample)
        wit = at(good[0], good[1], good[0].witness)
        return Outcome("depends", "search", counterexample=cex, witness=wit, note=note)

    def exact_at(self, derived: list[str], cons: list[Constraint], point: Point) -> bool:
        """Whether every step of the claim at `point` stays within 1e±300, so its float
        truth there is its truth: `0.5 ^ (span / 1 year)` at span = 1268 year underflows
        to 0, and `grown > 0` is false in floats only (spec §6 "Limits")."""
        from toulmin.engine.magnitude import out_of_range

        env = dict(self.point_env)
        env.update(point)
        try:
            for n in derived:
                if out_of_range(self.defs[n], env, {}) is not None:
                    return False
                env[n] = ir.eval_float(self.defs[n], env)
            return all(out_of_range(c.node, env, {}) is None for c in cons)
        except ArithmeticError:
            return False

    def truth_at(self, derived: list[str], cons: list[Constraint], point: Point) -> bool:
        vals = self.eval_point(derived, [c.node for c in cons], point)
        return all((v < 0) if c.strict else (v <= 0) for v, c in zip(vals, cons))

    def _range_verdict(
        self,
        claim: ClaimDef,
        cons: list[Constraint],
        negate: bool,
        derived: list[str],
        ranges: list[str],
        nodes: list[ir.Node],
    ) -> Outcome:
        box = {r: self.box_env[r] for r in ranges}
        true_pt, false_pt = self._sample(derived, cons, box, ranges, negate)
        if (true_pt is None or false_pt is None) and claim.op in ("=", "≈", "!="):
            # Equality holds on a thin set that random points miss: look for it
            # where lhs - rhs changes sign, by bisection along a segment.
            on_edge = self._seek_equality(claim, cons, derived, box, ranges)
            if on_edge is not None and self.exact_at(derived, cons, on_edge):
                if self.truth_at(derived, cons, on_edge) != negate:
                    true_pt = true_pt or on_edge
                else:
                    false_pt = false_pt or on_edge
        if true_pt is not None and false_pt is not None:
            return self._depends(claim, cons, negate, derived, ranges, true_pt, false_pt)
        # Branch and bound: classify boxes as all-true, all-false, or split them.
        deadline = time.monotonic() + self.budget_s
        queue = [box]
        boxes = 0
        mixed_left = False
        while queue:
            if boxes >= self.max_boxes or time.monotonic() > deadline:
                mixed_left = True
                break
            b = queue.pop()
            boxes += 1
            try:
                state, open_dims, probe = self._classify(derived, cons, b)
                if state is None and not all(v.bounded for v in b.values()):
                    state = self._classify_by_sides(claim, derived, b)
            except DomainError:
                # the naive enclosure of a divisor or logarithm's argument crosses
                # zero on this box (the dependency problem): split and look closer
                state, open_dims, probe = None, [], {k: v.mid for k, v in b.items()}
            if state is None and probe is not None and self.exact_at(derived, cons, probe):
                t = self.truth_at(derived, cons, probe) != negate
                if t and true_pt is None:
                    true_pt = probe
                elif not t and false_pt is None:
                    false_pt = probe
            if state is not None:
                t = state != negate
                pt = {k: v.mid for k, v in b.items()}
                if t and true_pt is None:
                    true_pt = pt
                elif not t and false_pt is None:
                    false_pt = pt
            if true_pt is not None and false_pt is not None:
                return self._depends(claim, cons, negate, derived, ranges, true_pt, false_pt)
            if state is None:
                dims = open_dims or [k for k, v in b.items() if v.lo != v.hi]
                if not dims:
                    mixed_left = True  # a point the intervals cannot decide (rounding)
                    continue
                queue.extend(_split(b, dims))
        if mixed_left:
            lo = self.eval_box(derived, nodes, box)
            bounds = "; ".join(f"[{iv.lo:.4g}, {iv.hi:.4g}]" for iv in lo)
            return Outcome(
                "undecided",
                "interval",
                note=f"budget of {self.max_boxes} boxes / {self.budget_s:g} s ran out; "
                f"margin bounds (SI): {bounds}",
            )
        if false_pt is None:
            return Outcome("holds", "interval")
        return Outcome("fails", "interval")

    def _classify(
        self, derived: list[str], cons: list[Constraint], box: dict[str, Interval]
    ) -> tuple[bool | None, list[str], Point | None]:
        """True/False when the conjunction is proved true/false on the whole box."""
        nodes = [c.node for c in cons]
        grads = self.eval_grad(derived, nodes, box)
        all_true = True
        open_dims: set[str] = set()
        probe: Point | None = None
        for c, (val, grad) in zip(cons, grads):
            # upper bound of h: pin monotone variables to their maximising end
            hi_box, hi_open = self._pin(box, grad, +1)
            hi = min(self._edge(derived, c.node, hi_box, hi_open, +1, box), val.hi)
            lo_box, lo_open = self._pin(box, grad, -1)
            lo = max(self._edge(derived, c.node, lo_box, lo_open, -1, box), val.lo)
            if (lo >= 0) if c.strict else (lo > 0):
                return False, [], None
            if not ((hi < 0) if c.strict else (hi <= 0)):
                all_true = False
                open_dims.update(hi_open)
                if probe is None:
                    probe = {
                        k: (v.lo if v.lo == v.hi and math.isfinite(v.lo) else box[k].mid)
                        for k, v in hi_box.items()
                    }
        if all_true:
            return True, [], None
        return None, sorted(open_dims), probe

    def _classify_by_sides(
        self, claim: ClaimDef, derived: list[str], box: dict[str, Interval]
    ) -> bool | None:
        """Decide a box from enclosures of the claim's sides, then the claim's own
        constraints over those (a second, three-variable box).

        On a half-line the tie term `TIE·max(|a|, |b|)` makes `a − b + …` an ∞ − ∞ that no
        subdivision narrows; each side alone is usually monotone, and the comparison is
        monotone in each side, so both levels pin to corners."""
        from toulmin.engine.meaning import constraints

        sides = {"\0lhs": claim.lhs, "\0rhs": claim.rhs}
        if claim.high is not None:
            sides["\0high"] = claim.high
        side_box: dict[str, Interval] = {}
        for key, node in sides.items():
            ((val, grad),) = self.eval_grad(derived, [node], box)
            hi_box, hi_open = self._pin(box, grad, +1)
            hi = min(self._edge(derived, node, hi_box, hi_open, +1, box), val.hi)
            lo_box, lo_open = self._pin(box, grad, -1)
            lo = max(self._edge(derived, node, lo_box, lo_open, -1, box), val.lo)
            if math.isnan(lo) or math.isnan(hi) or lo > hi:
                return None
            side_box[key] = Interval(lo, hi)
        high = ir.Ref("\0high") if claim.high is not None else None
        meaning = constraints(ir.Ref("\0lhs"), claim.op, ir.Ref("\0rhs"), claim.tolerance, high)
        state, _, _ = self._classify([], list(meaning.constraints), side_box)
        return state

    def _edge(
        self,
        derived: list[str],
        node: ir.Node,
        box: dict[str, Interval],
        open_dims: list[str],
        sign: int,
        whole: dict[str, Interval] | None = None,
    ) -> float:
        """Upper (sign +1) or lower bound of node on a pinned box (of `whole`).

        When monotonicity pinned every variable, the extreme is the value at
        one corner: evaluate it there like a point claim, so a boundary such as
        `a >= 1` for a in [1, 3] is not lost to outward rounding. At an infinite
        corner the float value is the limit there; NaN (∞ − ∞) falls back on intervals.
        """
        if not open_dims:
            point = {k: v.lo for k, v in box.items()}
            try:
                v = self.eval_point(derived, [node], point)[0]
                if not math.isnan(v):
                    return v
            except ArithmeticError:
                pass
        iv = self.eval_box(derived, [node], _whole(box, whole or box))[0]
        return iv.hi if sign > 0 else iv.lo

    def _seek_equality(
        self,
        claim: ClaimDef,
        cons: list[Constraint],
        derived: list[str],
        box: dict[str, Interval],
        ranges: list[str],
    ) -> Point | None:
        """A point where lhs ≈ rhs within the claim's tolerance, if sampling shows a sign change."""
        diff = ir.Op("-", (claim.lhs, claim.rhs))
        ends = {r: finite_ends(box[r]) for r in ranges}
        corners = [
            {r: ends[r][(i >> j) & 1] for j, r in enumerate(ranges)}
            for i in range(2 ** min(len(ranges), 6))
        ]
        corners.append({r: box[r].mid for r in ranges})
        values = []
        for c in corners:
            try:
                values.append((self.eval_point(derived, [diff], c)[0], c))
            except ArithmeticError:
                continue
        neg = [c for v, c in values if v < 0]
        pos = [c for v, c in values if v > 0]
        for v, c in values:
            if v == 0:
                return c
        if not neg or not pos:
            return None
        a, b = neg[0], pos[0]
        for _ in range(200):
            m = {r: (a[r] + b[r]) / 2 for r in ranges}
            try:
                if all((h <= 0) for h in self.eval_point(derived, [c.node for c in cons], m)):
                    return m
                v = self.eval_point(derived, [diff], m)[0]
            except ArithmeticError:
                return None
            if v < 0:
                a = m
            elif v > 0:
                b = m
            else:
                return m
        return None

    def _sample(
        self,
        derived: list[str],
        cons: list[Constraint],
        box: dict[str, Interval],
        ranges: list[str],
        negate: bool,
    ) -> tuple[Point | None, Point | None]:
        """Corners, centre and random points, evaluated in one vectorised pass."""
        import numpy as np

        k = len(ranges)
        rng = np.random.default_rng(20251222)
        if k <= 8:
            corners = np.array([[(i >> j) & 1 for j in range(k)] for i in range(2**k)], dtype=float)
        else:
            corners = rng.integers(0, 2, size=(256, k)).astype(float)
        unit = np.vstack([corners, np.full((1, k), 0.5), rng.random((256, k))])
        pts = np.empty_like(unit)
        for j, r in enumerate(ranges):
            pts[:, j] = _spread(np, box[r], unit[:, j])
        env: dict[str, Any] = dict(self.point_env)
        for j, r in enumerate(ranges):
            env[r] = pts[:, j]
        for n in derived:
            env[n] = ir.eval_array(self.defs[n], env, np)
        ok = np.ones(len(pts), dtype=bool)
        valid = np.ones(len(pts), dtype=bool)
        for c in cons:
            h = np.broadcast_to(
                np.asarray(ir.eval_array(c.node, env, np), dtype=float), (len(pts),)
            )
            valid &= np.isfinite(h)
            ok &= (h < 0) if c.strict else (h <= 0)
        if negate:
            ok = ~ok

        def first_exact(idx: Any) -> Point | None:
            # a few candidates: a point with a step beyond 1e±300 is no evidence
            for i in idx[:8]:
                pt = {r: float(pts[i, j]) for j, r in enumerate(ranges)}
                if self.exact_at(derived, cons, pt):
                    return pt
            return None

        true_pt = first_exact(np.flatnonzero(ok & valid))
        false_pt = first_exact(np.flatnonzero(~ok & valid))
        return true_pt, false_pt

    def _depends(
        self,
        claim: ClaimDef,
        cons: list[Constraint],
        negate: bool,
        derived: list[str],
        ranges: list[str],
        true_pt: Point,
        false_pt: Point,
    ) -> Outcome:
        def holds_at(p: Point) -> bool | None:
            try:
                return self.truth_at(derived, cons, p) != negate
            except ArithmeticError:
                return None  # undefined points are neither counterexamples nor witnesses

        if not self.explain:
            return Outcome("depends", "search", counterexample=false_pt, witness=true_pt)
        if len(ranges) > MAX_SEARCH_RANGES:  # the points as found (see MAX_SEARCH_RANGES)
            return Outcome("depends", "search", counterexample=false_pt, witness=true_pt)
        cex = _readable(false_pt, lambda p: holds_at(p) is False, self.box_env)
        cex = _shrink(cex, ranges, self.box_env, lambda p: holds_at(p) is False)
        wit = _readable(true_pt, lambda p: holds_at(p) is True, self.box_env)
        # the points found were checked for steps beyond 1e±300; a nicer one must be too
        # (checked once here, not at every try of the shrinking: a long chain pays per try)
        if not self.exact_at(derived, cons, cex):
            cex = false_pt
        if not self.exact_at(derived, cons, wit):
            wit = true_pt
        # full points: every range given the claim depends on
        return Outcome("depends", "search", counterexample=cex, witness=wit)

    # ------------------------------------------------------------ open claims
    def _open(
        self, claim: ClaimDef, derived: list[str], ranges: list[str], free: list[str]
    ) -> Outcome:
        from toulmin.engine.condition import Condition, open_condition

        if not self.explain:
            return Outcome("open", "exact")
        try:
            cond = open_condition(self, claim, ranges, free, self.budget_s)
        except Exception:
            # an unsolvable condition is still an open claim: say which names it needs
            display = self.program.display_of(free[0])
            cond = Condition(
                free[0], tuple(free), (), (), display, False, bool(ranges), unsolved=True
            )
        # the spec knows three proofs; an open condition is solved exactly, over
        # the ranges' bounds when there are ranges
        return Outcome("open", "interval" if ranges else "exact", condition=cond)


def _split(box: dict[str, Interval], dims: list[str]) -> list[dict[str, Interval]]:
    """Bisect the relatively widest of `dims`."""

    def rel(v: str) -> float:
        iv = box[v]
        if not iv.bounded:
            return math.inf  # a half-line is always the widest: walk out along it
        scale = max(abs(iv.lo), abs(iv.hi), 1e-300)
        return iv.width / scale

    v = max(dims, key=rel)
    iv = box[v]
    m = iv.mid
    a, b = dict(box), dict(box)
    a[v] = Interval(iv.lo, m)
    b[v] = Interval(m, iv.hi)
    return [a, b]


def _representative(low: float, high: float) -> float:
    """The point value standing for a range: its middle, or the finite end of a
    one-sided range (the number the author wrote), or 0 for the whole line."""
    if math.isfinite(low) and math.isfinite(high):
        return (low + high) / 2
    if math.isfinite(low):
        return low
    return high if math.isfinite(high) else 0.0


def _whole(pinned: dict[str, Interval], box: dict[str, Interval]) -> dict[str, Interval]:
    """A pinned box fit for interval evaluation: a variable pinned to an infinite end
    (a limit, not a value) gets its whole half-line back, which encloses that limit."""
    return {k: (box[k] if v.lo == v.hi and math.isinf(v.lo) else v) for k, v in pinned.items()}


def _spread(np: Any, iv: Interval, u: Any) -> Any:
    """Map unit samples u in [0, 1] into a range: linearly on a bounded one, and on a
    half-line log-uniformly from its finite end out to a million times further (so
    sampling meets large values without ever using infinity)."""
    if iv.bounded:
        return iv.lo + u * (iv.hi - iv.lo)
    if math.isfinite(iv.lo) or math.isfinite(iv.hi):
        end = iv.lo if math.isfinite(iv.lo) else iv.hi
        direction = 1.0 if math.isfinite(iv.lo) else -1.0
        scale = max(abs(end), 1.0)
        return end + direction * scale * np.expm1(u * math.log(1e6 + 1))
    return (2 * u - 1) * np.expm1(np.abs(2 * u - 1) * math.log(1e6 + 1))


def _near_end(iv: Interval) -> list[float]:
    """Round candidates on a half-line: 0 and powers of ten outward from its finite end."""
    end = iv.lo if math.isfinite(iv.lo) else iv.hi if math.isfinite(iv.hi) else 0.0
    out = [0.0] if iv.lo <= 0.0 <= iv.hi else []
    if end != 0.0:
        mag = 10.0 ** math.floor(math.log10(abs(end)))
        out += [math.copysign(mag * k, end) for k in (1, 2, 5, 10, 20, 50, 100)]
    out += [math.copysign(10.0**k, end or 1.0) for k in range(0, 7)]
    return [x for x in out if iv.lo <= x <= iv.hi]


def _nice(x: float, lo: float, hi: float) -> list[float]:
    """Rounder numbers near x inside [lo, hi], roundest first."""
    out: list[float] = []
    if x == 0 or not math.isfinite(x):
        return out
    mag = math.floor(math.log10(abs(x)))
    for digits in range(0, 4):
        step = 10.0 ** (mag - digits)
        for cand in (
            round(x / step) * step,
            math.floor(x / step) * step,
            math.ceil(x / step) * step,
        ):
            cand = float(f"{cand:.12g}")
            if lo <= cand <= hi and cand not in out:
                out.append(cand)
    return out


def _readable(point: Point, good: Any, box_env: dict[str, Interval]) -> Point:
    """Round each coordinate to as few digits as keep `good(point)` true."""
    p = dict(point)
    for k in sorted(p):
        iv = box_env.get(k)
        lo, hi = (iv.lo, iv.hi) if iv else (p[k], p[k])
        # on a half-line, also the simple numbers near its finite end (0, 10, 100, …)
        extra = [] if iv is None or iv.bounded else _near_end(iv)
        for cand in [lo, hi, *extra, *_nice(p[k], lo, hi)]:
            if not math.isfinite(cand):
                continue  # a counterexample is a concrete point, never an infinite end
            trial = dict(p)
            trial[k] = cand
            if good(trial):
                p = trial
                break
    return p


def _shrink(point: Point, ranges: list[str], box_env: dict[str, Interval], falsifies: Any) -> Point:
    """Ask Hypothesis for a simpler counterexample; keep ours if it finds none."""
    import os
    import tempfile

    # Hypothesis keeps a `.hypothesis/` folder in the working directory even
    # with database=None; a check must not litter the user's folder.
    os.environ.setdefault(
        "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "toulmin-hypothesis")
    )
    try:
        from hypothesis import HealthCheck, Phase, find, settings
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover
        return point
    strategies = {}
    for r in ranges:
        iv = box_env[r]
        if not iv.bounded:
            # a half-line: search between its finite end and the point we have, so
            # shrinking walks in from a far sample towards the author's numbers
            lo, hi = sorted((point[r], iv.lo if math.isfinite(iv.lo) else iv.hi))
            if not math.isfinite(lo):
                lo = hi = point[r]
            strategies[r] = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
            continue
        strategies[r] = st.one_of(
            st.sampled_from(sorted({iv.lo, iv.hi, point[r]})),
            st.floats(iv.lo, iv.hi, allow_nan=False),
        )
    try:
        found = find(
            st.fixed_dictionaries(strategies),
            falsifies,
            settings=settings(
                database=None,
                derandomize=True,
                max_examples=60,
                phases=[Phase.generate, Phase.shrink],
                deadline=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except Exception:
        return point
    found = _readable(dict(found), falsifies, box_env)
    finite = all(math.isfinite(v) for v in found.values())
    return found if finite and falsifies(found) else point
