"""The handout reads well on paper, measured from the PDF's text positions: at most three
pages on US Letter and A4, a last page at least a third full, no page that ends with a
heading, the credits never alone, body text at 11 pt and diagram labels at 9 pt or more."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest

from guidepress.build import build
from guidepress.formats import pdffit
from guidepress.read.document import Document
from guidepress.settings import Settings

from ..conftest import SOURCE

MAX_PAGES = 3
# The running header and footer sit in the page margins, in 9 pt type.
RUNNING_SIZE = 9.0
MARGIN_ZONE = 36.0  # pt from the top or bottom edge: the smallest margin is 0.45 in
SMALLEST_BOTTOM_MARGIN = 36.0


@dataclass(frozen=True)
class Line:
    text: str
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Page:
    height: float
    lines: list[Line]  # the body's lines, top to bottom (no running header or footer)


@pytest.fixture(scope="module")
def handouts(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, list[Page]]:
    out = tmp_path_factory.mktemp("a4")
    settings = Settings(formats=("pdf",), paper="a4", source_dir=SOURCE, out_dir=out)
    build(("medical-oncology",), settings, echo=lambda line: None)
    a4 = out / "medical-oncology" / "medical-oncology.pdf"
    return {"letter": read_pages(built["pdf"]), "a4": read_pages(a4)}


def read_pages(path: Path) -> list[Page]:
    with pdfplumber.open(path) as document:
        return [Page(float(page.height), list(body_lines(page))) for page in document.pages]


def body_lines(page: pdfplumber.page.Page) -> Iterator[Line]:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    rows: dict[int, list[dict[str, object]]] = {}
    for word in words:
        rows.setdefault(round(float(word["bottom"])), []).append(word)
    for bottom in sorted(rows):
        row = sorted(rows[bottom], key=lambda w: float(w["x0"]))
        size = max(float(w["size"]) for w in row)
        top = min(float(w["top"]) for w in row)
        in_margin = top < MARGIN_ZONE or bottom > float(page.height) - MARGIN_ZONE
        if in_margin and size <= RUNNING_SIZE + 0.01:
            continue
        yield Line(" ".join(str(w["text"]) for w in row), top, float(bottom), size,
                   all("Bold" in str(w["fontname"]) for w in row))


def last_page_fill(pages: list[Page]) -> float:
    """How far down the last page's text area its content reaches (from its first line to
    above the smallest bottom margin, so a generous measure of the area)."""
    first, last = pages[0].lines[0], pages[-1]
    area = last.height - SMALLEST_BOTTOM_MARGIN - first.top
    return (last.lines[-1].bottom - first.top) / area


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_at_most_three_pages_the_last_a_third_full(handouts: dict[str, list[Page]],
                                                   paper: str) -> None:
    pages = handouts[paper]
    assert len(pages) <= MAX_PAGES
    assert last_page_fill(pages) >= pdffit.MIN_LAST_PAGE_FILL


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_page_ends_with_a_heading(handouts: dict[str, list[Page]], paper: str,
                                     oncology: Document) -> None:
    headings = {h.text for h in oncology.headings} | {"Medical Oncology"}
    for number, page in enumerate(handouts[paper], start=1):
        last = page.lines[-1]
        assert not (last.bold and last.text in headings), f"page {number} ends with {last}"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_credits_share_their_page(handouts: dict[str, list[Page]], paper: str) -> None:
    page = next(p for p in handouts[paper] if any(ln.text.startswith("Published by")
                                                  for ln in p.lines))
    credits = next(i for i, ln in enumerate(page.lines) if ln.text.startswith("Published by"))
    assert credits >= 3, "the credits sit (nearly) alone on their page"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_figure_travels_with_its_heading_and_lead_in(handouts: dict[str, list[Page]],
                                                       paper: str) -> None:
    def page_of(start: str) -> int:
        return next(i for i, p in enumerate(handouts[paper])
                    if any(ln.text.startswith(start) for ln in p.lines))

    heading = page_of("The training path")
    assert page_of("It takes many years") == heading
    assert page_of("The usual training path to become") == heading  # the figure's caption
    assert page_of("Where oncologists work") == page_of("The four main places") == page_of(
        "Government")


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_type_sizes_keep_their_limits(handouts: dict[str, list[Page]], paper: str) -> None:
    lines = [line for page in handouts[paper] for line in page.lines]
    body = next(ln for ln in lines if ln.text.startswith("A medical oncologist is a doctor"))
    assert body.size == pytest.approx(11, abs=0.05)
    # Only the diagram says "through ABIM" (its text is drawn glyph by glyph, with no spaces).
    label = next(ln for ln in lines if "throughABIM" in ln.text.replace(" ", ""))
    assert label.size >= 9 - 0.01
    assert min(ln.size for ln in lines) >= 9 - 0.01


def test_a_tighter_layout_is_kept_only_when_it_saves_the_last_page() -> None:
    def document(*fills: float) -> SimpleNamespace:
        return SimpleNamespace(pages=[SimpleNamespace(fill=f) for f in fills])

    def run(layouts: dict[str, SimpleNamespace]) -> str:
        chosen = pdffit.choose(list(layouts), layouts.__getitem__,
                               lambda doc: float(doc.pages[-1].fill))
        return next(name for name, doc in layouts.items() if doc is chosen)

    assert run({"": document(1, 0.5), "fit-1": document(1)}) == ""
    assert run({"": document(1, 0.1), "fit-1": document(1, 0.2), "fit-2": document(0.9)}) == (
        "fit-2")
    assert run({"": document(1, 0.1), "fit-1": document(1, 0.2)}) == ""
    assert run({"": document(0.1), "fit-1": document(0.1)}) == ""
    assert run({"": document(1, 0.1), "fit-1": document(0.9), "fit-2": document(0.8)}) == (
        "fit-1")


def test_when_the_tightest_layout_saves_no_page_the_others_are_not_laid_out() -> None:
    laid_out: list[str] = []

    def lay_out(name: str) -> SimpleNamespace:
        laid_out.append(name)
        return SimpleNamespace(pages=[SimpleNamespace(fill=1), SimpleNamespace(fill=0.1)])

    pdffit.choose(["", "fit-1", "fit-2"], lay_out, lambda doc: float(doc.pages[-1].fill))
    assert laid_out == ["", "fit-2"]
