"""The value (or range) of every name, in passes linear in the size of the program."""

from __future__ import annotations

import math

from toulmin.diagnostics import Diagnostic, Span, error
from toulmin.engine import ir
from toulmin.engine.interval import DomainError, Interval
from toulmin.engine.magnitude import MAX_MAGNITUDE, OutOfRange, out_of_range
from toulmin.engine.program import ClaimDef
from toulmin.engine.prove import MAX_SEARCH_RANGES, Prover

Bounds = tuple[float, float, float]  # low, value, high (SI)


def all_values(
    prover: Prover, envs: Envs | None = None
) -> tuple[dict[str, Bounds | None], list[Diagnostic]]:
    """Bounds for every given and derived name; domain and limit errors on the way.

    Point values come from one float pass in evaluation order. Ranges come from
    one interval pass with derivative enclosures: where a name is monotone in
    every range it depends on, its extremes are at two corners, evaluated by a
    float pass per distinct corner; the rest are refined by bisection.

    `envs`, when given, receives the point values and enclosures of the pass, for
    `claim_errors` to read instead of evaluating every let again.
    """
    program, model = prover.program, prover.model
    diags: list[Diagnostic] = []
    out: dict[str, Bounds | None] = {}
    for n, g in program.givens.items():
        out[n] = (g.low, (g.low + g.high) / 2, g.high) if g.known else None  # type: ignore[operator, assignment]
    for n in model.free:
        out[n] = None
    ranges = sorted(n for n, g in program.givens.items() if g.is_range)
    point = dict(prover.point_env)
    box: dict[str, tuple[Interval, dict[str, Interval]]] = {
        n: (iv, {n: Interval(1.0, 1.0)} if n in ranges else {}) for n, iv in prover.box_env.items()
    }
    bad: set[str] = set(model.free)
    pending_corners: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    refine: list[str] = []
    for name, expr in model.order:
        deps = set(ir.refs(expr))
        if deps & bad:
            bad.add(name)
            out[name] = None
            continue
        try:
            iv, grad = ir.eval_grad(expr, box)
            value = ir.eval_float(expr, point)
        except DomainError as exc:
            refined = _refine(prover, name, expr, ranges)
            if refined is not None:
                box[name], point[name] = refined
                lo_hi = refined[0][0]
                out[name] = (lo_hi.lo, refined[1], lo_hi.hi)
                continue
            span = getattr(exc, "span", None) or (_where(prover, name))
            diags.append(
                error(
                    "domain",
                    f"`{name}` is undefined: {exc}",
                    span,
                    "narrow the range so it excludes the problem value",
                )
            )
            bad.add(name)
            out[name] = None
            continue
        except (OverflowError, ArithmeticError) as exc:
            span = _where(prover, name)
            diags.append(error("limit", f"`{name}` cannot be computed: {exc}", span))
            bad.add(name)
            out[name] = None
            continue
        # only the names it reads: a copy of the whole box per let made a chain quadratic
        step = out_of_range(expr, point, {k: box[k][0] for k in deps if k in box})
        if step is not None:
            # `1/(y*y)` is 0 in floats though not in fact: no value rests on such a step
            span = step.span or _where(prover, name)
            diags.append(_limit_error(f"`{name}` cannot be computed", step, span))
            bad.add(name)
            out[name] = None
            continue
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            span = _where(prover, name)
            diags.append(
                error(
                    "limit",
                    f"`{name}` is beyond 1e±300 ({value:g} in SI units)",
                    span,
                    "check the units and exponents of its definition",
                )
            )
            bad.add(name)
            out[name] = None
            continue
        box[name] = (iv, grad)
        point[name] = value
        if not grad or iv.lo == iv.hi:
            out[name] = (value, value, value)
            continue
        lo_c, hi_c = {}, {}
        monotone = True
        for v, d in grad.items():
            end_lo, end_hi = prover.box_env[v].lo, prover.box_env[v].hi
            if d.lo >= 0:
                lo_c[v], hi_c[v] = end_lo, end_hi
            elif d.hi <= 0:
                lo_c[v], hi_c[v] = end_hi, end_lo
            else:
                monotone = False
                break
        out[name] = (iv.lo, value, iv.hi)
        if monotone:
            pending_corners[name] = (lo_c, hi_c)
        elif len(grad) <= MAX_SEARCH_RANGES:  # else bisection cannot tighten it
            refine.append(name)
    if envs is not None:
        envs.point.update(point)
        envs.box.update((k, v[0]) for k, v in box.items())
        envs.point_bad |= bad
    # one float pass per distinct corner
    corners: dict[tuple, list[tuple[str, int]]] = {}
    for name, (lo_c, hi_c) in pending_corners.items():
        for which, c in ((0, lo_c), (2, hi_c)):
            full = {r: c.get(r, prover.point_env[r]) for r in ranges}
            key = tuple(sorted(full.items()))
            corners.setdefault(key, []).append((name, which))
    for key, wanted in corners.items():
        env = dict(prover.point_env)
        env.update(dict(key))
        needed = {n for n, _ in wanted}
        last = max(prover.position[n] for n in needed)
        for name, expr in model.order[: last + 1]:
            if name in bad:
                continue
            try:
                env[name] = ir.eval_float(expr, env)
            except ArithmeticError:
                bad.add(name)
        for name, which in wanted:
            # at an infinite corner the float value is the limit there, or NaN (∞ − ∞):
            # then the interval end already in `out` stands
            if name in env and out[name] is not None and not math.isnan(env[name]):
                lo, mid, hi = out[name]  # type: ignore[misc]
                if which == 0:
                    out[name] = (env[name], mid, hi)
                else:
                    out[name] = (lo, mid, env[name])
    for name in refine:
        try:
            got = prover.bounds(name)
        except ArithmeticError:
            # a part of the box overflows though the whole box did not (`rate ^ (span /
            # 1 year)` with `span >= 1 year`: [.., ∞] whole, 1e308 at a finite split):
            # the first pass's enclosure stands
            continue
        if got is not None:
            out[name] = got
    for name in model.alternatives:
        # a name with several solutions ranges over all of them
        if out.get(name) is not None:
            try:
                out[name] = prover.bounds(name)
            except ArithmeticError:
                pass
    for name, b in list(out.items()):
        if b is not None and b[0] > b[2]:
            out[name] = (b[2], b[1], b[0])
    return out, diags


