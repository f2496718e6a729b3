"""`--format markdown` (render/markdown.py): one table per file, errors as a list."""

from __future__ import annotations

from toulmin.render.markdown import document


def test_markdown_table_of_claims(argument_result) -> None:
    md = document([argument_result])
    lines = md.splitlines()
    assert lines[0] == "### `t.claim` — Cluster cost by Ann"
    # a claim over a range has a P(holds): exactly 1 where the proof settles it
    assert "| claim | verdict | left | op | right | P(holds) | why |" in lines
    assert "| `cheap` | **holds** | 200K USD to 400K USD | < | 1M USD | 1 |  |" in lines
    assert "| `busy` | **open** | ? | >= | 50 % |  | holds when mfu ≥ 25 % |" in lines
    assert md.endswith("_1 file, 2 claims: 1 holds, 1 open_\n")


def test_markdown_of_an_invalid_file_lists_its_errors(invalid_result) -> None:
    md = document([invalid_result])
    assert "_no claims_" in md
    assert "- error[unknown-unit] b.claim:1: `FLOPS` is ambiguous" in md
    assert "| claim |" not in md
