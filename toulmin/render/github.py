"""`--format github`: GitHub Actions workflow commands, one line per finding, so failing
claims and diagnostics are annotated on their line in a pull request.

    ::error file=claims/fu.claim,line=74,col=1,endLine=74,endColumn=40,title=…::message
"""

from __future__ import annotations

from toulmin.engine.results import FileResult
from toulmin.render.findings import findings
from toulmin.render.text import summary

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    """The message escaping of the runner (toolkit `escapeData`)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Property values also escape the separators `:` and `,` (toolkit `escapeProperty`)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def document(results: list[FileResult]) -> str:
    lines = []
    for f in findings(results):
        props = {"file": f.file}
        if f.span is not None:
            props |= {
                "line": str(f.span.line),
                "col": str(f.span.column),
                "endLine": str(f.span.end_line),
                "endColumn": str(f.span.end_column),
            }
        props["title"] = f.title
        head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
        lines.append(f"::{_COMMAND[f.level]} {head}::{escape_data(f.message)}")
    lines.append(summary(results))
    return "\n".join(lines) + "\n"
