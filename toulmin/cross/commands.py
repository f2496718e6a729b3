"""`toulmin solve` and `toulmin compare` (cross-examination); cli.py adds them."""

from __future__ import annotations

import json
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
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--no-color", is_flag=True, help="Plain text.")
@click.option(
    "--budget",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds allowed for each solve or proof.",
)
def solve(
    file: str, name: str, given: str | None, latex: bool, fmt: str, no_color: bool, budget: float
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
    options = Options(budget=budget)
    a = analyse(path, str(path), None, options, path.parent)
    errors = [d for d in a.diagnostics if d.is_error]
    if errors:
        _print_diagnostics(err, errors, {u.display: u.module.text for u in a.units})
        sys.exit(2)
    try:
        out = solve_for_given(a, name, given, budget) if given else solve_name(a, name, latex)
    except UsageError as exc:
        err.print(f"toulmin: {exc}", style="red")
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps({"toulmin": "1", **out}, ensure_ascii=False, indent=2))
    else:
        _print_solve(console, a, out, latex)
    sys.exit(0)


def _q(q: dict | None) -> str:
    from toulmin.units.format import number

    if q is None:
        return "? (no value)"
    unit = q["unit"]

    def one(x: float) -> str:
        s = number(x)
        return s if not unit else f"{s}x" if unit == "x" else f"{s} {unit}"

    if q["low"] == q["high"]:
        return one(q["value"])
    return f"{one(q['low'])} to {one(q['high'])}"


def _print_formula(console: Any, lhs: str, fm: dict, latex: bool) -> None:
    body = fm["latex"] if latex else fm["text"]
    console.print(f"  {lhs} = {body}")
    units = ", ".join(f"{n} in {u or '1'}" for n, u in sorted(fm["units"].items()))
    console.print(f"    (result in {fm['result_unit'] or '1'}; {units})", style="dim")


def _print_solve(console: Any, a: Any, out: dict, latex: bool) -> None:
    from rich.text import Text

    from toulmin.cross.sensitivity import sensitivity_text

    name = out["name"]
    if "given" in out:  # --for
        console.print(Text(f"{name}: solved for {out['given']}", style="bold"))
        if out.get("kind") == "claim":
            console.print(
                f"  holds when {out['text']}" if out.get("regions") else f"  {out['text']}"
            )
        if out.get("note"):
            console.print(f"  ({out['note']})", style="dim")
        if out.get("comparison"):
            console.print(f"  {out['comparison']}")
        if out.get("kind") == "quantity":
            console.print(f"  value with the author's {out['given']}: {_q(out.get('value'))}")
            if out.get("formula"):
                _print_formula(console, name, out["formula"], latex)
        elif out.get("author") and not out.get("comparison"):
            console.print(f"  the author's {out['given']}: {_q(out['author'])}", style="dim")
        return
    kind = out["kind"]
    if kind in ("claim", "consistency"):
        v = out["verdict"]
        label = Text(f"claim {name}: ", style="bold")
        label.append(
            v,
            style={"holds": "green", "fails": "red", "depends": "yellow", "open": "cyan"}.get(
                v, "magenta"
            ),
        )
        label.append(f" ({out['proof']})")
        console.print(label)
        s = out["sides"]
        console.print(f"  left {_q(s['lhs']['value'])}  {out['op']}  right {_q(s['rhs']['value'])}")
        for side in ("lhs", "rhs"):
            if s[side].get("formula"):
                _print_formula(
                    console, "left" if side == "lhs" else "right", s[side]["formula"], latex
                )
        if out.get("condition"):
            console.print(f"  {out['condition']}")
        if out.get("counterexample"):
            cex = ", ".join(f"{k} = {_q(q)}" for k, q in out["counterexample"].items())
            wit = ", ".join(f"{k} = {_q(q)}" for k, q in (out.get("witness") or {}).items())
            console.print(f"  fails at {cex}; holds at {wit}")
        for line in sensitivity_text(out.get("sensitivity") or [], a.program):
            console.print(line)
        return
    console.print(Text(f"{name} ({kind}) = {_q(out.get('value'))}", style="bold"))
    if out.get("how"):
        console.print(f"  {out['how']}", style="dim")
    if out.get("formula"):
        _print_formula(console, name, out["formula"], latex)


@click.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
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
    from toulmin.cross.compare import CompareError, compare_files, exit_code, print_text, to_json
    from toulmin.cross.solve import UsageError

    console = _console(no_color)
    err = _console(no_color, stderr=True)
    try:
        cmp = compare_files(Path(a), Path(b), Options(budget=budget))
    except CompareError as exc:
        _print_diagnostics(err, exc.diagnostics, exc.texts)
        sys.exit(2)
    except UsageError as exc:
        err.print(f"toulmin: {exc}", style="red")
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(to_json(cmp), ensure_ascii=False, indent=2))
    else:
        print_text(console, cmp)
    sys.exit(exit_code(cmp))
