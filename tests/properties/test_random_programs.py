"""Hypothesis properties of `toulmin check` (issue 2, "Tests").

(a) the order of statements never changes a verdict or a value;
(b) writing a quantity in an equivalent unit or number form never changes a verdict;
(c) arbitrary text never raises, it only produces diagnostics;
(d) verdicts over ranges agree with an independent float evaluation at random points
    (`holds` true everywhere, `fails` false everywhere, counterexamples falsify, witnesses
    satisfy);
(e) statements generated from the Lark grammar parse or give a diagnostic, never raise.

Plus: checking a file of point values imports neither SymPy, Hypothesis nor NumPy.

The programs are generated from a small typed model (`Prog`) that knows each name's
dimension and SI value, so the test can write constants in matching units and evaluate
claims itself with plain floats, without the engine.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal

import lark
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from toulmin.check import Options, check_text
from toulmin.dsl.parser import parse_source

GRAMMAR = ROOT / "toulmin" / "dsl" / "grammar.lark"

CODES = {
    "syntax",
    "unknown-name",
    "unknown-unit",
    "dimension",
    "redefined",
    "import",
    "domain",
    "limit",
    "unused",
    "unsourced",
}
VERDICTS = {"holds", "fails", "depends", "open", "undecided"}

# A few examples each; the engine's proofs cost ~0.1-0.5 s per file.
FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


# --------------------------------------------------------------------------------------
# A typed model of generated programs
# --------------------------------------------------------------------------------------

# Dimensions as exponent tuples over (GPU, time, USD, FLOP).
DIMLESS = (0, 0, 0, 0)
# Given units: (text, SI factor, dims)
GIVEN_UNITS = [
    ("GPU", 1.0, (1, 0, 0, 0)),
    ("h", 3600.0, (0, 1, 0, 0)),
    ("USD/GPU/h", 1 / 3600.0, (-1, -1, 1, 0)),
    ("TFLOP/s/GPU", 1e12, (-1, -1, 0, 1)),
    ("%", 0.01, DIMLESS),
    ("", 1.0, DIMLESS),
]
# How a constant of any dimension is written: one factor per base dimension.
FACTORS = [("GPU", 1.0), ("h", 3600.0), ("USD", 1.0), ("TFLOP", 1e12)]


def dim_add(a: tuple, b: tuple, sign: int = 1) -> tuple:
    return tuple(x + sign * y for x, y in zip(a, b))


def unit_for(dims: tuple) -> tuple[str, float]:
    """A unit text for `dims` (e.g. `USD*GPU^-1*h^-1`) and its SI factor."""
    parts, scale = [], 1.0
    for (text, f), e in zip(FACTORS, dims):
        if e:
            parts.append(text if e == 1 else f"{text}^{e}")
            scale *= f**e
    return "*".join(parts), scale


# Expression trees: ("n", name) | ("c", si_value, text) | (op, a, b) | ("min"/"max", a, b)
def render(e: tuple) -> str:
    k = e[0]
    if k == "n":
        return e[1]
    if k == "c":
        return e[2]
    if k in ("min", "max"):
        return f"{k}({render(e[1])}, {render(e[2])})"
    return f"({render(e[1])} {k} {render(e[2])})"


def evaluate(e: tuple, env: dict[str, float]) -> float:
    k = e[0]
    if k == "n":
        return env[e[1]]
    if k == "c":
        return e[1]
    a, b = evaluate(e[1], env), evaluate(e[2], env)
    if k == "+":
        return a + b
    if k == "-":
        return a - b
    if k == "*":
        return a * b
    if k == "/":
        return a / b
    if k == "min":
        return min(a, b)
    if k == "max":
        return max(a, b)
    raise AssertionError(k)


def names_in(e: tuple) -> set[str]:
    if e[0] == "n":
        return {e[1]}
    if e[0] == "c":
        return set()
    return names_in(e[1]) | names_in(e[2])


@dataclass
class Given:
    name: str
    unit: str
    factor: float
    dims: tuple
    lo: float | None  # in the unit; None: unknown premise
    hi: float | None
    form: str  # "point", "to", "to1" (unit on the right end only), "pm", "unknown"

    @property
    def box(self) -> tuple[float, float] | None:
        if self.lo is None:
            return None
        return self.lo * self.factor, self.hi * self.factor

    def text(self) -> str:
        u = f" {self.unit}" if self.unit else ""
        if self.form == "unknown":
            return f"given {self.name} : {self.unit or '1'}" if self.unit else ""
        if self.form == "point":
            return f"given {self.name} = {self.lo:g}{u}"
        if self.form == "to":
            return f"given {self.name} = {self.lo:g}{u} to {self.hi:g}{u}"
        if self.form == "to1":
            return f"given {self.name} = {self.lo:g} to {self.hi:g}{u}"
        mid, half = (self.lo + self.hi) / 2, (self.hi - self.lo) / 2
        return f"given {self.name} = {mid:g}{u} ± {half:g}{u}"


@dataclass
class Prog:
    givens: list[Given] = field(default_factory=list)
    lets: list[tuple[str, tuple, tuple]] = field(default_factory=list)  # name, expr, dims
    claims: list[tuple[str, tuple, str, tuple, float | None]] = field(default_factory=list)
    # id, lhs, op, rhs, relative tolerance of ≈ (None: default 5 %)

    def statements(self) -> list[str]:
        out = [g.text() for g in self.givens if g.text()]
        out += [f"let {n} = {render(e)}" for n, e, _ in self.lets]
        for cid, lhs, op, rhs, tol in self.claims:
            w = f" within {tol * 100:g} %" if tol is not None else ""
            out.append(f"claim {cid}: {render(lhs)} {op} {render(rhs)}{w}")
        return out

    def source(self) -> str:
        return "\n".join(self.statements()) + "\n"

    def env_point(self, pick) -> dict[str, float]:
        """SI values of every given (`pick(lo, hi)` chooses inside each range) and let."""
        env = {}
        for g in self.givens:
            if g.box is not None:
                env[g.name] = pick(*g.box)
        for n, e, _ in self.lets:
            env[n] = evaluate(e, env)
        return env

    def env_point_safe(self) -> dict[str, float]:
        """SI values at the middle of every range, for the names that have one."""
        env: dict[str, float] = {}
        for g in self.givens:
            if g.box is not None:
                env[g.name] = (g.box[0] + g.box[1]) / 2
        for n, e, _ in self.lets:
            try:
                if names_in(e) <= env.keys():
                    env[n] = evaluate(e, env)
            except ArithmeticError:
                pass
        return env

    def expand(self, e: tuple) -> tuple:
        """`e` with lets replaced by their definitions (names left are givens)."""
        lets = {n: x for n, x, _ in self.lets}
        if e[0] == "n":
            return self.expand(lets[e[1]]) if e[1] in lets else e
        if e[0] == "c":
            return e
        return (e[0], self.expand(e[1]), self.expand(e[2]))


@st.composite
def programs(draw, *, unknowns: bool = False, ranges: bool = True, n_claims=(1, 5)) -> Prog:
    p = Prog()
    n_givens = draw(st.integers(2, 5))
    for i in range(n_givens):
        unit, factor, dims = draw(st.sampled_from(GIVEN_UNITS))
        lo = draw(st.integers(1, 40)) * draw(st.sampled_from([1, 5, 25]))
        forms = (
            ["point"]
            + (["to", "to1", "pm"] if ranges else [])
            + (["unknown"] if unknowns and unit else [])
        )
        form = draw(st.sampled_from(forms))
        hi = lo if form == "point" else lo + draw(st.integers(1, 40)) * 2
        if form == "unknown":
            lo = hi = None
        p.givens.append(Given(f"g{i}", unit, factor, dims, lo, hi, form))
    pool = [(g.name, g.dims, g.lo is None) for g in p.givens if g.text()]
    known_givens = [(g.name, g.dims) for g in p.givens if g.lo is not None]
    for i in range(draw(st.integers(1, 5))):
        a_name, a_dims, _ = draw(st.sampled_from(pool))
        a = ("n", a_name)
        same = [x for x in pool if x[1] == a_dims]
        op = draw(st.sampled_from(["+", "-", "*", "/", "min", "max", "scale"]))
        if op in ("+", "-", "min", "max"):
            b_name, _, _ = draw(st.sampled_from(same))
            expr, dims = (op, a, ("n", b_name)), a_dims
        elif op == "*":
            b_name, b_dims, _ = draw(st.sampled_from(pool))
            expr, dims = ("*", a, ("n", b_name)), dim_add(a_dims, b_dims)
        elif op == "/":  # only by a known given: its range is positive
            if not known_givens:
                continue
            b_name, b_dims = draw(st.sampled_from(known_givens))
            expr, dims = ("/", a, ("n", b_name)), dim_add(a_dims, b_dims, -1)
        else:
            k = draw(st.sampled_from([2, 3, 0.5, 1.5]))
            expr, dims = ("*", a, ("c", float(k), f"{k:g}")), a_dims
        name = f"l{i}"
        p.lets.append((name, expr, dims))
        pool.append((name, dims, False))
    # Claims compare a derived value with a constant near its midpoint.
    lets = p.lets or [(g.name, ("n", g.name), g.dims) for g in p.givens if g.lo is not None]
    if not lets:
        return p
    mid_env = p.env_point_safe()
    for j in range(draw(st.integers(*n_claims))):
        name, _, dims = draw(st.sampled_from(lets))
        op = draw(st.sampled_from(["=", "≈", "<", "<=", ">", ">=", "!=", "≈w"]))
        factor = draw(st.sampled_from([0.25, 0.9, 1.0, 1.1, 4.0]))
        mid = mid_env.get(name)
        unit, scale = unit_for(dims)
        si = (mid if mid not in (None, 0.0) else 1.0) * factor
        shown = float(f"{si / scale:.6g}")
        rhs = ("c", shown * scale, f"{shown:.6g}" + (f" {unit}" if unit else ""))
        tol = None
        if op == "≈w":
            op, tol = "≈", draw(st.sampled_from([0.001, 0.02, 0.2]))
        p.claims.append((f"c{j}", ("n", name), op, rhs, tol))
    return p


# --------------------------------------------------------------------------------------
# Independent evaluation of a claim
# --------------------------------------------------------------------------------------


def truth(op: str, lhs: float, rhs: float, tol: float | None) -> bool | None:
    """Whether `lhs OP rhs` holds; None when float noise could decide it either way."""
    if not (math.isfinite(lhs) and math.isfinite(rhs)):
        return None
    size = abs(lhs) + abs(rhs)
    noise = 1e-9 * size + 1e-300
    if op in ("=", "!="):
        eq_margin = 1e-9 * max(abs(lhs), abs(rhs)) - abs(lhs - rhs)
        if abs(eq_margin) <= 1e-11 * size + 1e-300:
            return None
        return (eq_margin >= 0) == (op == "=")
    if op == "≈":
        margin = (0.05 if tol is None else tol) * abs(rhs) - abs(lhs - rhs)
        if abs(margin) <= noise:
            return None
        return margin >= 0
    margin = rhs - lhs if op in ("<", "<=") else lhs - rhs
    if abs(margin) <= noise:
        return None
    return margin > 0


def _results(src: str, **kw):
    r = check_text(src, **kw)
    assert isinstance(r.diagnostics, list)
    return r


def _verdicts(r) -> dict[str, str]:
    return {(c.kind, c.id): c.verdict for c in r.claims}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300)


# --------------------------------------------------------------------------------------
# (a) shuffling statements
# --------------------------------------------------------------------------------------


@FAST
@given(programs(unknowns=True), st.integers(0, 2**31).map(random.Random))
def test_shuffling_statements_changes_nothing(prog: Prog, rnd: random.Random) -> None:
    stmts = prog.statements()
    shuffled = list(stmts)
    rnd.shuffle(shuffled)
    a_src, b_src = "\n".join(stmts) + "\n", "\n".join(shuffled) + "\n"
    note(a_src)
    note("--- shuffled ---\n" + b_src)
    a, b = _results(a_src), _results(b_src)
    assert _verdicts(a) == _verdicts(b)
    assert a.values.keys() == b.values.keys()
    for n in a.values:
        qa, qb = a.values[n], b.values[n]
        assert qa.si_unit == qb.si_unit, n
        for f in ("value", "low", "high"):
            assert _close(getattr(qa, f), getattr(qb, f)), (n, f, qa, qb)
    assert sorted(d.code for d in a.diagnostics) == sorted(d.code for d in b.diagnostics)


# --------------------------------------------------------------------------------------
# (b) equivalent units and number forms
# --------------------------------------------------------------------------------------


def _plain(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def number_forms(d: Decimal) -> list[str]:
    """Ways to write the number `d` exactly: `2664000`, `2664K`, `2.664M`, `2.664e6`."""
    out = [_plain(d), format(d.normalize(), "e").replace("e+", "e")]
    for suffix, p in (("K", 3), ("k", 3), ("M", 6), ("B", 9)):
        m = d / (Decimal(10) ** p)
        if m >= Decimal("0.001"):
            out.append(_plain(m) + suffix)
    return out


# kind -> [(unit text, size of one unit in the kind's canonical unit)]
EQUIV = {
    "bandwidth": [
        ("TB/s", Decimal(1)),
        ("GB/s", Decimal("1e-3")),
        ("MB/s", Decimal("1e-6")),
        ("PB/s", Decimal(1000)),
    ],  # canonical TB/s
    "time": [("h", Decimal(1)), ("min", Decimal(1) / 60), ("s", Decimal(1) / 3600)],  # h
    "fraction": [
        ("%", Decimal("0.01")),
        ("", Decimal(1)),
        ("x", Decimal(1)),
        ("ppm", Decimal("1e-6")),
    ],  # 1
    "gpuh": [("GPU*h", Decimal(1)), ("GPU*min", Decimal(1) / 60)],  # GPU*h
    "price": [
        ("USD/GPU/h", Decimal(1)),
        ("USD/(GPU*h)", Decimal(1)),
        ("cent/GPU/h", Decimal("0.01")),
    ],  # USD/GPU/h
    "compute": [
        ("TFLOP/s/GPU", Decimal(1)),
        ("PFLOP/s/GPU", Decimal(1000)),
        ("GFLOP/s/GPU", Decimal("1e-3")),
    ],  # TFLOP/s/GPU
    "memory": [
        ("GB", Decimal(1)),
        ("MB", Decimal("1e-3")),
        ("Gb", Decimal("0.125")),
        ("TB", Decimal(1000)),
    ],  # GB
    "usd": [("USD", Decimal(1)), ("cent", Decimal("0.01")), ("$", Decimal(1))],  # USD
    "gpu": [("GPU", Decimal(1))],
    "seconds": [("s", Decimal(1)), ("ms", Decimal("0.001")), ("min", Decimal(60))],  # s
}


@st.composite
def quantity_text(draw, kind: str, value: Decimal, bare: bool | None = None) -> str:
    """`value` (in the kind's canonical unit) written in a drawn equivalent way.

    `bare`: only without a unit (True) or only with one (False)."""
    choices = []
    for unit, size in EQUIV[kind]:
        if bare is not None and bare != (unit == ""):
            continue
        n = value / size
        if n != n.quantize(Decimal("1e-12")):  # not exact in this unit (e.g. 1/60)
            continue
        for num in number_forms(n):
            if unit == "$":
                choices.append("$" + num)
            elif unit:
                choices.append(f"{num} {unit}")
                if num[-1].isdigit() and "e" not in num:  # scale word: `2.664 M GPU*h`
                    for word, p in (("M", 6), ("K", 3)):
                        m = n / (Decimal(10) ** p)
                        if m >= 1 and m == m.quantize(Decimal("1e-9")):
                            choices.append(f"{_plain(m)} {word} {unit}")
                if num[-1].isdigit():  # `3.35TB/s`; after a suffix `15Kcent` is one unit
                    choices.append(f"{num}{unit}")
            else:
                choices.append(num)
    assert choices, (kind, value)
    return draw(st.sampled_from(sorted(set(choices))))


@st.composite
def equivalent_pair(draw) -> tuple[str, str]:
    """One argument, written twice with independently drawn equivalent quantities."""
    gpus = Decimal(draw(st.integers(1, 4096)))
    hours = Decimal(draw(st.integers(1, 400))) / 4  # quarter hours
    price = Decimal(draw(st.integers(50, 800))) / 100  # USD/GPU/h
    frac_lo = Decimal(draw(st.integers(5, 45)))  # percent
    frac_hi = frac_lo + Decimal(draw(st.integers(0, 30)))
    bw = Decimal(draw(st.integers(100, 8000))) / 1000  # TB/s
    compute = Decimal(draw(st.integers(100, 2000)))  # TFLOP/s/GPU
    mem = Decimal(draw(st.integers(8, 192)))  # GB
    pretrain = Decimal(draw(st.integers(1, 5000))) * 1000  # GPU*h
    frac_form = draw(st.sampled_from(["to", "to1", "pm"]))
    cost = gpus * hours * price  # USD
    total_gh = pretrain + gpus * hours  # GPU*h
    read_s = (mem / 1000) / bw  # s (inexact)
    eff_mid = compute * (frac_lo + frac_hi) / 200  # TFLOP/s/GPU
    factor = draw(st.sampled_from(["1", "0.5", "0.97", "1.03", "2"]))
    ops = draw(st.lists(st.sampled_from(["=", "≈", "<", ">=", "!="]), min_size=4, max_size=4))

    def claim_const(v: Decimal, op: str) -> Decimal:
        # `=`/`≈`/`!=` against the exact value, inequalities with a safe margin.
        return v if op in ("=", "≈", "!=") else v * Decimal(factor if factor != "1" else "2")

    c_cost = claim_const(cost, ops[0])
    c_gh = claim_const(total_gh, ops[1])
    c_read = Decimal(f"{read_s:.6g}") * (Decimal(factor) if ops[2] != "=" else 1)
    c_eff = eff_mid * Decimal(factor)
    c_mem = mem * Decimal(factor)

    def text(d) -> str:
        bare = d(st.booleans())  # `0.05 to 5 %` would read as 0.05 % to 5 %

        def frac(value):  # percent → fraction, drawn form
            return d(quantity_text("fraction", value / 100, bare))

        if frac_form == "to":
            frac_src = f"{frac(frac_lo)} to {frac(frac_hi)}"
        elif frac_form == "to1":
            unit, size = d(st.sampled_from([("%", Decimal("0.01")), ("", Decimal(1))]))
            lo, hi = frac_lo / 100 / size, frac_hi / 100 / size
            frac_src = f"{_plain(lo)} to {_plain(hi)}" + (f" {unit}" if unit else "")
        else:
            mid, half = (frac_lo + frac_hi) / 200, (frac_hi - frac_lo) / 200
            frac_src = f"{frac(mid * 100)} ± {frac(half * 100)}"
        read_op = "≈" if ops[2] == "=" else ops[2]
        lines = [
            f"given gpus = {d(quantity_text('gpu', gpus))}",
            f"given hours = {d(quantity_text('time', hours))}",
            f"given price = {d(quantity_text('price', price))}",
            f"given frac = {frac_src}",
            f"given bw = {d(quantity_text('bandwidth', bw))}",
            f"given flops = {d(quantity_text('compute', compute))}",
            f"given mem = {d(quantity_text('memory', mem))}",
            f"given pretrain = {d(quantity_text('gpuh', pretrain))}",
            "let cost = gpus * hours * price",
            "let total = pretrain + gpus * hours",
            "let read = mem / bw",
            "let eff = flops * frac",
            f"claim c_cost: cost {ops[0]} {d(quantity_text('usd', c_cost))}",
            f"claim c_total: total {ops[1]} {d(quantity_text('gpuh', c_gh))}",
            f"claim c_read: read {read_op} {d(quantity_text('seconds', c_read))} within 0.01 %",
            f"claim c_eff: eff {ops[3]} {d(quantity_text('compute', c_eff))}",
            f"claim c_mem: mem >= {d(quantity_text('memory', c_mem))}",
            f"claim c_frac: frac > {d(quantity_text('fraction', Decimal(factor) / 5))}",
        ]
        if read_op != "≈":
            lines[14] = lines[14].replace(" within 0.01 %", "")
        return "\n".join(lines) + "\n"

    return text(draw), text(draw)


@FAST
@given(equivalent_pair())
def test_equivalent_units_give_the_same_verdicts(pair: tuple[str, str]) -> None:
    a_src, b_src = pair
    note(a_src)
    note("--- rewritten ---\n" + b_src)
    a, b = _results(a_src), _results(b_src)
    assert not [d for d in a.diagnostics if d.is_error], a.diagnostics
    assert not [d for d in b.diagnostics if d.is_error], b.diagnostics
    assert len(a.claims) == 6
    assert _verdicts(a) == _verdicts(b)
    for n in a.values:
        for f in ("value", "low", "high"):
            assert _close(getattr(a.values[n], f), getattr(b.values[n], f)), n


# --------------------------------------------------------------------------------------
# (c) arbitrary text never raises
# --------------------------------------------------------------------------------------

VALID = """\
# deepseek.claim
argument "DeepSeek-V3 cost" by "someone" [dsv3]
source dsv3 "DeepSeek-V3 Technical Report, Table 1" "https://arxiv.org/abs/2412.19437"
unit node = 8 GPU
given pretrain  = 2664K GPU*h   [dsv3]
given extension = 119K GPU*h    [dsv3]
given posttrain = 5K GPU*h      [dsv3] "quoted \\"words\\""
given price     = 2 USD/GPU/h to 2.5 USD/GPU/h
given mfu       = 30 % ± 5 %
given peak      : TFLOP/s/GPU
rule flops(n, d: token) = 6 * n * d
let hours = pretrain + extension +
    posttrain
let cost  = hours * price
let speed = (peak * mfu) * 2048 GPU
claim total_hours: hours = 2.788M GPU*h          [dsv3]
claim total_cost:  cost ≈ 5.576M USD within 0.1 %  [dsv3]
claim cheap:       cost < 6M USD
claim fast:        speed >= 400 PFLOP/s
claim tiny: sqrt(mfu) * log(2) + max(1, abs(-2)) ^ 2 != 3
"""

MUTATION_CHARS = [
    *list('()[]"\\#$^*/+-=<>~!:,. \t\n\r0123456789eEkKMBT%xabz_'),
    "±",
    "≈",
    "≤",
    "×",
    "·",
    "µ",
    "−",
    "\x00",
    "\ufeff",
    "\u2028",
    "to",
    "within",
    "given ",
    "let ",
    "claim ",
    "1e999",
    "10^10^10",
    "FLOPS",
]


@st.composite
def mutated(draw) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if kind == "delete":
            j = min(len(text), i + draw(st.integers(1, 12)))
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            j = min(len(text), i + draw(st.integers(1, 40)))
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.sampled_from(MUTATION_CHARS)) + text[i:]
    return text


def _never_raises(text: str) -> None:
    r = check_text(text, options=Options(budget=0.5))
    for d in r.diagnostics:
        assert d.severity in ("error", "warning"), d
        assert d.code in CODES, d
        assert d.message, d
    for c in r.claims:
        assert c.verdict in VERDICTS, c
    # nor may rendering the result
    import io
    import json

    from rich.console import Console

    from toulmin.render import diagnostics as rd
    from toulmin.render import json as rj
    from toulmin.render import text as rt

    json.loads(rj.document([r], r.ok))
    rt.print_results(Console(file=io.StringIO(), no_color=True, width=100), [r])
    for d in r.diagnostics:
        rd.render(d, r.texts)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=120))
def test_arbitrary_text_never_raises(text: str) -> None:
    _never_raises(text)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from([*MUTATION_CHARS, "x", "y", "GPU", "h"]), max_size=40).map("".join))
def test_token_soup_never_raises(text: str) -> None:
    _never_raises(text)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated())
def test_mutated_file_never_raises(text: str) -> None:
    _never_raises(text)


# --------------------------------------------------------------------------------------
# (d) verdicts over ranges agree with an independent evaluation
# --------------------------------------------------------------------------------------


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(programs(ranges=True, n_claims=(2, 6)), st.integers(0, 2**31).map(random.Random))
def test_verdicts_agree_with_float_evaluation(prog: Prog, rnd: random.Random) -> None:
    src = prog.source()
    note(src)
    r = _results(src)
    errors = [d for d in r.diagnostics if d.is_error]
    assume(not any(d.code == "domain" for d in errors))
    assert not errors, errors
    by_id = {c.id: c for c in r.claims if c.kind == "claim"}
    boxes = {g.name: g.box for g in prog.givens if g.box is not None}
    {g.name: g.box[0] for g in prog.givens if g.box and g.box[0] == g.box[1]}
    for cid, lhs, op, rhs, tol in prog.claims:
        c = by_id[cid]
        deps = names_in(prog.expand(lhs)) | names_in(prog.expand(rhs))
        ranged = sorted(n for n in deps if boxes[n][0] != boxes[n][1])

        def at(env_givens: dict[str, float]) -> bool | None:
            env = dict(env_givens)
            for n, e, _ in prog.lets:
                env[n] = evaluate(e, env)
            return truth(op, evaluate(lhs, env), evaluate(rhs, env), tol)

        def sample(k: int):
            corners = (
                [
                    {n: boxes[n][(m >> i) & 1] for i, n in enumerate(ranged)}
                    for m in range(2 ** len(ranged))
                ]
                if len(ranged) <= 6
                else []
            )
            for pt in corners[:64]:
                yield {**{n: lo for n, (lo, _) in boxes.items()}, **pt}
            for _ in range(k):
                yield {n: rnd.uniform(lo, hi) for n, (lo, hi) in boxes.items()}

        note(f"{cid}: {c.verdict} ({c.proof}) {render(lhs)} {op} {render(rhs)}")
        if c.verdict == "holds":
            for env in sample(300):
                assert at(env) is not False, (cid, env)
        elif c.verdict == "fails":
            for env in sample(300):
                assert at(env) is not True, (cid, env)
        elif c.verdict == "depends":
            assert ranged, f"{cid} depends but uses no range"
            assert c.counterexample and c.witness, c
            for label, pt, want in (
                ("counterexample", c.counterexample, False),
                ("witness", c.witness, True),
            ):
                missing = [n for n in ranged if n not in pt]
                assert not missing, (cid, label, missing)
                env = {n: (pt[n].value if n in pt else lo) for n, (lo, _) in boxes.items()}
                for n, q in pt.items():
                    assert boxes[n][0] * (1 - 1e-12) <= q.value <= boxes[n][1] * (1 + 1e-12), (
                        cid,
                        label,
                        n,
                        q.value,
                        boxes[n],
                    )
                assert at(env) is not (not want), (cid, label, env)
        else:
            assert c.verdict != "open", c  # every given has a value here
            note(f"{cid} undecided: {c.note}")


# A hand-written case: the interval dependency problem must be proved, not sampled.
def test_dependency_problem_is_proved() -> None:
    r = check_text("given a = 1 to 2\ngiven b = 3 to 4\nlet c = a*b - a\nclaim x: c <= 6.5\n")
    (c,) = r.claims
    assert (c.verdict, c.proof) == ("holds", "interval")


# Found by the property above: an `=`, `!=` or narrow `≈` whose solution lies strictly
# inside a range is `depends` (the witness is the solution), not `undecided`.
@pytest.mark.parametrize(
    "src, op, scale, rhs, tol",
    [
        ("given a = 1 to 3\nclaim c: a = 2.5", "=", 1.0, 2.5, None),
        ("given a = 1 to 3\nclaim c: a != 2.5", "!=", 1.0, 2.5, None),
        ("given a = 1 to 3\nlet b = a * 1.5\nclaim c: b ≈ 2.7 within 0.1 %", "≈", 1.5, 2.7, 0.001),
    ],
)
def test_solution_inside_a_range_depends(
    src: str, op: str, scale: float, rhs: float, tol: float | None
) -> None:
    (c,) = check_text(src).claims
    assert c.verdict == "depends", c
    assert c.counterexample and c.witness, c
    assert truth(op, c.counterexample["a"].value * scale, rhs, tol) is not True
    assert truth(op, c.witness["a"].value * scale, rhs, tol) is not False


# --------------------------------------------------------------------------------------
# (e) grammar-generated statements
# --------------------------------------------------------------------------------------

KEYWORDS = {
    "given",
    "let",
    "claim",
    "rule",
    "use",
    "source",
    "unit",
    "argument",
    "within",
    "to",
    "as",
    "by",
}
NUMBERS = [
    "0",
    "1",
    "42",
    "3.35",
    ".5",
    "1e25",
    "3.8e-3",
    "1_000_000",
    "2664K",
    "5.576M",
    "671B",
    "14.8T",
    "$2",
    "$5.576M",
    "1e400",
    "2.788 M",
]
UNITS = [
    "GPU",
    "h",
    "GPU*h",
    "USD/GPU/h",
    "USD/(GPU*h)",
    "TFLOP/s/GPU",
    "%",
    "x",
    "TB/s",
    "GB",
    "W",
    "kWh",
    "token",
    "param",
    "ppm",
    "FLOP",
    "1/s",
    "s^-1",
    "m^2",
    "GiB",
    "FLOPS",
    "GPU-h",
    "frob",
    "µs",
    "cent",
]


def _names() -> st.SearchStrategy[str]:
    plain = st.from_regex(r"[a-z_][a-z0-9_]{0,4}", fullmatch=True)
    dotted = st.builds(lambda a, b: f"{a}.{b}", plain, plain)
    return st.one_of(plain, plain, dotted, st.sampled_from([*sorted(KEYWORDS), "sqrt", "max"]))


def _quantities() -> st.SearchStrategy[str]:
    unit = st.one_of(
        st.just(""), st.sampled_from(UNITS).flatmap(lambda u: st.sampled_from([u, " " + u]))
    )
    return st.builds(lambda n, u: n + u, st.sampled_from(NUMBERS), unit)


def _grammar_statements() -> st.SearchStrategy[str]:
    g = lark.Lark(
        GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="contextual", start="start"
    )
    explicit: dict[str, st.SearchStrategy[str]] = {
        "NAME": _names(),
        "STRING": st.sampled_from(
            ['""', '"a title"', '"https://x.org/a"', '"q \\"x\\" \\\\"', '"≈ unicode ±"']
        ),
        "NUMBER": _quantities(),
        "SCALE": st.sampled_from(["million", "billion", "M"]),
        "UNIT": st.sampled_from(UNITS),
        "COMMENT": st.sampled_from(["", " # note\n  "]),
        "__IGNORE_1": st.sampled_from([" ", "  ", "\t", "\n  ", "\n"]),
    }
    # Literal terminals (`given`, `(`, `≈`...) are drawn bare or padded with spaces, so
    # most statements lex as intended and some glue tokens together.
    for t in g.terminals:
        if t.name not in explicit and isinstance(t.pattern, lark.lexer.PatternStr):
            v = t.pattern.value
            explicit[t.name] = st.sampled_from([f" {v} ", f" {v} ", v])
    return from_lark(g, start="start", explicit=explicit)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_grammar_statements())
def test_grammar_generated_statements_parse_or_give_a_diagnostic(stmt: str) -> None:
    note(repr(stmt))
    module = parse_source(stmt, "gen.claim")
    parse_codes = {d.code for d in module.diagnostics}
    if not module.statements:
        # Rejected by the parser: it must say why.  Besides `syntax`, the parser's own
        # lexical checks may answer `limit` (1e400) or `unknown-unit` (FLOPS).
        assert module.diagnostics, stmt
        assert parse_codes <= {"syntax", "limit", "unknown-unit"}, module.diagnostics
    # The whole pipeline must not raise on it either, v2 forms included.
    r = check_text(stmt, "gen.claim", options=Options(budget=0.5))
    for d in r.diagnostics:
        assert d.code in CODES, d


def test_grammar_statements_mostly_parse() -> None:
    """Guard against the property above passing vacuously (everything a syntax error): of
    300 drawn statements, some parse to one claim and most statement kinds occur. (A `find` for one such claim was
    flaky: it gives up early when a long suite has made Hypothesis's generation slow.)"""
    kinds: list[str] = []

    @settings(max_examples=300, database=None, derandomize=True, deadline=None)
    @given(_grammar_statements())
    def draw(s: str) -> None:
        statements = parse_source(s, "g.claim").statements
        kinds.append(type(statements[0]).__name__ if len(statements) == 1 else "-")

    draw()
    assert "Claim" in kinds, sorted(set(kinds))
    assert len(set(kinds) - {"-"}) >= 6, sorted(set(kinds))


# --------------------------------------------------------------------------------------
# Cold path: point values need neither SymPy, Hypothesis nor NumPy
# --------------------------------------------------------------------------------------

POINT_SRC = """\
source dsv3 "DeepSeek-V3 Technical Report, Table 1" "https://arxiv.org/abs/2412.19437"
given pretrain  = 2664K GPU*h   [dsv3]
given extension = 119K GPU*h    [dsv3]
given posttrain = 5K GPU*h      [dsv3]
given price     = 2 USD/GPU/h   [dsv3] "assuming the rental price of the H800 is $2 per GPU hour"
let hours = pretrain + extension + posttrain
let cost  = hours * price
claim total_hours: hours = 2.788M GPU*h          [dsv3]
claim total_cost:  cost ≈ 5.576M USD within 0.1 %  [dsv3]
claim cheap:       cost < 6M USD
"""


def test_point_values_do_not_import_heavy_modules() -> None:
    code = (
        "import sys; from toulmin.check import check_text; "
        f"r = check_text({POINT_SRC!r}); "
        "assert [c.verdict for c in r.claims] == ['holds'] * 3, r.claims; "
        "print(sorted(m for m in ('sympy', 'sympy.solvers', 'hypothesis', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
