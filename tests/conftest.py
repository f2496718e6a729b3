"""Shared paths and helpers for every test folder (the one conftest of the suite).

The folders mirror the package: dsl/, units/, engine/, check/, cross/, render/, cli/,
plus spec/ (the spec's examples), properties/ (property oracles), corpus/ (goldens of
claims/) and diagnostics/ (one example file per diagnostic, with snapshots).

Helpers are plain functions; test modules import them with `from conftest import ...`
(pytest puts this folder on sys.path before importing any test module).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CLAIMS = ROOT / "claims"
DIAG_DIR = TESTS / "diagnostics"
CLI_TIMEOUT = 120


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write dedented `text` to tmp_path/name (folders created) and return the path."""
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return p


def cli(
    *args: str,
    cwd: Path = ROOT,
    env_extra: dict[str, str] | None = None,
    no_color: bool = False,
    timeout: float = CLI_TIMEOUT,
) -> subprocess.CompletedProcess:
    """`python -m toulmin ARGS` in a subprocess, 200 columns wide.

    NO_COLOR is removed from the environment unless `no_color` is set (then it is 1), so
    a test sees exactly the colour rules it asks for.
    """
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    if env_extra:
        env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "toulmin", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def invoke(*args: str) -> tuple[int, str, str]:
    """The CLI in this process (click's runner): (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from toulmin.cli import main

    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def load(p: Path):
    """Every stage of one file (`check.analyse`), with the file's folder as root."""
    from toulmin.check import Options, analyse

    return analyse(p, str(p), None, Options(), p.parent)


def fmt_diagnostics(diags) -> str:
    """One line per diagnostic, for assertion messages."""
    out = []
    for d in diags:
        where = f"{d.span.line}:{d.span.column}" if d.span else "?"
        out.append(f"  {d.severity}[{d.code}] {where} {d.message!r} hint={d.hint!r}")
    return "\n".join(out) or "  (none)"


# ---------------------------------------------------------------- diagnostics/: the examples
# Each example starts with `# expect: CODE LINE` headers (and `# strict`); see
# tests/diagnostics/README.md.

ERROR_CODES = (
    "syntax",
    "unknown-name",
    "unknown-unit",
    "dimension",
    "redefined",
    "import",
    "domain",
    "limit",
)
WARNING_CODES = ("unused", "unsourced")
ALL_CODES = ERROR_CODES + WARNING_CODES


@dataclass(frozen=True)
class Example:
    path: Path
    expects: tuple[tuple[str, int], ...]
    strict: bool

    @property
    def folder(self) -> str:
        return self.path.parent.name

    @property
    def is_error_case(self) -> bool:
        return any(code in ERROR_CODES for code, _ in self.expects)


def parse_example(path: Path) -> Example:
    expects: list[tuple[str, int]] = []
    strict = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            break
        m = re.fullmatch(r"#\s*expect:\s*([a-z-]+)\s+(\d+)\s*", line)
        if m:
            expects.append((m.group(1), int(m.group(2))))
        elif re.fullmatch(r"#\s*strict\s*", line):
            strict = True
    return Example(path, tuple(expects), strict)


def diagnostic_examples() -> list[Example]:
    return [
        parse_example(p) for p in sorted(DIAG_DIR.glob("*/*.claim")) if not p.name.startswith("_")
    ]


EXAMPLES = diagnostic_examples()
IDS = [f"{e.folder}/{e.path.stem}" for e in EXAMPLES]


# ---------------------------------------------------------------- cross/: one small argument

#: Hypothesis settings of the cross/ properties: few, fixed examples (each is a few proofs).
CROSS_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


CLUSTER = """
source s "A source"
given price : USD/GPU/h = {price} [s]
given gpus : GPU = {gpus}
given hours : h = {hours}
given mfu : % = {mfu}
given peak : TFLOP/s/GPU = 1000 TFLOP/s/GPU
rule rate(m, p) = m * p
let cost : USD = price * gpus * hours
let work : FLOP = rate(mfu, peak) * gpus * hours
claim cheap: cost < 1M USD
claim big: work >= 1e23 FLOP
claim busy: mfu > 25 %
"""


def cluster(
    tmp: Path,
    name: str,
    price: str = "2 USD/GPU/h",
    gpus: str = "1000 GPU",
    hours: str = "100 to 200 h",
    mfu: str = "20 % to 30 %",
) -> Path:
    return write(tmp, name, CLUSTER.format(price=price, gpus=gpus, hours=hours, mfu=mfu))


def verdict_of(program, claim_id: str) -> str:
    """The verdict of one claim of a (possibly re-valued) program, without shrinking."""
    from toulmin.engine.prove import Prover
    from toulmin.engine.solve import build_model

    model = build_model(program)
    prover = Prover(program, model, explain=False)
    claim = next(c for c in list(program.claims) + model.consistency if c.id == claim_id)
    return prover.verdict(claim).verdict


# ---------------------------------------------------------------- engine/: the stages by hand


def stages(text: str, file: str = "t.claim", strict: bool = False):
    """Run the stages one by one through their public entry points (no `check`):
    load_program → resolve → build_model → Prover. Returns them in a namespace."""
    from types import SimpleNamespace

    from toulmin.engine.load import load_program
    from toulmin.engine.prove import Prover
    from toulmin.engine.resolve import resolve
    from toulmin.engine.solve import build_model

    units, diags = load_program(Path(file), file, textwrap.dedent(text).lstrip("\n"), Path.cwd())
    program = resolve(units, strict)
    model = build_model(program)
    prover = Prover(program, model)
    claims = {c.id: c for c in list(program.claims) + model.consistency}
    return SimpleNamespace(
        units=units,
        load_diagnostics=diags,
        program=program,
        model=model,
        prover=prover,
        claims=claims,
    )


ARGUMENT = """
given price = 2 USD/GPU/h
given gpus = 1000 GPU
given hours = 100 to 200 h
given mfu: %
let cost : USD = price * gpus * hours
claim cheap: cost < 1M USD
claim busy: mfu * 2 >= 50 %
"""


@pytest.fixture(scope="session")
def argument_result():
    """The FileResult of ARGUMENT (one `holds`, one `open`) with a title, for renderers."""
    from toulmin.check import check_text

    return check_text('argument "Cluster cost" by "Ann"\n' + ARGUMENT.lstrip("\n"), "t.claim")


@pytest.fixture(scope="session")
def invalid_result():
    """The FileResult of a file with one error diagnostic and no claims."""
    from toulmin.check import check_text

    return check_text("given a = 1 FLOPS\n", "b.claim")
