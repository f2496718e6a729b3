"""The language server, run as `python -m toulmin lsp` and driven by a real client over a pipe."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

HW = """source spec "H100 datasheet" "https://example.org/h100"
given peak = 989 TFLOP/s/GPU [spec] "dense BF16"
given gpus = 8 GPU [spec]
"""
MAIN = """use "hw.claim" as hw
source blog "A blog post"
given hours = 100 h [blog]
let total = hw.peak * hw.gpus * hours
claim big: total > 1e20 FLOP [blog]
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("lsp")
    (d / "hw.claim").write_text(HW)
    (d / "main.claim").write_text(MAIN)
    return d


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "toulmin", "lsp", "--debounce", "0.02"]
    ),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        T.InitializeParams(capabilities=T.ClientCapabilities(), root_uri=None)
    )
    yield
    await lsp_client.shutdown_session()


async def open_doc(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            T.TextDocumentItem(uri, "claim", 1, text if text is not None else path.read_text())
        )
    )
    await wait_diagnostics(client, uri)
    return uri


async def wait_diagnostics(client: LanguageClient, uri: str, until=None) -> list:
    """The diagnostics published for `uri` (once `until(diagnostics)` holds)."""
    for _ in range(400):
        diags = client.diagnostics.get(uri)
        if diags is not None and (until is None or until(diags)):
            return list(diags)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


def pos(text: str, needle: str, nth: int = 0, delta: int = 0) -> T.Position:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    return T.Position(line, at - (text.rfind("\n", 0, at) + 1))


@pytest.mark.asyncio
async def test_diagnostics_on_unsaved_edit(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim")
    assert list(client.diagnostics[uri]) == []
    client.diagnostics.pop(uri)
    broken = MAIN.replace("hours = 100 h", "hours = 100 GPU-h")
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=2, uri=uri),
            [T.TextDocumentContentChangeWholeDocument(broken)],
        )
    )
    diags = await wait_diagnostics(
        client, uri, lambda ds: any(d.code == "unknown-unit" for d in ds)
    )
    assert any(d.code == "unknown-unit" and "GPU-h" in d.message for d in diags)
    # the file on disk is untouched: the check saw the buffer
    assert "GPU-h" not in (folder / "main.claim").read_text()

    # a code action applies the hint's fix, and the fixed buffer checks clean
    bad = next(d for d in diags if d.code == "unknown-unit")
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(T.TextDocumentIdentifier(uri), bad.range, T.CodeActionContext([bad]))
    )
    fix = next(a for a in actions if "GPU*h" in a.title)
    (edit,) = fix.edit.changes[uri]
    lines = broken.split("\n")
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = (
        line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    )
    fixed = "\n".join(lines)
    assert "100 GPU*h" in fixed
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=3, uri=uri),
            [T.TextDocumentContentChangeWholeDocument(MAIN)],
        )
    )
    assert await wait_diagnostics(client, uri, lambda ds: not ds) == []


