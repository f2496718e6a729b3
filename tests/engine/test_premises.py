"""(v2) What a `given` or a scenario line assigns (engine/resolve/premises.py):
one-sided bounds, `± P %`, range ends from names, distributions, `in`, `pp`, qualifiers."""

from __future__ import annotations

import math

import pytest
from conftest import stages


def givens(text: str):
    s = stages(text)
    assert not [d for d in s.program.diagnostics if d.is_error], s.program.diagnostics
    return s.program.givens


def test_one_sided_givens_are_half_lines() -> None:
    g = givens("given a >= 2.5 GPU\ngiven b < 7\nclaim c: a * b > 0 GPU\n")
    assert (g["a"].low, g["a"].high) == (2.5, math.inf)
    assert (g["b"].low, g["b"].high) == (-math.inf, 7.0)
    assert g["a"].one_sided and g["b"].one_sided


def test_plus_minus_percent_is_relative_unless_the_value_is_a_percentage() -> None:
    g = givens("given f = 2e29 FLOP ± 50 %\ngiven p = 20 % ± 5 %\nclaim c: f * p > 0 FLOP\n")
    assert (g["f"].low, g["f"].high) == pytest.approx((1e29, 3e29))
    assert (g["p"].low, g["p"].high) == pytest.approx((0.15, 0.25))


def test_range_ends_may_use_point_valued_givens_in_any_order() -> None:
    g = givens("given d = low to 20 GPU\ngiven low = 5 GPU\nclaim c: d > 1 GPU\n")
    assert (g["d"].low, g["d"].high) == (5.0, 20.0)
    assert g["d"].uses == ("low",)


def test_range_ends_from_a_range_or_from_itself_are_errors() -> None:
    s = stages("given r = 1 to 2\ngiven d = r to 3\ngiven e = e to 3\nclaim c: d + e > 0\n")
    lines = sorted((d.code, d.span.line) for d in s.program.diagnostics if d.is_error)
    assert [ln for _, ln in lines] == [2, 3]


def test_a_distribution_counts_as_its_range_for_proofs() -> None:
    g = givens(
        "given u ~ uniform(1, 3)\ngiven n ~ normal(10, 2)\ngiven l ~ 1 to 100 GPU\n"
        "given b ~ beta(2, 3)\nclaim c: u * n * b > 0\nclaim d: l > 0 GPU\n"
    )
    assert (g["u"].low, g["u"].high) == (1.0, 3.0)  # bounded: its support
    assert g["n"].low == pytest.approx(10 - 1.6448536 * 2)  # unbounded: the 90 % interval
    assert (g["l"].low, g["l"].high) == pytest.approx((1.0, 100.0))
    assert (g["b"].low, g["b"].high) == (0.0, 1.0)
    assert g["l"].distribution is not None and g["u"].distribution is not None


def test_beta_of_a_quantity_and_bad_parameters_are_diagnostics() -> None:
    s = stages("given b ~ beta(2, 3) GPU\ngiven n ~ normal(1, -2)\nclaim c: n > 0\n")
    codes = sorted(d.code for d in s.program.diagnostics if d.is_error)
    assert codes and set(codes) <= {"dimension", "domain"}
    assert "domain" in codes


def test_in_claims_keep_both_ends_and_pp_is_absolute() -> None:
    s = stages(
        "given g = 4 to 5\nclaim a: g in 3 to 6\nclaim b: 14.7 % ≈ 15 % within 1 pp\n"
        "claim q: g >= 4.5, likely\nclaim r: g >= 4.5, with probability >= 40 %\n"
    )
    claims = {c.id: c for c in s.program.claims}
    assert claims["a"].op == "in" and claims["a"].high is not None
    tol = claims["b"].tolerance
    assert tol is not None and (tol.kind, tol.value) == ("absolute", pytest.approx(0.01))
    assert (claims["q"].qualifier.low, claims["q"].qualifier.high) == (0.66, 1.0)
    assert claims["r"].qualifier.low == pytest.approx(0.4)


def test_scenarios_replace_givens_and_name_what_is_wrong() -> None:
    s = stages(
        'given g = 4 to 5\ngiven h: GPU\nscenario pess "Pessimistic"\n    g = 3\n    h >= 2 GPU\n'
        "scenario pess\n    g = 1\nscenario other\n    q = 1\nclaim c: g * h > 1 GPU\n"
    )
    sc = s.program.scenarios
    assert list(sc) == ["pess", "other"]
    assert sc["pess"].title == "Pessimistic"
    assert (sc["pess"].givens["g"].low, sc["pess"].givens["h"].high) == (3.0, math.inf)
    assert sc["other"].givens == {}
    errors = sorted((d.code, d.span.line) for d in s.program.diagnostics if d.is_error)
    assert errors == [("redefined", 6), ("unknown-name", 9)]
    swapped = s.program.with_scenario("pess")
    assert swapped.givens["g"].low == 3.0 and s.program.givens["g"].low == 4.0
