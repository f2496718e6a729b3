"""(v2) Scenarios end to end through `check`: every claim is re-solved and re-proved under
each scenario, with full claim results, and the base results never change (spec §5)."""

from __future__ import annotations

import pytest

from toulmin.check import Options, check_text

CLUSTER = """\
source ep "Epoch AI" "https://epoch.ai"
given gpus = 1000 to 2000 GPU [ep]
given rate = 2 USD/GPU/h [ep]
given hours = 100 h
given mfu: %
let cost = gpus * rate * hours
claim cheap: cost <= 500K USD
claim busy: mfu * 2 >= 50 %
scenario pess "Pessimistic" [ep]
    gpus = 3000 GPU
    mfu = 20 %
scenario wide
    gpus = 1000 to 4000 GPU
"""


@pytest.fixture(scope="module")
def cluster():
    return check_text(CLUSTER, "cluster.claim")


def by_id(result, cid: str, kind: str = "claim"):
    return next(c for c in result.claims if c.id == cid and c.kind == kind)


def test_the_file_lists_its_scenarios_with_titles_and_sources(cluster) -> None:
    assert [(s.name, s.title, s.line, s.sources, s.evaluated) for s in cluster.scenarios] == [
        ("pess", "Pessimistic", 9, ("ep",), True),
        ("wide", None, 12, (), True),
    ]


def test_base_verdicts_are_those_of_the_file_without_scenarios(cluster) -> None:
    plain = check_text(CLUSTER.split("scenario pess")[0], "cluster.claim")
    for c in plain.claims:
        got = by_id(cluster, c.id)
        assert (got.verdict, got.lhs, got.rhs, got.condition) == (
            c.verdict,
            c.lhs,
            c.rhs,
            c.condition,
        )
        assert plain.claims[0].scenarios == {}


def test_a_scenario_result_is_a_full_claim_result(cluster) -> None:
    cheap = by_id(cluster, "cheap")
    assert cheap.verdict == "holds"
    pess = cheap.scenarios["pess"]
    assert pess.verdict == "fails" and pess.proof == "exact"
    assert pess.lhs is not None and pess.lhs.value == pytest.approx(600_000)  # 3000*2*100
    wide = cheap.scenarios["wide"]
    assert wide.verdict == "depends"
    # the counterexample and the witness are re-checked points of the scenario's range
    bad, good = wide.counterexample["gpus"].value, wide.witness["gpus"].value
    assert bad * 2 * 100 > 500_000 >= good * 2 * 100
    assert 1000 <= good <= bad <= 4000


def test_an_unknown_premise_given_a_value_in_a_scenario_decides_an_open_claim(cluster) -> None:
    busy = by_id(cluster, "busy")
    assert busy.verdict == "open" and busy.condition
    assert busy.scenarios["pess"].verdict == "fails"  # 2 * 20 % < 50 %
    assert busy.scenarios["pess"].condition is None
    # a scenario that leaves it unknown keeps it open, with its condition
    assert busy.scenarios["wide"].verdict == "open"
    assert busy.scenarios["wide"].condition == busy.condition


def test_consistency_claims_are_evaluated_under_scenarios_too() -> None:
    r = check_text(
        "given a = 2 J\ngiven b = 3\ngiven c = 6 J\nlet c = a * b\n"
        "claim pos: c > 0 J\nscenario more\n    b = 4\n",
        "t.claim",
    )
    c = by_id(r, "c", "consistency")
    assert c.verdict == "holds"
    assert c.scenarios["more"].verdict == "fails"  # 6 J given, 8 J derived


def test_the_scenario_option_evaluates_only_the_named_ones() -> None:
    r = check_text(CLUSTER, "cluster.claim", options=Options(scenarios=("wide",)))
    assert [(s.name, s.evaluated) for s in r.scenarios] == [("pess", False), ("wide", True)]
    assert list(by_id(r, "cheap").scenarios) == ["wide"]


def test_a_scenario_value_outside_a_domain_is_an_error_on_the_scenario_line() -> None:
    r = check_text(
        "given p = 1 to 2\nlet q = log(p)\nclaim z: q < 1\nscenario zero\n    p = 0\n", "t.claim"
    )
    errors = [d for d in r.diagnostics if d.is_error]
    assert [(d.code, d.span.line) for d in errors] == [("domain", 5)]
    assert "scenario `zero`" in errors[0].message
    assert errors[0].labels and errors[0].labels[0].span.line == 2  # where it is undefined
    z = by_id(r, "z")
    assert z.verdict == "holds" and z.scenarios == {}  # the base still has its verdict


def test_a_scenario_that_overdetermines_a_name_is_an_error_on_its_line() -> None:
    r = check_text(
        "given c = 10 J\ngiven b = 2\ngiven a: J\nlet c = a * b\nclaim y: a > 1 J\n"
        "scenario over\n    a = 4 J\n",
        "t.claim",
    )
    errors = [d for d in r.diagnostics if d.is_error]
    assert [(d.code, d.span.line) for d in errors] == [("redefined", 7)]
    assert "10 J given, 8 J derived" in errors[0].message
    assert by_id(r, "y").verdict == "holds"


def test_a_file_without_scenarios_has_none() -> None:
    r = check_text("given a = 1\nclaim c: a > 0\n", "t.claim")
    assert r.scenarios == [] and r.claims[0].scenarios == {}


def test_a_claim_the_scenario_does_not_reach_keeps_its_base_result() -> None:
    r = check_text(
        "given a = 1 to 2\ngiven b = 3\nlet c = a * b\nclaim x: a < 5\nclaim y: c > 1\n"
        "scenario s\n    b = 0.7\n",
        "t.claim",
    )
    x, y = by_id(r, "x"), by_id(r, "y")
    assert x.scenarios["s"] == x.__class__(**{**x.__dict__, "scenarios": {}})
    assert y.verdict == "holds" and y.scenarios["s"].verdict == "depends"  # c = 0.7 to 1.4
