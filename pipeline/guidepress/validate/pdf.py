"""PDF/UA-1 checks the project makes itself (no PDF/UA validator installs here): the
machine-checkable Matterhorn Protocol conditions that matter for a tagged handout, read from
the PDF's catalog, metadata, fonts, tag tree and page content with pikepdf."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from guidepress.validate import pdfroles, tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.expect import Expected, compare_headings, find_in_order, key, norm
from guidepress.validate.pdfcontent import LINE_TOLERANCE, PageContent, read_pages
from guidepress.validate.pdfstruct import Node, Tree
from guidepress.validate.pdfstruct import read as read_tree
from guidepress.validate.refs import Ref, pdfua, wcag
from guidepress.validate.report import Check, Finding, Result, judged

TOOL = "pikepdf (guidepress PDF/UA-1 checks)"
HEADING = re.compile(r"^H([1-6])$")
# Running headers and footers sit in the page margins: tagged text this close to the top or
# bottom edge of a page is treated as one, and so is text in the band above or below the rest
# of the page's text, near its top or bottom, that repeats at the same height on several pages
# or reads like a page number.
EDGE_PT = 36.0
MARGIN_ZONE = 0.15
PAGE_NUMBER = re.compile(r"^(page\s+\d+(\s+of\s+\d+)?|\d+\s*(of|/)\s*\d+)$", re.I)
TABLE_PARTS = {"TR", "THead", "TBody", "TFoot", "Caption"}


@dataclass
class Pdf:
    """Everything the checks read, parsed once."""

    pdf: pikepdf.Pdf
    pages: list[PageContent]
    tree: Tree | None
    expected: Expected
    format: str = "pdf"  # the output's format: every PDF edition gets the same checks

    @property
    def root(self) -> Any:
        return self.pdf.Root


def version() -> str:
    return tools.python_version("pikepdf")


def check(path: Path, expected: Expected, fmt: str = "pdf") -> list[Check]:
    """Every check of the PDF at `path`, an output of the format `fmt` (whose name prefixes
    the checks' ids: `pdf.tagged`, `large-print.tagged`)."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        finding = Finding(f"the PDF cannot be opened: {exc}", path.name)
        return [judged(f"{fmt}.open", fmt, "The PDF opens", TOOL, version(),
                       (pdfua("5", "", "Conformance"),), [finding])]
    with pdf:
        pages = list(read_pages(pdf))
        data = Pdf(pdf, pages, read_tree(pdf, pages), expected, fmt)
        return [run(data) for run in CHECKS]


def check_id(fmt: str, name: str) -> str:
    """A check's id for an output of `fmt`: `pdf.tagged` becomes `large-print.tagged`."""
    return fmt + name.removeprefix("pdf")


def _check(name: str, title: str, refs: tuple[Ref, ...], detail: str, *,
           needs_tree: bool = True, applies: Callable[[Pdf], bool] = lambda data: True,
           ) -> Callable[[Callable[[Pdf], Iterator[Finding]]], Callable[[Pdf], Check]]:
    """Turn a generator of findings into a check with an id, a title and its requirements."""

    def wrap(find: Callable[[Pdf], Iterator[Finding]]) -> Callable[[Pdf], Check]:
        def run(data: Pdf) -> Check:
            ident = check_id(data.format, name)
            if needs_tree and data.tree is None:
                return Check(ident, data.format, title, Result.FAIL, TOOL, version(), refs,
                             (Finding("the PDF has no structure tree, so this cannot hold"),),
                             detail)
            return judged(ident, data.format, title, TOOL, version(), refs, find(data), detail,
                          applies(data))

        return run

    return wrap


@_check("pdf.tagged", "Marked and tagged with a structure tree",
        (pdfua("7.1", "01-007", "Tagged PDF"), wcag("1.3.1")),
        "MarkInfo/Marked is true, Suspects is not, and a StructTreeRoot holds the tags.",
        needs_tree=False)
def tagged(data: Pdf) -> Iterator[Finding]:
    mark_info = data.root.get("/MarkInfo")
    if not isinstance(mark_info, pikepdf.Dictionary) or not bool(mark_info.get("/Marked")):
        yield Finding("the catalog's MarkInfo does not say the PDF is marked (Marked true)")
    elif bool(mark_info.get("/Suspects", False)):
        yield Finding("MarkInfo/Suspects is true: the tags may not match the content",
                      rule="01-007")
    if data.tree is None:
        yield Finding("there is no StructTreeRoot: the PDF is not tagged")
    elif not data.tree.root.children:
        yield Finding("the structure tree is empty")


@_check("pdf.content-marked", "All content is tagged or marked as an artifact",
        (pdfua("7.1", "01-005", "Real content is tagged; the rest is an artifact"),
         wcag("1.3.1")),
        "Every text and painting operation on every page is inside a tagged marked-content "
        "sequence owned by the structure tree, or inside an Artifact.")
def content_marked(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    owned = {ref for node in data.tree.root.walk() for ref in node.content}
    for page in data.pages:
        where = f"page {page.index + 1}"
        untagged = [r for r in page.runs if r.mcid is None and not r.artifact]
        if untagged:
            sample = next((r.text for r in untagged if r.text.strip()), "graphics")
            yield Finding(f"{len(untagged)} operation(s) are neither tagged nor an artifact, "
                          f"e.g. “{norm(sample)[:60]}”", where, "01-005")
        orphans = sorted({r.mcid for r in page.runs if r.mcid is not None and not r.artifact
                          and (page.index, r.mcid) not in owned})
        for mcid in orphans:
            text = norm(page.mcid_text().get(mcid, ""))[:60] or "graphics"
            yield Finding(f"marked content MCID {mcid} (“{text}”) belongs to no element of the "
                          "structure tree", where, "01-005",
                          "mark it as an Artifact, or add it to the tag tree")
        nested = [r for r in page.runs if r.mcid is not None and r.artifact]
        if nested:
            yield Finding(f"{len(nested)} tagged operation(s) sit inside an Artifact", where,
                          "01-004")


@_check("pdf.lang", "Document language", (pdfua("7.2", "11-006", "Natural language"),
                                          wcag("3.1.1")),
        "The catalog's Lang is set and equals the guide's `lang`.",
        needs_tree=False)
def language(data: Pdf) -> Iterator[Finding]:
    lang = str(data.root.get("/Lang", "")).strip()
    if not lang:
        yield Finding("the catalog has no Lang: the document language cannot be determined",
                      rule="11-006", help=f"set it to {data.expected.lang}")
    elif lang.casefold() != data.expected.lang.casefold():
        yield Finding(f"the document language is {lang!r}, the guide's is "
                      f"{data.expected.lang!r}", rule="11-006")


@_check("pdf.title", "Title in the metadata, shown as the window title",
        (pdfua("7.1", "06-003", "dc:title in the XMP metadata"),
         pdfua("7.1", "07-001", "ViewerPreferences/DisplayDocTitle"), wcag("2.4.2")),
        "The XMP metadata has a dc:title that starts with the guide's title, and the viewer is "
        "told to show it (DisplayDocTitle true).",
        needs_tree=False)
def title(data: Pdf) -> Iterator[Finding]:
    meta = _xmp(data.pdf)
    if meta is None:
        yield Finding("the catalog has no XMP metadata stream", rule="06-001")
    else:
        shown = norm(str(meta.get("dc:title", "")))
        if not shown:
            yield Finding("the XMP metadata has no dc:title", rule="06-003")
        elif not key(shown).startswith(key(data.expected.title)):
            yield Finding(f"the title is “{shown}”, not the guide's “{data.expected.title}”",
                          rule="06-003")
    prefs = data.root.get("/ViewerPreferences")
    display = prefs.get("/DisplayDocTitle") if isinstance(prefs, pikepdf.Dictionary) else None
    if display is None:
        yield Finding("ViewerPreferences has no DisplayDocTitle: viewers show the file name",
                      rule="07-001")
    elif not bool(display):
        yield Finding("ViewerPreferences/DisplayDocTitle is false", rule="07-002")


@_check("pdf.pdfua-id", "PDF/UA identifier", (pdfua("5", "06-002", "PDF/UA identification"),),
        "The XMP metadata says pdfuaid:part 1.",
        needs_tree=False)
def pdfua_identifier(data: Pdf) -> Iterator[Finding]:
    meta = _xmp(data.pdf)
    part = str(meta.get("pdfuaid:part", "")) if meta is not None else ""
    if part != "1":
        yield Finding("the XMP metadata does not declare pdfuaid:part 1" +
                      (f" (it says {part!r})" if part else ""), rule="06-002")


def _count(data: Pdf, kind: str) -> int:
    return len(data.tree.find(kind)) if data.tree is not None else 0


def _xmp(pdf: pikepdf.Pdf) -> Any:
    if "/Metadata" not in pdf.Root:
        return None
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


@_check("pdf.fonts", "All fonts embedded", (pdfua("7.21.4.1", "31-009", "Font embedding"),),
        "Every font used on a page (or in a form it draws) has an embedded font program.",
        needs_tree=False)
def fonts(data: Pdf) -> Iterator[Finding]:
    for name, font in _fonts(data.pdf):
        if font.get("/Subtype") == "/Type3":
            continue
        target: Any = font
        if font.get("/Subtype") == "/Type0":
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if isinstance(descendants, pikepdf.Array) else font
        descriptor = target.get("/FontDescriptor")
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if not embedded:
            yield Finding(f"the font {name} is not embedded", rule="31-009")


def _fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any]]:
    seen: set[tuple[int, int]] = set()
    stack = [page.get("/Resources") for page in pdf.pages]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for font in (resources.get("/Font") or {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield str(font.get("/BaseFont", "unnamed"))[1:], font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                stack.append(xobject.get("/Resources"))


@_check("pdf.unicode", "Every character maps to Unicode",
        (pdfua("7.21.7", "10-001", "Character mappings"), wcag("1.3.1")),
        "Each glyph drawn as text has a Unicode value (ToUnicode), so it can be read aloud.",
        needs_tree=False)
def unicode(data: Pdf) -> Iterator[Finding]:
    for page in data.pages:
        unmapped = sum(run.unmapped for run in page.runs)
        if unmapped:
            yield Finding(f"{unmapped} glyph(s) have no Unicode mapping", f"page {page.index + 1}",
                          "10-001")


@_check("pdf.figures", "Every Figure has alt text, and its caption after it",
        (pdfua("7.3", "13-004", "Graphics: alternative text"),
         pdfua("7.3", "13-003", "Captions tagged Caption"), wcag("1.1.1"), wcag("1.3.1")),
        "Each Figure tag has a non-empty Alt, there is one Figure per image of the source (and "
        "one for the QR code of the guide's main link, whose Alt says what it opens), and "
        "each image's caption is a Caption right after its Figure in an element that groups "
        "them (not inside the Figure, whose Alt would hide it).",
        applies=lambda data: bool(data.expected.alts or data.expected.qr_code
                                  or _count(data, "Figure")))
def figures(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    found = data.tree.find("Figure")
    for number, node in enumerate(found, start=1):
        if not norm(node.alt or node.actual_text or ""):
            yield Finding(f"Figure {number} has no alternative text (Alt)", rule="13-004")
    wanted = len(data.expected.alts) + (1 if data.expected.qr_code else 0)
    if len(found) != wanted:
        yield Finding(f"the PDF has {len(found)} Figure tag(s); the source has "
                      f"{len(data.expected.alts)} image(s)"
                      + (" and a QR code" if data.expected.qr_code else ""))
    yield from _qr_figure(data, found)
    yield from pdfroles.caption_findings(data.tree, data.expected.captions)


def _qr_figure(data: Pdf, found: list[Node]) -> Iterator[Finding]:
    if not data.expected.qr_code:
        return
    url, alt = data.expected.qr_code
    if not any(key(node.alt or "") == key(alt) for node in found):
        yield Finding(f"no Figure has the QR code's alt text “{alt}”", rule="13-004",
                      help=f"the QR code of {url} must say what it opens")


@_check("pdf.lists", "Lists tagged L, LI, Lbl and LBody; terms label their definitions",
        (pdfua("7.2", "09-005", "List structure"), wcag("1.3.1")),
        "Every L holds only LI, L and a first Caption, every LI only Lbl and LBody (ISO "
        "32000-1 Table 336), and each term of a definition list is the Lbl of the item whose "
        "LBody holds its definition.",
        applies=lambda data: bool(data.expected.terms or _count(data, "L")))
def lists(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    yield from pdfroles.list_findings(data.tree)
    yield from pdfroles.term_findings(data.tree, data.expected.terms)


@_check("pdf.headings", "Headings nested without skips and matching the source",
        (pdfua("7.4", "14-003", "Headings"), wcag("1.3.1"), wcag("2.4.6")),
        "H1 to H6 tags start at H1, never skip a level going down, and read the same text at "
        "the same levels as the source (title, then the body's headings).")
def headings(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    found = pdf_headings(data.tree)
    if data.tree.find("H") and found:
        yield Finding("the document uses both H and H1-H6 tags", rule="14-007")
    previous = 0
    for level, text in found:
        if previous == 0 and level != 1:
            yield Finding(f"the first heading is H{level} (“{text}”), not H1", rule="14-002")
        elif level > previous + 1 and previous:
            yield Finding(f"H{level} “{text}” follows H{previous}: a level is skipped",
                          rule="14-003")
        previous = level
    for problem in compare_headings(found, data.expected.headings):
        yield Finding(problem)


def pdf_headings(tree: Tree) -> list[tuple[int, str]]:
    found = []
    for node in tree.root.walk():
        match = HEADING.match(node.type)
        if match:
            found.append((int(match.group(1)), norm(tree.text(node))))
    return found


@_check("pdf.tables", "Each table is one Table with TH cells that carry a Scope",
        (pdfua("7.5", "15-003", "Tables: TH Scope"),
         pdfua("7.2", "09-004", "Table structure"), wcag("1.3.1")),
        "Each source table is one Table element (never a Table inside a Table), built of "
        "TR/THead/TBody/TFoot/Caption with at most one THead, TFoot and Caption, whose TH cells "
        "have a Scope and read as the source's header cells.",
        applies=lambda data: bool(data.expected.tables or _count(data, "Table")))
def tables(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    found = data.tree.find("Table")
    for number, table in enumerate(found, start=1):
        yield from _table_shape(table, number)
        for cell in (n for n in table.walk() if n.type == "TH"):
            if "Scope" not in cell.attributes and "Headers" not in cell.attributes:
                yield Finding(f"table {number}: header cell “{norm(data.tree.text(cell))}” has "
                              "no Scope", rule="15-003",
                              help="give TH cells /Scope /Column or /Row")
    outer = data.tree.outer_tables()
    if len(outer) != len(data.expected.tables):
        yield Finding(f"the PDF has {len(outer)} table(s); the source has "
                      f"{len(data.expected.tables)}")
    for number, (table, wanted) in enumerate(zip(outer, data.expected.tables, strict=False), 1):
        have = tuple(norm(data.tree.text(n)) for n in table.walk() if n.type == "TH")
        if [key(h) for h in have] != [key(w) for w in wanted]:
            yield Finding(f"table {number}: header cells are {list(have)}, the source has "
                          f"{list(wanted)}")


def _table_shape(table: Node, number: int) -> Iterator[Finding]:
    yield from pdfroles.table_part_findings(table, number)
    for child in table.children:
        if child.type == "Table":
            yield Finding(f"table {number} is split into nested Table elements (a table that "
                          "crosses a page break)", rule="09-004",
                          help="keep the table on one page or merge the parts")
        elif child.type not in TABLE_PARTS:
            yield Finding(f"table {number} holds a {child.type} element directly", rule="09-004")


@_check("pdf.links", "Links tagged with a text alternative",
        (pdfua("7.18.5", "28-011", "Link annotations inside Link tags"),
         pdfua("7.18.5", "28-012", "Link annotations have Contents"),
         pdfua("7.18.3", "28-008", "Pages with annotations have Tabs /S"),
         pdfua("7.1", "09-002", "Structure elements nested as their meaning needs"),
         wcag("2.4.4")),
        "Every link annotation belongs to a Link tag that has text, has a Contents "
        "description, and its page orders annotations by structure (Tabs /S); one link is one "
        "Link tag (not a Link inside a Link, nor neighbouring Links to one target).",
        applies=lambda data: bool(data.expected.links or _count(data, "Link")
                                  or link_targets(data.pdf)))
def links(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    tagged_links = {annot.objgen for node in data.tree.find("Link") for annot in node.annotations
                    if isinstance(annot, pikepdf.Dictionary)}
    for node in data.tree.find("Link"):
        if not norm(data.tree.text(node)) and not norm(node.alt or ""):
            yield Finding("a Link tag has neither text nor Alt", rule="28-011")
    for number, page in enumerate(data.pdf.pages, start=1):
        annotations = [a for a in page.get("/Annots") or [] if a.get("/Subtype") == "/Link"]
        if annotations and page.get("/Tabs") != "/S":
            yield Finding("the page has links but no Tabs /S", f"page {number}", "28-008")
        for annot in annotations:
            target = _target(annot)
            if annot.objgen not in tagged_links:
                yield Finding(f"the link to {target} is not inside a Link tag", f"page {number}",
                              "28-011")
            if not norm(str(annot.get("/Contents", ""))):
                yield Finding(f"the link to {target} has no Contents (alternate description)",
                              f"page {number}", "28-012")
    yield from pdfroles.link_findings(data.tree)


def _target(annot: Any) -> str:
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
        return str(action.URI)
    return "a place in the document"


def link_targets(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get("/A")
            if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                found.append(str(action.URI))
    return found


@_check("pdf.artifacts", "Running headers, footers and page numbers are artifacts",
        (pdfua("7.8", "18-001", "Page headers and footers"), wcag("1.3.1")),
        "No tagged text looks like a running header, footer or page number: text within "
        f"{EDGE_PT:.0f} pt of the top or bottom edge, or, above or below all of a page's "
        "other text (in its top or bottom margin band), “Page N” or “N of M”, or the same text "
        "at the same height on half the pages or more (and on two at least).",
        needs_tree=False)
def artifacts(data: Pdf) -> Iterator[Finding]:
    lines = [line for page in data.pages for line in _tagged_lines(page)]
    # A running header is on (nearly) every page; a bullet or a table's label that happens to
    # open a few of a long edition's pages is not one, nor are two cells of one row.
    running = max(2, -(-len(data.pages) // 2))
    spots: dict[tuple[str, int], set[int]] = {}
    for line in lines:
        spots.setdefault(line.spot, set()).add(line.page)
    repeated = {spot for spot, pages in spots.items() if len(pages) >= running}
    furniture = {line for line in lines
                 if line.spot in repeated or PAGE_NUMBER.match(norm(line.text))}
    bands = _body_bands([line for line in lines if line not in furniture])
    for line in lines:
        why = _why(line, line in furniture and _in_margin_band(line, bands))
        if why:
            yield Finding(f"“{norm(line.text)[:60]}” {why} but is tagged as content",
                          f"page {line.page + 1}", "18-001",
                          "mark running headers, footers and page numbers as pagination "
                          "artifacts")


def _why(line: _Line, furniture: bool) -> str:
    if line.at_edge:
        return "is at the edge of the page"
    if not furniture:
        return ""
    return "is a page number" if PAGE_NUMBER.match(norm(line.text)) else "repeats on every page"


@dataclass(frozen=True)
class _Line:
    """The tagged text of one marked-content sequence, where it starts on its page, and how
    far down and up its lines reach."""

    page: int
    text: str
    y: float
    low: float
    high: float
    at_edge: bool
    in_margin_zone: bool

    @property
    def spot(self) -> tuple[str, int]:
        return key(self.text), round(self.y)


def _tagged_lines(page: PageContent) -> Iterator[_Line]:
    heights: dict[int, list[float]] = {}
    for run in page.runs:
        if run.mcid is not None and not run.artifact and run.text.strip():
            heights.setdefault(run.mcid, []).append(run.y)
    for mcid, text in page.mcid_text().items():
        if mcid in heights and norm(text):
            y = heights[mcid][0]
            edge = min(y, page.height - y)
            yield _Line(page.index, text, y, min(heights[mcid]), max(heights[mcid]),
                        edge < EDGE_PT, edge < page.height * MARGIN_ZONE)


def _body_bands(body: list[_Line]) -> dict[int, tuple[float, float]]:
    """Each page's content area, read from the layout: from the lowest to the highest line of
    its text that neither repeats from page to page nor reads like a page number."""
    bands: dict[int, tuple[float, float]] = {}
    for line in body:
        low, high = bands.get(line.page, (line.low, line.high))
        bands[line.page] = (min(low, line.low), max(high, line.high))
    return bands


def _in_margin_band(line: _Line, bands: dict[int, tuple[float, float]]) -> bool:
    """Near the top or bottom of the page, and wholly above or below its content area:
    where running heads and page numbers go, and table cells and list labels never do."""
    band = bands.get(line.page)
    if not line.in_margin_zone:
        return False
    if band is None:
        return True
    low, high = band
    return line.low > high + LINE_TOLERANCE or line.high < low - LINE_TOLERANCE


@_check("pdf.bookmarks", "Bookmarks present",
        (pdfua("7.1", "", "Navigation: document outline"), wcag("2.4.5")),
        "The outline (bookmarks) lists the guide's headings, in order.",
        needs_tree=False)
def bookmarks(data: Pdf) -> Iterator[Finding]:
    with data.pdf.open_outline() as outline:
        titles = [norm(item.title) for item in _outline_items(outline.root)]
    if not titles:
        yield Finding("the PDF has no bookmarks (document outline)")
        return
    have = {key(t) for t in titles}
    for level, text in data.expected.headings:
        if key(text) not in have:
            yield Finding(f"the h{level} “{text}” has no bookmark")


def _outline_items(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _outline_items(item.children)


@_check("pdf.reading-order", "Text follows the source's reading order",
        (pdfua("7.1", "", "Logical reading order"), wcag("1.3.2")),
        "The first words of every heading and paragraph of the source appear in the same order "
        "in the tag tree's text (what assistive technology reads) and in the page content's "
        "text (what text extraction and reflow read).")
def reading_order(data: Pdf) -> Iterator[Finding]:
    assert data.tree is not None
    sources = {"tag tree": data.tree.reading_text(),
               "page content": " ".join(page.text() for page in data.pages)}
    for name, text in sources.items():
        for problem in find_in_order(text, data.expected.anchors):
            yield Finding(problem, f"{name} order", "reading-order")


CHECKS: tuple[Callable[[Pdf], Check], ...] = (
    tagged, content_marked, language, title, pdfua_identifier, fonts, unicode, figures,
    lists, headings, tables, links, artifacts, bookmarks, reading_order,
)


class PdfStructureValidator(OutputValidator):
    """The project's own PDF/UA-1 checks over the tag tree and the page content."""

    name = "pdf-structure"
    formats = ("pdf", "large-print")
    order = 60
    needs = (tools.PIKEPDF,)

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome(check(output.path, output.target.expected, output.format))
                for output in outputs]
