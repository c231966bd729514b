"""Diagrams redrawn for large print: the same boxes and words, one below the other, with every
label at least MIN_LABEL_PX at print size.

A box-and-arrow diagram (labels inside rectangles, as a flow chart draws them) is read into its
boxes, the text above them (a title) and the text below (a note), and drawn again as a column of
boxes as wide as the page's text, each label wrapped to fit, joined by arrows when the original
joins its boxes. A diagram that is not of that kind cannot be redrawn faithfully: it is drawn
as a panel that holds its text alternative instead, which large-print guidance asks for when a
graphic cannot be enlarged enough.

Text is measured with the shipped font's own advance widths, so a wrapped line fits its box
exactly as WeasyPrint will draw it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from guidepress import fonts

MIN_LABEL_PX = 24.0  # 18 pt at 96 px to the inch
LINE_HEIGHT = 1.3
PADDING = 12.0
STROKE = 3.0
ARROW = 36.0  # the gap between two boxes, which the arrow spans
GAP = 20.0  # between the title or note and the boxes
FAMILY = "Atkinson Hyperlegible, Noto Sans"
_SVG = "{http://www.w3.org/2000/svg}"
_CONNECTORS = {f"{_SVG}line", f"{_SVG}path", f"{_SVG}polyline"}
_NUMBER = re.compile(r"^\s*(-?[0-9]*\.?[0-9]+)\s*(px)?\s*$")
_BOLD = re.compile(r"(?:^|;)\s*font-weight\s*:\s*([^;]+)")


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height

    def inside(self, other: Box) -> bool:
        return (other.x <= self.x and other.y <= self.y and self.x + self.width <= other.x
                + other.width and self.y + self.height <= other.y + other.height)


@dataclass
class Diagram:
    """A box-and-arrow diagram as large print redraws it."""

    boxes: list[Box]
    above: list[Line] = field(default_factory=list)  # a title over the boxes
    below: list[Line] = field(default_factory=list)  # notes under or between them
    arrows: bool = False  # the original joins each box to the next


def read(data: bytes) -> Diagram | None:
    """The SVG as a box-and-arrow diagram, or None when it is not one (fewer than two boxes
    that hold text, a transform, a size that cannot be read)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    drawn = [el for el in root.iter() if not any(a.tag == f"{_SVG}defs" for a in
                                                  el.iterancestors())]
    if any(el.get("transform") for el in drawn):
        return None
    texts = list(_texts(drawn))
    rects = [box for el in drawn if el.tag == f"{_SVG}rect" and (box := _rect(el)) is not None]
    holders = [box for box in rects if any(box.holds(x, y) for x, y, _ in texts)
               and not any(other is not box and other.inside(box) for other in rects)]
    if len(holders) < 2:
        return None
    diagram = Diagram(holders)
    top = min(box.y for box in holders)
    for x, y, line in texts:
        box = next((b for b in holders if b.holds(x, y)), None)
        if box is not None:
            box.lines.append(line)
        else:
            (diagram.above if y < top else diagram.below).append(line)
    connectors = sum(1 for el in drawn if el.tag in _CONNECTORS)
    diagram.arrows = connectors >= len(holders) - 1
    return diagram


def _texts(elements: list[etree._Element]) -> Iterator[tuple[float, float, Line]]:
    for element in elements:
        if element.tag != f"{_SVG}text":
            continue
        words = " ".join("".join(element.itertext()).split())
        x, y = _number(element.get("x", "0")), _number(element.get("y", "0"))
        if words and x is not None and y is not None:
            yield x, y, Line(words, _bold(element))


def _rect(element: etree._Element) -> Box | None:
    values = [_number(element.get(name, "0")) for name in ("x", "y", "width", "height")]
    if any(v is None for v in values):
        return None
    x, y, width, height = (float(v or 0) for v in values)
    return Box(x, y, width, height) if width > 0 and height > 0 else None


def _number(value: str) -> float | None:
    found = _NUMBER.match(value.split()[0] if value.split() else "")
    return float(found.group(1)) if found else None


def _bold(element: etree._Element) -> bool:
    for holder in (element, *element.iterancestors()):
        style = _BOLD.search(holder.get("style") or "")
        weight = (style.group(1) if style else holder.get("font-weight") or "").strip()
        if weight:
            return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    return False


# --- Drawing ------------------------------------------------------------------------------

