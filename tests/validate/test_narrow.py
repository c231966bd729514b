"""At 320 CSS px the HTML page and the EPUB's chapter fit the screen whatever the font: the
table becomes labelled blocks yet stays a table with headers for assistive tech, and no word
is split."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from guidepress.validate import axe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.validators
# The shipped font (or the page's own stack), a wide one and a monospaced one.
FONTS = (None, "DejaVu Sans", "DejaVu Sans Mono")

_SPLIT_WORDS = """
() => {
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[\\p{L}\\p{N}\\u2019']+/gu)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.bottom)));
      if (lines.size > 1) split.push(word[0]);
    }
  }
  return split;
}
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with axe.browser() as browser:
        yield browser


@pytest.fixture(scope="module")
def pages(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(built["epub"]) as archive:
        archive.extractall(folder)
    return {"html": built["html"], "epub": folder / "EPUB" / "text" / "ch001.xhtml"}


def open_narrow(chromium: Browser, path: Path, font: str | None) -> Page:
    page = chromium.new_page(viewport={"width": axe.NARROW, "height": axe.HEIGHT})
    page.goto(path.resolve().as_uri(), wait_until="load")
    if font:
        page.add_style_tag(content=f"html, body, body * {{ font-family: '{font}' !important; }}")
    return page


def table_tree(page: Page) -> dict[str, Any]:
    """Roles in the accessibility tree under the table, and the cells' accessible names."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    roles: dict[str, int] = {}
    names: list[str] = []
    for node in nodes:
        role = node.get("role", {}).get("value", "")
        roles[role] = roles.get(role, 0) + 1
        if role == "cell":
            names.append(node.get("name", {}).get("value", ""))
    return {"roles": roles, "cells": names}


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("kind", ["html", "epub"])
def test_fits_320_px_with_any_font_and_splits_no_word(chromium: Browser,
                                                      pages: dict[str, Path], kind: str,
                                                      font: str | None) -> None:
    page = open_narrow(chromium, pages[kind], font)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= axe.NARROW, f"{kind} is {width} px wide with {font or 'its font'}"
        assert page.evaluate(_SPLIT_WORDS) == []
    finally:
        page.close()


@pytest.mark.parametrize("kind", ["html", "epub"])
def test_the_stacked_table_keeps_its_semantics(chromium: Browser, pages: dict[str, Path],
                                               kind: str) -> None:
    page = open_narrow(chromium, pages[kind], None)
    try:
        assert page.evaluate("getComputedStyle(document.querySelector('td')).display") == "block"
        labels = page.evaluate("[...document.querySelectorAll('td')].map(c => c.dataset.label)")
        assert labels == ["Setting", "Main aim", "What the work looks like"] * 4
        tree = table_tree(page)
        assert tree["roles"].get("table") == 1
        assert tree["roles"].get("columnheader") == 3
        assert tree["roles"].get("row") == 5
        # The label is drawn, not read: the cell's name is its own text only.
        assert tree["cells"][:3] == ["Academic", "Teaching, research and caring for patients",
                                     "Linked to a university or a medical school."]
    finally:
        page.close()
