"""Guide -> Document: pandoc's AST of the body, made ready for every output format.

The body is parsed once. Checks read the AST with source positions; writers get a clean copy
in which table captions are attached and images are embedded from their checked bytes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from guidepress.errors import Location, SourceError
from guidepress.read import assets, characters, expansion, limits, pandoc, pandocast, safety
from guidepress.read.source import Guide

# Deeper nesting than this is no real guide, and could exhaust a writer.
MAX_DEPTH = limits.MAX_DEPTH


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    ident: str
    line: int


@dataclass(frozen=True)
class Image:
    asset: assets.Asset
    alt: str
    caption: str
    line: int


@dataclass
class Document:
    guide: Guide
    positioned: dict[str, Any]  # the AST as parsed, with `data-pos` on every element
    ast: dict[str, Any]  # the clean AST the writers use
    headings: list[Heading] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    warnings: tuple[str, ...] = ()

    def file_line(self, element: dict[str, Any]) -> int:
        """Line in the guide file (front matter included) where `element` starts."""
        line = pandocast.first_line(element)
        return line + self.guide.body_line - 1 if line else 0


def build(guide: Guide) -> Document:
    _earliest(limits.check, expansion.check, guide=guide)
    positioned, warnings = parse(guide)
    check_tree(positioned, guide)
    clean = neutralise_raw(pandocast.strip_sourcepos(positioned))
    safety.rename_reserved_ids(positioned["blocks"], clean["blocks"])
    clean["blocks"] = safety.clean(clean["blocks"])
    document = Document(guide, positioned, clean, warnings=warnings)
    document.headings = collect_headings(document)
    attach_table_captions(document.ast["blocks"])
    document.images = embed_images(document)
    return document


def _earliest(*checks: Callable[[str, str, int], None], guide: Guide) -> None:
    """Run each check of the body; raise the error of the earliest line, if any."""
    errors = []
    for check in checks:
        try:
            check(guide.body, guide.display_path, guide.body_line)
        except SourceError as error:
            errors.append(error)
    if errors:
        raise min(errors, key=lambda error: error.where.line)


def neutralise_raw(node: Any) -> Any:
    """Raw HTML or other raw markup in a guide becomes visible text, never markup.

    pandoc's CommonMark reader keeps raw HTML even with `-raw_html`; the checks report it as an
    error (A043), and this makes sure none of it can reach an output as markup either way.
    """
    if isinstance(node, list):
        return [neutralise_raw(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("t")
    if kind == "RawInline":
        return {"t": "Str", "c": node["c"][1]}
    if kind == "RawBlock":
        return {"t": "Para", "c": [{"t": "Str", "c": node["c"][1].rstrip("\n")}]}
    if "c" in node:
        return {**node, "c": neutralise_raw(node["c"])}
    return {key: neutralise_raw(value) for key, value in node.items()}


def parse(guide: Guide) -> tuple[dict[str, Any], tuple[str, ...]]:
    """pandoc's AST of the body with source positions, and pandoc's warnings."""
    where = Location(guide.display_path)
    try:
        return pandoc.to_json(guide.body, sourcepos=True)
    except pandoc.LimitExceeded as error:
        raise SourceError(where, f"the guide could not be read: {error.message}",
                          error.hint) from None
    except RecursionError:  # the JSON reader's own guard against very deep nesting
        raise SourceError(where, "the guide is nested too deeply",
                          "use fewer lists, quotes or emphasis marks inside one another") from None


def check_tree(tree: dict[str, Any], guide: Guide) -> None:
    """One walk over what pandoc built, checking three things at once (each names its line):

    - depth: deeper nesting than MAX_DEPTH (the pre-parse scan cannot see every way to nest);
    - characters: those `&#x1b;` or `&#x202e;` decode to; the file's bytes were checked, and
      pandoc's text is checked again, every string of it (text, code, targets, attributes);
    - counts: more blocks or marked-up inlines than a render can take in time (limits.py).
    """
    counts = limits.Counts(guide.display_path, guide.body_line)
    stack: list[tuple[Any, int, int]] = [(tree["blocks"], 0, 0)]
    while stack:
        node, depth, line = stack.pop()
        if isinstance(node, str):
            _check_characters(node, line, guide)
            continue
        if depth > MAX_DEPTH * 4:  # each element nests about four JSON levels deep
            raise SourceError(_where(guide, line), "the guide is nested too deeply",
                              "use fewer lists, quotes or emphasis marks inside one another")
        if isinstance(node, dict):
            line = pandocast.first_line(node) or line
            if "t" in node:
                counts.add(node, line)
            node = list(node.values())
        if isinstance(node, list):
            stack.extend((item, depth + 1, line) for item in reversed(node)
                         if isinstance(item, str | list | dict))


def _check_characters(text: str, line: int, guide: Guide) -> None:
    found = characters.find(text)
    if found:
        raise SourceError(_where(guide, line), f"the text holds {found[1]}, written as a "
                          "character reference such as &#x1b;", characters.HINT)


def _where(guide: Guide, line: int) -> Location:
    return Location(guide.display_path, line + guide.body_line - 1 if line else 0)


def collect_headings(document: Document) -> list[Heading]:
    found = []
    for element in pandocast.walk(document.positioned["blocks"]):
        if element["t"] == "Header":
            level, attr, inlines = element["c"]
            text = " ".join(pandocast.stringify(inlines).split())
            found.append(Heading(level, text, attr[0], document.file_line(element)))
    return found


def attach_table_captions(node: Any) -> None:
    """Move a `Table: ...` paragraph that follows a table into that table's caption."""
    if isinstance(node, list):
        _attach_in(node)  # a no-op on lists that hold no table
        for item in node:
            attach_table_captions(item)
    elif isinstance(node, dict):
        attach_table_captions(node.get("c"))


