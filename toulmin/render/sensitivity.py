"""The sensitivity of a claim as text: a small tornado table (for `explain` and `solve`)."""

from __future__ import annotations

from toulmin.engine.analyses import SensitivityRow
from toulmin.render.quantity import show


def sensitivity_lines(rows: tuple[SensitivityRow, ...]) -> list[str]:
    """Lines of a small tornado table, ranked as the rows are; none for no rows."""
    if not rows:
        return []
    out = ["sensitivity (ranked by swing of lhs/rhs over each range, others at the middle):"]
    width = max(len(r.given) for r in rows)
    hl = {True: "holds", False: "fails", None: "?"}
    for r in rows:
        e = r.elasticity.margin
        el = "n/a" if e is None else f"{e:+.3g}"
        rl, rh = r.ratio.low, r.ratio.high
        sym = "lhs/rhs" if r.measure == "ratio" else "lhs-rhs"
        rr = "?" if rl is None or rh is None else f"{rl:.4g} → {rh:.4g}"
        out.append(
            f"  {r.given:<{width}}  {show(r.range):<24} elasticity {el:>7}   {sym} {rr}"
            f"   ({hl[r.holds.low]} at low, {hl[r.holds.high]} at high)"
        )
    return out


def sensitivity_markdown(rows: tuple[SensitivityRow, ...]) -> list[str]:
    """The same table in Markdown."""
    if not rows:
        return []
    out = [
        "| given | range | elasticity | low → high | at low | at high |",
        "|---|---|---|---|---|---|",
    ]
    hl = {True: "holds", False: "fails", None: "?"}
    for r in rows:
        e = r.elasticity.margin
        rl, rh = r.ratio.low, r.ratio.high
        sym = "lhs/rhs" if r.measure == "ratio" else "lhs−rhs"
        rr = "?" if rl is None or rh is None else f"{sym} {rl:.4g} → {rh:.4g}"
        out.append(
            f"| `{r.given}` | {show(r.range)} | {'n/a' if e is None else f'{e:+.3g}'} | {rr} | "
            f"{hl[r.holds.low]} | {hl[r.holds.high]} |"
        )
    return out
