"""The terminal report (render/text.py): claims table, diagnostics and the summary line."""

from __future__ import annotations

import io

from rich.console import Console

from toulmin.render.text import print_results, show, summary


def _printed(results) -> str:
    buf = io.StringIO()
    print_results(Console(file=buf, no_color=True, width=120), results)
    return buf.getvalue()


def test_report_has_a_titled_table_with_verdicts_and_reasons(argument_result) -> None:
    out = _printed([argument_result])
    lines = out.splitlines()
    assert lines[0] == "t.claim — Cluster cost by Ann"
    row = next(line for line in lines if line.startswith("cheap"))
    # the last cell is P(holds): exactly 1, since the proof settles it over the range
    assert row.split() == [
        "cheap", "holds", "200K", "USD", "to", "400K", "USD", "<", "1M", "USD", "1"
    ]  # fmt: skip
    row = next(line for line in lines if line.startswith("busy"))
    assert "open" in row and row.rstrip().endswith("holds when mfu ≥ 25 %")
    assert lines[-1] == "1 file, 2 claims: 1 holds, 1 open"


def test_report_of_an_invalid_file_is_its_diagnostics(invalid_result, argument_result) -> None:
    out = _printed([invalid_result, argument_result])
    assert "error[unknown-unit]: `FLOPS` is ambiguous" in out
    assert " --> b.claim:1:13" in out
    assert "1 | given a = 1 FLOPS\n  |             ^^^^^\n" in out
    assert "claim   verdict" in out  # the valid file still has its table
    assert out.splitlines()[-1] == "2 files, 2 claims: 1 holds, 1 open; 1 error"
    assert summary([invalid_result]) == "1 file, 0 claims; 1 error"


def test_show_quantities(argument_result) -> None:
    v = argument_result.values
    assert show(v["hours"]) == "100 h to 200 h"
    assert show(v["gpus"]) == "1000 GPU"
    assert show(v["mfu"]) == "?"
    assert show(None) == "?"
