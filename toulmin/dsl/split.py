"""Cut a file into logical statements before parsing.

A statement is one line, continued by indented lines or while a `(`/`[` is
open (spec §2). Cutting first lets the parser handle each statement alone, so
one bad line never hides the errors of the lines after it.
"""

from __future__ import annotations

from dataclasses import dataclass

_KEYWORDS_STARTING = ("given", "let", "claim", "rule", "use", "source", "unit", "argument")


@dataclass(frozen=True)
class Chunk:
    """The text of one logical statement and its offset in the file."""

    start: int
    text: str


def _scan_line(line: str, depth: int) -> tuple[int, bool]:
    """Bracket depth after `line`, and whether the line holds code (not only a comment)."""
    in_string = False
    escaped = False
    has_code = False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == "#":
            break
        if not ch.isspace():
            has_code = True
        if ch == '"':
            in_string = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
    return depth, has_code


def _starts_statement(line: str) -> bool:
    word = line.split(None, 1)[0] if line.strip() else ""
    return word in _KEYWORDS_STARTING


def split_statements(text: str) -> list[Chunk]:
    """Split source text into statement chunks, keeping file offsets."""
    chunks: list[Chunk] = []
    cur_start: int | None = None
    cur_end = 0
    depth = 0
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        new_depth, has_code = _scan_line(line, depth if cur_start is not None else 0)
        indented = line[:1] in (" ", "\t")
        if has_code:
            continues = cur_start is not None and (
                (depth > 0 and not (not indented and _starts_statement(line))) or indented
            )
            if continues:
                depth = new_depth
            else:
                if cur_start is not None:
                    chunks.append(Chunk(cur_start, text[cur_start:cur_end]))
                cur_start = offset
                depth = _scan_line(line, 0)[0]
            cur_end = offset + len(line)
        offset += len(raw)
    if cur_start is not None:
        chunks.append(Chunk(cur_start, text[cur_start:cur_end]))
    return chunks
