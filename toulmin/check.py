"""The pipeline, end to end: source → tree → program → model → verdicts → `FileResult`.

`check_file` and `check_text` are the public API used by the CLI and tests;
`analyse` returns the intermediate stages for `explain`, `solve` and `compare`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toulmin.engine.prove import Prover
    from toulmin.engine.solve import Model
    from toulmin.source.fs import FileSystem

from toulmin.diagnostics import Diagnostic, Label, Span, error, warning
from toulmin.engine import ir
from toulmin.engine.collection import fewer_collections
from toulmin.engine.load import Unit, load_program
from toulmin.engine.program import ClaimDef, Display, Program, ScenarioDef
from toulmin.engine.results import ClaimResult, FileResult, Quantity, ScenarioInfo
from toulmin.options import Options
from toulmin.render.condition import phrase
from toulmin.units import dims as D
from toulmin.units import format as F


@dataclass
class Analysis:
    """Every stage of one checked file, for commands that need more than verdicts."""

    units: list[Unit]
    program: Program
    model: Model
    prover: Prover
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
    from toulmin.engine.values import Envs, all_values, claim_errors

    options = options or Options()
    with fewer_collections():
        units, diags = load_program(path, display, text, root, fs=fs, limits=options.limits)
        if not units:
            from toulmin.engine.program import Program as P
            from toulmin.engine.solve import Model

            program = P(display or str(path))
            model = Model()
            return Analysis([], program, model, Prover(program, model), {}, diags)
        program = resolve(units, options.strict, options.limits)
        diags = diags + program.diagnostics
        if options.under is not None:
            program, problem = _swap_in(program, options.under)
            diags += problem
        model = build_model(program, options.budget)
        prover = Prover(program, model, options.budget, options.max_boxes)
        envs = Envs(prover)
        values, vdiags = all_values(prover, envs)
        diags += model.diagnostics + vdiags
        if not any(d.is_error for d in diags):
            from toulmin.engine.simplify import simplified_claims

            # a range named twice in a side defeats interval proofs: simplify it first.
            # Only without errors: a simplified side inlines its lets, so a let's error
            # would be reported a second time on every claim that reads it
            program.claims[:] = simplified_claims(prover, program.claims, options.budget)
        main_claims = [c for c in program.claims + model.consistency if c.main]
        diags += claim_errors(prover, main_claims, values, envs)  # domain/limit, as for lets
        return Analysis(units, program, model, prover, values, diags)


def all_claims(a: Analysis) -> list[ClaimDef]:
    """The claims of the checked file, then its consistency claims."""
    return [c for c in a.program.claims if c.main] + [c for c in a.model.consistency if c.main]


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
    if strict and not options.strict:
        options = replace(options, strict=True)
    p = Path(path)
    with fewer_collections():
        return _check(analyse(p, display or str(path), None, options, root), options)


def check_text(
    text: str, file: str = "input.claim", *, strict: bool = False, options: Options | None = None
) -> FileResult:
    """Check source text (uses resolve against the current folder)."""
    options = options or Options(strict=strict)
    if strict and not options.strict:
        options = replace(options, strict=True)
    p = Path(file)
    with fewer_collections():
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
    result.scenarios = _scenario_infos(program, options)
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
    _add_probabilities(a, claims, result, options)
    _add_scenarios(a, options, claims, result)
    return result


def _add_probabilities(
    a: Analysis, claims: list[ClaimDef], result: FileResult, options: Options
) -> None:
    """(v2) P(holds), qualified verdicts and percentiles, from one joint draw per file."""
    from dataclasses import replace

    got = _probabilities(a.program, a.model, claims, result.claims, options)
    if got is None:
        return
    for name, s in got.values.items():
        q = result.values.get(name)
        if q is not None and s.samples:
            result.values[name] = replace(q, mean=s.mean, percentiles=(s.p5, s.p50, s.p95))


def _probabilities(
    program: Program,
    model: Model,
    claims: list[ClaimDef],
    results: list[ClaimResult],
    options: Options,
) -> Any:
    """P(holds) of `results` (replaced in place, qualified verdicts decided by P) and the
    samples of the values; None when nothing is uncertain or qualified. Used for the base
    and (a qualified claim is about P there too) for each scenario."""
    from dataclasses import replace

    from toulmin.engine.probability.assess import assess, claim_key, uncertain_or_qualified
    from toulmin.render.probability import qualified_note

    if not uncertain_or_qualified(program, claims):
        return None  # nothing to sample: no numpy for a file of points
    verdicts = {claim_key(c.kind, c.id): c.verdict for c in results}
    got = assess(
        program,
        model,
        claims,
        verdicts,
        samples=options.samples,
        seed=options.seed,
        budget_s=options.budget,
    )
    defs = {claim_key(c.kind, c.id): c for c in claims}
    for i, c in enumerate(results):
        key = claim_key(c.kind, c.id)
        est = got.probabilities.get(key)
        q = defs[key].qualifier
        c = replace(c, probability=est, probability_note=got.unavailable.get(key), qualifier=q)
        if q is not None and c.verdict != "open" and key in got.qualified:
            # a claim about P: its verdict comes from the interval on P (the proof's
            # verdict settles it when the proof settles P); the inner claim's points
            # and condition are about the claim without its qualifier
            verdict, on = got.qualified[key]
            proof = c.proof if on is None or on.method == "proof" else on.method
            c = replace(
                c,
                verdict=verdict,  # type: ignore[arg-type]
                proof=proof,  # type: ignore[arg-type]
                probability=on or est,
                counterexample=None,
                witness=None,
                condition=None,
                note=qualified_note(q, on, verdict, got.unavailable.get(key)),
            )
        results[i] = c
    return got


def _diag_key(d: Diagnostic) -> tuple:
    s = d.span
    return (s.file if s else "", s.line if s else 0, s.column if s else 0, d.code)


def _unused(program: Program, prover: object, claims: list[ClaimDef]) -> list[Diagnostic]:
    """Givens of the checked file that no claim depends on."""
    used: set[str] = set()
    walked: set[str] = set()
    stack = [
        r
        for c in claims
        for nd in (c.lhs, c.rhs, c.high, *(c.written or ()))
        if nd is not None
        for r in ir.refs(nd)
    ]
    defs = prover.defs  # type: ignore[attr-defined]
    derivations = prover.model.derivations  # type: ignore[attr-defined]
    lets = program.lets
    while stack:
        n = stack.pop()
        if n in used:
            continue
        used.add(n)
        if n in defs:
            stack.extend(ir.refs(defs[n]))
        how = derivations.get(n)
        # a name solved backward uses its whole equation; a let's own equation also ties
        # its names together. Each equation is walked once (a chain has 10,000 of them).
        eqs = {*how.equations} if how else set()
        if n in lets:
            eqs.add(n)
        for eq in eqs - walked:
            walked.add(eq)
            stack.append(eq)
            stack.extend(ir.refs(lets[eq].expr))
        if n in program.givens:  # range ends written with other givens
            stack.extend(program.givens[n].uses)
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
        return Quantity(None, None, None, si, text, factor)
    lo, mid, hi = b
    text, factor = unit or F.choose(display, _magnitude(lo, mid, hi))
    if math.isinf(lo) or math.isinf(hi):
        mid = (lo + hi) / 2  # a one-sided value has no middle: ±∞ (null in JSON)
    return Quantity(mid, lo, hi, si, text, factor)


def _magnitude(lo: float, mid: float, hi: float) -> float:
    """The size a display unit is chosen for: the largest finite end (a one-sided
    range is shown in the unit of its finite end, not of infinity)."""
    finite = [abs(x) for x in (lo, hi) if math.isfinite(x)]
    top = max(finite, default=0.0)
    return top if top else abs(mid) if math.isfinite(mid) else 1.0


def _claim_result(claim: ClaimDef, prover: object, program: Program) -> ClaimResult:
    from toulmin.engine.prove import Prover

    assert isinstance(prover, Prover)
    outcome = prover.verdict(claim)
    rhs_b = _side_bounds(prover, claim.rhs)
    if claim.high is not None and rhs_b is not None:
        # `in LOW to HIGH`: the right side is the range from the low end to the high end
        high_b = _side_bounds(prover, claim.high)
        if high_b is not None:
            rhs_b = (rhs_b[0], (rhs_b[1] + high_b[1]) / 2, high_b[2])
    lhs_b = _side_bounds(prover, claim.lhs)
    ref = rhs_b or lhs_b
    unit = F.choose(claim.display, _magnitude(*ref) if ref else 1.0)
    lhs = _quantity(lhs_b, claim.dims, claim.display, unit)
    rhs = _quantity(rhs_b, claim.dims, claim.display, unit)
    if outcome.verdict in ("fails", "depends") and lhs_b and rhs_b:
        lhs, rhs = _apart(lhs, rhs)
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
        claim.kind,  # type: ignore[arg-type]
        line,
        claim.quote,
        outcome.verdict,  # type: ignore[arg-type]
        outcome.proof,  # type: ignore[arg-type]
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


def _apart(lhs: Quantity, rhs: Quantity) -> tuple[Quantity, Quantity]:
    """The sides of a failing claim with as many digits as tell them apart (spec v2 §5)."""
    from dataclasses import replace

    def shown(q: Quantity) -> tuple[float, ...]:
        ends = (q.low, q.high) if q.low != q.high else (q.value,)
        return tuple(x / q.scale for x in ends if x is not None)

    digits = F.digits_apart(shown(lhs), shown(rhs), lhs.unit)
    return replace(lhs, digits=digits), replace(rhs, digits=digits)


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


# ---------------------------------------------------------------- scenarios (v2)


def _swap_in(program: Program, name: str) -> tuple[Program, list[Diagnostic]]:
    """The program as scenario `name` has it, or an error naming the file's scenarios."""
    if name in program.scenarios:
        return program.with_scenario(name), []
    known = ", ".join(f"`{n}`" for n in program.scenarios) or "none"
    return program, [
        error(
            "unknown-name",
            f"unknown scenario `{name}` (the file's scenarios: {known})",
            None,
            "name a `scenario` block of the checked file",
        )
    ]


