"""The Rich console every command prints through: colour rules and widths in one place."""

from __future__ import annotations

import os
import sys
from typing import Any


def console(no_color: bool, stderr: bool = False) -> Any:
    from rich.console import Console

    plain = no_color or bool(os.environ.get("NO_COLOR"))
    stream = sys.stderr if stderr else sys.stdout
    # Not a terminal: no colour, and wide enough that tables and trees never truncate.
    width = None if stream.isatty() else int(os.environ.get("COLUMNS", "0") or 0) or 200
    return Console(
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        stderr=stderr,
        emoji=False,
        markup=False,
        width=width,
    )
