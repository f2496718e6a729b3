"""`[tool.toulmin]` in pyproject.toml (issue 11): found by walking up, flags win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from toulmin.cli import main
from toulmin.config import find

FILE = "given a = 1 to 2\nclaim c: a*a <= 3\n"  # depends: false at a = 2


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "args").mkdir()
    (tmp_path / "args" / "one.claim").write_text(FILE)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "sub" / "deeper")
    return tmp_path


def write(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + body)


def run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.output


def test_found_by_walking_up(project: Path) -> None:
    write(project, "[tool.toulmin]\nstrict = true\n")
    cfg = find()
    assert cfg is not None and cfg.path == project / "pyproject.toml"
    assert cfg.table == {"strict": True}


def test_pyproject_without_the_table_is_skipped(project: Path) -> None:
    write(project, "[tool.toulmin]\nbudget = 3\n")
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    cfg = find()
    assert cfg is not None and cfg.path == project / "pyproject.toml"


def test_default_paths_relative_to_the_pyproject(project: Path) -> None:
    write(project, '[tool.toulmin]\npaths = ["args"]\nformat = "json"\n')
    code, out = run("check")
    assert code == 1
    doc = json.loads(out)
    assert [r["file"] for r in doc["results"]] == ["../../args/one.claim"]


def test_flags_win_over_the_file(project: Path) -> None:
    write(project, '[tool.toulmin]\npaths = ["args"]\nformat = "json"\n')
    code, out = run("check", "--format", "github")
    assert code == 1 and out.startswith("::warning file=../../args/one.claim")
    # A path on the command line replaces the configured paths.
    (project / "sub" / "deeper" / "here.claim").write_text("given a = 2 m\nclaim c: a > 1 m\n")
    code, out = run("check", "here.claim", "--format", "json")
    assert code == 0 and [r["file"] for r in json.loads(out)["results"]] == ["here.claim"]


def test_strict_from_the_file_and_overridden(project: Path) -> None:
    # An unsourced given is a warning, and an error under strict.
    (project / "args" / "one.claim").write_text("given a = 2 m\nclaim c: a > 1 m\n")
    write(project, '[tool.toulmin]\npaths = ["args"]\nstrict = true\n')
    assert run("check")[0] == 2
    write(project, '[tool.toulmin]\npaths = ["args"]\nstrict = false\n')
    assert run("check")[0] == 0
    assert run("check", "--strict")[0] == 2


def test_limits_and_budget_by_their_long_names(project: Path) -> None:
    write(project, '[tool.toulmin]\npaths = ["args"]\nmax-file-kib = 1\nmax_depth = 2\n')
    (project / "args" / "one.claim").write_text("# " + "x" * 2000 + "\nclaim c: 1 < 2\n")
    code, out = run("check", "--no-color")
    assert code == 2 and "error[limit]" in out
    assert run("check", "--no-color", "--max-file-kib", "64")[0] == 0


def test_cross_check_and_seed_from_the_file(project: Path) -> None:
    write(project, '[tool.toulmin]\npaths = ["args"]\ncross-check = 20\nseed = 3\n')
    code, _ = run("check")
    assert code == 1  # the proof and the samples agree: the verdict's own exit status


def test_command_tables(project: Path) -> None:
    write(project, '[tool.toulmin.explain]\nformat = "json"\n')
    code, out = run("explain", str(project / "args" / "one.claim"), "c")
    assert code in (0, 1) and json.loads(out)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[tool.toulmin]\ncolour = true\n", "unknown key `colour`"),
        ('[tool.toulmin]\nformat = "xml"\n', "'xml' is not one of"),
        ('[tool.toulmin]\nbudget = "soon"\n', "'soon' is not a valid float"),
        ("[tool.toulmin.nope]\nx = 1\n", "no command `nope`"),
        ("[tool.toulmin\n", "cannot read it"),
    ],
)
def test_bad_configuration_is_a_usage_error(project: Path, body: str, message: str) -> None:
    write(project, body)
    code, out = run("check", str(project / "args" / "one.claim"))
    assert code == 2
    assert message in out


def test_reserved_key_waits_for_its_option(project: Path) -> None:
    write(project, '[tool.toulmin]\npaths = ["args"]\nsamples = 1000\n')
    assert run("check")[0] == 1
