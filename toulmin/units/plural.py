"""Regular English plurals of declared units (spec v2 §3: `unit query` → `queries`).

A declared unit counts things, so `3 queries` means `3 query`. Only regular
plurals are read back: `-s`, `-es` after a sibilant, and `-ies` after a
consonant; irregular words (`mouse`/`mice`) are not guessed.
"""

from __future__ import annotations

_VOWELS = set("aeiouAEIOU")


def plural(name: str) -> str:
    """The regular plural of a unit name: `query` → `queries`, `box` → `boxes`."""
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    if len(name) > 1 and name.endswith(("y", "Y")) and name[-2] not in _VOWELS:
        return name[:-1] + ("ies" if name[-1] == "y" else "IES")
    return name + "s"


def singulars(name: str) -> list[str]:
    """Every name whose regular plural is `name` (usually one), most specific first."""
    out = []
    if name.endswith("ies") and len(name) > 3:
        out.append(name[:-3] + "y")
    if name.endswith("es") and len(name) > 2:
        out.append(name[:-2])
    if name.endswith("s") and len(name) > 1:
        out.append(name[:-1])
    return [s for s in out if plural(s) == name]
