"""The one place where `toulmin.testing`, the pytest plugin and `--cross-check` touch
engine internals (the lowered program, the solved model and the claim truth function).

The engine is being restructured; everything above this module speaks only in the plain
data defined here (`GivenInfo`, `ClaimInfo`, `ClaimPoint`) and in SI floats, so
re-pointing the ecosystem at a new engine means rewriting this file alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Relative distance from a claim's boundary below which float evaluation cannot tell
#: the two sides apart (rounding of the SI conversions and of the arithmetic itself).
TIGHT = 1e-9


@dataclass(frozen=True)
class GivenInfo:
    """A premise as the testing API shows it: SI bounds plus the display unit."""

    name: str
    low: float | None  # SI; None for an unknown premise
    high: float | None
    unit: str  # display unit text, e.g. "TB/s"
    scale: float  # SI value of one display unit
    si_unit: str
    quote: str | None
    main: bool  # declared in the checked file, not in a used one


@dataclass(frozen=True)
class ClaimInfo:
    """A claim's identity and how to show its two sides."""

    id: str
    kind: str
    op: str
    line: int
    unit: str
    scale: float
    inputs: tuple[str, ...]  # range givens the claim depends on
    free: tuple[str, ...]  # unknown premises it depends on


@dataclass(frozen=True)
class ClaimPoint:
    """A claim evaluated at one point: SI sides, its truth, and how near the edge it is."""

    lhs: float | None
    rhs: float | None
    truth: bool | None  # None: not evaluable there (a free name, a domain error)
    closeness: float  # smallest |constraint| relative to the sides; < TIGHT is a tie


@dataclass
class Loaded:
    """A loaded and solved file, opaque to callers."""

    analysis: Any
    errors: list[Any]  # error diagnostics
    texts: dict[str, str]


def load(
    path: Path, *, root: Path | None = None, display: str | None = None, text: str | None = None
) -> Loaded:
    """Load, resolve and solve a file (no proofs: verdicts are `check_file`'s job)."""
    from toulmin.check import analyse

    a = analyse(path, display or str(path), text, None, root)
    errors = [d for d in a.diagnostics if d.is_error]
    texts = {u.display: u.module.text for u in a.units}
    return Loaded(a, errors, texts)


def givens(loaded: Loaded) -> list[GivenInfo]:
    """Every given of the program (used files' under their full name), by name."""
    from toulmin.units import dims as D
    from toulmin.units import format as F

    program = loaded.analysis.program
    out = []
    for name, g in sorted(program.givens.items()):
        mag = max(abs(g.low), abs(g.high)) if g.known else 1.0
        unit, scale = F.choose(g.display, mag or 1.0)
        out.append(GivenInfo(name, g.low, g.high, unit, scale, D.si_unit(g.dims), g.quote, g.main))
    return out


def let_scales(loaded: Loaded) -> dict[str, float]:
    """The display scale `check` shows each let in (chosen from its bounds)."""
    from toulmin.units import format as F

    a = loaded.analysis
    out = {}
    for name, let in a.program.lets.items():
        b = a.values.get(name)
        mag = (max(abs(b[0]), abs(b[2])) or abs(b[1])) if b else 1.0
        out[name] = F.choose(let.display, mag or 1.0)[1]
    return out


def claims(loaded: Loaded) -> list[ClaimInfo]:
    """The checked file's claims, then its consistency claims, in file order."""
    from toulmin.check import all_claims
    from toulmin.units import format as F

    a = loaded.analysis
    if loaded.errors:
        return []
    prover = a.prover
    nominal = _env(loaded, {})
    out = []
    for c in sorted(all_claims(a), key=lambda c: (c.span.line, c.kind != "claim", c.id)):
        _derived, ranges, free = prover.closure(c.sides())
        ref = _side(c.rhs, nominal)
        if ref is None:
            ref = _side(c.lhs, nominal)
        unit, scale = F.choose(c.display, abs(ref) if ref else 1.0)
        out.append(
            ClaimInfo(c.id, c.kind, c.op, c.span.line, unit, scale, tuple(ranges), tuple(free))
        )
    return out


def values_at(loaded: Loaded, point: dict[str, float]) -> dict[str, float | None]:
    """Every given and let at one point (SI); None where a name has no value there."""
    env = _env(loaded, point)
    program = loaded.analysis.program
    return {n: env.get(n) for n in sorted(set(program.givens) | set(program.lets))}


def claims_at(loaded: Loaded, point: dict[str, float]) -> dict[str, ClaimPoint]:
    """Each claim's truth at one point (SI); names not in `point` keep their nominal value."""
    from toulmin.check import all_claims

    env = _env(loaded, point)
    return {c.id: _claim_point(c, env) for c in all_claims(loaded.analysis)}


def claim_at(loaded: Loaded, claim_id: str, point: dict[str, float]) -> ClaimPoint:
    """One claim's truth at one point (SI), evaluating only what the claim needs."""
    from toulmin.check import all_claims

    a = loaded.analysis
    claim = next(c for c in all_claims(a) if c.id == claim_id)
    derived, _ranges, _free = a.prover.closure(claim.sides())
    env = _env(loaded, point, only=derived)
    return _claim_point(claim, env)


# ---------------------------------------------------------------- internals


def _env(
    loaded: Loaded, point: dict[str, float], only: list[str] | None = None
) -> dict[str, float]:
    """Givens at their nominal value (the prover's midpoint) overridden by `point`, then
    every solved let in the model's evaluation order; a let that cannot be evaluated at
    this point (a free name, a domain error) is left out."""
    from toulmin.engine import ir

    prover = loaded.analysis.prover
    env: dict[str, float] = dict(prover.point_env)
    env.update(point)
    wanted = None if only is None else set(only)
    for name, expr in loaded.analysis.model.order:
        if wanted is not None and name not in wanted:
            continue
        if name in point:  # the caller pinned a derived name: keep it
            continue
        try:
            env[name] = ir.eval_float(expr, env)
        except (KeyError, ArithmeticError):
            pass
    return env


def _side(node: Any, env: dict[str, float]) -> float | None:
    from toulmin.engine import ir

    try:
        return ir.eval_float(node, env)
    except (KeyError, ArithmeticError):
        return None


def _claim_point(claim: Any, env: dict[str, float]) -> ClaimPoint:
    """The claim truth function of the engine (`engine.meaning`: its constraints h ≤ 0,
    ties included, negated for `!=`), plus how near the point is to flipping."""
    meaning = claim.meaning()
    lhs, rhs = _side(claim.lhs, env), _side(claim.rhs, env)
    hs = [_side(c.node, env) for c in meaning.constraints]
    if lhs is None or rhs is None or any(h is None for h in hs):
        return ClaimPoint(lhs, rhs, None, math.inf)
    values = [float(h) for h in hs if h is not None]
    size = max(abs(lhs), abs(rhs), 1e-300)
    truth = meaning.holds(values)
    conj = truth != meaning.negate  # the conjunction itself, before any `!=`
    # How far the verdict is from flipping: a true conjunction flips when any constraint
    # reaches zero; a false one only when its worst violation does.
    if conj:
        closeness = min(abs(h) for h in values) / size
    else:
        closeness = max(h for h in values if h >= 0) / size
    return ClaimPoint(lhs, rhs, truth, closeness)
