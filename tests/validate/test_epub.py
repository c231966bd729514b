"""EPUB checkers, each shown to catch a deliberately broken book: EPUBCheck, Ace by DAISY, and
the project's own package checks (XML, navigation, reading order, hazards)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guidepress.formats import epub
from guidepress.validate import ace, epubcheck, epubpkg, expect

pytestmark = pytest.mark.validators
CHAPTER = "EPUB/text/ch001.xhtml"
OPF = "EPUB/content.opf"


def rewrite(path: Path, name: str, old: bytes, new: bytes) -> Path:
    """Replace `old` by `new` in one entry of the EPUB, keeping a valid zip layout."""
    entries = epub.read_entries(path.read_bytes())
    assert old in entries[name], f"{old!r} is not in {name}"
    entries[name] = entries[name].replace(old, new, 1)
    path.write_bytes(epub.write_entries(entries, dt.date(2026, 11, 25)))
    return path


def test_epubcheck_passes_the_built_book(outputs: dict[str, Path]) -> None:
    assert epubcheck.check(outputs["epub"]) == []


def test_epubcheck_catches_a_book_without_navigation(outputs: dict[str, Path]) -> None:
    book = rewrite(outputs["epub"], OPF, b' properties="nav"', b"")
    findings = epubcheck.check(book)
    assert findings, "EPUBCheck found nothing"
    assert any(f.rule.startswith("RSC-005 error") and "nav" in f.message for f in findings)
    assert all(f.where.startswith("EPUB/content.opf") for f in findings)


def test_epubcheck_catches_a_book_without_a_title(outputs: dict[str, Path]) -> None:
    book = rewrite(outputs["epub"], OPF,
                   b'<dc:title id="epub-title-1">Medical Oncology</dc:title>', b"")
    assert any("title" in f.message for f in epubcheck.check(book))


def test_ace_passes_the_built_book(outputs: dict[str, Path]) -> None:
    violations, report = ace.check(outputs["epub"])
    assert violations == []
    assert ace.images(report) and ace.images(report)[0]["alt"].startswith("Flow chart")


def test_ace_catches_missing_accessibility_metadata(outputs: dict[str, Path]) -> None:
    book = outputs["epub"]
    entries = epub.read_entries(book.read_bytes())
    opf = b"\n".join(line for line in entries[OPF].split(b"\n")
                     if b"schema:accessibilitySummary" not in line
                     and b"schema:accessMode\"" not in line)
    entries[OPF] = opf
    book.write_bytes(epub.write_entries(entries, dt.date(2026, 11, 25)))
    violations, _ = ace.check(book)
    rules = {f.rule.split(" ")[0] for f in violations}
    assert {"metadata-accessibilitysummary", "metadata-accessmode"} <= rules


def test_ace_catches_an_image_without_alt(outputs: dict[str, Path]) -> None:
    book = rewrite(outputs["epub"], CHAPTER, b' alt="Flow chart', b' data-alt="Flow chart')
    violations, _ = ace.check(book)
    (finding,) = [f for f in violations if f.rule.startswith("image-alt")]
    assert "ch001.xhtml" in finding.where and "1.1.1" in finding.criteria


def test_package_checks_pass_the_built_book(outputs: dict[str, Path],
                                            expected: expect.Expected) -> None:
    checks = epubpkg.check(epubpkg.read(outputs["epub"]), expected)
    assert [(c.id, c.findings) for c in checks] == [
        ("epub.xml", ()), ("epub.nav", ()), ("epub.reading-order", ()), ("epub.hazards", ())]


def test_a_document_that_is_not_xml_is_caught(outputs: dict[str, Path],
                                              expected: expect.Expected) -> None:
    book = rewrite(outputs["epub"], CHAPTER, b"</body>", b"<br></body>")
    package = epubpkg.read(book)
    (finding,) = list(epubpkg.xml_problems(package))
    assert finding.where.startswith(CHAPTER + ":") and "not well-formed" in finding.message


def test_a_missing_contents_entry_is_caught(outputs: dict[str, Path],
                                            expected: expect.Expected) -> None:
    book = rewrite(outputs["epub"], "EPUB/nav.xhtml", b">Key terms</a>", b">Glossary</a>")
    (finding,) = list(epubpkg.nav_problems(epubpkg.read(book), expected))
    assert "Key terms" in finding.message


def test_text_out_of_order_is_caught(outputs: dict[str, Path], expected: expect.Expected) -> None:
    entries = epub.read_entries(outputs["epub"].read_bytes())
    chapter = entries[CHAPTER].decode("utf-8")
    start = chapter.index('<section id="key-terms"')
    end = chapter.index("</section>", start) + len("</section>")
    moved = chapter[start:end]
    chapter = chapter[:start] + chapter[end:]
    first = chapter.index('<section id="in-short"')
    entries[CHAPTER] = (chapter[:first] + moved + chapter[first:]).encode("utf-8")
    outputs["epub"].write_bytes(epub.write_entries(entries, dt.date(2026, 11, 25)))
    text = epubpkg.reading_text(epubpkg.read(outputs["epub"]))
    problems = expect.find_in_order(text, expected.anchors)
    assert any("comes earlier" in problem for problem in problems)


def test_a_sound_or_animation_is_a_hazard(outputs: dict[str, Path]) -> None:
    book = rewrite(outputs["epub"], CHAPTER, b"</body>",
                   b'<audio src="../media/file0.svg"></audio></body>')
    rewrite(book, "EPUB/media/file0.svg", b"</svg>",
            b'<animate attributeName="x" dur="1s"/></svg>')
    found = {f.where: f.message for f in epubpkg.hazard_problems(epubpkg.read(book))}
    assert "audio" in found[CHAPTER] and "animate" in found["EPUB/media/file0.svg"]
