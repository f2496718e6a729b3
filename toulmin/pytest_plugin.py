"""The pytest plugin: every claim of a `.claim` file is a test item (`file.claim::claim_id`).

Off by default, so installing toulmin never changes someone else's test run: `.claim`
files are collected only with `--claims` or `claim_files = true` in the pytest ini
section (`[tool.pytest.ini_options]`). Nothing heavy is imported until a file is
collected: this module imports pytest and the standard library only.

What passes:

* by default a claim must hold;
* with a verdict snapshot (`pytest --claims --claims-update` writes it: by default
  `.toulmin/verdicts.json` beside the files, or the `claims_snapshot` ini path relative
  to the rootdir), a claim must keep its pinned verdict. That is how a debate file, where
  `fails` is the finding, becomes a regression test.

Scenarios (language v2): when a `ClaimResult` carries `scenarios` (a mapping of scenario
name to a claim result), each scenario becomes one more item, `file.claim::claim_id[NAME]`.
Scenarios are what-ifs and never change `toulmin check`'s exit status, so a scenario item
is checked against the snapshot when one pins it, and otherwise passes.

Run `--claims-update` without xdist (`-n`): each worker would write its own snapshot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT_DEFAULT = Path(".toulmin") / "verdicts.json"
_STASH_UPDATES = pytest.StashKey[dict[Path, dict[str, dict[str, str]]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("toulmin", "toulmin: .claim files as tests")
    group.addoption(
        "--claims",
        action="store_true",
        default=False,
        help="collect *.claim files: one test per claim (also: ini claim_files = true)",
    )
    group.addoption(
        "--claims-update",
        action="store_true",
        default=False,
        help="write today's verdicts to the snapshot; the claims then pass",
    )
    parser.addini(
        "claim_files", "collect *.claim files as tests (as --claims)", type="bool", default=False
    )
    parser.addini(
        "claims_snapshot",
        "the verdict snapshot, relative to the rootdir (default: .toulmin/verdicts.json "
        "beside each .claim file)",
        default="",
    )


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("claims") or config.getini("claim_files"))


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".claim" and _enabled(parent.config):
        return ClaimFile.from_parent(parent, path=file_path)
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STASH_UPDATES] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With `--claims-update`, write the verdicts of every collected file to its snapshot."""
    updates = session.config.stash.get(_STASH_UPDATES, {})
    for snap, files in updates.items():
        data = _read_snapshot(snap)
        data.update(files)  # a file's entry is replaced whole: removed claims disappear
        snap.parent.mkdir(parents=True, exist_ok=True)
        tmp = snap.with_suffix(".json.tmp")
        body = {"toulmin-verdicts": 1, "files": {k: data[k] for k in sorted(data)}}
        tmp.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, snap)


# ---------------------------------------------------------------- snapshot


def _snapshot_for(config: pytest.Config, file_path: Path) -> tuple[Path, str]:
    """(snapshot file, the claim file's key in it)."""
    configured = config.getini("claims_snapshot")
    if configured:
        snap = Path(config.rootpath) / configured
        try:
            key = file_path.resolve().relative_to(Path(config.rootpath).resolve()).as_posix()
        except ValueError:
            key = file_path.resolve().as_posix()
        return snap, key
    return file_path.parent / SNAPSHOT_DEFAULT, file_path.name


_SNAPSHOT_CACHE: dict[Path, tuple[float, dict[str, dict[str, str]]]] = {}


def _read_snapshot(snap: Path) -> dict[str, dict[str, str]]:
    try:
        mtime = snap.stat().st_mtime
    except OSError:
        return {}
    cached = _SNAPSHOT_CACHE.get(snap)
    if cached and cached[0] == mtime:
        return dict(cached[1])
    try:
        doc = json.loads(snap.read_text(encoding="utf-8"))
        files = doc["files"]
        assert isinstance(files, dict)
    except (OSError, ValueError, KeyError, AssertionError) as exc:
        raise pytest.UsageError(f"{snap}: not a toulmin verdict snapshot ({exc})") from None
    _SNAPSHOT_CACHE[snap] = (mtime, files)
    return dict(files)


# ---------------------------------------------------------------- collection


class ClaimFile(pytest.File):
    """A `.claim` file: one item per claim (and per scenario), or one for its errors."""

    def collect(self) -> Iterator[pytest.Item]:
        result = _check(self.path, self._display())
        snap, key = _snapshot_for(self.config, self.path)
        pinned = _read_snapshot(snap).get(key, {})
        if self.config.getoption("claims_update"):
            # Recorded at collection so a file's entry lists every claim, deselected ones too.
            verdicts: dict[str, str] = {}
            for c in result.claims:
                verdicts[c.id] = c.verdict
                for name, sc in _scenarios(c).items():
                    verdicts[f"{c.id}[{name}]"] = sc.verdict
            self.config.stash[_STASH_UPDATES].setdefault(snap, {})[key] = verdicts
        if result.has_errors:
            yield DiagnosticsItem.from_parent(self, name="diagnostics", result=result)
            return
        for c in result.claims:
            yield ClaimItem.from_parent(
                self, name=c.id, result=result, claim=c, expected=pinned.get(c.id)
            )
            for sname, sc in _scenarios(c).items():
                yield ClaimItem.from_parent(
                    self,
                    name=f"{c.id}[{sname}]",
                    result=result,
                    claim=sc,
                    expected=pinned.get(f"{c.id}[{sname}]"),
                    scenario=sname,
                    base=c,
                )

    def _display(self) -> str:
        try:
            return self.path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return str(self.path)


