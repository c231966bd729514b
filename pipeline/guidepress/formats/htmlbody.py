"""The guide's body as safe, enriched HTML, shared by the HTML, PDF and EPUB writers.

pandoc writes the body; an allow-list sanitiser then removes anything that is not plain document
structure, and a few enrichments add what pandoc leaves out (table header scopes, accessible
names for footnote links, a label for the notes section).
"""

from __future__ import annotations

import re

import nh3
from lxml import etree, html

from guidepress.formats import phrases
from guidepress.read import pandoc, safety
from guidepress.read.document import Document

_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "del", "sup", "sub", "code",
    "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup",
    "col", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "img", "section",
    "hr", "br", "span", "div", "abbr", "q", "small", "aside",
}
_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "role"},
    "a": {"href", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "section": {"aria-label"},
}
_ROLES = {"doc-noteref", "doc-backlink", "doc-endnotes", "doc-endnote", "note"}
# Classes pandoc's HTML writer makes itself; every class a guide gives is in its own namespace
# (safety.author_class), so any other class did not come from either, and is dropped.
_WRITER_CLASSES = {"footnote-ref", "footnote-back", "footnotes", "footnotes-end-of-document",
                   "uri", "email", "smallcaps", "underline", "task-list"}


def sanitize(markup: str) -> str:
    """Keep only allowed elements and attributes, and only https, http and mailto links."""
    cleaned: str = nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "data"},
        link_rel=None,
        strip_comments=True,
    )
    return cleaned


def render(document: Document) -> str:
    """The body of `document` as sanitised, enriched HTML (a fragment, no <html> wrapper)."""
    result = pandoc.from_json(document.ast, "html5", ["--wrap=none"])
    return enrich(sanitize(result.output.decode("utf-8")), document.guide.meta.lang)


def enrich(fragment: str, lang: str = phrases.FALLBACK) -> str:
    root = html.fragment_fromstring(fragment, create_parent="div")
    _only_safe_urls(root)
    _only_known_classes(root)
    _trim_definitions(root)
    _row_headers_under_empty_corner(root)
    _scope_table_headers(root)
    _label_cells(root)
    _label_footnotes(root, lang)
    return "".join(_serialize(child) for child in root) if len(root) else str(root.text or "")


def enrich_tree(root: etree._Element, lang: str = phrases.FALLBACK) -> None:
    """The same enrichments, applied in place to an XHTML tree (used for the EPUB)."""
    _row_headers_under_empty_corner(root)
    _scope_table_headers(root)
    _label_cells(root)
    _label_footnotes(root, lang)


def _serialize(element: etree._Element) -> str:
    return str(html.tostring(element, encoding="unicode"))


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _iter(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if _local(el) == name]


def _only_safe_urls(root: etree._Element) -> None:
    """data: is allowed for embedded images only; links keep web, mail or #section targets
    (the clean AST has only those already: this is the second line of defence)."""
    for element in root.iter():
        href = element.get("href")
        if href is not None and safety.link_problem(href) is not None:
            del element.attrib["href"]
        src = element.get("src")
        if src is not None and not re.match(r"data:image/(png|jpeg|gif|svg\+xml);base64,", src):
            element.getparent().remove(element)


def _only_known_classes(root: etree._Element) -> None:
    """The template's classes (`updated-date`, `reflow` ...) never come from the body: only
    the writer's own classes and the author's namespaced ones are kept."""
    for element in root.iter():
        names = (element.get("class") or "").split()
        if not names:
            continue
        kept = [name for name in names if name in _WRITER_CLASSES
                or name.startswith(safety.AUTHOR_CLASS_PREFIX)]
        if kept:
            element.set("class", " ".join(kept))
        else:
            del element.attrib["class"]


