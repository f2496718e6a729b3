"""Parse `.claim` source text into a `Module` of frozen syntax-tree nodes.

The file is cut into statements first (`split.py`) and each statement is
parsed alone, so a syntax error costs only its own statement and every error
of the file is reported in one run.

The parser is Lark's LALR parser, generated into `_generated_parser.py` from
`grammar.lark` (`python -m toulmin.dsl.generate`): nothing is loaded from a
cache at run time. The frozen nodes are built in the parser's reduce callbacks
(`_Builder`), so no intermediate parse tree is built and walked again, and a
number with its unit is lexed once: the lexer splits it into NUMBER, SCALE and
UNIT tokens and `parse_unit` only splits the unit's text into factors.

The parser does not know the built-in functions: `f(x)` is a `Call`, and the
resolver decides whether `f` is a built-in or a rule.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any, NoReturn

from toulmin.diagnostics import Diagnostic, LineIndex, Span, error
from toulmin.dsl import tree as t
from toulmin.dsl.keywords import KEYWORDS, STATEMENT_KEYWORDS
from toulmin.dsl.split import Chunk, scan_line, split_statements
from toulmin.options import DEFAULT_LIMITS, Limits

__all__ = ["KEYWORDS", "MAX_EXPONENT10", "parse_source", "parse_unit"]

# The built-in functions are the resolver's business, not the parser's; the
# name stays importable here only because toulmin/engine/resolve.py imports it
# from this module (it belongs in the engine's operator table).

MAX_EXPONENT10 = 300  # numbers beyond 1e±300 are `limit` errors

# A statement may hold at most this many operators and separators. Each costs a
# node; a 1 MiB line of `1 + 1 + ...` would take seconds and hundreds of MB to
# build, and no stage after the parser could use it (`Limits.max_terms`).
# a statement keyword with letters or digits glued on (`givenx`, `claimc:`)
#: the name a definition declares, read off a statement that did not parse
_DECLARED_NAME = re.compile(r"\s*(?:given|let|rule)\s+([A-Za-z_][A-Za-z0-9_]*)")
_GLUED_KEYWORD = re.compile(
    r"[ \t]*((" + "|".join(STATEMENT_KEYWORDS) + r")[A-Za-z0-9_][A-Za-z0-9_]*)"
)
_TERM_MARKS = "+-−*×·/÷^,([±"

# Powers of ten of the scale suffixes (written after the digits) and of the
# scale words (written after a space).
_SCALE = {"k": 3, "K": 3, "M": 6, "B": 9, "T": 12, "G": 9, "P": 15}
_SCALE_WORDS = {
    "thousand": 3,
    "million": 6,
    "billion": 9,
    "trillion": 12,
    "quadrillion": 15,
}
_SCALE_NAMES = {
    "k": "thousand",
    "K": "thousand",
    "M": "million",
    "B": "billion",
    "T": "trillion",
    "G": "billion (giga)",
    "P": "quadrillion (peta)",
}
_OPS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "·": "*", "/": "/", "÷": "/"}
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

# ---------------------------------------------------------------- the parsers


class _BuildError(Exception):
    """A statement that parsed but cannot be built (its diagnostic is already recorded)."""


@lru_cache(maxsize=1)
def _generated() -> Any:
    from toulmin.dsl import _generated_parser

    return _generated_parser


@lru_cache(maxsize=1)
def _keyword_types() -> dict[str, str]:
    """Reserved word -> its terminal name in the grammar (`to` -> `TO`)."""
    mod = _generated()
    probe = mod.Lark_StandAlone()
    words: dict[str, str] = {}
    for term in probe.terminals:
        value = getattr(term.pattern, "value", "")
        if term.pattern.type == "str" and value in KEYWORDS:
            words[value] = term.name
    return words


def _keyword_unit(tok: Any) -> Any:
    """A keyword lexed as a unit (`3 to` where `to` cannot stand) is the keyword.

    Keywords are neither names nor units (spec §2): turning the token back into
    the keyword lets the parser report it where it stands.
    """
    kind = _keyword_types().get(tok.value)
    if kind is not None:
        tok.type = kind
    return tok


class _Fallback(Exception):
    """The fast path met a syntax error: Lark's own parser runs again to describe it."""


