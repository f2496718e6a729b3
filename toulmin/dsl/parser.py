"""Parse `.claim` source text into a `Module` of frozen syntax-tree nodes.

The file is cut into statements first (`split.py`) and each statement is
parsed alone with one LALR parser, so a syntax error costs only its own
statement and every error of the file is reported in one run.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from toulmin.diagnostics import Diagnostic, LineIndex, Span, error
from toulmin.dsl import tree as t
from toulmin.dsl.split import Chunk, split_statements
from toulmin.limits import LIMITS

KEYWORDS = frozenset(
    [
        "given",
        "let",
        "claim",
        "rule",
        "use",
        "source",
        "unit",
        "argument",
        "within",
        "to",
        "as",
        "by",
    ]
)
BUILTINS = frozenset(["min", "max", "abs", "sqrt", "log", "log10", "exp", "ceil", "floor"])

MAX_EXPONENT10 = 300  # numbers beyond 1e±300 are `limit` errors

_SCALE = {"k": 3, "K": 3, "M": 6, "B": 9, "T": 12, "G": 9, "P": 15}
_SCALE_WORDS = {
    "k": "thousand",
    "K": "thousand",
    "M": "million",
    "B": "billion",
    "T": "trillion",
    "G": "billion (giga)",
    "P": "quadrillion (peta)",
}
_QUANTITY = re.compile(
    r"(?P<dollar>\$)?(?P<num>(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*))"
    r"(?:[eE](?P<exp>[+-]?\d+))?(?P<suffix>[kKMBT](?![A-Za-z0-9_]))?"
    r"(?P<gap>[ \t]*)(?:(?P<word>[kKMBTGP])[ \t]+(?=[A-Za-z%(µ]))?(?P<unit>.*)$",
    re.S,
)
_OPS = {
    "+": "+",
    "-": "-",
    "−": "-",
    "*": "*",
    "×": "*",
    "·": "*",
    "/": "/",
    "÷": "/",
    "^": "^",
    "**": "^",
}
_CMP = {
    "=": "=",
    "==": "=",
    "≈": "≈",
    "~": "≈",
    "~=": "≈",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "!=": "!=",
    "≠": "!=",
}


@lru_cache(maxsize=1)
def _lark() -> Any:
    from lark import Lark

    grammar = (Path(__file__).with_name("grammar.lark")).read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        cache=_cache_file(),
    )


def _cache_file() -> str | bool:
    """Where Lark may keep its built tables (building them costs ~60 ms per run).

    Lark checks the grammar's hash stored in the file, so a changed grammar
    never uses stale tables.
    """
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "toulmin")
    try:
        os.makedirs(path, exist_ok=True)
        return os.path.join(path, "grammar.lalr")
    except OSError:
        return False


# Friendly messages for common mistakes; Lark matches a failing statement
# against these by parser state (`match_examples`).
_EXAMPLES: dict[str, list[str]] = {
    "a `given` needs `=` before its value: `given NAME = VALUE`": [
        "given x 3",
        "given x 3 GPU",
        "given x: GPU 3",
        "let x 3",
    ],
    "a claim needs an id and a colon: `claim ID: LEFT OP RIGHT`": [
        "claim x = 3",
        "claim x > y",
        "claim = 3",
        "claim 3",
    ],
    "a claim compares two sides with one of = ≈ < <= > >= !=": [
        "claim c: x",
        "claim c: x within 3",
    ],
    "two values with no operator between them; write `*` to multiply": [
        "let x = a b",
        "let x = 2 GPU a",
        "claim c: a b = 2",
        "let x = (a) b",
    ],
    "this bracket is never closed": ["let x = (a + b", "let x = f(a", "given x = 3 [s"],
    "a statement starts with one of: given, let, claim, rule, use, source, unit, argument": [
        "x = 3",
        "foo bar",
        "3",
        "gven x = 3",
    ],
    "a `let` needs a name and `=`: `let NAME = EXPR`": ["let = 3", "let 3 = x"],
    "an expression is missing after the operator": [
        "let x = a +",
        "let x = a *",
        "let x =",
        "claim c: x <",
        "given x =",
    ],
    "a unit annotation needs a unit after `:`, e.g. `given x: FLOP/s`": [
        "given x: 3",
        "let x: = 2",
    ],
}


def parse_source(text: str, file: str) -> t.Module:
    """Parse a whole file's text. Never raises on bad input."""
    index = LineIndex(text, file)
    diags: list[Diagnostic] = []
    if len(text.encode("utf-8", "surrogatepass")) > LIMITS.max_file_bytes:
        diags.append(
            error(
                "limit",
                f"file is larger than {LIMITS.max_file_bytes // 1024} KiB",
                index.span(0, 0),
                "split the argument into files joined by `use`",
            )
        )
        return t.Module(file, text, (), tuple(diags))
    statements: list[t.Statement] = []
    for chunk in split_statements(text):
        stmt = _parse_chunk(chunk, index, diags)
        if stmt is not None:
            statements.append(stmt)
    return t.Module(file, text, tuple(statements), tuple(diags))


