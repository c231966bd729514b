"""The same headings (text and level), alt texts, link targets and table headers in every
format: each output is read back and compared with the source; any difference is a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pikepdf
from lxml import etree

from guidepress import __version__
from guidepress.validate import epubpkg, pdf, text, tools
from guidepress.validate.base import GuideValidator, Outcome, Session, Target
from guidepress.validate.expect import Expected, compare_headings, key, norm
from guidepress.validate.pdfcontent import read_pages
from guidepress.validate.pdfstruct import read as read_tree
from guidepress.validate.refs import Ref, wcag
from guidepress.validate.report import ACROSS, Check, Finding, format_name, judged

TOOL = "guidepress cross-format checks"
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class Content:
    """What a reader of one format meets: headings, alt texts, link targets, table headers."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tables: list[tuple[str, ...]] = field(default_factory=list)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(element: etree._Element) -> str:
    return norm(" ".join(element.itertext()))


def from_tree(root: etree._Element, content: Content | None = None) -> Content:
    """Read an HTML or XHTML tree (namespaced or not)."""
    found = content or Content()
    for element in root.iter():
        name = _local(element.tag)
        if name in HEADING_TAGS:
            found.headings.append((int(name[1]), _text(element)))
        elif name == "img" and norm(element.get("alt", "")):
            found.alts.append(norm(element.get("alt", "")))
        elif name in ("svg", "div", "span") and element.get("role") == "img":
            label = norm(element.get("aria-label", ""))
            if label:
                found.alts.append(label)
        elif name == "a" and element.get("href") and not element.get("href", "").startswith("#"):
            found.links.append(element.get("href", ""))
        elif name == "table":
            found.tables.append(tuple(_text(cell) for cell in element.iter()
                                      if _local(cell.tag) == "th"))
    return found


def html_content(path: Path) -> Content:
    root = lxml.html.fromstring(path.read_bytes())
    return from_tree(root)


def epub_content(package: epubpkg.Package) -> Content:
    found = Content()
    for item in package.content_documents():
        root = package.xhtml(item)
        if root is not None:
            from_tree(root, found)
    return found


def pdf_content(path: Path, wanted: Expected | None = None) -> Content:
    """Read a PDF edition's tag tree; its QR code (only paper has one) is left out."""
    with pikepdf.open(path) as document:
        pages = list(read_pages(document))
        tree = read_tree(document, pages)
        links = pdf.link_targets(document)
    if tree is None:
        return Content(links=links)
    qr = key(wanted.qr_code[1]) if wanted is not None and wanted.qr_code else None
    alts = [norm(node.alt or "") for node in tree.find("Figure")
            if norm(node.alt or "") and key(node.alt or "") != qr]
    tables = [tuple(norm(tree.text(cell)) for cell in table.walk() if cell.type == "TH")
              for table in tree.outer_tables()]
    return Content(pdf.pdf_headings(tree), alts, links, tables)


def text_content(path: Path, wanted: Expected) -> Content:
    """Plain text has no markup: headings are read from their `Section N:` lines, the rest by
    search. The text says a figure the guide describes after it once, in the guide's words:
    its alt text counts as present."""
    raw = path.read_bytes().decode("utf-8", "replace")
    flat = key(raw)
    alts = [alt for alt in wanted.alts if key(alt) in flat or alt in wanted.described]
    tables = [tuple(h for h in headers if key(h) in flat) for headers in wanted.tables]
    # A bare address is a link's only where the source links it (it may just be text).
    mail = [t for t in text.mail_targets(raw) if t in wanted.links]
    return Content(text.headings(raw), alts, text.link_targets(raw) + mail, tables)


def _same_list(name: str, found: list[str], wanted: tuple[str, ...]) -> Iterator[str]:
    have, want = {key(v) for v in found}, {key(v) for v in wanted}
    for value in wanted:
        if key(value) not in have:
            yield f"the {name} “{value}” is missing"
    for value in dict.fromkeys(found):
        if key(value) not in want:
            yield f"the {name} “{value}” is not in the source"


