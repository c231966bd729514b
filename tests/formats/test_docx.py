"""The Word document: properties, language, one Heading 1, alt text, the SVG with its PNG, a
captioned table with a repeating header row, real footnotes, credits, and the same bytes on
every build."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from guidepress.build import build
from guidepress.formats import RenderContext, raster, registry
from guidepress.read import document, source
from guidepress.settings import Settings
from guidepress.validate import docx as checker
from guidepress.validate import expect

from ..conftest import MINIMAL, ROOT, SOURCE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ASVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DCTERMS = "{http://purl.org/dc/terms/}"
ALT = ("Flow chart of six steps: college, medical school, internal medicine residency, "
       "oncology fellowship, board certification, then practice.")
CAPTION = "The usual training path to become a medical oncologist"


@pytest.fixture(scope="module")
def docx(built: dict[str, Path]) -> Path:
    return built["html"].parent / "medical-oncology.docx"


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def part(path: Path | bytes, name: str) -> etree._Element:
    files = entries(path) if isinstance(path, Path) else zip_entries(path)
    return etree.fromstring(files[name])


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def body(path: Path | bytes) -> list[etree._Element]:
    root = part(path, "word/document.xml")
    return list(root.iter(f"{W}p"))


def style_of(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def text_of(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def render(path: Path, paper: str = "letter") -> bytes:
    guide = document.build(source.load(path))
    return registry()["docx"].render(guide, RenderContext(Settings(paper=paper)))


def test_the_checker_finds_nothing(docx: Path, oncology: document.Document) -> None:
    wanted = expect.expected(oncology)
    assert checker.check(docx, title=wanted.title, lang=wanted.lang, notes=1) == []


def test_zip_has_fixed_dates_and_order(docx: Path) -> None:
    with zipfile.ZipFile(docx) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos[:2]] == ["[Content_Types].xml", "_rels/.rels"]
    assert {info.date_time for info in infos} == {(2026, 11, 25, 0, 0, 0)}
    names = [info.filename for info in infos[2:]]
    assert names == sorted(names)


def test_core_properties(docx: Path) -> None:
    core = part(docx, "docProps/core.xml")
    assert core.findtext(f"{DC}title") == "Medical Oncology"
    description = ("A plain-language guide to what medical oncologists do, where they work, "
                   "and how they train.")
    assert core.findtext(f"{DC}subject") == description
    assert core.findtext(f"{DC}description") == description
    assert core.findtext(f"{DC}creator") == "Guidepress editorial team"
    assert core.findtext(f"{CP}keywords") == ("medical oncology; cancer care; internal medicine; "
                                              "fellowship training; medical careers")
    assert core.findtext(f"{DC}language") == "en-US"
    assert core.findtext(f"{DCTERMS}created") == "2026-11-25T00:00:00Z"
    assert core.findtext(f"{DCTERMS}modified") == "2026-11-25T00:00:00Z"


def test_app_properties_claim_no_stale_counts(docx: Path) -> None:
    app = etree.tostring(part(docx, "docProps/app.xml")).decode()
    assert "<Words>" not in app and "Microsoft Word" not in app
    assert "<Company>Guidepress</Company>" in app


def test_language_is_set(docx: Path) -> None:
    styles = part(docx, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-US"
    settings = part(docx, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "en-US"


def test_headings_match_the_source_with_one_heading_1(docx: Path,
                                                      oncology: document.Document) -> None:
    found = [(int(style_of(p)[-1]), text_of(p)) for p in body(docx)
             if style_of(p).startswith("Heading")]
    assert found == list(expect.expected(oncology).headings)
    assert [level for level, _ in found].count(1) == 1
    assert "Title" not in {style_of(p) for p in body(docx)}


def test_title_block_then_body(docx: Path) -> None:
    first = body(docx)[:4]
    assert [(style_of(p), text_of(p)) for p in first] == [
        ("Heading1", "Medical Oncology"),
        ("Subtitle", "A career guide for students and advisors"),
        ("Date", "Current as of November 25, 2026"),
        ("Heading2", "In short"),
    ]


def test_credits_close_the_document(docx: Path) -> None:
    last = [p for p in body(docx) if style_of(p) == "Colophon"]
    assert [text_of(p) for p in last] == [
        "Published by Guidepress.", "License: CC BY 4.0.",
        "Source: Medical Oncology (IM), FREIDA specialty description, American Medical "
        "Association",
        "Source: ACGME program requirements: internal medicine; hematology and medical oncology",
        "Source: ABIM certification: internal medicine; medical oncology"]
    assert body(docx)[-1] is not None and text_of(body(docx)[-1]).startswith("Source:")
    assert last[-1].find(f"{W}hyperlink") is not None


def test_picture_has_alt_text_svg_and_png(docx: Path) -> None:
    root = part(docx, "word/document.xml")
    pictures = list(root.iter(f"{WP}docPr"))
    assert [(p.get("descr"), p.get("title")) for p in pictures] == [(ALT, CAPTION)]
    inner = next(root.iter(f"{PIC}cNvPr"))
    assert inner.get("descr") == ALT  # not pandoc's data: URI
    rels = {r.get("Id"): r.get("Target") for r in part(docx, "word/_rels/document.xml.rels")}
    blip = next(root.iter(f"{A}blip"))
    files = entries(docx)
    png = files["word/" + rels[blip.get(f"{R}embed")]]
    svg_blip = blip.find(f"{A}extLst/{A}ext/{ASVG}svgBlip")
    assert svg_blip is not None
    svg = files["word/" + rels[svg_blip.get(f"{R}embed")]]
    assert svg == (SOURCE / "images" / "training-path.svg").read_bytes()
    assert png == raster.svg_to_png(svg)
    types = files["[Content_Types].xml"].decode()
    assert 'Extension="svg" ContentType="image/svg+xml"' in types
    caption = next(p for p in body(docx) if text_of(p) == CAPTION)
    assert style_of(caption) == "Caption"


def test_png_is_drawn_at_twice_the_size_and_says_so() -> None:
    png = raster.svg_to_png((SOURCE / "images" / "training-path.svg").read_bytes())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 392 * 2
    assert int.from_bytes(png[20:24], "big") == 380 * 2
    assert png[37:41] == b"pHYs" and int.from_bytes(png[41:45], "big") == 7559  # 192 ppi


def test_table_header_row_and_caption(docx: Path) -> None:
    root = part(docx, "word/document.xml")
    tables = list(root.iter(f"{W}tbl"))
    assert len(tables) == 1
    rows = tables[0].findall(f"{W}tr")
    marked = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
    assert marked == [True, False, False, False, False]
    props = tables[0].find(f"{W}tblPr")
    caption = "The four main places medical oncologists work"
    assert props.find(f"{W}tblCaption").get(f"{W}val") == caption
    assert props.find(f"{W}tblDescription").get(f"{W}val") == (
        "Columns: Setting, Main aim, What the work looks like. 4 rows.")
    before = tables[0].getprevious()
    assert (style_of(before), text_of(before)) == ("Caption", caption)
    assert before.find(f"{W}pPr/{W}keepNext") is not None


def test_footnote_is_a_word_footnote(docx: Path) -> None:
    notes = [n for n in part(docx, "word/footnotes.xml").iter(f"{W}footnote")
             if n.get(f"{W}type") is None]
    assert [text_of(n).strip() for n in notes] == [
        "Residency and fellowship lengths come from the rules of the Accreditation Council for "
        "Graduate Medical Education (ACGME). It approves US training programs. The "
        "certification steps come from the ABIM. Program lengths can vary."]
    references = list(part(docx, "word/document.xml").iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in references] == [notes[0].get(f"{W}id")]


def test_link_keeps_its_words(docx: Path) -> None:
    root = part(docx, "word/document.xml")
    rels = {r.get("Id"): r for r in part(docx, "word/_rels/document.xml.rels")}
    links = [(text_of(link), rels[link.get(f"{R}id")].get("Target"))
             for link in root.iter(f"{W}hyperlink")]
    assert links[0] == ("AMA\u2019s FREIDA program directory", "https://freida.ama-assn.org/")


def test_styles_name_the_shipped_font_and_readable_sizes(docx: Path) -> None:
    styles = part(docx, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Atkinson Hyperlegible"
    assert 22 <= int(defaults.find(f"{W}sz").get(f"{W}val")) <= 24  # 11 to 12 pt
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    sizes = [int(by_id[f"Heading{n}"].find(f"{W}rPr/{W}sz").get(f"{W}val")) for n in (1, 2, 3)]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] > 24
    assert all(by_id[f"Heading{n}"].find(f"{W}rPr/{W}b") is not None for n in (1, 2, 3))
    link = by_id["Hyperlink"].find(f"{W}rPr")
    assert link.find(f"{W}u").get(f"{W}val") == "single"
    assert link.find(f"{W}color").get(f"{W}val") == "1F4E79"
    fonts = etree.tostring(part(docx, "word/fontTable.xml")).decode()
    assert 'w:name="Atkinson Hyperlegible"' in fonts


def test_reference_document_is_what_the_script_makes(tmp_path: Path) -> None:
    made = tmp_path / "reference.docx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make-docx-reference.py"), str(made)],
                   check=True, capture_output=True)
    assert made.read_bytes() == (ROOT / "templates" / "docx" / "reference.docx").read_bytes()


def test_same_bytes_in_another_process(docx: Path) -> None:
    script = ("import sys; from pathlib import Path; from guidepress.read import document, source;"
              "from guidepress.formats import registry, RenderContext;"
              "guide = document.build(source.load(Path(sys.argv[1])));"
              "sys.stdout.buffer.write(registry()['docx'].render(guide, RenderContext()))")
    guide = SOURCE / "medical-oncology.md"
    other = subprocess.run([sys.executable, "-c", script, str(guide)], cwd=ROOT, check=True,
                           capture_output=True).stdout
    assert hashlib.sha256(other).hexdigest() == hashlib.sha256(docx.read_bytes()).hexdigest()
    assert render(guide) == other


def test_a4_paper(make_source: Callable[..., Path]) -> None:
    size = part(render(make_source(), paper="a4"), "word/document.xml").find(f".//{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")


def test_minimal_guide(make_source: Callable[..., Path], tmp_path: Path) -> None:
    data = render(make_source())
    path = tmp_path / "minimal.docx"
    path.write_bytes(data)
    assert checker.check(path, title="Test Guide", lang="en-US") == []
    paragraphs = body(data)
    assert [(style_of(p), text_of(p)) for p in paragraphs[:3]] == [
        ("Heading1", "Test Guide"), ("Date", "Current as of November 25, 2026"),
        ("BodyText", "Opening words.")]
    assert "Colophon" not in {style_of(p) for p in paragraphs}
    assert not any(name.startswith("word/media/") for name in zip_entries(data))


def test_language_of_another_guide(make_source: Callable[..., Path]) -> None:
    data = render(make_source(MINIMAL.replace("lang: en-US", "lang: fr-CA")))
    styles = part(data, "word/styles.xml")
    assert styles.find(f".//{W}docDefaults//{W}lang").get(f"{W}val") == "fr-CA"
    assert part(data, "word/settings.xml").find(f"{W}themeFontLang").get(f"{W}val") == "fr-CA"
    assert part(data, "docProps/core.xml").findtext(f"{DC}language") == "fr-CA"


def test_subsections_png_image_and_notes(make_source: Callable[..., Path],
                                         tmp_path: Path) -> None:
    guide = make_source(MINIMAL + (
        "\n### A smaller part\n\nA note here.[^a] And a picture: "
        "![Steps](images/path.png){alt=\"Six steps from college to practice.\"}\n\n"
        "[^a]: The note.\n"))
    png = raster.svg_to_png((SOURCE / "images" / "training-path.svg").read_bytes())
    (guide.parent / "images" / "path.png").write_bytes(png)
    data = render(guide)
    path = tmp_path / "guide.docx"
    path.write_bytes(data)
    assert checker.check(path, title="Test Guide", lang="en-US", notes=1) == []
    levels = [style_of(p) for p in body(data) if style_of(p).startswith("Heading")]
    assert levels == ["Heading1", "Heading2", "Heading3"]
    picture = next(part(data, "word/document.xml").iter(f"{WP}docPr"))
    assert picture.get("descr") == "Six steps from college to practice."
    files = zip_entries(data)
    assert not any(name.endswith(".svg") for name in files)  # a PNG needs no drawing beside it
    assert [files[n] for n in files if n.startswith("word/media/")] == [png]


def test_build_command_writes_the_docx(make_source: Callable[..., Path], tmp_path: Path) -> None:
    guide = make_source()
    out = tmp_path / "out"
    summary = build((), Settings(formats=("docx",), source_dir=guide.parent, out_dir=out),
                    echo=lambda line: None)
    assert summary.built == ["test-guide"]
    made = out / "test-guide" / "test-guide.docx"
    assert made.read_bytes() == render(guide)
