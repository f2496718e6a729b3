"""The value (or range) of every name, in passes linear in the size of the program."""

from __future__ import annotations

import math

from toulmin.diagnostics import Diagnostic, error
from toulmin.engine import ir
from toulmin.engine.interval import DomainError, Interval
from toulmin.engine.prove import Prover
from toulmin.engine.resolve import MAX_MAGNITUDE

Bounds = tuple[float, float, float]  # low, value, high (SI)


def all_values(prover: Prover) -> tuple[dict[str, Bounds | None], list[Diagnostic]]:
    """Bounds for every given and derived name; domain and limit errors on the way.

    Point values come from one float pass in evaluation order. Ranges come from
    one interval pass with derivative enclosures: where a name is monotone in
    every range it depends on, its extremes are at two corners, evaluated by a
    float pass per distinct corner; the rest are refined by bisection.
    """
    program, model = prover.program, prover.model
    diags: list[Diagnostic] = []
    out: dict[str, Bounds | None] = {}
    for n, g in program.givens.items():
        out[n] = (g.low, (g.low + g.high) / 2, g.high) if g.known else None  # type: ignore
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
            span = getattr(exc, "span", None) or (
                program.lets.get(name, None) and program.lets[name].span
            )
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
            span = program.lets[name].span if name in program.lets else None
            diags.append(error("limit", f"`{name}` cannot be computed: {exc}", span))
            bad.add(name)
            out[name] = None
            continue
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            span = program.lets[name].span if name in program.lets else None
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
        else:
            refine.append(name)
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
            if name in env and out[name] is not None:
                lo, mid, hi = out[name]  # type: ignore[misc]
                if which == 0:
                    out[name] = (env[name], mid, hi)
                else:
                    out[name] = (lo, mid, env[name])
    for name in refine:
        got = prover.bounds(name)
        if got is not None:
            out[name] = got
    for name, b in list(out.items()):
        if b is not None and b[0] > b[2]:
            out[name] = (b[2], b[1], b[0])
    return out, diags


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
