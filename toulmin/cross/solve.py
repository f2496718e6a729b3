"""`toulmin solve FILE NAME [--for GIVEN]`: a name's value, range or formula; where a claim holds.

* Without `--for`: the value or range of NAME; where NAME depends on ranges or on
  names without a value, its formula in terms of them (SymPy, printed with the
  author's names and display units; LaTeX with `--latex`). For a claim, both
  sides, the verdict and the sensitivity of the claim to each range.
* With `--for G`: the values of the given G for which the claim NAME holds (the
  program is copied with G's value removed, so G is free; the claim is solved
  for G), compared with the value or range the author gave for G. For a
  quantity NAME, NAME as a function of G.

Nothing here parses or evaluates text: SymPy only sees expressions built from
the IR, with internal symbol names that a custom printer maps back.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import replace
from fractions import Fraction
from typing import Any

from toulmin.check import Analysis, all_claims
from toulmin.cross.lookup import find_claim, not_found, show_value
from toulmin.engine import ir
from toulmin.engine.analyses import ClaimSide, ClaimSolution, Formula, GivenSolution, ValueSolution
from toulmin.engine.condition import Region, where_holds
from toulmin.engine.program import Display, Program
from toulmin.engine.prove import Prover
from toulmin.engine.results import Quantity, quantity_of
from toulmin.engine.solve import Model, build_model
from toulmin.render.condition import phrase, regions_text
from toulmin.units import display as U
from toulmin.units import format as F


class UsageError(Exception):
    """Bad usage or a name that cannot be solved: a clear message, exit 2."""


# ---------------------------------------------------------------- shared helpers


def with_givens(program: Program, values: dict[str, tuple[float | None, float | None]]) -> Program:
    """A copy of the program with some givens' (low, high) replaced (None: no value)."""
    givens = dict(program.givens)
    for n, (lo, hi) in values.items():
        givens[n] = replace(givens[n], low=lo, high=hi)
    return replace(program, givens=givens)


def model_key(program: Program) -> tuple:
    """What `build_model` depends on besides the equations: which givens are known, and
    which are positive (root choice of backward solving)."""
    return tuple(
        sorted((n, g.known, g.low is None or g.low > 0) for n, g in program.givens.items())
    )


def rebuilt(
    program: Program, budget: float, cache: dict | None = None, fast: bool = True
) -> Prover:
    """A prover for a program whose givens were changed; models are reused when the
    set of known (and positive) givens is unchanged."""
    key = model_key(program)
    model: Model | None = cache.get(key) if cache is not None else None
    if model is None:
        model = build_model(program, budget)
        if cache is not None:
            cache[key] = model
    return Prover(program, model, budget, explain=not fast)


def unit_of(program: Program, name: str, value: float | None = None) -> tuple[str, float]:
    """The unit text and SI factor a name is shown in."""
    return unit_for(program.display_of(name), value)


def unit_for(display: Display, value: float | None) -> tuple[str, float]:
    if value is None or value == 0 or not math.isfinite(value):
        return U.text(display.shape), display.factor
    return F.choose(display, abs(value))


# ---------------------------------------------------------------- formulas


#: Significant digits a formula's coefficient keeps: more than any input carries, fewer
#: than binary noise needs (3.4e21 × 86400 × 0.38 is 1.116288e26, not 111628800…4744…).
COEFFICIENT_DIGITS = 12


def _fmt_float(x: float) -> str:
    """A coefficient rounded to `COEFFICIENT_DIGITS`, shortest form, `1.116288e29` style."""
    text = f"{x:.{COEFFICIENT_DIGITS}g}"
    mantissa, e, exp = text.partition("e")
    return mantissa if not e else f"{mantissa}e{int(exp)}"


