"""`toulmin report` (the HTML page) and `toulmin graph` (argument maps); cli.py adds them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="report.html",
    show_default=True,
    help="The HTML file to write ('-' for standard output).",
)
@click.option(
    "--compare",
    nargs=2,
    type=click.Path(exists=True, dir_okay=False),
    metavar="A B",
    help="Also cross-examine two of the files: shared numbers, re-evaluated claims, cruxes.",
)
@click.option(
    "--budget",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds allowed for each solve or proof.",
)
@click.option("--no-maps", is_flag=True, help="Leave out the argument maps (a smaller file).")
def report(
    paths: tuple[str, ...],
    output: str,
    compare: tuple[str, str] | None,
    budget: float,
    no_maps: bool,
) -> None:
    """Write one self-contained HTML report of PATHS (files, or folders of .claim files).

    \b
    The page holds a summary, a table of claims with range bars, an argument map
    per claim, tornado charts of the ranges that move each claim, and with
    --compare A B the cross-examination of two files. It fetches nothing: open it
    from disk, share it, print it.
      toulmin report claims/ -o report.html
      toulmin report claims/ --compare claims/dettmers.claim claims/fu.claim
    """
    from toulmin.check import collect
    from toulmin.report.html import render
    from toulmin.report.model import build_report

    start = time.perf_counter()
    files, problems = collect(paths)
    if compare:
        # The crux table links to the compared claims' rows: make sure they are there.
        have = {f.resolve() for f, _ in files}
        for c in compare:
            p = Path(c)
            if p.resolve() not in have:
                files.append((p, p.parent))
    for problem in problems:
        click.echo(f"toulmin: {problem}", err=True)
    if not files:
        sys.exit(2)
    try:
        model = build_report(
            files,
            (Path(compare[0]), Path(compare[1])) if compare else None,
            budget,
            graphs=not no_maps,
        )
    except Exception as exc:
        from toulmin.cross.compare import CompareError
        from toulmin.cross.solve import UsageError

        if isinstance(exc, UsageError):
            click.echo(f"toulmin: {exc}", err=True)
            sys.exit(2)
        if isinstance(exc, CompareError):
            click.echo("toulmin: --compare: the files have errors; run `toulmin check`", err=True)
            sys.exit(2)
        raise
    page = render(model)
    if output == "-":
        click.echo(page)
    else:
        Path(output).write_text(page, encoding="utf-8")
        size = len(page.encode("utf-8"))
        click.echo(
            f"wrote {output}: {len(model.files)} files, {len(model.claims)} claims, "
            f"{size / 1024:.0f} KiB in {time.perf_counter() - start:.2f} s",
            err=True,
        )
    invalid = bool(problems) or any(f.diagnostics for f in model.files)
    sys.exit(2 if invalid else 0)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("name", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("dot", "mermaid", "svg")),
    default="dot",
    show_default=True,
    help="dot: for Graphviz; mermaid: renders in GitHub Markdown; svg: the report's map.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def graph(file: str, name: str | None, fmt: str, output: str | None) -> None:
    """Export the argument map of NAME in FILE (a claim or a value; all claims without NAME).

    \b
    Givens at the top, the claim at the bottom; each edge carries the equation
    that links an input to what is computed from it.
      toulmin graph claims/fu.claim f_c1_nine_x --format mermaid
      toulmin graph claims/deepseek.claim --format dot | dot -Tpng > map.png
    """
    from toulmin.report.graph_export import export
    from toulmin.report.model import graph_of

    try:
        g, result = graph_of(Path(file), name)
    except LookupError as exc:
        click.echo(f"toulmin: {exc.args[0]}", err=True)
        sys.exit(2)
    if g is None:
        from toulmin.render.console import console
        from toulmin.render.text import print_results

        print_results(console(True, stderr=True), [result])
        sys.exit(2)
    text = export(g, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
