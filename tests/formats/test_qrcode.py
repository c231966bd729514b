"""The QR code of the guide's main link on the printed editions: which link it is, what it
says, and that a phone reads it back from the printed page. It is never the only way to the
link: its label and address are printed beside it, and the link is in the text too."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from guidepress.errors import SourceError
from guidepress.formats import qrcode
from guidepress.read import document, source
from guidepress.read.document import Document

from ..conftest import MINIMAL
from ..printed import decode_qr, lines

FREIDA = "https://freida.ama-assn.org/"
PT_PER_CM = 72 / 2.54


def guide(make_source: Callable[..., Path], extra: str = "") -> Document:
    text = MINIMAL.replace("---\nOpening", extra + "---\nOpening")
    return document.build(source.load(make_source(text)))


SOURCES = """sources:
  - title: The example directory of programs
    url: https://example.org/directory
  - title: The example page
    url: https://example.org/page
"""


def test_the_main_link_is_the_first_source_and_named_by_its_link_text(
        oncology: Document) -> None:
    link = qrcode.choose(oncology)
    assert link is not None
    assert (link.url, link.text) == (FREIDA, "AMA\u2019s FREIDA program directory")
    assert link.label == "Scan to open AMA\u2019s FREIDA program directory"
    assert link.alt == f"QR code that opens AMA\u2019s FREIDA program directory ({FREIDA})"


def test_qr_link_names_another_link_or_none(make_source: Callable[..., Path]) -> None:
    assert qrcode.choose(guide(make_source)) is None  # no sources, no qr_link: no QR code
    first = qrcode.choose(guide(make_source, SOURCES))
    assert first == qrcode.QrLink("https://example.org/directory",
                                  "The example directory of programs")  # no link: its title
    named = qrcode.choose(guide(make_source, SOURCES + "qr_link: https://example.org/page\n"))
    assert named == qrcode.QrLink("https://example.org/page", "useful link")  # the link text
    assert qrcode.choose(guide(make_source, SOURCES + "qr_link: none\n")) is None


def test_qr_link_must_be_a_web_address(make_source: Callable[..., Path]) -> None:
    with pytest.raises(SourceError) as caught:
        guide(make_source, "qr_link: javascript:alert(1)\n")
    assert "`qr_link` must be a web address" in str(caught.value)


def test_the_code_is_vector_art_at_least_two_centimetres_wide(oncology: Document) -> None:
    figure = qrcode.figure(oncology)
    assert figure is not None
    svg = base64.b64decode(figure.src.removeprefix("data:image/svg+xml;base64,"))
    assert svg.startswith(b"<svg") and b"<path" in svg and b"<image" not in svg
    _, modules = qrcode.draw(FREIDA)
    symbol = figure.width_cm * modules / (modules + 2 * qrcode.QUIET_ZONE)
    assert symbol >= 2.0


def last_page_figures(pdf: Path) -> list[tuple[str, float]]:
    """Alt text and printed width (pt) of each Figure on the last page."""
    found = []
    with pikepdf.open(pdf) as document:
        last = document.pages[-1].obj.objgen
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack += [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            if node.get("/S") == "/Figure" and node.get("/Pg") is not None \
                    and node.Pg.objgen == last:
                box = [float(v) for v in node.A.BBox]
                found.append((str(node.get("/Alt", "")), box[2] - box[0]))
    return found


@pytest.mark.parametrize("fmt", ["pdf", "large-print"])
def test_the_last_page_has_the_code_its_label_and_address(built: dict[str, Path], fmt: str,
                                                          tmp_path: Path) -> None:
    pdf = built[fmt]
    pages = list(lines(pdf))
    last = max(line.page for line in pages)
    assert decode_qr(pdf, last, tmp_path) == [FREIDA]
    (alt, width), = [f for f in last_page_figures(pdf) if f[0].startswith("QR code")]
    assert alt == f"QR code that opens AMA\u2019s FREIDA program directory ({FREIDA})"
    assert width >= 2 * PT_PER_CM
    text = " ".join(line.text for line in pages if line.page == last)
    assert "Scan to open AMA\u2019s FREIDA program directory" in text
    assert FREIDA in text.replace(" ", "")
    # The link is in the text too, with its address printed beside it.
    with pdfplumber.open(pdf) as document:  # in reading order, whatever the type sizes
        everything = "".join(page.extract_text() for page in document.pages)
    assert f"FREIDAprogramdirectory({FREIDA})" in "".join(everything.split())
