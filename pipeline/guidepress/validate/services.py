"""Validators' programs kept running through a whole validation run.

Starting Java or Node costs more than checking one file, so EPUBCheck runs in one Java process
for every EPUB of a run (and the EPUBs checked again after their claims were rewritten), the
Nu HTML Checker in one for every web page and report, and Ace in one Node process, with one
browser, for every EPUB. The launchers are in `launch/`: `ToolServer.java` (compiled once into
the user's cache folder) and `ace-server.js`. A request goes in as one line of tab-separated
fields on the program's standard input; the program answers each with one line of
tab-separated fields on its standard output.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

from guidepress import fonts, runner
from guidepress.errors import ToolError
from guidepress.validate import tools

LAUNCH = Path(__file__).resolve().parent / "launch"
JAVA_LAUNCHER = LAUNCH / "ToolServer.java"
ACE_LAUNCHER = LAUNCH / "ace-server.js"
# A run's JVMs do little work each: C1 only and the serial collector start fastest.
# -Xss4m avoids a stack overflow in the schema code with C1 only. The JVM's own warnings go
# to standard error, away from the answers.
JVM_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
               "-XX:+DisplayVMOutputToStderr")
COMPILE_SECONDS = 120
STOP_SECONDS = 10  # for a program to end once its input is closed
TERM_SECONDS = 3  # for it to end (Node closing its browser) when asked to, before it is killed
ANSWERS = ("ok", "error", "exit")


@functools.cache
def launchers() -> str:
    """The launchers' code, part of the version of every validator that runs through them, so
    a changed launcher checks its outputs again instead of reusing kept results."""
    digest = hashlib.sha256()
    for path in sorted(LAUNCH.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"launchers {digest.hexdigest()[:16]}"


class Service:
    """One validator's program, started when first asked and asked one request at a time
    (a lock keeps the threads of a run in turn). A program that ended (the Nu checker ends
    itself after answering about a page with errors) is started again for the next request."""

    def __init__(self, tool: str, command: Callable[[], list[str]],
                 env: Mapping[str, str] | None = None) -> None:
        self.tool = tool
        self._command = command
        self._env = env
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._buffer = b""
        self.starts = 0  # how many times the program was started

    def ask(self, fields: Sequence[str], timeout: float) -> list[str]:
        """Send one request; its answer's fields."""
        line = "\t".join(fields)
        if any(c in line for c in "\n\r") or any("\t" in field for field in fields):
            raise ToolError(f"{self.tool} cannot be asked about a path with a tab or a line "
                            f"break in it: {fields}", "rename the file or its folder")
        with self._lock:
            process = self._running()
            try:
                assert process.stdin is not None
                process.stdin.write(line.encode("utf-8") + b"\n")
                process.stdin.flush()
            except BrokenPipeError:
                raise ToolError(f"{self.tool} stopped: {self._tail()}") from None
            answer = self._answer(process, timeout)
            if answer[0] == "exit":
                self._reap()
            return answer

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._reap()
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the process)
        self._process = runner.start(self._command(), tool=self.tool, stderr=self._errors,
                                     env=self._env)
        self.starts += 1
        return self._process

    def _answer(self, process: subprocess.Popen[bytes], timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            fields = self._line(process, deadline, timeout).split("\t")
            if fields[0] in ANSWERS:  # other lines are the tool's own output
                return fields

    def _line(self, process: subprocess.Popen[bytes], deadline: float, timeout: float) -> str:
        assert process.stdout is not None
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready = select.select([process.stdout], [], [], left)[0] if left > 0 else []
            if not ready:
                self._kill()
                raise runner.TimedOut(f"{self.tool} took longer than {timeout:g} s and was "
                                      "stopped")
            chunk = os.read(process.stdout.fileno(), 1 << 16)
            if not chunk:
                tail = self._tail()
                self._reap()
                raise ToolError(f"{self.tool} stopped without an answer: {tail}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", "replace")

    def _tail(self, lines: int = 5) -> str:
        if self._errors is None:
            return "no output"
        self._errors.seek(0)
        text = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return " | ".join(text[-lines:]) or "no output"

    def _kill(self) -> None:
        if self._process is not None:
            _end(self._process)
        self._reap()

    def _reap(self) -> None:
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(STOP_SECONDS)
            _end(self._process)
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._errors is not None:
            self._errors.close()
        self._process, self._errors, self._buffer = None, None, b""

    def stop(self) -> None:
        """Close its input: the program finishes and ends (see `close`)."""
        if self._process is not None and self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()

    def close(self) -> None:
        """Let the program end (killing it if it does not), and clean up."""
        with self._lock:
            self.stop()
            self._reap()


def _end(process: subprocess.Popen[bytes]) -> None:
    """End a program that is still running: asked first (Node then closes the browser it
    started, which runs in a process group of its own), killed with its group after."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(TERM_SECONDS)
    if process.poll() is None:
        runner.kill_group(process)


def java(name: str, tool: str, jar: Callable[[], Path]) -> Service:
    """`tool` ("epubcheck" or "nu") served from `jar` by ToolServer in one Java process."""
    def command() -> list[str]:
        found = jar()
        classpath = os.pathsep.join(str(path) for path in (*unsigned_libraries(found), found,
                                                           compiled_launcher()))
        return [tools.java(), *JVM_OPTIONS, "-cp", classpath, "ToolServer", tool]
    return Service(name, command)


@functools.cache
def unsigned_libraries(jar: Path) -> tuple[Path, ...]:
    """Copies, without their signatures, of the signed jars on `jar`'s Class-Path, to go
    before it on the class path. Java checks each class of a signed jar against the signature
    as it loads it: for EPUBCheck's Saxon, about a tenth of the time EPUBCheck takes to start.
    The jars come from the same installed package either way."""
    copies = []
    for library in _class_path(jar):
        if _signed(library):
            copies.append(_unsigned_copy(library))
    return tuple(copies)


def _class_path(jar: Path) -> list[Path]:
    try:
        with zipfile.ZipFile(jar) as archive:
            manifest = archive.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    joined = manifest.replace("\r\n", "\n").replace("\n ", "")  # continuation lines
    for line in joined.splitlines():
        if line.startswith("Class-Path:"):
            return [jar.parent / entry for entry in line.split(":", 1)[1].split()]
    return []


def _signature(name: str) -> bool:
    folder, _, file = name.upper().rpartition("/")
    return folder == "META-INF" and file.endswith((".SF", ".RSA", ".DSA", ".EC"))


def _signed(jar: Path) -> bool:
    try:
        with zipfile.ZipFile(jar) as archive:
            return any(_signature(name) for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _unsigned_copy(jar: Path) -> Path:
    digest = hashlib.sha256(tools.identity(str(jar)).encode()).hexdigest()[:20]
    copy = cache_folder() / f"unsigned-{digest}" / jar.name
    if copy.is_file():
        return copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    temp = copy.with_name(f".{jar.name}.{os.getpid()}")
    with zipfile.ZipFile(jar) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if not _signature(info.filename):
                out.writestr(info, source.read(info))
    temp.replace(copy)
    return copy


def ace() -> Service:
    """Ace by DAISY served by ace-server.js in one Node process."""
    with fonts.private_fontconfig():  # Ace's browser sees the shipped fonts only, as axe's
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": tools.chromium_path(),
               "PUPPETEER_SKIP_DOWNLOAD": "1"}
    return Service("Ace by DAISY", lambda: [tools.node(), str(ACE_LAUNCHER),
                                            str(tools.node_modules())], env)


@functools.cache
def compiled_launcher() -> Path:
    """The folder of ToolServer.class, compiled once per launcher source and Java."""
    java_binary = tools.java()
    digest = hashlib.sha256(JAVA_LAUNCHER.read_bytes())
    digest.update(tools.identity(java_binary).encode())
    folder = cache_folder() / f"launcher-{digest.hexdigest()[:20]}"
    if (folder / "ToolServer.class").is_file():
        return folder
    temp = Path(tempfile.mkdtemp(prefix=".compiling-", dir=folder.parent))
    try:
        # The compiler through `java` itself: Debian's Java runtime carries the compiler
        # module even where the `javac` command (a JDK package) is not installed.
        done = runner.run([java_binary, "-m", "jdk.compiler/com.sun.tools.javac.Main",
                           "-nowarn", "-d", str(temp), str(JAVA_LAUNCHER)],
                          tool="the Java compiler", timeout=COMPILE_SECONDS)
        if done.returncode != 0 or not (temp / "ToolServer.class").is_file():
            raise ToolError(f"{JAVA_LAUNCHER} could not be compiled: {done.tail()}",
                            "install a full Java: `sudo apt-get install -y "
                            "default-jdk-headless`")
        with contextlib.suppress(OSError):  # another run may have put it there first
            temp.rename(folder)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return folder


def cache_folder() -> Path:
    """The user's cache folder for guidepress (XDG), or a private temporary one."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for folder in (Path(base) / "guidepress",
                   Path(tempfile.gettempdir()) / f"guidepress-{os.getuid()}"):
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.access(folder, os.W_OK):
                return folder
    raise ToolError("no folder to keep the compiled validator launcher in",
                    "set XDG_CACHE_HOME to a folder you can write to")
