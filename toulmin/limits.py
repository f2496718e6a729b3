"""The limits of spec §6, in one place so that command-line flags can raise them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_file_bytes: int = 1 << 20  # 1 MiB
    max_depth: int = 200  # expression nesting
    max_exponent: int = 1000  # |p| in x^p


#: The limits in force; `toulmin check --max-file-kib ...` changes them for its run.
LIMITS = Limits()
