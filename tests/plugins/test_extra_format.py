"""A format and a validator from another installed package (`site/`, found through its entry
points like any distribution's) are built, listed, recorded, chosen and validated, without a
change to guidepress itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import MINIMAL

SITE = Path(__file__).resolve().parent / "site"
GUIDEPRESS = Path(sys.executable).parent / "guidepress"


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SITE)}
    return subprocess.run([str(GUIDEPRESS), *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "short-guide.md").write_text(MINIMAL, encoding="utf-8")
    return tmp_path


def test_the_extra_format_is_listed_chosen_built_recorded_and_catalogued(folder: Path) -> None:
    listed = run(folder, "formats")
    assert listed.returncode == 0, listed.stderr
    assert ("words: Word count (word count), <slug>/<slug>.words.txt "
            "(from guidepress-wordcount); checked by word-count (from guidepress-wordcount)"
            ) in listed.stdout
    assert "words" in run(folder, "build", "--help").stdout

    done = run(folder, "build", "--format", "words", "--format", "txt")
    assert done.returncode == 0, done.stderr
    out = folder / "output"
    assert re.fullmatch(r"Test Guide: \d+ words\n",
                        (out / "short-guide" / "short-guide.words.txt").read_text())
    recorded = json.loads((out / ".guidepress-manifest.json").read_text())
    assert set(recorded["guides"]["short-guide"]["outputs"]) == {"words", "txt"}
    catalogue = (out / "index.html").read_text()
    assert 'href="short-guide/short-guide.words.txt" type="text/plain">Word count' in catalogue

    again = run(folder, "build", "--format", "words", "--explain")
    assert "Nothing to build" in again.stdout


def test_without_the_package_the_format_is_unknown(folder: Path) -> None:
    plain = subprocess.run([str(GUIDEPRESS), "build", "--format", "words"], cwd=folder,
                           capture_output=True, text=True, timeout=120, check=False)
    assert plain.returncode == 2
    assert "unknown format 'words'" in plain.stderr


@pytest.mark.validators
def test_the_extra_format_is_validated_by_its_own_validator(folder: Path) -> None:
    assert run(folder, "build").returncode == 0
    checked = run(folder, "validate")
    report = json.loads((folder / "output" / "short-guide" / "conformance.json").read_text())
    results = {check["id"]: check["result"] for check in report["checks"]}
    assert results["words.count"] == "pass", checked.stdout
    assert checked.returncode == 0, checked.stdout

    (folder / "output" / "short-guide" / "short-guide.words.txt").write_text("nothing\n")
    failed = run(folder, "validate")
    assert failed.returncode == 1
    assert "words.count: The file says how many words" in failed.stdout


def test_a_second_package_with_the_same_format_name_is_refused(folder: Path,
                                                                tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(SITE, twin)
    info = twin / "guidepress_wordcount-1.0.dist-info"
    info.rename(twin / "guidepress_wordcount_twin-1.0.dist-info")
    metadata = twin / "guidepress_wordcount_twin-1.0.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("guidepress-wordcount",
                                                     "guidepress-wordcount-twin"))
    env = {**os.environ, "PYTHONPATH": f"{SITE}{os.pathsep}{twin}"}
    done = subprocess.run([str(GUIDEPRESS), "build"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 3
    assert "the format 'words' is registered twice" in done.stderr
    assert "Traceback" not in done.stderr
