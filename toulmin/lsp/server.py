"""The language server: diagnostics, hover, navigation, rename, completion, inlay hints,
code actions and document symbols for `.claim` files (pygls 2.x, lsprotocol).

It runs the front end and the check through `toulmin.check` in a child process
(`worker.py`) and never evaluates text itself. Edits are debounced; a check that overruns
its budget is cancelled. Names are found through `index.py`, unsaved buffers of used
files through `overlay.py`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from toulmin.diagnostics import Diagnostic, Span
from toulmin.dsl import tree as t
from toulmin.dsl.keywords import KEYWORDS as ALL_KEYWORDS
from toulmin.dsl.keywords import STATEMENT_KEYWORDS
from toulmin.engine.ops import BUILTINS as OPS_BUILTINS
from toulmin.engine.results import ClaimResult, FileResult
from toulmin.lsp.index import Index, Occurrence, Symbol, build_index
from toulmin.lsp.worker import Outcome, Worker

#: Statement keywords first (offered at the start of a line), then the others.
KEYWORDS = (
    *STATEMENT_KEYWORDS,
    *sorted(ALL_KEYWORDS - set(STATEMENT_KEYWORDS)),
    "factor",
)
BUILTINS = tuple(sorted(OPS_BUILTINS))
#: Units offered after a number, most used first (any registry unit is accepted).
COMMON_UNITS = (
    "%",
    "x",
    "GPU",
    "token",
    "param",
    "USD",
    "FLOP",
    "TFLOP/s",
    "TFLOP/s/GPU",
    "PFLOP",
    "FLOP/s",
    "GPU*h",
    "USD/GPU/h",
    "B",
    "GB",
    "TB",
    "GiB",
    "GB/s",
    "TB/s",
    "b",
    "Gb/s",
    "W",
    "kW",
    "MW",
    "J",
    "kWh",
    "MWh",
    "s",
    "ms",
    "min",
    "h",
    "day",
    "week",
    "year",
    "Hz",
    "GHz",
    "m",
    "km",
    "g",
    "kg",
    "V",
    "A",
    "pp",
    "ppm",
    "L",
    "gal",
    "cent",
)
_VERDICT_MARK = {"holds": "✓", "fails": "✗", "depends": "~", "open": "?", "undecided": "…"}
_NUMBER_BEFORE = re.compile(
    r"(?:^|[^A-Za-z0-9_.])\$?\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?[kKMBTP]?"
    r"\s*(?P<unit>[A-Za-z_µ%][A-Za-z0-9_µ*/^·-]*)?$"
)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class DocState:
    """What the server knows of one open document."""

    uri: str
    path: str
    version: int | None = None
    outcome: Outcome | None = None
    index: Index | None = None
    diagnostics: list[tuple[Diagnostic, T.Diagnostic]] = field(default_factory=list)
    pending: asyncio.Task | None = None


class ClaimServer(LanguageServer):
    """A pygls server holding the open documents and the checking worker."""

    def __init__(self, budget: float, debounce: float) -> None:
        super().__init__("toulmin", "0.1.0")
        self.budget = budget
        self.debounce = debounce
        self.worker = Worker()
        self.docs: dict[str, DocState] = {}
        self.checked_versions = 0  # checks published, for tests and benchmarks

    # ------------------------------------------------------------ checking
    def schedule(self, uri: str) -> None:
        """Check `uri` after the debounce delay, replacing a check not yet started."""
        state = self.docs.get(uri)
        if state is None:
            return
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()
        state.pending = asyncio.ensure_future(self._check_later(state))

    async def _check_later(self, state: DocState) -> None:
        await asyncio.sleep(self.debounce)
        doc = self.workspace.get_text_document(state.uri)
        version, text = doc.version, doc.source
        buffers = {
            s.path: self.workspace.get_text_document(s.uri).source
            for s in self.docs.values()
            if s.uri != state.uri
        }
        loop = asyncio.get_running_loop()
        out = await loop.run_in_executor(
            None, self.worker.check, state.path, text, buffers, self.budget
        )
        if version != self.workspace.get_text_document(state.uri).version:
            return  # a newer edit has its own check coming
        if isinstance(out, str):
            self._publish(state, version, self._fallback(state, text, out))
            return
        state.outcome = out
        # Publish first: the index (for hover and navigation) is not on the latency path.
        self._publish(state, version, self._lsp_diagnostics(state, out.result))
        state.index = build_index(out.units)

    def _fallback(
        self, state: DocState, text: str, why: str
    ) -> list[tuple[Diagnostic, T.Diagnostic]]:
        """Syntax diagnostics and a note, when the check itself did not finish."""
        from toulmin.dsl.parser import parse_source

        module = parse_source(text, state.path)
        pairs = [(d, _lsp_diag(d)) for d in module.diagnostics]
        note = Diagnostic("warning", "limit", why, None)
        return [*pairs, (note, _lsp_diag(note))]

    def _publish(
        self, state: DocState, version: int | None, pairs: list[tuple[Diagnostic, T.Diagnostic]]
    ) -> None:
        state.diagnostics = pairs
        self.checked_versions += 1
        self.text_document_publish_diagnostics(
            T.PublishDiagnosticsParams(
                uri=state.uri, diagnostics=[p[1] for p in pairs], version=version
            )
        )

    def _lsp_diagnostics(
        self, state: DocState, result: FileResult
    ) -> list[tuple[Diagnostic, T.Diagnostic]]:
        assert state.outcome is not None
        files = {
            u.display: str(Path(u.path).resolve()) if u.path else u.display
            for u in state.outcome.units
        }
        first_use = next(
            (s.path_span for s in _main_statements(state) if isinstance(s, t.Use)), None
        )
        pairs = []
        for d in result.diagnostics:
            if d.span is not None and files.get(d.span.file) not in (state.path, None):
                # A problem in a used file shows at the `use` that brings it in.
                where = f"{Path(d.span.file).name}:{d.span.line}: "
                moved = Diagnostic(d.severity, d.code, where + d.message, first_use, d.hint)
                pairs.append((moved, _lsp_diag(moved)))
            else:
                pairs.append((d, _lsp_diag(d)))
        return pairs

    def recheck_users(self, path: str) -> None:
        """Re-check open documents that use `path` (its buffer changed)."""
        for s in self.docs.values():
            if s.path != path and s.outcome and path in s.outcome.result.uses:
                self.schedule(s.uri)

    # ------------------------------------------------------------ lookup
    def occurrence(self, uri: str, pos: T.Position) -> tuple[DocState, Occurrence] | None:
        state = self.docs.get(uri)
        if state is None or state.index is None:
            return None
        text = state.index.texts.get(state.path, "")
        occ = state.index.at(state.path, _offset(text, pos))
        return (state, occ) if occ else None

    def all_sites(self, state: DocState, key: str) -> dict[str, list[Span]]:
        """Every site of a symbol, in every open document's view of it, by file."""
        assert state.index is not None
        sym = state.index.defs.get(key)
        out: dict[str, dict[int, Span]] = {}
        indexes = [state.index] + [
            s.index for s in self.docs.values() if s.index is not None and s is not state
        ]
        for index in indexes:
            keys = [key]
            if sym is not None:
                keys = [
                    k for k, d in index.defs.items() if d.site == sym.site and d.kind == sym.kind
                ]
            for k in keys:
                for site in index.references(k):
                    out.setdefault(site.file, {})[site.span.start] = site.span
        return {f: sorted(v.values(), key=lambda s: s.start) for f, v in out.items()}


