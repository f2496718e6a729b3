"""Finding what a command names (a claim, a given, a let) and saying so when it is not there.

Shared by explain, solve, compare and sensitivity, below all of them, so none of them
imports another to find a name.
"""

from __future__ import annotations

import math
from difflib import get_close_matches

from toulmin.check import Analysis, all_claims
from toulmin.engine.program import ClaimDef
from toulmin.units import format as F
from toulmin.units.display import Display


def find_claim(claims: list[ClaimDef], cid: str) -> ClaimDef | None:
    for c in claims:
        if c.id == cid:
            return c
    return None


def not_found(a: Analysis, name: str, what: str = "claim or value", verb: str = "explain") -> str:
    """A message for a NAME that is not a claim or value, with the likely fix."""
    program = a.program
    if name in program.sources:
        return f"`{name}` is a source, not a {what}; sources back givens with [{name}]"
    from toulmin.dsl import tree as t

    for u in a.units:
        for s in u.module.statements:
            if isinstance(s, t.Rule) and u.prefix + s.name == name:
                return f"`{name}` is a rule (a formula), not a {what}; {verb} a let that calls it"
    choices = [c.id for c in all_claims(a)] + list(program.givens) + list(program.lets)
    close = get_close_matches(name, choices, n=3, cutoff=0.5)
    msg = f"no {what} named `{name}` in {program.file}"
    if close:
        msg += "; did you mean " + ", ".join(f"`{c}`" for c in close) + "?"
    return msg


def show_value(display: Display, lo: float | None, hi: float | None) -> str:
    """A value or a range; None is an end without bound (a one-sided range, v2)."""
    lo = -math.inf if lo is None else lo
    hi = math.inf if hi is None else hi
    if lo == hi:
        return F.quantity(lo, display)
    return F.span_text(lo, hi, display)