def _scenario_infos(program: Program, options: Options) -> list[ScenarioInfo]:
    """The checked file's scenarios in file order, marked with whether this run evaluates them."""
    wanted = options.scenarios
    return [
        ScenarioInfo(sc.name, sc.title, sc.span.line, sc.refs, wanted is None or sc.name in wanted)
        for sc in program.scenarios.values()
    ]


def _add_scenarios(
    a: Analysis, options: Options, claims: list[ClaimDef], result: FileResult
) -> None:
    """Evaluate every claim again under each selected scenario (spec v2 §5 "Scenarios").

    Each scenario re-solves the model with its givens, so an unknown premise that gets a
    value there can decide a claim that is `open` in the base. A scenario whose values
    leave a name undefined, or make the equations overdetermined, is an error on its own
    line; its claims then get no scenario result. Base results are never changed.
    """
    selected = [i.name for i in result.scenarios if i.evaluated]
    if not selected or not result.claims:
        return
    base_consistency = {c.id for c in claims if c.kind == "consistency"}
    base: dict[tuple[str, str], ClaimResult] = {(c.kind, c.id): c for c in result.claims}
    by_claim: dict[tuple[str, str], dict[str, ClaimResult]] = {}
    for name in selected:
        got, diags = _under_scenario(a, options, name, base_consistency, base)
        result.diagnostics = sorted([*result.diagnostics, *diags], key=_diag_key)
        for key, cr in got.items():
            by_claim.setdefault(key, {})[name] = cr
    from dataclasses import replace

    result.claims = [
        replace(c, scenarios=by_claim[(c.kind, c.id)]) if (c.kind, c.id) in by_claim else c
        for c in result.claims
    ]


