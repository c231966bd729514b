"""The output formats, in build order. Adding a format is one module and one line here."""

from __future__ import annotations

from .base import Format, RenderContext
from .brf import BrailleFormat
from .epub import EpubFormat
from .html import HtmlFormat
from .pdf import PdfFormat
from .txt import TextFormat


def _registry(*formats: Format) -> dict[str, Format]:
    found: dict[str, Format] = {}
    for fmt in formats:
        if fmt.name in found:
            raise ValueError(f"format {fmt.name!r} is registered twice")
        found[fmt.name] = fmt
    return found


FORMATS: dict[str, Format] = _registry(HtmlFormat(), PdfFormat(), EpubFormat(), TextFormat(),
                                        BrailleFormat())

__all__ = ["FORMATS", "Format", "RenderContext"]