def _main_statements(state: DocState) -> tuple:
    if state.outcome is None or not state.outcome.units:
        return ()
    return state.outcome.units[0].module.statements


def _offset(text: str, pos: T.Position) -> int:
    lines = text.split("\n")
    line = min(pos.line, len(lines))
    return sum(len(x) + 1 for x in lines[:line]) + pos.character


def _range(span: Span | None) -> T.Range:
    if span is None:
        return T.Range(T.Position(0, 0), T.Position(0, 0))
    return T.Range(
        T.Position(span.line - 1, span.column - 1),
        T.Position(span.end_line - 1, span.end_column - 1),
    )


def _lsp_diag(d: Diagnostic) -> T.Diagnostic:
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    severity = T.DiagnosticSeverity.Error if d.is_error else T.DiagnosticSeverity.Warning
    return T.Diagnostic(
        range=_range(d.span), message=message, severity=severity, code=d.code, source="toulmin"
    )


def _show(q: object) -> str:
    from toulmin.render.text import show

    return show(q)  # type: ignore[arg-type]


def _stmt_text(index: Index, sym: Symbol) -> str:
    stmt = sym.stmt
    span = getattr(stmt, "span", None)
    text = index.texts.get(sym.unit_file, "")
    return text[span.start : span.end] if span else sym.name


def _claim_result(state: DocState, sym: Symbol) -> ClaimResult | None:
    if state.outcome is None or sym.unit_file != state.path:
        return None
    return next((c for c in state.outcome.result.claims if c.id == sym.name), None)