def _parse_chunk(chunk: Chunk, index: LineIndex, diags: list[Diagnostic]) -> t.Statement | None:
    from lark.exceptions import LarkError, UnexpectedInput

    parser = _lark()
    depth = _bracket_depth(chunk.text)
    if depth > LIMITS.max_depth:
        diags.append(
            error(
                "limit",
                f"expression nested {depth} deep (the limit is {LIMITS.max_depth})",
                index.span(chunk.start, chunk.start + len(chunk.text.split("\n")[0])),
                "name intermediate results with `let`",
            )
        )
        return None
    try:
        tree = parser.parse(chunk.text)
    except UnexpectedInput as exc:
        diags.append(_syntax_diagnostic(exc, chunk, index, parser))
        return None
    except (LarkError, RecursionError) as exc:  # defensive: a parser failure is still a diagnostic
        diags.append(
            error(
                "syntax",
                f"cannot parse this statement ({type(exc).__name__})",
                index.span(chunk.start, chunk.start + len(chunk.text)),
            )
        )
        return None
    builder = _Builder(chunk.start, index, diags)
    try:
        return builder.statement(tree.children[0])
    except _BuildError:
        return None
    except RecursionError:
        diags.append(
            error(
                "limit",
                f"expression nested too deeply (the limit is {LIMITS.max_depth})",
                index.span(chunk.start, chunk.start + len(chunk.text)),
                "name intermediate results with `let`",
            )
        )
        return None


