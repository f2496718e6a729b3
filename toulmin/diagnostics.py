"""The one diagnostic type that every stage of the pipeline produces.

Errors are values: a stage returns its result together with a list of
`Diagnostic`s instead of raising, so that every problem of a file can be
reported in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

#: Every diagnostic code of spec §6, in the order the docs list them.
CODES = (
    "syntax",
    "unknown-name",
    "unknown-unit",
    "dimension",
    "redefined",
    "import",
    "domain",
    "limit",
    "unused",
    "unsourced",
)


@dataclass(frozen=True)
class Span:
    """A region of a source file; lines and columns are 1-based, end is exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0  # character offsets into the file text, for slicing
    end: int = 0

    def cover(self, other: Span) -> Span:
        """The smallest span holding both spans (same file)."""
        first, last = (self, other) if self.start <= other.start else (other, self)
        tail = last if last.end >= first.end else first
        return Span(
            self.file,
            first.line,
            first.column,
            tail.end_line,
            tail.end_column,
            first.start,
            tail.end,
        )


@dataclass(frozen=True)
class Label:
    """A secondary annotation under another span of the same diagnostic."""

    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a file: what, where, and how to fix it."""

    severity: Severity
    code: str
    message: str
    span: Span | None
    hint: str | None = None
    labels: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    primary_label: str | None = None  # text under the primary caret

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(
    code: str, message: str, span: Span | None, hint: str | None = None, **extra: object
) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic("error", code, message, span, hint, **extra)  # type: ignore[arg-type]


def warning(
    code: str, message: str, span: Span | None, hint: str | None = None, **extra: object
) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic("warning", code, message, span, hint, **extra)  # type: ignore[arg-type]


@dataclass
class LineIndex:
    """Maps character offsets of a text to 1-based (line, column)."""

    text: str
    file: str
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # str.find runs in C; a Python loop over every character cost ~0.1 s per MiB
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(max(end, start))
        return Span(self.file, line, col, end_line, end_col, start, end)

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self._starts):
            return ""
        begin = self._starts[line - 1]
        stop = self.text.find("\n", begin)
        return self.text[begin : stop if stop >= 0 else len(self.text)].rstrip("\r")
