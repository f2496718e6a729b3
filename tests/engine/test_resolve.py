"""Resolution (engine/resolve/): names, units lowered to SI, dimensions, all errors at once."""

from __future__ import annotations

import math

from conftest import ARGUMENT, stages

from toulmin.units import dims as D


def test_givens_are_lowered_to_si_floats() -> None:
    s = stages(ARGUMENT)
    g = s.program.givens
    assert math.isclose(g["price"].low, 2 / 3600)  # USD/GPU/h → USD/GPU/s
    assert (g["hours"].low, g["hours"].high) == (360000.0, 720000.0)
    assert g["hours"].is_range and not g["price"].is_range
    assert not g["mfu"].known  # declared without a value: an unknown premise
    assert not s.program.diagnostics and not s.load_diagnostics


def test_dimensions_cancel_and_reach_every_let() -> None:
    s = stages(ARGUMENT)
    # USD/GPU/h × GPU × h: GPU and time cancel, currency is left
    assert D.words(s.program.lets["cost"].dims) == "currency"
    assert D.words(s.program.givens["price"].dims) == "currency/(GPU·time)"
    assert [c.id for c in s.program.claims] == ["cheap", "busy"]


def test_every_error_of_a_file_is_reported_with_its_line() -> None:
    s = stages("given a = 1\ngiven a = 2\nlet b = c + 1\nclaim x: b > 1 GPU\n")
    got = [(d.code, d.span.line) for d in s.program.diagnostics]
    assert ("redefined", 2) in got
    assert ("unknown-name", 3) in got
    redefined = next(d for d in s.program.diagnostics if d.code == "redefined")
    assert "t.claim:1" in redefined.message  # says where the first definition is


def test_a_claim_comparing_two_dimensions_is_a_dimension_error() -> None:
    s = stages("given bw = 3 TB/s\nclaim c: bw > 1 TFLOP/s\n")
    (d,) = [d for d in s.program.diagnostics if d.is_error]
    assert d.code == "dimension" and d.span.line == 2
    assert "information/time" in d.message and "compute/time" in d.message


def test_unsourced_only_under_strict() -> None:
    text = "given a = 2 GPU\nclaim c: a > 1 GPU\n"
    assert not stages(text).program.diagnostics
    (d,) = stages(text, strict=True).program.diagnostics
    assert (d.code, d.severity, d.span.line) == ("unsourced", "warning", 1)
