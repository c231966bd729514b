"""Cheap limits on the shape of a guide's Markdown, checked before pandoc parses it.

pandoc's CommonMark reader takes time or memory far beyond the input's size for some shapes
(measured with pandoc 3.9: 100,000 nested brackets or emphasis marks, 3,000 nested fenced divs, a
chain of 3,000 footnotes that each cite the next, or a few thousand links in one paragraph run
for minutes or past a gigabyte), and very deep nesting is more than the JSON reader and the
writers can take. No real guide comes near these limits, so going over one is an error that
names the line; pandoc's own time and memory caps (`pandoc.py`) remain the last resort.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guidepress.errors import Location, SourceError
from guidepress.read import pandocast

MAX_DEPTH = 40  # nested quotes, lists or fenced divs
MAX_BRACKETS_PER_BLOCK = 64  # `[` in one paragraph (links, spans, footnote references)
MAX_QUOTES_PER_BLOCK = 1000  # quotation marks and apostrophes in one paragraph
MAX_DELIMITER_RUN = 100  # `*`, `_` or `~` in a row
MAX_DEFINITIONS = 1000  # link reference and footnote definitions
MAX_INDENT = 4 * MAX_DEPTH  # columns before a list marker or `>`
# After parsing: every edition together takes about 7 s of CPU per 1,000 paragraphs, list
# items or table cells (the two PDFs most of it), and a real 256 KiB guide has about 3,000
# (and 1,500 emphasis and links): twice that keeps the worst shape near 45 s, inside the
# guide's deadline with room for a slower machine (docs/security.md, measured limits).
MAX_BLOCKS = 6_000
MAX_MARKED_INLINES = 20_000
# Key terms cost the handout most of all (each is kept on one page with its meaning): about
# 24 ms each, against 7 ms for a paragraph. A real guide has tens.
MAX_TERMS = 1_000
# Every piece of inline text (words, spaces, marks) is walked by the checks and laid out by
# each writer; a real 256 KiB guide has about 90,000, a paragraph of `*a _b` marks three
# times as many for its size.
MAX_INLINES = 250_000

_BLOCKS = frozenset({"Para", "Plain", "Header", "BulletList", "OrderedList", "Div", "Table",
                     "BlockQuote", "DefinitionList", "Figure", "CodeBlock", "LineBlock",
                     "HorizontalRule"})
_MARKED = frozenset({"Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                     "Underline", "Quoted", "Cite", "Code", "Link", "Image", "Note", "Span",
                     "LineBreak", "Math", "RawInline"})
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
_DIV_OPEN = re.compile(r"^[ \t]*:{3,}[ \t]*[^:\s]")
_DIV_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
_DELIMITERS = re.compile(rf"[*_~]{{{MAX_DELIMITER_RUN + 1},}}")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:")
# A whole line that is a link reference definition, with no bracket but its label's.
_WHOLE_DEFINITION = re.compile(r"""^[ \t]{0,3}\[(?!\^)[^\[\]]+\]:[ \t]*"""
                               r"""(?:<[^<>\[\]\n]*>|[^\s<\[\]]+)"""
                               r"""(?:[ \t]+(?:"[^"\[\]]*"|'[^'\[\]]*'|\([^()\[\]]*\)))?[ \t]*$""")
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+")
_HEADING = re.compile(r"^[ \t]*#{1,6}(?:[ \t]|$)")
_BULLET = re.compile(r"^[ \t]*[-+*][ \t]+\S")
_ORDERED = re.compile(r"^[ \t]*0*(\d{1,9})[.)][ \t]+\S")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
# A `[` after an even number of backslashes opens a bracket (`\\[` is a backslash, then one).
_UNESCAPED_OPEN = re.compile(r"(?<!\\)(?:\\\\)*\[")


@dataclass
class _Block:
    """Counts for the paragraph being read (a run of non-blank lines)."""

    brackets: int = 0
    quotes: int = 0
    in_list: bool = False  # the block started with a list item
    in_table: bool = False  # the block is a pipe table (its delimiter row was seen)
    definitions_only: bool = True  # every line so far is a link reference definition


def check(body: str, path: str, first_line: int) -> None:
    """Raise SourceError at the first line of `body` that goes over a limit."""
    for number, line in _lines_outside_code(body):
        problem = _line_problem(line)
        if problem:
            message, hint = problem
            raise SourceError(Location(path, first_line + number - 1), message, hint)
    _check_blocks(body, path, first_line)


