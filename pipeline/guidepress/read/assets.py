"""Images a guide refers to, resolved and checked by the project itself.

An image must be a relative path whose real location lies inside the source folder; its type is
read from its bytes, its size and pixel dimensions are capped, and an SVG must be plain drawing
(no script, no event handler, no external reference, no entity tricks).
"""

from __future__ import annotations

import base64
import io
import os
import re
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from guidepress.errors import Location, SourceError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}href"
MAX_SVG_ELEMENTS = 10_000
_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
                  "animate", "animatemotion", "animatetransform", "animatecolor", "set", "audio",
                  "video", "canvas", "discard"}
_XML_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml\s[^?]*\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)")
_LOCAL_URL = re.compile(r"url\(\s*['\"]?\s*#")


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
    shown = _shown(reference)
    relative = _relative_path(reference, shown, where)
    root = source_root.resolve()
    try:
        real = (source_root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise SourceError(where, f"image {shown} does not exist",
                          f"check the file name; it should be under {source_root.name}/images/"
                          ) from None
    if not real.is_relative_to(root):
        raise SourceError(where, f"image {shown} leads outside the source folder",
                          "replace the link or shortcut with the image file itself")
    data = _read(real, shown, where)
    media_type = sniff(data)
    if media_type is None:
        raise SourceError(where, f"image {shown} is not a PNG, JPEG, GIF or SVG file",
                          "export it as PNG or SVG")
    if media_type == "image/svg+xml":
        check_svg(data, reference, where)
    else:
        width, height = pixel_size(data, media_type)
        if width * height > MAX_PIXELS or width <= 0 or height <= 0:
            raise SourceError(where, f"image {shown} is {width}x{height} pixels, "
                              "too large or damaged", "resize it to at most 4096x4096")
        check_pixels(data, shown, where)
    return Asset(real, relative, media_type, data)


def check_pixels(data: bytes, shown: str, where: Location) -> None:
    """Decode the (size-checked) image once, so a damaged file is the guide's error here,
    not a failed render later in WeasyPrint or a broken picture in a reader."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error,
            Image.DecompressionBombError) as exc:
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise SourceError(where, f"image {shown} is damaged: {reason}",
                          "export or save the image again") from None


def _shown(reference: str) -> str:
    """`reference` as messages show it: quoted, escaped, and not too long."""
    clipped = reference if len(reference) <= 80 else reference[:79] + "\u2026"
    return repr(clipped)


def _relative_path(reference: str, shown: str, where: Location) -> str:
    """The path inside the source folder that `reference` names; no URL, no way out."""
    try:
        parts = urlsplit(reference)
    except ValueError:  # e.g. an unclosed [IPv6 address: no path of ours either
        parts = urlsplit("x:")
    if parts.scheme or parts.netloc or reference.startswith(("/", "\\")):
        raise SourceError(where, f"image {shown} is not a path inside the source folder",
                          "copy the image into source/images/ and refer to it as images/NAME")
    relative = unquote(parts.path)
    if not relative or ".." in Path(relative).parts or "\\" in relative:
        raise SourceError(where, f"image {shown} points outside the source folder",
                          "refer to images as images/NAME, without `..`")
    if any(not char.isprintable() for char in relative):
        raise SourceError(where, f"image {shown} has a control character in its name",
                          "rename the image file with letters, digits and hyphens")
    return relative


def _read(real: Path, shown: str, where: Location) -> bytes:
    """The bytes of a regular file, at most MAX_IMAGE_BYTES; never a link, pipe or device
    (O_NOFOLLOW and O_NONBLOCK: a file swapped for one after the checks cannot block or lead
    out)."""
    try:
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise SourceError(where, f"image {shown} cannot be read: {exc.strerror}") from None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise SourceError(where, f"image {shown} is not a file",
                          "refer to an image file, not a folder, pipe or device")
    with os.fdopen(handle, "rb") as stream:
        data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise SourceError(where, f"image {shown} is {max(info.st_size, len(data)) // 1024} KiB, "
                          f"over the {MAX_IMAGE_BYTES // 1024 // 1024} MiB limit",
                          "make it smaller")
    return data


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
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
    """Refuse an SVG that could run script, load anything, expand entities, or make a renderer
    draw without end (nested <use> references, too many elements)."""
    shown = _shown(reference)

    def fail(message: str, hint: str = "") -> SourceError:
        return SourceError(where, f"SVG {shown} {message}", hint)

    _check_svg_text(data, fail)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise fail(f"is not well-formed XML: {exc.msg}") from None
    if etree.QName(root).localname != "svg":
        raise fail("has no <svg> root element")
    elements = []
    for element in root.iter():
        if isinstance(element, etree._ProcessingInstruction):
            raise fail("contains a processing instruction")
        if isinstance(element.tag, str):
            elements.append(element)
    if len(elements) > MAX_SVG_ELEMENTS:
        raise fail(f"has more than {MAX_SVG_ELEMENTS} elements", "simplify the drawing")
    for element in elements:
        _check_svg_element(element, fail)
    _check_use_nesting(elements, fail)


def _check_svg_text(data: bytes, fail: Callable[..., SourceError]) -> None:
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise fail("declares a DOCTYPE or entities",
                   "remove the <!DOCTYPE ...> part; plain SVG needs none")
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise fail("is not UTF-8 text", "save it as UTF-8") from None
    declaration = _XML_DECLARATION.match(data)
    encoding = _ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        raise fail(f"declares the encoding {encoding.group(1).decode('ascii', 'replace')!r}",
                   "save it as UTF-8")
    if b"<?" in data[declaration.end() if declaration else 0 :]:
        raise fail("contains a processing instruction")


def _check_svg_element(element: etree._Element, fail: Callable[..., SourceError]) -> None:
    name = etree.QName(element).localname
    if name.lower() in _SVG_FORBIDDEN:
        raise fail(f"contains <{name}>",
                   "images may only draw; remove scripts, animation and embedded content")
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname.lower()
        if local.startswith("on"):
            raise fail(f"has an event handler ({local})", "remove the on... attribute")
        if (local == "href" and not value.startswith("#")) or _css_problem(value):
            raise fail("refers to something outside itself",
                       'keep every reference inside the SVG (href="#id", url(#id))')
    if name == "style" and _css_problem(element.text or ""):
        raise fail("loads a style sheet or file")


def _css_problem(text: str) -> bool:
    """True when CSS (or an attribute read as CSS) could load anything: a url() that is not
    `#id`, @import, or a backslash escape that could spell either."""
    lowered = text.lower()
    return ("\\" in text or "@import" in lowered or "image-set(" in lowered
            or lowered.count("url(") != len(_LOCAL_URL.findall(lowered)))


def _check_use_nesting(elements: list[etree._Element], fail: Callable[..., SourceError]) -> None:
    """A <use> may copy only content without <use>: nested copies multiply (10 x 10 x ...)."""
    uses = [e for e in elements if etree.QName(e).localname == "use"]
    holding_use: set[str] = set()
    for use in uses:
        for holder in (use, *use.iterancestors()):
            if holder.get("id"):
                holding_use.add(holder.get("id"))
    for use in uses:
        target = (use.get("href") or use.get(_XLINK) or "").removeprefix("#")
        if target in holding_use:
            raise fail("nests <use> references", "draw the repeated shapes out in full")
