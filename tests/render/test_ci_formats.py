"""The CI formats of `toulmin check` (issue 11): SARIF against the 2.1.0 schema, GitHub
workflow commands parsed back, JUnit XML parsed; exit codes unchanged; step summary."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from toulmin.check import check_file, check_text
from toulmin.cli import main
from toulmin.render import github, junit, sarif

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
BROKEN = "given x = 3 GPU-h\nclaim c: x > 1 GPU*h\n"


@pytest.fixture(scope="module")
def results(request: pytest.FixtureRequest) -> list:
    fu = check_file(ROOT / "claims" / "fu.claim", display="claims/fu.claim")
    broken = check_text(BROKEN, file="broken.claim")
    return [fu, broken]


def _non_holding(results: list) -> list:
    return [(r.file, c) for r in results for c in r.claims if c.verdict != "holds"]


def test_sarif_is_valid_2_1_0_and_lists_every_finding(results: list) -> None:
    log = json.loads(sarif.document(results, 2))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    found = run["results"]
    claims = [r for r in found if "claim" in r.get("properties", {})]
    diags = [r for r in found if "claim" not in r.get("properties", {})]
    assert len(claims) == len(_non_holding(results)) == 15
    assert [d["ruleId"] for d in diags] == [d.code for r in results for d in r.diagnostics]
    assert run["invocations"][0]["exitCode"] == 2
    rules = run["tool"]["driver"]["rules"]
    for r in found:  # each result names a rule that exists, at its index
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
    by_id = {r["properties"]["claim"]: r for r in claims}
    nine = by_id["f_c1_nine_x"]
    assert nine["ruleId"] == "claim-depends" and nine["level"] == "warning"
    assert "fails at mfu_old = 15 %" in nine["message"]["text"]
    loc = nine["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "claims/fu.claim", "uriBaseId": "%SRCROOT%"}
    line = next(c.line for c in results[0].claims if c.id == "f_c1_nine_x")
    assert loc["region"]["startLine"] == line
    assert by_id["f_p2_dsv3_nominal"]["level"] == "error"
    unit = next(d for d in diags if d["ruleId"] == "unknown-unit")
    assert unit["level"] == "error"
    assert unit["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(s: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        s = s.replace(code, ch)
    return s


def parse_github(text: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in text.splitlines():
        m = _COMMAND.match(line)
        if m:
            props = dict(p.split("=", 1) for p in m.group(2).split(","))
            out.append(
                (m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3)))
            )
    return out


def test_github_commands_parse_back(results: list) -> None:
    text = github.document(results)
    cmds = parse_github(text)
    assert len(cmds) == len(_non_holding(results)) + sum(len(r.diagnostics) for r in results)
    # every line is a command except the closing summary
    assert len(text.splitlines()) == len(cmds) + 1
    fu = {p["title"]: (kind, p, msg) for kind, p, msg in cmds if p["file"] == "claims/fu.claim"}
    kind, props, msg = fu["claim f_c1_nine_x depends"]
    c = next(c for c in results[0].claims if c.id == "f_c1_nine_x")
    assert kind == "warning"
    assert (int(props["line"]), int(props["col"])) == (c.span.line, c.span.column)
    assert (int(props["endLine"]), int(props["endColumn"])) == (c.span.end_line, c.span.end_column)
    assert msg.endswith("fails at mfu_old = 15 %; holds at mfu_old = 25 %")  # `%` round-trips
    assert fu["claim f_c1_nine_x_needs_mfu open"][0] == "notice"
    assert fu["claim f_p2_dsv3_nominal fails"][0] == "error"
    kinds = [k for k, p, _ in cmds if p["file"] == "broken.claim"]
    assert kinds and set(kinds) == {"error"}


def test_github_escapes_separators_in_properties() -> None:
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.escape_data("a:b,c%\n") == "a:b,c%25%0A"


def test_junit_one_testcase_per_claim(results: list) -> None:
    root = ET.fromstring(junit.document(results))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["claims/fu.claim", "broken.claim"]
    fu = suites[0]
    cases = fu.findall("testcase")
    assert [c.get("name") for c in cases] == [c.id for c in results[0].claims]
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {c.id for _, c in _non_holding(results)}
    assert fu.get("tests") == str(len(cases)) and fu.get("failures") == str(len(failed))
    assert failed["f_c1_nine_x"].get("type") == "depends"
    assert "fails at mfu_old = 15 %" in failed["f_c1_nine_x"].text
    broken = suites[1]
    (case,) = broken.findall("testcase")
    assert case.get("name") == "diagnostics" and case.find("error").get("type") == "unknown-unit"
    assert root.get("errors") == "1" and root.get("failures") == str(len(failed))


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_exit_codes_unchanged(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "ok.claim").write_text("given a = 2 m\nclaim c: a > 1 m\n")
    (tmp_path / "bad.claim").write_text("given a = 2 m\nclaim c: a > 3 m\n")
    (tmp_path / "broken.claim").write_text(BROKEN)
    runner = CliRunner()
    codes = [
        runner.invoke(main, ["check", f, "--format", fmt]).exit_code
        for f in ("ok.claim", "bad.claim", "broken.claim")
    ]
    assert codes == [0, 1, 2]
    out = runner.invoke(main, ["check", "bad.claim", "--format", fmt]).output
    if fmt == "sarif":
        jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "1"
    else:
        assert parse_github(out)[0][1]["file"] == "bad.claim"


def test_step_summary_appended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.claim").write_text("given a = 2 m\nclaim c: a > 3 m\n")
    result = CliRunner().invoke(main, ["check", "bad.claim", "--no-color"])
    assert result.exit_code == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n### `bad.claim`")
    assert "| `c` | **fails** | 2 m | > | 3 m |  |" in text
