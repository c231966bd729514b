"""The output scanner finds what it looks for: a scanner that finds nothing proves nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest

from .scan import SECRET, scan, scan_file

PAGE = "<!DOCTYPE html><html lang='en'><head><title>T</title></head><body>{}</body></html>"


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>",
    "<p onclick='alert(1)'>x</p>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href=' java\tscript:alert(1)'>x</a>",
    "<a href='data:text/html,x'>x</a>",
    "<a href='file:///etc/passwd'>x</a>",
    "<a href='../../etc/passwd'>x</a>",
    "<img src='https://example.org/t.png' alt=''>",
    "<img src='data:text/html;base64,PHA+' alt=''>",
    "<iframe src='https://example.org/'></iframe>",
    "<object data='x.swf'></object>",
    "<form action='https://example.org/'></form>",
    "<base href='https://example.org/'>",
    "<meta http-equiv='refresh' content='0'>",
    "<link rel='import' href='x.html'>",
    "<p style='background:url(https://example.org/t.png)'>x</p>",
    "<style>p { background: url(https://example.org/t.png) }</style>",
    "<svg><animate attributeName='href' to='javascript:alert(1)'/></svg>",
    f"<p>{SECRET}</p>",
])
def test_html_problems_are_found(markup: str) -> None:
    assert list(scan_file("guide.html", PAGE.format(markup).encode())), markup


def test_safe_html_passes() -> None:
    markup = ("<p lang='fr'><a href='https://example.org/'>x</a> <a href='mailto:a@b.org'>m</a> "
              "<a href='#part'>p</a><img src='data:image/png;base64,iVBORw0KGgo=' alt='x'></p>")
    assert list(scan_file("guide.html", PAGE.format(markup).encode())) == []


def _epub(chapter: str, item: str = "text/ch001.xhtml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("EPUB/content.opf", f"<package xmlns='http://www.idpf.org/2007/opf'>"
                         f"<manifest><item id='c' href='{item}'/></manifest></package>")
        archive.writestr("EPUB/text/ch001.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'>"
                         f"<body>{chapter}</body></html>")
    return buffer.getvalue()


def test_epub_problems_are_found() -> None:
    assert list(scan_file("g.epub", _epub("<p>fine <a href='ch002.xhtml#x'>x</a></p>"))) == []
    assert list(scan_file("g.epub", _epub("<script>alert(1)</script>")))
    assert list(scan_file("g.epub", _epub("<a href='javascript:x'>x</a>")))
    assert list(scan_file("g.epub", _epub("<p/>", item="https://example.org/x.css")))


def _pdf(change: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if change == "javascript":
        action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
        pdf.Root.OpenAction = action
    elif change == "uri":
        link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                  Rect=[0, 0, 10, 10],
                                  A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="javascript:x"))
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    elif change == "attachment":
        spec = pikepdf.AttachedFileSpec(pdf, b"secret", filename="secret.txt")
        pdf.attachments["secret.txt"] = spec
    elif change == "secret":
        pdf.pages[0].Contents = pdf.make_stream(f"% {SECRET}".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("change", ["javascript", "uri", "attachment", "secret"])
def test_pdf_problems_are_found(change: str) -> None:
    assert list(scan_file("guide.pdf", _pdf("none"))) == []
    assert list(scan_file("guide.pdf", _pdf(change))), change


def test_text_problems_are_found() -> None:
    assert list(scan_file("g.txt", b"Read the page (https://example.org/).\n")) == []
    assert list(scan_file("g.txt", b"Bold \x1b[1mtext\n"))
    assert list(scan_file("g.txt", "Turn \u202eit\n".encode()))


def test_a_folder_scan_allows_links_to_its_own_files(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "guide.txt").write_text("Hi\n")
    (tmp_path / "index.html").write_text(PAGE.format("<a href='guide/guide.txt'>g</a>"))
    assert scan(tmp_path) == []
    (tmp_path / "index.html").write_text(PAGE.format("<a href='guide/missing.txt'>g</a>"))
    assert scan(tmp_path) == ["index.html: link to 'guide/missing.txt'"]
