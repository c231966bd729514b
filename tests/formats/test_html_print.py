"""The web page printed from Chromium (print preview, or Save as PDF): no links that only work
on screen, and no heading left alone at the bottom of a page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pdfplumber
import pytest

from guidepress.validate import axe

from ..conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.validators
CSS = ROOT / "templates" / "html" / "page.css"
HEADING = "Key terms"  # short enough for one line
# A small page, so that a sweep of the space above the heading covers a whole page quickly.
PAPER = {"width": "4in", "height": "3in", "margin": {"top": "0.3in", "bottom": "0.3in",
                                                      "left": "0.3in", "right": "0.3in"}}
PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Probe</title>
<style>{css}</style></head><body><main><p>Opening words.</p><div style="height: {gap}px"></div>
<h2>{heading}</h2><p>{words}</p></main></body></html>"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with axe.browser() as browser:
        yield browser


def pages_of(pdf: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(page.extract_text() or "").strip().split("\n") for page in document.pages]


def stranded(chromium: Browser, css: str) -> list[int]:
    """The heights of space above the heading, swept over a page, that leave it last on a
    page (printed in a dark screen scheme, the harder case)."""
    words = " ".join(["Words that follow the heading and fill a few lines of the page."] * 6)
    found = []
    page = chromium.new_page(color_scheme="dark")
    try:
        for gap in range(0, 240, 12):
            page.set_content(PROBE.format(css=css, gap=gap, heading=HEADING, words=words))
            if any(lines[-1] == HEADING for lines in pages_of(page.pdf(**PAPER))):
                found.append(gap)
    finally:
        page.close()
    return found


def test_no_heading_is_left_at_the_bottom_of_a_page(chromium: Browser) -> None:
    css = CSS.read_text(encoding="utf-8")
    assert stranded(chromium, css) == []
    # The probe finds stranded headings when the print style sheet's rules are left out.
    screen_only = re.sub(r"@media print \{.*\}\s*$", "", css, flags=re.S)
    assert screen_only != css and stranded(chromium, screen_only)


def test_back_links_do_not_print_but_the_note_does(chromium: Browser,
                                                  built: dict[str, Path]) -> None:
    page = chromium.new_page(color_scheme="dark")
    try:
        page.goto(built["html"].resolve().as_uri(), wait_until="load")
        pages = pages_of(page.pdf(format="Letter"))
    finally:
        page.close()
    text = "\n".join(line for lines in pages for line in lines)
    assert "\u21a9" not in text and "Back" not in text.split()
    # (how close "[1]" sits to the full stop depends on the font's spacing, not on print)
    assert "Program lengths can vary." in text and re.search(r"high school\. ?\[1\]", text)
    assert "Skip to" not in text
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] not in {"Key terms", "Where to learn more", "The training path"}, number
