"""Regression tests for what the fuzzer (`fuzz/`) and the fixes of issue 8 found beyond
the issue's own reproducers (those are in `test_findings.py`)."""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from toulmin.check import check_file
from toulmin.engine.results import FileResult


def check(tmp_path: Path, text: str) -> FileResult:
    (tmp_path / "f.claim").write_text(text, encoding="utf-8")
    return check_file(tmp_path / "f.claim", display="f.claim")


def codes(r: FileResult) -> list[str]:
    return [d.code for d in r.diagnostics if d.is_error]


def verdict(r: FileResult, claim_id: str = "c") -> str:
    found = [c.verdict for c in r.claims if c.id == claim_id]
    assert found, f"no verdict for {claim_id}: {[d.message for d in r.diagnostics]}"
    return found[0]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """`python -m toulmin ARGS`, capped in time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "toulmin", *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,
        preexec_fn=_cap_memory,
    )


# --------------------------------------------------------------------------- JSON output


def test_solve_json_on_invalid_file_is_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text('use "missing.claim"\ngiven x = 1\nclaim c: x = 1\n')
    out = cli("solve", "--format", "json", "f.claim", "c", "--for", "x", cwd=tmp_path)
    assert out.returncode == 2
    doc = json.loads(out.stdout)  # fuzz: `solve --format json` printed nothing
    assert doc["ok"] is False
    [result] = doc["results"]
    assert ("import", 1) in [(d["code"], d["line"]) for d in result["diagnostics"]]


def test_solve_json_unknown_name_is_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text("given x = 1\nclaim c: x = 1\n")
    out = cli("solve", "--format", "json", "f.claim", "nope", cwd=tmp_path)
    assert out.returncode == 2
    doc = json.loads(out.stdout)
    assert doc["ok"] is False and "nope" in doc["errors"][0]["message"]


def test_compare_json_on_invalid_file_is_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "a.claim").write_text("given x = \nclaim c: x = 1\n")
    (tmp_path / "b.claim").write_text("given x = 2\nclaim c: x = 1\n")
    out = cli("compare", "--format", "json", "a.claim", "b.claim", cwd=tmp_path)
    assert out.returncode == 2
    doc = json.loads(out.stdout)  # fuzz: `compare --format json` printed nothing
    assert doc["ok"] is False
    files = {r["file"]: r["diagnostics"] for r in doc["results"]}
    assert "syntax" in [d["code"] for d in files["a.claim"]] and files["b.claim"] == []


# --------------------------------------------------------------------------- syntax


@pytest.mark.parametrize(
    ("text", "word", "hint"),
    [
        ("givenx = 3\n", "givenx", "`given x`"),
        ("letz = 2\n", "letz", "`let z`"),
        ("claimc: 1 = 1\n", "claimc", "`claim c`"),
    ],
)
def test_keyword_glued_to_a_name_is_a_syntax_error(
    tmp_path: Path, text: str, word: str, hint: str
) -> None:
    r = check(tmp_path, text)
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line, d.span.column) == ("syntax", 1, 1)
    assert d.span.end_column == 1 + len(word)
    assert f"`{word}` is not a statement keyword" in d.message and hint in (d.hint or "")


def test_keyword_then_space_still_parses(tmp_path: Path) -> None:
    r = check(tmp_path, "given givens = 3\nclaim claims: givens = 3\n")
    assert codes(r) == [] and verdict(r, "claims") == "holds"


# --------------------------------------------------------------------------- several solutions


def test_even_power_back_solved_is_decided_over_both_roots(tmp_path: Path) -> None:
    # fuzz: `bv >= 5` held on the root bv = 5 though bv = -5 fits every premise
    r = check(
        tmp_path,
        "given ys = 25\ngiven bv : x\nlet ys = bv^2\n"
        "claim cb: bv >= 5\nclaim sq: bv * bv = 25\nclaim big: abs(bv) > 6\n",
    )
    assert codes(r) == []
    assert [(c.id, c.verdict) for c in r.claims] == [
        ("cb", "depends"),
        ("sq", "holds"),
        ("big", "fails"),
    ]
    cb = r.claims[0]
    assert cb.counterexample["bv"].value == -5 and cb.witness["bv"].value == 5
    assert (r.values["bv"].low, r.values["bv"].high) == (-5, 5)
    assert (cb.lhs.low, cb.lhs.high) == (-5, 5)  # the claim's side shows every solution


def test_not_one_to_one_equation_says_why(tmp_path: Path) -> None:
    r = check(tmp_path, "given y = 3\ngiven v : x\nlet y = ceil(v)\nclaim c: v < 2.5\n")
    [c] = r.claims
    assert c.verdict == "undecided" and "`ceil` is not one-to-one" in (c.note or "")
    assert r.diagnostics == []  # y is used through the equation: not `unused`


def test_exp_exp_back_solved_exactly(tmp_path: Path) -> None:
    r = check(tmp_path, "given y = 1000\ngiven v : x\nlet y = exp(exp(v))\nclaim c: v > 0\n")
    assert r.values["v"].value == pytest.approx(math.log(math.log(1000)), rel=1e-12)
    assert verdict(r) == "holds"


# --------------------------------------------------------------------------- domain, limits


def test_point_domain_error_in_claim(tmp_path: Path) -> None:
    r = check(tmp_path, "given g = 2\nclaim c: sqrt(-g) >= 0\n")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert d.code == "domain" and "claim `c` is undefined" in d.message
    assert d.span.line == 2 and d.hint and r.claims == []


@pytest.mark.parametrize(("claim", "column"), [("log10(p) < 0", 10), ("1/p > 0", 11)])
def test_range_reaching_zero_is_domain_error_with_span(
    tmp_path: Path, claim: str, column: int
) -> None:
    # issue 9: `log10(p) < 0` and `1/p > 0` with p = 0 to 1
    r = check(tmp_path, f"given p = 0 to 1\nclaim c: {claim}\n")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line, d.span.column) == ("domain", 2, column)
    assert "somewhere in its ranges" in d.message
    assert d.hint == "narrow the range so it excludes the problem value"


def test_division_defined_on_every_piece_is_not_a_domain_error(tmp_path: Path) -> None:
    # the naive enclosure of a - a + 1 contains 0; bisection proves it never is
    r = check(tmp_path, "given a = 1 to 2\nclaim c: 1 / (a - a + 1) = 1\n")
    assert codes(r) == [] and verdict(r) == "holds"


def test_underflow_inside_a_let_is_limit_error(tmp_path: Path) -> None:
    r = check(tmp_path, "given y = 1e200\nlet z = 1/(y*y)\nclaim c: z = 0\n")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert d.code == "limit" and "`z` cannot be computed" in d.message
    assert d.span.line == 2


def test_exp_underflow_over_a_range_is_limit_error(tmp_path: Path) -> None:
    r = check(tmp_path, "given x = 1 to 800\nclaim c: exp(-x) > 0\n")
    assert codes(r) == ["limit"] and r.claims == []


def test_large_but_representable_steps_are_fine(tmp_path: Path) -> None:
    r = check(tmp_path, "given y = 1e100\nclaim c: y*y/y = y\nclaim d: 1/(y*y) > 0\n")
    assert codes(r) == []
    assert [c.verdict for c in r.claims] == ["holds", "holds"]


@pytest.mark.parametrize("value", ["-2 GPU", "0 GPU", "-0.5"])
def test_non_positive_unit_is_refused(tmp_path: Path, value: str) -> None:
    r = check(tmp_path, f"unit zz = {value}\ngiven n = 2 zz\nclaim c: n > 1 zz\n")
    errs = [d for d in r.diagnostics if d.is_error]
    assert [(d.code, d.span.line) for d in errs] == [("domain", 1)]


def test_same_unit_twice_names_the_first(tmp_path: Path) -> None:
    r = check(tmp_path, "unit chip = 2 GPU\nunit chip\ngiven n = 3 chip\nclaim c: n = 6 GPU\n")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert d.message == "the unit `chip` is already defined at f.claim:1"
    assert [lb.span.line for lb in d.labels] == [1]


# --------------------------------------------------------------------------- sizes


def test_long_flat_sum_is_balanced_not_deep(tmp_path: Path) -> None:
    # 4,000 terms: as a left-nested tree the evaluators' recursion overflowed
    terms = " + ".join(["x"] * 4000)
    r = check(tmp_path, f"given x = 1 to 2\nclaim c: {terms} >= 4000\n")
    assert codes(r) == [] and verdict(r) == "holds"


def test_long_mixed_chain_keeps_its_meaning(tmp_path: Path) -> None:
    minus = " - ".join(["x"] * 40)
    ratio = " / ".join(["2"] * 40) + " * " + " * ".join(["2"] * 40)
    r = check(
        tmp_path,
        f"given x = 1 to 2\nclaim c: 100 - {minus} = 100 - 40*x\nclaim d: 1000 / {ratio} = 1000\n",
    )
    assert codes(r) == []
    assert [c.verdict for c in r.claims] == ["holds", "holds"]


def test_rule_shared_twice_inlines_once(tmp_path: Path) -> None:
    lines = ["rule r0(p) = p"]
    lines += [f"rule r{i}(p) = r{i - 1}(p) * r{i - 1}(p)" for i in range(1, 8)]
    lines += ["given a = 1.01", "claim c: r7(a) = a^128"]
    r = check(tmp_path, "\n".join(lines) + "\n")
    assert codes(r) == [] and verdict(r) == "holds"


# --------------------------------------------------------------------------- v2 fuzz run


def test_dividing_by_a_tiny_value_is_not_a_division_by_zero(tmp_path: Path) -> None:
    """The derivative of u/w was −u/(w·w): w·w underflows to 0 for |w| < 1e-162, so
    `10 J / 1e-200` (1e201 J, a fine value) was a `domain` error, and over a range of
    such w the claim came out `undecided`."""
    r = check(tmp_path, "given b = 1e-200\nlet a = 10 J / b\nclaim c: a > 1 J\n")
    assert codes(r) == [] and verdict(r) == "holds"
    r = check(tmp_path, "given b = 1e-200 to 2e-200\nlet a = 10 J / b\nclaim c: a > 1 J\n")
    assert codes(r) == [] and verdict(r) == "holds"


def test_an_error_in_a_solved_given_points_at_its_equation(tmp_path: Path) -> None:
    """A given without a value, solved from an equation, had no location when its value
    could not be computed (JSON line null, no `-->` line): now the equation's line."""
    text = "given c = 10 J\ngiven b = 1e-300\ngiven a: J\nlet c = a * b\n"
    r = check(tmp_path, text)
    [d] = [d for d in r.diagnostics if d.is_error]
    assert d.code == "limit" and d.span is not None and d.span.line == 4


