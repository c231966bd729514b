"""One build at a time per output folder: an exclusive `flock` on `output/.guidepress.lock`.

The lock belongs to the open file, so the system releases it when the build ends in any way,
killed included; a stale lock file never blocks anyone. The file holds the holder's process
id, only to name it in messages.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from guidepress.errors import BuildLocked, OutputError
from guidepress.terminal import display

FILENAME = ".guidepress.lock"
POLL_SECONDS = 0.1


@contextlib.contextmanager
def held(out_dir: Path, wait: float, on_wait: Callable[[str], None] = lambda _: None
         ) -> Iterator[None]:
    """Hold the lock of `out_dir`; wait up to `wait` seconds for another build to finish."""
    path = out_dir / FILENAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only or full output folder: a message, not a traceback
        raise OutputError(f"cannot write to {display(out_dir)}: {exc.strerror}",
                          "check that the output folder is writable and the disk has room; "
                          "the previous outputs are unchanged") from None
    try:
        _acquire(descriptor, path, wait, on_wait)
        with contextlib.suppress(OSError):  # the process id only helps messages
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _acquire(descriptor: int, path: Path, wait: float, on_wait: Callable[[str], None]) -> None:
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(descriptor):
        holder = _holder(path)
        if time.monotonic() >= deadline:
            raise BuildLocked(
                f"another build{holder} is writing to {display(path.parent)}",
                "wait for it to finish and run the build again, or pass --wait SECONDS")
        if not told:
            on_wait(f"waiting for another build{holder} to finish writing to "
                    f"{display(path.parent)}")
            told = True
        time.sleep(POLL_SECONDS)


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
