"""Reading an EPUB's package, and the checks the project makes on it itself: every XHTML
document is XML, the navigation lists the headings, the text follows the source's reading
order, and nothing in it can flash, move or make a sound."""

from __future__ import annotations

import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from guidepress import __version__
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.expect import Expected, find_in_order, key, norm
from guidepress.validate.refs import EPUB_33, EPUB_DISCOVERY, EPUB_WCAG, EPUB_XHTML, wcag
from guidepress.validate.report import Check, Finding, judged

TOOL = "guidepress EPUB checks (lxml)"
CONTAINER = "META-INF/container.xml"
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "svg": "http://www.w3.org/2000/svg",
}
XHTML_TYPE = "application/xhtml+xml"
MAX_ENTRY_BYTES = 50 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ANIMATION = re.compile(rb"<(?:svg:)?(?:animate|animateMotion|animateTransform|set)\b|@keyframes"
                        rb"|animation(?:-name)?\s*:|<(?:\w+:)?(?:audio|video|script)\b")


class EpubError(Exception):
    """The EPUB cannot be read as a package (EPUBCheck reports the details)."""


@dataclass(frozen=True)
class Item:
    id: str
    href: str  # path inside the zip
    media_type: str
    properties: tuple[str, ...] = ()


@dataclass
class Package:
    opf_path: str
    opf: etree._Element
    items: dict[str, Item]
    spine: list[Item]
    entries: dict[str, bytes] = field(repr=False, default_factory=dict)

    @property
    def nav(self) -> Item | None:
        return next((i for i in self.items.values() if "nav" in i.properties), None)

    def content_documents(self) -> list[Item]:
        """Spine documents in reading order, without the navigation document."""
        return [item for item in self.spine
                if item.media_type == XHTML_TYPE and "nav" not in item.properties]

    def xhtml(self, item: Item) -> etree._Element | None:
        """The parsed document, or None when it is missing or not XML (see xml_problems)."""
        try:
            return etree.fromstring(self.entries[item.href], _PARSER)
        except (KeyError, etree.XMLSyntaxError):
            return None


def read(path: Path) -> Package:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist()
                       if info.file_size <= MAX_ENTRY_BYTES}
    except (zipfile.BadZipFile, OSError) as exc:
        raise EpubError(f"the EPUB is not a readable zip file: {exc}") from None
    try:
        container = etree.fromstring(entries[CONTAINER], _PARSER)
        opf_path = container.find(".//c:rootfile", NS).get("full-path")
        opf = etree.fromstring(entries[opf_path], _PARSER)
    except (KeyError, AttributeError, etree.XMLSyntaxError) as exc:
        raise EpubError(f"the EPUB's package document cannot be read: {exc}") from None
    base = posixpath.dirname(opf_path)
    items = {}
    for element in opf.iterfind("opf:manifest/opf:item", NS):
        href = posixpath.normpath(posixpath.join(base, element.get("href", "")))
        items[element.get("id", "")] = Item(element.get("id", ""), href,
                                            element.get("media-type", ""),
                                            tuple((element.get("properties") or "").split()))
    spine = [items[ref.get("idref", "")] for ref in opf.iterfind("opf:spine/opf:itemref", NS)
             if ref.get("idref", "") in items]
    return Package(opf_path, opf, items, spine, entries)


def metadata(package: Package) -> dict[str, list[str]]:
    """The package's `<meta property=...>` values, by property, in document order."""
    found: dict[str, list[str]] = {}
    for meta in package.opf.iterfind("opf:metadata/opf:meta", NS):
        prop = meta.get("property")
        if prop:
            found.setdefault(prop, []).append(" ".join((meta.text or "").split()))
    return found


def xml_problems(package: Package) -> Iterator[Finding]:
    for item in package.items.values():
        if item.media_type != XHTML_TYPE:
            continue
        if item.href not in package.entries:
            yield Finding("the manifest lists it but the file is missing", item.href)
            continue
        try:
            etree.fromstring(package.entries[item.href], _PARSER)
        except etree.XMLSyntaxError as exc:
            yield Finding(f"not well-formed XML: {exc.msg}", f"{item.href}:{exc.lineno}")


def nav_problems(package: Package, wanted: Expected) -> Iterator[Finding]:
    nav = package.nav
    if nav is None:
        yield Finding("the package has no navigation document (no item with properties=\"nav\")")
        return
    root = package.xhtml(nav)
    if root is None:
        yield Finding("the navigation document cannot be read as XML", nav.href)
        return
    toc = root.find(".//h:nav[@epub:type='toc']", NS)
    if toc is None:
        yield Finding("the navigation document has no nav epub:type=\"toc\"", nav.href)
        return
    labels = {key(" ".join(a.itertext())) for a in toc.iterfind(".//h:a", NS)}
    for level, text in wanted.headings:
        if level == 2 and key(text) not in labels:
            yield Finding(f"the table of contents does not list “{text}”", nav.href)


