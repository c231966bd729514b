"""The PDF handout: tagged, PDF/UA-1 identified, titled, bookmarked, and short."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from guidepress.build import build
from guidepress.read.document import Document
from guidepress.settings import Settings

from ..conftest import SOURCE


def open_pdf(built: dict[str, Path]) -> pikepdf.Pdf:
    return pikepdf.open(built["pdf"])


def structure_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def test_tagged_with_language_title_and_ua_identifier(built: dict[str, Path]) -> None:
    with open_pdf(built) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-US"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.docinfo.Title).startswith("Medical Oncology")
        xmp = pdf.open_metadata()
        assert xmp.get("pdfuaid:part") == "1"


def test_figures_carry_alt_text(built: dict[str, Path], oncology: Document) -> None:
    with open_pdf(built) as pdf:
        figures = [e for e in structure_elements(pdf) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == [oncology.images[0].alt]


def test_headings_are_tagged_and_bookmarked(built: dict[str, Path], oncology: Document) -> None:
    with open_pdf(built) as pdf:
        tags = [str(e.S) for e in structure_elements(pdf)]
        assert tags.count("/H1") == 1
        assert tags.count("/H2") == sum(1 for h in oncology.headings if h.level == 2)
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles == ["Medical Oncology"]
        top = outline_children(pdf)
        assert top == [h.text for h in oncology.headings if h.level == 2]


def outline_children(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        return [child.title for child in outline.root[0].children]


def test_fonts_are_embedded(built: dict[str, Path]) -> None:
    with open_pdf(built) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_handout_is_short_with_running_header_and_footer(built: dict[str, Path]) -> None:
    with open_pdf(built) as pdf:
        pages = len(pdf.pages)
        assert pages <= 3
        assert [round(float(x)) for x in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
    text = pdf_text(built["pdf"])
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("Current as of November 25, 2026") >= pages
    assert "(https://freida.ama-assn.org/)" in text


@pytest.mark.parametrize("paper", ["a4"])
def test_a4_on_request(tmp_path: Path, paper: str) -> None:
    settings = Settings(formats=("pdf",), paper=paper, source_dir=SOURCE, out_dir=tmp_path)
    build(("medical-oncology",), settings, echo=lambda line: None)
    with pikepdf.open(tmp_path / "medical-oncology" / "medical-oncology.pdf") as pdf:
        assert [round(float(x)) for x in pdf.pages[0].MediaBox] == [0, 0, 595, 842]
