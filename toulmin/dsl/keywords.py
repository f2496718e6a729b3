"""The reserved words of the language (spec v2 §2), in one place.

`split.py` uses the statement keywords to recover from an unclosed bracket,
`parser.py` refuses keywords as names and units. The grammar spells each word
as a literal; tests/syntax/test_generated.py checks that its literals are
exactly the words listed here.
"""

from __future__ import annotations

#: Words that open a statement.
STATEMENT_KEYWORDS: tuple[str, ...] = (
    "argument",
    "source",
    "use",
    "unit",
    "given",
    "let",
    "rule",
    "claim",
    "scenario",
)

#: Words that are never names nor units.
KEYWORDS: frozenset[str] = frozenset((*STATEMENT_KEYWORDS, "within", "to", "as", "by", "in"))

#: Words reserved only where they may stand (`within factor 3`, `, very likely`,
#: `, with probability >= 80 %`): elsewhere they are ordinary names.
CONTEXTUAL_WORDS: frozenset[str] = frozenset(
    (
        "factor",
        "virtually",
        "certain",
        "very",
        "likely",
        "not",
        "unlikely",
        "exceptionally",
        "with",
        "probability",
    )
)