def hover_text(state: DocState, occ: Occurrence) -> str | None:
    """The Markdown shown on hover over a symbol."""
    index, outcome = state.index, state.outcome
    assert index is not None and outcome is not None
    result = outcome.result
    if occ.key.startswith("unit:"):
        return _unit_hover(occ.key[5:], index)
    sym = index.defs.get(occ.key)
    if sym is None:
        return None
    parts = [f"```claim\n{_stmt_text(index, sym)}\n```"]
    if sym.kind in ("given", "let"):
        q = result.values.get(sym.key)
        parts.insert(0, f"**{sym.kind}** `{sym.key}` = **{_show(q)}**")
    elif sym.kind == "claim":
        c = _claim_result(state, sym)
        if c is not None:
            parts.insert(0, _claim_hover(c))
        else:
            parts.insert(0, f"**claim** `{sym.name}`")
    elif sym.kind == "source":
        title, url = result.sources.get(sym.name, (getattr(sym.stmt, "title", ""), None))
        parts = [f"**source** `{sym.name}`: {title}" + (f"\n\n<{url}>" if url else "")]
    elif sym.kind == "param":
        parts.insert(0, f"**parameter** `{sym.name}` of a rule")
    else:
        parts.insert(0, f"**{sym.kind}** `{sym.name}`")
    for ref in getattr(sym.stmt, "refs", ()) if sym.kind != "source" else ():
        title, url = result.sources.get(ref.name, ("", None))
        parts.append(f"[{ref.name}] {title}" + (f" <{url}>" if url else ""))
    quote = getattr(sym.stmt, "quote", None)
    if quote and sym.kind != "source":
        parts.append(f"> {quote}")
    if sym.unit_file != state.path:
        parts.append(f"*from {Path(sym.unit_file).name}*")
    return "\n\n".join(parts)


def _claim_hover(c: ClaimResult) -> str:
    lines = [
        f"**claim** `{c.id}`: **{c.verdict}** ({c.proof})",
        f"`{_show(c.lhs)}` {c.op} `{_show(c.rhs)}`",
    ]
    if c.counterexample:
        lines.append(
            "fails at " + ", ".join(f"{k} = {_show(v)}" for k, v in c.counterexample.items())
        )
    if c.witness:
        lines.append("holds at " + ", ".join(f"{k} = {_show(v)}" for k, v in c.witness.items()))
    if c.condition:
        lines.append(f"holds when {c.condition}")
    if c.note:
        lines.append(c.note)
    probability = getattr(c, "probability", None)  # v2: P(holds), once the engine has it
    if probability is not None:
        lines.append(f"P(holds) = {probability}")
    return "\n\n".join(lines)


def _unit_hover(name: str, index: Index) -> str:
    from toulmin.units import dims as D
    from toulmin.units.registry import UnitError, lookup

    declared = index.defs.get("unit:" + name)
    if declared is not None:
        return f"**unit** `{name}`, declared here:\n\n```claim\n{_stmt_text(index, declared)}\n```"
    try:
        info = lookup(name)
    except (UnitError, KeyError, ValueError) as exc:
        return f"**unit** `{name}`: {getattr(exc, 'message', exc)}"
    si = D.si_unit(info.dims) or "1"
    return f"**unit** `{name}`: {D.words(info.dims)}; 1 {name} = {info.factor:g} {si}"


# ---------------------------------------------------------------- the server


