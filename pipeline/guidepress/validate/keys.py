"""What a validation result depends on: the keys of the results kept between runs (`cache.py`).

- An output validator's result about one output: the output's sha256 and format (and those of
  the other outputs of the guide it `reads`), the facts the guide's outputs must show (as the
  build recorded them), and the validator's name, version (`Validator.version`: the programs it
  runs) and code.
- A guide validator's result: the sha256 and format of every output of the guide, the facts,
  every check found before it ran (it may read them, as the EPUB's claims do), and the
  validator's name, version and code.
- The report's own checks (axe and Nu on conformance.html): what the report says, without the
  run's date and times, the report's templates, and the versions and code of axe and Nu.

A validator's code is its module and every module that module imports from its own package or
from guidepress, at any depth (imports inside functions too), with the versions of Python and
of every other library among those imports.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import platform
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from guidepress.outdir.manifest import sha256_file
from guidepress.validate import report
from guidepress.validate.base import Output, OutputValidator, Target, Validator
from guidepress.validate.report import Check, Report

FIRST_PARTY = "guidepress"
# Values of a report that differ from run to run without changing what it shows.
RUN_VALUES = ("date", "seconds", "timings")
CHECK_RUN_VALUES = ("checked", "cached")


def digest(*parts: str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return hashed.hexdigest()


class Keys:
    """The keys of one run: outputs are hashed once each (again when a validator rewrote
    one), and each validator's code once."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[int, int, str]] = {}

    def file(self, path: Path) -> str:
        try:
            status = path.stat()
        except OSError:
            return "missing"
        known = self._files.get(path)
        if known is None or known[:2] != (status.st_size, status.st_mtime_ns):
            known = (status.st_size, status.st_mtime_ns, sha256_file(path))
            self._files[path] = known
        return known[2]

    def output(self, validator: OutputValidator, output: Output) -> str:
        others = output.target.outputs
        read = [f"{fmt} {self.file(others[fmt]) if fmt in others else 'missing'}"
                for fmt in validator.reads]
        return digest("output", *about(validator), output.format, self.file(output.path),
                      *read, facts(output.target))

    def guide(self, validator: Validator, target: Target) -> str:
        files = [f"{fmt} {self.file(path)}" for fmt, path in sorted(target.outputs.items())]
        return digest("guide", *about(validator), facts(target), *files,
                      checks(target.report.checks))

    def report(self, found: Report, templates: Path, checkers: Iterable[str]) -> str:
        """The key of the report's own checks; `checkers` are the versions and code of the
        tools that check it."""
        pages = sorted(p for p in (templates / "report").rglob("*") if p.is_file())
        return digest("report", content(found), *checkers,
                      *(f"{p.relative_to(templates)} {self.file(p)}" for p in pages))


def about(validator: Validator) -> tuple[str, str, str]:
    return validator.name, validator.version(), code(type(validator).__module__)


def facts(target: Target) -> str:
    return json.dumps(target.expected.to_json(), sort_keys=True, ensure_ascii=False)


def checks(found: Iterable[Check]) -> str:
    """The checks as data, without when they ran."""
    data = [_without(report.check_data(check), CHECK_RUN_VALUES) for check in found]
    return json.dumps(sorted(data, key=lambda c: c["id"]), sort_keys=True, ensure_ascii=False)


def content(found: Report) -> str:
    """What the report says: every check, finding, review item, claim and tool, without the
    run's date and times (which change no markup: the report's checks see the same page)."""
    data = _without(report.to_data(found), RUN_VALUES)
    data["checks"] = json.loads(checks(found.checks))
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _without(data: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in names}


@functools.cache
def code(module: str) -> str:
    """The hash of `module`'s code, as described above."""
    files, libraries = _closure(module)
    parts = [f"python {platform.python_version()}"]
    parts += [f"{name} {_file_hash(path)}" for name, path in sorted(files.items())]
    parts += [f"{name} {version}" for name in sorted(libraries)
              for version in _library_versions(name)]
    return digest(*parts)


def _closure(start: str) -> tuple[dict[str, Path], set[str]]:
    first_party = {start.split(".")[0], FIRST_PARTY}
    files: dict[str, Path] = {}
    libraries: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        path = None if name in files else _source(name)
        if path is None:  # a name imported from a module, not a module
            continue
        files[name] = path
        for imported in _imports(name, path):
            top = imported.split(".")[0]
            if top in first_party:
                todo.append(imported)
            elif top not in sys.stdlib_module_names:
                libraries.add(top)
    return files, libraries


def _source(name: str) -> Path | None:
    """The file of module `name`, found without importing it."""
    file = getattr(sys.modules.get(name), "__file__", None)
    if file:
        return Path(file)
    top, _, rest = name.partition(".")
    for base in getattr(sys.modules.get(top), "__path__", None) or ():
        candidate = Path(base, *rest.split("."))
        for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            if rest and path.is_file():
                return path
    return None


# `import a.b, c as d` and `from .a import (b, c as d)`, anywhere in a module (a match inside
# a string only adds a module to the hash: it can make results stale, never wrongly fresh).
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w. ,\t]+)"
                     r"|^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)",
                     re.MULTILINE)


@functools.cache
def _imports(name: str, path: Path) -> tuple[str, ...]:
    """The modules (and names in them) that module `name`, in `path`, imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for plain, origin, names in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            found += [part.split()[0] for part in plain.split(",") if part.strip()]
            continue
        if origin.startswith("."):
            origin = importlib.util.resolve_name(origin, package)
        found.append(origin)
        found += [f"{origin}.{part.split()[0]}" for part in names.strip("()").split(",")
                  if part.split()]
    return tuple(found)


@functools.cache
def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def _distributions() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.cache
def _library_versions(top: str) -> tuple[str, ...]:
    found = []
    for distribution in _distributions().get(top, []):
        try:
            found.append(f"{distribution} {importlib.metadata.version(distribution)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{distribution} missing")
    return tuple(found) or ("not installed",)
