"""The generated parser module is current with grammar.lark, and loads nothing from outside."""

from __future__ import annotations

import re
from pathlib import Path

from toulmin.dsl import generate
from toulmin.dsl.keywords import CONTEXTUAL_WORDS, KEYWORDS, STATEMENT_KEYWORDS
from toulmin.dsl.parser import _parsers, describe_expected


def test_generated_module_is_current_with_the_grammar() -> None:
    assert generate.recorded_hash() == generate.grammar_hash(), (
        "toulmin/dsl/_generated_parser.py is stale: run `python -m toulmin.dsl.generate`"
    )
    assert generate.main(["--check"]) == 0


def test_a_changed_grammar_is_detected() -> None:
    text = generate.GRAMMAR.read_text(encoding="utf-8")
    assert generate.grammar_hash(text + "\n// edit") != generate.recorded_hash()


def test_the_parser_never_reads_a_cache() -> None:
    source = (Path(generate.__file__).parent / "parser.py").read_text(encoding="utf-8")
    assert "cache=" not in source and "pickle" not in source
    # the generated module only holds literals: its tables are Python source
    generated = generate.MODULE.read_text(encoding="utf-8")
    assert "DATA = (\n{" in generated
    assert "pickle.loads" not in generated.split("DATA = (", 1)[1]


def test_grammar_words_are_the_keyword_lists() -> None:
    grammar = generate.GRAMMAR.read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in grammar.splitlines())
    words = set(re.findall(r'"([a-z]+)"', code))
    assert words == KEYWORDS | CONTEXTUAL_WORDS
    assert set(STATEMENT_KEYWORDS) <= KEYWORDS
    assert not KEYWORDS & CONTEXTUAL_WORDS


def test_every_terminal_has_words() -> None:
    parser = _parsers().parser
    for term in parser.terminals:
        if term.name in parser.lexer_conf.ignore:
            continue  # whitespace and comments are never expected
        words = describe_expected({term.name})
        assert words != "something else", term.name
        assert term.name not in words, words
        assert "__" not in words and "ANON" not in words
