"""Every glyph of the handout maps to the text it stands for (PDF/UA-1 7.21.7, Matterhorn
31-027), which is what assistive technology reads.

WeasyPrint maps each glyph to the characters of the cluster Pango drew it for. When shaping
draws a cluster with more than one glyph (an Arabic letter and its mark, a lam-alef ligature
next to another letter), the other glyphs get an empty string, which the CMap syntax does not
allow and which loses the letters a ligature stands for. Such a glyph is mapped here from the
font itself: the character its own code point decomposes to (U+FEFB, the lam-alef ligature,
is "لا"), else the characters of the ligature it is made from, else NO_CHARACTER.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from guidepress import fonts

# COMBINING GRAPHEME JOINER: invisible, ignored by search and speech, and it leaves Arabic
# letters joined; for a glyph that stands for no character of its own.
NO_CHARACTER = "\u034f"
_EMPTY = re.compile(rb"^<([0-9a-fA-F]+)> <>$")


def map_every_glyph(pdf: Any) -> None:
    """Fill in the empty entries of every ToUnicode map of a WeasyPrint PDF (pydyf objects),
    before it is written."""
    import pydyf  # type: ignore[import-untyped]

    streams = {item.number: item for item in pdf.objects if isinstance(item, pydyf.Stream)}
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or "ToUnicode" not in item:
            continue
        stream = streams.get(_number(item["ToUnicode"]))
        if stream is None:
            continue
        glyph_text = _glyph_text(_base_name(item.get("BaseFont")))
        stream.stream[:] = [_filled(line, glyph_text) for line in stream.stream]


def _filled(line: Any, glyph_text: dict[int, str]) -> Any:
    found = _EMPTY.match(line) if isinstance(line, bytes) else None
    if found is None:
        return line
    text = glyph_text.get(int(found.group(1), 16)) or NO_CHARACTER
    hexed = text.encode("utf-16-be").hex()
    return b"<" + found.group(1) + b"> <" + hexed.encode("ascii") + b">"


def _number(reference: Any) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    head = text.split()[0] if text.split() else ""
    return int(head) if head.isdigit() else -1


def _base_name(value: Any) -> str:
    """`/ABCDEF+Almarai-Bold` -> `Almarai-Bold` (the subset tag and the slash gone)."""
    text = value.decode() if isinstance(value, bytes) else str(value or "")
    return text.lstrip("/").split("+", 1)[-1]


@functools.cache
def _glyph_text(postscript_name: str) -> dict[int, str]:
    """Glyph id -> the text it stands for, in the shipped face of that PostScript name (the
    handout's subsets keep the face's glyph ids)."""
    path = _faces_by_name().get(postscript_name)
    return _font_glyph_text(path) if path else {}


@functools.cache
def _faces_by_name() -> dict[str, Path]:
    """The shipped faces by the names WeasyPrint gives them: the PostScript name
    (`Almarai-Bold`), or for a regular face its family's (`Almarai`, `Atkinson-Hyperlegible`)."""
    from fontTools.ttLib import TTFont

    found = {}
    for face in fonts.faces():
        with TTFont(face.path, lazy=True) as font:
            found[str(font["name"].getDebugName(6))] = face.path
        if face.style == "normal" and not face.bold:
            found.setdefault(face.family.replace(" ", "-"), face.path)
    return found


def _font_glyph_text(path: Path) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    with TTFont(path) as font:
        order = font.getGlyphOrder()
        own = {name: chr(point) for point, name in font.getBestCmap().items()}
        ligatures = _ligatures(font) if "GSUB" in font else {}

    def text(name: str, depth: int = 0) -> str:
        char = own.get(name, "")
        if char and unicodedata.category(char) != "Co":
            return unicodedata.normalize("NFKC", char)
        if name in ligatures and depth < 4:
            return "".join(text(part, depth + 1) for part in ligatures[name])
        return ""

    return {gid: found for gid, name in enumerate(order) if (found := text(name))}


def _ligatures(font: Any) -> dict[str, list[str]]:
    """Ligature glyph -> the glyphs it is made of, from every GSUB ligature lookup."""
    found: dict[str, list[str]] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    found.setdefault(ligature.LigGlyph, [first, *ligature.Component])
    return found
