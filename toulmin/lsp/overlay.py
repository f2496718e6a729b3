"""Unsaved editor buffers seen by the loader in place of the files on disk.

A thin layer until the loader's own file-system overlay lands: while a check runs,
`toulmin.engine.load.read_text` answers from the open buffers first. Swap `overlaid`
for the loader's overlay argument when it exists; nothing else in the server knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toulmin.diagnostics import Diagnostic


@contextmanager
def overlaid(buffers: dict[str, str]) -> Iterator[None]:
    """Within the block, files named in `buffers` (absolute paths) read as their text."""
    from toulmin.engine import load

    original = load.read_text
    if not buffers:
        yield
        return

    def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
        text = buffers.get(str(Path(path).resolve()))
        return (text, []) if text is not None else original(path, display)

    load.read_text = read_text  # type: ignore[assignment]
    try:
        yield
    finally:
        load.read_text = original  # type: ignore[assignment]
