"""Accessibility: links whose text says where they go (WCAG 2.4.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.checks import readability
from guidepress.checks.context import Context, Hit
from guidepress.checks.images import alt_text
from guidepress.checks.text import inline_run, looks_like_url
from guidepress.checks.tree import of_type, pos
from guidepress.read import pandocast
from guidepress.read.pandocast import Element

VAGUE = {"click here", "here", "click", "read more", "more", "this link", "link", "this",
         "learn more", "more info", "more information", "this page", "go", "continue",
         "click this link", "see here", "details", "info", "follow this link", "page",
         "website", "this website", "tap here", "press here"}


@dataclass(frozen=True)
class Link:
    element: Element
    text: str  # what a screen reader announces: the text, or the alt of an image inside
    target: str

    @property
    def key(self) -> str:
        return re.sub(r"[^\w\s]", "", self.text.lower()).strip()


def links(ctx: Context) -> list[Link]:
    return ctx.shared(_links)


def _links(ctx: Context) -> list[Link]:
    return [_link(element) for element in ctx.elements("Link")]


def _link(element: Element) -> Link:
    _, inlines, (target, _title) = element["c"]
    parts = [pandocast.stringify(inlines)]
    parts += [alt_text(image) for image in of_type(inlines, "Image")]
    return Link(element, " ".join(" ".join(parts).split()), target)


def vague_text(ctx: Context) -> Iterator[Hit]:
    for link in links(ctx):
        if link.key in VAGUE or link.key.startswith("click here"):
            yield Hit(pos(link.element), f"link text {link.text!r} does not say where the "
                      "link goes")


# Words a sentence needs besides the address for it to say what the address is (WCAG 2.4.4
# takes a link's purpose from its text together with its sentence).
MIN_CONTEXT_WORDS = 3


def url_text(ctx: Context) -> Iterator[Hit]:
    """A link whose text is a bare URL, unless its sentence says what it is ("visit the
    National Society of Genetic Counselors at <https://www.nsgc.org/>")."""
    in_context = ctx.shared(_urls_in_context)
    for link in links(ctx):
        if (link.text and (looks_like_url(link.text) or link.text == link.target)
                and id(link.element) not in in_context):
            yield Hit(pos(link.element), f"the link text is a bare URL: {link.text!r}")


def _urls_in_context(ctx: Context) -> set[int]:
    """The Links whose sentence has enough words of its own around the address."""
    found: set[int] = set()
    for block in ctx.text_blocks:
        run = inline_run(block.inlines, block.run.start)
        sentences = [run.text[a:b] for a, b in readability.split_sentences(run.text)]
        for element in of_type(block.inlines, "Link"):
            text = pandocast.stringify(element["c"][1]).strip()
            holder = next((s for s in sentences if text and text in s), "")
            if len(readability.words(holder.replace(text, " "))) >= MIN_CONTEXT_WORDS:
                found.add(id(element))
    return found


def same_text_other_target(ctx: Context) -> Iterator[Hit]:
    first: dict[str, Link] = {}
    for link in links(ctx):
        if not link.key:
            continue
        earlier = first.setdefault(link.key, link)
        if _normal(earlier.target) != _normal(link.target):
            yield Hit(pos(link.element), f"link text {link.text!r} also points to "
                      f"{earlier.target!r} (line {pos(earlier.element).line}), not "
                      f"{link.target!r}")


def _normal(target: str) -> str:
    return target.rstrip("/")


def empty_link(ctx: Context) -> Iterator[Hit]:
    for link in links(ctx):
        if not link.text:
            yield Hit(pos(link.element), "the link has no text")
        elif not link.target.strip():
            yield Hit(pos(link.element), f"link {link.text!r} goes nowhere (empty target)",
                      "put the address in the brackets: [text](https://...)")
