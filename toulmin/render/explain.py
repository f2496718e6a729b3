"""`toulmin explain` as text (a Rich tree) and as Markdown (nested lists).

Both phrase the same data (`engine.analyses.Explanation`); a block of equations solved
together is shown with every one of its equations.
"""

from __future__ import annotations

from typing import Any

from toulmin.engine.analyses import ClaimNode, Explanation, NameNode
from toulmin.render.quantity import show
from toulmin.render.sensitivity import sensitivity_lines, sensitivity_markdown
from toulmin.render.text import VERDICT_STYLE, note


def how_lines(node: NameNode) -> list[str]:
    """How a derived name got its value, one line per equation it was solved from."""
    if node.how is None or not node.equations:
        return []
    if node.how == "block":
        head = f"solved together with {', '.join(node.together)} from:"
        return [head] + [f"  {e.statement}  ({e.at})" for e in node.equations]
    verb = "solved numerically from" if node.how == "numeric" else "solved from"
    return [f"{verb} {e.name}: {e.statement}" for e in node.equations]


def note_text(node: NameNode) -> str | None:
    """Why the tree stops at this node, if it does."""
    if node.kind == "free":
        return "no value: an unknown premise (claims that need it are open)"
    if node.repeated:
        return "shown above"
    if node.cut:
        return f"deeper steps not shown: run `toulmin explain FILE {node.name}`"
    return None


def _claim_label(node: ClaimNode) -> Any:
    from rich.text import Text

    c = node.claim
    label = Text()
    label.append(f"claim {c.id}", style="bold")
    label.append(f"  {c.verdict}", style=VERDICT_STYLE.get(c.verdict, ""))
    label.append(f" ({c.proof})  {node.at}\n")
    label.append(f"  {node.statement}\n")
    label.append(f"  left {show(c.lhs)}  {c.op}  right {show(c.rhs)}")
    if c.probability is not None:
        label.append(f"\n  P(holds) = {c.probability.text()}")
    why = note(c)
    if why:
        label.append(f"\n  {why}")
    if c.text:
        label.append(f'\n  "{c.text}"', style="italic")
    return label


#: the text tornado: characters for a rank correlation of ±1, and the samples behind it
TORNADO_BAR = 20


def tornado_lines(rows: tuple[tuple[str, float], ...], samples: int = 10_000) -> list[str]:
    """(v2) Rank correlations as a tornado: a bar left of the axis for a negative
    correlation (more of the input lowers the margin), right for a positive one."""
    if not rows:
        return []
    width = max(len(name) for name, _ in rows)
    out = [f"rank correlation with the margin (lhs − rhs), {samples:,} samples:"]
    for name, rho in rows:
        n = round(abs(rho) * TORNADO_BAR)
        left = ("█" * n if rho < 0 else "").rjust(TORNADO_BAR)
        right = ("█" * n if rho > 0 else "").ljust(TORNADO_BAR)
        out.append(f"  {name:<{width}}  {left}│{right}  {rho:+.2f}")
    return out


def _percentile_line(node: NameNode) -> str | None:
    from toulmin.render.probability import percentile_row

    got = percentile_row(node.value) if node.value is not None else None
    if got is None:
        return None
    mean, p5, p50, p95 = got
    return f"mean {mean}; 5 % {p5}, 50 % {p50}, 95 % {p95}"


def _name_label(node: NameNode) -> Any:
    from rich.text import Text

    label = Text()
    label.append(node.name, style="bold")
    label.append(f" = {show(node.value)}")
    label.append(f"   [{node.kind}]", style="dim")
    if node.at:
        label.append(f"  {node.at}", style="dim")
    if node.statement:
        label.append(f"\n  {node.statement}")
    spread = _percentile_line(node)
    if spread:
        label.append(f"\n  {spread}", style="dim")
    for line in how_lines(node):
        label.append(f"\n  {line}", style="cyan")
    for s in node.sources:
        label.append(
            f"\n  source [{s.id}] {s.title}" + (f" {s.url}" if s.url else ""), style="blue"
        )
    if node.quote:
        label.append(f'\n  "{node.quote}"', style="italic")
    if node.also:
        label.append(f"\n  also defined by: {node.also}")
    why = note_text(node)
    if why:
        label.append(f"\n  ({why})", style="dim")
    return label


def rich_tree(node: Explanation, parent: Any = None) -> Any:
    """The explanation as a `rich.tree.Tree`."""
    from rich.tree import Tree

    label = _claim_label(node) if isinstance(node, ClaimNode) else _name_label(node)
    branch = Tree(label) if parent is None else parent.add(label)
    for child in node.children:
        rich_tree(child, branch)
    return branch


def print_explanation(console: Any, node: Explanation) -> None:
    """Print the tree, then a claim's sensitivity table."""
    console.print(rich_tree(node))
    if isinstance(node, ClaimNode):
        for line in sensitivity_lines(node.sensitivity):
            console.print(line)
        for line in tornado_lines(node.rank_correlation):
            console.print(line)


def _md_name(node: NameNode, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    line = f"{pad}- `{node.name}` = {show(node.value)} ({node.kind}"
    line += f", {node.at})" if node.at else ")"
    if node.statement:
        line += f": `{node.statement}`"
    out.append(line)
    for h in how_lines(node):
        out.append(f"{pad}  {h.strip()}")
    for s in node.sources:
        out.append(f"{pad}  source [{s.id}] {s.title}" + (f" <{s.url}>" if s.url else ""))
    if node.quote:
        out.append(f'{pad}  > "{node.quote}"')
    why = note_text(node)
    if why:
        out.append(f"{pad}  _{why}_")
    for child in node.children:
        _md_name(child, depth + 1, out)


def markdown(node: Explanation) -> str:
    """The explanation as Markdown: a heading for a claim, then nested lists."""
    out: list[str] = []
    if isinstance(node, ClaimNode):
        c = node.claim
        out += [
            f"### claim `{c.id}`: **{c.verdict}** ({c.proof})",
            "",
            f"`{node.statement}` ({node.at})",
            "",
            f"left {show(c.lhs)} {c.op} right {show(c.rhs)}",
            "",
        ]
        why = note(c)
        if why:
            out += [why, ""]
        for child in node.children:
            _md_name(child, 0, out)
        if node.sensitivity:
            out += ["", *sensitivity_markdown(node.sensitivity)]
    else:
        _md_name(node, 0, out)
    return "\n".join(out) + "\n"
