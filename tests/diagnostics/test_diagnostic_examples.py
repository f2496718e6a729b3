"""Every example file under tests/diagnostics/<code>/ must produce its expected diagnostics.

Each example starts with comment headers:

    # expect: CODE LINE     one per expected diagnostic (1-based line)
    # strict                the diagnostic only shows under --strict

Files named `_*.claim` are helpers (imported by examples), not examples.
The folder name of an example is the code of its first expectation.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    ALL_CODES,
    CLI_TIMEOUT,
    DIAG_DIR,
    EXAMPLES,
    IDS,
    ROOT,
    WARNING_CODES,
    Example,
    cli,
)
from conftest import fmt_diagnostics as _fmt

from toulmin.check import check_file, check_text


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return cli("check", *args, no_color=True)


def _check(example: Example, strict: bool = False):
    """check_file, passing strict= when the engine supports it."""
    if strict:
        params = inspect.signature(check_file).parameters
        if "strict" not in params:
            return None
        return check_file(example.path, strict=True)
    return check_file(example.path)


# ---------------------------------------------------------------- the examples themselves


def test_there_are_examples_for_every_code():
    folders = {e.folder for e in EXAMPLES}
    missing = [c for c in ALL_CODES if c not in folders]
    assert not missing, f"no example folder for {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_headers_are_well_formed(example: Example):
    assert example.expects, f"{example.path} has no `# expect: CODE LINE` header"
    assert example.folder == example.expects[0][0], (
        f"folder {example.folder!r} != first expected code {example.expects[0][0]!r}"
    )
    n_lines = len(example.path.read_text(encoding="utf-8").splitlines())
    for code, line in example.expects:
        assert code in ALL_CODES, f"unknown code {code!r}"
        assert 1 <= line <= n_lines
    if any(code == "unsourced" for code, _ in example.expects):
        assert example.strict, "unsourced examples must be marked `# strict`"


# ---------------------------------------------------------------- through the API


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_expected_diagnostics_via_api(example: Example):
    res = _check(example, strict=example.strict)
    if res is None:
        pytest.skip("check_file has no strict= parameter; covered by the CLI test")
    for code, line in example.expects:
        severity = "warning" if code in WARNING_CODES else "error"
        found = [
            d
            for d in res.diagnostics
            if d.code == code and d.span is not None and d.span.line == line
        ]
        assert found, (
            f"expected {severity}[{code}] at line {line} of {example.path.name}; "
            f"got:\n{_fmt(res.diagnostics)}"
        )
        if not example.strict:
            assert any(d.severity == severity for d in found), (
                f"expected severity {severity} for [{code}] at line {line}; got:\n{_fmt(found)}"
            )
    if example.is_error_case:
        assert res.has_errors
        assert not res.ok
    else:
        # warning-only examples are otherwise valid files
        assert not res.has_errors, f"unexpected errors:\n{_fmt(res.diagnostics)}"


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_error_diagnostics_are_well_formed(example: Example):
    res = check_file(example.path)
    for d in res.diagnostics:
        assert d.severity in ("error", "warning")
        assert d.code in ALL_CODES, f"unknown diagnostic code {d.code!r}"
        assert isinstance(d.message, str) and d.message.strip(), f"empty message: {d}"
        if d.severity == "error":
            assert d.span is not None, f"error without a span: {d}"
            assert d.span.line >= 1 and d.span.column >= 1, d.span
            assert d.span.end_line >= d.span.line, d.span
            if d.span.end_line == d.span.line:
                assert d.span.end_column >= d.span.column, d.span


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_check_text_agrees_on_self_contained_examples(example: Example):
    """check_text on the file's text yields the same (code, line) pairs, when no `use`."""
    text = example.path.read_text(encoding="utf-8")
    if re.search(r"^\s*use\b", text, re.M) or example.strict:
        pytest.skip("uses other files / strict-only")
    res = check_text(text, file=example.path.name)
    got = {(d.code, d.span.line) for d in res.diagnostics if d.span is not None}
    for exp in example.expects:
        assert exp in got, f"check_text missed {exp}; got {sorted(got)}"


# ---------------------------------------------------------------- through the CLI


