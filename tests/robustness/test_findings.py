"""One regression test per reproducer of issue 8 (the fuzz findings), with the expected result.

Every finding is fixed and its test must pass; each expectation is the one the
issue states. Findings of later fuzz runs are in `test_fuzz_findings.py`.

Anything that could hang or eat memory runs in a child process with a time
and memory cap, so a regression fails the test instead of the suite.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toulmin.check import check_file
from toulmin.engine.results import FileResult

ENGINE = "engine: "
TIME_CAP = 8.0  # seconds; the spec's budget is 2 s per solve or proof


def check(tmp_path: Path, text: str, name: str = "f.claim") -> FileResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path, display=name)


def codes(r: FileResult) -> list[str]:
    return [d.code for d in r.diagnostics if d.is_error]


def verdict(r: FileResult, claim_id: str = "c") -> str:
    found = [c.verdict for c in r.claims if c.id == claim_id]
    assert found, f"no verdict for {claim_id}: {[d.message for d in r.diagnostics]}"
    return found[0]


def _cap_memory() -> None:
    limit = 1 << 30  # 1 GiB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def cli(*args: str, cwd: Path, timeout: float = TIME_CAP, env: dict[str, str] | None = None):
    """Run `python -m toulmin ARGS` capped; a run past the cap is a failure, not a hang."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "toulmin", *args],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            preexec_fn=_cap_memory,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`toulmin {' '.join(args)}` ran past {timeout} s")


# --------------------------------------------------------------------------- crashes


def test_fold_sqrt_minus_zero_holds(tmp_path: Path) -> None:
    assert verdict(check(tmp_path, "claim c: sqrt(2) - 0 > 0\n")) == "holds"


def test_floor_half_to_minus_two_is_domain_error(tmp_path: Path) -> None:
    r = check(tmp_path, "claim c: floor(0.5)^(-2) > 1\n")
    assert "domain" in codes(r)


def test_unit_power_overflow_is_limit_error(tmp_path: Path) -> None:
    r = check(tmp_path, "claim c: 1 h^100 > 0 h^100\n")
    assert "limit" in codes(r)


def test_zero_factor_unit_is_refused(tmp_path: Path) -> None:
    r = check(tmp_path, "unit zz = 0 GPU\nclaim c: 1 zz = 2 zz\n")
    assert any(d.is_error and d.span and d.span.line == 1 for d in r.diagnostics)


def test_zero_factor_unit_json_is_one_document(tmp_path: Path) -> None:
    # Whatever the engine does with it, `--format json` prints one JSON document.
    (tmp_path / "f.claim").write_text("unit zz = 0 GPU\nclaim c: 1 zz = 2 zz\n")
    out = cli("check", "--format", "json", "f.claim", cwd=tmp_path)
    doc = json.loads(out.stdout)
    assert doc["toulmin"] == "1" and doc["ok"] is False


def test_internal_error_still_prints_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text("claim c: sqrt(2) - 0 > 0\n")
    out = cli("check", "--format", "json", "f.claim", cwd=tmp_path)
    doc = json.loads(out.stdout)  # exactly one document, whatever the engine did
    assert doc["toulmin"] == "1"
    if out.returncode == 3:
        assert doc["ok"] is False and "internal error" in doc["errors"][0]["message"]


def test_use_path_with_nul_byte_is_import_error(tmp_path: Path) -> None:
    r = check(tmp_path, 'use "a\x00b.claim"\ngiven x = 1\nclaim c: x = 1\n')
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line) == ("import", 1)
    assert "NUL byte" in d.message


def test_compare_with_nul_byte_use_is_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "a.claim").write_bytes(b'use "a\x00b.claim"\ngiven x = 1\nclaim c: x = 1\n')
    (tmp_path / "b.claim").write_text("given x = 2\nclaim c: x = 1\n")
    out = cli("compare", "a.claim", "b.claim", "--no-color", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert b"NUL byte" in out.stdout + out.stderr


def test_use_path_component_over_255_bytes_is_import_error(tmp_path: Path) -> None:
    r = check(tmp_path, f'use "{"a" * 300}.claim"\ngiven x = 1\nclaim c: x = 1\n')
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line) == ("import", 1)
    assert "306 bytes long" in d.message and "255 bytes" in d.message


def test_use_of_symlink_loop_is_import_error(tmp_path: Path) -> None:
    (tmp_path / "loop.claim").symlink_to(tmp_path / "loop.claim")
    r = check(tmp_path, 'use "loop.claim"\ngiven x = 1\nclaim c: x = 1\n')
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line) == ("import", 1)
    assert "symlink loop" in d.message


