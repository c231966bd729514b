"""Bytes on disk -> `Guide`: front matter + Markdown body, with the body's line offset.

Strict and safe: UTF-8 only, no control or text-direction override characters, bounded sizes,
and a front matter that must be YAML between `---` lines at the very top.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from guidepress.errors import Location, SourceError, UsageError
from guidepress.read import characters, yamlsafe
from guidepress.read.frontmatter import FrontMatter, read_front_matter
from guidepress.terminal import display

# A guide of plain prose this size takes about 70 s of CPU to build into all seven formats
# (docs/security.md, "Limits and how they were measured").
MAX_SOURCE_BYTES = 256 * 1024
MAX_FRONT_MATTER_LINES = 200
MAX_FRONT_MATTER_CHARS = 32 * 1024
SUFFIX = ".md"



@dataclass(frozen=True)
class Guide:
    slug: str
    path: Path
    display_path: str
    meta: FrontMatter
    body: str
    body_line: int  # 1-based line of the file on which `body` starts
    digest: str  # sha256 of the file's bytes

    @property
    def source_root(self) -> Path:
        return self.path.parent


def check_slug(path: Path) -> str:
    slug = path.stem
    if path.suffix != SUFFIX:
        raise UsageError(f"{display(path)}: a guide must be a {SUFFIX} file")
    if not slug or slug.startswith(".") or not all(c.isprintable() for c in slug):
        raise UsageError(f"{display(path)}: the file name cannot be used as a guide name",
                         "use letters, digits and hyphens, e.g. medical-oncology.md")
    return slug


def check_inside(path: Path, source_dir: Path) -> None:
    """Refuse a guide that is a link to a file outside the source folder: a problem of the
    guide's content (exit 1), not of how the command was called."""
    if not path.resolve().is_relative_to(source_dir.resolve()):
        raise SourceError(Location(display(path)), "the guide is a link to a file outside "
                          f"{display(source_dir)}", "replace the link with the guide file itself")


def load(path: Path) -> Guide:
    """Read and validate one guide file."""
    shown = display(path)
    slug = check_slug(path)
    data = read_bytes(path, shown)
    if len(data) > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // 1024
        raise SourceError(Location(shown), f"the guide is larger than {limit} KiB",
                          "split it into several guides")
    text = decode(data, shown)
    meta_text, body, body_line = split_front_matter(text, shown)
    node = yamlsafe.parse(meta_text, shown, first_line=2)
    meta = read_front_matter(node, shown, first_line=1)
    return Guide(slug, path, shown, meta, body, body_line, hashlib.sha256(data).hexdigest())


def read_bytes(path: Path, shown: str) -> bytes:
    """Up to MAX_SOURCE_BYTES + 1 bytes of a regular file whose real place is in its folder:
    a guide that is a link to a file elsewhere, a pipe or a device is refused."""
    where = Location(shown)
    try:
        real = path.resolve(strict=True)
        if not real.is_relative_to(path.parent.resolve()):
            raise SourceError(where, "the guide is a link to a file outside its folder",
                              "replace the link with the guide file itself")
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise SourceError(where, "the guide is not a regular file")
        with os.fdopen(handle, "rb") as stream:
            return stream.read(MAX_SOURCE_BYTES + 1)
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is a loop of links"
        raise SourceError(where, f"cannot read the guide: {reason}") from None


def decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(Location(shown, line), "the file is not valid UTF-8 text",
                          "save it as UTF-8 in your editor") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = characters.find(text)
    if found:
        line = text.count("\n", 0, found[0]) + 1
        raise SourceError(Location(shown, line), f"the text contains {found[1]}",
                          characters.HINT)
    return text


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """Return (front-matter YAML, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError(Location(shown, 1), "the guide must start with front matter",
                          "put a line `---`, the `title:`, `lang:` ... lines, then `---`")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            meta = "\n".join(lines[1:index]) + "\n"
            if index > MAX_FRONT_MATTER_LINES or len(meta) > MAX_FRONT_MATTER_CHARS:
                raise SourceError(Location(shown, 1), "the front matter is longer than "
                                  f"{MAX_FRONT_MATTER_LINES} lines or "
                                  f"{MAX_FRONT_MATTER_CHARS // 1024} KiB",
                                  "keep the front matter short; put text in the body")
            return meta, "\n".join(lines[index + 1 :]), index + 2
    raise SourceError(Location(shown, 1), "the front matter is never closed",
                      "add a line `---` after the last front-matter line")


def find_guides(source_dir: Path, names: tuple[str, ...] = ()) -> list[Path]:
    """The guide files to work on: all of `source_dir`, or the named ones, in a stable order."""
    if not source_dir.is_dir():
        raise UsageError(f"there is no source folder at {display(source_dir)}",
                         "run the command from the project folder or pass --source")
    if not names:
        found = sorted(p for p in source_dir.glob(f"*{SUFFIX}")
                       if p.is_file() and not p.name.startswith("."))
        for path in found:  # checked before anything reads the file or prints its name
            check_slug(path)
            check_inside(path, source_dir)
        return found
    found = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix != SUFFIX:
            candidate = source_dir / f"{name}{SUFFIX}"
        if not candidate.is_file():
            known = ", ".join(p.stem for p in sorted(source_dir.glob(f"*{SUFFIX}"))) or "none"
            raise UsageError(f"no guide named {name!r} in {display(source_dir)}",
                             f"guides there: {known}")
        if candidate.parent == source_dir:
            check_inside(candidate, source_dir)
        found.append(candidate)
    return found
