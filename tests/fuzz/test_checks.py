"""The fuzzer's oracles: JSON shape (spec §7), run checks and soundness judgement."""

from __future__ import annotations

import json
import random
from fractions import Fraction as F

from fuzz.checks import check_document, json_checks, run_checks, soundness
from fuzz.gen_grammar import Generator
from fuzz.model import Claim, Given, Program, Scenario
from fuzz.runner import Run
from toulmin.check import check_text
from toulmin.render.json import document


def _doc(text: str) -> dict:
    r = check_text(text, "f.claim")
    return json.loads(document([r], r.ok))


def test_the_tool_s_document_has_the_spec_shape() -> None:
    doc = _doc("given a = 1 to 2 GPU\ngiven u : GPU\nclaim c: a > 1.5 GPU\nclaim d: u > 1 GPU\n")
    assert check_document(doc) == []
    assert check_document(_doc("given a = \nclaim c: zz > 1\n")) == []


def test_shape_problems_are_found() -> None:
    doc = _doc("given a = 1\nclaim c: a > 0\n")
    doc["results"][0]["claims"][0]["verdict"] = "probably"
    doc["results"][0]["values"]["a"]["si"] = "1"
    problems = check_document(doc)
    assert any("verdict" in p for p in problems) and any("values.a.si" in p for p in problems)
    doc = _doc("given a = \n")
    doc["results"][0]["diagnostics"][0]["line"] = None
    assert "diagnostic: line" in check_document(doc)


def _run(status: int | None, out: bytes = b"", err: bytes = b"", args=None) -> Run:
    return Run(args or ["check", "--format", "json", "f.claim"], status, out, err, 0.1)


def test_run_checks_name_the_internal_error() -> None:
    err = b"toulmin: internal error: ZeroDivisionError: float division by zero\n"
    [f] = run_checks(_run(3, err=err), 20, True)
    assert (f.category, f.signature) == ("internal-error", "ZeroDivisionError")
    timed = _run(None)
    timed.killed_for_time = True
    assert run_checks(timed, 20, True)[0].category == "timeout"


def test_json_checks_exit_status_must_match_the_verdicts() -> None:
    out = json.dumps(_doc("given a = 1\nclaim c: a > 2\n")).encode()
    assert json_checks(_run(1, out)) == []
    [f] = json_checks(_run(0, out))
    assert f.category == "exit-status"
    [f] = json_checks(_run(2, b"Traceback"))
    assert f.category == "bad-json"


def _claim_program(op: str, rhs: str) -> Program:
    p = Program()
    p.givens["a"] = Given("a", {}, F(1), F(2), "given a = 1 to 2")
    p.claims["c"] = Claim("c", ("name", "a"), op, ("num", F(rhs), rhs), f"claim c: a {op} {rhs}")
    p.statements = [p.givens["a"], p.claims["c"]]
    return p


def test_soundness_flags_a_wrong_verdict_and_passes_a_right_one() -> None:
    p = _claim_program("<", "1.5")
    doc = _doc(p.text())
    assert doc["results"][0]["claims"][0]["verdict"] == "depends"
    assert soundness(p, doc, random.Random(0)) == []
    doc["results"][0]["claims"][0]["verdict"] = "holds"
    [(sig, cid, _)] = soundness(p, doc, random.Random(0))
    assert (sig, cid) == ("holds-but-false", "c")
    doc["results"][0]["claims"][0]["verdict"] = "fails"
    assert soundness(p, doc, random.Random(0))[0][0] == "fails-but-true"


def test_soundness_checks_the_counterexample() -> None:
    p = _claim_program("<", "1.5")
    doc = _doc(p.text())
    claim = doc["results"][0]["claims"][0]
    claim["counterexample"], claim["witness"] = claim["witness"], claim["counterexample"]
    sigs = {s for s, _, _ in soundness(p, doc, random.Random(0))}
    assert sigs == {"bad-counterexample", "bad-witness"}


def test_generated_programs_parse() -> None:
    from toulmin.dsl.parser import parse_source

    rng = random.Random(3)
    syntax = 0
    for _ in range(40):
        p = Generator(rng).program()
        module = parse_source(p.text(), "f.claim")
        syntax += any(d.code == "syntax" for d in module.diagnostics)
    assert syntax <= 4  # only the deliberately ill-formed statements


def test_v2_programs_are_generated() -> None:
    rng = random.Random(4)
    text = "".join(Generator(rng, v2=True).program().text() for _ in range(60))
    assert " in " in text and " ~ " in text and ("given g0 >" in text or "<=" in text)


