"""Which file of the output folder a URL path names, if any: the one place that decides what
the preview may read from disk.

A path is refused (None, which the server answers with 404) when any of its segments is
empty, `.` or `..`, starts with a dot (the manifest, the lock, the build's temporary files),
or, once decoded, holds a slash, a backslash or a NUL: so `..`, `%2e%2e`, `%2f`, `//etc` and
`/C:\\` never leave the folder. What is left must resolve, links followed, to a regular file
inside the folder: a link that leads out is refused like a missing file, and a folder is never
listed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

FORBIDDEN = ("/", "\\", "\0")


def segments(url_path: str) -> list[str] | None:
    """The decoded segments of an absolute URL path, or None when one of them is unsafe."""
    if not url_path.startswith("/"):
        return None
    found = []
    for raw in url_path[1:].split("/"):
        try:
            part = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if not part or part.startswith(".") or any(c in part for c in FORBIDDEN):
            return None
        found.append(part)
    return found


def resolve(root: Path, url_path: str) -> Path | None:
    """The real path of the regular file `url_path` names under `root`, or None."""
    parts = segments(url_path)
    if not parts:
        return None
    base = root.resolve()
    try:
        real = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, unreadable, or a loop of links
        return None
    if not real.is_relative_to(base) or not real.is_file():
        return None
    return real


def open_file(real: Path) -> BinaryIO | None:
    """`real` opened for reading, if it is still a regular file and not a link: between
    `resolve` and here a file may have been swapped for a link."""
    try:
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return None
    return os.fdopen(handle, "rb")
