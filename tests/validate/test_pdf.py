"""The PDF/UA-1 structure checks, each shown to catch a deliberately broken PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from guidepress.formats import pdftags
from guidepress.validate import expect, pdf
from guidepress.validate.pdfcontent import read_pages
from guidepress.validate.report import Check, Result

from .. import pdfguides

pytestmark = pytest.mark.validators
Change = Callable[[pikepdf.Pdf], None]


def broken(path: Path, change: Change) -> Path:
    target = path.with_name("broken.pdf")
    with pikepdf.open(path) as document:
        change(document)
        document.save(target)
    return target


def results(path: Path, wanted: expect.Expected) -> dict[str, Check]:
    return {check.id: check for check in pdf.check(path, wanted)}


def rules(check: Check) -> set[str]:
    return {finding.rule for finding in check.findings}


def elements(document: pikepdf.Pdf, kind: str) -> list[Any]:
    found, stack = [], [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if str(kid.get("/S")) == kind:
                    found.append(kid)
                stack.append(kid)
    return found


def test_the_built_pdf_passes_every_check(outputs: dict[str, Path],
                                          expected: expect.Expected) -> None:
    checks = results(outputs["pdf"], expected)
    assert {c.id: c.findings for c in checks.values() if c.result is not Result.PASS} == {}
    assert len(checks) == 15


def test_an_untagged_pdf_fails(outputs: dict[str, Path], expected: expect.Expected) -> None:
    def untag(document: pikepdf.Pdf) -> None:
        del document.Root["/StructTreeRoot"]
        del document.Root["/MarkInfo"]

    checks = results(broken(outputs["pdf"], untag), expected)
    messages = " ".join(f.message for f in checks["pdf.tagged"].findings)
    assert "is marked" in messages and "no StructTreeRoot" in messages
    for check_id in ("pdf.headings", "pdf.figures", "pdf.tables", "pdf.reading-order"):
        assert checks[check_id].result is Result.FAIL


@pytest.mark.parametrize(("change", "check_id", "rule"), [
    (lambda d: d.Root.__delitem__("/Lang"), "pdf.lang", "11-006"),
    (lambda d: d.Root.ViewerPreferences.__setitem__("/DisplayDocTitle", False), "pdf.title",
     "07-002"),
    (lambda d: d.Root.__delitem__("/ViewerPreferences"), "pdf.title", "07-001"),
    (lambda d: d.Root.__delitem__("/Metadata"), "pdf.pdfua-id", "06-002"),
    (lambda d: d.Root.__delitem__("/Outlines"), "pdf.bookmarks", ""),
])
def test_catalog_and_metadata_problems_are_caught(outputs: dict[str, Path],
                                                  expected: expect.Expected, change: Change,
                                                  check_id: str, rule: str) -> None:
    check = results(broken(outputs["pdf"], change), expected)[check_id]
    assert check.result is Result.FAIL and rule in rules(check)


def test_a_figure_without_alt_text_is_caught(outputs: dict[str, Path],
                                             expected: expect.Expected) -> None:
    def drop_alt(document: pikepdf.Pdf) -> None:
        for figure in elements(document, "/Figure"):
            del figure["/Alt"]

    check = results(broken(outputs["pdf"], drop_alt), expected)["pdf.figures"]
    assert rules(check) == {"13-004"}


def test_a_skipped_heading_level_is_caught(outputs: dict[str, Path],
                                           expected: expect.Expected) -> None:
    def skip(document: pikepdf.Pdf) -> None:
        elements(document, "/H2")[0].S = pikepdf.Name("/H4")

    check = results(broken(outputs["pdf"], skip), expected)["pdf.headings"]
    assert "14-003" in rules(check)
    assert any("is H4 here, h2 in the source" in f.message for f in check.findings)


def test_header_cells_without_scope_are_caught(outputs: dict[str, Path],
                                               expected: expect.Expected) -> None:
    def unscope(document: pikepdf.Pdf) -> None:
        for cell in elements(document, "/TH"):
            del cell.A["/Scope"]

    check = results(broken(outputs["pdf"], unscope), expected)["pdf.tables"]
    assert rules(check) == {"15-003"} and len(check.findings) == 3


def test_a_link_without_contents_is_caught(outputs: dict[str, Path],
                                           expected: expect.Expected) -> None:
    def strip(document: pikepdf.Pdf) -> None:
        for page in document.pages:
            for annotation in page.get("/Annots") or []:
                del annotation["/Contents"]

    check = results(broken(outputs["pdf"], strip), expected)["pdf.links"]
    assert rules(check) == {"28-012"}


def test_a_font_that_is_not_embedded_is_caught(outputs: dict[str, Path],
                                               expected: expect.Expected) -> None:
    def unembed(document: pikepdf.Pdf) -> None:
        font = next(iter(document.pages[0].Resources.Font.values()))
        del font.DescendantFonts[0].FontDescriptor["/FontFile2"]

    check = results(broken(outputs["pdf"], unembed), expected)["pdf.fonts"]
    assert rules(check) == {"31-009"}


def test_text_without_unicode_is_caught(outputs: dict[str, Path],
                                        expected: expect.Expected) -> None:
    def unmap(document: pikepdf.Pdf) -> None:
        for font in document.pages[0].Resources.Font.values():
            del font["/ToUnicode"]

    checks = results(broken(outputs["pdf"], unmap), expected)
    assert "10-001" in rules(checks["pdf.unicode"])


def test_tags_out_of_reading_order_are_caught(outputs: dict[str, Path],
                                              expected: expect.Expected) -> None:
    def reorder(document: pikepdf.Pdf) -> None:
        """Reverse the children of the element that holds the most (the body's sections)."""
        body = max((e for kind in ("/Part", "/Sect", "/Div", "/NonStruct")
                    for e in elements(document, kind)
                    if isinstance(e.get("/K"), pikepdf.Array)), key=lambda e: len(e.K))
        body.K = pikepdf.Array(reversed(list(body.K)))

    check = results(broken(outputs["pdf"], reorder), expected)["pdf.reading-order"]
    assert check.result is Result.FAIL
    assert all(f.where == "tag tree order" for f in check.findings)


HANDOUT = """<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>Running heads</title><style>
@page { margin: 1in; @top-center { content: "Running head" }
        @bottom-right { content: "Page " counter(page) " of " counter(pages) } }
</style></head><body><h1>Running heads</h1><p>Body text.</p>
<table><thead><tr><th>Name</th><th>Value</th></tr></thead>
<tbody><tr><td>a</td><td>1</td></tr></tbody></table>
<p style="break-before: page">More text.</p></body></html>"""
HANDOUT_EXPECTED = expect.Expected("Running heads", "en-US", ((1, "Running heads"),), (), (),
                                   (("Name", "Value"),),
                                   ("Running heads", "Body text.", "More text."))


def render(tmp_path: Path, finisher: Any) -> Path:
    import weasyprint

    target = tmp_path / "handout.pdf"
    options: dict[str, Any] = {"finisher": finisher} if finisher else {}
    weasyprint.HTML(string=HANDOUT).write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True,
                                              **options)
    return target


