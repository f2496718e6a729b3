"""Compiler-style diagnostics (render/diagnostics.py): location, source line, carets, labels."""

from __future__ import annotations

from toulmin.diagnostics import Diagnostic, Label, LineIndex
from toulmin.render.diagnostics import render

TEXT = "given a = 1 GPU\nclaim c: a > 1 GB\n"
INDEX = LineIndex(TEXT, "f.claim")


def _span(line: int, col: int, width: int):
    start = INDEX._starts[line - 1] + col - 1
    return INDEX.span(start, start + width)


def _lines(d: Diagnostic) -> list[str]:
    return [text for _, text in render(d, {"f.claim": TEXT})]


def test_primary_span_label_notes_and_hint() -> None:
    d = Diagnostic(
        "error",
        "dimension",
        "cannot compare GPU with information",
        _span(2, 10, 1),
        hint="use the same unit on both sides",
        labels=(Label(_span(2, 14, 4), "information"),),
        notes=("left:  GPU",),
        primary_label="GPU",
    )
    assert _lines(d) == [
        "error[dimension]: cannot compare GPU with information",
        " --> f.claim:2:10",
        "  |",
        "2 | claim c: a > 1 GB",
        "  |          ^   ^^^^ information",
        "  |          GPU",
        "  = left:  GPU",
        "  = hint: use the same unit on both sides",
    ]


def test_label_on_another_line_is_shown_under_its_own_line() -> None:
    d = Diagnostic(
        "warning",
        "unused",
        "no claim depends on the given `a`",
        _span(2, 10, 1),
        labels=(Label(_span(1, 7, 1), "declared here"),),
    )
    assert _lines(d)[3:] == [
        "2 | claim c: a > 1 GB",
        "  |          ^",
        "1 | given a = 1 GPU",
        "  |       - declared here",
    ]


def test_without_a_span_only_message_and_hint() -> None:
    d = Diagnostic("error", "limit", "too big", None, hint="raise --max-file-kib")
    assert render(d, {}) == [
        ("bold red", "error[limit]: too big"),
        ("cyan", "  = hint: raise --max-file-kib"),
    ]