def _bracket_depth(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "([":
            depth += 1
            best = max(best, depth)
        elif ch in ")]":
            depth -= 1
    return best


def _describe_expected(expected: set[str]) -> str:
    names = {
        "NAME": "a name",
        "QUANTITY": "a number",
        "STRING": "a string",
        "UNIT": "a unit",
        "EQUAL": "`=`",
        "COLON": "`:`",
        "LPAR": "`(`",
        "RPAR": "`)`",
        "LSQB": "`[`",
        "RSQB": "`]`",
        "COMMA": "`,`",
        "PLUS": "`+`",
        "MINUS": "`-`",
        "TIMES": "`*`",
        "DIVIDE": "`/`",
        "POW": "`^`",
        "PLUSMINUS": "`±`",
        "$END": "end of statement",
        "TO": "`to`",
        "WITHIN": "`within`",
        "AS": "`as`",
        "BY": "`by`",
    }
    words = sorted(
        {
            names.get(
                e,
                "a comparison"
                if e.startswith("__ANON") or e in ("LESSTHAN", "MORETHAN")
                else f"`{e.lower()}`",
            )
            for e in expected
        }
    )
    return ", ".join(words)


def _syntax_diagnostic(exc: Any, chunk: Chunk, index: LineIndex, parser: Any) -> Diagnostic:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    pos = getattr(exc, "pos_in_stream", None)
    token = getattr(exc, "token", None)
    if isinstance(exc, UnexpectedToken) and token is not None and token.type == "$END":
        pos = len(chunk.text.rstrip())
    if pos is None:
        pos = len(chunk.text.rstrip())
    start = chunk.start + pos
    width = 1
    found = ""
    if isinstance(exc, UnexpectedToken) and token is not None and token.type != "$END":
        width = max(1, len(str(token)))
        found = f"`{token}`"
    elif isinstance(exc, UnexpectedCharacters):
        ch = chunk.text[pos : pos + 1]
        found = f"`{ch}`"
        if ch == '"':
            return error(
                "syntax",
                "unterminated string",
                index.span(start, start + 1),
                'close the string with `"` on the same line',
            )
    elif isinstance(exc, UnexpectedEOF) or (token is not None and token.type == "$END"):
        found = "the end of the statement"
    span = index.span(start, start + width)
    label = None
    try:
        label = exc.match_examples(parser.parse, _EXAMPLES, use_accepts=True)
    except Exception:
        label = None
    expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or set()
    fallback = f"expected {_describe_expected(set(expected))}" if expected else None
    if label:
        message = f"{label}"
        hint = fallback
    else:
        message = f"unexpected {found or 'input'}" + (f"; {fallback}" if fallback else "")
        hint = None
    if found and label:
        message = f"unexpected {found}: {label}"
    return error("syntax", message, span, hint)


class _BuildError(Exception):
    """A statement that parsed but cannot be built (its diagnostic is already recorded)."""


class _Builder:
    """Turns one Lark tree into syntax-tree dataclasses with absolute spans."""

    def __init__(self, offset: int, index: LineIndex, diags: list[Diagnostic]) -> None:
        self.offset = offset
        self.index = index
        self.diags = diags

    # -- spans
    def tspan(self, tok: Any) -> Span:
        return self.index.span(self.offset + tok.start_pos, self.offset + tok.end_pos)

    def nspan(self, node: Any) -> Span:
        if hasattr(node, "meta"):
            meta = node.meta
            if getattr(meta, "empty", True):
                return self.index.span(self.offset, self.offset)
            return self.index.span(self.offset + meta.start_pos, self.offset + meta.end_pos)
        return self.tspan(node)

    def fail(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diags.append(error(code, message, span, hint))
        raise _BuildError

    # -- pieces
    def name(self, tok: Any) -> str:
        text = str(tok)
        for part in text.split("."):
            if part in KEYWORDS:
                self.fail(
                    "syntax",
                    f"`{part}` is a keyword and cannot be used as a name",
                    self.tspan(tok),
                    f"rename it, e.g. `{part}_`",
                )
        return text

    def string(self, tok: Any) -> str:
        raw = str(tok)[1:-1]
        return re.sub(r"\\(.)", r"\1", raw)

    def refs(self, node: Any) -> tuple[t.Ref, ...]:
        if node is None:
            return ()
        return tuple(t.Ref(str(tok), self.tspan(tok)) for tok in node.children)

    def annotation(self, node: Any) -> t.UnitExpr | None:
        if node is None:
            return None
        tok = node.children[0]
        return parse_unit(str(tok), self.offset + tok.start_pos, self.index, self.diags)

    # -- statements
    def statement(self, node: Any) -> t.Statement:
        kind = node.data
        ch = node.children
        span = self.nspan(node)
        if kind == "argument":
            return t.Argument(self.string(ch[0]), self.string(ch[1]), self.refs(ch[2]), span)
        if kind == "source":
            url = self.string(ch[2]) if ch[2] is not None else None
            return t.Source(self.name(ch[0]), self.string(ch[1]), url, span, self.tspan(ch[0]))
        if kind == "use":
            prefix = self.name(ch[1]) if ch[1] is not None else None
            return t.Use(self.string(ch[0]), prefix, span, self.tspan(ch[0]))
        if kind == "unit_decl":
            value = self.expr(ch[1]) if ch[1] is not None else None
            return t.UnitDecl(self.name(ch[0]), value, span, self.tspan(ch[0]))
        if kind == "given":
            name, ann, value, refs, quote = ch
            return t.Given(
                self.name(name),
                self.annotation(ann),
                self.value(value) if value is not None else None,
                self.refs(refs),
                self.string(quote) if quote is not None else None,
                span,
                self.tspan(name),
            )
        if kind == "let":
            name, ann, expr, refs, quote = ch
            return t.Let(
                self.name(name),
                self.annotation(ann),
                self.expr(expr),
                self.refs(refs),
                self.string(quote) if quote is not None else None,
                span,
                self.tspan(name),
            )
        if kind == "rule":
            name, plist, expr, refs, _quote = ch
            params = tuple(
                t.Param(self.name(p.children[0]), self.annotation(p.children[1]), self.nspan(p))
                for p in (plist.children if plist is not None else ())
            )
            return t.Rule(
                self.name(name), params, self.expr(expr), self.refs(refs), span, self.tspan(name)
            )
        if kind == "claim":
            cid, lhs, op, rhs, tol, refs, quote = ch
            op_tok = op.children[0]
            return t.Claim(
                self.name(cid),
                self.expr(lhs),
                _CMP[str(op_tok)],
                self.expr(rhs),
                self.expr(tol.children[0]) if tol is not None else None,
                self.refs(refs),
                self.string(quote) if quote is not None else None,
                span,
                self.tspan(cid),
                self.tspan(op_tok),
            )
        raise AssertionError(kind)

    def value(self, node: Any) -> t.Value:
        if node.data == "value":
            return self.expr(node.children[0])
        span = self.nspan(node)
        if node.data == "range_to":
            low, high = self.expr(node.children[0]), self.expr(node.children[1])
            # `15 to 25 %`: a unit on the right end only applies to both ends
            if (
                isinstance(low, t.Number)
                and low.unit is None
                and isinstance(high, t.Number)
                and high.unit is not None
            ):
                low = t.Number(low.value, high.unit, low.span, low.text)
            return t.Range(low, high, "to", span)
        center, delta = self.expr(node.children[0]), self.expr(node.children[2])
        if (
            isinstance(center, t.Number)
            and center.unit is None
            and isinstance(delta, t.Number)
            and delta.unit is not None
        ):
            center = t.Number(center.value, delta.unit, center.span, center.text)
        low = t.BinOp("-", center, delta, span, self.tspan(node.children[1]))
        high = t.BinOp("+", center, delta, span, self.tspan(node.children[1]))
        return t.Range(low, high, "±", span)

    def expr(self, node: Any) -> t.Expr:
        kind = getattr(node, "data", None)
        if kind == "number":
            tok = node.children[0]
            return self.number(tok)
        if kind == "name":
            tok = node.children[0]
            return t.Name(self.name(tok), self.tspan(tok))
        if kind in ("add", "sub", "mul", "div", "pow"):
            left, op_tok, right = (
                node.children
                if len(node.children) == 3
                else (node.children[0], None, node.children[1])
            )
            op = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "^"}[kind]
            op_span = self.tspan(op_tok) if op_tok is not None else self.nspan(node)
            if kind == "add" and op_tok is None:
                # `+` is an anonymous token: locate it between the operands
                op_span = self._between(node.children[0], node.children[1], "+")
            return t.BinOp(op, self.expr(left), self.expr(right), self.nspan(node), op_span)
        if kind == "neg":
            return t.Neg(self.expr(node.children[-1]), self.nspan(node))
        if kind == "call":
            tok = node.children[0]
            arg_node = node.children[1]
            args = tuple(self.expr(a) for a in (arg_node.children if arg_node is not None else ()))
            return t.Call(self.name(tok), args, self.nspan(node), self.tspan(tok))
        if kind == "unary":  # unary plus
            return self.expr(node.children[-1])
        if kind is not None and len(node.children) == 1:
            return self.expr(node.children[0])
        raise AssertionError(f"unexpected node {node!r}")

    def _between(self, left: Any, right: Any, op: str) -> Span:
        lo = self.nspan(left).end
        hi = self.nspan(right).start
        segment = self.index.text[lo:hi]
        i = segment.find(op)
        if i < 0:
            return self.index.span(lo, hi)
        return self.index.span(lo + i, lo + i + len(op))

    def number(self, tok: Any) -> t.Number:
        text = str(tok)
        start = self.offset + tok.start_pos
        span = self.tspan(tok)
        m = _QUANTITY.match(text)
        if m is None:  # the lexer's pattern and this one agree; defensive only
            self.fail("syntax", f"cannot read the number `{text}`", span)
        assert m is not None
        digits = m.group("num").replace("_", "")
        exp = int(m.group("exp") or 0) if len(m.group("exp") or "") < 8 else 10**6
        scale = 0
        if m.group("suffix"):
            scale += _SCALE[m.group("suffix")]
        word = m.group("word")
        unit_text = m.group("unit")
        if word:
            scale += _SCALE[word]
        int_digits = len(digits.split(".")[0].lstrip("0"))
        magnitude = int_digits - 1 if int_digits else -len(digits.split(".")[-1])
        magnitude += exp + scale
        if (
            abs(exp) > MAX_EXPONENT10 + 30
            or magnitude > MAX_EXPONENT10
            or (magnitude < -MAX_EXPONENT10 and set(digits) - {"0", "."})
        ):
            self.fail(
                "limit",
                f"the number `{text}` is beyond the limit of 1e±{MAX_EXPONENT10}",
                span,
                "write it in a larger or smaller unit",
            )
        value = Fraction(digits) * Fraction(10) ** (exp + scale)
        unit: t.UnitExpr | None = None
        unit_start = start + m.start("unit")
        if unit_text:
            if unit_text in _SCALE and unit_text != "B":
                self.fail(
                    "unknown-unit",
                    f"`{unit_text}` is a scale word ({_SCALE_WORDS[unit_text]}), not a unit",
                    self.index.span(unit_start, unit_start + len(unit_text)),
                    f"write `{m.group('num')}{unit_text}` with no space, or add a unit: "
                    f"`{m.group('num')} {unit_text} GPU`",
                )
            unit = parse_unit(unit_text, unit_start, self.index, self.diags)
        if m.group("dollar"):
            dollar_span = self.index.span(start, start + 1)
            usd = t.UnitFactor("USD", Fraction(1), dollar_span)
            if unit is None:
                unit = t.UnitExpr("USD", (usd,), dollar_span)
            else:
                unit = t.UnitExpr("USD*" + unit.text, (usd, *unit.factors), span)
        return t.Number(value, unit, span, text)


_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<op>[*/·×])|(?P<open>\()|(?P<close>\))|"
    r"(?P<atom>%|[A-Za-z_µ][A-Za-z0-9_µ-]*|1)(?:\^(?P<pow>[+-]?\d+))?)"
)


