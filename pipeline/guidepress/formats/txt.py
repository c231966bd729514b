"""Plain text for screen readers and plain printers, written from the AST by the project.

Headings stand on their own lines (the title underlined), lists keep their bullets and numbers,
each table row is read out with its header labels, images become their text alternative, links
show their address, and each abbreviation is spelled out the first time it appears.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from guidepress.formats.base import Format, RenderContext, long_date
from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.read.frontmatter import FrontMatter

WIDTH = 72
BULLET = "\u2022 "


class TextFormat(Format):
    name = "txt"
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
    notes: list[str] = field(default_factory=list)
    expanded: set[str] = field(default_factory=set)

    def write(self) -> str:
        meta = self.document.guide.meta
        self.expanded = already_expanded(self.document)
        parts = [meta.title, "=" * min(len(meta.title), WIDTH)]
        if meta.subtitle:
            parts.append(meta.subtitle)
        parts.append(dateline(meta))
        out = ["\n".join(parts)]
        out.extend(self.blocks(self.document.ast["blocks"], 0))
        if self.notes:
            out.append("Notes")
            out.extend(self.wrap(note, f"{number}. ", "   ")
                       for number, note in enumerate(self.notes, start=1))
        out.append("\n".join(self.colophon()))
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
            lines.append(f"Source: {source.title} ({source.url})")
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
            title = self.inlines(content[2])
            return [title] if content[0] > 2 else [f"{title}\n{'-' * min(len(title), WIDTH)}"]
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

    def list_items(self, items: list[Any], indent: int, marker: Any) -> str:
        rendered = []
        for number, item in enumerate(items):
            label = marker(number)
            body = self.blocks(item, 0)
            first = self.wrap(_flat(body[:1]), " " * indent + label, " " * (indent + len(label)))
            rest = [textwrap.indent(chunk, " " * (indent + len(label))) for chunk in body[1:]]
            rendered.append("\n".join([first, *rest]))
        return "\n".join(rendered)

    def definitions(self, items: list[Any], indent: int) -> str:
        rendered = []
        for term, definitions in items:
            label = self.inlines(term)
            for blocks in definitions:
                text = _flat(self.blocks(blocks, 0))
                rendered.append(self.wrap(f"{label}: {text}", " " * indent, " " * (indent + 4)))
        return "\n\n".join(rendered)

    def table(self, block: pandocast.Element, indent: int) -> list[str]:
        table = self.linear_table(block)
        out = [self.wrap(table.title, " " * indent, " " * indent)]
        if table.columns:
            out[0] += "\n" + self.wrap(table.columns, " " * indent, " " * indent)
        for first, labelled in table.rows:
            lines = [self.wrap(first, " " * indent, " " * indent)] if first else []
            lines += [self.wrap(item, " " * (indent + 2), " " * (indent + 4))
                      for item in labelled]
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
        label, alts = self.figure_parts(block)
        pad = " " * indent
        lines = [self.wrap(f"Figure: {label}", pad, pad)] if label else []
        lines += [self.wrap(f"Image description: {alt}", pad, pad) for alt in alts]
        return ["\n".join(lines)]

    def figure_parts(self, block: pandocast.Element) -> tuple[str, list[str]]:
        """A figure's caption and the text alternatives of its images (empty ones left out)."""
        _, caption, content = block["c"]
        alts = [_image_alt(image) for image in pandocast.walk(content) if image["t"] == "Image"]
        return _flat(self.blocks(caption[1], 0)), [alt for alt in alts if alt]

    def wrap(self, text: str, first: str, rest: str) -> str:
        return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=first,
                             subsequent_indent=rest, break_long_words=False,
                             break_on_hyphens=False)

    # Inlines --------------------------------------------------------------------------------

    def inlines(self, items: list[Any]) -> str:
        return "".join(self.inline(item) for item in items)

    def inline(self, item: pandocast.Element) -> str:
        kind: str = item["t"]
        content: Any = item.get("c")
        if kind == "Str":
            return self.expand(content)
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if kind == "Code":
            return str(content[1])
        if kind == "Link":
            return self.link(content)
        if kind == "Image":
            return self.image(_image_alt(item))
        if kind == "Note":
            self.notes.append(_flat(self.blocks(content, 0)))
            return f" (see note {len(self.notes)})"
        if kind == "Quoted":
            marks = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
            return marks[0] + self.inlines(content[1]) + marks[1]
        if kind in ("Span", "Cite"):
            return self.inlines(content[1])
        if kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript",
                    "Subscript"):
            return self.inlines(content)
        return ""  # Math and raw inlines are not allowed in sources

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
