"""Accessibility: text alternatives for images (WCAG 1.1.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import attribute, classes, of_type, pos, sibling_lists
from guidepress.read import pandocast
from guidepress.read.pandocast import Element

MAX_ALT = 250
DECORATIVE = "decorative"
LONG_DESCRIPTION_CLASSES = {"longdesc", "long-description", "description"}
_FILE_NAME = re.compile(
    r"^[\w\- .]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?|avif)$"
    r"|^(img|dsc|image|photo|screenshot|scan|pic)[\s_-]?\d+$", re.IGNORECASE)
_IMAGE_OF = re.compile(r"^(an? |the )?(image|picture|photo(graph)?|graphic|icon|screenshot"
                       r"|illustration|pic)\s+(of|showing|that shows|depicting)\b", re.IGNORECASE)
_COMPLEX = re.compile(r"\b(diagram|chart|graph|flow\s?chart|flow|infographic|timeline|plot)s?\b",
                      re.IGNORECASE)
_DESCRIBES = re.compile(r"\b(describ\w*|in words|text version|long description)\b",
                        re.IGNORECASE)
_LEAF_BLOCKS = {"Para", "Plain", "Figure", "Header", "LineBlock"}


@dataclass(frozen=True)
class Placed:
    """An image with what surrounds it: its caption and the block after the one holding it."""

    image: Element
    alt: str
    caption: str
    following: Element | None

    @property
    def target(self) -> str:
        return str(self.image["c"][2][0])

    @property
    def decorative(self) -> bool:
        return DECORATIVE in classes(self.image)


def placed_images(ctx: Context) -> list[Placed]:
    return ctx.shared(_placed_images)


def _placed_images(ctx: Context) -> list[Placed]:
    return list(_find_images(ctx))


def _find_images(ctx: Context) -> Iterator[Placed]:
    seen: set[int] = set()
    for blocks in sibling_lists(ctx.blocks):
        for index, block in enumerate(blocks):
            if block["t"] not in _LEAF_BLOCKS:
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            caption = pandocast.stringify(block["c"][1][1]) if block["t"] == "Figure" else ""
            for image in of_type(block, "Image"):
                if id(image) not in seen:
                    seen.add(id(image))
                    yield Placed(image, alt_text(image), caption.strip(), following)


def alt_text(image: Element) -> str:
    explicit = attribute(image, "alt")
    text = explicit if explicit is not None else pandocast.stringify(image["c"][1])
    return " ".join(text.split())


def missing_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        if not placed.alt and not placed.decorative:
            yield Hit(pos(placed.image), f"image {placed.target!r} has no alt text")


def file_name_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        stem = PurePosixPath(placed.target).stem
        if _FILE_NAME.match(placed.alt) or (placed.alt == stem and re.search(r"[-_]", stem)):
            yield Hit(pos(placed.image), f"alt text {placed.alt!r} is a file name")


def image_of_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        found = _IMAGE_OF.match(placed.alt)
        if found:
            yield Hit(pos(placed.image), f"alt text starts with {found.group()!r}; screen "
                      "readers already say it is an image")


def long_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        if len(placed.alt) > MAX_ALT:
            yield Hit(pos(placed.image), f"alt text is {len(placed.alt)} characters, over "
                      f"about {MAX_ALT}")


def complex_without_description(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        if placed.decorative or not is_complex(placed) or has_long_description(placed):
            continue
        yield Hit(pos(placed.image), f"image {placed.target!r} looks like a diagram or chart "
                  "but no longer text equivalent follows it")


def is_complex(placed: Placed) -> bool:
    return (placed.target.lower().endswith(".svg")
            or bool(_COMPLEX.search(placed.alt) or _COMPLEX.search(placed.caption)))


def has_long_description(placed: Placed) -> bool:
    after = placed.following
    if after is None:
        return False
    if after["t"] == "Div" and LONG_DESCRIPTION_CLASSES & set(classes(after)):
        return True
    return bool(_DESCRIBES.search(pandocast.stringify(after)[:300]))


def decorative_with_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        if placed.decorative and placed.alt:
            yield Hit(pos(placed.image), f"image {placed.target!r} is marked decorative but "
                      f"has alt text {placed.alt!r}")
