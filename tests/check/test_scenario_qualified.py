"""A qualified claim is a claim about P(holds) under a scenario too (spec v2 §5
"Scenarios", "Qualifiers"): its scenario verdict came from the proof alone (`depends`,
no P), found with tests/unseen/solar_payback.claim."""

from __future__ import annotations

from toulmin.check import check_text

TEXT = """\
given x ~ uniform(0, 10)
claim c: x <= 8, likely
claim plain: x <= 8
scenario wide
    x ~ uniform(0, 20)
scenario narrow
    x = 5
"""


def test_a_qualified_claim_under_a_scenario_is_decided_by_p() -> None:
    res = check_text(TEXT, file="t.claim")
    claims = {c.id: c for c in res.claims}
    c = claims["c"]
    assert c.verdict == "holds" and c.probability is not None
    assert abs(c.probability.estimate - 0.8) < 0.01
    wide = c.scenarios["wide"]
    assert wide.verdict == "fails"  # P = 0.4, not likely; never `depends`
    assert wide.probability is not None and abs(wide.probability.estimate - 0.4) < 0.01
    assert c.scenarios["narrow"].verdict == "holds"  # a point: the proof settles P = 1
    # the same claim without a qualifier keeps its proof verdict, now with its P
    plain = claims["plain"].scenarios["wide"]
    assert plain.verdict == "depends"
    assert plain.probability is not None and abs(plain.probability.estimate - 0.4) < 0.01
