"""Run one `toulmin` command line in a child process with a time cap and a memory cap.

The child is forked from a worker that has already imported `toulmin` (and
warmed Lark, Pint's table and SymPy), so an input costs a fork instead of an
interpreter start-up; it is still a separate process, so a hang is killed, a
memory blow-up hits `RLIMIT_AS`, and nothing it does leaks into the next
input. The worker must be single-threaded (forking a threaded process can
copy a held lock); `__main__` uses one process per job.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass

#: Exit status of a child whose Python code let an exception escape the CLI entirely.
ESCAPED = 70


@dataclass
class Run:
    """What one command did."""

    args: list[str]
    status: int | None  # exit status; None when killed for time
    stdout: bytes
    stderr: bytes
    seconds: float
    signal: int | None = None  # the signal that ended it (e.g. SIGKILL from the memory cap)

    killed_for_time: bool = False

    @property
    def timed_out(self) -> bool:
        return self.killed_for_time


def _child(args: list[str], cwd: str, out: int, err: int, mem_bytes: int, cpu_s: int) -> None:
    """In the forked child: cap, redirect, run the CLI, exit with its status."""
    code = ESCAPED
    try:
        os.setsid()  # its own group, so a kill reaches anything it starts
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.chdir(cwd)
        from toulmin.cli import main

        main.main(args=args, prog_name="toulmin", standalone_mode=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        try:
            traceback.print_exc()
        except BaseException:
            pass
        code = ESCAPED
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code)


def run(args: list[str], cwd: str, timeout: float = 20.0, mem_mib: int = 3072) -> Run:
    """Fork, run `toulmin ARGS` in `cwd`, and wait at most `timeout` seconds."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            _child(args, cwd, out_f.fileno(), err_f.fileno(), mem_mib << 20, int(timeout) + 2)
        status: int | None = None
        sig: int | None = None
        killed = False
        while True:
            done, wstatus = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > timeout:
                killed = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    os.kill(pid, signal.SIGKILL)
                _, wstatus = os.waitpid(pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        if os.WIFEXITED(wstatus):
            status = os.WEXITSTATUS(wstatus)
        elif os.WIFSIGNALED(wstatus):
            sig = os.WTERMSIG(wstatus)
        out_f.seek(0)
        err_f.seek(0)
        r = Run(args, status, out_f.read(), err_f.read(), seconds, sig)
        r.killed_for_time = killed
        return r


def warm_up() -> None:
    """Import what every check needs once, in the worker, before forking children."""
    import toulmin.check
    import toulmin.cli
    import toulmin.cross.commands
    import toulmin.engine.prove
    import toulmin.engine.resolve
    import toulmin.engine.solve
    import toulmin.explain  # noqa: F401
    from toulmin.dsl.parser import parse_source

    parse_source("given x = 1 GPU\nclaim c: x * 2 > 1 GPU\n", "warm.claim")
    from toulmin.check import check_text

    check_text("given x = 1 to 2 GPU\nlet y = x * 3\nclaim c: y > 1 GPU\n", "warm.claim")
