"""Table captions the way pandoc's Markdown writes them, for the CommonMark reader.

pandoc's manual captions a table with a paragraph that starts `Table:`, `table:` or `:`, written
just before or just after the table. CommonMark has no table captions: such a paragraph stays a
paragraph, and a `:` line after a paragraph even turns that paragraph into a definition-list
term. The guide is still read with the CommonMark reader, because only it gives the source
positions every finding points at; so the captions are found here, line by line, the way
pandoc's own Markdown reader finds them:

- a caption is a paragraph (text after a blank line) that starts with `Table:`, `table:` or a
  `:` not followed by punctuation (so `:::` fences are not captions);
- it belongs to a pipe table right after it (a blank line between), or, when no table follows,
  to a table right before it; a table captioned before takes no second caption after.

`prepare` gives the body with each `:` marker made a plain character of the same width (so no
line or column moves) and where each caption is; `attach` then moves each caption paragraph of
the parsed AST into its table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guidepress.read import pandocast

# What a `:` caption marker becomes before parsing: not Markdown syntax, one column wide.
PLAIN_MARKER = "\u2236"  # RATIO, which looks like a colon
_MARKER = re.compile(r"^ {0,3}(Table:|table:|:)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_TABLE_ROW = re.compile(r"^ {0,3}\S.*\|")
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Caption:
    line: int  # 1-based body line where the caption paragraph starts
    table_line: int  # 1-based body line where its table starts
    marker: str  # "Table:", "table:" or ":"
    column: int  # 1-based column of the marker


@dataclass(frozen=True)
class _Paragraph:
    start: int  # 0-based index of its first line
    lines: list[str]

    @property
    def is_table(self) -> bool:
        return (len(self.lines) >= 2 and "|" in self.lines[0]
                and bool(_TABLE_ROW.match(self.lines[0]))
                and bool(_DELIMITER_ROW.match(self.lines[1])) and "-" in self.lines[1])

    def marker(self) -> re.Match[str] | None:
        found = _MARKER.match(self.lines[0])
        if found is None:
            return None
        rest = self.lines[0][found.end():]
        if found.group(1) == ":" and (not rest.strip() or _is_punctuation(rest[0])):
            return None  # `:::` fences, `::` and an empty `:` are no captions
        return found if rest.strip() else None


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def find(body: str) -> list[Caption]:
    """Every table caption of `body`, in order, as pandoc's Markdown reader would see them."""
    paragraphs = list(_paragraphs(body.split("\n")))
    found: list[Caption] = []
    captioned: set[int] = set()
    index = 0
    while index < len(paragraphs):
        current = paragraphs[index]
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        marker = current.marker()
        if marker and following is not None and following.is_table:
            found.append(_caption(current, following, marker))
            captioned.add(index + 1)
        elif current.is_table and index not in captioned and following is not None:
            after = following.marker()
            if after:
                found.append(_caption(following, current, after))
                index += 1
        index += 1
    return found


def _caption(paragraph: _Paragraph, table: _Paragraph, marker: re.Match[str]) -> Caption:
    return Caption(paragraph.start + 1, table.start + 1, marker.group(1), marker.start(1) + 1)


def _paragraphs(lines: list[str]) -> Iterator[_Paragraph]:
    """Runs of non-blank lines, so that two runs next to each other have only blank lines
    between them. A fenced code block is one run (never a caption or a table), and an ATX
    heading is a run of its own."""
    fence = ""
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            current.append(line)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened or _HEADING.match(line) or not line.strip():
            if current:
                yield _Paragraph(start, current)
            current = []
            if opened:
                fence, start, current = opened.group(1), number, [line]
            elif line.strip():
                yield _Paragraph(number, [line])
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield _Paragraph(start, current)


def prepare(body: str) -> tuple[str, list[Caption]]:
    """`body` with each `:` caption marker made plain (same width), and the captions."""
    found = find(body)
    lines = body.split("\n")
    for caption in found:
        if caption.marker == ":":
            line = lines[caption.line - 1]
            at = caption.column - 1
            lines[caption.line - 1] = line[:at] + PLAIN_MARKER + line[at + 1:]
    return "\n".join(lines), found


# --- The parsed AST -------------------------------------------------------------------------

