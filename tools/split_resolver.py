"""Split toulmin/engine/resolve.py into a package of mixins, mechanically (bodies unchanged).

Run once for issue 7; kept to show how the package was cut (bodies were moved, not edited)."""

import ast, sys, re, subprocess
from pathlib import Path

root = Path(sys.argv[1])
src_path = root / "toulmin/engine/resolve.py"
src = src_path.read_text()
lines = src.splitlines(keepends=True)
tree = ast.parse(src)

GROUPS = {
    "scope": (
        "Declarations and scopes: the global tables of givens, lets, rules and units, "
        "what each file sees, and claim ids.",
        [
            "collect",
            "_declare_source",
            "_source_scope",
            "_scoped_refs",
            "_declare",
            "_check_params",
            "_what",
            "_declare_unit",
            "_check_unit_twins",
            "_scope",
            "_check_claim_ids",
        ],
    ),
    "units": (
        "Units written in a file: built-in and user-declared units resolved to an SI "
        "factor and a dimension.",
        ["declared_unit", "unit_factor", "_user_unit", "unit_expr", "shape_factor"],
    ),
    "dims": (
        "The dimension of every name, inferred once (with cycle detection).",
        ["dims_of", "_compute_dims"],
    ),
    "lower": (
        "Lowering expressions to `ir` nodes in SI floats: numbers, names, operators, "
        "powers, rules and built-ins, with dimension checks and constant folding.",
        None,
    ),  # filled below: everything from `lower` to `_maybe_const`
    "hints": (
        "The prose of diagnostics: unknown names, dimension mismatches aligned factor by "
        "factor, and the fix computed from the missing factor.",
        [
            "_unknown_name",
            "_dimensionless_hint",
            "_dimension_mismatch",
            "_aligned",
            "_fix_hint",
            "_per_unit_culprit",
        ],
    ),
    "display": (
        "Display units: which unit a name or a claim is shown in.",
        ["_display", "_readable_shape", "_unit_dims", "_auto_shape"],
    ),
    "premises": (
        "What a `given` or a scenario line assigns (v2): points, ranges, one-sided "
        "bounds, `± P %`, ends from names, distributions; and scenarios.",
        None,
    ),
    "statements": ("Lets and claims: equations, `in` ranges, qualifiers and tolerances.", None),
}
cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Resolver")
methods = [n for n in cls.body if isinstance(n, ast.FunctionDef)]
names = [m.name for m in methods]
assigned = {}
for g, (_, ms) in GROUPS.items():
    for m in ms or []:
        assigned[m] = g
LOWER = [
    "lower",
    "_number",
    "_exact_factor",
    "_name",
    "_name_shape",
    "_binop",
    "_chain",
    "_balanced",
    "_step",
    "_both",
    "_fold",
    "_power",
    "_power_var",
    "_const_exponent",
    "_call",
    "_check_expansion",
    "_tree_size",
    "_builtin",
    "_maybe_const",
]
for m in LOWER:
    assigned[m] = "lower"
PREMISES = [
    "_given",
    "_given_body",
    "_premise",
    "_relative_delta",
    "_dimensionless_const",
    "_premise_end",
    "_point_value",
    "_distribution",
    "_scenario",
]
STATEMENTS = ["_let", "_claim", "_in_range", "_ordered", "_qualifier", "_tolerance"]
for m in PREMISES:
    assigned[m] = "premises"
for m in STATEMENTS:
    assigned[m] = "statements"
CORE = {"__init__", "report", "fail", "build", "_let_order"}
extra = [n for n in names if n not in assigned and n not in CORE]
if extra:
    print("unassigned methods (kept in core):", extra)


def span(m):
    start = (m.decorator_list[0].lineno if m.decorator_list else m.lineno) - 1
    return start, m.end_lineno


def text_of(m):
    a, b = span(m)
    return "".join(lines[a:b])


def signature(m):
    a = (m.decorator_list[0].lineno if m.decorator_list else m.lineno) - 1
    b = m.body[0].lineno - 1
    # body[0] may be a docstring on the line after `):`; signature ends before it
    sig = "".join(lines[a:b])
    return sig


# imports block: everything before the first class/def/assignment after imports
first_code = min(
    n.lineno for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
)
imports = "".join(l for l in lines[: first_code - 1] if not l.startswith('"""'))
imp_nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
imports = "".join("".join(lines[n.lineno - 1 : n.end_lineno]) for n in imp_nodes)

