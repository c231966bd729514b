"""The BRF checks: they pass the real braille edition and catch each kind of broken file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.formats import RenderContext, brfpages
from guidepress.formats.brf import BrailleFormat
from guidepress.formats.txt import TextFormat
from guidepress.read import document, source
from guidepress.validate import braille


def edition(built: dict[str, Path]) -> tuple[str, str]:
    brf = built["txt"].with_suffix(".brf").read_bytes().decode("ascii")
    return brf, built["txt"].read_text(encoding="utf-8")


def page(*lines: str, number: str = "#A") -> str:
    """A well-formed page: `lines`, blank lines to line 24, the number at the right of 25."""
    return brfpages.finish(list(lines), number)


def test_medical_oncology_passes_every_check(built: dict[str, Path]) -> None:
    assert braille.check_files(built["txt"].with_suffix(".brf"), built["txt"]) == []


def test_back_translation_recovers_the_text_editions_words(built: dict[str, Path]) -> None:
    brf, plain = edition(built)
    found = braille.recovery(braille.pages(brf), plain)
    assert found.total > 1000
    assert found.ratio >= braille.MIN_RECOVERY, found  # 99.8% when written


def test_words_lost_from_the_braille_fail_the_recovery(built: dict[str, Path]) -> None:
    brf, plain = edition(built)
    half = "\f".join(brf.split("\f")[:6])
    assert braille.recovery(braille.pages(half), plain).ratio < 0.6
    findings = braille.check(half, plain)
    assert len(findings) == 1 and findings[0].startswith("back-translation gives back ")


def test_the_real_file_broken_four_ways_fails(built: dict[str, Path]) -> None:
    brf, plain = edition(built)
    layout = braille.pages(brf)
    layout[3][5] = layout[3][5].ljust(41, "A")  # page 4: a 41-cell line
    layout[4][6] = layout[4][6].lower()  # page 5: lower-case letters
    layout[5].insert(0, "")  # page 6: 26 lines
    layout[6][-1] = layout[6][-1][:-4]  # page 7: its number cut off
    broken = "\f".join("".join(line + "\r\n" for line in page) for page in layout)
    findings = braille.check(broken, plain)
    assert "4:6: 41 cells (at most 40)" in findings
    assert any(finding.startswith("5:7: lower-case letter") for finding in findings)
    assert "6: 26 lines (at most 25)" in findings
    assert "7: no braille page number at the right of its first or last line" in findings


def test_a_41_cell_line_is_found() -> None:
    text = page(",A LINE") + "\f" + page(",A" + "A" * 39, number="#B")
    assert braille.line_lengths(braille.pages(text)) == ["2:1: 41 cells (at most 40)"]


def test_a_lower_case_letter_is_found() -> None:
    text = page(",A GOOD L9E", ",A BAD l9e")
    assert braille.characters(text) == ["1:2: lower-case letter 'l' is not BRF",
                                        "1:2: lower-case letter 'e' is not BRF"]
    assert braille.characters(page("TAB\tHERE", "\u2801")) == [
        "1:1: character '\\t' is not BRF", "1:2: character '\\u2801' is not BRF"]


def test_26_lines_on_a_page_are_found() -> None:
    text = page("TEXT") + "\f" + "TEXT\r\n" + page("MORE", number="#B")
    assert braille.page_lengths(braille.pages(text)) == ["2: 26 lines (at most 25)"]


def test_a_missing_or_misplaced_page_number_is_found() -> None:
    missing = page("TEXT") + "\f" + "TEXT\r\n" * 25
    assert braille.page_numbers(braille.pages(missing)) == [
        "2: no braille page number at the right of its first or last line"]
    crowded = page("TEXT") + "\f" + "TEXT\r\n" * 24 + "TEXT #B\r\n"  # fewer than 3 blank cells
    assert braille.page_numbers(braille.pages(crowded))[0].startswith("2: no braille page")


def test_page_numbers_count_up_within_each_kind() -> None:
    good = "\f".join([page("T", number="T#A"), page("T", number="T#B"), page("B", number="#A"),
                      page("B", number="#B")])
    assert braille.page_numbers(braille.pages(good)) == []
    skipped = "\f".join([page("B", number="#A"), page("B", number="#C")])
    assert braille.page_numbers(braille.pages(skipped)) == ["2: page number 3 follows 1"]


def test_a_number_on_the_first_line_counts() -> None:
    text = f"{' ' * 20}{',HEAD':<16}#A\r\n" + "TEXT\r\n" * 24
    assert braille.page_numbers(braille.pages(text)) == []


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_line_ends_may_be_cr_lf_or_lf(ending: str) -> None:
    text = page(",A L9E").replace("\r\n", ending)
    layout = braille.pages(text + "\f")  # a form feed after the last page is no page
    assert len(layout) == 1 and len(layout[0]) == 25
    assert braille.page_numbers(layout) == []


def test_a_file_that_is_not_ascii_is_reported(tmp_path: Path) -> None:
    brf, txt = tmp_path / "g.brf", tmp_path / "g.txt"
    brf.write_bytes(page("TEXT").encode("ascii") + "\u2801".encode())
    txt.write_text("Text\n", encoding="utf-8")
    assert braille.check_files(brf, txt) == [
        f"byte {len(page('TEXT'))} is not ASCII (BRF holds ASCII braille only)"]


def test_divided_lines_are_joined_before_back_translation() -> None:
    layout = braille.pages(page('"<HTTPS3_/_/EXAMPLE4ORG_/A_/"', 'L;G_/PA?">4'))
    assert braille.reading_lines(layout) == ['"<HTTPS3_/_/EXAMPLE4ORG_/A_/L;G_/PA?">4']


def test_a_short_guide_gives_back_every_word(make_source: Callable[..., Path]) -> None:
    """The text edition's heading numbers and note marks are its own: the braille marks
    headings and notes its way, and a short guide still passes."""
    guide = document.build(source.load(make_source(
        "---\ntitle: Test Guide\nlang: en-US\ndescription: A guide.\nupdated: 2026-11-25\n---\n"
        "Opening words.[^a]\n\n## First part\n\nSome plain text.\n\n[^a]: A note.\n")))
    brf = BrailleFormat().render(guide, RenderContext()).decode("ascii")
    plain = TextFormat().render(guide, RenderContext()).decode("utf-8")
    assert "Section 1: First part" in plain and "Note 1: A note." in plain
    assert braille.check(brf, plain) == []
    assert braille.recovery(braille.pages(brf), plain).ratio == 1.0
