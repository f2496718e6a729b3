"""Delta debugging: shrink an input while it still shows the same finding.

`ddmin` is Zeller's algorithm over any list (lines, tokens, statements):
try removing chunks, halving the chunk size when nothing can go, until no
single item can be removed. `minimise_text` runs it over lines and then over
the tokens of what is left. The predicate is the caller's ("still the same
category and signature"), and `max_tests` bounds the work, since each test
may be a child process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Tokens for the second pass: words, numbers, strings and single symbols, with their spaces.
_TOKEN = re.compile(
    r'\s+|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_.]*|\d[\d_.]*(?:[eE][+-]?\d+)?|.', re.S
)


class Budget:
    """How many predicate runs are left."""

    def __init__(self, max_tests: int) -> None:
        self.left = max_tests

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def ddmin(
    items: Sequence[T], still_fails: Callable[[list[T]], bool], budget: Budget | None = None
) -> list[T]:
    """A 1-minimal sublist of `items` for which `still_fails` is true (order kept).

    `still_fails(items)` is assumed true on entry. Results are cached, so the
    same candidate is never tested twice.
    """
    budget = budget or Budget(500)
    current = list(items)
    seen: dict[tuple[int, ...], bool] = {}
    index = {id(x): i for i, x in enumerate(current)}

    def test(candidate: list[T]) -> bool:
        key = tuple(index.get(id(x), -1) for x in candidate)
        if key in seen:
            return seen[key]
        if not budget.spend():
            return False
        seen[key] = still_fails(candidate)
        return seen[key]

    n = 2
    while len(current) >= 2:
        chunk = max(1, len(current) // n)
        subsets = [current[i : i + chunk] for i in range(0, len(current), chunk)]
        reduced = False
        for i in range(len(subsets)):
            complement = [x for j, s in enumerate(subsets) if j != i for x in s]
            if complement and test(complement):
                current = complement
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if n >= len(current) or budget.left <= 0:
                break
            n = min(len(current), n * 2)
    if len(current) == 1 and test([]):
        return []
    return current


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def minimise_text(text: str, still_fails: Callable[[str], bool], max_tests: int = 300) -> str:
    """Shrink `text` by lines, then by tokens, keeping `still_fails(text)` true."""
    budget = Budget(max_tests)
    lines = text.splitlines(keepends=True)
    # Wrap items so equal lines stay distinct for the cache.
    boxed = [[x] for x in lines]
    kept = ddmin(boxed, lambda c: still_fails("".join(b[0] for b in c)), budget)
    text = "".join(b[0] for b in kept)
    # Each token keeps the spaces after it: removing a space alone could glue two
    # words into a third (`rule rr` → `rulerr`) and minimise to another input.
    words: list[str] = []
    for tok in tokens(text):
        if tok.isspace() and words and "\n" not in tok:
            words[-1] += tok
        else:
            words.append(tok)
    toks = [[x] for x in words]
    if len(toks) > 1 and budget.left > 0:
        kept_t = ddmin(toks, lambda c: still_fails("".join(b[0] for b in c)), budget)
        text = "".join(b[0] for b in kept_t)
    return text


def minimise_bytes(
    data: bytes, still_fails: Callable[[bytes], bool], max_tests: int = 300
) -> bytes:
    """`minimise_text` for inputs that are not text: lines of bytes, then single bytes."""
    budget = Budget(max_tests)
    boxed = [[x] for x in data.splitlines(keepends=True)]
    kept = ddmin(boxed, lambda c: still_fails(b"".join(b[0] for b in c)), budget)
    data = b"".join(b[0] for b in kept)
    if len(data) <= 400 and budget.left > 0:
        boxed_b = [[data[i : i + 1]] for i in range(len(data))]
        kept_b = ddmin(boxed_b, lambda c: still_fails(b"".join(b[0] for b in c)), budget)
        data = b"".join(b[0] for b in kept_b)
    return data