def reading_text(package: Package) -> str:
    parts = []
    for item in package.content_documents():
        root = package.xhtml(item)
        body = root.find("h:body", NS) if root is not None else None
        if body is not None:
            parts.append(" ".join(body.itertext()))
    return norm(" ".join(parts))


def hazard_problems(package: Package) -> Iterator[Finding]:
    for item in package.items.values():
        data = package.entries.get(item.href, b"")
        if item.media_type.startswith(("audio/", "video/")):
            yield Finding(f"holds {item.media_type} media, which can make sound or move",
                          item.href)
        elif item.media_type == "image/gif" and b"NETSCAPE2.0" in data:
            yield Finding("an animated GIF, which can flash or move", item.href)
        elif item.media_type in ("image/png", "image/apng") and b"acTL" in data[:4096]:
            yield Finding("an animated PNG, which can flash or move", item.href)
        elif item.media_type in (XHTML_TYPE, "image/svg+xml", "text/css"):
            found = _ANIMATION.search(data)
            if found:
                what = found.group().decode("ascii", "replace").strip("<")
                yield Finding(f"uses {what!r}: animation, media or script", item.href)


def check(package: Package, wanted: Expected) -> list[Check]:
    version = __version__
    return [
        judged("epub.xml", "epub", "Every XHTML document parses as XML", TOOL, version,
               (EPUB_XHTML, wcag("4.1.2")), xml_problems(package),
               "Each manifest item of type application/xhtml+xml is well-formed XML."),
        judged("epub.nav", "epub", "The table of contents lists every section", TOOL, version,
               (EPUB_WCAG, wcag("2.4.5")), nav_problems(package, wanted),
               "The navigation document's toc links to each top-level heading of the source."),
        judged("epub.reading-order", "epub", "Text follows the source's reading order", TOOL,
               version, (EPUB_WCAG, wcag("1.3.2")),
               (Finding(p, "spine order", "reading-order")
                for p in find_in_order(reading_text(package), wanted.anchors)),
               "The first words of every heading and paragraph of the source appear in the "
               "same order in the spine's content documents."),
        judged("epub.hazards", "epub", "No flashing, motion or sound", TOOL, version,
               (EPUB_DISCOVERY, wcag("2.3.1"), wcag("2.2.2"), wcag("1.4.2")),
               hazard_problems(package),
               "No audio, video, animated image, animation or script is in the package; this "
               "backs accessibilityHazard none."),
    ]


def reflow(session: Session, package: Package) -> Check:
    """Each content document, unpacked, must reflow at 320 px (backs displayTransformability)."""
    from guidepress.validate import axe

    about = axe.browsing(session)
    findings = []
    with tempfile.TemporaryDirectory(prefix="guidepress-epub-") as temp:
        root = Path(temp).resolve()
        for name, data in package.entries.items():
            target = (root / name).resolve()
            if target.is_relative_to(root) and not name.endswith("/"):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        items = package.content_documents()
        audits = axe.audit_all(axe.tabs(session), [root / item.href for item in items],
                               (axe.NARROW,), run_axe=False)
        for item, (audit,) in zip(items, audits, strict=True):
            findings += [Finding(f.message, item.href, f.rule, f.help, f.criteria)
                         for f in audit.overflow]
    return judged("epub.reflow", "epub", f"Reflows at {axe.NARROW} CSS px without sideways "
                  "scrolling", "Chromium", about.version, (EPUB_WCAG, wcag("1.4.10")), findings,
                  "Each content document, opened in Chromium at 320 CSS px with the book's "
                  "style sheet, is no wider than the screen; this backs displayTransformability.")


class EpubPackageValidator(OutputValidator):
    """The project's own checks of each EPUB's package, and its reflow in Chromium; the
    package it reads is left for the checks that compare formats."""

    name = "epub-package"
    formats = ("epub",)
    order = 50
    needs = (tools.CHROMIUM, tools.PLAYWRIGHT, tools.NPM_PACKAGES)
    browser = True  # the reflow test

    def version(self) -> str:
        return f"chromium {tools.identity(tools.chromium_path())}"  # for the reflow test

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [self._one(output, session) for output in outputs]

    def _one(self, output: Output, session: Session) -> Outcome:
        try:
            package = read(output.path)
        except EpubError as exc:
            return Outcome([judged("epub.xml", "epub", "The EPUB can be read", TOOL, __version__,
                                   (EPUB_33,), [Finding(str(exc))])])
        checks = [*check(package, output.target.expected), reflow(session, package)]
        return Outcome(checks, notes={"epub-package": package})
