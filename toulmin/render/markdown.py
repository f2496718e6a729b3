"""`--format markdown`: the claims of each file as a Markdown table (used in the README)."""

from __future__ import annotations

from toulmin.engine.results import FileResult
from toulmin.render.probability import claim_label, has_probability, p_cell
from toulmin.render.text import note, scenario_names, scenario_verdicts, show, summary


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
            with_p = has_probability([r])  # (v2) a P(holds) column where a claim has one
            p_head, p_rule = (" P(holds) |", "---|") if with_p else ("", "")
            names = scenario_names(r)  # (v2) a verdict column per scenario
            extra = "".join(f" {_cell(n)} |" for n in names)
            lines += [
                f"| claim | verdict |{extra} left | op | right |{p_head} why |",
                "|---|---|" + "---|" * len(names) + f"---|---|---|{p_rule}---|",
            ]
            for c in r.claims:
                cid = f"`{c.id}`{_cell(claim_label(c))}" + (
                    " (consistency)" if c.kind == "consistency" else ""
                )
                p = f" {p_cell(c)} |" if with_p else ""
                cells = "".join(f" {v} |" for v in scenario_verdicts(c, names))
                lines.append(
                    f"| {cid} | **{c.verdict}** |{cells} {_cell(show(c.lhs))} | {c.op} | "
                    f"{_cell(show(c.rhs))} |{p} {_cell(note(c))} |"
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
