"""`toulmin compare A B`: cross-examine two arguments that share names.

1. **Quantities both state**: every name given (or derived) in both files, side by side,
   classified `same` (both ends within 5 %), `overlap` (the ranges meet but differ) or
   `apart` (disjoint beyond 5 %), or stated by one author only.
2. **Re-evaluation**: every claim of A under B's givens and every claim of B under A's.
   For a shared name of the same dimension, the other author's value replaces the
   claim author's own; a name the other leaves without value keeps its own value.
   Names given in a common `use`d file are identical and need no swap.
3. **Cruxes**: for each claim whose verdict differs between the two sets of givens, the
   smallest set of swapped givens that alone gives the claim the verdict it gets under
   all of the other author's givens. Exact (subsets by increasing size) for up to
   `EXACT_LIMIT` candidate names; beyond that, greedy elimination from the full set
   (the result is minimal — no name can be dropped — but not necessarily smallest).

Only verdicts are needed while searching, so a prover without counterexample
shrinking is used, and the solved model is reused while the set of known givens
is unchanged (swapping values never changes the equations' structure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from toulmin.check import Analysis, Options, all_claims, analyse
from toulmin.cross.solve import UsageError, depends_on, quantity_json, rebuilt, with_givens
from toulmin.diagnostics import Diagnostic, Label, error
from toulmin.engine.meaning import DEFAULT_RELATIVE
from toulmin.engine.program import ClaimDef, Display, Program
from toulmin.units import dims as D
from toulmin.units import format as F

TOLERANCE = DEFAULT_RELATIVE  # "apart" means apart beyond what `≈` allows
EXACT_LIMIT = 12
MAX_ALTERNATIVES = 4


@dataclass
class Side:
    path: Path
    label: str  # short name: the file stem
    analysis: Analysis

    @property
    def program(self) -> Program:
        return self.analysis.program

    @property
    def who(self) -> str:
        return self.program.author or self.label


@dataclass
class Comparison:
    a: Side
    b: Side
    quantities: list[dict[str, Any]] = field(default_factory=list)
    agree_common: int = 0  # names from common used files with equal values
    claims: list[dict[str, Any]] = field(default_factory=list)
    cruxes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def disagreements(self) -> list[dict[str, Any]]:
        return [q for q in self.quantities if q["status"] not in ("same",)]

    @property
    def contested(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["own"] != c["other"]]


class CompareError(Exception):
    """Invalid input for compare: diagnostics to print (exit 2)."""

    def __init__(self, diagnostics: list[Diagnostic], texts: dict[str, str]) -> None:
        super().__init__("invalid input")
        self.diagnostics = diagnostics
        self.texts = texts


def load(path: Path, options: Options) -> Analysis:
    return analyse(path, str(path), None, options, path.parent)


def labels(pa: Path, pb: Path) -> tuple[str, str]:
    la, lb = pa.stem, pb.stem
    if la == lb:
        la, lb = str(pa), str(pb)
        if la == lb:
            la, lb = f"{pa.stem} (A)", f"{pb.stem} (B)"
    return la, lb


def compare_files(pa: Path, pb: Path, options: Options | None = None) -> Comparison:
    """Run the whole comparison. Raises CompareError (diagnostics) or UsageError."""
    options = options or Options()
    aa, ab = load(pa, options), load(pb, options)
    texts: dict[str, str] = {}
    for an in (aa, ab):
        texts.update({u.display: u.module.text for u in an.units})
    errs = [d for an in (aa, ab) for d in an.diagnostics if d.is_error]
    if errs:
        raise CompareError(errs, texts)
    la, lb = labels(pa, pb)
    A, B = Side(pa, la, aa), Side(pb, lb, ab)
    names_a = set(A.program.givens) | set(A.program.lets)
    names_b = set(B.program.givens) | set(B.program.lets)
    shared = sorted(names_a & names_b)
    if not shared:
        raise UsageError(
            f"{pa} and {pb} share no names (no name is given or defined in both, "
            f"directly or through a common `use`d file); there is nothing to "
            f"compare. Name the common quantities alike, or `use` a common file."
        )
    dim_errors = _dimension_errors(A, B, shared)
    if dim_errors:
        raise CompareError(dim_errors, texts)
    cmp = Comparison(A, B)
    _quantities(cmp, shared)
    _reevaluate(cmp, A, B, shared, options)
    _reevaluate(cmp, B, A, shared, options)
    return cmp


# ---------------------------------------------------------------- dimensions


def _span_of(program: Program, name: str) -> Any:
    if name in program.givens:
        return program.givens[name].name_span
    return program.lets[name].name_span


def _dimension_errors(A: Side, B: Side, shared: list[str]) -> list[Diagnostic]:
    out = []
    for n in shared:
        da, db = A.program.dims_of(n), B.program.dims_of(n)
        if da != db:
            sa, sb = _span_of(A.program, n), _span_of(B.program, n)
            out.append(
                error(
                    "dimension",
                    f"`{n}` is {D.words(da)} in {A.path} but {D.words(db)} in {B.path}; "
                    f"the two authors cannot mean the same quantity",
                    sa,
                    "rename one of them, or fix the unit that is wrong",
                    labels=(Label(sb, f"{D.words(db)} in {B.path}"),),
                    primary_label=D.words(da),
                )
            )
    return out


# ---------------------------------------------------------------- quantities


def classify(a: tuple[float, float], b: tuple[float, float], tol: float = TOLERANCE) -> str:
    """`same`, `overlap` or `apart` for two (low, high) ranges, with relative slack."""

    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tol * max(abs(x), abs(y)) or x == y

    (alo, ahi), (blo, bhi) = a, b
    if close(alo, blo) and close(ahi, bhi):
        return "same"
    slack = tol * max(abs(alo), abs(ahi), abs(blo), abs(bhi))
    if alo <= bhi + slack and blo <= ahi + slack:
        return "overlap"
    return "apart"


def _factor(a: tuple[float, float], b: tuple[float, float]) -> float | None:
    ma, mb = (a[0] + a[1]) / 2, (b[0] + b[1]) / 2
    if ma == 0 or mb == 0 or (ma > 0) != (mb > 0):
        return None
    return max(ma, mb) / min(ma, mb)


def _quantities(cmp: Comparison, shared: list[str]) -> None:
    A, B = cmp.a, cmp.b
    for n in shared:
        ga, gb = A.program.givens.get(n), B.program.givens.get(n)
        la, lb = A.program.lets.get(n), B.program.lets.get(n)
        main = any(x is not None and x.main for x in (ga, gb, la, lb))
        va, vb = A.analysis.values.get(n), B.analysis.values.get(n)
        kind = "given" if ga is not None and gb is not None else "derived"
        if ga is not None and gb is not None and ga.known and gb.known and not la and not lb:
            kind = "given"
        if va is None and vb is None:
            status = "no value"
        elif va is None:
            status = f"only {B.label}"
        elif vb is None:
            status = f"only {A.label}"
        else:
            status = classify((va[0], va[2]), (vb[0], vb[2]))
        if not main and status == "same":
            cmp.agree_common += 1
            continue
        display = A.program.display_of(n)
        big = max([abs(x) for v in (va, vb) if v for x in (v[0], v[2])] or [0.0])
        unit = F.choose(display, big if big else 1.0)
        row: dict[str, Any] = {
            "name": n,
            "kind": kind,
            "status": status,
            "a": None
            if va is None
            else quantity_json(
                va[0],
                va[1],
                va[2],
                unit,  # type: ignore
                D.si_unit(A.program.dims_of(n)),
            ),
            "b": None
            if vb is None
            else quantity_json(
                vb[0],
                vb[1],
                vb[2],
                unit,  # type: ignore
                D.si_unit(B.program.dims_of(n)),
            ),
            "a_text": _range_text(display, va, unit),
            "b_text": _range_text(display, vb, unit),
            "factor": None,
        }
        if va is not None and vb is not None and status == "apart":
            f = _factor((va[0], va[2]), (vb[0], vb[2]))
            row["factor"] = None if f is None else float(f"{f:.4g}")
        cmp.quantities.append(row)
    order = {"given": 0, "derived": 1}
    rank = {"apart": 0, "overlap": 1}
    cmp.quantities.sort(
        key=lambda q: (
            order[q["kind"]],
            rank.get(q["status"], 2) if q["status"] != "same" else 3,
            q["name"],
        )
    )


def _range_text(
    display: Display, v: tuple[float, float, float] | None, unit: tuple[str | None, float | None]
) -> str:
    if v is None:
        return "(no value)"
    lo, _, hi = v
    u = unit if unit[0] is not None else F.choose(display, max(abs(lo), abs(hi)))
    if lo == hi or abs(hi - lo) <= 1e-12 * max(abs(hi), abs(lo)):
        return F.quantity(lo, display, u)  # type: ignore[arg-type]
    return f"{F.quantity(lo, display, u)} to {F.quantity(hi, display, u)}"  # type: ignore


# ---------------------------------------------------------------- re-evaluation and cruxes


def swap_values(
    own: Side, other: Side, shared: list[str]
) -> tuple[dict[str, tuple[float | None, float | None]], list[str]]:
    """The other author's values for shared givens that differ from the own ones; and the
    names the other leaves without value (kept)."""
    swap: dict[str, tuple[float | None, float | None]] = {}
    kept = []
    for n in shared:
        go, gt = own.program.givens.get(n), other.program.givens.get(n)
        if go is None or gt is None:
            continue
        if not gt.known:
            if go.known:
                kept.append(n)
            continue
        if go.known and go.low == gt.low and go.high == gt.high:
            continue
        swap[n] = (gt.low, gt.high)
    return swap, kept


def _verdict(prover: Any, claim: ClaimDef) -> str:
    defs = [c for c in prover.program.claims if c.id == claim.id and c.kind == claim.kind] or [
        c for c in prover.model.consistency if c.id == claim.id and c.kind == claim.kind
    ]
    if not defs:
        return "n/a"
    try:
        return prover.verdict(defs[0]).verdict
    except Exception:
        return "undecided"


class Searcher:
    """Verdicts of one side's claims with any subset of the other side's givens."""

    def __init__(
        self, own: Side, swap: dict[str, tuple[float | None, float | None]], budget: float
    ) -> None:
        self.own = own
        self.swap = swap
        self.budget = budget
        self.models: dict = {}
        self.provers: dict[frozenset[str], Any] = {}

    def prover(self, names: frozenset[str]) -> Any:
        p = self.provers.get(names)
        if p is None:
            program = with_givens(self.own.program, {n: self.swap[n] for n in names})
            p = rebuilt(program, self.budget, self.models)
            self.provers[names] = p
        return p

    def verdict(self, claim: ClaimDef, names: frozenset[str]) -> str:
        return _verdict(self.prover(names), claim)


def minimal_sets(
    search: Searcher, claim: ClaimDef, candidates: list[str], target: str
) -> tuple[list[list[str]], str]:
    """Smallest subsets of candidates whose swap gives `target`; ('exact' | 'greedy')."""
    if len(candidates) <= EXACT_LIMIT:
        for k in range(1, len(candidates) + 1):
            found = [
                list(c)
                for c in combinations(candidates, k)
                if search.verdict(claim, frozenset(c)) == target
            ]
            if found:
                return found, "exact"
        return [], "exact"
    current = list(candidates)
    if search.verdict(claim, frozenset(current)) != target:
        return [], "greedy"
    for n in list(candidates):
        trial = [x for x in current if x != n]
        if search.verdict(claim, frozenset(trial)) == target:
            current = trial
    return [current], "greedy"


def _reevaluate(
    cmp: Comparison, own: Side, other: Side, shared: list[str], options: Options
) -> None:
    swap, kept = swap_values(own, other, shared)
    for n in kept:
        cmp.notes.append(
            f"{other.label} gives no value for `{n}`, so the claims of "
            f"{own.label} that use it keep their own value"
        )
    search = Searcher(own, swap, options.budget)
    base = search.prover(frozenset())
    full = frozenset(swap)
    full_prover = search.prover(full)
    for claim in all_claims(own.analysis):
        deps = depends_on(base, [claim.lhs, claim.rhs]) | depends_on(
            full_prover, [claim.lhs, claim.rhs]
        )
        cands = sorted(n for n in swap if n in deps)
        v_own = _verdict(base, claim)
        v_other = _verdict(full_prover, claim) if cands else v_own
        row = {
            "claim": claim.id,
            "kind": claim.kind,
            "owner": own.label,
            "line": claim.span.line,
            "own": v_own,
            "other": v_other,
            "swapped": cands,
        }
        cmp.claims.append(row)
        if v_own == v_other:
            continue
        sets, method = minimal_sets(search, claim, cands, v_other)
        crux = {
            "claim": claim.id,
            "owner": own.label,
            "from": v_own,
            "to": v_other,
            "sets": sets[:MAX_ALTERNATIVES],
            "alternatives": max(0, len(sets) - MAX_ALTERNATIVES),
            "method": method,
            "candidates": cands,
            "values": {
                n: {"own": _given_text(own.program, n), "other": _given_text(other.program, n)}
                for s in sets[:MAX_ALTERNATIVES]
                for n in s
            },
        }
        cmp.cruxes.append(crux)


def _given_text(program: Program, name: str) -> str:
    g = program.givens[name]
    if not g.known:
        return "(no value)"
    lo, hi = g.low, g.high
    assert lo is not None and hi is not None
    if lo == hi:
        return F.quantity(lo, g.display)
    return F.span_text(lo, hi, g.display)


# ---------------------------------------------------------------- output


def to_json(cmp: Comparison) -> dict[str, Any]:
    A, B = cmp.a, cmp.b
    return {
        "toulmin": "1",
        "a": {
            "file": str(A.path),
            "label": A.label,
            "title": A.program.title,
            "author": A.program.author,
        },
        "b": {
            "file": str(B.path),
            "label": B.label,
            "title": B.program.title,
            "author": B.program.author,
        },
        "tolerance": {"relative": TOLERANCE},
        "quantities": [
            {k: v for k, v in q.items() if k not in ("a_text", "b_text")} for q in cmp.quantities
        ],
        "agree_from_common_files": cmp.agree_common,
        "claims": cmp.claims,
        "cruxes": cmp.cruxes,
        "notes": cmp.notes,
        "disagreements": len(cmp.disagreements),
    }


_VERDICT_STYLE = {
    "holds": "green",
    "fails": "red",
    "depends": "yellow",
    "open": "cyan",
    "undecided": "magenta",
}


def print_text(console: Any, cmp: Comparison) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    A, B = cmp.a, cmp.b
    title = Text()
    title.append(f"{A.path}", style="bold")
    title.append(f" ({A.who}) vs ")
    title.append(f"{B.path}", style="bold")
    title.append(f" ({B.who})")
    console.print(title)
    n_given = sum(1 for q in cmp.quantities if q["kind"] == "given")
    n_der = len(cmp.quantities) - n_given
    console.print(
        f"shared: {n_given} given{'s' if n_given != 1 else ''} and {n_der} derived "
        f"name{'s' if n_der != 1 else ''} stated by the authors; {cmp.agree_common} "
        f"names from common used files agree",
        style="dim",
    )
    console.print()

    # 1. numbers
    console.print(
        Text(
            f"1. The numbers both state (apart: disjoint beyond {TOLERANCE:.0%}; "
            f"overlap: the ranges meet but differ)",
            style="bold",
        )
    )
    same = [q["name"] for q in cmp.quantities if q["status"] == "same"]
    rows = [q for q in cmp.quantities if q["status"] != "same"]
    if rows:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        t.add_column("name", no_wrap=True)
        t.add_column("", no_wrap=True)
        t.add_column(A.label, justify="right", no_wrap=True)
        t.add_column(B.label, justify="right", no_wrap=True)
        t.add_column("", no_wrap=True)
        for q in rows:
            st = q["status"]
            mark = st + (f" ×{F.number(q['factor'], 3)}" if q.get("factor") else "")
            style = "red" if st == "apart" else "yellow" if st == "overlap" else "dim"
            t.add_row(q["name"], q["kind"], q["a_text"], q["b_text"], Text(mark, style=style))
        console.print(t)
    if same:
        shown = ", ".join(same[:12]) + (f" and {len(same) - 12} more" if len(same) > 12 else "")
        console.print(f"  same in both: {shown}")
    console.print()

    # 2. verdicts
    contested = cmp.contested
    console.print(Text("2. Claims re-evaluated under the other author's givens", style="bold"))
    for side in (A, B):
        own = [c for c in cmp.claims if c["owner"] == side.label]
        moved = [c for c in own if c["swapped"]]
        changed = [c for c in own if c["own"] != c["other"]]
        console.print(
            f"  {side.label}: {len(own)} claims, {len(moved)} depend on a swapped "
            f"given, {len(changed)} change verdict"
        )
        kept = [c["claim"] for c in moved if c["own"] == c["other"]]
        if kept:
            console.print(f"    keep their verdict: {', '.join(kept)}", style="dim")
    console.print()

    # 3. cruxes
    console.print(
        Text(
            "3. Cruxes: the smallest swap of givens that changes each contested verdict",
            style="bold",
        )
    )
    if not contested:
        console.print("  none: every claim keeps its verdict under the other author's givens")
    else:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        t.add_column("claim", no_wrap=True)
        t.add_column("own", no_wrap=True)
        t.add_column("→ other's", no_wrap=True)
        t.add_column("decided by")
        for c in cmp.cruxes:
            other = B if c["owner"] == A.label else A
            sets = [" + ".join(s) for s in c["sets"]]
            text = " or ".join(sets) if sets else "(no subset reproduces it)"
            if c["alternatives"]:
                text += f" (+{c['alternatives']} more)"
            if c["method"] == "greedy":
                text += " [greedy]"
            t.add_row(
                f"{c['claim']} ({c['owner']})",
                Text(c["from"], style=_VERDICT_STYLE.get(c["from"], "")),
                Text(c["to"], style=_VERDICT_STYLE.get(c["to"], "")),
                text,
            )
            del other
        console.print(t)
        crux_names: dict[str, int] = {}
        for c in cmp.cruxes:
            for n in {n for s in c["sets"] for n in s}:
                crux_names[n] = crux_names.get(n, 0) + 1
        if crux_names:
            ranked = sorted(crux_names.items(), key=lambda kv: (-kv[1], kv[0]))
            console.print(
                "  deciding assumptions: "
                + ", ".join(f"{n} ({k} claim{'s' if k != 1 else ''})" for n, k in ranked)
            )
        if any(c["method"] == "greedy" for c in cmp.cruxes):
            console.print(
                f"  [greedy]: more than {EXACT_LIMIT} candidate names; the set is "
                "minimal (no name can be dropped) but may not be the smallest",
                style="dim",
            )
    for n in cmp.notes:
        console.print(f"  note: {n}", style="dim")


def exit_code(cmp: Comparison) -> int:
    """0: the arguments agree on every number and verdict; 1: they disagree."""
    return 1 if cmp.disagreements or cmp.contested else 0
