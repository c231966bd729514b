"""The braille edition: contracted UEB in BRF, laid out on 40-cell, 25-line pages as BANA asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.formats import RenderContext, brfpages, louis, registry
from guidepress.formats.brf import BrailleFormat, skip_reason
from guidepress.read import document, source
from guidepress.validate import braille

HEAD = """---
title: Test Guide
lang: {lang}
description: A guide used by the braille tests.
updated: 2026-11-25
---
"""
LONG_URL = ("https://example.org/a/very/long/path/that/goes/on/and/on/for/quite/some/time/"
            "index.html")

Render = Callable[..., str]


@pytest.fixture
def render(make_source: Callable[..., Path]) -> Render:
    """The BRF of a guide with `body`, rendered by the real writer and liblouis."""

    def make(body: str, lang: str = "en-US") -> str:
        guide = document.build(source.load(make_source(HEAD.format(lang=lang) + body)))
        return BrailleFormat().render(guide, RenderContext()).decode("ascii")

    return make


def brf(built: dict[str, Path]) -> str:
    return built["txt"].with_suffix(".brf").read_bytes().decode("ascii")


def body_pages(text: str) -> list[list[str]]:
    """The pages after the transcriber's pages (those numbered 1, 2, ...)."""
    return [page for page in braille.pages(text)
            if (found := braille.page_number_of(page)) is not None and found[0] == ""]


def lines(text: str) -> list[str]:
    return [line for page in braille.pages(text) for line in page]


def test_the_format_is_registered_with_a_braille_media_type() -> None:
    fmt = registry()["brf"]
    assert (fmt.name, fmt.suffix, fmt.media_type) == ("brf", ".brf", "application/x-brf")


def test_medical_oncology_is_paged_for_embossers(built: dict[str, Path]) -> None:
    text = brf(built)
    layout = braille.pages(text)
    assert len(layout) >= 6
    assert all(len(page) == brfpages.LINES for page in layout)
    assert all(len(line) <= brfpages.WIDTH for page in layout for line in page)
    assert set(text) <= set(map(chr, range(0x20, 0x60))) | {"\r", "\n", "\f"}
    assert text.count("\f") == len(layout) - 1
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])


def test_pages_are_numbered_at_the_right_of_line_25(built: dict[str, Path]) -> None:
    numbers = [page[-1].split()[-1] for page in braille.pages(brf(built))]
    front = [number for number in numbers if number.startswith("T")]
    assert front == [brfpages.number(n, "T") for n in range(1, len(front) + 1)]
    assert numbers[len(front):] == [brfpages.number(n) for n in range(1, len(numbers) -
                                                                       len(front) + 1)]
    for page in braille.pages(brf(built)):
        text, _, number = page[-1].rpartition(" ")
        assert page[-1].endswith(number) and len(page[-1]) == brfpages.WIDTH
        assert not text.strip() or text.endswith("   ")


def test_title_page_then_symbols_then_contents(built: dict[str, Path]) -> None:
    title, symbols, contents = braille.pages(brf(built))[:3]
    assert title[0] == centred(",M$ICAL ,ONCOLOGY")
    assert any(",CURR5T Z ( ,NOVEMB] #BE1 #BJBF" in line for line in title)
    assert symbols[3].startswith("@.< OP5+ TRANSCRIB]'S NOTE 9DICATOR")
    assert contents[0] == centred(",3T5TS")
    assert contents[2].startswith(",9 %ORT ") and contents[2] == ",9 %ORT " + '"' * 29 + " #A"


def test_contents_page_numbers_lead_to_the_headings(built: dict[str, Path]) -> None:
    text = brf(built)
    contents = braille.pages(text)[2]
    pages = body_pages(text)
    for entry in contents[2:]:
        if '""' not in entry:
            continue
        heading, number = entry.split(' ""')[0], entry.split()[-1]
        page = pages[int("".join(str("JABCDEFGHI".index(c)) for c in number[1:])) - 1]
        assert centred(heading) in page, heading


def test_known_contractions_and_indicators(render: Render) -> None:
    text = render("Cats and dogs sleep for 12 hours.\n")
    # `&` is "and", `=` is "for", `,` the capital sign, `#` the number sign, `\` "ou", `4` "."
    assert "  ,CATS & DOGS SLEEP = #AB H\\RS4" in lines(text)


def test_centred_and_indented_headings(render: Render) -> None:
    text = render("Intro text.\n\n## Short part\n\nOne.\n\n### First step\n\nTwo.\n\n"
                  "#### The Know How\n\nThree.\n")
    found = lines(text)
    centred_at = found.index(centred(',%ORT "P'))
    assert found[centred_at - 1] == "" and found[centred_at + 1] == ""
    cell5 = found.index("    ,F/ /EP")
    assert found[cell5 - 1] == "" and found[cell5 + 1] == "  ,TWO4"
    cell7 = found.index('      ,! ,"K ,H[')
    assert found[cell7 - 1] == "" and found[cell7 + 1] == "  ,?REE4"


def test_lists_keep_their_numbers_and_bullets(render: Render) -> None:
    text = render("Steps:\n\n1. First step, which is long enough to run over onto the next "
                  "braille line.\n2. Second.\n   - Nested point.\n\nAfter.\n")
    found = lines(text)
    first = found.index("#A4 ,F/ /EP1 : IS L;G 5 TO RUN OV] ONTO")
    assert found[first - 1] == ""  # a blank line before the list
    assert found[first + 1] == "  ! NEXT BRL L9E4"  # runover in cell 3
    assert found[first + 2] == "#B4 ,SECOND4"
    assert found[first + 3] == "  _4 ,NE/$ PO9T4"  # a nested item in cell 3
    assert found[first + 4] == "" and found[first + 5] == "  ,AF4"


