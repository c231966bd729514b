"""Fixtures for the validator tests: copies of the real Medical Oncology outputs to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.read.document import Document
from guidepress.validate import expect

SLUG = "medical-oncology"


@pytest.fixture(scope="session")
def expected(oncology: Document) -> expect.Expected:
    return expect.expected(oncology)


@pytest.fixture
def outputs(built: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """A private copy of every built output, and of the manifest that records them, free to
    break."""
    folder = tmp_path / "output" / SLUG
    folder.mkdir(parents=True)
    manifest = built["html"].parent.parent / ".guidepress-manifest.json"
    shutil.copy2(manifest, folder.parent / manifest.name)
    return {fmt: Path(shutil.copy2(path, folder / path.name)) for fmt, path in built.items()}


@pytest.fixture
def edit_text() -> Callable[[Path, str, str], Path]:
    """Replace `old` by `new` (exactly once) in a text file."""

    def edit(path: Path, old: str, new: str) -> Path:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} is not in {path.name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit
