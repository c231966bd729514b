"""SVG drawings as PNG, for formats whose readers may not show SVG (the Word edition keeps the
SVG too, and Word shows it; older readers and converters show this PNG).

resvg renders with the fonts named here and never the machine's, so the same drawing gives
the same PNG bytes on every machine. Text set in a family the project does not ship is drawn
in Atkinson Hyperlegible, the project's font.
"""

from __future__ import annotations

import functools
import struct
import zlib

import resvg_py
from lxml import etree

from guidepress import fonts
from guidepress.errors import ToolError

ZOOM = 2  # pixels per CSS pixel: sharp on paper and on high-density screens
# The PNG says its resolution, so it keeps the drawing's own size wherever it is placed.
_PIXELS_PER_METRE = round(96 * ZOOM / 0.0254)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@functools.cache
def font_files() -> tuple[str, ...]:
    """The shipped fonts, Atkinson Hyperlegible first: a drawing's text is set in them."""
    return tuple(str(path) for path in fonts.font_files())


def svg_to_png(svg: bytes) -> bytes:
    """The drawing as a PNG at twice its CSS pixel size, marked as 192 pixels per inch."""
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=_as_text(svg), skip_system_fonts=True, font_files=list(font_files()),
            font_family=fonts.families()[0], sans_serif_family=fonts.families()[0],
            serif_family=fonts.families()[0], zoom=ZOOM)
    except ValueError as exc:
        raise ToolError(f"could not draw an SVG image as PNG: {exc}") from None
    return with_resolution(bytes(png), _PIXELS_PER_METRE)


def _as_text(svg: bytes) -> str:
    """The SVG as a string, whatever encoding it declares (its safety was checked on reading)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    return str(etree.tostring(etree.fromstring(svg, parser), encoding="unicode"))


def with_resolution(png: bytes, pixels_per_metre: int) -> bytes:
    """`png` with a pHYs chunk right after IHDR (replacing any it had)."""
    if not png.startswith(_PNG_SIGNATURE):
        raise ToolError("the SVG renderer did not return a PNG")
    chunks = list(_chunks(png))
    data = struct.pack(">IIB", pixels_per_metre, pixels_per_metre, 1)
    kept = [chunk for chunk in chunks if chunk[0] != b"pHYs"]
    kept.insert(1, (b"pHYs", data))
    return _PNG_SIGNATURE + b"".join(_chunk(kind, body) for kind, body in kept)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    found = []
    at = len(_PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        found.append((png[at + 4:at + 8], png[at + 8:at + 8 + length]))
        at += 12 + length
    return found


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
