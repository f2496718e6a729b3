"""Probability benchmark (issue 10): Toulmin's probability core against its peers. A script,
not a test.

    python benchmarks/probability.py            # 10k and 100k samples, 5 runs each
    python benchmarks/probability.py --quick    # 3 runs each
    python benchmarks/probability.py --qmc      # also: is scrambled Sobol worth scipy?

The model (the issue's): a 100-node chain `x_i = x_{i-1} * (0.9 to 1.1) + normal(0, 0.01)`
with `x_0 = 1 to 2`, and one claim `x_99 > 1.5`. `a to b` is a 90 % interval, lognormal
for positive ends, in every peer. Each row is a whole process (interpreter or Node start,
imports, sampling, the estimate), timed from outside; the table shows the best wall
time, the best CPU time (user + system: steadier on a shared machine) and the peak memory;
rows run round-robin, and the best of the runs is kept (load only ever adds time).

Peers:
  * squigglepy (PyPI) — `sq.to(0.9, 1.1)` and `sq.norm(mean=0, sd=0.01)` (its `sq.norm(a,
    b)` would be a 90 % interval, not a mean and sd);
  * Squiggle (npm `@quri/squiggle-lang`) — its CLI has no sample-count flag, so a small Node
    script calls `run(code, {environment: {sampleCount, xyPointLength, seed}})`;
  * a plain numpy loop — the floor.
Peers are installed into a temporary folder (`pip --target`, `npm --prefix`), never into
the project; `--peers DIR` reuses a folder from an earlier run.

Toulmin, two rows: "toulmin check" is the real command, end to end
(`python -m toulmin check benchmarks/probability_chain.claim --format json --samples N`:
parse, resolve, solve, prove the claim over the 90 % box, P(holds) from one joint draw,
percentiles of all 300 values, the JSON document); the targets are judged on it. "toulmin
core" drives `toulmin.engine.probability` directly on the same model, built as the lowered
program `check` hands it: what the sampling alone costs. Bytecode is cached in the temp
folder (as for an installed package), and the first of the interleaved runs warms it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHAIN = 100  # nodes x_0 .. x_99
CLAIM_FILE = ROOT / "benchmarks" / "probability_chain.claim"
TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)

NUMPY_FLOOR = """\
import sys, math
import numpy as np
n = int(sys.argv[1])
z = 1.6448536269514722
def ln(a, b):  # a 90 % interval as lognormal parameters
    return (math.log(a) + math.log(b)) / 2, (math.log(b) - math.log(a)) / (2 * z)
rng = np.random.default_rng(1)
m0, s0 = ln(1, 2)
m, s = ln(0.9, 1.1)
x = rng.lognormal(m0, s0, n)
for _ in range(1, @CHAIN@):
    x = x * rng.lognormal(m, s, n) + rng.normal(0.0, 0.01, n)
print(float(np.mean(x > 1.5)))
"""

SQUIGGLEPY = """\
import sys
import numpy as np
import squigglepy as sq
n = int(sys.argv[1])
x = sq.to(1, 2)
for _ in range(1, @CHAIN@):
    x = x * sq.to(0.9, 1.1) + sq.norm(mean=0, sd=0.01)
s = sq.sample(x, n=n)
print(float(np.mean(np.asarray(s) > 1.5)))
"""

SQUIGGLE = """\
import { run } from "@quri/squiggle-lang";
const n = Number(process.argv[2]);
let code = "x0 = 1 to 2\\n";
for (let i = 1; i < @CHAIN@; i++) code += `x${i} = x${i - 1} * (0.9 to 1.1) + normal(0, 0.01)\\n`;
code += "1 - cdf(x@LAST@, 1.5)\\n";
const environment = { sampleCount: n, xyPointLength: 1000, seed: "bench" };
const out = await run(code, { environment });
if (!out.result.ok) { console.error(out.result.value.toString()); process.exit(1); }
console.log(out.result.value.result.toString());
"""

# Toulmin's core on the same model, as the lowered program `check` will hand it: one input
# per `~` given, one step per `let`, one claim. Nothing here that `toulmin check` would not
# import; PRELUDE adds check's own imports for the second row.
TOULMIN = """\
import sys
@PRELUDE@
from toulmin.engine import ir
from toulmin.engine.probability import ClaimPlan, Condition, Normal, Plan, run, to
n = int(sys.argv[1])
inputs = {"x0": to(1.0, 2.0)}
steps = []
for i in range(1, @CHAIN@):
    inputs[f"m{i}"] = to(0.9, 1.1)
    inputs[f"e{i}"] = Normal(0.0, 0.01)
    step = ir.Op("+", (ir.Op("*", (ir.Ref(f"x{i - 1}"), ir.Ref(f"m{i}"))), ir.Ref(f"e{i}")))
    steps.append((f"x{i}", step))