def _lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) for every line not inside a fenced code block."""
    for number, line, code in lines(body):
        if not code:
            yield number, line


def lines(body: str) -> Iterator[tuple[int, str, bool]]:
    """(1-based number, line, whether pandoc reads it as code) for every line of `body`.

    A fence opens only where pandoc opens one (at most 3 columns in, after any `>` markers),
    and the code ends where pandoc ends it: at the closing fence, or where its quote or list
    item ends (a line with fewer `>` markers, or less indented, than the opening fence). So
    no line that pandoc parses as Markdown is ever taken for code and left unchecked.
    """
    fence: tuple[str, int, int] | None = None  # (marks, quote depth, indent) of the opener
    for number, line in enumerate(body.split("\n"), start=1):
        depth, text = unquote(line)
        columns = indent(text)
        found = _FENCE.match(text)
        if fence is not None:
            marks, quotes, opened_at = fence
            if found and found.group(1)[0] == marks[0] and len(found.group(1)) >= len(marks):
                fence = None
                yield number, line, True
                continue
            if not text.strip() or (depth >= quotes and columns >= opened_at):
                yield number, line, True
                continue
            fence = None  # the quote or the list item that held the code ended
        if found and columns <= 3:
            fence = (found.group(1), depth, columns)
            yield number, line, True
            continue
        yield number, line, False


def unquote(line: str) -> tuple[int, str]:
    """The number of `>` markers that open `line`, and the rest of it."""
    prefix = _QUOTE_PREFIX.match(line)
    if prefix is None:
        return 0, line
    return prefix.group().count(">"), line[prefix.end():].removeprefix(" ")


def indent(text: str) -> int:
    expanded = text.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _line_problem(line: str) -> tuple[str, str] | None:
    containers = _CONTAINERS.match(line)
    if containers:
        prefix = containers.group()
        if len(_MARKER.findall(prefix)) > MAX_DEPTH:
            return (f"quotes or lists are nested more than {MAX_DEPTH} deep",
                    "use fewer lists or quotes inside one another")
        if len(prefix.expandtabs(4)) - len(prefix.expandtabs(4).lstrip()) > MAX_INDENT:
            return (f"a list or quote is indented more than {MAX_INDENT} columns",
                    "use fewer lists inside one another")
    run = _DELIMITERS.search(line)
    if run:
        return (f"{len(run.group())} `{run.group()[0]}` characters in a row (at most "
                f"{MAX_DELIMITER_RUN})", "use a shorter line of marks, or a horizontal rule `---`")
    return None


def _check_blocks(body: str, path: str, first_line: int) -> None:
    block = _Block()
    divs = definitions = 0
    for number, line in _lines_outside_code(body):
        where = Location(path, first_line + number - 1)
        text = _QUOTE_PREFIX.sub("", line)
        if not text.strip():
            block = _Block()
            continue
        inner = _CONTAINERS.sub("", line)  # a div may open inside a quote or a list item
        if _DIV_OPEN.match(inner):
            divs += 1
            if divs > MAX_DEPTH:
                raise SourceError(where, f"fenced divs (:::) are nested more than {MAX_DEPTH} "
                                  "deep", "close each `:::` block before opening many more")
        elif _DIV_CLOSE.match(inner):
            divs = max(0, divs - 1)
        if _DEFINITION.match(text):
            definitions += 1
            if definitions > MAX_DEFINITIONS:
                raise SourceError(where, f"more than {MAX_DEFINITIONS} link or footnote "
                                  "definitions", "split the guide into several guides")
        block = _next_block(block, text)
        if block.definitions_only and _WHOLE_DEFINITION.match(line):
            continue  # a definition is not parsed as text (and cannot interrupt a paragraph)
        block.definitions_only = False
        _count(block, line, where)


def _next_block(block: _Block, text: str) -> _Block:
    """A fresh count when `text` starts new inline content for pandoc (a list item, a heading,
    a table row), else `block`. Only what pandoc really treats as a new start resets it, so
    lines made to look like one cannot hide a paragraph of thousands of links."""
    if _TABLE_DELIMITER.match(text):
        return _Block(in_table=True)
    if _HEADING.match(text) or _BULLET.match(text) or (block.in_table and "|" in text):
        return _Block(in_list=bool(_BULLET.match(text)), in_table=block.in_table)
    ordered = _ORDERED.match(text)
    if ordered and (ordered.group(1) == "1" or block.in_list):
        return _Block(in_list=True)
    return block


def _count(block: _Block, line: str, where: Location) -> None:
    block.brackets += len(_UNESCAPED_OPEN.findall(line))  # this also bounds their nesting
    block.quotes += line.count('"') + line.count("'")
    if block.brackets > MAX_BRACKETS_PER_BLOCK:
        raise SourceError(where, f"more than {MAX_BRACKETS_PER_BLOCK} links, spans or "
                          "brackets in one paragraph", "split the paragraph or the list of links")
    if block.quotes > MAX_QUOTES_PER_BLOCK:
        raise SourceError(where, f"more than {MAX_QUOTES_PER_BLOCK} quotation marks in one "
                          "paragraph", "split the paragraph")



class Counts:
    """After parsing: blocks and marked-up inlines, counted as the tree is walked; more than a
    render can take in time is refused, at the line where the count ran over."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.blocks = self.inlines = self.pieces = self.terms = 0

    def add(self, element: dict[str, Any], line: int) -> None:
        kind = element["t"]
        if (kind == "Div" or kind == "Span") and pandocast.is_wrapper(element):
            return  # added by `sourcepos` to carry a position: not the guide's
        if kind in _BLOCKS:
            if kind == "DefinitionList":
                self.terms += len(element["c"])
                if self.terms > MAX_TERMS:
                    self._fail(line, MAX_TERMS, "key terms (terms of definition lists)")
            self.blocks += 1
            if self.blocks > MAX_BLOCKS:
                self._fail(line, MAX_BLOCKS, "paragraphs, list items, table cells and other "
                           "blocks")
            return
        self.pieces += 1
        if self.pieces > MAX_INLINES:
            self._fail(line, MAX_INLINES, "words, spaces and marks")
        if kind in _MARKED:
            self.inlines += 1
            if self.inlines > MAX_MARKED_INLINES:
                self._fail(line, MAX_MARKED_INLINES, "links, emphasis and other marked-up "
                           "words")

    def _fail(self, line: int, limit: int, what: str) -> None:
        raise SourceError(Location(self.path, self.first_line + line - 1 if line else 0),
                          f"the guide has more than {limit:,} {what}",
                          "split it into several guides")
