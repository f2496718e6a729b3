"""The source stage: file systems (disk, overlays) and the one safe reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toulmin.engine.load import MAX_USE_DEPTH, load_program
from toulmin.source import (
    DiskFileSystem,
    FileSystem,
    OverlayFileSystem,
    SourceError,
    normalise_text,
    read_source,
    size_message,
)


def test_both_file_systems_satisfy_the_protocol() -> None:
    assert isinstance(DiskFileSystem(), FileSystem)
    assert isinstance(OverlayFileSystem(), FileSystem)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeffgiven x = 1\n", "given x = 1\n"),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\rc", "a\nb\nc"),
        ("a\r\n\rb", "a\n\nb"),
        ("no change\n", "no change\n"),
    ],
)
def test_normalise_text(raw: str, text: str) -> None:
    assert normalise_text(raw) == text


def test_size_message_has_exact_numbers() -> None:
    assert size_message(1_048_577, 1 << 20) == (
        "the file is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB); "
        "raise it with --max-file-kib"
    )
    assert "(3 KiB)" in size_message(4000, 3072)


def test_read_source_reads_at_most_the_limit_plus_one(tmp_path: Path) -> None:
    f = tmp_path / "f.claim"
    f.write_bytes(b"#" * 100)
    assert read_source(f, "f.claim", max_bytes=100) == ("#" * 100, [])
    text, [d] = read_source(f, "f.claim", max_bytes=99)
    assert text is None
    assert (d.code, d.span.line, d.span.column) == ("limit", 1, 1)
    assert "100 bytes; the limit is 99 bytes" in d.message


def test_read_source_reports_bad_utf8_where_it_is(tmp_path: Path) -> None:
    f = tmp_path / "f.claim"
    f.write_bytes(b"given x = 1\r\ngiven \xff = 2\n")
    text, [d] = read_source(f, "f.claim")
    assert text is None
    assert (d.code, d.span.line, d.span.column) == ("syntax", 2, 7)
    assert "0xff" in d.message


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: os.mkfifo(p), "FIFO"),
        (lambda p: p.symlink_to(p), "symlink loop"),
    ],
)
def test_read_source_refuses_what_is_not_a_regular_file(tmp_path: Path, make, words: str) -> None:
    p = tmp_path / "x.claim"
    make(p)
    text, [d] = read_source(p, "x.claim")
    assert text is None and d.code == "import" and words in d.message
    assert (d.span.line, d.span.column) == (1, 1)


def test_disk_refuses_impossible_paths() -> None:
    fs = DiskFileSystem()
    with pytest.raises(SourceError, match="NUL byte"):
        fs.normalise("a\x00b.claim")
    with pytest.raises(SourceError, match="255 bytes"):
        fs.normalise("é" * 200 + ".claim")  # 400 bytes in UTF-8


def test_disk_read_of_a_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="FIFO"):
        DiskFileSystem().read_bytes(fifo, 10)


def test_overlay_wins_over_disk_and_normalises_paths(tmp_path: Path) -> None:
    (tmp_path / "f.claim").write_text("on disk")
    fs = OverlayFileSystem({tmp_path / "sub" / ".." / "f.claim": "in the editor"})
    assert tmp_path / "f.claim" in fs
    assert read_source(tmp_path / "f.claim", "f.claim", fs) == ("in the editor", [])
    fs.remove(tmp_path / "f.claim")
    assert read_source(tmp_path / "f.claim", "f.claim", fs) == ("on disk", [])


def test_overlay_serves_a_file_not_yet_on_disk(tmp_path: Path) -> None:
    fs = OverlayFileSystem()
    fs.set(tmp_path / "new.claim", "given x = 1\n")
    assert fs.kind(fs.normalise(tmp_path / "new.claim")) == "file"
    assert fs.kind(fs.normalise(tmp_path / "other.claim")) == "missing"


def test_use_of_an_unsaved_buffer(tmp_path: Path) -> None:
    from toulmin.engine.resolve import resolve

    main = tmp_path / "main.claim"
    main.write_text('use "facts.claim" as f\nclaim c: f.x = 2\n')
    (tmp_path / "facts.claim").write_text("given x = 1\n")  # the saved version
    fs = OverlayFileSystem({tmp_path / "facts.claim": "given x = 2\n"})  # the buffer
    units, diags = load_program(main, "main.claim", fs=fs)
    assert diags == []
    assert [u.module.text for u in units] == [
        'use "facts.claim" as f\nclaim c: f.x = 2\n',
        "given x = 2\n",
    ]
    program = resolve(units)
    assert "f.x" in program.givens


def test_main_file_from_an_overlay(tmp_path: Path) -> None:
    fs = OverlayFileSystem({tmp_path / "m.claim": "\ufeffgiven x = 1\r\nclaim c: x = 1\r\n"})
    units, diags = load_program(tmp_path / "m.claim", "m.claim", fs=fs)
    assert diags == [] and units[0].module.text == "given x = 1\nclaim c: x = 1\n"


def test_a_file_used_under_two_prefixes_is_one_unit(tmp_path: Path) -> None:
    (tmp_path / "facts.claim").write_text("given x = 1\n")
    (tmp_path / "m.claim").write_text('use "facts.claim" as a\nuse "facts.claim" as b\n')
    units, diags = load_program(tmp_path / "m.claim")
    assert diags == [] and len(units) == 2
    main = units[0]
    assert main.uses[0][1] is main.uses[1][1]


def test_use_depth_is_limited(tmp_path: Path) -> None:
    n = MAX_USE_DEPTH + 5
    for i in range(n):
        (tmp_path / f"f{i}.claim").write_text(f'use "f{i + 1}.claim"\n')
    (tmp_path / f"f{n}.claim").write_text("given x = 1\n")
    units, diags = load_program(tmp_path / "f0.claim")
    assert [d.code for d in diags] == ["limit"]
    assert len(units) == MAX_USE_DEPTH
    assert diags[0].span.file.endswith(f"f{MAX_USE_DEPTH - 1}.claim")


def test_text_given_to_load_program_is_normalised_and_limited(tmp_path: Path) -> None:
    from toulmin.options import DEFAULT_LIMITS as LIMITS

    units, _ = load_program(tmp_path / "t.claim", "t.claim", text="a\rb")
    assert units[0].module.text == "a\nb"
    units, [d] = load_program(
        tmp_path / "t.claim", "t.claim", text="#" * (LIMITS.max_file_bytes + 1)
    )
    assert units == [] and (d.code, d.span.line) == ("limit", 1)
