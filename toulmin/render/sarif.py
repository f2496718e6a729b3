"""`--format sarif`: a SARIF 2.1.0 log, as GitHub code scanning uploads it.

Every non-holding claim and every diagnostic is a `result` with a rule id (`claim-fails`,
`claim-depends`, …, or the diagnostic code), a level and a region. Paths are written
relative to the working folder (`%SRCROOT%`) when they can be, as code scanning needs.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from toulmin.engine.results import FileResult
from toulmin.render.findings import DIAGNOSTIC_HELP, VERDICT_RULES, Finding, findings

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _version() -> str:
    try:
        return metadata.version("toulmin")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0"


def _rules() -> list[dict[str, Any]]:
    rules = []
    for verdict, (rule, level, text) in VERDICT_RULES.items():
        for rid, name in ((rule, rule), ("consistency-" + verdict, "consistency-" + verdict)):
            rules.append(
                {
                    "id": rid,
                    "name": name,
                    "shortDescription": {"text": f"A claim that {verdict}"},
                    "fullDescription": {"text": text},
                    "defaultConfiguration": {"level": level},
                }
            )
    for code, text in DIAGNOSTIC_HELP.items():
        rules.append(
            {
                "id": code,
                "name": code,
                "shortDescription": {"text": text},
                "defaultConfiguration": {
                    "level": "warning" if code in ("unused", "unsourced") else "error"
                },
            }
        )
    return rules


def _uri(file: str) -> tuple[str, bool]:
    """(URI, relative to %SRCROOT%)."""
    p = Path(file)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri(), False
    return str(PurePosixPath(*p.parts)) if p.parts else file, True


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    uri, relative = _uri(f.file)
    loc: dict[str, Any] = {"uri": uri}
    if relative:
        loc["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": loc}
    if f.span is not None:
        physical["region"] = {
            "startLine": f.span.line,
            "startColumn": f.span.column,
            "endLine": f.span.end_line,
            "endColumn": max(f.span.end_column, f.span.column + 1)
            if f.span.end_line == f.span.line
            else f.span.end_column,
        }
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": f.level,
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
    }
    if f.claim is not None:
        # Stable across edits that move the claim: code scanning matches alerts by it.
        out["partialFingerprints"] = {"toulminClaim/v1": f"{uri}#{f.claim.id}"}
        out["properties"] = {"claim": f.claim.id, "verdict": f.claim.verdict}
    return out


def log(results: list[FileResult], exit_code: int) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dictionary."""
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "toulmin",
                        "version": _version(),
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"},
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True, "exitCode": exit_code}],
                "results": [_result(f, index) for f in findings(results)],
            }
        ],
    }


def document(results: list[FileResult], exit_code: int) -> str:
    return json.dumps(log(results, exit_code), ensure_ascii=False, indent=2)
