"""Braille lines and pages: 40 cells a line, 25 lines a page, the page number at the bottom right.

Works on braille already translated (BRF characters, a space between words). Follows BANA's
Braille Formats (2016): words are never divided between lines (§1.10); a centred heading keeps
three blank cells on each side; a heading is never left at the foot of a page without a line of
text after it; the braille page number stands at the right end of line 25, at least three blank
cells after any text on that line (§1.15). A blank line that BANA asks for before something is
left out at the top of a page, unless the text of the page before ran to line 24 or 25 (then it
is line 1, as BANA's 2024 update on blank lines asks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH = 40
LINES = 25
GAP = 3  # blank cells before a page number, and on each side of a centred heading
# Lists nest two cells a level; past this many blank cells, deeper levels stay where they are.
MAX_INDENT = WIDTH // 2
GUIDE_DOT = '"'  # dot 5, the contents page's guide dots
# UEB's line continuation indicator (dot 5) ends a line where a sequence longer than a line
# (in practice a web or e-mail address) goes on; ordinary words are never divided.
CONTINUATION = '"'
# Prefix cells (dots of the right column only, and the number sign) start a sign and are never
# the last cell of a line.
PREFIXES = frozenset("@^_\".;,#")
# After these a divided address reads best: a slash (`_/`), a full stop (`4`), a hyphen.
BREAK_AFTER = ("_/", "4", "-")


@dataclass(frozen=True)
class Laid:
    """One block's lines, and how it sits among the others."""

    lines: tuple[str, ...]
    blank_before: bool = False
    blank_after: bool = False
    keep: bool = False  # stays on the page of the line that follows it (headings)
    new_page: bool = False
    mark: str = ""  # a name under which the number of the page it starts on is kept


def wrap(braille: str, first: int, runover: int, width: int = WIDTH) -> list[str]:
    """Lines of at most `width` cells: the first indented `first` cells, the rest `runover`."""
    first, runover = min(first, MAX_INDENT), min(runover, MAX_INDENT)
    lines: list[str] = []
    line = " " * first
    for word in braille.split():
        while word:
            fresh = not line.strip()
            joined = line + word if fresh else f"{line} {word}"
            if len(joined) <= width:
                line, word = joined, ""
            elif not fresh:
                lines.append(line)
                line = " " * runover
            else:
                head, word = divide(word, width - len(line))
                lines.append(line + head)
                line = " " * runover
    if line.strip():
        lines.append(line)
    return lines


def divide(word: str, room: int) -> tuple[str, str]:
    """The part of a too-long `word` that fits in `room` cells with the continuation indicator,
    and the rest; after a slash, full stop or hyphen when one falls in the last third."""
    cut = max(room - 1, 1)
    for at in range(cut, max(cut * 2 // 3, 1) - 1, -1):
        if word[:at].endswith(BREAK_AFTER):
            cut = at
            break
    while cut > 1 and word[cut - 1] in PREFIXES:
        cut -= 1
    return word[:cut] + CONTINUATION, word[cut:]


def centre(braille: str) -> list[str]:
    """Lines centred with at least GAP blank cells on each side."""
    lines = wrap(braille, 0, 0, WIDTH - 2 * GAP)
    return [" " * ((WIDTH - len(line)) // 2) + line for line in lines]


def contents_entry(braille: str, level: int, page: str) -> list[str]:
    """A contents line: the entry (1-3, its subentries 3-5), guide dots, the page number."""
    first = 0 if level <= 2 else 2
    lines = wrap(braille, first, first + 2, WIDTH - len(page) - 4)
    last = lines[-1]
    lines[-1] = f"{last} {GUIDE_DOT * (WIDTH - len(last) - len(page) - 2)} {page}"
    return lines


def number(value: int, prefix: str = "") -> str:
    """A braille page number: `#A` for 1, `T#B` for t2 (the number sign, then letters a-j)."""
    return prefix + "#" + "".join("JABCDEFGHI"[int(digit)] for digit in str(value))


@dataclass
class Pager:
    """Fills pages with laid-out blocks, keeping BANA's blank lines and headings' company."""

    numbering: Callable[[int], str]  # the number of the page at this index (from 0)
    text_on_last_line: bool = True  # t-pages such as the contents keep line 25 for the number
    pages: list[list[str]] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)  # mark -> index of its page
    _page: list[str] = field(default_factory=list)
    _blank_pending: bool = False
    _last_text_row: int = 0  # on the page before: the 1-based line of its last text

    def add_all(self, items: Sequence[Laid]) -> list[list[str]]:
        for item in items:
            self.add(item)
        if self._page or not self.pages:
            self._break()
        return self.pages

    def add(self, item: Laid) -> None:
        if item.new_page:
            if self._page:
                self._break()
            self._last_text_row, self._blank_pending = 0, False
        blank = (item.blank_before or self._blank_pending) and not item.new_page
        if item.keep and self._page and not self._room_for(item, blank):
            self._break()
        if blank:
            self._blank()
        for index, line in enumerate(item.lines):
            if not self._fits(line):
                self._break()
            if index == 0 and item.mark:
                self.marks[item.mark] = len(self.pages)
            self._page.append(line)
        self._blank_pending = item.blank_after

    def _room_for(self, item: Laid, blank: bool) -> bool:
        """A heading, its blank lines and one line after it fit above line 25."""
        needed = blank + len(item.lines) + item.blank_after + 1
        return len(self._page) + needed <= LINES - 1

    def _fits(self, line: str) -> bool:
        row = len(self._page) + 1
        if row < LINES:
            return True
        if row > LINES or not self.text_on_last_line:
            return False
        return len(line.rstrip()) + GAP + len(self.numbering(len(self.pages))) <= WIDTH

    def _blank(self) -> None:
        if self._page and not self._page[-1].strip():
            return  # one blank line between blocks, however many ask for it
        if len(self._page) >= LINES - 1:
            self._break()  # line 25 stays blank but for its number
        if self._page or self._last_text_row >= LINES - 1:
            self._page.append("")

    def _break(self) -> None:
        rows = [row for row, line in enumerate(self._page, start=1) if line.strip()]
        self._last_text_row = rows[-1] if rows else 0
        self.pages.append(self._page)
        self._page = []


def finish(page: Sequence[str], page_number: str) -> str:
    """A page as BRF: exactly LINES lines ending CR LF, the number at the end of the last."""
    lines = [line.rstrip() for line in page] + [""] * (LINES - len(page))
    last = lines[-1]
    lines[-1] = last + " " * (WIDTH - len(last) - len(page_number)) + page_number
    return "".join(line + "\r\n" for line in lines)