def _under_scenario(
    a: Analysis,
    options: Options,
    name: str,
    base_consistency: set[str],
    base: Mapping[tuple[str, str], ClaimResult],
) -> tuple[dict[tuple[str, str], ClaimResult], list[Diagnostic]]:
    """The claims' results under scenario `name`, keyed by (kind, id), and its errors.

    A claim that reaches no name the scenario changes, through the same equations as in
    the base, keeps its base result: the proof would be the same one, run again."""
    from toulmin.engine.prove import Prover
    from toulmin.engine.solve import build_model
    from toulmin.engine.values import all_values

    sc = a.program.scenarios[name]
    program = a.program.with_scenario(name)
    model = build_model(program, options.budget)
    prover = Prover(program, model, options.budget, options.max_boxes)
    _, vdiags = all_values(prover)
    diags = [_blame(d, sc, program, prover) for d in model.diagnostics + vdiags if d.is_error]
    consistency = [c for c in model.consistency if c.main]
    for c in consistency:
        if c.id not in base_consistency:
            diags.append(_overdetermined(c, sc, program, prover))
    if diags:
        return {}, diags
    out: dict[tuple[str, str], ClaimResult] = {}
    touched: list[ClaimDef] = []
    for claim in [c for c in program.claims if c.main] + consistency:
        key = (claim.kind, claim.id)
        if key in base and _untouched(claim, sc, a.prover, prover):
            out[key] = base[key]
        else:
            touched.append(claim)
    if touched:
        # P(holds) under the scenario's values: a qualified claim is a claim about P, so
        # its proof verdict alone (`depends`) is not its verdict
        results = [_claim_result(claim, prover, program) for claim in touched]
        _probabilities(program, model, touched, results, options)
        for r in results:
            out[(r.kind, r.id)] = r
    return out, []


