"""An `in` claim is shown in the unit written on its range (spec v2 §5 Display: the
author's unit is preferred), not re-prefixed by its largest end (`0.9 PWh/year to
1 PWh/year` for `in 900 to 1000 TWh/year`; found writing tests/unseen/)."""

from __future__ import annotations

import pytest

from toulmin.check import check_text
from toulmin.render.quantity import show


@pytest.mark.parametrize(
    ("rhs", "shown"),
    [
        ("900 to 1000 TWh/year", "900 TWh/year to 1000 TWh/year"),
        ("950 TWh/year ± 10 %", "855 TWh/year to 1045 TWh/year"),
    ],
)
def test_an_in_claim_keeps_the_unit_written_on_its_range(rhs: str, shown: str) -> None:
    res = check_text(
        f"given g = 900 to 1000\nlet y = g * 1 TWh/year\nclaim c: y in {rhs}\n", file="t.claim"
    )
    (c,) = res.claims
    assert c.verdict == "holds"
    assert c.rhs.unit == c.lhs.unit == "TWh/year"
    assert show(c.rhs) == shown
