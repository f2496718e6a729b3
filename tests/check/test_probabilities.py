"""(v2) P(holds), qualified verdicts and percentiles end to end, through `check_text`
(issue 10, "Must show"): the closed forms, the exact 0/1 cases, every qualifier band,
reproducibility, and no numpy for a file that needs no sampling."""

from __future__ import annotations

import math
import subprocess
import sys
from statistics import NormalDist

import pytest
from conftest import ROOT

from toulmin.check import Options, check_text
from toulmin.engine.results import ClaimResult, FileResult

Z90 = NormalDist().inv_cdf(0.95)


def checked(text: str, samples: int = 20_000, seed: int = 11) -> FileResult:
    r = check_text(text, "p.claim", options=Options(samples=samples, seed=seed))
    assert not r.has_errors, r.diagnostics
    return r


def claims(text: str, **kw: int) -> dict[str, ClaimResult]:
    return {c.id: c for c in checked(text, **kw).claims}


def covers(c: ClaimResult, truth: float) -> bool:
    p = c.probability
    assert p is not None
    return p.low <= truth <= p.high


# ------------------------------------------------------------ P against closed forms


def test_uniform_range_at_least_its_midpoint_is_one_half() -> None:
    c = claims("given u = 15 % to 25 %\nclaim half: u >= 20 %\n")["half"]
    assert c.verdict == "depends"
    p = c.probability
    assert p is not None and p.method == "sampling" and p.samples == 20_000
    assert covers(c, 0.5) and p.high - p.low < 0.03
    assert p.ranges_as_uniform == ("u",)  # the output names the range it took as uniform


def test_lognormal_with_90_percent_interval_10_to_100_is_below_100_with_p_095() -> None:
    c = claims("given l ~ 10 to 100 GPU\nclaim below: l <= 100 GPU\n")["below"]
    assert c.verdict == "holds"  # the proof sees the 90 % interval
    p = c.probability
    assert p is not None and p.method == "closed form"
    assert p.estimate == pytest.approx(0.95, abs=1e-12)
    assert p.ranges_as_uniform == ()  # a distribution is not a plain range


def test_product_of_lognormals_is_exact() -> None:
    c = claims("given a ~ 10 to 100\ngiven b ~ 1 to 4\nclaim small: a * b <= 50\n")["small"]
    s_a, s_b = math.log(10) / (2 * Z90), math.log(4) / (2 * Z90)
    mean = math.log(math.sqrt(1000)) + math.log(2)
    want = NormalDist(mean, math.hypot(s_a, s_b)).cdf(math.log(50))
    assert c.probability is not None and c.probability.method == "closed form"
    assert c.probability.estimate == pytest.approx(want, rel=1e-12)


def test_a_to_b_is_normal_when_an_end_is_not_positive() -> None:
    # normal with 90 % between -1 and 3: P(x <= 3) = 0.95, P(x <= 1) = 0.5
    got = claims("given x ~ -1 to 3\nclaim top: x <= 3\nclaim mid: x <= 1\n", samples=50_000)
    assert covers(got["top"], 0.95) and covers(got["mid"], 0.5)
    assert got["top"].probability.method == "sampling"  # type: ignore[union-attr]


def test_the_interval_covers_the_truth_about_95_percent_of_the_time() -> None:
    text = "given u = 0 to 1\nclaim c: u <= 30 %\n"
    hits = sum(covers(claims(text, samples=400, seed=s)["c"], 0.3) for s in range(60))
    # binomial(60, 0.95): at least 51 hits with probability > 0.995
    assert hits >= 51, hits


# ------------------------------------------------------------ exact 0 and 1, and no P


def test_a_proof_over_bounded_inputs_settles_p_exactly() -> None:
    got = claims(
        "given u ~ uniform(1, 3)\ngiven r = 2 to 4\nclaim yes: u * r > 1\nclaim no: u > 5\n"
    )
    for cid, p in (("yes", 1.0), ("no", 0.0)):
        est = got[cid].probability
        assert est is not None and (est.estimate, est.low, est.high) == (p, p, p)
        assert est.method == "proof" and est.samples == 0


def test_a_proof_over_a_90_percent_interval_does_not_settle_p() -> None:
    c = claims("given n ~ normal(10, 2)\nclaim pos: n > 6.5\n")["pos"]
    assert c.verdict == "holds"  # 10 - 1.645 * 2 = 6.71 > 6.5
    p = c.probability
    assert p is not None and p.method == "sampling"
    assert covers(c, 1 - NormalDist(10, 2).cdf(6.5)) and c.probability.estimate < 1  # type: ignore[union-attr]


def test_point_claims_have_no_p_and_one_sided_ranges_say_why() -> None:
    got = claims("given a = 3\ngiven q >= 2 GPU\nclaim pt: a > 2\nclaim one: q < 5 GPU\n")
    assert got["pt"].probability is None and got["pt"].probability_note is None
    assert got["one"].probability is None
    assert "one-sided" in (got["one"].probability_note or "")
    assert "given q ~" in (got["one"].probability_note or "")


def test_consistency_claims_get_p_from_the_same_draw() -> None:
    text = "given a = 1 to 2\ngiven b = 2 to 4\nlet b = 2 * a\nclaim c: a > 1.5\n"
    r = checked(text)
    kinds = {(c.kind, c.id): c for c in r.claims}
    cons = kinds[("consistency", "b")]
    assert cons.probability is not None and 0 < cons.probability.estimate < 1


