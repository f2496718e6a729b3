"""What the grammar-aware generator builds, and the independent evaluator that judges verdicts.

A generated program is kept as data (`Program`: givens, lets, rules, claims,
each with an expression tree of plain tuples) next to its text. The evaluator
computes a claim at a point with Python `Fraction`s where the operation is
rational (so overflow and binary rounding cannot mislead it) and floats only
for the transcendental functions. It shares no code with `toulmin`: an
oracle that reused the engine would agree with its bugs.

Expressions are tuples:
  ("num", value: Fraction, text: str)     a number with its unit, SI value
  ("name", name)                          a given, let or rule parameter
  ("bin", op, a, b)                       op in + - * /
  ("neg", a)
  ("pow", a, k: int)
  ("powx", a, b)                          v2 compounding: dimensionless a ^ any dimensionless b
  ("call", fn, (args...))                 a built-in function
  ("rule", name, (args...))               a call of a generated rule
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Union

Number = Union[Fraction, float]  # noqa: UP007 (a type alias reads better this way)
Expr = tuple[Any, ...]

#: Values beyond these are the engine's `limit` territory (spec §6): the oracle does not judge them.
HUGE = Fraction(10) ** 300
TINY = Fraction(1, 10**300)
#: Two values are tied when they differ by at most this share of the larger (spec v2 §5).
TIE = 1e-9


class EvalError(Exception):
    """The expression has no value here (domain, overflow, underflow): no judgement."""


@dataclass
class Given:
    name: str
    dims: dict[str, int]
    low: Fraction | None  # None: unknown (`given x : UNIT`) or no lower end (v2 one-sided)
    high: Fraction | None
    text: str  # the statement as written
    uncertain: bool = False  # v2 `~` distribution: verdicts are not judged...
    unknown: bool = False
    #: ...unless low/high are exactly the engine's proof range (support or written 90 % ends)
    proof_range: bool = False


@dataclass
class Let:
    name: str
    expr: Expr
    text: str


@dataclass
class Rule:
    name: str
    params: tuple[str, ...]
    body: Expr
    text: str


@dataclass
class Claim:
    id: str
    lhs: Expr
    op: str  # < <= > >= = != ≈ in
    rhs: Expr
    text: str
    tol_rel: Fraction | None = None
    tol_abs: Fraction | None = None
    factor: Fraction | None = None  # v2 `within factor F`
    high: Expr | None = None  # v2 `in LOW to HIGH`: rhs is LOW
    judged: bool = True  # False: qualifiers, distributions, unknowns


@dataclass
class Scenario:
    """A v2 `scenario` block: other values for some givens (modelled as `Given`s)."""

    name: str
    overrides: dict[str, Given]
    text: str


@dataclass
class Program:
    """A generated file (plus the files it uses), as text and as data."""

    statements: list[Any] = field(default_factory=list)  # in file order, with `text`
    givens: dict[str, Given] = field(default_factory=dict)
    lets: dict[str, Let] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    #: (name, solutions): a name back-solved from an equation, with every solution.
    solved: dict[str, list[Fraction]] = field(default_factory=dict)
    extra_files: dict[str, str] = field(default_factory=dict)  # used files: name → text
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    v2: bool = False

    def text(self) -> str:
        return "".join(s.text + "\n" for s in self.statements)

    def without(self, drop: set[int]) -> Program:
        """The program with some statements left out (for the minimiser)."""
        keep = [s for i, s in enumerate(self.statements) if i not in drop]
        p = Program(keep, extra_files=dict(self.extra_files), v2=self.v2)
        # givens of used files are not statements of this file
        p.givens.update({n: g for n, g in self.givens.items() if not g.text})
        for s in keep:
            if isinstance(s, Given):
                p.givens[s.name] = s
                if s.name in self.solved:
                    p.solved[s.name] = self.solved[s.name]
            elif isinstance(s, Let):
                p.lets[s.name] = s
            elif isinstance(s, Rule):
                p.rules[s.name] = s
            elif isinstance(s, Claim):
                p.claims[s.id] = s
            elif isinstance(s, Scenario):
                p.scenarios[s.name] = s
        return p

    def under(self, scenario: Scenario) -> Program:
        """The program with a scenario's values in place of the base givens."""
        p = Program(list(self.statements), v2=self.v2)
        p.givens = {**self.givens, **scenario.overrides}
        p.lets, p.rules, p.claims = self.lets, self.rules, self.claims
        p.solved = {n: v for n, v in self.solved.items() if n not in scenario.overrides}
        return p


