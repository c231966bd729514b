"""What every output must contain, read from the source: headings (text and level), alt texts,
link targets, table header cells, and anchors that fix the reading order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .. import ast
from ..document import Document

ANCHOR_WORDS = 4
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def norm(text: str) -> str:
    """Text as a reader hears it: compatibility forms folded, soft hyphens gone, one space."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def key(text: str) -> str:
    """A comparison key that ignores case and all spacing (PDF text may split or join words)."""
    return _SPACE.sub("", norm(text)).casefold()


@dataclass(frozen=True)
class Expected:
    title: str
    lang: str
    headings: tuple[tuple[int, str], ...]  # the title as level 1, then the body's headings
    alts: tuple[str, ...]
    links: tuple[str, ...]  # distinct targets outside the document, in order of appearance
    tables: tuple[tuple[str, ...], ...]  # header cell texts, one tuple per table
    anchors: tuple[str, ...]  # the first words of each block, in source order
    # each definition list term with the first words of its first definition
    terms: tuple[tuple[str, str], ...] = ()
    captions: tuple[str, ...] = ()  # the caption of each image that has one


def expected(document: Document) -> Expected:
    meta = document.guide.meta
    blocks = document.ast["blocks"]
    headings = ((1, norm(meta.title)),
                *((h.level, norm(h.text)) for h in document.headings))
    alts = tuple(norm(image.alt) for image in document.images if image.alt.strip())
    captions = tuple(norm(image.caption) for image in document.images if image.caption.strip())
    return Expected(norm(meta.title), meta.lang, headings, alts, link_targets(document),
                    table_headers(blocks), anchors(blocks), terms(blocks), captions)


def terms(blocks: list[Any]) -> tuple[tuple[str, str], ...]:
    """Each term of every definition list, with the first words of its first definition."""
    found = []
    for element in ast.walk(blocks):
        if element["t"] == "DefinitionList":
            for term, definitions in element["c"]:
                words = norm(ast.stringify(definitions[:1])).split()
                found.append((norm(ast.stringify(term)), " ".join(words[:ANCHOR_WORDS])))
    return tuple(found)


def link_targets(document: Document) -> tuple[str, ...]:
    found = [str(element["c"][2][0]) for element in _walk_text(document.ast["blocks"])
             if element["t"] == "Link"]
    found += [source.url for source in document.guide.meta.sources]
    return tuple(dict.fromkeys(t for t in found if t and not t.startswith("#")))


def table_headers(blocks: list[Any]) -> tuple[tuple[str, ...], ...]:
    tables = []
    for element in ast.walk(blocks):
        if element["t"] == "Table":
            head = element["c"][3]
            tables.append(tuple(norm(ast.stringify(cell[4])) for row in head[1]
                                for cell in row[1]))
    return tuple(tables)


def anchors(blocks: list[Any]) -> tuple[str, ...]:
    """The first few words of every paragraph-like block and heading, in reading order."""
    found: list[str] = []
    for element in _walk_text(blocks):
        if element["t"] in ("Header", "Para", "Plain"):
            words = norm(ast.stringify(element)).split()
            anchor = " ".join(words[:ANCHOR_WORDS])
            if words and (not found or found[-1] != anchor):  # a figure's caption and image
                found.append(anchor)
    return tuple(found)


def _walk_text(node: Any) -> list[dict[str, Any]]:
    """ast.walk without footnote bodies, which every format moves to the end."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict) and "t" in current:
            if current["t"] == "Note":
                continue
            found.append(current)
        stack.extend(reversed(list(ast.children(current))))
    return found


def find_in_order(text: str, anchors_: tuple[str, ...]) -> list[str]:
    """Problems with the order of `anchors_` in `text` (compared by `key`), one per anchor."""
    haystack = key(text)
    position, problems = 0, []
    for anchor in anchors_:
        needle = key(anchor)
        found = haystack.find(needle, position)
        if found >= 0:
            position = found + len(needle)
        elif needle in haystack:
            problems.append(f"“{anchor}” comes earlier than it does in the source")
        else:
            problems.append(f"“{anchor}” is missing")
    return problems


def compare_headings(found: list[tuple[int, str]],
                     wanted: tuple[tuple[int, str], ...], tag: str = "H") -> list[str]:
    """Differences between headings found in an output and the source's, as sentences."""
    if [(lv, key(t)) for lv, t in found] == [(lv, key(t)) for lv, t in wanted]:
        return []
    problems = []
    have = {key(t): lv for lv, t in found}
    for level, text in wanted:
        if key(text) not in have:
            problems.append(f"the source's h{level} “{text}” is not a heading here")
        elif have[key(text)] != level:
            problems.append(f"“{text}” is {tag}{have[key(text)]} here, h{level} in the source")
    known = {key(t) for _, t in wanted}
    problems += [f"{tag}{level} “{text}” is not a heading of the source"
                 for level, text in found if key(text) not in known]
    if not problems:
        counts = f"{len(found)} here, {len(wanted)} in the source"
        problems.append(f"the headings differ in order or repetition from the source ({counts})")
    return problems
