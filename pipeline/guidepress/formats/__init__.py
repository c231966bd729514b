"""The output formats, in build order. Adding a format is one module and one line here."""

from __future__ import annotations

from guidepress.formats.base import Format, RenderContext
from guidepress.formats.epub import EpubFormat
from guidepress.formats.html import HtmlFormat
from guidepress.formats.pdf import PdfFormat
from guidepress.formats.txt import TextFormat


def _registry(*formats: Format) -> dict[str, Format]:
    found: dict[str, Format] = {}
    for fmt in formats:
        if fmt.name in found:
            raise ValueError(f"format {fmt.name!r} is registered twice")
        found[fmt.name] = fmt
    return found


FORMATS: dict[str, Format] = _registry(HtmlFormat(), PdfFormat(), EpubFormat(), TextFormat())

__all__ = ["FORMATS", "Format", "RenderContext"]
