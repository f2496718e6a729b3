"""`toulmin check --watch`: check again whenever a checked file, or a file it `use`s,
changes. Uses `watchfiles` (the optional extra `toulmin[watch]`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

Watcher = Callable[[list[Path]], Iterable[set[tuple[Any, str]]]]


def watched(paths: list[str], results: list[Any]) -> tuple[list[Path], set[Path], list[Path]]:
    """(folders to watch, files that matter, folders whose every .claim matters)."""
    files: set[Path] = set()
    trees: list[Path] = []
    for raw in paths:
        p = Path(raw).resolve()
        if p.is_dir():
            trees.append(p)
        else:
            files.add(p)
    for r in results:
        files.add(Path(r.file).resolve())
        files.update(Path(u).resolve() for u in r.uses)
    folders = sorted({*trees, *(f.parent for f in files)})
    # A folder inside another watched folder is already watched (recursively).
    folders = [f for f in folders if not any(o != f and o in f.parents for o in folders)]
    return folders, files, trees


def matters(changed: str, files: set[Path], trees: list[Path]) -> bool:
    p = Path(changed).resolve()
    if p in files:
        return True
    return p.suffix == ".claim" and any(t == p.parent or t in p.parents for t in trees)


def _watchfiles(folders: list[Path]) -> Iterable[set[tuple[Any, str]]]:
    try:
        import watchfiles
    except ImportError:
        raise click.UsageError(
            "--watch needs the watchfiles package: pip install 'toulmin[watch]'"
        ) from None
    return watchfiles.watch(*folders)


def watch_loop(
    run: Callable[[], int],
    paths: list[str],
    results: Callable[[], list[Any]],
    watcher: Watcher = _watchfiles,
) -> None:
    """Run once, then again after every relevant change, until interrupted (or the
    watcher ends). The watched folders are recomputed after each run: an edit may `use`
    a file elsewhere."""
    run()
    while True:
        folders, files, trees = watched(paths, results())
        click.echo(f"toulmin: watching {len(files)} files; Ctrl-C to stop", err=True)
        restarted = False
        for batch in watcher(folders):
            if not any(matters(p, files, trees) for _change, p in batch):
                continue
            click.echo("", err=True)
            run()
            if watched(paths, results())[0] != folders:
                restarted = True
                break
            folders, files, trees = watched(paths, results())
        if not restarted:
            return