@pytest.mark.asyncio
async def test_hover_each_kind(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim", MAIN)

    async def hover(needle: str, nth: int = 0, delta: int = 1) -> str:
        h = await client.text_document_hover_async(
            T.HoverParams(T.TextDocumentIdentifier(uri), pos(MAIN, needle, nth, delta))
        )
        assert h is not None, needle
        return h.contents.value

    given = await hover("hours", 0)
    assert "100 h" in given and "A blog post" in given
    let = await hover("total", 0)
    assert "let" in let and "hw.peak * hw.gpus * hours" in let and "FLOP" in let
    imported = await hover("hw.peak", 0, 4)
    assert "989" in imported and "H100 datasheet" in imported and "dense BF16" in imported
    claim = await hover("big")
    assert "holds" in claim and ">" in claim
    source = await hover("[blog]", 0, 1)
    assert "A blog post" in source
    unit = await hover("FLOP [blog]")
    assert "compute" in unit


@pytest.mark.asyncio
async def test_definition_and_references_across_use(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim", MAIN)
    hw_uri = (folder / "hw.claim").as_uri()
    locs = await client.text_document_definition_async(
        T.DefinitionParams(T.TextDocumentIdentifier(uri), pos(MAIN, "hw.peak", 0, 4))
    )
    assert locs[0].uri == hw_uri and locs[0].range.start == pos(HW, "peak")
    refs = await client.text_document_references_async(
        T.ReferenceParams(
            text_document=T.TextDocumentIdentifier(uri),
            position=pos(MAIN, "hw.gpus", 0, 4),
            context=T.ReferenceContext(include_declaration=True),
        )
    )
    assert {(r.uri, r.range.start.line) for r in refs} == {(hw_uri, 2), (uri, 3)}
    # the reference covers `gpus` of `hw.gpus`: what a rename replaces
    main_ref = next(r for r in refs if r.uri == uri)
    assert main_ref.range.start == pos(MAIN, "gpus")


@pytest.mark.asyncio
async def test_rename_across_files(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim", MAIN)
    edit = await client.text_document_rename_async(
        T.RenameParams(T.TextDocumentIdentifier(uri), pos(MAIN, "hw.peak", 0, 4), "peak_bf16")
    )
    hw_uri = (folder / "hw.claim").as_uri()
    assert set(edit.changes) == {uri, hw_uri}
    assert [e.new_text for e in edit.changes[uri]] == ["peak_bf16"]
    assert edit.changes[uri][0].range.start == pos(MAIN, "peak")
    assert edit.changes[hw_uri][0].range.start == pos(HW, "peak")
    src = await client.text_document_rename_async(
        T.RenameParams(T.TextDocumentIdentifier(uri), pos(MAIN, "[blog]", 0, 1), "post")
    )
    assert len(src.changes[uri]) == 3  # the source and its two refs


@pytest.mark.asyncio
async def test_completion(client: LanguageClient, folder: Path) -> None:
    text = MAIN + "given extra = 3 "
    uri = await open_doc(client, folder / "main.claim", text)
    end = T.Position(text.count("\n"), len(text.split("\n")[-1]))
    units = await client.text_document_completion_async(
        T.CompletionParams(T.TextDocumentIdentifier(uri), end)
    )
    labels = [i.label for i in units.items]
    assert "GPU" in labels and "TFLOP/s" in labels and "hours" not in labels
    text2 = MAIN + "let y = "
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=5, uri=uri),
            [T.TextDocumentContentChangeWholeDocument(text2)],
        )
    )
    names = await client.text_document_completion_async(
        T.CompletionParams(T.TextDocumentIdentifier(uri), T.Position(text2.count("\n"), 8))
    )
    labels = [i.label for i in names.items]
    assert {"hours", "total", "hw.peak", "sqrt"} <= set(labels)
    refs = await client.text_document_completion_async(
        T.CompletionParams(T.TextDocumentIdentifier(uri), pos(MAIN, "[blog]", 0, 1))
    )
    assert {"blog", "spec"} <= {i.label for i in refs.items}


@pytest.mark.asyncio
async def test_inlay_hints_and_symbols(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim", MAIN)
    hints = await client.text_document_inlay_hint_async(
        T.InlayHintParams(
            T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(10, 0))
        )
    )
    by_line = {h.position.line: h.label for h in hints}
    assert by_line[2] == "= 100 h"
    assert "FLOP" in by_line[3]
    assert by_line[4].endswith("holds")
    symbols = await client.text_document_document_symbol_async(
        T.DocumentSymbolParams(T.TextDocumentIdentifier(uri))
    )
    assert [s.name for s in symbols] == ["blog", "hours", "total", "big"]


@pytest.mark.asyncio
async def test_unsaved_used_file(client: LanguageClient, folder: Path) -> None:
    uri = await open_doc(client, folder / "main.claim", MAIN)
    hw_uri = await open_doc(client, folder / "hw.claim", HW)
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=2, uri=hw_uri),
            [T.TextDocumentContentChangeWholeDocument(HW.replace("given gpus", "given gpu_count"))],
        )
    )
    diags = await wait_diagnostics(client, uri, lambda ds: bool(ds))
    assert any(d.code == "unknown-name" and "gpus" in d.message for d in diags)
