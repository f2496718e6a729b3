"""Hypothesis properties of the corpus arguments' internal consistency (issue 3, "Tests").

The engine proves verdicts over ranges (interval arithmetic, SymPy, search). This file
checks them with something much simpler and independent of those proofs: a plain float
evaluator over the syntax tree (`toulmin.dsl.parser` output only; the unit registry is
used only for the SI factor of each unit name). For dettmers.claim and fu.claim:

- every ranged given is drawn from its range; every let and claim is evaluated with floats;
- `holds` claims are true at every drawn point, `fails` claims false at every point;
- each let's value lies inside the range the engine reports for it;
- each reported counterexample falsifies its claim and each witness satisfies it;
- `open` claims are exactly those that need a given without a value, and their condition
  (`holds when x ≥ 40.91 %`) is right 1 % either side of its threshold;
- the same again on a copy of the file set whose ranges are all widened (by half their
  width on each side, keeping positive quantities positive), against the verdicts the
  engine gives for the copy.

What the evaluator does not do (it is not a second engine):
- lets are forward definitions only. A name that is both given and defined by a let takes
  its given value (the let's equation is then only checked by the consistency claim, if
  the engine reports one); a name the engine solves backward (a let whose expression needs
  an unknown given) has no value here, and claims that need it are skipped (for them only
  "the engine says open" is checked).
- comparisons within 1e-12 (relative) of their boundary, but not exactly on it, are not
  held against either side: they are decided by rounding, not by the argument.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from conftest import CLAIMS
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from toulmin.check import check_file
from toulmin.dsl import tree as T
from toulmin.dsl.parser import parse_source
from toulmin.units.registry import lookup

ARGUMENTS = ["dettmers.claim", "fu.claim"]
POINT_FILES = ["hardware.claim", "laws.claim", "deepseek.claim"]  # no ranges: one point

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

DEFAULT_TOLERANCE = 0.05  # spec §5: `≈` without `within`
EXACT_TOLERANCE = 1e-9  # spec §5: `=`
MARGIN = 1e-12  # comparisons this close to their boundary are left undecided here


# --------------------------------------------------------------------------------------
# Loading: a file and what it uses, merged into one namespace
# --------------------------------------------------------------------------------------


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@dataclass
class Program:
    """Definitions of a file with its `use`d files; keys are full names."""

    givens: dict[str, tuple[T.Given, str]] = field(default_factory=dict)
    lets: dict[str, tuple[T.Let, str]] = field(default_factory=dict)
    rules: dict[str, tuple[T.Rule, str]] = field(default_factory=dict)
    units: dict[str, tuple[T.UnitDecl, str]] = field(default_factory=dict)
    claims: list[T.Claim] = field(default_factory=list)  # the main file's only
    texts: dict[Path, str] = field(default_factory=dict)
    ranges: dict[Path, list[tuple[T.Given, str]]] = field(default_factory=dict)


#: (v2) distributions whose proof range is written ends (spec §5: a distribution counts as
#: its range for proofs): `A to B` and `uniform(A, B)` by their ends, `triangular(L, M, H)`
#: by L and H. The evaluator draws them like ranges.
RANGE_OF = {"to": (0, 1), "uniform": (0, 1), "triangular": (0, 2)}


def is_ranged(value: object) -> bool:
    """A plain range, or a distribution whose proof range is two written ends."""
    if isinstance(value, T.Distribution):
        assert value.kind in RANGE_OF, f"the oracle does not know `{value.kind}`"
        return True
    return isinstance(value, T.Range)


def range_exprs(value: object) -> tuple[T.Expr, T.Expr]:
    if isinstance(value, T.Distribution):
        lo, hi = RANGE_OF[value.kind]
        return value.args[lo], value.args[hi]
    assert isinstance(value, T.Range)
    return value.low, value.high


def load(path: Path) -> Program:
    prog = Program()
    _load(path.resolve(), "", prog, main=True, stack=())
    return prog


def _load(path: Path, prefix: str, prog: Program, main: bool, stack: tuple) -> None:
    assert path not in stack, f"import cycle through {path}"
    text = path.read_text(encoding="utf-8")
    module = parse_source(text, str(path))
    assert not module.diagnostics, module.diagnostics
    prog.texts[path] = text
    prog.ranges.setdefault(path, [])
    for s in module.statements:
        if isinstance(s, T.Use):
            _load(
                (path.parent / s.path).resolve(),
                _join(prefix, s.prefix or ""),
                prog,
                False,
                (*stack, path),
            )
        elif isinstance(s, T.Given):
            prog.givens[_join(prefix, s.name)] = (s, prefix)
            if is_ranged(s.value):
                prog.ranges[path].append((s, prefix))
        elif isinstance(s, T.Let):
            prog.lets[_join(prefix, s.name)] = (s, prefix)
        elif isinstance(s, T.Rule):
            prog.rules[_join(prefix, s.name)] = (s, prefix)
        elif isinstance(s, T.UnitDecl):
            prog.units[s.name] = (s, prefix)  # units are global (not prefixed)
        elif isinstance(s, T.Claim) and main:
            prog.claims.append(s)


# --------------------------------------------------------------------------------------
# A float evaluator over the tree
# --------------------------------------------------------------------------------------


class NoValue(Exception):
    """The expression needs a name that has no value here (unknown or solved backward)."""


BUILTINS = {
    "min": min,
    "max": max,
    "abs": abs,
    "sqrt": math.sqrt,
    "log": math.log,
    "log10": math.log10,
    "exp": math.exp,
    "ceil": math.ceil,
    "floor": math.floor,
}


class Evaluator:
    """Evaluates names and claims of a `Program` at one point (ranged given → SI float)."""

    def __init__(self, prog: Program, point: dict[str, float]) -> None:
        self.prog = prog
        self.point = point
        self.memo: dict[str, float] = {}
        self.busy: set[str] = set()

    # ---- units
    def unit_factor(self, unit: T.UnitExpr | None) -> float:
        if unit is None:
            return 1.0
        f = 1.0
        for factor in unit.factors:
            f *= self.unit_name_factor(factor.name) ** float(factor.power)
        return f

    def unit_name_factor(self, name: str) -> float:
        if name in self.prog.units:
            decl, prefix = self.prog.units[name]
            return 1.0 if decl.value is None else self.expr(decl.value, prefix, {})
        return lookup(name).factor

    def unit_is_dimensionless(self, unit: T.UnitExpr | None) -> bool:
        if unit is None:
            return True
        dims: dict[str, Fraction] = {}
        for factor in unit.factors:
            if factor.name in self.prog.units:
                decl, _ = self.prog.units[factor.name]
                if decl.value is not None:
                    return False  # a derived user unit: never used as a tolerance here
                part = {f"user:{factor.name}": Fraction(1)}
            else:
                part = dict(lookup(factor.name).dims)
            for k, v in part.items():
                dims[k] = dims.get(k, Fraction(0)) + v * factor.power
        return all(v == 0 for v in dims.values())

    # ---- names
    def name(self, full: str) -> float:
        if full in self.point:
            return self.point[full]
        if full in self.memo:
            return self.memo[full]
        if full in self.busy:
            raise NoValue(f"`{full}` is defined circularly (solved, not forward)")
        self.busy.add(full)
        try:
            if full in self.prog.givens:
                g, prefix = self.prog.givens[full]
                if g.value is None:
                    if full in self.prog.lets:  # an unknown given defined by a let
                        let, lp = self.prog.lets[full]
                        v = self.expr(let.expr, lp, {})
                    else:
                        raise NoValue(f"`{full}` is an unknown given")
                elif is_ranged(g.value):
                    raise AssertionError(f"ranged given `{full}` not drawn")
                else:
                    v = self.expr(g.value, prefix, {})
            elif full in self.prog.lets:
                let, prefix = self.prog.lets[full]
                v = self.expr(let.expr, prefix, {})
            else:
                raise AssertionError(f"`{full}` is not declared")
        finally:
            self.busy.discard(full)
        self.memo[full] = v
        return v

    def range_ends(self, full: str) -> tuple[float, float]:
        g, prefix = self.prog.givens[full]
        low, high = range_exprs(g.value)
        lo = self.expr(low, prefix, {})
        hi = self.expr(high, prefix, {})
        return min(lo, hi), max(lo, hi)

    # ---- expressions
    def expr(self, e: T.Expr, prefix: str, local: dict[str, float]) -> float:
        if isinstance(e, T.Number):
            return float(e.value) * self.unit_factor(e.unit)
        if isinstance(e, T.Name):
            if e.name in local:
                return local[e.name]
            return self.name(_join(prefix, e.name))
        if isinstance(e, T.Neg):
            return -self.expr(e.operand, prefix, local)
        if isinstance(e, T.BinOp):
            a = self.expr(e.left, prefix, local)
            b = self.expr(e.right, prefix, local)
            if e.op == "+":
                return a + b
            if e.op == "-":
                return a - b
            if e.op == "*":
                return a * b
            if e.op == "/":
                return a / b
            if e.op == "^":
                return a**b
            raise AssertionError(e.op)
        if isinstance(e, T.Call):
            args = [self.expr(a, prefix, local) for a in e.args]
            if e.func in BUILTINS:
                return float(BUILTINS[e.func](*args))
            rule, rprefix = self.prog.rules[_join(prefix, e.func)]
            assert len(args) == len(rule.params), e.func
            return self.expr(rule.expr, rprefix, {p.name: v for p, v in zip(rule.params, args)})
        raise AssertionError(type(e))

    # ---- claims
    def claim(self, c: T.Claim) -> bool | None:
        """True/False, or None when within MARGIN of the boundary (rounding decides)."""
        lhs = self.expr(c.lhs, "", {})
        if isinstance(c.rhs, T.Range) and c.rhs.kind == "to":  # (v2) `in LOW to HIGH`
            low, high = self.expr(c.rhs.low, "", {}), self.expr(c.rhs.high, "", {})
            scale = max(abs(lhs), abs(low), abs(high), 1e-300)
            d = max(low - lhs, lhs - high)  # inside (ends included): d <= 0
            return None if abs(d) <= MARGIN * scale else d <= 0
        rhs = self.expr(c.rhs, "", {})
        scale = max(abs(lhs), abs(rhs), 1e-300)
        if c.op in ("<", "<=", ">", ">="):
            d = lhs - rhs if c.op in ("<", "<=") else rhs - lhs  # claim: d < 0 (or <= 0)
            if d != 0 and abs(d) <= MARGIN * scale:
                return None
            return d < 0 or (d == 0 and c.op in ("<=", ">="))
        if c.op in ("=", "≈", "!="):
            if c.op == "=" or (c.op == "!=" and c.tolerance is None):
                tol = EXACT_TOLERANCE * abs(rhs)
            elif c.tolerance is None:
                tol = DEFAULT_TOLERANCE * abs(rhs)
            else:
                t = self.expr(c.tolerance, "", {})
                assert isinstance(c.tolerance, T.Number), "tolerance is a literal here"
                relative = self.unit_is_dimensionless(c.tolerance.unit)
                tol = t * abs(rhs) if relative else t
            d = abs(lhs - rhs) - tol  # within tolerance: d <= 0
            if abs(d) <= MARGIN * scale:
                return None
            inside = d <= 0
            return (not inside) if c.op == "!=" else inside
        raise AssertionError(c.op)

    def consistency(self, name: str) -> bool | None:
        """A consistency claim on a name that is given and defined by a let: given ≈ let.

        Names that follow "in two different ways" through backward solving are beyond a
        forward evaluator: NoValue.
        """
        if name not in self.prog.givens or name not in self.prog.lets:
            raise NoValue(f"consistency of `{name}` needs the engine's solving")
        let, prefix = self.prog.lets[name]
        derived = self.expr(let.expr, prefix, {})
        value = self.name(name)
        d = abs(derived - value) - DEFAULT_TOLERANCE * abs(value)
        if abs(d) <= MARGIN * max(abs(derived), abs(value), 1e-300):
            return None
        return d <= 0


# --------------------------------------------------------------------------------------
# Helpers shared by the tests
# --------------------------------------------------------------------------------------


def ranged(prog: Program) -> dict[str, tuple[float, float]]:
    """Every ranged given of the file set (full name → SI ends)."""
    ev = Evaluator(prog, {})
    return {
        name: ev.range_ends(name)
        for name, (g, _) in sorted(prog.givens.items())
        if is_ranged(g.value)
    }


def midpoints(prog: Program) -> dict[str, float]:
    return {n: (lo + hi) / 2 for n, (lo, hi) in ranged(prog).items()}


def claim_value(prog: Program, ev: Evaluator, result) -> bool | None:
    if result.kind == "claim":
        (c,) = [c for c in prog.claims if c.id == result.id]
        return ev.claim(c)
    return ev.consistency(result.id)


def point_of(prog: Program, assignment: dict | None) -> dict[str, float]:
    """Engine counterexample/witness → a full point. Ranged givens it leaves out take their
    midpoints (as the engine's own point evaluation does)."""
    point = midpoints(prog)
    for n, q in (assignment or {}).items():
        point[n] = q.value
    return point


def widen(text: str, entries: list[tuple[T.Given, str]], prog: Program) -> str:
    """`text` with every range of `entries` widened by half its width on each side
    (a positive low end stays positive: it is halved instead when it would cross zero).
    A distribution becomes `LOW to HIGH` after its `~`: a 90 % interval, whose proof
    range is the widened range."""
    ev = Evaluator(prog, {})
    edits = []
    for g, prefix in entries:
        lo, hi = ev.range_ends(_join(prefix, g.name))
        high = range_exprs(g.value)[1]
        w = hi - lo
        new_lo = lo - w / 2
        if lo > 0 and new_lo <= 0:
            new_lo = lo / 2
        new_hi = hi + w / 2
        if hi < 0 and new_hi >= 0:
            new_hi = hi / 2
        if g.unit is not None:
            unit, factor = g.unit.text, ev.unit_factor(g.unit)
        elif isinstance(high, T.Number) and high.unit is not None:
            unit, factor = high.unit.text, ev.unit_factor(high.unit)
        else:
            unit, factor = "", 1.0
        sp = g.value.span
        edits.append(
            (
                sp.start,
                sp.end,
                # a distribution's span starts at its `~`
                ("~ " if isinstance(g.value, T.Distribution) else "")
                + f"{_num(new_lo / factor)} {unit} to {_num(new_hi / factor)} {unit}".rstrip(),
            )
        )
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _num(x: float) -> str:
    s = format(Decimal(format(x, ".12g")), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


@cache
def original(name: str):
    path = CLAIMS / name
    return load(path), check_file(path, root=path.parent)


@pytest.fixture(scope="module")
def widened(tmp_path_factory):
    """The whole claims/ folder copied with every range widened, and its results."""
    folder = tmp_path_factory.mktemp("widened")
    for path in sorted(CLAIMS.glob("*.claim")):
        prog = load(path)
        text = prog.texts[path.resolve()]
        (folder / path.name).write_text(
            widen(text, prog.ranges[path.resolve()], prog), encoding="utf-8"
        )
    out = {}
    for name in ARGUMENTS:
        path = folder / name
        prog = load(path)
        out[name] = (prog, check_file(path, root=path.parent))
    return out


def _points(draw, bounds: dict[str, tuple[float, float]]) -> dict[str, float]:
    return {
        n: draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
        for n, (lo, hi) in bounds.items()
    }


def check_point(prog: Program, result, point: dict[str, float]) -> list[str]:
    """Every disagreement between the engine's verdicts/values and floats at `point`."""
    ev = Evaluator(prog, point)
    bad = []
    for c in result.claims:
        if c.qualifier is not None:
            continue  # (v2) `, likely`: a claim about P(holds), not true or false at a point
        try:
            v = claim_value(prog, ev, c)
        except NoValue as e:
            if c.verdict not in ("open", "undecided"):
                bad.append(f"{c.id}: engine `{c.verdict}`, but it has no value here ({e})")
            elif c.verdict == "open":
                bad += check_condition(prog, c, point)
            continue
        if c.verdict == "open":
            bad.append(f"{c.id}: engine `open`, but it evaluates here to {v}")
        elif c.verdict == "holds" and v is False:
            bad.append(f"{c.id}: engine `holds`, false at this point")
        elif c.verdict == "fails" and v is True:
            bad.append(f"{c.id}: engine `fails`, true at this point")
    for name, q in result.values.items():
        if q.value is None or name not in prog.lets:
            continue
        try:
            v = ev.name(name)
        except NoValue:
            continue
        slack = 1e-9 * max(abs(q.low), abs(q.high), abs(v))
        if not (q.low - slack <= v <= q.high + slack):
            bad.append(f"let {name} = {v!r} outside the engine's [{q.low!r}, {q.high!r}]")
    return bad


_SIMPLE = re.compile(r"^holds when (?P<name>[\w.]+) (?P<op>≥|≤|<|>) (?P<v>.+)$")
_RANGED = re.compile(
    r"^holds for every value of the ranges when (?P<name>[\w.]+) "
    r"(?P<op>≥|≤|<|>) (?P<v>.+), and for some from (?P<w>.+)$"
)


def _quantity(prog: Program, text: str) -> float:
    """The SI value of a displayed quantity such as `40.91 %`, `2.274x`, `1.25 year`."""
    module = parse_source(f"given q_ = {text}\n", "condition.claim")
    assert not module.diagnostics, (text, module.diagnostics)
    (g,) = module.statements
    return Evaluator(prog, {}).expr(g.value, "", {})


def check_condition(prog: Program, c, point: dict[str, float]) -> list[str]:
    """An `open` claim's condition, tested 1 % either side of its threshold(s) (the
    condition is rounded for display). Conditions in another wording are not checked."""
    (claim,) = [k for k in prog.claims if k.id == c.id] if c.kind == "claim" else [None]
    if claim is None or c.condition is None:
        return []
    m = _SIMPLE.match(c.condition) or _RANGED.match(c.condition)
    if not m:
        return []
    up = m["op"] in ("≥", ">")  # the claim holds above the threshold

    def moved(x: float, into_holding: bool) -> float:
        return x + (0.01 * abs(x) if up == into_holding else -0.01 * abs(x))

    v = _quantity(prog, m["v"])
    tries = [(moved(v, True), True)]  # past the threshold: holds at every point
    if m.re is _SIMPLE:
        tries.append((moved(v, False), False))  # short of it: fails
    else:  # short of the lower threshold: fails at every point of the ranges
        tries.append((moved(_quantity(prog, m["w"]), False), False))
    bad = []
    for x, want in tries:
        try:
            got = Evaluator(prog, {**point, m["name"]: x}).claim(claim)
        except NoValue:
            return []  # needs more than the one unknown the condition names
        if got is (not want):
            bad.append(
                f"{c.id}: condition {c.condition!r}: at {m['name']} = {x!r} (SI) the claim is {got}"
            )
    return bad


def check_condition_tight(prog: Program, c) -> list[str]:
    """The thresholds of an `open` claim's condition are not merely sufficient but tight:
    1 % short of the threshold, some corner of the ranges falsifies the claim (and, for the
    ranged wording, 1 % past the lower threshold some corner satisfies it)."""
    from itertools import product

    (claim,) = [k for k in prog.claims if k.id == c.id] if c.kind == "claim" else [None]
    if claim is None or c.condition is None:
        return []
    m = _SIMPLE.match(c.condition) or _RANGED.match(c.condition)
    if not m:
        return []
    up = m["op"] in ("≥", ">")
    bounds = ranged(prog)
    corners = [dict(zip(bounds, ends)) for ends in product(*bounds.values())]
    v = _quantity(prog, m["v"])
    tries = [(v - 0.01 * abs(v) if up else v + 0.01 * abs(v), False)]
    if m.re is _RANGED:
        w = _quantity(prog, m["w"])
        tries.append((w + 0.01 * abs(w) if up else w - 0.01 * abs(w), True))
    bad = []
    for x, want in tries:
        try:
            seen = {Evaluator(prog, {**p, m["name"]: x}).claim(claim) for p in corners}
        except NoValue:
            return []
        if want not in seen:
            bad.append(
                f"{c.id}: condition {c.condition!r} is not tight: at {m['name']} = "
                f"{x!r} (SI) the claim is never {want} at the corners of the ranges"
            )
    return bad


def check_examples(prog: Program, result) -> list[str]:
    """Counterexamples falsify, witnesses satisfy (under the float evaluator)."""
    bad = []
    for c in result.claims:
        for kind, assignment, want in (
            ("counterexample", c.counterexample, False),
            ("witness", c.witness, True),
        ):
            if assignment is None:
                continue
            point = point_of(prog, assignment)
            bounds = ranged(prog)
            for n, v in point.items():
                if n not in bounds:
                    bad.append(f"{c.id}: {kind} sets `{n}`, which is not a ranged given")
                    continue
                lo, hi = bounds[n]
                if not (lo - 1e-9 * abs(lo) <= v <= hi + 1e-9 * abs(hi)):
                    bad.append(f"{c.id}: {kind} {n} = {v!r} outside its range [{lo}, {hi}]")
            try:
                got = claim_value(prog, Evaluator(prog, point), c)
            except NoValue as e:
                bad.append(f"{c.id}: {kind} gives no value here ({e})")
                continue
            if got is (not want):
                bad.append(
                    f"{c.id} (`{c.verdict}`): {kind} "
                    f"{ {n: q.value for n, q in assignment.items()} } "
                    f"makes the claim {got}"
                )
        if c.verdict == "depends" and (c.counterexample is None or c.witness is None):
            bad.append(f"{c.id}: `depends` without both a counterexample and a witness")
    return bad


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ARGUMENTS)
def test_evaluator_reads_the_same_givens(name: str) -> None:
    """Sanity check of the evaluator itself: range ends and point givens agree with the
    engine's `values` (else every later disagreement would be the evaluator's fault)."""
    prog, result = original(name)
    assert not any(d.is_error for d in result.diagnostics), result.diagnostics
    ev = Evaluator(prog, midpoints(prog))
    bounds = ranged(prog)
    assert bounds, "the argument has ranges"
    for n, (g, _) in prog.givens.items():
        q = result.values[n]
        if g.value is None:
            assert q.value is None, n
        elif n in bounds:
            assert q.low == pytest.approx(bounds[n][0], rel=1e-12), n
            assert q.high == pytest.approx(bounds[n][1], rel=1e-12), n
        else:
            assert q.value == pytest.approx(ev.name(n), rel=1e-12), n


@pytest.mark.parametrize("name", ARGUMENTS)
def test_verdicts_agree_with_floats_at_drawn_points(name: str) -> None:
    prog, result = original(name)
    bounds = ranged(prog)

    @SETTINGS
    @given(st.data())
    def run(data) -> None:
        point = _points(data.draw, bounds)
        note(f"point: {point}")
        bad = check_point(prog, result, point)
        assert not bad, "\n".join(bad)

    run()


@pytest.mark.parametrize("name", ARGUMENTS)
def test_counterexamples_and_witnesses(name: str) -> None:
    prog, result = original(name)
    bad = check_examples(prog, result)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", ARGUMENTS)
def test_open_conditions_are_tight(name: str, widened) -> None:
    bad = []
    for prog, result in (original(name), widened[name]):
        for c in result.claims:
            if c.verdict == "open":
                bad += check_condition_tight(prog, c)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", ARGUMENTS)
def test_widened_ranges_are_wider(name: str, widened) -> None:
    prog, result = widened[name]
    assert not any(d.is_error for d in result.diagnostics), [
        f"{d.span.line if d.span else '?'}: {d.code}: {d.message}" for d in result.diagnostics
    ]
    old, new = ranged(original(name)[0]), ranged(prog)
    assert set(old) == set(new)
    for n in old:
        assert new[n][0] < old[n][0] and new[n][1] > old[n][1], (n, old[n], new[n])
        assert (old[n][0] > 0) <= (new[n][0] > 0), n


@pytest.mark.parametrize("name", ARGUMENTS)
def test_widened_verdicts_agree_with_floats(name: str, widened) -> None:
    prog, result = widened[name]
    bounds = ranged(prog)

    @SETTINGS
    @given(st.data())
    def run(data) -> None:
        point = _points(data.draw, bounds)
        note(f"point: {point}")
        bad = check_point(prog, result, point)
        assert not bad, "\n".join(bad)

    run()


@pytest.mark.parametrize("name", ARGUMENTS)
def test_widened_counterexamples_and_witnesses(name: str, widened) -> None:
    prog, result = widened[name]
    bad = check_examples(prog, result)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", POINT_FILES)
def test_point_files_agree_with_floats(name: str) -> None:
    """The files without ranges: their one point, by the same evaluator."""
    prog, result = original(name)
    assert not ranged(prog)
    bad = check_point(prog, result, {}) + check_examples(prog, result)
    assert not bad, "\n".join(bad)
