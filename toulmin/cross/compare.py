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

import math
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from toulmin.check import Analysis, Options, all_claims, analyse
from toulmin.cross.solve import UsageError, rebuilt, with_givens
from toulmin.diagnostics import Diagnostic, Label, error
from toulmin.engine.analyses import (
    Author,
    ComparisonResult,
    Crux,
    GivenPair,
    Reevaluation,
    SharedQuantity,
)
from toulmin.engine.meaning import DEFAULT_RELATIVE
from toulmin.engine.program import ClaimDef, GivenDef, Program
from toulmin.engine.results import Quantity, quantity_of
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
class _Builder:
    """The comparison while it is being built (rows in the order they are found)."""

    a: Side
    b: Side
    quantities: list[SharedQuantity] = field(default_factory=list)
    agree_common: int = 0  # names from common used files with equal values
    claims: list[Reevaluation] = field(default_factory=list)
    cruxes: list[Crux] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def result(self) -> ComparisonResult:
        def author(side: Side) -> Author:
            return Author(str(side.path), side.label, side.program.title, side.program.author)

        return ComparisonResult(
            author(self.a),
            author(self.b),
            TOLERANCE,
            EXACT_LIMIT,
            tuple(self.quantities),
            self.agree_common,
            tuple(self.claims),
            tuple(self.cruxes),
            tuple(self.notes),
        )


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


def load_sides(pa: Path, pb: Path, options: Options | None = None) -> tuple[Side, Side]:
    """Analyse both files. Raises CompareError when either has errors."""
    options = options or Options()
    aa, ab = load(pa, options), load(pb, options)
    texts: dict[str, str] = {}
    for an in (aa, ab):
        texts.update({u.display: u.module.text for u in an.units})
    errs = [d for an in (aa, ab) for d in an.diagnostics if d.is_error]
    if errs:
        raise CompareError(errs, texts)
    la, lb = labels(pa, pb)
    return Side(pa, la, aa), Side(pb, lb, ab)


def compare_files(pa: Path, pb: Path, options: Options | None = None) -> ComparisonResult:
    """Run the whole comparison. Raises CompareError (diagnostics) or UsageError."""
    options = options or Options()
    A, B = load_sides(pa, pb, options)
    return compare_sides(A, B, options)


def compare_sides(A: Side, B: Side, options: Options) -> ComparisonResult:
    """The comparison of two analysed files. Raises CompareError or UsageError."""
    names_a = set(A.program.givens) | set(A.program.lets)
    names_b = set(B.program.givens) | set(B.program.lets)
    shared = sorted(names_a & names_b)
    if not shared:
        raise UsageError(
            f"{A.path} and {B.path} share no names (no name is given or defined in both, "
            f"directly or through a common `use`d file); there is nothing to "
            f"compare. Name the common quantities alike, or `use` a common file."
        )
    dim_errors = _dimension_errors(A, B, shared)
    if dim_errors:
        texts = {u.display: u.module.text for side in (A, B) for u in side.analysis.units}
        raise CompareError(dim_errors, texts)
    cmp = _Builder(A, B)
    _quantities(cmp, shared)
    _reevaluate(cmp, A, B, shared, options)
    _reevaluate(cmp, B, A, shared, options)
    return cmp.result()


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
        if math.isinf(x) or math.isinf(y):  # an end without bound (v2) is close to itself only
            return x == y
        return abs(x - y) <= tol * max(abs(x), abs(y)) or x == y

    (alo, ahi), (blo, bhi) = a, b
    if close(alo, blo) and close(ahi, bhi):
        return "same"
    slack = tol * max([abs(x) for x in (alo, ahi, blo, bhi) if math.isfinite(x)] or [0.0])
    if alo <= bhi + slack and blo <= ahi + slack:
        return "overlap"
    return "apart"


def _factor(a: tuple[float, float], b: tuple[float, float]) -> float | None:
    ma, mb = (a[0] + a[1]) / 2, (b[0] + b[1]) / 2
    if ma == 0 or mb == 0 or (ma > 0) != (mb > 0):
        return None
    return max(ma, mb) / min(ma, mb)


