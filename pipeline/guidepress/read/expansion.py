"""What a guide grows to inside pandoc, measured before pandoc runs.

pandoc copies a footnote's text to every place that cites it, and a link reference's address
to every link that uses it; a note that cites other notes is copied into each of them in
turn (27 notes whose second paragraphs each cite two later notes grow like the Fibonacci
numbers: 1.2 KB of guide, 52 s and 1.2 GB in pandoc). So the limits here follow the structure
pandoc builds, not the look of a line: a footnote runs from its `[^label]:` line through every
indented or lazily continued line after it, all of it is the note, and nothing in it may cite
a note; and the text of notes and reference definitions, counted once for each use, is capped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from guidepress.errors import Location, SourceError
from guidepress.read import limits

MAX_COPIED = 512 * 1024  # characters of notes and references, counted once for each use

_NOTE = re.compile(r"^[ \t]{0,3}\[\^([^\]]+)\]:")
_REFERENCE_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)([^\]]+)\]:")
# `[label]` after an even number of backslashes (an odd number escapes the bracket).
_BRACKETED = re.compile(r"(?<!\\)(?:\\\\)*\[([^\[\]\n]{1,999})\]")


def label(text: str) -> str:
    """A label as pandoc matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


@dataclass
class _Definitions:
    sizes: Counter[str] = field(default_factory=Counter)  # label -> characters
    note_lines: set[int] = field(default_factory=set)  # lines that are inside a footnote


def check(body: str, path: str, first_line: int) -> None:
    """Raise SourceError where a footnote cites a footnote, or where the copies pandoc would
    make run over MAX_COPIED."""
    found = _definitions(body, path, first_line)
    copied = 0
    for number, line, code in limits.lines(body):
        if code or number in found.note_lines:
            continue
        if _REFERENCE_DEFINITION.match(limits.unquote(line)[1]):
            continue  # a definition, not a use
        for match in _BRACKETED.finditer(line):
            copied += found.sizes[label(match.group(1))]
        if copied > MAX_COPIED:
            raise SourceError(Location(path, first_line + number - 1),
                              f"footnotes and link references cited here and before add up "
                              f"to more than {MAX_COPIED // 1024} KiB of copied text",
                              "cite long notes fewer times, or split the guide")


def _definitions(body: str, path: str, first_line: int) -> _Definitions:
    """The size of every note (its whole extent) and reference definition, by label (the
    largest, where a label is defined twice); and the lines inside notes, where no note may be
    cited."""
    found = _Definitions()
    note, size = "", 0  # the label of the note being read, and its characters so far
    blank_before = False
    for number, line, code in limits.lines(body):
        _, text = limits.unquote(line)
        starts = _NOTE.match(text)
        if starts:
            note, size, blank_before = "^" + label(starts.group(1)), 0, False
            text = text[starts.end():]
        elif note and not text.strip():
            blank_before = True
        elif note and (limits.indent(text) >= 4 or not blank_before):
            blank_before = False  # indented, or a lazy line of the note's paragraph
        else:
            note = ""
            definition = _REFERENCE_DEFINITION.match(text)
            if definition and not code:
                name = label(definition.group(1))
                found.sizes[name] = max(found.sizes[name], len(line) + 1)
            continue
        size += len(line) + 1
        found.sizes[note] = max(found.sizes[note], size)
        found.note_lines.add(number)
        if not code and any(m.group(1).startswith("^") for m in _BRACKETED.finditer(text)):
            raise SourceError(Location(path, first_line + number - 1),
                              "a footnote refers to another footnote",
                              "put the second note's text into the first note, or into the "
                              "body")
    return found