# --------------------------------------------------------------------------- hangs, blow-ups


def test_back_solving_exp_exp_finishes(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text(
        "given y = 1000\ngiven v : x\nlet y = exp(exp(v))\nclaim c: v ≈ 1.93264 within 0.1 %\n"
    )
    start = time.monotonic()
    out = cli("check", "--format", "json", "f.claim", cwd=tmp_path)
    assert time.monotonic() - start < TIME_CAP
    [claim] = json.loads(out.stdout)["results"][0]["claims"]
    assert claim["verdict"] == "holds"  # v = log(log(1000)) = 1.93264


def test_rule_inlining_forty_levels_finishes(tmp_path: Path) -> None:
    lines = ["rule r0(p) = p"]
    lines += [f"rule r{i}(p) = r{i - 1}(p) * r{i - 1}(p)" for i in range(1, 41)]
    lines += ["given a = 1", "let y = r40(a)", "claim c: y = 1"]
    (tmp_path / "f.claim").write_text("\n".join(lines) + "\n")
    out = cli("check", "--format", "json", "f.claim", cwd=tmp_path)
    result = json.loads(out.stdout)["results"][0]
    # Shared subexpressions give `holds`; an expansion past a size limit a `limit` error.
    limited = any(d["code"] == "limit" for d in result["diagnostics"])
    assert limited or [c["verdict"] for c in result["claims"]] == ["holds"]


def test_file_used_twice_under_two_prefixes_is_loaded_once(tmp_path: Path) -> None:
    n = 14
    for i in range(n):
        (tmp_path / f"f{i}.claim").write_text(
            f'use "f{i + 1}.claim" as a\nuse "f{i + 1}.claim" as b\n'
        )
    (tmp_path / f"f{n}.claim").write_text("given x = 1\n")
    deep_a, deep_b = "a." * n + "x", "b." * (n - 1) + "a.x"
    (tmp_path / "main.claim").write_text(
        f'use "f0.claim" as top\nclaim c: top.{deep_a} = 1\nclaim d: top.{deep_b} = top.{deep_a}\n'
    )
    start = time.monotonic()
    r = check_file(tmp_path / "main.claim", display="main.claim")
    assert time.monotonic() - start < 5.0  # 2^14 copies took 15.7 s
    assert codes(r) == []
    assert [c.verdict for c in r.claims] == ["holds", "holds"]
    from toulmin.engine.load import load_program

    units, _ = load_program(tmp_path / "main.claim")
    assert len(units) == n + 2  # main, f0 ... f14: each file once


def test_check_of_fifo_is_import_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.claim"
    os.mkfifo(fifo)
    r = check_file(fifo, display="pipe.claim")
    [d] = r.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("import", 1, 1)
    assert "FIFO" in d.message


def test_use_of_fifo_is_import_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.claim")
    r = check(tmp_path, 'use "pipe.claim"\ngiven x = 1\nclaim c: x = 1\n')
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line) == ("import", 1)
    assert "FIFO" in d.message


def test_symlink_to_dev_zero_is_refused_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.claim"
    link.symlink_to("/dev/zero")
    r = check_file(link, display="zero.claim")
    [d] = r.diagnostics
    assert d.code == "import" and "character device" in d.message