def test_qualified_claims_and_scenarios_have_the_v2_shape() -> None:
    """Fuzz finding (v2 run 1): a qualified claim's proof is `sampling` or `closed form`,
    which the shape check refused as bad JSON."""
    text = (
        "given g = 1 to 3\ngiven h ~ 1 to 3\nclaim c1: g < 2.5, likely\n"
        "claim c2: h < 2.9, likely\nclaim c3: g > 0\n"
        "scenario w\n    g ~ beta(2, 5)\n"
    )
    doc = _doc(text)
    proofs = {c["id"]: c["proof"] for c in doc["results"][0]["claims"]}
    assert proofs["c1"] == "sampling" and proofs["c2"] == "closed form"
    assert check_document(doc) == []
    c3 = doc["results"][0]["claims"][2]
    c3["scenarios"]["w"]["proof"] = "guess"
    c3["probability"] = {"estimate": "high"}
    problems = check_document(doc)
    assert "claim: scenarios.w.proof guess" in problems and "claim: probability" in problems


def test_nan_in_the_output_is_bad_json() -> None:
    out = json.dumps(_doc("given a = 1\nclaim c: a > 2\n")).replace("1.0", "NaN", 1).encode()
    [f] = json_checks(_run(1, out))
    assert f.category == "bad-json"


def test_v2_generator_writes_every_v2_form() -> None:
    """The forms of spec v2 the brief lists, each at least once in 200 programs."""
    rng = random.Random(5)
    text = "".join(Generator(rng, v2=True).program().text() for _ in range(200))
    for form in (
        " >= ",  # one-sided given
        "~ normal(",
        "~ lognormal(",
        "~ uniform(",
        "~ triangular(",
        "~ beta(",
        " ± ",  # `in VALUE ± DELTA`
        "within factor",
        " pp",
        ", likely",
        "scenario what_if",
        "/ (1 year))",  # compounding: g ^ (span / 1 year)
    ):
        assert form in text, form
    assert any(line.startswith("    ") and " ~ " in line for line in text.splitlines()), (
        "a scenario line with a distribution"
    )


def _scenario_program(value: str, low: str, high: str) -> Program:
    p = _claim_program("<", "1.5")
    g = Given("a", {}, F(low), F(high), f"a = {value}")
    s = Scenario("w", {"a": g}, f"scenario w\n    a = {value}")
    p.statements.append(s)
    p.scenarios["w"] = s
    return p


def test_scenario_verdicts_are_judged() -> None:
    p = _scenario_program("3 to 4", "3", "4")
    doc = _doc(p.text())
    sr = doc["results"][0]["claims"][0]["scenarios"]["w"]
    assert sr["verdict"] == "fails"
    assert soundness(p, doc, random.Random(0)) == []
    sr["verdict"] = "holds"
    [(sig, cid, detail)] = soundness(p, doc, random.Random(0))
    assert (sig, cid) == ("scenario:holds-but-false", "c") and detail.startswith("w:")


def test_distributions_are_judged_over_their_proof_range() -> None:
    p = Program(v2=True)
    p.givens["a"] = Given(
        "a", {}, F(2), F(8), "given a ~ uniform(2, 8)", uncertain=True, proof_range=True
    )
    p.claims["c"] = Claim("c", ("name", "a"), "<", ("num", F(9), "9"), "claim c: a < 9")
    p.statements = [p.givens["a"], p.claims["c"]]
    doc = _doc(p.text())
    assert doc["results"][0]["claims"][0]["verdict"] == "holds"
    assert soundness(p, doc, random.Random(0)) == []
    p.claims["c"].rhs = ("num", F(7), "7")  # the oracle now disagrees with `holds`
    assert soundness(p, doc, random.Random(0))[0][0] == "holds-but-false"
    p.givens["a"].proof_range = False  # normal(..): no exact range, not judged
    assert soundness(p, doc, random.Random(0)) == []


def test_compounding_is_evaluated() -> None:
    from fuzz.model import evaluate

    year = F(31557600)
    e = (
        "powx",
        ("num", F(2), "2"),
        ("bin", "/", ("num", 3 * year, "3 year"), ("num", year, "1 year")),
    )
    assert evaluate(e, {}, {}) == 8
    half = ("powx", ("num", F(4), "4"), ("num", F(1, 2), "0.5"))
    assert abs(evaluate(half, {}, {}) - 2) < 1e-12
