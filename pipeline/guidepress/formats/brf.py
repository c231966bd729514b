"""The braille edition: Unified English Braille grade 2 (contracted), as a BRF file for embossers
and braille displays.

What it says is what the text edition says (the same writer reads the AST): each table read row
by row, abbreviations spelled out at first use, links followed by their address in full, notes
at the end. liblouis translates it (`louis.py`, tables `en-us-brf.dis,en-ueb-g2.ctb`: contracted
UEB in the upper-case North American ASCII braille of BRF files); the project lays it out itself
(`brfpages.py`), because liblouisutdml's `file2brl` drops list numbers and bullets, runs table
rows into one another and writes files into the working folder.

The layout follows BANA's Braille Formats (2016) for a one-volume book without print page
numbers or running heads:
- t-pages first: the title page (t1); a special symbols page when the edition uses a symbol a
  reader may not know (the transcriber's note indicators, the line continuation indicator); a
  contents page, with guide dots and braille page numbers, when the body runs past
  CONTENTS_AFTER pages. The body's pages are numbered from 1, at the right of line 25.
- the title centred on page 1; headings of levels 1 and 2 centred with a blank line before and
  after, level 3 in cell 5 and levels 4 to 6 in cell 7, each with a blank line before;
- paragraphs in cell 3, running over to cell 1; list items in cell 1 with their number or
  bullet, running over to cell 3 (a nested list two cells further in), with a blank line before
  and after the list; a table row's first cell in cell 1, each other cell as `Header: value` in
  cell 3, running over to cell 5;
- an image becomes a transcriber's note between UEB's transcriber's note indicators, holding
  its text alternative (its own lines in cell 7, running over to cell 5, for a figure; within
  the line for an image inside text). Emphasis is not shown, as in the text edition.

Only guides in English get braille: UEB and BANA's formats are for English, and so are the
words this edition adds. For any other `lang`, `render` gives a one-page BRF that says so, and
`skip_reason` tells the build why, so that it can leave the file out rather than fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from guidepress.errors import ToolError
from guidepress.formats import brfpages as pages
from guidepress.formats import louis
from guidepress.formats.base import Format, RenderContext
from guidepress.formats.txt import BULLET, TextWriter, already_expanded, dateline
from guidepress.read import pandocast
from guidepress.read.document import Document

# UEB's transcriber's note indicators, as braille patterns that liblouis passes through
# (dots 4, 46, 126 and 4, 46, 345; `@.<` and `@.>` in BRF).
TN_OPEN, TN_CLOSE = "\u2808\u2828\u2823", "\u2808\u2828\u281c"
TN_OPEN_BRF, TN_CLOSE_BRF = "@.<", "@.>"
# A guide whose body runs past this many braille pages gets a contents page.
CONTENTS_AFTER = 3
SYMBOLS = {
    TN_OPEN_BRF: "opening transcriber's note indicator",
    TN_CLOSE_BRF: "closing transcriber's note indicator",
    pages.CONTINUATION: "line continuation indicator (at the end of a line where a web or "
                        "e-mail address goes on)",
}
# Words of the t-pages, translated with everything else.
PHRASES = ("Contents", "Braille pages", "to", "and")
BRF_CHARACTERS = frozenset(map(chr, range(0x20, 0x60)))


class BrailleFormat(Format):
    name = "brf"
    weight = 0.05
    label = "Braille"
    kind = "BRF, UEB grade 2"
    order = 50
    suffix = ".brf"
    # No media type is registered for BRF; Debian's and Apache's mime.types call it text/plain,
    # which would offer braille cells to a print reader as text. This is the one braille tools
    # and web sites use.
    media_type = "application/x-brf"

    def skip_reason(self, document: Document) -> str | None:
        return skip_reason(document)

    def fingerprints(self) -> dict[str, str]:
        # liblouis is not a Python package: its tables change the braille.
        try:
            return {"tool:liblouis": louis.version()}
        except ToolError:
            return {"tool:liblouis": "missing"}

    def render(self, document: Document, context: RenderContext) -> bytes:
        reason = skip_reason(document)
        text = notice(reason) if reason else BrailleWriter(document).write()
        return text.encode("ascii")


def skip_reason(document: Document) -> str | None:
    """Why `document` gets no braille edition, or None when it gets one."""
    lang = document.guide.meta.lang
    if lang.split("-", 1)[0].lower() != "en":
        return (f"the guide is written in {lang}; braille editions are made only for guides "
                "in English, in Unified English Braille")
    if not louis.installed():
        return f"liblouis is not installed ({louis.INSTALL_HINT}, or run `make build`)"
    return None


@dataclass(frozen=True)
class Block:
    """A piece of print text and where BANA's formats place it."""

    text: str
    first: int = 2  # blank cells before its first line (2: a paragraph starts in cell 3)
    runover: int = 0  # blank cells before its other lines
    centred: bool = False
    blank_before: bool = False
    blank_after: bool = False
    keep: bool = False  # never the last thing on a page (headings)
    new_page: bool = False
    heading: int = 0  # the level of a heading of the body, for the contents
    symbol: str = ""  # braille set before the text as it is (on the special symbols page)


