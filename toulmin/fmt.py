"""`toulmin fmt`: one canonical layout for `.claim` files.

The formatter works on tokens and lines, not on the syntax tree, so it keeps every
comment and also lays out statements the parser of this version does not know yet (the
v2 forms `given x >= 5`, `given x ~ 1 to 2`, `claim c: e in 1 to 2`, `, likely`,
`scenario` blocks). The layout:

- one space around binary operators, comparisons, `to`, `±`, `=`; none after a unary
  minus, inside brackets, before `,` or `:`, or between a name and its `(`;
- quantities (`2664K GPU*h`, `3.35 TB/s`) and strings are kept exactly as written;
- the `=` of a run of consecutive one-line `given`s (or `let`s) is aligned;
- two spaces before a trailing comment; continuation lines indented by four spaces;
- no trailing spaces, at most one blank line in a row, one newline at the end.

Meaning is never changed: a file is rewritten only when the parser accepts the result
and gives the same syntax tree (spans aside) as for the original. A file with a syntax
error is left as it is.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import click

from toulmin.dsl.keywords import KEYWORDS as ALL_KEYWORDS
from toulmin.dsl.keywords import STATEMENT_KEYWORDS

# The lexical rules mirror grammar.lark (a number and the unit right after it are one
# token), widened by the v2 suffix `P` and the v2 scale words so that
# `2.5 billion query/day` stays one token and is never re-spaced.
_UNIT_ATOM = r"(?:%|[A-Za-z_µ][A-Za-z0-9_µ]*|\([A-Za-z%µ][^()\s]*\))(?:\^[+-]?\d+)?"
_UNIT = rf"(?:1/)?{_UNIT_ATOM}(?:[*/·×-]{_UNIT_ATOM})*"
_NOT_KW = r"(?!(?:to|within|as|by|in)(?![A-Za-z0-9_]))"
_QUANTITY = (
    r"\$?(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?(?:[kKMBTP](?![A-Za-z0-9_]))?"
    r"(?:[ \t]+(?:thousand|million|billion|trillion|quadrillion)(?![A-Za-z0-9_]))?"
    rf"(?:[ \t]*{_NOT_KW}(?:[kKMBTGP][ \t]+(?=[A-Za-z%(µ]))?{_NOT_KW}{_UNIT})?"
)
_TOKEN = re.compile(
    r"(?P<ws>[ \t]+)"
    r'|(?P<string>"(?:\\.|[^"\\\n])*")'
    r"|(?P<comment>#.*)"
    rf"|(?P<quantity>{_QUANTITY})"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>\*\*|<=|>=|!=|==|~=|\+-|[-+*/^×·÷−=≈~<>≤≥≠±])"
    r"|(?P<punct>[()\[\],:])"
    r"|(?P<other>.)"
)
_UNIT_AFTER_COLON = re.compile(rf"[ \t]*(?P<unit>{_UNIT})")

# `factor` is only reserved after `within`, but it reads as a keyword wherever it stands
KEYWORDS = ALL_KEYWORDS | {"factor"}
_STARTS = STATEMENT_KEYWORDS
_PREFIX_CONTEXT = {"op", "open", "comma", "colon", "keyword", "start"}


@dataclass(frozen=True)
class Token:
    """One lexical token of a line: its kind and its text as written."""

    kind: str  # string comment quantity name keyword op open close comma colon unit other
    text: str


class FormatError(Exception):
    """The file cannot be formatted safely; it is left unchanged."""


def tokens(line: str) -> list[Token]:
    """The tokens of one physical line (whitespace dropped; comments kept)."""
    out: list[Token] = []
    pos = 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        assert m is not None  # `other` matches any character
        kind = m.lastgroup or "other"
        text = m.group()
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "name" and text in KEYWORDS:
            kind = "keyword"
        elif kind == "punct":
            kind = {"(": "open", "[": "open", ")": "close", "]": "close", ",": "comma"}.get(
                text, "colon"
            )
        out.append(Token(kind, text))
        # `given x: FLOP/s` — after the colon of an annotation comes a unit, not an
        # expression: one token, so `FLOP/s` is never spaced as a division.
        if kind == "colon" and _is_annotation(out):
            u = _UNIT_AFTER_COLON.match(line, pos)
            if u:
                out.append(Token("unit", u.group("unit")))
                pos = u.end()
    return out


def _is_annotation(toks: list[Token]) -> bool:
    """Whether the colon just lexed follows `given NAME`, `let NAME` or a rule parameter."""
    if len(toks) < 2 or toks[-2].kind != "name":
        return False
    if len(toks) >= 3 and toks[-3].text in ("given", "let"):
        return True
    # a parameter: inside `rule NAME(` after `(` or `,`
    if toks[0].text == "rule" and len(toks) >= 3 and toks[-3].kind in ("open", "comma"):
        depth = sum(1 if t.kind == "open" else -1 if t.kind == "close" else 0 for t in toks)
        return depth > 0
    return False


def join(toks: list[Token], prev: Token | None = None) -> str:
    """Lay the tokens of one line out with canonical spacing.

    `prev` is the last token of the line before when this one continues a statement,
    so a leading `-` is still known to be unary or binary.
    """
    out: list[str] = []
    context = _context(prev)
    for i, tok in enumerate(toks):
        if i == 0:
            sep = ""
        elif tok.kind == "comment":
            sep = "  "
        elif (
            tok.kind in ("close", "comma", "colon")
            or toks[i - 1].kind == "open"
            or context == "unary"
        ):
            sep = ""
        elif tok.text == "(" and toks[i - 1].kind == "name":
            sep = ""  # a call or a rule head: `f(x)`
        else:
            sep = " "
        out.append(sep + tok.text)
        if tok.kind == "op" and tok.text in "+-−" and context in _PREFIX_CONTEXT:
            context = "unary"
        else:
            context = _context(tok)
    return "".join(out)


def _context(tok: Token | None) -> str:
    if tok is None:
        return "start"
    if tok.kind == "open":
        return "open"
    if tok.kind in ("op", "comma", "colon", "keyword"):
        return tok.kind
    return "value"


def format_text(text: str, *, verify: bool = True, file: str = "<fmt>") -> str:
    """The canonical layout of `text`.

    With `verify` (the default), raises `FormatError` when the text has a syntax error
    or when the result would not parse to the same syntax tree.
    """
    if verify:
        before = _shape(text, file)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    laid: list[tuple[str, list[Token], str]] = []  # (kind, tokens, indent)
    prev: Token | None = None
    for raw in lines:
        toks = tokens(raw)
        if not toks:
            laid.append(("blank", [], ""))
            continue
        if toks[0].kind == "comment":
            indent = "    " if raw[:1] in (" ", "\t") else ""
            laid.append(("comment", toks, indent))
            continue
        indented = raw[:1] in (" ", "\t")
        starts = toks[0].text in _STARTS and not indented
        laid.append(("start" if starts else "cont", toks, "    " if indented else ""))
        code = [t for t in toks if t.kind != "comment"]
        prev = code[-1] if code else prev
    out = _render(laid)
    if verify and _shape(out, file) != before:
        raise FormatError("formatting would change the meaning of the file; left unchanged")
    return out


def _render(laid: list[tuple[str, list[Token], str]]) -> str:
    """Join the lines, aligning `=` in runs of one-line givens and lets."""
    # A one-line statement is a `start` line not followed by a continuation line.
    single = [
        kind == "start" and (i + 1 == len(laid) or laid[i + 1][0] != "cont")
        for i, (kind, _, _) in enumerate(laid)
    ]
    heads: dict[int, tuple[str, str]] = {}  # line → (text before `=`, text from `=` on)
    i = 0
    while i < len(laid):
        kind, toks, _ = laid[i]
        word = toks[0].text if toks else ""
        if not (single[i] and word in ("given", "let")):
            i += 1
            continue
        j = i
        while j < len(laid) and single[j] and laid[j][1][0].text == word:
            j += 1
        for k in range(i, j):
            split = _split_at_equals([t for t in laid[k][1] if t.kind != "comment"])
            if split is not None:
                heads[k] = split
        width = max((len(heads[k][0]) for k in range(i, j) if k in heads), default=0)
        for k in range(i, j):
            if k in heads:
                head, rest = heads[k]
                heads[k] = (head.ljust(width), rest)
        i = j
    rows: list[tuple[str, str] | None] = []  # (code with indent, trailing comment); None: blank
    prev: Token | None = None
    for n, (kind, toks, indent) in enumerate(laid):
        if kind == "blank":
            if rows and rows[-1] is not None:
                rows.append(None)
            continue
        code = [t for t in toks if t.kind != "comment"]
        comment = toks[-1].text.rstrip() if toks[-1].kind == "comment" else ""
        if n in heads:
            head, rest = heads[n]
            body = f"{head} {rest}"
        elif kind == "cont":
            body = join(code, prev)
        else:
            body = join(code)
        rows.append((indent + body.rstrip() if code else indent, comment))
        if code:
            prev = code[-1]
    while rows and rows[-1] is None:
        rows.pop()
    # Trailing comments of consecutive code lines line up, two spaces after the longest.
    lines: list[str] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row is None:
            lines.append("")
            i += 1
            continue
        j = i
        while j < len(rows) and (r := rows[j]) is not None and r[0].strip() and r[1]:
            j += 1
        if j == i:
            code_text, comment = row
            lines.append(code_text + comment if not code_text.strip() else code_text)
            i += 1
            continue
        width = max(len(rows[k][0]) for k in range(i, j))  # type: ignore[index]
        for k in range(i, j):
            code_text, comment = rows[k]  # type: ignore[misc]
            lines.append(f"{code_text.ljust(width)}  {comment}")
        i = j
    return "\n".join(lines) + "\n" if lines else ""


def _split_at_equals(toks: list[Token]) -> tuple[str, str] | None:
    """`given x: GPU`, `= 8 GPU [s]` — the head and the rest of a given or let."""
    for k, tok in enumerate(toks):
        if tok.kind == "op" and tok.text == "=":
            return join(toks[:k]), join(toks[k:], toks[k - 1] if k else None)
        if tok.kind in ("open", "comment"):
            return None
    return None


# ---------------------------------------------------------------- meaning check


def _shape(text: str, file: str) -> object:
    """The parse of `text` with spans and offsets removed, for comparing meanings."""
    from toulmin.dsl.parser import parse_source

    module = parse_source(text, file)
    errors = [d for d in module.diagnostics if d.code == "syntax" and d.is_error]
    if errors:
        d = errors[0]
        where = f"{d.span.line}:{d.span.column}: " if d.span else ""
        raise FormatError(f"{where}{d.message}; left unchanged")
    return tuple(_strip(s) for s in module.statements)


def _strip(node: object) -> object:
    """A node as a nested tuple without spans (and without the raw text of numbers)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        items = []
        for f in dataclasses.fields(node):
            if f.name.endswith("span") or f.name == "span":
                continue
            value = getattr(node, f.name)
            if f.name == "text" and type(node).__name__ in ("Number",):
                continue  # `2664K` and `2664K` re-spaced: the value and unit are compared
            items.append((f.name, _strip(value)))
        return (type(node).__name__, tuple(items))
    if isinstance(node, tuple | list):
        return tuple(_strip(x) for x in node)
    if isinstance(node, Fraction | str | int | float | type(None) | bool):
        return node
    return repr(node)


# ---------------------------------------------------------------- command


def _files(paths: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.claim")) if p.is_dir() else [p])
    return out


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file would change.")
def fmt(paths: tuple[str, ...], check: bool) -> None:
    """Lay out .claim files in the one canonical layout (in place).

    Spacing around operators, aligned `=` in runs of givens or lets, comments kept.
    A file with a syntax error is left unchanged. With --check, exit 1 when a file
    would change (for CI and pre-commit).
    """
    changed = 0
    failed = 0
    for path in _files(paths):
        text = path.read_text(encoding="utf-8")
        try:
            new = format_text(text, file=str(path))
        except FormatError as exc:
            click.echo(f"{path}: {exc}", err=True)
            failed += 1
            continue
        if new == text:
            continue
        changed += 1
        if check:
            click.echo(f"would reformat {path}")
        else:
            path.write_text(new, encoding="utf-8")
            click.echo(f"reformatted {path}")
    if check and changed:
        sys.exit(1)
    if failed:
        sys.exit(2)
