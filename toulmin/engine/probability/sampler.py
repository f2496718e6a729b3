"""Monte Carlo over a `Plan`: P(holds) of every uncertain claim from one joint draw,
qualified verdicts (sampling more while the interval straddles a band's edge),
percentiles of values, and rank-correlation sensitivity.

Reproducibility: each input draws from its own stream, seeded by (seed, batch, a hash
of its name). The same seed gives the same numbers, and adding an unrelated given never
changes the samples of the others. Inputs are drawn when first needed and every array
is freed after its last use, so memory follows the live set, not the file size (a
100-step chain at 100k samples holds a few arrays, not 200).

Why plain Monte Carlo and not scrambled Sobol (`benchmarks/probability.py --qmc`, 20
seeds at 16,384 points): Sobol cut the variance 82× on a 2-input toy but only 3.5× on
the benchmark's 199-input chain, while importing `scipy.stats.qmc` and `scipy.special`
costs 0.85 s of CPU on top of numpy, and scipy is 107 MB. The toys where QMC shines
are already cheap; where sampling is costly (many inputs) the gain is ~3.5× samples,
about what the import costs; and Wilson intervals assume independent draws, so QMC
would need replicated scrambles for an honest interval. Qualified claims that need
precision get it from doubling instead.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from toulmin.engine import ir
from toulmin.engine.probability.closed_form import closed_form_probability
from toulmin.engine.probability.distributions import Point, percentiles
from toulmin.engine.probability.estimate import Estimate, Summary, wilson
from toulmin.engine.probability.plan import Plan
from toulmin.engine.probability.qualifiers import Qualifier
from toulmin.options import DEFAULT_SAMPLES, DEFAULT_SEED

#: at most this many times the base sample count for a qualified claim
MAX_GROWTH = 64
#: how often a qualified claim's interval is looked at: the first draw, then each doubling
LOOKS = 1 + MAX_GROWTH.bit_length() - 1
#: the normal quantile for a two-sided 5 % / LOOKS error (Bonferroni): 2.69 for 7 looks
Z_DECIDE = 2.690


@dataclass
class Result:
    """Everything `run` found; claim ids and value names index it."""

    seed: int
    samples: int
    #: P(holds) of every claim that depends on a range or a distribution
    probabilities: dict[str, Estimate] = field(default_factory=dict)
    #: claims that depend on uncertainty but get no P, with the reason
    unavailable: dict[str, str] = field(default_factory=dict)
    #: qualified claims: the verdict (`holds`, `fails`, `undecided`) and the estimate
    qualified: dict[str, tuple[str, Estimate | None]] = field(default_factory=dict)
    #: mean and percentiles of values that depend on distributions
    values: dict[str, Summary] = field(default_factory=dict)


def _stream_key(name: str) -> int:
    # a stable 64-bit key: Python's hash() is salted per process
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def _rng(seed: int, batch: int, name: str) -> Any:
    import numpy as np

    ss = np.random.SeedSequence([seed, batch, _stream_key(name)])
    return np.random.Generator(np.random.PCG64(ss))


@dataclass
class _Outputs:
    holds: dict[str, int] = field(default_factory=dict)
    undefined: dict[str, int] = field(default_factory=dict)
    summaries: dict[str, Summary] = field(default_factory=dict)
    margins: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)


def _evaluate(
    plan: Plan,
    n: int,
    seed: int,
    batch: int,
    claims: Iterable[str] = (),
    values: Iterable[str] = (),
    margins: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> _Outputs:
    """One joint draw of `n` samples; evaluates what is asked and frees the rest."""
    import numpy as np

    claim_ids, value_set, margin_ids, keep_set = set(claims), set(values), set(margins), set(keep)
    wanted = claim_ids | margin_ids
    # what has to be computed: the claims' and values' closure over the steps
    nodes_of: dict[str, list[ir.Node]] = {}
    for cid in wanted:
        c = plan.claim_by_id[cid]
        nodes_of[cid] = [cond.node for cond in c.conditions]
        if cid in margin_ids:
            nodes_of[cid] += [c.lhs, c.rhs]
    need: set[str] = set()
    stack = [r for ns in nodes_of.values() for nd in ns for r in ir.refs(nd)]
    stack += [*value_set, *keep_set]
    while stack:
        r = stack.pop()
        if r in need:
            continue
        need.add(r)
        i = plan.step_index.get(r)
        if i is not None:
            stack.extend(ir.refs(plan.steps[i][1]))
    order = sorted(plan.step_index[r] for r in need if r in plan.step_index)
    # each claim runs right after its last dependency, so its inputs can be freed
    at: dict[int, list[str]] = {}
    for cid, ns in nodes_of.items():
        pos = max((plan.step_index.get(r, -1) for nd in ns for r in ir.refs(nd)), default=-1)
        at.setdefault(pos, []).append(cid)
    last_use: dict[str, int] = {}
    for i in order:
        for r in ir.refs(plan.steps[i][1]):
            last_use[r] = i
    for pos, cids in at.items():
        for cid in cids:
            for nd in nodes_of[cid]:
                for r in ir.refs(nd):
                    last_use[r] = max(last_use.get(r, -1), pos)
    out = _Outputs()
    env: dict[str, Any] = {}

    def ensure(node: ir.Node) -> None:
        for r in ir.refs(node):
            if r not in env and r in plan.inputs:
                env[r] = _draw(r)

    def _draw(name: str) -> Any:
        spec = plan.inputs[name]
        if isinstance(spec, Point):
            return spec.x  # a scalar broadcasts for free
        arr = spec.sample(_rng(seed, batch, name), n)
        if name in value_set and name not in out.summaries:
            out.summaries[name] = _summary(arr, np)
        return arr

    def free(upto: int) -> None:
        for r in [r for r in env if last_use.get(r, -2) <= upto and r not in keep_set]:
            del env[r]

    def run_claims(pos: int) -> None:
        for cid in at.get(pos, ()):
            c = plan.claim_by_id[cid]
            for nd in nodes_of[cid]:
                ensure(nd)
            if cid in claim_ids:
                ok = np.ones(n, dtype=bool)
                valid = np.ones(n, dtype=bool)
                for cond in c.conditions:
                    h = np.broadcast_to(np.asarray(ir.eval_array(cond.node, env, np), float), n)
                    valid &= np.isfinite(h)
                    ok &= (h < 0) if cond.strict else (h <= 0)
                if c.negate:
                    ok = ~ok
                ok &= valid
                out.holds[cid] = int(np.count_nonzero(ok))
                out.undefined[cid] = int(n - np.count_nonzero(valid))
            if cid in margin_ids:
                lhs = ir.eval_array(c.lhs, env, np)
                rhs = ir.eval_array(c.rhs, env, np)
                out.margins[cid] = np.broadcast_to(np.asarray(lhs - rhs, float), n)

    for name in sorted(value_set & plan.inputs.keys()):
        spec = plan.inputs[name]
        exact = percentiles(spec)
        if isinstance(spec, Point):
            continue  # no uncertainty: nothing to summarise
        if exact is not None:  # an input's own distribution: exact, and no draw needed
            out.summaries[name] = Summary(spec.mean(), *exact, n)
        elif name not in last_use and name not in keep_set:
            _draw(name)  # summarised on the way; nothing else needs it
    run_claims(-1)
    for i in order:
        name, expr = plan.steps[i]
        ensure(expr)
        env[name] = ir.eval_array(expr, env, np)
        if name in value_set and np.ndim(env[name]) > 0:
            out.summaries[name] = _summary(env[name], np)
        run_claims(i)
        free(i)
    for k in keep_set:
        if k not in env and k in plan.inputs:
            env[k] = _draw(k)
        if k in env:
            out.kept[k] = env[k]
    return out


def _summary(arr: Any, np: Any) -> Summary:
    finite = np.isfinite(arr)
    bad = int(arr.size - np.count_nonzero(finite))
    x = arr[finite] if bad else arr
    if x.size == 0:
        nan = float("nan")
        return Summary(nan, nan, nan, nan, 0, bad)
    p5, p50, p95 = quantiles(x, np)
    return Summary(float(x.mean()), p5, p50, p95, int(arr.size), bad)


_QS = (0.05, 0.5, 0.95)
_BRACKET_FROM = 20_000  # below this, partitioning the whole array is as cheap


def quantiles(x: Any, np: Any) -> tuple[float, float, float]:
    """The 5th, 50th and 95th percentiles, exactly as `np.percentile` (linear) computes them.

    `np.percentile` takes ~8 ms on 100k samples, and every value of a file gets
    percentiles (300 in the benchmark chain). So: a strided subsample brackets each
    quantile; one comparison pass counts what lies below the bracket, and only the few
    hundred samples inside it are partitioned. The order statistics are the same; if a
    bracket misses (possible, not likely), that quantile falls back to a full partition.
    """
    n = int(x.size)
    out = []
    sub = np.sort(x[:: max(1, n // 2_000)]) if n >= _BRACKET_FROM else None
    for q in _QS:
        p = q * (n - 1)
        k = int(p)
        frac = p - k
        ks = [k] if frac == 0 or k + 1 >= n else [k, k + 1]
        stats = _order_stats(x, ks, sub, q, np)
        if len(stats) == 1:
            out.append(stats[0])
            continue
        lo, hi = stats
        # numpy's own lerp, so the result is the same to the last bit
        out.append(hi - (hi - lo) * (1 - frac) if frac >= 0.5 else lo + (hi - lo) * frac)
    return out[0], out[1], out[2]


def _order_stats(x: Any, ks: list[int], sub: Any, q: float, np: Any) -> list[float]:
    """The order statistics `ks` (consecutive) of `x`, from a bracket when one is given."""
    if sub is not None:
        m = int(sub.size)
        # ± 6 standard errors of the subsample's rank, so a miss is a 1e-9 event
        d = int(6 * math.sqrt(m * q * (1 - q))) + 2
        j = int(q * (m - 1))
        a, b = sub[max(0, j - d)], sub[min(m - 1, j + d + 1)]
        below = int(np.count_nonzero(x < a))
        inside = x[(x >= a) & (x <= b)]
        if below <= ks[0] and ks[-1] < below + inside.size:
            y = np.partition(inside, [k - below for k in ks])
            return [float(y[k - below]) for k in ks]
    y = np.partition(x, ks)
    return [float(y[k]) for k in ks]


def run(
    plan: Plan,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    verdicts: Mapping[str, str] | None = None,
    qualifiers: Mapping[str, Qualifier] | None = None,
    values: Iterable[str] | None = None,
    budget_s: float = 2.0,
    closed_form: bool = True,
) -> Result:
    """P(holds) for every claim of the plan that depends on uncertainty.

    `verdicts` are the proofs' verdicts by claim id: a `holds`/`fails` settles P
    exactly (1 or 0) when every uncertain input of the claim is bounded (its proof
    range is its whole support). `qualifiers` by claim id get a qualified verdict.
    `values` names the values to summarise (default: every derived value and given
    that depends on a distribution, not only on plain ranges).
    """
    if samples <= 0 or seed < 0:
        raise ValueError("samples must be positive and the seed not negative")
    verdicts = verdicts or {}
    qualifiers = qualifiers or {}
    res = Result(seed, samples)
    to_sample: list[str] = []
    for c in plan.claims:
        roots = plan.claim_roots(c)
        uncertain = plan.uncertain(roots)
        one_sided = sorted(roots & plan.unavailable.keys())
        if not uncertain and not one_sided:
            continue  # a point claim: its verdict is its probability; no P reported
        if roots & plan.missing:
            res.unavailable[c.id] = "it depends on a name with no value"
            continue
        ranges = tuple(r for r in uncertain if r in plan.uniform_ranges)
        verdict = verdicts.get(c.id)
        if verdict in ("holds", "fails") and all(plan.inputs[r].bounded for r in uncertain):
            res.probabilities[c.id] = Estimate.exact(
                1.0 if verdict == "holds" else 0.0, seed, ranges
            )
            continue
        if one_sided:
            res.unavailable[c.id] = plan.unavailable[one_sided[0]]
            continue
        if closed_form:
            p = closed_form_probability(plan, c)
            if p is not None:
                res.probabilities[c.id] = Estimate.exact(p, seed, ranges, "closed form")
                continue
        to_sample.append(c.id)
    if values is None:
        dist = plan.distribution_names()
        names = [n for n, _ in plan.steps] + sorted(dist)
        values = [n for n in names if plan.roots.get(n, frozenset()) & dist]
    # a value that needs a name with no value or no distribution has no samples
    no_samples = plan.missing | plan.unavailable.keys()
    value_list = [v for v in values if not (plan.roots.get(v, frozenset([v])) & no_samples)]
    if to_sample or value_list:
        got = _evaluate(plan, samples, seed, 0, to_sample, value_list)
        for cid in to_sample:
            res.probabilities[cid] = _estimate(
                plan, cid, got.holds[cid], samples, seed, got.undefined[cid]
            )
        res.values = got.summaries
    _qualify(plan, res, qualifiers, verdicts, samples, seed, budget_s)
    return res


def _estimate(plan: Plan, cid: str, holds: int, n: int, seed: int, undefined: int = 0) -> Estimate:
    c = plan.claim_by_id[cid]
    ranges = tuple(r for r in plan.uncertain(plan.claim_roots(c)) if r in plan.uniform_ranges)
    return Estimate.from_counts(holds, n, seed, ranges, undefined)


def _qualify(
    plan: Plan,
    res: Result,
    qualifiers: Mapping[str, Qualifier],
    verdicts: Mapping[str, str],
    samples: int,
    seed: int,
    budget_s: float,
) -> None:
    """Decide qualified claims; sample more (doubling) while an interval straddles an edge."""
    start = time.monotonic()
    counts: dict[str, list[int]] = {}
    pending: list[str] = []
    for cid, q in qualifiers.items():
        est = res.probabilities.get(cid)
        if est is None:
            verdict = verdicts.get(cid)
            if cid not in res.unavailable and verdict in ("holds", "fails"):
                # a point claim: its proved verdict is P, exactly 0 or 1
                exact = Estimate.exact(1.0 if verdict == "holds" else 0.0, seed)
                res.qualified[cid] = (q.decide(exact) or "undecided", exact)
            else:
                res.qualified[cid] = ("undecided", None)
            continue
        got = q.decide(_for_decision(est))
        if got is not None:
            res.qualified[cid] = (got, est)
            continue
        counts[cid] = [round(est.estimate * est.samples), est.samples, est.undefined]
        pending.append(cid)
    batch = 1
    chunk_time = None
    while pending:
        # doubling: as many more chunks of `samples` as there are so far
        total = counts[pending[0]][1]
        if total >= samples * MAX_GROWTH:
            break
        chunks = total // samples
        predicted = (chunk_time or 0.0) * chunks
        if time.monotonic() - start + predicted > budget_s:
            break
        for _ in range(chunks):
            t0 = time.monotonic()
            more = _evaluate(plan, samples, seed, batch, pending)
            chunk_time = time.monotonic() - t0
            batch += 1
            for cid in pending:
                counts[cid][0] += more.holds[cid]
                counts[cid][1] += samples
                counts[cid][2] += more.undefined[cid]
        still = []
        for cid in pending:
            k, n, u = counts[cid]
            est = _estimate(plan, cid, k, n, seed, u)
            res.probabilities[cid] = est
            got_v = qualifiers[cid].decide(_for_decision(est))
            if got_v is None:
                still.append(cid)
            else:
                res.qualified[cid] = (got_v, est)
        pending = still
    for cid in pending:
        res.qualified[cid] = ("undecided", res.probabilities[cid])


def _for_decision(est: Estimate) -> Estimate:
    """The interval a qualified verdict is decided on: Wilson at Z_DECIDE, not 95 %.

    Doubling looks at the data up to LOOKS times; deciding each look at 95 % would
    let a wrong `holds` or `fails` through more often than 5 % (optional stopping).
    Bonferroni over the looks keeps the whole procedure's error at most 5 %. The
    reported interval stays the plain 95 % one.
    """
    if est.method != "sampling":
        return est
    lo, hi = wilson(round(est.estimate * est.samples), est.samples, Z_DECIDE)
    return Estimate(est.estimate, lo, hi, est.samples, est.seed, est.ranges_as_uniform)


def sensitivity(
    plan: Plan, claim_id: str, *, samples: int = 10_000, seed: int = DEFAULT_SEED
) -> list[tuple[str, float]]:
    """Spearman rank correlation of each uncertain input with the claim's margin
    (lhs − rhs), strongest first. 10k samples put the noise near ±0.01, enough to
    rank inputs; ranking 100k would cost an argsort per input for no visible gain."""
    import numpy as np

    c = plan.claim_by_id[claim_id]
    roots = plan.claim_roots(c)
    inputs = plan.uncertain(roots)
    if not inputs or roots & (plan.missing | plan.unavailable.keys()):
        return []  # nothing uncertain, or something that cannot be sampled
    got = _evaluate(plan, samples, seed, 0, margins=[claim_id], keep=inputs)
    margin = got.margins[claim_id]
    ok = np.isfinite(margin)
    m_rank = _ranks(margin[ok], np)
    out = []
    for name in inputs:
        x = np.broadcast_to(np.asarray(got.kept[name], float), margin.shape)[ok]
        out.append((name, _pearson(_ranks(x, np), m_rank, np)))
    out.sort(key=lambda t: -abs(t[1]))
    return out


def _ranks(x: Any, np: Any) -> Any:
    r = np.empty(x.size, dtype=float)
    r[np.argsort(x, kind="stable")] = np.arange(x.size, dtype=float)
    return r


def _pearson(a: Any, b: Any, np: Any) -> float:
    a = a - a.mean()
    b = b - b.mean()
    d = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / d) if d > 0 else 0.0
