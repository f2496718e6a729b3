"""A Pygments lexer for `.claim` files (`pygmentize -l claim`, Sphinx, MkDocs).

Registered through the `pygments.lexers` entry point. It never emits `Error` tokens:
anything it does not know is plain `Text`, so half-written files still highlight.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text

_UNIT_ATOM = r"(?:%|[A-Za-z_µ][A-Za-z0-9_µ]*|\([A-Za-z%µ][^()\s]*\))(?:\^[+-]?\d+)?"
_UNIT = rf"(?:1/)?{_UNIT_ATOM}(?:[*/·×-]{_UNIT_ATOM})*"
_NOT_KW = r"(?!(?:to|within|as|by|in)\b)"


class ClaimLexer(RegexLexer):
    """Statements, names, numbers with their units, strings and comments of `.claim` files."""

    name = "Claim"
    aliases = ["claim", "toulmin"]
    filenames = ["*.claim"]
    mimetypes = ["text/x-claim"]

    tokens = {
        "root": [
            (r"[ \t]+", Text),
            (r"\n", Text),
            (r"#.*", Comment.Single),
            (r'"(?:\\.|[^"\\\n])*"', String.Double),
            (r'"[^\n]*', String.Double),  # an unterminated string: still a string
            (
                words(
                    (
                        "given",
                        "let",
                        "claim",
                        "rule",
                        "use",
                        "source",
                        "unit",
                        "argument",
                        "scenario",
                    ),
                    suffix=r"\b",
                ),
                Keyword.Declaration,
            ),
            (words(("within", "to", "as", "by", "in", "factor"), suffix=r"\b"), Keyword),
            (
                words(
                    (
                        "virtually certain",
                        "very likely",
                        "likely",
                        "as likely as not",
                        "very unlikely",
                        "exceptionally unlikely",
                        "unlikely",
                        "with probability",
                    ),
                    prefix=r"(?<=,)\s*",
                    suffix=r"\b",
                ),
                Keyword.Pseudo,
            ),
            (
                words(
                    (
                        "min",
                        "max",
                        "abs",
                        "sqrt",
                        "log",
                        "log10",
                        "exp",
                        "ceil",
                        "floor",
                        "uniform",
                        "normal",
                        "lognormal",
                    ),
                    suffix=r"(?=\()",
                ),
                Name.Builtin,
            ),
            # `: UNIT` after the name of a given, let or rule parameter
            (
                rf"(:)([ \t]*)({_UNIT})(?=[ \t]*(?:=|,|\)|$|>|<|~|\[|#))",
                bygroups(Punctuation, Text, Name.Class),
            ),
            # a number, its scale, and the unit written right after it
            (
                r"(\$?(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?"
                r"(?:[kKMBTP](?![A-Za-z0-9_]))?)"
                r"((?:[ \t]+(?:thousand|million|billion|trillion|quadrillion)\b)?)"
                rf"((?:[ \t]*{_NOT_KW}(?:[kKMBTGP][ \t]+(?=[A-Za-z%(µ]))?{_NOT_KW}{_UNIT})?)",
                bygroups(Number, Number, Name.Class),
            ),
            (r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?=\()", Name.Function),
            (r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", Name.Variable),
            (r"\*\*|<=|>=|!=|==|~=|\+-|[-+*/^×·÷−=≈~<>≤≥≠±]", Operator),
            (r"[()\[\],:]", Punctuation),
            (r".", Text),
        ]
    }
