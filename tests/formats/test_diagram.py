"""The training-path diagram as readers meet it: it follows the page's colour scheme on screen,
stays light on paper and in Word, and its labels stay readable on a 320 px phone screen."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from guidepress.formats import figures, raster
from guidepress.formats.described import svg_labels, words
from guidepress.read.assets import Asset
from guidepress.validate import axe

from ..conftest import SOURCE

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SVG = SOURCE / "images" / "training-path.svg"
# The project's floor for diagram labels (9 pt on paper), in CSS px.
READABLE_PX = figures.MIN_LABEL_PT / figures.PT_PER_PX
DARK_BACKGROUND = (0x16, 0x16, 0x16)  # the web page's dark background


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with axe.browser() as browser:
        yield browser


def corner(png: bytes) -> tuple[int, ...]:
    """The colour just inside the drawing's top-left corner (its background)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return tuple(image.getpixel((2, 2)))


def is_light(colour: tuple[int, ...]) -> bool:
    return min(colour) > 0xF0


def shot(chromium: Browser, html: Path, scheme: str, width: int = 1280,
         media: str = "screen") -> tuple[bytes, float]:
    """A screenshot of the diagram as Chromium shows it, and its width on the page."""
    page = chromium.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media=media, color_scheme=scheme)  # type: ignore[arg-type]
        image = page.locator("figure img").first
        box = image.bounding_box()
        assert box is not None
        return image.screenshot(), box["width"]
    finally:
        page.close()


@pytest.mark.validators
def test_the_diagram_follows_the_colour_scheme_on_screen(chromium: Browser,
                                                        built: dict[str, Path]) -> None:
    light, _ = shot(chromium, built["html"], "light")
    dark, _ = shot(chromium, built["html"], "dark")
    assert is_light(corner(light))
    assert corner(dark) == DARK_BACKGROUND


@pytest.mark.validators
def test_the_diagram_prints_light_from_a_dark_screen(chromium: Browser,
                                                     built: dict[str, Path]) -> None:
    printed, _ = shot(chromium, built["html"], "dark", media="print")
    assert is_light(corner(printed))


@pytest.mark.validators
def test_labels_are_readable_on_a_320_px_screen(chromium: Browser,
                                                built: dict[str, Path]) -> None:
    _, shown = shot(chromium, built["html"], "light", width=axe.NARROW)
    natural = figures.natural_width_px(asset())
    smallest = figures.smallest_label_px(SVG.read_bytes())
    assert natural is not None and smallest is not None
    assert shown < natural  # narrowed to the phone's column...
    assert smallest * shown / natural >= READABLE_PX  # ...yet every label is 12 px or more


def asset() -> Asset:
    return Asset(SVG, "images/training-path.svg", "image/svg+xml", SVG.read_bytes())


def test_word_and_the_handout_get_the_light_drawing(built: dict[str, Path],
                                                   tmp_path: Path) -> None:
    assert is_light(corner(raster.svg_to_png(SVG.read_bytes())))
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(built["pdf"]), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    # every page of the handout is mostly white paper: no dark block where the diagram is
    for page in pages:
        counts = Image.open(page).convert("L").histogram()  # pixels of each grey level
        assert sum(counts[:64]) / sum(counts) < 0.05, page.name


def test_the_text_after_the_diagram_gives_every_label(built: dict[str, Path]) -> None:
    """What lets the text edition say the figure once (see formats/described.py)."""
    labels = words(" ".join(svg_labels(SVG.read_bytes())))
    guide = (SOURCE / "medical-oncology.md").read_text(encoding="utf-8")
    after = guide[guide.index("](images/training-path.svg)"):guide.index("## Key terms")]
    assert labels and labels <= words(after)
