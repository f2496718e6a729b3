"""Propagate known values through the equations (`let`s), in any direction.

Every `let` is an equation `name = expr`. An equation with one unknown is
solved for it: forward (the unknown is the let's own name) by plain
substitution, backward with SymPy. Small square blocks of coupled equations
are solved together. An equation with no unknown left that was not used to
derive anything is an overdetermined name: it becomes a consistency claim.

The work list is ordered by equation name, so the result never depends on the
order of statements in the file; each equation is touched a bounded number of
times (no quadratic passes over the file).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from toulmin.diagnostics import Diagnostic
from toulmin.engine import ir
from toulmin.engine.meaning import default_tolerance
from toulmin.engine.program import ClaimDef, Program

MAX_BLOCK = 4


@dataclass
class Model:
    """The solved system: how every name gets its value."""

    #: (name, expression over earlier names), in an order safe for evaluation
    order: list[tuple[str, ir.Node]] = field(default_factory=list)
    #: names with no value: unknown premises and what depends only on them
    free: list[str] = field(default_factory=list)
    #: how each derived name was obtained, for `explain`
    how: dict[str, str] = field(default_factory=dict)
    #: the equations (let names) each derived name was solved from
    via: dict[str, list[str]] = field(default_factory=dict)
    consistency: list[ClaimDef] = field(default_factory=list)
    unsolved: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Eq:
    name: str
    lhs: ir.Node
    rhs: ir.Node
    vars: frozenset[str]
    unknown: int = 0
    used: bool = False


def build_model(program: Program, budget: float = 2.0) -> Model:
    """Solve the program's equation system; see the module docstring."""
    model = Model()
    known: set[str] = {n for n, g in program.givens.items() if g.known}
    eqs: dict[str, _Eq] = {}
    by_var: dict[str, list[str]] = {}
    for name, let in program.lets.items():
        vs = frozenset(ir.refs(let.expr)) | {name}
        eq = _Eq(name, ir.Ref(name), let.expr, vs)
        eq.unknown = sum(1 for v in vs if v not in known)
        eqs[name] = eq
        for v in vs:
            by_var.setdefault(v, []).append(name)
    heap = [name for name, eq in eqs.items() if eq.unknown <= 1]
    heapq.heapify(heap)
    translator = None

    def positive() -> dict[str, bool]:
        out = {}
        for n, g in program.givens.items():
            out[n] = g.low is None or g.low > 0
        return out

    # point values learned so far, for the numeric last resort (nsolve)
    points: dict[str, float] = {
        n: g.low for n, g in program.givens.items() if g.known and not g.is_range
    }  # type: ignore[misc]

    def learn(var: str, expr: ir.Node, how: str, via: list[str]) -> None:
        try:
            points[var] = ir.eval_float(expr, points)
        except (KeyError, ArithmeticError):
            pass  # depends on a range or a free name: no point value
        known.add(var)
        model.order.append((var, expr))
        model.how[var] = how
        model.via[var] = via
        for en in by_var.get(var, ()):
            e = eqs[en]
            e.unknown -= 1
            if e.unknown <= 1 and not e.used:
                heapq.heappush(heap, en)

    def drain() -> None:
        nonlocal translator
        while heap:
            en = heapq.heappop(heap)
            eq = eqs[en]
            if eq.used:
                continue
            unknowns = [v for v in eq.vars if v not in known]
            if len(unknowns) > 1:
                continue
            if not unknowns:
                eq.used = True
                let = program.lets[en]
                model.consistency.append(
                    ClaimDef(
                        en,
                        "consistency",
                        ir.Ref(en),
                        "≈",
                        eq.rhs,
                        default_tolerance("≈"),
                        let.dims,
                        program.display_of(en),
                        let.span,
                        let.refs,
                        let.quote,
                        let.main,
                    )
                )
                continue
            var = unknowns[0]
            if var == en and en not in _refs_set(eq.rhs):
                eq.used = True
                learn(var, eq.rhs, "let", [en])
                continue
            if translator is None:
                from toulmin.engine.symbolic import Translator

                translator = Translator(positive())
            from toulmin.engine.symbolic import solve_for

            sols = solve_for(translator, eq.lhs, eq.rhs, var, budget)
            chosen = _admissible(sols, program, var)
            if chosen is None and all(v in points for v in eq.vars if v != var):
                from toulmin.engine.symbolic import nsolve_for

                root = nsolve_for(translator, eq.lhs, eq.rhs, var, points, budget)
                if root is not None:
                    eq.used = True
                    learn(var, ir.Const(root), f"solved numerically from {en}", [en])
                    continue
            if chosen is None:
                eq.used = True
                model.unsolved.append(var)
                continue
            eq.used = True
            learn(var, chosen, f"solved from {en}", [en])

    drain()
    progress = True
    while progress:
        progress = False
        if _solve_blocks(eqs, known, program, model, budget, learn, positive):
            drain()
            progress = True
            continue
        # No more values follow: what is still unknown is a free parameter. Unknown
        # premises all at once; then undetermined lets one at a time, by name.
        free_givens = sorted(n for n, g in program.givens.items() if n not in known)
        open_lets = sorted(n for n in program.lets if n not in known)
        chosen = free_givens or open_lets[:1]
        if chosen:
            for n in chosen:
                model.free.append(n)
                known.add(n)
                for en in by_var.get(n, ()):
                    eqs[en].unknown -= 1
                    if eqs[en].unknown <= 1:
                        heapq.heappush(heap, en)
            drain()
            progress = True
    return model


