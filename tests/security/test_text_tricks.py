"""Body text that dresses as the template, and link text that dresses as an address (class 9
of the second security review); errors that name the file and the line an editor can act on,
never a data: URI (class 11)."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.checks import apply
from guidepress.errors import ToolError
from guidepress.formats import htmlbody, pdf
from guidepress.read import document, safety, source

from .conftest import GOOD, build

HEAD = GOOD.split("Use soap", 1)[0]
FOOTER = "[January 1, 2099 (reviewed by the Board)]{.updated-date}"


def test_body_classes_never_reach_the_templates_classes(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "guide.md").write_text(
        HEAD + f"Rinse well. {FOOTER} And dry.\n\n::: {{.title-block .colophon}}\nA box.\n"
        ":::\n\n[A note]{.footnote-ref .visually-hidden} here.\n\n"
        "```updated-date\ncode\n```\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert build(("html", "pdf")) == (0, [])
    page = (tmp_path / "output" / "guide" / "guide.html").read_text("utf-8")
    for name in ("updated-date", "title-block", "colophon", "footnote-ref",
                 "visually-hidden"):
        assert f'class="{name}' not in page.split("<main", 1)[1]
        assert f"g-{name}" in page
    text = subprocess.run(["pdftotext", str(tmp_path / "output" / "guide" / "guide.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "Current as of November 25, 2026" in text and "Current as of January" not in text


def test_the_body_html_keeps_only_writer_and_author_classes() -> None:
    fragment = ('<p class="updated-date g-note footnote-ref">x</p>'
                '<span class="reflow">y</span><a class="footnote-ref" href="#fn1">1</a>')
    enriched = htmlbody.enrich(htmlbody.sanitize(fragment))
    assert enriched == ('<p class="g-note footnote-ref">x</p><span>y</span>'
                        '<a class="footnote-ref" href="#fn1" aria-label="Note 1">1</a>')
    assert safety.author_class("updated-date") == "g-updated-date"


@pytest.mark.parametrize("text", [
    "www.bank.example,", "(www.bank.example)", "www&#x200b;.bank.example",
    "[www.bank.example]", "\u201cwww.bank.example\u201d", "www.bank.example.",
    "www\u3002bank\u3002example", "\uff57\uff57\uff57.bank.example", "www.bank&#x2060;.example",
    "Log in at www.bank.example now", "https://www.bank.example/login!",
    "help@bank.example;", "<help@bank.example>",
])
def test_link_text_that_shows_an_address_is_read_as_a_reader_reads_it(
        text: str, make_source: Callable[..., Path]) -> None:
    target = "mailto:thief@evil.example" if "@" in text else "https://evil.example/"
    path = make_source(HEAD + f"Pay at [{text}]({target}) today.\n")
    findings = apply.check_guide(path).findings
    assert [f.code for f in findings if f.code == "S004"] == ["S004"], text


def test_link_text_that_names_a_file_or_the_same_host_is_left_alone(
        make_source: Callable[..., Path]) -> None:
    path = make_source(HEAD + "Get [report.pdf and the notes](https://example.org/r.pdf), "
                       "see [(www.example.org)](https://example.org/), or write to "
                       "[help@example.org.](mailto:help@example.org).\n")
    assert [f for f in apply.check_guide(path).findings if f.code == "S004"] == []


def test_invisible_characters_are_found_once_decoded(make_source: Callable[..., Path]) -> None:
    path = make_source(HEAD + "Wash&#x200b;ing and dr&#8288;ying.\n")
    findings = [f for f in apply.check_guide(path).findings if f.code == "S003"]
    assert [(f.line, f.message) for f in findings] == [
        (11, "an invisible character, U+200B ZERO WIDTH SPACE"),
        (11, "an invisible character, U+2060 WORD JOINER")]


def test_a_renderer_error_names_the_image_and_its_line_not_its_data() -> None:
    broken = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'><rect").decode()
    uri = f"data:image/svg+xml;base64,{broken}"
    page = f"<html lang='en'><body><img src='{uri}' alt='Soap'></body></html>"
    with pytest.raises(ToolError) as caught:
        pdf.write_pdf(page, images={uri: "'images/soap.svg' on line 11"})
    assert str(caught.value) == ("WeasyPrint could not render the handout: Failed to load "
                                 "image at 'images/soap.svg' on line 11")


def test_the_handout_names_its_images_by_path_and_line(make_source: Callable[..., Path]) -> None:
    path = make_source(HEAD + "![Steps](images/training-path.svg) and words.\n")
    built = document.build(source.load(path))
    names = pdf.image_names(built)
    assert list(names.values()) == ["'images/training-path.svg' on line 11"]
    assert all(uri.startswith("data:image/svg+xml;base64,") for uri in names)
