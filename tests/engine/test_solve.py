"""Solving lets backward, in blocks and numerically (engine/solve.py, engine/symbolic.py)."""

from __future__ import annotations

import math
from fractions import Fraction

from conftest import ARGUMENT, stages

from toulmin.check import check_text
from toulmin.engine import ir
from toulmin.engine.solve import Derivation


def test_backward_solving_through_a_product() -> None:
    r = check_text(
        "given cost = 5.576M USD\ngiven price = 2 USD/GPU/h\ngiven hours: GPU*h\n"
        "let cost = hours * price\nclaim h: hours ≈ 2.788M GPU*h within 0.01 %\n"
    )
    assert not r.has_errors
    assert [c.verdict for c in r.claims] == ["holds"]


def test_coupled_block_is_solved_together() -> None:
    r = check_text(
        "given s = 10 GPU\ngiven d = 2 GPU\ngiven x: GPU\ngiven y: GPU\n"
        "let s = x + y\nlet d = x - y\nclaim cx: x = 6 GPU\nclaim cy: y = 4 GPU\n"
    )
    assert not r.has_errors
    assert {c.id: c.verdict for c in r.claims} == {"cx": "holds", "cy": "holds"}


def test_block_derivation_names_every_equation_and_unknown() -> None:
    m = stages(
        "given s = 10 GPU\ngiven d = 2 GPU\ngiven x: GPU\ngiven y: GPU\n"
        "let s = x + y\nlet d = x - y\nclaim cx: x > 1 GPU\nclaim cy: y > 1 GPU\n"
    ).model
    both = Derivation("block", ("d", "s"), ("x", "y"))
    assert m.derivations == {"x": both, "y": both}


def test_overdetermined_name_becomes_a_failing_consistency_claim() -> None:
    r = check_text("given a = 2\ngiven b = 3\ngiven c = 7\nlet c = a * b\nclaim k: c > 1\n")
    cons = [c for c in r.claims if c.kind == "consistency"]
    assert [(c.id, c.verdict) for c in cons] == [("c", "fails")]


def test_solved_closed_form_through_exp() -> None:
    r = check_text("given y = 10\ngiven x: x\nlet y = exp(x) * 2 + 3\nclaim c: x > 1\n")
    assert not r.diagnostics, r.diagnostics
    x = r.values["x"].value
    assert x is not None and abs(math.exp(x) * 2 + 3 - 10) < 1e-9
    assert [c.verdict for c in r.claims] == ["holds"]


def test_numeric_root_is_not_picked_among_several() -> None:
    # x + exp(x)/sqrt(x) + log(x) = 10 has two roots (near 0.004 and near 2.1): the
    # old numeric last resort picked the larger one and proved `x > 1` (issue 8)
    r = check_text(
        "given y = 10\ngiven x: x\nlet y = x + exp(x) / x^0.5 + log(x)\nclaim c: x > 1\n"
    )
    [c] = r.claims
    assert c.verdict == "undecided"
    assert "`x` occurs more than once" in (c.note or "")


def test_unique_root_by_bisection() -> None:
    from toulmin.engine import ir
    from toulmin.engine.roots import not_one_to_one, unique_root

    # 2^x = 10 through the variable power: one-to-one, so its float root is the solution
    lhs = ir.Op("exp", (ir.Op("*", (ir.Ref("x"), ir.Const(math.log(2)))),))
    assert not_one_to_one(lhs, ir.Ref("y"), "x") is None
    root = unique_root(lhs, ir.Ref("y"), "x", {"y": 10.0})
    assert root is not None and abs(root - math.log2(10)) < 1e-9
    square = ir.Op("pow", (ir.Ref("x"),), None, Fraction(2))
    assert not_one_to_one(square, ir.Ref("y"), "x") == "an even power is not one-to-one"
    # no sign change anywhere: no root rather than a guess
    assert unique_root(lhs, ir.Const(-1.0), "x", {}) is None


# ---------------------------------------------------------------- build_model, called directly


def test_model_orders_lets_forward_and_leaves_unknowns_free() -> None:
    m = stages(ARGUMENT).model
    assert [n for n, _ in m.order] == ["cost"]
    assert m.derivations == {"cost": Derivation("let", ("cost",))}
    assert m.free == ["mfu"] and not m.unsolved and not m.consistency


def test_model_solves_an_unknown_given_backward_from_a_let() -> None:
    m = stages(
        "given cost = 5.576M USD\ngiven price = 2 USD/GPU/h\ngiven hours: GPU*h\n"
        "let cost = hours * price\nclaim h: hours > 1 GPU*h\n"
    ).model
    ((name, expr),) = m.order
    assert name == "hours" and m.free == []
    assert m.derivations == {"hours": Derivation("solved", ("cost",))}
    # hours = cost / price, in SI: 5.576e6 USD / (2 USD per GPU·3600 s)
    assert math.isclose(ir.eval_float(expr, {"cost": 5.576e6, "price": 2 / 3600}), 2.788e6 * 3600)


def test_model_turns_a_given_also_defined_into_a_consistency_claim() -> None:
    m = stages("given a = 2\ngiven b = 3\ngiven c = 7\nlet c = a * b\nclaim k: c > 1\n").model
    assert [(c.id, c.kind) for c in m.consistency] == [("c", "consistency")]
