"""Verdicts and their proofs (engine/prove.py): interval, subdivision, counterexamples."""

from __future__ import annotations

from conftest import ARGUMENT, stages

from toulmin.check import check_text


def test_interval_dependency_problem_is_proved_not_undecided() -> None:
    r = check_text(
        "given a = 1 to 2\ngiven b = 3 to 4\nclaim c: a*b - a <= 6.5\n"
        "claim d: a - a <= 0\nclaim e: a*b - a >= 2\n"
    )
    assert {c.id: (c.verdict, c.proof) for c in r.claims} == {
        "c": ("holds", "interval"),
        "d": ("holds", "exact"),  # `a - a` is simplified to 0 first (engine/simplify.py)
        "e": ("holds", "interval"),
    }


def test_non_monotone_claim_is_proved_by_subdivision() -> None:
    # (x - 1.5)^2 has its minimum inside the range: no monotonicity, bisection must prove it
    r = check_text("given x = 1 to 2\nclaim c: (x - 1.5)^2 <= 0.26\nclaim d: (x-1.5)^2 >= -0.01\n")
    assert {c.id: c.verdict for c in r.claims} == {"c": "holds", "d": "holds"}


def test_depends_counterexample_really_falsifies() -> None:
    r = check_text("given n = 1 to 64 token\nlet mfu = n * 0.237 %/token\nclaim c: mfu < 5 %\n")
    (c,) = r.claims
    assert c.verdict == "depends"
    n = c.counterexample["n"].value  # type: ignore[index]
    w = c.witness["n"].value  # type: ignore[index]
    assert not (n * 0.00237 < 0.05)
    assert w * 0.00237 < 0.05


# ---------------------------------------------------------------- Prover, called directly


def test_prover_proves_a_range_claim_by_intervals() -> None:
    s = stages(ARGUMENT)
    out = s.prover.verdict(s.claims["cheap"])  # cost is 200K to 400K USD
    assert (out.verdict, out.proof) == ("holds", "interval")
    assert out.counterexample is None and out.witness is None


def test_prover_fails_a_point_claim_exactly() -> None:
    s = stages("given a = 3 GPU\nclaim c: a > 4 GPU\n")
    assert s.prover.verdict(s.claims["c"]).verdict == "fails"


def test_prover_depends_gives_a_counterexample_and_a_witness_inside_the_range() -> None:
    s = stages("given n = 1 to 64 token\nlet mfu = n * 0.237 %/token\nclaim c: mfu < 5 %\n")
    out = s.prover.verdict(s.claims["c"])
    assert out.verdict == "depends"
    n_bad, n_good = out.counterexample["n"], out.witness["n"]
    assert 1 <= n_bad <= 64 and 1 <= n_good <= 64
    assert n_bad * 0.00237 >= 0.05 > n_good * 0.00237


def test_prover_bounds_and_closure() -> None:
    s = stages(ARGUMENT)
    lo, mid, hi = s.prover.bounds("cost")
    assert (lo, hi) == (200000.0, 400000.0) and lo <= mid <= hi
    c = s.claims["busy"]
    assert s.prover.closure([c.lhs, c.rhs]) == ([], [], ["mfu"])
    assert s.prover.closure([s.claims["cheap"].lhs]) == (["cost"], ["hours"], [])
