"""Checks of the large-print edition that PDF/UA cannot make: every piece of text, wherever it
is on the page (running header and footer, captions, table cells, notes, printed addresses,
diagram labels), prints at MIN_TEXT_PT or more, upright, in the shipped fonts.

Sizes are read from the page content by pdfplumber (pdfminer): each character's size is its
font size times the text and graphics matrices in force when it is drawn, so text scaled by a
diagram's transform, or by a form it sits in, is measured as it prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress import fonts
from guidepress.formats.lpbody import MIN_TEXT_PT
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.expect import norm
from guidepress.validate.refs import ACB_LARGE_PRINT, UKAAF_LARGE_PRINT
from guidepress.validate.report import Check, Finding, judged

TOOL = "pdfplumber (guidepress large-print checks)"
FORMAT = "large-print"
TOLERANCE_PT = 0.01  # rounding in the PDF's numbers
SLANT = 0.05  # a shear of the text matrix beyond this (of the font size) is a slanted face
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ITALIC = re.compile(r"italic|oblique", re.I)
SAMPLE = 40


@dataclass(frozen=True)
class Run:
    """Neighbouring characters of one page in one font, size and slant."""

    page: int
    text: str
    size: float
    font: str
    slant: float

    @property
    def italic(self) -> bool:
        return bool(_ITALIC.search(self.font)) or abs(self.slant) > SLANT


def version() -> str:
    return tools.python_version("pdfplumber")


def runs(path: Path) -> list[Run]:
    """Every piece of text in the PDF, as runs of one font, size and slant."""
    import pdfplumber

    found: list[Run] = []
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            current: Run | None = None
            for char in page.chars:
                run = _run(number, char)
                if current is not None and (run.font, round(run.size, 2), run.slant) == (
                        current.font, round(current.size, 2), current.slant):
                    current = Run(number, current.text + run.text, current.size,
                                  current.font, current.slant)
                    continue
                if current is not None:
                    found.append(current)
                current = run
            if current is not None:
                found.append(current)
    return found


def _run(page: int, char: dict[str, Any]) -> Run:
    a, b, c, d, _, _ = (float(v) for v in char["matrix"])
    scale = (a * a + b * b) ** 0.5 or 1.0
    slant = round((a * c + b * d) / (scale * scale), 3)  # 0 for upright text, any rotation
    return Run(page, str(char["text"]), float(char["size"]), _SUBSET.sub("", str(char["fontname"])),
               slant)


def check(path: Path) -> list[Check]:
    found = runs(path)
    return [run(found) for run in (text_size, upright, shipped_fonts)]


def text_size(found: list[Run]) -> Check:
    return judged(
        f"{FORMAT}.text-size", FORMAT, f"No text smaller than {MIN_TEXT_PT:g} pt", TOOL,
        version(), (UKAAF_LARGE_PRINT, ACB_LARGE_PRINT), _small(found),
        f"Every character drawn on every page (running header and footer, captions, table "
        f"cells, notes, printed addresses and diagram labels included) prints at "
        f"{MIN_TEXT_PT:g} pt or more, measured from the page content with its transforms.",
        bool(found))


def _small(found: list[Run]) -> Iterator[Finding]:
    for page in sorted({run.page for run in found}):
        small = [run for run in found if run.page == page
                 and run.size < MIN_TEXT_PT - TOLERANCE_PT]
        if small:
            least = min(small, key=lambda run: run.size)
            yield Finding(f"{len(small)} run(s) of text under {MIN_TEXT_PT:g} pt, the smallest "
                          f"{least.size:.2f} pt (“{norm(least.text)[:SAMPLE]}”)",
                          f"page {page}", "text-size",
                          f"print it at {MIN_TEXT_PT:g} pt or more")


def upright(found: list[Run]) -> Check:
    return judged(
        f"{FORMAT}.upright", FORMAT, "No italic or slanted text", TOOL, version(),
        (UKAAF_LARGE_PRINT, ACB_LARGE_PRINT),
        (Finding(f"“{norm(run.text)[:SAMPLE]}” is set in {run.font}"
                 + (f" slanted {run.slant:+.2f}" if abs(run.slant) > SLANT else ""),
                 f"page {run.page}", "italic", "use bold for emphasis, never italics")
         for run in found if run.italic),
        "No text uses an italic or oblique face, or a slanted (sheared) upright one: large "
        "print emphasises with bold.", bool(found))


def shipped_fonts(found: list[Run]) -> Check:
    first, *others = fonts.families()
    return judged(
        f"{FORMAT}.fonts", FORMAT, "Set in the shipped legibility font", TOOL, version(),
        (UKAAF_LARGE_PRINT, ACB_LARGE_PRINT), _other_fonts(found),
        f"All text is set in {first}, with {', '.join(others)} only for the characters it "
        "lacks.", bool(found))


def _other_fonts(found: list[Run]) -> Iterator[Finding]:
    first, *fallbacks = (family.replace(" ", "") for family in fonts.families())
    has = fonts.cmap(next(face.path for face in fonts.faces()
                          if face.family.replace(" ", "") == first))
    for run in found:
        name = run.font.replace("-", "")
        if name.startswith(first):
            continue
        if any(name.startswith(family) for family in fallbacks):
            drawable = "".join(char for char in run.text if ord(char) in has and char.strip())
            if not drawable:
                continue
            yield Finding(f"“{norm(run.text)[:SAMPLE]}” is set in {run.font}, though "
                          f"{fonts.families()[0]} has its letters", f"page {run.page}", "font",
                          f"set it in {fonts.families()[0]}")
        else:
            yield Finding(f"“{norm(run.text)[:SAMPLE]}” is set in {run.font}",
                          f"page {run.page}", "font", f"set it in {fonts.families()[0]}")


class LargePrintValidator(OutputValidator):
    """Type size, upright type and the shipped fonts, measured in the large-print PDF."""

    name = "large-print"
    formats = (FORMAT,)
    order = 67
    needs = (tools.python_package("pdfplumber", "the large-print checks"),)

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome(check(output.path)) for output in outputs]
