"""The cross-format comparison: the same headings, alt texts, link targets and table headers in
every format; a difference in any one format is a finding that names it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.validate import crossformat, epubpkg, expect
from guidepress.validate.report import Check, Result

pytestmark = pytest.mark.validators
Edit = Callable[[Path, str, str], Path]


def compare(outputs: dict[str, Path], wanted: expect.Expected) -> dict[str, Check]:
    contents = {
        "html": crossformat.html_content(outputs["html"]),
        "epub": crossformat.epub_content(epubpkg.read(outputs["epub"])),
        "pdf": crossformat.pdf_content(outputs["pdf"], wanted),
        "large-print": crossformat.pdf_content(outputs["large-print"], wanted),
        "txt": crossformat.text_content(outputs["txt"], wanted),
    }
    return {check.id: check for check in crossformat.compare(contents, wanted)}


def test_all_the_formats_agree(outputs: dict[str, Path], expected: expect.Expected) -> None:
    checks = compare(outputs, expected)
    assert {c.id: c.findings for c in checks.values() if c.result is not Result.PASS} == {}
    html = crossformat.html_content(outputs["html"])
    assert html.headings == list(expected.headings)
    assert html.tables == [("Setting", "Main aim", "What the work looks like")]


def test_a_difference_in_one_format_is_reported_for_that_format(
    outputs: dict[str, Path], expected: expect.Expected, edit_text: Edit
) -> None:
    edit_text(outputs["html"], '<h2 id="key-terms">Key terms</h2>',
              '<h3 id="key-terms">Key terms</h3>')
    edit_text(outputs["html"], "<th scope=\"col\">Main aim</th>", "<th scope=\"col\">Aim</th>")
    edit_text(outputs["html"], 'href="https://freida.ama-assn.org/"',
              'href="https://example.org/"')
    checks = compare(outputs, expected)
    headings = checks["all.headings"].findings
    assert [(f.where, f.message) for f in headings] == [
        ("HTML", "“Key terms” is H3 here, h2 in the source")]
    (table,) = checks["all.table-headers"].findings
    assert table.where == "HTML" and "Main aim" in table.message
    assert {f.message for f in checks["all.links"].findings} == {
        "a link to https://example.org/ is not in the source"}
    assert checks["all.alt-text"].result is Result.PASS


def test_missing_alt_text_in_the_pdf_is_reported(outputs: dict[str, Path],
                                                 expected: expect.Expected) -> None:
    import pikepdf

    with pikepdf.open(outputs["pdf"], allow_overwriting_input=True) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if node.get("/S") == "/Figure":
                del node["/Alt"]
            kids = node.get("/K")
            stack += [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
                      if isinstance(k, pikepdf.Dictionary)]
        document.save(outputs["pdf"])
    (finding,) = compare(outputs, expected)["all.alt-text"].findings
    assert finding.where == "PDF" and finding.message.startswith("the alt text “Flow chart")


def test_plain_text_shows_a_mail_link_as_its_bare_address(tmp_path: Path,
                                                           expected: expect.Expected) -> None:
    linked = dataclasses.replace(expected, links=("mailto:editor@example.org",))
    path = tmp_path / "guide.txt"
    path.write_text("Write to editor@example.org. Or to other@example.org.\n", "utf-8")
    assert crossformat.text_content(path, linked).links == ["mailto:editor@example.org"]
