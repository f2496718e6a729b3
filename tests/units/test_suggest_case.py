"""A case fix in a unit hint only raises letters (spec v2 §3: a did-you-mean never
changes the value): `kwh` → `kWh`, but `TH` (a terahash) is not `Th` (a terahour)."""

from __future__ import annotations

import pytest

from toulmin.units.registry import UnitError, lookup


def hint(name: str) -> str | None:
    with pytest.raises(UnitError) as err:
        lookup(name)
    return err.value.hint


def test_a_lowercase_typo_gets_its_case_fix() -> None:
    assert hint("kwh") == "did you mean `kWh`?"


@pytest.mark.parametrize("name", ["TH", "EH", "PH"])
def test_a_capital_is_never_lowered_into_another_unit(name: str) -> None:
    got = hint(name) or ""
    assert "did you mean" not in got
    assert "unit NAME" in got  # the way out: declare it
