"""Images a guide refers to, resolved and checked by the project itself.

A reference is decoded first and judged after: it must name a file inside the source folder,
found without touching anything outside it (`files.py`); every path that is not inside gets
the same message, so no message tells what exists elsewhere. The type is read from the bytes.
A raster image's size is the answer of the decoder that draws it (Pillow, for every frame),
asked in a worker with a memory cap; an SVG must pass `svg.py`.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from guidepress.errors import Location, SourceError
from guidepress.read import files, svg

if TYPE_CHECKING:
    from PIL import Image

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE
# An animation is drawn frame by frame by readers; WeasyPrint draws the first only.
MAX_FRAMES = 100
MAX_FRAME_PIXELS = 4 * MAX_PIXELS  # all frames of one image together
MAX_SVG_ELEMENTS = svg.MAX_ELEMENTS
MAX_IMAGE_USES = 100  # images shown in one guide, each use counted
MAX_EMBEDDED_BYTES = 24 * 1024 * 1024  # their bytes, each use counted (each embeds a copy)
_RASTER = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_INSIDE_HINT = "copy the image into source/images/ and refer to it as images/NAME"


@dataclass(frozen=True)
class Asset:
    path: Path
    relative: str  # as written in the guide, normalised
    media_type: str
    data: bytes
    drawn: int = 1  # elements a renderer draws for it (an SVG's, once expanded)

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def resolve(reference: str, source_root: Path, where: Location) -> Asset:
    """Find, read and check the image `reference` made from a guide in `source_root`."""
    shown = _shown(reference)
    relative = _relative_path(reference, shown, where)
    try:
        found = files.read_inside(source_root, relative, MAX_IMAGE_BYTES)
    except files.Refused as refused:
        raise _refused(refused, shown, where) from None
    data = found.data
    media_type = sniff(data)
    if media_type is None:
        raise SourceError(where, f"image {shown} is not a PNG, JPEG, GIF or SVG file",
                          "export it as PNG or SVG")
    drawn = 1
    if media_type == "image/svg+xml":
        drawn = svg.check(data, shown, where)
    else:
        check_pixels(data, media_type, shown, where)
    return Asset(found.path, relative, media_type, data, drawn)


class Embedded:
    """What every use of an image adds to the outputs, counted over one guide: each use
    embeds the image's bytes again, and draws it again."""

    def __init__(self) -> None:
        self.uses = self.bytes = self.drawn = 0

    def add(self, asset: Asset, where: Location) -> None:
        self.uses += 1
        self.bytes += len(asset.data)
        self.drawn += asset.drawn
        if self.uses > MAX_IMAGE_USES:
            raise SourceError(where, f"the guide shows more than {MAX_IMAGE_USES} images",
                              "split it into several guides")
        if self.bytes > MAX_EMBEDDED_BYTES:
            raise SourceError(where, "the images the guide shows add up to more than "
                              f"{MAX_EMBEDDED_BYTES // (1 << 20)} MiB (each use counts)",
                              "use smaller images, or fewer of them")
        if self.drawn > svg.MAX_DRAWN_PER_GUIDE:
            raise SourceError(where, "the drawings the guide shows add up to more than "
                              f"{svg.MAX_DRAWN_PER_GUIDE:,} shapes (each use counts)",
                              "simplify the drawings, or show them fewer times")


def _refused(refused: files.Refused, shown: str, where: Location) -> SourceError:
    if refused.reason == files.OUTSIDE:
        return SourceError(where, f"image {shown} is not a file inside the source folder",
                           _NOT_INSIDE_HINT)
    if refused.reason == files.MISSING:
        return SourceError(where, f"image {shown} does not exist",
                           "check the file name; it should be under source/images/")
    if refused.reason == files.NOT_A_FILE:
        return SourceError(where, f"image {shown} is not a file",
                           "refer to an image file, not a folder, pipe or device")
    if refused.reason == files.TOO_LARGE:
        return SourceError(where, f"image {shown} is {refused.size // 1024} KiB, over the "
                           f"{MAX_IMAGE_BYTES // 1024 // 1024} MiB limit", "make it smaller")
    return SourceError(where, f"image {shown} cannot be read",
                       "check that the file is readable")


def check_pixels(data: bytes, media_type: str, shown: str, where: Location) -> None:
    """Ask Pillow, which decodes the image for every output, how large each frame is, before
    and after it decodes it; a decompression-bomb warning is an error, not a line in a log."""
    from PIL import Image, UnidentifiedImageError

    def fail(width: int, height: int) -> SourceError:
        return SourceError(where, f"image {shown} is {width}x{height} pixels, too large",
                           f"resize it to at most {MAX_SIDE}x{MAX_SIDE}")

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # its warning at this size, its error at twice it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_RASTER[media_type]]) as image:
                _check_frames(image, fail, shown, where)
    except UnidentifiedImageError:
        raise SourceError(where, f"image {shown} is damaged: Pillow cannot read it as "
                          f"{_RASTER[media_type]}", "export or save the image again") from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise SourceError(where, f"image {shown} is larger than {MAX_SIDE}x{MAX_SIDE} pixels",
                          f"resize it to at most {MAX_SIDE}x{MAX_SIDE}") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError) as exc:
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise SourceError(where, f"image {shown} is damaged: {reason}",
                          "export or save the image again") from None


def _check_frames(image: Image.Image, fail: Callable[[int, int], SourceError], shown: str,
                  where: Location) -> None:
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise SourceError(where, f"image {shown} has {frames} frames (at most {MAX_FRAMES})",
                          "shorten the animation, or use a still image")
    total = 0
    for index in range(frames):
        image.seek(index)
        _check_size(image.size, fail)  # what the frame declares
        image.load()
        _check_size(image.size, fail)  # what it decoded to (a GIF frame can grow the canvas)
        total += image.size[0] * image.size[1]
        if total > MAX_FRAME_PIXELS:
            raise SourceError(where, f"image {shown} has more than {MAX_FRAME_PIXELS:,} pixels "
                              "in all its frames together", "shorten the animation")


def _check_size(size: tuple[int, int], fail: Callable[[int, int], SourceError]) -> None:
    width, height = size
    if width <= 0 or height <= 0 or width > MAX_SIDE or height > MAX_SIDE:
        raise fail(width, height)


def _shown(reference: str) -> str:
    """`reference` as messages show it: quoted, escaped, and not too long."""
    clipped = reference if len(reference) <= 80 else reference[:79] + "\u2026"
    return repr(clipped)


def _relative_path(reference: str, shown: str, where: Location) -> str:
    """The path inside the source folder that `reference` names, judged once decoded: no URL,
    no absolute path, no way out; each of those gets the same message."""
    try:
        parts = urlsplit(reference)
    except ValueError:  # e.g. an unclosed [IPv6 address: no path of ours either
        parts = urlsplit("x:")
    relative = unquote(parts.path, errors="strict") if _decodes(parts.path) else ""
    if (parts.scheme or parts.netloc or not relative or _SCHEME.match(relative)
            or relative.startswith(("/", "\\")) or "\\" in relative
            or ".." in PurePosixPath(relative).parts):
        raise SourceError(where, f"image {shown} is not a file inside the source folder",
                          _NOT_INSIDE_HINT)
    if any(not char.isprintable() for char in relative):
        raise SourceError(where, f"image {shown} has a control or invisible character in its "
                          "name", "rename the image file with letters, digits and hyphens")
    return relative


def _decodes(path: str) -> bool:
    try:
        unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


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
