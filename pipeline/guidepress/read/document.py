"""Guide -> Document: pandoc's AST of the body, made ready for every output format.

The body is parsed once, by pandoc's CommonMark reader with the extensions in `pandoc.READER`,
after `captions` has found the table captions pandoc's Markdown allows. Checks read the AST
with source positions; writers get a clean copy. In both, each table holds its caption and a
definition of several paragraphs keeps them apart; the writers' copy has its images embedded
from their checked bytes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from guidepress.errors import Location, SourceError
from guidepress.read import (
    assets,
    captions,
    characters,
    expansion,
    limits,
    pandoc,
    pandocast,
    safety,
)
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
    check_not_empty(guide)
    body, found = captions.prepare(guide.body)
    positioned, warnings = parse(guide, body)
    check_tree(positioned, guide)
    captions.attach(positioned["blocks"], found)
    separate_definition_paragraphs(positioned["blocks"])
    clean = neutralise_raw(pandocast.strip_sourcepos(positioned))
    safety.rename_reserved_ids(positioned["blocks"], clean["blocks"])
    clean["blocks"] = safety.clean(clean["blocks"])
    document = Document(guide, positioned, clean, warnings=warnings)
    document.headings = collect_headings(document)
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


def check_not_empty(guide: Guide) -> None:
    """A guide with front matter and nothing after it would publish empty documents."""
    if not guide.body.strip():
        raise SourceError(Location(guide.display_path, guide.body_line - 1),
                          "the guide has no body: nothing follows the front matter",
                          "write the guide's text after the closing `---` line, starting with "
                          "a `## Section` heading")


def parse(guide: Guide, body: str | None = None) -> tuple[dict[str, Any], tuple[str, ...]]:
    """pandoc's AST of `body` (default: the guide's) with source positions, and pandoc's
    warnings."""
    where = Location(guide.display_path)
    try:
        return pandoc.to_json(guide.body if body is None else body, sourcepos=True)
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
    deepest = MAX_DEPTH * 4  # each element nests about four JSON levels deep
    # Walked for every character of the guide: exact type tests, as in pandocast.walk (the
    # JSON reader makes only plain dicts, lists and strings).
    stack: list[tuple[Any, int, int]] = [(tree["blocks"], 0, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth, line = pop()
        kind: type | None = type(node)
        if kind not in _WALKED:  # a subclass, built by a caller
            kind = next((base for base in (str, list, dict) if isinstance(node, base)), None)
        if kind is str:
            if characters.find(node):
                _check_characters(node, line, guide)
            continue
        if depth > deepest:
            raise SourceError(_where(guide, line), "the guide is nested too deeply",
                              "use fewer lists, quotes or emphasis marks inside one another")
        if kind is dict:
            element = node.get("t")
            if element is not None:
                if element in _POSITIONED:  # the only elements that can carry a position
                    line = pandocast.first_line(node) or line
                counts.add(node, line)
                # An element's type name is pandoc's, never the guide's text.
                node = [value for key, value in node.items() if key != "t"]
            else:
                node = list(node.values())
        elif kind is not list:
            continue
        depth += 1
        for item in reversed(node):
            if type(item) in _WALKED or isinstance(item, str | list | dict):
                push((item, depth, line))


_POSITIONED = frozenset({"Div", "Span", "CodeBlock", "Code", "Table", "Figure", "Link", "Image",
                         "Header"})
_WALKED = frozenset({str, list, dict})


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


def separate_definition_paragraphs(node: Any) -> None:
    """A definition of several paragraphs keeps them as paragraphs.

    pandoc reads a definition that starts right under its term as "tight", so every paragraph
    of it becomes Plain text and the writers run them together into one. A definition of more
    than one block was written with blank lines between its paragraphs: make them paragraphs.
    """
    for element in pandocast.walk(node):
        if element["t"] != "DefinitionList":
            continue
        for _term, definitions in element["c"]:
            for definition in definitions:
                if len(definition) > 1:
                    for block in pandocast.walk(definition):
                        if block["t"] == "Plain" and _directly_in(block, definition):
                            block["t"] = "Para"


def _directly_in(block: dict[str, Any], blocks: list[Any]) -> bool:
    """`block` is one of `blocks`, or the only content of a sourcepos wrapper among them."""
    for item in blocks:
        if item is block or (pandocast.is_wrapper(item) and block in item["c"][1]
                             and any(child is block for child in item["c"][1])):
            return True
    return False


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
