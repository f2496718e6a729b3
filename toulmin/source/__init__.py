"""The source stage: where a `.claim` file's text comes from.

`fs.py` holds the `FileSystem` protocol with a disk implementation and an
in-memory overlay (an editor's unsaved buffers over the disk), and
`reader.py` the one safe way to turn a path into checked text: regular files
only, size-limited, UTF-8, BOM stripped and line endings normalised. Every
failure is a `Diagnostic`, never an exception, so `use` of a FIFO, a device, a
symlink loop or an impossible path is an `import` error like any other.
"""

from toulmin.source.fs import (
    DiskFileSystem,
    FileKind,
    FileSystem,
    OverlayFileSystem,
    SourceError,
)
from toulmin.source.reader import normalise_text, read_source, size_message

__all__ = [
    "DiskFileSystem",
    "FileKind",
    "FileSystem",
    "OverlayFileSystem",
    "SourceError",
    "normalise_text",
    "read_source",
    "size_message",
]