def _refs_set(node: ir.Node) -> set[str]:
    return set(ir.refs(node))


def _admissible(sols: list[ir.Node] | None, program: Program, var: str) -> ir.Node | None:
    """Pick the solution to use; several real roots are resolved by sign."""
    if not sols:
        return None
    if len(sols) == 1:
        return sols[0]
    # Prefer the root that is positive at the midpoint of the known values.
    env = {}
    for n, g in program.givens.items():
        if g.known:
            assert g.low is not None and g.high is not None
            env[n] = (g.low + g.high) / 2
    positive = []
    for s in sols:
        try:
            if ir.eval_float(s, env) > 0:
                positive.append(s)
        except (KeyError, ArithmeticError):
            continue
    return positive[0] if len(positive) == 1 else None


def _solve_blocks(
    eqs: dict[str, _Eq],
    known: set[str],
    program: Program,
    model: Model,
    budget: float,
    learn,
    positive,
) -> bool:  # type: ignore[no-untyped-def]
    """Solve square blocks of ≤ MAX_BLOCK coupled equations. True if anything was learned."""
    pending = [e for e in eqs.values() if not e.used]
    if not pending:
        return False
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in pending:
        us = [v for v in e.vars if v not in known]
        for u in us[1:]:
            parent[find(u)] = find(us[0])
        if us:
            find(us[0])
    groups: dict[str, tuple[list[_Eq], set[str]]] = {}
    for e in pending:
        us = [v for v in e.vars if v not in known]
        if not us:
            continue
        root = find(us[0])
        g = groups.setdefault(root, ([], set()))
        g[0].append(e)
        g[1].update(us)
    learned = False
    from toulmin.engine.symbolic import Translator, solve_block

    for root in sorted(groups):
        block, unknowns = groups[root]
        if len(block) != len(unknowns) or len(block) > MAX_BLOCK or len(block) < 2:
            continue
        tr = Translator(positive())
        targets = sorted(unknowns)
        sol = solve_block(
            tr, [(e.lhs, e.rhs) for e in sorted(block, key=lambda e: e.name)], targets, budget
        )
        if sol is None:
            continue
        for e in block:
            e.used = True
        names = ", ".join(e.name for e in sorted(block, key=lambda e: e.name))
        for n in targets:
            learn(n, sol[n], f"solved together with {names}", [e.name for e in block])
        learned = True
    return learned