last = ir.Ref("x@LAST@")
claim = ClaimPlan("end", ">", last, ir.Const(1.5),
                  (Condition(ir.Op("-", (ir.Const(1.5), last)), True),))
res = run(Plan(inputs, steps, [claim]), samples=n@VALUES@)
print(res.probabilities["end"].estimate)
"""
CHECK_PRELUDE = "import toulmin.cli, toulmin.check, toulmin.engine.prove, toulmin.engine.solve"


def toulmin_script(prelude: bool, values: bool) -> str:
    return fill(
        TOULMIN, PRELUDE=CHECK_PRELUDE if prelude else "", VALUES="" if values else ", values=[]"
    )


def fill(template: str, **extra: str) -> str:
    """Put the chain's length (and `extra`) into a script template's @NAME@ holes."""
    for k, v in {"CHAIN": str(CHAIN), "LAST": str(CHAIN - 1), **extra}.items():
        template = template.replace(f"@{k}@", v)
    return template


def write_claim_file(path: Path = CLAIM_FILE) -> None:
    """The model in the v2 syntax (spec §4, §5), for `toulmin check` once it is wired."""
    lines = [
        "# The probability benchmark's chain (issue 10), generated by benchmarks/probability.py",
        "given x0 ~ 1 to 2",
    ]
    for i in range(1, CHAIN):
        lines += [
            f"given m{i} ~ 0.9 to 1.1",
            f"given e{i} ~ normal(0, 0.01)",
            f"let x{i} = x{i - 1} * m{i} + e{i}",
        ]
    lines.append(f"claim end: x{CHAIN - 1} > 1.5")
    path.write_text("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------------------
# Peers
# ----------------------------------------------------------------------------------------


def install_peers(folder: Path) -> dict[str, str | None]:
    """pip --target and npm --prefix into `folder`; a failure skips that peer, with why."""
    why: dict[str, str | None] = {"squigglepy": None, "squiggle": None}
    py = folder / "py"
    if not (py / "squigglepy").exists():
        r = subprocess.run(
            [PY, "-m", "pip", "install", "-q", "--target", str(py), "squigglepy"],
            capture_output=True,
            text=True,
        )
        if r.returncode:
            why["squigglepy"] = "pip install failed: " + r.stderr.strip()[-200:]
    node = folder / "node"
    if not shutil.which("node") or not shutil.which("npm"):
        why["squiggle"] = "node or npm not found"
    elif not (node / "node_modules" / "@quri" / "squiggle-lang").exists():
        r = subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(node), "@quri/squiggle-lang"],
            capture_output=True,
            text=True,
        )
        if r.returncode:
            why["squiggle"] = "npm install failed: " + r.stderr.strip()[-200:]
    return why


def measure_once(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, str]:
    """One whole process: wall and CPU (user + system) seconds, peak MB, last output line."""
    full = [TIME, "-f", "%e %U %S %M", *cmd] if TIME else cmd
    t0 = time.perf_counter()
    r = subprocess.run(full, capture_output=True, text=True, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    # `toulmin check` exits 1 for the chain's `depends` claim; that is its verdict, not a failure
    if r.returncode not in (0, 1) or (r.returncode and "toulmin" not in cmd):
        raise RuntimeError(f"{cmd[0]} failed: {r.stderr.strip()[-400:]}")
    out = _p_of(r.stdout)
    if not TIME:
        return wall, float("nan"), float("nan"), out
    w, user, sys_, mem = r.stderr.strip().splitlines()[-1].split()
    return float(w), float(user) + float(sys_), float(mem) / 1024, out


def _p_of(stdout: str) -> str:
    """The printed P: a peer's last line, or the chain claim's estimate in check's JSON."""
    text = stdout.strip()
    if text.startswith("{"):
        doc = json.loads(text)
        return str(doc["results"][0]["claims"][0]["probability"]["estimate"])
    return text.splitlines()[-1]


def measure(cmd: list[str], env: dict[str, str], cwd: Path, runs: int) -> dict[str, float | str]:
    """Best wall and CPU seconds and peak memory (MB) over `runs` whole processes."""
    got = [measure_once(cmd, env, cwd) for _ in range(runs)]
    return summarise(got)


