"""Size and time of the corpus report (issue 12, "Budget": under 1 MB, written in under 2 s).

    python benchmarks/report_bench.py [--reps 5]

Measures cold `python -m toulmin report claims/ -o FILE` subprocesses (interpreter start,
imports, checking every file, drawing, writing) with and without `--compare`, and, in
one process, how the time splits between checking (the model) and writing the page.
A script, not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPARE = ["--compare", "claims/dettmers.claim", "claims/fu.claim"]


def cold(extra: list[str], reps: int) -> tuple[float, float, int]:
    """Median wall time, median CPU time (user + system: what load on the machine does
    not inflate), and the file's size."""
    import resource

    times, cpus, size = [], [], 0
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "report.html"
        for _ in range(reps):
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [sys.executable, "-m", "toulmin", "report", "claims/", "-o", str(out), *extra],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            size = out.stat().st_size
    return statistics.median(times), statistics.median(cpus), size


def split() -> tuple[float, float]:
    from toulmin.report.html import render
    from toulmin.report.model import build_report

    files = [(f, f.parent) for f in sorted((ROOT / "claims").glob("*.claim"))]
    start = time.perf_counter()
    model = build_report(files)
    built = time.perf_counter()
    render(model)
    return built - start, time.perf_counter() - built


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    for name, extra in (("claims/", []), ("claims/ --compare dettmers fu", COMPARE)):
        t, cpu, size = cold(extra, args.reps)
        verdict = "ok" if t < 2 and size < 1_000_000 else "OVER BUDGET"
        print(
            f"report {name:<32} {size / 1024:5.0f} KiB  wall {t:5.2f} s  cpu {cpu:5.2f} s  "
            f"(medians of {args.reps})  {verdict}"
        )
    check, draw = split()
    print(f"in one process (warm imports): checking {check:.2f} s, writing the page {draw:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