def test_a_negative_power_of_a_tiny_value_is_not_a_division_by_zero(tmp_path: Path) -> None:
    """Same class for `x ^ k`, k < 0: the derivative k·x^(k−1) divided by x^(1−k), which
    underflows to 0 (1e-120 ^ 3): a `domain` error at a point, `undecided` over a range."""
    r = check(tmp_path, "given b = 1e-120\nlet a = b^(-2)\nclaim c: a > 1\n")
    assert codes(r) == [] and verdict(r) == "holds"
    r = check(tmp_path, "given b = 1e-120 to 2e-120\nclaim c: b^(-2) > 1\n")
    assert codes(r) == [] and verdict(r) == "holds"


def test_compounding_over_a_one_sided_span_is_no_internal_error(tmp_path: Path) -> None:
    """`rate ^ (span / 1 year)` with `span >= 1 year` and a rate range: the whole box
    encloses to [0, ∞], but bisecting it overflows at a finite split, and that
    DomainError escaped `all_values` (exit 3)."""
    text = "given rate = 0.5 to 2\ngiven span >= 1 year\nlet grown = rate ^ (span / 1 year)\n"
    r = check(tmp_path, text + "claim c: grown < 5\n")
    assert codes(r) == [] and verdict(r) == "depends"


def test_an_underflowed_point_is_no_counterexample(tmp_path: Path) -> None:
    """0.5 ^ (1268 year / 1 year) is 0 in floats, not in fact: `grown > 0` was `depends`
    with that point as its counterexample. A search point with a step beyond 1e±300
    is no evidence; the claim is true everywhere, so it may hold or stay undecided."""
    text = "given rate = 0.5 to 2\ngiven span >= 1 year\nlet grown = rate ^ (span / 1 year)\n"
    r = check(tmp_path, text + "claim c: grown > 0\n")
    assert verdict(r) in ("holds", "undecided")


