"""Read a file and everything it `use`s, with import checks (spec §4).

Each loaded file becomes a `Unit`: its syntax tree and the prefix its names
carry in the whole program (`hw.` for `use "hardware.claim" as hw`). A file is
read and parsed once per program, whatever prefixes it is used under: the
same file is the same facts, so a second `use` (under another prefix, or
none) aliases the first `Unit`. The resolver's scopes then map the second
prefix's names onto the first's full names. Without this, a file that uses
the next one twice loads 2^n copies.

Files are read through a `FileSystem` (`toulmin.source`), the disk unless a
caller passes an overlay, so `use` of an editor's unsaved buffer works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from toulmin.diagnostics import Diagnostic, error
from toulmin.dsl import tree as t
from toulmin.dsl.parser import parse_source
from toulmin.options import DEFAULT_LIMITS, Limits
from toulmin.source.fs import DiskFileSystem, FileSystem, SourceError, describe
from toulmin.source.reader import file_span, normalise_text, read_source, too_big

#: Longest chain of `use` (a uses b uses c ...). Far beyond any real argument,
#: and far below where Python's recursion (here and in the resolver) gives out.
MAX_USE_DEPTH = 64


@dataclass
class Unit:
    """One file of a program, as loaded under its first prefix."""

    path: Path | None
    display: str  # the file name shown in diagnostics
    module: t.Module
    prefix: str  # "" or "hw." (full, nested prefixes included)
    uses: list[tuple[t.Use, Unit]] = field(default_factory=list)


def load_program(
    path: Path,
    display: str | None = None,
    text: str | None = None,
    root: Path | None = None,
    *,
    fs: FileSystem | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Unit], list[Diagnostic]]:
    """Load `path` and, transitively, every file it uses.

    `text`, when given, is the main file's text (it is not read). `root` is
    the folder no `use` may leave (the folder of the file named on the command
    line). `fs` serves every file read (default: the disk); pass an
    `OverlayFileSystem` to check unsaved buffers. Returns the units, main file
    first, each file once.
    """
    fs = fs if fs is not None else DiskFileSystem()
    diags: list[Diagnostic] = []
    display = display or str(path)
    limit = limits.max_file_bytes
    if text is None:
        text, read_diags = read_source(path, display, fs, limit)
        diags.extend(read_diags)
        if text is None:
            return [], diags
    else:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            return [], [too_big(size, limit, file_span(display))]
        text = normalise_text(text)
    main: Path | None
    try:
        real = fs.normalise(path)
        main = real if fs.kind(real) == "file" else None
    except SourceError:
        main = None
    try:
        root = fs.normalise(root) if root is not None else (main or fs.normalise(path)).parent
    except SourceError:
        root = Path.cwd()
    loaded: dict[str, Unit] = {}
    units: list[Unit] = []

    def load(p: Path | None, shown: str, src: str, prefix: str, stack: tuple[str, ...]) -> Unit:
        module = parse_source(src, shown, limits)
        diags.extend(module.diagnostics)
        unit = Unit(p, shown, module, prefix)
        loaded[stack[-1]] = unit
        units.append(unit)
        for stmt in module.statements:
            if not isinstance(stmt, t.Use):
                continue
            child = _resolve_use(stmt, p, root, stack, diags, fs)
            if child is None:
                continue
            if str(child) in loaded:  # the same facts: alias, whatever the prefix
                unit.uses.append((stmt, loaded[str(child)]))
                continue
            if len(stack) >= MAX_USE_DEPTH:
                diags.append(
                    error(
                        "limit",
                        f"`use` chain more than {MAX_USE_DEPTH} files deep",
                        stmt.path_span,
                        "use the deep files directly from a file higher up",
                    )
                )
                continue
            child_prefix = prefix + (stmt.prefix + "." if stmt.prefix else "")
            shown_child = _shown(child, p, shown)
            child_text, read_diags = read_source(child, shown_child, fs, limit)
            if child_text is None:
                for d in read_diags:
                    # A problem with the file as a whole belongs to the `use` that named it.
                    whole = d.span is None or (d.span.line == 1 and d.span.end == 0)
                    diags.append(replace(d, span=stmt.path_span) if whole else d)
                continue
            sub = load(child, shown_child, child_text, child_prefix, (*stack, str(child)))
            unit.uses.append((stmt, sub))
        return unit

    load(main, display, text, "", (str(main) if main else display,))
    return units, diags


def _shown(child: Path, parent: Path | None, parent_shown: str) -> str:
    """Name a used file relative to how its user was named."""
    if parent is None:
        return child.name
    base = os.path.dirname(parent_shown)
    try:
        rel = os.path.relpath(child, parent.parent)
    except ValueError:
        return str(child)
    return os.path.normpath(os.path.join(base, rel)) if base else os.path.normpath(rel)


def _resolve_use(
    stmt: t.Use,
    current: Path | None,
    root: Path,
    stack: tuple[str, ...],
    diags: list[Diagnostic],
    fs: FileSystem,
) -> Path | None:
    raw = stmt.path
    if os.path.isabs(raw) or raw.startswith("~"):
        diags.append(
            error(
                "import",
                f"`use` takes a path relative to this file, not `{raw}`",
                stmt.path_span,
                "write the path relative to this file's folder",
            )
        )
        return None
    base = current.parent if current else Path.cwd()
    try:
        target = fs.normalise(os.path.join(base, raw))
    except SourceError as exc:
        diags.append(
            error("import", f"cannot use `{raw}`: {exc.message}", stmt.path_span, exc.hint)
        )
        return None
    if not _inside(target, root):
        diags.append(
            error(
                "import",
                f"`{raw}` is outside the folder of the checked file ({root})",
                stmt.path_span,
                "copy the file into that folder, or check a file higher up",
            )
        )
        return None
    if str(target) in stack:
        chain = " → ".join(Path(s).name for s in stack[stack.index(str(target)) :])
        diags.append(
            error(
                "import",
                f"import cycle: {chain} → {target.name}",
                stmt.path_span,
                "move the shared statements into a third file that both use",
            )
        )
        return None
    try:
        kind = fs.kind(target)
    except SourceError as exc:
        diags.append(
            error("import", f"cannot use `{raw}`: {exc.message}", stmt.path_span, exc.hint)
        )
        return None
    if kind == "missing":
        diags.append(
            error(
                "import",
                f"no file `{raw}` (looked for {target})",
                stmt.path_span,
                "check the file name; paths are relative to this file",
            )
        )
        return None
    if kind != "file":
        diags.append(
            error(
                "import",
                f"`{raw}` is {describe(kind)}, not a regular file",
                stmt.path_span,
                "`use` reads .claim files only",
            )
        )
        return None
    return target


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
