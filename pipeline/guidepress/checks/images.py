"""Accessibility: text alternatives for images (WCAG 1.1.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from guidepress.checks import equivalents
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
_LEAF_BLOCKS = {"Para", "Plain", "Figure", "Header", "LineBlock"}
# What can be a figure's text equivalent: the blocks after it, up to the next heading, figure
# or table, and at most this many (a lead-in sentence, then its list).
MAX_EQUIVALENT_BLOCKS = 3
_ENDS_EQUIVALENT = {"Header", "Figure", "Table", "HorizontalRule"}


@dataclass(frozen=True)
class Placed:
    """An image with what surrounds it: its caption and the block after the one holding it."""

    image: Element
    alt: str
    caption: str
    following: Element | None
    after: tuple[Element, ...] = ()  # the blocks that may be its text equivalent

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
            after = tuple(_equivalent_blocks(blocks[index + 1:]))
            for image in of_type(block, "Image"):
                if id(image) not in seen:
                    seen.add(id(image))
                    yield Placed(image, alt_text(image), caption.strip(), following, after)


def _equivalent_blocks(blocks: list[Element]) -> list[Element]:
    found: list[Element] = []
    for block in blocks[:MAX_EQUIVALENT_BLOCKS]:
        if block["t"] in _ENDS_EQUIVALENT or next(of_type(block, "Image"), None) is not None:
            break
        found.append(block)
        if is_long_description(block):
            break
    return found


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
    for placed, judgement in judgements(ctx):
        if judgement.verdict == "missing":
            yield Hit(pos(placed.image), f"image {placed.target!r} is a chart or diagram, "
                      f"but {_what_is_missing(placed, judgement)}")


def maybe_without_description(ctx: Context) -> Iterator[Hit]:
    for placed, judgement in judgements(ctx):
        if judgement.verdict == "unsure":
            yield Hit(pos(placed.image), f"image {placed.target!r} may be a chart or "
                      f"diagram, and {_what_is_missing(placed, judgement)}")


def _what_is_missing(placed: Placed, judgement: equivalents.Judgement) -> str:
    if not placed.after:
        return "no text follows it to say what it shows"
    if judgement.unsaid:
        shown = ", ".join(repr(label) for label in judgement.unsaid[:4])
        more = f" and {len(judgement.unsaid) - 4} more" if len(judgement.unsaid) > 4 else ""
        return f"the text after it does not say what its labels say: {shown}{more}"
    return "the text after it may not say what it shows"


def judgements(ctx: Context) -> list[tuple[Placed, equivalents.Judgement]]:
    return ctx.shared(_judgements)


def _judgements(ctx: Context) -> list[tuple[Placed, equivalents.Judgement]]:
    found = []
    for placed in placed_images(ctx):
        if placed.decorative:
            continue
        labels = equivalents.svg_labels(_data(ctx, placed)) if _is_svg(placed) else []
        said = equivalents.text_of([placed.alt, placed.caption])
        following = equivalents.text_of(pandocast.stringify(block) for block in placed.after)
        explicit = any(is_long_description(block) for block in placed.after)
        found.append((placed, equivalents.judge(labels, said, following, explicit,
                                                ctx.meta.lang)))
    return found


def _is_svg(placed: Placed) -> bool:
    return placed.target.lower().split("?", 1)[0].endswith(".svg")


def _data(ctx: Context, placed: Placed) -> bytes:
    """The checked bytes of the placed image (the Document read them once)."""
    line = pos(placed.image).line
    same_line = [image for image in ctx.document.images if image.line == line]
    for image in same_line:
        if PurePosixPath(image.asset.relative).name == PurePosixPath(placed.target).name:
            return image.asset.data
    return same_line[0].asset.data if same_line else b""


def is_long_description(block: Element) -> bool:
    return block["t"] == "Div" and bool(LONG_DESCRIPTION_CLASSES & set(classes(block)))


def decorative_with_alt(ctx: Context) -> Iterator[Hit]:
    for placed in placed_images(ctx):
        if placed.decorative and placed.alt:
            yield Hit(pos(placed.image), f"image {placed.target!r} is marked decorative but "
                      f"has alt text {placed.alt!r}")
