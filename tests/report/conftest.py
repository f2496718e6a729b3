"""Shared fixtures of the report tests: the corpus report, written once per session."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "claims"


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """`toulmin report claims/ --compare dettmers fu`, and the seconds it took."""
    from toulmin.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    start = time.perf_counter()
    res = CliRunner().invoke(
        main,
        [
            "report",
            str(CLAIMS),
            "--compare",
            str(CLAIMS / "dettmers.claim"),
            str(CLAIMS / "fu.claim"),
            "-o",
            str(out),
        ],
    )
    took = time.perf_counter() - start
    assert res.exit_code == 0, res.output
    return out, took


@pytest.fixture(scope="session")
def corpus_ids() -> dict[str, list[str]]:
    """Claim ids per file, straight from the checker (what the report must show)."""
    from toulmin.check import check_file

    out = {}
    for f in sorted(CLAIMS.glob("*.claim")):
        out[f.stem] = [c.id for c in check_file(f, root=f.parent).claims]
    return out


@pytest.fixture(scope="session")
def source_urls() -> set[str]:
    """Every URL the corpus cites in a `source` statement (the only URLs allowed)."""
    urls = set()
    for f in CLAIMS.glob("*.claim"):
        urls |= set(re.findall(r'^source\s+\w+\s+"[^"]*"\s+"([^"]+)"', f.read_text(), re.M))
    return urls