def draw(diagram: Diagram, width: float) -> bytes:
    """The diagram as a column of boxes `width` px wide, labels at MIN_LABEL_PX."""
    inner = width - 2 * PADDING - STROKE
    parts: list[str] = []
    y = STROKE / 2
    if diagram.above:
        y = _text(parts, diagram.above, 0, y, width) + GAP
    for number, box in enumerate(diagram.boxes):
        if number and diagram.arrows:
            parts.append(_arrow(width / 2, y, y + ARROW))
        if number:
            y += ARROW
        height = 2 * PADDING + len(wrap(box.lines, inner)) * MIN_LABEL_PX * LINE_HEIGHT
        parts.append(f'<rect x="{STROKE / 2:g}" y="{y:.2f}" width="{width - STROKE:.2f}" '
                     f'height="{height:.2f}" rx="10" fill="#ffffff" stroke="#000000" '
                     f'stroke-width="{STROKE:g}"/>')
        _text(parts, box.lines, PADDING + STROKE / 2, y + PADDING, inner)
        y += height
    if diagram.below:
        y = _text(parts, diagram.below, 0, y + GAP, width)
    return _svg(parts, width, y + STROKE / 2)


def described(text: str, width: float) -> bytes:
    """A panel that gives a diagram's text alternative, for a diagram that cannot be redrawn."""
    inner = width - 2 * PADDING - STROKE
    height = 2 * PADDING + len(wrap([Line(text)], inner)) * MIN_LABEL_PX * LINE_HEIGHT
    parts = [f'<rect x="{STROKE / 2:g}" y="{STROKE / 2:g}" width="{width - STROKE:.2f}" '
             f'height="{height:.2f}" rx="10" fill="#ffffff" stroke="#000000" '
             f'stroke-width="{STROKE:g}"/>']
    _text(parts, [Line(text)], PADDING + STROKE / 2, PADDING + STROKE / 2, inner)
    return _svg(parts, width, height + STROKE)


def _svg(parts: list[str], width: float, height: float) -> bytes:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}" height="{height:.2f}" '
            f'viewBox="0 0 {width:.2f} {height:.2f}" font-family={quoteattr(FAMILY)} '
            f'font-size="{MIN_LABEL_PX:g}" fill="#000000">')
    return (head + "".join(parts) + "</svg>").encode("utf-8")


def _text(parts: list[str], lines: list[Line], x: float, top: float, width: float) -> float:
    """Write `lines` flowed and wrapped to `width` from `top`; the y under the last line."""
    step = MIN_LABEL_PX * LINE_HEIGHT
    baseline = top + (step + MIN_LABEL_PX * 0.7) / 2  # capitals centred in the line's step
    wrapped = wrap(lines, width)
    for row in wrapped:
        spans = "".join(f'<tspan font-weight="700">{escape(seg.text)}</tspan>' if seg.bold
                        else escape(seg.text) for seg in row)
        parts.append(f'<text x="{x:.2f}" y="{baseline:.2f}" xml:space="preserve">{spans}</text>')
        baseline += step
    return top + len(wrapped) * step


def _arrow(x: float, start: float, end: float) -> str:
    head = 12.0
    return (f'<path d="M{x:.2f},{start:.2f} V{end - head:.2f}" stroke="#000000" '
            f'stroke-width="{STROKE:g}" fill="none"/>'
            f'<path d="M{x - head:.2f},{end - head:.2f} L{x + head:.2f},{end - head:.2f} '
            f'L{x:.2f},{end:.2f} Z" fill="#000000"/>')


def wrap(lines: list[Line], width: float) -> list[list[Line]]:
    """The lines of one label flowed as running text (the original broke them for its own
    narrow boxes), a bold heading followed by its regular text on the same line, and broken
    between words again so that each line fits `width` px at MIN_LABEL_PX. Each line is a list
    of runs of one weight. (A word longer than the width, which nothing can fit, keeps a line
    of its own.)"""
    rows: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        for word in line.text.split():
            gap = text_width(" ", line.bold) if rows[-1] else 0.0
            size = text_width(word, line.bold)
            if rows[-1] and used + gap + size > width:
                rows.append([])
                used, gap = 0.0, 0.0
            _add(rows[-1], (" " if gap else "") + word, line.bold)
            used += gap + size
    return [row for row in rows if row]


def _add(row: list[Line], text: str, bold: bool) -> None:
    if row and row[-1].bold == bold:
        row[-1] = Line(row[-1].text + text, bold)
    else:
        row.append(Line(text, bold))


def text_width(text: str, bold: bool = False, size: float = MIN_LABEL_PX) -> float:
    """How wide `text` prints in the shipped font at `size` px (no kerning: a little wider,
    never narrower, than WeasyPrint sets it)."""
    advances, fallback = _advances(bold)
    return sum(advances.get(ord(char), fallback) for char in text) * size


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance widths of the text face, in em, by code point; and one for any other
    character (the widest of its letters, so a fallback glyph never overflows)."""
    from fontTools.ttLib import TTFont

    face = next(f for f in fonts.faces() if f.style == "normal" and not f.variable
                and f.bold == bold)
    with TTFont(face.path, lazy=True) as font:
        scale = 1 / font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {code: metrics[name][0] * scale for code, name in font.getBestCmap().items()}
    return widths, max(widths.get(ord(c), 0.6) for c in "MW")
