"""Reading a file that a guide names, without ever touching a path outside the source folder.

The path is followed one name at a time from the source folder, each name opened relative to
the folder before it, with links read and followed by this code, never by the system: a link
whose target lies outside the source folder ends the walk before anything out there is looked
at, so no answer (exists, missing, a device) can leak from outside it, and a folder swapped for
a link halfway cannot lead out either. The last name must be a regular file, read up to a cap.

The build (`assets.py`) and the staleness check (`build/fingerprint.py`) both read through here,
so both apply the same rules before they read a byte.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_LINKS = 40  # links followed for one path, as the system allows


class Refused(Exception):
    """Why a file cannot be read; `reason` is one of the constants below."""

    def __init__(self, reason: str, size: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size


OUTSIDE = "outside"  # the path, or a link on it, leads out of the source folder
MISSING = "missing"  # nothing inside the source folder has that name
NOT_A_FILE = "not a file"  # a folder, a pipe, a device, a socket
TOO_LARGE = "too large"
UNREADABLE = "unreadable"  # permission denied and the like


@dataclass(frozen=True)
class Found:
    data: bytes
    path: Path  # where the file really is, inside the source folder


def read_inside(root: Path, relative: str, limit: int) -> Found:
    """The bytes of the regular file `relative` names under `root`, at most `limit` of them;
    Refused with the reason otherwise."""
    with _opened(root, relative) as handle:
        size = os.fstat(handle).st_size
        path = Path(os.readlink(f"/proc/self/fd/{handle}"))
        with os.fdopen(os.dup(handle), "rb") as stream:
            data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(TOO_LARGE, max(size, len(data)))
    return Found(data, path)


def digest_inside(root: Path, relative: str, limit: int) -> str:
    """The sha256 of what `read_inside` would read, or a word saying why there is none (which
    never equals a hash, so the output that used the file is rebuilt, and says why)."""
    try:
        return hashlib.sha256(read_inside(root, relative, limit).data).hexdigest()
    except Refused as refused:
        return refused.reason


@contextlib.contextmanager
def _opened(root: Path, relative: str) -> Iterator[int]:
    folders = [_open_folder(str(Path(root).resolve()), None)]
    try:
        names = _parts(relative)
        links = 0
        while names:
            name = names.pop(0)
            if name == "..":
                if len(folders) == 1:
                    raise Refused(OUTSIDE)
                os.close(folders.pop())
                continue
            target = _link_target(name, folders[-1])
            if target is not None:
                links += 1
                if links > MAX_LINKS:
                    raise Refused(MISSING)  # a loop of links leads to no file
                if target.startswith("/"):
                    raise Refused(OUTSIDE)  # judged without a look at where it points
                names = _parts(target) + names
            elif names:
                folders.append(_open_folder(name, folders[-1]))
            else:
                yield _open_file(name, folders[-1])
                return
        raise Refused(NOT_A_FILE)  # the path names the source folder itself
    finally:
        for handle in folders:
            os.close(handle)


def _parts(relative: str) -> list[str]:
    path = PurePosixPath(relative)
    if path.is_absolute():
        raise Refused(OUTSIDE)
    return [part for part in path.parts if part != "."]


def _link_target(name: str, folder: int) -> str | None:
    try:
        return os.readlink(name, dir_fd=folder)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return None  # there, and not a link
        raise _refusal(exc) from None


def _open_folder(name: str, folder: int | None) -> int:
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
    except OSError as exc:
        raise Refused(MISSING if exc.errno == errno.ENOTDIR else _refusal(exc).reason) from None


def _open_file(name: str, folder: int) -> int:
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY,
                         dir_fd=folder)
    except OSError as exc:
        raise _refusal(exc) from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise Refused(NOT_A_FILE)
    return handle


def _refusal(exc: OSError) -> Refused:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Refused(MISSING)
    if exc.errno == errno.ELOOP:
        return Refused(OUTSIDE)
    if exc.errno == errno.EISDIR:
        return Refused(NOT_A_FILE)
    return Refused(UNREADABLE)
