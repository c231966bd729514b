"""Accessibility: the structure a screen reader navigates by (headings, lists, fake structure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import Pos, pos
from guidepress.read import pandocast
from guidepress.read.pandocast import Element

# Characters people type to fake a bullet list.
BULLETS = "\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u2023\u2043\u2219\u00b7\u27a2\u2794"
_NUMBER_MARKER = re.compile(r"^(\d{1,2}|[a-zA-Z])[.)]$|^\((\d{1,2}|[a-zA-Z])\)$")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    pos: Pos


def headings(ctx: Context) -> list[Heading]:
    return ctx.shared(_headings)


def _headings(ctx: Context) -> list[Heading]:
    return [Heading(h["c"][0], " ".join(pandocast.stringify(h["c"][2]).split()), pos(h))
            for h in ctx.elements("Header")]


def level_one_heading(ctx: Context) -> Iterator[Hit]:
    for heading in headings(ctx):
        if heading.level == 1:
            yield Hit(heading.pos, f"level-1 heading {heading.text!r} in the body; the title "
                      "is the only top-level heading")


def skipped_level(ctx: Context) -> Iterator[Hit]:
    previous = 1  # the title
    for heading in headings(ctx):
        if heading.level > previous + 1:
            yield Hit(heading.pos, f"heading {heading.text!r} is level {heading.level} right "
                      f"after level {previous}; a level is skipped",
                      f"make it level {previous + 1} (`{'#' * (previous + 1)} `)")
        previous = heading.level


def empty_heading(ctx: Context) -> Iterator[Hit]:
    for heading in headings(ctx):
        if not heading.text:
            yield Hit(heading.pos, "the heading has no text")


def duplicate_heading(ctx: Context) -> Iterator[Hit]:
    seen: list[set[str]] = [set() for _ in range(8)]  # texts already used, by level
    for heading in headings(ctx):
        key = heading.text.lower()
        for deeper in seen[heading.level + 1:]:
            deeper.clear()  # a new parent: its children start afresh
        if key and key in seen[heading.level]:
            yield Hit(heading.pos, f"heading {heading.text!r} repeats a sibling heading")
        seen[heading.level].add(key)


def fake_list(ctx: Context) -> Iterator[Hit]:
    for para in ctx.elements("Para", "Plain"):
        starts = list(_line_starts(para["c"]))
        bullets = [(e, word) for e, word in starts if word[:1] in BULLETS]
        numbers = [(e, word) for e, word in starts if _NUMBER_MARKER.match(word)]
        for element, word in bullets or (numbers if len(numbers) >= 2 else []):
            yield Hit(pos(element), f"a list typed by hand: a line starts with {word!r}")


def _line_starts(inlines: list[Element]) -> Iterator[tuple[Element, str]]:
    """The first word of each line of a paragraph, with the element it starts in.

    sourcepos splits "2)" into the Strs "2" and ")", so adjacent Strs are joined.
    """
    first: Element | None = None
    word = ""
    at_start = True
    for element in inlines:
        if element["t"] == "Str" and (at_start or first is not None):
            first, word, at_start = first or element, word + element["c"], False
            continue
        if first is not None:
            yield first, word
            first, word = None, ""
        at_start = element["t"] in ("SoftBreak", "LineBreak")
    if first is not None:
        yield first, word


def bold_heading(ctx: Context) -> Iterator[Hit]:
    for para in ctx.elements("Para"):
        content = [e for e in para["c"] if e["t"] not in ("Space", "SoftBreak")]
        if len(content) != 1 or content[0]["t"] != "Strong":
            continue
        text = " ".join(pandocast.stringify(content).split())
        if text and len(text) <= 80 and not _SENTENCE_END.search(text):
            yield Hit(pos(para), f"bold paragraph {text!r} looks like a heading but is not one")
