"""The prose of diagnostics: unknown names, dimension mismatches aligned factor by factor,
and the fix computed from the missing factor.
"""

from __future__ import annotations

from difflib import get_close_matches

from toulmin.diagnostics import Label, Span
from toulmin.dsl import tree as t
from toulmin.engine.load import Unit
from toulmin.engine.resolve.base import (
    ResolverBase,
    _Lowered,
    _Poison,
)
from toulmin.units import dims as D
from toulmin.units.registry import UnitError, lookup


def _source_name(e: t.Expr, fallback: str) -> str:
    return e.name if isinstance(e, t.Name) else fallback


def _compounding_hint(e: t.BinOp, dims: D.Dims) -> str:
    """The compounding hint (spec §3): an exponent that is a span of time is a number of
    periods once divided by the period."""
    base = _source_name(e.left, "growth")
    if dims == D.make([("time", 1)]):
        span = _source_name(e.right, "span")
        return (
            f"a growth compounds once per period: divide the span by the period, "
            f"`{base} ^ ({span} / 1 year)`"
        )
    ex = _source_name(e.right, "EXPONENT")
    return (
        "divide the exponent by a quantity of its unit to make it a plain number: "
        f"`{base} ^ ({ex} / 1 {D.si_unit(dims)})`"
    )


def _rate_base_hint(e: t.BinOp, dims: D.Dims) -> str:
    """A growth written per year (`4 x/year`) is a rate; compounding needs a factor."""
    base = _source_name(e.left, "base")
    if dims == D.make([("time", -1)]):
        return (
            f"`{base}` is a rate per time; a growth factor is a plain number: write the "
            f"factor per year (e.g. `4x`) and compound it as `{base} ^ (span / 1 year)`"
        )
    return (
        f"make the base a plain number (divide it by its unit: `({base} / 1 {D.si_unit(dims)})"
        " ^ n`), or write the exponent as a number"
    )