def _check(path: Path, display: str) -> Any:
    """`toulmin.check.check_file`, imported only now that a `.claim` file is collected."""
    from toulmin.check import check_file

    return check_file(path, root=path.parent, display=display)


def _scenarios(claim: Any) -> Mapping[str, Any]:
    """A claim's scenario results (language v2), or none while the engine has none."""
    return getattr(claim, "scenarios", None) or {}


class ClaimFailure(Exception):
    """A claim did not pass; the message is already in toulmin's words."""


class _Item(pytest.Item):
    #: Not a Python test, so no fixtures; but pytest-lsp's `pytest_runtest_call` wrapper
    #: returns without yielding (a hook error) on items that lack `funcargs`.
    funcargs: dict[str, Any] = {}  # noqa: RUF012  (never written)


class ClaimItem(_Item):
    """One claim (or one claim under one scenario)."""

    def __init__(
        self,
        *,
        result: Any,
        claim: Any,
        expected: str | None,
        scenario: str | None = None,
        base: Any = None,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.result = result
        self.claim = claim
        self.expected = expected
        self.scenario = scenario
        self.base = base if base is not None else claim
        self.user_properties.append(("verdict", claim.verdict))

    def runtest(self) -> None:
        if self.config.getoption("claims_update"):
            return  # the verdict is being pinned, not judged
        verdict = self.claim.verdict
        if self.expected is not None:
            if verdict != self.expected:
                raise ClaimFailure(
                    f"verdict changed: was {self.expected}, now {verdict}\n"
                    "(accept it with pytest --claims --claims-update)"
                )
            return
        if self.scenario is not None:
            return  # a what-if without a pin: reported, never failing (spec §7)
        if verdict != "holds":
            raise ClaimFailure(f"claim `{self.claim_id}` {verdict}; it must hold")

    @property
    def claim_id(self) -> str:
        return self.base.id + (f"[{self.scenario}]" if self.scenario else "")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ClaimFailure):
            return f"{excinfo.value}\n" + describe(self.result, self.base, self.claim)
        return str(super().repr_failure(excinfo))  # a bug in toulmin: the traceback helps

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.base.line - 1, f"claim {self.claim_id}"


class DiagnosticsItem(_Item):
    """A file with error diagnostics: no verdicts, one failing item with the errors."""

    def __init__(self, *, result: Any, **kw: Any) -> None:
        super().__init__(**kw)
        self.result = result

    def runtest(self) -> None:
        raise ClaimFailure(f"{self.result.file} is not valid; no claim was checked")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if not isinstance(excinfo.value, ClaimFailure):
            return str(super().repr_failure(excinfo))
        from toulmin.render.diagnostics import render

        lines = [str(excinfo.value)]
        for d in self.result.diagnostics:
            lines += [text for _style, text in render(d, self.result.texts)]
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int, str]:
        errors = [d for d in self.result.diagnostics if d.is_error and d.span]
        return self.path, (errors[0].span.line - 1) if errors else 0, "diagnostics"


def describe(result: Any, base: Any, claim: Any) -> str:
    """A claim's verdict in toulmin's words: both sides, why, the source, the line."""
    from toulmin.render.text import note, show

    tol = ""
    if claim.tolerance:
        t = claim.tolerance
        if "relative" in t:
            tol = f" within {float(t['relative']) * 100:g} %"
        elif "absolute" in t:
            tol = f" within {float(t['absolute']):g} {t.get('unit', '')}".rstrip()
        elif "factor" in t:
            tol = f" within a factor {float(t['factor']):g}"
    lines = [
        f"{claim.verdict}: {show(claim.lhs)} {claim.op} {show(claim.rhs)}{tol}",
    ]
    why = note(claim)
    if why:
        lines.append(f"  {why}")
    if base.text:
        lines.append(f'  quote: "{base.text}"')
    for ref in base.sources:
        title, url = result.sources.get(ref, (ref, None))
        lines.append(f"  source [{ref}]: {title}" + (f" <{url}>" if url else ""))
    span = base.span
    if span is not None:
        text = result.texts.get(span.file)
        lines.append(f" --> {span.file}:{span.line}:{span.column}")
        if text is not None:
            src = text.splitlines()[span.line - 1] if span.line <= text.count("\n") + 1 else ""
            lines.append(f"{span.line} | {src}")
    return "\n".join(lines)
