"""What a built-in unit name means, in words: `cyear` is the centi-year, 0.01 year.

Used by messages that must say what a name already means before telling the author to
pick another (spec v2 §6: a unit redefined says what the built-in one means). Only called
on an error path, so asking Pint here costs nothing on a clean check.
"""

from __future__ import annotations

from toulmin.units.registry import UnitError, lookup, registry


def describe_unit(name: str) -> str:
    """`the centi-year (c = 0.01 × year)`, `the watt`, or the SI value when Pint cannot
    split the name into a prefix and a unit."""
    try:
        info = lookup(name)
    except UnitError:
        return f"`{name}`"
    try:
        ureg = registry()
        prefix, unit, _ = ureg.parse_unit_name(name, case_sensitive=True)[0]
        base = ureg._units[unit]
        base_name = str(base.name).replace("_", " ")
        if prefix:
            p = ureg._prefixes[prefix]
            # the unit as the author wrote it after the prefix (`year` in `cyear`, not `yr`)
            written = name[len(p.symbol) :] if name.startswith(p.symbol) else base.symbol
            factor = float(p.converter.scale)
            return (
                f"the {p.name}-{base_name}, {_number(factor)} {written} "
                f"(prefix `{p.symbol}` on `{written}`)"
            )
        return f"the {base_name}"
    except Exception:  # Pint's internals: a description is a courtesy, never a crash
        from toulmin.units import dims as D

        return f"{_number(info.factor)} {D.si_unit(info.dims) or '(a plain number)'}"


def _number(x: float) -> str:
    text = f"{x:.12g}"
    mantissa, e, exp = text.partition("e")
    return mantissa if not e else f"{mantissa}e{int(exp)}"
