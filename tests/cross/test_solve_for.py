"""`toulmin solve`: values, formulas and `--for` regions (cross/solve.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CROSS_SETTINGS, cluster, load, write
from conftest import invoke as run
from conftest import verdict_of as _verdict
from hypothesis import given
from hypothesis import strategies as st

from toulmin.cross.lookup import find_claim
from toulmin.cross.solve import all_claims, solve_for_given, with_givens

FAST = CROSS_SETTINGS


def test_solve_value_and_formula(tmp_path: Path) -> None:
    p = cluster(tmp_path, "a.claim")
    code, out, _ = run("solve", str(p), "cost", "--no-color")
    assert code == 0
    assert "cost (let) = 200K USD to 400K USD" in out
    assert "hours" in out  # formula in terms of the range


def test_solve_open_formula_latex(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "o.claim",
        """
        given n : GPU
        given rate : USD/GPU = 3 USD/GPU
        let cost : USD = n * rate
        claim c: cost < 30 USD
    """,
    )
    code, out, _ = run("solve", str(p), "cost", "--latex", "--no-color")
    assert code == 0
    assert r"\mathit{n}" in out
    code, out, _ = run("solve", str(p), "cost", "--format", "json")
    doc = json.loads(out)
    assert doc["value"] is None
    assert doc["formula"]["text"] == "3*n"
    assert doc["formula"]["units"] == {"n": "GPU"}


def test_solve_claim_shows_sensitivity(tmp_path: Path) -> None:
    p = cluster(tmp_path, "a.claim")
    code, out, _ = run("solve", str(p), "big", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["verdict"] == "depends"
    names = [r["given"] for r in doc["sensitivity"]]
    assert set(names) == {"hours", "mfu"}
    for r in doc["sensitivity"]:
        assert r["elasticity"]["lhs"] == pytest.approx(1.0)
        assert r["elasticity"]["rhs"] == pytest.approx(0.0)


def test_solve_for_given(tmp_path: Path) -> None:
    p = cluster(tmp_path, "a.claim", hours="100 h")
    code, out, _ = run("solve", str(p), "big", "--for", "mfu", "--no-color")
    assert code == 0, out
    # work = mfu · 1e15 · 1000 · 360000 ≥ 1e23  ⇔  mfu ≥ 27.78 %
    assert "mfu ≥ 27.78 %" in out
    assert "straddles" in out
    code, out, _ = run("solve", str(p), "busy", "--for", "mfu", "--format", "json")
    doc = json.loads(out)
    assert doc["regions"][0]["low"] == pytest.approx(0.25)
    assert doc["regions"][0]["low_closed"] is False


@pytest.mark.parametrize(
    "name,given,needle",
    [
        ("nothing", None, "no claim or value named `nothing`"),
        ("s", None, "is a source"),
        ("rate", None, "is a rule"),
        ("busy", "hours", "does not depend on `hours`"),
        ("big", "cost", "is defined by a let"),
        ("big", "nope", "no given named `nope`"),
    ],
)
def test_solve_bad_names(tmp_path: Path, name: str, given: str | None, needle: str) -> None:
    p = cluster(tmp_path, "a.claim")
    args = ["solve", str(p), name] + (["--for", given] if given else [])
    code, out, err = run(*args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_solve_invalid_file(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.claim", "given x = 1 FLOPS\n")
    code, _, err = run("solve", str(p), "x")
    assert code == 2 and "error" in err


@FAST
@given(
    st.floats(0.5, 4.0),
    st.floats(0.2, 3.0),
    st.sampled_from([1, 2, 3, -1]),
    st.sampled_from([">", "<", ">=", "≈"]),
    st.floats(1.0, 50.0),
)
def test_solve_for_boundaries_match_direct_evaluation(tmp_path_factory, k, y, p, op, c) -> None:
    tmp = tmp_path_factory.mktemp("for")
    text = f"""
        given x : x = 1 x
        given y : x = {round(y, 3)} x
        let f = {round(k, 3)} * x^{p} * y
        claim t: f {op} {round(c, 3)} x
    """
    path = write(tmp, "t.claim", text)
    a = load(path)
    out = solve_for_given(a, "t", "x")
    assert out.boundaries, out
    claim = find_claim(all_claims(a), "t")
    for b in out.boundaries:
        x0 = b.value
        assert x0 is not None
        below = with_givens(a.program, {"x": (x0 * (1 - 1e-6),) * 2})
        above = with_givens(a.program, {"x": (x0 * (1 + 1e-6),) * 2})
        vb, va = _verdict(below, "t"), _verdict(above, "t")
        assert {vb, va} == {"holds", "fails"}, (x0, vb, va)
        for x, v in ((x0 * (1 - 1e-6), vb), (x0 * (1 + 1e-6), va)):
            inside = any(
                (r.low is None or x >= r.low) and (r.high is None or x <= r.high)
                for r in out.regions or ()
            )
            assert inside == (v == "holds")
    assert claim is not None


# ---------------------------------------------------------------- issue 9: false "no value", noise


def test_solve_for_compounding_with_a_named_span(tmp_path: Path) -> None:
    """Issue 9: with the span a name (not a literal), `--for h` said "no value"."""
    p = write(
        tmp_path,
        "g.claim",
        """
        given ny = 6 year
        given h = 4 to 5 x
        claim big: 3.8e25 FLOP * exp(ny / 1 year * log(h)) >= 2e29 FLOP
        """,
    )
    out = solve_for_given(load(p), "big", "h")
    assert out.regions and out.regions[0].high is None
    assert out.regions[0].low == pytest.approx((2e29 / 3.8e25) ** (1 / 6), rel=1e-9)
    assert out.regions[0].low_closed is True  # >= holds at the boundary (a tie)
    assert out.text == "h ≥ 4.171x"


@pytest.mark.parametrize(
    "claim,text",
    [
        ("ceil(x) = 4", "3 < x ≤ 4"),  # a step: no root for SymPy to find
        ("(x - 1) * (x - 2) * (x - 3) >= 0.001", "1.001 ≤ x ≤ 1.999 or x ≥ 3"),
        ("ceil(x / 1e25 FLOP) * 1e25 FLOP >= 5e25 FLOP", "x > 4e25 FLOP"),  # beyond 1e16
    ],
)
def test_solve_for_finds_regions_sympy_cannot(tmp_path: Path, claim: str, text: str) -> None:
    unit = " FLOP" if "FLOP" in claim else ""
    p = write(tmp_path, "s.claim", f"given x = 2 to 3{unit}\nclaim t: {claim}\n")
    out = solve_for_given(load(p), "t", "x")
    assert out.text == text


def test_solve_for_says_could_not_solve_rather_than_no_value(tmp_path: Path) -> None:
    """A claim that holds nowhere the scan looks, built from a step SymPy cannot solve: the
    answer is "could not solve", never a "no value" that is not proved."""
    p = write(tmp_path, "n.claim", "given x = 2 to 3\nclaim t: ceil(x) - x >= 2\n")
    out = solve_for_given(load(p), "t", "x")
    assert out.regions == () and out.complete is False
    assert out.text.startswith("could not solve for x")
    p = write(tmp_path, "m.claim", "given x = 2 to 3\nclaim t: x * x + 1 <= 0.5\n")
    out = solve_for_given(load(p), "t", "x")
    assert out.complete is True and out.text == "no value of x makes it hold"


def test_solve_formula_has_no_float_noise(tmp_path: Path) -> None:
    """Issue 9: `2957198443579766186937679872*run_days`; coefficients are the decimals the
    inputs make, rounded to 12 digits."""
    p = write(
        tmp_path,
        "f.claim",
        """
        given run_days = 10 to 100 day
        given rate = 3.4e21 FLOP/s
        given gpus = 1000 GPU
        given util = 38 %
        let total: FLOP = rate * run_days * gpus / 1 GPU * util
        claim big: total >= 2e29 FLOP
        """,
    )
    code, out, _ = run("solve", str(p), "total", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["formula"]["text"] == "1.116288e29*run_days"
    assert doc["formula"]["latex"] == r"1.116288 \cdot 10^{29} \mathit{run\_days}"


def test_solve_writes_quantities_not_strings(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "p.claim",
        """
        given p = 14.7 %
        given mfu = 10 % to 20 %
        let w : FLOP = mfu * 100 FLOP
        claim c: w > 12 FLOP
    """,
    )
    code, out, _ = run("solve", str(p), "p", "--no-color")
    assert code == 0 and "p (given) = 14.7 %" in out
    code, out, _ = run("solve", str(p), "p", "--format", "json")
    value = json.loads(out)["value"]
    assert (value["value"], value["unit"], value["si"]["value"]) == (14.7, "%", 0.147)
    code, out, _ = run("solve", str(p), "c", "--for", "mfu", "--format", "json")
    doc = json.loads(out)
    (edge,) = doc["boundaries"]
    assert (edge["value"], edge["unit"]) == (pytest.approx(12.0), "%")
    assert doc["author"]["low"] == 10.0 and doc["author"]["si"]["high"] == 0.2
    code, out, _ = run("solve", str(p), "c", "--format", "markdown")
    assert code == 0 and out.startswith("### claim c: depends")
