"""The front end: statement splitting, unit text and exact number literals (dsl/)."""

from __future__ import annotations

from fractions import Fraction

from toulmin.diagnostics import LineIndex
from toulmin.dsl.parser import parse_source, parse_unit
from toulmin.dsl.split import split_statements


def test_split_continuations_and_brackets() -> None:
    text = "given a = 1\nlet b = (a +\n2)\nlet c = a\n  * 2\n# comment\nclaim x: c > 1\n"
    chunks = split_statements(text)
    assert [c.text.split()[0] for c in chunks] == ["given", "let", "let", "claim"]
    assert "(a +\n2)" in chunks[1].text and "* 2" in chunks[2].text


def test_split_recovers_from_an_unclosed_bracket_at_the_next_statement() -> None:
    chunks = split_statements("let b = (a +\ngiven c = 2\n")
    assert len(chunks) == 2


def test_unit_parsing_powers() -> None:
    diags: list = []
    u = parse_unit("USD/(GPU*h)", 0, LineIndex("USD/(GPU*h)", "f"), diags)
    assert [(f.name, f.power) for f in u.factors] == [("USD", 1), ("GPU", -1), ("h", -1)]
    u = parse_unit("TFLOP/s/GPU", 0, LineIndex("TFLOP/s/GPU", "f"), diags)
    assert [(f.name, f.power) for f in u.factors] == [("TFLOP", 1), ("s", -1), ("GPU", -1)]
    u = parse_unit("m^2/s", 0, LineIndex("m^2/s", "f"), diags)
    assert [(f.name, f.power) for f in u.factors] == [("m", 2), ("s", -1)]
    assert not diags


def test_numbers_are_exact_with_scale() -> None:
    m = parse_source("given a = 2664K GPU*h\ngiven b = 671B\ngiven c = 2.788 M GPU*h\n", "f")
    values = [s.value.value for s in m.statements]  # type: ignore[union-attr]
    assert values == [Fraction(2664000), Fraction(671 * 10**9), Fraction(2788000)]
