"""Syntax messages speak the language of the file (spec v2 §6; issue 9, "Messages")."""

from __future__ import annotations

import re

import pytest

from toulmin.dsl.parser import parse_source

#: Upper-case words that are terminal names of the grammar, never words of the language.
GRAMMAR_WORDS = re.compile(r"\b(?:[A-Z]{2,}_?[A-Z]*|tilde|\$END)\b")
ALLOWED = {"FLOP", "USD", "GPU", "OOM", "ID", "LEFT", "OP", "RIGHT", "NAME", "EXPR", "UNIT"}


@pytest.mark.parametrize(
    "text",
    [
        "given x = 3 ~ 4",
        "claim c: 3 ~ ~ 4",
        "let x = 3 4",
        "let x = (3 4",
        "given x = 3 FLOP ] 2",
        "claim c: x > > 3",
        "given = 3",
        "rule f(a, ) = a",
        "use 3",
        "given x = 3 to",
        "claim c: x ≈ 3 within",
    ],
)
def test_no_grammar_token_names_in_messages(text: str) -> None:
    (d,) = parse_source(text + "\n", "t.claim").diagnostics
    words = set(GRAMMAR_WORDS.findall(f"{d.message} {d.hint or ''}")) - ALLOWED
    assert not words, (d.message, d.hint)
    assert "unexpected the end" not in d.message


def test_after_a_value_the_message_names_what_may_follow_not_every_token() -> None:
    (d,) = parse_source("let x = 3 4\n", "t.claim").diagnostics
    assert "an operator (`+ - * / ^`)" in d.message and "a unit" in d.message
    for token in ("`)`", "`,`", "`[`", "`±`", "a string", "a scale word"):
        assert token not in d.message, d.message
    (d,) = parse_source("let x = (3 4\n", "t.claim").diagnostics
    assert "`)`" in d.message  # a bracket is open here: closing it is an option


def test_a_range_inside_an_expression_says_what_is_wrong() -> None:
    """Issue 9: `(1 ± 50 %) * 2e29 FLOP` said "this bracket is never closed"."""
    (d,) = parse_source("claim c: (1 ± 50 %) * 2e29 FLOP >= 1 FLOP\n", "t.claim").diagnostics
    assert "never closed" not in d.message
    assert "range" in d.message and "±" in d.message
    assert d.hint and "2e29 FLOP ± 50 %" in d.hint


def test_scale_words_parse() -> None:
    """Issue 9: `100 million GPU` was a syntax error (spec §2: scale words)."""
    m = parse_source("given n = 100 million GPU\n", "t.claim")
    assert not m.diagnostics
    assert m.statements[0].value.value == 100_000_000


@pytest.mark.parametrize("text", ["claim c, likely: x > 1", "claim c, very likely: x > 1"])
def test_a_qualifier_before_the_colon_says_it_comes_last(text: str) -> None:
    (d,) = parse_source(text + "\n", "t.claim").diagnostics
    assert (
        "a qualifier comes last" in d.message and "`claim ID: LEFT OP RIGHT, likely`" in d.message
    )


def test_a_claim_without_a_colon_keeps_its_own_message() -> None:
    (d,) = parse_source("claim x = 3\n", "t.claim").diagnostics
    assert "a claim needs an id and a colon" in d.message


def test_a_definition_that_does_not_parse_still_names_what_it_declares() -> None:
    # the resolver reads `broken` so a use of `x` is not a second, unknown-name error
    from toulmin.dsl.parser import parse_source

    m = parse_source("given x = 3 +\nlet y ~ 2\nrule r(a) = a *\nlet ok = 1\n", "b.claim")
    assert m.broken == ("x", "y", "r")
    assert [type(s).__name__ for s in m.statements] == ["Let"]