def formula(
    a: Analysis, node: ir.Node, display: Display, value: float | None, prover: Prover | None = None
) -> Formula | None:
    """NODE in terms of the names it depends on that are ranges or have no value,
    in display units. None when the node is a constant (nothing to show)."""
    from toulmin.engine.condition import inline
    from toulmin.engine.symbolic import Budget, Translator, time_budget

    prover = prover or a.prover
    assert prover is not None
    try:
        expr_ir = inline(prover, node, {})
    except RecursionError:
        return None  # a derivation thousands of lets deep has no readable formula
    names = sorted(set(ir.refs(expr_ir)))
    if not names:
        return None
    tr = Translator({n: True for n in names})
    sp = tr.sp
    try:
        with time_budget(2.0):
            expr = tr.to_sympy(expr_ir)
            units: dict[str, str] = {}
            subs = {}
            for n in names:
                g = a.program.givens.get(n)
                mid = None
                if g is not None and g.known:
                    mid = max(abs(g.low), abs(g.high))  # type: ignore[arg-type]
                text, factor = unit_of(prover.program, n, mid)
                units[n] = text
                if factor != 1.0:
                    subs[tr.symbols[n]] = _decimal(sp, factor) * tr.symbols[n]
            rtext, rfactor = unit_for(display, value)
            expr = expr.xreplace(subs) / _decimal(sp, rfactor) if (subs or rfactor != 1.0) else expr
            expr = _tidy(sp, expr)
    except Budget:
        return None
    except Exception:
        return None
    plain, latex = printers(sp, {tr.symbols[n]: n for n in names})
    return Formula(plain(expr), latex(expr), units, rtext)


def _decimal(sp: Any, x: float) -> Any:
    """A unit factor as the exact rational of its shortest decimal (86400, 1e-12), so that
    factors cancel exactly instead of leaving binary noise in the coefficients."""
    frac = Fraction(repr(x))
    return sp.Rational(frac.numerator, frac.denominator)


#: Integers beyond this print in scientific form (no 30-digit coefficients).
_LONG_INTEGER = 10**15


def _tidy(sp: Any, expr: Any) -> Any:
    """Fold numeric factors (1e12·…/1e12), turn near-integers into integers, and numbers
    with long digits (binary noise, a rational like 7344/25) into rounded decimals."""
    with contextlib.suppress(Exception):
        expr = sp.powsimp(sp.factor_terms(expr))
    reps = {}
    for f in expr.atoms(sp.Number):
        if f.is_Integer and abs(int(f)) < _LONG_INTEGER:
            continue
        if f.is_Rational and not f.is_Integer and int(f.q) <= 12 and abs(int(f.p)) < 1000:
            continue  # x/2, 2*x/3: exact and short
        x = float(f)
        if not math.isfinite(x):
            continue
        x = float(f"{x:.{COEFFICIENT_DIGITS}g}")
        r = round(x)
        if r != 0 and abs(x - r) <= 1e-9 * abs(x) and abs(r) < _LONG_INTEGER:
            reps[f] = sp.Integer(r)
        elif x != float(f) or not f.is_Float:
            reps[f] = sp.Float(x, 17)
    return expr.xreplace(reps) if reps else expr


def printers(sp: Any, names: dict[Any, str]) -> tuple[Any, Any]:
    """Plain and LaTeX printers that show internal symbols with the user's names."""
    from sympy.printing.latex import LatexPrinter
    from sympy.printing.str import StrPrinter

    class Plain(StrPrinter):
        def _print_Symbol(self, expr: Any) -> str:
            return names.get(expr, expr.name)

        def _print_Float(self, expr: Any) -> str:
            return _fmt_float(float(expr))

    class Latex(LatexPrinter):
        def _print_Symbol(self, expr: Any, style: str = "plain") -> str:
            n = names.get(expr)
            if n is None:
                return super()._print_Symbol(expr, style)
            return r"\mathit{" + n.replace("_", r"\_") + "}"

        def _print_Float(self, expr: Any) -> str:
            m, _, e = _fmt_float(float(expr)).partition("e")
            return m if not e else rf"{m} \cdot 10^{{{int(e)}}}"

    return Plain().doprint, Latex().doprint


