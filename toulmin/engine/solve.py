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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from toulmin.diagnostics import Diagnostic
from toulmin.engine import ir
from toulmin.engine.meaning import default_tolerance
from toulmin.engine.program import ClaimDef, Program

MAX_BLOCK = 4

#: how a name got its value: its own let evaluated forward; an equation solved for it
#: symbolically or numerically; or a block of equations solved together
Method = Literal["let", "solved", "numeric", "block"]


@dataclass(frozen=True)
class Derivation:
    """How one derived name got its value, as data (renderers phrase it)."""

    method: Method
    #: the equations (let names) it was solved from, sorted; every one of a block
    equations: tuple[str, ...]
    #: for a block, every name the block solved (this one included), sorted
    together: tuple[str, ...] = ()


@dataclass
class Model:
    """The solved system: how every name gets its value."""

    #: (name, expression over earlier names), in an order safe for evaluation
    order: list[tuple[str, ir.Node]] = field(default_factory=list)
    #: names with no value: unknown premises and what depends only on them
    free: list[str] = field(default_factory=list)
    #: how each derived name was obtained (for `explain`, `solve` and unused givens)
    derivations: dict[str, Derivation] = field(default_factory=dict)
    consistency: list[ClaimDef] = field(default_factory=list)
    unsolved: list[str] = field(default_factory=list)
    #: names solved from an equation with several solutions: every candidate, the
    #: first of which is in `order`; a claim is decided over all of them
    alternatives: dict[str, list[ir.Node]] = field(default_factory=dict)
    #: names an equation constrains without determining them (`ceil(v) = 3`): why
    ambiguous: dict[str, str] = field(default_factory=dict)
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
            # a name without a value may be negative: `abs(v) = 3` has v = -3 too
            out[n] = g.low is not None and g.low > 0
        return out

    # point values learned so far, for the numeric last resort (roots.unique_root)
    points: dict[str, float] = {
        n: g.low  # type: ignore[misc]  # known: low is set
        for n, g in program.givens.items()
        if g.known and not g.is_range
    }

    def learn(var: str, expr: ir.Node, how: Derivation) -> None:
        try:
            points[var] = ir.eval_float(expr, points)
        except (KeyError, ArithmeticError):
            pass  # depends on a range or a free name: no point value
        known.add(var)
        model.order.append((var, expr))
        model.derivations[var] = how
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
                learn(var, eq.rhs, Derivation("let", (en,)))
                continue
            if translator is None:
                from toulmin.engine.symbolic import Translator

                translator = Translator(positive())
            from toulmin.engine.symbolic import solve_for

            sols = solve_for(translator, eq.lhs, eq.rhs, var, budget)
            chosen = _admissible(sols, program, points)
            if not chosen and all(v in points for v in eq.vars if v != var):
                from toulmin.engine.roots import not_one_to_one, unique_root

                why = not_one_to_one(eq.lhs, eq.rhs, var)
                root = unique_root(eq.lhs, eq.rhs, var, points) if why is None else None
                if root is not None:
                    eq.used = True
                    learn(var, ir.Const(root), Derivation("numeric", (en,)))
                    continue
                if why is not None:
                    # a numeric root would be one picked solution among several
                    model.ambiguous[var] = (
                        f"`{var}` is not determined by the equation `{en}` ({why}), "
                        "so no single value of it can be proved"
                    )
                    # its claims still rest on the equation's names (unused givens, explain)
                    model.derivations[var] = Derivation("solved", (en,))
            if not chosen:
                eq.used = True
                model.unsolved.append(var)
                continue
            eq.used = True
            if len(chosen) > 1:
                model.alternatives[var] = chosen
            learn(var, chosen[0], Derivation("solved", (en,)))

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


def _admissible(
    sols: list[ir.Node] | None, program: Program, points: dict[str, float]
) -> list[ir.Node]:
    """The solutions that can be values: those defined at the midpoint of the known values.

    Several are all kept (the prover decides a claim over every one); none is picked
    by sign, since a name without a value may be negative.
    """
    if not sols:
        return []
    if len(sols) == 1:
        return list(sols)
    env = dict(points)
    for n, g in program.givens.items():
        if g.known:
            assert g.low is not None and g.high is not None
            env[n] = (g.low + g.high) / 2
    out: list[ir.Node] = []
    for s in sols:
        try:
            ir.eval_float(s, env)
        except KeyError:
            pass  # depends on a name with no point value: keep it
        except ArithmeticError:
            continue
        if s not in out:
            out.append(s)
    return out


def _solve_blocks(
    eqs: dict[str, _Eq],
    known: set[str],
    program: Program,
    model: Model,
    budget: float,
    learn: Callable[[str, ir.Node, Derivation], None],
    positive: Callable[[], dict[str, bool]],
) -> bool:
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
        how = Derivation("block", tuple(sorted(e.name for e in block)), tuple(targets))
        for n in targets:
            learn(n, sol[n], how)
        learned = True
    return learned