class BrailleText(TextWriter):
    """The text edition's words, with each image inside a line as a transcriber's note, the
    notes gathered at the end (`BrailleWriter.body`), and a hard line break as a space."""

    def image(self, alt: str) -> str:
        return f"{TN_OPEN}{alt}{TN_CLOSE}" if alt else ""

    def note_mark(self, number: int) -> str:
        return f" (see note {number})"

    def line_break(self) -> str:
        return " "


@dataclass
class BrailleWriter:
    document: Document
    text: BrailleText = field(init=False)
    braille: dict[str, str] = field(default_factory=dict)  # print text -> BRF

    def __post_init__(self) -> None:
        self.text = BrailleText(self.document)
        self.text.expanded = already_expanded(self.document)

    def write(self) -> str:
        body, title, symbols = self.body(), self.title_page(), symbols_page()
        self.translate([*body, *title, *symbols], PHRASES)
        laid = [self.lay(block, str(index)) for index, block in enumerate(body)]
        pager = pages.Pager(lambda index: pages.number(index + 1))
        body_pages = pager.add_all(laid)
        used = self.symbols_used(body, laid)
        extra = []  # the t-pages after the title page
        if used:
            extra += t_pages(self.lay(block) for block in symbols
                             if not block.symbol or block.symbol in used)
        if len(body_pages) > CONTENTS_AFTER:
            extra += t_pages(self.contents(body, pager.marks))
        front = self.title_pages(title, len(extra), len(body_pages)) + extra
        return numbered(front, body_pages)

    # What is written -------------------------------------------------------------------------

    def body(self) -> list[Block]:
        meta = self.document.guide.meta
        out = [Block(meta.title, centred=True, blank_after=True, keep=True, new_page=True)]
        out += self.blocks(self.document.ast["blocks"], 2, 0, 0)
        if self.text.notes:
            out.append(heading("Notes", 2))
            out += set_apart([Block(f"{number}. {note}", 0, 2)
                              for number, note in enumerate(self.text.notes, start=1)])
        return out + set_apart([Block(line, 0, 2) for line in self.text.colophon()])

    def title_page(self) -> list[Block]:
        meta = self.document.guide.meta
        out = [Block(meta.title, centred=True, new_page=True)]
        if meta.subtitle:
            out.append(Block(meta.subtitle, centred=True))
        out.append(Block(dateline(meta), centred=True, blank_before=True))
        if meta.publisher:
            out.append(Block(f"Published by {meta.publisher}", centred=True, blank_before=True))
        if meta.license:
            out.append(Block(f"License: {meta.license}", centred=True))
        return [*out, Block("Unified English Braille, grade 2 (contracted)", centred=True,
                            blank_before=True)]

    def blocks(self, blocks: list[Any], first: int, runover: int, depth: int) -> list[Block]:
        return [out for block in blocks for out in self.block(block, first, runover, depth)]

    def block(self, block: pandocast.Element, first: int, runover: int, depth: int) -> list[Block]:
        kind: str = block["t"]
        content: Any = block.get("c")
        if kind in ("Para", "Plain"):
            return paragraph(self.text.inlines(content), first, runover)
        if kind == "Header":
            return [heading(self.text.inlines(content[2]), content[0])]
        if kind == "BulletList":
            return self.list_items(content, depth, lambda number: BULLET)
        if kind == "OrderedList":
            start = content[0][0]
            return self.list_items(content[1], depth, lambda number: f"{start + number}. ")
        if kind == "DefinitionList":
            return self.definitions(content, depth)
        if kind == "Table":
            return self.table(block)
        if kind == "Figure":
            return self.figure(block)
        if kind == "BlockQuote":
            return set_apart(self.blocks(content, first, runover, depth))
        if kind == "CodeBlock":
            return set_apart([Block(line, 0, 2) for line in content[1].splitlines()
                              if line.strip()])
        if kind == "Div":
            return self.blocks(content[1], first, runover, depth)
        if kind == "LineBlock":
            return [out for line in content for out in paragraph(self.text.inlines(line), 0, 2)]
        return []  # HorizontalRule and raw blocks carry no words

    def list_items(self, items: list[Any], depth: int, marker: Callable[[int], str]
                   ) -> list[Block]:
        out = []
        for number, item in enumerate(items):
            lead, rest = "", item
            if item and item[0]["t"] in ("Para", "Plain"):
                lead, rest = self.text.inlines(item[0]["c"]), item[1:]
            out.append(Block(marker(number) + lead, 2 * depth, 2 * depth + 2))
            out += self.blocks(rest, 2 * depth + 2, 2 * depth + 2, depth + 1)
        return set_apart(out) if depth == 0 else out

    def definitions(self, items: list[Any], depth: int) -> list[Block]:
        out = []
        for term, definitions in items:
            label = self.text.inlines(term)
            out += [Block(f"{label}: {self.text.flat(blocks)}", 2 * depth, 2 * depth + 2)
                    for blocks in definitions]
        return set_apart(out)

    def table(self, block: pandocast.Element) -> list[Block]:
        table = self.text.linear_table(block)
        out = [Block(table.title, 0, 2)]
        if table.columns:
            out.append(Block(table.columns, 0, 2))
        for first, labelled in table.rows:
            out += paragraph(first, 0, 4)
            out += [Block(item, 2, 4) for item in labelled]
        return set_apart(out)

    def figure(self, block: pandocast.Element) -> list[Block]:
        label, alts = self.text.figure_parts(block)
        out = paragraph(f"Figure: {label}", 2, 0) if label else []
        return out + [Block(f"{TN_OPEN}Image description: {alt}{TN_CLOSE}", 6, 4)
                      for alt in alts]

    # Braille ---------------------------------------------------------------------------------

    def translate(self, blocks: Iterable[Block], phrases: Iterable[str]) -> None:
        self.braille = translated(blocks, phrases)

    def lay(self, block: Block, mark: str = "") -> pages.Laid:
        return lay(block, self.braille, mark)

    def symbols_used(self, body: list[Block], laid: list[pages.Laid]) -> set[str]:
        used = set()
        if any(TN_OPEN in block.text for block in body):
            used |= {TN_OPEN_BRF, TN_CLOSE_BRF}
        # Dot 5 starts a sign in UEB, so only a divided line ends with it.
        if any(line.endswith(pages.CONTINUATION) for item in laid for line in item.lines):
            used.add(pages.CONTINUATION)
        return used

    def contents(self, body: list[Block], marks: dict[str, int]) -> list[pages.Laid]:
        out = [pages.Laid(tuple(pages.centre(self.braille["Contents"])), blank_after=True,
                          new_page=True)]
        for index, block in enumerate(body):
            if 0 < block.heading <= 3 and str(index) in marks:
                page = pages.number(marks[str(index)] + 1)
                out.append(pages.Laid(tuple(pages.contents_entry(
                    self.braille[block.text], block.heading, page))))
        return out

    def title_pages(self, title: list[Block], after: int, body_pages: int) -> list[list[str]]:
        """The title page, ending with the range of braille pages (which counts it too)."""
        laid = [self.lay(block) for block in title]
        count = 1
        while True:
            span = pages.centre(self.page_span(count + after, body_pages))
            made = t_pages([*laid, pages.Laid(tuple(span), blank_before=True)])
            if len(made) == count:
                return made
            count = len(made)

    def page_span(self, t_count: int, body_pages: int) -> str:
        """`Braille pages t1 to t3 and 1 to 12`, in braille."""
        to, and_ = self.braille["to"], self.braille["and"]
        front = pages.number(1, "T")
        if t_count > 1:
            front += f" {to} {pages.number(t_count, 'T')}"
        body = pages.number(1) + (f" {to} {pages.number(body_pages)}" if body_pages > 1 else "")
        return f"{self.braille['Braille pages']} {front} {and_} {body}"