# ---------------------------------------------------------------- solve NAME


def solve_name(a: Analysis, name: str) -> ClaimSolution | ValueSolution:
    """What `toulmin solve FILE NAME` reports. Raises UsageError."""
    from toulmin.cross.sensitivity import sensitivity

    program, prover = a.program, a.prover
    claim = find_claim(all_claims(a), name)
    if claim is not None:
        outcome = prover.verdict(claim)
        sides = []
        for node in (claim.lhs, claim.rhs):
            b = side_bounds(prover, node)
            unit = unit_for(claim.display, b[1] if b else None)
            value = None if b is None else quantity_of(b, claim.dims, claim.display, unit)
            sides.append(ClaimSide(value, formula(a, node, claim.display, b[1] if b else None)))
        points = _points(program, outcome.counterexample)
        return ClaimSolution(
            name,
            program.file,
            claim.kind,  # type: ignore[arg-type]
            claim.op,
            outcome.verdict,
            outcome.proof,
            phrase(outcome.condition) if outcome.condition else None,
            sides[0],
            sides[1],
            points,
            _points(program, outcome.witness) if points is not None else None,
            sensitivity(a, claim.id),
        )
    if name in program.givens or name in program.lets:
        g = program.givens.get(name)
        b = a.values.get(name)
        value = None if b is None else _quantity(program, name, b)
        derivation = a.model.derivations.get(name)
        fm = None
        if name in prover.defs:
            fm = formula(a, ir.Ref(name), program.display_of(name), b[1] if b else None)
        return ValueSolution(
            name,
            program.file,
            "given" if g is not None else "let",
            value,
            derivation.method if derivation else None,
            derivation.equations if derivation else (),
            derivation.together if derivation else (),
            name in a.model.free,
            fm,
        )
    raise UsageError(not_found(a, name, "claim or value", "solve"))


def _quantity(program: Program, name: str, b: tuple[float, float, float]) -> Quantity:
    """A name's value in its display unit (the unit chosen for the larger end)."""
    unit = unit_of(program, name, max(abs(b[0]), abs(b[2])))
    return quantity_of(b, program.dims_of(name), program.display_of(name), unit)


def _points(program: Program, p: dict[str, float] | None) -> dict[str, Quantity] | None:
    if p is None:
        return None
    return {
        k: quantity_of((v, v, v), program.dims_of(k), program.display_of(k), unit_of(program, k, v))
        for k, v in p.items()
    }


def side_bounds(prover: Prover, node: ir.Node) -> tuple[float, float, float] | None:
    from toulmin.check import _side_bounds

    return _side_bounds(prover, node)


# ---------------------------------------------------------------- solve NAME --for G


