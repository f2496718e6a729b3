"""The pipeline, end to end: source → tree → program → model → verdicts → `FileResult`.

`check_file` and `check_text` are the public API used by the CLI and tests;
`analyse` returns the intermediate stages for `explain`, `solve` and `compare`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toulmin.source.fs import FileSystem

from toulmin.diagnostics import Diagnostic, warning
from toulmin.engine import ir
from toulmin.engine.load import Unit, load_program
from toulmin.engine.program import ClaimDef, Display, Program
from toulmin.engine.results import ClaimResult, FileResult, Quantity
from toulmin.render.condition import phrase
from toulmin.units import dims as D
from toulmin.units import format as F


@dataclass
class Options:
    """Knobs of a check; the defaults are the spec's."""

    strict: bool = False
    budget: float = 2.0  # seconds per solve or proof
    max_boxes: int = 4000


@dataclass
class Analysis:
    """Every stage of one checked file, for commands that need more than verdicts."""

    units: list[Unit]
    program: Program
    model: object  # engine.solve.Model
    prover: object  # engine.prove.Prover
    values: dict[str, tuple[float, float, float] | None]
    diagnostics: list[Diagnostic]


def analyse(
    path: Path,
    display: str | None = None,
    text: str | None = None,
    options: Options | None = None,
    root: Path | None = None,
    fs: FileSystem | None = None,
) -> Analysis:
    """Load, resolve, solve and evaluate a file (no verdicts yet).

    `fs` serves every file read (default: the disk); an editor passes an
    `OverlayFileSystem` so unsaved buffers of used files are checked too."""
    from toulmin.engine.prove import Prover
    from toulmin.engine.resolve import resolve
    from toulmin.engine.solve import build_model
    from toulmin.engine.values import all_values

    options = options or Options()
    units, diags = load_program(path, display, text, root, fs=fs)
    if not units:
        from toulmin.engine.program import Program as P
        from toulmin.engine.solve import Model

        program = P(display or str(path))
        model = Model()
        return Analysis([], program, model, Prover(program, model), {}, diags)
    program = resolve(units, options.strict)
    diags = diags + program.diagnostics
    model = build_model(program, options.budget)
    prover = Prover(program, model, options.budget, options.max_boxes)
    values, vdiags = all_values(prover)
    diags += model.diagnostics + vdiags
    return Analysis(units, program, model, prover, values, diags)


def all_claims(a: Analysis) -> list[ClaimDef]:
    """The claims of the checked file, then its consistency claims."""
    return [c for c in a.program.claims if c.main] + [c for c in a.model.consistency if c.main]  # type: ignore[attr-defined]


def check_file(
    path: str | Path,
    *,
    strict: bool = False,
    options: Options | None = None,
    root: Path | None = None,
    display: str | None = None,
) -> FileResult:
    """Check one `.claim` file and what it uses."""
    options = options or Options(strict=strict)
    if strict:
        options.strict = True
    p = Path(path)
    return _check(analyse(p, display or str(path), None, options, root), options)


def check_text(
    text: str, file: str = "input.claim", *, strict: bool = False, options: Options | None = None
) -> FileResult:
    """Check source text (uses resolve against the current folder)."""
    options = options or Options(strict=strict)
    if strict:
        options.strict = True
    p = Path(file)
    return _check(
        analyse(p, file, text, options, Path.cwd() if not p.parent.parts else None), options
    )


def _check(a: Analysis, options: Options) -> FileResult:
    from toulmin.engine.prove import Prover

    program = a.program
    result = FileResult(
        program.file,
        sources=dict(program.sources),
        texts={u.display: u.module.text for u in a.units},
        title=program.title,
        author=program.author,
        uses=sorted({str(u.path.resolve()) for u in a.units[1:] if u.path}),
    )
    diags = list(a.diagnostics)
    prover = a.prover
    assert isinstance(prover, Prover)
    claims = all_claims(a)
    has_errors = any(d.is_error for d in diags)
    if not has_errors and claims:
        diags += _unused(program, prover, claims)
    result.diagnostics = sorted(diags, key=_diag_key)
    for name in sorted(set(program.givens) | set(program.lets)):
        result.values[name] = _quantity(
            a.values.get(name), program.dims_of(name), program.display_of(name)
        )
    if has_errors:
        return result
    for claim in sorted(claims, key=lambda c: (c.span.line, c.kind != "claim", c.id)):
        result.claims.append(_claim_result(claim, prover, program))
    return result


def _diag_key(d: Diagnostic) -> tuple:
    s = d.span
    return (s.file if s else "", s.line if s else 0, s.column if s else 0, d.code)