def translated(blocks: Iterable[Block], phrases: Iterable[str] = ()) -> dict[str, str]:
    """Every text's braille, from one liblouis process for the whole guide."""
    texts = list(dict.fromkeys([*(block.text for block in blocks), *phrases]))
    return dict(zip(texts, map(brf_only, louis.forward(texts)), strict=True))


def lay(block: Block, braille: dict[str, str], mark: str = "") -> pages.Laid:
    """`block` in lines, from its translation in `braille`."""
    cells = " ".join(part for part in (block.symbol, braille[block.text]) if part)
    lines = pages.centre(cells) if block.centred else pages.wrap(cells, block.first,
                                                                 block.runover)
    return pages.Laid(tuple(lines), block.blank_before, block.blank_after, block.keep,
                      block.new_page, mark if block.heading else "")


def paragraph(text: str, first: int, runover: int) -> list[Block]:
    return [Block(text, first, runover)] if text.strip() else []


def heading(text: str, level: int) -> Block:
    if level <= 2:
        return Block(text, centred=True, blank_before=True, blank_after=True, keep=True,
                     heading=level)
    indent = 4 if level == 3 else 6
    return Block(text, indent, indent, blank_before=True, keep=True, heading=level)


def set_apart(blocks: list[Block]) -> list[Block]:
    """`blocks` with a blank line before the first and after the last."""
    if not blocks:
        return blocks
    blocks = [dataclasses.replace(blocks[0], blank_before=True), *blocks[1:]]
    return [*blocks[:-1], dataclasses.replace(blocks[-1], blank_after=True)]


