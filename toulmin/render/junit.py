"""`--format junit`: JUnit XML, one testsuite per file and one testcase per claim, so CI
systems that show test reports list every claim; a claim that does not hold is a
`failure`, and a file with error diagnostics is one testcase with an `error`."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from toulmin.engine.results import FileResult
from toulmin.render.findings import claim_message
from toulmin.render.text import note, show


def document(results: list[FileResult]) -> str:
    root = ET.Element("testsuites", name="toulmin")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=r.file)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        errors = [d for d in r.diagnostics if d.is_error]
        if errors:
            case = ET.SubElement(suite, "testcase", name="diagnostics", classname=r.file)
            case.set("file", r.file)
            counts["tests"] += 1
            counts["errors"] += 1
            first = errors[0]
            err = ET.SubElement(case, "error", message=first.message, type=first.code)
            err.text = "\n".join(
                (f"{d.span.file}:{d.span.line}:{d.span.column}: " if d.span else "")
                + f"{d.severity}[{d.code}]: {d.message}"
                for d in r.diagnostics
            )
        for c in r.claims:
            case = ET.SubElement(suite, "testcase", name=c.id, classname=r.file)
            case.set("file", r.file)
            case.set("line", str(c.line))
            counts["tests"] += 1
            prop = ET.SubElement(ET.SubElement(case, "properties"), "property")
            prop.set("name", "verdict")
            prop.set("value", c.verdict)
            if c.verdict != "holds":
                counts["failures"] += 1
                fail = ET.SubElement(case, "failure", message=claim_message(c), type=c.verdict)
                body = [f"{c.verdict}: {show(c.lhs)} {c.op} {show(c.rhs)}"]
                if note(c):
                    body.append(note(c))
                if c.text:
                    body.append(f'quote: "{c.text}"')
                body.append(f"at {r.file}:{c.line}")
                fail.text = "\n".join(body)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
