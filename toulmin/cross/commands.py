"""`toulmin solve` and `toulmin compare` (cross-examination); cli.py adds them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from toulmin.render.console import console as _console


def _print_diagnostics(console: Any, diagnostics: list, texts: dict[str, str]) -> None:
    from rich.text import Text

    from toulmin.render.diagnostics import render as render_diagnostic

    for d in diagnostics:
        for style, line in render_diagnostic(d, texts):
            console.print(Text(line, style=style))


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("name")
@click.option(
    "--for",
    "given",
    metavar="GIVEN",
    help="Solve for this given: the values for which the claim NAME holds.",
)
@click.option("--latex", is_flag=True, help="Show formulas in LaTeX.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
@click.option("--no-color", is_flag=True, help="Plain text.")
@click.option(
    "--budget",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds allowed for each solve or proof.",
)
@click.option(
    "--scenario", metavar="NAME", default=None, help="Solve as scenario NAME has it (v2)."
)
def solve(
    file: str,
    name: str,
    given: str | None,
    latex: bool,
    fmt: str,
    no_color: bool,
    budget: float,
    scenario: str | None = None,
) -> None:
    """Solve for NAME in FILE: its value, range or formula.

    \b
    NAME a given or let: its value or range; where it depends on ranges or on
      names without a value, its formula in terms of them (display units).
    NAME a claim: both sides, the verdict, and how much each range moves it.
    --for GIVEN: the values of GIVEN for which the claim NAME holds, set
      against the value or range the author gave:
        toulmin solve claims/fu.claim f_c1_nine_x --for mfu_new
    """
    from toulmin.check import Options, analyse
    from toulmin.cross.solve import UsageError, solve_for_given, solve_name

    console = _console(no_color)
    err = _console(no_color, stderr=True)
    path = Path(file)
    options = Options(budget=budget, under=scenario)
    a = analyse(path, str(path), None, options, path.parent)
    errors = [d for d in a.diagnostics if d.is_error]
    if errors:
        if fmt == "json":  # one JSON document, whatever happens
            click.echo(_invalid_json(errors, [str(path)]))
        _print_diagnostics(err, errors, {u.display: u.module.text for u in a.units})
        sys.exit(2)
    try:
        out = solve_for_given(a, name, given, budget) if given else solve_name(a, name)
    except UsageError as exc:
        if fmt == "json":
            click.echo(_usage_json(str(exc)))
        err.print(f"toulmin: {exc}", style="red")
        sys.exit(2)
    if fmt == "json":
        from toulmin.render.json import dumps, encode

        click.echo(dumps({"toulmin": "1", **encode(out)}))
    elif fmt == "markdown":
        from toulmin.render.solve import markdown

        click.echo(markdown(out, latex), nl=False)
    else:
        from toulmin.render.solve import print_solution

        print_solution(console, out, latex)
    sys.exit(0)


def _invalid_json(diagnostics: list, files: list[str]) -> str:
    """The `--format json` document of invalid input: `check`'s shape, one result per file.

    Each diagnostic goes with the file it names (a used file's with the file given);
    diagnostics are also printed on stderr, so a reader of the text sees them too.
    """
    from toulmin.engine.results import FileResult
    from toulmin.render.json import document

    results = {f: FileResult(f) for f in files}
    for d in diagnostics:
        where = d.span.file if d.span and d.span.file in results else files[0]
        results[where].diagnostics.append(d)
    return document(list(results.values()), False)


def _usage_json(message: str) -> str:
    from toulmin.render.json import errors_document

    return errors_document([message])


@click.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
@click.option("--no-color", is_flag=True, help="Plain text.")
@click.option(
    "--budget",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds allowed for each solve or proof.",
)
def compare(a: str, b: str, fmt: str, no_color: bool, budget: float) -> None:
    """Cross-examine two arguments A and B that share names.

    Shows the quantities both state side by side, re-evaluates every claim of
    each under the other's givens, and finds the cruxes: for each claim whose
    verdict changes, the smallest set of givens whose swap changes it.

    Exit status: 0 the two agree on every number and verdict; 1 they
    disagree; 2 invalid input (including files that share no names).
    """
    from toulmin.check import Options
    from toulmin.cross.compare import CompareError, compare_files, exit_code
    from toulmin.cross.solve import UsageError

    console = _console(no_color)
    err = _console(no_color, stderr=True)
    try:
        cmp = compare_files(Path(a), Path(b), Options(budget=budget))
    except CompareError as exc:
        if fmt == "json":
            click.echo(_invalid_json(exc.diagnostics, [a, b]))
        _print_diagnostics(err, exc.diagnostics, exc.texts)
        sys.exit(2)
    except UsageError as exc:
        if fmt == "json":
            click.echo(_usage_json(str(exc)))
        err.print(f"toulmin: {exc}", style="red")
        sys.exit(2)
    if fmt == "json":
        from toulmin.render.compare import json_document
        from toulmin.render.json import dumps

        click.echo(dumps(json_document(cmp)))
    elif fmt == "markdown":
        from toulmin.render.compare import markdown

        click.echo(markdown(cmp), nl=False)
    else:
        from toulmin.render.compare import print_comparison

        print_comparison(console, cmp)
    sys.exit(exit_code(cmp))
