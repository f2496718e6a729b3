"""`--format json` (render/json.py): the spec §7 document built from results."""

from __future__ import annotations

import json

from toulmin.render.json import document


def test_document_has_the_claims_values_and_quantities(argument_result) -> None:
    doc = json.loads(document([argument_result], argument_result.ok))
    assert doc["toulmin"] == "1" and doc["ok"] is False  # `busy` is open
    (r,) = doc["results"]
    assert r["file"] == "t.claim" and r["diagnostics"] == []
    cheap, busy = r["claims"]
    assert (cheap["id"], cheap["verdict"], cheap["proof"], cheap["line"]) == (
        "cheap",
        "holds",
        "interval",
        7,  # the `argument` line comes first
    )
    assert cheap["lhs"] == {
        "value": 300000.0,
        "low": 200000.0,
        "high": 400000.0,
        "unit": "USD",
        "si": {"value": 300000.0, "low": 200000.0, "high": 400000.0, "unit": "USD"},
    }
    assert busy["verdict"] == "open" and busy["condition"] == "holds when mfu ≥ 25 %"
    assert busy["lhs"]["value"] is None  # no value for an unknown premise
    # display unit and SI differ: hours in h, si in s
    assert r["values"]["hours"]["low"] == 100 and r["values"]["hours"]["si"]["low"] == 360000
    assert r["values"]["mfu"]["value"] is None


def test_document_diagnostics_carry_span_and_hint(invalid_result) -> None:
    doc = json.loads(document([invalid_result], False, [{"message": "x: no such file"}]))
    (d,) = doc["results"][0]["diagnostics"]
    assert (d["severity"], d["code"], d["file"], d["line"], d["column"]) == (
        "error",
        "unknown-unit",
        "b.claim",
        1,
        13,
    )
    assert d["end_column"] == 18 and "FLOP/s" in d["hint"]
    assert doc["errors"] == [{"message": "x: no such file"}]
    assert doc["results"][0]["claims"] == []


def test_a_counterexample_reproduces_from_its_json() -> None:
    """v2 fuzz: the only counterexample of this `!=` is the tie at g0 ≈ 1.47959991813 USD,
    narrower than 12 digits; printed at 12 digits it made the claim true. Its `si`
    coordinates are now the engine's floats, in full."""
    from fractions import Fraction

    from toulmin.check import check_text

    text = (
        "given g0 = 1 cent to 4604 USD\n"
        "claim c: (g0 - 147.96 cent) * (7329 1/s/USD / 3) * (-5M kg*m^2/s^2) != 1 kW\n"
    )
    r = check_text(text, "f.claim")
    (c,) = json.loads(document([r], r.ok))["results"][0]["claims"]
    assert c["verdict"] == "depends"
    g0 = Fraction(repr(c["counterexample"]["g0"]["si"]["value"]))
    lhs = (g0 - Fraction("1.4796")) * Fraction(7329, 3) * -5_000_000
    assert abs(lhs - 1000) <= Fraction(1, 10**9) * 1000  # a tie with 1 kW: `!=` fails
