"""What every output must contain, read from the source: headings (text and level), alt texts,
link targets, table header cells, and anchors that fix the reading order; and what a reviewer
is shown (each image and link). The build works this out from the document it renders and
keeps it in the manifest, so validation compares the outputs with what made them, without
reading the guide again."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from guidepress.formats import qrcode
from guidepress.formats.described import described_figures
from guidepress.read import pandocast
from guidepress.read.document import Document

ANCHOR_WORDS = 4
_SPACE = re.compile(r"\s+")
# U+034F: what the handout maps a glyph that stands for no character of its own to.
_INVISIBLE = re.compile("[\u00ad\u034f\u200b\u200c\u200d\u2060\ufeff]")


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
    images: tuple[tuple[int, str, str], ...] = ()  # line, alt text and caption of each image
    link_texts: tuple[tuple[str, str], ...] = ()  # text and target of each link
    publisher: str = ""
    updated: str = ""  # the guide's `updated` date, ISO
    notes: int = 0  # how many notes (footnotes) the source has
    # alt texts of figures the text after them describes: editions without pictures (the
    # plain text) say their caption and leave the guide's words to describe them
    described: tuple[str, ...] = ()
    # the printed editions' QR code: the address it opens and its alt text (none: empty)
    qr_code: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Expected:
        """The inverse of `to_json` (JSON has lists where these are tuples)."""
        # a field added since the manifest was written keeps its default
        values = {f.name: _tuples(data[f.name]) for f in dataclasses.fields(cls)
                  if f.name in data}
        return cls(**values)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def expected(document: Document) -> Expected:
    meta = document.guide.meta
    blocks = document.ast["blocks"]
    headings = ((1, norm(meta.title)),
                *((h.level, norm(h.text)) for h in document.headings))
    alts = tuple(norm(image.alt) for image in document.images if image.alt.strip())
    captions = tuple(norm(image.caption) for image in document.images if image.caption.strip())
    images = tuple((image.line, image.alt, image.caption) for image in document.images)
    qr = qrcode.choose(document)
    return Expected(norm(meta.title), meta.lang, headings, alts, link_targets(document),
                    table_headers(blocks), anchors(blocks), terms(blocks), captions, images,
                    link_texts(blocks), meta.publisher, meta.updated.isoformat(),
                    sum(1 for e in pandocast.walk(blocks) if e["t"] == "Note"),
                    described_alts(document),
                    (qr.url, norm(qr.alt)) if qr else ())


def described_alts(document: Document) -> tuple[str, ...]:
    """The alt texts of the figures whose content the text after them gives in words."""
    return tuple(norm(_alt(image)) for figure in described_figures(document)
                 for image in pandocast.walk(figure["c"][2])
                 if image["t"] == "Image" and _alt(image).strip())


def _alt(image: dict[str, Any]) -> str:
    alt = pandocast.attr_value(image["c"][0], "alt")
    return alt if alt is not None else pandocast.stringify(image["c"][1])


def link_texts(blocks: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((norm(pandocast.stringify(element["c"][1])), str(element["c"][2][0]))
                 for element in pandocast.walk(blocks) if element["t"] == "Link")


def terms(blocks: list[Any]) -> tuple[tuple[str, str], ...]:
    """Each term of every definition list, with the first words of its first definition."""
    found = []
    for element in pandocast.walk(blocks):
        if element["t"] == "DefinitionList":
            for term, definitions in element["c"]:
                words = norm(pandocast.stringify(definitions[:1])).split()
                found.append((norm(pandocast.stringify(term)), " ".join(words[:ANCHOR_WORDS])))
    return tuple(found)


def link_targets(document: Document) -> tuple[str, ...]:
    found = [str(element["c"][2][0]) for element in _walk_text(document.ast["blocks"])
             if element["t"] == "Link"]
    found += [source.url for source in document.guide.meta.sources]
    return tuple(dict.fromkeys(t for t in found if t and not t.startswith("#")))


def table_headers(blocks: list[Any]) -> tuple[tuple[str, ...], ...]:
    """Each table's header cells as the editions give them: the header row, and where its
    first cell is empty (a comparison table), the first cell of each body row instead of that
    corner, since the writers make those the rows' headers (htmlbody)."""
    tables = []
    for element in pandocast.walk(blocks):
        if element["t"] == "Table":
            head = [norm(pandocast.stringify(cell[4])) for row in element["c"][3][1]
                    for cell in row[1]]
            if head and not head[0] and len(element["c"][3][1]) == 1:
                rows = [row for body in element["c"][4] for row in body[3]]
                head = head[1:] + [norm(pandocast.stringify(row[1][0][4]))
                                   for row in rows if row[1]]
            tables.append(tuple(head))
    return tuple(tables)


def anchors(blocks: list[Any]) -> tuple[str, ...]:
    """The first few words of every paragraph-like block and heading, in reading order."""
    found: list[str] = []
    for element in _walk_text(blocks):
        if element["t"] in ("Header", "Para", "Plain"):
            words = norm(pandocast.stringify(element)).split()
            anchor = " ".join(words[:ANCHOR_WORDS])
            if words and (not found or found[-1] != anchor):  # a figure's caption and image
                found.append(anchor)
    return tuple(found)


def _walk_text(node: Any) -> list[dict[str, Any]]:
    """pandocast.walk without footnote bodies, which every format moves to the end."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict) and "t" in current:
            if current["t"] == "Note":
                continue
            found.append(current)
        stack.extend(reversed(list(pandocast.children(current))))
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
