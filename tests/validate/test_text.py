"""Plain-text checks, each shown to catch a deliberately broken text file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.validate import expect, text
from guidepress.validate.report import Check, Result

Edit = Callable[[Path, str, str], Path]


def results(path: Path, wanted: expect.Expected) -> dict[str, Check]:
    return {check.id: check for check in text.check(path, wanted)}


def test_the_built_text_passes(outputs: dict[str, Path], expected: expect.Expected) -> None:
    checks = results(outputs["txt"], expected)
    assert [(c.id, c.result) for c in checks.values()] == [
        ("txt.utf8", Result.PASS), ("txt.coverage", Result.PASS), ("txt.residue", Result.PASS)]


@pytest.mark.parametrize(("residue", "what"), [
    ("**Treatment.**", "strong or emphasis"),
    ("[the AMA](https://www.ama-assn.org/)", "link or image"),
    ("<em>care</em>", "HTML tag"),
    ("cancer &amp; blood", "character reference"),
    ("## In short", "heading mark"),
    ("{#in-short}", "attribute block"),
    ("see note [^1]", "footnote mark"),
])
def test_markup_residue_is_caught(outputs: dict[str, Path], expected: expect.Expected,
                                  edit_text: Edit, residue: str, what: str) -> None:
    page = outputs["txt"]
    page.write_text(page.read_text(encoding="utf-8") + f"\n{residue}\n", encoding="utf-8")
    check = results(page, expected)["txt.residue"]
    assert check.result is Result.FAIL
    assert any(what in f.message and f.rule == "markup-residue" for f in check.findings)
    assert all(f.where.startswith("line ") for f in check.findings)


def test_invalid_utf8_is_caught(outputs: dict[str, Path], expected: expect.Expected) -> None:
    page = outputs["txt"]
    page.write_bytes(page.read_bytes().replace(b"Oncology", b"Oncol\xf6gy", 1))
    checks = results(page, expected)
    (finding,) = checks["txt.utf8"].findings
    assert "not valid UTF-8" in finding.message and finding.where == "line 1"
    assert list(checks) == ["txt.utf8"]  # nothing else can be read


def test_missing_headings_alt_text_and_links_are_caught(outputs: dict[str, Path],
                                                        expected: expect.Expected,
                                                        edit_text: Edit) -> None:
    page = edit_text(outputs["txt"], "Section 8: Key terms", "Section 8: Glossary")
    body = page.read_text(encoding="utf-8").replace("https://freida.ama-assn.org/", "FREIDA")
    page.write_text(body, encoding="utf-8")
    wanted = dataclasses.replace(expected, described=())  # as if the figure were not described
    findings = results(page, wanted)["txt.coverage"].findings
    assert {f.rule for f in findings} == {"heading", "alt-text", "link"}
    assert any("Key terms" in f.message for f in findings)
    assert any("Flow chart of six steps" in f.message for f in findings)


def test_a_described_figure_needs_no_alt_text(outputs: dict[str, Path],
                                              expected: expect.Expected) -> None:
    assert expected.described == (expected.alts[0],)
    assert expected.alts[0] not in outputs["txt"].read_text(encoding="utf-8")
    assert results(outputs["txt"], expected)["txt.coverage"].findings == ()


@pytest.mark.parametrize(("old", "new", "level"), [
    ("Section 8: Key terms\n", "Key terms\n", "h2"),  # the mark left off
    ("Section 8: Key terms\n", "Section 8.1: Key terms\n", "h2"),  # a level too deep
    ("Section 8: Key terms\n\n", "Section 8: Key terms\n", "h2"),  # run into a paragraph
    ("Medical Oncology\n\n", "Medical Oncology\n", "h1"),  # title run into the subtitle
])
def test_a_heading_without_its_mark_is_caught(outputs: dict[str, Path],
                                              expected: expect.Expected, edit_text: Edit,
                                              old: str, new: str, level: str) -> None:
    page = edit_text(outputs["txt"], old, new)
    (finding,) = [f for f in results(page, expected)["txt.coverage"].findings
                  if f.rule == "heading"]
    assert finding.message.startswith(f"the {level} “") and "is not a heading" in finding.message


def test_headings_are_read_at_the_level_of_their_number() -> None:
    page = ("A Title\n\nIntro.\n\nSection 1: One\n\nSection 1.1: Deeper\n\n"
            "Section 1.1.1: Deepest\n\nSection 2: Two\nwith a second line\n")
    assert text.headings(page) == [(1, "A Title"), (2, "One"), (3, "Deeper"), (4, "Deepest")]


def test_a_manifest_written_before_described_figures_still_reads(
        expected: expect.Expected) -> None:
    data = expected.to_json()
    assert expect.Expected.from_json(data) == expected
    del data["described"]
    assert expect.Expected.from_json(data).described == ()


def test_the_editions_own_marks_can_be_left_out() -> None:
    """What the braille check leaves out when it compares the braille's words with these."""
    page = ("Section 1.2: Fees\n\nText here. (note 1)\n\n    Note 1: A note.\n\n"
            "    More of it.\n\n    End of note 1.\n\nSection about fees.\n")
    assert text.without_marks(page).split() == [
        "Fees", "Text", "here.", "A", "note.", "More", "of", "it.", "Section", "about", "fees."]