def _links(found: list[str], wanted: tuple[str, ...]) -> Iterator[str]:
    have, want = set(found), set(wanted)
    yield from (f"the link to {t} is missing" for t in wanted if t not in have)
    yield from (f"a link to {t} is not in the source" for t in dict.fromkeys(found)
                if t not in want)


def _tables(found: list[tuple[str, ...]], wanted: tuple[tuple[str, ...], ...]) -> Iterator[str]:
    if len(found) != len(wanted):
        yield f"{len(found)} table(s) here, {len(wanted)} in the source"
    for number, (have, want) in enumerate(zip(found, wanted, strict=False), start=1):
        if [key(h) for h in have] != [key(w) for w in want]:
            missing = [w for w in want if key(w) not in {key(h) for h in have}]
            detail = (f"missing {', '.join(f'“{m}”' for m in missing)}" if missing
                      else f"reads {list(have)}")
            yield f"table {number}: the header cells differ from the source's ({detail})"


@dataclass(frozen=True)
class Comparison:
    id: str
    title: str
    refs: tuple[Ref, ...]
    differences: Callable[[Content, Expected], Iterator[str]]
    present: Callable[[Content | Expected], bool]  # is there anything to compare?
    detail: str


COMPARISONS = (
    Comparison("all.headings", "The same headings (text and level) in every format",
               (wcag("1.3.1"), wcag("2.4.6")),
               lambda c, w: iter(compare_headings(c.headings, w.headings)),
               lambda x: bool(x.headings),
               "Each format has the source's title as its one level-1 heading and the body's "
               "headings at their levels, in order."),
    Comparison("all.alt-text", "The same alt texts in every format", (wcag("1.1.1"),),
               lambda c, w: _same_list("alt text", c.alts, w.alts), lambda x: bool(x.alts),
               "Every image's text alternative from the source, and no other."),
    Comparison("all.links", "The same link targets in every format", (wcag("2.4.4"),),
               lambda c, w: _links(c.links, w.links), lambda x: bool(x.links),
               "Every link target of the source (body links and front-matter sources), and no "
               "other."),
    Comparison("all.table-headers", "The same table header cells in every format",
               (wcag("1.3.1"),), lambda c, w: _tables(c.tables, w.tables),
               lambda x: bool(x.tables), "Each table's header cells, as in the source."),
)


def compare(contents: dict[str, Content], wanted: Expected) -> list[Check]:
    checks = []
    formats = ", ".join(format_name(f) for f in contents)
    for rule in COMPARISONS:
        findings = [Finding(problem, format_name(fmt), rule.id.split(".", 1)[1])
                    for fmt, content in contents.items()
                    for problem in rule.differences(content, wanted)]
        applies = bool(contents) and (rule.present(wanted)
                                      or any(rule.present(c) for c in contents.values()))
        checks.append(judged(rule.id, ACROSS, rule.title, TOOL, __version__, rule.refs, findings,
                             f"{rule.detail} Compared: {formats}.", applies))
    return checks


def _epub_content(target: Target, path: Path) -> Content:
    package = target.notes.get("epub-package")
    if package is None:
        try:
            package = epubpkg.read(path)
        except epubpkg.EpubError:
            return Content()
    return epub_content(package)


# How each format's output is read back; a format without a reader is not compared.
READERS: dict[str, Callable[[Target, Path], Content]] = {
    "html": lambda target, path: html_content(path),
    "pdf": lambda target, path: pdf_content(path, target.expected),
    "large-print": lambda target, path: pdf_content(path, target.expected),
    "epub": _epub_content,
    "txt": lambda target, path: text_content(path, target.expected),
}


class CrossFormatValidator(GuideValidator):
    """The same headings, alt texts, links and table headers in every format of a guide."""

    name = "cross-format"
    order = 10
    needs = (tools.PIKEPDF,)

    def check(self, target: Target, session: Session) -> Outcome:
        contents = {name: READERS[name](target, path) for name, path in target.outputs.items()
                    if name in READERS and target.has(name)}
        return Outcome(compare(contents, target.expected))
