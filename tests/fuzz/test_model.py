"""The fuzzer's independent evaluator: exact where it can be, silent where it cannot judge."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from fuzz.checks import claim_truths, sample_points
from fuzz.model import Claim, EvalError, Given, Program, Rule, decide, evaluate, truth


def num(x: str) -> tuple:
    return ("num", F(x), x)


def name(n: str) -> tuple:
    return ("name", n)


def test_arithmetic_is_exact() -> None:
    e = ("bin", "+", num("0.1"), num("0.2"))
    assert evaluate(e, {}, {}) == F(3, 10)
    assert evaluate(("bin", "*", num("1e200"), num("1e-200")), {}, {}) == 1


@pytest.mark.parametrize(
    "e",
    [
        ("bin", "*", num("1e200"), num("1e200")),  # past 1e300: limit territory
        ("bin", "*", num("1e-300"), num("1e-300")),  # underflow
        ("bin", "/", num("1"), ("bin", "-", num("2"), num("2"))),
        ("call", "log", (num("-1"),)),
        ("call", "sqrt", (("neg", num("4")),)),
        ("pow", num("0"), -2),
        ("call", "exp", (num("1000"),)),
    ],
)
def test_no_value_is_an_eval_error(e: tuple) -> None:
    with pytest.raises(EvalError):
        evaluate(e, {}, {})


def test_functions_and_rules() -> None:
    rules = {"r": Rule("r", ("p", "q"), ("bin", "*", name("p"), name("q")), "")}
    env = {"x": F(3)}
    assert evaluate(("rule", "r", (name("x"), num("2"))), env, rules) == 6
    assert evaluate(("call", "ceil", (num("1.5"),)), {}, {}) == 2
    assert evaluate(("call", "floor", (("neg", num("1.5")),)), {}, {}) == -2
    assert evaluate(("call", "min", (num("2"), num("1"))), {}, {}) == 1
    assert evaluate(("call", "sqrt", (num("2.25"),)), {}, {}) == F(3, 2)
    assert evaluate(("call", "log10", (num("1000"),)), {}, {}) == 3
    assert evaluate(("pow", num("2"), -2), {}, {}) == F(1, 4)


def c(op: str, **kw: object) -> Claim:
    return Claim("c", name("a"), op, name("b"), "", **kw)  # type: ignore[arg-type]


def test_comparisons_and_ties() -> None:
    assert decide(c("<"), F(1), F(2)) is True
    assert decide(c(">="), F(1), F(2)) is False
    assert decide(c("<="), F(3, 10), F(3, 10)) is None  # a tie: either answer is right
    assert decide(c("<"), F(1), F(1) + F(1, 10**12)) is None
    assert decide(c("="), F(1), F(1)) is True
    assert decide(c("!="), F(1), F(2)) is True


def test_approximately() -> None:
    assert decide(c("≈"), F(104), F(100)) is True  # 5 % by default
    assert decide(c("≈"), F(106), F(100)) is False
    assert decide(c("≈", tol_rel=F(1, 100)), F(102), F(100)) is False
    assert decide(c("≈", tol_abs=F(3)), F(102), F(100)) is True
    assert decide(c("≈", factor=F(3)), F(1), F(2.5)) is True
    assert decide(c("≈", factor=F(3)), F(1), F(4)) is False
    assert decide(c("≈"), F(105), F(100)) is None  # on the tolerance's edge


def test_in_claims() -> None:
    claim = Claim("c", name("a"), "in", num("1"), "", high=num("3"))
    assert truth(claim, {"a": F(2)}, {}) is True
    assert truth(claim, {"a": F(4)}, {}) is False


def test_truth_is_none_where_undefined() -> None:
    claim = Claim("c", ("call", "log", (name("a"),)), "<", num("1"), "")
    assert truth(claim, {"a": F(-1)}, {}) is None


def _program() -> Program:
    p = Program()
    p.givens["a"] = Given("a", {}, F(1), F(2), "given a = 1 to 2")
    p.givens["b"] = Given("b", {}, F(3), F(3), "given b = 3")
    return p


def test_sample_points_include_corners_and_stay_inside() -> None:
    pts = sample_points(_program(), random.Random(0))
    assert {pt["a"] for pt in pts} >= {F(1), F(2)}
    assert all(F(1) <= pt["a"] <= F(2) and pt["b"] == 3 for pt in pts)


def test_several_solutions_are_all_judged() -> None:
    p = _program()
    p.givens["v"] = Given("v", {}, None, None, "given v : x", unknown=True)
    p.solved["v"] = [F(3), F(-3)]
    claim = Claim("c", name("v"), ">", num("0"), "")
    truths = claim_truths(p, claim, sample_points(p, random.Random(0)))
    assert True in truths and False in truths