def _quantities(cmp: _Builder, shared: list[str]) -> None:
    A, B = cmp.a, cmp.b
    for n in shared:
        ga, gb = A.program.givens.get(n), B.program.givens.get(n)
        la, lb = A.program.lets.get(n), B.program.lets.get(n)
        main = any(x is not None and x.main for x in (ga, gb, la, lb))
        va, vb = A.analysis.values.get(n), B.analysis.values.get(n)
        kind: Literal["given", "derived"] = (
            "given" if ga is not None and gb is not None else "derived"
        )
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
        unit = F.choose(display, big if big else 1.0)  # one unit for both sides
        factor = None
        if va is not None and vb is not None and status == "apart":
            f = _factor((va[0], va[2]), (vb[0], vb[2]))
            factor = None if f is None else float(f"{f:.4g}")
        cmp.quantities.append(
            SharedQuantity(
                n,
                kind,
                status,
                None if va is None else quantity_of(va, A.program.dims_of(n), display, unit),
                None if vb is None else quantity_of(vb, B.program.dims_of(n), display, unit),
                factor,
            )
        )
    order = {"given": 0, "derived": 1}
    rank = {"apart": 0, "overlap": 1}
    cmp.quantities.sort(
        key=lambda q: (
            order[q.kind],
            rank.get(q.status, 2) if q.status != "same" else 3,
            q.name,
        )
    )


# ---------------------------------------------------------------- re-evaluation and cruxes


def swap_values(
    own: Side, other: Side, shared: list[str]
) -> tuple[dict[str, tuple[float | None, float | None]], list[str]]:
    """The other author's values for shared names that differ from the own ones; and the
    names the other leaves without value (kept).

    A name one author gives and the other derives (4x/year against a let from 0.5
    OOM/year) is swapped too: the other's value is the one their equations give, and a
    name the own side derives gets the other's value as a given (`_with_values`).
    """
    swap: dict[str, tuple[float | None, float | None]] = {}
    kept = []
    for n in shared:
        go, gt = own.program.givens.get(n), other.program.givens.get(n)
        if go is None and gt is None:
            continue  # derived on both sides: what it is derived from is compared instead
        if gt is not None and gt.known:
            theirs: tuple[float | None, float | None] = (gt.low, gt.high)
        elif n in other.program.lets and other.analysis.values.get(n) is not None:
            v = other.analysis.values[n]
            assert v is not None
            theirs = (v[0], v[2])
        else:
            if go is not None and go.known:
                kept.append(n)
            continue
        if go is not None and go.known and (go.low, go.high) == theirs:
            continue
        if go is None:
            mine = own.analysis.values.get(n)
            if mine is not None and (mine[0], mine[2]) == theirs:
                continue
        swap[n] = theirs
    return swap, kept


def _with_values(program: Program, values: dict[str, tuple[float | None, float | None]]) -> Program:
    """`with_givens`, where a name the program only derives becomes a given as well (its
    own equation then turns into a consistency claim, as for any overdetermined name)."""
    missing = [n for n in values if n not in program.givens]
    if missing:
        givens = dict(program.givens)
        for n in missing:
            let = program.lets[n]
            givens[n] = GivenDef(
                n, let.dims, let.display, None, None, let.span, let.name_span, (), None, let.main
            )
        program = replace(program, givens=givens)
    return with_givens(program, values)


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
            program = _with_values(self.own.program, {n: self.swap[n] for n in names})
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


def _reevaluate(cmp: _Builder, own: Side, other: Side, shared: list[str], options: Options) -> None:
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
        deps = base.reach([claim.lhs, claim.rhs]) | full_prover.reach([claim.lhs, claim.rhs])
        cands = sorted(n for n in swap if n in deps)
        v_own = _verdict(base, claim)
        v_other = _verdict(full_prover, claim) if cands else v_own
        cmp.claims.append(
            Reevaluation(
                claim.id, claim.kind, own.label, claim.span.line, v_own, v_other, tuple(cands)
            )
        )
        if v_own == v_other:
            continue
        sets, method = minimal_sets(search, claim, cands, v_other)
        shown = sets[:MAX_ALTERNATIVES]
        cmp.cruxes.append(
            Crux(
                claim.id,
                own.label,
                v_own,
                v_other,
                tuple(tuple(x) for x in shown),
                max(0, len(sets) - MAX_ALTERNATIVES),
                method,  # type: ignore[arg-type]
                tuple(cands),
                {
                    n: GivenPair(
                        _given_quantity(own.program, n, own.analysis.values),
                        _given_quantity(other.program, n, other.analysis.values),
                    )
                    for x in shown
                    for n in x
                },
            )
        )


def _given_quantity(program: Program, name: str, values: dict | None = None) -> Quantity | None:
    """The author's value of a crux name: given, or (a name this author derives, issue 9)
    the value their equations give."""
    g = program.givens.get(name)
    if g is None:
        v = (values or {}).get(name)
        if v is None:
            return None
        return quantity_of(v, program.dims_of(name), program.display_of(name))
    if not g.known:
        return None
    assert g.low is not None and g.high is not None
    return quantity_of((g.low, (g.low + g.high) / 2, g.high), g.dims, g.display)


def exit_code(cmp: ComparisonResult) -> int:
    """0: the arguments agree on every number and verdict; 1: they disagree."""
    return 1 if cmp.disagreements or cmp.contested else 0
