"""The options of one check: limits (spec §6), the time budget and strictness.

Immutable and passed down, from the command line or the API, through parse, load,
resolve, solve and prove: nothing reads a global, so two checks in one process with
different options cannot disagree (a `limits.LIMITS` global that `check`'s flags
mutated was removed for that reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """The limits of spec §6; `toulmin check --max-file-kib ...` raises them."""

    max_file_bytes: int = 1 << 20  # 1 MiB
    max_depth: int = 200  # expression nesting
    max_exponent: int = 1000  # |p| in x^p
    #: operators and separators in one statement: a 1 MiB `1 + 1 + …` line is refused
    #: before the parser builds a tree of it
    max_terms: int = 10_000


#: (v2) P(holds): samples per estimate and the fixed default seed (spec §7)
DEFAULT_SAMPLES = 100_000
DEFAULT_SEED = 20260101

#: the spec's limits
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Options:
    """Knobs of a check; the defaults are the spec's."""

    strict: bool = False
    budget: float = 2.0  # seconds per solve or proof
    max_boxes: int = 4000
    limits: Limits = field(default_factory=Limits)
    samples: int = DEFAULT_SAMPLES  # (v2) per P(holds) estimate (qualifiers may double it)
    seed: int = DEFAULT_SEED  # (v2) the same seed gives the same probabilities
    scenarios: tuple[str, ...] | None = None  # (v2) `--scenario`: only these; None: all
    under: str | None = None  # (v2) explain/solve `--scenario S`: the file as scenario S has it
