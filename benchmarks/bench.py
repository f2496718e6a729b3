"""Benchmarks of `toulmin check` (issue 2, "Performance"). A script, not a test.

    python benchmarks/bench.py            # full run (≈ a few minutes)
    python benchmarks/bench.py --quick    # fewer repetitions

Every measurement is a cold `python -m toulmin check FILE --format json` subprocess
(interpreter start, imports and all), timed from the outside; the table shows medians.

  * a generated 200-statement file (sources, givens with units and sources, lets, claims;
    point values only)                                         target ≤ 0.5 s
  * a chain of 10,000 `let`s: `let x1 = x0 * 1.0001 + 1 GPU` … and a claim on the end
                                                               target ≤ 5 s
  * the same chain of 100,000 `let`s                           target ≤ 12 × the 10,000 one
    (a file may not exceed 1 MiB, spec §6, so every chain is cut into files of
    10,000 `let`s joined by `use`: the 10,000 chain is one file, the 100,000 one ten)
  * 20 range-valued givens and 50 claims                       target ≤ 3 s

Then where the time goes for the 200-statement file: `python -X importtime` (the
slowest imports) and cProfile (top 10 by cumulative time).

Last, the probability section (issue 10, `benchmarks/probability.py`): the 100-node chain
`x_i = x_{i-1} * (0.9 to 1.1) + normal(0, 0.01)`, `x_0 = 1 to 2`, claim `x_99 > 1.5`, at
10k and 100k samples, as whole processes: `toulmin check` end to end and toulmin's core,
side by side with squigglepy, Squiggle (npm) and a numpy loop, which it installs into a
temporary folder (`--peers DIR` keeps them; `--no-probability` skips the section).

If a chain stops with an internal error (e.g. a `RecursionError`), the row says so and
the chain is measured again through a wrapper that only raises Python's recursion limit
and thread stack size, so the remaining cost is still visible; those rows are marked
"(recursion limit raised)".
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = dict(os.environ, NO_COLOR="1")  # for every subprocess; see main() for bytecode
CHUNK = 10_000  # lets per file in the chains

DEEP_WRAPPER = """\
import sys, threading
sys.setrecursionlimit(2_000_000)
threading.stack_size(1 << 30)
code = 0
def run():
    global code
    from toulmin.cli import main
    try:
        main(sys.argv[1:], prog_name="toulmin")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
