"""Sensitivity: elasticities and swing ranking (cross/sensitivity.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import CROSS_SETTINGS, cluster, load, write
from hypothesis import given
from hypothesis import strategies as st

from toulmin.cross.sensitivity import sensitivity

FAST = CROSS_SETTINGS


@FAST
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(1.0, 10.0), st.floats(1.0, 10.0))
def test_elasticities_exact_for_powers_and_match_finite_differences(
    tmp_path_factory, p, q, a0, b0
) -> None:
    tmp = tmp_path_factory.mktemp("el")
    p, q = round(p, 2), round(q, 2)
    text = f"""
        given a : x = {round(a0, 3)} to {round(a0 * 1.5, 3)} x
        given b : x = {round(b0, 3)} to {round(b0 * 2, 3)} x
        let f = 3 * a^{p} * b^{q}
        let g = a * b + log(a + 2 * b) + 1
        claim pw: f < 1e9
        claim mixed: g > 0
    """
    path = write(tmp, "e.claim", text)
    a = load(path)
    rows = {r.given: r for r in sensitivity(a, "pw")}
    exps = {"a": p, "b": q}
    for n, r in rows.items():
        assert r.elasticity.lhs == pytest.approx(exps[n], abs=1e-9)
        assert r.elasticity.margin == pytest.approx(exps[n], abs=1e-9)
    # a general expression against central finite differences
    am, bm = (round(a0, 3) + round(a0 * 1.5, 3)) / 2, (round(b0, 3) + round(b0 * 2, 3)) / 2

    def g(x: float, y: float) -> float:
        return x * y + math.log(x + 2 * y) + 1

    for n, r in {r.given: r for r in sensitivity(a, "mixed")}.items():
        h = 1e-6
        if n == "a":
            d = (g(am * (1 + h), bm) - g(am * (1 - h), bm)) / (2 * h)
        else:
            d = (g(am, bm * (1 + h)) - g(am, bm * (1 - h))) / (2 * h)
        assert r.elasticity.lhs == pytest.approx(d / g(am, bm), rel=1e-5, abs=1e-8)


def test_sensitivity_ranks_by_swing(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "s.claim",
        """
        given a : x = 1 to 1.1 x
        given b : x = 1 to 3 x
        claim c: a * b < 2 x
    """,
    )
    rows = sensitivity(load(p), "c")
    assert [r.given for r in rows] == ["b", "a"]
    assert (rows[0].holds.low, rows[0].holds.high) == (True, False)
    # the range is a Quantity: SI ends, the given's display unit
    assert (rows[0].range.low, rows[0].range.high, rows[0].range.unit) == (1.0, 3.0, "x")


def test_sensitivity_of_a_claim_on_point_values_is_empty(tmp_path: Path) -> None:
    p = write(tmp_path, "p.claim", "given a = 2 x\nclaim c: a < 3 x\n")
    assert sensitivity(load(p), "c") == ()
    with pytest.raises(KeyError):
        sensitivity(load(p), "nope")
    assert [r.given for r in sensitivity(load(cluster(tmp_path, "a.claim")), "big")]
