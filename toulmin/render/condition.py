"""Conditions and holding regions in words: `holds when mfu_new ≥ 40.91 %`.

The engine returns where a claim holds as data (engine/condition.py); this is the
only place that phrases it, for the text, JSON and Markdown outputs alike.
"""

from __future__ import annotations

import math

from toulmin.engine.condition import Condition, Region
from toulmin.engine.program import Display
from toulmin.units import format as F


def regions_text(
    name: str, regions: list[Region] | tuple[Region, ...], display: Display, complete: bool = True
) -> str:
    """`a ≤ x ≤ b or x ≥ c`, or that no value of the name makes the claim hold (only when
    that is proved: `complete`; else that none was found)."""
    if not regions:
        if not complete:
            return unsolved_text(name)
        return f"no value of {name} makes it hold"
    if (
        len(regions) == 2
        and regions[0].high is not None
        and regions[0].high == regions[1].low
        and not regions[0].high_closed
        and not regions[1].low_closed
        and regions[0].low in (None, 0.0)
        and regions[1].high is None
    ):
        return f"{name} ≠ {F.quantity(regions[0].high, display)}"
    parts = []
    for r in regions:
        lo = None if r.low is None or r.low == 0.0 else r.low
        hi = r.high
        if lo is None and hi is None:
            parts.append(f"every {'positive ' if r.low == 0.0 else ''}value of {name}")
        elif lo is None:
            assert hi is not None
            parts.append(f"{name} {'≤' if r.high_closed else '<'} {F.quantity(hi, display)}")
        elif hi is None:
            parts.append(f"{name} {'≥' if r.low_closed else '>'} {F.quantity(lo, display)}")
        elif lo == hi:
            parts.append(f"{name} = {F.quantity(lo, display)}")
        else:
            parts.append(
                f"{F.quantity(lo, display)} {'≤' if r.low_closed else '<'} {name} "
                f"{'≤' if r.high_closed else '<'} {F.quantity(hi, display)}"
            )
    return " or ".join(parts)


def unsolved_text(name: str) -> str:
    """What is said when no region was found and none is proved absent."""
    return (
        f"could not solve for {name}: no value found where it holds, "
        f"but the equation was not solved exactly"
    )


def phrase(c: Condition) -> str:
    """The condition of an open claim as one sentence."""
    name, display = c.name, c.display
    if len(c.free) > 1 or c.unsolved:
        names = ", ".join(c.free)
        return f"depends on {names}, which {'have' if len(c.free) > 1 else 'has'} no value"
    if not c.regions:
        if not c.complete:
            return unsolved_text(name)
        return f"never holds for any value of {name}"
    whole = [r for r in c.regions if r.low is None and r.high is None]
    if whole:
        return f"holds for every value of {name}"
    spread = [b for b in c.boundaries if b[0] != b[2]]
    if c.over_ranges and len(c.regions) == 1 and len(c.boundaries) == 1 and spread:
        r = c.regions[0]
        lo, _, hi = c.boundaries[0]
        if r.high is None:  # holds above the boundary
            sign = "≥" if r.low_closed else ">"
            worst, best = hi, lo
        else:
            sign = "≤" if r.high_closed else "<"
            worst, best = lo, hi
        if not (math.isfinite(worst) and math.isfinite(best)):
            return _unbounded_edge(name, sign, worst, best, display)
        return (
            f"holds for every value of the ranges when {name} {sign} "
            f"{F.quantity(worst, display)}, and for some from {F.quantity(best, display)}"
        )
    text = f"holds when {regions_text(name, c.regions, display)}"
    if c.over_ranges and spread:
        lo = min(b[0] for b in c.boundaries)
        hi = max(b[2] for b in c.boundaries)
        moves = (
            f"within {F.span_text(lo, hi, display)}"
            if math.isfinite(lo) and math.isfinite(hi)
            else "without bound"  # a one-sided range (v2) moves an edge to infinity
        )
        text += f" (at the middle of the ranges; the edges move {moves})"
    return text


def _unbounded_edge(name: str, sign: str, worst: float, best: float, display: Display) -> str:
    """(v2) The condition when a one-sided range carries an edge off to infinity."""
    if math.isfinite(worst):
        return (
            f"holds for every value of the ranges when {name} {sign} "
            f"{F.quantity(worst, display)}, and for some whatever {name} is"
        )
    if math.isfinite(best):
        return (
            f"holds for some values of the ranges when {name} {sign} "
            f"{F.quantity(best, display)}, never for all of them"
        )
    return f"holds for some values of the ranges whatever {name} is, never for all of them"