def solve_for_given(a: Analysis, name: str, given: str, budget: float = 2.0) -> GivenSolution:
    """The values of `given` for which claim `name` holds (or quantity `name` as a function
    of `given`). Raises UsageError for names that cannot be used."""
    program, prover = a.program, a.prover
    claim = find_claim(all_claims(a), name)
    if claim is None and name not in program.lets and name not in program.givens:
        raise UsageError(not_found(a, name, "claim or value", "solve"))
    if given not in program.givens:
        if given in program.lets:
            raise UsageError(
                f"`{given}` is defined by a let, not a given; --for takes a given "
                f"(one of the names `{given}` is computed from)"
            )
        raise UsageError(not_found(a, given, "given", "solve"))
    nodes: list[ir.Node] = [claim.lhs, claim.rhs] if claim is not None else [ir.Ref(name)]
    if name == given:
        raise UsageError(f"`{name}` is the given itself; solve a claim or a let that uses it")
    deps = prover.reach(nodes)
    if given not in deps:
        what = f"claim `{name}`" if claim is not None else f"`{name}`"
        used = ", ".join(sorted(d for d in deps if d in program.givens))
        raise UsageError(
            f"{what} does not depend on `{given}`; nothing to solve for "
            f"(it depends on: {used or 'no givens'})"
        )
    g = program.givens[given]
    freed = with_givens(program, {given: (None, None)})
    model = build_model(freed, budget)
    p2 = Prover(freed, model, budget)
    _, ranges, free = p2.closure(nodes)
    display = program.display_of(given)
    author = None
    if g.known:
        assert g.low is not None and g.high is not None
        author = _quantity(program, given, (g.low, (g.low + g.high) / 2, g.high))
    if given not in free:
        how = model.derivations.get(given)
        raise UsageError(
            f"`{given}` also follows from the equations of {program.file} "
            f"(from {', '.join(how.equations) if how else 'them'}); removing its value "
            f"does not leave it free"
        )
    if claim is None:
        b = a.values.get(name)
        fm = formula(a, ir.Ref(name), program.display_of(name), b[1] if b else None, p2)
        return GivenSolution(
            name,
            given,
            program.file,
            "quantity",
            author,
            f"{name} as a function of {given}"
            if fm
            else f"{name} has no formula in terms of {given} that SymPy could build",
            formula=fm,
            value=None if b is None else _quantity(program, name, b),
        )
    original = prover.verdict(claim)
    others = [f for f in free if f != given]
    if others:
        from toulmin.engine.condition import open_condition

        condition = phrase(open_condition(p2, claim, ranges, [given, *others], budget))
        return GivenSolution(
            name,
            given,
            program.file,
            "claim",
            author,
            condition,
            claim.op,
            original.verdict,
            None,
            condition=condition,
        )
    positive = g.low is None or g.low > 0
    holding = where_holds(p2, claim, given, ranges, positive, budget)
    # incomplete: the boundaries come (partly) from a numeric scan, so "no value" would
    # be a guess; the text then says the equation could not be solved
    regions, bounds = holding.regions, holding.bounds
    boundaries = tuple(
        quantity_of((lo, m, hi), g.dims, display, unit_for(display, m)) for lo, m, hi in bounds
    )
    note = None
    moves = [(lo, hi) for lo, m, hi in bounds if ranges and (lo != m or hi != m)]
    if moves:
        rnames = ", ".join(r for r in ranges)
        spans = [F.span_text(lo, hi, display) for lo, hi in moves]
        if len(spans) == 1:
            where = f"the boundary moves within {spans[0]}"
        elif len(spans) == 2:
            where = f"the lower boundary moves within {spans[0]}, the upper within {spans[1]}"
        else:
            where = "the boundaries move within " + "; ".join(spans)
        note = (
            f"with {rnames} at the middle of {'its' if len(ranges) == 1 else 'their'} "
            f"range{'s' if len(ranges) > 1 else ''}; "
            f"over {'it' if len(ranges) == 1 else 'them'}, {where}"
        )
    return GivenSolution(
        name,
        given,
        program.file,
        "claim",
        author,
        regions_text(given, regions, display, holding.complete),
        claim.op,
        original.verdict,
        tuple(regions),
        boundaries,
        note=note,
        comparison=compare_author(given, g, regions, original.verdict, display),
        complete=holding.complete,
    )


def compare_author(
    given: str, g: Any, regions: list[Region], verdict: str, display: Display
) -> str:
    """How the author's value or range of G sits against the region where the claim holds."""
    if not g.known:
        return f"the author gives no value for {given}"
    value = show_value(display, g.low, g.high)
    if g.low == g.high:
        inside = any(r.contains(g.low) for r in regions)
        return (
            f"the author's {given} = {value} is {'inside' if inside else 'outside'} it; "
            f"with all the author's values the claim {verdict}"
        )
    return {
        "holds": f"the author's range {given} = {value} lies inside it: the claim holds",
        "fails": f"the author's range {given} = {value} lies outside it: the claim fails",
        "depends": f"the author's range {given} = {value} straddles the boundary: "
        f"the claim depends",
    }.get(verdict, f"with the author's range {given} = {value}: the claim is {verdict}")
