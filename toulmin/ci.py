"""What `toulmin check` does for CI and the editing loop, kept out of cli.py so the command
module stays small: the CI formats (`sarif`, `github`, `junit`), the Markdown step summary
of GitHub Actions, and the `--cross-check N`, `--seed S` and `--watch` options.

cli.py uses three names: `CI_FORMATS` (added to `--format`), `@check_options` (on the
`check` command) and `emit(...)` (called once the results are in).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

CI_FORMATS = ("sarif", "github", "junit")
_RESULTS = "toulmin.results"  # ctx.meta key: the last check's results, for the options


def emit(fmt: str, results: list[Any], *, invalid: bool, ok: bool) -> bool:
    """Append the step summary, print a CI format; True when `fmt` was one of ours."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[_RESULTS] = results
    step_summary(results)
    if fmt not in CI_FORMATS:
        return False
    code = 2 if invalid else 0 if ok else 1
    if fmt == "sarif":
        from toulmin.render.sarif import document as sarif

        click.echo(sarif(results, code))
    elif fmt == "github":
        from toulmin.render.github import document as github

        click.echo(github(results), nl=False)
    else:
        from toulmin.render.junit import document as junit

        click.echo(junit(results), nl=False)
    return True


def step_summary(results: list[Any]) -> None:
    """In GitHub Actions (`GITHUB_STEP_SUMMARY` set), append the Markdown table there."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not results:
        return
    from toulmin.render.markdown import document as md

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(md(results) + "\n")
    except OSError as exc:  # a summary is a courtesy: never fail the check for it
        click.echo(f"toulmin: cannot write the step summary {target}: {exc}", err=True)


def check_options(f: Callable[..., None]) -> Callable[..., None]:
    """Add `--cross-check`, `--seed` and `--watch` to the `check` command.

    The wrapped command ends with `sys.exit(code)`; the wrapper runs it, then the
    cross-check (exit 3, an internal error, when proof and samples disagree), and with
    `--watch` runs it again whenever a checked or used file changes.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, cross_check: int, seed: int | None, watch: bool, **kw: Any) -> None:
        ctx = click.get_current_context()

        def once() -> int:
            try:
                f(*args, seed=seed, **kw)  # (v2) the same seed drives P(holds)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            if cross_check and code in (0, 1):
                code = _cross_check(ctx, cross_check, seed) or code
            return code

        if watch:
            from toulmin.watch import watch_loop

            watch_loop(once, list(kw["paths"]), lambda: ctx.meta.get(_RESULTS, []))
            sys.exit(0)
        sys.exit(once())

    wrapper = click.option(
        "--watch",
        is_flag=True,
        help="Check again whenever a checked file or a file it uses changes "
        "(needs toulmin[watch]).",
    )(wrapper)
    wrapper = click.option(
        "--seed",
        type=click.IntRange(0),
        default=None,
        help="Seed of the probability sampling, P(holds) and percentiles (default: a fixed "
        "seed), and of the cross-check (default: a fixed derandomised search).",
    )(wrapper)
    wrapper = click.option(
        "--cross-check",
        type=click.IntRange(0),
        default=0,
        show_default=True,
        metavar="N",
        help="After proving, sample N points per claim and confirm the proof agrees "
        "(exit 3 with the point if not).",
    )(wrapper)
    return wrapper


def _cross_check(ctx: click.Context, n: int, seed: int | None) -> int:
    from toulmin.crosscheck import cross_check

    results = ctx.meta.get(_RESULTS, [])
    found = cross_check(results, n, seed=seed)
    for d in found:
        click.echo(f"toulmin: internal error: cross-check: {d}", err=True)
    if found:
        click.echo("This is a bug in toulmin: the proof and the samples disagree.", err=True)
        return 3
    return 0
