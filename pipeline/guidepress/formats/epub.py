"""EPUB 3 that meets EPUB Accessibility 1.1: pandoc writes the book, then the package is
finished here (accessibility metadata, real document titles, landmarks, the project's style
sheet) and zipped again with fixed dates and order so the same input gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import uuid
import zipfile
from typing import Any

from lxml import etree

from guidepress import fonts
from guidepress.errors import ToolError
from guidepress.formats import epubfonts, epubnotes, htmlbody, phrases
from guidepress.formats.base import Format, RenderContext, long_date
from guidepress.formats.epubclaims import Claims, optimistic
from guidepress.read import pandoc, pandocast, safety
from guidepress.read.document import Document, plain_copy

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
# Namespace for identifiers derived from a guide's slug: same slug, same identifier.
_ID_NAMESPACE = uuid.UUID("6f1d6a52-0c55-4c1e-9a57-3f0b3c2f9a10")


def claims_for(document: Document) -> Claims:
    """What the build claims before validation: what `guidepress validate` backs when every
    check passes. Validation rewrites the package with fewer claims, through `restamp`, when
    a check that backs one fails."""
    has_tables = any(e["t"] == "Table" for e in pandocast.walk(document.ast["blocks"]))
    return optimistic(bool(document.images), has_tables, document.guide.meta.publisher)


class EpubFormat(Format):
    name = "epub"
    weight = 0.3
    label = "E-book"
    kind = "EPUB"
    order = 30
    suffix = ".epub"
    media_type = "application/epub+zip"
    templates = ("epub/book.css",)
    tools = ("fonttools", "fontpkg-atkinson-hyperlegible", "fontpkg-noto-sans",
             "fontpkg-almarai")

    def fingerprints(self) -> dict[str, str]:
        return {f"font:{name}": digest for name, digest in fonts.digests().items()}

    def render(self, document: Document, context: RenderContext) -> bytes:
        meta = document.guide.meta
        tree = plain_copy(document)
        tree["meta"] = book_metadata(document)
        epoch = dt.datetime.combine(meta.updated, dt.time(), dt.UTC)
        result = pandoc.from_json(
            tree, "epub3",
            ["--epub-title-page=false", "--toc", "--toc-depth=3", "--split-level=1"],
            env={"SOURCE_DATE_EPOCH": str(int(epoch.timestamp()))},
        )
        css = context.template_text("epub/book.css").encode("utf-8")
        return finish(result.output, document, claims_for(document), css)


def identifier(document: Document) -> str:
    given = document.guide.meta.identifier
    if given:
        return given
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, document.guide.slug)}"


def book_metadata(document: Document) -> dict[str, Any]:
    meta = document.guide.meta

    def text(value: str) -> dict[str, Any]:
        return {"t": "MetaString", "c": value}

    values: dict[str, Any] = {
        "title": text(meta.title),
        "lang": text(meta.lang),
        "date": text(meta.updated.isoformat()),
        "identifier": text(identifier(document)),
        "description": text(meta.description),
    }
    if meta.subtitle:
        values["subtitle"] = text(meta.subtitle)
    if meta.authors:
        values["creator"] = {"t": "MetaList", "c": [text(a) for a in meta.authors]}
    if meta.publisher:
        values["publisher"] = text(meta.publisher)
    if meta.license:
        values["rights"] = text(meta.license)
    if meta.keywords:
        values["subject"] = {"t": "MetaList", "c": [text(k) for k in meta.keywords]}
    return values


def finish(epub: bytes, document: Document, claims: Claims, css: bytes) -> bytes:
    """Rewrite pandoc's EPUB: metadata, titles, landmarks, style sheet, deterministic zip."""
    entries = read_entries(epub)
    chapters = sorted(n for n in entries if n.endswith(".xhtml") and not n.endswith("nav.xhtml"))
    for name, data in list(entries.items()):
        if name.endswith(".opf"):
            entries[name] = rewrite_package(data, document.guide.meta.updated, claims,
                                            phrases.direction(document.guide.meta.lang))
        elif name.endswith("nav.xhtml"):
            entries[name] = rewrite_nav(data, document)
        elif name.endswith(".xhtml"):
            entries[name] = rewrite_chapter(data, document, last=name == chapters[-1])
        elif name.endswith(".css"):
            entries[name] = css
    embed_fonts(entries)
    return write_entries(entries, document.guide.meta.updated)


def embed_fonts(entries: dict[str, bytes]) -> None:
    """Add the shipped faces the book's text is set in, subset, with their @font-face rules
    and manifest items (see epubfonts)."""
    opf_name = next(name for name in sorted(entries) if name.endswith(".opf"))
    documents = [entries[name] for name in sorted(entries) if name.endswith(".xhtml")]
    embedded = epubfonts.embed(documents, posixpath.dirname(opf_name))
    for item in embedded:
        entries[item.name] = item.data
    opf = _parse(entries[opf_name])
    epubfonts.add_to_manifest(opf, embedded, opf_name)
    entries[opf_name] = _serialize(opf)
    for name in sorted(entries):
        if name.endswith(".css"):
            entries[name] = epubfonts.font_face_css(embedded, name).encode() + entries[name]


