"""What every output was made from, kept between builds as content hashes.

`output/.guidepress-manifest.json` records, for each output of each guide, every input that
made it as `name -> fingerprint`:

    source                  sha256 of the guide file's bytes
    image:images/x.svg      sha256 of each image the guide used (known from its last build)
    template:pdf/handout.css  sha256 of each template file of the output's format
    option:paper            the value of each build option that changes the format's output
    code                    sha256 of the pipeline's own files, with its version
    tool:pandoc, tool:...   versions of pandoc, Python and the libraries that shape the bytes

The build compares the recorded inputs with the current ones; each difference is a reason to
rebuild, stated in words. Modification times are never trusted alone: they only let an
unchanged output skip being hashed again. A manifest that is missing, unreadable, damaged or
of another format version counts as empty, which means a full rebuild.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from guidepress import __version__
from guidepress.outdir.atomic import write_atomic
from guidepress.read.source import display

FILENAME = ".guidepress-manifest.json"
FORMAT_VERSION = 1
MISSING = "missing"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# Distributions whose version can change the bytes of every output.
COMMON_LIBRARIES = ("jinja2", "lxml", "nh3")
# Modules that cannot change an output's bytes or whether it is published: the command line,
# the terminal display, locking, watching and scaffolding; and the templates, which each format
# fingerprints itself. Everything else counts.
NOT_OUTPUT_CODE = ("cli.py", "build/progress.py", "outdir/lock.py", "build/watch.py",
                   "scaffold.py", "templates")


@dataclass
class OutputRecord:
    file: str  # relative to the output folder, with `/` separators
    sha256: str
    size: int
    mtime_ns: int
    inputs: dict[str, str]


@dataclass
class GuideRecord:
    source: str  # the guide's file name in the source folder
    meta: dict[str, str] = field(default_factory=dict)  # what the catalogue shows
    warnings: list[str] = field(default_factory=list)  # findings of the last build
    outputs: dict[str, OutputRecord] = field(default_factory=dict)


@dataclass
class Manifest:
    guides: dict[str, GuideRecord] = field(default_factory=dict)
    catalogue: OutputRecord | None = None
    pandoc: dict[str, str] = field(default_factory=dict)  # `probe` and the `version` it found

    def to_json(self) -> bytes:
        data = {"format": FORMAT_VERSION, "guidepress": __version__, **asdict(self)}
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


class DamagedManifest(Exception):
    """The manifest file exists but cannot be used."""


def path_in(out_dir: Path) -> Path:
    return out_dir / FILENAME


def load(out_dir: Path) -> tuple[Manifest, str]:
    """The manifest of `out_dir`, and why it was discarded ("" when it was used or absent)."""
    path = path_in(out_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Manifest(), ""
    except OSError as exc:
        return Manifest(), f"cannot read {display(path)} ({exc.strerror})"
    try:
        return parse(data), ""
    except DamagedManifest as exc:
        return Manifest(), f"{display(path)} {exc}"


def parse(data: bytes) -> Manifest:
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedManifest("is damaged") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_VERSION:
        raise DamagedManifest("is from another version of guidepress")
    try:
        return Manifest(
            guides={str(slug): _guide(value) for slug, value in raw["guides"].items()},
            catalogue=_output(raw["catalogue"]) if raw["catalogue"] is not None else None,
            pandoc=_strings(raw["pandoc"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DamagedManifest("is damaged") from None


def save(out_dir: Path, manifest: Manifest) -> None:
    write_atomic(path_in(out_dir), manifest.to_json())


def adopt(out_dir: Path, path: Path) -> None:
    """Record `path`'s new bytes as the build's own.

    Validation rewrites an EPUB's accessibility claims from the same inputs when a check fails;
    the file is then neither stale nor edited by hand, and the next build must keep it.
    """
    manifest, problem = load(out_dir)
    if problem:
        return
    relative = path.relative_to(out_dir).as_posix()
    for guide in manifest.guides.values():
        for record in guide.outputs.values():
            if record.file == relative:
                status = path.stat()
                record.sha256 = sha256_file(path)
                record.size, record.mtime_ns = status.st_size, status.st_mtime_ns
                save(out_dir, manifest)
                return


def _guide(raw: dict[str, Any]) -> GuideRecord:
    return GuideRecord(
        source=_string(raw["source"]),
        meta=_strings(raw["meta"]),
        warnings=[_string(item) for item in raw["warnings"]],
        outputs={str(name): _output(value) for name, value in raw["outputs"].items()},
    )


def _output(raw: dict[str, Any]) -> OutputRecord:
    file = _string(raw["file"])
    if file.startswith("/") or ".." in file.split("/"):
        raise ValueError(file)  # never let a manifest point outside the output folder
    return OutputRecord(file, _string(raw["sha256"]), int(raw["size"]), int(raw["mtime_ns"]),
                        _strings(raw["inputs"]))


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _strings(value: Any) -> dict[str, str]:
    return {_string(key): _string(item) for key, item in value.items()}


# Fingerprints ---------------------------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The file's hash, or MISSING when it cannot be read."""
    digest = hashlib.sha256()
    try:
        # Non-blocking, and regular files only: a pipe or a link to a device in the source
        # folder must not hang the build here (the render refuses them with a message).
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return MISSING
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return MISSING
    return digest.hexdigest()


@functools.cache
def code_hash() -> str:
    """The pipeline's version and every file of its package, hashed once per process (so it
    describes the code this process runs)."""
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


def pandoc_version(cache: dict[str, str]) -> str:
    """pandoc's version, taken from `cache` when the probe matches, else asked (and cached)."""
    probe = pandoc_probe()
    if cache.get("probe") == probe and cache.get("version"):
        return cache["version"]
    from guidepress.read import pandoc

    found = pandoc.version()
    cache.clear()
    cache.update(probe=probe, version=found)
    return found


def tool_versions(pandoc: str, extra: Iterable[str]) -> dict[str, str]:
    """`tool:NAME -> version` for pandoc, Python, the common libraries and `extra` ones."""
    versions = {"tool:pandoc": pandoc, "tool:python": platform.python_version()}
    for name in (*COMMON_LIBRARIES, *extra):
        versions[f"tool:{name}"] = library_version(name)
    return versions