def test_running_heads_tagged_as_content_are_caught(tmp_path: Path) -> None:
    checks = results(render(tmp_path, None), HANDOUT_EXPECTED)
    artifacts = checks["pdf.artifacts"].findings
    assert {f.rule for f in artifacts} == {"18-001"}
    assert {(f.where, f.message.split("”")[0].lstrip("“")) for f in artifacts} == {
        ("page 1", "Running head"), ("page 2", "Running head"),
        ("page 1", "Page 1 of 2"), ("page 2", "Page 2 of 2")}
    assert "01-005" in rules(checks["pdf.content-marked"])
    assert "15-003" in rules(checks["pdf.tables"])


def test_the_pdf_finisher_fixes_what_weasyprint_leaves(tmp_path: Path) -> None:
    checks = results(render(tmp_path, pdftags.finish), HANDOUT_EXPECTED)
    for check_id in ("pdf.artifacts", "pdf.content-marked", "pdf.tables"):
        assert checks[check_id].findings == (), check_id


# Each tag fix of pipeline/formats/pdftags.py left out in turn: the check for its defect fails.

@pytest.mark.parametrize(("guide", "fix", "check_id", "rule", "says"), [
    ("notes-quotes", "list-bodies", "pdf.lists", "09-005", "holds a P, not only LBody, Lbl"),
    ("definition-list", "definition-lists", "pdf.lists", "09-005",
     "the term “Internist” is not the Lbl of a list item"),
    ("figure-caption", "figures", "pdf.figures", "09-002",
     "does not follow its Figure (it sits in a NonStruct after NonStruct)"),
    ("figure-caption", "empty-spans", "pdf.figures", "09-002", "in a Div after Span"),
    ("strong-links", "nested-links", "pdf.links", "09-002",
     "a Link “(https://example.org/directory)” is inside another Link"),
    ("strong-links", "link-annotations", "pdf.links", "28-011",
     "the link to https://example.org/directory is not inside a Link tag"),
    (pdfguides.ONCOLOGY, "split-links", "pdf.links", "09-002",
     "is split into neighbouring Link elements"),
    ("long-table", "page-splits", "pdf.tables", "", "table(s); the source has 1"),
    ("long-table", "page-splits", "pdf.artifacts", "18-001", "“What happens” repeats"),
    ("long-table", "header-scope", "pdf.tables", "15-003", "has no Scope"),
    (pdfguides.ONCOLOGY, "margin-artifacts", "pdf.artifacts", "18-001", "“Page 1 of "),
    (pdfguides.ONCOLOGY, "margin-artifacts", "pdf.content-marked", "01-005",
     "belongs to no element of the structure tree"),
])
def test_each_tag_fix_left_out_is_caught(tagged: Callable[..., pdfguides.Tagged], guide: str,
                                         fix: str, check_id: str, rule: str,
                                         says: str) -> None:
    fixed, unfixed = tagged(guide), tagged(guide, {fix})
    assert results(fixed.path, fixed.expected)[check_id].result is Result.PASS
    check = results(unfixed.path, unfixed.expected)[check_id]
    assert check.result is Result.FAIL
    assert any(f.rule == rule and says in f.message for f in check.findings), check.findings


