"""The fork server starts before the build loads when the build will surely render, and only
then; the server it starts loads what the chosen formats want."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidepress import contained, prestart
from guidepress.settings import Settings

from .conftest import Project, guide_text


def _started(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> list[tuple[str, ...]]:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setenv(prestart.FORMATS, "")  # put back as it was after the test
    monkeypatch.setattr(contained, "start_server", lambda preload, starting: calls.append(
        preload))
    prestart.start_if_cold(settings)
    return calls


def test_a_first_build_or_force_starts_the_server_early(project: Project,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project.write("hello", guide_text("Hello"))
    assert _started(monkeypatch, project.settings(formats=("txt",))) == [
        ("guidepress.build.preload",)]
    assert os.environ[prestart.FORMATS] == "txt"
    project.build()
    assert _started(monkeypatch, project.settings()) == []  # the plan decides
    assert _started(monkeypatch, project.settings(force=True)) == [
        ("guidepress.build.preload",)]


def test_nothing_to_build_starts_nothing(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    settings = Settings(source_dir=tmp_path / "source", out_dir=tmp_path / "output")
    assert _started(monkeypatch, settings) == []


@pytest.mark.parametrize(("named", "loaded"), [("txt", False), ("", True), ("pdf", True)])
def test_the_server_loads_what_the_named_formats_want(named: str, loaded: bool) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, guidepress.build.preload; "
         "print('weasyprint' in sys.modules)"],
        capture_output=True, text=True, check=True, env={**os.environ, prestart.FORMATS: named})
    assert done.stdout.strip() == str(loaded)
