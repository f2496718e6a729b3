"""A range named more than once in a claim side is simplified before the proof
(engine/simplify.py; issue 9, "An identity is left undecided")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write

from toulmin.check import check_file, check_text


def _claim(text: str):
    result = check_text(text)
    assert not result.has_errors, result.diagnostics
    return result.claims[0], result


@pytest.mark.parametrize(
    "left",
    [
        "(base*(1+g)*(1+g)/base)^(1/2) - 1",
        "sqrt(base*(1+g)*(1+g)/base) - 1",
        "(base*(1+g)^6/base)^(1/6) - 1",  # the form, with a constant exponent
    ],
)
def test_an_identity_holds_and_shows_its_true_range(left: str) -> None:
    c, result = _claim(
        f"given base = 1e25 to 1e26 FLOP\ngiven g = 10 % to 20 %\nclaim cagr: {left} <= 20 %\n"
    )
    assert c.verdict == "holds", c
    assert c.lhs.low == pytest.approx(0.10) and c.lhs.high == pytest.approx(0.20)
    # `base` cancels, but the author used it: it is not `unused`
    assert not [d for d in result.diagnostics if d.code == "unused"]


def test_the_simplified_side_is_still_decided_by_the_claim_rule() -> None:
    """Simplification changes the enclosure, not the meaning: a false identity fails."""
    c, _ = _claim(
        "given base = 1 to 2\ngiven g = 10 % to 20 %\n"
        "claim c: (base*(1+g)*(1+g)/base)^(1/2) - 1 > 25 %\n"
    )
    assert c.verdict == "fails"


def test_a_range_that_reaches_zero_is_not_simplified() -> None:
    """x/x is 1 only where x ≠ 0: over 0 to 1 the division stays, and is a `domain`
    error of the claim (spec v2 §5), never simplified away into a verdict."""
    result = check_text("given x = 0.5 to 1\ngiven y = 0 to 1\nclaim c: x + y*y/y <= 3\n")
    assert [d.code for d in result.diagnostics if d.is_error] == ["domain"]
    assert not result.claims


def test_ranges_without_repeats_do_not_import_sympy(tmp_path: Path) -> None:
    p = write(
        tmp_path, "r.claim", "given a = 1 to 2 GPU\ngiven b = 3 GPU\nclaim c: a + b > 1 GPU\n"
    )
    code = (
        "import sys\nfrom toulmin.check import check_file\n"
        f"r = check_file({str(p)!r})\nassert r.claims[0].verdict == 'holds'\n"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert check_file(p).claims[0].verdict == "holds"
