"""The TextMate grammar of editors/vscode, on every corpus file.

A small tokenizer that applies the grammar the way TextMate does (leftmost match, ties
to the first pattern; Oniguruma and Python agree on the constructs the grammar uses) is
checked against the formatter's lexer: every keyword, number, unit, string and comment
gets its scope. `vscode-tmgrammar-test` runs on the grammar's own sample when npm has it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from toulmin.fmt import _TOKEN, _UNIT_AFTER_COLON, KEYWORDS, _is_annotation, tokens

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = json.loads((VSCODE / "syntaxes" / "claim.tmLanguage.json").read_text())
CORPUS = sorted((ROOT / "claims").glob("*.claim"))


def _rules() -> list[dict]:
    out = []
    for inc in GRAMMAR["patterns"]:
        rule = GRAMMAR["repository"][inc["include"][1:]]
        out.extend([rule] if "match" in rule or "begin" in rule else rule["patterns"])
    return out


RULES = _rules()


def scopes(line: str) -> list[str]:
    """The innermost scope of every character of a line ('' when none)."""
    out = [""] * len(line)
    pos = 0
    while pos < len(line):
        best = None
        for rule in RULES:
            pattern = rule.get("match") or rule["begin"]
            m = re.compile(pattern).search(line, pos)
            if m and (best is None or m.start() < best[1].start()):
                best = (rule, m)
        if best is None:
            break
        rule, m = best
        end = m.end()
        if "begin" in rule:  # the string: to the closing quote or the end of the line
            close = re.compile(r'(?:\\.|[^"\\])*("|$)').match(line, m.end())
            end = close.end() if close else len(line)
            for i in range(m.start(), end):
                out[i] = rule["name"]
        else:
            if "name" in rule:
                for i in range(m.start(), m.end()):
                    out[i] = rule["name"]
            for group, cap in rule.get("captures", {}).items():
                g = int(group)
                if m.group(g):
                    for i in range(m.start(g), m.end(g)):
                        out[i] = cap["name"]
        pos = max(end, pos + 1)
    return out


def expected(line: str) -> list[tuple[int, int, str]]:
    """(start, end, scope prefix) of what the formatter's lexer sees in a line."""
    out = []
    toks: list = []
    pos = 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        kind, text, start = m.lastgroup, m.group(), m.start()
        pos = m.end()
        if kind == "ws":
            continue
        toks = tokens(line[:pos])
        if kind == "comment":
            out.append((start, pos, "comment"))
        elif kind == "string":
            out.append((start, pos, "string"))
        elif (
            kind == "name"
            and text in KEYWORDS
            and not (toks and len(toks) > 1 and toks[-2].text == "let")
        ):
            out.append((start, pos, "keyword"))
        elif kind == "quantity":
            num = re.match(r"\$?[\d_.]+(?:[eE][+-]?\d+)?[kKMBTP]?", text)
            out.append((start, start + num.end(), "constant.numeric"))
            unit = text[num.end() :].strip()
            if unit and unit.split()[0] not in ("thousand", "million", "billion", "trillion"):
                u = line.index(unit, start + num.end())
                out.append((u, u + len(unit), "entity.name.type.unit"))
        elif text == ":" and _is_annotation(tokens(line[:pos])):
            u = _UNIT_AFTER_COLON.match(line, pos)
            if u:
                out.append((u.start("unit"), u.end("unit"), "entity.name.type.unit"))
                pos = u.end()
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_token_gets_its_scope(path: Path) -> None:
    counts: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        got = scopes(line)
        for start, end, scope in expected(line):
            for i in range(start, end):
                assert got[i].startswith(scope), (
                    f"{path.name}:{n}:{i + 1} {line[start:end]!r} is {got[i]!r}, not {scope}"
                )
            counts[scope] = counts.get(scope, 0) + 1
    assert counts.get("keyword") and counts.get("constant.numeric")


def test_vscode_tmgrammar_test() -> None:
    tool = shutil.which("vscode-tmgrammar-test") or next(
        (str(p) for p in [Path("/tmp/tmgt/node_modules/.bin/vscode-tmgrammar-test")] if p.exists()),
        None,
    )
    if tool is None:
        pytest.skip("vscode-tmgrammar-test is not installed (npm install vscode-tmgrammar-test)")
    run = subprocess.run(
        [
            tool,
            "-g",
            str(VSCODE / "syntaxes" / "claim.tmLanguage.json"),
            str(VSCODE / "tests" / "sample.claim"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