def test_one_mib_single_line_is_fast(tmp_path: Path) -> None:
    line = "given x = 1 " + "+ 1 " * ((1 << 20) // 4 - 8)
    (tmp_path / "f.claim").write_text(line[: (1 << 20) - 1] + "\n")
    start = time.monotonic()
    out = cli("check", "f.claim", "--no-color", cwd=tmp_path)
    assert out.returncode == 2  # some error (limit or syntax) is right; a crash is not
    assert time.monotonic() - start < 3.0


# --------------------------------------------------------------------------- unsound verdicts

OVERFLOW = [
    ("given y = 1e200\nclaim c: y*y/y = y\n", "holds"),
    ("given y = 1e200\nclaim c: 1/(y*y) = 1/(y*y*y)\n", "fails"),
    # a range named three times is simplified to `x` before the proof (engine/simplify.py)
    ("given x = 1e200 to 1e250\nclaim c: x*x/x <= 1e300\n", "holds"),
    ("claim c: 1e-300 * 1e-300 = 0\n", "fails"),
]


@pytest.mark.parametrize(("text", "exact"), OVERFLOW)
def test_overflow_in_claims_is_limit_error_or_exact(tmp_path: Path, text: str, exact: str) -> None:
    # A `limit` error as in a `let`, or the verdict of exact evaluation; never the float one.
    r = check(tmp_path, text)
    assert "limit" in codes(r) or verdict(r) == exact


TIES = [
    "given a = 0.1\nclaim c: a + 0.2 <= 0.3\n",
    "given a = 0.1\nclaim c: a * 3 <= 0.3\n",
    "given b = 0.1 to 0.2\nclaim c: b*3 <= 0.6\n",
]


@pytest.mark.parametrize("text", TIES)
def test_ties_hold(tmp_path: Path, text: str) -> None:
    r = check(tmp_path, text)
    assert verdict(r) == "holds"
    assert r.claims[0].counterexample is None


SEVERAL = [
    # (premises, claim, a solution that fits every premise and breaks the verdict)
    ("given y = 3\ngiven v : x\nlet y = abs(v)\n", "claim c: v > 0\n"),
    ("given y = 3\ngiven v : x\nlet y = abs(v)\n", "claim c: v = -3\n"),
    ("given y = 3\ngiven v : x\nlet y = ceil(v)\n", "claim c: v < 2.5\n"),
    ("given y = 5 GPU\ngiven v : GPU\nlet y = min(v, 5 GPU)\n", "claim c: v = 5 GPU\n"),
]


@pytest.mark.parametrize(("premises", "claim"), SEVERAL)
def test_several_solutions_are_not_proved_on_one(tmp_path: Path, premises: str, claim: str) -> None:
    # The whole solution set decides (depends), or the engine says open/undecided.
    assert verdict(check(tmp_path, premises + claim)) in ("depends", "open", "undecided")


def _numbers(text: str) -> list[float]:
    return sorted(float(x.replace("−", "-")) for x in re.findall(r"[-−]?\d+(?:\.\d+)?", text))


OPEN_CONDITIONS = [
    ("m * m >= 0.25", [-0.5, 0.5]),  # m ≤ -0.5 or m ≥ 0.5
    ("ceil(m) >= 2", [1.0]),  # m > 1
    ("m^2 >= 4", [-2.0, 2.0]),  # m ≤ -2 or m ≥ 2
    ("abs(m-3) <= 1", [2.0, 4.0]),  # 2 ≤ m ≤ 4
]


@pytest.mark.parametrize(("claim", "bounds"), OPEN_CONDITIONS)
def test_open_condition_is_the_whole_set(tmp_path: Path, claim: str, bounds: list[float]) -> None:
    r = check(tmp_path, f"given m : x\nclaim c: {claim}\n")
    assert verdict(r) == "open"
    assert _numbers(r.claims[0].condition or "") == bounds


# --------------------------------------------------------------------------- diagnostics

DOMAIN = ["sqrt(-g) >= 0", "log(-g) < 1", "1/(g - 250) < 1"]


@pytest.mark.parametrize("claim", DOMAIN)
def test_domain_error_in_claim(tmp_path: Path, claim: str) -> None:
    r = check(tmp_path, f"given g = 202 to 317\nclaim c: {claim}\n")
    assert "domain" in codes(r)
    assert r.claims == []


def test_same_unit_twice_is_redefined(tmp_path: Path) -> None:
    r = check(tmp_path, "unit chip\nunit chip\ngiven n = 3 chip\nclaim c: n = 3 chip\n")
    assert [(d.code, d.span.line) for d in r.diagnostics if d.is_error] == [("redefined", 2)]


def test_rule_param_twice_is_redefined(tmp_path: Path) -> None:
    r = check(tmp_path, "rule f(a, a) = a\ngiven x = 1\nclaim c: f(x, x) = 1\n")
    assert "redefined" in codes(r)


def test_file_over_limit_has_position_and_exact_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big.claim"
    path.write_bytes(b"#" * (1 << 20) + b"\n")
    r = check_file(path, display="big.claim")
    [d] = r.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("limit", 1, 1)
    assert d.message == (
        "the file is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB); "
        "raise it with --max-file-kib"
    )
    out = cli("check", "--format", "json", "big.claim", cwd=tmp_path)
    [jd] = json.loads(out.stdout)["results"][0]["diagnostics"]
    assert (jd["line"], jd["column"]) == (1, 1)


def test_use_chain_970_deep_is_a_limit_error(tmp_path: Path) -> None:
    n = 970
    for i in range(n):
        (tmp_path / f"f{i}.claim").write_text(f'use "f{i + 1}.claim"\n')
    (tmp_path / f"f{n}.claim").write_text("given x = 1\n")
    r = check_file(tmp_path / "f0.claim", display="f0.claim")
    errs = [d for d in r.diagnostics if d.is_error]
    assert [d.code for d in errs] == ["limit"]
    assert "RecursionError" not in errs[0].message and errs[0].span.line == 1


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.claim"
    path.write_bytes("\ufeffgiven x = 1\nclaim c: x = 1\n".encode())
    r = check_file(path, display="f.claim")
    assert r.diagnostics == [] and verdict(r) == "holds"


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_line_endings_report_the_right_line(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "f.claim"
    text = newline.join(["given x = 1", "given y = 2", "claim c: x + y = 4", "claim d: zz = 1", ""])
    path.write_bytes(text.encode())
    r = check_file(path, display="f.claim")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert (d.code, d.span.line, d.span.column) == ("unknown-name", 4, 10)


def test_flat_300_term_sum_is_not_nesting(tmp_path: Path) -> None:
    r = check(tmp_path, "claim c: " + " + ".join(["1"] * 300) + " = 300\n")
    assert r.diagnostics == [] and verdict(r) == "holds"


def test_cli_names_fifo_instead_of_no_such_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.claim")
    out = cli("check", "pipe.claim", "/dev/null", cwd=tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "no such file" not in err
    assert "pipe.claim: it is a FIFO (named pipe)" in err
    assert "/dev/null: it is a character device" in err


def test_cli_path_component_over_255_bytes_is_a_usage_error(tmp_path: Path) -> None:
    out = cli("check", "--format", "json", "a" * 300 + ".claim", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert "306 bytes long" in out.stderr.decode()
    assert json.loads(out.stdout)["ok"] is False


def test_explain_json_on_invalid_file_is_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text("given x = \nclaim c: x = 1\n")
    out = cli("explain", "--format", "json", "f.claim", "c", cwd=tmp_path)
    assert out.returncode == 2
    doc = json.loads(out.stdout)
    diags = doc["results"][0]["diagnostics"]
    assert ("syntax", 1) in [(d["code"], d["line"]) for d in diags]
    assert doc["ok"] is False


def test_explain_json_unknown_name_is_one_json_document(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text("given x = 1\nclaim c: x = 1\n")
    out = cli("explain", "--format", "json", "f.claim", "nope", cwd=tmp_path)
    assert out.returncode == 2
    assert "no claim or value named `nope`" in json.loads(out.stdout)["errors"][0]["message"]


def test_non_utf8_file_name_gives_valid_json(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.claim")
    (tmp_path / name).write_text("given x = 1\nclaim c: x = 1\n")
    out = cli("check", "--format", "json", name, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout.decode("utf-8"))
    assert doc["results"][0]["file"] == "bad\ufffd.claim"


def test_ceil_of_quantity_is_dimension_error(tmp_path: Path) -> None:
    r = check(tmp_path, "claim c: ceil(1.5 h) = 2 h\n")
    [d] = [d for d in r.diagnostics if d.is_error]
    assert d.code == "dimension" and "ceil(x / 1 h) * 1 h" in (d.hint or "")


# --------------------------------------------------------------------------- security


def test_nothing_executable_is_loaded_from_the_cache_folder(tmp_path: Path) -> None:
    # the parser is a generated module in the package; only the unit table (JSON) is cached
    (tmp_path / "f.claim").write_text("given x = 2 h\nclaim c: x = 7200 s\n")
    cache = tmp_path / "cache"
    cli("check", "f.claim", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    cli("check", "f.claim", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    written = sorted(p.name for p in (cache / "toulmin").iterdir())
    assert all(re.fullmatch(r"units-[0-9a-f]{16}\.json", n) for n in written), written


@pytest.mark.parametrize(
    "bad", ['{"s": 5}', "[]", '{"s": [1, [["time", "x"]], null]}', "null", '"text"']
)
def test_malformed_unit_table_cache_is_rebuilt(tmp_path: Path, bad: str) -> None:
    (tmp_path / "f.claim").write_text("given x = 2 h\nclaim c: x = 7200 s\n")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert cli("check", "f.claim", cwd=tmp_path, env=env).returncode == 0
    [table] = (tmp_path / "cache" / "toulmin").glob("units-*.json")
    table.write_text(bad)
    out = cli("check", "f.claim", cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert "FLOP" in json.loads(table.read_text())  # rebuilt in place
