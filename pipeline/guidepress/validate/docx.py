"""Accessibility checks of a Word document, read from its XML (no offline checker exists).

`check` is pure: it reads the package (safely: no entities, no DTDs, capped sizes) and returns
one finding per problem, each naming its check (`rule`) and where it is (a paragraph number,
with the heading or text it holds). `checks` groups them into the conformance report's checks.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from guidepress import __version__
from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.read.frontmatter import well_formed_lang
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.expect import Expected, key, norm
from guidepress.validate.refs import Ref, wcag
from guidepress.validate.report import Check, Finding, judged

TOOL = "guidepress docx checks"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
DC = "http://purl.org/dc/elements/1.1/"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
MAIN_PART = "word/document.xml"
MAX_ENTRIES = 2000
MAX_PART_BYTES = 32 * 1024 * 1024
# Parts that hold text a reader meets: the body, notes, headers and footers.
TEXT_PARTS = re.compile(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml")
HEADING_NAME = re.compile(r"heading ([1-9])", re.IGNORECASE)
# Elements that give a paragraph content even without text.
CONTENT = (*(f"{{{W}}}{name}" for name in (
    "drawing", "pict", "object", "footnoteReference", "endnoteReference", "fldSimple",
    "fldChar", "sym", "ptab")), f"{{{A}}}graphic")
FALSE = {"0", "false", "off"}

RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "package": ("The file is a readable Word document", ("4.1.2",),
                "The file is a ZIP package with the main document part, in well-formed XML."),
    "language": ("The document's language is set", ("3.1.1",),
                 "The default run properties name the guide's language (w:lang)."),
    "title": ("The document has the guide's title", ("2.4.2",),
              "The core properties carry a title (dc:title), the guide's own."),
    "headings": ("One Heading 1, and heading levels never skip", ("1.3.1", "2.4.6"),
                 "Headings use Word's heading styles or outline levels; exactly one is level 1 "
                 "and each is at most one level deeper than the one before."),
    "alt-text": ("Every picture has alt text", ("1.1.1",),
                 "Each drawing has a description (wp:docPr/@descr) unless marked decorative."),
    "table-header": ("Every table has a repeating header row", ("1.3.1",),
                     "The first row of each table is marked as a header row (w:tblHeader)."),
    "empty-paragraphs": ("No empty paragraphs used for spacing", ("1.3.1",),
                         "No two empty paragraphs in a row, and no empty paragraph between "
                         "two blocks; spacing comes from the styles."),
    "text-boxes": ("No text boxes", ("1.3.2",),
                   "No text sits in text boxes (w:txbxContent, v:textbox, wps:txbx), which "
                   "screen readers may skip or read out of order."),
    "footnotes": ("Notes are Word footnotes", ("1.3.1",),
                  "Each note of the source is a real footnote, referenced from the text."),
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def finding(rule: str, message: str, where: str = "", hint: str = "") -> Finding:
    return Finding(message, where, rule, hint, RULES[rule][1])


# Reading the package ---------------------------------------------------------------------

@dataclass
class Package:
    parts: dict[str, etree._Element] = field(default_factory=dict)

    @property
    def body(self) -> etree._Element:
        return self.parts[MAIN_PART]

    @functools.cached_property
    def numbers(self) -> dict[etree._Element, int]:
        """Each body paragraph's number, counted from 1 in reading order. (The keys keep lxml's
        element proxies alive, so the same paragraph found again is the same key.)"""
        return {p: n for n, p in enumerate(self.body.iter(w("p")), start=1)}

    def text_parts(self) -> Iterator[tuple[str, etree._Element]]:
        for name in sorted(self.parts):
            if TEXT_PARTS.fullmatch(name):
                yield name, self.parts[name]


def read(path: Path) -> tuple[Package | None, list[Finding]]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                return None, [finding("package", f"the package has {len(infos)} parts, more "
                                      f"than the {MAX_ENTRIES} this check reads")]
            package = Package()
            for info in infos:
                if info.filename.endswith(".xml") and info.filename != "[Content_Types].xml":
                    package.parts[info.filename] = _parse(_read_capped(archive, info))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return None, [finding("package", f"the file is not a readable DOCX package: {exc}")]
    except etree.XMLSyntaxError as exc:
        return None, [finding("package", f"a part is not well-formed XML: {exc.msg}")]
    if MAIN_PART not in package.parts:
        return None, [finding("package", f"the package has no {MAIN_PART}")]
    return package, []


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """At most MAX_PART_BYTES of a part, whatever its header claims (no zip bombs)."""
    with archive.open(info) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ValueError(f"{info.filename} is larger than {MAX_PART_BYTES} bytes")
    return data


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False)
    return etree.fromstring(data, parser)


# Where things are ------------------------------------------------------------------------

def text_of(element: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(w("t"))).split())


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def place(package: Package, element: etree._Element) -> str:
    """`paragraph N` (counted in the body) for anything in or holding a body paragraph (a
    table: its first), else the part's name."""
    node: etree._Element | None = element
    while node is not None:
        if node in package.numbers:
            return f"paragraph {package.numbers[node]}"
        node = node.getparent()
    first = next(element.iter(w("p")), None)
    if first is not None and first in package.numbers:
        return f"paragraph {package.numbers[first]}"
    for name, root in package.parts.items():
        if root is element.getroottree().getroot():
            return name
    return ""