def test_a_table_is_read_row_by_row(render: Render) -> None:
    text = render("Text.\n\n| Name | Years |\n|---|---|\n| College | 4 |\n| Medical school | 4 |\n"
                  "\nTable: Years of training\n")
    found = lines(text)
    at = found.index(',TABLE3 ,YE>S ( TRA9+ "<#B R[S">')
    assert found[at + 1:at + 6] == [",COLUMNS3 ,\"N1 ,YE>S4", ",COLLEGE", "  ,YE>S3 #D",
                                    ",M$ICAL S*OOL", "  ,YE>S3 #D"]


def test_an_image_becomes_a_transcribers_note_with_its_alt_text(render: Render) -> None:
    text = render('![The path](images/training-path.svg){alt="Six steps to the job."}\n\n'
                  "The diagram in words: six steps.\n")
    found = lines(text)
    assert "  ,FIGURE3 ,! PA?" in found
    at = found.index("      @.<,IMAGE DESCRIP;N3 ,SIX /EPS TO")  # in cell 7
    assert found[at + 1] == "    ! JOB4@.>"  # running over to cell 5
    symbols = braille.pages(text)[1]
    assert symbols[3].startswith("@.< ") and symbols[4].startswith("@.> ")


def test_links_show_their_address_and_long_ones_are_divided(render: Render) -> None:
    text = render(f"See the [site]({LONG_URL}) today.\n")
    layout = braille.pages(text)
    assert all(len(line) <= brfpages.WIDTH for page in layout for line in page)
    divided = [line for line in lines(text) if line.endswith(brfpages.CONTINUATION)]
    assert divided and all(line.endswith('_/"') for line in divided)  # after a slash
    address = louis.forward([LONG_URL])[0]
    assert address in "".join(line[:-1] if line in divided else line + " "
                              for line in lines(text))
    assert any(line.startswith('" L9E 3T9UA;N 9DICATOR') for line in layout[1])


def test_words_are_never_divided_between_lines(render: Render) -> None:
    words = " ".join(["Oncologists", "treat", "cancer", "and", "care", "for", "people."] * 12)
    text = render(words + "\n")
    page = body_pages(text)[0]
    paragraph = [line.strip() for line in page[2:] if line.strip()][:-1]
    assert len(paragraph) > 5
    assert " ".join(paragraph) == louis.forward([words])[0]


def test_a_guide_in_another_language_gets_a_notice(render: Render,
                                                   make_source: Callable[..., Path]) -> None:
    text = render("Un guide en français.\n", lang="fr-FR")
    layout = braille.pages(text)
    assert len(layout) == 1
    assert layout[0][0] == centred(",NO BRL $I;N")
    assert "FRAN" not in text and braille.page_numbers(layout) == []
    guide = document.build(source.load(make_source(HEAD.format(lang="fr") + "Texte.\n")))
    assert skip_reason(guide) is not None
    english = document.build(source.load(make_source(HEAD.format(lang="en-GB") + "Text.\n")))
    assert skip_reason(english) is None


def test_the_same_guide_gives_the_same_bytes(oncology: document.Document) -> None:
    first = BrailleFormat().render(oncology, RenderContext())
    assert BrailleFormat().render(oncology, RenderContext()) == first


def test_a_heading_is_never_the_last_thing_on_a_page() -> None:
    filler = [brfpages.Laid(("TEXT",)) for _ in range(22)]
    heading = brfpages.Laid(("HEAD",), blank_before=True, blank_after=True, keep=True)
    pages = brfpages.Pager(lambda index: "#A").add_all([*filler, heading,
                                                        brfpages.Laid(("MORE",))])
    assert pages[0] == ["TEXT"] * 22
    assert pages[1] == ["HEAD", "", "MORE"]


def test_a_blank_line_moves_to_line_1_after_a_full_page() -> None:
    pages = brfpages.Pager(lambda index: "#A").add_all(
        [brfpages.Laid(("TEXT",) * 24), brfpages.Laid(("NEXT",), blank_before=True)])
    assert pages[1] == ["", "NEXT"]
    pages = brfpages.Pager(lambda index: "#A").add_all(
        [brfpages.Laid(("TEXT",) * 25), brfpages.Laid(("NEXT",))])
    assert len(pages[0]) == 25  # line 25 holds text when it leaves room for the number


def test_blank_lines_asked_for_twice_are_one() -> None:
    pages = brfpages.Pager(lambda index: "#A").add_all(
        [brfpages.Laid(("TEXT",), blank_after=True), brfpages.Laid((), blank_before=True,
                                                                 blank_after=True),
         brfpages.Laid(("NEXT",), blank_before=True)])
    assert pages == [["TEXT", "", "NEXT"]]


def test_deeply_nested_lists_stay_within_the_line(render: Render) -> None:
    nested = "".join(f"{'  ' * level}- Level {level} point here.\n" for level in range(15))
    found = lines(render(nested))
    assert all(len(line) <= brfpages.WIDTH for line in found)
    deepest = [line for line in found if ",LEVEL #AD" in line]
    assert deepest == [" " * brfpages.MAX_INDENT + "_4 ,LEVEL #AD PO9T"]


def test_divide_never_ends_a_line_with_a_prefix() -> None:
    head, rest = brfpages.divide("ABCDEFGH,IJKL", 10)
    assert head == "ABCDEFGH" + brfpages.CONTINUATION and rest == ",IJKL"


def centred(cells: str) -> str:
    return " " * ((brfpages.WIDTH - len(cells)) // 2) + cells
