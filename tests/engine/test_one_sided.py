"""(v2) Proofs, values and display over one-sided ranges (`given x >= V`, `<= V`):
interval ends at ±∞, geometric subdivision, finite counterexamples."""

from __future__ import annotations

import math
import textwrap
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toulmin.check import check_text
from toulmin.engine.interval import Interval, finite_ends, powi, powr
from toulmin.render.json import quantity as json_quantity
from toulmin.render.text import show

INF = math.inf


def run(text: str):
    res = check_text(textwrap.dedent(text).lstrip("\n"), file="t.claim")
    errors = [d for d in res.diagnostics if d.is_error]
    assert not errors, errors
    return res, {c.id: c for c in res.claims}


# ---------------------------------------------------------------- interval ends at ±∞


def test_infinity_minus_infinity_and_infinity_over_infinity_enclose_everything() -> None:
    half = Interval(3.0, INF)
    d = half - half
    assert (d.lo, d.hi) == (-INF, INF)
    q = half / half
    assert q.lo <= 1e-300 and q.hi == INF  # x/y over [3, ∞)² is every positive number
    assert not math.isnan(q.lo) and not math.isnan(q.hi)


def test_reciprocal_of_a_half_line_reaches_exactly_zero() -> None:
    r = Interval(1.0, 1.0) / Interval(3.0, INF)
    assert r.lo == 0.0  # the limit, not -4.9e-324 from outward rounding
    assert r.hi >= 1 / 3 and r.hi < 0.34
    n = Interval(1.0, 1.0) / Interval(-INF, -2.0)
    assert n.hi == 0.0 and n.lo <= -0.5


def test_zero_times_a_half_line_is_zero_and_a_straddling_factor_is_everything() -> None:
    assert Interval(0.0, 0.0) * Interval(3.0, INF) == Interval(0.0, 0.0)
    p = Interval(-1.0, 1.0) * Interval(3.0, INF)
    assert (p.lo, p.hi) == (-INF, INF)


def test_half_lines_split_geometrically_at_finite_points() -> None:
    iv = Interval(3.0, INF)
    seen = []
    for _ in range(5):
        m = iv.mid
        assert math.isfinite(m) and m > iv.lo
        seen.append(m)
        iv = Interval(m, INF)
    assert seen == [30.0, 300.0, 3000.0, 30000.0, 300000.0]
    assert math.isfinite(Interval(-INF, 7.0).mid) and Interval(-INF, 7.0).mid < 7
    assert Interval(-INF, INF).mid == 0.0
    assert finite_ends(Interval(3.0, INF)) == (3.0, 3.0 + 3e6)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(finite, st.booleans(), finite, finite, st.floats(0, 1), st.sampled_from("+-*/"))
# 1/2.2e-311 overflows: the reciprocal's lower end must stay finite, not +∞
@example(-0.00390625, False, 2.225073858507e-311, 2.225073858507e-311, 0.0, "/")
def test_operations_with_a_half_line_enclose_every_finite_point(
    end: float, up: bool, a: float, b: float, s: float, op: str
) -> None:
    """Any finite point of a half-line, combined with any point of a bounded interval,
    lands inside the enclosure (so a proof over the half-line is a proof for each point)."""
    half = Interval(end, INF) if up else Interval(-INF, end)
    other = Interval(min(a, b), max(a, b))
    far = end + (1 if up else -1) * s * 1e9
    py = other.lo + s * (other.hi - other.lo)
    if op == "/" and other.contains_zero():
        return
    import operator

    fn = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[op]
    iv, pt = fn(half, other), fn(far, py)
    assert iv.lo <= pt <= iv.hi, (half, other, far, py, iv)


def test_powers_and_steps_of_a_half_line_stay_infinite_not_errors() -> None:
    assert powi(Interval(2.0, INF), 2).hi == INF
    assert powi(Interval(2.0, INF), -1).lo == 0.0
    assert powr(Interval(1e300, INF), 2.5).hi == INF  # an overflow is an outward bound
    from toulmin.engine.ops import OPS

    c = OPS["ceil"].enclose([Interval(2.5, INF)], None)
    assert (c.lo, c.hi) == (3.0, INF)


# ---------------------------------------------------------------- verdicts


def test_the_issue_example_is_decided_with_a_finite_counterexample() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy "invalid value" from sampling at ∞
        _, c = run(
            """
            given x >= 3 GPU
            claim d: x < 10 GPU
            claim e: x > 1 GPU
            claim f: 1/x <= 1/(1 GPU)
            """
        )
    assert c["d"].verdict == "depends"
    cex = c["d"].counterexample["x"].value
    assert math.isfinite(cex) and cex >= 10  # a concrete point where it fails, re-checkable
    assert math.isfinite(c["d"].witness["x"].value)
    assert (c["e"].verdict, c["e"].proof) == ("holds", "interval")
    assert c["f"].verdict == "holds"
    assert c["f"].lhs.low == 0.0 and c["f"].lhs.high == pytest.approx(1 / 3)
    assert show(c["f"].lhs) == "0 1/GPU to 0.3333 1/GPU"


