"""The words the editions add, in the guide's language, and right-to-left layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guidepress.formats import pdf, phrases
from guidepress.formats.base import RenderContext
from guidepress.formats.epub import rewrite_package
from guidepress.formats.epubclaims import Claims
from guidepress.formats.html import HtmlFormat
from guidepress.read import document, source

DAY = dt.date(2026, 3, 1)
BODY = "\n## Part\n\nText with a note.[^1]\n\n[^1]: The note.\n"


def guide(tmp_path: Path, lang: str) -> document.Document:
    path = tmp_path / "guide.md"
    path.write_text(f"---\ntitle: T\nlang: {lang}\ndescription: A guide.\nupdated: 2026-03-01\n"
                    f"publisher: P\n---\n{BODY}", "utf-8")
    return document.build(source.load(path))


@pytest.mark.parametrize(("lang", "date"), [
    ("en-US", "March 1, 2026"), ("en-GB", "1 March 2026"), ("es", "1 de marzo de 2026"),
    ("de", "1. März 2026"), ("fr", "1er mars 2026"), ("ar", "1 مارس 2026"),
    ("pt-BR", "March 1, 2026")])
def test_dates_as_each_language_writes_them(lang: str, date: str) -> None:
    assert phrases.long_date(DAY, lang) == date


def test_a_language_without_a_table_falls_back_to_english_phrase_by_phrase() -> None:
    assert phrases.phrase("pt", "notes") == "Notes"
    assert phrases.phrase("es-MX", "notes") == "Notas"
    assert phrases.phrase("en-GB", "notes") == "Notes"  # en-gb has only what differs


def test_right_to_left_languages() -> None:
    assert [phrases.direction(lang) for lang in ("ar", "ar-EG", "he", "fa-IR", "en", "es")] == [
        "rtl", "rtl", "rtl", "rtl", "ltr", "ltr"]


def test_page_margins_speak_the_language_and_swap_sides() -> None:
    css = phrases.page_margin_css("ar")
    assert '@bottom-left { content: "صفحة " counter(page) " من " counter(pages); }' in css
    assert "@top-right { content: string(guide-title); }" in css
    assert '"Stand: " string(updated)' in phrases.page_margin_css("de")
    assert phrases.css_string('a"</style>') == '"a\\"\\3c /style\\3e "'


@pytest.mark.parametrize(("lang", "words", "direction"), [
    ("es", ("Saltar al contenido principal",
            'Actualizado el <time datetime="2026-03-01">1 de marzo de 2026</time>',
            "Publicado por P.", 'aria-label="Notas"', 'aria-label="Nota 1"'), "ltr"),
    ("ar", ("انتقل إلى المحتوى الرئيسي", "نشره P.", 'aria-label="ملاحظات"'), "rtl"),
])
def test_the_web_page_speaks_the_guides_language(tmp_path: Path, lang: str,
                                                  words: tuple[str, ...], direction: str) -> None:
    page = HtmlFormat().render(guide(tmp_path, lang), RenderContext()).decode("utf-8")
    assert f'<html lang="{lang}" dir="{direction}">' in page
    for word in words:
        assert word in page
    for english in ("Skip to main content", "Current as of", "Published by", "Notes"):
        assert english not in page


def test_the_epub_turns_pages_the_way_the_language_reads() -> None:
    package = (b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf">'
               b'<metadata/><spine toc="ncx"/></package>')
    claims = Claims((), (), (), (), None, "", "")
    rewritten = rewrite_package(package, DAY, claims, "rtl")
    assert b'<spine toc="ncx" page-progression-direction="rtl"/>' in rewritten


def test_the_handout_prints_only_addresses_the_link_text_does_not_show() -> None:
    body = ('<p><a href="mailto:a@example.org">a@example.org</a> '
            '<a href="mailto:a@example.org">the editor</a> '
            '<a href="https://example.org/">https://example.org/</a> '
            '<a href="https://example.org/x">a page</a> <a href="#part">part</a></p>')
    marked = pdf.print_addresses(body)
    assert marked.count("data-print") == 2
    assert 'data-print="a@example.org">the editor' in marked
    assert 'data-print="https://example.org/x">a page' in marked
    assert "mailto:a@example.org\"" not in marked.split("data-print")[1]
