"""Choosing the handout's layout: the loosest one whose last page is worth printing.

The handout's template comes in layouts from loosest to tightest (`LEVELS`, classes its style
sheet defines). The loosest is kept unless its last page is less than a third full; then the
first tighter layout that needs fewer pages is kept instead. The limits of tightening live in
the style sheet (body text never under 11 pt) and in guidepress.formats.figures (diagram labels
never under 9 pt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Level:
    """One layout: a class of the <html> element, and the scale diagrams print at (of their
    own size; guidepress.formats.figures keeps their labels readable)."""

    name: str
    figure_scale: float = 1.0


# Loosest first; "" is the handout as designed.
LEVELS = (Level(""), Level("fit-1", 0.93), Level("fit-2", 0.86))
# A last page less full than this (of its text area's height) is worth a tighter layout.
MIN_LAST_PAGE_FILL = 1 / 3
# What a last page holds besides the guide does not make it worth printing: the QR code of the
# main link (guidepress.formats.qrcode) goes wherever the guide ends.
NOT_COUNTED = "qr-code"


def choose(layouts: Sequence[str], lay_out: Callable[[str], Any],
           fill: Callable[[Any], float] | None = None) -> Any:
    """The document `lay_out` makes of the first layout that prints well (see the module);
    `fill` measures a document's last page (last_page_fill unless given)."""
    first = lay_out(layouts[0])
    pages = len(first.pages)
    if pages <= 1 or (fill or last_page_fill)(first) >= MIN_LAST_PAGE_FILL or len(layouts) < 2:
        return first
    # The tightest first: a tighter layout never needs more pages than a looser one, so when
    # the tightest saves no page none does, and the usual handout is laid out twice, not once
    # for every layout.
    tightest = lay_out(layouts[-1])
    if len(tightest.pages) >= pages:
        return first
    for layout in layouts[1:-1]:
        tighter = lay_out(layout)
        if len(tighter.pages) < pages:
            return tighter
    return tightest


def last_page_fill(document: Any) -> float:
    """How far down its text area the last page's content reaches, from 0 to 1."""
    return page_fill(document.pages[-1]._page_box)


def page_fill(page_box: Any) -> float:
    from weasyprint.formatting_structure import boxes

    top = page_box.content_box_y()
    height = page_box.height
    lowest = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):  # running header and footer
            continue
        for box in _counted(child):
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
                lowest = max(lowest, box.position_y + box.margin_height())
    return float((lowest - top) / height) if height else 1.0


def _counted(box: Any) -> Iterator[Any]:
    """`box` and its descendants, less those of a NOT_COUNTED element."""
    element = box.element if box.element_tag and "::" not in box.element_tag else None
    if element is not None and NOT_COUNTED in (element.get("class") or "").split():
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _counted(child)
