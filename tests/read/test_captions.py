"""Table captions in every form pandoc's Markdown allows, read through the CommonMark reader:
found line by line, attached to their tables, and gone from the text around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.read import captions, document, pandocast, source

TABLE = "| Stage | Years |\n|:---|---:|\n| School | 4 |\n"
HEAD = "---\ntitle: T\nlang: en\ndescription: A test guide.\nupdated: 2026-01-01\n---\n\n"


def built(tmp_path: Path, body: str) -> document.Document:
    path = tmp_path / "guide.md"
    path.write_text(HEAD + body, "utf-8")
    return document.build(source.load(path))


def tables(doc: document.Document) -> list[dict]:
    return [e for e in pandocast.walk(doc.ast["blocks"]) if e["t"] == "Table"]


def caption_text(table: dict) -> str:
    return pandocast.stringify(table["c"][1][1])


def paragraph_texts(doc: document.Document) -> list[str]:
    return [pandocast.stringify(e) for e in doc.ast["blocks"] if e["t"] == "Para"]


@pytest.mark.parametrize("marker", ["Table:", "table:", ":"])
@pytest.mark.parametrize("place", ["before", "after"])
def test_each_caption_form_is_attached(tmp_path: Path, marker: str, place: str) -> None:
    caption = f"{marker} Years of training\n\n"
    table = TABLE + "\n"
    body = "Some text first.\n\n" + (caption + table if place == "before" else table + caption)
    doc = built(tmp_path, body + "Some text after.\n")
    assert [caption_text(t) for t in tables(doc)] == ["Years of training"]
    assert paragraph_texts(doc) == ["Some text first.", "Some text after."]
    assert not [e for e in pandocast.walk(doc.ast["blocks"]) if e["t"] == "DefinitionList"]


def test_a_colon_caption_after_a_paragraph_does_not_make_it_a_term(tmp_path: Path) -> None:
    doc = built(tmp_path, "The table gives the stages.\n\n: The stages\n\n" + TABLE)
    assert paragraph_texts(doc) == ["The table gives the stages."]
    assert caption_text(tables(doc)[0]) == "The stages"


def test_a_caption_between_two_tables_goes_to_the_first(tmp_path: Path) -> None:
    doc = built(tmp_path, TABLE + "\nTable: First\n\n" + TABLE)
    assert [caption_text(t) for t in tables(doc)] == ["First", ""]


def test_a_table_captioned_before_takes_no_second_caption(tmp_path: Path) -> None:
    doc = built(tmp_path, "Table: Before\n\n" + TABLE + "\nTable: Stray\n")
    assert [caption_text(t) for t in tables(doc)] == ["Before"]
    assert paragraph_texts(doc) == ["Table: Stray"]


def test_a_caption_of_several_lines_keeps_its_words(tmp_path: Path) -> None:
    doc = built(tmp_path, TABLE + "\n: Years of training,\nschool included\n")
    assert caption_text(tables(doc)[0]) == "Years of training, school included"


def test_definitions_fences_and_code_are_not_captions() -> None:
    body = ("Term\n: A definition.\n\n::: longdesc\nText.\n:::\n\n```\n: code\n```\n\n"
            + TABLE)
    assert captions.find(body) == []


def test_a_caption_keeps_its_source_line_for_the_checks(tmp_path: Path) -> None:
    doc = built(tmp_path, "Intro.\n\n" + TABLE + "\n: Years of training\n")
    table = next(e for e in pandocast.walk(doc.positioned["blocks"]) if e["t"] == "Table")
    first_word = next(e for e in pandocast.walk(table["c"][1][1]) if e["t"] == "Span")
    # The body starts with the blank line after the front matter (file line 7).
    assert doc.guide.body_line == 7
    assert pandocast.first_line(first_word) == 8
    assert doc.file_line(first_word) == 14


def test_prepare_keeps_every_line_and_column() -> None:
    body = "Text.\n\n: Caption\n\n" + TABLE
    prepared, found = captions.prepare(body)
    assert [len(line) for line in prepared.split("\n")] == [len(line) for line in body.split("\n")]
    assert found == [captions.Caption(line=3, table_line=5, marker=":", column=1)]
