"""(v2) Dimensionless variable exponents (spec §3, §8 "growth"): `powv` in the resolver,
its enclosure in proofs, the compounding hint, and `solve --for` through it."""

from __future__ import annotations

import math
import textwrap

import pytest
from conftest import stages, write
from hypothesis import given, settings
from hypothesis import strategies as st

from toulmin.check import check_text
from toulmin.engine import ir
from toulmin.engine.interval import Interval
from toulmin.engine.ops import OPS


def run(text: str):
    res = check_text(textwrap.dedent(text).lstrip("\n"), file="t.claim")
    return res, {c.id: c for c in res.claims}


def errors(text: str):
    res, _ = run(text)
    return [d for d in res.diagnostics if d.is_error]


def test_variable_exponents_lower_to_powv() -> None:
    s = stages("given g = 4 to 5\ngiven n = 6\nlet y = g ^ n\nclaim c: y >= 1\n")
    expr = s.program.lets["y"].expr
    assert isinstance(expr, ir.Op) and expr.op == "powv"
    assert [type(a).__name__ for a in expr.args] == ["Ref", "Ref"]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("g ^ 6 >= 4096", "holds"),  # the spec's tie: 4^6 = 4096 exactly
        ("exp(6*log(g)) >= 4096", "holds"),  # the tie through exp and log
        ("g ^ n >= 4096", "holds"),
        ("g ^ n > 4096", "depends"),  # a tie fails a strict comparison
        ("(1 + r) ^ (span / 1 year) >= 1.7", "holds"),
        ("(1 + r) ^ (span / 1 year) >= 2", "depends"),
        ("2 ^ (n / 12) ≈ 1.41421356 within 0.0001 %", "holds"),
        ("g ^ (n / 2) in 64 to 125", "holds"),
        ("0.5 ^ n < 0.02", "holds"),
    ],
)
def test_compounding_claims_are_decided(claim: str, verdict: str) -> None:
    _, c = run(
        f"given g = 4 to 5\ngiven n = 6\ngiven span = 6 year\ngiven r = 10 % to 30 %\n"
        f"claim c: {claim}\n"
    )
    assert c["c"].verdict == verdict, c["c"]


def test_an_exponent_with_a_dimension_gets_the_compounding_hint() -> None:
    (d,) = errors("given g = 4 to 5\ngiven span = 6 year\nlet big = g ^ span\nclaim c: big > 1\n")
    assert d.code == "dimension" and "dimensionless" in d.message and "time" in d.message
    assert d.hint is not None and "`g ^ (span / 1 year)`" in d.hint


def test_a_rate_per_year_as_a_base_says_how_to_compound() -> None:
    (d,) = errors(
        "given rate = 4 x/year\ngiven span = 6 year\nlet r = rate ^ (span / 1 year)\n"
        "claim c: r > 1\n"
    )
    assert d.code == "dimension" and "1/time" in d.message
    assert d.hint is not None and "rate per time" in d.hint and "`4x`" in d.hint


def test_a_dimensioned_base_with_a_variable_exponent_is_an_error_with_a_hint() -> None:
    (d,) = errors("given x = 3 GPU\ngiven n = 2\nlet y = x ^ n\nclaim c: y > 1 GPU^2\n")
    assert d.code == "dimension" and "GPU" in d.message
    assert d.hint is not None and "(x / 1 GPU) ^ n" in d.hint
    # a constant exponent on a dimensioned base is still fine
    assert not errors("given x = 3 GPU\nlet y = x ^ 2\nclaim c: y > 1 GPU^2\n")


def test_a_negative_base_with_a_variable_exponent_is_a_domain_error() -> None:
    ds = errors("given b = -2 to 3\ngiven n = 0.5 to 1.5\nlet y = b ^ n\nclaim c: y > 0\n")
    assert [d.code for d in ds] == ["domain"]
    ds = errors("let y = (-2) ^ (1 / 2 + 0 * 1)\nclaim c: y > 0\n")
    assert not ds or ds[0].code == "domain"


finite = st.floats(0.01, 50, allow_nan=False)
expo = st.floats(-8, 8, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(finite, finite, expo, expo, st.floats(0, 1), st.floats(0, 1))
def test_powv_encloses_every_point(
    b1: float, b2: float, p1: float, p2: float, s: float, t: float
) -> None:
    base = Interval(min(b1, b2), max(b1, b2))
    p = Interval(min(p1, p2), max(p1, p2))
    x = base.lo + s * (base.hi - base.lo)
    y = p.lo + t * (p.hi - p.lo)
    x, y = min(max(x, base.lo), base.hi), min(max(y, p.lo), p.hi)
    iv = OPS["powv"].enclose([base, p], None)
    assert iv.lo <= x**y <= iv.hi


def test_solve_for_works_through_powv(tmp_path) -> None:
    """The issue's claim: with h = 4 to 5 x and ny = 6 year it holds for h ≥ 4.1707."""
    from toulmin.check import Options, analyse
    from toulmin.cross.solve import solve_for_given

    p = write(
        tmp_path,
        "s.claim",
        "given h = 4 to 5 x\ngiven ny = 6 year\n"
        "claim c: 3.8e25 FLOP * h ^ (ny / 1 year) >= 2e29 FLOP\n",
    )
    a = analyse(p, "s.claim", None, Options(), tmp_path)
    out = solve_for_given(a, "c", "h")
    regions = out.regions
    assert regions is not None and len(regions) == 1 and regions[0].high is None
    low = regions[0].low
    assert low is not None
    assert low == pytest.approx((2e29 / 3.8e25) ** (1 / 6), rel=1e-3)
    assert math.isclose(low, 4.1707, rel_tol=1e-3)


def test_sensitivity_through_powv(tmp_path) -> None:
    from toulmin.check import Options, analyse
    from toulmin.cross.sensitivity import sensitivity

    p = write(tmp_path, "s.claim", "given h = 4 to 5 x\ngiven n = 5 to 7\nclaim c: h ^ n >= 1000\n")
    rows = {r.given: r for r in sensitivity(analyse(p, "s.claim", None, Options(), tmp_path), "c")}
    # ∂log(h^n)/∂log h = n = 6 at the middle; ∂/∂log n = n·log h = 6·log 4.5
    assert rows["h"].elasticity.lhs == pytest.approx(6.0)
    assert rows["n"].elasticity.lhs == pytest.approx(6 * math.log(4.5))