def _untouched(claim: ClaimDef, sc: ScenarioDef, base: object, prover: object) -> bool:
    """Whether `claim` depends on no given of scenario `sc`, and every name it reaches is
    derived by the same expression (or is free) in the base and under the scenario."""
    defs, base_defs = prover.defs, base.defs  # type: ignore[attr-defined]
    free, base_free = prover.free, base.free  # type: ignore[attr-defined]
    seen: set[str] = set()
    nodes = [n for n in (claim.lhs, claim.rhs, claim.high) if n is not None]
    stack = [r for nd in nodes for r in ir.refs(nd)]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in sc.givens or defs.get(n) != base_defs.get(n) or (n in free) != (n in base_free):
            return False
        if n in defs:
            stack.extend(ir.refs(defs[n]))
    return True


def _scenario_lines(sc: ScenarioDef, prover: object, nodes: list[ir.Node]) -> list[Span]:
    """The scenario's own lines (spans) that `nodes` depend on, first line first."""
    seen = prover.reach(nodes)  # type: ignore[attr-defined]
    spans = [g.span for n, g in sc.givens.items() if n in seen]
    return sorted(spans, key=lambda s: (s.line, s.column))


def _blame(d: Diagnostic, sc: ScenarioDef, program: Program, prover: object) -> Diagnostic:
    """A domain or limit error found under a scenario, put on the scenario line that
    causes it (else on the scenario's name), with the definition it breaks as a label."""
    from dataclasses import replace

    at = d.span
    let = next(
        (lt for lt in program.lets.values() if at is not None and _inside(at, lt.span)), None
    )
    lines = _scenario_lines(sc, prover, [ir.Ref(let.name)]) if let is not None else []
    span = lines[0] if lines else sc.name_span
    labels = d.labels
    if at is not None and at.file == span.file:
        labels = (*labels, Label(at, "undefined here" if d.code == "domain" else "here"))
    hint = (
        "give this line a value (or a range) where it is defined"
        if lines and d.code == "domain"
        else d.hint
    )
    return replace(
        d, message=f"in scenario `{sc.name}`: {d.message}", span=span, labels=labels, hint=hint
    )


def _inside(inner: Span, outer: Span) -> bool:
    return inner.file == outer.file and outer.start <= inner.start and inner.end <= outer.end


def _overdetermined(c: ClaimDef, sc: ScenarioDef, program: Program, prover: object) -> Diagnostic:
    """A scenario gave a value to a premise the equations already determine."""
    from toulmin.render.text import show

    cr = _claim_result(c, prover, program)
    lines = _scenario_lines(sc, prover, [c.rhs])
    span = lines[0] if lines else sc.name_span
    labels = (Label(c.span, "this equation"),) if c.span.file == span.file else ()
    mine = [n for n, g in sc.givens.items() if g.span == span]
    given = mine[0] if mine else None
    rest = sorted({c.id, *ir.refs(c.rhs)} - set(sc.givens))
    others = ", ".join(f"`{n}`" for n in rest) or "the other givens"
    agree = "they agree" if cr.verdict == "holds" else f"consistency {cr.verdict}"
    return error(
        "redefined",
        f"in scenario `{sc.name}`, `{c.id}` is both given and derived: "
        f"{show(cr.lhs)} given, {show(cr.rhs)} derived ({agree})",
        span,
        f"the base derives `{given}` from this equation; leave it out of the scenario and "
        f"give other values to {others} instead"
        if given
        else "a scenario gives values to premises the equations leave free",
        labels=labels,
    )
