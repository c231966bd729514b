"""The DOCX checks pass on the built Word document, and each one fails, alone, on a copy of it
broken in one way by editing its XML."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from guidepress.read.document import Document
from guidepress.validate import docx, expect
from guidepress.validate.report import Result

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"w": W, "wp": WP, "dc": DC}
TITLE, LANG = "Medical Oncology", "en-US"
Change = Callable[[etree._Element], None]


@pytest.fixture
def good(built: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the built Word document, free to break."""
    return Path(shutil.copy2(built["html"].parent / "medical-oncology.docx",
                             tmp_path / "medical-oncology.docx"))


def rewrite(path: Path, name: str, change: Change) -> Path:
    """Edit one XML part of the package in place."""
    with zipfile.ZipFile(path) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    root = etree.fromstring(files[name])
    change(root)
    files[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    path.write_bytes(buffer.getvalue())
    return path


def found(path: Path, notes: int = 1) -> list[docx.Finding]:
    return docx.check(path, title=TITLE, lang=LANG, notes=notes)


def heading(root: etree._Element, text: str) -> etree._Element:
    for paragraph in root.iter(f"{{{W}}}p"):
        if "".join(paragraph.itertext()) == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def set_style(text: str, style: str) -> Change:
    def change(root: etree._Element) -> None:
        heading(root, text).find("w:pPr/w:pStyle", NS).set(f"{{{W}}}val", style)
    return change


def remove_descr(root: etree._Element) -> None:
    del next(root.iter(f"{{{WP}}}docPr")).attrib["descr"]


def drop_table_header(root: etree._Element) -> None:
    mark = next(root.iter(f"{{{W}}}tblHeader"))
    mark.getparent().remove(mark)


TEXT_BOX = f"""<w:p xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>
<v:shape id="box" style="width:200pt;height:40pt"><v:textbox><w:txbxContent><w:p><w:r>
<w:t>Call the clinic</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"""


def insert_text_box(root: etree._Element) -> None:
    heading(root, "In short").addnext(etree.fromstring(TEXT_BOX))


def insert_spacers(count: int) -> Change:
    def change(root: etree._Element) -> None:
        anchor = heading(root, "The training path").getprevious()
        for _ in range(count):
            anchor.addnext(etree.Element(f"{{{W}}}p"))
    return change


def drop_language(root: etree._Element) -> None:
    lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    lang.getparent().remove(lang)


def rename(root: etree._Element) -> None:
    root.find("dc:title", NS).text = "Oncology"


def drop_footnotes(root: etree._Element) -> None:
    for reference in list(root.iter(f"{{{W}}}footnoteReference")):
        run = reference.getparent()
        run.getparent().remove(run)


BREAKS: dict[str, tuple[str, Change, str, str]] = {
    # id: (part, change, the one rule that must fail, text its finding must hold)
    "no-descr": ("word/document.xml", remove_descr, "alt-text", "paragraph "),
    "second-h1": ("word/document.xml", set_style("Key terms", "Heading1"), "headings",
                  "heading “Key terms”"),
    "skipped-level": ("word/document.xml", set_style("In short", "Heading3"), "headings",
                      "heading “In short”"),
    "no-tblheader": ("word/document.xml", drop_table_header, "table-header",
                     "The four main places medical oncologists work"),
    "text-box": ("word/document.xml", insert_text_box, "text-boxes", "Call the clinic"),
    "two-spacers": ("word/document.xml", insert_spacers(2), "empty-paragraphs",
                    "2 empty paragraphs in a row"),
    "one-spacer": ("word/document.xml", insert_spacers(1), "empty-paragraphs",
                   "between two blocks"),
    "no-language": ("word/styles.xml", drop_language, "language", "not set"),
    "wrong-title": ("docProps/core.xml", rename, "title", "“Oncology”"),
    "notes-as-text": ("word/document.xml", drop_footnotes, "footnotes", "refers to 0"),
}


def test_the_built_document_passes(good: Path) -> None:
    assert found(good) == []


@pytest.mark.parametrize("broken", list(BREAKS))
def test_each_break_fails_exactly_its_check(good: Path, broken: str) -> None:
    name, change, rule, words = BREAKS[broken]
    problems = found(rewrite(good, name, change))
    assert {problem.rule for problem in problems} == {rule}, problems
    assert any(words in str(problem) for problem in problems), problems


def test_findings_say_where(good: Path) -> None:
    problems = found(rewrite(good, "word/document.xml", set_style("In short", "Heading3")))
    assert [(p.rule, p.where) for p in problems] == [
        ("headings", "paragraph 4, heading “In short”")]
    spaced = [p for p in found(rewrite(good, "word/document.xml", insert_spacers(2)))
              if p.rule == "empty-paragraphs"]
    assert len(spaced) == 1
    assert spaced[0].where.startswith("paragraph ") and "after “" in spaced[0].where


def test_a_title_style_is_no_heading_1(good: Path) -> None:
    """pandoc's default: the title in the Title style, sections from Heading 2."""
    problems = found(rewrite(good, "word/document.xml", set_style(TITLE, "Title")))
    assert [p.rule for p in problems] == ["headings", "headings"]
    assert "no Heading 1" in str(problems[1]) and "skipped" in str(problems[0])


def test_decorative_pictures_need_no_alt_text(good: Path) -> None:
    def decorative(root: etree._Element) -> None:
        remove_descr(root)
        picture = next(root.iter(f"{{{WP}}}docPr"))
        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        mark = "http://schemas.microsoft.com/office/drawing/2017/decorative"
        extensions = etree.SubElement(picture, f"{{{a}}}extLst")
        extension = etree.SubElement(extensions, f"{{{a}}}ext",
                                     uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
        etree.SubElement(extension, f"{{{mark}}}decorative", val="1")

    assert found(rewrite(good, "word/document.xml", decorative)) == []


def test_a_drawing_text_box_is_caught(good: Path) -> None:
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

    def add(root: etree._Element) -> None:
        paragraph = heading(root, "In short")
        run = etree.SubElement(paragraph, f"{{{W}}}r")
        etree.SubElement(etree.SubElement(run, f"{{{W}}}drawing"), f"{{{wps}}}txbx")

    problems = found(rewrite(good, "word/document.xml", add))
    assert [(p.rule, p.where) for p in problems] == [("text-boxes", "paragraph 4")]


def test_no_notes_in_the_source_needs_no_footnotes(good: Path) -> None:
    assert found(rewrite(good, "word/document.xml", drop_footnotes), notes=0) == []


def test_a_file_that_is_no_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    assert [p.rule for p in found(path)] == ["package"]


def test_entities_are_not_expanded(good: Path) -> None:
    """A part with an entity that would read a file is read without expanding it."""
    with zipfile.ZipFile(good) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    files["docProps/core.xml"] = files["docProps/core.xml"].replace(
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
    ).replace(b"<dc:title>Medical Oncology</dc:title>", b"<dc:title>&e;</dc:title>")
    with zipfile.ZipFile(good, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert [p.rule for p in found(good)] == ["title"]


def test_checks_for_the_report(good: Path, oncology: Document) -> None:
    wanted = expect.expected(oncology)
    results = {check.id: check.result for check in docx.checks(good, wanted, notes=1)}
    assert results == {f"docx.{rule}": Result.PASS for rule in docx.RULES}
    broken = rewrite(good, "word/document.xml", drop_table_header)
    failed = [c.id for c in docx.checks(broken, wanted, notes=1) if c.result is Result.FAIL]
    assert failed == ["docx.table-header"]
    assert docx.notes_in(oncology) == 1
    none = {c.id: c.result for c in docx.checks(good, wanted, notes=0)}
    assert none["docx.footnotes"] is Result.NOT_APPLICABLE
