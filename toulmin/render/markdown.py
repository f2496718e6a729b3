"""`--format markdown`: the claims of each file as a Markdown table (used in the README)."""

from __future__ import annotations

from toulmin.engine.results import FileResult
from toulmin.render.text import note, show, summary


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def document(results: list[FileResult]) -> str:
    lines: list[str] = []
    for r in results:
        head = f"### `{r.file}`"
        if r.title:
            head += f" — {r.title}" + (f" by {r.author}" if r.author else "")
        lines += [head, ""]
        if r.claims:
            lines += ["| claim | verdict | left | op | right | why |", "|---|---|---|---|---|---|"]
            for c in r.claims:
                cid = f"`{c.id}`" + (" (consistency)" if c.kind == "consistency" else "")
                lines.append(
                    f"| {cid} | **{c.verdict}** | {_cell(show(c.lhs))} | {c.op} | "
                    f"{_cell(show(c.rhs))} | {_cell(note(c))} |"
                )
        else:
            lines.append("_no claims_")
        errs = [d for d in r.diagnostics if d.is_error]
        for d in errs:
            loc = f"{d.span.file}:{d.span.line}" if d.span else r.file
            lines.append(f"- error[{d.code}] {loc}: {_cell(d.message)}")
        lines.append("")
    lines.append(f"_{summary(results)}_")
    return "\n".join(lines) + "\n"
