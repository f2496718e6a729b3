"""The editing loop (issue 11): `--watch` reruns on relevant changes, the pre-commit hook
is declared, and Click's shell completion works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toulmin.check import check_file
from toulmin.watch import matters, watch_loop, watched

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "hw.claim").write_text("given g = 8 GPU\n")
    (tmp_path / "args").mkdir()
    (tmp_path / "args" / "a.claim").write_text(
        'use "../facts/hw.claim" as hw\nclaim c: hw.g >= 8 GPU\n'
    )
    return tmp_path


def test_watched_files_include_what_is_used(files: Path) -> None:
    a = files / "args" / "a.claim"
    r = check_file(a, root=files, display=str(a))
    folders, wanted, trees = watched([str(a)], [r])
    assert (files / "facts" / "hw.claim").resolve() in wanted
    assert {f.name for f in folders} == {"args", "facts"}
    assert matters(str(files / "facts" / "hw.claim"), wanted, trees)
    assert not matters(str(files / "facts" / "other.claim"), wanted, trees)
    assert not matters(str(files / "args" / "notes.txt"), wanted, trees)


def test_a_folder_argument_watches_every_claim_under_it(files: Path) -> None:
    folders, wanted, trees = watched([str(files)], [])
    assert folders == [files.resolve()]
    assert matters(str(files / "args" / "new.claim"), wanted, trees)
    assert not matters(str(files / "args" / "new.txt"), wanted, trees)


def test_watch_loop_reruns_on_relevant_changes_only(files: Path) -> None:
    a = files / "args" / "a.claim"
    r = check_file(a, root=files, display=str(a))
    runs: list[int] = []
    hw = str(files / "facts" / "hw.claim")
    batches = [{(2, str(files / "args" / "x.txt"))}, {(2, hw)}, {(2, str(a))}]
    watch_loop(lambda: runs.append(1) or 0, [str(a)], lambda: [r], lambda _f: iter(batches))
    assert len(runs) == 3  # the first run, then the used file, then the file itself


def test_pre_commit_hook_is_declared() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: toulmin-check" in text
    assert "entry: toulmin check" in text
    assert r"files: \.claim$" in text


def test_shell_completion_script() -> None:
    env = {**os.environ, "_TOULMIN_COMPLETE": "bash_source"}
    out = subprocess.run(
        [sys.executable, "-c", "from toulmin.cli import main; main(prog_name='toulmin')"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "_toulmin_completion" in out.stdout or "complete " in out.stdout
    env = {
        **os.environ,
        "_TOULMIN_COMPLETE": "bash_complete",
        "COMP_WORDS": "toulmin check --for",
        "COMP_CWORD": "2",
    }
    out = subprocess.run(
        [sys.executable, "-c", "from toulmin.cli import main; main(prog_name='toulmin')"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "--format" in out.stdout
