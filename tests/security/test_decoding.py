"""Text is checked after every decoding step (class 4 of the second security review): control
and text-direction characters written as YAML escapes in the front matter, keys included, or
as character references in the body, are refused with the line, exactly as the same bytes in
the file are; nothing a guide holds reaches a terminal unescaped. Values the schema accepts
are values every writer can write (class 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.errors import SourceError
from guidepress.read import document, source

from .conftest import GOOD, build

HEAD, REST = GOOD.split("---\n", 2)[1], GOOD.split("---\n", 2)[2]


def guide_with(front: str = "", body: str = "") -> str:
    return f"---\n{HEAD}{front}---\n{REST}{body}"


@pytest.mark.parametrize(("front", "line", "what"), [
    ('subtitle: "Rinse\\e[2J\\e[H"\n', 6, "a control character (U+001B)"),
    ('subtitle: "\\a\\a"\n', 6, "a control character (U+0007)"),
    ('audience: "nurses\\0"\n', 6, "a control character (U+0000)"),
    ('subtitle: "\\x9b31m"\n', 6, "a control character (U+009B)"),
    ('subtitle: "Rinse \\N dry"\n', 6, "a control character (U+0085)"),
    ('subtitle: "one\\Ltwo"\n', 6, "a control character (LINE SEPARATOR)"),
    ('subtitle: "\\u202egnirts"\n', 6, "a text-direction override character "
                                       "(RIGHT-TO-LEFT OVERRIDE)"),
    ('keywords:\n  - soap\n  - "\\u2066water"\n', 8, "a text-direction override character "
                                                    "(LEFT-TO-RIGHT ISOLATE)"),
    ('"unknown\\e]0;pwned\\a": x\n', 6, "a control character (U+001B)"),
    ('abbreviations:\n  "AB\\eC": A thing\n', 7, "a control character (U+001B)"),
])
def test_escapes_in_the_front_matter_are_refused_once_decoded(
        front: str, line: int, what: str, make_source: Callable[..., Path]) -> None:
    path = make_source(guide_with(front))
    with pytest.raises(SourceError) as caught:
        source.load(path)
    assert caught.value.where.line == line
    assert caught.value.message == (f"the front matter holds {what}, written as a YAML escape "
                                    "such as \\e or \\u202e")


@pytest.mark.parametrize(("body", "what"), [
    ("Rinse &#x1b;[2J well.\n", "a control character (U+001B)"),
    ("Rinse &#27;[31m well.\n", "a control character (U+001B)"),
    ("Rinse &#x9b;31m well.\n", "a control character (U+009B)"),
    ("The &#x202e;gnirts title.\n", "a text-direction override character "
                                    "(RIGHT-TO-LEFT OVERRIDE)"),
    ("A [link](https://example.org/&#x1b;x) here.\n", "a control character (U+001B)"),
    ("A [link &#x7;](https://example.org/) here.\n", "a control character (U+0007)"),
    ("![Soap &#x202e;](images/training-path.svg) and words.\n",
     "a text-direction override character (RIGHT-TO-LEFT OVERRIDE)"),
    ("[Soap]{title=\"&#x1b;[2J\"} here.\n", "a control character (U+001B)"),
    ("Term &#x2067;\n: Its meaning.\n", "a text-direction override character "
                                        "(RIGHT-TO-LEFT ISOLATE)"),
])
def test_character_references_are_refused_once_decoded(
        body: str, what: str, make_source: Callable[..., Path]) -> None:
    guide = source.load(make_source(guide_with(body=f"\n{body}")))
    with pytest.raises(SourceError) as caught:
        document.build(guide)
    assert caught.value.where.line == 13
    assert caught.value.message == (f"the text holds {what}, written as a character "
                                    "reference such as &#x1b;")


def test_a_character_reference_in_code_stays_text(make_source: Callable[..., Path]) -> None:
    guide = source.load(make_source(guide_with(body="\nType `&#x1b;` to see it.\n")))
    built = document.build(guide)
    assert "&#x1b;" in str(built.ast)


def test_no_escape_reaches_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        run_cli: Callable[..., tuple[int, str]]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "guide.md").write_text(
        guide_with('"\\e[2J\\e]0;pwned\\a": x\n'), "utf-8")
    (tmp_path / "source" / "other.md").write_text(GOOD.replace("Soap", "Soap &#x1b;[31m"),
                                                  "utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (("check",), ("build", "--format", "txt")):
        code, output = run_cli(*command)
        assert code == 1
        assert not any(char in output for char in "\x1b\x07\u202e")
        assert "source/guide.md:6: the front matter holds a control character" in output
        assert "source/other.md:9: the text holds a control character" in output


@pytest.mark.parametrize(("front", "message"), [
    ("updated: 2108-01-01\n", "`updated` is 2108-01-01, outside the dates the outputs can "
                              "carry (use a date from 1980-01-01 to 2107-12-31)"),
    ("updated: 1979-12-31\n", "`updated` is 1979-12-31, outside the dates the outputs can "
                              "carry (use a date from 1980-01-01 to 2107-12-31)"),
    ("review_by: 9999-12-31\n", "`review_by` is 9999-12-31, outside the dates the outputs can "
                                "carry (use a date from 1980-01-01 to 2107-12-31)"),
])
def test_dates_no_writer_can_carry_are_refused(front: str, message: str,
                                               make_source: Callable[..., Path]) -> None:
    text = guide_with(front).replace("updated: 2026-11-25\n", "") if front.startswith(
        "updated") else guide_with(front)
    with pytest.raises(SourceError) as caught:
        source.load(make_source(text))
    assert str(caught.value).split(": ", 1)[1] == message


def test_the_last_date_a_zip_can_carry_builds_everywhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad guide among good ones fails alone; the catalogue lists the good ones."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a-last.md").write_text(
        GOOD.replace("2026-11-25", "2107-12-31"), "utf-8")
    (tmp_path / "source" / "b-late.md").write_text(
        GOOD.replace("2026-11-25", "2108-01-01"), "utf-8")
    (tmp_path / "source" / "c-first.md").write_text(
        GOOD.replace("2026-11-25", "1980-01-01"), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, problems = build(("html", "epub", "docx", "pdf", "txt"))
    assert (code, problems) == (1, [
        "error: source/b-late.md:5: `updated` is 2108-01-01, outside the dates the outputs can "
        "carry (use a date from 1980-01-01 to 2107-12-31)"])
    for slug in ("a-last", "c-first"):
        assert {p.suffix for p in (tmp_path / "output" / slug).iterdir()} == {
            ".html", ".epub", ".docx", ".pdf", ".txt"}
    catalogue = (tmp_path / "output" / "index.html").read_text("utf-8")
    assert "a-last" in catalogue and "c-first" in catalogue and "b-late" not in catalogue
