"""Plain text: readable aloud and printable, with no markup left over."""

from __future__ import annotations

import re
from pathlib import Path

from guidepress.read.document import Document


def text(built: dict[str, Path]) -> str:
    return built["txt"].read_bytes().decode("utf-8")


def test_no_markup_residue(built: dict[str, Path]) -> None:
    body = text(built)
    for residue in ("#", "*", "|", "[ ]", "](", "<", ">", "&amp;", "&#", "\t", "data:"):
        assert residue not in body, residue
    assert not re.search(r"&[a-z]+;", body)


def test_headings_stand_on_their_own_lines(built: dict[str, Path], oncology: Document) -> None:
    lines = text(built).split("\n")
    assert lines[:2] == ["Medical Oncology", "================"]
    for heading in oncology.headings:
        index = lines.index(heading.text)
        assert lines[index - 1] == ""
        if heading.level == 2:
            assert lines[index + 1] == "-" * len(heading.text)


def test_tables_are_read_out_row_by_row_with_labels(built: dict[str, Path]) -> None:
    body = text(built)
    assert "Table: The four main places medical oncologists work (4 rows)" in body
    assert re.search(r"\nAcademic\n  Main aim: .+\n  What the work looks like: ", body)
    assert "---+" not in body and "+---" not in body


def test_images_become_their_alt_text_and_links_show_urls(
    built: dict[str, Path], oncology: Document
) -> None:
    body = " ".join(text(built).split())
    assert f"Image description: {oncology.images[0].alt}" in body
    assert "(https://freida.ama-assn.org/)" in body


def test_lists_keep_their_markers(built: dict[str, Path]) -> None:
    body = text(built)
    assert "\n\u2022 Surgeons." in body
    assert "\n1. College: usually 4 years." in body


def test_abbreviations_are_spelled_out_once(built: dict[str, Path]) -> None:
    body = " ".join(text(built).split())
    assert body.count("American Board of Internal Medicine (ABIM)") == 1
    assert "(American Board" not in body
