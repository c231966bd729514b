"""What every output was made from, kept between builds in the output folder.

`output/.guidepress-manifest.json` records, for each output of each guide, its file, hash, size
and change time, and every input that made it as `name -> fingerprint` (see
`guidepress.build.fingerprint`); for each guide, what the catalogue shows, the warnings of its
last build, and the facts its outputs must show (what validation compares them with). The
build compares recorded inputs with current ones; modification times only let an unchanged
output skip being hashed again. A manifest that is missing, unreadable, damaged or of another
format version counts as empty, which means a full rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidepress import __version__
from guidepress.outdir.atomic import write_atomic
from guidepress.terminal import display

FILENAME = ".guidepress-manifest.json"
FORMAT_VERSION = 2
MISSING = "missing"


@dataclass
class OutputRecord:
    file: str  # relative to the output folder, with `/` separators
    sha256: str
    size: int
    mtime_ns: int
    inputs: dict[str, str]
    skipped: str = ""  # why the format has no file for this guide ("" when it has one)


@dataclass
class GuideRecord:
    source: str  # the guide's file name in the source folder
    meta: dict[str, str] = field(default_factory=dict)  # what the catalogue shows
    warnings: list[str] = field(default_factory=list)  # findings of the last build
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)  # what its outputs must show


@dataclass
class Manifest:
    guides: dict[str, GuideRecord] = field(default_factory=dict)
    catalogue: OutputRecord | None = None
    pandoc: dict[str, str] = field(default_factory=dict)  # `probe` and the `version` it found

    def to_json(self) -> bytes:
        text = json.dumps(self._data(), indent=1, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode()

    def snapshot(self) -> str:
        """The manifest's content in one string, to tell whether a build changed it (compact:
        json's C encoder does not indent, and a manifest of 200 guides is large)."""
        return json.dumps(self._data(), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))

    def _data(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict, which deep-copies every fact of every guide.
        return {
            "format": FORMAT_VERSION, "guidepress": __version__,
            "guides": {slug: {**vars(guide), "outputs": {name: vars(output) for name, output
                                                          in guide.outputs.items()}}
                       for slug, guide in self.guides.items()},
            "catalogue": None if self.catalogue is None else vars(self.catalogue),
            "pandoc": self.pandoc,
        }


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


def adopt(out_dir: Path, paths: Iterable[Path]) -> None:
    """Record the new bytes of `paths` as the build's own, in one write.

    Validation rewrites an EPUB's accessibility claims from the same inputs when a check fails;
    the file is then neither stale nor edited by hand, and the next build must keep it.
    """
    manifest, problem = load(out_dir)
    wanted = {path.relative_to(out_dir).as_posix(): path for path in paths}
    if problem or not wanted:
        return
    for guide in manifest.guides.values():
        for record in guide.outputs.values():
            path = wanted.get(record.file)
            if path is not None:
                status = path.stat()
                record.sha256 = sha256_file(path)
                record.size, record.mtime_ns = status.st_size, status.st_mtime_ns
    save(out_dir, manifest)


def output_paths(out_dir: Path, record: GuideRecord) -> dict[str, Path]:
    """Where each output of a guide is, by format name, as the manifest recorded it."""
    return {name: out_dir / output.file for name, output in record.outputs.items()
            if not output.skipped}


def _guide(raw: dict[str, Any]) -> GuideRecord:
    return GuideRecord(
        source=_string(raw["source"]),
        meta=_strings(raw["meta"]),
        warnings=[_string(item) for item in raw["warnings"]],
        outputs={str(name): _output(value) for name, value in raw["outputs"].items()},
        facts=dict(raw["facts"]),
    )


def _output(raw: dict[str, Any]) -> OutputRecord:
    file = _string(raw["file"])
    if file.startswith("/") or ".." in file.split("/"):
        raise ValueError(file)  # never let a manifest point outside the output folder
    return OutputRecord(file, _string(raw["sha256"]), int(raw["size"]), int(raw["mtime_ns"]),
                        _strings(raw["inputs"]), _string(raw["skipped"]))


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