def claim_errors(
    prover: Prover,
    claims: list[ClaimDef],
    values: dict[str, Bounds | None],
    envs: Envs | None = None,
) -> list[Diagnostic]:
    """Domain and limit errors of claims, found as for lets (spec v2 §5 "Domain").

    A claim undefined somewhere in its ranges (`sqrt(-g)`, `1/(g - 250)` for g from
    202 to 317) or with a step beyond 1e±300 never gets a verdict. Claims that use
    a name without a value (open claims), or one whose let has an error already
    reported, are left alone.
    """
    diags: list[Diagnostic] = []
    if envs is None:
        envs = Envs(prover)  # every let evaluated once, however many claims read it
    for claim in claims:
        derived, ranges, free = prover.closure(claim.sides())
        if free or any(values.get(n) is None for n in derived):
            continue
        what = (
            f"claim `{claim.id}`" if claim.kind == "claim" else f"the consistency of `{claim.id}`"
        )
        for side in claim.sides():
            d = _side_error(prover, envs, derived, ranges, side, what, claim)
            if d is not None:
                diags.append(d)
                break
    return diags


class Envs:
    """The lets' float values and interval enclosures, filled on demand in evaluation order
    and shared by every claim (a fresh pass per claim side made a long chain slow);
    `all_values` fills it on its way."""

    def __init__(self, prover: Prover) -> None:
        self.prover = prover
        self.point: dict[str, float] = dict(prover.point_env)
        self.box: dict[str, Interval] = dict(prover.box_env)
        self.point_bad: set[str] = set()  # a float error in the let or what it reads
        self.box_bad: set[str] = set()  # no enclosure: the point check still runs

    def fill(self, derived: list[str]) -> None:
        defs = self.prover.defs
        for n in derived:  # in evaluation order: a let's inputs come first
            if n in self.point or n in self.point_bad:
                continue
            expr = defs[n]
            refs = ir.refs(expr)
            if any(r in self.point_bad for r in refs):
                self.point_bad.add(n)
                continue
            try:
                self.point[n] = ir.eval_float(expr, self.point)
            except ArithmeticError:
                self.point_bad.add(n)
                continue
            if any(r in self.box_bad for r in refs):
                self.box_bad.add(n)
                continue
            try:
                self.box[n] = ir.eval_interval(expr, self.box)
            except ArithmeticError:
                self.box_bad.add(n)