class HintsMixin(ResolverBase):
    """The resolver's hints part (see the module docstring)."""

    def _unknown_name(self, e: t.Name, unit: Unit, full: str | None) -> None:
        if full is None and e.name in unit.module.broken:
            raise _Poison  # its definition has a syntax error, already reported
        if full is not None and full in self.rules:
            self.fail(
                "unknown-name",
                f"`{e.name}` is a rule, not a value",
                e.span,
                f"call it with its arguments: `{e.name}(...)`",
            )
        scope = self._scope(unit)
        candidates = [n for n, f in scope.items() if f in self.givens or f in self.lets]
        close = get_close_matches(e.name, candidates, n=1, cutoff=0.7)
        hint = None
        declared = self.unit_decls.get(e.name)
        if declared is not None:
            # a unit of this or a used file: say where it is declared and how units are
            # written, not "declare it" (it is declared)
            where = declared.stmt.span
            what = "this file" if declared.unit is unit else f"`{where.file}`"
            hint = (
                f"`{e.name}` is a unit declared in {what} (line {where.line}); units "
                f"follow a number: `25K USD/{e.name}` (a `$` amount takes none: not "
                f"`$25K/{e.name}`), or `1 {e.name}` in an expression"
            )
        elif close:
            hint = f"did you mean `{close[0]}`?"
        else:
            try:
                lookup(e.name)
                hint = (
                    f"`{e.name}` is a unit; units follow a number: write `1 {e.name}` "
                    f"(e.g. `gpus * 989 TFLOP/s/GPU`)"
                )
            except UnitError:
                hint = (
                    f"declare it: `given {e.name} = VALUE`, `given {e.name}: UNIT`, "
                    f"or `let {e.name} = EXPR`"
                )
        self.fail("unknown-name", f"unknown name `{e.name}`", e.span, hint)

    @staticmethod
    def _dimensionless_hint(f: str, unit: str) -> str:
        if f in ("ceil", "floor"):
            # a quantity's whole number depends on its unit, so the unit must be chosen
            return f"count in a unit of your choice: `{f}(x / 1 {unit}) * 1 {unit}`"
        return f"divide by a reference quantity first, e.g. `{f}(x / (1 {unit}))`"

    def _dimension_mismatch(
        self, message: str, le: t.Expr, left: _Lowered, re_: t.Expr, right: _Lowered, op_span: Span
    ) -> None:
        lspan = getattr(le, "span", op_span)
        rspan = getattr(re_, "span", op_span)
        self.fail(
            "dimension",
            message,
            lspan,
            self._fix_hint(left.dims, right.dims, le),
            labels=(Label(rspan, D.words(right.dims)),),
            notes=self._aligned(left.dims, right.dims),
            primary_label=D.words(left.dims),
        )

    @staticmethod
    def _aligned(a: D.Dims, b: D.Dims) -> tuple[str, ...]:
        """`left:  GPU × compute × time⁻¹` / `right:       compute × time⁻¹`, factor by factor."""
        names = [k for k, _ in D.factors(D.make(list(a) + [(k, 0) for k, _ in b]))]
        order = sorted(
            set(k for k, _ in a) | set(k for k, _ in b),
            key=lambda k: ([n for n in names] + [k]).index(k),
        )
        da, db = dict(a), dict(b)
        cols_a, cols_b = [], []
        for k in order:
            ta = f"{k}{D._exp_text(da[k], True)}" if k in da else ""
            tb = f"{k}{D._exp_text(db[k], True)}" if k in db else ""
            w = max(len(ta), len(tb))
            cols_a.append(ta.ljust(w) if ta else " " * w)
            cols_b.append(tb.ljust(w) if tb else " " * w)

        def join(cols: list[str], present: list[bool]) -> str:
            out = ""
            for i, c in enumerate(cols):
                sep = " × " if i and present[i] and any(present[:i]) else "   " if i else ""
                out += sep + c
            return out.rstrip() or "1"

        pa = [k in da for k in order]
        pb = [k in db for k in order]
        return (f"left:  {join(cols_a, pa)}", f"right: {join(cols_b, pb)}")

    def _fix_hint(self, have: D.Dims, want: D.Dims, expr: t.Expr) -> str | None:
        """Compute the fix from the missing factor, as a sentence."""
        extra = D.div(have, want)
        if len(extra) == 1:
            dim, p = extra[0]
            if dim in ("GPU", "token", "param") and abs(p) == 1:
                if p > 0:
                    culprit = self._per_unit_culprit(expr, dim)
                    base = f"divide the left side by a {dim} factor"
                    if culprit:
                        return base + "; " + culprit
                    return base + f" (a per-{dim} figure needs `/{dim}` in its unit)"
                return f"multiply by a number of {dim}s, or remove a `/{dim}` from a unit"
            if dim == "time":
                if D.words(have) in ("power", "energy") or D.words(want) in ("power", "energy"):
                    return (
                        "one side is power (W) and the other energy (J, Wh): multiply the "
                        "power by a duration, or divide the energy by one"
                    )
                if p > 0:
                    return (
                        "one side is an amount and the other a rate (per time): divide the "
                        "amount by a duration, or multiply the rate by one"
                    )
                return (
                    "one side is a rate (per time) and the other an amount: multiply the rate "
                    "by a duration (e.g. `* 1 h`), or write the amount's unit without `/s`"
                )
        if len(extra) == 2 and dict(extra).get("time") is not None and set(dict(extra)) & {"GPU"}:
            return "check for a missing `/GPU` and a rate written as an amount (or the reverse)"
        return f"the two sides differ by a factor of {D.words(extra)}" if extra else None

    def _per_unit_culprit(self, expr: t.Expr, dim: str) -> str | None:
        """Find a given in `expr` that looks like a per-GPU figure written without /GPU."""
        stack: list[t.Expr] = [expr]
        followed: set[str] = set()
        while stack:
            x = stack.pop()
            if isinstance(x, t.Name) and x.name in self.lets and x.name not in followed:
                followed.add(x.name)  # look through lets to the givens behind them
                let_stmt = self.lets[x.name].stmt
                assert isinstance(let_stmt, t.Let)
                stack.append(let_stmt.expr)
            if isinstance(x, t.Name):
                decl = self.givens.get(x.name)
                if decl is not None and isinstance(decl.stmt, t.Given):
                    g = decl.stmt
                    v = g.value.high if isinstance(g.value, t.Range) else g.value
                    unit_text = (
                        g.unit.text
                        if g.unit
                        else (v.unit.text if isinstance(v, t.Number) and v.unit else None)
                    )
                    if unit_text and dim not in unit_text and "/" in unit_text:
                        number = v.text.split()[0] if isinstance(v, t.Number) and v.text else ""
                        number = number.rstrip("".join(c for c in number if c.isalpha()))
                        shown = f"{number} {unit_text}/{dim}".strip()
                        return (
                            f"`{g.name}` (line {g.span.line}) looks like a per-{dim} figure "
                            f"written without /{dim}: `{shown}`"
                        )
            elif isinstance(x, t.BinOp):
                stack.extend([x.right, x.left])
            elif isinstance(x, t.Neg):
                stack.append(x.operand)
            elif isinstance(x, t.Call):
                stack.extend(x.args)
        return None
