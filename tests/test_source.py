"""The canonical guide format: front matter is validated with errors users can act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.errors import SourceError
from guidepress.read import source

from .conftest import GUIDE, MINIMAL


def load_text(make_source: Callable[..., Path], text: str) -> source.Guide:
    return source.load(make_source(text))


def error_for(make_source: Callable[..., Path], text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_text(make_source, text)
    return caught.value


def test_the_oncology_guide_has_the_required_metadata() -> None:
    guide = source.load(GUIDE)
    assert guide.meta.title == "Medical Oncology"
    assert guide.meta.lang == "en-US"
    assert guide.meta.updated == dt.date(2026, 11, 25)
    assert guide.meta.max_grade == 9
    assert guide.meta.abbreviations["ABIM"] == "American Board of Internal Medicine"
    lines = GUIDE.read_text(encoding="utf-8").split("\n")
    assert lines[guide.body_line - 2] == "---"
    assert guide.body.startswith(lines[guide.body_line - 1])
    assert "## " in guide.body and "\n# " not in guide.body


def test_values_stay_text_where_text_is_meant(make_source: Callable[..., Path]) -> None:
    text = MINIMAL.replace("title: Test Guide", "title: NO").replace(
        "---\nOpening", "keywords:\n  - 1.10\n  - yes\n---\nOpening")
    guide = load_text(make_source, text)
    assert guide.meta.title == "NO"
    assert guide.meta.keywords == ("1.10", "yes")


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("title: Test Guide", "titel: Test Guide"), 2, "unknown front-matter key `titel`"),
        (("updated: 2026-11-25", "updated: 2026-02-30"), 5, "`updated` is not a real date"),
        (("updated: 2026-11-25", "updated: next week"), 5, "must be a date written YYYY-MM-DD"),
        (("lang: en-US", "lang: english!"), 3, "not a BCP 47 language tag"),
        (("lang: en-US", "lang:\n  - en"), 4, "must be a single line of text"),
        (("title: Test Guide", "title: Test Guide\ntitle: Again"), 3, "`title` is given twice"),
        (("lang: en-US\n", ""), 1, "the front matter has no `lang`"),
        (("title: Test Guide", "title: &a Test\nsubtitle: *a"), 2, "anchor or alias"),
        (("title: Test Guide", "title: !!python/object:os.system x"), 2, "YAML tag"),
    ],
)
def test_front_matter_errors_name_the_line_and_the_key(
    make_source: Callable[..., Path], change: tuple[str, str], line: int, words: str
) -> None:
    error = error_for(make_source, MINIMAL.replace(*change))
    assert error.where.line == line
    assert words in error.message
    assert str(error).startswith(f"{error.where.path}:{line}: ")


def test_an_unknown_key_suggests_the_nearest_known_key(make_source: Callable[..., Path]) -> None:
    error = error_for(make_source, MINIMAL.replace("description:", "descripton:"))
    assert error.hint == "did you mean `description`?"


def test_text_must_be_utf8_without_control_characters(make_source: Callable[..., Path]) -> None:
    path = make_source()
    path.write_bytes(MINIMAL.encode("utf-8").replace(b"Opening", b"Open\xffing"))
    with pytest.raises(SourceError, match="not valid UTF-8") as caught:
        source.load(path)
    assert caught.value.where.line == 7
    error = error_for(make_source, MINIMAL.replace("Opening", "Open\x07ing"))
    assert "control character" in error.message


def test_a_guide_must_start_with_closed_front_matter(make_source: Callable[..., Path]) -> None:
    assert "must start with front matter" in error_for(make_source, "# Title\n").message
    assert "never closed" in error_for(make_source, "---\ntitle: x\n").message
