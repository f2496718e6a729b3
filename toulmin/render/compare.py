"""`toulmin compare` as text (Rich tables) and Markdown: the numbers both authors state,
the claims re-evaluated under the other's givens, and the cruxes."""

from __future__ import annotations

from typing import Any

from toulmin.engine.analyses import ComparisonResult, Crux
from toulmin.render.quantity import show
from toulmin.render.text import VERDICT_STYLE
from toulmin.units.format import number


def _value(q: Any) -> str:
    return "(no value)" if q is None else show(q)


def _mark(status: str, factor: float | None) -> str:
    return status + (f" ×{number(factor, 3)}" if factor else "")


def _decided_by(c: Crux) -> str:
    sets = [" + ".join(s) for s in c.sets]
    text = " or ".join(sets) if sets else "(no subset reproduces it)"
    if c.alternatives:
        text += f" (+{c.alternatives} more)"
    if c.method == "greedy":
        text += " [greedy]"
    return text


def _deciding(cmp: ComparisonResult) -> str:
    names: dict[str, int] = {}
    for c in cmp.cruxes:
        for n in {n for s in c.sets for n in s}:
            names[n] = names.get(n, 0) + 1
    ranked = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{n} ({k} claim{'s' if k != 1 else ''})" for n, k in ranked)


def _shared_line(cmp: ComparisonResult) -> str:
    n_given = sum(1 for q in cmp.quantities if q.kind == "given")
    n_der = len(cmp.quantities) - n_given
    return (
        f"shared: {n_given} given{'s' if n_given != 1 else ''} and {n_der} derived "
        f"name{'s' if n_der != 1 else ''} stated by the authors; "
        f"{cmp.agree_from_common_files} names from common used files agree"
    )


def _verdict_counts(cmp: ComparisonResult, label: str) -> tuple[str, list[str]]:
    own = [c for c in cmp.claims if c.owner == label]
    moved = [c for c in own if c.swapped]
    changed = [c for c in own if c.own != c.other]
    kept = [c.claim for c in moved if c.own == c.other]
    return (
        f"{label}: {len(own)} claims, {len(moved)} depend on a swapped given, "
        f"{len(changed)} change verdict",
        kept,
    )


def print_comparison(console: Any, cmp: ComparisonResult) -> None:
    """Print the comparison as text."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    A, B = cmp.a, cmp.b
    title = Text()
    title.append(A.file, style="bold")
    title.append(f" ({A.who}) vs ")
    title.append(B.file, style="bold")
    title.append(f" ({B.who})")
    console.print(title)
    console.print(_shared_line(cmp), style="dim")
    console.print()

    console.print(
        Text(
            f"1. The numbers both state (apart: disjoint beyond {cmp.tolerance:.0%}; "
            f"overlap: the ranges meet but differ)",
            style="bold",
        )
    )
    same = [q.name for q in cmp.quantities if q.status == "same"]
    rows = [q for q in cmp.quantities if q.status != "same"]
    if rows:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        t.add_column("name", no_wrap=True)
        t.add_column("", no_wrap=True)
        t.add_column(A.label, justify="right", no_wrap=True)
        t.add_column(B.label, justify="right", no_wrap=True)
        t.add_column("", no_wrap=True)
        for q in rows:
            style = "red" if q.status == "apart" else "yellow" if q.status == "overlap" else "dim"
            t.add_row(
                q.name,
                q.kind,
                _value(q.a),
                _value(q.b),
                Text(_mark(q.status, q.factor), style=style),
            )
        console.print(t)
    if same:
        shown = ", ".join(same[:12]) + (f" and {len(same) - 12} more" if len(same) > 12 else "")
        console.print(f"  same in both: {shown}")
    console.print()

    console.print(Text("2. Claims re-evaluated under the other author's givens", style="bold"))
    for side in (A, B):
        line, kept = _verdict_counts(cmp, side.label)
        console.print(f"  {line}")
        if kept:
            console.print(f"    keep their verdict: {', '.join(kept)}", style="dim")
    console.print()

    console.print(
        Text(
            "3. Cruxes: the smallest swap of givens that changes each contested verdict",
            style="bold",
        )
    )
    if not cmp.contested:
        console.print("  none: every claim keeps its verdict under the other author's givens")
    else:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        t.add_column("claim", no_wrap=True)
        t.add_column("own", no_wrap=True)
        t.add_column("→ other's", no_wrap=True)
        t.add_column("decided by")
        for c in cmp.cruxes:
            t.add_row(
                f"{c.claim} ({c.owner})",
                Text(c.from_, style=VERDICT_STYLE.get(c.from_, "")),
                Text(c.to, style=VERDICT_STYLE.get(c.to, "")),
                _decided_by(c),
            )
        console.print(t)
        deciding = _deciding(cmp)
        if deciding:
            console.print(f"  deciding assumptions: {deciding}")
        if any(c.method == "greedy" for c in cmp.cruxes):
            console.print(
                f"  [greedy]: more than {cmp.exact_limit} candidate names; the set is "
                "minimal (no name can be dropped) but may not be the smallest",
                style="dim",
            )
    for n in cmp.notes:
        console.print(f"  note: {n}", style="dim")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(cmp: ComparisonResult) -> str:
    """The comparison as Markdown tables."""
    A, B = cmp.a, cmp.b
    out = [f"### `{A.file}` ({A.who}) vs `{B.file}` ({B.who})", "", _shared_line(cmp), ""]
    out += [
        f"#### The numbers both state (apart: disjoint beyond {cmp.tolerance:.0%})",
        "",
        f"| name | kind | {_cell(A.label)} | {_cell(B.label)} | |",
        "|---|---|---|---|---|",
    ]
    for q in cmp.quantities:
        out.append(
            f"| `{q.name}` | {q.kind} | {_cell(_value(q.a))} | {_cell(_value(q.b))} | "
            f"{_mark(q.status, q.factor)} |"
        )
    out += ["", "#### Claims re-evaluated under the other author's givens", ""]
    for side in (A, B):
        line, kept = _verdict_counts(cmp, side.label)
        out.append(f"- {line}" + (f" (keep their verdict: {', '.join(kept)})" if kept else ""))
    out += ["", "#### Cruxes", ""]
    if not cmp.contested:
        out.append("none: every claim keeps its verdict under the other author's givens")
    else:
        out += ["| claim | own | → other's | decided by |", "|---|---|---|---|"]
        for c in cmp.cruxes:
            out.append(
                f"| `{c.claim}` ({_cell(c.owner)}) | **{c.from_}** | **{c.to}** | "
                f"{_cell(_decided_by(c))} |"
            )
        deciding = _deciding(cmp)
        if deciding:
            out += ["", f"Deciding assumptions: {deciding}"]
    for n in cmp.notes:
        out.append(f"- note: {n}")
    return "\n".join(out) + "\n"


def json_document(cmp: ComparisonResult) -> dict[str, Any]:
    """The `--format json` document: the result's fields, plus the count of disagreements."""
    from toulmin.render.json import encode

    doc = {"toulmin": "1", **encode(cmp)}
    doc["tolerance"] = {"relative": cmp.tolerance}
    doc["disagreements"] = len(cmp.disagreements)
    return doc
