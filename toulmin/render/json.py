"""The JSON document of spec §7."""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from typing import Any

from toulmin.engine.collection import fewer_collections
from toulmin.engine.results import ClaimResult, FileResult, Quantity, ScenarioInfo
from toulmin.render.quantity import to_json as quantity_json


def quantity(q: Quantity | None) -> dict[str, Any] | None:
    """QUANTITY (spec §7); see render/quantity.py, the one formatter."""
    return quantity_json(q)


def point(q: Quantity) -> dict[str, Any] | None:
    """A coordinate of a counterexample or witness: `si` at full precision, because the
    point must reproduce. 12 digits moved `g0` of an `!=` claim off its tie (v2 fuzz)."""
    out = quantity(q)
    if out is not None:
        for k in ("value", "low", "high"):
            x = getattr(q, k)
            if out["si"][k] is not None and x is not None:
                out["si"][k] = x
    return out


def claim(c: ClaimResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "line": c.line,
        "text": c.text,
        **outcome(c),
        **({"scenarios": {n: outcome(s) for n, s in c.scenarios.items()}} if c.scenarios else {}),
    }


def outcome(c: ClaimResult) -> dict[str, Any]:
    """A claim result without `id`, `kind`, `line` and `text`: also what each of its
    scenarios is (spec v2 §7)."""
    return {
        "verdict": c.verdict,
        "proof": c.proof,
        "op": c.op,
        "lhs": quantity(c.lhs),
        "rhs": quantity(c.rhs),
        "tolerance": c.tolerance,
        "counterexample": None
        if c.counterexample is None
        else {k: point(v) for k, v in c.counterexample.items()},
        "witness": None if c.witness is None else {k: point(v) for k, v in c.witness.items()},
        "condition": c.condition,
        "sources": list(c.sources),
        **({"note": c.note} if c.note else {}),
        "qualifier": None if c.qualifier is None else c.qualifier.to_json(),
        "probability": None if c.probability is None else c.probability.to_json(),
        **({"probability_note": c.probability_note} if c.probability_note else {}),
    }


def scenario(s: ScenarioInfo) -> dict[str, Any]:
    """(v2) One of the file's scenarios; `evaluated` is false when `--scenario` left it out."""
    return {
        "name": s.name,
        "title": s.title,
        "line": s.line,
        "sources": list(s.sources),
        "evaluated": s.evaluated,
    }


def file_result(r: FileResult) -> dict[str, Any]:
    return {
        "file": r.file,
        "ok": r.ok,
        "claims": [claim(c) for c in r.claims],
        **({"scenarios": [scenario(s) for s in r.scenarios]} if r.scenarios else {}),
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


def encode(x: Any) -> Any:
    """Any result as JSON data: the one encoder of every command's typed results.

    A `Quantity` is the spec's QUANTITY, a `ClaimResult` the claim object of `check`;
    any other dataclass is an object of its fields (a trailing `_` dropped: `from_`
    is `"from"`); tuples are arrays."""
    if isinstance(x, Quantity):
        return quantity_json(x)
    if isinstance(x, ClaimResult):
        return claim(x)
    if is_dataclass(x) and not isinstance(x, type):
        return {f.name.rstrip("_"): encode(getattr(x, f.name)) for f in fields(x)}
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    return x


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
    with fewer_collections():
        # Most documents need no cleaning: try them as they are (NaN raises, a lone
        # surrogate fails to encode) and copy the document only when one does.
        try:
            out = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
            out.encode("utf-8")
            return out
        except (ValueError, UnicodeEncodeError):
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
