"""The large-print edition, measured from the PDF: no text anywhere under 18 pt, larger bold
headings, upright type in the shipped legibility font, left aligned and never hyphenated,
1.5 line spacing, wide tables as labelled blocks, the diagram redrawn with 18 pt labels, on
Letter and A4, passing the handout's PDF/UA-1 checks; on Medical Oncology and on guides of the
corpus."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.build import build
from guidepress.formats import lpbody
from guidepress.formats.base import RenderContext
from guidepress.formats.largeprint import LargePrintFormat
from guidepress.read import document, source
from guidepress.settings import Settings
from guidepress.validate import expect, largeprint, pageua, pdf
from guidepress.validate.expect import key
from guidepress.validate.report import Result

from .. import pdfguides
from ..conftest import MINIMAL, ROOT, SOURCE
from ..printed import Line, lines, page_sizes

CORPUS = ROOT / "tests" / "corpus" / "source"
MIN_PT = 18 - 0.01  # the PDF's numbers are rounded
SIZES = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}


@pytest.fixture(scope="module")
def editions(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, Path]:
    """Medical Oncology's large print on Letter (the shared build) and on A4."""
    out = tmp_path_factory.mktemp("a4")
    settings = Settings(formats=("large-print",), paper="a4", source_dir=SOURCE, out_dir=out)
    build(("medical-oncology",), settings, echo=lambda line: None)
    return {"letter": built["large-print"],
            "a4": out / "medical-oncology" / "medical-oncology-large-print.pdf"}


@pytest.fixture(scope="module")
def printed(editions: dict[str, Path]) -> dict[str, list[Line]]:
    return {paper: list(lines(path)) for paper, path in editions.items()}


def find(found: list[Line], start: str) -> Line:
    return next(line for line in found if line.text.startswith(start))


def test_the_file_is_named_for_the_edition(built: dict[str, Path]) -> None:
    assert built["large-print"].name == "medical-oncology-large-print.pdf"
    assert built["large-print"].read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_letter_and_a4(editions: dict[str, Path], paper: str) -> None:
    sizes = page_sizes(editions[paper])
    assert len(sizes) >= 8  # 18 pt type takes room: about four times the handout's pages
    for width, height in sizes:
        assert (width, height) == pytest.approx(SIZES[paper], abs=0.5)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_text_anywhere_under_18_pt(editions: dict[str, Path],
                                      printed: dict[str, list[Line]], paper: str) -> None:
    runs = largeprint.runs(editions[paper])
    assert min(run.size for run in runs) >= MIN_PT
    found = printed[paper]
    pages = max(line.page for line in found)
    # Where handouts usually shrink their type: running header and footer, table cells,
    # captions, notes, printed link addresses, diagram labels and the QR code's label.
    for start in ("Medical Oncology", f"Page 2 of {pages}", "Teaching, research and caring",
                  "The usual training path to become", "1. Residency and fellowship lengths",
                  "Scan to open"):
        line = find(found, start)
        assert line.size >= MIN_PT, line
    address = next(line for line in found if "(https://freida.ama-assn.org/)" in line.text)
    assert address.size >= MIN_PT
    label = next(line for line in found if "throughABIM" in line.text.replace(" ", ""))
    assert label.size >= MIN_PT


def test_headings_are_larger_and_bold(printed: dict[str, list[Line]]) -> None:
    found = printed["letter"]
    title, section, body = (find(found, "Medical Oncology"), find(found, "In short"),
                            find(found, "A medical oncologist is a doctor"))
    title = next(line for line in found if line.text == "Medical Oncology" and line.size > 18)
    assert title.bold and section.bold and not body.bold
    assert title.size > section.size > body.size == pytest.approx(18, abs=0.01)


def test_upright_in_the_legibility_font(editions: dict[str, Path]) -> None:
    checks = largeprint.check(editions["letter"])
    assert {c.id: c.result for c in checks} == {"large-print.text-size": Result.PASS,
                                                "large-print.upright": Result.PASS,
                                                "large-print.fonts": Result.PASS}
    fonts = Counter(run.font for run in largeprint.runs(editions["letter"]))
    assert set(fonts) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def paragraph(found: list[Line], start: str, end: str) -> list[Line]:
    first = found.index(find(found, start))
    last = next(i for i, line in enumerate(found[first:], first) if line.text.endswith(end))
    return found[first:last + 1]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_left_aligned_ragged_right_never_hyphenated(printed: dict[str, list[Line]],
                                                    paper: str) -> None:
    found = printed[paper]
    lines_ = paragraph(found, "A medical oncologist is a doctor", "them plan.")
    assert len(lines_) >= 5
    assert {round(line.x0) for line in lines_} == {54}  # the 0.75 in margin
    rights = [line.x1 for line in lines_[:-1]]
    assert max(rights) - min(rights) > 18  # ragged: not justified
    # No word is broken: no line ends with a hyphen, though the guide has hyphenated words
    # ("hardest-to-treat", "follow-up", "End-of-life", "high-energy").
    ended = [line.text for line in found if re.search(r"\w[-\u2010\u00ad]$", line.text)]
    assert ended == []
    text = " ".join(line.text for line in found)
    for word in ("hardest-to-treat", "follow-up", "End-of-life", "high-energy"):
        assert word in text


