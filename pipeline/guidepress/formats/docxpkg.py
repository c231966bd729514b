"""Finishes the DOCX pandoc wrote: document properties, language, captions in Word's Caption
style, table descriptions, alt text on both halves of each picture, the SVG beside its PNG,
the page size, and a zip with fixed dates and order (the same input gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

from lxml import etree

from guidepress.errors import ToolError
from guidepress.formats import epub
from guidepress.read.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# Page width and height in twentieths of a point.
PAPER = {"letter": ("12240", "15840"), "a4": ("11906", "16838")}
# pandoc's caption styles; both are Word's own Caption style in the finished document.
CAPTION_STYLES = {"TableCaption", "ImageCaption"}


Entries = dict[str, bytes]


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def finish(docx: bytes, document: Document, vectors: dict[bytes, bytes], paper: str) -> bytes:
    entries = read_entries(docx)
    meta = document.guide.meta
    edit(entries, "word/document.xml", lambda root: finish_body(root, paper))
    if "word/footnotes.xml" in entries:
        edit(entries, "word/footnotes.xml", label_pictures)
    edit(entries, "word/styles.xml", lambda root: set_language(root, meta.lang))
    edit(entries, "word/settings.xml", lambda root: set_theme_language(root, meta.lang))
    add_vectors(entries, vectors)
    entries["docProps/core.xml"] = core_properties(document)
    entries["docProps/app.xml"] = app_properties(meta.publisher)
    return write_entries(entries, meta.updated)


# The package -------------------------------------------------------------------------------

def read_entries(docx: bytes) -> Entries:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_entries(entries: Entries, updated: dt.date) -> bytes:
    """Zip with `[Content_Types].xml` first, then every part in a stable order and date."""
    stamp = (max(updated.year, 1980), updated.month, updated.day, 0, 0, 0)
    first = ["[Content_Types].xml", "_rels/.rels"]
    names = [*first, *sorted(name for name in entries if name not in first)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ToolError(f"pandoc wrote a DOCX part that is not well-formed XML: {exc.msg}"
                        ) from None


def serialize(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def edit(entries: Entries, name: str, change: Callable[[etree._Element], None]) -> None:
    if name not in entries:
        raise ToolError(f"pandoc wrote a DOCX without {name}")
    root = parse(entries[name])
    change(root)
    entries[name] = serialize(root)


# The body ----------------------------------------------------------------------------------

def finish_body(root: etree._Element, paper: str) -> None:
    for paragraph in root.iter(w("p")):
        restyle_caption(paragraph)
    for table in root.iter(w("tbl")):
        describe_table(table)
        fit_table(table)
    label_pictures(root)
    set_paper(root, paper)


def restyle_caption(paragraph: etree._Element) -> None:
    """pandoc's Table Caption and Image Caption become Word's own Caption style; a table's
    caption stays on the page of its table."""
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    if style is None or style.get(w("val")) not in CAPTION_STYLES:
        return
    if style.get(w("val")) == "TableCaption":
        style.addnext(etree.Element(w("keepNext")))
    style.set(w("val"), "Caption")


def describe_table(table: etree._Element) -> None:
    """A description beside pandoc's caption: its columns and how many rows it has."""
    props = table.find(w("tblPr"))
    rows = table.findall(w("tr"))
    if props is None or not rows:
        return
    header = [row for row in rows if row.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None]
    columns = [cell_text(cell) for row in header[:1] for cell in row.findall(w("tc"))]
    count = len(rows) - len(header)
    summary = f"{count} {'row' if count == 1 else 'rows'}"
    if columns:
        summary = f"Columns: {', '.join(columns)}. {summary}"
    for old in props.findall(w("tblDescription")):
        props.remove(old)
    description = etree.SubElement(props, w("tblDescription"))
    description.set(w("val"), summary + ".")


def fit_table(table: etree._Element) -> None:
    """The full width of the text (pandoc sizes columns to fit their words), and rows that do
    not break across pages, so a row is read whole."""
    width = table.find(f"{{{W}}}tblPr/{{{W}}}tblW")
    if width is not None and width.get(w("type")) == "auto":
        width.set(w("type"), "pct")
        width.set(w("w"), "5000")
    for row in table.iter(w("tr")):
        props = row.find(w("trPr"))
        if props is None:
            props = etree.Element(w("trPr"))
            row.insert(0, props)
        if props.find(w("cantSplit")) is None:
            header = props.find(w("tblHeader"))
            if header is not None:
                header.addprevious(etree.Element(w("cantSplit")))
            else:
                props.append(etree.Element(w("cantSplit")))


def cell_text(cell: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in cell.iter(w("t"))).split())


def label_pictures(root: etree._Element) -> None:
    """Each picture's inner properties carry the alt text too, not the image's address (pandoc
    puts the data: URI there)."""
    for picture in root.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
        doc_pr = picture.find(f"{{{WP}}}docPr")
        if doc_pr is None:
            continue
        for inner in picture.iter(f"{{{PIC}}}cNvPr"):
            inner.set("descr", doc_pr.get("descr") or "")
            if doc_pr.get("title"):
                inner.set("title", doc_pr.get("title") or "")