def parse_unit(text: str, start: int, index: LineIndex, diags: list[Diagnostic]) -> t.UnitExpr:
    """Read a unit token (`TFLOP/s/GPU`, `USD/(GPU*h)`) into factors with powers.

    `/` binds like in arithmetic: `a/b/c` is a/(b·c). The names are looked up
    later, by the unit registry.
    """
    factors: list[t.UnitFactor] = []
    pos = 0
    # Stack of (sign of the group, saved sign for the next atom)
    sign_stack: list[int] = [1]
    next_sign = 1
    group_sign = 1
    while pos < len(text):
        m = _UNIT_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        if m.group("op"):
            next_sign = -1 if m.group("op") == "/" else 1
        elif m.group("open"):
            sign_stack.append(group_sign)
            group_sign = group_sign * next_sign
            next_sign = 1
        elif m.group("close"):
            group_sign = sign_stack.pop() if len(sign_stack) > 1 else 1
            next_sign = 1
        else:
            atom = m.group("atom")
            power = Fraction(int(m.group("pow") or 1)) * group_sign * next_sign
            a_start = start + m.start("atom")
            if atom != "1":
                factors.append(t.UnitFactor(atom, power, index.span(a_start, a_start + len(atom))))
            next_sign = 1
        pos = m.end()
    return t.UnitExpr(text, tuple(factors), index.span(start, start + len(text)))
