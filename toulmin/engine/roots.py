"""Numeric roots of equations that have at most one solution, in plain floats.

The last resort of backward solving (`solve.py`), when SymPy finds no closed form
and every other name of the equation has a point value. A numeric root is only a
value of the name when it is the *only* root: an equation through `abs`, `ceil`,
`min` or an even power has several solutions (or an interval of them), and proving
claims on one picked root is unsound (issue 8). So the root is sought only when
the unknown occurs once and every operation on its path is one-to-one
(`ops.one_to_one`); then a bracketed sign change is the solution.

Floats, not mpmath: a bisection over a fixed grid is bounded in time whatever the
equation (mpmath's `nsolve` on `exp(exp(v))` ran for minutes inside C code, where
no time budget can stop it).
"""

from __future__ import annotations

import itertools
import math

from toulmin.engine import ir
from toulmin.engine.interval import DomainError
from toulmin.engine.ops import one_to_one

# starting points over many magnitudes, both signs, in increasing order
_GRID = sorted({s * 10.0**k for k in range(-30, 31) for s in (-1.0, 1.0)} | {0.0})


def not_one_to_one(lhs: ir.Node, rhs: ir.Node, var: str) -> str | None:
    """Why `lhs = rhs` may have several solutions for `var`; None when it has at most one."""
    paths = [p for side in (lhs, rhs) for p in _paths_to(side, var)]
    if len(paths) != 1:
        return f"`{var}` occurs {'more than once' if paths else 'nowhere'} in the equation"
    for op in paths[0]:
        if not one_to_one(op.op, op.exponent):
            name = "an even power" if op.op == "pow" else f"`{op.op}`"
            return f"{name} is not one-to-one"
    return None


def _paths_to(root: ir.Node, var: str) -> list[list[ir.Op]]:
    """The operations above each occurrence of `var` (iteratively: trees may be deep)."""
    out: list[list[ir.Op]] = []
    stack: list[tuple[ir.Node, list[ir.Op]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, ir.Ref) and node.name == var:
            out.append(path)
            if len(out) > 1:
                return out
        elif isinstance(node, ir.Op):
            stack.extend((a, [*path, node]) for a in node.args)
    return out


def unique_root(lhs: ir.Node, rhs: ir.Node, var: str, points: dict[str, float]) -> float | None:
    """The root of a one-to-one equation (`not_one_to_one` is None), or None if none is found."""

    def f(x: float) -> float | None:
        env = dict(points)
        env[var] = x
        try:
            v = ir.eval_float(lhs, env) - ir.eval_float(rhs, env)
        except (DomainError, ArithmeticError, KeyError):
            return None
        return v if math.isfinite(v) else None

    values = [(x, f(x)) for x in _GRID]
    defined = [(x, v) for x, v in values if v is not None]
    bracket = next(
        (
            (a, fa, b, fb)
            for (a, fa), (b, fb) in itertools.pairwise(defined)
            if fa == 0 or fb == 0 or (fa < 0) != (fb < 0)
        ),
        None,
    )
    if bracket is None:
        return None
    a, fa, b, fb = bracket
    if fa == 0 and fb == 0:
        return None  # the equation holds on a whole stretch: no single solution
    if fa == 0 or fb == 0:
        root = a if fa == 0 else b
    else:
        for _ in range(200):
            m = (a + b) / 2
            if m in (a, b):
                break
            fm = f(m)
            if fm is None:
                return None
            if fm == 0:
                a = b = m
                break
            if (fm < 0) == (fa < 0):
                a, fa = m, fm
            else:
                b = m
        root = a if abs(f(a) or 0.0) <= abs(f(b) or 0.0) else b
    check = f(root)
    try:
        scale = max(abs(ir.eval_float(rhs, {**points, var: root})), 1e-300)
    except (DomainError, ArithmeticError, KeyError):
        return None
    if check is None or abs(check) > 1e-9 * scale:
        return None
    return root