def set_paper(root: etree._Element, paper: str) -> None:
    width, height = PAPER.get(paper, PAPER["letter"])
    for section in root.iter(w("sectPr")):
        size = section.find(w("pgSz"))
        if size is not None:
            size.set(w("w"), width)
            size.set(w("h"), height)


# Language ----------------------------------------------------------------------------------

def set_language(root: etree._Element, lang: str) -> None:
    """The language of every run that does not say otherwise: the defaults' w:lang."""
    defaults = root.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr")
    if defaults is None:
        raise ToolError("the DOCX reference document has no default run properties")
    language = defaults.find(w("lang"))
    if language is None:
        language = etree.SubElement(defaults, w("lang"))
    language.set(w("val"), lang)


def set_theme_language(root: etree._Element, lang: str) -> None:
    theme = root.find(w("themeFontLang"))
    if theme is None:
        theme = etree.SubElement(root, w("themeFontLang"))
    theme.set(w("val"), lang)


# Pictures ----------------------------------------------------------------------------------

def add_vectors(entries: Entries, vectors: dict[bytes, bytes]) -> None:
    """Put each SVG beside the PNG drawn from it (asvg:svgBlip): Word shows the SVG, readers
    that do not know the extension show the PNG."""
    if not vectors:
        return
    rels_name = "word/_rels/document.xml.rels"
    rels = parse(entries[rels_name])
    targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels}
    added: dict[str, str] = {}  # PNG relationship id -> SVG relationship id
    for rel_id, target in sorted(targets.items(), key=lambda item: str(item[0])):
        svg = vectors.get(entries.get(f"word/{target}", b""))
        if rel_id is None or svg is None:
            continue
        svg_target = target.rsplit(".", 1)[0] + ".svg"
        entries[f"word/{svg_target}"] = svg
        svg_id = f"{rel_id}svg"
        etree.SubElement(rels, f"{{{REL}}}Relationship", Type=IMAGE_REL, Id=svg_id,
                         Target=svg_target)
        added[rel_id] = svg_id
    entries[rels_name] = serialize(rels)
    edit(entries, "word/document.xml", lambda root: link_vectors(root, added))
    edit(entries, "[Content_Types].xml", lambda root: declare_type(root, "svg", "image/svg+xml"))


def link_vectors(root: etree._Element, added: dict[str, str]) -> None:
    for blip in root.iter(f"{{{A}}}blip"):
        svg_id = added.get(blip.get(f"{{{R}}}embed") or "")
        if svg_id is None:
            continue
        extensions = blip.find(f"{{{A}}}extLst")
        if extensions is None:
            extensions = etree.SubElement(blip, f"{{{A}}}extLst")
        extension = etree.SubElement(extensions, f"{{{A}}}ext", uri=SVG_EXT)
        svg_blip = etree.SubElement(extension, f"{{{ASVG}}}svgBlip", nsmap={"asvg": ASVG})
        svg_blip.set(f"{{{R}}}embed", svg_id)


def declare_type(root: etree._Element, extension: str, media_type: str) -> None:
    if any(item.get("Extension") == extension for item in root.findall(f"{{{TYPES}}}Default")):
        return
    default = etree.Element(f"{{{TYPES}}}Default", Extension=extension, ContentType=media_type)
    root.insert(0, default)


# Properties --------------------------------------------------------------------------------

def core_properties(document: Document) -> bytes:
    """Title, subject, authors, keywords, language and dates (all from `updated`)."""
    meta = document.guide.meta
    root = etree.Element(f"{{{CORE_NS['cp']}}}coreProperties", nsmap=CORE_NS)
    stamp = f"{meta.updated.isoformat()}T00:00:00Z"
    values = [
        ("dc", "title", meta.title),
        ("dc", "subject", meta.description),
        ("dc", "creator", "; ".join(meta.authors) or meta.publisher or ""),
        ("cp", "keywords", "; ".join(meta.keywords)),
        ("dc", "description", meta.description),
        ("dc", "identifier", epub.identifier(document)),
        ("dc", "language", meta.lang),
    ]
    for prefix, name, text in values:
        if text:
            etree.SubElement(root, f"{{{CORE_NS[prefix]}}}{name}").text = text
    for name in ("created", "modified"):
        date = etree.SubElement(root, f"{{{CORE_NS['dcterms']}}}{name}")
        date.set(f"{{{CORE_NS['xsi']}}}type", "dcterms:W3CDTF")
        date.text = stamp
    return serialize(root)


def app_properties(publisher: str) -> bytes:
    """Only what is true of this file (pandoc copies the reference document's word counts)."""
    root = etree.Element(f"{{{APP_NS}}}Properties", nsmap={None: APP_NS})
    values = [("Application", "guidepress"), ("DocSecurity", "0"), ("ScaleCrop", "false"),
              ("Company", publisher), ("LinksUpToDate", "false"), ("SharedDoc", "false"),
              ("HyperlinksChanged", "false")]
    for name, text in values:
        if text:
            etree.SubElement(root, f"{{{APP_NS}}}{name}").text = text
    return serialize(root)