def build_server(budget: float = 10.0, debounce: float = 0.05) -> ClaimServer:
    """The language server with every feature registered."""
    server = ClaimServer(budget, debounce)

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClaimServer, params: T.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.docs[uri] = DocState(uri, str(Path(to_fs_path(uri) or uri).resolve()))
        ls.schedule(uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ClaimServer, params: T.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.schedule(uri)
        if uri in ls.docs:
            ls.recheck_users(ls.docs[uri].path)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClaimServer, params: T.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ClaimServer, params: T.DidCloseTextDocumentParams) -> None:
        state = ls.docs.pop(params.text_document.uri, None)
        if state and state.pending:
            state.pending.cancel()

    @server.feature(T.SHUTDOWN)
    def shutdown(ls: ClaimServer, params: None) -> None:
        ls.worker.close()

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def hover(ls: ClaimServer, params: T.HoverParams) -> T.Hover | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if not found:
            return None
        state, occ = found
        text = hover_text(state, occ)
        if text is None:
            return None
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), _range(occ.span))

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ClaimServer, params: T.DefinitionParams) -> list[T.Location] | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if not found or found[0].index is None:
            return None
        sym = found[0].index.defs.get(found[1].key)
        if sym is None:
            return None
        return [T.Location(from_fs_path(sym.site.file) or sym.site.file, _range(sym.site.span))]

    @server.feature(T.TEXT_DOCUMENT_REFERENCES)
    def references(ls: ClaimServer, params: T.ReferenceParams) -> list[T.Location] | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if not found:
            return None
        state, occ = found
        include = params.context.include_declaration
        sym = state.index.defs.get(occ.key) if state.index else None
        out = []
        for file, spans in ls.all_sites(state, occ.key).items():
            for span in spans:
                if (
                    not include
                    and sym
                    and sym.site.file == file
                    and sym.site.span.start == span.start
                ):
                    continue
                out.append(T.Location(from_fs_path(file) or file, _range(span)))
        return out

    @server.feature(T.TEXT_DOCUMENT_RENAME)
    def rename(ls: ClaimServer, params: T.RenameParams) -> T.WorkspaceEdit | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if not found:
            return None
        state, occ = found
        sym = state.index.defs.get(occ.key) if state.index else None
        if sym is None or (sym.kind == "unit" and not _NAME.match(params.new_name)):
            return None
        new = params.new_name
        if not _NAME.match(new.replace(".", "_")) or new in KEYWORDS:
            raise ValueError(f"`{new}` is not a name")
        changes = {
            from_fs_path(file) or file: [T.TextEdit(_range(s), new) for s in spans]
            for file, spans in ls.all_sites(state, occ.key).items()
        }
        return T.WorkspaceEdit(changes=changes)

    @server.feature(
        T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=[" ", "[", ".", ","])
    )
    def completion(ls: ClaimServer, params: T.CompletionParams) -> T.CompletionList:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        line = doc.lines[params.position.line] if params.position.line < len(doc.lines) else ""
        before = line[: params.position.character]
        state = ls.docs.get(params.text_document.uri)
        index = state.index if state else None
        return T.CompletionList(False, completion_items(before, state, index))

    @server.feature(T.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(ls: ClaimServer, params: T.InlayHintParams) -> list[T.InlayHint]:
        state = ls.docs.get(params.text_document.uri)
        if state is None or state.outcome is None:
            return []
        return inlay_hints_of(state, params.range)

    @server.feature(
        T.TEXT_DOCUMENT_CODE_ACTION,
        T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]),
    )
    def code_actions(ls: ClaimServer, params: T.CodeActionParams) -> list[T.CodeAction]:
        state = ls.docs.get(params.text_document.uri)
        if state is None:
            return []
        return code_actions_of(state, params.range)

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(ls: ClaimServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
        state = ls.docs.get(params.text_document.uri)
        if state is None or state.index is None:
            return []
        return symbols_of(state)

    return server


# ---------------------------------------------------------------- features


def completion_items(
    before: str, state: DocState | None, index: Index | None
) -> list[T.CompletionItem]:
    """What may be written at the end of `before` (the line up to the cursor)."""
    kind = T.CompletionItemKind
    if before.count("[") > before.count("]"):
        names = sorted(
            {d.name for d in (index.defs.values() if index else ()) if d.kind == "source"}
        )
        return [T.CompletionItem(n, kind=kind.Reference, detail="source") for n in names]
    m = _NUMBER_BEFORE.search(before)
    if m and not before.rstrip().endswith(("to", "within")):
        declared = sorted(
            d.name for d in (index.defs.values() if index else ()) if d.kind == "unit"
        )
        return [
            T.CompletionItem(u, kind=kind.Unit, detail="unit", sort_text=f"{i:03d}")
            for i, u in enumerate((*COMMON_UNITS, *declared))
        ]
    items: list[T.CompletionItem] = []
    if index is not None and state is not None:
        scope = index.scopes.get(state.path, {})
        for local, key in sorted(scope.items()):
            sym = index.defs.get(key)
            if sym is None:
                continue
            k = kind.Function if sym.kind == "rule" else kind.Variable
            items.append(T.CompletionItem(local, kind=k, detail=sym.kind))
        stripped = before.lstrip()
        if stripped.startswith("rule "):
            rule_name = stripped[5:].split("(", 1)[0].strip()
            for sym in index.defs.values():
                if (
                    sym.kind == "param"
                    and sym.unit_file == state.path
                    and f":{rule_name}:" in sym.key
                ):
                    items.append(T.CompletionItem(sym.name, kind=kind.Variable, detail="parameter"))
    items += [T.CompletionItem(b, kind=kind.Function, detail="built-in") for b in BUILTINS]
    if not before.strip():
        items += [
            T.CompletionItem(k, kind=kind.Keyword) for k in KEYWORDS[: len(STATEMENT_KEYWORDS)]
        ]
    else:
        items += [
            T.CompletionItem(k, kind=kind.Keyword) for k in KEYWORDS[len(STATEMENT_KEYWORDS) :]
        ]
    return items


def inlay_hints_of(state: DocState, rng: T.Range) -> list[T.InlayHint]:
    """The value after each given and let, the verdict after each claim."""
    assert state.outcome is not None
    result = state.outcome.result
    claims = {c.id: c for c in result.claims}
    hints = []
    for stmt in _main_statements(state):
        span = getattr(stmt, "span", None)
        if span is None or not (rng.start.line <= span.end_line - 1 <= rng.end.line):
            continue
        label = None
        if isinstance(stmt, t.Given | t.Let):
            q = result.values.get(stmt.name)
            if q is not None and q.value is not None:
                label = f"= {_show(q)}"
        elif isinstance(stmt, t.Claim) and stmt.id in claims:
            c = claims[stmt.id]
            label = f"{_VERDICT_MARK.get(c.verdict, '')} {c.verdict}"
        if label:
            hints.append(
                T.InlayHint(
                    position=T.Position(span.end_line - 1, span.end_column - 1),
                    label=label,
                    padding_left=True,
                )
            )
    return hints


_DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")
_WRITE = re.compile(r"write `([^`]+)`")
_PER_UNIT = re.compile(r"`([^`]+)` \(line \d+\) looks like a per-(\w+) figure")


def code_actions_of(state: DocState, rng: T.Range) -> list[T.CodeAction]:
    """Quick fixes for the diagnostics in `rng` whose hint names a replacement."""
    actions = []
    uri = state.uri
    for d, ld in state.diagnostics:
        if d.span is None or d.hint is None:
            continue
        if ld.range.end.line < rng.start.line or ld.range.start.line > rng.end.line:
            continue
        edits: list[tuple[str, str, T.Range]] = []  # (title, new text, range)
        for m in [*_DID_YOU_MEAN.finditer(d.hint), *_WRITE.finditer(d.hint)]:
            new = m.group(1)
            if new.startswith("1 ") or " " in new:
                continue
            edits.append((f"Replace with `{new}`", new, ld.range))
        per = _PER_UNIT.search(d.hint)
        if per and state.index is not None:
            edits += _per_unit_edits(state, per.group(1), per.group(2))
        seen: set[tuple[str, str]] = set()
        for title, new, r in edits:
            if (title, new) in seen:
                continue
            seen.add((title, new))
            actions.append(
                T.CodeAction(
                    title=title,
                    kind=T.CodeActionKind.QuickFix,
                    diagnostics=[ld],
                    edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(r, new)]}),
                )
            )
    return actions