@dataclass
class Raw:
    """A statement the oracle does not model (source, argument, unit, use, scenario)."""

    text: str


# --------------------------------------------------------------------------- evaluation


def _check(x: Number) -> Number:
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            raise EvalError("not finite")
        if abs(x) > 1e300 or (x != 0 and abs(x) < 1e-300):
            raise EvalError("beyond 1e±300")
        return x
    if abs(x) > HUGE or (x != 0 and abs(x) < TINY):
        raise EvalError("beyond 1e±300")
    if x.denominator > 10**400 or x.numerator > 10**700:
        raise EvalError("too large to keep exact")
    return x


def _float(x: Number) -> float:
    try:
        return float(x)
    except OverflowError as exc:
        raise EvalError("overflow") from exc


def evaluate(e: Expr, env: dict[str, Number], rules: dict[str, Rule], depth: int = 0) -> Number:
    """The value of `e` with names from `env`; raises `EvalError` where it has none."""
    if depth > 60:
        raise EvalError("too deep")
    kind = e[0]
    if kind == "num":
        return e[1]
    if kind == "name":
        if e[1] not in env:
            raise EvalError(f"no value for {e[1]}")
        return env[e[1]]
    if kind == "neg":
        return -evaluate(e[1], env, rules, depth + 1)
    if kind == "bin":
        a = evaluate(e[2], env, rules, depth + 1)
        b = evaluate(e[3], env, rules, depth + 1)
        op = e[1]
        if op == "+":
            return _check(a + b)
        if op == "-":
            return _check(a - b)
        if op == "*":
            return _check(a * b)
        if b == 0:
            raise EvalError("division by zero")
        return _check(a / b)
    if kind == "pow":
        a = evaluate(e[1], env, rules, depth + 1)
        k = e[2]
        if a == 0 and k < 0:
            raise EvalError("0 to a negative power")
        if isinstance(a, Fraction) and abs(a) > 10**60 and abs(k) > 4:
            raise EvalError("too large")
        return _check(a**k)
    if kind == "powx":
        return _powx(evaluate(e[1], env, rules, depth + 1), evaluate(e[2], env, rules, depth + 1))
    if kind == "call":
        args = [evaluate(x, env, rules, depth + 1) for x in e[2]]
        return _check(_call(e[1], args))
    if kind == "rule":
        rule = rules[e[1]]
        args = [evaluate(x, env, rules, depth + 1) for x in e[2]]
        return evaluate(rule.body, dict(zip(rule.params, args)), rules, depth + 1)
    raise AssertionError(f"unknown expression {kind}")


def _powx(a: Number, b: Number) -> Number:
    """`a ^ b` for a dimensionless exponent that may be any number (v2 compounding)."""
    if isinstance(b, Fraction) and b.denominator == 1 and abs(b) <= 64:
        if a == 0 and b < 0:
            raise EvalError("0 to a negative power")
        if isinstance(a, Fraction) and (abs(a) > 10**60 or abs(a) < Fraction(1, 10**60)):
            raise EvalError("too large")
        return _check(a ** int(b))
    if a < 0 or (a == 0 and b <= 0):
        raise EvalError("a negative base, or 0 to a non-positive power")
    if a == 0:
        return Fraction(0)
    lg = float(b) * math.log(_float(a))
    if abs(lg) > 690:
        raise EvalError("beyond 1e±300")
    return _check(math.exp(lg))


