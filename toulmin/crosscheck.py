"""`toulmin check --cross-check N`: double-entry bookkeeping for the prover.

After the proofs, every claim is evaluated at sampled points, and the samples must agree
with the verdict: a `holds` claim is true at every point of its ranges, a `fails` claim
false at every point, and a `depends` claim false at its counterexample and true at its
witness. Points are drawn by Hypothesis (N per claim, with the two all-low/all-high
corners as explicit examples), and a disagreeing point is shrunk before it is reported.
Points closer to the claim's boundary than float rounding can resolve are skipped: the
proof is about real numbers, a float evaluation there is a coin toss.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toulmin.testing import _engine as E


@dataclass(frozen=True)
class Disagreement:
    file: str
    claim: str
    verdict: str
    point: dict[str, float]  # SI
    shown: str  # the point in display units

    def __str__(self) -> str:
        truth = "true" if self.verdict == "fails" else "false"
        where = self.shown or "its values"
        return (
            f"{self.file}: claim `{self.claim}` was proved `{self.verdict}` "
            f"but is {truth} at {where}"
        )


def cross_check(results: list[Any], n: int, *, seed: int | None = None) -> list[Disagreement]:
    """Disagreements between the verdicts of `results` and N sampled points per claim."""
    out: list[Disagreement] = []
    for r in results:
        if r.has_errors or not r.claims:
            continue
        path = Path(r.file)
        loaded = E.load(path, root=path.parent, display=r.file)
        if loaded.errors:
            continue
        givens = {g.name: g for g in E.givens(loaded)}
        infos = {c.id: c for c in E.claims(loaded)}
        for c in r.claims:
            info = infos.get(c.id)
            if info is None or info.free:
                continue
            bad = _check_claim(loaded, c, info, givens, n, seed)
            if bad is not None:
                out.append(Disagreement(r.file, c.id, c.verdict, bad, _show(bad, givens)))
    return out


def _check_claim(
    loaded: E.Loaded,
    c: Any,
    info: E.ClaimInfo,
    givens: dict[str, E.GivenInfo],
    n: int,
    seed: int | None,
) -> dict[str, float] | None:
    if c.verdict == "depends":
        for pt, want in ((c.counterexample, False), (c.witness, True)):
            if pt:
                point = {k: q.value for k, q in pt.items() if q.value is not None}
                cp = E.claim_at(loaded, c.id, point)
                if cp.truth is not None and cp.closeness >= E.TIGHT and cp.truth != want:
                    return point
        return None
    if c.verdict not in ("holds", "fails"):
        return None  # open and undecided claims assert nothing a point could contradict
    expected = c.verdict == "holds"
    if not info.inputs:
        cp = E.claim_at(loaded, c.id, {})
        if cp.truth is not None and cp.closeness >= E.TIGHT and cp.truth != expected:
            return {}
        return None
    return _sample(loaded, c.id, info.inputs, givens, expected, n, seed)


def _sample(
    loaded: E.Loaded,
    claim_id: str,
    inputs: tuple[str, ...],
    givens: dict[str, E.GivenInfo],
    expected: bool,
    n: int,
    seed: int | None,
) -> dict[str, float] | None:
    import hypothesis
    from hypothesis import HealthCheck, Phase, example, given, settings
    from hypothesis import strategies as st
    from hypothesis.reporting import with_reporter

    bounds = {k: (givens[k].low, givens[k].high) for k in inputs}
    strategy = st.fixed_dictionaries(
        {
            k: st.floats(lo, hi, allow_nan=False, allow_infinity=False)
            for k, (lo, hi) in bounds.items()
        }
    )
    found: list[dict[str, float]] = []

    def prop(point: dict[str, float]) -> None:
        cp = E.claim_at(loaded, claim_id, point)
        if cp.truth is None or cp.closeness < E.TIGHT:
            return
        if cp.truth != expected:
            found.append(dict(point))
            raise AssertionError(claim_id)

    test = given(strategy)(prop)
    for corner in (0, 1):
        test = example({k: b[corner] for k, b in bounds.items()})(test)
    test = settings(
        max_examples=n,
        database=None,  # never write .hypothesis/ into the user's folder
        deadline=None,
        derandomize=seed is None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )(test)
    if seed is not None:
        test = hypothesis.seed(seed)(test)
    try:
        with with_reporter(lambda *_a: None):  # stdout may be a JSON or SARIF document
            test()
    except AssertionError:
        return found[-1] if found else None  # the last failing call is the shrunk one
    return None


def _show(point: dict[str, float], givens: dict[str, E.GivenInfo]) -> str:
    from toulmin.units.format import number

    parts = []
    for k, v in sorted(point.items()):
        g = givens.get(k)
        if g is None:
            parts.append(f"{k} = {v!r}")
            continue
        unit = "" if not g.unit else ("x" if g.unit == "x" else f" {g.unit}")
        parts.append(f"{k} = {number(v / g.scale, 10)}{unit} (SI {v!r})")
    return ", ".join(parts)
