"""The one way the project runs another program: with a deadline, in its own process group
(so the whole group is killed when the deadline passes), optionally under a memory cap, and
with a `ToolError` that names the tool when it cannot start or runs over."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from guidepress.errors import ToolError

# Sets the address-space limit, then becomes the command: the limit holds for it and its
# children, and nothing runs between fork and exec in this (possibly threaded) process.
_CAPPED = ("import os, resource, sys; n = int(sys.argv[1]); "
           "resource.setrlimit(resource.RLIMIT_AS, (n, n)); os.execvp(sys.argv[2], sys.argv[2:])")


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: bytes
    stderr: bytes

    def tail(self, lines: int = 5) -> str:
        """The last lines the program printed (standard error first), for a message."""
        text = (self.stderr or self.stdout).decode("utf-8", "replace").strip().splitlines()
        return " | ".join(text[-lines:]) or "no output"


class TimedOut(ToolError):
    """The program ran past its deadline and was killed with its process group."""


def run(command: Sequence[str], *, tool: str, timeout: float, stdin: bytes | None = None,
        env: Mapping[str, str] | None = None, cwd: Path | None = None,
        memory_bytes: int | None = None, hint: str = "") -> Completed:
    """Run `command` to its end or its deadline. `env` replaces the environment when given.

    The exit status is the caller's to judge; a start failure or a time-out raises.
    """
    argv = list(command)
    if memory_bytes is not None:
        argv = [sys.executable, "-c", _CAPPED, str(memory_bytes), *argv]
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                                env=dict(env) if env is not None else None, cwd=cwd,
                                start_new_session=True)
    except OSError as exc:
        raise ToolError(f"{tool} could not be started: {exc.strerror}") from None
    with proc:
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise TimedOut(f"{tool} took longer than {timeout:g} s and was stopped",
                           hint) from None
        except BaseException:  # Ctrl-C, or the caller's own deadline: leave nothing behind
            kill_group(proc)
            raise
    return Completed(proc.returncode, out, err)


def start(command: Sequence[str], *, tool: str, stderr: IO[bytes],
          env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start `command` to talk with it through its standard input and output, in its own
    process group; the caller ends it (`kill_group`), and keeps its own deadlines."""
    try:
        return subprocess.Popen(list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=stderr, env=dict(env) if env is not None else None,
                                start_new_session=True)
    except OSError as exc:
        raise ToolError(f"{tool} could not be started: {exc.strerror}") from None


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, ValueError):
        proc.communicate()
