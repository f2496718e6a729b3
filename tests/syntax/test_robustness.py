"""The syntax stage on hostile input (issue 8): line endings, BOM, limits, messages."""

from __future__ import annotations

import time

import pytest

from toulmin.dsl import tree as t
from toulmin.dsl.parser import parse_source
from toulmin.dsl.split import split_statements

GRAMMAR_TOKEN_NAMES = ("tilde", "LPAR", "RPAR", "__ANON", "$END", "<END-OF-FILE>", "NUMBER", "UNIT")


def test_a_utf8_bom_is_accepted() -> None:
    m = parse_source("\ufeffgiven a = 1\nclaim c: a > 0\n", "f")
    assert not m.diagnostics
    assert m.statements[0].span.column == 1  # the BOM is not a column
    assert not m.text.startswith("\ufeff")


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_line_endings_split_statements_and_count_lines(eol: str) -> None:
    src = eol.join(["given a = 1", "let b = a +", "claim c: a > 0", ""])
    m = parse_source(src, "f")
    assert [type(s).__name__ for s in m.statements] == ["Given", "Claim"]
    (d,) = m.diagnostics
    assert d.code == "syntax" and d.span is not None and d.span.line == 2
    assert m.statements[1].span.line == 3 and m.statements[1].span.column == 1


def test_split_counts_only_lf_as_a_line_end() -> None:
    # form feed and the like are not line ends for the line index either
    chunks = split_statements("given a = 1\x0c\ngiven b = 2\n")
    assert len(chunks) == 2


def test_a_flat_long_sum_is_not_deep() -> None:
    src = "given a = 1\nlet s = " + " + ".join(["a"] * 300) + "\n"
    m = parse_source(src, "f")
    assert not m.diagnostics, m.diagnostics
    assert len(m.statements) == 2


@pytest.mark.parametrize(
    "expr",
    [
        "(" * 300 + "1" + ")" * 300,
        "-" * 5000 + "1",
        "2^" * 3000 + "2",
        "f(" * 250 + "1" + ")" * 250,
    ],
)
def test_deep_nesting_is_a_limit_error_once(expr: str) -> None:
    m = parse_source(f"let x = {expr}\nlet y = 2\n", "f")
    assert [d.code for d in m.diagnostics] == ["limit"]
    assert m.diagnostics[0].span is not None and m.diagnostics[0].span.line == 1
    assert [s.name for s in m.statements] == ["y"]  # type: ignore[union-attr]


def test_nesting_up_to_the_limit_parses() -> None:
    m = parse_source("let x = " + "(" * 150 + "1" + ")" * 150, "f")
    assert not m.diagnostics


def test_a_one_mebibyte_line_is_quick_and_one_diagnostic() -> None:
    n = (1 << 20) - 100
    started = time.process_time()
    m = parse_source("let x = " + "1 + " * ((n - 20) // 4) + "1", "f")
    assert time.process_time() - started < 3.0
    assert [d.code for d in m.diagnostics] == ["limit"]


def test_a_long_garbage_token_is_cut_in_the_message() -> None:
    (d,) = parse_source("x" * 100_000, "f").diagnostics
    assert len(d.message) < 300


@pytest.mark.parametrize(
    ("src", "needle"),
    [
        ("given x = (1 ± 50 %) * 2e29 FLOP", "cannot be part of an expression"),
        ("claim c: (1 to 2) > 0", "cannot be part of an expression"),
        ("let x = 1 to 2", "stands only as a given's value"),
        ("claim c: x = 1 ± 2", "stands only as a given's value"),
    ],
)
def test_misplaced_ranges_get_a_true_message(src: str, needle: str) -> None:
    (d,) = parse_source(src, "f").diagnostics
    assert needle in d.message
    assert "never closed" not in d.message


@pytest.mark.parametrize(
    "src",
    [
        "claim c: x ~ 3 ~ 4",
        "given x = ",
        "let x = (a + b",
        "claim c: x",
        "claim c: x > 1,",
        "given x 3",
        "foo bar",
        "claim c: x ≈ 1 within",
        "scenario",
        "given x: 3",
        "use 3",
        "rule f(a b) = a",
        "let x = a b",
        'source s "t" "u" "v"',
    ],
)
def test_messages_never_name_grammar_tokens(src: str) -> None:
    m = parse_source(src, "f")
    assert m.diagnostics
    for d in m.diagnostics:
        for text in (d.message, d.hint or ""):
            for name in GRAMMAR_TOKEN_NAMES:
                assert name not in text, (src, text)


def test_expected_lists_read_as_words() -> None:
    (d,) = parse_source("let x = ", "f").diagnostics
    assert "an expression (a number, a name or `(`)" in (d.hint or d.message)


def test_keyword_as_unit_is_the_keyword() -> None:
    (d,) = parse_source("let x = 3 to", "f").diagnostics
    assert "`to`" in d.message


def test_all_errors_of_a_file_at_once() -> None:
    src = "given a 3\nlet b = (1 ± 2)\nclaim c: a\ngiven ok = 1\nlet d = 1 to 2\n"
    m = parse_source(src, "f")
    assert [d.span.line for d in m.diagnostics if d.span] == [1, 2, 3, 5]
    assert [s.name for s in m.statements if isinstance(s, t.Given)] == ["ok"]