class _Tok:
    """A token of the fast path: what the callbacks read of Lark's `Token`."""

    __slots__ = ("end_pos", "start_pos", "type", "value")

    def __init__(self, type_: str, value: str, start: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start
        self.end_pos = start + len(value)

    def __str__(self) -> str:
        return self.value


class _Reduction:
    """One grammar rule's reduce step, read off Lark's callback wrappers.

    Lark wraps each callback in a child filter (drops literal tokens, puts None
    for an absent `[optional]`) and, for `?rule`, in a step that passes a lone
    child through. The same is done here with a template of child indices
    (-1: None), and a rule that only passes one child through calls nothing.
    """

    __slots__ = ("expand1", "fn", "origin", "single", "size", "template")

    def __init__(self, rule: Any, wrapped: Any) -> None:
        mod = _generated()
        self.size = len(rule.expansion)
        self.origin: str = rule.origin.name
        self.template: list[int] | None = None
        self.expand1 = False
        fn = wrapped
        if isinstance(fn, mod.ChildFilter) and not any(item[1] for item in fn.to_include):
            template: list[int] = []
            for item in fn.to_include:
                if len(item) > 2:
                    template += [-1] * item[2]
                template.append(item[0])
            template += [-1] * getattr(fn, "append_none", 0)
            self.template = template
            fn = fn.node_builder
        # else: a rule that splices a repetition (`("," x)*`) keeps Lark's wrapper
        if isinstance(fn, mod.ExpandSingleChild):
            self.expand1 = True
            fn = fn.node_builder
        self.fn = fn
        kept = self.template if self.template is not None else list(range(self.size))
        # `?sum: product` and the like: the value is the one child, as is
        self.single = kept[0] if self.expand1 and len(kept) == 1 and kept[0] >= 0 else -1


class _Parsers:
    """The generated LALR parser with the node-building callbacks, made once.

    `parse` drives the generated tables, lexers and callbacks itself: Lark's
    driver spends more per token on bookkeeping (line counting, token objects,
    a parser-state object per statement) than the callbacks spend on building
    nodes. It follows Lark's driver step by step (contextual lexer: the lexer
    of the state on top of the stack), and when it meets an error it hands
    the statement to Lark's own driver, which raises the exception that the
    messages are made from.

    The callbacks keep per-statement state (offset, line index, diagnostics),
    so one statement is parsed at a time (`lock`).
    """

    def __init__(self) -> None:
        mod = _generated()
        self.builder = _Builder()
        self.parser = mod.Lark_StandAlone(
            transformer=self.builder, lexer_callbacks={"UNIT": _keyword_unit}
        )
        self.lock = threading.Lock()
        self.shift = mod.Shift
        lalr = self.parser.parser.parser  # ParsingFrontend -> LALR_Parser
        self.table = lalr._parse_table
        self.callbacks = lalr.parser.callbacks
        self.lark_lexers = self.parser.parser.lexer.lexers
        self.lexers: dict[int, tuple[Any, dict[str, Any]]] = {}
        # What the grammar ignores (%ignore), as one atomic prefix: an atomic
        # group never gives back a comment's characters to a token.
        ignored = [
            t.pattern.to_regexp()
            for t in self.parser.terminals
            if t.name in self.parser.lexer_conf.ignore
        ]
        self.skip = "(?>(?:" + "|".join(ignored) + ")*)"
        self.blank = re.compile(self.skip)
        # state -> terminal or rule name -> (shift?, next state | reduction)
        self.actions: dict[int, dict[str, tuple[bool, Any]]] = {}
        reductions: dict[Any, _Reduction] = {}
        for state, row in self.table.states.items():
            out: dict[str, tuple[bool, Any]] = {}
            for name, (action, arg) in row.items():
                if action is self.shift:
                    out[name] = (True, arg)
                else:
                    red = reductions.get(arg)
                    if red is None:
                        red = reductions[arg] = _Reduction(arg, self.callbacks[arg])
                    out[name] = (False, red)
            self.actions[state] = out

    def _lexer(self, state: int) -> tuple[Any, dict[str, Any]]:
        """The state's lexer: (patterns that skip what is ignored, then match a token;
        the keyword callbacks). Lark's own lexer matches whitespace as a token of its
        own; skipping it inside the token's pattern halves the matches."""
        lexer = self.lark_lexers[state]
        scanner = lexer.scanner  # built on first use, with the keyword callbacks
        skip = self.skip
        patterns = tuple(re.compile(skip + "(?:" + mre.pattern + ")") for mre in scanner._mres)
        entry = (patterns, dict(lexer.callback))
        self.lexers[state] = entry
        return entry

    def parse(self, text: str, start: str) -> Any:
        """Parse one statement; raises `_Fallback` where Lark's parser would raise."""
        actions = self.actions
        end_state = self.table.end_states[start]
        state_stack = [self.table.start_states[start]]
        value_stack: list[Any] = []
        lexers = self.lexers
        pos = 0
        n = len(text)
        while True:
            tok: Any = None
            if pos < n:
                state = state_stack[-1]
                lexer = lexers.get(state) or self._lexer(state)
                for mre in lexer[0]:
                    m = mre.match(text, pos)
                    if m:
                        type_ = m.lastgroup
                        tok = _Tok(type_, m.group(type_), m.start(type_))
                        pos = m.end()
                        callback = lexer[1].get(type_)
                        if callback is not None:
                            tok = callback(tok)
                        break
                else:
                    if not self.blank.fullmatch(text, pos):
                        raise _Fallback
                    pos = n
            at_end = tok is None
            type_ = "$END" if at_end else tok.type
            while True:
                try:
                    is_shift, arg = actions[state_stack[-1]][type_]
                except KeyError:
                    raise _Fallback from None
                if is_shift:
                    if at_end:
                        raise _Fallback
                    state_stack.append(arg)
                    value_stack.append(tok)
                    break
                size = arg.size
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                if arg.single >= 0:
                    value = children[arg.single]
                else:
                    template = arg.template
                    if template is not None:
                        children = [children[i] if i >= 0 else None for i in template]
                    if arg.expand1 and len(children) == 1:
                        value = children[0]
                    else:
                        value = arg.fn(children)
                value_stack.append(value)
                state_stack.append(actions[state_stack[-1]][arg.origin][1])
                if at_end and state_stack[-1] == end_state:
                    return value_stack[-1]


@lru_cache(maxsize=1)
def _parsers() -> _Parsers:
    return _Parsers()


# ---------------------------------------------------------------- entry point


def parse_source(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> t.Module:
    """Parse a whole file's text within `limits`. Never raises on bad input.

    A UTF-8 byte-order mark is dropped, and a lone CR ends a line like LF (it
    is rewritten to LF, which keeps every offset); `Module.text` is the text
    the spans point into.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = re.sub(r"\r(?!\n)", "\n", text)
    index = LineIndex(text, file)
    diags: list[Diagnostic] = []
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_file_bytes:
        diags.append(
            error(
                "limit",
                f"file is larger than {limits.max_file_bytes // 1024} KiB",
                index.span(0, 0),
                "split the argument into files joined by `use`",
            )
        )
        return t.Module(file, text, (), tuple(diags))
    statements: list[t.Statement] = []
    broken: list[str] = []
    parsers = _parsers()
    # The tree is acyclic and freed by reference counting; the cycle collector
    # would only walk the growing tree again and again (a quarter of the time
    # of a 10,000-statement file), so it waits until the file is parsed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with parsers.lock:
            for chunk in split_statements(text):
                if chunk.text.startswith("scenario") and _first_word(chunk.text) == "scenario":
                    stmt = _parse_scenario(chunk, index, diags, parsers, limits)
                else:
                    stmt = _parse_chunk(chunk, "start", index, diags, parsers, limits)
                if stmt is not None:
                    statements.append(stmt)
                elif (declared := _DECLARED_NAME.match(chunk.text)) is not None:
                    broken.append(declared.group(1))
    finally:
        if collecting:
            gc.enable()
    return t.Module(file, text, tuple(statements), tuple(diags), tuple(broken))


def _first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""


def _parse_scenario(
    chunk: Chunk,
    index: LineIndex,
    diags: list[Diagnostic],
    parsers: _Parsers,
    limits: Limits = DEFAULT_LIMITS,
) -> t.Scenario | None:
    """A scenario block: the header line, then each indented line on its own.

    The lines are parsed apart because `a = 3` followed by `b = 4` would
    otherwise read `b` as the unit of 3.
    """
    pieces: list[Chunk] = []
    offset = chunk.start
    depth = 0
    for raw in chunk.text.split("\n"):
        line = raw.rstrip("\r")
        new_depth, has_code = scan_line(line, depth)
        if has_code:
            if pieces and depth > 0:
                # an open bracket continues the line before
                last = pieces[-1]
                stop = offset - chunk.start + len(line)
                pieces[-1] = Chunk(last.start, chunk.text[last.start - chunk.start : stop])
            else:
                pieces.append(Chunk(offset, line))
            depth = new_depth
        offset += len(raw) + 1
    header = _parse_chunk(pieces[0], "start", index, diags, parsers, limits)
    items: list[t.ScenarioItem] = []
    for piece in pieces[1:]:
        item = _parse_chunk(piece, "scenario_item", index, diags, parsers, limits)
        if isinstance(item, t.ScenarioItem):
            items.append(item)
    if not isinstance(header, t.Scenario):
        return None
    span = header.span if not items else index.span(header.span.start, items[-1].span.end)
    return t.Scenario(header.name, header.title, header.refs, tuple(items), span, header.name_span)


def _parse_chunk(
    chunk: Chunk,
    start: str,
    index: LineIndex,
    diags: list[Diagnostic],
    parsers: _Parsers,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    from toulmin.dsl._generated_parser import LarkError, UnexpectedInput

    text = chunk.text
    glued = _GLUED_KEYWORD.match(text)
    if glued is not None:
        # the lexer would read `givenx = 3` as `given x = 3`: a keyword ends at a word's end
        word, keyword = glued.group(1), glued.group(2)
        start_at = chunk.start + glued.start(1)
        diags.append(
            error(
                "syntax",
                f"`{word}` is not a statement keyword",
                index.span(start_at, start_at + len(word)),
                f"put a space after `{keyword}`: `{keyword} {word[len(keyword) :]}`",
            )
        )
        return None
    if len(text) > limits.max_terms:
        terms = sum(text.count(c) for c in _TERM_MARKS)
        if terms > limits.max_terms:
            diags.append(
                error(
                    "limit",
                    f"statement has more than {limits.max_terms} terms (operators and separators)",
                    index.span(chunk.start, chunk.start + min(len(text), 40)),
                    "name intermediate results with `let`",
                )
            )
            return None
    bound = _nesting_bound(text, limits.max_depth)

    def first_line() -> Span:
        return index.span(chunk.start, chunk.start + len(text.split("\n", 1)[0]))

    if bound > limits.max_depth and _bracket_depth(text) > limits.max_depth:
        diags.append(_too_deep(_bracket_depth(text), first_line(), limits.max_depth))
        return None
    builder = parsers.builder
    builder.reset(chunk.start, index, diags, len(text))
    try:
        try:
            stmt = parsers.parse(text, start)
        except _Fallback:
            # Lark's own driver raises the exception the message is made from (it
            # runs the same reductions, so the callbacks fail the same way)
            stmt = parsers.parser.parse(text, start=start)
    except _BuildError:
        return None
    except UnexpectedInput as exc:
        diags.append(_syntax_diagnostic(exc, chunk, start, index, parsers))
        return None
    except (LarkError, RecursionError) as exc:  # defensive: a parser failure is still a diagnostic
        diags.append(
            error(
                "syntax",
                f"cannot parse this statement ({type(exc).__name__})",
                index.span(chunk.start, chunk.start + len(text)),
            )
        )
        return None
    if bound > limits.max_depth:
        depth = _tree_depth(stmt)
        if depth > limits.max_depth:
            diags.append(_too_deep(depth, first_line(), limits.max_depth))
            return None
    return stmt


def _too_deep(depth: int, span: Span, limit: int) -> Diagnostic:
    return error(
        "limit",
        f"expression nested {depth} deep (the limit is {limit})",
        span,
        "name intermediate results with `let`",
    )


# ---------------------------------------------------------------- nesting depth
#
# Nesting is what recursion in later stages follows: brackets, calls, unary
# signs and the right operand of `^`. A flat sum of 300 terms is not nested.
# The parser itself never recurses; the depth is measured only when a cheap
# upper bound from the text exceeds the limit.


def _bracket_depth(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "([":
            depth += 1
            if depth > best:
                best = depth
        elif ch in ")]":
            depth -= 1
    return best


def _nesting_bound(text: str, limit: int) -> int:
    """An upper bound of the nesting depth of any expression in `text` (0 when it is
    certainly within `limit`)."""
    if len(text) <= limit:
        return 0  # each level of nesting takes a character
    signs = text.count("-") + text.count("−") + text.count("+") + text.count("^")
    if signs + text.count("(") + text.count("[") <= limit:
        return 0
    return _bracket_depth(text) + signs


def _tree_depth(root: Any) -> int:
    """The nesting depth of the expressions under `root`, without recursion."""
    best = 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        best = max(best, depth)
        if isinstance(node, t.BinOp):
            stack.append((node.left, depth))
            stack.append((node.right, depth + 1 if node.op == "^" else depth))
        elif isinstance(node, t.Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, t.Call):
            stack.extend((a, depth + 1) for a in node.args)
        elif isinstance(node, (t.Number, t.Name, t.UnitExpr)) or node is None:
            continue
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                value = getattr(node, name)
                if isinstance(value, tuple):
                    stack.extend((v, depth) for v in value)
                elif hasattr(value, "__dataclass_fields__") and not isinstance(value, Span):
                    stack.append((value, depth))
    return best


# ---------------------------------------------------------------- syntax errors

# Friendly messages for common mistakes; Lark matches a failing statement
# against these by parser state (`match_examples`).
_EXAMPLES: dict[str, list[str]] = {
    "a `given` needs `=` before its value: `given NAME = VALUE`": [
        "given x 3",
        "given x 3 GPU",
        "given x: GPU 3",
    ],
    "a `let` needs `=` before its expression: `let NAME = EXPR` (a distribution is a "
    "`given NAME ~ DIST`)": [
        "let x 3",
        "let x ~ 2",
        "let x: GPU 3",
    ],
    "a claim needs an id and a colon: `claim ID: LEFT OP RIGHT`": [
        "claim x = 3",
        "claim x > y",
        "claim = 3",
        "claim 3",
    ],
    # `claim c, likely: x > 1`: the qualifier written before the colon
    "a qualifier comes last: `claim ID: LEFT OP RIGHT, likely`": [
        "claim c, likely: x > 1",
    ],
    "a claim compares two sides with one of = ≈ < <= > >= != or `in`": [
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
    "a statement starts with one of: " + ", ".join(STATEMENT_KEYWORDS): [
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
    "a qualifier is one of: virtually certain, very likely, likely, as likely as not, "
    "unlikely, very unlikely, exceptionally unlikely, with probability >= P %": [
        "claim c: x > 1, probably",
        "claim c: x > 1, very",
        "claim c: x > 1, with",
        "claim c: x > 1, with probability",
    ],
    "`within` takes a tolerance: `within 2 %`, `within 1 pp`, `within factor 3` "
    "or an amount in the claim's unit": ["claim c: x ≈ 1 within", "claim c: x ≈ 1 within factor"],
}

# What each terminal of the grammar is, in the words of the language (spec §6:
# messages never name grammar tokens). Terminals written as literals in the
# grammar are shown as themselves.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": "a string",
    "UNIT": "a unit",
    "SCALE": "a scale word",
    "$END": "the end of the statement",
    "<END-OF-FILE>": "the end of the statement",
    "PLUSMINUS": "`±`",
    "MINUS": "`-`",
    "TIMES": "`*`",
    "DIVIDE": "`/`",
    "POW": "`^`",
}
_CMP_WORDS = {"=", "==", "≈", "~", "~=", "<", "<=", ">", ">=", "!=", "≤", "≥", "≠"}


@lru_cache(maxsize=1)
def _literal_terminals() -> dict[str, str]:
    """Terminal name -> its literal text, for terminals written as strings."""
    out: dict[str, str] = {}
    for term in _parsers().parser.terminals:
        if term.pattern.type == "str":
            out[term.name] = term.pattern.value
    return out


def describe_expected(expected: set[str], open_bracket: bool = True) -> str:
    """Words for a set of terminal names: "a name, a number or `(`". `open_bracket`: a
    `(` is open where the error is (else `)` is never what is missing)."""
    literals = _literal_terminals()
    words: list[str] = []
    rest = set(expected)
    if {"NAME", "NUMBER", "LPAR"} <= rest:
        words.append("an expression (a number, a name or `(`)")
        rest -= {"NAME", "NUMBER", "LPAR", "MINUS", "PLUS"}
    cmps = {e for e in rest if literals.get(e) in _CMP_WORDS}
    if any(literals.get(e) == "≈" for e in cmps):
        words.append("a comparison (= ≈ < <= > >= !=)")
        rest -= cmps
    elif len(cmps) > 2:  # after a given's name: `=`, `~` or a bound
        words.append("`=`, `~` or a bound (`>=`, `>`, `<=`, `<`)")
        rest -= cmps
    operators = {e for e in rest if e in ("TIMES", "DIVIDE", "POW") or literals.get(e) == "+"}
    if len(operators) >= 2:
        # after a value: a list of every token that may follow (`)`, `,`, `[`, `±`, a
        # string …) is a grammar dump; say what the author most likely left out
        words.append("an operator (`+ - * / ^`)")
        rest = {
            e for e in rest if e == "UNIT" or (open_bracket and literals.get(e, e) in (")", "RPAR"))
        }
    tail: list[str] = []
    for e in rest:
        if e in _TERMINAL_WORDS:
            tail.append(_TERMINAL_WORDS[e])
        elif e in literals:
            tail.append(f"`{literals[e]}`")
        # a terminal with no words (none today) is left out rather than named
    words = list(dict.fromkeys(words + sorted(tail, key=lambda w: (w.startswith("`"), w))))
    if not words:
        return "something else"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@lru_cache(maxsize=1)
def _example_errors() -> list[tuple[str, Any]]:
    """Each example of `_EXAMPLES` with the exception it raises, computed once."""
    from toulmin.dsl._generated_parser import UnexpectedInput

    parsers = _parsers()
    builder = parsers.builder
    saved = (builder.offset, builder.index, builder.diags)
    out: list[tuple[str, Any]] = []
    try:
        for label, examples in _EXAMPLES.items():
            for example in examples:
                # the examples' nodes are built and dropped; what a callback reports goes
                # nowhere
                builder.reset(0, LineIndex(example, "<example>"), [])
                try:
                    parsers.parser.parse(example, start="start")
                except UnexpectedInput as exc:
                    out.append((label, exc))
                except _BuildError:
                    pass
    finally:
        builder.reset(*saved)
    return out


def _match_example(exc: Any) -> str | None:
    """The label of the example that fails like `exc` (Lark's `match_examples`, with
    the examples' errors computed once instead of re-parsing them at every error)."""
    from toulmin.dsl._generated_parser import UnexpectedEOF, UnexpectedToken

    if getattr(exc, "state", None) is None:
        return None
    candidate: str | None = None
    for label, ut in _example_errors():
        if ut.state != exc.state:
            continue
        if (
            isinstance(exc, UnexpectedToken)
            and isinstance(ut, UnexpectedToken)
            and ut.accepts != exc.accepts
        ):
            continue
        if (
            isinstance(exc, (UnexpectedToken, UnexpectedEOF))
            and isinstance(ut, (UnexpectedToken, UnexpectedEOF))
            and ut.token == exc.token
        ):
            return label
        if candidate is None:
            candidate = label
    return candidate


def _syntax_diagnostic(
    exc: Any, chunk: Chunk, start: str, index: LineIndex, parsers: _Parsers
) -> Diagnostic:
    from toulmin.dsl._generated_parser import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    text = chunk.text
    pos = getattr(exc, "pos_in_stream", None)
    token = getattr(exc, "token", None)
    at_end = isinstance(exc, UnexpectedEOF) or (token is not None and token.type == "$END")
    if at_end or pos is None:
        pos = len(text.rstrip())
    begin = chunk.start + pos
    width = 1
    found = ""
    if isinstance(exc, UnexpectedToken) and not at_end:
        width = max(1, len(str(token)))
        shown = str(token) if width <= 40 else str(token)[:40] + "…"
        found = f"`{shown}`"
    elif isinstance(exc, UnexpectedCharacters):
        ch = text[pos : pos + 1]
        if ch == '"':
            return error(
                "syntax",
                "unterminated string",
                index.span(begin, begin + 1),
                'close the string with `"` on the same line',
            )
        found = f"`{ch}`" if ch.isprintable() and not ch.isspace() else f"character U+{ord(ch):04X}"
    elif at_end:
        found = "end of the statement"
    span = index.span(begin, begin + width)
    label = None
    if isinstance(exc, UnexpectedToken) and token is not None and token.type in ("TO", "PLUSMINUS"):
        return _range_misplaced(str(token), text[:pos], span)
    if start == "start":
        label = _match_example(exc)
    expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or set()
    before = text[:pos]
    inside = before.count("(") > before.count(")")  # a `(` still open where it went wrong
    fallback = f"expected {describe_expected(set(expected), inside)}" if expected else None
    if label:
        message = f"unexpected {found}: {label}" if found else label
        hint = fallback
    else:
        message = f"unexpected {found or 'input'}" + (f"; {fallback}" if fallback else "")
        hint = None
    return error("syntax", message, span, hint)


def _range_misplaced(word: str, before: str, span: Span) -> Diagnostic:
    """A `to` or `±` where no range may stand: say where a range may."""
    if _bracket_depth_at_end(before) > 0:
        return error(
            "syntax",
            f"a range (`{word}`) cannot be part of an expression",
            span,
            "give the range a name and use the name: `given r = 2e29 FLOP ± 50 %`, then `r * 2`",
        )
    return error(
        "syntax",
        f"a range (`{word}`) stands only as a given's value, a scenario line's value "
        "or after a claim's `in`",
        span,
        "`given x = 1 to 2`, `claim c: x in 1 to 2`; a `let` or a side of a comparison "
        "is one expression",
    )


def _bracket_depth_at_end(text: str) -> int:
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    return depth


# ---------------------------------------------------------------- units


@lru_cache(maxsize=4096)
def _unit_factors(text: str) -> tuple[tuple[str, Fraction, int, int], ...]:
    """The factors of a unit's text: (name, power, start, end) relative to the text."""
    factors: list[tuple[str, Fraction, int, int]] = []
    pos = 0
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
            if atom != "1":
                factors.append((atom, power, m.start("atom"), m.start("atom") + len(atom)))
            next_sign = 1
        pos = m.end()
    return tuple(factors)


_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<op>[*/·×])|(?P<open>\()|(?P<close>\))|"
    r"(?P<atom>%|[A-Za-z_µ][A-Za-z0-9_µ-]*|1)(?:\^(?P<pow>[+-]?\d+))?)"
)


def parse_unit(
    text: str,
    start: int,
    index: LineIndex,
    diags: list[Diagnostic],
    span: Callable[[int, int], Span] | None = None,
) -> t.UnitExpr:
    """Read a unit token (`TFLOP/s/GPU`, `USD/(GPU*h)`) into factors with powers.

    `/` binds like in arithmetic: `a/b/c` is a/(b·c). The names are looked up
    later, by the unit registry. `diags` is kept for callers; a unit token that
    the lexer accepted always splits. `span` makes spans (default: `index.span`).
    """
    mk = span or index.span
    factors = tuple(
        t.UnitFactor(name, power, mk(start + a, start + b))
        for name, power, a, b in _unit_factors(text)
    )
    return t.UnitExpr(text, factors, mk(start, start + len(text)))


# ---------------------------------------------------------------- the callbacks


class _Refs:
    """The `[a, b]` of a statement while it is being built: refs and the `]`'s end."""

    __slots__ = ("end", "refs")

    def __init__(self, refs: tuple[t.Ref, ...], end: int) -> None:
        self.refs = refs
        self.end = end


class _Op:
    """An operator token normalised (`≤` -> `<=`) with its span."""

    __slots__ = ("op", "span")

    def __init__(self, op: str, span: Span) -> None:
        self.op = op
        self.span = span


class _Builder:
    """The LALR reduce callbacks: each rule's children become a frozen node.

    A method is named after the rule (or its `-> alias`) in grammar.lark and
    receives the rule's children: named tokens, already built nodes, and None
    for an optional part that is absent. Offsets of tokens are relative to the
    statement, spans absolute in the file.
    """

    def __init__(self) -> None:
        self.offset = 0
        self.index: LineIndex = LineIndex("", "")
        self.diags: list[Diagnostic] = []
        self.text = ""
        # id(node) -> (start, end) of the brackets around it: a node's own span
        # leaves its brackets out, but the span of what contains it takes them
        # in (the spans v1 gave, which diagnostics and goldens rely on)
        self.outer: dict[int, tuple[int, int]] = {}

    def reset(
        self, offset: int, index: LineIndex, diags: list[Diagnostic], length: int = -1
    ) -> None:
        self.offset = offset
        self.index = index
        self.diags = diags
        self.text = index.text
        self.outer = {}
        # Most statements are one line: their spans need no line search.
        self.file = index.file
        self.line, column = index.position(offset)
        self.line_start = offset - column + 1
        self.line_end = offset + length if length >= 0 else -1
        if length >= 0 and "\n" in self.text[offset : offset + length]:
            self.line_end = -1

    def span(self, start: int, end: int) -> Span:
        """`LineIndex.span`, without the line search inside a one-line statement."""
        if self.line_start <= start <= end <= self.line_end:
            span = object.__new__(Span)
            # a frozen dataclass: fill its fields directly (the hot path of parsing)
            span.__dict__.update(
                file=self.file,
                line=self.line,
                column=start - self.line_start + 1,
                end_line=self.line,
                end_column=end - self.line_start + 1,
                start=start,
                end=end,
            )
            return span
        return self.index.span(start, end)

    # -- helpers
    def tspan(self, tok: Any) -> Span:
        return self.span(self.offset + tok.start_pos, self.offset + tok.end_pos)

    def start_of(self, x: Any) -> int:
        if hasattr(x, "span"):
            if self.outer:
                brackets = self.outer.get(id(x))
                if brackets is not None:
                    return brackets[0]
            return int(x.span.start)
        return int(self.offset + x.start_pos)

    def end_of(self, x: Any) -> int:
        if isinstance(x, _Refs):
            return x.end
        if hasattr(x, "span"):
            if self.outer:
                brackets = self.outer.get(id(x))
                if brackets is not None:
                    return brackets[1]
            return int(x.span.end)
        return int(self.offset + x.end_pos)

    def cover(self, first: Any, children: Sequence[Any]) -> Span:
        """From `first` to the end of the last child present."""
        for last in reversed(children):
            if last is not None:
                return self.span(self.start_of(first), self.end_of(last))
        return self.span(self.start_of(first), self.end_of(first))

    def fail(self, code: str, message: str, span: Span, hint: str | None = None) -> NoReturn:
        self.diags.append(error(code, message, span, hint))
        raise _BuildError

    def name(self, tok: Any) -> str:
        text = str(tok)
        parts = text.split(".") if "." in text else (text,)
        for part in parts:
            if part in KEYWORDS:
                self.fail(
                    "syntax",
                    f"`{part}` is a keyword and cannot be used as a name",
                    self.tspan(tok),
                    f"rename it, e.g. `{part}_`",
                )
        return text

    @staticmethod
    def string(tok: Any) -> str:
        raw = str(tok)[1:-1]
        return re.sub(r"\\(.)", r"\1", raw) if "\\" in raw else raw

    def quote(self, tok: Any) -> str | None:
        return self.string(tok) if tok is not None else None

    @staticmethod
    def refs_of(node: _Refs | None) -> tuple[t.Ref, ...]:
        return node.refs if node is not None else ()

    # -- statements
    def start(self, ch: list[Any]) -> Any:
        return ch[0]

    def argument(self, ch: list[Any]) -> t.Argument:
        kw, title, author, refs = ch
        return t.Argument(
            self.string(title), self.string(author), self.refs_of(refs), self.cover(kw, ch)
        )

    def source(self, ch: list[Any]) -> t.Source:
        kw, name, title, url = ch
        return t.Source(
            self.name(name),
            self.string(title),
            self.string(url) if url is not None else None,
            self.cover(kw, ch),
            self.tspan(name),
        )

    def use(self, ch: list[Any]) -> t.Use:
        kw, path, prefix = ch
        return t.Use(
            self.string(path),
            self.name(prefix) if prefix is not None else None,
            self.cover(kw, ch),
            self.tspan(path),
        )

    def unit_decl(self, ch: list[Any]) -> t.UnitDecl:
        kw, name, value = ch
        return t.UnitDecl(self.name(name), value, self.cover(kw, ch), self.tspan(name))

    def given(self, ch: list[Any]) -> t.Given:
        kw, name, ann, premise, refs, quote = ch
        return t.Given(
            self.name(name),
            ann,
            premise,
            self.refs_of(refs),
            self.quote(quote),
            self.cover(kw, ch),
            self.tspan(name),
        )

    def let(self, ch: list[Any]) -> t.Let:
        kw, name, ann, expr, refs, quote = ch
        return t.Let(
            self.name(name),
            ann,
            expr,
            self.refs_of(refs),
            self.quote(quote),
            self.cover(kw, ch),
            self.tspan(name),
        )

    def rule(self, ch: list[Any]) -> t.Rule:
        kw, name, _lpar, params, _rpar, expr, refs, _quote = ch
        return t.Rule(
            self.name(name),
            tuple(params) if params is not None else (),
            expr,
            self.refs_of(refs),
            self.cover(kw, ch),
            self.tspan(name),
        )

    def params(self, ch: list[Any]) -> list[t.Param]:
        return ch

    def param(self, ch: list[Any]) -> t.Param:
        name, ann = ch
        return t.Param(self.name(name), ann, self.cover(name, ch))

    def claim(self, ch: list[Any]) -> t.Claim:
        kw, cid, lhs, op, rhs, within, qualifier, refs, quote = ch
        return t.Claim(
            self.name(cid),
            lhs,
            op.op,
            rhs,
            within.amount if within is not None else None,
            self.refs_of(refs),
            self.quote(quote),
            self.cover(kw, ch),
            self.tspan(cid),
            op.span,
            within,
            qualifier,
        )

    def claim_in(self, ch: list[Any]) -> t.Claim:
        kw, cid, lhs, in_tok, rng, qualifier, refs, quote = ch
        return t.Claim(
            self.name(cid),
            lhs,
            "in",
            rng,
            None,
            self.refs_of(refs),
            self.quote(quote),
            self.cover(kw, ch),
            self.tspan(cid),
            self.tspan(in_tok),
            None,
            qualifier,
        )

    def scenario(self, ch: list[Any]) -> t.Scenario:
        kw, name, title, refs = ch
        return t.Scenario(
            self.name(name),
            self.quote(title),
            self.refs_of(refs),
            (),
            self.cover(kw, ch),
            self.tspan(name),
        )

    def scenario_item(self, ch: list[Any]) -> t.ScenarioItem:
        name, premise = ch
        return t.ScenarioItem(self.name(name), premise, self.cover(name, ch), self.tspan(name))

    # -- premises
    def premise_value(self, ch: list[Any]) -> t.Value:
        return ch[1]

    def premise_bound(self, ch: list[Any]) -> t.Bound:
        op, value = ch
        return t.Bound(op.op, value, self.span(op.span.start, self.end_of(value)), op.span)

    def premise_dist(self, ch: list[Any]) -> t.Distribution:
        tilde, expr = ch
        span = self.span(self.start_of(tilde), self.end_of(expr))
        forms = "`A to B`, " + ", ".join(
            f"`{k}({', '.join(_DIST_PARAMS[k])})`" for k in t.DISTRIBUTIONS if k != "to"
        )
        if not isinstance(expr, t.Call) or expr.func not in t.DISTRIBUTIONS:
            self.fail(
                "syntax",
                "`~` needs a distribution",
                expr.span,
                f"write one of {forms}",
            )
        want = t.DISTRIBUTIONS[expr.func]
        if len(expr.args) != want:
            self.fail(
                "syntax",
                f"`{expr.func}` takes {want} arguments, not {len(expr.args)}",
                expr.span,
                f"write `{expr.func}({', '.join(_DIST_PARAMS[expr.func])})`",
            )
        return t.Distribution(expr.func, expr.args, span, expr.name_span)

    def premise_dist_to(self, ch: list[Any]) -> t.Distribution:
        tilde, low, high = ch
        low = _share_unit(low, high)
        span = self.span(self.start_of(tilde), self.end_of(high))
        form = self.span(self.start_of(low), self.end_of(high))
        return t.Distribution("to", (low, high), span, form)

    # -- claims' parts
    def cmp_op(self, ch: list[Any]) -> _Op:
        tok = ch[0]
        return _Op(_CMP[str(tok)], self.tspan(tok))

    bound_op = cmp_op

    def tolerance(self, ch: list[Any]) -> t.Tolerance:
        kw, amount = ch
        kind = "absolute"
        if isinstance(amount, t.Number) and amount.unit is not None:
            kind = {"%": "relative", "pp": "points"}.get(amount.unit.text, "absolute")
        return t.Tolerance(kind, amount, self.cover(kw, ch))

    def tolerance_factor(self, ch: list[Any]) -> t.Tolerance:
        kw, _factor, amount = ch
        return t.Tolerance("factor", amount, self.cover(kw, ch))

    def qualifier(self, ch: list[Any]) -> t.Qualifier:
        _comma, (words, span) = ch
        return t.Qualifier(words, None, None, span)

    def qualifier_probability(self, ch: list[Any]) -> t.Qualifier:
        # `with` and `probability` are dropped literals: the span starts at the
        # word after the comma
        comma, op, value = ch
        start = self.end_of(comma)
        while self.text[start].isspace():
            start += 1
        return t.Qualifier("with probability", op.op, value, self.span(start, self.end_of(value)))

    def likelihood(self, ch: list[Any]) -> tuple[str, Span]:
        words = " ".join(str(tok) for tok in ch)
        return words, self.span(self.start_of(ch[0]), self.end_of(ch[-1]))

    def annotation(self, ch: list[Any]) -> t.UnitExpr:
        tok = ch[0]
        return parse_unit(str(tok), self.offset + tok.start_pos, self.index, self.diags, self.span)

    def refs(self, ch: list[Any]) -> _Refs:
        refs = tuple(t.Ref(str(tok), self.tspan(tok)) for tok in ch[:-1])
        return _Refs(refs, self.end_of(ch[-1]))

    # -- values
    def value(self, ch: list[Any]) -> Any:
        return ch[0]

    def range_to(self, ch: list[Any]) -> t.Range:
        low, high = ch
        # `15 to 25 %`: a unit on the right end only applies to both ends
        low = _share_unit(low, high)
        return t.Range(low, high, "to", self.span(self.start_of(low), self.end_of(high)))

    def range_pm(self, ch: list[Any]) -> t.Range:
        center, pm, delta = ch
        center = _share_unit(center, delta)
        span = self.span(self.start_of(center), self.end_of(delta))
        pm_span = self.tspan(pm)
        low = t.BinOp("-", center, delta, span, pm_span)
        high = t.BinOp("+", center, delta, span, pm_span)
        return t.Range(low, high, "±", span, center, delta)

    # -- expressions
    def _binop(self, op: str, ch: list[Any]) -> t.BinOp:
        left, tok, right = ch
        return t.BinOp(
            op, left, right, self.span(self.start_of(left), self.end_of(right)), self.tspan(tok)
        )

    def add(self, ch: list[Any]) -> t.BinOp:
        return self._binop("+", ch)

    def sub(self, ch: list[Any]) -> t.BinOp:
        return self._binop("-", ch)

    def mul(self, ch: list[Any]) -> t.BinOp:
        return self._binop("*", ch)

    def div(self, ch: list[Any]) -> t.BinOp:
        return self._binop("/", ch)

    def pow(self, ch: list[Any]) -> t.BinOp:
        return self._binop("^", ch)

    def neg(self, ch: list[Any]) -> t.Neg:
        tok, operand = ch
        return t.Neg(operand, self.span(self.offset + tok.start_pos, self.end_of(operand)))

    def pos(self, ch: list[Any]) -> Any:
        return ch[1]  # unary plus is no node: `+x` is `x`

    def variable(self, ch: list[Any]) -> t.Name:
        tok = ch[0]
        return t.Name(self.name(tok), self.tspan(tok))

    def call(self, ch: list[Any]) -> t.Call:
        tok, _lpar, args, rpar = ch
        return t.Call(
            self.name(tok),
            tuple(args) if args is not None else (),
            self.span(self.offset + tok.start_pos, self.offset + rpar.end_pos),
            self.tspan(tok),
        )

    def args(self, ch: list[Any]) -> list[Any]:
        return ch

    def group(self, ch: list[Any]) -> Any:
        lpar, inner, rpar = ch
        self.outer[id(inner)] = (self.offset + lpar.start_pos, self.offset + rpar.end_pos)
        return inner

    def number(self, ch: list[Any]) -> t.Number:
        num, scale, unit_tok = ch
        last = unit_tok if unit_tok is not None else scale if scale is not None else num
        start = self.offset + num.start_pos
        end = self.offset + last.end_pos
        text = self.text[start:end]
        span = self.span(start, end)
        value = self._number_value(str(num), scale, text, span)
        unit: t.UnitExpr | None = None
        if unit_tok is not None:
            unit_text = str(unit_tok)
            unit_start = self.offset + unit_tok.start_pos
            if unit_text in _SCALE and unit_text != "B":
                digits = str(num)
                self.fail(
                    "unknown-unit",
                    f"`{unit_text}` is a scale word ({_SCALE_NAMES[unit_text]}), not a unit",
                    self.span(unit_start, unit_start + len(unit_text)),
                    f"write `{digits}{unit_text}` with no space, or add a unit: "
                    f"`{digits} {unit_text} GPU`",
                )
            unit = parse_unit(unit_text, unit_start, self.index, self.diags, self.span)
        if num.value[0] == "$":
            dollar_span = self.span(start, start + 1)
            usd = t.UnitFactor("USD", Fraction(1), dollar_span)
            if unit is None:
                unit = t.UnitExpr("USD", (usd,), dollar_span)
            else:
                unit = t.UnitExpr("USD*" + unit.text, (usd, *unit.factors), span)
        return t.Number(value, unit, span, text)

    def _number_value(self, num: str, scale_tok: Any, text: str, span: Span) -> Fraction:
        """The exact value of a NUMBER token and its scale (the lexer checked its shape)."""
        body = num[1:] if num[0] == "$" else num
        scale = 0
        if body[-1] in _SCALE:
            scale = _SCALE[body[-1]]
            body = body[:-1]
        if scale_tok is not None:
            word = str(scale_tok)
            scale += _SCALE_WORDS.get(word) or _SCALE[word]
        exp_text = ""
        for mark in ("e", "E"):
            if mark in body:
                body, exp_text = body.split(mark, 1)
                break
        digits = body.replace("_", "") if "_" in body else body
        exp = (int(exp_text) if len(exp_text) < 8 else 10**6) if exp_text else 0
        int_part, _, frac_part = digits.partition(".")
        int_digits = len(int_part.lstrip("0"))
        magnitude = int_digits - 1 if int_digits else -len(frac_part)
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
        value = _decimal(digits)
        power = exp + scale
        if power:
            value *= Fraction(10) ** power
        return value


_DIST_PARAMS: dict[str, tuple[str, ...]] = {
    "uniform": ("LOW", "HIGH"),
    "normal": ("MEAN", "SD"),
    "lognormal": ("LOW", "HIGH"),
    "triangular": ("LOW", "MODE", "HIGH"),
    "beta": ("ALPHA", "BETA"),
}


@lru_cache(maxsize=1024)
def _decimal(digits: str) -> Fraction:
    """A decimal's exact value (cached: files repeat their numbers)."""
    return Fraction(digits)


def _share_unit(low: Any, high: Any) -> Any:
    """`15 to 25 %`: a bare number on the left takes the unit of the right end."""
    if (
        isinstance(low, t.Number)
        and low.unit is None
        and isinstance(high, t.Number)
        and high.unit is not None
    ):
        return t.Number(low.value, high.unit, low.span, low.text)
    return low
