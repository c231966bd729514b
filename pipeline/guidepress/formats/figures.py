"""How small the handout may print each figure: never so small that a diagram's labels fall
under MIN_LABEL_PT on paper.

A figure prints at its own size (CSS px, at 96 to the inch), narrowed to the column if need be.
A tighter layout may shrink an SVG down to the scale where its smallest text is MIN_LABEL_PT;
an image whose text size cannot be read (a PNG, or an SVG sized in em or %) is never shrunk.
"""

from __future__ import annotations

import html as html_text
import re

from lxml import etree, html

from guidepress.read.assets import Asset

MIN_LABEL_PT = 9.0
PT_PER_PX = 0.75
_SVG = "{http://www.w3.org/2000/svg}"
_TEXT = {f"{_SVG}text", f"{_SVG}tspan", f"{_SVG}textPath"}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt)?\s*$")
_STYLE_SIZE = re.compile(r"(?:^|;)\s*font-size\s*:\s*([^;]+)")
_DEFAULT_FONT_PX = 16.0  # CSS `medium`, what an SVG's text has when nothing sets a size


def smallest_scale(asset: Asset) -> float:
    """The smallest scale, of the figure's own size, at which its labels stay readable."""
    if asset.media_type != "image/svg+xml":
        return 1.0
    label = smallest_label_px(asset.data)
    if label is None:
        return 1.0
    return min(1.0, MIN_LABEL_PT / (label * PT_PER_PX)) if label else 0.0


def smallest_label_px(data: bytes) -> float | None:
    """The smallest text in the SVG at its own size, in CSS px: 0 when it has no text, None
    when a size cannot be read."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    user_px = _user_unit_px(root)
    sizes = []
    for element in root.iter(*_TEXT):
        if not "".join(element.itertext()).strip():
            continue
        size = _font_size(element)
        if size is None or user_px is None:
            return None
        sizes.append(size * user_px)
    return min(sizes) if sizes else 0.0


def _user_unit_px(root: etree._Element) -> float | None:
    """CSS px per SVG user unit at the SVG's own width."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    width = _px(root.get("width") or "")
    if len(box) != 4:
        return 1.0 if root.get("width") is None or width is not None else None
    try:
        box_width = float(box[2])
    except ValueError:
        return None
    if width is None:
        return 1.0 if root.get("width") is None else None
    return width / box_width if box_width > 0 else None


def _font_size(element: etree._Element) -> float | None:
    for holder in (element, *element.iterancestors()):
        style = _STYLE_SIZE.search(holder.get("style") or "")
        value = style.group(1) if style else holder.get("font-size")
        if value is not None:
            return _px(value)
    return _DEFAULT_FONT_PX


def _px(value: str) -> float | None:
    found = _LENGTH.match(value)
    if not found:
        return None
    number = float(found.group(1))
    return number / PT_PER_PX if found.group(2) == "pt" else number


def natural_width_px(asset: Asset) -> float | None:
    """The SVG's own width in CSS px, when it states one."""
    if asset.media_type != "image/svg+xml":
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return _px(etree.fromstring(asset.data, parser).get("width") or "")


def size_figures(body: str, assets: list[Asset], scale: float) -> str:
    """`body` with each SVG that states its width printed at `scale` of it (but never below
    its labels' limit); other images keep the style sheet's sizing."""
    widths = {}
    for asset in assets:
        natural = natural_width_px(asset)
        if natural and scale < 1:
            widths[asset.data_uri()] = natural * max(scale, smallest_scale(asset))
    if not widths:
        return body
    root = html.fragment_fromstring(body, create_parent="div")
    for image in root.iter("img"):
        width = widths.get(image.get("src") or "")
        if width is not None:
            image.set("style", f"width: {width:.2f}px")
    return html_text.escape(root.text or "", quote=False) + "".join(
        str(html.tostring(child, encoding="unicode")) for child in root)
