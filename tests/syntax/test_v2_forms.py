"""Every v2 form of spec §2–§5 parses into its node, with spans that point at the text."""

from __future__ import annotations

from fractions import Fraction

import pytest

from toulmin.diagnostics import Span
from toulmin.dsl import tree as t
from toulmin.dsl.parser import parse_source


def one(src: str) -> t.Statement:
    m = parse_source(src, "v2.claim")
    assert not m.diagnostics, m.diagnostics
    assert len(m.statements) == 1
    return m.statements[0]


def text_of(src: str, span: Span) -> str:
    return src[span.start : span.end]


def num(e: object) -> tuple[Fraction, str | None]:
    assert isinstance(e, t.Number), e
    return e.value, e.unit.text if e.unit else None


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("20P token", Fraction(20 * 10**15), "token"),
        ("2.5 billion query/day", Fraction(25 * 10**8), "query/day"),
        ("100 million GPU", Fraction(10**8), "GPU"),
        ("3 thousand", Fraction(3000), None),
        ("1.5 trillion USD", Fraction(15 * 10**11), "USD"),
        ("2 quadrillion", Fraction(2 * 10**15), None),
        ("2.788 M GPU*h", Fraction(2788000), "GPU*h"),
        ("$5.576M", Fraction(5576000), "USD"),
        ("3.35TB/s", Fraction(335, 100), "TB/s"),
        ("2 B", Fraction(2), "B"),  # B alone is the byte
    ],
)
def test_scale_suffixes_and_words(written: str, value: Fraction, unit: str | None) -> None:
    src = f"given x = {written}"
    g = one(src)
    assert isinstance(g, t.Given)
    assert num(g.value) == (value, unit)
    assert isinstance(g.value, t.Number)
    assert text_of(src, g.value.span) == written == g.value.text


def test_a_single_scale_letter_alone_is_an_error_with_a_hint() -> None:
    m = parse_source("given x = 2 M", "f")
    (d,) = m.diagnostics
    assert d.code == "unknown-unit" and "scale word" in d.message and "2M" in (d.hint or "")


# ---------------------------------------------------------------- givens


@pytest.mark.parametrize(
    ("op", "norm"), [(">=", ">="), (">", ">"), ("<=", "<="), ("<", "<"), ("≥", ">=")]
)
def test_one_sided_givens(op: str, norm: str) -> None:
    src = f"given queries: query/day {op} 2.5 billion query/day [s1]"
    g = one(src)
    assert isinstance(g, t.Given) and isinstance(g.value, t.Bound)
    assert g.value.op == norm
    assert num(g.value.value) == (Fraction(25 * 10**8), "query/day")
    assert text_of(src, g.value.op_span) == op
    assert text_of(src, g.value.span) == f"{op} 2.5 billion query/day"
    assert g.unit is not None and g.unit.text == "query/day"
    assert [r.name for r in g.refs] == ["s1"]
    assert text_of(src, g.span) == src


@pytest.mark.parametrize(
    ("written", "kind", "n"),
    [
        ("uniform(1, 2)", "uniform", 2),
        ("normal(10 GPU, 2 GPU)", "normal", 2),
        ("lognormal(1e24 FLOP, 1e26 FLOP)", "lognormal", 2),
        ("triangular(1, 2, 5)", "triangular", 3),
        ("beta(2, 5)", "beta", 2),
    ],
)
def test_distributions(written: str, kind: str, n: int) -> None:
    src = f'given x ~ {written} "quote"'
    g = one(src)
    assert isinstance(g, t.Given) and isinstance(g.value, t.Distribution)
    d = g.value
    assert d.kind == kind and len(d.args) == n
    assert text_of(src, d.span) == f"~ {written}"
    assert text_of(src, d.name_span) == kind
    assert g.quote == "quote"


def test_distribution_a_to_b_shares_the_unit() -> None:
    src = "given x: token ~ 1 to 3 token"
    g = one(src)
    assert isinstance(g, t.Given) and isinstance(g.value, t.Distribution)
    assert g.value.kind == "to"
    assert [num(a) for a in g.value.args] == [(1, "token"), (3, "token")]
    assert text_of(src, g.value.name_span) == "1 to 3 token"


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("given x ~ 3", "`~` needs a distribution"),
        ("given x ~ foo(1, 2)", "`~` needs a distribution"),
        ("given x ~ normal(1)", "`normal` takes 2 arguments, not 1"),
        ("given x ~ triangular(1, 2)", "`triangular` takes 3 arguments, not 2"),
    ],
)
def test_distribution_errors(src: str, message: str) -> None:
    m = parse_source(src, "f")
    assert not m.statements
    (d,) = m.diagnostics
    assert d.code == "syntax" and d.message == message and d.hint


