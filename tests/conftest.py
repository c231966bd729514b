"""Shared fixtures: the real Medical Oncology guide built once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from guidepress import formats
from guidepress.build import build
from guidepress.read import document, source
from guidepress.settings import Settings

if TYPE_CHECKING:
    from .pdfguides import Tagged

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
GUIDE = SOURCE / "medical-oncology.md"

MINIMAL = """---
title: Test Guide
lang: en-US
description: A guide used by the tests.
updated: 2026-11-25
---
Opening words.

## First part

Some text with a [useful link](https://example.org/page).
"""


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format of the Medical Oncology guide, built by the real pipeline."""
    out = tmp_path_factory.mktemp("output")
    summary = build(("medical-oncology",), Settings(source_dir=SOURCE, out_dir=out),
                         echo=lambda line: None)
    assert summary.built == ["medical-oncology"], summary
    folder = out / "medical-oncology"
    return {fmt.name: folder / fmt.filename("medical-oncology") for fmt in formats.registry()}


@pytest.fixture(scope="session")
def oncology() -> document.Document:
    return document.build(source.load(GUIDE))


@pytest.fixture
def make_source(tmp_path: Path) -> Callable[..., Path]:
    """A source folder in tmp_path with one guide written from `text` (and the images)."""

    def make(text: str = MINIMAL, name: str = "test-guide.md") -> Path:
        folder = tmp_path / "source"
        if not folder.exists():
            shutil.copytree(SOURCE / "images", folder / "images")
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture(scope="session")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Tagged]:
    """Handouts of tests/pdfguides.py's guides (and Medical Oncology), rendered once each per
    set of tag fixes left out: `tagged("long-table", {"page-splits"})`."""
    from .pdfguides import render

    folder = tmp_path_factory.mktemp("tagged")
    done: dict[tuple[str, frozenset[str]], Tagged] = {}

    def get(name: str, skip: frozenset[str] | set[str] = frozenset()) -> Tagged:
        key = (name, frozenset(skip))
        if key not in done:
            done[key] = render(name, folder, key[1])
        return done[key]

    return get