def test_the_high_end_of_in_is_part_of_the_claim(tmp_path: Path) -> None:
    """`in LOW to HIGH` read only LOW and the left side for the names a claim needs: when
    LOW simplified away (`l0 - l0`), HIGH's `l0` was never evaluated (KeyError, exit 3),
    and a domain error in HIGH alone was not found."""
    text = "given g2 = 0.1 to 5089\nlet l0 = g2 + g2\nclaim c: g2 in l0 - l0 to (l0 - l0) * 2\n"
    r = check(tmp_path, text)
    assert codes(r) == [] and verdict(r) == "fails"
    text = "given g = 1 to 2\ngiven h = 3\nlet z = h - h\nclaim c: g in z to log(z)\n"
    assert codes(check(tmp_path, text)) == ["domain"]


def test_a_lognormal_whose_mean_is_beyond_floats(tmp_path: Path) -> None:
    # CI fuzz (seed 44736): `7e-200 to 3` is a lognormal with sigma ≈ 140, whose mean
    # exp(mu + sigma²/2) overflowed math.exp: internal error, exit 3
    r = check(tmp_path, "given g1 ~ 7e-200 to 3\nclaim c: g1 < 2\n")
    assert codes(r) == [] and verdict(r) == "depends"
    g1 = r.values["g1"]
    assert g1.mean == math.inf and g1.percentiles is not None
    assert g1.percentiles[2] == pytest.approx(3.0)