def test_range_ends_from_names() -> None:
    src = "given data = data_low to 20P token"
    g = one(src)
    assert isinstance(g, t.Given) and isinstance(g.value, t.Range)
    assert isinstance(g.value.low, t.Name) and g.value.low.name == "data_low"
    assert num(g.value.high) == (Fraction(20 * 10**15), "token")
    assert g.value.center is None and g.value.delta is None


def test_plus_minus_keeps_what_was_written() -> None:
    src = "given c = 2e29 FLOP ± 50 %"
    g = one(src)
    assert isinstance(g, t.Given) and isinstance(g.value, t.Range)
    r = g.value
    assert r.kind == "±"
    assert num(r.center) == (Fraction(2 * 10**29), "FLOP")
    assert num(r.delta) == (Fraction(50), "%")
    # v1's low/high are kept: center - delta, center + delta
    assert isinstance(r.low, t.BinOp) and r.low.op == "-" and r.low.left is r.center
    assert isinstance(r.high, t.BinOp) and r.high.op == "+" and r.high.right is r.delta
    assert text_of(src, r.span) == "2e29 FLOP ± 50 %"
    assert text_of(src, r.low.op_span) == "±"


def test_plus_minus_in_percent_shares_the_unit_like_v1() -> None:
    g = one("given s = 20 ± 5 %")
    assert isinstance(g, t.Given) and isinstance(g.value, t.Range)
    assert num(g.value.center) == (20, "%")


# ---------------------------------------------------------------- claims


def test_in_claims() -> None:
    src = "claim between: use_twh in 85 to 134 TWh/year [iea]"
    c = one(src)
    assert isinstance(c, t.Claim)
    assert c.op == "in" and isinstance(c.rhs, t.Range) and c.rhs.kind == "to"
    assert num(c.rhs.low) == (85, "TWh/year")
    assert text_of(src, c.op_span) == "in"
    assert c.tolerance is None and c.within is None
    assert text_of(src, c.span) == src


def test_in_claim_with_plus_minus_percent() -> None:
    c = one("claim c: x in 2e29 FLOP ± 50 %")
    assert isinstance(c, t.Claim) and isinstance(c.rhs, t.Range) and c.rhs.kind == "±"


@pytest.mark.parametrize(
    ("tol", "kind", "amount"),
    [
        ("within 2 %", "relative", (2, "%")),
        ("within 1 pp", "points", (1, "pp")),
        ("within factor 3", "factor", (3, None)),
        ("within 0.25", "absolute", (Fraction(1, 4), None)),
        ("within 0.1 PFLOP/s", "absolute", (Fraction(1, 10), "PFLOP/s")),
    ],
)
def test_tolerance_forms(tol: str, kind: str, amount: tuple[Fraction, str | None]) -> None:
    src = f"claim c: x ≈ 15 % {tol}"
    c = one(src)
    assert isinstance(c, t.Claim) and c.within is not None
    assert c.within.kind == kind
    assert num(c.within.amount) == amount
    assert c.tolerance is c.within.amount  # v1's field still holds the amount
    assert text_of(src, c.within.span) == tol


def test_factor_is_a_name_elsewhere() -> None:
    m = parse_source("let factor = 3\nclaim c: factor * 2 ≈ 6 within factor 2", "f")
    assert not m.diagnostics
    let, claim = m.statements
    assert isinstance(let, t.Let) and let.name == "factor"
    assert isinstance(claim, t.Claim) and isinstance(claim.lhs, t.BinOp)
    assert claim.within is not None and claim.within.kind == "factor"