def test_counterexamples_are_round_numbers_near_the_finite_end() -> None:
    _, c = run("given q <= 7\nlet r = q * 2\nclaim d: r < 14\nclaim w: r > 100\n")
    assert c["d"].verdict == "depends"
    assert c["d"].counterexample["q"].value == 7  # a tie: `<` fails there
    assert c["d"].witness["q"].value == 0.0
    assert c["w"].verdict == "fails"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("given x >= 3 GPU\nclaim c: x - x / 2 > 1 GPU\n", "holds"),
        ("given x >= 3 GPU\nclaim c: x * x >= 9 GPU^2\n", "holds"),
        ("given x >= 3\nclaim c: exp(-x) < 0.05\n", "holds"),
        ("given x >= 3\nclaim c: ceil(x) >= 3\n", "holds"),
        ("given x >= 3\nclaim c: log(x) > 1\n", "holds"),
        ("given x >= 3\nclaim c: sqrt(x) < 1\n", "fails"),
        ("given x >= 3\nclaim c: 1 / (x - 1) <= 0.5\n", "holds"),
        ("given x <= -2\nclaim c: x * x > 3\n", "holds"),
        ("given x <= -2\nclaim c: x ≈ -2\n", "depends"),
        ("given x >= 3 GPU\ngiven p = 2 to 4 USD/GPU\nclaim c: x * p >= 6 USD\n", "holds"),
        ("given x >= 3 GPU\ngiven p = 2 to 4 USD/GPU\nclaim c: x * p in 6 to 100 USD\n", "depends"),
        ("given x >= 3\ngiven y <= 1\nclaim c: x - y >= 2\n", "holds"),
        ("given x >= 3\ngiven y <= 1\nclaim c: x + y >= 2\n", "depends"),
    ],
)
def test_claims_over_half_lines_are_decided(text: str, verdict: str) -> None:
    _, c = run(text)
    assert c["c"].verdict == verdict, c["c"]
    for p in (c["c"].counterexample or {}, c["c"].witness or {}):
        assert all(math.isfinite(q.value) for q in p.values())


# ---------------------------------------------------------------- values and display


def test_derived_one_sided_values_show_their_finite_end_and_null_in_json() -> None:
    res, _ = run(
        """
        given x >= 3 GPU
        given q <= 7 kWh
        let y = x * 2
        let z = 1 / x
        let half = x - x / 2
        let r = q * 2
        claim a: y > 0 GPU
        claim b: z > 0 / (1 GPU)
        claim c: half > 0 GPU
        claim d: r < 20 kWh
        """
    )
    v = res.values
    assert show(v["x"]) == "≥ 3 GPU"
    assert show(v["y"]) == "≥ 6 GPU"
    assert show(v["half"]) == "≥ 1.5 GPU"  # not NaN: ∞ − ∞ falls back on intervals
    assert show(v["r"]) == "≤ 14 kWh"  # the unit of the finite end, not of infinity
    assert show(v["z"]) == "0 1/GPU to 0.3333 1/GPU"
    j = json_quantity(v["y"])
    assert j["low"] == 6 and j["high"] is None and j["value"] is None
    assert j["si"]["high"] is None
    jr = json_quantity(v["r"])
    assert jr["low"] is None and jr["high"] == 14


def test_open_conditions_and_analyses_do_not_crash_on_half_lines() -> None:
    from conftest import stages

    from toulmin.engine.condition import open_condition
    from toulmin.render.condition import phrase

    s = stages("given x >= 3 GPU\ngiven u: GPU\nclaim e: x + u > 10 GPU\n")
    claim = s.claims["e"]
    cond = open_condition(s.prover, claim, ["x"], ["u"], 5.0)
    text = phrase(cond)
    assert "∞" not in text and "u > 7 GPU" in text


def test_sensitivity_and_compare_read_half_lines(tmp_path) -> None:
    from conftest import write

    from toulmin.check import Options, analyse
    from toulmin.cross.compare import classify
    from toulmin.cross.sensitivity import sensitivity
    from toulmin.render.sensitivity import sensitivity_lines

    p = write(tmp_path, "a.claim", "given x >= 3 GPU\ngiven q <= 7\nclaim d: x * q < 100 GPU\n")
    a = analyse(p, "a.claim", None, Options(), tmp_path)
    rows = sensitivity(a, "d")
    assert {r.given for r in rows} == {"x", "q"}
    x = next(r for r in rows if r.given == "x")
    assert x.range.low == 3 and x.range.high == math.inf
    lines = "\n".join(sensitivity_lines(tuple(rows)))
    assert "≥ 3 GPU" in lines and "≤ 7" in lines
    assert classify((3.0, INF), (3.0, 10.0)) == "overlap"
    assert classify((3.0, INF), (3.0, INF)) == "same"
