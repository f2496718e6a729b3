"""The fuzzer's oracles: what every run must satisfy, and what every verdict must agree with.

`run_checks` looks at one command's `Run` (exit status, time, stderr, JSON
shape, diagnostic lines) and returns `Finding`s. `soundness` compares the
verdicts of a generated program with the independent evaluator of
`model.py` at sampled points of the givens' ranges.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from fuzz.model import Claim, EvalError, Number, Program, env_at, evaluate, truth
from fuzz.runner import ESCAPED, Run

VERDICTS = {"holds", "fails", "depends", "open", "undecided"}
#: v2: a qualified claim decided on P(holds) says `sampling`, or `closed form` when P is exact
PROOFS = {"exact", "interval", "search", "sampling", "closed form"}
CODES = {
    "syntax",
    "unknown-name",
    "unknown-unit",
    "dimension",
    "redefined",
    "import",
    "domain",
    "limit",
    "unused",
    "unsourced",
}


@dataclass
class Finding:
    """Something wrong with one input: a category (the folder) and a signature (what exactly)."""

    category: str  # internal-error, timeout, crash, no-line, bad-json, exit-status, unsound
    signature: str  # e.g. "ZeroDivisionError", "holds-but-false"
    detail: str
    command: list[str]


# --------------------------------------------------------------------------- every run


def run_checks(run: Run, budget_s: float, json_expected: bool) -> list[Finding]:
    """Checks that hold for every command on every input."""
    out: list[Finding] = []
    cmd = run.args
    if run.timed_out:
        return [Finding("timeout", cmd[0], f"ran past {budget_s:.0f} s", cmd)]
    if run.signal is not None:
        return [Finding("crash", f"signal-{run.signal}", "killed by a signal (memory cap?)", cmd)]
    err = run.stderr.decode("utf-8", "replace")
    if run.status == 3 or "internal error" in err:
        m = re.search(r"internal error: (\w+)", err)
        return [Finding("internal-error", m.group(1) if m else "unknown", err[-2000:], cmd)]
    if run.status == ESCAPED or "Traceback (most recent call last)" in err:
        m = re.findall(r"^(\w+(?:Error|Exception)\w*)", err, re.M)
        return [Finding("internal-error", m[-1] if m else "traceback", err[-2000:], cmd)]
    if run.status not in (0, 1, 2):
        out.append(Finding("exit-status", f"status-{run.status}", err[-1000:], cmd))
    if json_expected:
        out += json_checks(run)
    elif b"error[" in run.stdout + run.stderr:
        text = (run.stdout + run.stderr).decode("utf-8", "replace")
        # every rendered diagnostic has a location line under it
        blocks = re.split(r"(?m)^(?=(?:error|warning)\[)", text)
        for b in blocks[1:]:
            head = b.splitlines()[0]
            if "\n --> " not in b and not head.startswith("error[import]: cannot read"):
                out.append(Finding("no-line", _code(head), head[:300], cmd))
                break
    return out


def _code(head: str) -> str:
    m = re.match(r"(?:error|warning)\[([\w-]+)\]", head)
    return m.group(1) if m else "?"


def json_checks(run: Run) -> list[Finding]:
    """`--format json` printed exactly one JSON document of the spec §7 shape."""
    cmd = run.args
    try:
        doc = json.loads(run.stdout.decode("utf-8"), parse_constant=_not_json)
    except (UnicodeDecodeError, ValueError) as exc:
        sig = f"not-json-{cmd[0]}-exit-{run.status}"
        return [Finding("bad-json", sig, f"{exc}: {run.stdout[:300]!r}", cmd)]
    if cmd[0] != "check":
        return []  # explain/solve/compare JSON: valid JSON is what is checked
    problems = check_document(doc)
    if problems:
        return [Finding("bad-json", problems[0].split(":")[0], "; ".join(problems[:5]), cmd)]
    out = []
    for r in doc["results"]:
        for d in r["diagnostics"]:
            if not isinstance(d.get("line"), int) or d["line"] < 1:
                out.append(Finding("no-line", d.get("code", "?"), d.get("message", ""), cmd))
                break
    status = run.status
    has_err = any(d["severity"] == "error" for r in doc["results"] for d in r["diagnostics"])
    has_err = has_err or bool(doc.get("errors"))
    all_hold = all(c["verdict"] == "holds" for r in doc["results"] for c in r["claims"])
    expected = 2 if has_err else 0 if all_hold else 1
    if status != expected:
        out.append(Finding("exit-status", f"{status}-not-{expected}", "", cmd))
    if doc["ok"] != (expected == 0):
        out.append(Finding("bad-json", "ok-flag", f"ok={doc['ok']} but exit {status}", cmd))
    return out


def _not_json(name: str) -> Any:
    """Python's json reads NaN and Infinity; JSON has no such numbers."""
    raise ValueError(f"{name} is not JSON")


