"""Mutations of real `.claim` files: the corpus (`claims/`) and the test files (`tests/**`).

Real files reach deep into the engine (imports, rules, consistency claims),
so small edits to them find what generation from scratch rarely builds:
lines dropped, duplicated or swapped, tokens spliced from other files,
numbers pushed to extremes, odd characters and line endings.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from fuzz.minimise import tokens

ROOT = Path(__file__).resolve().parent.parent

#: Things worth inserting: edges of the language and of the number line.
INTERESTING = [
    "1e300",
    "1e-300",
    "1e308",
    "1e-320",
    "0",
    "-0",
    "0.0",
    "1e400",
    "99999999999999999999",
    "0.1",
    "0.2",
    "0.3",
    "(",
    ")",
    "[",
    "]",
    "^",
    "**",
    "-",
    "/",
    "*",
    "±",
    "to",
    "within",
    "%",
    "x",
    "GPU",
    "FLOP/s",
    "h^100",
    "as",
    "use",
    "given",
    "let",
    "claim",
    "rule",
    "unit",
    "source",
    "argument",
    "min(",
    "max(",
    "sqrt(",
    "log(",
    "exp(",
    "ceil(",
    "floor(",
    "abs(",
    "\ufeff",
    "\r",
    "\r\n",
    "\x00",
    "\t",
    "    ",
    "\u200b",
    "\u202e",
    "é",
    "≈",
    "≤",
    "≥",
    "≠",
    "×",
    "·",
    "−",
    '"',
    "\\",
    "#",
    "$",
    "K",
    "M",
    "B",
    "T",
    "1_000",
    ".5",
    "5.",
    "e5",
]
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def seeds(root: Path = ROOT) -> list[Path]:
    """Every `.claim` file of the corpus and of the tests."""
    return sorted((root / "claims").glob("*.claim")) + sorted((root / "tests").rglob("*.claim"))


class Mutator:
    """Applies 1-4 random edits to a seed file's text."""

    def __init__(self, rng: random.Random, files: list[Path]) -> None:
        self.rng = rng
        self.files = files
        self.texts = {f: f.read_text(encoding="utf-8", errors="replace") for f in files}
        self.pool = [t for text in self.texts.values() for t in tokens(text) if not t.isspace()]

    def mutate(self, seed: Path) -> str:
        text = self.texts[seed]
        for _ in range(self.rng.randint(1, 4)):
            text = self.rng.choice(self.OPERATORS)(self, text)
        return text

    def _lines(self, text: str) -> list[str]:
        return text.split("\n")

    def drop_line(self, text: str) -> str:
        lines = self._lines(text)
        if len(lines) > 1:
            del lines[self.rng.randrange(len(lines))]
        return "\n".join(lines)

    def dup_line(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return "\n".join(lines)

    def swap_lines(self, text: str) -> str:
        lines = self._lines(text)
        i, j = self.rng.randrange(len(lines)), self.rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)

    def splice_token(self, text: str) -> str:
        toks = tokens(text)
        if not toks:
            return text
        i = self.rng.randrange(len(toks))
        toks[i] = self.rng.choice(self.pool + INTERESTING)
        return "".join(toks)

    def insert_token(self, text: str) -> str:
        toks = tokens(text)
        i = self.rng.randrange(len(toks) + 1)
        toks.insert(i, self.rng.choice(INTERESTING + self.pool[:50]))
        return "".join(toks)

    def delete_token(self, text: str) -> str:
        toks = tokens(text)
        if toks:
            del toks[self.rng.randrange(len(toks))]
        return "".join(toks)

    def change_number(self, text: str) -> str:
        nums = list(_NUMBER.finditer(text))
        if not nums:
            return text
        m = self.rng.choice(nums)
        new = self.rng.choice(
            [
                "0",
                "1e300",
                "1e-300",
                "-1",
                "1e15",
                "0.1",
                "3",
                m.group() + "e200",
                m.group() + "0000",
            ]
        )
        return text[: m.start()] + new + text[m.end() :]

    def line_endings(self, text: str) -> str:
        return text.replace("\n", self.rng.choice(["\r\n", "\r", "\n\n", " \\\n"]))

    def nest(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        k = self.rng.choice([5, 50, 199, 201, 400])
        if "=" in lines[i]:
            head, _, tail = lines[i].partition("=")
            lines[i] = head + "=" + "(" * k + tail + ")" * k
        return "\n".join(lines)

    def repeat_line(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        lines[i : i + 1] = [lines[i]] * self.rng.choice([2, 10, 100])
        return "\n".join(lines)

    def truncate(self, text: str) -> str:
        return text[: self.rng.randrange(len(text) + 1)]

    def indent(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        lines[i] = self.rng.choice(["    ", "\t", " "]) + lines[i]
        return "\n".join(lines)

    OPERATORS: ClassVar[list[Callable[[Mutator, str], str]]] = [
        drop_line,
        dup_line,
        swap_lines,
        splice_token,
        splice_token,
        insert_token,
        delete_token,
        change_number,
        change_number,
        line_endings,
        nest,
        repeat_line,
        truncate,
        indent,
    ]
