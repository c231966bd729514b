"""The import package is `guidepress`, importable from any folder; nothing installs a
top-level `pipeline`; and no module of the package's top level is named like a module of the
standard library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import guidepress

PACKAGE = Path(guidepress.__file__).resolve().parent


def python(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                          text=True, timeout=60, check=False)


def test_guidepress_imports_from_any_folder_and_pipeline_does_not(tmp_path: Path) -> None:
    done = python("import guidepress.cli, guidepress; print(guidepress.__version__)", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == guidepress.__version__
    missing = python("import pipeline", tmp_path)
    assert missing.returncode == 1
    assert "No module named 'pipeline'" in missing.stderr


def test_no_top_level_module_shadows_the_standard_library() -> None:
    names = {path.stem for path in PACKAGE.glob("*.py")}
    names |= {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert names & sys.stdlib_module_names == set()


def test_the_subpackages_import_downwards_only() -> None:
    """read <- checks <- formats <- outdir <- build <- preview, and validate: a layer never
    imports one above it (a module may import a later layer only lazily, inside a function)."""
    layers = ["read", "checks", "formats", "outdir", "validate", "build", "preview"]
    for layer, folder in enumerate(layers):
        above = layers[layer + 1:]
        for path in (PACKAGE / folder).glob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith(("from guidepress.", "import guidepress.")):
                    target = line.split()[1].split(".")[1]
                    assert target not in above, f"{path.name}: {line}"
