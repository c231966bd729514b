"""Fingerprints of everything an output is made from, and what changed between two sets of
them, in words.

An output's inputs are `name -> fingerprint`:

    source                  sha256 of the guide file's bytes
    image:images/x.svg      sha256 of each image the guide used (known from its last build)
    template:pdf/handout.css  sha256 of each template file of the output's format
    option:paper            the value of each setting that changes the format's output
    code                    sha256 of the package's own files, with its version
    tool:pandoc, tool:...   versions of pandoc, Python and the libraries that shape the bytes
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import shutil
from collections.abc import Iterable
from pathlib import Path

from guidepress import __version__
from guidepress.formats import Format
from guidepress.outdir.manifest import MISSING, sha256_file
from guidepress.read import assets, files, source
from guidepress.settings import Settings
from guidepress.terminal import display

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# Distributions whose version can change the bytes of every output.
COMMON_LIBRARIES = ("jinja2", "lxml", "nh3")
# Parts of the package that cannot change an output's bytes or whether it is published: the
# command line, the terminal display, locking, watching and scaffolding; and the templates,
# which each format fingerprints itself. Everything else counts.
NOT_OUTPUT_CODE = ("cli.py", "build/progress.py", "outdir/lock.py", "build/watch.py",
                   "scaffold.py", "templates")


@functools.cache
def code_hash() -> str:
    """The package's version and every file of it, hashed once per process (so it describes
    the code this process runs)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if (path.is_file() and not _excluded(relative.as_posix())
                and "__pycache__" not in relative.parts and path.suffix != ".pyc"):
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _excluded(relative: str) -> bool:
    return any(relative == name or relative.startswith(f"{name}/") for name in NOT_OUTPUT_CODE)


