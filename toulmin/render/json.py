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


def _clean(x: Any) -> Any:
    """Make a value JSON-safe: text that is not Unicode, and numbers that are not finite.

    A file name that is not UTF-8 reaches us with surrogate escapes, which no
    encoder can write; NaN and infinity are not JSON. Both would break the
    one document a `--format json` run promises.
    """
    if isinstance(x, str):
        try:
            x.encode("utf-8")
            return x
        except UnicodeEncodeError:
            raw = x.encode("utf-8", "surrogateescape" if _escapes_only(x) else "surrogatepass")
            return raw.decode("utf-8", "replace")
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {_clean(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def _escapes_only(s: str) -> bool:
    """Whether every surrogate in `s` is an undecodable byte kept by `surrogateescape`."""
    return all(not ("\ud800" <= ch <= "\udfff") or "\udc80" <= ch <= "\udcff" for ch in s)


def dumps(doc: Any) -> str:
    """Any JSON document the tool prints: valid whatever text or numbers it holds."""
    return json.dumps(_clean(doc), ensure_ascii=False, indent=2, allow_nan=False)


def document(results: list[FileResult], ok: bool, extra: list[dict] | None = None) -> str:
    """The whole `--format json` output."""
    doc: dict[str, Any] = {"toulmin": "1", "ok": ok, "results": [file_result(r) for r in results]}
    if extra:
        doc["errors"] = extra
    return dumps(doc)


def errors_document(messages: list[str]) -> str:
    """The `--format json` output of a run that failed before any file had a result."""
    return dumps(
        {"toulmin": "1", "ok": False, "results": [], "errors": [{"message": m} for m in messages]}
    )
