"""The guide's body made ready for large print: wide tables marked to print as labelled
blocks, hyphenated words kept whole on their line, and every SVG diagram printed so that its
labels are at least MIN_TEXT_PT on paper.

A diagram is printed, in order of preference:
1. as it is, enlarged until its smallest label is MIN_TEXT_PT, when it then fits the page;
2. redrawn as a column of boxes (lpdiagram), when it is a box-and-arrow diagram;
3. as a panel that holds its text alternative, when it is neither (large-print guidance asks
   for a description where a graphic cannot be enlarged enough).
Photographs and other raster images are printed as wide as the text (their pixels hold no
text size to read).
"""

from __future__ import annotations

import base64
import html as html_text
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree, html

from guidepress.formats import figures, lpdiagram
from guidepress.read.assets import Asset

MIN_TEXT_PT = 18.0
# Tables with more columns than this print as one block per row, each value under its
# column's header: at 18 pt, three columns leave a dozen letters to a line.
MAX_GRID_COLUMNS = 2
SVG = "image/svg+xml"
# A word joined by hyphens ("follow-up", "end-of-life"): a line may break at a hyphen, which
# large print must not do to a word, so each such word is set in a span that never breaks.
COMPOUND = re.compile(r"\w+(?:[-\u2010]\w+)+")
WHOLE = "whole"  # the class of those spans (the style sheet: white-space: nowrap)


@dataclass(frozen=True)
class Column:
    """The printed text area, in CSS px (96 to the inch)."""

    width: float
    height: float


def prepare(body: str, assets: list[Asset], column: Column) -> str:
    root = html.fragment_fromstring(body, create_parent="div")
    for table in root.iter("table"):
        if "reflow" in (table.get("class") or "").split() and _columns(table) > MAX_GRID_COLUMNS:
            table.set("class", f"{table.get('class')} blocks")
    keep_words_whole(root)
    svgs = {asset.data_uri(): asset for asset in assets if asset.media_type == SVG}
    for image in root.iter("img"):
        asset = svgs.get(image.get("src") or "")
        if asset is not None:
            src, width = diagram(asset, image.get("alt") or "", column)
            image.set("src", src)
            image.set("style", f"width: {width:.2f}px")
    return html_text.escape(root.text or "", quote=False) + "".join(
        str(html.tostring(child, encoding="unicode")) for child in root)


def keep_words_whole(root: etree._Element) -> None:
    """Put each hyphenated word of the text in a span of class WHOLE."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.text and COMPOUND.search(element.text):
            pieces = _split(element.text)
            element.text = pieces[0]
            for at, span in enumerate(pieces[1:]):
                element.insert(at, span)
        if element.tail and COMPOUND.search(element.tail) and element.getparent() is not None:
            pieces = _split(element.tail)
            element.tail = pieces[0]
            parent = element.getparent()
            for offset, span in enumerate(pieces[1:], start=1):
                parent.insert(parent.index(element) + offset, span)


def _split(text: str) -> list[Any]:
    """`text` as the text before its first compound word, then a span for each compound word
    (its tail the text up to the next one)."""
    found = list(COMPOUND.finditer(text))
    pieces: list[Any] = [text[:found[0].start()]]
    for number, match in enumerate(found):
        span = etree.Element("span", {"class": WHOLE})
        span.text = match.group(0)
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        span.tail = text[match.end():end]
        pieces.append(span)
    return pieces


def _columns(table: etree._Element) -> int:
    rows = table.xpath("./thead/tr")
    return sum(int(c.get("colspan") or 1) for c in rows[0]) if rows else 0


def diagram(asset: Asset, alt: str, column: Column) -> tuple[str, float]:
    """The image to print for an SVG, as a data: URL, and its width in CSS px."""
    scale = enlargement(asset)
    width = figures.natural_width_px(asset)
    height = natural_height_px(asset)
    if scale is not None and width and height:
        scale = max(scale, min(1.0, column.width / width))  # never needlessly small
        if width * scale <= column.width and height * scale <= column.height:
            return asset.data_uri(), width * scale
    redrawn = lpdiagram.read(asset.data)
    drawn = (lpdiagram.draw(redrawn, column.width) if redrawn is not None
             else lpdiagram.described(alt, column.width))
    return "data:image/svg+xml;base64," + base64.b64encode(drawn).decode("ascii"), column.width


def enlargement(asset: Asset) -> float | None:
    """The scale, of the SVG's own size, at which its smallest label prints at MIN_TEXT_PT;
    1 for a drawing with no text; None when a size cannot be read."""
    label = figures.smallest_label_px(asset.data)
    if label is None:
        return None
    return MIN_TEXT_PT / (label * figures.PT_PER_PX) if label else 1.0


def natural_height_px(asset: Asset) -> float | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(asset.data, parser)
    height = figures._px(root.get("height") or "")
    width = figures.natural_width_px(asset)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if height is None and width and len(box) == 4:
        try:
            return width * float(box[3]) / float(box[2])
        except (ValueError, ZeroDivisionError):
            return None
    return height
