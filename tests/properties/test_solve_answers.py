"""Hypothesis properties of `toulmin solve CLAIM --for GIVEN` (issue 9, "Must show").

(a) a solver answer is checked by substitution: a point inside each region it reports
    makes the claim hold, and a point in each gap between regions makes it fail, when the
    given is set to that point and the claim is proved again by the prover;
(b) `solve --for` never says "no value … makes it hold" where random sampling finds one:
    when a sampled value of the given makes the claim hold, the answer has a region, and
    that region contains the sample.

The claims come from a family of shapes that defeat a solver in different ways: powers
and compounding (`exp(n*log(x))`, SymPy's favourite), steps (`ceil`, `floor`: no root to
solve for), cubics with three real roots (a region between two of them), equalities of
transcendental sums (an isolated point), narrow bands, and magnitudes in FLOP far beyond
1e16.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

from conftest import CROSS_SETTINGS, load, write
from conftest import verdict_of as _verdict
from hypothesis import given
from hypothesis import strategies as st

from toulmin.cross.solve import solve_for_given, with_givens


def _num(x: float) -> str:
    return f"{x:.4g}"


@st.composite
def claims(draw: st.DrawFn) -> tuple[str, float]:
    """A claim about a positive given `x` (author's range 2 to 3), and the SI scale of x."""
    shape = draw(
        st.sampled_from(["power", "compound", "step", "cubic", "transcendental", "band", "flop"])
    )
    op = draw(st.sampled_from([">=", "<=", ">", "<"]))
    if shape == "power":
        k = draw(st.integers(1, 4))
        c = draw(st.floats(0.5, 500.0))
        return f"claim t: x ^ {k} {op} {_num(c)}", 1.0
    if shape == "compound":
        n = draw(st.integers(2, 8))
        c = draw(st.floats(1.0, 1e6))
        return f"given n = {n}\nclaim t: 3.8e25 * exp(n * log(x)) {op} {_num(c * 3.8e25)}", 1.0
    if shape == "step":
        m = draw(st.sampled_from([1, 10]))
        c = draw(st.integers(2, 60))
        op = draw(st.sampled_from(["=", ">=", "<="]))
        return f"claim t: {'ceil' if c % 2 else 'floor'}(x * {m}) {op} {c}", 1.0
    if shape == "cubic":
        r1 = draw(st.floats(0.5, 2.0))
        r2 = r1 + draw(st.floats(0.3, 2.0))
        r3 = r2 + draw(st.floats(0.3, 2.0))
        return f"claim t: (x - {_num(r1)}) * (x - {_num(r2)}) * (x - {_num(r3)}) {op} 0.001", 1.0
    if shape == "transcendental":
        c = draw(st.floats(1.0, 6.0))
        op = draw(st.sampled_from(["=", ">=", "<="]))
        return f"claim t: sqrt(x) + log(x) {op} {_num(c)}", 1.0
    if shape == "band":
        r = draw(st.floats(0.5, 50.0))
        w = draw(st.sampled_from([0.5, 1, 2]))
        return f"claim t: x ≈ {_num(r)} within {w} %", 1.0
    r = draw(st.floats(1.0, 9.0))
    return f"claim t: ceil(x / 1e25 FLOP) * 1e25 FLOP {op} {_num(r)}e25 FLOP", 1.0


def _program(tmp: Path, claim: str):
    unit = " FLOP" if "FLOP" in claim else ""
    text = f"given x = 2 to 3{unit}\n{claim}\n"
    return load(write(tmp, "t.claim", text))


def _holds_at(a, u: float) -> str:
    return _verdict(with_givens(a.program, {"x": (u, u)}), "t")


def _inside(regions: list[dict], u: float) -> bool:
    return any((r.low is None or u >= r.low) and (r.high is None or u <= r.high) for r in regions)


def _near_a_boundary(out: dict, u: float) -> bool:
    """Within a hair of a boundary, rounding (ties, `ceil` of 2.9999…) may go either way."""
    return any(abs(u - b.value) <= 1e-6 * max(abs(u), 1e-300) for b in out.boundaries)


def _samples(scale: float, rnd: random.Random) -> list[float]:
    """Log-uniform over 1e-3…1e4 of the scale, plus points near the author's range."""
    out = [scale * 10 ** rnd.uniform(-3, 4) for _ in range(40)]
    out += [scale * rnd.uniform(0.2, 20.0) for _ in range(40)]
    return out


@CROSS_SETTINGS
@given(claims(), st.randoms(use_true_random=False))
def test_solve_for_never_says_no_value_where_sampling_finds_one(
    tmp_path_factory, case: tuple[str, float], rnd: random.Random
) -> None:
    claim, scale = case
    a = _program(tmp_path_factory.mktemp("nv"), claim)
    scale = 1e25 if "FLOP" in claim else scale
    out = solve_for_given(a, "t", "x")
    found = [u for u in _samples(scale, rnd) if _holds_at(a, u) == "holds"]
    if found:
        assert out.regions, (claim, found[:3], out.text)
        assert "no value" not in out.text or "could not solve" in out.text
    for u in found:
        if not _near_a_boundary(out, u):
            assert _inside(out.regions, u), (claim, u, out.text)
    if not out.regions and not out.complete:
        assert out.text.startswith("could not solve for x"), out.text


@CROSS_SETTINGS
@given(claims())
def test_solve_for_regions_are_checked_by_substitution(
    tmp_path_factory, case: tuple[str, float]
) -> None:
    claim, _ = case
    a = _program(tmp_path_factory.mktemp("sub"), claim)
    out = solve_for_given(a, "t", "x")
    regions = out.regions
    for r in regions:
        lo, hi = r.low, r.high
        if lo is not None and hi is not None and lo == hi:
            point = lo  # an isolated point: the claim holds there (up to a tie)
        elif hi is None:
            point = (lo or 1.0) * 2
        elif lo is None or lo == 0:
            point = hi / 2
        else:
            point = math.sqrt(lo * hi) if lo > 0 else (lo + hi) / 2
        assert _holds_at(a, point) == "holds", (claim, r, point, out.text)
    # between two regions, and outside them, it fails
    ends = sorted({e for r in regions for e in (r.low, r.high) if e is not None and e > 0})
    for left, right in itertools.pairwise(ends):
        mid = math.sqrt(left * right)
        if not _inside(regions, mid) and not _near_a_boundary(out, mid):
            assert _holds_at(a, mid) == "fails", (claim, mid, out.text)