pkg = root / "toulmin/engine/resolve"
pkg.mkdir(exist_ok=True)
# module-level things other than the class and `resolve` go to base.py
mod_level = [
    n
    for n in tree.body
    if not isinstance(n, (ast.Import, ast.ImportFrom))
    and not (isinstance(n, ast.Expr) and n is tree.body[0])
]
base_parts, tail_parts = [], []
for n in mod_level:
    a = (n.decorator_list[0].lineno if getattr(n, "decorator_list", None) else n.lineno) - 1
    chunk = "".join(lines[a : n.end_lineno])
    if isinstance(n, ast.ClassDef) and n.name == "Resolver":
        continue
    if isinstance(n, ast.FunctionDef) and n.name == "resolve":
        tail_parts.append(chunk)
        continue
    base_parts.append(chunk)

by = {m.name: m for m in methods}


# which methods each group calls on self
def calls(m):
    return {
        c.attr
        for c in ast.walk(m)
        if isinstance(c, ast.Attribute) and isinstance(c.value, ast.Name) and c.value.id == "self"
    }


needed_stubs = set()
for m in methods:
    g = assigned.get(m.name, "core")
    for c in calls(m):
        if c in by and assigned.get(c, "core") != g and assigned.get(c, "core") != "core":
            needed_stubs.add(c)
        if (
            c in by
            and g != "core"
            and assigned.get(c, "core") == "core"
            and c not in ("report", "fail", "__init__")
        ):
            needed_stubs.add(c)

docstring = ast.get_docstring(tree)
base_names = sorted(
    {
        n.name
        for n in mod_level
        if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name not in ("Resolver", "resolve")
    }
    | {
        t.id
        for n in mod_level
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    | {"ResolverBase"}
)
BASE_IMPORT = "from toulmin.engine.resolve.base import " + ", ".join(base_names) + "\n"
core_methods = [by[n] for n in names if n in ("__init__", "report", "fail")]
base = [
    '"""The resolver\'s shared state and the types its parts hand each other.\n\n'
    "Each part of `Resolver` is a mixin in its own module (scope, units, dims, lower, hints,\n"
    "display, premises, statements); they share the tables built here. Methods that one\n"
    'part calls on another are declared below so each module type-checks alone.\n"""\n\n',
    imports,
    "\n\n",
    "\n\n".join(base_parts),
    "\n\n",
    "class ResolverBase:\n",
    '    """State shared by the resolver\'s parts; see `resolve/__init__.py`."""\n\n',
]
for m in core_methods:
    base.append(text_of(m).replace("class Resolver", "class ResolverBase") + "\n")
for s in sorted(needed_stubs):
    m = by[s]
    base.append(
        signature(m)
        + "        raise NotImplementedError  # defined in resolve/"
        + assigned.get(s, "__init__")
        + ".py\n\n"
    )
(pkg / "base.py").write_text("".join(base))

for g, (doc, _) in GROUPS.items():
    ms = [by[n] for n in names if assigned.get(n) == g]
    import textwrap

    wrapped = "\n".join(textwrap.wrap(doc, 88))
    body = [
        f'"""{wrapped}\n"""\n\n',
        imports,
        BASE_IMPORT + "\n\n",
        f"class {g.capitalize()}Mixin(ResolverBase):\n",
        f'    """The resolver\'s {g} part (see the module docstring)."""\n\n',
    ]
    for m in ms:
        body.append(text_of(m) + "\n")
    (pkg / f"{g}.py").write_text("".join(body))

core = [
    '"""`Resolver`: the parts of resolution (one module each) put together."""\n\n',
    imports,
    BASE_IMPORT,
]
mixins = [f"{g.capitalize()}Mixin" for g in GROUPS]
for g in GROUPS:
    core.append(f"from toulmin.engine.resolve.{g} import {g.capitalize()}Mixin\n")
core.append("\n\nclass Resolver(" + ", ".join(mixins) + "):\n")
core.append('    """Builds a `Program` from loaded units; collects every diagnostic."""\n\n')
for n in names:
    if n in ("build", "_let_order") or (n not in assigned and n not in CORE):
        core.append(text_of(by[n]) + "\n")
core.append("\n" + "".join(tail_parts))
(pkg / "resolver.py").write_text("".join(core))
(pkg / "__init__.py").write_text(
    f'"""{docstring}\n\nModules: `base` (shared state and types), `scope`, `units`, `dims`, `lower`, `hints`,\n`display`, `premises`, `statements`, and `resolver` (the class that puts them together).\n"""\n\nfrom toulmin.engine.resolve.base import MAX_MAGNITUDE\nfrom toulmin.engine.resolve.resolver import Resolver, resolve\n\n__all__ = ["MAX_MAGNITUDE", "Resolver", "resolve"]\n'
)
src_path.unlink()
print("ok", {g: len([n for n in names if assigned.get(n) == g]) for g in GROUPS})
