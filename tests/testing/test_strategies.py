"""`toulmin.testing` against the corpus (issue 11): drawn values stay inside the ranges,
and `evaluate` agrees with `check` at the corners, counterexamples and witnesses."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from toulmin.check import check_file
from toulmin.testing import ArgumentError, assignments, evaluate, load, loads

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "claims").glob("*.claim"))
ARGS = {p.name: load(p) for p in CORPUS}
WITH_RANGES = [n for n, a in ARGS.items() if a.ranges]


def test_the_corpus_has_ranges_to_draw() -> None:
    assert {"dettmers.claim", "fu.claim"} <= set(WITH_RANGES)


@pytest.mark.parametrize("name", WITH_RANGES)
@pytest.mark.parametrize("si", [False, True])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_drawn_values_stay_inside_the_ranges(name: str, si: bool, data: st.DataObject) -> None:
    arg = ARGS[name]
    a = data.draw(assignments(arg, si=si))
    assert set(a) == set(arg.ranges)
    for n, v in a.items():
        g = arg.givens[n]
        lo, hi = (g.low, g.high) if si else (g.display_low, g.display_high)
        assert lo <= v <= hi, (n, v, lo, hi)


def test_display_units_are_the_givens_units() -> None:
    g = ARGS["fu.claim"].givens["mfu_old"]
    assert (g.unit, g.display_low, g.display_high) == ("%", 15, 25)
    assert (g.low, g.high) == (0.15, 0.25)


def _corners(names: tuple[str, ...] | list[str], arg) -> list[dict[str, float]]:
    ends = [(arg.givens[n].low, arg.givens[n].high) for n in names]
    return [dict(zip(names, c)) for c in itertools.product(*ends)]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_evaluate_agrees_with_check(path: Path) -> None:
    arg = ARGS[path.name]
    result = check_file(path, display=str(path))
    assert [c.id for c in result.claims] == arg.claims
    checked = 0
    for c in result.claims:
        inputs = arg.inputs(c.id)
        if c.verdict in ("holds", "fails"):
            assert len(inputs) <= 6  # corners stay few
            for corner in _corners(inputs, arg):
                at = evaluate(arg, corner, si=True)
                assert at.claims[c.id] is (c.verdict == "holds"), (c.id, corner)
                checked += 1
        elif c.verdict == "depends":
            bad = {k: q.value for k, q in c.counterexample.items()}
            good = {k: q.value for k, q in c.witness.items()}
            assert evaluate(arg, bad, si=True).claims[c.id] is False, c.id
            assert evaluate(arg, good, si=True).claims[c.id] is True, c.id
            checked += 2
        elif c.verdict == "open":
            assert evaluate(arg, {}).claims[c.id] is None
    assert checked >= len(result.claims) // 2


def test_values_in_display_and_si_units() -> None:
    fu = ARGS["fu.claim"]
    nominal = evaluate(fu, {"cluster_gpus": 100_000})
    assert nominal.values["cluster_gpus"] == pytest.approx(100_000)
    assert nominal.values["cluster_ratio"] == pytest.approx(100_000 / 2048)
    si = evaluate(fu, {"mfu_old": 0.2}, si=True)
    assert si.values["mfu_old"] == pytest.approx(0.2)
    assert evaluate(fu, {"mfu_old": 20}).values["mfu_old"] == pytest.approx(20)
    lhs, rhs = evaluate(fu, {"cluster_gpus": 100_000}).sides["f_p9_fifty_x"]
    assert (lhs, rhs) == (pytest.approx(48.828125), pytest.approx(50))


def test_unassigned_givens_keep_their_middle_value() -> None:
    fu = ARGS["fu.claim"]
    assert evaluate(fu, {}).values["cluster_gpus"] == pytest.approx(125_000)


def test_unknown_names_and_invalid_files_are_errors() -> None:
    fu = ARGS["fu.claim"]
    with pytest.raises(KeyError, match="no given named `nope`"):
        evaluate(fu, {"nope": 1})
    with pytest.raises(KeyError):
        assignments(fu, names=["nope"])
    with pytest.raises(ArgumentError, match=r"error\[unknown-unit\]"):
        loads("given x = 3 GPU-h\n")


def test_loads_and_names() -> None:
    arg = loads("given a = 1 to 2\ngiven b = 3 to 4\nclaim d: a*b <= 7\n")
    assert arg.claims == ["d"] and arg.ranges == ["a", "b"]
    assert evaluate(arg, {"a": 2, "b": 4}).claims["d"] is False
    assert evaluate(arg, {"a": 1, "b": 3}).claims["d"] is True
    assert find(assignments(arg, names=["a"]), lambda a: True).keys() == {"a"}
