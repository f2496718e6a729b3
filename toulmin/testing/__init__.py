"""`toulmin.testing`: state properties of an argument in Python (public API).

    from hypothesis import given
    from toulmin.testing import assignments, evaluate, load

    fu = load("claims/fu.claim")

    @given(assignments(fu))
    def test_a_fifty_x_build_out_is_at_least_sixty_five_x_the_power(a):
        at = evaluate(fu, a)
        if at.claims["f_p9_fifty_x"]:
            power_ratio, _seventy = at.sides["a4_power_seventy_x"]
            assert power_ratio >= 65

* `load(path)` reads, resolves and solves a `.claim` file (no proofs) into an `Argument`.
* `assignments(argument)` is a Hypothesis strategy of `{given: value}` dictionaries, each
  value inside its range, in the given's display unit (`si=True`: SI base units).
* `evaluate(argument, assignment)` gives every value and each claim's truth at that point.
  Givens left out keep their nominal value (the middle of their range); values outside
  the ranges are allowed, so metamorphic checks ("doubling the GPUs doubles the power")
  can step out of them.

The engine is reached only through `toulmin.testing._engine`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toulmin.testing import _engine as E

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["Argument", "Evaluation", "Given", "assignments", "evaluate", "load", "loads"]


@dataclass(frozen=True)
class Given:
    """A premise: its bounds in SI and in its display unit."""

    name: str
    low: float | None  # SI base units; None for an unknown premise
    high: float | None
    unit: str  # display unit, e.g. "%" or "TB/s"
    scale: float  # SI value of one display unit
    si_unit: str
    quote: str | None
    main: bool  # declared in the loaded file (False: in a file it uses)

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.high

    @property
    def display_low(self) -> float | None:
        return None if self.low is None else self.low / self.scale

    @property
    def display_high(self) -> float | None:
        return None if self.high is None else self.high / self.scale


@dataclass
class Argument:
    """A loaded `.claim` file: its givens and claim ids (see `load`)."""

    file: str
    givens: dict[str, Given]
    claims: list[str]
    _loaded: E.Loaded = field(repr=False)
    _claim_info: dict[str, E.ClaimInfo] = field(repr=False, default_factory=dict)
    _scales: dict[str, float] = field(repr=False, default_factory=dict)  # display units

    @property
    def ranges(self) -> list[str]:
        """Names of the givens that are ranges (what `assignments` draws)."""
        return [n for n, g in self.givens.items() if g.is_range]

    def inputs(self, claim_id: str) -> list[str]:
        """The range givens one claim depends on."""
        return list(self._claim_info[claim_id].inputs)


@dataclass(frozen=True)
class Evaluation:
    """An argument at one point.

    `values` maps every given and let to its value (None where it has none, e.g. an
    unknown premise); `claims` maps each claim id to its truth (None when it cannot be
    evaluated there); `sides` holds each claim's (left, right). Values are in display
    units, or SI when `evaluate(..., si=True)`.
    """

    values: dict[str, float | None]
    claims: dict[str, bool | None]
    sides: dict[str, tuple[float | None, float | None]]


class ArgumentError(ValueError):
    """The file has error diagnostics, so it has no values to test."""


def load(path: str | Path, *, root: str | Path | None = None) -> Argument:
    """Load a `.claim` file (and what it `use`s). Raises `ArgumentError` on invalid input."""
    p = Path(path)
    return _wrap(E.load(p, root=Path(root) if root else p.parent, display=str(path)), str(path))


def loads(text: str, file: str = "input.claim") -> Argument:
    """Load source text; `use` resolves against the current folder."""
    return _wrap(E.load(Path(file), root=Path.cwd(), display=file, text=text), file)


def _wrap(loaded: E.Loaded, file: str) -> Argument:
    if loaded.errors:
        from toulmin.render.diagnostics import render

        lines = [line for d in loaded.errors for _style, line in render(d, loaded.texts)]
        raise ArgumentError(f"{file} has errors:\n" + "\n".join(lines))
    gs = {g.name: Given(**vars(g)) for g in E.givens(loaded)}
    info = {c.id: c for c in E.claims(loaded)}
    scales = {**E.let_scales(loaded), **{n: g.scale for n, g in gs.items()}}
    return Argument(file, gs, list(info), loaded, info, scales)


def _argument(argument: Argument | str | Path) -> Argument:
    return argument if isinstance(argument, Argument) else load(argument)


def assignments(
    argument: Argument | str | Path,
    *,
    si: bool = False,
    names: Iterable[str] | None = None,
) -> SearchStrategy[dict[str, float]]:
    """Draw `{given: value}` for the range givens (or `names`), each inside its range.

    Values are in each given's display unit (`20 %` is drawn as a number in [15, 25]),
    or in SI base units with `si=True` (0.15 to 0.25). Point givens are not drawn: they
    have one value.
    """
    from hypothesis import strategies as st

    arg = _argument(argument)
    wanted = list(names) if names is not None else arg.ranges
    fields = {}
    for n in wanted:
        if n not in arg.givens:
            raise KeyError(f"{arg.file} has no given named `{n}`")
        g = arg.givens[n]
        if g.low is None or g.high is None:
            raise ValueError(f"`{n}` is an unknown premise: it has no range to draw from")
        lo, hi = (g.low, g.high) if si else (g.display_low, g.display_high)
        fields[n] = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(fields)


def evaluate(
    argument: Argument | str | Path, assignment: Mapping[str, float], *, si: bool = False
) -> Evaluation:
    """Every value and each claim's truth where the givens take `assignment`'s values.

    `assignment` is in display units (as `assignments` draws them) unless `si=True`.
    """
    arg = _argument(argument)
    point: dict[str, float] = {}
    for n, v in assignment.items():
        if n not in arg.givens:
            raise KeyError(f"{arg.file} has no given named `{n}`")
        point[n] = float(v) if si else float(v) * arg.givens[n].scale
    loaded = arg._loaded
    scales = arg._scales
    values = {
        n: (None if v is None else v if si else v / scales.get(n, 1.0))
        for n, v in E.values_at(loaded, point).items()
    }
    truths: dict[str, bool | None] = {}
    sides: dict[str, tuple[float | None, float | None]] = {}
    for cid, cp in E.claims_at(loaded, point).items():
        if cid not in arg._claim_info:
            continue  # a claim of a used file
        k = 1.0 if si else arg._claim_info[cid].scale
        truths[cid] = cp.truth
        sides[cid] = (
            None if cp.lhs is None else cp.lhs / k,
            None if cp.rhs is None else cp.rhs / k,
        )
    return Evaluation(values, truths, sides)