def _per_unit_edits(state: DocState, name: str, dim: str) -> list[tuple[str, str, T.Range]]:
    """Append `/GPU` to the unit of the given the hint names (in this file)."""
    index = state.index
    assert index is not None
    key = index.scopes.get(state.path, {}).get(name, name)
    sym = index.defs.get(key)
    if sym is None or sym.unit_file != state.path or not isinstance(sym.stmt, t.Given):
        return []
    value = sym.stmt.value
    number = value.high if isinstance(value, t.Range) else value
    unit = sym.stmt.unit or (number.unit if isinstance(number, t.Number) else None)
    if unit is None:
        return []
    return [(f"Write `{unit.text}/{dim}` for `{name}`", f"{unit.text}/{dim}", _range(unit.span))]


def symbols_of(state: DocState) -> list[T.DocumentSymbol]:
    """The outline: givens, lets, rules, claims, sources and scenarios of the document."""
    kinds = {
        "given": T.SymbolKind.Constant,
        "let": T.SymbolKind.Variable,
        "rule": T.SymbolKind.Function,
        "claim": T.SymbolKind.Boolean,
        "source": T.SymbolKind.String,
        "unit": T.SymbolKind.TypeParameter,
        "scenario": T.SymbolKind.Namespace,
    }
    assert state.index is not None
    out = []
    for sym in state.index.defs.values():
        if sym.unit_file != state.path or sym.kind not in kinds:
            continue
        span = getattr(sym.stmt, "span", sym.site.span)
        out.append(
            T.DocumentSymbol(
                name=sym.name,
                kind=kinds[sym.kind],
                range=_range(span),
                selection_range=_range(sym.site.span),
                detail=sym.kind,
            )
        )
    out.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    return out
