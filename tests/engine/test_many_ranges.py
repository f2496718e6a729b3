"""Past `MAX_SEARCH_RANGES` ranges (prove.py) bounds are one sound enclosure and a
`depends` keeps its points as found: still sound, and the points still re-check."""

from __future__ import annotations

from toulmin.check import Options, check_text
from toulmin.engine.prove import MAX_SEARCH_RANGES

N = MAX_SEARCH_RANGES + 6


def chain() -> str:
    lines = ["given x0 = 1 to 2"]
    for i in range(1, N):
        lines += [f"given m{i} = 0.9 to 1.1", f"given e{i} = -0.02 to 0.02"]
        lines.append(f"let x{i} = x{i - 1} * m{i} + e{i}")
    lines.append(f"claim end: x{N - 1} > 1.5")
    return "\n".join(lines) + "\n"


def value_at(point: dict[str, float]) -> float:
    x = point["x0"]
    for i in range(1, N):
        x = x * point[f"m{i}"] + point[f"e{i}"]
    return x


def test_a_long_chain_depends_with_points_that_recheck_and_sound_bounds() -> None:
    r = check_text(chain(), "c.claim", options=Options(samples=20_000))
    (c,) = r.claims
    assert c.verdict == "depends"
    assert c.counterexample is not None and c.witness is not None
    cex = {k: q.value for k, q in c.counterexample.items()}
    wit = {k: q.value for k, q in c.witness.items()}
    assert value_at(cex) <= 1.5 < value_at(wit)  # type: ignore[arg-type]
    # the enclosure contains the attained extremes (all ends low / all ends high)
    lo = value_at({k: (1.0 if k == "x0" else 0.9 if k[0] == "m" else -0.02) for k in cex})
    hi = value_at({k: (2.0 if k == "x0" else 1.1 if k[0] == "m" else 0.02) for k in cex})
    assert c.lhs is not None and c.lhs.low <= lo and c.lhs.high >= hi  # type: ignore[operator]
    assert c.probability is not None and 0 < c.probability.estimate < 1