@functools.cache
def library_version(name: str) -> str:
    """A distribution's version from its metadata, without importing it."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return MISSING


def pandoc_probe() -> str:
    """What decides which pandoc runs, cheaply: each candidate's path, size and change time.

    pypandoc picks among `$PYPANDOC_PANDOC`, a `pandoc` on PATH and its bundled binary; while
    none of these changed, the version recorded in the manifest still holds.
    """
    spec = importlib.util.find_spec("pypandoc")
    bundled = ""
    if spec is not None and spec.submodule_search_locations:
        bundled = os.path.join(next(iter(spec.submodule_search_locations)), "files", "pandoc")
    parts = []
    for candidate in (os.environ.get("PYPANDOC_PANDOC", ""), shutil.which("pandoc") or "",
                      bundled):
        try:
            stat = os.stat(candidate) if candidate else None
        except OSError:
            stat = None
        parts.append(f"{candidate}:{stat.st_size}:{stat.st_mtime_ns}" if stat else candidate)
    return "|".join(parts)


def pandoc_version(recorded: dict[str, str]) -> dict[str, str]:
    """`{"probe", "version"}` of the pandoc that runs now: `recorded` itself while the probe
    still matches it, else pandoc is asked."""
    probe = pandoc_probe()
    if recorded.get("probe") == probe and recorded.get("version"):
        return recorded
    from guidepress.read import pandoc

    return {"probe": probe, "version": pandoc.version()}


def tool_versions(pandoc: str, extra: Iterable[str]) -> dict[str, str]:
    """`tool:NAME -> version` for pandoc, Python, the common libraries and `extra` ones."""
    versions = {"tool:pandoc": pandoc, "tool:python": platform.python_version()}
    for name in (*COMMON_LIBRARIES, *extra):
        versions[f"tool:{name}"] = library_version(name)
    return versions


class Inputs:
    """The current fingerprint of every input, each worked out at most once per build."""

    def __init__(self, settings: Settings, recorded_pandoc: dict[str, str]) -> None:
        self.settings = settings
        self._recorded_pandoc = recorded_pandoc
        self._pandoc: dict[str, str] | None = None
        self._files: dict[Path, str] = {}
        self._read: dict[tuple[str, object], str] = {}
        self._shared: dict[str, dict[str, str]] = {}

    def file(self, path: Path) -> str:
        """A trusted file's hash (a template)."""
        if path not in self._files:
            self._files[path] = sha256_file(path)
        return self._files[path]

    def guide(self, path: Path) -> str:
        """A guide's hash, read under the rules the build reads it by (a regular file, at most
        its size limit, no link out of its folder); else a word saying why not."""
        key = ("guide", path)
        if key not in self._read:
            self._read[key] = files.digest_inside(path.parent, path.name,
                                                  source.MAX_SOURCE_BYTES)
        return self._read[key]

    def image(self, name: str) -> str:
        """An image's hash, read under the build's rules for images (see read/files.py)
        before a byte is read: a link out of the source folder, a device or a huge file
        gives a word that makes the output stale, and the build then says what is wrong."""
        key = ("image", name)
        if key not in self._read:
            self._read[key] = files.digest_inside(self.settings.source_dir, name,
                                                  assets.MAX_IMAGE_BYTES)
        return self._read[key]

    @property
    def pandoc(self) -> dict[str, str]:
        """pandoc's probe and version (asked for only when an output's inputs are compared)."""
        if self._pandoc is None:
            self._pandoc = pandoc_version(self._recorded_pandoc)
        return self._pandoc

    @property
    def pandoc_known(self) -> dict[str, str]:
        """What to record about pandoc: what was found this build, else what was recorded."""
        return self._pandoc if self._pandoc is not None else self._recorded_pandoc

    def shared(self, fmt: Format) -> dict[str, str]:
        """Inputs every guide's output in `fmt` has in common."""
        if fmt.name not in self._shared:
            values = {"code": code_hash(), **tool_versions(self.pandoc["version"], fmt.tools)}
            for name in fmt.templates:
                values[f"template:{name}"] = self.file(self.settings.templates_dir / name)
            for option, value in fmt.options(self.settings).items():
                values[f"option:{option}"] = value
            values.update(fmt.fingerprints())
            self._shared[fmt.name] = values
        return self._shared[fmt.name]

    def of(self, fmt: Format, source_digest: str, images: Iterable[str]) -> dict[str, str]:
        """All inputs of one output: the shared ones, the guide's bytes, and its images."""
        values = {**self.shared(fmt), "source": source_digest}
        for name in images:
            values[f"image:{name}"] = self.image(name)
        return values

    def templates(self, names: Iterable[str]) -> dict[str, str]:
        return {f"template:{name}": self.file(self.settings.templates_dir / name)
                for name in names}


def differences(recorded: dict[str, str], current: dict[str, str], guide: Path,
                settings: Settings) -> tuple[str, ...]:
    """Each input that changed between `recorded` and `current`, in words."""
    keys = [key for key in current if recorded.get(key) != current[key]]
    keys += [key for key in recorded if key not in current]
    return tuple(describe(key, recorded.get(key), current.get(key), guide, settings)
                 for key in keys)


def describe(key: str, old: str | None, new: str | None, guide: Path,
             settings: Settings) -> str:
    """One changed input, in words: `templates/pdf/handout.css changed`."""
    kind, _, name = key.partition(":")
    if key == "source":
        return f"{display(guide)} changed"
    if key == "code":
        return "the guidepress code changed"
    if key == "listing":
        return "the guides it lists changed"
    if kind == "font":
        return f"the shipped font {name} " + ("changed" if old and new else
                                             "is new" if new else "is no longer used")
    if kind in ("option", "tool"):
        label = f"--{name}" if kind == "option" else name
        return f"{label} changed from {old or 'nothing'} to {new or 'nothing'}"
    where = settings.source_dir if kind == "image" else settings.templates_dir
    shown = display(where / name)
    if old is None:
        return f"{shown} is new"
    if new is None:
        return f"{shown} is no longer used"
    if new in (MISSING, files.MISSING):
        return f"{shown} is missing"
    return f"{shown} changed" if new not in _REFUSALS else f"{shown} cannot be used ({new})"


_REFUSALS = frozenset({files.OUTSIDE, files.NOT_A_FILE, files.TOO_LARGE, files.UNREADABLE})
