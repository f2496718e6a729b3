"""(v2) Scenarios in the reports: a verdict column per scenario (text, Markdown), the
`scenarios` of each claim and of each file (JSON); CI formats follow the base only."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from toulmin.check import Options, check_text
from toulmin.render.json import document as json_document
from toulmin.render.markdown import document as md_document
from toulmin.render.text import print_results

TEXT = """\
given gpus = 1000 GPU
given mfu: %
claim cheap: gpus * 2 USD/GPU/h * 100 h <= 500K USD
claim busy: mfu * 2 >= 50 %
scenario pess "Pessimistic"
    gpus = 3000 GPU
    mfu = 20 %
scenario opt
    mfu = 40 %
"""


@pytest.fixture(scope="module")
def result():
    return check_text(TEXT, "s.claim")


def _printed(results) -> str:
    buf = io.StringIO()
    print_results(Console(file=buf, no_color=True, width=160), results)
    return buf.getvalue()


def test_text_has_a_verdict_column_per_scenario_after_the_base_verdict(result) -> None:
    lines = _printed([result]).splitlines()
    assert lines[1].split()[:5] == ["claim", "verdict", "pess", "opt", "left"]
    assert next(x for x in lines if x.startswith("cheap")).split()[:4] == [
        "cheap",
        "holds",
        "fails",
        "holds",
    ]
    assert next(x for x in lines if x.startswith("busy")).split()[:4] == [
        "busy",
        "open",
        "fails",
        "holds",
    ]
    # the summary counts base verdicts only
    assert lines[-1] == "1 file, 2 claims: 1 holds, 1 open"


def test_text_leaves_out_scenarios_the_run_did_not_ask_for() -> None:
    r = check_text(TEXT, "s.claim", options=Options(scenarios=("opt",)))
    header = _printed([r]).splitlines()[1].split()
    assert header[:4] == ["claim", "verdict", "opt", "left"] and "pess" not in header


def test_markdown_has_a_column_per_scenario(result) -> None:
    lines = md_document([result]).splitlines()
    assert "| claim | verdict | pess | opt | left | op | right | why |" in lines
    assert "|---|---|---|---|---|---|---|---|" in lines
    row = next(x for x in lines if x.startswith("| `busy`"))
    assert row.startswith("| `busy` | **open** | fails | holds | ? | >= | 50 % |")


def test_json_claims_carry_full_scenario_results_without_identity(result) -> None:
    doc = json.loads(json_document([result], result.ok))
    (r,) = doc["results"]
    assert r["scenarios"] == [
        {"name": "pess", "title": "Pessimistic", "line": 5, "sources": [], "evaluated": True},
        {"name": "opt", "title": None, "line": 8, "sources": [], "evaluated": True},
    ]
    cheap, busy = r["claims"]
    assert set(cheap["scenarios"]) == {"pess", "opt"}
    pess = cheap["scenarios"]["pess"]
    assert pess["verdict"] == "fails" and pess["proof"] == "exact"
    assert pess["lhs"]["si"]["value"] == pytest.approx(600_000)
    assert not {"id", "kind", "line", "text", "scenarios"} & set(pess)
    # everything else a claim result has, a scenario result has too
    assert set(cheap) - {"id", "kind", "line", "text", "scenarios"} == set(pess)
    assert busy["condition"] and busy["scenarios"]["opt"]["condition"] is None


def test_json_of_a_file_without_scenarios_has_no_scenario_keys(argument_result) -> None:
    doc = json.loads(json_document([argument_result], argument_result.ok))
    (r,) = doc["results"]
    assert "scenarios" not in r and all("scenarios" not in c for c in r["claims"])
