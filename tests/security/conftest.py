"""Running one hostile guide through the real build, watching what it opens and connects to.

A run happens in a fresh folder: `source/` (the case's files), `outside/` beside it (a secret
file the guide must never reach) and `output/`. Before the hostile guide, a good guide with the
same name is built, so a failed build can be seen to leave the last good outputs alone.

A guide is read, checked and rendered in a worker process; `guidepress_worker_audit` is loaded
into each worker, so what the workers touch is recorded too, not only what this process does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from guidepress.build import build as build_guides
from guidepress.build import workers
from guidepress.cli import main
from guidepress.errors import GuidepressError
from guidepress.settings import Settings

from .scan import SECRET, scan

# The workers load the audit hook by this top-level name: textstat installs a package named
# `tests`, which would hide this one from a fork server started in another folder.
sys.path.insert(0, str(Path(__file__).parent))
from guidepress_worker_audit import LOG as WORKER_LOG

GOOD = """---
title: Hand Washing
lang: en-US
description: A short guide to washing your hands.
updated: 2026-11-25
---
Wash your hands often.

## Soap

Use soap and warm water. Read [the hand washing page](https://example.org/hands).
"""
ALL_FORMATS = ("html", "pdf", "epub", "txt")


@dataclass
class Problems:
    """A build Report that keeps the error and warning lines, in order."""

    lines: list[str] = field(default_factory=list)

    def info(self, text: str) -> None:
        pass

    def detail(self, text: str) -> None:
        pass

    def problem(self, text: str) -> None:
        self.lines.append(text)

    def progress(self, done: int, total: int) -> None:
        pass


@dataclass
class Outcome:
    exit_code: int
    problems: list[str]
    outputs: dict[str, bytes]  # file name -> bytes, in output/guide/
    before: dict[str, bytes]  # the same, after the good build
    leaks: list[str]  # what the scanner found in all of output/
    touched: list[str]  # files outside source/ opened, connections made, programs run
    audited: bool  # the workers' audit hook saw them read the guide (so it was on)

    def text(self) -> str:
        return f"exit {self.exit_code}\n" + "".join(line + "\n" for line in self.problems)


class Audit:
    """Records, while on, the files Python opens, the sockets it uses and the programs it runs
    (sys.addaudithook; a hook cannot be removed, so one is added per session)."""

    def __init__(self) -> None:
        self.on = False
        self.events: list[tuple[str, Any]] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if self.on and (event == "open" or event.startswith(("socket.", "subprocess.",
                                                                 "urllib."))):
            if _local_socket(args):
                return  # the build talking to its own fork server, on this machine
            self.events.append((event, args))

    def touched(self, outside: Path, folder: Path) -> list[str]:
        found = []
        for event, args in [*self.events, *worker_events(folder)]:
            if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
                path = Path(os.fsdecode(args[0]))
                if path.resolve().is_relative_to(outside.resolve()):
                    found.append(f"opened {path}")
            elif event == "urllib.Request" and str(args[0]).startswith("data:"):
                continue  # WeasyPrint reads the images the build embedded through urllib
            elif event.startswith(("socket.", "urllib.")):
                found.append(f"{event} {args!r:.80}")
            elif event == "subprocess.Popen" and not _allowed_program(args):
                found.append(f"ran {args!r:.120}")
        return found


def _local_socket(args: tuple[Any, ...]) -> bool:
    """A Unix socket: `socket.__new__` names its family second, other events carry it made."""
    if not args or not isinstance(args[0], socket.socket):
        return False
    if len(args) > 1 and isinstance(args[1], int):
        return args[1] == socket.AF_UNIX
    return bool(args[0].family == socket.AF_UNIX)


def _allowed_program(args: tuple[Any, ...]) -> bool:
    executable = Path(os.fsdecode(args[0])).name
    # pypandoc, looking for pandoc the first time in a process, tries `pandoc.exe` too
    return executable in ("pandoc", "pandoc.exe") or Path(os.fsdecode(args[0])) == Path(
        sys.executable)


def worker_events(folder: Path) -> list[tuple[str, Any]]:
    """What the build's workers recorded in `folder` (guidepress_worker_audit.py), as audit
    events."""
    log = folder / WORKER_LOG
    if not log.exists():
        return []
    found = []
    for line in log.read_text("utf-8").splitlines():
        entry = json.loads(line)
        found.append((entry["event"], (entry["first"], entry["args"])))
    return found


@pytest.fixture(scope="session")
def audit() -> Audit:
    """The session's audit hook (this process: planning and publishing; the workers record
    theirs through worker_audit)."""
    hook = Audit()
    sys.addaudithook(hook)
    return hook


@pytest.fixture
def audited_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the audit hook into every worker the build starts (after the formats' modules, so
    what WeasyPrint does once when it loads is not recorded)."""
    wanted = workers.preload
    monkeypatch.setattr(workers, "preload",
                        lambda jobs: (*wanted(jobs), "guidepress_worker_audit"))


Setup = Callable[[Path, Path], None]


@pytest.fixture
def run_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audit: Audit,
             audited_workers: None) -> Callable[[Path | None, Setup | None], Outcome]:
    """Build the files of `case` (a corpus folder, or None) after `setup(source, outside)`."""

    def run(case: Path | None, setup: Setup | None = None) -> Outcome:
        source, outside = tmp_path / "source", tmp_path / "outside"
        source.mkdir()
        outside.mkdir()
        (outside / "secret.txt").write_text(SECRET + "\n", "utf-8")
        (outside / "secret.md").write_text(GOOD + SECRET + "\n", "utf-8")
        monkeypatch.chdir(tmp_path)
        (source / "guide.md").write_text(GOOD, "utf-8")
        first = build(("html", "txt"))
        assert first[0] == 0, first[1]
        before = _files(tmp_path / "output" / "guide")
        if case is not None:
            shutil.copytree(case, source, symlinks=True, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("expected.txt"))
        if setup is not None:
            setup(source, outside)
        audit.events.clear()
        (tmp_path / WORKER_LOG).write_bytes(b"")
        audit.on = True
        try:
            code, problems = build(ALL_FORMATS)
        finally:
            audit.on = False
        guide = str((source / "guide.md").resolve())
        audited = any(event == "open" and args[0] == guide
                      for event, args in worker_events(tmp_path))
        return Outcome(code, problems, _files(tmp_path / "output" / "guide"), before,
                       scan(tmp_path / "output"), audit.touched(outside, tmp_path), audited)

    return run


def build(formats: tuple[str, ...]) -> tuple[int, list[str]]:
    """`guidepress build` through its core, in one process, as a user would run it here."""
    report = Problems()
    settings = Settings(formats=formats, source_dir=Path("source"), out_dir=Path("output"),
                        jobs=1)
    try:
        summary = build_guides((), settings, report)
    except GuidepressError as error:
        return error.exit_code, [*report.lines, f"error: {error}"]
    return summary.exit_code, report.lines


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def cases(root: Path) -> Iterator[Path]:
    return (path for path in sorted(root.iterdir()) if path.is_dir())


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str]]:
    """`guidepress ARGS...` through Click: (exit status, everything it printed)."""

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, list(args))
        return result.exit_code, result.output

    return run


@pytest.fixture
def update_golden() -> bool:
    """True when expected outcomes should be rewritten (for review): GUIDEPRESS_UPDATE_GOLDEN=1."""
    return os.environ.get("GUIDEPRESS_UPDATE_GOLDEN") == "1"


def compare_golden(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, "utf-8")
    assert path.read_text("utf-8") == actual, f"{path} differs (GUIDEPRESS_UPDATE_GOLDEN=1 updates)"
