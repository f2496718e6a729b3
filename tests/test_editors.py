"""The Pygments lexer and the formatter: no Error tokens, a fixed point, same meaning, comments kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toulmin.check import check_text
from toulmin.fmt import FormatError, format_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "claims").glob("*.claim"))
TEST_FILES = sorted((ROOT / "tests").rglob("*.claim"))


@pytest.mark.parametrize("path", CORPUS + TEST_FILES, ids=lambda p: p.name)
def test_pygments_no_error_token(path: Path) -> None:
    from pygments.lexers import get_lexer_by_name
    from pygments.token import Error, Keyword, Number, String

    lexer = get_lexer_by_name("claim")  # through the entry point
    toks = list(lexer.get_tokens(path.read_text(encoding="utf-8")))
    assert not [v for t, v in toks if t in Error]
    kinds = {t for t, _ in toks}
    if path in CORPUS:
        assert {Keyword.Declaration, Number, String.Double} <= kinds


def test_pygments_scopes() -> None:
    from pygments.token import Comment, Keyword, Name, Number

    from toulmin.pygments_lexer import ClaimLexer

    toks = [
        (t, v) for t, v in ClaimLexer().get_tokens("given x: GPU = 2664K GPU*h  # c\n") if v.strip()
    ]
    assert toks == [
        (Keyword.Declaration, "given"),
        (Name.Variable, "x"),
        (toks[2][0], ":"),
        (Name.Class, "GPU"),
        (toks[4][0], "="),
        (Number, "2664K"),
        (Name.Class, " GPU*h"),
        (Comment.Single, "# c"),
    ]


def test_corpus_is_formatted() -> None:
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path.name


def test_syntax_error_left_unchanged() -> None:
    with pytest.raises(FormatError, match="left unchanged"):
        format_text("given x = = 2\n")


def test_v2_forms_laid_out() -> None:
    src = "given x>=5 GPU\nclaim c:e in 1 to 2,likely\nscenario s\n  x=2.5 billion query/day\n"
    out = format_text(src, verify=False)
    assert out == (
        "given x >= 5 GPU\nclaim c: e in 1 to 2, likely\nscenario s\n    x = 2.5 billion query/day\n"
    )


# ---------------------------------------------------------------- properties

_SPACE = st.sampled_from(["", " ", "  ", "\t"])
_NAMES = ["a", "b", "c"]
_QUANT = st.sampled_from(["2", "3.5", "7 GPU", "2664K GPU*h", "20 %", "1e3 FLOP/s", "4 x"])


@st.composite
def _expr(draw: st.DrawFn) -> tuple[str, str]:
    """An expression over the givens `a`, `b`, `c` (all in GPU), and its unit family."""
    n = draw(st.sampled_from(_NAMES))
    parts = [n]
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["+", "-"]))
        parts.append(f"{draw(_SPACE)}{op}{draw(_SPACE)}{draw(st.sampled_from(_NAMES))}")
    if draw(st.booleans()):
        parts = ["(", *parts, ")", f"{draw(_SPACE)}*{draw(_SPACE)}2"]
    if draw(st.booleans()):
        parts = ["-", *parts]
    return "".join(parts), "GPU"


@st.composite
def _file(draw: st.DrawFn) -> tuple[str, list[str]]:
    lines = ['source s "A source"']
    comments: list[str] = []
    for name in _NAMES:
        v = draw(st.integers(1, 9))
        hi = v + draw(st.integers(0, 5))
        value = f"{v} GPU" if hi == v else f"{v} GPU{draw(_SPACE)} to {hi} GPU"
        line = f"given{draw(_SPACE)} {name}{draw(_SPACE)}={draw(_SPACE)}{value} [s]"
        if draw(st.booleans()):
            c = f"# note {name} {draw(st.integers(0, 99))}"
            comments.append(c)
            line += draw(_SPACE) + c
        lines.append(line)
        if draw(st.booleans()):
            lines.append("")
    for i in range(draw(st.integers(1, 3))):
        e, _ = draw(_expr())
        lines.append(f"let l{i}{draw(_SPACE)}={draw(_SPACE)}{e}")
        op = draw(st.sampled_from(["<", "<=", ">", ">=", "≈", "="]))
        bound = draw(st.integers(-5, 40))
        lines.append(f"claim k{i}:{draw(_SPACE)}l{i}{draw(_SPACE)}{op}{draw(_SPACE)}{bound} GPU")
        if draw(st.booleans()):
            c = f"#   comment {i}"
            comments.append(c)
            lines.append(draw(st.sampled_from(["", "  "])) + c)
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"])), comments


def _verdicts(text: str) -> list:
    r = check_text(text, file="gen.claim")
    return (
        [(c.id, c.verdict, c.lhs, c.rhs) for c in r.claims],
        sorted((d.code, d.message) for d in r.diagnostics),
        r.values,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_file())
def test_fmt_properties(case: tuple[str, list[str]]) -> None:
    text, comments = case
    out = format_text(text)
    assert format_text(out) == out  # idempotent
    assert _verdicts(out) == _verdicts(text)  # same meaning
    for c in comments:  # every comment survives, word for word
        assert c in out
    assert not re.search(r"[ \t]$", out, re.M)
