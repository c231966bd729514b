"""Writing output files so that a reader never sees half of one.

Each file is written to a temporary file in its own folder and moved into place; a failure
leaves the previous complete file where it was and removes the temporary one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from guidepress.errors import OutputError
from guidepress.terminal import display

TEMP_PREFIX = ".guidepress-"


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _error(path, exc) from None


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed build may have left behind (call it holding the lock)."""
    if folder.is_dir():
        for leftover in folder.rglob(f"{TEMP_PREFIX}*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def remove(path: Path) -> bool:
    """Delete an output the build made; True when there was one to delete."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _error(path, exc) from None
    return True


def remove_owned(out_dir: Path, file: str, sha256: str) -> bool:
    """Delete the output `file` (relative to `out_dir`, as the manifest records it) only when it
    is a regular file under `out_dir`, reached without a link, whose bytes are those the build
    wrote (`sha256`): a manifest, crafted or stale, can never make a build delete anything
    else. True when a file was deleted."""
    from guidepress.outdir.manifest import sha256_bytes  # manifest imports this module

    target = out_dir / file
    try:
        if (target.parent.resolve() != (out_dir.resolve() / file).parent
                or not stat.S_ISREG(target.lstat().st_mode)):
            return False
        with open(os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as stream:
            if sha256_bytes(stream.read()) != sha256:
                return False
    except OSError:
        return False
    return remove(target)


def remove_folder_if_empty(folder: Path) -> None:
    """Delete a guide's output folder once nothing is left in it; never anything else."""
    with contextlib.suppress(OSError):
        folder.rmdir()


def _error(path: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some disk space and build again; the previous outputs are unchanged"
        return OutputError(f"the disk is full: cannot write {display(path)}", hint)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check that the output folder is writable; the previous outputs are unchanged"
        return OutputError(f"cannot write {display(path)}: permission denied", hint)
    return OutputError(f"cannot write {display(path)}: {exc.strerror}")
