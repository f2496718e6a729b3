"""Checks for the language server, run in a child process with a deadline.

A proof can take seconds and Python cannot stop a thread, so the check runs in a child
process (`python -m toulmin.lsp.worker`) that the server kills when a check overruns
its budget, and restarts for the next one. Jobs and results travel as pickles over the
child's stdin/stdout; only this server's own child writes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from os import PathLike
from pathlib import Path

from toulmin.engine.results import FileResult


@dataclass
class Outcome:
    """A finished check: the verdicts and the syntax trees of the files loaded."""

    result: FileResult
    units: list  # list[toulmin.engine.load.Unit]
    seconds: float


def run_check(path: str, text: str, buffers: dict[str, str]) -> Outcome:
    """Check `text` as the file `path`, with unsaved `buffers` of used files."""
    import time

    from toulmin import check
    from toulmin.source.fs import OverlayFileSystem

    start = time.perf_counter()
    p = Path(path)
    options = check.Options()
    overlay: dict[str | PathLike[str], str] = {k: v for k, v in buffers.items()}
    fs = OverlayFileSystem(overlay)
    root = p.parent if p.parent.parts else None
    analysis = check.analyse(p, str(p), text, options, root, fs=fs)
    # `_check` turns an Analysis into verdicts; the server needs both the verdicts
    # and the trees, and checking twice would double the latency.
    result = check._check(analysis, options)
    for unit in analysis.units:
        unit.uses = [(use, _Ref(child.display)) for use, child in unit.uses]  # type: ignore[misc]
    return Outcome(result, analysis.units, time.perf_counter() - start)


@dataclass
class _Ref:
    """A used unit, by display name (keeps the pickled units a list, not a graph)."""

    display: str


def relink(units: list) -> list:
    """Undo `_Ref`: point every `use` at the unit it names again."""
    by_display = {u.display: u for u in units}
    for unit in units:
        unit.uses = [
            (use, by_display.get(child.display, child) if isinstance(child, _Ref) else child)
            for use, child in unit.uses
        ]
    return units


class Worker:
    """One child process that checks one job at a time; killed on overrun."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "toulmin.lsp.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._proc = self._send = self._recv = None

    def check(self, path: str, text: str, buffers: dict[str, str], budget: float) -> Outcome | str:
        """The outcome, or why there is none (the check overran or crashed)."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._stop()
                self._start()
            assert self._send is not None and self._recv is not None
            try:
                self._send.send((path, text, buffers))
                if not self._recv.poll(budget):
                    self._stop()
                    return f"the check took longer than {budget:g} s and was cancelled"
                status, payload = self._recv.recv()
            except (EOFError, OSError) as exc:
                self._stop()
                return f"the checker stopped: {exc}"
            if status != "ok":
                return f"the checker failed: {payload}"
            payload.units = relink(payload.units)
            return payload

    def close(self) -> None:
        with self._lock:
            self._stop()


def _serve() -> None:
    """The child's loop: read a job, send back ("ok", Outcome) or ("error", message)."""
    recv = Connection(os.dup(0), writable=False)
    send = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # nothing else may write to the result pipe: stray prints go to stderr
    while True:
        try:
            job = recv.recv()
        except EOFError:
            return
        try:
            send.send(("ok", run_check(*job)))
        except Exception as exc:  # a crash in the engine is reported, not fatal
            send.send(("error", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    # Run the module's own copy, so the pickled classes are `toulmin.lsp.worker.*`.
    from toulmin.lsp.worker import _serve as serve

    serve()