def _location_pattern(example: Example, code: str, line: int) -> re.Pattern:
    names = [re.escape(example.path.name)]
    if code == "import":
        # a cycle may be reported in the helper that closes it
        names += [re.escape(p.name) for p in example.path.parent.glob("_*.claim")]
    return re.compile(rf"(?:{'|'.join(names)}):{line}:")


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_expected_diagnostics_via_cli(example: Example):
    rel = str(example.path.relative_to(ROOT))
    args = [rel, "--no-color"] + (["--strict"] if example.strict else [])
    proc = _run_cli(*args)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    if example.is_error_case or example.strict:
        assert proc.returncode == 2, f"exit {proc.returncode}, expected 2\n{out}"
    else:
        # warnings alone do not fail a run whose claims hold
        assert proc.returncode == 0, f"exit {proc.returncode}, expected 0\n{out}"
    for code, line in example.expects:
        if code in WARNING_CODES:
            assert re.search(rf"(?:warning|error)\[{re.escape(code)}\]", out), out
        else:
            assert f"error[{code}]" in out, out
        assert _location_pattern(example, code, line).search(out), (
            f"no `{example.path.name}:{line}:` location in the output\n{out}"
        )
    assert "\x1b[" not in out, "--no-color output contains ANSI escapes"


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.strict], ids=[i for e, i in zip(EXAMPLES, IDS) if e.strict]
)
def test_strict_only_diagnostics_hidden_without_strict(example: Example):
    rel = str(example.path.relative_to(ROOT))
    proc = _run_cli(rel, "--no-color")
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode == 0, f"exit {proc.returncode} without --strict\n{out}"
    for code, _ in example.expects:
        assert f"[{code}]" not in out, f"[{code}] shown without --strict\n{out}"


@pytest.mark.parametrize(
    "example",
    [e for e in EXAMPLES if e.folder == "unused"],
    ids=[i for e, i in zip(EXAMPLES, IDS) if e.folder == "unused"],
)
def test_warnings_fail_under_strict(example: Example):
    rel = str(example.path.relative_to(ROOT))
    proc = _run_cli(rel, "--no-color", "--strict")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 2


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_expected_diagnostics_in_json(example: Example):
    rel = str(example.path.relative_to(ROOT))
    args = [rel, "--format", "json"] + (["--strict"] if example.strict else [])
    proc = _run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)  # standard output is the JSON document, nothing else
    assert doc["ok"] is False or not example.is_error_case
    diags = [d for r in doc["results"] for d in r["diagnostics"]]
    got = {(d["code"], d["line"]) for d in diags}
    for exp in example.expects:
        assert exp in got, f"{exp} not in JSON diagnostics {sorted(got)}"
    for d in diags:
        assert {
            "severity",
            "code",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
        } <= set(d), d
        if d["severity"] == "error":
            assert d["line"] >= 1 and d["column"] >= 1


# ---------------------------------------------------------------- specific requirements


def _diags(folder: str, stem: str, code: str):
    res = check_file(DIAG_DIR / folder / f"{stem}.claim")
    return [d for d in res.diagnostics if d.code == code], res


def _spanned(path: Path, d) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    text = lines[d.span.line - 1]
    if d.span.end_line == d.span.line:
        return text[d.span.column - 1 : d.span.end_column - 1]
    return text[d.span.column - 1 :]


def test_several_syntax_errors_reported_in_one_run():
    found, _ = _diags("syntax", "several_errors", "syntax")
    lines = {d.span.line for d in found}
    assert {5, 7, 9} <= lines, _fmt(found)


@pytest.mark.parametrize("stem", ["flops_upper", "flops_mixed", "flops_lower", "flops_prefixed"])
def test_flops_spellings_hint_flop_per_second(stem):
    found, _ = _diags("unknown-unit", stem, "unknown-unit")
    assert found
    d = found[0]
    assert d.hint is not None and "FLOP/s" in d.hint, f"hint {d.hint!r} must mention FLOP/s"


