"""(v2) The HTML report's model carries each claim's verdict under each scenario."""

from __future__ import annotations

from conftest import write

from toulmin.report.model import build_file


def test_the_report_has_a_scenario_column_per_scenario(tmp_path) -> None:
    p = write(
        tmp_path,
        "s.claim",
        """
        given gpus = 1000 GPU
        claim cheap: gpus * 2 USD/GPU/h * 100 h <= 500K USD
        scenario pess "Pessimistic"
            gpus = 3000 GPU
        """,
    )
    f = build_file(p, tmp_path, graphs=False)
    assert f.scenarios == ("pess",)
    (cheap,) = f.claims
    assert cheap.verdict == "holds"
    assert [(s.scenario, s.verdict) for s in cheap.scenarios] == [("pess", "fails")]