HYPHENATED = " ".join(f"A {word} plan." for word in (
    "well-known", "long-term", "up-to-date", "follow-up", "end-of-life", "high-energy",
    "part-time", "full-time", "step-by-step", "one-to-one") * 6)


def test_hyphenated_words_never_break_at_their_hyphen(make_source: Callable[..., Path],
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    guide = document.build(source.load(make_source(MINIMAL.replace(
        "Some text with", HYPHENATED + "\n\nSome text with"))))

    def broken() -> list[str]:
        path = tmp_path / "hyphens.pdf"
        path.write_bytes(LargePrintFormat().render(guide, RenderContext()))
        return [line.text for line in lines(path) if re.search(r"\w-$", line.text)]

    assert broken() == []
    monkeypatch.setattr(lpbody, "keep_words_whole", lambda root: None)
    assert broken()  # without the spans, lines do break at hyphens


LINKED = ("Write to <help@example.org>, see [the match](https://www.nrmp.org/) "
          "or <https://freida.ama-assn.org/>.")


def test_an_address_prints_once_and_only_where_the_text_hides_it(
        make_source: Callable[..., Path], tmp_path: Path) -> None:
    guide = document.build(source.load(make_source(MINIMAL.replace(
        "Some text with", LINKED + "\n\nSome text with"))))
    path = tmp_path / "links.pdf"
    path.write_bytes(LargePrintFormat().render(guide, RenderContext()))
    text = " ".join(line.text for line in lines(path))
    assert text.count("help@example.org") == 1 and "mailto" not in text
    assert text.count("freida.ama-assn.org") == 1
    assert "thematch(https://www.nrmp.org/)" in "".join(text.split())  # lines may wrap it


def test_generous_line_spacing(printed: dict[str, list[Line]]) -> None:
    lines_ = paragraph(printed["letter"], "A medical oncologist is a doctor", "them plan.")
    steps = {round(b.top - a.top, 1) for a, b in itertools.pairwise(lines_)}
    assert steps == {27.0}  # 1.5 times 18 pt


def test_a_wide_table_prints_as_labelled_blocks(printed: dict[str, list[Line]]) -> None:
    found = [line.text for line in printed["letter"]]
    assert "Setting Main aim What the work looks like" in found  # the header row, once
    rows = [("Academic", "Teaching, research and caring for patients"),
            ("Industry", "The company\u2019s research goals")]
    for setting, aim in rows:
        at = found.index(setting)
        assert found[at - 1] == "Setting"
        assert found[at + 1:at + 3] == ["Main aim", aim]
        assert found[at + 3] == "What the work looks like"
    assert found.count("Main aim") == 4  # one label in each row's block


def test_the_diagram_is_redrawn_with_18_pt_labels(editions: dict[str, Path],
                                                  printed: dict[str, list[Line]],
                                                  oncology: document.Document) -> None:
    # Its text is drawn glyph by glyph: compared without spaces. Each label is on the
    # diagram's page at 18 pt or more, whether the drawing was enlarged or redrawn.
    lines = printed["letter"]
    (page,) = {line.page for line in lines if line.text.replace(" ", "").startswith("College")
               and "usually" not in line.text.split()[1:2]}
    shown = [line for line in lines if line.page == page]
    flat = "".join(line.text.replace(" ", "") for line in shown)
    for label in ("College", "usually 4 years", "Medical school", "residency", "3 years",
                  "Fellowship", "Board", "Practice"):
        assert label.replace(" ", "") in flat, label
    assert min(line.size for line in shown) >= MIN_PT
    # Its tag keeps the source's alt text.
    (alt, text), = [f for f in figures(editions["letter"]) if not f[0].startswith("QR code")]
    assert alt == oncology.images[0].alt
    assert "Fellowship" in text


def figures(path: Path) -> list[tuple[str, str]]:
    import pikepdf

    from guidepress.validate.pdfcontent import read_pages
    from guidepress.validate.pdfstruct import read as read_tree

    with pikepdf.open(path) as document_:
        tree = read_tree(document_, list(read_pages(document_)))
    assert tree is not None
    return [(node.alt or "", tree.text(node)) for node in tree.find("Figure")]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_handouts_pdf_ua_checks_pass(editions: dict[str, Path], paper: str,
                                         oncology: document.Document) -> None:
    checks = pdf.check(editions[paper], expect.expected(oncology), "large-print")
    assert all(check.id.startswith("large-print.") for check in checks)
    assert {c.id: [str(f) for f in c.findings] for c in checks if c.failed} == {}
    assert pageua.check(editions[paper]) == []
    assert pageua.as_check([], "large-print").id == "large-print.page"


# --- guides of the corpus, rendered by the format itself (their source checks are not this
# edition's concern) -------------------------------------------------------------------------

CORPUS_GUIDES = ("dermatology-card", "pathology", "radiology", "expedition-medicine")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, tuple[document.Document, Path]]:
    folder = tmp_path_factory.mktemp("corpus")
    made = {}
    for name in CORPUS_GUIDES:
        guide = document.build(source.load(CORPUS / f"{name}.md"))
        path = folder / f"{name}-large-print.pdf"
        path.write_bytes(LargePrintFormat().render(guide, RenderContext()))
        made[name] = (guide, path)
    return made


