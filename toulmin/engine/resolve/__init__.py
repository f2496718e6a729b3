"""Resolve names, units and dimensions, and lower the syntax tree to the engine's IR.

Input: the loaded units of a program (`load.py`). Output: a `Program` whose
givens, lets and claims hold dimension-checked expressions in SI base units.
A statement with an error is dropped (after its diagnostic) so that one
mistake does not cascade into a dozen follow-on errors.

Modules: `base` (shared state and types), `scope`, `units`, `dims`, `lower`, `hints`,
`display`, `premises`, `statements`, and `resolver` (the class that puts them together).
"""

from toulmin.engine.resolve.resolver import Resolver, resolve

__all__ = ["Resolver", "resolve"]
