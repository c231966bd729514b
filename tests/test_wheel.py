"""The package as users install it: a wheel built from this checkout, installed (not
editable) into a new virtual environment, builds a guide in a folder of its own, with the
templates, data and fonts the wheel brings, into the same bytes as the checkout."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SOURCE


def run(*command: str | Path, cwd: Path | None = None, timeout: float = 900
        ) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    made = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
               folder, ROOT)
    assert made.returncode == 0, made.stderr
    (found,) = folder.glob("guidepress-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `guidepress` command of a new virtual environment that has only the wheel and
    what it depends on."""
    venv = tmp_path_factory.mktemp("venv")
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    done = run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    assert done.returncode == 0, done.stderr
    return venv / "bin" / "guidepress"


def test_the_wheel_holds_the_package_its_templates_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "guidepress/templates/pdf/handout.css" in names
    assert "guidepress/templates/docx/reference.docx" in names
    assert "guidepress/data/plain-words.tsv" in names
    assert not any(name.startswith("pipeline/") for name in names)
    templates = {p.relative_to(ROOT / "templates").as_posix()
                 for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert {n.removeprefix("guidepress/templates/") for n in names
            if n.startswith("guidepress/templates/")} == templates


def test_the_installed_wheel_builds_a_guide_folder_like_the_checkout(
        installed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "office-guides"
    shutil.copytree(SOURCE, folder / "source")
    done = run(installed, "build", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    mine = tmp_path / "checkout"
    here = run(Path(sys.executable).parent / "guidepress", "build", "--source", SOURCE,
               "--out", mine)
    assert here.returncode == 0, here.stderr
    made = folder / "output" / "medical-oncology"
    names = sorted(path.name for path in made.iterdir())
    assert len(names) >= 6
    _, mismatch, errors = filecmp.cmpfiles(made, mine / "medical-oncology", names,
                                               shallow=False)
    assert (mismatch, errors) == ([], []), "the wheel's outputs differ from the checkout's"
    assert (folder / "output" / "index.html").is_file()
    listed = run(installed, "formats", cwd=folder)
    assert listed.returncode == 0 and "pdf: Printable handout" in listed.stdout