@pytest.mark.parametrize("name", CORPUS_GUIDES)
def test_corpus_guides_print_large_and_pass_the_checks(
        corpus: dict[str, tuple[document.Document, Path]], name: str) -> None:
    guide, path = corpus[name]
    assert {c.id: [str(f) for f in c.findings] for c in largeprint.check(path) if c.failed} == {}
    assert min(run.size for run in largeprint.runs(path)) >= MIN_PT
    checks = pdf.check(path, expect.expected(guide), "large-print")
    assert {c.id: [str(f) for f in c.findings] for c in checks if c.failed} == {}
    assert pageua.check(path) == []


def test_each_kind_of_diagram_is_made_large(
        corpus: dict[str, tuple[document.Document, Path]]) -> None:
    by_alt = {name: dict(figures(path)) for name, (_, path) in corpus.items()}
    # A flow chart is redrawn as boxes: its words, not its alt text, are what prints (drawn
    # glyph by glyph, so compared without spaces).
    (drawn,) = by_alt["pathology"].values()
    assert "1.Sampletakenclinicortheatre2.Fixedandcut" in drawn
    # A bar chart cannot be redrawn faithfully: its alt text prints instead, in a panel.
    (chart_alt, shown), = [(alt, text) for alt, text in by_alt["radiology"].items()
                           if "chart" in alt.lower()]
    assert shown.replace(" ", "") == chart_alt.replace(" ", "")
    # A logo whose words fit when enlarged keeps its drawing, enlarged to 18 pt lettering.
    logo = next(line for line in lines(corpus["expedition-medicine"][1])
                if "CAREERSOFFICE" in line.text.replace(" ", ""))
    assert logo.size >= MIN_PT


def test_only_tables_wider_than_two_columns_become_blocks(
        corpus: dict[str, tuple[document.Document, Path]]) -> None:
    def classes(name: str) -> list[str]:
        guide = corpus[name][0]
        body = lpbody.prepare(RenderContext().body_html(guide), [], lpbody.Column(672, 800))
        return re.findall(r'<table class="([^"]*)"', body)

    assert classes("dermatology-card") == ["reflow"]  # two columns: a grid
    assert all("blocks" in found for found in classes("pathology"))  # six and three


# --- a table whose empty corner makes its first column row headers, over a page break -------

@pytest.fixture(scope="module")
def corner_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pdfguides.Tagged]:
    folder = tmp_path_factory.mktemp("corner")
    return {"pdf": pdfguides.render("corner-tables", folder),
            "large-print": pdfguides.large_print("corner-tables", folder)}


@pytest.mark.parametrize("edition", ["pdf", "large-print"])
def test_a_table_with_an_empty_corner_is_one_well_formed_table(
        corner_tables: dict[str, pdfguides.Tagged], edition: str) -> None:
    import pikepdf

    from guidepress.validate.pdfcontent import read_pages
    from guidepress.validate.pdfstruct import read as read_tree

    made = corner_tables[edition]
    assert pageua.check(made.path) == []
    checks = pdf.check(made.path, made.expected, edition)
    assert {c.id: [str(f) for f in c.findings] for c in checks if c.failed} == {}
    with pikepdf.open(made.path) as document_:
        tree = read_tree(document_, list(read_pages(document_)))
    assert tree is not None
    tables = tree.outer_tables()
    assert len(tables) == 2
    for table, (columns, rows) in zip(tables, [(2, 40), (3, 40)], strict=True):
        found = [node for node in table.walk() if node.type == "TR"]
        # Each row holds only its cells: the empty corner, then the column headers; each
        # body row a row header, then its values.
        assert [[cell.type for cell in row.children] for row in found] == \
            [["TD"] + ["TH"] * (columns - 1)] + [["TH"] + ["TD"] * (columns - 1)] * rows
        assert tree.text(found[0].children[0]).strip() == ""
        assert key(tree.text(found[-1].children[0])).endswith(str(rows))
        # One Table element, though the table runs over a page break.
        assert len({page for node in table.walk() for page, _ in node.content}) >= 2