def restamp(epub: bytes, updated: dt.date, claims: Claims) -> bytes:
    """The same EPUB, made on `updated`, with its accessibility metadata replaced by
    `claims`."""
    entries = read_entries(epub)
    for name, data in list(entries.items()):
        if name.endswith(".opf"):
            entries[name] = rewrite_package(data, updated, claims)
    return write_entries(entries, updated)


def read_entries(epub: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_entries(entries: dict[str, bytes], updated: dt.date) -> bytes:
    """Zip with `mimetype` first and stored, then every entry in a stable order and date."""
    stamp = (max(updated.year, 1980), updated.month, updated.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        names = ["mimetype", *sorted(n for n in entries if n != "mimetype")]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ToolError(f"pandoc wrote an EPUB file that is not well-formed XML: {exc.msg}"
                        ) from None


def _check_safe(root: etree._Element) -> None:
    """Fail closed if pandoc's markup could run, load or embed anything (see `safety`)."""
    problem = safety.unsafe_markup(root)
    if problem:
        raise ToolError(f"pandoc wrote unsafe markup into the EPUB: {problem}",
                        "please report this guide to the guidepress maintainers")


def _serialize(root: etree._Element, doctype: str | None = None) -> bytes:
    body = bytes(etree.tostring(root, encoding="utf-8", xml_declaration=False))
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if doctype:
        head += doctype.encode("ascii") + b"\n"
    return head + body + b"\n"


def rewrite_package(data: bytes, updated: dt.date, claims: Claims,
                    direction: str | None = None) -> bytes:
    """The package document with the claims' accessibility metadata, dated `updated`, and,
    when `direction` is given, the spine's page progression (`rtl` turns pages leftwards)."""
    root = _parse(data)
    metadata = root.find(f"{{{OPF_NS}}}metadata")
    assert metadata is not None
    spine = root.find(f"{{{OPF_NS}}}spine")
    if direction is not None and spine is not None:
        spine.set("page-progression-direction", direction)
    modified = f"{updated.isoformat()}T00:00:00Z"
    for meta in list(metadata.findall(f"{{{OPF_NS}}}meta")):
        prop = meta.get("property") or ""
        if prop.startswith(("schema:access", "dcterms:conformsTo", "a11y:")):
            metadata.remove(meta)
        elif prop == "dcterms:modified":
            meta.text = modified
    for mode in claims.access_modes:
        _meta(metadata, "schema:accessMode", mode)
    for sufficient in claims.sufficient:
        _meta(metadata, "schema:accessModeSufficient", sufficient)
    for feature in claims.features:
        _meta(metadata, "schema:accessibilityFeature", feature)
    for hazard in claims.hazards:
        _meta(metadata, "schema:accessibilityHazard", hazard)
    if claims.summary:
        _meta(metadata, "schema:accessibilitySummary", claims.summary)
    if claims.conforms_to:
        _meta(metadata, "dcterms:conformsTo", claims.conforms_to)
        if claims.certified_by:
            _meta(metadata, "a11y:certifiedBy", claims.certified_by)
    prefix = root.get("prefix") or ""
    if "a11y:" not in prefix:
        root.set("prefix", (prefix + " a11y: http://www.idpf.org/epub/vocab/package/a11y/#").strip())
    return _serialize(root)


def _meta(metadata: etree._Element, prop: str, value: str) -> None:
    element = etree.SubElement(metadata, f"{{{OPF_NS}}}meta", property=prop)
    element.text = value
    element.tail = "\n    "


def rewrite_chapter(data: bytes, document: Document, last: bool = True) -> bytes:
    root = _parse(data)
    _check_safe(root)
    lang = document.guide.meta.lang
    _set_direction(root, lang)
    _set_title(root, document.guide.meta.title)
    _drop_empty_styles(root)
    htmlbody.enrich_tree(root, lang)
    epubnotes.rework(root, lang)
    updated = root.find(f".//{{{XHTML_NS}}}h1")
    meta_updated = document.guide.meta.updated
    if updated is not None and document.guide.meta.subtitle:
        note = etree.Element(f"{{{XHTML_NS}}}p", attrib={"class": "subtitle"})
        note.text = document.guide.meta.subtitle
        updated.addnext(note)
        stamp = etree.Element(f"{{{XHTML_NS}}}p", attrib={"class": "updated"})
        stamp.text = f"{phrases.phrase(lang, 'current_as_of')} {long_date(meta_updated, lang)}"
        note.addnext(stamp)
    body = root.find(f"{{{XHTML_NS}}}body")
    credits = colophon(document) if last else None
    if body is not None and credits is not None:
        body.append(credits)
    return _serialize(root, "<!DOCTYPE html>")


def colophon(document: Document) -> etree._Element | None:
    """Who published the guide, under which licence, and the sources of its facts, as the
    web page and the handout say at their end; None when the front matter names none."""
    meta = document.guide.meta
    if not (meta.publisher or meta.license or meta.sources):
        return None
    words = phrases.for_language(meta.lang)
    section = etree.Element(f"{{{XHTML_NS}}}section", attrib={
        f"{{{EPUB_NS}}}type": "colophon", "role": "doc-colophon", "class": "colophon",
        "aria-label": words["about"]})
    said = [f"{words['current_as_of']} {long_date(meta.updated, meta.lang)}."]
    said += [f"{words['published_by']} {meta.publisher}."] if meta.publisher else []
    said += [f"{words['license']} {meta.license}."] if meta.license else []
    etree.SubElement(section, f"{{{XHTML_NS}}}p").text = " ".join(said)
    if meta.sources:
        etree.SubElement(section, f"{{{XHTML_NS}}}p").text = words["sources"]
        listing = etree.SubElement(section, f"{{{XHTML_NS}}}ul")
        for source in meta.sources:
            item = etree.SubElement(listing, f"{{{XHTML_NS}}}li")
            link = etree.SubElement(item, f"{{{XHTML_NS}}}a", href=source.url)
            link.text = source.title
    return section


def rewrite_nav(data: bytes, document: Document) -> bytes:
    root = _parse(data)
    _check_safe(root)
    lang = document.guide.meta.lang
    words = phrases.for_language(lang)
    _set_direction(root, lang)
    _set_title(root, f"{words['contents']}: {document.guide.meta.title}")
    _drop_empty_styles(root)
    body = root.find(f"{{{XHTML_NS}}}body")
    toc = root.find(f".//{{{XHTML_NS}}}nav")
    assert body is not None and toc is not None
    heading = toc.find(f"{{{XHTML_NS}}}h1")
    if heading is not None:
        heading.text = words["contents"]
    first = toc.find(f".//{{{XHTML_NS}}}a")
    chapter = (first.get("href") or "").split("#")[0] if first is not None else ""
    landmarks = body.find(f".//{{{XHTML_NS}}}nav[@{{{EPUB_NS}}}type='landmarks']")
    if landmarks is None:
        landmarks = _landmarks(words)
        body.append(landmarks)
    _add_landmarks(landmarks, chapter, words)
    return _serialize(root, "<!DOCTYPE html>")


def _landmarks(words: dict[str, Any]) -> etree._Element:
    nav = etree.Element(f"{{{XHTML_NS}}}nav", attrib={f"{{{EPUB_NS}}}type": "landmarks",
                                                       "id": "landmarks", "hidden": "hidden"})
    title = etree.SubElement(nav, f"{{{XHTML_NS}}}h2")
    title.text = words["landmarks"]
    etree.SubElement(nav, f"{{{XHTML_NS}}}ol")
    return nav


def _add_landmarks(nav: etree._Element, chapter: str, words: dict[str, Any]) -> None:
    """Add the landmarks reading systems act on (where the contents are, and where reading
    starts) that `nav` (pandoc's, or ours) lacks, in that order."""
    items = nav.find(f"{{{XHTML_NS}}}ol")
    if items is None:
        items = etree.SubElement(nav, f"{{{XHTML_NS}}}ol")
    have = {link.get(f"{{{EPUB_NS}}}type") for link in items.iter(f"{{{XHTML_NS}}}a")}
    for kind, href, label in (("toc", "#toc", words["contents"]),
                              ("bodymatter", chapter, words["start"])):
        if kind in have:
            continue
        item = etree.SubElement(items, f"{{{XHTML_NS}}}li")
        link = etree.SubElement(item, f"{{{XHTML_NS}}}a",
                                attrib={f"{{{EPUB_NS}}}type": kind, "href": href})
        link.text = label
        item.tail = "\n"


def _set_direction(root: etree._Element, lang: str) -> None:
    """A right-to-left guide's documents say so on their root (`dir` is the default
    otherwise, and is left out)."""
    if phrases.is_rtl(lang):
        root.set("dir", "rtl")


def _set_title(root: etree._Element, text: str) -> None:
    title = root.find(f".//{{{XHTML_NS}}}title")
    if title is not None:
        title.text = text


def _drop_empty_styles(root: etree._Element) -> None:
    for style in root.findall(f".//{{{XHTML_NS}}}style"):
        if not (style.text or "").strip():
            parent = style.getparent()
            if parent is not None:
                parent.remove(style)


