"""Read a file and everything it `use`s, with import checks (spec §4).

Each loaded file becomes a `Unit`: its syntax tree and the prefix its names
carry in the whole program (`hw.` for `use "hardware.claim" as hw`). A file
used twice under the same prefix is loaded once, so shared fact files can be
used by several files of one argument.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from toulmin.diagnostics import Diagnostic, LineIndex, error
from toulmin.dsl import tree as t
from toulmin.dsl.parser import parse_source
from toulmin.limits import LIMITS


@dataclass
class Unit:
    """One file of a program, as loaded under one prefix."""

    path: Path | None
    display: str  # the file name shown in diagnostics
    module: t.Module
    prefix: str  # "" or "hw." (full, nested prefixes included)
    uses: list[tuple[t.Use, Unit]] = field(default_factory=list)

    @property
    def index(self) -> LineIndex:
        return LineIndex(self.module.text, self.display)


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8; a bad byte or a missing file is a diagnostic."""
    try:
        size = path.stat().st_size
        if size > LIMITS.max_file_bytes:
            return None, [
                error(
                    "limit",
                    f"file is {size // 1024} KiB; the limit is {LIMITS.max_file_bytes // 1024} KiB",
                    None,
                    "split the argument into files joined by `use`",
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [error("import", f"cannot read `{display}`: {exc.strerror or exc}", None)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode("utf-8", "replace")
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


def load_program(
    path: Path, display: str | None = None, text: str | None = None, root: Path | None = None
) -> tuple[list[Unit], list[Diagnostic]]:
    """Load `path` and, transitively, every file it uses.

    `root` is the folder no `use` may leave (the folder of the file named on
    the command line). Returns the units, main file first.
    """
    diags: list[Diagnostic] = []
    display = display or str(path)
    if text is None:
        text, read_diags = read_text(path, display)
        diags.extend(read_diags)
        if text is None:
            return [], diags
    root = (root or path.parent).resolve()
    loaded: dict[tuple[str, str], Unit] = {}
    units: list[Unit] = []

    def load(p: Path | None, shown: str, src: str, prefix: str, stack: tuple[str, ...]) -> Unit:
        module = parse_source(src, shown)
        diags.extend(module.diagnostics)
        unit = Unit(p, shown, module, prefix)
        key = (str(p.resolve()) if p else shown, prefix)
        loaded[key] = unit
        units.append(unit)
        for stmt in module.statements:
            if not isinstance(stmt, t.Use):
                continue
            child = _resolve_use(stmt, p, root, stack, diags)
            if child is None:
                continue
            child_prefix = prefix + (stmt.prefix + "." if stmt.prefix else "")
            ckey = (str(child), child_prefix)
            if ckey in loaded:
                unit.uses.append((stmt, loaded[ckey]))
                continue
            shown_child = _shown(child, p, shown)
            child_text, read_diags = read_text(child, shown_child)
            if child_text is None:
                for d in read_diags:
                    diags.append(d if d.span else error(d.code, d.message, stmt.path_span, d.hint))
                continue
            sub = load(child, shown_child, child_text, child_prefix, (*stack, str(child)))
            unit.uses.append((stmt, sub))
        return unit

    main_key = str(path.resolve()) if path.exists() else display
    load(path if path.exists() else None, display, text, "", (main_key,))
    return units, diags


def _shown(child: Path, parent: Path | None, parent_shown: str) -> str:
    """Name a used file relative to how its user was named."""
    if parent is None:
        return child.name
    base = os.path.dirname(parent_shown)
    try:
        rel = os.path.relpath(child, parent.resolve().parent)
    except ValueError:
        return str(child)
    return os.path.normpath(os.path.join(base, rel)) if base else os.path.normpath(rel)


def _resolve_use(
    stmt: t.Use, current: Path | None, root: Path, stack: tuple[str, ...], diags: list[Diagnostic]
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
    base = current.resolve().parent if current else Path.cwd()
    target = (base / raw).resolve()
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
    if not target.is_file():
        diags.append(
            error(
                "import",
                f"no file `{raw}` (looked for {target})",
                stmt.path_span,
                "check the file name; paths are relative to this file",
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
