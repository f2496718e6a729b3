"""`python -m fuzz --minutes N --jobs 2`: fuzz `toulmin check`, `explain`, `solve` and `compare`.

Each job is a worker process that imports `toulmin` once and then forks one
capped child per command (`runner.py`). Inputs come from three generators
in turn: grammar-aware programs (`gen_grammar.py`), mutations of real files
(`gen_mutate.py`) and raw bytes (`gen_bytes.py`). Every run is checked
(`checks.py`); the first input of each kind of finding is minimised
(`minimise.py`) and written to `fuzz/findings/<category>/` with a summary.
At the end the per-generator input counts and the findings are printed and
written to `fuzz/findings/SUMMARY.md`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATORS = ("grammar", "mutate", "bytes")
WEIGHTS = (0.5, 0.3, 0.2)


class Worker:
    """One job: generate, run, check, minimise, write findings; counts everything."""

    def __init__(self, wid: int, args: argparse.Namespace, deadline: float) -> None:
        from fuzz.gen_grammar import Generator
        from fuzz.gen_mutate import Mutator, seeds

        self.wid = wid
        self.args = args
        self.deadline = deadline
        self.rng = random.Random(args.seed * 1000 + wid)
        self.out = Path(args.out)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"toulmin-fuzz-{wid}-"))
        self.files = seeds()
        self.mutator = Mutator(self.rng, self.files)
        self.make_generator = lambda: Generator(self.rng, v2=args.v2)
        self.inputs: Counter[str] = Counter()
        self.commands: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.findings: Counter[tuple[str, str]] = Counter()
        self.written: dict[tuple[str, str], str] = {}
        self.judged = 0
        # A mirror of each seed folder, so that `use` in a mutated file finds its siblings.
        self.mirrors: dict[Path, Path] = {}
        for f in self.files:
            if f.parent not in self.mirrors:
                m = self.tmp / f"mirror{len(self.mirrors)}"
                m.mkdir()
                for sib in f.parent.glob("*.claim"):
                    shutil.copy(sib, m / sib.name)
                self.mirrors[f.parent] = m

    # ------------------------------------------------------------------ running
    def run(self, args: list[str], cwd: Path) -> Any:
        from fuzz.runner import run

        self.commands[args[0]] += 1
        return run(args, str(cwd), timeout=self.args.timeout, mem_mib=self.args.mem_mib)

    def checked(self, args: list[str], cwd: Path) -> tuple[Any, list[Any]]:
        from fuzz.checks import run_checks

        r = self.run(args, cwd)
        return r, run_checks(r, self.args.timeout, "json" in args)

    # ------------------------------------------------------------------ the loop
    def loop(self) -> dict[str, Any]:
        from fuzz.runner import warm_up

        warm_up()
        while time.time() < self.deadline:
            kind = self.rng.choices(GENERATORS, WEIGHTS)[0]
            self.inputs[kind] += 1
            try:
                getattr(self, f"one_{kind}")()
            except Exception as exc:  # a bug of the fuzzer must not end the run
                self.findings[("fuzzer-error", type(exc).__name__)] += 1
                import traceback

                traceback.print_exc()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return {
            "inputs": dict(self.inputs),
            "commands": dict(self.commands),
            "verdicts": dict(self.verdicts),
            "judged": self.judged,
            "findings": {f"{c}/{s}": n for (c, s), n in self.findings.items()},
            "written": {f"{c}/{s}": p for (c, s), p in self.written.items()},
        }

    def one_grammar(self) -> None:
        from fuzz.checks import soundness

        p = self.make_generator().program()
        d = self.tmp / "gen"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
        self._write_program(p, d)
        cmd = ["check", "--format", "json", "--budget", "1", "f.claim"]
        r, found = self.checked(cmd, d)
        for f in found:
            self.report(f, "grammar", p.text(), d, cmd)
        doc = None
        if not found:
            try:
                doc = json.loads(r.stdout)
            except ValueError:
                doc = None
        if doc and doc.get("results"):
            for c in doc["results"][0]["claims"]:
                self.verdicts[c["verdict"]] += 1
            self.judged += sum(1 for c in p.claims.values() if c.judged)
            for sig, cid, detail in soundness(p, doc, self.rng):
                self.report_unsound(p, d, sig, cid, detail)
        self._other_commands(p, d, doc)

    def _other_commands(self, p: Any, d: Path, doc: dict[str, Any] | None) -> None:
        """explain, solve and compare on the generated program."""
        r = self.rng
        names = list(p.claims) + [n for n in p.givens if "." not in n] + list(p.lets)
        if not names:
            return
        cmds: list[list[str]] = []
        if r.random() < 0.25:
            cmds.append(["check", "--no-color", "--budget", "1", "f.claim"])
        if r.random() < 0.35:
            fmt = ["--format", "json"] if r.random() < 0.5 else ["--no-color"]
            cmds.append(["explain", *fmt, "f.claim", r.choice(names)])
        if r.random() < 0.3:
            fmt = ["--format", "json"] if r.random() < 0.5 else ["--no-color"]
            extra = ["--latex"] if r.random() < 0.2 else []
            target = r.choice(names)
            ranged = [g.name for g in p.givens.values() if g.low != g.high and "." not in g.name]
            if p.claims and ranged and r.random() < 0.5:
                target = r.choice(list(p.claims))
                extra = ["--for", r.choice(ranged)]
            cmds.append(["solve", *fmt, "--budget", "1", "f.claim", target, *extra])
        if r.random() < 0.2:
            (d / "g.claim").write_text(_variant(p.text(), r), encoding="utf-8")
            fmt = ["--format", "json"] if r.random() < 0.5 else ["--no-color"]
            cmds.append(["compare", *fmt, "f.claim", "g.claim"])
        for cmd in cmds:
            _, found = self.checked(cmd, d)
            for f in found:
                self.report(f, "grammar", p.text(), d, cmd)

    def one_mutate(self) -> None:
        seed = self.rng.choice(self.files)
        text = self.mutator.mutate(seed)
        d = self.mirrors[seed.parent]
        name = "_fuzz_input.claim"
        (d / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        cmd = ["check", "--format", "json", "--budget", "1", name]
        if self.rng.random() < 0.2:
            cmd = ["check", "--no-color", "--budget", "1", name]
        _, found = self.checked(cmd, d)
        for f in found:
            self.report(f, "mutate", text, d, cmd, name=name)

    def one_bytes(self) -> None:
        from fuzz.gen_bytes import raw_input

        data = raw_input(self.rng)
        d = self.tmp / "raw"
        d.mkdir(exist_ok=True)
        (d / "raw.claim").write_bytes(data)
        cmd = ["check", "--format", "json", "raw.claim"]
        if self.rng.random() < 0.3:
            cmd = ["check", "--no-color", "raw.claim"]
        _, found = self.checked(cmd, d)
        for f in found:
            self.report(f, "bytes", data, d, cmd, name="raw.claim")

    # ------------------------------------------------------------------ findings
    def _write_program(self, p: Any, d: Path) -> None:
        (d / "f.claim").write_text(p.text(), encoding="utf-8")
        for name, text in p.extra_files.items():
            (d / name).write_text(text, encoding="utf-8")

    def report(
        self,
        f: Any,
        gen: str,
        content: str | bytes,
        d: Path,
        cmd: list[str],
        name: str = "f.claim",
    ) -> None:
        """Count a finding; minimise and write the first of its kind."""
        from fuzz.checks import run_checks
        from fuzz.minimise import minimise_bytes, minimise_text

        key = (f.category, f.signature)
        self.findings[key] += 1
        if key in self.written:
            return
        timeouts = f.category == "timeout"
        max_tests = 0 if time.time() > self.deadline else (8 if timeouts else 150)

        def same(candidate: str | bytes) -> bool:
            data = (
                candidate
                if isinstance(candidate, bytes)
                else candidate.encode("utf-8", "surrogatepass")
            )
            (d / name).write_bytes(data)
            r = self.run(cmd, d)
            return any(
                (g.category, g.signature) == key
                for g in run_checks(r, self.args.timeout, "json" in cmd)
            )

        small: str | bytes = content
        if max_tests:
            if isinstance(content, bytes):
                small = minimise_bytes(content, same, max_tests)
            else:
                small = minimise_text(content, same, max_tests)
            same(content)  # put the input back for the commands still to run on it
        self._save(key, gen, small, f.detail, cmd, len(content))

    def report_unsound(self, p: Any, d: Path, sig: str, cid: str, detail: str) -> None:
        from fuzz.checks import soundness
        from fuzz.minimise import Budget, ddmin

        key = ("unsound", sig)
        self.findings[key] += 1
        if key in self.written:
            return
        cmd = ["check", "--format", "json", "--budget", "1", "f.claim"]

        def same(idx: list[int]) -> bool:
            keep = set(idx)
            q = p.without({i for i in range(len(p.statements)) if i not in keep})
            if cid not in q.claims:
                return False
            self._write_program(q, d)
            r = self.run(cmd, d)
            try:
                doc = json.loads(r.stdout)
            except ValueError:
                return False
            return any((s, c) == (sig, cid) for s, c, _ in soundness(q, doc, random.Random(0)))

        budget = Budget(0 if time.time() > self.deadline else 100)
        idx = ddmin(list(range(len(p.statements))), same, budget)
        q = p.without({i for i in range(len(p.statements)) if i not in set(idx)})
        self._write_program(p, d)  # put the input back for the commands still to run on it
        text = q.text()
        extra = "".join(f"\n--- {n} ---\n{t}" for n, t in q.extra_files.items())
        self._save(key, "grammar", text, f"claim {cid}: {detail}{extra}", cmd, len(p.text()))

    def _save(
        self,
        key: tuple[str, str],
        gen: str,
        content: str | bytes,
        detail: str,
        cmd: list[str],
        size: int,
    ) -> None:
        category, sig = key
        folder = self.out / category
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", sig)[:60] or "finding"
        path = folder / f"{slug}-w{self.wid}.claim"
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        summary = (
            f"category: {category}\nsignature: {sig}\ngenerator: {gen}\n"
            f"command: toulmin {' '.join(cmd)} (on this file)\n"
            f"input: {size} bytes, minimised to {len(data)}\n\n{detail}\n"
        )
        path.with_suffix(".txt").write_text(summary, encoding="utf-8")
        self.written[key] = str(path)


def _variant(text: str, rng: random.Random) -> str:
    """The same program with other given values, for `compare`."""

    def bump(m: re.Match[str]) -> str:
        return (
            m.group(1) + str(rng.choice([2, 3, 0.5, 10])) + " * "
            if rng.random() < 0.7
            else m.group(0)
        )

    return re.sub(r"(?m)^(given \w+(?: *: *[^=]+)? = )", bump, text)


def _work(wid: int, args: argparse.Namespace, deadline: float, queue: Any) -> None:
    try:
        queue.put((wid, Worker(wid, args, deadline).loop()))
    except BaseException as exc:
        queue.put((wid, {"error": f"{type(exc).__name__}: {exc}"}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=2.0, help="how long to generate inputs")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--v2", action="store_true", help="also generate the spec v2 forms")
    ap.add_argument("--out", default=str(HERE / "findings"), help="where findings are written")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds a run may take")
    ap.add_argument("--mem-mib", type=int, default=3072, help="memory cap of a run")
    args = ap.parse_args(argv)
    start = time.time()
    deadline = start + args.minutes * 60
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_work, args=(i, args, deadline, queue)) for i in range(args.jobs)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    total: dict[str, Counter[str]] = {
        k: Counter() for k in ("inputs", "commands", "verdicts", "findings")
    }
    written: dict[str, str] = {}
    judged = 0
    for _, res in results:
        if "error" in res:
            print(f"worker failed: {res['error']}", file=sys.stderr)
            continue
        for k in total:
            total[k].update(res[k])
        written.update(res["written"])
        judged += res["judged"]
    minutes = (time.time() - start) / 60
    lines = [
        f"# Fuzz run: {minutes:.1f} minutes, {args.jobs} jobs, seed {args.seed}, "
        f"v2 forms {'on' if args.v2 else 'off'}",
        "",
        "| generator | inputs |",
        "|---|---|",
        *[f"| {g} | {total['inputs'][g]} |" for g in GENERATORS],
        f"| **all** | {sum(total['inputs'].values())} |",
        "",
        "commands run: " + ", ".join(f"{k} {v}" for k, v in sorted(total["commands"].items())),
        "verdicts seen: " + ", ".join(f"{k} {v}" for k, v in sorted(total["verdicts"].items())),
        f"generated claims judged against the evaluator: {judged}",
        "",
        "| category | signature | count | reproducer |",
        "|---|---|---|---|",
    ]
    for key, n in sorted(total["findings"].items()):
        cat, _, sig = key.partition("/")
        where = os.path.relpath(written[key], args.out) if key in written else ""
        lines.append(f"| {cat} | {sig} | {n} | {where} |")
    if not total["findings"]:
        lines.append("| (none) | | 0 | |")
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "SUMMARY.md").write_text(report, encoding="utf-8")
    bad = {"internal-error", "timeout", "crash", "unsound", "bad-json", "no-line"}
    return 1 if any(k.partition("/")[0] in bad for k in total["findings"]) else 0


if __name__ == "__main__":
    sys.exit(main())
