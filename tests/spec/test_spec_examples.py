"""The examples and MUSTs of /work/shared/spec/LANGUAGE.md, section by section."""

from __future__ import annotations

import json
import math
import random
import re
import textwrap
from pathlib import Path

import pytest
from conftest import cli, write

from toulmin.check import check_file, check_text

# ---------------------------------------------------------------- helpers


def check(text: str, file: str = "t.claim"):
    return check_text(textwrap.dedent(text).lstrip("\n"), file=file)


def fmt(res) -> str:
    lines = [
        f"  {d.severity}[{d.code}] "
        f"{d.span.line if d.span else '?'}:{d.span.column if d.span else '?'} {d.message}"
        for d in res.diagnostics
    ]
    lines += [
        f"  claim {c.id}: {c.verdict} ({c.proof}) lhs={c.lhs} rhs={c.rhs} cond={c.condition}"
        for c in res.claims
    ]
    return "\n".join(lines)


def clean(text: str, file: str = "t.claim"):
    """Check a file that must have no error diagnostics."""
    res = check(text, file)
    errors = [d for d in res.diagnostics if d.severity == "error"]
    assert not errors, "unexpected errors:\n" + fmt(res)
    return res


def claim(res, cid: str, kind: str | None = None):
    found = [c for c in res.claims if c.id == cid and (kind is None or c.kind == kind)]
    assert found, f"no claim {cid!r} (kind {kind}) in\n{fmt(res)}"
    return found[0]


def verdicts(res) -> dict[str, str]:
    return {c.id: c.verdict for c in res.claims if c.kind == "claim"}


def codes(res) -> set[str]:
    return {d.code for d in res.diagnostics if d.severity == "error"}


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0 if b else 1e-300)


# ---------------------------------------------------------------- §1 a first example

DEEPSEEK = """\
# deepseek.claim — the DeepSeek-V3 training-cost table
source dsv3 "DeepSeek-V3 Technical Report, Table 1" "https://arxiv.org/abs/2412.19437"

given pretrain  = 2664K GPU*h   [dsv3]
given extension = 119K GPU*h    [dsv3]
given posttrain = 5K GPU*h      [dsv3]
given price     = 2 USD/GPU/h   [dsv3] "assuming the rental price of the H800 is $2 per GPU hour"

let hours = pretrain + extension + posttrain
let cost  = hours * price

claim total_hours: hours = 2.788M GPU*h          [dsv3]
claim total_cost:  cost ≈ 5.576M USD within 0.1 %  [dsv3]
claim cheap:       cost < 6M USD
"""
DEEPSEEK_LINES = {"total_hours": 12, "total_cost": 13, "cheap": 14}


def test_s1_deepseek_three_claims_hold():
    res = check_text(DEEPSEEK, file="deepseek.claim")
    assert not res.has_errors, fmt(res)
    assert verdicts(res) == {"total_hours": "holds", "total_cost": "holds", "cheap": "holds"}
    assert res.ok
    for cid, line in DEEPSEEK_LINES.items():
        assert claim(res, cid).line == line
        assert claim(res, cid).kind == "claim"
    assert not [c for c in res.claims if c.kind == "consistency"], fmt(res)


def test_s1_deepseek_values():
    res = check_text(DEEPSEEK, file="deepseek.claim")
    v = res.values
    for name in ("pretrain", "extension", "posttrain", "price", "hours", "cost"):
        assert name in v, sorted(v)
    assert close(v["hours"].value, 2.788e6 * 3600)  # GPU*h in SI: GPU*s
    assert close(v["cost"].value, 5.576e6)
    assert v["cost"].si_unit == "USD"
    assert close(v["price"].value, 2 / 3600)  # USD/GPU/s
    for q in v.values():
        assert q.low == q.value == q.high


def test_s1_deepseek_claim_details():
    res = check_text(DEEPSEEK, file="deepseek.claim")
    c = claim(res, "total_cost")
    assert c.op == "≈"
    assert c.proof == "exact"
    assert c.tolerance == {"relative": pytest.approx(0.001)}
    assert tuple(c.sources) == ("dsv3",)
    assert close(c.lhs.value, 5.576e6) and close(c.rhs.value, 5.576e6)
    assert c.rhs.unit == "USD" and c.lhs.unit == "USD"  # shown in the rhs unit
    assert c.counterexample is None and c.witness is None and c.condition is None
    assert tuple(claim(res, "cheap").sources) == ()
    assert claim(res, "total_hours").op == "="


def test_s1_deepseek_cli_exit_0_and_table(tmp_path):
    p = write(tmp_path, "deepseek.claim", DEEPSEEK)
    proc = cli("check", str(p), "--no-color")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for cid in DEEPSEEK_LINES:
        assert cid in proc.stdout
    assert proc.stdout.count("holds") >= 3
    assert "Traceback" not in proc.stderr


QUANTITY_KEYS = {"value", "low", "high", "unit", "si"}
CLAIM_KEYS = {
    "id",
    "kind",
    "line",
    "text",
    "verdict",
    "proof",
    "op",
    "lhs",
    "rhs",
    "tolerance",
    "counterexample",
    "witness",
    "condition",
    "sources",
}


def assert_quantity(q):
    assert isinstance(q, dict) and set(q) >= QUANTITY_KEYS, q
    assert {"value", "low", "high", "unit"} <= set(q["si"]), q
    assert isinstance(q["unit"], str) and isinstance(q["si"]["unit"], str)
    for k in ("value", "low", "high"):
        assert isinstance(q[k], (int, float)) and isinstance(q["si"][k], (int, float))
    assert q["low"] <= q["value"] <= q["high"]