@pytest.mark.parametrize(
    "words",
    [
        "virtually certain",
        "very likely",
        "likely",
        "as likely as not",
        "unlikely",
        "very unlikely",
        "exceptionally unlikely",
    ],
)
def test_likelihood_qualifiers(words: str) -> None:
    src = f'claim c: x > 1 GPU within 5 %, {words} [s] "q"'
    c = one(src)
    assert isinstance(c, t.Claim) and c.qualifier is not None
    q = c.qualifier
    assert (q.text, q.op, q.probability) == (words, None, None)
    assert q.text in t.LIKELIHOOD
    assert text_of(src, q.span) == words
    assert [r.name for r in c.refs] == ["s"] and c.quote == "q"


@pytest.mark.parametrize(("op", "norm"), [(">=", ">="), ("<", "<"), ("≤", "<="), ("=", "=")])
def test_probability_qualifier(op: str, norm: str) -> None:
    src = f"claim c: x > 1, with probability {op} 80 %"
    c = one(src)
    assert isinstance(c, t.Claim) and c.qualifier is not None
    assert c.qualifier.text == "with probability" and c.qualifier.op == norm
    assert num(c.qualifier.probability) == (80, "%")
    assert text_of(src, c.qualifier.span) == f"with probability {op} 80 %"


def test_qualifier_words_are_names_elsewhere() -> None:
    m = parse_source("given likely = 1\ngiven very = 2\nclaim c: likely < very, likely", "f")
    assert not m.diagnostics
    assert isinstance(m.statements[2], t.Claim) and m.statements[2].qualifier is not None


def test_a_bad_qualifier_says_which_words_are_allowed() -> None:
    (d,) = parse_source("claim c: x > 1, probably", "f").diagnostics
    assert d.code == "syntax" and "virtually certain" in d.message and "probability" in d.message


# ---------------------------------------------------------------- scenarios


SCENARIO = """\
given a = 1 GPU
scenario pessimistic "Epoch, pessimistic column" [epoch]
    a = 2 GPU
    hw.h100.tdp = 600 W to 700 W   # a used file's given
    b ~ normal(1, 2)
    c >= 3
    d = max(1,
            2)
claim k: a > 0 GPU
"""


def test_scenario_block() -> None:
    m = parse_source(SCENARIO, "s.claim")
    assert not m.diagnostics, m.diagnostics
    _given, sc, claim = m.statements
    assert isinstance(sc, t.Scenario)
    assert (sc.name, sc.title, [r.name for r in sc.refs]) == (
        "pessimistic",
        "Epoch, pessimistic column",
        ["epoch"],
    )
    assert [i.name for i in sc.items] == ["a", "hw.h100.tdp", "b", "c", "d"]
    a, tdp, b, c, d = sc.items
    assert num(a.value) == (2, "GPU")
    assert isinstance(tdp.value, t.Range) and num(tdp.value.high) == (700, "W")
    assert isinstance(b.value, t.Distribution) and b.value.kind == "normal"
    assert isinstance(c.value, t.Bound) and c.value.op == ">="
    assert isinstance(d.value, t.Call) and len(d.value.args) == 2
    assert text_of(SCENARIO, tdp.name_span) == "hw.h100.tdp"
    assert text_of(SCENARIO, tdp.span) == "hw.h100.tdp = 600 W to 700 W"
    assert (tdp.span.line, tdp.span.column) == (4, 5)
    assert sc.span.line == 2 and sc.span.end_line == 8
    assert text_of(SCENARIO, sc.name_span) == "pessimistic"
    assert isinstance(claim, t.Claim) and claim.span.line == 9


def test_scenario_errors_are_per_line() -> None:
    src = "scenario s\n  a = \n  b = 2\n  c 3\nclaim k: b > 1\n"
    m = parse_source(src, "s.claim")
    assert [d.span.line for d in m.diagnostics if d.span] == [2, 4]
    sc = m.statements[0]
    assert isinstance(sc, t.Scenario) and [i.name for i in sc.items] == ["b"]
    assert isinstance(m.statements[1], t.Claim)


def test_scenario_and_in_are_keywords() -> None:
    for src in ("given scenario = 1", "let in = 2"):
        (d,) = parse_source(src, "f").diagnostics
        assert d.code == "syntax" and "keyword" in d.message


def test_v2_nodes_are_frozen() -> None:
    c = one("claim c: x > 1, likely")
    assert isinstance(c, t.Claim) and c.qualifier is not None
    with pytest.raises(AttributeError):
        c.qualifier.text = "unlikely"  # type: ignore[misc]