def attach(blocks: list[Any], found: list[Caption]) -> None:
    """Move each caption paragraph of the positioned AST into its table's caption."""
    if not found:
        return
    by_line = {caption.line: caption for caption in found}
    tables = {caption.table_line: caption for caption in found}
    for siblings in _block_lists(blocks):
        if any(_table(item) is not None for item in siblings):  # a caption is a table's sibling
            _attach_in(siblings, by_line, tables)


def _attach_in(siblings: list[Any], by_line: dict[int, Caption],
               tables: dict[int, Caption]) -> None:
    starts = [_start_line(item) for item in siblings]
    paragraphs = {line: i for i, line in enumerate(starts) if line in by_line
                  and _paragraph(siblings[i]) is not None}
    for line, index in sorted(paragraphs.items(), key=lambda pair: -pair[1]):
        caption = by_line[line]
        table_index = next((i for i, start in enumerate(starts)
                            if start == caption.table_line and tables.get(start) == caption
                            and _table(siblings[i]) is not None), None)
        if table_index is None:
            continue
        paragraph = _paragraph(siblings[index])
        table = _table(siblings[table_index])
        if paragraph is None or table is None:
            continue
        inlines = strip_marker(paragraph["c"], caption.marker)
        table["c"][1] = [None, [{"t": "Plain", "c": inlines}]]
        del siblings[index]
        del starts[index]


def _start_line(item: Any) -> int:
    """The earliest line in an element's `data-pos` (a table lists its header row first)."""
    attr = pandocast.attr_of(item) if isinstance(item, dict) else None
    raw = pandocast.attr_value(attr, "data-pos") if attr else None
    lines = [int(part.rsplit("@", 1)[-1].split(":", 1)[0]) for part in (raw or "").split(";")
             if part.rsplit("@", 1)[-1].split(":", 1)[0].isdigit()]
    return min(lines, default=0)


def _block_lists(node: Any) -> Iterator[list[Any]]:
    """Every list of elements under `node`, outermost first, in document order (read after
    the caller has changed it, so a list is walked as it is when the caller resumes)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            if any(isinstance(item, dict) and "t" in item for item in current):
                yield current
            stack.extend(reversed([item for item in current if isinstance(item, list | dict)]))
        elif isinstance(current, dict):
            stack.append(current.get("c"))


def _paragraph(item: Any) -> dict[str, Any] | None:
    """The Para in `item`, itself or inside the wrapper Div that carries its position."""
    inner = _unwrapped(item)
    return inner if inner is not None and inner.get("t") == "Para" else None


def _table(item: Any) -> dict[str, Any] | None:
    inner = _unwrapped(item)
    return inner if inner is not None and inner.get("t") == "Table" else None


def _unwrapped(item: Any) -> dict[str, Any] | None:
    if pandocast.is_wrapper(item) and len(item["c"][1]) == 1:
        item = item["c"][1][0]
    return item if isinstance(item, dict) else None


def strip_marker(inlines: list[Any], marker: str) -> list[Any]:
    """The caption's inlines without the leading marker and the space after it (the reader
    may have split the marker over several Strs: `Table` and `:`)."""
    rest = PLAIN_MARKER if marker == ":" else marker
    for element in _leading_strs(inlines):
        text: str = element["c"]
        taken = len(text) if rest.startswith(text) else len(rest) if text.startswith(rest) else 0
        if not taken:
            break
        element["c"], rest = text[taken:], rest[taken:]
        if not rest:
            break
    return _trim_start(list(inlines))


def _leading_strs(inlines: list[Any]) -> Iterator[dict[str, Any]]:
    """The Strs at the very start of `inlines`, looking inside position wrappers only."""
    for element in pandocast.walk(inlines):
        if element["t"] == "Str":
            yield element
        elif not (element["t"] == "Span" and pandocast.is_wrapper(element)):
            return


def _trim_start(inlines: list[Any]) -> list[Any]:
    """Drop empty Strs and spaces at the start (inside position wrappers too)."""
    while inlines:
        head = inlines[0]
        if pandocast.is_wrapper(head):
            inner = _trim_start(list(head["c"][1]))
            if inner:
                head["c"][1] = inner
                return inlines
        elif not (head.get("t") in ("Space", "SoftBreak")
                  or (head.get("t") == "Str" and not head["c"])):
            return inlines
        inlines = inlines[1:]
    return inlines
