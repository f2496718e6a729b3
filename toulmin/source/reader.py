"""The one safe reader: a path in, normalised text or diagnostics out.

Everything that reads a `.claim` file (the file named on the command line and
every file it `use`s) goes through `read_source`, so the limits and the
refusals are the same everywhere: regular files only, at most the size limit
(one byte more is read to know it is too big), UTF-8 only. The text handed on
has no byte-order mark and only `\\n` line endings, so every later stage
counts lines the way an editor shows them.
"""

from __future__ import annotations

import os

from toulmin.diagnostics import Diagnostic, LineIndex, Span, error
from toulmin.source.fs import DiskFileSystem, FileSystem, SourceError, describe

_BOM = "\ufeff"


def normalise_text(text: str) -> str:
    """Drop a leading UTF-8 byte-order mark; turn CRLF and lone CR into LF."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def file_span(display: str) -> Span:
    """Line 1, column 1 of a file: where a problem with the whole file is reported."""
    return Span(display, 1, 1, 1, 1, 0, 0)


def size_message(size: int, limit: int) -> str:
    """ "the file is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB) ..." (exact numbers)."""
    if limit % (1 << 20) == 0:
        human = f"{limit >> 20:,} MiB"
    elif limit % 1024 == 0:
        human = f"{limit >> 10:,} KiB"
    else:
        human = ""
    shown = f"{limit:,} bytes" + (f" ({human})" if human else "")
    return f"the file is {size:,} bytes; the limit is {shown}; raise it with --max-file-kib"


def too_big(size: int, limit: int, span: Span | None) -> Diagnostic:
    """The `limit` error for a file over the size limit."""
    return error(
        "limit",
        size_message(size, limit),
        span,
        "split the argument into files joined by `use`",
    )


def decode(data: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 bytes to normalised text; a bad byte is a `syntax` error at its place."""
    try:
        return normalise_text(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        head = normalise_text(data[: exc.start].decode("utf-8", "replace"))
        index = LineIndex(head + "?", display)
        span = index.span(len(head), len(head) + 1)
        return None, [
            error(
                "syntax",
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                span,
                "save the file as UTF-8",
            )
        ]


def read_source(
    path: str | os.PathLike[str],
    display: str | None = None,
    fs: FileSystem | None = None,
    max_bytes: int | None = None,
) -> tuple[str | None, list[Diagnostic]]:
    """Read one source file safely; never raises on a bad path or bad content.

    Returns the normalised text, or None with diagnostics. Problems with the
    file as a whole (missing, not a regular file, too big) are reported at
    line 1, column 1 of `display`; a caller that knows better (the `use`
    statement that named the file) may move them.
    """
    if max_bytes is None:
        from toulmin.options import DEFAULT_LIMITS

        max_bytes = DEFAULT_LIMITS.max_file_bytes
    fs = fs if fs is not None else DiskFileSystem()
    try:
        display = display if display is not None else os.fspath(path)
    except TypeError:
        display = repr(path)
    here = file_span(display)
    try:
        real = fs.normalise(path)
        kind = fs.kind(real)
        if kind == "missing":
            return None, [
                error("import", f"cannot read `{display}`: no such file", here, "check the path")
            ]
        if kind != "file":
            return None, [
                error(
                    "import",
                    f"cannot read `{display}`: it is {describe(kind)}, not a regular file",
                    here,
                    "`use` and `check` read .claim files only",
                )
            ]
        data, size = fs.read_bytes(real, max_bytes)
    except SourceError as exc:
        return None, [error(exc.code, f"cannot read `{display}`: {exc.message}", here, exc.hint)]
    if len(data) > max_bytes or size > max_bytes:
        return None, [too_big(max(size, len(data)), max_bytes, here)]
    return decode(data, display)
