"""Property (issue 9): a tie never decides a verdict. Writing the same decimal two ways
(`0.3`, `0.1 + 0.2`, `3e-1`, `30 %`, `3 / 10`) gives the same verdict for every operator
and tolerance, because values within a tie are equal (spec v2 §5)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from toulmin.check import check_text

OPS = ["=", "<=", ">=", "<", ">", "!=", "≈"]


def spellings(d: Decimal) -> list[str]:
    """Several ways to write the same decimal d (0 < d < 1000, at most 3 decimals)."""
    plain = f"{d:f}"
    out = [plain, f"{d:e}".replace("E", "e"), f"{d * 100:f} %"]
    # a sum of two decimals, split where binary rounding bites (0.1 + 0.2)
    part = (d / 3).quantize(Decimal("0.001"))
    rest = d - part
    out.append(f"{part:f} + {rest:f}")
    out.append(f"{d * 10:f} / 10")
    return out


decimals = st.integers(1, 999_999).map(lambda n: Decimal(n) / 1000)


@settings(max_examples=60, deadline=None)
@given(decimals, st.sampled_from(OPS), st.sampled_from(["", " within 1 %", " within 0.001"]))
def test_writing_the_same_decimal_two_ways_never_changes_a_verdict(
    d: Decimal, op: str, within: str
) -> None:
    if within and op not in ("≈", "<=", ">=", "<", ">"):
        within = ""
    forms = spellings(d)
    lines = []
    for i, a in enumerate(forms):
        for j, b in enumerate(forms):
            lines.append(f"claim c{i}_{j}: {a} {op} {b}{within}")
    res = check_text("\n".join(lines) + "\n", file="t.claim")
    assert not [x for x in res.diagnostics if x.is_error], res.diagnostics
    got = {c.id: c.verdict for c in res.claims}
    # the same value on both sides: a tie, so the verdict is the operator's at equality
    expect = "holds" if op in ("=", "<=", ">=", "≈") or within else "fails"
    assert set(got.values()) == {expect}, (d, op, within, got)


@settings(max_examples=40, deadline=None)
@given(decimals, decimals, st.sampled_from(OPS))
def test_a_verdict_depends_on_the_decimals_not_on_how_they_are_written(
    a: Decimal, b: Decimal, op: str
) -> None:
    """Across two different decimals, every spelling pair agrees with exact decimal
    arithmetic (which has no binary rounding)."""
    truth = {
        "=": a == b,
        "<=": a <= b,
        ">=": a >= b,
        "<": a < b,
        ">": a > b,
        "!=": a != b,
        "≈": abs(a - b) <= Decimal("0.05") * abs(b),
    }[op]
    lines = [
        f"claim c{i}_{j}: {x} {op} {y}"
        for i, x in enumerate(spellings(a))
        for j, y in enumerate(spellings(b))
    ]
    res = check_text("\n".join(lines) + "\n", file="t.claim")
    got = {c.verdict for c in res.claims}
    assert got == {"holds" if truth else "fails"}, (a, b, op, got)
