"""Sources and units are scoped per file (spec v2 §6; issue 9, "Scoping")."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke, load, write

from toulmin.check import check_file


def _codes(p: Path) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in load(p).diagnostics if d.is_error]


def test_a_used_files_source_is_its_own(tmp_path: Path) -> None:
    """`[s1]` in a used file means that file's `s1`, with that file's title and URL."""
    write(
        tmp_path,
        "_lib.claim",
        """
        source s1 "Library report" "https://lib.example"
        given a = 3 GPU [s1]
        """,
    )
    p = write(
        tmp_path,
        "main.claim",
        """
        use "_lib.claim" as lib
        source s1 "Main paper" "https://main.example"
        given b = 2 GPU [s1]
        claim c: lib.a + b > 1 GPU [s1]
        """,
    )
    a = load(p)
    assert not a.diagnostics
    prog = a.program
    assert prog.sources["s1"] == ("Main paper", "https://main.example")
    (lib_key,) = prog.givens["lib.a"].refs
    assert lib_key != "s1"
    assert prog.sources[lib_key] == ("Library report", "https://lib.example")
    assert prog.givens["b"].refs == ("s1",)
    code, out, _ = invoke("explain", str(p), "c", "--no-color")
    assert code == 0
    assert "Library report https://lib.example" in out
    assert "Main paper https://main.example" in out
    result = check_file(p, root=tmp_path)
    assert result.claims[0].sources == ("s1",)


def test_the_same_source_in_two_files_is_one_source(tmp_path: Path) -> None:
    write(tmp_path, "_lib.claim", 'source s "Shared" "https://x.example"\ngiven a = 3 GPU [s]\n')
    p = write(
        tmp_path,
        "main.claim",
        'use "_lib.claim"\nsource s "Shared" "https://x.example"\nclaim c: a > 1 GPU [s]\n',
    )
    a = load(p)
    assert not a.diagnostics
    assert a.program.sources == {"s": ("Shared", "https://x.example")}
    assert a.program.givens["a"].refs == ("s",)


def test_a_used_files_refs_are_checked_against_its_own_sources(tmp_path: Path) -> None:
    """A used file cannot lean on the importing file's sources: each file declares its own."""
    write(tmp_path, "_lib.claim", "given a = 3 GPU [s]\n")
    p = write(tmp_path, "main.claim", 'use "_lib.claim"\nsource s "Main"\nclaim c: a > 1 GPU [s]\n')
    errors = load(p).diagnostics
    assert [(d.code, Path(d.span.file).name) for d in errors] == [("unknown-name", "_lib.claim")]


def test_a_source_id_twice_in_one_file_is_redefined(tmp_path: Path) -> None:
    p = write(tmp_path, "t.claim", 'source s "A"\nsource s "B"\ngiven x = 1 [s]\nclaim c: x > 0\n')
    (d,) = [d for d in load(p).diagnostics if d.is_error]
    assert d.code == "redefined" and d.span.line == 2
    assert "already declared at" in d.message and ":1" in d.message


def test_two_used_files_may_declare_the_same_unit(tmp_path: Path) -> None:
    """`unit OOM` (and an identical derived unit) in two used files, also under `as`."""
    write(
        tmp_path, "_a.claim", "unit OOM\nunit node = 8 GPU\ngiven ga = 2 OOM\ngiven na = 1 node\n"
    )
    write(tmp_path, "_b.claim", "unit OOM\nunit node = 8GPU\ngiven gb = 3 OOM\ngiven nb = 2 node\n")
    p = write(
        tmp_path,
        "main.claim",
        """
        use "_a.claim" as a
        use "_b.claim" as b
        claim c: a.ga + b.gb > 1 OOM
        claim d: a.na + b.nb = 24 GPU
        """,
    )
    assert _codes(p) == []
    result = check_file(p, root=tmp_path)
    assert [c.verdict for c in result.claims] == ["holds", "holds"]
    q = write(tmp_path, "plain.claim", 'use "_a.claim"\nuse "_b.claim"\nclaim c: ga + gb > 1 OOM\n')
    assert _codes(q) == []


def test_a_real_unit_conflict_says_where_the_first_is(tmp_path: Path) -> None:
    write(tmp_path, "_a.claim", "unit node = 8 GPU\ngiven na = 1 node\n")
    write(tmp_path, "_c.claim", "unit node = 4 GPU\ngiven nc = 1 node\n")
    p = write(tmp_path, "main.claim", 'use "_a.claim"\nuse "_c.claim"\nclaim c: na + nc > 1 GPU\n')
    ((code, message),) = _codes(p)
    assert code == "redefined"
    assert "`node` is already defined at " in message and "_a.claim:1" in message
    # a base unit against a derived one is a conflict too
    write(tmp_path, "_d.claim", "unit node\ngiven nd = 1 node\n")
    q = write(tmp_path, "q.claim", 'use "_a.claim"\nuse "_d.claim"\nclaim c: na > 1 GPU\n')
    assert [c for c, _ in _codes(q)] == ["redefined"]


def test_a_unit_twice_in_one_file_is_redefined(tmp_path: Path) -> None:
    p = write(tmp_path, "t.claim", "unit OOM\nunit OOM\ngiven g = 2 OOM\nclaim c: g > 1 OOM\n")
    ((code, message),) = _codes(p)
    assert code == "redefined" and "already defined at t.claim:1" in message.replace(
        str(tmp_path) + "/", ""
    )


def test_a_builtin_unit_redefined_says_what_it_means(tmp_path: Path) -> None:
    p = write(tmp_path, "t.claim", "unit cyear\nunit kWh\n")
    messages = [m for _, m in _codes(p)]
    assert any("`cyear`" in m and "centi-year" in m and "0.01 year" in m for m in messages)
    assert any("`kWh`" in m and "kilo" in m and "1000 Wh" in m for m in messages)
    code, out, _ = invoke("check", str(p), "--format", "json")
    assert code == 2 and "centi-year" in json.dumps(json.loads(out))


def test_a_file_may_cite_the_sources_of_the_files_it_uses(tmp_path: Path) -> None:
    """The corpus cites `[dsv3]` of hardware.claim from fu.claim: still allowed."""
    write(tmp_path, "_hw.claim", 'source dsv3 "DeepSeek-V3 report"\ngiven a = 3 GPU [dsv3]\n')
    p = write(tmp_path, "main.claim", 'use "_hw.claim" as hw\nclaim c: hw.a > 1 GPU [dsv3]\n')
    a = load(p)
    assert not a.diagnostics
    assert a.program.claims[0].refs == ("dsv3",)
    assert a.program.sources["dsv3"] == ("DeepSeek-V3 report", None)
