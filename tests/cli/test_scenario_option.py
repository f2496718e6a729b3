"""(v2) `toulmin check --scenario NAME`, `explain … --scenario` and `solve … --scenario`;
scenarios never change the exit status (spec §7)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import invoke, write

TEXT = """\
given gpus = 1000 GPU
given mfu = 30 %
let cost = gpus * 2 USD/GPU/h * 100 h
claim cheap: cost <= 500K USD
claim busy: mfu * 2 >= 50 %
scenario pess "Pessimistic"
    gpus = 3000 GPU
    mfu = 20 %
scenario opt
    mfu = 40 %
"""


@pytest.fixture
def path(tmp_path):
    return str(write(tmp_path, "s.claim", TEXT))


def test_scenarios_that_fail_leave_the_exit_status_to_the_base(path) -> None:
    code, out, _ = invoke("check", path, "--no-color")
    assert code == 0  # both base claims hold; `pess` fails both
    code, out, _ = invoke("check", path, "--format", "markdown")
    assert code == 0 and "| claim | verdict | pess | opt | left |" in out
    code, out, _ = invoke("check", path, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] is True
    assert doc["results"][0]["claims"][0]["scenarios"]["pess"]["verdict"] == "fails"


def test_the_option_restricts_the_columns_and_may_repeat(path) -> None:
    code, out, _ = invoke("check", path, "--format", "markdown", "--scenario", "opt")
    assert code == 0 and "| claim | verdict | opt | left |" in out
    code, out, _ = invoke(
        "check", path, "--format", "json", "--scenario", "opt", "--scenario", "pess"
    )
    (r,) = json.loads(out)["results"]
    assert [s["evaluated"] for s in r["scenarios"]] == [True, True]
    assert list(r["claims"][1]["scenarios"]) == ["pess", "opt"]  # file order


def test_an_unknown_scenario_is_a_usage_error_that_lists_the_files_scenarios(path) -> None:
    code, out, err = invoke("check", path, "--no-color", "--scenario", "optimistic")
    assert code == 2
    assert "unknown scenario `optimistic`" in err and "pess, opt" in err
    code, out, _ = invoke("check", path, "--format", "json", "--scenario", "optimistic")
    doc = json.loads(out)  # still the one JSON document
    assert code == 2 and doc["ok"] is False
    assert "pess, opt" in doc["errors"][0]["message"]


def test_ci_formats_follow_the_base_verdicts_only(path) -> None:
    code, out, _ = invoke("check", path, "--format", "junit")
    assert code == 0
    cases = ET.fromstring(out).iter("testcase")
    assert [c.get("name") for c in cases] == ["cheap", "busy"]
    assert "<failure" not in out


def test_explain_and_solve_under_a_scenario(path) -> None:
    code, out, _ = invoke("explain", path, "cheap", "--no-color", "--scenario", "pess")
    assert code == 0 and "fails" in out and "3000 GPU" in out
    code, out, _ = invoke("explain", path, "cheap", "--no-color")
    assert code == 0 and "holds" in out and "3000 GPU" not in out
    code, out, _ = invoke("solve", path, "cost", "--format", "json", "--scenario", "pess")
    assert code == 0 and json.loads(out)["value"]["si"]["value"] == pytest.approx(600_000)
    code, out, err = invoke("solve", path, "cost", "--no-color", "--scenario", "nope")
    said = " ".join((out + err).split())  # the console may wrap the message
    assert code == 2 and "unknown scenario `nope`" in said and "`pess`, `opt`" in said
