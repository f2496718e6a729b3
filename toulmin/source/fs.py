"""File systems that `.claim` sources are read from: the disk, or the disk under overlays.

A `FileSystem` answers three questions about a path: its normal form
(`normalise`), what it is (`kind`) and its bytes (`read_bytes`, bounded). The
loader asks only these, so an editor can check a buffer that is not saved yet,
and a test can build a whole program in memory. Every failure is a
`SourceError` carrying a diagnostic code and a message; no `OSError`,
`ValueError` or `RuntimeError` leaves this module.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

#: What a path names. Only "file" can be read; the others explain a refusal.
FileKind = Literal[
    "file",
    "directory",
    "missing",
    "fifo",
    "character device",
    "block device",
    "socket",
    "other",
]

#: Longest file-name component most file systems accept (bytes, not characters).
MAX_COMPONENT_BYTES = 255


class SourceError(Exception):
    """A path that cannot be read, as a diagnostic code, a message and a fix."""

    def __init__(self, message: str, code: str = "import", hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint


@runtime_checkable
class FileSystem(Protocol):
    """Where sources come from. Paths given back by `normalise` are the keys of the others."""

    def normalise(self, path: str | os.PathLike[str]) -> Path:
        """The absolute form of `path`, symlinks resolved where they resolve.

        Raises `SourceError` for a path that no file system could hold (a NUL
        byte, a component over 255 bytes).
        """
        ...

    def kind(self, path: Path) -> FileKind:
        """What `path` names; raises `SourceError` when even that cannot be known."""
        ...

    def read_bytes(self, path: Path, limit: int) -> tuple[bytes, int]:
        """At most `limit + 1` bytes of a regular file, and its full size in bytes.

        Reading one byte past the limit lets the caller say "too big" without
        reading a huge (or endless) file. Raises `SourceError` for anything
        that is not a regular file.
        """
        ...


def check_path(path: str | os.PathLike[str]) -> str:
    """The path as text, or `SourceError` when no file system could hold it."""
    text = os.fspath(path)
    if "\x00" in text:
        raise SourceError(
            "the path contains a NUL byte",
            hint="remove the invisible character from the path",
        )
    for part in text.split(os.sep):
        size = len(os.fsencode(part))
        if size > MAX_COMPONENT_BYTES:
            raise SourceError(
                f"a part of the path is {size:,} bytes long; file names hold at most "
                f"{MAX_COMPONENT_BYTES} bytes",
                hint="shorten the file or folder name",
            )
    return text


def _lexical(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.abspath(check_path(path)))


_KINDS: tuple[tuple[object, FileKind], ...] = (
    (stat.S_ISREG, "file"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def kind_of_mode(mode: int) -> FileKind:
    """The `FileKind` of an `os.stat` mode."""
    for test, kind in _KINDS:
        if test(mode):  # type: ignore[operator]
            return kind
    return "other"


def describe(kind: FileKind) -> str:
    """A kind in words, for messages: "a FIFO (named pipe)"."""
    return {
        "file": "a file",
        "directory": "a folder",
        "missing": "missing",
        "fifo": "a FIFO (named pipe)",
        "character device": "a character device",
        "block device": "a block device",
        "socket": "a socket",
        "other": "not a regular file",
    }[kind]


def _os_error(exc: OSError) -> SourceError:
    """An `OSError` in words a user can act on."""
    if exc.errno == errno.ELOOP:
        return SourceError(
            "the path goes through a symlink loop", hint="fix the symbolic links on the path"
        )
    if exc.errno == errno.ENAMETOOLONG:
        return SourceError("the path is too long for the file system", hint="shorten the path")
    if exc.errno == errno.EACCES or exc.errno == errno.EPERM:
        return SourceError("permission denied", hint="make the file readable")
    return SourceError(f"cannot read it: {exc.strerror or exc}")


class DiskFileSystem:
    """The real disk. Reads only regular files, never blocks on a FIFO."""

    def normalise(self, path: str | os.PathLike[str]) -> Path:
        lexical = _lexical(path)
        try:
            # Non-strict realpath resolves what resolves and leaves a loop as
            # it is (then `kind` says "symlink loop"), where Path.resolve raises.
            return Path(os.path.realpath(lexical))
        except (OSError, ValueError, RuntimeError):
            return Path(lexical)

    def kind(self, path: Path) -> FileKind:
        check_path(path)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return "missing"
            raise _os_error(exc) from None
        except ValueError as exc:  # defensive: check_path already refuses NUL bytes
            raise SourceError(f"impossible path: {exc}") from None
        return kind_of_mode(mode)

    def read_bytes(self, path: Path, limit: int) -> tuple[bytes, int]:
        check_path(path)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        flags |= getattr(os, "O_CLOEXEC", 0)
        try:
            # O_NONBLOCK: opening a FIFO must not wait for a writer, even if
            # the path became a FIFO after `kind` looked at it.
            fd = os.open(path, flags)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                raise SourceError("no such file") from None
            if exc.errno == errno.ENXIO:  # a socket, or a FIFO on some systems
                raise SourceError(
                    "it is not a regular file", hint="`use` and `check` read .claim files only"
                ) from None
            raise _os_error(exc) from None
        try:
            info = os.fstat(fd)
            kind = kind_of_mode(info.st_mode)
            if kind != "file":
                raise SourceError(
                    f"it is {describe(kind)}, not a regular file",
                    hint="`use` and `check` read .claim files only",
                )
            chunks: list[bytes] = []
            got = 0
            while got <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            data = b"".join(chunks)
            return data, max(info.st_size, len(data))
        except OSError as exc:
            raise _os_error(exc) from None
        finally:
            os.close(fd)


class OverlayFileSystem:
    """In-memory texts over another file system: an editor's unsaved buffers win.

    Overlay paths are normalised like the base's, so `a/../b.claim` and the
    absolute path of `b.claim` name the same buffer. A path with an overlay is
    a file even when nothing is on disk yet.
    """

    def __init__(
        self,
        overlays: Mapping[str | os.PathLike[str], str] | None = None,
        base: FileSystem | None = None,
    ) -> None:
        self.base: FileSystem = base if base is not None else DiskFileSystem()
        self._texts: dict[Path, str] = {}
        for path, text in (overlays or {}).items():
            self.set(path, text)

    def set(self, path: str | os.PathLike[str], text: str) -> Path:
        """Serve `text` for `path` from now on; returns the normalised key."""
        key = self.normalise(path)
        self._texts[key] = text
        return key

    def remove(self, path: str | os.PathLike[str]) -> None:
        """Serve `path` from the base again (an editor closed the buffer)."""
        self._texts.pop(self.normalise(path), None)

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, (str, os.PathLike)):
            return False
        try:
            return self.normalise(path) in self._texts
        except SourceError:
            return False

    def normalise(self, path: str | os.PathLike[str]) -> Path:
        return self.base.normalise(path)

    def kind(self, path: Path) -> FileKind:
        if path in self._texts:
            return "file"
        return self.base.kind(path)

    def read_bytes(self, path: Path, limit: int) -> tuple[bytes, int]:
        text = self._texts.get(path)
        if text is None:
            return self.base.read_bytes(path, limit)
        # surrogatepass: a lone surrogate in a buffer becomes invalid UTF-8,
        # which the reader reports like a bad byte on disk.
        data = text.encode("utf-8", "surrogatepass")
        return data[: limit + 1], len(data)