def _call(fn: str, args: list[Number]) -> Number:
    if fn in ("min", "max"):
        return (min if fn == "min" else max)(args)
    x = args[0]
    if fn == "abs":
        return abs(x)
    if fn == "ceil":
        return Fraction(math.ceil(x))
    if fn == "floor":
        return Fraction(math.floor(x))
    if fn == "sqrt":
        if x < 0:
            raise EvalError("sqrt of a negative")
        if isinstance(x, Fraction):
            n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
            if n * n == x.numerator and d * d == x.denominator:
                return Fraction(n, d)
        return math.sqrt(_float(x))
    if fn in ("log", "log10"):
        if x <= 0:
            raise EvalError("log of a non-positive")
        if isinstance(x, Fraction) and fn == "log10":
            k = _exact_log10(x)
            if k is not None:
                return Fraction(k)
        return (math.log if fn == "log" else math.log10)(_float(x))
    if fn == "exp":
        f = _float(x)
        if f > 690:
            raise EvalError("exp overflow")
        return math.exp(f)
    raise AssertionError(f"unknown function {fn}")


def _exact_log10(x: Fraction) -> int | None:
    for k in range(-300, 301):
        if x == Fraction(10) ** k:
            return k
    return None


# --------------------------------------------------------------------------- truth


def truth(c: Claim, env: dict[str, Number], rules: dict[str, Rule]) -> bool | None:
    """Whether the claim holds at this point; None for a tie or where it has no value."""
    try:
        lhs = evaluate(c.lhs, env, rules)
        rhs = evaluate(c.rhs, env, rules)
        high = evaluate(c.high, env, rules) if c.high is not None else None
    except (EvalError, ZeroDivisionError, OverflowError, ValueError):
        return None
    return decide(c, lhs, rhs, high)


def _near(a: Number, b: Number, scale: Number) -> bool:
    """Within the tie band around a boundary: the oracle does not judge there."""
    return abs(_float(a) - _float(b)) <= 2 * TIE * max(abs(_float(scale)), 1e-300)


def decide(c: Claim, lhs: Number, rhs: Number, high: Number | None = None) -> bool | None:
    """The claim's truth for these side values; None at a tie (either answer is right)."""
    scale = max(abs(_float(lhs)), abs(_float(rhs)))
    op = c.op
    if op == "in":
        assert high is not None
        scale = max(scale, abs(_float(high)))
        if _near(lhs, rhs, scale) or _near(lhs, high, scale):
            return None
        return rhs <= lhs <= high
    if op in ("<", "<=", ">", ">="):
        if _near(lhs, rhs, scale):
            return None
        return {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs}[op]
    if op in ("=", "!="):
        diff = abs(_float(lhs) - _float(rhs))
        if TIE * scale * 0.1 < diff < TIE * scale * 10:
            return None  # the engine's relative 1e-9 and the spec's tie differ slightly
        equal = diff <= TIE * scale
        return equal if op == "=" else not equal
    # ≈
    if c.factor is not None:
        if lhs <= 0 or rhs <= 0:
            return None
        ratio = max(lhs, rhs) / min(lhs, rhs)
        if _near(ratio, c.factor, c.factor):
            return None
        return ratio <= c.factor
    if c.tol_abs is not None:
        tol: Number = c.tol_abs
    else:
        tol = (c.tol_rel if c.tol_rel is not None else Fraction(5, 100)) * abs(rhs)
    diff_n = abs(lhs - rhs)
    if _near(diff_n, tol, max(scale, abs(_float(tol)))):
        return None
    return diff_n <= tol


def env_at(p: Program, point: dict[str, Number]) -> dict[str, Number] | None:
    """Every given and let at a point of the givens (lets in file order); None if undefined."""
    env: dict[str, Number] = dict(point)
    for let in p.lets.values():
        if let.name in env:
            continue
        try:
            env[let.name] = evaluate(let.expr, env, p.rules)
        except (EvalError, ZeroDivisionError, OverflowError, ValueError):
            return None
    return env