def _attach_in(blocks: list[Any]) -> None:
    index = 0
    while index < len(blocks) - 1:
        table, after = blocks[index], blocks[index + 1]
        if not (isinstance(table, dict) and isinstance(after, dict)):
            break
        if table.get("t") == "Table" and after.get("t") == "Para":
            inlines = after["c"]
            if inlines and inlines[0].get("t") == "Str" and inlines[0]["c"].startswith("Table:"):
                rest = inlines[0]["c"][len("Table:"):]
                caption = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
                while caption and caption[0].get("t") in ("Space", "SoftBreak"):
                    caption = caption[1:]
                table["c"][1] = [None, [{"t": "Plain", "c": caption}]]
                del blocks[index + 1]
        index += 1


def embed_images(document: Document) -> list[Image]:
    """Check every image and replace its reference with a data: URI of the checked bytes."""
    positions = [e for e in pandocast.walk(document.positioned["blocks"]) if e["t"] == "Image"]
    clean = [e for e in pandocast.walk(document.ast["blocks"]) if e["t"] == "Image"]
    figures = {id(img): fig for fig in pandocast.walk(document.ast["blocks"])
               if fig["t"] == "Figure"
               for img in pandocast.walk(fig["c"][2]) if img["t"] == "Image"}
    images = []
    resolved: dict[str, assets.Asset] = {}  # each file is read and checked once
    embedded = assets.Embedded()
    for positioned, element in zip(positions, clean, strict=True):
        line = document.file_line(positioned)
        where = Location(document.guide.display_path, line)
        attr, inlines, (target, title) = element["c"]
        if target not in resolved:
            resolved[target] = assets.resolve(target, document.guide.source_root, where)
        asset = resolved[target]
        embedded.add(asset, where)
        alt = pandocast.attr_value(attr, "alt")
        described = pandocast.stringify(inlines)
        figure = figures.get(id(element))
        caption = pandocast.stringify(figure["c"][1][1]) if figure else ""
        images.append(Image(asset, alt if alt is not None else described, caption, line))
        element["c"][2] = [asset.data_uri(), title]
    return images


def plain_copy(document: Document) -> dict[str, Any]:
    """A deep copy of the clean AST that a writer may change freely."""
    return copy.deepcopy(document.ast)


def slug_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
