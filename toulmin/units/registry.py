"""The unit registry: Pint, loaded once from our own definitions file.

Pint is asked about each unit *name* once (its factor to SI base units and its
dimension); the answer is cached, and everything downstream works with plain
floats and `Dims`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from toulmin.units import dims as D

DEFINITIONS = Path(__file__).with_name("definitions.txt")

# Written as rates by habit, refused because they confuse amount and rate.
_FLOPS = re.compile(r"^([a-zA-Z]?)(flops|FLOPS|FLOPs|Flops|flop/s)$")
#: Units whose plural (`GPUs`, `tokens`) reads naturally and cannot be misread.
_PLURALISABLE = {"token", "param", "parameter", "GPU", "gpu", "USD", "dollar", "cent"}
#: deci, deca and hecto stand only before these (dm, dam, hm, dL, hg): on a time
#: unit they would make `dh` or `hs`, and `d` and `h` alone are day and hour.
_DECIMAL_PREFIXES = {"d", "da", "h"}
_DECIMAL_BASES = {"m", "meter", "metre", "L", "l", "liter", "litre", "g", "gram"}


@dataclass(frozen=True)
class UnitInfo:
    """What a unit name means: SI value of one unit and its dimension."""

    factor: float
    dims: D.Dims
    exact: Fraction | None = None  # the factor as an exact rational, when it is one


class UnitError(Exception):
    """A unit name the registry refuses, with the fix to suggest."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@lru_cache(maxsize=1)
def registry() -> Any:
    """The one Pint registry, built from `definitions.txt` (not Pint's defaults)."""
    # Pint imports NumPy when it can; we compute on plain floats, so keep
    # NumPy (and its import time) out unless a file really needs it.
    blocked = "numpy" not in sys.modules
    if blocked:
        sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import pint
    finally:
        if blocked and sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
    ureg: Any = pint.UnitRegistry(
        None, autoconvert_offset_to_baseunit=False, on_redefinition="raise", cache_folder=None
    )
    ureg.load_definitions(str(DEFINITIONS))
    return ureg


def _dims_of(dimensionality: Any) -> D.Dims:
    return D.make(
        (str(k).strip("[]"), Fraction(v).limit_denominator(1000))
        for k, v in dict(dimensionality).items()
    )


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[float, list[list[object]], str | None]]:
    """Every unit name the registry accepts, with factor and dimension.

    Built once from Pint by enumerating names × prefixes and cached on disk,
    keyed by the definitions file and the Pint version, so that a check does
    not pay for importing Pint and parsing definitions on every run.
    """
    import hashlib
    import json
    import os
    import tempfile
    from importlib.metadata import version

    try:
        pint_version = version("pint")
    except Exception:
        pint_version = "?"
    key = hashlib.sha256(DEFINITIONS.read_bytes() + pint_version.encode() + b"v3").hexdigest()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "toulmin" / f"units-{key[:16]}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if _valid_table(cached):
            return cached
    except (OSError, ValueError, RecursionError):
        pass
    # Missing, unreadable or malformed (valid JSON of the wrong shape, a
    # truncated write, a hand edit): rebuild it and write it over.
    table = _build_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = tempfile.NamedTemporaryFile(
            "w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8"
        )
        with tmp:
            json.dump(table, tmp)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only home: work from memory
    return table


_FRACTION = re.compile(r"^-?\d+(/\d+)?$")
#: Names every table holds; a table without them is truncated or foreign.
_CORE_NAMES = ("s", "FLOP", "B", "USD", "percent", "GPU")


def _valid_table(table: object) -> bool:
    """Whether a cached table has the shape `lookup` relies on, entry by entry."""
    import math

    if not isinstance(table, dict) or not all(n in table for n in _CORE_NAMES):
        return False
    for name, entry in table.items():
        if not isinstance(name, str) or not isinstance(entry, list) or len(entry) != 3:
            return False
        factor, dims, exact = entry
        if isinstance(factor, bool) or not isinstance(factor, (int, float)):
            return False
        if not (math.isfinite(factor) and factor > 0):
            return False
        if not isinstance(dims, list):
            return False
        for pair in dims:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                return False
            if not (isinstance(pair[1], str) and _FRACTION.match(pair[1])):
                return False
        if exact is not None and not (isinstance(exact, str) and _FRACTION.match(exact)):
            return False
    return True


def _build_table() -> dict[str, tuple[float, list[list[object]], str | None]]:
    # Pint is asked once per unit name; a prefixed name is the prefix's exact decimal
    # factor times its unit's (asking Pint for every prefix × name took most of a
    # second, and a cold start pays it).
    ureg = registry()
    units = sorted(ureg._units.keys())  # names, symbols and aliases
    prefixes = sorted(
        ((k, Fraction(str(v.converter.scale))) for k, v in ureg._prefixes.items() if k),
        key=lambda kv: (-len(kv[0]), kv[0]),
    )
    table: dict[str, tuple[float, list[list[object]], str | None]] = {}
    bases: dict[str, UnitInfo] = {}
    for u in units:
        try:
            bases[u] = _lookup_pint(u)
        except Exception:
            continue
        for form in [u] + ([u + "s"] if u in _PLURALISABLE else []):
            table.setdefault(form, _entry(bases[u], Fraction(1)))
    for u, info in bases.items():
        for form in [u] + ([u + "s"] if u in _PLURALISABLE else []):
            for p, scale in prefixes:
                if p in _DECIMAL_PREFIXES and u not in _DECIMAL_BASES:
                    continue
                name = p + form
                if name not in table and not _FLOPS.match(name) and "-" not in name:
                    table[name] = _entry(info, scale)
    return table


def _entry(info: UnitInfo, scale: Fraction) -> tuple[float, list[list[object]], str | None]:
    exact = info.exact * scale if info.exact is not None else None
    factor = float(exact) if exact is not None else info.factor * float(scale)
    return (factor, [[k, str(v)] for k, v in info.dims], str(exact) if exact is not None else None)


def known(name: str) -> bool:
    """Whether `name` is a built-in unit, without building a hint for one that is not."""
    return name == "%" or (name in _table() and not _FLOPS.match(name))


@lru_cache(maxsize=4096)
def lookup(name: str) -> UnitInfo:
    """Resolve one unit name (with prefix): `TFLOP` → (1e12, compute).

    Raises `UnitError` with a hint for names we refuse or do not know.
    """
    _refuse(name)
    key = "percent" if name == "%" else name
    entry = _table().get(key)
    if entry is None:
        raise UnitError(f"unknown unit `{name}`", _suggest(name))
    factor, dims, exact = entry
    return UnitInfo(
        factor,
        D.make((str(k), Fraction(str(v))) for k, v in dims),
        Fraction(exact) if exact is not None else None,
    )


def _refuse(name: str) -> None:
    """Names we refuse on purpose, with the fix."""
    if _FLOPS.match(name) or name.lower().endswith("flops"):
        prefix = name[:-5] if name.lower().endswith("flops") else ""
        raise UnitError(
            f"`{name}` is ambiguous: it is read both as FLOP per second and as a number of FLOPs",
            f"write `{prefix}FLOP/s` for a rate and `{prefix}FLOP` for an amount",
        )
    if "-" in name:
        parts = name.split("-")
        raise UnitError(
            f"`{name}` is not a unit: a hyphen does not multiply units",
            f"write `{'*'.join(parts)}` (e.g. `GPU*h` for GPU-hours)",
        )


def _lookup_pint(name: str) -> UnitInfo:
    """Ask Pint what one unit name means."""
    _refuse(name)
    if name == "%":
        name = "percent"
    ureg = registry()
    candidates = ureg.parse_unit_name(name, case_sensitive=True)
    chosen = None
    for prefix, unit, suffix in candidates:
        if suffix and unit not in _PLURALISABLE:
            continue
        chosen = (prefix, unit)
        break
    if chosen is None:
        raise UnitError(f"unknown unit `{name}`", _suggest(name))
    prefix, unit = chosen
    q = ureg.Quantity(1, prefix + unit).to_base_units()
    factor = float(q.magnitude)
    exact: Fraction | None
    try:
        exact = Fraction(str(q.magnitude)) if isinstance(q.magnitude, (int, float)) else None
    except (ValueError, ZeroDivisionError):
        exact = None
    # SI mass is the kilogram; the definitions make kg the base, so nothing to fix.
    return UnitInfo(factor, _dims_of(q.dimensionality), exact)


_PREFIX_SYMBOLS = ("k", "M", "G", "T", "P", "E", "Z", "Y", "m", "µ", "u", "n", "p", "c")
#: Word-like unit names a misspelling may have meant.
_SPELLED = (
    "FLOP",
    "token",
    "param",
    "parameter",
    "year",
    "common_year",
    "week",
    "cent",
    "byte",
    "gram",
    "meter",
    "metre",
    "liter",
    "litre",
    "gallon",
    "hour",
    "minute",
    "second",
    "percent",
    "dollar",
)


def _suggest(name: str) -> str | None:
    """Guess what an unknown unit name meant."""
    from difflib import get_close_matches

    lowered = {
        "flop": "FLOP",
        "usd": "USD",
        "gpu": "GPU",
        "gpus": "GPU",
        "tokens": "token",
        "params": "param",
        "hours": "h",
        "hour": "h",
        "hr": "h",
        "seconds": "s",
        "sec": "s",
        "days": "day",
        "years": "year",
        "watts": "W",
        "bytes": "B",
    }
    if name.lower() in lowered:
        return f"did you mean `{lowered[name.lower()]}`?"
    if name[:1] == "K" and len(name) > 1:
        return f"the kilo prefix is lowercase: `k{name[1:]}` (or `Ki{name[1:]}` for 1024)"
    if name.endswith("s") and len(name) > 2:
        try:
            lookup(name[:-1])
            return f"units are written in the singular: `{name[:-1]}`"
        except UnitError:
            pass
    # A one-letter edit of a short symbol is another unit (`dam` is not `day`,
    # `mL` is not `m`): proposing it would silently change the value. So short
    # names only get a case fix that is unambiguous (`kwh` → `kWh`), and only
    # word-like names (`tokn`, `yaer`) get a spelling suggestion.
    table = _table()
    for i in range(1, len(name)):  # `GPUh`, `GPUhr`: two units written together
        left, right = name[:i], name[i:]
        if left in table and right in table and len(left) + len(right) > 2:
            return f"units multiply with `*`: `{left}*{right}`"
    # a case fix only raises letters (`kwh` → `kWh`): a capital is written on purpose,
    # and lowering it changes the unit (`TH`, a terahash, is not `Th`, a terahour)
    same_letters = [
        n
        for n in table
        if n.lower() == name.lower()
        and n != name
        and not any(a.isupper() and b.islower() for a, b in zip(name, n, strict=True))
    ]
    if len(same_letters) == 1:
        return f"did you mean `{same_letters[0]}`?"
    if len(name) >= 4:
        # the same prefix, a misspelt word (`TFLOPZ` → `TFLOP`); a changed prefix
        # would change the value (`kcal` is not `kgal`)
        prefixes = [p for p in ("", *_PREFIX_SYMBOLS) if name.startswith(p)]
        words = [p + w for p in prefixes for w in _SPELLED if (p + w) in table or not p]
        close = get_close_matches(name, words, n=1, cutoff=0.75)
        if close:
            return f"did you mean `{close[0]}`?"
    return (
        "built-in units include FLOP, B, b, s, h, day, year, W, J, Wh, USD, token, param, "
        "GPU, %, x; declare new ones with `unit NAME`"
    )
