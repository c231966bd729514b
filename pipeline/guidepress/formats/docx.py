"""An accessible Word document: pandoc's docx writer with the project's reference document,
then finished by `docxpkg` (properties, captions, alt text, the SVG beside its PNG) and zipped
again with fixed dates and order so the same input gives the same bytes.

pandoc would put the title in the Title style (which is not a heading), so the title is handed
to it as the one level-1 heading instead; the body's sections start at `##`, so they become
Heading 2 with no level skipped. Each image reaches pandoc with its alt text as description and
its caption as title; an SVG reaches it as the PNG the project draws (pandoc would need an
outside program for that), and the SVG is added back beside it afterwards.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from guidepress import fonts
from guidepress.formats import docxpkg, raster
from guidepress.formats.base import Format, RenderContext, long_date
from guidepress.read import pandoc, pandocast
from guidepress.read.document import Document, plain_copy
from guidepress.settings import Settings

REFERENCE = "docx/reference.docx"
SVG = "image/svg+xml"


class DocxFormat(Format):
    name = "docx"
    weight = 0.2
    label = "Word document"
    kind = "DOCX"
    order = 35
    suffix = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    templates = (REFERENCE,)
    tools = ("resvg-py", "fontpkg-atkinson-hyperlegible")

    def options(self, settings: Settings) -> dict[str, str]:
        return {"paper": settings.paper}

    def fingerprints(self) -> dict[str, str]:
        # The diagram's PNG is drawn with the shipped fonts.
        return {f"font:{name}": digest for name, digest in fonts.digests().items()}

    def render(self, document: Document, context: RenderContext) -> bytes:
        prepared = prepare(document)
        result = pandoc.from_json(prepared.tree, "docx",
                                  [f"--reference-doc={context.settings.templates_dir / REFERENCE}"])
        return docxpkg.finish(result.output, document, prepared.vectors, context.settings.paper)


@dataclass
class Prepared:
    tree: dict[str, Any]
    vectors: dict[bytes, bytes] = field(default_factory=dict)  # PNG drawn -> its SVG


def prepare(document: Document) -> Prepared:
    """The AST pandoc gets: title block first, credits last, images ready for Word."""
    meta = document.guide.meta
    tree = plain_copy(document)
    # Only the language: pandoc would print title, authors and date as paragraphs of their own.
    tree["meta"] = {"lang": {"t": "MetaString", "c": meta.lang}}
    prepared = Prepared(tree)
    images = [element for element in pandocast.walk(tree["blocks"]) if element["t"] == "Image"]
    for element, image in zip(images, document.images, strict=True):
        describe(element, image.alt, image.caption)
        if image.asset.media_type == SVG:
            png = raster.svg_to_png(image.asset.data)
            prepared.vectors[png] = image.asset.data
            element["c"][2][0] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    tree["blocks"] = [*title_block(document), *tree["blocks"], *credits(document)]
    return prepared


def describe(image: pandocast.Element, alt: str, caption: str) -> None:
    """pandoc writes an image's inline text as its description and its title as its title."""
    image["c"][1] = words(alt)
    image["c"][2][1] = caption or alt


def title_block(document: Document) -> list[pandocast.Element]:
    meta = document.guide.meta
    blocks = [{"t": "Header", "c": [1, ["", [], []], words(meta.title)]}]
    if meta.subtitle:
        blocks.append(styled("Subtitle", [para(words(meta.subtitle))]))
    blocks.append(styled("Date", [para(words(f"Current as of {long_date(meta.updated)}"))]))
    return blocks


def credits(document: Document) -> list[pandocast.Element]:
    """Publisher, license and sources, as the other formats end (see txt.py's colophon)."""
    meta = document.guide.meta
    lines = []
    if meta.publisher:
        lines.append(para(words(f"Published by {meta.publisher}.")))
    if meta.license:
        lines.append(para(words(f"License: {meta.license}.")))
    for source in meta.sources:
        link = {"t": "Link", "c": [["", [], []], words(source.title), [source.url, ""]]}
        lines.append(para([*words("Source:"), {"t": "Space"}, link]))
    return [styled("Colophon", lines)] if lines else []


def styled(style: str, blocks: list[pandocast.Element]) -> pandocast.Element:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def para(inlines: list[pandocast.Element]) -> pandocast.Element:
    return {"t": "Para", "c": inlines}


def words(text: str) -> list[pandocast.Element]:
    inlines: list[pandocast.Element] = []
    for word in text.split():
        if inlines:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines
