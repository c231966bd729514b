"""Plain text: readable aloud and printable, with no markup left over.

What a listener hears is measured with espeak-ng (`..listening`): the words it speaks and where
it pauses, not guesses about them."""

from __future__ import annotations

import re
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.formats import RenderContext
from guidepress.formats.txt import TextFormat
from guidepress.read import document, pandocast, source
from guidepress.read.document import Document

from ..listening import Speech, listen

HEAD = """---
title: Test Guide
lang: en-US
description: A guide used by the text tests.
updated: 2026-11-25
---
"""
URL = re.compile(r"\(?(?:https?://|mailto:)\S+")

Render = Callable[[str], str]


def text(built: dict[str, Path]) -> str:
    return built["txt"].read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def heard(built: dict[str, Path]) -> Speech:
    return listen(text(built))


@pytest.fixture
def render(make_source: Callable[..., Path]) -> Render:
    """The text edition of a guide with `body`, rendered by the real writer."""

    def make(body: str) -> str:
        guide = document.build(source.load(make_source(HEAD + body)))
        return TextFormat().render(guide, RenderContext()).decode("utf-8")

    return make


def symbols_heard(speech: Speech) -> list[str]:
    """Words spoken that hold no letter or digit (a web address, spelled out, aside)."""
    addresses = [(m.start(), m.end()) for m in URL.finditer(speech.text)]
    return [word.text for word in speech.words
            if not re.search(r"[^\W_]", word.text)
            and not any(start <= word.at < end for start, end in addresses)]


# Print -------------------------------------------------------------------------------------


def test_no_markup_residue(built: dict[str, Path]) -> None:
    body = text(built)
    for residue in ("#", "*", "|", "[ ]", "](", "<", ">", "&amp;", "&#", "\t", "data:"):
        assert residue not in body, residue
    assert not re.search(r"&[a-z]+;", body)


def test_headings_are_numbered_sections_between_blank_lines(built: dict[str, Path],
                                                            oncology: Document) -> None:
    body = text(built)
    assert body.startswith("Medical Oncology\n\nA career guide for students and advisors\n\n"
                           "Current as of November 25, 2026\n\nSection 1: In short\n\n")
    lines = body.split("\n")
    for number, heading in enumerate(oncology.headings, start=1):
        index = lines.index(f"Section {number}: {heading.text}")
        assert lines[index - 1] == lines[index + 1] == ""
    assert not re.search(r"^[=\-]{3,}$", body, re.M)  # no underlines


def test_deeper_headings_are_numbered_within_their_section(render: Render) -> None:
    body = render("Opening.\n\n## Costs\n\nText.\n\n### Fees\n\nText.\n\n#### Late fees\n\n"
                  "Text.\n\n### Grants\n\nText.\n\n## Help\n\nText.\n")
    found = re.findall(r"^Section [\d.]+: .+$", body, re.M)
    assert found == ["Section 1: Costs", "Section 1.1: Fees", "Section 1.1.1: Late fees",
                     "Section 1.2: Grants", "Section 2: Help"]


def test_hard_line_breaks_are_kept(render: Render) -> None:
    body = render("Write to us:\\\nGuidepress Office  \n12 Main Street\\\nSpringfield, IL 62701\n\n"
                  "- Call:\\\n  555 0100\n")
    assert "Write to us:\nGuidepress Office\n12 Main Street\nSpringfield, IL 62701\n" in body
    assert "\u2022 Call:\n  555 0100\n" in body
    assert "\u2028" not in body


def test_tables_are_read_out_row_by_row_with_labels(built: dict[str, Path]) -> None:
    body = text(built)
    assert "Table: The four main places medical oncologists work (4 rows).\n" in body
    assert re.search(r"\nAcademic\.\n  Main aim: .+\.\n  What the work looks like: ", body)
    assert "---+" not in body and "+---" not in body


def test_a_note_follows_the_paragraph_that_cites_it(built: dict[str, Path]) -> None:
    body = text(built)
    cited = body.index("after high school. (note 1)\n\n    Note 1: Residency and fellowship")
    assert cited < body.index("Section 8: Key terms")
    assert body.count("Note 1:") == 1 and "\nNotes\n" not in body


def test_a_note_of_several_paragraphs_says_where_it_ends(render: Render) -> None:
    body = render("Opening words.[^a]\n\nMore words.\n\n[^a]: First part.\n\n    Second part.\n")
    assert ("Opening words. (note 1)\n\n    Note 1: First part.\n\n    Second part.\n\n"
            "    End of note 1.\n\nMore words.") in body


def test_links_show_urls_and_abbreviations_are_spelled_out_once(built: dict[str, Path]) -> None:
    body = " ".join(text(built).split())
    assert "(https://freida.ama-assn.org/)" in body
    assert body.count("American Board of Internal Medicine (ABIM)") == 1
    assert "(American Board" not in body


def test_lists_keep_their_markers(built: dict[str, Path]) -> None:
    body = text(built)
    assert "\n\u2022 Surgeons." in body
    assert "\n1. College: usually 4 years." in body


# Figures -----------------------------------------------------------------------------------


def test_a_figure_described_by_the_text_after_it_is_said_once(built: dict[str, Path],
                                                              oncology: Document) -> None:
    body = " ".join(text(built).split())
    assert body.count("The usual training path to become a medical oncologist") == 1
    assert "Figure: The usual training path to become a medical oncologist. This list" in body
    assert oncology.images[0].alt not in body and "Image description" not in body


def test_a_figure_not_described_after_it_keeps_its_alt_text(render: Render) -> None:
    figure = '![The path](images/training-path.svg){alt="Six steps from college to practice."}'
    body = " ".join(render(f"{figure}\n\nThe path is long.\n").split())
    assert "Figure: The path. Image description: Six steps from college to practice." in body


def test_a_long_description_block_counts_as_described(render: Render) -> None:
    figure = '![The path](images/training-path.svg){alt="Six steps from college to practice."}'
    body = render(f"{figure}\n\n::: longdesc\nThe path is long.\n:::\n")
    assert "Figure: The path.\n\nThe path is long." in body and "Six steps" not in body


# Listening ---------------------------------------------------------------------------------


def test_the_listening_check_hears_underlines_and_run_on_cells() -> None:
    """The measures the tests below rely on fail on the edition as it used to be written."""
    old = listen("Medical Oncology\n================\n\nAcademic\n  Main aim: Teaching\n")
    assert symbols_heard(old) == ["================"]
    assert old.clauses()[:2] == ["Medical Oncology ================", "Academic Main aim:"]


def test_a_listener_hears_no_runs_of_symbols(heard: Speech) -> None:
    assert symbols_heard(heard) == []


def test_a_listener_hears_the_title_then_each_section_by_number(heard: Speech) -> None:
    assert heard.clauses()[:6] == [
        "Medical Oncology", "A career guide for students and advisors",
        "Current as of November 25,", "2026", "Section 1:", "In short"]
    assert "Section 7:" in heard.clauses()


def test_a_listener_hears_a_pause_after_every_table_cell(heard: Speech,
                                                        oncology: Document) -> None:
    body = heard.text
    at = body.index("Table: ")
    cells = [cell for row in table_rows(oncology) for cell in row]
    assert len(cells) == 15
    for cell in cells:  # in reading order: the header row, then row by row
        found = re.compile(r"\s+".join(map(re.escape, cell.split()))).search(body, at)
        assert found is not None, cell
        at = found.end()
        following = re.compile(r"[^\w\u201c]*").match(body, at)
        assert following is not None
        assert heard.pause_between(at, following.end()), f"no pause after {cell!r}"
    assert "Academic." in heard.clauses() and "Main aim:" in heard.clauses()


def table_rows(guide: Document) -> list[list[str]]:
    """The words of each row of the guide's first table, its header row first."""
    table = next(e for e in pandocast.walk(guide.ast["blocks"]) if e["t"] == "Table")
    _, _, _, head, bodies, _ = table["c"]
    rows = [*head[1], *(row for body in bodies for row in body[3])]
    return [[pandocast.stringify(cell[4]) for cell in row[1]] for row in rows]


def test_a_listener_hears_the_note_before_the_next_section(heard: Speech) -> None:
    clauses = heard.clauses()
    note = clauses.index("Note 1:")
    assert clauses[note - 1] == "(note 1)" and clauses.index("Section 8:") > note


def test_espeak_ng_reads_the_text_edition_to_a_file(built: dict[str, Path], heard: Speech,
                                                    tmp_path: Path) -> None:
    """The command a person runs says what the library's account says, in about as long."""
    out = tmp_path / "out.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(out), "-f", str(built["txt"])],
                   check=True, timeout=120)
    with wave.open(str(out)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    assert seconds > 300  # the whole guide, not a fragment of it
    assert abs(seconds - heard.words[-1].ms / 1000) < 5
