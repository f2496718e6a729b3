"""`toulmin check --cross-check N` (issue 11): samples confirm proofs, and a planted
disagreement is reported as an internal error with the (shrunk) point."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from toulmin.check import check_file
from toulmin.cli import main
from toulmin.crosscheck import cross_check

ROOT = Path(__file__).resolve().parents[2]
FILE = "given a = 1 to 2\ngiven b = 3 to 4\nclaim c: a*b - a <= 6.5\nclaim d: a*b <= 7\nclaim f: a*b - a > 9\n"


@pytest.fixture
def arg(tmp_path: Path) -> Path:
    p = tmp_path / "arg.claim"
    p.write_text(FILE)
    return p


def test_the_corpus_agrees_with_its_samples() -> None:
    results = [check_file(p, display=str(p)) for p in sorted((ROOT / "claims").glob("*.claim"))]
    assert cross_check(results, 30, seed=1) == []


def _plant(result, claim_id: str, verdict: str):
    result.claims = [
        dataclasses.replace(c, verdict=verdict) if c.id == claim_id else c for c in result.claims
    ]
    return result


def test_a_wrong_holds_is_caught_with_a_shrunk_point(arg: Path) -> None:
    r = _plant(check_file(arg, display=str(arg)), "d", "holds")  # truly: depends
    (d,) = cross_check([r], 50, seed=2)
    assert (d.claim, d.verdict) == ("d", "holds")
    assert d.point["a"] * d.point["b"] > 7  # a real counterexample
    assert "was proved `holds` but is false at a = " in str(d)


def test_a_wrong_fails_is_caught(arg: Path) -> None:
    r = _plant(check_file(arg, display=str(arg)), "c", "fails")  # truly: holds everywhere
    (d,) = cross_check([r], 20)
    assert d.claim == "c" and "but is true at" in str(d)


def test_a_wrong_depends_is_caught(arg: Path) -> None:
    r = check_file(arg, display=str(arg))
    d_claim = next(c for c in r.claims if c.id == "d")
    swapped = dataclasses.replace(
        d_claim, counterexample=d_claim.witness, witness=d_claim.counterexample
    )
    r.claims = [swapped if c.id == "d" else c for c in r.claims]
    (d,) = cross_check([r], 10)
    assert d.claim == "d"


def test_cli_exit_status(arg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    runner = CliRunner()
    ok = runner.invoke(main, ["check", str(arg), "--cross-check", "25", "--format", "json"])
    assert ok.exit_code == 1  # d depends, f fails: the verdicts' own status
    assert ok.output.lstrip().startswith("{")  # Hypothesis printed nothing into the JSON
    import toulmin.crosscheck as cc

    real = cc.cross_check

    def planted(results, n, seed=None):
        return real([_plant(r, "d", "holds") for r in results], n, seed=seed)

    monkeypatch.setattr(cc, "cross_check", planted)
    bad = runner.invoke(main, ["check", str(arg), "--cross-check", "25"])
    assert bad.exit_code == 3
    assert "internal error: cross-check:" in bad.output
    assert "claim `d` was proved `holds` but is false at a = " in bad.output