# The checks ------------------------------------------------------------------------------

def check(path: Path, *, title: str | None = None, lang: str | None = None,
          notes: int = 0) -> list[Finding]:
    """Every problem found in the DOCX at `path`. `title` and `lang` are the guide's, when
    known; `notes` is how many notes its source has."""
    package, problems = read(path)
    if package is None:
        return problems
    return found_in(package, title, lang, notes)


def found_in(package: Package, title: str | None, lang: str | None,
             notes: int) -> list[Finding]:
    return [*language(package, lang), *core_title(package, title), *headings(package),
            *alt_text(package), *table_headers(package), *empty_paragraphs(package),
            *text_boxes(package), *footnotes(package, notes)]


def language(package: Package, expected: str | None) -> Iterator[Finding]:
    styles = package.parts.get("word/styles.xml")
    found = None
    if styles is not None:
        found = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    value = found.get(w("val"), "") if found is not None else ""
    if not value:
        yield finding("language", "the document's default language (w:lang) is not set",
                      "word/styles.xml", "set the language in the default run properties")
    elif not well_formed_lang(value):
        yield finding("language", f"the default language “{value}” is not a BCP 47 tag",
                      "word/styles.xml")
    elif expected and value.casefold() != expected.casefold():
        yield finding("language", f"the default language is “{value}”, not the guide's "
                      f"“{expected}”", "word/styles.xml")


def core_title(package: Package, expected: str | None) -> Iterator[Finding]:
    core = package.parts.get("docProps/core.xml")
    element = core.find(f"{{{DC}}}title") if core is not None else None
    value = norm(element.text or "") if element is not None else ""
    if not value:
        yield finding("title", "the document properties have no title (dc:title)",
                      "docProps/core.xml")
    elif expected and key(value) != key(expected):
        yield finding("title", f"the document title is “{value}”, not the guide's "
                      f"“{norm(expected)}”", "docProps/core.xml")


@dataclass(frozen=True)
class StyleInfo:
    name: str
    based_on: str
    outline: int | None  # 0-based outline level the style gives, if any


def style_table(package: Package) -> dict[str, StyleInfo]:
    styles = package.parts.get("word/styles.xml")
    table: dict[str, StyleInfo] = {}
    if styles is None:
        return table
    for style in styles.iter(w("style")):
        name = style.find(w("name"))
        based = style.find(w("basedOn"))
        outline = style.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        table[style.get(w("styleId"), "")] = StyleInfo(
            name.get(w("val"), "") if name is not None else "",
            based.get(w("val"), "") if based is not None else "",
            _int(outline.get(w("val"))) if outline is not None else None)
    return table


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def heading_level(paragraph: etree._Element, styles: dict[str, StyleInfo]) -> int | None:
    """1-9 for a heading (by its own outline level, or its style's), None for body text."""
    direct = paragraph.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
    if direct is not None:
        return _level(_int(direct.get(w("val"))))
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    style_id = style.get(w("val"), "") if style is not None else ""
    seen: set[str] = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        info = styles[style_id]
        named = HEADING_NAME.fullmatch(info.name)
        if named:
            return int(named.group(1))
        if info.outline is not None:
            return _level(info.outline)
        style_id = info.based_on
    return None


