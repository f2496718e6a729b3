"""Display round-trip (issue 9, "Must show"): every displayed quantity, re-parsed through
the language, equals the value within the shown precision.

A random value is written in a random unit, scaled by a random factor in a `let` (so the
tool chooses the display unit: cancelled, re-prefixed or kept), rendered by the text
renderer, and the shown text is written back into the same file as a claim
`SHOWN ≈ name within P %`, P being half a unit in the last shown digit. The claim must
hold; a failing claim's sides (printed with extra digits) must hold the same way.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from toulmin.check import check_text
from toulmin.engine.results import Quantity
from toulmin.render.text import show

UNITS = [
    "", "x", "%", "ppm", "FLOP", "TFLOP/s", "GPU*h", "USD/GPU/h", "USD", "Wh", "kWh", "MWh",
    "TWh/year", "W", "GW/MW", "GHz*ns", "cm", "mL", "L", "gal", "dam", "token/s", "B", "GB/s",
    "Kib", "day", "year", "common_year", "m^2", "kg/m^3", "h", "ms", "1/s",
]  # fmt: skip

mantissas = st.integers(min_value=1, max_value=999_999)
exponents = st.integers(min_value=-12, max_value=30)
factors = st.sampled_from(["1", "1000", "0.001", "1e6", "1e-6", "3.7", "1e12", "0.25"])


def _tolerance(q: Quantity, shown: str) -> float:
    """Half a unit in the last shown significant digit, as a percentage (with slack for
    the claim's own binary rounding)."""
    return 100 * 0.5 * 10.0 ** (1 - q.digits) * 1.000001


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    mantissa=mantissas,
    exponent=exponents,
    unit=st.sampled_from(UNITS),
    factor=factors,
    negative=st.booleans(),
)
def test_a_displayed_value_reads_back_as_itself(
    mantissa: int, exponent: int, unit: str, factor: str, negative: bool
) -> None:
    sign = "-" if negative else ""
    written = f"{sign}{mantissa}e{exponent}" + (f" {unit}" if unit else "")
    base = f"given a = {written}\nlet b = a * {factor}\nclaim keep: b = b\n"
    first = check_text(base, "t.claim")
    assert not [d for d in first.diagnostics if d.is_error], first.diagnostics
    for name in ("a", "b"):
        q = first.values[name]
        shown = show(q)
        note(f"{name} = {q.value!r} SI shown as {shown!r}")
        # the shown text must itself be a quantity of the language
        tol = _tolerance(q, shown)
        again = check_text(base + f"claim rt: {shown} ≈ {name} within {tol!r} %\n", "t.claim")
        errors = [d for d in again.diagnostics if d.is_error]
        assert not errors, f"{shown!r} does not read back: {errors[0].message}"
        rt = next(c for c in again.claims if c.id == "rt")
        assert rt.verdict == "holds", (shown, q.value, rt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mantissa=mantissas,
    exponent=st.integers(min_value=-6, max_value=20),
    unit=st.sampled_from(["", "day", "cm", "FLOP", "%", "GPU*h"]),
    nudge=st.integers(min_value=1, max_value=10**6),
)
def test_failing_sides_read_back_apart(mantissa: int, exponent: int, unit: str, nudge: int) -> None:
    """Two values that differ (not tied) print differently, and each shown side reads back
    as its value within the shown precision."""
    a = mantissa * 10.0**exponent
    b = a * (1 + nudge * 1e-8)  # 1e-8 to 1e-2 apart: never a tie (1e-9)
    u = f" {unit}" if unit else ""
    text = f"claim c: {a!r}{u} = {b!r}{u}\n"
    r = check_text(text, "t.claim")
    c = r.claims[0]
    assert c.verdict == "fails"
    left, right = show(c.lhs), show(c.rhs)
    assert left != right
    for shown, q, written in ((left, c.lhs, a), (right, c.rhs, b)):
        tol = _tolerance(q, shown)
        back = check_text(f"claim rt: {shown} ≈ {written!r}{u} within {tol!r} %\n", "t.claim")
        assert not [d for d in back.diagnostics if d.is_error], (shown, back.diagnostics)
        assert back.claims[0].verdict == "holds", (shown, written)
