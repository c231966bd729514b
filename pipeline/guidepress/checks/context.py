"""What every rule reads: one guide's AST with positions, its text blocks, sentences and
sections, worked out once per guide and shared by all rules."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

from guidepress.checks import readability
from guidepress.checks.text import Options, Run, inline_run, notes
from guidepress.checks.tree import Pos, attribute, pos, unwrap
from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.read.frontmatter import FrontMatter
from guidepress.read.pandocast import Element
from guidepress.read.source import Guide

T = TypeVar("T")
Role = Literal["heading", "prose", "cell", "caption", "term"]
PROSE_TEXT = Options(urls=False)


@dataclass(frozen=True)
class Hit:
    """One problem a rule found: where, what, and (optionally) a hint better than the rule's."""

    pos: Pos
    message: str
    hint: str = ""


@dataclass(frozen=True)
class TextBlock:
    role: Role
    run: Run
    element: Element
    inlines: list[Any]
    lang: str | None  # language of an enclosing `lang` Div, if any


@dataclass(frozen=True)
class Sentence:
    text: str
    pos: Pos
    section: int  # index into Context.sections


@dataclass
class Section:
    title: str
    pos: Pos
    sentences: list[Sentence] = field(default_factory=list)


class Context:
    """A checked guide: the Document plus views of it computed on first use."""

    def __init__(self, document: Document, rule_codes: frozenset[str] = frozenset()) -> None:
        self.document = document
        self.rule_codes = rule_codes  # every code in the registry
        self.guide: Guide = document.guide
        self.meta: FrontMatter = document.guide.meta
        self.blocks: list[Element] = unwrap(document.positioned["blocks"], document.guide.body_line)
        self._shared: dict[Callable[[Context], Any], Any] = {}

    def shared(self, compute: Callable[[Context], T]) -> T:
        """`compute(self)`, worked out once per guide: a view several rules read."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return cast(T, self._shared[compute])

    def elements(self, *kinds: str) -> list[Element]:
        """Every element of these kinds, in document order."""
        if len(kinds) == 1:
            return self._by_kind.get(kinds[0], [])
        return [e for e in self._all if e["t"] in kinds]

    @functools.cached_property
    def _all(self) -> list[Element]:
        return list(pandocast.walk(self.blocks))

    @functools.cached_property
    def _by_kind(self) -> dict[str, list[Element]]:
        found: dict[str, list[Element]] = {}
        for element in self._all:
            found.setdefault(element["t"], []).append(element)
        return found

    def key_pos(self, key: str) -> Pos:
        """Where front-matter `key` is written (line 1 when it is not)."""
        return Pos(self.meta.lines.get(key, 1), 1)

    @functools.cached_property
    def text_blocks(self) -> list[TextBlock]:
        found: list[TextBlock] = []
        _visit(self.blocks, found, None, None)
        return found

    def prose(self) -> Iterator[TextBlock]:
        return (block for block in self.text_blocks if block.role == "prose")

    @functools.cached_property
    def sections(self) -> list[Section]:
        sections = [Section("(before the first heading)", Pos(self.guide.body_line, 1))]
        for block in self.text_blocks:
            if block.role == "heading" and block.element["c"][0] <= 2:
                sections.append(Section(block.run.text.strip(), pos(block.element)))
            elif block.role == "prose":
                index = len(sections) - 1
                sections[-1].sentences.extend(_sentences(block.run, index))
        if not sections[0].sentences:
            sections[0].title = ""  # no text before the first heading: no such section
        return sections

    @functools.cached_property
    def sentences(self) -> list[Sentence]:
        return [sentence for section in self.sections for sentence in section.sentences]

    @functools.cached_property
    def defined_terms(self) -> set[str]:
        """Lowercase terms the guide defines: definition-list terms and abbreviations."""
        terms = {block.run.text.strip().lower() for block in self.text_blocks
                 if block.role == "term"}
        terms.update(key.lower() for key in self.meta.abbreviations)
        return terms


def _sentences(run: Run, section: int) -> Iterator[Sentence]:
    for start, end in readability.split_sentences(run.text):
        yield Sentence(run.text[start:end], run.pos_at(start), section)


def _visit(blocks: list[Element], out: list[TextBlock], role: Role | None,
           lang: str | None) -> None:
    for block in blocks:
        _visit_block(block, out, role, lang)


def _visit_block(block: Element, out: list[TextBlock],
                 role: Role | None, lang: str | None) -> None:
    kind: str = block["t"]
    content: Any = block.get("c")
    if kind == "Header":
        _add(out, "heading", block, content[2], lang)
    elif kind in ("Para", "Plain"):
        _add(out, role or "prose", block, content, lang)
        for note in notes(content):
            _visit(note["c"], out, role, lang)
    elif kind == "LineBlock":
        for line in content:
            _add(out, role or "prose", block, line, lang)
    elif kind in ("BulletList", "OrderedList"):
        for item in content if kind == "BulletList" else content[1]:
            _visit(item, out, role, lang)
    elif kind == "DefinitionList":
        for term, definitions in content:
            _add(out, "term", block, term, lang)
            for definition in definitions:
                _visit(definition, out, role, lang)
    elif kind == "BlockQuote":
        _visit(content, out, role, lang)
    elif kind == "Div":
        _visit(content[1], out, role, attribute(block, "lang") or lang)
    elif kind == "Table":
        _visit_table(block, out, lang)
    elif kind == "Figure":
        _visit(content[1][1], out, "caption", lang)
    # CodeBlock, RawBlock and HorizontalRule hold no text for readers to read as prose.


def _visit_table(table: Element, out: list[TextBlock], lang: str | None) -> None:
    _visit(table["c"][1][1], out, "caption", lang)
    for cell in table_cells(table):
        _visit(cell[4], out, "cell", lang)


def table_cells(table: Element) -> Iterator[list[Any]]:
    """Every cell of a table (head, bodies, foot) as pandoc's [attr, align, rows, cols, blocks]."""
    _, _, _, head, bodies, foot = table["c"]
    rows = list(head[1])
    for body in bodies:
        rows.extend(body[2])
        rows.extend(body[3])
    rows.extend(foot[1])
    for row in rows:
        yield from row[1]


def _add(out: list[TextBlock], role: Role, element: Element, inlines: list[Any],
         lang: str | None) -> None:
    out.append(TextBlock(role, inline_run(inlines, pos(element), PROSE_TEXT), element, inlines,
                         lang))