def _trim_definitions(root: etree._Element) -> None:
    """Drop the line breaks pandoc puts inside `<dt>` and `<dd>`: they show as nothing, but
    WeasyPrint 70 counts the one at the end when a line is nearly full, and then breaks the
    definition after its first word ("Medicines / made from living cells")."""
    for element in root.iter("dt", "dd"):
        if element.text:
            element.text = element.text.lstrip()
        last = element[-1] if len(element) else None
        if last is not None and last.tail:
            last.tail = last.tail.rstrip()
        elif last is None and element.text:
            element.text = element.text.rstrip()


def _row_headers_under_empty_corner(root: etree._Element) -> None:
    """A table whose top-left header cell is empty (`| | A | B |`, a comparison) has its row
    headers in the first column: that corner heads nothing and becomes a plain cell, and the
    first cell of each body row becomes the header of its row."""
    for table in _iter(root, "table"):
        heads = [row for section in _iter(table, "thead") for row in _iter(section, "tr")]
        if len(heads) != 1:
            continue
        cells = [c for c in heads[0] if _local(c) in ("th", "td")]
        if not cells or "".join(cells[0].itertext()).strip() or _local(cells[0]) != "th":
            continue
        cells[0].tag = _renamed(cells[0], "td")
        for section in (s for s in table if _local(s) == "tbody"):
            for row in _iter(section, "tr"):
                first = next((c for c in row if _local(c) in ("th", "td")), None)
                if first is not None:
                    first.tag = _renamed(first, "th")


def _renamed(element: etree._Element, name: str) -> str:
    """`name` in the namespace of `element` (XHTML in the EPUB, none in HTML)."""
    namespace = etree.QName(element.tag).namespace
    return f"{{{namespace}}}{name}" if namespace else name


def _scope_table_headers(root: etree._Element) -> None:
    for cell in _iter(root, "th"):
        row = cell.getparent()
        section = row.getparent() if row is not None else None
        in_head = section is not None and _local(section) == "thead"
        cell.set("scope", "col" if in_head else "row")


def _label_cells(root: etree._Element) -> None:
    """Give each body cell its column's header as `data-label`, and the table the class
    `reflow`: on a narrow screen the style sheets set such a table as one block per row, each
    cell under its label, so no font can make it wider than the screen. The header row stays
    in the table (hidden from sight only), so the table keeps its headers for assistive tech.
    """
    for table in _iter(root, "table"):
        heads = [row for section in _iter(table, "thead") for row in _iter(section, "tr")]
        if len(heads) != 1:
            continue  # no header row, or several: leave the table as it is
        labels = _column_labels(heads[0])
        for section in (s for s in table if _local(s) in ("tbody", "tfoot")):
            for row in _iter(section, "tr"):
                column = 0
                for cell in (c for c in row if _local(c) in ("td", "th")):
                    label = labels.get(column, "")
                    if label:
                        cell.set("data-label", label)
                    column += _span(cell)
        table.set("class", " ".join([*(table.get("class") or "").split(), "reflow"]))


def _column_labels(row: etree._Element) -> dict[int, str]:
    labels, column = {}, 0
    for cell in (c for c in row if _local(c) in ("td", "th")):
        labels[column] = " ".join("".join(cell.itertext()).split())
        column += _span(cell)
    return labels


def _span(cell: etree._Element) -> int:
    value = cell.get("colspan") or "1"
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _label_footnotes(root: etree._Element, lang: str) -> None:
    for link in _iter(root, "a"):
        classes = (link.get("class") or "").split()
        number = re.sub(r"\D", "", link.get("href") or "")
        if "footnote-ref" in classes:
            link.set("aria-label", phrases.phrase(lang, "note", number=number))
        elif "footnote-back" in classes:
            link.set("aria-label", phrases.phrase(lang, "back_to_note", number=number))
            # Words the shipped fonts draw, inside the link's name (WCAG 2.5.3), rather than
            # pandoc's arrow, which no shipped font has.
            link.text = phrases.phrase(lang, "back")
            for child in list(link):
                link.remove(child)
    for section in _iter(root, "section"):
        if "footnotes" in (section.get("class") or "").split():
            section.set("aria-label", phrases.phrase(lang, "notes"))
