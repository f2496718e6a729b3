"""The JSON document of spec §7."""

from __future__ import annotations

import json
import math
from typing import Any

from toulmin.engine.results import ClaimResult, FileResult, Quantity


def _num(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return float(f"{x:.12g}")


def quantity(q: Quantity | None) -> dict[str, Any] | None:
    """QUANTITY: display-unit numbers plus `si` in base units."""
    if q is None:
        return None

    def disp(x: float | None) -> float | None:
        return None if x is None else _num(x / q.scale)

    return {
        "value": disp(q.value),
        "low": disp(q.low),
        "high": disp(q.high),
        "unit": q.unit,
        "si": {"value": _num(q.value), "low": _num(q.low), "high": _num(q.high), "unit": q.si_unit},
    }


def claim(c: ClaimResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "line": c.line,
        "text": c.text,
        "verdict": c.verdict,
        "proof": c.proof,
        "op": c.op,
        "lhs": quantity(c.lhs),
        "rhs": quantity(c.rhs),
        "tolerance": c.tolerance,
        "counterexample": None
        if c.counterexample is None
        else {k: quantity(v) for k, v in c.counterexample.items()},
        "witness": None if c.witness is None else {k: quantity(v) for k, v in c.witness.items()},
        "condition": c.condition,
        "sources": list(c.sources),
        **({"note": c.note} if c.note else {}),
    }


def file_result(r: FileResult) -> dict[str, Any]:
    return {
        "file": r.file,
        "ok": r.ok,
        "claims": [claim(c) for c in r.claims],
        "values": {k: quantity(v) for k, v in r.values.items()},
        "diagnostics": [
            {
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
                "file": d.span.file if d.span else r.file,
                "line": d.span.line if d.span else None,
                "column": d.span.column if d.span else None,
                "end_line": d.span.end_line if d.span else None,
                "end_column": d.span.end_column if d.span else None,
                **({"hint": d.hint} if d.hint else {}),
            }
            for d in r.diagnostics
        ],
    }


def document(results: list[FileResult], ok: bool, extra: list[dict] | None = None) -> str:
    """The whole `--format json` output."""
    doc: dict[str, Any] = {"toulmin": "1", "ok": ok, "results": [file_result(r) for r in results]}
    if extra:
        doc["errors"] = extra
    return json.dumps(doc, ensure_ascii=False, indent=2)
