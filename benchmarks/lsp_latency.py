"""Latency of the language server (issue 13). A script, not a test.

    python benchmarks/lsp_latency.py [--edits 20]

Starts `python -m toulmin lsp` over a pipe, opens a generated 200-statement file (the
one of bench.py), then makes edits (one given's value changes each time) and measures,
for each, the time from sending `didChange` to receiving `publishDiagnostics` for that
version. Target: the median within 300 ms. The debounce delay is included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import gen_200


class Pipe:
    """A bare JSON-RPC client over the server's stdin/stdout."""

    def __init__(self, cmd: list[str]) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, msg: dict) -> None:
        body = json.dumps(msg).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self) -> dict:
        assert self.proc.stdout is not None
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += self.proc.stdout.read(1)
        n = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        return json.loads(self.proc.stdout.read(n))

    def wait(self, method: str, version: int | None = None) -> dict:
        while True:
            msg = self.recv()
            if msg.get("method") == method and (
                version is None or msg["params"].get("version") == version
            ):
                return msg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=20)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = gen_200(folder / "g200.claim")
    text = path.read_text()
    uri = path.as_uri()
    pipe = Pipe([sys.executable, "-m", "toulmin", "lsp"])
    pipe.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    pipe.recv()
    pipe.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    t0 = time.perf_counter()
    pipe.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "claim", "version": 1, "text": text}
            },
        }
    )
    pipe.wait("textDocument/publishDiagnostics", 1)
    first = time.perf_counter() - t0
    times = []
    for i in range(args.edits):
        version = i + 2
        edited = text.replace("given gpus0 = 558 GPU", f"given gpus0 = {559 + i} GPU")
        t = time.perf_counter()
        pipe.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": edited}],
                },
            }
        )
        pipe.wait("textDocument/publishDiagnostics", version)
        times.append(time.perf_counter() - t)
        time.sleep(0.05)
    pipe.proc.kill()
    ms = sorted(1000 * x for x in times)
    print(f"200-statement file, {len(ms)} edits: first check {1000 * first:.0f} ms (worker start)")
    print(
        f"edit → diagnostics: median {statistics.median(ms):.0f} ms, "
        f"p90 {ms[int(0.9 * (len(ms) - 1))]:.0f} ms, max {ms[-1]:.0f} ms (target ≤ 300 ms)"
    )


if __name__ == "__main__":
    main()