def symbols_page() -> list[Block]:
    """BANA's list of the symbols a reader may not know (those the edition uses are kept)."""
    return [Block("Special Symbols Used in This Volume", centred=True, blank_after=True,
                  new_page=True),
            *(Block(words, 0, 2, symbol=cells) for cells, words in SYMBOLS.items())]


def numbered(front: list[list[str]], body: list[list[str]]) -> str:
    """The whole file: t-pages numbered t1, t2, ..., then the body's pages 1, 2, ..."""
    out = [pages.finish(page, pages.number(index, "T")) for index, page in enumerate(front, 1)]
    out += [pages.finish(page, pages.number(index)) for index, page in enumerate(body, 1)]
    return "\f".join(out)


def t_pages(items: Iterable[pages.Laid]) -> list[list[str]]:
    """Transcriber's pages: line 25 holds nothing but the page number."""
    return pages.Pager(lambda index: "", text_on_last_line=False).add_all(list(items))


def brf_only(braille: str) -> str:
    """liblouis's braille in BRF's characters: upper case, and nothing outside 0x20-0x5F."""
    braille = braille.upper()
    strange = sorted(set(braille) - BRF_CHARACTERS)
    if strange:
        raise ToolError(f"liblouis gave characters that are not BRF: {''.join(strange)!r}",
                        "check the liblouis display table " + louis.UEB_GRADE_2.split(",")[0])
    return braille


def notice(reason: str) -> str:
    """A one-page BRF saying why there is no braille edition."""
    blocks = [Block("No braille edition", centred=True, blank_after=True, new_page=True),
              Block(f"There is no braille edition of this guide: {reason}.", 2, 0)]
    braille = translated(blocks)
    made = pages.Pager(lambda index: pages.number(index + 1)).add_all(
        [lay(block, braille) for block in blocks])
    return numbered([], made)
