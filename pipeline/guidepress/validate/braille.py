"""Checks of a braille edition (BRF): only BRF's characters, at most 40 cells a line and 25 lines a
page, a braille page number on every page, and a back-translation by liblouis that gives back
the words of the plain-text edition.

Every check is a pure function of the file's text and returns findings, each a message that
starts with `page:line:` (or `page:` for a whole page), in the order of the file.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guidepress.formats import louis
from guidepress.validate import text as text_edition
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import wcag
from guidepress.validate.report import Check, Finding, judged

WIDTH = 40
LINES = 25
GAP = 3  # blank cells between text and a page number
MIN_RECOVERY = 0.95
ALLOWED = frozenset(map(chr, range(0x20, 0x60)))
# A braille page number at the end of a line: `#A`, or `T#A` / `P#A` on a transcriber's or
# preliminary page, alone or after at least GAP blank cells.
PAGE_NUMBER = re.compile(rf"(?:^|(?<= {{{GAP}}}))(?P<prefix>[TP]?)#(?P<digits>[A-J]+)$")
GUIDE_DOTS = re.compile(r' "{2,} ')
CONTINUATION = '"'


@dataclass(frozen=True)
class Recovery:
    """How many words of the text edition come back from the braille, and how many there are."""

    found: int
    total: int

    @property
    def ratio(self) -> float:
        return self.found / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.ratio:.1%} ({self.found} of {self.total} words)"


def check_files(brf: Path, txt: Path) -> list[str]:
    """Every check of `brf`, its words compared with those of the text edition `txt`."""
    data = brf.read_bytes()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as error:
        return [f"byte {error.start} is not ASCII (BRF holds ASCII braille only)"]
    return check(text, txt.read_text(encoding="utf-8"))


def check(brf: str, plain: str) -> list[str]:
    """Every check of the BRF text `brf`; `plain` is the text edition of the same guide."""
    findings = characters(brf)
    layout = pages(brf)
    findings += line_lengths(layout) + page_lengths(layout) + page_numbers(layout)
    found = recovery(layout, plain)
    if found.ratio < MIN_RECOVERY:
        findings.append(f"back-translation gives back {found} of the text edition's words; "
                        f"at least {MIN_RECOVERY:.0%} are needed")
    return findings


def pages(brf: str) -> list[list[str]]:
    """The pages (split at form feeds) and their lines (CR LF or LF ends a line)."""
    chunks = brf.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip("\r\n"):
        chunks.pop()  # a form feed after the last page
    return [chunk.replace("\r\n", "\n").removesuffix("\n").split("\n") for chunk in chunks]


def characters(brf: str) -> list[str]:
    """Anything but ASCII braille (0x20-0x5F: upper case only), line ends and form feeds."""
    findings = []
    for page_number, page in enumerate(pages(brf), start=1):
        for line_number, line in enumerate(page, start=1):
            for char in sorted(set(line) - ALLOWED, key=line.index):
                what = "lower-case letter" if char.islower() else "character"
                findings.append(f"{page_number}:{line_number}: {what} {char!a} is not BRF")
    return findings


def line_lengths(layout: list[list[str]]) -> list[str]:
    return [f"{page_number}:{line_number}: {len(line)} cells (at most {WIDTH})"
            for page_number, page in enumerate(layout, start=1)
            for line_number, line in enumerate(page, start=1) if len(line) > WIDTH]


def page_lengths(layout: list[list[str]]) -> list[str]:
    return [f"{page_number}: {len(page)} lines (at most {LINES})"
            for page_number, page in enumerate(layout, start=1) if len(page) > LINES]


def page_numbers(layout: list[list[str]]) -> list[str]:
    """A page number at the right of the first or last line of every page, counting up by one
    from 1 within each kind (t-pages, p-pages, the body)."""
    findings = []
    last: dict[str, int] = {}
    for page_number, page in enumerate(layout, start=1):
        found = page_number_of(page)
        if found is None:
            findings.append(f"{page_number}: no braille page number at the right of its first "
                            "or last line")
            continue
        prefix, value = found
        expected = last.get(prefix, 0) + 1
        if value != expected:
            findings.append(f"{page_number}: page number {prefix.lower()}{value} follows "
                            f"{prefix.lower()}{expected - 1}")
        last[prefix] = value
    return findings


def page_number_of(page: list[str]) -> tuple[str, int] | None:
    """(`T`, `P` or ``, value) of the page number on the last or first line of `page`."""
    for line in (page[-1], page[0]) if page else ():
        found = PAGE_NUMBER.search(line.rstrip())
        if found:
            digits = "".join(str("JABCDEFGHI".index(char)) for char in found["digits"])
            return found["prefix"], int(digits)
    return None


def recovery(layout: list[list[str]], plain: str) -> Recovery:
    """How many of `plain`'s words (as a multiset, ignoring case and punctuation) liblouis's
    back-translation of the braille gives back."""
    back = " ".join(louis.backward(reading_lines(layout)))
    wanted, got = Counter(words(text_edition.without_marks(plain))), Counter(words(back))
    return Recovery(sum((wanted & got).values()), sum(wanted.values()))


def reading_lines(layout: list[list[str]]) -> list[str]:
    """The braille as it reads: page numbers and guide dots left out, divided lines joined."""
    lines: list[str] = []
    joined = ""
    for page in layout:
        for index, line in enumerate(page):
            if index in (0, len(page) - 1):
                line = PAGE_NUMBER.sub("", line.rstrip())
            line = GUIDE_DOTS.sub(" ", line.strip() + " ").strip()
            if line.endswith(CONTINUATION):
                joined += line[:-1]
                continue
            lines.append(joined + line)
            joined = ""
    return [line for line in [*lines, joined] if line]


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


class BrailleValidator(OutputValidator):
    """BRF's characters and page format, and a back-translation by liblouis compared with the
    plain-text edition's words."""

    name = "braille"
    formats = ("brf",)
    reads = ("txt",)
    order = 80

    def version(self) -> str:
        return _liblouis()

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome([self._one(output)]) for output in outputs]

    def _one(self, output: Output) -> Check:
        text = output.target.outputs.get("txt")
        if text is None or not text.is_file():
            problems = [Finding("the plain-text edition, whose words the braille must give "
                                "back, was not found", help="build the txt format too")]
        else:
            problems = [_finding(line) for line in check_files(output.path, text)]
        return judged("brf.format", "brf", "Braille cells, page format and back-translation",
                      "liblouis", louis.version(), (wcag("1.3.1"),), problems,
                      f"Only BRF characters, at most {WIDTH} cells a line and {LINES} lines a "
                      "page with a braille page number on each, and a back-translation that "
                      f"gives back at least {MIN_RECOVERY:.0%} of the text edition's words.")


@functools.cache
def _liblouis() -> str:
    return f"liblouis {louis.version()}"


def _finding(line: str) -> Finding:
    where, _, message = line.partition(": ")
    return Finding(message, where) if message and where[:1].isdigit() else Finding(line)
