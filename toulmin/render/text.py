"""The terminal report: a table of claims per file, then compiler-style diagnostics."""

from __future__ import annotations

from typing import Any

from toulmin.engine.results import ClaimResult, FileResult, Quantity
from toulmin.render.diagnostics import render as render_diagnostic
from toulmin.units.format import number

VERDICT_STYLE = {
    "holds": "green",
    "fails": "red",
    "depends": "yellow",
    "open": "cyan",
    "undecided": "magenta",
}


def show(q: Quantity | None) -> str:
    """A quantity in its display unit: `2.788M GPU*h`, `15 % to 25 %`."""
    if q is None or q.value is None:
        return "?"
    digits = 4
    if q.low != q.high and q.low is not None and q.high is not None:
        while digits < 9 and number(q.low / q.scale, digits) == number(q.high / q.scale, digits):
            digits += 1  # never show a range as "2018 year to 2018 year"

    def one(x: float) -> str:
        shown = number(x / q.scale, digits)
        if not q.unit:
            return shown
        return f"{shown}x" if q.unit == "x" else f"{shown} {q.unit}"

    assert q.low is not None and q.high is not None
    if q.low == q.high or abs(q.high - q.low) <= 1e-12 * max(abs(q.high), abs(q.low)):
        return one(q.value)
    return f"{one(q.low)} to {one(q.high)}"


def point_text(p: dict[str, Quantity] | None) -> str:
    if not p:
        return ""
    return ", ".join(f"{k} = {show(v)}" for k, v in p.items())


def note(c: ClaimResult) -> str:
    """The counterexample, condition or bounds that explain a verdict."""
    if c.verdict == "depends":
        return f"fails at {point_text(c.counterexample)}; holds at {point_text(c.witness)}"
    if c.verdict == "open":
        return c.condition or ""
    if c.verdict == "undecided":
        return c.note or ""
    if c.kind == "consistency":
        return (
            "given and derived values agree"
            if c.verdict == "holds"
            else "the given value and the derived value disagree"
        )
    return ""


def summary(results: list[FileResult]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        for c in r.claims:
            counts[c.verdict] = counts.get(c.verdict, 0) + 1
    total = sum(counts.values())
    parts = [
        f"{counts[v]} {v}"
        for v in ("holds", "fails", "depends", "open", "undecided")
        if counts.get(v)
    ]
    errors = sum(1 for r in results for d in r.diagnostics if d.is_error)
    warnings = sum(1 for r in results for d in r.diagnostics if not d.is_error)
    text = (
        f"{len(results)} file{'s' if len(results) != 1 else ''}, {total} claim"
        f"{'s' if total != 1 else ''}" + (f": {', '.join(parts)}" if parts else "")
    )
    if errors:
        text += f"; {errors} error{'s' if errors != 1 else ''}"
    if warnings:
        text += f"; {warnings} warning{'s' if warnings != 1 else ''}"
    return text


def print_results(console: Any, results: list[FileResult]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    for r in results:
        title = r.file
        if r.title:
            title += f" — {r.title}" + (f" by {r.author}" if r.author else "")
        console.print(Text(title, style="bold"))
        if r.claims:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
            table.add_column("claim", no_wrap=True)
            table.add_column("verdict", no_wrap=True)
            table.add_column("left", justify="right")
            table.add_column("op", justify="center")
            table.add_column("right", justify="right")
            table.add_column("why")
            for c in r.claims:
                cid = c.id + (" (consistency)" if c.kind == "consistency" else "")
                table.add_row(
                    cid,
                    Text(c.verdict, style=VERDICT_STYLE.get(c.verdict, "")),
                    show(c.lhs),
                    c.op,
                    show(c.rhs),
                    note(c),
                )
            console.print(table)
        elif not r.diagnostics:
            console.print("  (no claims)")
        for d in r.diagnostics:
            for style, line in render_diagnostic(d, r.texts):
                console.print(Text(line, style=style))
        console.print()
    console.print(Text(summary(results), style="bold"))