def _side_error(
    prover: Prover,
    envs: Envs,
    derived: list[str],
    ranges: list[str],
    side: ir.Node,
    what: str,
    claim: ClaimDef,
) -> Diagnostic | None:
    envs.fill(derived)
    if any(n in envs.point_bad for n in derived):
        return None  # the let's own error is reported with the let
    env_point = envs.point
    env_box = None if any(n in envs.box_bad for n in derived) else envs.box
    step = out_of_range(side, env_point, env_box or {})
    if step is not None:
        return _limit_error(f"{what} cannot be computed", step, step.span or claim.span)
    try:
        if env_box is not None:  # first: the enclosure's error carries the span
            ir.eval_interval(side, env_box)
        ir.eval_float(side, env_point)
    except DomainError as exc:
        if ranges and _refine(prover, claim.id, side, ranges) is not None:
            return None  # a loose enclosure: defined on every piece of the box
        where = " somewhere in its ranges" if ranges else ""
        return error(
            "domain",
            f"{what} is undefined{where}: {exc}",
            getattr(exc, "span", None) or claim.span,
            "narrow the range so it excludes the problem value"
            if ranges
            else "check the values it uses",
        )
    return None


def _where(prover: Prover, name: str) -> Span | None:
    """Where a value's error points: its `let`, else the equation it was solved from
    (a given without a value, `given a: J` with `let c = a * b`), else its `given`."""
    program = prover.program
    if name in program.lets:
        return program.lets[name].span
    how = prover.model.derivations.get(name)
    for eq in how.equations if how else ():
        if eq in program.lets:
            return program.lets[eq].span
    given = program.givens.get(name)
    return given.span if given else None


def _limit_error(subject: str, step: OutOfRange, span: object) -> Diagnostic:
    beyond = "above 1e300" if step.what == "overflow" else "below 1e-300 (not zero)"
    return error(
        "limit",
        f"{subject}: a step of it is {beyond}, where floating point is not exact",
        span,  # type: ignore[arg-type]
        "check the units and exponents, or rewrite it so no step is that large or small",
    )


def _refine(
    prover: Prover, name: str, expr: ir.Node, ranges: list[str], max_boxes: int = 512
) -> tuple[tuple[Interval, dict[str, Interval]], float] | None:
    """Re-evaluate a name whose naive enclosure hit a domain error, on sub-boxes.

    Interval arithmetic overestimates (`a - a + 1` over a in [1, 2] encloses 0),
    so a division can look undefined when it is not. If every piece of a
    bisection evaluates, the name is defined everywhere; the union of the
    pieces is its enclosure (derivatives are dropped: no monotonicity claims).
    """
    derived, box_ranges, free = prover.closure([expr])
    if free or not box_ranges:
        return None
    queue = [{r: prover.box_env[r] for r in box_ranges}]
    hull: Interval | None = None
    boxes = 0
    while queue:
        b = queue.pop()
        boxes += 1
        if boxes > max_boxes:
            return None
        try:
            iv = prover.eval_box(derived, [expr], b)[0]
        except DomainError:
            widths = {k: v.width for k, v in b.items()}
            k = max(widths, key=widths.__getitem__)
            if widths[k] <= 1e-12 * max(abs(b[k].lo), abs(b[k].hi), 1e-300):
                return None  # a point where it really is undefined
            m = b[k].mid
            for half in (Interval(b[k].lo, m), Interval(m, b[k].hi)):
                nb = dict(b)
                nb[k] = half
                queue.append(nb)
            continue
        hull = iv if hull is None else hull.union(iv)
    try:
        value = prover.eval_point(derived, [expr], {})[0]
    except ArithmeticError:
        return None
    assert hull is not None
    return (hull, {}), value