def repeated_spots(path: Path, text: str) -> list[int]:
    """The pages on which `text`, tagged as content, sits at the height where it is on the
    most pages, in the top or bottom 15 % of the page (the band running heads sit in)."""
    with pikepdf.open(path) as document:
        pages = list(read_pages(document))
    spots: dict[int, set[int]] = {}
    for page in pages:
        for run in page.runs:
            near_edge = min(run.y, page.height - run.y) < page.height * pdf.MARGIN_ZONE
            if run.mcid is not None and run.text.strip() == text and near_edge:
                spots.setdefault(round(run.y), set()).add(page.index)
    return sorted(max(spots.values(), key=len)) if spots else []


def test_table_cells_repeated_page_after_page_are_content(
        tagged: Callable[..., pdfguides.Tagged]) -> None:
    handout = tagged("repeated-cells")
    # The table's cells say "Yes" at one height near the edge of most of its pages ...
    with pikepdf.open(handout.path) as document:
        pages = len(document.pages)
    assert pages >= 3 and len(repeated_spots(handout.path, "Yes")) >= -(-pages // 2)
    # ... yet are rows of a table, not a running head.
    assert results(handout.path, handout.expected)["pdf.artifacts"].findings == ()
    # The running head and page numbers of the same pages, left tagged, are still caught.
    unfixed = tagged("repeated-cells", {"margin-artifacts"})
    found = {f.message.split("”")[0].lstrip("“")
             for f in results(unfixed.path, unfixed.expected)["pdf.artifacts"].findings}
    assert "Repeated cells" in found and f"Page {pages} of {pages}" in found
    assert not found & {"Yes", "No"}


def test_a_table_header_tagged_twice_is_caught(tagged: Callable[..., pdfguides.Tagged]) -> None:
    handout = tagged("long-table")

    def repeat_header(document: pikepdf.Pdf) -> None:
        (table,) = elements(document, "/Table")
        table.K.append(next(kid for kid in table.K if kid.get("/S") == "/THead"))

    check = results(broken(handout.path, repeat_header), handout.expected)["pdf.tables"]
    first = check.findings[0]
    assert (first.rule, first.message) == ("09-004", "table 1 has 2 THead elements")
    assert "header cells are ['Step', 'Name', 'What happens', 'Step'," in str(check.findings)


def test_a_caption_inside_its_figure_is_caught(tagged: Callable[..., pdfguides.Tagged]) -> None:
    handout = tagged("figure-caption")

    def nest(document: pikepdf.Pdf) -> None:
        (figure,) = elements(document, "/Figure")
        (caption,) = elements(document, "/Caption")
        group = caption.P
        group.K = pikepdf.Array([kid for kid in group.K if kid.get("/S") != "/Caption"])
        figure.K = pikepdf.Array([*figure.K, caption])
        caption.P = figure

    check = results(broken(handout.path, nest), handout.expected)["pdf.figures"]
    assert [f.rule for f in check.findings] == ["13-003"]
    assert "inside a Figure, whose Alt replaces it" in check.findings[0].message
