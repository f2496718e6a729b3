"""(v2) `toulmin check --samples N --seed S [--percentiles]`: P(holds) in the text table,
the spec's `probability`, `qualifier`, `mean` and `percentiles` in JSON, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli, write

SRC = """
given mfu = 15 % to 25 %
given gpus ~ 80k to 120k GPU
let share = mfu * gpus
claim half: mfu >= 20 %
claim big: share >= 15k GPU, likely
claim fixed: mfu < 30 %
"""


def run_json(path: Path, *extra: str) -> dict:
    proc = cli("check", str(path), "--format", "json", *extra)
    assert proc.returncode == 1, proc.stderr  # `half` depends
    return json.loads(proc.stdout)


def test_json_has_probability_qualifier_and_percentiles(tmp_path: Path) -> None:
    f = write(tmp_path, "p.claim", SRC)
    doc = run_json(f, "--samples", "5000", "--seed", "3")
    claims = {c["id"]: c for c in doc["results"][0]["claims"]}
    p = claims["half"]["probability"]
    assert set(p) >= {"estimate", "low", "high", "samples", "seed", "ranges_as_uniform"}
    assert (p["samples"], p["seed"], p["ranges_as_uniform"]) == (5000, 3, ["mfu"])
    assert p["low"] <= 0.5 <= p["high"]
    assert claims["half"]["qualifier"] is None
    assert claims["big"]["qualifier"] == {"text": "likely", "low": 0.66, "high": 1.0}
    assert claims["fixed"]["probability"]["estimate"] == 1  # the proof settles it
    assert claims["fixed"]["probability"]["samples"] == 0
    share = doc["results"][0]["values"]["share"]
    assert share["unit"] and set(share["percentiles"]) == {"5", "50", "95"}
    lo, mid, hi = (share["percentiles"][k] for k in ("5", "50", "95"))
    assert share["low"] <= lo < mid < hi <= share["high"] * 1.2
    assert "percentiles" not in doc["results"][0]["values"]["mfu"]  # a plain range


def test_the_same_seed_gives_the_same_document_and_samples_are_honoured(tmp_path: Path) -> None:
    f = write(tmp_path, "p.claim", SRC)
    a = run_json(f, "--samples", "2000", "--seed", "9")
    b = run_json(f, "--samples", "2000", "--seed", "9")
    c = run_json(f, "--samples", "2000", "--seed", "10")
    assert a == b
    half = [d["results"][0]["claims"][0]["probability"] for d in (a, c)]
    assert half[0]["estimate"] != half[1]["estimate"]


def test_text_table_has_a_p_column_and_the_qualifier(tmp_path: Path) -> None:
    f = write(tmp_path, "p.claim", SRC)
    proc = cli("check", str(f), "--samples", "4000", no_color=True)
    assert proc.returncode == 1, proc.stderr
    head = next(line for line in proc.stdout.splitlines() if line.startswith("claim"))
    assert "P(holds)" in head
    half = next(line for line in proc.stdout.splitlines() if line.startswith("half"))
    assert " ± " in half  # `0.5 ± 0.02`
    assert any(line.startswith("big, likely") for line in proc.stdout.splitlines())
    assert "mean" not in proc.stdout  # percentiles only when asked
    asked = cli("check", str(f), "--samples", "4000", "--percentiles", no_color=True)
    row = next(line for line in asked.stdout.splitlines() if line.startswith("share"))
    assert row.count("GPU") == 4  # mean, 5 %, 50 %, 95 % in the display unit


def test_a_file_of_points_has_no_p_column(tmp_path: Path) -> None:
    f = write(tmp_path, "p.claim", "given a = 2\nclaim c: a > 1\n")
    proc = cli("check", str(f), no_color=True)
    assert proc.returncode == 0 and "P(holds)" not in proc.stdout


def test_a_negative_seed_is_a_usage_error(tmp_path: Path) -> None:
    f = write(tmp_path, "p.claim", SRC)
    assert cli("check", str(f), "--seed", "-1").returncode == 2
    assert cli("check", str(f), "--samples", "0").returncode == 2
