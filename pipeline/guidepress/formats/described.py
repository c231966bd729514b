"""Figures whose content the guide already gives in words, right after them.

An edition without pictures (the plain text) has nothing to describe: for such a figure it says
the caption and lets the guide's own words follow, instead of saying the same steps three times
(caption, text alternative, then the list that describes the figure).

A figure counts as described when the block after it is a long-description block
(`::: longdesc`), or when it is an SVG whose own text labels are all, word for word, in the
text that follows it up to the next heading. Anything the project cannot read this way (a PNG,
an SVG without text) keeps its text alternative.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from guidepress.read import pandocast, safety
from guidepress.read.document import Document

# As the outputs' tree carries them: in the author's namespace (guidepress.read.safety).
LONG_DESCRIPTION_CLASSES = frozenset(safety.author_class(name) for name in
                                     ("longdesc", "long-description", "description"))
_SVG_TEXT = ("{http://www.w3.org/2000/svg}text",)
_WORD = re.compile(r"[^\W_]+")


def described_figures(document: Document) -> list[pandocast.Element]:
    """The Figure elements of `document.ast` whose content the text after them gives."""
    labels = {image.asset.data_uri(): svg_labels(image.asset.data)
              for image in document.images if image.asset.media_type == "image/svg+xml"}
    found = []
    for blocks in block_lists(document.ast["blocks"]):
        for index, block in enumerate(blocks):
            if block["t"] == "Figure" and is_described(block, blocks[index + 1:], labels):
                found.append(block)
    return found


def is_described(figure: pandocast.Element, after: list[Any],
                 labels: dict[str, list[str]]) -> bool:
    if after and after[0]["t"] == "Div" and LONG_DESCRIPTION_CLASSES & set(after[0]["c"][0][1]):
        return True
    images = [e for e in pandocast.walk(figure["c"][2]) if e["t"] == "Image"]
    following = words(pandocast.stringify(until_heading(after)))
    for image in images:
        wanted = words(" ".join(labels.get(str(image["c"][2][0]), [])))
        if not wanted or not wanted <= following:
            return False
    return bool(images)


def svg_labels(data: bytes) -> list[str]:
    """The text an SVG draws (its <title> and <desc> are not drawn), one string a <text>."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return []
    return [" ".join("".join(text.itertext()).split()) for text in root.iter(*_SVG_TEXT)]


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def until_heading(blocks: list[Any]) -> list[Any]:
    """`blocks` up to (not including) the first heading."""
    for index, block in enumerate(blocks):
        if block["t"] == "Header":
            return blocks[:index]
    return blocks


def block_lists(blocks: list[Any]) -> Iterator[list[Any]]:
    """`blocks` and every list of blocks nested in it (quotes, divs, list items, notes)."""
    yield blocks
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind == "BlockQuote":
            yield from block_lists(content)
        elif kind == "Div":
            yield from block_lists(content[1])
        elif kind == "BulletList":
            for item in content:
                yield from block_lists(item)
        elif kind == "OrderedList":
            for item in content[1]:
                yield from block_lists(item)
        elif kind == "DefinitionList":
            for _, definitions in content:
                for definition in definitions:
                    yield from block_lists(definition)
