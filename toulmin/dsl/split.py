"""Cut a file into logical statements before parsing.

A statement is one line, continued by indented lines or while a `(`/`[` is
open (spec §2). Cutting first lets the parser handle each statement alone, so
one bad line never hides the errors of the lines after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from toulmin.dsl.keywords import STATEMENT_KEYWORDS

_SPECIAL = '"#()[]'


@dataclass(frozen=True)
class Chunk:
    """The text of one logical statement and its offset in the file."""

    start: int
    text: str


def scan_line(line: str, depth: int) -> tuple[int, bool]:
    """Bracket depth after `line`, and whether the line holds code (not only a comment)."""
    if not any(c in line for c in _SPECIAL):
        return depth, bool(line.strip())  # the common line: no string, comment or bracket
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
    return word in STATEMENT_KEYWORDS


def split_statements(text: str) -> list[Chunk]:
    """Split source text into statement chunks, keeping file offsets.

    Lines end at LF (a CRLF's CR stays at the end of its line and is dropped
    here); `parse_source` has already turned a lone CR into LF, so lines are
    counted the way `LineIndex` counts them.
    """
    chunks: list[Chunk] = []
    cur_start: int | None = None
    cur_end = 0
    depth = 0
    offset = 0
    for raw in _lines(text):
        line = raw.rstrip("\r\n")
        new_depth, has_code = scan_line(line, depth if cur_start is not None else 0)
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
                depth = scan_line(line, 0)[0]
            cur_end = offset + len(line)
        offset += len(raw)
    if cur_start is not None:
        chunks.append(Chunk(cur_start, text[cur_start:cur_end]))
    return chunks


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its LF (only LF ends a line, as in `LineIndex`)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out
