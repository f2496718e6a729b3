"""`toulmin solve` as text and Markdown: a value and its formula, a claim's sides, or
where a claim holds as one given varies (`--for`)."""

from __future__ import annotations

from typing import Any

from toulmin.engine.analyses import ClaimSolution, Formula, GivenSolution, Solution, ValueSolution
from toulmin.render.quantity import show
from toulmin.render.sensitivity import sensitivity_lines, sensitivity_markdown
from toulmin.render.text import VERDICT_STYLE


def _value(q: Any) -> str:
    return "? (no value)" if q is None else show(q)


def formula_lines(lhs: str, fm: Formula, latex: bool) -> list[tuple[str, str]]:
    """`lhs = formula`, then the units its names are taken in (style, text)."""
    units = ", ".join(f"{n} in {u or '1'}" for n, u in sorted(fm.units.items()))
    return [
        ("", f"  {lhs} = {fm.latex if latex else fm.text}"),
        ("dim", f"    (result in {fm.result_unit or '1'}; {units})"),
    ]


def how_text(s: ValueSolution) -> str | None:
    """How the value follows, in words (None: a given with its value)."""
    if s.free:
        return "free: no value (an unknown premise)"
    if s.how == "let":
        return "computed from its definition (let)"
    if s.how == "block":
        return f"solved together with {', '.join(s.together)} from {', '.join(s.equations)}"
    if s.how == "numeric":
        return f"solved numerically from {', '.join(s.equations)}"
    if s.how == "solved":
        return f"solved from {', '.join(s.equations)}"
    return None


def lines(s: Solution, latex: bool = False) -> list[tuple[str, str]]:
    """The text output as (style, line) pairs; the first line is the heading."""
    out: list[tuple[str, str]] = []
    if isinstance(s, GivenSolution):
        out.append(("bold", f"{s.name}: solved for {s.given}"))
        if s.kind == "claim":
            out.append(("", f"  holds when {s.text}" if s.regions else f"  {s.text}"))
        if s.note:
            out.append(("dim", f"  ({s.note})"))
        if s.comparison:
            out.append(("", f"  {s.comparison}"))
        if s.kind == "quantity":
            out.append(("", f"  value with the author's {s.given}: {_value(s.value)}"))
            if s.formula:
                out += formula_lines(s.name, s.formula, latex)
        elif s.author is not None and not s.comparison:
            out.append(("dim", f"  the author's {s.given}: {_value(s.author)}"))
        return out
    if isinstance(s, ClaimSolution):
        out.append(("bold", f"claim {s.name}: {s.verdict} ({s.proof})"))
        out.append(("", f"  left {_value(s.lhs.value)}  {s.op}  right {_value(s.rhs.value)}"))
        for side, label in ((s.lhs, "left"), (s.rhs, "right")):
            if side.formula:
                out += formula_lines(label, side.formula, latex)
        if s.condition:
            out.append(("", f"  {s.condition}"))
        if s.counterexample:
            cex = ", ".join(f"{k} = {show(q)}" for k, q in s.counterexample.items())
            wit = ", ".join(f"{k} = {show(q)}" for k, q in (s.witness or {}).items())
            out.append(("", f"  fails at {cex}; holds at {wit}"))
        out += [("", line) for line in sensitivity_lines(s.sensitivity)]
        return out
    out.append(("bold", f"{s.name} ({s.kind}) = {_value(s.value)}"))
    how = how_text(s)
    if how:
        out.append(("dim", f"  {how}"))
    if s.formula:
        out += formula_lines(s.name, s.formula, latex)
    return out


def print_solution(console: Any, s: Solution, latex: bool = False) -> None:
    """Print the text output (a claim's verdict in its colour)."""
    from rich.text import Text

    for i, (style, line) in enumerate(lines(s, latex)):
        if i == 0 and isinstance(s, ClaimSolution):
            head = Text(f"claim {s.name}: ", style="bold")
            head.append(s.verdict, style=VERDICT_STYLE.get(s.verdict, "magenta"))
            head.append(f" ({s.proof})")
            console.print(head)
        else:
            console.print(Text(line, style=style))


def markdown(s: Solution, latex: bool = False) -> str:
    """The output as Markdown: a heading, then the lines (formulas as code)."""
    body = lines(s, latex)
    out = [f"### {body[0][1]}", ""]
    for _, line in body[1:]:
        text = line.strip()
        if isinstance(s, ClaimSolution) and text.startswith("sensitivity"):
            break
        out.append(f"- {text}")
    if isinstance(s, ClaimSolution) and s.sensitivity:
        out += ["", *sensitivity_markdown(s.sensitivity)]
    return "\n".join(out) + "\n"