# ------------------------------------------------------------ qualifiers

# P exactly 0.95, 0.5 and 0.05 (closed forms): every IPCC band, decided without noise
EXACT = "given l ~ 10 to 100\nclaim hi: l <= 100{q}\nclaim mid: l <= 31.6227766016838{q}\nclaim lo: l <= 10{q}\n"
BANDS = {
    # qualifier: verdicts for P = 0.95, 0.5, 0.05
    "virtually certain": ("fails", "fails", "fails"),
    "very likely": ("holds", "fails", "fails"),
    "likely": ("holds", "fails", "fails"),
    "as likely as not": ("fails", "holds", "fails"),
    "unlikely": ("fails", "fails", "holds"),
    "very unlikely": ("fails", "fails", "holds"),
    "exceptionally unlikely": ("fails", "fails", "fails"),
    "with probability >= 90 %": ("holds", "fails", "fails"),
    "with probability < 6 %": ("fails", "fails", "holds"),
}


@pytest.mark.parametrize("text", sorted(BANDS))
def test_every_qualifier_band(text: str) -> None:
    got = claims(EXACT.format(q=f", {text}"))
    verdicts = tuple(got[c].verdict for c in ("hi", "mid", "lo"))
    assert verdicts == BANDS[text]
    for c in got.values():
        assert c.qualifier is not None and c.proof == "closed form"
        assert c.qualifier.text.split()[0] == text.split()[0]
        assert c.note and c.counterexample is None


def test_a_sampled_qualified_claim_is_decided_on_its_interval() -> None:
    got = claims(
        "given u = 0 to 1\nclaim a: u <= 50 %, as likely as not\nclaim b: u <= 50 %, likely\n"
    )
    assert (got["a"].verdict, got["b"].verdict) == ("holds", "fails")
    assert got["a"].proof == "sampling" and "is as likely as not" in (got["a"].note or "")
    assert got["a"].probability is not None and covers(got["a"], 0.5)


def test_a_qualified_claim_at_the_edge_samples_more_then_is_undecided() -> None:
    c = claims("given u = 0 to 1\nclaim edge: u <= 66 %, likely\n", samples=2_000)["edge"]
    assert c.verdict == "undecided"
    p = c.probability
    assert p is not None and p.samples > 2_000  # it doubled before giving up
    assert covers(c, 0.66) and "straddles" in (c.note or "")


def test_where_a_proof_settles_p_the_proof_decides() -> None:
    got = claims(
        "given u = 1 to 2\nclaim no: u > 0, very unlikely\nclaim yes: u > 0, virtually certain\n"
        "claim pt: 2 > 1, likely\n"
    )
    assert (got["no"].verdict, got["yes"].verdict, got["pt"].verdict) == ("fails", "holds", "holds")
    assert got["yes"].proof == "interval" and got["pt"].proof == "exact"


def test_a_qualified_claim_on_an_unknown_stays_open() -> None:
    c = claims("given u = 1 to 2\ngiven k: GPU\nclaim c: u * k > 1 GPU, likely\n")["c"]
    assert c.verdict == "open" and c.qualifier is not None


# ------------------------------------------------------------ seed, samples, values


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    text = "given u = 0 to 1\ngiven n ~ normal(0, 1)\nlet s = u + n\nclaim c: s > 0.5\n"
    a, b = checked(text, seed=5), checked(text, seed=5)
    other = checked(text, seed=6)
    assert a.claims[0].probability == b.claims[0].probability
    assert a.values["s"].percentiles == b.values["s"].percentiles
    assert a.claims[0].probability != other.claims[0].probability
    assert a.claims[0].probability.seed == 5  # type: ignore[union-attr]


def test_values_that_depend_on_distributions_get_mean_and_percentiles() -> None:
    r = checked("given l ~ 10 to 100 GPU\ngiven k = 2\nlet m = l * k\nclaim c: m > 1 GPU\n")
    m = r.values["m"]
    assert m.percentiles is not None and m.mean is not None
    p5, p50, p95 = m.percentiles
    assert p5 == pytest.approx(20, rel=0.03) and p95 == pytest.approx(200, rel=0.03)
    assert p50 == pytest.approx(2 * math.sqrt(1000), rel=0.03)
    sigma = math.log(10) / (2 * Z90)
    assert m.mean == pytest.approx(2 * math.sqrt(1000) * math.exp(sigma**2 / 2), rel=0.03)
    assert r.values["l"].percentiles == pytest.approx((10, math.sqrt(1000), 100))  # exact
    assert r.values["k"].percentiles is None  # a point


def test_plain_ranges_get_no_percentiles() -> None:
    r = checked("given u = 1 to 2\nlet v = u * 2\nclaim c: v > 3\n")
    assert r.values["v"].percentiles is None  # the spec: values that depend on distributions


def test_no_numpy_for_a_file_of_points_even_with_qualifiers() -> None:
    # (the range proofs themselves may use numpy; a file of points must not)
    src = "given a = 3\nclaim c: a * 2 > 1\nclaim d: a < 5, likely\nclaim e: a > 5, unlikely\n"
    code = (
        "import sys; from toulmin.check import check_text; "
        f"r = check_text({src!r}); "
        "p = [c.probability and (c.probability.estimate, c.probability.method) for c in r.claims]; "
        "assert p == [None, (1.0, 'proof'), (0.0, 'proof')], p; "
        "assert [c.verdict for c in r.claims] == ['holds'] * 3; "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
