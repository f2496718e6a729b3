"""The terminal report: a table of claims per file, then compiler-style diagnostics."""

from __future__ import annotations

from typing import Any

from toulmin.engine.results import ClaimResult, FileResult, Quantity
from toulmin.render.diagnostics import render as render_diagnostic
from toulmin.render.quantity import show

VERDICT_STYLE = {
    "holds": "green",
    "fails": "red",
    "depends": "yellow",
    "open": "cyan",
    "undecided": "magenta",
}


def point_text(p: dict[str, Quantity] | None) -> str:
    if not p:
        return ""
    return ", ".join(f"{k} = {show(v)}" for k, v in p.items())


def note(c: ClaimResult) -> str:
    """The counterexample, condition or bounds that explain a verdict."""
    if c.qualifier is not None and c.note:
        return c.note  # (v2) a qualified claim: why P is inside its band or not
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


def scenario_names(r: FileResult) -> list[str]:
    """(v2) The scenarios evaluated for a file, in file order: one verdict column each."""
    return [s.name for s in r.scenarios if s.evaluated]


def scenario_verdicts(c: ClaimResult, names: list[str]) -> list[str]:
    """(v2) A claim's verdict under each scenario; `—` where it has none (the scenario's
    values are invalid: its error is among the diagnostics)."""
    return [c.scenarios[n].verdict if n in c.scenarios else "—" for n in names]


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


def print_results(console: Any, results: list[FileResult], percentiles: bool = False) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from toulmin.render.probability import claim_label, has_probability, p_cell

    for r in results:
        title = r.file
        if r.title:
            title += f" — {r.title}" + (f" by {r.author}" if r.author else "")
        console.print(Text(title, style="bold"))
        if r.claims:
            with_p = has_probability([r])  # (v2) a P(holds) column where a claim has one
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
            table.add_column("claim", no_wrap=True)
            table.add_column("verdict", no_wrap=True)
            scenarios = scenario_names(r)
            for name in scenarios:
                table.add_column(name, no_wrap=True)
            table.add_column("left", justify="right")
            table.add_column("op", justify="center")
            table.add_column("right", justify="right")
            if with_p:
                table.add_column("P(holds)", justify="right", no_wrap=True)
            table.add_column("why")
            for c in r.claims:
                cid = c.id + claim_label(c) + (" (consistency)" if c.kind == "consistency" else "")
                table.add_row(
                    cid,
                    Text(c.verdict, style=VERDICT_STYLE.get(c.verdict, "")),
                    *(
                        Text(v, style=VERDICT_STYLE.get(v, ""))
                        for v in scenario_verdicts(c, scenarios)
                    ),
                    show(c.lhs),
                    c.op,
                    show(c.rhs),
                    *([p_cell(c)] if with_p else []),
                    note(c),
                )
            console.print(table)
        elif not r.diagnostics:
            console.print("  (no claims)")
        if percentiles:
            print_percentiles(console, r)
        for d in r.diagnostics:
            for style, line in render_diagnostic(d, r.texts):
                console.print(Text(line, style=style))
        console.print()
    console.print(Text(summary(results), style="bold"))


def print_percentiles(console: Any, r: FileResult) -> None:
    """(v2) `--percentiles`: the mean and 5/50/95 percentiles of every value that
    depends on a distribution."""
    from rich import box
    from rich.table import Table

    from toulmin.render.probability import percentile_row

    rows = [(n, got) for n, q in r.values.items() if (got := percentile_row(q)) is not None]
    if not rows:
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("value", no_wrap=True)
    for head in ("mean", "5 %", "50 %", "95 %"):
        table.add_column(head, justify="right", no_wrap=True)
    for name, cells in rows:
        table.add_row(name, *cells)
    console.print(table)
