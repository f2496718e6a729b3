"""The options object (toulmin/options.py): immutable, passed down, never a global."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from toulmin.check import check_text
from toulmin.options import DEFAULT_LIMITS, Limits, Options

DEEP = "given x = 1\nlet y = " + "(" * 30 + "x" + ")" * 30 + "\nclaim c: y > 0\n"
POWER = "given x = 2\nclaim c: x^50 > 1\n"
TERMS = "given x = 1\nlet y = x" + " + 1" * 60 + "\nclaim c: y > 0\n"


def _codes(text: str, options: Options | None = None) -> list[str]:
    return [d.code for d in check_text(text, options=options).diagnostics if d.is_error]


def test_options_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().strict = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.max_depth = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "tight"),
    [
        (DEEP, Limits(max_depth=20)),
        (POWER, Limits(max_exponent=10)),
        (TERMS, Limits(max_terms=50)),
        (POWER, Limits(max_file_bytes=10)),
    ],
)
def test_two_checks_with_different_limits_do_not_disagree(text: str, tight: Limits) -> None:
    strict_run = Options(limits=tight)
    assert "limit" in _codes(text, strict_run)
    # the tight check left nothing behind: the default check accepts the same text,
    # before and after, and the tight one still refuses it
    assert _codes(text) == []
    assert "limit" in _codes(text, strict_run)
    assert _codes(text, Options()) == []


def test_concurrent_checks_keep_their_own_limits() -> None:
    out: dict[str, list[bool]] = {}

    def run(key: str, options: Options) -> None:
        for _ in range(5):
            out.setdefault(key, []).append("limit" in _codes(DEEP, options))

    threads = [
        threading.Thread(target=run, args=("tight", Options(limits=Limits(max_depth=20)))),
        threading.Thread(target=run, args=("default", Options())),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out["tight"] == [True] * 5
    assert out["default"] == [False] * 5


def test_strict_is_not_written_into_the_callers_options() -> None:
    options = Options()
    r = check_text("given x = 1\nclaim c: x > 0\n", strict=True, options=options)
    assert options.strict is False
    assert r.claims and r.claims[0].verdict == "holds"