def summarise(got: list[tuple[float, float, float, str]]) -> dict[str, float | str]:
    # the minimum: on a shared machine, noise only ever adds time
    return {
        "wall": min(g[0] for g in got),
        "cpu": min(g[1] for g in got),
        "mem": max(g[2] for g in got),
        "p": got[-1][3],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 runs per row instead of 5")
    ap.add_argument("--peers", type=Path, help="a folder for the peers (kept); default: temp")
    ap.add_argument(
        "--core-variants",
        action="store_true",
        help="also time the core without percentiles and with check's imports",
    )
    ap.add_argument("--qmc", action="store_true", help="also measure scrambled Sobol vs MC")
    ap.add_argument("--json", type=Path, help="write the measurements here too")
    args = ap.parse_args(argv)
    runs = 3 if args.quick else 5
    write_claim_file()
    tmp = Path(tempfile.mkdtemp(prefix="toulmin-prob-bench-"))
    peers = args.peers or tmp / "peers"
    peers.mkdir(parents=True, exist_ok=True)
    try:
        why = install_peers(peers)
        scripts = tmp / "scripts"
        scripts.mkdir()
        (scripts / "floor.py").write_text(fill(NUMPY_FLOOR))
        (scripts / "squigglepy_chain.py").write_text(fill(SQUIGGLEPY))
        (scripts / "toulmin_core.py").write_text(toulmin_script(False, True))
        (scripts / "toulmin_check_imports.py").write_text(toulmin_script(True, True))
        (scripts / "toulmin_core_novalues.py").write_text(toulmin_script(False, False))
        node_dir = peers / "node"
        if why["squiggle"] is None:
            (node_dir / "squiggle_chain.mjs").write_text(fill(SQUIGGLE))
        base = dict(os.environ, NO_COLOR="1")
        base.pop("PYTHONPATH", None)
        rows: list[tuple[str, list[str], dict[str, str], Path]] = []
        base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")  # as an installed package
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        check_cmd = [PY, "-m", "toulmin", "check", str(CLAIM_FILE), "--format", "json"]
        rows.append(("toulmin check", [*check_cmd, "--samples", "{n}"], base, ROOT))
        rows.append(("toulmin core", [PY, str(scripts / "toulmin_core.py"), "{n}"], base, ROOT))
        if args.core_variants:
            rows += [
                (
                    "toulmin core, no percentiles",
                    [PY, str(scripts / "toulmin_core_novalues.py"), "{n}"],
                    base,
                    ROOT,
                ),
                (
                    "toulmin core + check's imports",
                    [PY, str(scripts / "toulmin_check_imports.py"), "{n}"],
                    base,
                    ROOT,
                ),
            ]
        if why["squigglepy"] is None:
            env = dict(base, PYTHONPATH=str(peers / "py"))
            rows.append(("squigglepy", [PY, str(scripts / "squigglepy_chain.py"), "{n}"], env, tmp))
        if why["squiggle"] is None:
            rows.append(("Squiggle", ["node", "squiggle_chain.mjs", "{n}"], base, node_dir))
        rows.append(("numpy loop (floor)", [PY, str(scripts / "floor.py"), "{n}"], base, tmp))
        # round-robin: every repetition runs every row once, so a burst of load on the
        # shared machine hits all peers alike instead of one row's whole series
        raw: dict[tuple[str, int], list[tuple[float, float, float, str]]] = {}
        for _ in range(runs):
            for name, cmd, env, cwd in rows:
                for n in (10_000, 100_000):
                    one = measure_once([c.replace("{n}", str(n)) for c in cmd], env, cwd)
                    raw.setdefault((name, n), []).append(one)
        results: dict[str, dict[int, dict[str, float | str]]] = {}
        for (name, n), got_n in raw.items():
            got = results.setdefault(name, {})[n] = summarise(got_n)
            print(
                f"  {name:32} {n:>7}: {got['wall']:.2f} s wall, {got['cpu']:.2f} s cpu,"
                f" {got['mem']:.0f} MB, P = {float(got['p']):.4f}",
                file=sys.stderr,
            )
        report(results, why, runs)
        if args.qmc:
            qmc_report(peers)
        if args.json:
            args.json.write_text(json.dumps({"results": results, "skipped": why}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(
    results: dict[str, dict[int, dict[str, float | str]]], why: dict[str, str | None], runs: int
) -> None:
    print(
        f"\n### Probability: the 100-node chain, P(x_99 > 1.5) (best of {runs} runs, interleaved)\n"
    )
    print("| peer | 10k wall | 10k cpu | 100k wall | 100k cpu | 100k peak MB | P (100k) |")
    print("|---|---|---|---|---|---|---|")
    for name, by_n in results.items():
        a, b = by_n[10_000], by_n[100_000]
        print(
            f"| {name} | {a['wall']:.2f} s | {a['cpu']:.2f} s | {b['wall']:.2f} s | "
            f"{b['cpu']:.2f} s | {b['mem']:.0f} | {float(b['p']):.4f} |"
        )
    for peer, reason in why.items():
        if reason:
            print(f"\n{peer} skipped: {reason}")
    ours = next((r for r in results if r.startswith("toulmin")), None)
    if ours is None:
        return
    t = results[ours][100_000]

    def ratio(peer: str, key: str) -> str:
        if peer not in results:
            return "n/a"
        return f"{float(results[peer][100_000][key]) / float(t[key]):.2f}"

    print(f"\nTargets at 100k samples, for `{ours}` (wall; cpu in brackets):")
    print(
        f"  Squiggle / toulmin   = {ratio('Squiggle', 'wall')} ({ratio('Squiggle', 'cpu')})"
        "   target >= 4"
    )
    print(
        f"  squigglepy / toulmin = {ratio('squigglepy', 'wall')} "
        f"({ratio('squigglepy', 'cpu')})   target >= 1.5"
    )
    floor = results["numpy loop (floor)"][100_000]
    print(
        f"  toulmin / floor      = {float(t['wall']) / float(floor['wall']):.2f} "
        f"({float(t['cpu']) / float(floor['cpu']):.2f})   target <= 2"
    )


# ----------------------------------------------------------------------------------------
# Is quasi-Monte Carlo worth scipy?
# ----------------------------------------------------------------------------------------

QMC = """\
import math, statistics, sys, time
import numpy as np
from scipy.stats import qmc
from scipy.special import ndtri

def chain(u, z):  # u: (n, d) in (0, 1) -> P(x_99 > 1.5); z = 1.6449
    ln = lambda a, b: ((math.log(a) + math.log(b)) / 2, (math.log(b) - math.log(a)) / (2 * z))
    m0, s0 = ln(1, 2); m, s = ln(0.9, 1.1)
    g = ndtri(u)
    x = np.exp(m0 + s0 * g[:, 0])
    for i in range(1, 100):
        x = x * np.exp(m + s * g[:, 2 * i - 1]) + 0.01 * g[:, 2 * i]
    return float(np.mean(x > 1.5))

def toy(u, z):  # P(x * y <= 50), x ~ 10 to 100, y ~ 1 to 4 (lognormal)
    g = ndtri(u)
    lx = (math.log(10) + math.log(100)) / 2 + (math.log(100) - math.log(10)) / (2 * z) * g[:, 0]
    ly = (math.log(1) + math.log(4)) / 2 + (math.log(4) - math.log(1)) / (2 * z) * g[:, 1]
    return float(np.mean(np.exp(lx + ly) <= 50))

z = 1.6448536269514722
n = 1 << 14
for name, f, d in (("toy (2 inputs)", toy, 2), ("chain (199 inputs)", chain, 199)):
    mc, sob = [], []
    t_mc = t_sob = 0.0
    for seed in range(20):
        t = time.perf_counter()
        mc.append(f(np.random.default_rng(seed).random((n, d)), z))
        t_mc += time.perf_counter() - t
        t = time.perf_counter()
        sob.append(f(qmc.Sobol(d, scramble=True, seed=seed).random(n), z))
        t_sob += time.perf_counter() - t
    r = statistics.variance(mc) / statistics.variance(sob)
    print(f"| {name} | {n} | {statistics.stdev(mc):.2e} | {statistics.stdev(sob):.2e} | "
          f"{r:.1f}x | {t_mc / 20 * 1e3:.0f} ms | {t_sob / 20 * 1e3:.0f} ms |")
"""


def qmc_report(peers: Path) -> None:
    """Variance of MC and scrambled Sobol over 20 seeds, and what importing scipy costs."""
    env = dict(os.environ, PYTHONPATH=str(peers / "py"))
    print("\n### Quasi-Monte Carlo: variance over 20 seeds at 16,384 points\n")
    print("| model | n | sd MC | sd Sobol | variance ratio | time MC | time Sobol |")
    print("|---|---|---|---|---|---|---|")
    r = subprocess.run([PY, "-c", QMC], capture_output=True, text=True, env=env)
    print(r.stdout.strip() or r.stderr.strip()[-400:])

    def cold(code: str) -> float:
        got = measure([PY, "-c", code], env, ROOT, 5)
        return float(got["cpu"] if TIME else got["wall"])

    extra = cold("import numpy, scipy.stats.qmc, scipy.special; print(0)") - cold(
        "import numpy; print(0)"
    )
    size = sum(f.stat().st_size for f in (peers / "py" / "scipy").rglob("*") if f.is_file())
    print(
        textwrap.dedent(f"""
        scipy.stats.qmc + scipy.special import (after numpy, cpu): {extra:.2f} s;
        scipy installed size: {size / 2**20:.0f} MB""")
    )


if __name__ == "__main__":
    raise SystemExit(main())
