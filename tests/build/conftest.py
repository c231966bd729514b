"""A small project in a temporary folder: a few short guides, the images, and a private copy
of the templates (tests change templates; the real ones are shared)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from guidepress import build as core
from guidepress.settings import BUILTIN_TEMPLATES, Settings

from ..conftest import SOURCE

GUIDEPRESS = Path(sys.executable).parent / "guidepress"
LOCK = ".guidepress.lock"

GUIDE = """---
title: {title}
lang: en-US
description: A short guide used by the build tests.
updated: 2026-11-25
---

## In short

{words} This guide is short. It has one part.
"""

PICTURE = """
## The picture

![The steps of training](images/training-path.svg){alt="Four boxes in a row."}

The picture shows the steps:

- College: usually 4 years.
- Medical school: 4 years.
- Residency in internal medicine: 3 years.
- Fellowship: 2 or 3 years.
- Board certification.
- Practice: work as a cancer doctor.
"""


def guide_text(title: str, words: str = "Hello.", picture: bool = False) -> str:
    return GUIDE.format(title=title, words=words) + (PICTURE if picture else "")


@dataclass
class Lines:
    """A Report that keeps every line, by kind."""

    said: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def info(self, text: str) -> None:
        self.said.append(text)

    def detail(self, text: str) -> None:
        self.details.append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def progress(self, done: int, total: int) -> None:
        pass


@dataclass
class Project:
    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def out(self) -> Path:
        return self.root / "output"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def settings(self, **changes: object) -> Settings:
        values: dict[str, object] = {"formats": ("html", "txt"), "source_dir": self.source,
                                     "out_dir": self.out, "templates_dir": self.templates}
        values.update(changes)
        return Settings(**values)  # type: ignore[arg-type]

    def build(self, *names: str, lines: Lines | None = None, **changes: object) -> core.Summary:
        report = lines or Lines()
        if changes.pop("dry_run", False):
            return core.explain(names, self.settings(**changes), report)
        return core.build(names, self.settings(**changes), report)

    def write(self, slug: str, text: str) -> Path:
        path = self.source / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        return path

    def outputs(self) -> dict[str, bytes]:
        """Every output file (not the manifest or lock), by path relative to the folder."""
        return {p.relative_to(self.out).as_posix(): p.read_bytes()
                for p in sorted(self.out.rglob("*"))
                if p.is_file() and not p.name.startswith(".guidepress")}

    def stamps(self) -> dict[str, int]:
        """When each file was last written, the manifest included (not the lock file)."""
        return {p.relative_to(self.out).as_posix(): p.stat().st_mtime_ns
                for p in sorted(self.out.rglob("*")) if p.is_file() and p.name != LOCK}

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`guidepress ARGS --source ... --out ...`, run in the project folder."""
        return self.run(*args, *self.folders(), timeout=timeout)

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(GUIDEPRESS), *args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root, env=cli_env())

    def folders(self) -> list[str]:
        return ["--source", str(self.source), "--out", str(self.out)]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CI", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def built(summary: core.Summary) -> set[str]:
    """`guide.format` of every output a build wrote."""
    return {f"{a.guide}.{a.format}" if a.guide else a.path.rsplit("/", 1)[-1]
            for a in summary.written}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Three guides: alpha and beta are text only, gamma shows the training-path image."""
    shutil.copytree(SOURCE / "images", tmp_path / "source" / "images")
    shutil.copytree(BUILTIN_TEMPLATES, tmp_path / "templates")
    made = Project(tmp_path)
    made.write("alpha", guide_text("Alpha"))
    made.write("beta", guide_text("Beta"))
    made.write("gamma", guide_text("Gamma", picture=True))
    yield made
