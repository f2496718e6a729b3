"""The CI formats' common ground: every non-holding claim and every diagnostic of a check
as a `Finding` (a rule id, a level, a message and a region), in file order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from toulmin.diagnostics import Diagnostic, Span
from toulmin.engine.results import ClaimResult, FileResult
from toulmin.render.text import note, show

#: Rule ids and levels (SARIF `error`/`warning`/`note`) of the verdicts that are findings.
VERDICT_RULES: dict[str, tuple[str, str, str]] = {
    "fails": ("claim-fails", "error", "The claim is false for every value in the ranges."),
    "depends": (
        "claim-depends",
        "warning",
        "The claim holds for some values in the ranges and fails for others.",
    ),
    "open": ("claim-open", "note", "The claim needs a premise that has no value."),
    "undecided": (
        "claim-undecided",
        "warning",
        "The time budget ran out before the claim was proved or refuted.",
    ),
}

DIAGNOSTIC_HELP = {
    "syntax": "The text is not valid .claim syntax.",
    "unknown-name": "A name is used but never defined.",
    "unknown-unit": "A unit is not known.",
    "dimension": "The units on two sides do not match.",
    "redefined": "A name is defined twice.",
    "import": "A `use` cannot be followed.",
    "domain": "A value is outside the domain of an operation.",
    "limit": "An input exceeds a limit.",
    "unused": "A given that no claim depends on.",
    "unsourced": "A given without a source.",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str  # "error", "warning" or "note"
    title: str
    message: str
    file: str
    span: Span | None
    claim: ClaimResult | None = None
    diagnostic: Diagnostic | None = None

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None


def claim_message(c: ClaimResult) -> str:
    """`fails: 5.5x >= 9x`, then the counterexample, the condition or the bounds."""
    text = f"{c.id} {c.verdict}: {show(c.lhs)} {c.op} {show(c.rhs)}"
    why = note(c)
    return f"{text}; {why}" if why else text


def claim_findings(r: FileResult) -> Iterator[Finding]:
    for c in r.claims:
        if c.verdict == "holds":
            continue
        rule, level, _ = VERDICT_RULES[c.verdict]
        if c.kind == "consistency":
            rule = "consistency-" + c.verdict
        yield Finding(
            rule, level, f"claim {c.id} {c.verdict}", claim_message(c), r.file, c.span, claim=c
        )


def diagnostic_findings(r: FileResult) -> Iterator[Finding]:
    for d in r.diagnostics:
        msg = d.message + (f" (hint: {d.hint})" if d.hint else "")
        yield Finding(
            d.code,
            "error" if d.is_error else "warning",
            f"{d.severity}[{d.code}]",
            msg,
            d.span.file if d.span else r.file,
            d.span,
            diagnostic=d,
        )


def findings(results: list[FileResult]) -> list[Finding]:
    """Every finding of every file: diagnostics first (they explain missing verdicts)."""
    return [f for r in results for f in (*diagnostic_findings(r), *claim_findings(r))]