def _unused(program: Program, prover: object, claims: list[ClaimDef]) -> list[Diagnostic]:
    """Givens of the checked file that no claim depends on."""
    used: set[str] = set()
    stack = [r for c in claims for nd in (c.lhs, c.rhs) for r in ir.refs(nd)]
    defs = prover.defs  # type: ignore[attr-defined]
    via = prover.model.via  # type: ignore[attr-defined]
    lets = program.lets
    while stack:
        n = stack.pop()
        if n in used:
            continue
        used.add(n)
        if n in defs:
            stack.extend(ir.refs(defs[n]))
        for eq in via.get(n, ()):  # a name solved backward uses its whole equation
            stack.append(eq)
            stack.extend(ir.refs(lets[eq].expr))
        if n in lets:  # the let's own equation also ties its names together
            stack.extend(ir.refs(lets[n].expr))
    out = []
    for n, g in sorted(program.givens.items()):
        if g.main and n not in used:
            out.append(
                warning(
                    "unused",
                    f"no claim depends on the given `{n}`",
                    g.name_span,
                    "add a claim that uses it, or remove it",
                )
            )
    return out


def _quantity(
    b: tuple[float, float, float] | None,
    dims: D.Dims,
    display: Display,
    unit: tuple[str, float] | None = None,
) -> Quantity:
    si = D.si_unit(dims)
    if b is None:
        text, factor = unit or (F.choose(display, 1.0))
        return Quantity(None, None, None, si, text, factor)  # type: ignore[arg-type]
    lo, mid, hi = b
    text, factor = unit or F.choose(display, max(abs(lo), abs(hi)) or abs(mid))
    return Quantity(mid, lo, hi, si, text, factor)


def _claim_result(claim: ClaimDef, prover: object, program: Program) -> ClaimResult:
    from toulmin.engine.prove import Prover

    assert isinstance(prover, Prover)
    outcome = prover.verdict(claim)
    rhs_b = _side_bounds(prover, claim.rhs)
    lhs_b = _side_bounds(prover, claim.lhs)
    ref = rhs_b or lhs_b
    unit = F.choose(claim.display, max(abs(ref[0]), abs(ref[2])) if ref else 1.0)
    lhs = _quantity(lhs_b, claim.dims, claim.display, unit)
    rhs = _quantity(rhs_b, claim.dims, claim.display, unit)
    tolerance: dict[str, float | str] | None = None
    tol = claim.tolerance
    if tol is not None and tol.kind == "absolute":
        tolerance = {"absolute": tol.value / unit[1], "unit": unit[0]}
    elif tol is not None:
        tolerance = {tol.kind: tol.value}

    def points(p: dict[str, float] | None) -> dict[str, Quantity] | None:
        if p is None:
            return None
        out = {}
        for n, v in sorted(p.items()):
            out[n] = _quantity((v, v, v), program.dims_of(n), program.display_of(n))
        return out

    line = claim.span.line
    return ClaimResult(
        claim.id,
        claim.kind,
        line,
        claim.quote,
        outcome.verdict,
        outcome.proof,  # type: ignore
        claim.op,
        lhs,
        rhs,
        tolerance,
        points(outcome.counterexample),
        points(outcome.witness),
        phrase(outcome.condition) if outcome.condition is not None else None,
        claim.refs,
        claim.span,
        outcome.note,
    )


def _side_bounds(prover: object, node: ir.Node) -> tuple[float, float, float] | None:
    from toulmin.engine.prove import Prover

    assert isinstance(prover, Prover)
    try:
        return prover.bounds_of(node)
    except ArithmeticError:
        return None


def collect(paths: tuple[str, ...]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """(file, root) pairs to check, and usage problems."""
    files: list[tuple[Path, Path]] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        kind, why = _kind(p)
        if kind == "directory":
            found = sorted(x for x in p.rglob("*.claim") if x.is_file())
            if not found:
                problems.append(f"{raw}: no .claim files in this folder")
            files.extend((f, f.parent) for f in found)
        elif kind == "file":
            files.append((p, p.parent))
        else:
            problems.append(f"{raw}: {why}")
    return files, problems


def _kind(p: Path) -> tuple[str, str]:
    """What a path is, and why it cannot be checked when it is neither a file nor a folder."""
    from toulmin.source.fs import DiskFileSystem, SourceError, describe

    try:
        kind = DiskFileSystem().kind(p)
    except SourceError as exc:  # a symlink loop, a name too long for the file system
        return "bad", exc.message
    if kind == "missing":
        return kind, "no such file or folder"
    return kind, f"it is {describe(kind)}, not a .claim file or a folder"
