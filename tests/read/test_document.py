"""The document model: what the writers get for the constructs editors write."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.errors import SourceError
from guidepress.formats import htmlbody
from guidepress.read import document, source

HEAD = "---\ntitle: T\nlang: en\ndescription: A test guide.\nupdated: 2026-01-01\n---\n"


def built(tmp_path: Path, body: str) -> document.Document:
    path = tmp_path / "guide.md"
    path.write_text(HEAD + body, "utf-8")
    return document.build(source.load(path))


def test_a_definition_of_two_paragraphs_keeps_two_paragraphs(tmp_path: Path) -> None:
    doc = built(tmp_path, "\nResidency\n: Paid training.\n\n    It lasts three years.\n\n"
                          "Fellowship\n: Extra training.\n")
    html = htmlbody.render(doc)
    # (the line breaks pandoc puts inside <dd> are dropped: see htmlbody._trim_definitions)
    assert "<dd><p>Paid training.</p>\n<p>It lasts three years.</p></dd>" in html
    assert "<dd>Extra training.</dd>" in html  # a one-paragraph definition stays tight


@pytest.mark.parametrize("body", ["", "\n", "\n  \n\n"])
def test_an_empty_body_is_an_error_that_says_so(tmp_path: Path, body: str) -> None:
    with pytest.raises(SourceError) as caught:
        built(tmp_path, body)
    assert caught.value.exit_code == 1
    assert "no body" in caught.value.message
    assert str(caught.value.where) == f"{tmp_path / 'guide.md'}:6" or \
        str(caught.value.where).endswith("guide.md:6")


def test_the_markdown_editors_write_reaches_the_writers(tmp_path: Path) -> None:
    body = ("\n## Lists\n\n* star\n+ plus\n\n- dash\n\n1. one\n2. two\n\n1) paren\n2) paren\n\n"
            "- outer\n  - inner\n    1. deepest\n\n### Third\n\n#### Fourth\n\n"
            "> A quote.\n>\n> Its second paragraph.\n\n"
            "Line one\\\nline two  \nline three\n\n"
            "[A page](https://example.org/ \"Its title\") and <https://example.org/> and "
            "<someone@example.org>.\n")
    html = htmlbody.render(built(tmp_path, body))
    for expected in ("<h3", "<h4", "<blockquote>", "Line one<br>\nline two<br>\nline three",
                     'title="Its title"', 'href="mailto:someone@example.org"', 'href="https://example.org/"'):
        assert expected in html
    assert html.count("<ul>") == 5 and html.count("<ol") == 3