@pytest.mark.parametrize(
    "stem,unit",
    [
        ("flops_upper", "FLOPS"),
        ("flops_mixed", "FLOPs"),
        ("flops_lower", "flops"),
        ("flops_prefixed", "FLOPS"),
        ("typo_unit", "sek"),
        ("in_annotation", "TFLOPZ"),
        ("in_tolerance", "GPUhr"),
    ],
)
def test_unknown_unit_span_covers_the_unit(stem, unit):
    path = DIAG_DIR / "unknown-unit" / f"{stem}.claim"
    found, _ = _diags("unknown-unit", stem, "unknown-unit")
    assert found
    assert unit in _spanned(path, found[0]), (
        f"span {found[0].span} -> {_spanned(path, found[0])!r} does not cover {unit!r}"
    )


def test_bare_scale_word_says_how_to_write_it():
    found, _ = _diags("unknown-unit", "bare_scale_word", "unknown-unit")
    assert found
    d = found[0]
    assert d.hint, "a bare `M` must come with a hint on how to write it"


@pytest.mark.parametrize(
    "stem,name",
    [
        ("typo_in_claim", "pretrian"),
        ("typo_in_let", "prcie"),
        ("undeclared_in_rule", "k"),
        ("unit_as_bare_name", "TFLOP"),
        ("prefixed_import", "bandwidth"),
    ],
)
def test_unknown_name_span_is_the_name(stem, name):
    path = DIAG_DIR / "unknown-name" / f"{stem}.claim"
    found, _ = _diags("unknown-name", stem, "unknown-name")
    assert found
    assert any(_spanned(path, d) == name for d in found), [
        (_spanned(path, d), d.span) for d in found
    ]


def test_dimension_spec_example_compare_per_gpu():
    found, _ = _diags("dimension", "compare_per_gpu", "dimension")
    assert found
    d = found[0]
    assert d.span.line == 6
    # points at the left operand (as in the spec's rendering) or at the operator
    assert d.span.column in (21, 29), d.span
    assert "compute/time" in d.message, d.message
    assert "GPU" in d.message, d.message


def test_dimension_spec_example_suggests_per_gpu_fix():
    found, _ = _diags("dimension", "compare_per_gpu", "dimension")
    assert found
    hint = found[0].hint
    assert hint is not None, "the §6 example must suggest dividing by a GPU factor"
    assert "GPU" in hint and "per_gpu" in hint, hint


def test_dimension_annotation_names_both_dimensions():
    found, _ = _diags("dimension", "annotation_mismatch", "dimension")
    assert found
    msg = found[0].message
    assert "compute/time" in msg and "information/time" in msg, msg


def test_dimension_rate_vs_amount_names_both_and_hints():
    found, _ = _diags("dimension", "rate_vs_amount", "dimension")
    assert found
    d = found[0]
    assert "compute/time" in d.message, d.message
    assert re.search(r"\bcompute\b(?!/)", d.message.replace("compute/time", "")), d.message
    assert d.hint, "a rate compared with an amount should come with a hint"


def test_dimension_power_vs_energy_names_two_different_dimensions():
    found, _ = _diags("dimension", "power_vs_energy", "dimension")
    assert found
    msg = found[0].message
    # power = energy/time: the message must tell the two apart, in words
    assert "energy" in msg or "length" in msg, msg
    assert "power" in msg or "time" in msg, msg


def test_import_cycle_reported_without_hang_or_recursion():
    found, res = _diags("import", "cycle", "import")
    assert found
    assert not any("recursion" in d.message.lower() for d in res.diagnostics)


def test_file_over_one_mebibyte_is_a_limit_error(tmp_path):
    line = "given a_{i} = {i} GPU  # padding padding padding padding padding\n"
    parts, size, i = [], 0, 0
    while size <= 1024 * 1024 + 10:
        s = line.format(i=i)
        parts.append(s)
        size += len(s.encode())
        i += 1
    parts.append("claim c: a_0 >= 0 GPU\n")
    path = tmp_path / "big.claim"
    path.write_text("".join(parts), encoding="utf-8")
    res = check_file(path)
    assert any(d.code == "limit" and d.severity == "error" for d in res.diagnostics), _fmt(
        res.diagnostics[:5]
    )
    proc = subprocess.run(
        [sys.executable, "-m", "toulmin", "check", str(path), "--no-color"],
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "error[limit]" in proc.stdout + proc.stderr