t = threading.Thread(target=run)
t.start()
t.join()
sys.exit(code)
"""


# ----------------------------------------------------------------------------------------
# Generated inputs
# ----------------------------------------------------------------------------------------


def gen_200(path: Path, n: int = 200, seed: int = 1) -> Path:
    """A realistic argument of `n` statements: clusters of a source, five sourced givens,
    three lets and three claims (point values only, so the cold path is measured)."""
    rnd = random.Random(seed)
    out: list[str] = ['argument "Generated benchmark" by "bench.py"']
    k = 0
    while len(out) < n:
        gpus = rnd.randint(8, 4096)
        hours = rnd.randint(10, 2000)
        price = rnd.randint(100, 400) / 100
        peak = rnd.choice([312, 989, 1979])
        mfu = rnd.randint(20, 55)
        gh = gpus * hours
        cost = gh * price
        flop = gpus * peak * 1e12 * mfu / 100 * hours * 3600
        out += [
            f'source s{k} "Report {k}, Table {rnd.randint(1, 9)}" "https://example.org/r{k}"',
            f"given gpus{k} = {gpus} GPU [s{k}]",
            f'given hours{k} = {hours} h [s{k}] "wall-clock hours of run {k}"',
            f"given price{k} = {price} USD/GPU/h [s{k}]",
            f"given peak{k} = {peak} TFLOP/s/GPU [s{k}]",
            f"given mfu{k} = {mfu} % [s{k}]",
            f"let gh{k} = gpus{k} * hours{k}",
            f"let cost{k} = gh{k} * price{k}",
            f"let flop{k} = gpus{k} * peak{k} * mfu{k} * hours{k}",
            f"claim gh_ok{k}: gh{k} = {gh} GPU*h [s{k}]",
            f"claim cost_ok{k}: cost{k} ≈ {cost * 1.004:.6g} USD within 1 %",
            f"claim flop_ok{k}: flop{k} < {flop * 1.5:.4g} FLOP",
        ]
        k += 1
    path.write_text("\n".join(out[:n]) + "\n", encoding="utf-8")
    return path


def gen_chain(folder: Path, n: int, tag: str) -> Path:
    """`x0` given, `x1 … xn` by `let`, a claim on `xn`; files of CHUNK lets joined by `use`.
    Returns the last file (the one to check)."""
    files = []
    start = 0
    part = 0
    while start < n:
        end = min(n, start + CHUNK)
        lines = []
        if part == 0:
            lines.append("given x0 = 1 GPU")
        else:
            lines.append(f'use "{files[-1].name}"')
        lines += [f"let x{i} = x{i - 1} * 1.0001 + 1 GPU" for i in range(start + 1, end + 1)]
        if end == n:
            lines.append(f"claim end: x{n} > 1 GPU")
        f = folder / f"chain_{tag}_{part}.claim"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert f.stat().st_size < 1 << 20, f
        files.append(f)
        start, part = end, part + 1
    return files[-1]


def gen_ranges(path: Path, n_givens: int = 20, n_claims: int = 50, seed: int = 2) -> Path:
    """20 range-valued givens (GPU, h, USD/GPU/h, %, TFLOP/s/GPU) and 50 claims mixing
    them: products, the dependency problem (`a*b - a`), ratios, min/max."""
    rnd = random.Random(seed)
    kinds = [
        ("GPU", 64, 4096),
        ("h", 10, 1000),
        ("USD/GPU/h", 1, 4),
        ("%", 20, 60),
        ("TFLOP/s/GPU", 300, 2000),
    ]
    givens: dict[str, list[tuple[str, float, float]]] = {u: [] for u, _, _ in kinds}
    out = []
    for i in range(n_givens):
        unit, lo, hi = kinds[i % len(kinds)]
        a = rnd.uniform(lo, hi)
        b = a * rnd.uniform(1.05, 1.6)
        name = f"r{i}"
        givens[unit].append((name, a, b))
        if i % 2:
            out.append(f"given {name} = {a:.4g} {unit} to {b:.4g} {unit}")
        else:
            out.append(f"given {name} = {(a + b) / 2:.4g} {unit} ± {(b - a) / 2:.4g} {unit}")

    def pick(unit):
        return rnd.choice(givens[unit])

    for j in range(n_claims):
        form = j % 5
        if form == 0:  # cost = gpus * hours * price
            (g, g0, g1), (h, h0, h1), (p, p0, p1) = pick("GPU"), pick("h"), pick("USD/GPU/h")
            lo, hi = g0 * h0 * p0, g1 * h1 * p1
            k = rnd.choice([lo * 0.8, (lo + hi) / 2, hi * 1.2])
            out.append(f"claim c{j}: {g} * {h} * {p} < {k:.5g} USD")
        elif form == 1:  # the dependency problem
            (a, a0, a1), (b, b0, b1) = pick("%"), pick("%")
            hi = max(x * y - x for x in (a0 / 100, a1 / 100) for y in (b0 / 100, b1 / 100))
            k = hi * rnd.choice([1.01, 0.9])
            out.append(f"claim c{j}: {a} * {b} - {a} <= {k:.5g}")
        elif form == 2:  # throughput with MFU
            (g, g0, g1), (f, f0, f1), (m, m0, m1) = pick("GPU"), pick("TFLOP/s/GPU"), pick("%")
            mid = (g0 + g1) * (f0 + f1) * (m0 + m1) / 8 / 100 / 1000
            k = mid * rnd.choice([0.3, 1.0, 3.0])
            out.append(f"claim c{j}: {g} * {f} * {m} >= {k:.5g} PFLOP/s")
        elif form == 3:  # a ratio of two ranges
            (a, a0, a1), (b, b0, b1) = pick("h"), pick("h")
            k = rnd.choice([a0 / b1 * 0.9, (a0 + a1) / (b0 + b1), a1 / b0 * 1.1])
            out.append(f"claim c{j}: {a} / {b} ≈ {k:.5g} within 10 %")
        else:  # min/max
            (a, a0, a1), (b, b0, b1) = pick("GPU"), pick("GPU")
            k = rnd.choice([min(a0, b0) * 0.9, max(a1, b1)])
            out.append(f"claim c{j}: max({a}, {b}) - min({a}, {b}) * 0.5 > {k:.5g} GPU")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    code: int
    stderr: str
    stdout: str


def run_check(path: Path, wrapper: Path | None = None, timeout: float = 1800) -> Run:
    if wrapper is None:
        cmd = [PY, "-m", "toulmin", "check", str(path), "--format", "json"]
    else:
        cmd = [PY, str(wrapper), "check", str(path), "--format", "json"]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            cmd, capture_output=True, text=True, cwd=path.parent, env=ENV, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Run(time.perf_counter() - t0, -1, f"timed out after {timeout:.0f} s", "")
    return Run(time.perf_counter() - t0, p.returncode, p.stderr, p.stdout)


def summary(run: Run) -> str:
    """`N claims: verdicts` from the JSON, or why there is none."""
    if run.code not in (0, 1):
        msg = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
        return f"exit {run.code}: {msg[:90]}"
    try:
        doc = json.loads(run.stdout)
    except ValueError:
        return f"exit {run.code}: output is not JSON"
    counts: dict[str, int] = {}
    errors = 0
    for r in doc["results"]:
        for c in r["claims"]:
            counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
        errors += sum(d["severity"] == "error" for d in r["diagnostics"])
    text = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    return text + (f"; {errors} errors" if errors else "")


@dataclass
class Row:
    name: str
    median: float | None
    runs: list[float]
    target: str
    ok: bool | None
    note: str


def measure(
    name: str,
    path: Path,
    reps: int,
    target: float | None,
    target_text: str,
    wrapper: Path | None = None,
) -> tuple[Row, Run]:
    times = []
    last = None
    for _ in range(reps):
        last = run_check(path, wrapper)
        if last.code not in (0, 1):
            break
        times.append(last.seconds)
    assert last is not None
    if len(times) < reps:
        return Row(name, None, times, target_text, False, summary(last)), last
    med = statistics.median(times)
    ok = None if target is None else med <= target
    return Row(name, med, times, target_text, ok, summary(last)), last


def table(rows: list[Row]) -> str:
    head = f"{'benchmark':<44} {'median':>9} {'runs':>5} {'target':>14}  {'':<4} result"
    lines = [head, "-" * len(head)]
    for r in rows:
        med = f"{r.median:8.3f}s" if r.median is not None else "   FAILED"
        mark = {True: "ok", False: "MISS", None: ""}[r.ok]
        lines.append(f"{r.name:<44} {med:>9} {len(r.runs):>5} {r.target:>14}  {mark:<4} {r.note}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------
# Where the time goes
# ----------------------------------------------------------------------------------------


def importtime(path: Path, top: int = 12) -> str:
    p = subprocess.run(
        [PY, "-X", "importtime", "-m", "toulmin", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env=ENV,
    )
    rows = []
    for line in p.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:") :].split("|", 2)
        rows.append((int(cum_us), int(self_us), name.rstrip()))
    total = sum(s for _, s, _ in rows)
    rows.sort(reverse=True)
    out = [
        f"all imports (sum of self times): {total / 1e6:.3f} s; slowest by cumulative time:",
        f"  {'cumulative':>10} {'self':>8}  module",
    ]
    for cum, self_, name in rows[:top]:
        out.append(f"  {cum / 1e6:9.3f}s {self_ / 1e6:7.3f}s  {name}")
    heavy = sorted(
        {
            n.strip().split(".")[0]
            for _, _, n in rows
            if n.strip().split(".")[0]
            in ("sympy", "numpy", "hypothesis", "mpmath", "pint", "lark", "rich", "click")
        }
    )
    out.append(f"  heavy packages imported: {', '.join(heavy) or 'none'}")
    return "\n".join(out)


def profile(path: Path, folder: Path, top: int = 10) -> str:
    prof = folder / "check.prof"
    subprocess.run(
        [
            PY,
            "-m",
            "cProfile",
            "-o",
            str(prof),
            "-m",
            "toulmin",
            "check",
            str(path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env=ENV,
    )
    out = []
    for title, key, restrict in (
        ("toulmin's own functions, by cumulative time", "cumulative", ("/toulmin/", top)),
        ("every function, by own (total) time", "tottime", (top,)),
    ):
        buf = io.StringIO()
        pstats.Stats(str(prof), stream=buf).sort_stats(key).print_stats(*restrict)
        lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
        start = next((i for i, ln in enumerate(lines) if "function calls" in ln), 0)
        body = [
            ln.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
            for ln in lines[start:]
            if not ln.lstrip().startswith(("Ordered by", "List red"))
        ]
        out.append(f"  {title}:")
        out += ["    " + ln for ln in body]
    return "\n".join(out)


def baseline(reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run([PY, "-c", "pass"], check=True, env=ENV)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as it is (by default the runs cache "
        "bytecode under the temp folder, as an installed package would)",
    )
    ap.add_argument("--no-probability", action="store_true", help="skip the probability section")
    ap.add_argument("--peers", type=Path, help="the probability peers' folder (kept)")
    args = ap.parse_args(argv)
    reps_small = 3 if args.quick else 7
    reps_chain = 1 if args.quick else 3
    reps_big = 1 if args.quick else 2

    tmp = Path(tempfile.mkdtemp(prefix="toulmin-bench-"))
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; files in {tmp}")
    if not args.no_bytecode_cache:
        # An installed package has .pyc files; without them every run compiles toulmin's
        # modules again (~40 ms). Cache them under the temp folder, not in the checkout.
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        print("bytecode cached in the temp folder (--no-bytecode-cache to compile every run)")
    else:
        print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    wrapper = tmp / "deep_recursion.py"
    wrapper.write_text(DEEP_WRAPPER, encoding="utf-8")

    f200 = gen_200(tmp / "two_hundred.claim")
    fr = gen_ranges(tmp / "ranges.claim")
    c10 = gen_chain(tmp, 10_000, "10k")
    c100 = gen_chain(tmp, 100_000, "100k")
    c1k = gen_chain(tmp, 1_000, "1k")
    c500 = gen_chain(tmp, 500, "500")
    c50 = gen_chain(tmp, 50, "50")

    run_check(f200)  # warm the OS file cache and Lark's table cache, not timed
    rows: list[Row] = []
    base = baseline(reps_small)
    rows.append(
        Row("python -c pass (interpreter start)", base, [base] * reps_small, "", None, "baseline")
    )
    r200, _ = measure("cold check, 200 statements", f200, reps_small, 0.5, "≤ 0.500s")
    rows.append(r200)
    rr, _ = measure("cold check, 20 range givens + 50 claims", fr, reps_small, 3.0, "≤ 3.000s")
    rows.append(rr)

    r10, _ = measure("chain of 10,000 lets", c10, reps_chain, 5.0, "≤ 5.000s")
    rows.append(r10)
    r100, _ = measure("chain of 100,000 lets (10 files)", c100, reps_big, None, "≤ 12 × 10k")
    rows.append(r100)
    chains_failed = r10.median is None or r100.median is None
    if r10.median and r100.median:
        ratio = r100.median / r10.median
        r100.ok = ratio <= 12
        r100.note = f"ratio {ratio:.1f}×; " + r100.note
    small = []
    if chains_failed:
        # Scaling below the failure, and the chains with only the recursion limit raised.
        for n, f in ((50, c50), (500, c500), (1000, c1k)):
            row, _ = measure(f"chain of {n:,} lets", f, reps_chain, None, "", None)
            small.append(row)
        rows += small
        w10, _ = measure(
            "chain of 10,000 lets (recursion limit raised)",
            c10,
            reps_chain,
            5.0,
            "≤ 5.000s",
            wrapper,
        )
        w100, _ = measure(
            "chain of 100,000 (recursion limit raised)", c100, reps_big, None, "≤ 12 × 10k", wrapper
        )
        if w10.median and w100.median:
            ratio = w100.median / w10.median
            w100.ok = ratio <= 12
            w100.note = f"ratio {ratio:.1f}×; " + w100.note
        rows += [w10, w100]

    print()
    print(table(rows))
    print()
    print("Where the time goes — cold check of the 200-statement file")
    print()
    print(importtime(f200))
    print()
    print("cProfile (one cold run):")
    print(profile(f200, tmp))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_probability:
        print()
        probability_section(args.quick, args.peers)
    return 0


def probability_section(quick: bool, peers: Path | None) -> None:
    """The probability benchmark (benchmarks/probability.py), with its table and targets."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import probability  # a sibling script, not a package

    probability.main([*(["--quick"] if quick else []), *(["--peers", str(peers)] if peers else [])])


if __name__ == "__main__":
    sys.exit(main())