def _is_num(x: Any) -> bool:
    return x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))


def check_quantity(q: Any, where: str) -> list[str]:
    if q is None:
        return []
    if not isinstance(q, dict):
        return [f"quantity: {where} is not an object"]
    bad = [f"quantity: {where}.{k}" for k in ("value", "low", "high") if not _is_num(q.get(k))]
    if not isinstance(q.get("unit"), str):
        bad.append(f"quantity: {where}.unit")
    si = q.get("si")
    if not isinstance(si, dict) or not isinstance(si.get("unit"), str):
        bad.append(f"quantity: {where}.si")
    else:
        bad += [
            f"quantity: {where}.si.{k}" for k in ("value", "low", "high") if not _is_num(si.get(k))
        ]
    return bad


def check_document(doc: Any) -> list[str]:
    """Where `doc` departs from the shape of spec §7 (empty when it does not)."""
    if not isinstance(doc, dict):
        return ["top: not an object"]
    bad = []
    if doc.get("toulmin") != "1":
        bad.append("top: toulmin")
    if not isinstance(doc.get("ok"), bool):
        bad.append("top: ok")
    results = doc.get("results")
    if not isinstance(results, list):
        return [*bad, "top: results"]
    for r in results:
        if not isinstance(r, dict):
            bad.append("result: not an object")
            continue
        if not isinstance(r.get("file"), str) or not isinstance(r.get("ok"), bool):
            bad.append("result: file/ok")
        for c in r.get("claims", None) or []:
            bad += _check_claim(c)
        if not isinstance(r.get("claims"), list):
            bad.append("result: claims")
        values = r.get("values")
        if not isinstance(values, dict):
            bad.append("result: values")
        else:
            for k, v in values.items():
                bad += check_quantity(v, f"values.{k}")
        diags = r.get("diagnostics")
        if not isinstance(diags, list):
            bad.append("result: diagnostics")
            continue
        for d in diags:
            if d.get("severity") not in ("error", "warning"):
                bad.append("diagnostic: severity")
            if d.get("code") not in CODES:
                bad.append(f"diagnostic: code {d.get('code')}")
            if not isinstance(d.get("message"), str) or not isinstance(d.get("file"), str):
                bad.append("diagnostic: message/file")
            for k in ("line", "column", "end_line", "end_column"):
                if not (isinstance(d.get(k), int) and d[k] >= 1):
                    bad.append(f"diagnostic: {k}")
    return bad


