"""Accessibility: links whose text says where they go (WCAG 2.4.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.checks.context import Context, Hit
from guidepress.checks.images import alt_text
from guidepress.checks.text import looks_like_url
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


def url_text(ctx: Context) -> Iterator[Hit]:
    for link in links(ctx):
        if link.text and (looks_like_url(link.text) or link.text == link.target):
            yield Hit(pos(link.element), f"the link text is a bare URL: {link.text!r}")


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
