"""The HTML page: one file, landmarks, one h1, table and figure semantics, no script."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from guidepress.read.document import Document


def page(built: dict[str, Path]) -> html.HtmlElement:
    return html.fromstring(built["html"].read_bytes())


def test_document_metadata(built: dict[str, Path]) -> None:
    root = page(built)
    assert root.get("lang") == "en-US"
    assert root.findtext(".//title").startswith("Medical Oncology")
    description = root.xpath("//meta[@name='description']/@content")
    assert description and description[0].endswith(".")


def test_exactly_one_h1_and_the_source_headings_in_order(
    built: dict[str, Path], oncology: Document
) -> None:
    root = page(built)
    assert [h.text_content() for h in root.iter("h1")] == ["Medical Oncology"]
    headings = root.xpath("//main//*[self::h2 or self::h3]")
    found = [(int(h.tag[1]), h.text_content()) for h in headings]
    assert found == [(h.level, h.text) for h in oncology.headings]


def test_landmarks_and_skip_link(built: dict[str, Path]) -> None:
    root = page(built)
    for landmark in ("header", "nav", "main", "footer"):
        assert len(root.findall(f".//{landmark}")) == 1, landmark
    skip = root.xpath("//body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#main"
    assert root.xpath("//main/@id") == ["main"]
    toc = [a.get("href") for a in root.xpath("//nav//a")]
    ids = set(root.xpath("//main//h2/@id"))
    assert toc and {href.lstrip("#") for href in toc} == ids


def test_tables_have_captions_and_scoped_headers(built: dict[str, Path]) -> None:
    root = page(built)
    tables = root.findall(".//table")
    assert tables
    for table in tables:
        assert table.findtext("caption").strip()
        headers = table.xpath(".//thead//th")
        assert [th.text_content() for th in headers] == [
            "Setting", "Main aim", "What the work looks like"]
        assert all(th.get("scope") == "col" for th in headers)


def test_figures_have_captions_and_alt_text(built: dict[str, Path]) -> None:
    root = page(built)
    figures = root.findall(".//figure")
    assert len(figures) == 1
    image = figures[0].find(".//img")
    assert image.get("alt") and len(image.get("alt")) < 250
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert figures[0].findtext("figcaption").strip()


def test_footnote_links_have_accessible_names(built: dict[str, Path]) -> None:
    root = page(built)
    back = root.xpath("//a[contains(@class, 'footnote-back')]")
    labels = [a.get("aria-label", "") for a in back]
    assert labels and all(label.startswith("Back to the text of note") for label in labels)
    # The visible words are in the accessible name (WCAG 2.5.3), and in the shipped fonts.
    assert all(a.text_content() == "Back" for a in back)


def test_standalone_without_script_or_outside_requests(built: dict[str, Path]) -> None:
    root = page(built)
    assert not root.xpath("//script | //iframe | //object | //embed | //link[@rel='stylesheet']")
    assert not root.xpath("//@*[starts-with(name(), 'on')]")
    for src in root.xpath("//@src"):
        assert src.startswith("data:")
    css = root.findtext(".//style")
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert ":focus-visible" in css and "url(" not in css