def _check_claim(c: Any) -> list[str]:
    if not isinstance(c, dict):
        return ["claim: not an object"]
    bad = []
    if not isinstance(c.get("id"), str) or c.get("kind") not in ("claim", "consistency"):
        bad.append("claim: id/kind")
    if not (isinstance(c.get("line"), int) and c["line"] >= 1):
        bad.append("claim: line")
    if c.get("verdict") not in VERDICTS or c.get("proof") not in PROOFS:
        bad.append(f"claim: verdict/proof {c.get('verdict')}/{c.get('proof')}")
    bad += check_quantity(c.get("lhs"), "lhs") + check_quantity(c.get("rhs"), "rhs")
    for k in ("counterexample", "witness"):
        v = c.get(k)
        if v is not None:
            if not isinstance(v, dict):
                bad.append(f"claim: {k}")
            else:
                for n, q in v.items():
                    bad += check_quantity(q, f"{k}.{n}")
    if c.get("condition") is not None and not isinstance(c["condition"], str):
        bad.append("claim: condition")
    if not isinstance(c.get("sources"), list):
        bad.append("claim: sources")
    for k in ("text", "tolerance"):
        if k not in c:
            bad.append(f"claim: {k} missing")
    bad += _check_v2(c)
    scenarios = c.get("scenarios")
    if scenarios is not None and not isinstance(scenarios, dict):
        bad.append("claim: scenarios")
    for name, sr in (scenarios or {}).items() if isinstance(scenarios, dict) else ():
        # a full claim result without id, kind, line, text (spec §7)
        if not isinstance(sr, dict) or sr.get("verdict") not in VERDICTS:
            bad.append(f"claim: scenarios.{name}")
            continue
        if sr.get("proof") not in PROOFS:
            bad.append(f"claim: scenarios.{name}.proof {sr.get('proof')}")
        bad += check_quantity(sr.get("lhs"), f"scenarios.{name}.lhs")
        bad += check_quantity(sr.get("rhs"), f"scenarios.{name}.rhs")
        bad += _check_v2(sr)
    return bad


def _check_v2(c: dict[str, Any]) -> list[str]:
    """The v2 fields of a claim result: `qualifier` and `probability` (spec §7)."""
    bad = []
    q = c.get("qualifier")
    if q is not None and (
        not isinstance(q, dict)
        or not isinstance(q.get("text"), str)
        or not _is_num(q.get("low"))
        or not _is_num(q.get("high"))
    ):
        bad.append("claim: qualifier")
    pr = c.get("probability")
    if pr is not None:
        if not isinstance(pr, dict) or not all(
            _is_num(pr.get(k)) for k in ("estimate", "low", "high")
        ):
            bad.append("claim: probability")
        elif not isinstance(pr.get("samples"), int) or not isinstance(pr.get("seed"), int):
            bad.append("claim: probability samples/seed")
        elif not isinstance(pr.get("ranges_as_uniform"), list):
            bad.append("claim: probability ranges_as_uniform")
    return bad


# --------------------------------------------------------------------------- soundness


def _refs(e: Any) -> set[str]:
    if not isinstance(e, tuple):
        return set()
    if e and e[0] == "name":
        return {e[1]}
    out: set[str] = set()
    for x in e[1:]:
        if isinstance(x, tuple):
            if (
                x
                and isinstance(x[0], str)
                and x[0] in ("num", "name", "bin", "neg", "pow", "powx", "call", "rule")
            ):
                out |= _refs(x)
            else:
                for y in x:
                    out |= _refs(y)
    return out


def sample_points(p: Program, rng: random.Random, n: int = 24) -> list[dict[str, Number]]:
    """Points of the givens' box: the corners (up to 64), the centre and random points."""
    ranged: list[tuple[str, Fraction, Fraction]] = []
    fixed: dict[str, Number] = {}
    for g in p.givens.values():
        if g.unknown or (g.uncertain and not g.proof_range):
            continue
        lo = (
            g.low
            if g.low is not None
            else (g.high - abs(g.high) * 9 - 1 if g.high is not None else None)
        )
        hi = (
            g.high
            if g.high is not None
            else (g.low + abs(g.low) * 9 + 1 if g.low is not None else None)
        )
        if lo is None or hi is None:
            continue
        if lo == hi:
            fixed[g.name] = lo
        else:
            ranged.append((g.name, lo, hi))
    points: list[dict[str, Number]] = []
    if len(ranged) <= 6:
        for mask in range(1 << len(ranged)):
            pt = dict(fixed)
            for i, (n_, lo, hi) in enumerate(ranged):
                pt[n_] = hi if mask >> i & 1 else lo
            points.append(pt)
    points.append({**fixed, **{n_: (lo + hi) / 2 for n_, lo, hi in ranged}})
    for _ in range(n):
        pt = dict(fixed)
        for n_, lo, hi in ranged:
            pt[n_] = lo + (hi - lo) * Fraction(rng.randrange(1001), 1000)
        points.append(pt)
    return points


