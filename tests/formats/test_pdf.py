"""The PDF handout: tagged, PDF/UA-1 identified, titled, bookmarked, and short."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from guidepress.build import build
from guidepress.read.document import Document
from guidepress.settings import Settings
from guidepress.validate import pageua
from guidepress.validate import pdf as pdfchecks
from guidepress.validate.expect import key, norm
from guidepress.validate.pdfcontent import read_pages
from guidepress.validate.pdfstruct import Node, Tree
from guidepress.validate.pdfstruct import read as read_tree

from .. import pdfguides
from ..conftest import SOURCE
from ..pdfguides import Tagged


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
        # The diagram, and the QR code of the guide's main link (tests/formats/test_qrcode.py).
        assert sorted(str(f.Alt) for f in figures) == sorted([
            oncology.images[0].alt,
            "QR code that opens AMA\u2019s FREIDA program directory (https://freida.ama-assn.org/)"])


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


# The tag tree: what WeasyPrint 70 gets wrong, fixed by pipeline/formats/pdftags.py -------------

def tag_tree(path: Path) -> Tree:
    with pikepdf.open(path) as pdf:
        tree = read_tree(pdf, list(read_pages(pdf)))
    assert tree is not None
    return tree


def shape(node: Node, depth: int) -> Any:
    """An element's type and, `depth` levels down, its children's shapes (Spans, which hold
    the text, left out)."""
    kids = [kid for kid in node.children if kid.type != "Span"]
    if depth == 0 or not kids:
        return node.type
    return (node.type, [shape(kid, depth - 1) for kid in kids])


@pytest.mark.parametrize("name", pdfguides.ALL)
def test_the_independent_validator_finds_no_failed_rule(tagged: Callable[..., Tagged],
                                                         name: str) -> None:
    assert pageua.check(tagged(name).path) == []


@pytest.mark.parametrize("name", pdfguides.ALL)
def test_the_projects_own_pdf_checks_pass(tagged: Callable[..., Tagged], name: str) -> None:
    handout = tagged(name)
    checks = pdfchecks.check(handout.path, handout.expected)
    assert {c.id: c.findings for c in checks if c.failed} == {}


def test_a_table_over_three_pages_is_one_table_with_one_header_row(
        tagged: Callable[..., Tagged]) -> None:
    path = tagged("long-table").path
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
    tree = tag_tree(path)
    assert len(tree.find("Part")) == 1
    (table,) = tree.find("Table")
    assert [kid.type for kid in table.children] == ["Caption", "THead", "TBody"]
    rows = table.children[2].children
    assert [key(tree.text(row.children[0])) for row in rows] == [str(n) for n in range(1, 71)]
    with pikepdf.open(path) as pdf:  # every cell names a header cell that is in the tree
        cells = structure_elements(pdf)
        ids = {str(cell.ID) for cell in cells if cell.S == "/TH"}
        named = {str(h) for cell in cells if cell.S == "/TD" for h in cell.A.Headers}
    assert len(ids) == 3 and named == ids
    # The header row WeasyPrint repeats on pages 2 and 3 is drawn, but as an artifact.
    assert tree.reading_text().count("What happens") == 1
    assert pdf_text(path).count("What happens") >= 3


def test_a_definition_list_pairs_each_term_with_its_definitions(
        tagged: Callable[..., Tagged]) -> None:
    tree = tag_tree(tagged("definition-list").path)
    (terms,) = tree.find("L")
    assert shape(terms, 2) == ("L", [("LI", ["Lbl", "LBody"])] * 3)
    # (compared without spaces: the space at a line break is not drawn)
    assert [(key(tree.text(item.children[0])), key(tree.text(item.children[1])))
            for item in terms.children] == [
        (key("Oncologist"), key("A doctor who treats cancer.")),
        (key("Internist"), key("A doctor for adults. A second meaning of the word.")),
        (key("Benign"), key("Not cancer."))]
    assert shape(terms.children[1].children[1], 1) == ("LBody", ["P", "P"])


def test_a_figure_is_a_div_of_its_figure_then_its_caption(
        tagged: Callable[..., Tagged]) -> None:
    tree = tag_tree(tagged("figure-caption").path)
    (figure,) = tree.find("Figure")
    (group,) = [node for node in tree.find("Div") if figure in node.children]
    assert [kid.type for kid in group.children] == ["Figure", "Caption"]
    assert figure.alt == "Flow chart of six steps."
    assert norm(tree.text(group.children[1])) == "The usual training path"
    assert not tree.find("NonStruct") or all(
        figure not in node.walk() for node in tree.find("NonStruct"))


def test_each_link_is_one_link_element_holding_its_words_and_annotations(
        tagged: Callable[..., Tagged]) -> None:
    path = tagged("strong-links").path
    tree = tag_tree(path)
    links = tree.find("Link")
    assert [norm(tree.text(link)) for link in links] == [
        "main directory of programs (https://example.org/directory)",
        "the emphasised page (https://example.org/page)",
        "a whole strong link (https://example.org/whole)"]
    assert all(not any(n.type == "Link" for n in link.walk() if n is not link)
               for link in links)
    with pikepdf.open(path) as pdf:
        annotations = {a.objgen for page in pdf.pages for a in page.get("/Annots") or []}
        same = read_tree(pdf, list(read_pages(pdf)))
        assert same is not None
        owned = [{a.objgen for a in link.annotations} for link in same.find("Link")]
        targets = [{str(a.A.URI) for a in link.annotations} for link in same.find("Link")]
    assert set().union(*owned) == annotations
    assert targets == [{"https://example.org/directory"}, {"https://example.org/page"},
                       {"https://example.org/whole"}]


def test_a_link_over_two_lines_is_one_link(tagged: Callable[..., Tagged]) -> None:
    tree = tag_tree(tagged(pdfguides.ONCOLOGY).path)
    colophon = [link for link in tree.find("Link") if "FREIDA specialty" in tree.text(link)]
    assert len(colophon) == 1 and len(colophon[0].annotations) >= 2


def test_footnotes_hold_their_paragraph_in_a_list_body(tagged: Callable[..., Tagged]) -> None:
    tree = tag_tree(tagged("notes-quotes").path)
    notes = [item for item in tree.find("LI") if "note" in tree.text(item)]
    assert [shape(item, 2) for item in notes] == [("LI", ["Lbl", ("LBody", ["P"])])] * 2
    assert [h.type for h in tree.find("H3", "H4")] == ["H3", "H4"]
    (quote,) = tree.find("BlockQuote")
    assert shape(quote, 1) == ("BlockQuote", ["P", "P"])


def test_nested_lists_nest_in_their_parent_list(tagged: Callable[..., Tagged]) -> None:
    tree = tag_tree(tagged("nested-lists").path)
    (top,) = [node for node in tree.find("L") if "First bullet" in tree.text(node)[:20]]
    item = ("LI", ["Lbl", "LBody"])
    assert shape(top, 4) == ("L", [item, ("L", [item, ("L", [item, item]), item]), item])


def test_running_heads_and_page_numbers_are_not_in_the_tag_tree(
        tagged: Callable[..., Tagged]) -> None:
    path = tagged(pdfguides.ONCOLOGY).path
    text = tag_tree(path).reading_text()
    assert "Page 1 of" not in text and "Page 1 of" in pdf_text(path)
    assert len(tag_tree(path).find("Part")) == 1  # <main>, over every page
