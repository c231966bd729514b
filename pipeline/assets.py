"""Images a guide refers to, resolved and checked by the project itself.

An image must be a relative path whose real location lies inside the source folder; its type is
read from its bytes, its size and pixel dimensions are capped, and an SVG must be plain drawing
(no script, no event handler, no external reference, no entity tricks).
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .errors import Location, SourceError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


@dataclass(frozen=True)
class Asset:
    path: Path
    relative: str  # as written in the guide, normalised
    media_type: str
    data: bytes

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def resolve(reference: str, source_root: Path, where: Location) -> Asset:
    """Find, read and check the image `reference` made from a guide in `source_root`."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("/", "\\")):
        raise SourceError(where, f"image {reference!r} is not a path inside the source folder",
                          "copy the image into source/images/ and refer to it as images/NAME")
    relative = unquote(parts.path)
    if not relative or ".." in Path(relative).parts or "\\" in relative:
        raise SourceError(where, f"image {reference!r} points outside the source folder",
                          "refer to images as images/NAME, without `..`")
    root = source_root.resolve()
    candidate = source_root / relative
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        raise SourceError(where, f"image {reference!r} does not exist",
                          f"check the file name; it should be under {source_root.name}/images/"
                          ) from None
    if not real.is_relative_to(root) or not real.is_file():
        raise SourceError(where, f"image {reference!r} leads outside the source folder",
                          "replace the link or shortcut with the image file itself")
    size = real.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise SourceError(where, f"image {reference!r} is {size // 1024} KiB, over the "
                          f"{MAX_IMAGE_BYTES // 1024 // 1024} MiB limit", "make it smaller")
    data = real.read_bytes()
    media_type = sniff(data)
    if media_type is None:
        raise SourceError(where, f"image {reference!r} is not a PNG, JPEG, GIF or SVG file",
                          "export it as PNG or SVG")
    if media_type == "image/svg+xml":
        check_svg(data, reference, where)
    else:
        width, height = pixel_size(data, media_type)
        if width * height > MAX_PIXELS or width <= 0 or height <= 0:
            raise SourceError(where, f"image {reference!r} is {width}x{height} pixels, "
                              "too large or damaged", "resize it to at most 4096x4096")
    return Asset(real, relative, media_type, data)


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]:
        return "image/svg+xml"
    return None


def pixel_size(data: bytes, media_type: str) -> tuple[int, int]:
    """Width and height read from the image header, without decoding the pixels."""
    try:
        if media_type == "image/png":
            return struct.unpack(">II", data[16:24])
        if media_type == "image/gif":
            return struct.unpack("<HH", data[6:10])
        return _jpeg_size(data)
    except struct.error:
        return (0, 0)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return (0, 0)
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return (width, height)
        index += 2 + length
    return (0, 0)


def check_svg(data: bytes, reference: str, where: Location) -> None:
    """Refuse an SVG that could run script, load anything, or expand entities."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise SourceError(where, f"SVG {reference!r} declares a DOCTYPE or entities",
                          "remove the <!DOCTYPE ...> part; plain SVG needs none")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(where, f"SVG {reference!r} is not well-formed XML: {exc.msg}") from None
    if etree.QName(root).localname != "svg":
        raise SourceError(where, f"SVG {reference!r} has no <svg> root element")
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                raise SourceError(where, f"SVG {reference!r} contains a processing instruction")
            continue
        name = etree.QName(element).localname
        if name in _SVG_FORBIDDEN:
            raise SourceError(where, f"SVG {reference!r} contains <{name}>",
                              "images may only draw; remove scripts and embedded content")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                raise SourceError(where, f"SVG {reference!r} has an event handler ({local})",
                                  "remove the on... attribute")
            if (attribute in ("href", _XLINK) and not value.startswith("#")) or (
                    "url(" in value and not re.fullmatch(r"\s*url\(\s*#[^)]*\)\s*", value)
                    and "url(#" not in value):
                raise SourceError(where, f"SVG {reference!r} refers to something outside itself",
                                  "keep every reference inside the SVG (href=\"#id\")")
        if name == "style" and element.text and re.search(r"@import|url\((?!\s*#)",
                                                           element.text):
            raise SourceError(where, f"SVG {reference!r} loads a style sheet or file")
