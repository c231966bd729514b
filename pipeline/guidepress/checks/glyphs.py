"""Accessibility: every character a guide shows can be drawn by the fonts the outputs ship.

The PDF and the EPUB are set only in the shipped fonts (guidepress.fonts); a character none of
them has prints as an empty box, which no reader can read. Coverage comes from the fonts'
own character maps.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from guidepress import fonts
from guidepress.checks.context import Context, Hit
from guidepress.checks.security import front_matter_text
from guidepress.checks.tree import Pos

# Characters no font draws: controls, format characters (S003 reports the invisible ones),
# line and paragraph separators, surrogates, and variation selectors.
_NOT_DRAWN = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def uncovered_character(ctx: Context) -> Iterator[Hit]:
    covered = fonts.coverage()
    for number, line in enumerate(ctx.guide.body.split("\n")):
        for column, char in enumerate(line):
            if _missing(char, covered):
                yield Hit(Pos(ctx.guide.body_line + number, column + 1), _message(char))
    for key, text in front_matter_text(ctx):
        for char in dict.fromkeys(c for c in text if _missing(c, covered)):
            yield Hit(ctx.key_pos(key), f"`{key}`: " + _message(char))


def _missing(char: str, covered: frozenset[int]) -> bool:
    point = ord(char)
    if point in covered or unicodedata.category(char) in _NOT_DRAWN:
        return False
    return not any(point in selectors for selectors in _SELECTORS)


def _message(char: str) -> str:
    name = unicodedata.name(char, "an unnamed character")
    return (f"U+{ord(char):04X} {name} ({char}) is in none of the shipped fonts "
            f"({', '.join(fonts.families())}): the PDF and EPUB would show an empty box")
