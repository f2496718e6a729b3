"""When Python's cycle collector runs during a check.

The pipeline builds hundreds of thousands of small, acyclic, long-lived objects (syntax
nodes, spans, IR nodes, fractions). With the default threshold (a young collection every
700 allocations) the collector re-traverses them over and over: in a 10,000-`let` file
that was ~0.9 s of ~2.9 s. Reference counting frees all of them anyway; the collector is
only needed for cycles, which the pipeline does not make. So a check raises the threshold
while it runs and puts it back after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: allocations between young collections while a check runs (the default is 700)
THRESHOLD = 1_000_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold for the block; restore it afterwards.

    The threshold is process-wide: a nested or concurrent check (the language server's
    worker threads) that finds it already raised leaves it alone, so only the outermost
    block restores it. Only timing depends on this, never a result."""
    old = gc.get_threshold()
    if old[0] == 0 or old[0] >= THRESHOLD:  # collection disabled, or already raised
        yield
        return
    gc.set_threshold(THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