def test_s7_json_shape_of_deepseek(tmp_path):
    p = write(tmp_path, "deepseek.claim", DEEPSEEK)
    proc = cli("check", str(p), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # nothing but JSON on stdout
    assert set(doc) >= {"toulmin", "ok", "results"}
    assert doc["toulmin"] == "1"
    assert doc["ok"] is True
    assert len(doc["results"]) == 1
    r = doc["results"][0]
    assert set(r) >= {"file", "ok", "claims", "values", "diagnostics"}
    assert r["file"].endswith("deepseek.claim")
    assert r["ok"] is True
    assert r["diagnostics"] == [] or all(d["severity"] == "warning" for d in r["diagnostics"])
    assert [c["id"] for c in r["claims"] if c["kind"] == "claim"] == [
        "total_hours",
        "total_cost",
        "cheap",
    ]
    for c in r["claims"]:
        assert set(c) >= CLAIM_KEYS, set(c)
        assert c["verdict"] == "holds"
        assert_quantity(c["lhs"])
        assert_quantity(c["rhs"])
        assert isinstance(c["sources"], list)
    tc = next(c for c in r["claims"] if c["id"] == "total_cost")
    assert tc["line"] == 13 and tc["kind"] == "claim" and tc["op"] == "≈"
    assert tc["proof"] == "exact"
    assert tc["text"] is None
    assert tc["tolerance"] == {"relative": pytest.approx(0.001)}
    assert tc["counterexample"] is None and tc["witness"] is None and tc["condition"] is None
    assert tc["sources"] == ["dsv3"]
    assert tc["lhs"]["si"]["unit"] == "USD"
    assert tc["lhs"]["si"]["value"] == pytest.approx(5.576e6, rel=1e-9)
    # the claim is shown in the unit of its right-hand side
    assert tc["lhs"]["unit"] == tc["rhs"]["unit"]
    assert tc["lhs"]["value"] == pytest.approx(tc["rhs"]["value"], rel=1e-9)
    assert set(r["values"]) >= {"pretrain", "extension", "posttrain", "price", "hours", "cost"}
    for q in r["values"].values():
        assert_quantity(q)
    assert r["values"]["cost"]["si"]["value"] == pytest.approx(5.576e6)


def test_s7_json_quantity_si_examples(tmp_path):
    p = write(
        tmp_path,
        "q.claim",
        """
        source s "datasheet"
        given bw  = 3.35 TB/s [s]
        given mfu = 20 % [s]
        given bw2: TB/s = 3.35 TB/s [s]
        claim fast: bw > 1 TB/s
        claim same: bw2 = bw
        claim mfu_ok: mfu < 50 %
        """,
    )
    proc = cli("check", str(p), "--format", "json")
    doc = json.loads(proc.stdout)
    vals = doc["results"][0]["values"]
    assert vals["bw"]["si"]["value"] == pytest.approx(3.35e12, rel=1e-12)
    assert vals["bw"]["si"]["unit"] == "B/s"
    assert vals["bw"]["si"]["low"] == vals["bw"]["si"]["value"] == vals["bw"]["si"]["high"]
    assert vals["mfu"]["si"]["value"] == pytest.approx(0.2, rel=1e-12)
    assert vals["mfu"]["si"]["unit"] == ""
    # annotated display unit
    assert vals["bw2"]["unit"] == "TB/s"
    assert vals["bw2"]["value"] == pytest.approx(3.35, rel=1e-12)
    assert proc.returncode == 0


def test_s7_json_diagnostic_shape(tmp_path):
    p = write(
        tmp_path,
        "bad.claim",
        """
        given x: FLOP/s = 3 TB/s
        claim c: x > 1 FLOP/s
        """,
    )
    proc = cli("check", str(p), "--format", "json")
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert doc["ok"] is False
    diags = doc["results"][0]["diagnostics"]
    d = next(d for d in diags if d["code"] == "dimension")
    assert set(d) >= {
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
    }
    assert d["severity"] == "error" and d["line"] == 1 and d["column"] >= 1
    assert d["file"].endswith("bad.claim")


# ---------------------------------------------------------------- §2 lexical structure


@pytest.mark.parametrize(
    "literal,si_value,si_unit",
    [
        ("42", 42, ""),
        ("3.35", 3.35, ""),
        ("1e25", 1e25, ""),
        ("3.8e25", 3.8e25, ""),
        ("1_000_000", 1e6, ""),
        ("2664K", 2.664e6, ""),
        ("2664k", 2.664e6, ""),
        ("5.576M", 5.576e6, ""),
        ("671B", 6.71e11, ""),
        ("14.8T", 1.48e13, ""),
        ("$2", 2, "USD"),
        ("$5.576M", 5.576e6, "USD"),
        ("3.35 TB/s", 3.35e12, "B/s"),
        ("3.35TB/s", 3.35e12, "B/s"),
        ("671 B", 671, "B"),  # `B` alone after a space is the byte
        ("80GB", 8e10, "B"),  # G is not a number suffix: GB is the unit
        ("2MiB", 2 * 2**20, "B"),  # M followed by a letter is not a scale suffix
        ("20 %", 0.2, ""),
        ("2.2x", 2.2, ""),
        ("700 W", 700, None),
        ("989 TFLOP/s/GPU", 989e12, None),
        ("2 USD/(GPU*h)", 2 / 3600, None),
    ],
)
def test_s2_s3_number_literals(literal, si_value, si_unit):
    res = clean(f"given q = {literal}\nclaim c: q = q\n")
    q = res.values["q"]
    assert close(q.value, si_value), (literal, q)
    assert q.low == q.high == q.value
    if si_unit is not None:
        assert q.si_unit == si_unit, (literal, q.si_unit)


@pytest.mark.parametrize(
    "a,b",
    [
        ("2664K GPU*h", "2664000 GPU*h"),
        ("2.788 M GPU*h", "2.788M GPU*h"),
        ("2.788 M GPU*h", "2788000 GPU*h"),
        ("3.35TB/s", "3.35 TB/s"),
        ("$5.576M", "5.576M USD"),
        ("2 USD/GPU/h", "2 USD/(GPU*h)"),
        ("1_000_000 token", "1e6 token"),
        ("2664K GPU*h", "2.664M GPU*h"),
    ],
)
def test_s2_equivalent_spellings(a, b):
    res = clean(f"claim same: {a} = {b}\n")
    assert claim(res, "same").verdict == "holds", fmt(res)


def test_s2_scale_suffix_only_before_non_letter():
    # `671B` is 671e9 (a count), `671 B` is 671 bytes: not comparable
    res = check("claim c: 671B = 671 B\n")
    assert "dimension" in codes(res), fmt(res)


OPERATORS = """\
claim m1: 2 × 3 = 6
claim m2: 2 · 3 = 6
claim m3: 2 * 3 = 6
claim p1: 2 ** 3 = 8
claim p2: 2 ^ 3 = 8
claim le1: 1 ≤ 2
claim le2: 1 <= 2
claim le3: 2 <= 2
claim ge1: 2 ≥ 1
claim ge2: 2 >= 1
claim ne1: 1 ≠ 2
claim ne2: 1 != 2
claim ap1: 100 ≈ 102
claim ap2: 100 ~= 102
claim ap3: 100 ~ 102
claim lt: 1 < 2
claim gt: 2 > 1
claim sub: 7 - 2 = 5
claim div: 7 / 2 = 3.5
claim neg: -3 + 5 = 2
claim prec: 2 + 3 * 4 ^ 2 = 50
claim xle: 3 ≤ 2
claim xge: 1 ≥ 2
claim xne: 2 ≠ 2
claim xap: 100 ~= 120
claim xpow: 2 ** 3 = 9
claim xlt: 2 < 2
"""


def test_s2_operators_unicode_and_ascii():
    res = clean(OPERATORS)
    v = verdicts(res)
    for cid, verdict in v.items():
        expected = "fails" if cid.startswith("x") else "holds"
        assert verdict == expected, f"{cid}: {verdict}\n{fmt(res)}"
    assert len(v) == OPERATORS.count("claim ")
    ops = {c.id: c.op for c in res.claims}
    assert ops["ap1"] == ops["ap2"] == ops["ap3"] == "≈"
    assert ops["le1"] == ops["le2"]
    assert ops["ge1"] == ops["ge2"]
    assert ops["ne1"] == ops["ne2"]


def test_s2_power_is_right_associative_or_consistent():
    res = clean("claim p: 2 ^ 3 ^ 2 = 512\n")
    assert claim(res, "p").verdict == "holds"


@pytest.mark.parametrize("spelling", ["20 % ± 5 %", "20 % +- 5 %", "15 % to 25 %", "15 to 25 %"])
def test_s2_s4_range_spellings(spelling):
    res = clean(f"given r = {spelling}\nclaim c: r < 30 %\n")
    q = res.values["r"]
    assert close(q.low, 0.15) and close(q.high, 0.25), q
    assert q.low <= q.value <= q.high
    assert claim(res, "c").verdict == "holds"


def test_s2_continuation_by_indentation():
    text = (
        "given hours = 2788K GPU*h\n"
        "given price = 2 USD/GPU/h\n"
        "let cost = hours\n"
        "    * price\n"
        "claim c: cost ≈ 5.576M USD\n"
        "\twithin 0.1 %\n"
    )
    res = clean(text)
    assert close(res.values["cost"].value, 5.576e6)
    c = claim(res, "c")
    assert c.verdict == "holds"
    assert c.tolerance == {"relative": pytest.approx(0.001)}


def test_s2_continuation_by_open_bracket():
    text = (
        "given hours = 2788K GPU*h\n"
        "given price = 2 USD/GPU/h\n"
        "let cost = (hours *\n"
        "price)\n"
        'source s "A" "https://example.org"\n'
        "claim c: cost < 6M USD [\n"
        "s]\n"
    )
    res = clean(text)
    assert close(res.values["cost"].value, 5.576e6)
    c = claim(res, "c")
    assert c.verdict == "holds"
    assert tuple(c.sources) == ("s",)


def test_s2_line_without_indent_is_a_new_statement():
    # `* price` on its own line at column 1 is not a continuation: a syntax error
    res = check(
        "given hours = 2788K GPU*h\ngiven price = 2 USD/GPU/h\nlet cost = hours\n* price\n"
        "claim c: cost > 0 USD\n"
    )
    syntax = [d for d in res.diagnostics if d.code == "syntax"]
    assert syntax and syntax[0].span.line == 4, fmt(res)


def test_s2_strings_with_escapes_and_comments():
    text = (
        'source s "The \\"best\\" report \\\\ v2" "https://example.org/a#b"  # a comment\n'
        'given a = 2 GPU [s] "a # inside a string is not a comment"\n'
        "# a full-line comment\n"
        'claim c: a > 1 GPU [s] "he said \\"two\\" and a back\\\\slash"  # trailing\n'
    )
    res = clean(text)
    c = claim(res, "c")
    assert c.text == 'he said "two" and a back\\slash'
    assert c.verdict == "holds"
    assert res.sources["s"][0] == 'The "best" report \\ v2'
    assert res.sources["s"][1] == "https://example.org/a#b"


def test_s2_names_may_be_dotted_and_contain_digits():
    res = clean("given h100_bw = 3.35 TB/s\nlet x2 = 2 * h100_bw\nclaim c: x2 = 6.7 TB/s\n")
    assert claim(res, "c").verdict == "holds"
    res = clean(
        "given h100.bf16_dense = 989 TFLOP/s\n"
        "let h100.two = 2 * h100.bf16_dense\n"
        "claim d: h100.two = 1978 TFLOP/s\n"
    )
    assert claim(res, "d").verdict == "holds"
    assert "h100.bf16_dense" in res.values


# ---------------------------------------------------------------- §3 units

UNIT_FACTS = """\
claim bits: 8 b = 1 B
claim kib: 1 KiB = 1024 B
claim gib: 1 GiB = 1073741824 B
claim gb: 1 GB = 1e9 B
claim gb_ne_gib: 1 GB != 1 GiB
claim tb: 1 TB = 1000 GB
claim pflop: 1 PFLOP = 1e15 FLOP
claim eflop: 1 EFLOP/s = 1000 PFLOP/s
claim tflop: 1 TFLOP = 1e12 FLOP
claim minute: 1 min = 60 s
claim hour: 1 h = 60 min
claim day: 1 day = 24 h
claim week: 1 week = 7 day
claim wh: 1 Wh = 3600 J
claim kwh: 1 kWh = 3.6e6 J
claim watt: 1 W * 1 s = 1 J
claim va: 1 V*A = 1 W
claim hz: 1 kHz * 1 s = 1000
claim km: 1 km = 1000 m
claim kg: 1 kg = 1000 g
claim ms: 1000 ms = 1 s
claim cent: 100 cent = 1 USD
claim dollar: $2 = 2 USD
claim param: 1 param = 1 parameter
claim pct: 20 % = 0.2
claim times: 2.2x = 2.2
claim ppm: 1e6 ppm = 1
claim byte_word: 1 byte = 8 bit
"""


def test_s3_unit_registry_facts():
    res = clean(UNIT_FACTS)
    v = verdicts(res)
    assert len(v) == UNIT_FACTS.count("claim ")
    bad = {k: x for k, x in v.items() if x != "holds"}
    assert not bad, f"{bad}\n{fmt(res)}"


@pytest.mark.parametrize(
    "lhs,rhs",
    [
        ("1 B", "1"),  # bytes are not dimensionless
        ("1 token", "1 param"),  # counting units are their own dimensions
        ("1 GPU", "1"),
        ("1 FLOP", "1"),
        ("1 USD", "1"),
        ("1 FLOP", "1 FLOP/s"),  # an amount is not a rate
        ("1 W", "1 Wh"),
        ("1 GPU", "1 token"),
    ],
)
def test_s3_distinct_dimensions(lhs, rhs):
    res = check(f"claim c: {lhs} = {rhs}\n")
    assert "dimension" in codes(res), fmt(res)


def test_s3_unit_declarations():
    res = clean("""
        unit chip
        unit node = 8 GPU
        unit PFday = 1 PFLOP/s*day
        given chips = 4 chip
        given nodes = 2 node
        claim chips_ok: chips > 1 chip
        claim gpus: nodes = 16 GPU
        claim pfday: 1 PFday = 8.64e19 FLOP
        """)
    assert verdicts(res) == {"chips_ok": "holds", "gpus": "holds", "pfday": "holds"}, fmt(res)
    assert res.values["chips"].si_unit == "chip"
    assert close(res.values["chips"].value, 4)
    assert res.values["nodes"].si_unit == "GPU"
    assert close(res.values["nodes"].value, 16)


def test_s3_declared_base_unit_is_its_own_dimension():
    res = check("unit chip\ngiven chips = 4 chip\nclaim c: chips > 1 GPU\n")
    assert "dimension" in codes(res), fmt(res)


def test_s3_units_only_after_numbers():
    # a bare unit name in an expression is a variable, and undeclared
    res = check("given gpus = 8 GPU\nclaim c: gpus * TFLOP > 1 FLOP\n")
    assert "unknown-name" in codes(res), fmt(res)


def test_s3_scale_word_with_following_unit_and_bad_standalone():
    res = clean("given a = 2.788 M GPU*h\nclaim c: a = 2.788M GPU*h\n")
    assert claim(res, "c").verdict == "holds"
    for word in ("M", "K", "k", "T", "G", "P"):
        res = check(f"given n = 5 {word}\nclaim c: n > 1\n")
        assert res.has_errors, f"`5 {word}` alone must be an error\n{fmt(res)}"
        d = next(d for d in res.diagnostics if d.severity == "error")
        assert d.span.line == 1


def test_s3_tolerance_with_unit_and_annotation_display():
    res = clean("""
        given peak: PFLOP/s = 989.4 TFLOP/s * 2048
        claim c: peak ≈ 2026 PFLOP/s within 1 PFLOP/s
        """)
    q = res.values["peak"]
    assert q.unit == "PFLOP/s"
    assert close(q.value, 989.4e12 * 2048)
    assert close(q.in_display(q.value), 989.4e-3 * 2048)
    c = claim(res, "c")
    assert c.verdict == "holds"
    assert c.rhs.unit == "PFLOP/s"


# ---------------------------------------------------------------- §4 statements


def test_s4_argument_header_sources_and_quotes():
    res = clean("""
        argument "DeepSeek cost" by "A. Author" [dsv3]
        source dsv3 "DeepSeek-V3 Technical Report" "https://arxiv.org/abs/2412.19437"
        source blog "A blog post"
        given a = 2 GPU [dsv3, blog] "two GPUs"
        given b: GPU = 3 GPU
        claim c: a + b = 5 GPU [dsv3, blog] "five in all"
        """)
    c = claim(res, "c")
    assert c.verdict == "holds"
    assert tuple(c.sources) == ("dsv3", "blog")
    assert c.text == "five in all"


def test_s4_argument_header_at_most_once():
    res = check("""
        argument "One" by "A"
        argument "Two" by "B"
        given a = 2 GPU
        claim c: a > 1 GPU
        """)
    assert res.has_errors, fmt(res)
    assert any(d.span and d.span.line == 2 for d in res.diagnostics if d.severity == "error")


def test_s4_use_with_prefix(tmp_path):
    write(
        tmp_path,
        "hw.claim",
        """
        source spec "H800 datasheet"
        given bandwidth = 3.35 TB/s [spec]
        given memory = 80 GB [spec]
        """,
    )
    main = write(
        tmp_path,
        "main.claim",
        """
        use "hw.claim" as hw
        let t = hw.memory / hw.bandwidth
        claim bw: hw.bandwidth = 3.35 TB/s
        claim fast: t < 30 ms
        """,
    )
    res = check_file(main)
    assert not res.has_errors, fmt(res)
    assert verdicts(res) == {"bw": "holds", "fast": "holds"}
    assert "hw.bandwidth" in res.values
    assert close(res.values["hw.bandwidth"].value, 3.35e12)
    assert close(res.values["t"].value, 80e9 / 3.35e12)


def test_s4_use_without_prefix_and_subfolder(tmp_path):
    write(
        tmp_path,
        "lib/hw.claim",
        """
        given bandwidth = 3.35 TB/s
        """,
    )
    main = write(
        tmp_path,
        "main.claim",
        """
        use "lib/hw.claim"
        claim bw: bandwidth = 3.35 TB/s
        """,
    )
    res = check_file(main)
    assert not res.has_errors, fmt(res)
    assert claim(res, "bw").verdict == "holds"


def test_s4_use_prefixed_name_not_reachable_unprefixed(tmp_path):
    write(tmp_path, "hw.claim", "given bandwidth = 3.35 TB/s\n")
    main = write(
        tmp_path,
        "main.claim",
        """
        use "hw.claim" as hw
        claim bw: bandwidth = 3.35 TB/s
        """,
    )
    res = check_file(main)
    assert "unknown-name" in codes(res), fmt(res)


def test_s4_rules_with_annotated_params():
    res = clean("""
        given n = 671B param
        given d = 14.8T token
        rule training_flops(p: param, t: token) = 6 FLOP/param/token * p * t
        let flops = training_flops(n, d)
        claim big: flops ≈ 5.9588e25 FLOP within 0.1 %
        claim literal_args: training_flops(37B param, 14.8T token) ≈ 3.2856e24 FLOP within 0.1 %
        """)
    assert verdicts(res) == {"big": "holds", "literal_args": "holds"}, fmt(res)
    assert close(res.values["flops"].value, 6 * 671e9 * 14.8e12)
    assert "p" not in res.values and "t" not in res.values


def test_s4_rule_call_with_wrong_dimension():
    res = check("""
        given n = 671B param
        given d = 14.8T token
        rule training_flops(p: param, t: token) = 6 FLOP/param/token * p * t
        let flops = training_flops(d, n)
        claim big: flops > 1 FLOP
        """)
    dims = [d for d in res.diagnostics if d.code == "dimension"]
    assert dims and dims[0].span.line == 4, fmt(res)


def test_s4_unannotated_rule_params():
    res = clean("""
        rule half(x) = x / 2
        claim a: half(10 GPU) = 5 GPU
        claim b: half(3 TB/s) = 1.5 TB/s
        """)
    assert verdicts(res) == {"a": "holds", "b": "holds"}


def test_s4_let_annotation_sets_display_unit():
    res = clean("""
        given hours = 2788K GPU*h
        given price = 2 USD/GPU/h
        let cost: USD = hours * price
        let gpu_days: GPU*day = hours
        claim c: cost < 6M USD
        """)
    assert res.values["cost"].unit == "USD"
    assert res.values["gpu_days"].unit == "GPU*day"
    assert close(res.values["gpu_days"].in_display(res.values["gpu_days"].value), 2788e3 / 24)


# ---------------------------------------------------------------- §5 meaning


def _statement_lines(text: str) -> list[str]:
    return [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


def _snapshot(res):
    claims = {(c.id, c.kind): (c.verdict, c.proof) for c in res.claims}
    values = {k: (q.value, q.low, q.high, q.si_unit) for k, q in res.values.items()}
    diags = sorted((d.code, d.severity) for d in res.diagnostics)
    return claims, values, diags


@pytest.mark.parametrize("seed", [0, 1, 2, 3, "reversed"])
def test_s5_order_independence(seed):
    base = check_text(DEEPSEEK, file="deepseek.claim")
    lines = _statement_lines(DEEPSEEK)
    if seed == "reversed":
        lines = lines[::-1]
    else:
        random.Random(seed).shuffle(lines)
    res = check_text("\n".join(lines) + "\n", file="deepseek.claim")
    assert not res.has_errors, fmt(res)
    assert _snapshot(res) == _snapshot(base)


def test_s5_name_used_before_definition():
    res = clean("""
        claim c: cost < 6M USD
        let cost = hours * price
        let hours = a + b
        given a = 2000K GPU*h
        given b = 788K GPU*h
        given price = 2 USD/GPU/h
        """)
    assert claim(res, "c").verdict == "holds"
    assert close(res.values["cost"].value, 5.576e6)


def test_s5_let_solved_backward():
    res = clean("""
        given cost  = 5.576M USD
        given price = 2 USD/GPU/h
        given hours: GPU*h
        let cost = hours * price
        claim total_hours: hours = 2.788M GPU*h
        """)
    c = claim(res, "total_hours")
    assert c.verdict == "holds", fmt(res)
    assert close(res.values["hours"].value, 2.788e6 * 3600)
    assert not [x for x in res.claims if x.kind == "consistency" and x.verdict != "holds"]


def test_s5_let_solved_backward_through_sum():
    res = clean("""
        given total = 100 GPU
        given a = 30 GPU
        given b: GPU
        let total = a + b
        claim b_is: b = 70 GPU
        """)
    assert claim(res, "b_is").verdict == "holds", fmt(res)


def test_s5_coupled_equations_block():
    res = clean("""
        given s = 10 GPU
        given d = 4 GPU
        given x: GPU
        given y: GPU
        let s = x + y
        let d = x - y
        claim xs: x = 7 GPU
        claim ys: y = 3 GPU
        """)
    assert verdicts(res) == {"xs": "holds", "ys": "holds"}, fmt(res)


def test_s5_overdetermined_consistency_claim_fails():
    res = clean("""
        given hours = 2.788M GPU*h
        given price = 2 USD/GPU/h
        given cost  = 6M USD
        let cost = hours * price
        claim c: hours > 1 GPU*h
        """)
    cons = claim(res, "cost", kind="consistency")
    assert cons.op == "≈"
    assert cons.verdict == "fails", fmt(res)  # 5.576M vs 6M: 7 % off, beyond 5 %
    assert not res.ok


def test_s5_overdetermined_consistency_claim_holds_within_default_tolerance():
    res = clean("""
        given hours = 2.788M GPU*h
        given price = 2 USD/GPU/h
        given cost  = 5.6M USD
        let cost = hours * price
        claim c: hours > 1 GPU*h
        """)
    cons = claim(res, "cost", kind="consistency")
    assert cons.verdict == "holds", fmt(res)  # 0.4 % off
    assert cons.op == "≈"


def test_s5_claims_are_never_premises():
    # a claim `x = 5` does not give x a value: x stays open
    res = check("""
        given x: GPU
        claim pin: x = 5 GPU
        claim uses: x > 1 GPU
        """)
    assert claim(res, "pin").verdict == "open", fmt(res)
    assert claim(res, "uses").verdict == "open", fmt(res)


TOLERANCES = """\
claim d_in: 104 ≈ 100
claim d_in_low: 95.5 ≈ 100
claim d_rhs_relative: 100 ≈ 105.2
claim x_d_out: 106 ≈ 100
claim x_d_rhs_relative: 105.2 ≈ 100
claim w_in: 101.9 ≈ 100 within 2 %
claim x_w_out: 102.1 ≈ 100 within 2 %
claim a_in: 1.05 PFLOP/s ≈ 1 PFLOP/s within 0.1 PFLOP/s
claim a_in_big: 10.05 PFLOP/s ≈ 10 PFLOP/s within 0.1 PFLOP/s
claim x_a_out: 1.15 PFLOP/s ≈ 1 PFLOP/s within 0.1 PFLOP/s
claim x_a_out_big: 10.2 PFLOP/s ≈ 10 PFLOP/s within 0.1 PFLOP/s
claim e_noise: 0.1 + 0.2 = 0.3
claim e_tiny: 1 + 1e-12 = 1
claim e_units: 3 * 0.1 GPU = 0.3 GPU
claim x_e_small: 1 + 1e-6 = 1
claim x_e_ne: 1 + 1e-7 = 1
claim x_lt_exact: 1 + 1e-12 < 1
"""


def test_s5_operator_tolerances():
    res = clean(TOLERANCES)
    v = verdicts(res)
    assert len(v) == TOLERANCES.count("claim ")
    wrong = {k: x for k, x in v.items() if x != ("fails" if k.startswith("x_") else "holds")}
    assert not wrong, f"{wrong}\n{fmt(res)}"
    assert claim(res, "d_in").tolerance == {"relative": pytest.approx(0.05)}
    assert claim(res, "w_in").tolerance == {"relative": pytest.approx(0.02)}


RANGES = """\
given u = 10 % to 50 %
given a = 1 to 3
given b = 1 to 3
claim r_holds: u < 60 %
claim r_fails: u > 60 %
claim r_depends: u > 30 %
claim ab_depends: a * b > 4
claim ab_fails: a * b > 10
claim ab_holds: a * b >= 1
"""


def test_s5_verdicts_over_ranges():
    res = clean(RANGES)
    assert verdicts(res) == {
        "r_holds": "holds",
        "r_fails": "fails",
        "r_depends": "depends",
        "ab_depends": "depends",
        "ab_fails": "fails",
        "ab_holds": "holds",
    }, fmt(res)
    assert claim(res, "r_holds").proof in ("interval", "exact")
    assert not res.ok


def _point(q) -> float:
    assert q.low <= q.value <= q.high
    return q.value


def test_s5_depends_counterexample_really_falsifies():
    res = clean(RANGES)
    c = claim(res, "r_depends")
    assert c.counterexample and c.witness, fmt(res)
    u_bad = _point(c.counterexample["u"])
    u_good = _point(c.witness["u"])
    assert 0.1 - 1e-12 <= u_bad <= 0.5 + 1e-12 and not (u_bad > 0.3), u_bad
    assert 0.1 - 1e-12 <= u_good <= 0.5 + 1e-12 and u_good > 0.3, u_good

    c = claim(res, "ab_depends")
    assert c.counterexample and c.witness
    ce = {k: _point(q) for k, q in c.counterexample.items()}
    wi = {k: _point(q) for k, q in c.witness.items()}
    # every given the claim depends on must be pinned by the counterexample
    assert set(ce) == {"a", "b"} and set(wi) == {"a", "b"}, (ce, wi)
    for env in (ce, wi):
        assert all(1 - 1e-12 <= x <= 3 + 1e-12 for x in env.values()), env
    assert not (ce["a"] * ce["b"] > 4), ce
    assert wi["a"] * wi["b"] > 4, wi
    assert c.proof == "search"


def test_s5_depends_counterexample_with_units():
    res = clean("""
        given gpus = 1000 GPU to 3000 GPU
        given per_gpu = 989 TFLOP/s/GPU
        given mfu = 20 % to 50 %
        let eff = gpus * per_gpu * mfu
        claim fast: eff >= 1 EFLOP/s
        """)
    c = claim(res, "fast")
    assert c.verdict == "depends", fmt(res)
    ce = c.counterexample
    assert set(ce) >= {"gpus", "mfu"}
    gpus = _point(ce["gpus"])
    mfu = _point(ce["mfu"])
    assert 1000 - 1e-9 <= gpus <= 3000 + 1e-9 and 0.2 - 1e-12 <= mfu <= 0.5 + 1e-12
    assert gpus * 989e12 * mfu < 1e18
    wi = c.witness
    assert _point(wi["gpus"]) * 989e12 * _point(wi["mfu"]) >= 1e18


def test_s5_open_with_condition():
    res = check("""
        given mfu_new: %
        claim nine_x: 2.2 * 2 * mfu_new / 20 % >= 9
        """)
    assert not res.has_errors, fmt(res)
    c = claim(res, "nine_x")
    assert c.verdict == "open", fmt(res)
    assert c.condition and "mfu_new" in c.condition, c.condition
    # 9 * 20 % / 4.4 = 40.909... %
    assert re.search(r"40\.9|0\.409", c.condition), c.condition
    assert re.search(r"≥|>=|>", c.condition), c.condition
    assert not res.ok


def test_s5_interval_proof_needs_subdivision():
    res = clean("""
        given a = 1 to 2
        given b = 3 to 4
        claim ab: a*b - a <= 6.5
        """)
    c = claim(res, "ab")
    assert c.verdict == "holds", fmt(res)
    assert c.proof == "interval"


def test_s5_exact_proof_for_point_values():
    res = clean("given a = 2\ngiven b = 3\nclaim c: a * b = 6\n")
    c = claim(res, "c")
    assert c.verdict == "holds" and c.proof == "exact"


def test_s5_display_in_rhs_unit():
    res = clean("given bw = 3350 GB/s\nclaim c: bw ≈ 3.35 TB/s\n")
    c = claim(res, "c")
    assert c.rhs.unit == "TB/s" and c.lhs.unit == "TB/s"
    assert close(c.lhs.in_display(c.lhs.value), 3.35)


# ---------------------------------------------------------------- §6 safety


def test_s6_user_input_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    res = check(f'let a = __import__("os").system("touch {marker}")\ngiven b = 1\nclaim c: b > 0\n')
    assert res.has_errors
    assert not marker.exists()
    res = check("given exec = 1\nlet eval = 2\nclaim c: exec + eval > 0\n")
    assert not marker.exists()
    res = check("given a = 1\nclaim c: a.__class__ > 0\n")
    assert res.has_errors


def test_s6_all_errors_of_a_file_in_one_run():
    res = check("""
        given a = 2 GPU
        given b = 3 TB/s
        let s = a + b
        claim c: s > zz
        given n = 5 FLOPS
        let k = log(b)
        """)
    got = codes(res)
    assert {"dimension", "unknown-name", "unknown-unit"} <= got, fmt(res)
    lines = {d.span.line for d in res.diagnostics if d.severity == "error"}
    assert {3, 4, 5, 6} <= lines, fmt(res)


# ---------------------------------------------------------------- §7 command line


def test_s7_exit_codes(tmp_path):
    holds = write(tmp_path, "holds.claim", "given a = 2 GPU\nclaim c: a > 1 GPU\n")
    fails = write(tmp_path, "fails.claim", "given a = 2 GPU\nclaim c: a > 3 GPU\n")
    depends = write(tmp_path, "depends.claim", "given a = 1 GPU to 3 GPU\nclaim c: a > 2 GPU\n")
    opened = write(tmp_path, "open.claim", "given a: GPU\nclaim c: a > 2 GPU\n")
    broken = write(tmp_path, "broken.claim", "given a = 2 GPU\nclaim c a > 1 GPU\n")
    for path, code in [(holds, 0), (fails, 1), (depends, 1), (opened, 1), (broken, 2)]:
        proc = cli("check", str(path), "--no-color")
        assert proc.returncode == code, (path.name, proc.returncode, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr
    # several files: the worst wins
    assert cli("check", str(holds), str(fails)).returncode == 1
    assert cli("check", str(holds), str(broken)).returncode == 2
    assert cli("check", str(fails), str(broken)).returncode == 2


def test_s7_invalid_usage_exits_2(tmp_path):
    p = write(tmp_path, "holds.claim", "given a = 2 GPU\nclaim c: a > 1 GPU\n")
    for args in (
        ["check", str(p), "--format", "xml"],
        ["check", str(tmp_path / "missing.claim")],
        ["check", str(p), "--no-such-option"],
    ):
        proc = cli(*args)
        assert proc.returncode == 2, (args, proc.returncode, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr


def test_s7_json_only_on_stdout_for_every_outcome(tmp_path):
    files = {
        "holds": ("given a = 2 GPU\nclaim c: a > 1 GPU\n", 0, True),
        "fails": ("given a = 2 GPU\nclaim c: a > 3 GPU\n", 1, False),
        "broken": ("given a = 2 GPU\nclaim c: a > > 1 GPU\n", 2, False),
    }
    for name, (text, code, ok) in files.items():
        p = write(tmp_path, f"{name}.claim", text)
        proc = cli("check", str(p), "--format", "json")
        assert proc.returncode == code, (name, proc.stdout, proc.stderr)
        doc = json.loads(proc.stdout)
        assert doc["ok"] is ok
        assert doc["results"][0]["ok"] is ok
    proc = cli("check", str(tmp_path / "fails.claim"), "--format", "json")
    c = json.loads(proc.stdout)["results"][0]["claims"][0]
    assert c["verdict"] == "fails" and c["proof"] == "exact"


def test_s7_json_depends_and_open_fields(tmp_path):
    p = write(
        tmp_path,
        "v.claim",
        """
        given u = 10 % to 50 %
        given m: %
        claim dep: u > 30 %
        claim opn: 2 * m >= 50 %
        """,
    )
    proc = cli("check", str(p), "--format", "json")
    assert proc.returncode == 1
    r = json.loads(proc.stdout)["results"][0]
    dep = next(c for c in r["claims"] if c["id"] == "dep")
    assert dep["verdict"] == "depends"
    assert_quantity(dep["counterexample"]["u"])
    assert_quantity(dep["witness"]["u"])
    assert dep["counterexample"]["u"]["si"]["value"] <= 0.3
    assert dep["witness"]["u"]["si"]["value"] > 0.3
    opn = next(c for c in r["claims"] if c["id"] == "opn")
    assert opn["verdict"] == "open"
    assert isinstance(opn["condition"], str) and "m" in opn["condition"]
    assert re.search(r"25|0\.25", opn["condition"]), opn["condition"]


def test_s7_folder_checks_every_claim_file(tmp_path):
    write(tmp_path, "a.claim", "given a = 2 GPU\nclaim c: a > 1 GPU\n")
    write(tmp_path, "sub/b.claim", "given b = 2 GPU\nclaim c: b > 1 GPU\n")
    write(tmp_path, "notes.txt", "not a claim file\n")
    proc = cli("check", str(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = sorted(Path(r["file"]).name for r in json.loads(proc.stdout)["results"])
    assert files == ["a.claim", "b.claim"]


def test_s7_strict_turns_warnings_into_exit_2(tmp_path):
    p = write(
        tmp_path, "w.claim", "given a = 2 GPU\ngiven unused_one = 3 GPU\nclaim c: a > 1 GPU\n"
    )
    assert cli("check", str(p), "--no-color").returncode == 0
    proc = cli("check", str(p), "--no-color", "--strict")
    assert proc.returncode == 2
    out = proc.stdout + proc.stderr
    assert "unsourced" in out and "unused" in out


def test_s7_no_color_env_and_flag(tmp_path):
    p = write(tmp_path, "d.claim", "given a = 2 GPU\ngiven b = 3 TB/s\nclaim c: a > b\n")
    for args, env in ((["--no-color"], None), ([], {"NO_COLOR": "1"}), ([], None)):
        proc = cli("check", str(p), *args, env_extra=env)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 2
        assert "\x1b[" not in out, (args, env)  # not a terminal, or asked for no color
        assert "error[dimension]" in out
        assert "d.claim:3:" in out
        assert "^" in out  # compiler-style caret under the source line
        assert "claim c: a > b" in out


def test_s5_tight_bounds_are_proved_not_undecided():
    # the end of a range is part of the range: `>=`/`<=` at the boundary hold
    res = clean("""
        given a = 1 to 3
        given b = 1 to 3
        claim lo: a >= 1
        claim hi: a <= 3
        claim prod: a * b >= 1
        claim x_strict: a > 1
        """)
    assert verdicts(res) == {
        "lo": "holds",
        "hi": "holds",
        "prod": "holds",
        "x_strict": "depends",
    }, fmt(res)


# ---------------------------------------------------------------- §6 no traceback, ever

from hypothesis import HealthCheck, settings
from hypothesis import given as hgiven
from hypothesis import strategies as st

_TOKENS = [
    "given",
    "let",
    "claim",
    "rule",
    "use",
    "source",
    "unit",
    "argument",
    "within",
    "to",
    "as",
    "by",
    " ",
    " ",
    "\n",
    "\n    ",
    "=",
    "≈",
    "<",
    ">=",
    "!=",
    ":",
    ",",
    "(",
    ")",
    "[",
    "]",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "±",
    "a",
    "b",
    "x.y",
    "c1",
    "log",
    "sqrt",
    "max",
    "1",
    "0",
    "2.5",
    "1e300",
    "1e-300",
    "5M",
    "$3",
    "%",
    "GPU",
    "GPU*h",
    "TB/s",
    "FLOP/s",
    "FLOPS",
    "B",
    " M ",
    '"q"',
    '"',
    "#c",
    "\\",
    "x",
    "0 to 1",
    "-1 to 1",
    "999999999999",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@hgiven(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_s6_random_input_never_raises(tokens):
    text = "".join(tokens)
    res = check_text(text, file="fuzz.claim")
    for d in res.diagnostics:
        assert d.code in (
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
        ), d
        if d.severity == "error":
            assert d.span is not None and d.span.line >= 1 and d.span.column >= 1, d


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@hgiven(
    st.sampled_from(["given a = ", "let a = ", "claim c: ", "claim c: 1 < "]), st.text(max_size=30)
)
def test_s6_arbitrary_text_never_raises(prefix, tail):
    res = check_text(prefix + tail + "\n", file="fuzz.claim")
    assert isinstance(res.diagnostics, list)


@pytest.mark.parametrize(
    "bound,allowed",
    [
        ("36.5", {"holds", "undecided"}),  # true maximum is 36: never `fails`/`depends`
        ("35.5", {"depends", "undecided"}),  # false near the corner: never `holds`
    ],
)
def test_s5_s6_many_ranges_sound_and_within_budget(tmp_path, bound, allowed):
    n = 6
    lines = [f"given x{i} = 1 to 2\ngiven y{i} = 3 to 4" for i in range(n)]
    body = " + ".join(f"(x{i}*y{i} - x{i})" for i in range(n))
    lines.append(f"claim c: {body} <= {bound}")
    p = write(tmp_path, "many.claim", "\n".join(lines) + "\n")
    proc = cli("check", str(p), "--format", "json")  # the CLI timeout guards against a hang
    assert proc.returncode == 1 if "holds" not in allowed else proc.returncode in (0, 1)
    c = json.loads(proc.stdout)["results"][0]["claims"][0]
    assert c["verdict"] in allowed, c
    if c["verdict"] == "depends":
        ce = {k: q["si"]["value"] for k, q in c["counterexample"].items()}
        total = sum(ce[f"x{i}"] * ce[f"y{i}"] - ce[f"x{i}"] for i in range(n))
        assert total > float(bound), (total, ce)