def _level(outline: int | None) -> int | None:
    return outline + 1 if outline is not None and outline < 9 else None


def headings(package: Package) -> Iterator[Finding]:
    styles = style_table(package)
    previous = 0
    top: list[str] = []
    for number, paragraph in enumerate(package.body.iter(w("p")), start=1):
        level = heading_level(paragraph, styles)
        if level is None:
            continue
        text = shorten(text_of(paragraph)) or "(empty)"
        where = f"paragraph {number}, heading “{text}”"
        if level == 1:
            top.append(where)
        if level > previous + 1:
            came = f"after a level-{previous} heading" if previous else "as the first heading"
            yield finding("headings", f"a level-{level} heading comes {came}: a level is "
                          "skipped", where, "use the next heading level down")
        previous = level
    if not top:
        yield finding("headings", "the document has no Heading 1 (the title should be one)",
                      "", "style the title as Heading 1, not Title")
    for where in top[1:]:
        yield finding("headings", f"a second Heading 1 (the first is at {top[0]})", where,
                      "the title is the one Heading 1; use Heading 2 for sections")


def alt_text(package: Package) -> Iterator[Finding]:
    for _name, root in package.text_parts():
        for doc_pr in root.iter(f"{{{WP}}}docPr"):
            if (doc_pr.get("descr") or "").strip() or _decorative(doc_pr):
                continue
            label = doc_pr.get("name") or "picture"
            yield finding("alt-text", f"the picture “{label}” (id {doc_pr.get('id', '?')}) has "
                          "no alt text", place(package, doc_pr),
                          "describe it in the picture's alt text, or mark it decorative")
        for shape in root.iter(f"{{{V}}}shape"):
            if shape.find(f"{{{V}}}imagedata") is not None and not (shape.get("alt") or
                                                                     "").strip():
                yield finding("alt-text", "a VML picture has no alt text",
                              place(package, shape))


def _decorative(doc_pr: etree._Element) -> bool:
    return any(mark.get("val", "") not in FALSE
               for mark in doc_pr.iter(f"{{{DECORATIVE}}}decorative"))


def table_headers(package: Package) -> Iterator[Finding]:
    for _name, root in package.text_parts():
        for number, table in enumerate(root.iter(w("tbl")), start=1):
            first = table.find(w("tr"))
            if first is None:
                continue
            mark = first.find(f"{{{W}}}trPr/{{{W}}}tblHeader")
            if mark is not None and mark.get(w("val"), "on") not in FALSE:
                continue
            caption = table.find(f"{{{W}}}tblPr/{{{W}}}tblCaption")
            named = f" “{caption.get(w('val'))}”" if caption is not None else ""
            yield finding("table-header", f"table {number}{named} has no header row marked "
                          "to repeat (w:tblHeader)", place(package, table),
                          "mark the first row as a header row that repeats on each page")


def is_empty(paragraph: etree._Element) -> bool:
    if text_of(paragraph):
        return False
    if paragraph.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None:
        return False  # carries a section break
    if any(True for _ in paragraph.iter(*CONTENT)):
        return False
    return not any(br.get(w("type")) in ("page", "column") for br in paragraph.iter(w("br")))


def empty_paragraphs(package: Package) -> Iterator[Finding]:
    containers = [package.body.find(w("body")), *package.body.iter(w("tc"))]
    for container in containers:
        if container is None:
            continue
        blocks = [child for child in container if child.tag in (w("p"), w("tbl"), w("sdt"))]
        for run in _spacer_runs(blocks):
            before = _neighbour_text(blocks, blocks.index(run[0]) - 1)
            where = place(package, run[0]) + (
                f", after “{before}”" if before else "")
            what = (f"{len(run)} empty paragraphs in a row" if len(run) > 1
                    else "an empty paragraph between two blocks")
            yield finding("empty-paragraphs", f"{what}, used for spacing", where,
                          "remove it; space comes from the paragraph styles")


