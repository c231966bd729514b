"""Visible text of the AST as strings that remember where each word came from.

A `Run` is the text of one block (a paragraph, a heading, a table cell ...) with anchors that
map an offset in the string back to a line and column of the guide file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from guidepress.checks.tree import Pos, attribute, pos
from guidepress.read import pandocast
from guidepress.read.pandocast import Element

_CONTAINERS = {"Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript",
               "Subscript"}
_SPACES = {"Space", "SoftBreak"}
# A hard line break ends a line the editor set apart (an address, a colophon): it stays a
# line break in the text, and readability counts each such line as a sentence of its own.
HARD_BREAK = "\n"


@dataclass
class Run:
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    positions: list[Pos] = field(default_factory=list)
    start: Pos = field(default_factory=lambda: Pos(0, 0))

    def add(self, text: str, at: Pos) -> None:
        if at.line and (not self.offsets or at != self.positions[-1]):
            self.offsets.append(len(self.text))
            self.positions.append(at)
        self.text += text

    def pos_at(self, offset: int) -> Pos:
        """The file position of the character at `offset`."""
        index = bisect.bisect_right(self.offsets, offset) - 1
        if index < 0:
            return self.positions[0] if self.positions else self.start
        anchor = self.positions[index]
        return Pos(anchor.line, anchor.col + offset - self.offsets[index])


@dataclass(frozen=True)
class Options:
    """What counts as text: prose drops URLs used as link text; `foreign` keeps lang spans."""

    urls: bool = True
    foreign: bool = True


def inline_run(inlines: list[Any], where: Pos, options: Options = Options()) -> Run:
    run = Run(start=where)
    _add_inlines(run, inlines, options)
    return run


def _add_inlines(run: Run, inlines: list[Any], options: Options) -> None:
    for element in inlines:
        _add_inline(run, element, options)


def _add_inline(run: Run, element: Element, options: Options) -> None:
    kind: str = element["t"]
    content: Any = element.get("c")
    if kind == "Str":
        run.add(content, pos(element))
    elif kind in _SPACES:
        run.add(" ", pos(element))
    elif kind == "LineBreak":
        run.add(HARD_BREAK, pos(element))
    elif kind in _CONTAINERS:
        _add_inlines(run, content, options)
    elif kind == "Quoted":
        double = content[0]["t"] == "DoubleQuote"
        run.add("\u201c" if double else "\u2018", pos(element))
        _add_inlines(run, content[1], options)
        run.add("\u201d" if double else "\u2019", pos(element))
    elif kind == "Span":
        if options.foreign or attribute(element, "lang") is None:
            _add_inlines(run, content[1], options)
    elif kind == "Link":
        if options.urls or not is_url_text(content[1], content[2][0]):
            _add_inlines(run, content[1], options)
    elif kind == "Cite":
        _add_inlines(run, content[1], options)
    # Code, Image, Note, Math and RawInline are not text a reader reads as prose.


def is_url_text(inlines: list[Any], target: str) -> bool:
    """The link's text is its address: a URL, or the e-mail address of a mailto: link."""
    text = pandocast.stringify(inlines).strip()
    return looks_like_url(text) or (bool(text) and text in (target, target.removeprefix(
        "mailto:")))


def looks_like_url(text: str) -> bool:
    lower = text.lower()
    return " " not in lower and lower.startswith(("http://", "https://", "www.", "mailto:"))


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text.strip()))


_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")


def notes(inlines: list[Any]) -> Iterator[Element]:
    """Footnotes referenced from `inlines` (their text is prose of its own)."""
    return (element for element in pandocast.walk(inlines) if element["t"] == "Note")
