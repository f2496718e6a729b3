"""The fuzzer's delta debugging: minimal results, order kept, bounded work."""

from __future__ import annotations

from fuzz.minimise import Budget, ddmin, minimise_bytes, minimise_text, tokens


def test_ddmin_finds_the_two_items_that_matter() -> None:
    calls: list[list[int]] = []

    def fails(c: list[int]) -> bool:
        calls.append(c)
        return 3 in c and 17 in c

    assert ddmin(list(range(40)), fails) == [3, 17]
    assert len(calls) < 120


def test_ddmin_result_is_one_minimal_and_ordered() -> None:
    def fails(c: list[int]) -> bool:
        return sum(c) >= 10 and c == sorted(c)

    out = ddmin([1, 2, 3, 4, 5, 6], fails)
    assert sum(out) >= 10 and out == sorted(out)
    for i in range(len(out)):  # no single item can go
        assert not fails(out[:i] + out[i + 1 :])


def test_ddmin_stops_when_the_budget_is_spent() -> None:
    calls = 0

    def fails(c: list[int]) -> bool:
        nonlocal calls
        calls += 1
        return 0 in c

    ddmin(list(range(1000)), fails, Budget(10))
    assert calls <= 10


def test_ddmin_can_remove_everything() -> None:
    assert ddmin([1, 2, 3], lambda c: True) == []


def test_minimise_text_keeps_the_lines_and_tokens_that_matter() -> None:
    text = "".join(f"given g{i} = {i}\n" for i in range(30)) + "claim c: sqrt(2) - 0 > 0\n"

    def fails(t: str) -> bool:
        return "sqrt(2) - 0" in t

    assert minimise_text(text, fails).rstrip() == "sqrt(2) - 0"


def test_minimise_text_never_glues_two_words() -> None:
    def fails(t: str) -> bool:
        return "rule" in t and "rr(" in t

    assert minimise_text("rule rr(p) = p\n", fails) == "rule rr("


def test_minimise_text_with_equal_lines() -> None:
    text = "a\nb\na\nb\n"
    assert minimise_text(text, lambda t: t.count("a") >= 2) == "aa"


def test_minimise_bytes_keeps_a_bad_byte() -> None:
    data = b"given x = 1\n" * 20 + b"claim \xff c\n"
    assert minimise_bytes(data, lambda d: b"\xff" in d) == b"\xff"


def test_tokens_cover_the_text() -> None:
    for text in ['given x = 3.35e12 TB/s [s1] "a \\"q\\""', "claim c: a+b<=2\r\n", "é\x00≈"]:
        assert "".join(tokens(text)) == text