def _spacer_runs(blocks: list[etree._Element]) -> Iterator[list[etree._Element]]:
    """Runs of empty paragraphs that are either two or more long or between two blocks."""
    index = 0
    while index < len(blocks):
        if not (blocks[index].tag == w("p") and is_empty(blocks[index])):
            index += 1
            continue
        end = index
        while end + 1 < len(blocks) and blocks[end + 1].tag == w("p") and is_empty(
                blocks[end + 1]):
            end += 1
        run = blocks[index:end + 1]
        if len(run) > 1 or (index > 0 and end + 1 < len(blocks)):
            yield run
        index = end + 1


def _neighbour_text(blocks: list[etree._Element], index: int) -> str:
    return shorten(text_of(blocks[index]), 40) if 0 <= index < len(blocks) else ""


TEXT_BOXES = {f"{{{V}}}textbox": "a VML text box (v:textbox)",
              f"{{{WPS}}}txbx": "a drawing text box (wps:txbx)",
              f"{{{W}}}txbxContent": "a text box (w:txbxContent)"}


def text_boxes(package: Package) -> Iterator[Finding]:
    """One finding per box: the content inside a VML or drawing box is the same box."""
    for name, root in package.text_parts():
        for box in root.iter(*TEXT_BOXES):
            if any(outer.tag in TEXT_BOXES for outer in box.iterancestors()):
                continue
            where = place(package, box) if name == MAIN_PART else name
            text = shorten(text_of(box), 40)
            yield finding("text-boxes", TEXT_BOXES[box.tag] + (
                f" holding “{text}”" if text else ""), where,
                "move the text into the body, with a style")


def footnotes(package: Package, notes: int) -> Iterator[Finding]:
    if notes <= 0:
        return
    part = package.parts.get("word/footnotes.xml")
    real = [note for note in part.iter(w("footnote"))
            if note.get(w("type"), "normal") == "normal"] if part is not None else []
    references = list(package.body.iter(w("footnoteReference")))
    if len(real) < notes:
        yield finding("footnotes", f"the source has {_count(notes, 'note')} but the document "
                      f"has {_count(len(real), 'footnote')}", "word/footnotes.xml",
                      "write the notes as Word footnotes, not as text")
    if len(references) < notes:
        yield finding("footnotes", f"the source has {_count(notes, 'note')} but the text "
                      f"refers to {_count(len(references), 'footnote')}", MAIN_PART)
    ids = {note.get(w("id")) for note in real}
    for reference in references:
        if reference.get(w("id")) not in ids:
            yield finding("footnotes", f"a footnote reference points at no footnote "
                          f"(id {reference.get(w('id'))})", place(package, reference))


def notes_in(document: Document) -> int:
    """How many notes the guide's source has (the `notes` that `check` takes)."""
    return sum(1 for element in pandocast.walk(document.ast["blocks"]) if element["t"] == "Note")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


# For the conformance report -------------------------------------------------------------

def checks(path: Path, wanted: Expected, notes: int) -> list[Check]:
    """One check per rule, each passing when it found nothing."""
    package, problems = read(path)
    if package is None:
        return [_judged("package", problems)]
    by_rule: dict[str, list[Finding]] = {rule: [] for rule in RULES}
    for item in found_in(package, wanted.title, wanted.lang, notes):
        by_rule[item.rule].append(item)
    has = {"alt-text": _any(package, f"{{{WP}}}docPr", f"{{{V}}}imagedata"),
           "table-header": _any(package, w("tbl")), "footnotes": notes > 0}
    return [_judged(rule, items, applies=has.get(rule, True)) for rule, items in by_rule.items()]


def _any(package: Package, *tags: str) -> bool:
    return any(True for _name, root in package.text_parts() for _ in root.iter(*tags))


def _judged(rule: str, items: Iterable[Finding], applies: bool = True) -> Check:
    title, criteria, detail = RULES[rule]
    refs: tuple[Ref, ...] = tuple(wcag(criterion) for criterion in criteria)
    return judged(f"docx.{rule}", "docx", title, TOOL, __version__, refs, items, detail,
                  applies)


class DocxValidator(OutputValidator):
    """The project's own accessibility checks of each Word document (no offline checker of
    Word's exists): language, title, headings, alt text, header rows, spacing, text boxes."""

    name = "docx"
    formats = ("docx",)
    order = 75

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome(checks(output.path, output.target.expected,
                               output.target.expected.notes)) for output in outputs]
