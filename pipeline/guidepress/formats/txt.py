"""Plain text for screen readers and plain printers, written from the AST by the project.

It is written to be heard as much as read. Every paragraph-like piece is its own block between
blank lines, and ends with punctuation, so a speech synthesiser pauses where a reader would:

- the title opens the file, with the subtitle and date as blocks of their own; each heading of
  the body is `Section 2: Title` (`Section 2.1: Title` a level deeper, and so on), heard as
  words and seen on any printer, where underlines of `=` or `-` would be read out as symbols;
- lists keep their bullets and numbers, and hard line breaks (addresses) are kept;
- each table row is read out cell by cell, each cell ending its sentence, the others labelled
  with their column's header;
- a note follows the block that cites it (`Note 1: ...`), where a listener needs it;
- a figure is said once: its caption, then its text alternative unless the text after it
  already gives its content (`described.py`);
- links show their address, and each abbreviation is spelled out the first time it appears.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from guidepress.formats.base import Format, RenderContext, long_date
from guidepress.formats.described import described_figures
from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.read.frontmatter import FrontMatter

WIDTH = 72
BULLET = "\u2022 "
NOTE_INDENT = 4
# Stands for a hard line break inside a line of text until `wrap` breaks the line there; any
# other writer that takes the words flat sees whitespace (str.split splits at it).
LINE_BREAK = "\u2028"
# Ends a piece of text for speech; a closing quote or bracket may follow the mark.
_CLOSED = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$")


class TextFormat(Format):
    name = "txt"
    weight = 0.05
    label = "Plain text"
    kind = "plain text"
    order = 40
    suffix = ".txt"
    media_type = "text/plain"

    def render(self, document: Document, context: RenderContext) -> bytes:
        return TextWriter(document).write().encode("utf-8")


@dataclass
class TextWriter:
    document: Document
    notes: list[str] = field(default_factory=list)  # each note, written out
    expanded: set[str] = field(default_factory=set)
    cited: list[str] = field(default_factory=list)  # notes cited by the block being written
    sections: list[int] = field(default_factory=list)  # the heading numbers, level 2 first
    described: set[int] = field(default_factory=set)  # id() of figures described after them

    def write(self) -> str:
        meta = self.document.guide.meta
        self.expanded = already_expanded(self.document)
        self.described = {id(figure) for figure in described_figures(self.document)}
        out = [self.wrap(meta.title, "", "")]
        if meta.subtitle:
            out.append(self.wrap(meta.subtitle, "", ""))
        out.append(dateline(meta))
        for block in self.document.ast["blocks"]:
            out.extend(self.block(block, 0))
            out.extend(self.cited)  # a note right after the block that cites it
            self.cited.clear()
        out.append("\n".join(self.wrap(line, "", "  ") for line in self.colophon()))
        text = "\n\n".join(chunk for chunk in out if chunk.strip())
        return re.sub(r"[ \t]+\n", "\n", text).strip() + "\n"

    def colophon(self) -> list[str]:
        """The closing lines: publisher, license and sources."""
        meta = self.document.guide.meta
        lines = []
        if meta.publisher:
            lines.append(f"Published by {meta.publisher}.")
        if meta.license:
            lines.append(f"License: {meta.license}.")
        for source in meta.sources:
            lines.append(f"Source: {source.title} ({source.url}).")
        return lines

    # Blocks ---------------------------------------------------------------------------------

    def blocks(self, blocks: list[Any], indent: int) -> list[str]:
        out: list[str] = []
        for block in blocks:
            out.extend(self.block(block, indent))
        return out

    def block(self, block: pandocast.Element, indent: int) -> list[str]:
        kind: str = block["t"]
        content: Any = block.get("c")
        pad = " " * indent
        if kind in ("Para", "Plain"):
            return [self.wrap(self.inlines(content), pad, pad)]
        if kind == "Header":
            return [self.heading(content[0], self.inlines(content[2]))]
        if kind == "BulletList":
            return [self.list_items(content, indent, lambda n: BULLET)]
        if kind == "OrderedList":
            start = content[0][0]
            return [self.list_items(content[1], indent, lambda n: f"{start + n}. ")]
        if kind == "DefinitionList":
            return [self.definitions(content, indent)]
        if kind == "Table":
            return self.table(block, indent)
        if kind == "Figure":
            return self.figure(block, indent)
        if kind == "BlockQuote":
            return self.blocks(content, indent + 4)
        if kind == "CodeBlock":
            return [textwrap.indent(content[1], pad + "    ")]
        if kind == "Div":
            return self.blocks(content[1], indent)
        if kind == "LineBlock":
            return ["\n".join(pad + self.inlines(line) for line in content)]
        return []  # HorizontalRule and raw blocks carry no words

    def heading(self, level: int, title: str) -> str:
        """`Section 2: Title` for a level-2 heading, `Section 2.1: Title` a level below."""
        title = " ".join(title.split())
        if level < 2:
            return title
        depth = level - 1
        self.sections = [*self.sections[:depth], *[0] * (depth - len(self.sections))]
        self.sections[depth - 1] += 1
        return section_heading(self.sections, title)

    def list_items(self, items: list[Any], indent: int, marker: Any) -> str:
        rendered = []
        for number, item in enumerate(items):
            label = marker(number)
            lead, blocks = self.lead(item)
            pad = " " * (indent + len(label))
            first = self.wrap(lead, " " * indent + label, pad) or " " * indent + label.rstrip()
            rest = [textwrap.indent(chunk, pad) for chunk in self.blocks(blocks, 0)]
            rendered.append("\n".join([first, *rest]))
        return "\n".join(rendered)

    def definitions(self, items: list[Any], indent: int) -> str:
        rendered = []
        for term, definitions in items:
            label = self.inlines(term)
            for blocks in definitions:
                lead, rest = self.lead(blocks)
                pad = " " * (indent + 4)
                rendered.append(self.wrap(f"{label}: {lead}", " " * indent, pad))
                rendered += [textwrap.indent(chunk, pad) for chunk in self.blocks(rest, 0)]
        return "\n\n".join(rendered)

    def table(self, block: pandocast.Element, indent: int) -> list[str]:
        """Row by row; every cell ends its sentence, so speech pauses between cells."""
        table = self.linear_table(block)
        out = [self.wrap(closed(table.title), " " * indent, " " * indent)]
        if table.columns:
            out[0] += "\n" + self.wrap(table.columns, " " * indent, " " * indent)
        for first, labelled in table.rows:
            lines = [self.wrap(closed(first), " " * indent, " " * indent)] if first else []
            lines += [self.wrap(closed(item), " " * (indent + 2), " " * (indent + 4))
                      for item in labelled if item.partition(": ")[2].strip()]
            out.append("\n".join(lines))
        return out

    def linear_table(self, block: pandocast.Element) -> LinearTable:
        """A table read row by row: each row's first cell, then `Header: value` for the rest."""
        _, caption, _, head, bodies, foot = block["c"]
        headers = [self.cell(cell) for row in head[1] for cell in row[1]]
        rows = [row for body in bodies for row in body[3]] + list(foot[1])
        title = _flat(self.blocks(caption[1], 0)) or "Table"
        # every header cell is read once, including the first column's
        columns = "Columns: " + ", ".join(headers) + "." if headers else ""
        linear = []
        for row in rows:
            cells = [self.cell(cell) for cell in row[1]]
            labelled = [f"{label}: {value}"
                        for label, value in zip(headers[1:], cells[1:], strict=False)]
            linear.append((cells[0] if cells else "", labelled))
        return LinearTable(f"Table: {title} ({len(rows)} rows)", columns, linear)

    def cell(self, cell: list[Any]) -> str:
        return self.flat(cell[4])

    def flat(self, blocks: list[Any]) -> str:
        """The words of `blocks` on one line, as this edition writes them."""
        return _flat(self.blocks(blocks, 0))

    def figure(self, block: pandocast.Element, indent: int) -> list[str]:
        """The caption, then the text alternative, unless the guide's own words after the
        figure give its content (then the caption alone: the figure is said once)."""
        label, alts = self.figure_parts(block)
        if label and id(block) in self.described:
            alts = []
        pad = " " * indent
        lines = [self.wrap(closed(f"Figure: {label}"), pad, pad)] if label else []
        lines += [self.wrap(closed(f"Image description: {alt}"), pad, pad) for alt in alts]
        return ["\n".join(lines)]

    def figure_parts(self, block: pandocast.Element) -> tuple[str, list[str]]:
        """A figure's caption and the text alternatives of its images (empty ones left out)."""
        _, caption, content = block["c"]
        alts = [_image_alt(image) for image in pandocast.walk(content) if image["t"] == "Image"]
        return _flat(self.blocks(caption[1], 0)), [alt for alt in alts if alt]

    def wrap(self, text: str, first: str, rest: str) -> str:
        """`text` filled to WIDTH, with a new line at each hard line break."""
        lines = [words for line in text.split(LINE_BREAK) if (words := " ".join(line.split()))]
        return "\n".join(
            textwrap.fill(line, WIDTH, initial_indent=first if number == 0 else rest,
                          subsequent_indent=rest, break_long_words=False,
                          break_on_hyphens=False)
            for number, line in enumerate(lines))

    # Inlines --------------------------------------------------------------------------------

    def inlines(self, items: list[Any]) -> str:
        return "".join(self.inline(item) for item in items)

    def inline(self, item: pandocast.Element) -> str:
        kind: str = item["t"]
        content: Any = item.get("c")
        if kind == "Str":
            return self.expand(content)
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return self.line_break()
        if kind == "Code":
            return str(content[1])
        if kind == "Link":
            return self.link(content)
        if kind == "Image":
            return self.image(_image_alt(item))
        if kind == "Note":
            return self.note(content)
        if kind == "Quoted":
            marks = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
            return marks[0] + self.inlines(content[1]) + marks[1]
        if kind in ("Span", "Cite"):
            return self.inlines(content[1])
        if kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript",
                    "Subscript"):
            return self.inlines(content)
        return ""  # Math and raw inlines are not allowed in sources

    def line_break(self) -> str:
        return LINE_BREAK

    def note(self, blocks: list[Any]) -> str:
        """The mark a note leaves where it is cited; its text follows the citing block."""
        number = len(self.notes) + 1
        pad = " " * NOTE_INDENT
        lead, rest = self.lead(blocks)
        chunks = self.blocks(rest, NOTE_INDENT)
        self.notes.append(_flat([lead, *chunks]))
        said = [self.wrap(f"Note {number}: {lead}", pad, pad), *chunks]
        if rest:  # several blocks: say where the note ends and the text resumes
            said.append(f"{pad}End of note {number}.")
        self.cited.append("\n\n".join(said))
        return self.note_mark(number)

    def note_mark(self, number: int) -> str:
        return f" (note {number})"

    def lead(self, blocks: list[Any]) -> tuple[str, list[Any]]:
        """The words of the first block when it is a paragraph, and the blocks after it."""
        if blocks and blocks[0]["t"] in ("Para", "Plain"):
            return self.inlines(blocks[0]["c"]), blocks[1:]
        return "", blocks

    def image(self, alt: str) -> str:
        """What stands for an image inside a line of text: its text alternative."""
        return alt

    def link(self, content: list[Any]) -> str:
        text = self.inlines(content[1]).strip()
        target = str(content[2][0])
        shown = target.removeprefix("mailto:")
        if target.startswith("#"):
            return text
        if not text or text in (shown, target):
            return shown
        return f"{text} ({shown})"

    def expand(self, word: str) -> str:
        """Spell out an abbreviation the first time it appears, as `Expansion (ABBR)`."""
        abbreviations = self.document.guide.meta.abbreviations
        core = word.strip(".,;:!?()\u201c\u201d\u2019'\"")
        if core in abbreviations and core not in self.expanded:
            self.expanded.add(core)
            return word.replace(core, f"{abbreviations[core]} ({core})", 1)
        return word


