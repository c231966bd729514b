"""Text of a right-to-left line as read, from the order its glyphs are drawn in.

A PDF draws a line's glyphs left to right, so a line in Arabic or Hebrew is stored backwards
(ISO 32000-1, 14.8.2.3.3), and readers turn it back to the order it is read in, as this does:
the line's clusters (a letter with its marks) in reverse, with each run of left-to-right text
inside it (digits, Latin words, a URL) kept as it is. In a document whose language is
written left to right, a line is read as it is drawn, but for its right-to-left runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_RTL = {"R", "AL"}
_LTR = {"L", "EN", "AN"}
# Characters that join the left-to-right text around them (1,000; 3.5; a URL's / and :).
_JOINING = {"ES", "ET", "CS"}


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL for char in text)


def logical(glyphs: Sequence[str], rtl_base: bool) -> str:
    """The reading order of one drawn line, given as the text of each glyph in drawing order
    (a ligature's glyph stands for several letters, kept in their order; a string is read as
    one glyph a character). Unchanged when it holds no right-to-left text; `rtl_base` when
    the document is written right to left."""
    return "".join(glyphs[at] for at in reading_order(glyphs, rtl_base))


def reading_order(glyphs: Sequence[str], rtl_base: bool) -> list[int]:
    """Where each glyph of a drawn line comes when the line is read: their indices in reading
    order (glyphs without text left out). A part of the line (a link, a word in bold) is read
    in the order of the whole line: its own glyphs alone do not tell how the text around them
    turned it."""
    if not has_rtl("".join(glyphs)):
        return [at for at, glyph in enumerate(glyphs) if glyph]
    runs = _runs(glyphs, _clusters(glyphs))
    if rtl_base:
        return [at for kind, run in reversed(runs)
                for cluster in (run if kind == "L" else reversed(run)) for at in cluster]
    return [at for kind, run in runs
            for cluster in (reversed(run) if kind == "R" else run) for at in cluster]


def _clusters(glyphs: Sequence[str]) -> list[list[int]]:
    """Each base glyph with the marks drawn on it, base first, as indices into `glyphs`.
    Drawn right to left, a letter's marks may come before it; drawn left to right, they come
    after it."""
    found: list[list[int]] = []
    waiting: list[int] = []  # marks seen before their right-to-left base
    for at, char in enumerate(glyphs):
        if not char:
            continue
        if not _is_mark(char[0]):
            if waiting and unicodedata.bidirectional(char[0]) in _RTL:
                found.append([at, *waiting])
            else:
                if waiting:
                    found.append(waiting)
                found.append([at])
            waiting = []
        elif found and unicodedata.bidirectional(glyphs[found[-1][0]][0]) not in _RTL:
            found[-1].append(at)
        else:
            waiting.append(at)
    if waiting:
        found.append(waiting)
    return found


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) == "Mn"


def _kind(glyph: str) -> str:
    """R, L, or N (neutral: spaces, punctuation)."""
    kind = unicodedata.bidirectional(glyph[0])
    return "R" if kind in _RTL else "L" if kind in _LTR else "J" if kind in _JOINING else "N"


def _runs(glyphs: Sequence[str], clusters: list[list[int]]) -> list[tuple[str, list[list[int]]]]:
    """Maximal runs of one direction; a neutral between two left-to-right clusters (a space in
    "New York", the dots of a URL) belongs to their run, any other neutral is a run of its
    own direction-less kind, which the caller reverses with the right-to-left text."""
    kinds = [_kind(glyphs[cluster[0]]) for cluster in clusters]
    resolved = []
    for index, kind in enumerate(kinds):
        if kind in ("N", "J"):
            before = next((k for k in reversed(kinds[:index]) if k in ("L", "R")), "")
            after = next((k for k in kinds[index + 1:] if k in ("L", "R")), "")
            kind = "L" if before == after == "L" else "R"
        resolved.append(kind)
    runs: list[tuple[str, list[list[int]]]] = []
    for kind, cluster in zip(resolved, clusters, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(cluster)
        else:
            runs.append((kind, [cluster]))
    return runs