def claim_truths(p: Program, c: Claim, points: list[dict[str, Number]]) -> list[bool]:
    """The claim's truth at every point where it is defined and not a tie."""
    out: list[bool] = []
    solved = [n for n in _refs(c.lhs) | _refs(c.rhs) if n in p.solved]
    for pt in points:
        envs = []
        if solved:
            for v in p.solved[solved[0]]:
                envs.append({**pt, solved[0]: v})
        else:
            envs.append(pt)
        for e in envs:
            env = env_at(p, e)
            if env is None:
                continue
            t = truth(c, env, p.rules)
            if t is not None:
                out.append(t)
    return out


def soundness(p: Program, doc: dict[str, Any], rng: random.Random) -> list[tuple[str, str, str]]:
    """(signature, claim id, detail) for every verdict the evaluator contradicts.

    Scenario results (v2) are judged too, against the program under the scenario's
    values; their signatures start with `scenario:`."""
    if not doc.get("results"):
        return []
    result = doc["results"][0]
    if any(d["severity"] == "error" for d in result["diagnostics"]):
        return []
    points = sample_points(p, rng)
    bad: list[tuple[str, str, str]] = []
    for cr in result["claims"]:
        c = p.claims.get(cr["id"])
        if c is None or cr["kind"] != "claim" or not c.judged:
            continue
        bad += _judge(p, c, cr, points)
        for name, sr in (cr.get("scenarios") or {}).items():
            if name in p.scenarios and isinstance(sr, dict):
                q = p.under(p.scenarios[name])
                found = _judge(q, c, sr, sample_points(q, rng))
                bad += [(f"scenario:{s}", cid, f"{name}: {d}") for s, cid, d in found]
    return bad


def _judge(
    p: Program, c: Claim, cr: dict[str, Any], points: list[dict[str, Number]]
) -> list[tuple[str, str, str]]:
    """What is wrong with one claim result (base or scenario) at the sampled points."""
    refs = _refs(c.lhs) | _refs(c.rhs)
    if any(p.givens.get(n) and p.givens[n].uncertain and not p.givens[n].proof_range for n in refs):
        return []
    verdict = cr.get("verdict")
    truths = claim_truths(p, c, points)
    # A name back-solved from an equation with several solutions is a known class of
    # its own (issue 8); keep it apart so it does not hide other unsound verdicts.
    kind = "several-solutions:" if any(len(p.solved.get(n, ())) > 1 for n in refs) else ""
    bad: list[tuple[str, str, str]] = []
    if verdict == "holds" and False in truths:
        n = f"({truths.count(False)} of {len(truths)})"
        bad.append((kind + "holds-but-false", c.id, f"false at a sampled point {n}"))
    elif verdict == "fails" and True in truths:
        n = f"({truths.count(True)} of {len(truths)})"
        bad.append((kind + "fails-but-true", c.id, f"true at a sampled point {n}"))
    elif verdict == "depends":
        for key, want in (("counterexample", False), ("witness", True)):
            got = _at_reported(p, c, cr.get(key))
            if got is not None and got != want:
                bad.append((f"bad-{key}", c.id, f"the {key} makes the claim {got}"))
    return bad


def _at_reported(p: Program, c: Claim, point: dict[str, Any] | None) -> bool | None:
    """The claim's truth at the engine's counterexample or witness (None: cannot tell)."""
    if not point:
        return None
    pt: dict[str, Number] = {}
    for g in p.givens.values():
        if g.name in point:
            q = point[g.name]
            v = q.get("si", {}).get("value") if isinstance(q, dict) else None
            if v is None:
                return None
            # The decimal the engine printed, not its binary neighbour: numbers are decimals.
            pt[g.name] = Fraction(repr(float(v)))
        elif g.low is not None and g.low == g.high:
            pt[g.name] = g.low
        elif g.uncertain and not g.proof_range:
            continue  # left out: whatever depends on it has no value here, so no judgement
        elif not g.unknown and (_refs(c.lhs) | _refs(c.rhs)) & {g.name}:
            return None
    if any(n in p.solved for n in _refs(c.lhs) | _refs(c.rhs)):
        return None
    env = env_at(p, pt)
    if env is None:
        return None
    try:
        return truth(c, env, p.rules)
    except EvalError:
        return None


__all__ = ["Finding", "check_document", "evaluate", "json_checks", "run_checks", "soundness"]
