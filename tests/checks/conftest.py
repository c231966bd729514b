"""Shared helpers for the checks tests: build a real Document (real pandoc) from a file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from guidepress import clock
from guidepress.read import document, source
from guidepress.read.document import Document

RULES_DIR = Path(__file__).parent / "rules"
# The day the checks tests take as today (rules such as M008 judge dates against it).
TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[dt.date]:
    with clock.frozen(TODAY) as day:
        yield day


def build(path: Path) -> Document:
    built = document.build(source.load(path))
    # An extra input beside NAME.md: warnings pandoc's reader would have given (M001), one a
    # line, in NAME.warnings.txt. pandoc's CommonMark reader gives hardly any of its own.
    extra = path.with_suffix(".warnings.txt")
    if extra.is_file():
        built.warnings = tuple(extra.read_text("utf-8").splitlines())
    return built


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files should be rewritten: `--update-golden` (when the project's root
    conftest defines it) or GUIDEPRESS_UPDATE_GOLDEN=1."""
    try:
        option = bool(request.config.getoption("--update-golden"))
    except ValueError:
        option = False
    return option or os.environ.get("GUIDEPRESS_UPDATE_GOLDEN") == "1"


def compare_golden(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, "utf-8")
    assert path.read_text("utf-8") == actual, f"{path} differs (GUIDEPRESS_UPDATE_GOLDEN=1 updates)"
