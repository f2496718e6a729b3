"""The `toulmin` command: check, explain (and the cross-examination commands)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from toulmin.check import collect
from toulmin.ci import CI_FORMATS, check_options, emit
from toulmin.engine.collection import fewer_collections
from toulmin.render.console import console as make_console

FORMATS = ("text", "json", "markdown", *CI_FORMATS)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        # Read before Click consumes them: a `--format json` run must print JSON even on a bug.
        argv = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        try:
            # the whole command, rendering included: a report of 100,000 values built
            # under the default threshold spent 2/3 of its time in the cycle collector
            with fewer_collections():
                return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("TOULMIN_DEBUG"):
                raise
            if _wants_json(argv):
                click.echo(_json_errors([f"internal error: {type(exc).__name__}: {exc}"]))
            click.echo(
                f"toulmin: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in toulmin; run with TOULMIN_DEBUG=1 for details.",
                err=True,
            )
            sys.exit(3)


def _wants_json(argv: list[str]) -> bool:
    from itertools import pairwise

    return "--format=json" in argv or any(
        a == "--format" and b == "json" for a, b in pairwise(argv)
    )


def _json_errors(messages: list[str]) -> str:
    """The one JSON document of a run that has no results to show, only errors."""
    from toulmin.render.json import errors_document

    return errors_document(messages)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="toulmin", prog_name="toulmin")
def main() -> None:
    """Check quantitative arguments written as .claim files.

    Each claim gets a verdict, proved over every value in the given ranges:
    holds, fails, depends (with a counterexample), open (with the condition
    under which it would hold) or undecided.

    \b
    Examples:
      toulmin check claims/
      toulmin check deepseek.claim --format json
      toulmin explain claims/fu.claim f_c1_nine_x

    Defaults come from [tool.toulmin] in the nearest pyproject.toml; flags win.
    Shell completion: eval "$(_TOULMIN_COMPLETE=bash_source toulmin)" (or zsh_source,
    fish_source).
    """
    from toulmin.config import install

    install(click.get_current_context())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: a table and compiler-style diagnostics; json: the spec's JSON "
    "document only; markdown: tables for documents; sarif, github, junit: for CI.",
)
@click.option(
    "--no-color",
    is_flag=True,
    help="Plain text (also when NO_COLOR is set or the output is not a terminal).",
)
@click.option("--strict", is_flag=True, help="Warnings count as errors; givens need sources.")
@click.option(
    "--budget",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds allowed for each solve or proof before `undecided`.",
)
@click.option(
    "--max-file-kib",
    type=click.IntRange(1),
    default=1024,
    show_default=True,
    help="Largest file accepted (a `limit` error beyond).",
)
@click.option(
    "--max-depth",
    type=click.IntRange(1),
    default=200,
    show_default=True,
    help="Deepest expression nesting accepted.",
)
@click.option(
    "--max-exponent",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    help="Largest |p| accepted in x^p.",
)
@click.option(
    "--samples",
    type=click.IntRange(1, 100_000_000),
    default=100_000,
    show_default=True,
    help="Samples per P(holds) estimate (a qualified claim near its band's edge may "
    "double them, within --budget).",
)
@click.option(
    "--percentiles",
    is_flag=True,
    help="Also print the mean and 5/50/95 percentiles of values that depend on "
    "distributions (JSON always has them).",
)
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    metavar="NAME",
    help="Evaluate only this scenario (repeatable); default: every scenario of the file. "
    "Scenarios never change the exit status.",
)
@check_options
def check(
    paths: tuple[str, ...],
    fmt: str,
    no_color: bool,
    strict: bool,
    budget: float,
    max_file_kib: int,
    max_depth: int,
    max_exponent: int,
    samples: int = 100_000,
    percentiles: bool = False,
    seed: int | None = None,
    scenarios: tuple[str, ...] = (),
) -> None:
    """Check .claim files, or every .claim file under a folder.

    Exit status: 0 every claim holds and there are no errors; 1 some claim
    fails, depends, is open or undecided; 2 invalid input or usage.
    """
    from dataclasses import replace

    from toulmin.check import check_file
    from toulmin.options import Limits, Options

    limits = Limits(max_file_kib * 1024, max_depth, max_exponent)

    files, problems = collect(paths)
    console = make_console(no_color)
    err = make_console(no_color, stderr=True)
    for p in problems:
        err.print(f"toulmin: {p}")
    chosen = tuple(scenarios) or None
    options = Options(
        strict=strict,
        budget=budget,
        limits=limits,
        samples=samples,
        scenarios=chosen,
    )
    if seed is not None:
        options = replace(options, seed=seed)
    results = [check_file(f, options=options, root=root, display=str(f)) for f, root in files]
    if chosen and (unknown := _unknown_scenarios(chosen, results)):
        _usage_error(unknown, fmt, err)
    # A file's warnings are its own: they never depend on what else is on the command
    # line (issue 9), so `unused` is not filtered by the other files checked with it.
    if strict:
        from dataclasses import replace

        for r in results:
            r.diagnostics = [
                replace(d, severity="error") if d.severity == "warning" else d
                for d in r.diagnostics
            ]
    invalid = bool(problems) or any(r.has_errors for r in results)
    ok = not invalid and all(r.ok for r in results)
    if emit(fmt, results, invalid=invalid, ok=ok):
        pass  # a CI format, printed by toulmin.ci
    elif fmt == "json":
        from toulmin.render.json import document

        click.echo(document(results, ok, [{"message": p} for p in problems] or None))
    elif fmt == "markdown":
        from toulmin.render.markdown import document as md

        click.echo(md(results), nl=False)
    else:
        from toulmin.render.text import print_results

        if results:
            print_results(console, results, percentiles)
    sys.exit(2 if invalid else 0 if ok else 1)


def _unknown_scenarios(chosen: tuple[str, ...], results: list[Any]) -> str | None:
    """A usage problem when a `--scenario` name is no scenario of any checked file."""
    known = {s.name: None for r in results for s in r.scenarios}
    missing = [n for n in chosen if n not in known]
    if not missing:
        return None
    names = ", ".join(f"`{n}`" for n in missing)
    listed = "; ".join(
        f"{r.file}: {', '.join(s.name for s in r.scenarios)}" for r in results if r.scenarios
    )
    return f"unknown scenario {names}; " + (
        f"the scenarios are {listed}" if listed else "the checked files have no scenarios"
    )


def _usage_error(message: str, fmt: str, err: Any) -> None:
    """Exit 2 with a usage problem, as the one JSON document when JSON was asked for."""
    if fmt == "json":
        click.echo(_json_errors([message]))
    else:
        err.print(f"toulmin: {message}", markup=False, highlight=False)
    sys.exit(2)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("name")
@click.option("--no-color", is_flag=True, help="Plain text.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
@click.option(
    "--scenario", metavar="NAME", default=None, help="Derive it as scenario NAME has it (v2)."
)
def explain(file: str, name: str, no_color: bool, fmt: str, scenario: str | None = None) -> None:
    """Show how the claim or value NAME of FILE was derived.

    Prints the tree of equations and givens behind NAME, each with its value,
    unit and source. NAME is a claim id, a given or a let (imported names by
    their full name, e.g. hw.h100_bf16).
    """
    from toulmin.explain import explain_name

    if fmt != "json":
        sys.exit(explain_name(Path(file), name, make_console(no_color), fmt, scenario))
    # JSON: capture what explain prints, so a failure is one JSON document too.
    import io

    from rich.console import Console

    buf = io.StringIO()
    quiet = Console(file=buf, no_color=True, highlight=False, markup=False, soft_wrap=True)
    code = explain_name(Path(file), name, quiet, fmt, scenario)
    if code == 0:
        click.echo(buf.getvalue(), nl=False)
        sys.exit(code)
    from toulmin.check import check_file
    from toulmin.render.json import document

    result = check_file(file, display=file)
    if result.has_errors:
        click.echo(document([result], False))
    else:  # valid file, but no such NAME
        click.echo(_json_errors([buf.getvalue().strip().removeprefix("toulmin: ")]))
    sys.exit(code)


# Each further command lives in its own module and is added here, so no command module
# imports this one (no cycle) and adding a command is one line.
from toulmin.cross.commands import compare, solve  # noqa: E402
from toulmin.report.commands import graph, report  # noqa: E402

main.add_command(solve)
main.add_command(compare)
main.add_command(report)
main.add_command(graph)

from toulmin.fmt import fmt  # noqa: E402
from toulmin.lsp.commands import lsp  # noqa: E402

main.add_command(fmt)
main.add_command(lsp)

if __name__ == "__main__":  # pragma: no cover
    main()
