"""Project configuration: the `[tool.toulmin]` table of the nearest `pyproject.toml`.

    [tool.toulmin]
    paths = ["claims"]        # what `toulmin check` checks when given no path
    strict = true
    budget = 5.0
    max-file-kib = 2048       # any `check` option, by its long name (- or _)
    cross-check = 200
    seed = 1
    format = "github"

    [tool.toulmin.explain]    # a sub-table sets another command's options
    format = "json"

The file is found by walking up from the current folder to the first `pyproject.toml`
that has a `[tool.toulmin]` table, and read with `tomllib`. The values become Click's
`default_map`, so they are checked and converted like the flags, and a flag on the command
line always wins. Relative `paths` are relative to the `pyproject.toml`'s folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

#: Keys the spec reserves for options that are not built yet (`--samples`, language v2):
#: accepted, and applied once the option exists.
RESERVED = frozenset({"samples"})


@dataclass(frozen=True)
class Config:
    """A `[tool.toulmin]` table and the file it came from."""

    path: Path
    table: dict[str, Any]


def find(start: Path | None = None) -> Config | None:
    """The nearest `pyproject.toml` at or above `start` that has `[tool.toulmin]`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        try:
            doc = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise click.UsageError(f"{candidate}: cannot read it: {exc}") from None
        table = doc.get("tool", {}).get("toulmin")
        if table is not None:
            if not isinstance(table, dict):
                raise click.UsageError(f"{candidate}: [tool.toulmin] must be a table")
            return Config(candidate, table)
    return None


def _keys(command: click.Command) -> dict[str, str]:
    """Config key → parameter name: every long option (`max-file-kib` and `max_file_kib`)
    and every argument by its name."""
    out: dict[str, str] = {}
    for p in command.params:
        if p.name is None:
            continue
        if isinstance(p, click.Argument):
            out[p.name] = p.name
            continue
        for opt in p.opts:
            if opt.startswith("--"):
                key = opt[2:]
                out[key] = p.name
                out[key.replace("-", "_")] = p.name
    return out


def _command_map(
    command: click.Command, table: dict[str, Any], where: str, base: Path
) -> dict[str, Any]:
    keys = _keys(command)
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key in RESERVED and key not in keys:
            continue
        if key not in keys:
            known = ", ".join(sorted(k for k in keys if "_" not in k))
            raise click.UsageError(f"{where}: unknown key `{key}` (known: {known})")
        if key == "paths":
            value = _paths(value, where, base)
        out[keys[key]] = value
    return out


def _paths(value: Any, where: str, base: Path) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise click.UsageError(f"{where}: `paths` must be a list of strings")
    out = []
    for v in value:
        p = base / v if not Path(v).is_absolute() else Path(v)
        try:  # shown as the user would type it from here
            out.append(os.path.relpath(p))
        except ValueError:  # another drive
            out.append(str(p))
    return out


def default_map(group: click.Group, config: Config | None) -> dict[str, Any]:
    """Click's `default_map` for the group: top-level keys go to `check`, sub-tables to
    the command they name."""
    if config is None:
        return {}
    where = f"{config.path} [tool.toulmin]"
    base = config.path.parent
    top = {k: v for k, v in config.table.items() if not isinstance(v, dict)}
    out: dict[str, Any] = {}
    check = group.commands.get("check")
    if top and check is not None:
        out["check"] = _command_map(check, top, where, base)
    for name, sub in config.table.items():
        if not isinstance(sub, dict):
            continue
        cmd = group.commands.get(name)
        if cmd is None:
            raise click.UsageError(
                f"{where}: no command `{name}` for the table [tool.toulmin.{name}]"
            )
        merged = {**out.get(name, {}), **_command_map(cmd, sub, f"{where[:-1]}.{name}]", base)}
        out[name] = merged
    return out


def install(ctx: click.Context) -> None:
    """Make the project's configuration the defaults of every command of this run."""
    assert isinstance(ctx.command, click.Group)
    found = default_map(ctx.command, find())
    if found:
        ctx.default_map = {**found, **(ctx.default_map or {})}
