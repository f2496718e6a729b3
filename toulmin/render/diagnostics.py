"""Compiler-style diagnostics: location, the source line, carets, labels and the fix."""

from __future__ import annotations

from toulmin.diagnostics import Diagnostic, LineIndex, Span


def render(d: Diagnostic, texts: dict[str, str]) -> list[tuple[str, str]]:
    """Lines of (style, text); the style is a Rich style name or ''."""
    sev_style = "bold red" if d.is_error else "bold yellow"
    out: list[tuple[str, str]] = [(sev_style, f"{d.severity}[{d.code}]: {d.message}")]
    span = d.span
    if span is None:
        if d.hint:
            out.append(("cyan", f"  = hint: {d.hint}"))
        return out
    out.append(("blue", f" --> {span.file}:{span.line}:{span.column}"))
    text = texts.get(span.file)
    if text is not None:
        index = LineIndex(text, span.file)
        gutter = len(str(span.line))
        same_line = [
            lb for lb in d.labels if lb.span.file == span.file and lb.span.line == span.line
        ]
        other = [lb for lb in d.labels if lb not in same_line]
        pad = " " * gutter
        out.append(("blue", f"{pad} |"))
        line = index.line_text(span.line)
        out.append(("", f"{span.line} | {line}"))
        out.extend(_carets(span, line, d.primary_label, same_line, pad, sev_style))
        for lb in other:
            lt = index.line_text(lb.span.line)
            g = str(lb.span.line).rjust(gutter)
            out.append(("", f"{g} | {lt}"))
            col = lb.span.column - 1
            width = _width(lb.span, lt)
            out.append(("blue", f"{pad} | {' ' * col}{'-' * width} {lb.message}"))
    for note in d.notes:
        out.append(("", f"{' ' * len(str(span.line))} = {note}"))
    if d.hint:
        out.append(("cyan", f"{' ' * len(str(span.line))} = hint: {d.hint}"))
    return out


def _width(span: Span, line: str) -> int:
    if span.end_line != span.line:
        return max(1, len(line) - (span.column - 1))
    return max(1, span.end_column - span.column)


def _carets(
    span: Span, line: str, primary: str | None, labels: list, pad: str, style: str
) -> list[tuple[str, str]]:
    marks = [" "] * (len(line) + 1)
    col = span.column - 1
    width = _width(span, line)
    for i in range(col, min(col + width, len(marks))):
        marks[i] = "^"
    trailing = []
    for lb in labels:
        lc = lb.span.column - 1
        for i in range(lc, min(lc + _width(lb.span, line), len(marks))):
            if marks[i] == " ":
                marks[i] = "^" if lb.span.column > span.column else "-"
        trailing.append(lb.message)
    row = "".join(marks).rstrip()
    rows = []
    if labels:
        rows.append((style, f"{pad} | {row} {trailing[-1]}"))
        if primary:
            rows.append((style, f"{pad} | {' ' * col}{primary}"))
    else:
        rows.append((style, f"{pad} | {row}" + (f" {primary}" if primary else "")))
    return rows