@dataclass(frozen=True)
class LinearTable:
    """A table as lines to read: `Table: caption (N rows)`, `Columns: ...`, then the rows."""

    title: str
    columns: str  # empty when the table has no header row
    rows: list[tuple[str, list[str]]]  # (first cell, ["Header: value", ...])


def section_heading(numbers: list[int], title: str) -> str:
    return f"Section {'.'.join(map(str, numbers))}: {title}"


def closed(text: str) -> str:
    """`text` ending with punctuation, so that speech pauses after it."""
    text = text.rstrip()
    return text if not text or _CLOSED.search(text) else f"{text}."


def dateline(meta: FrontMatter) -> str:
    return f"Current as of {long_date(meta.updated)}"


def already_expanded(document: Document) -> set[str]:
    """Abbreviations the guide itself spells out before (or at) their first use."""
    text = pandocast.stringify(document.ast["blocks"])
    done = set()
    for short, long in document.guide.meta.abbreviations.items():
        first = re.search(rf"\b{re.escape(short)}\b", text)
        spelled = text.find(long)
        if first is None or (spelled != -1 and spelled < first.start()):
            done.add(short)
    return done


def _flat(chunks: list[str]) -> str:
    return " ".join(" ".join(chunks).split())


def _image_alt(image: pandocast.Element) -> str:
    attr, inlines, _ = image["c"]
    alt = pandocast.attr_value(attr, "alt")
    return " ".join((alt if alt is not None else pandocast.stringify(inlines)).split())
