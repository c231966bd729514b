"""Work that grows faster than the input (class 3 of the second security review): each limit
looks at the structure pandoc will build (whole footnotes, code fences where pandoc ends them,
escapes by parity, divs inside quotes, the text copied for each citation, every piece of
inline text); the stages that were quadratic are linear (sentences, key terms in the
handout). The limits' numbers come from measurements (docs/security.md); here each shape is
refused with its line, and real guides are left alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.checks import readability
from guidepress.errors import Location, SourceError
from guidepress.read import assets, document, expansion, limits, source

from .conftest import GOOD

ROOT = Path(__file__).parents[2]
HEAD = GOOD.split("Use soap", 1)[0]


def refused(body: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        limits.check(body, "guide.md", 1)
        expansion.check(body, "guide.md", 1)
    return caught.value


@pytest.mark.parametrize(("name", "body", "line", "message"), [
    ("each note's second paragraph cites two later notes (Fibonacci in pandoc)",
     "Rinse.[^1]\n\n" + "".join(f"[^{i}]: Dry.\n\n    More [^{i + 1}] and [^{i + 2}].\n\n"
                                 for i in range(1, 28)), 5, "a footnote refers to another"),
    ("a lazy line of a note cites a note", "Rinse.[^1]\n\n[^1]: Dry.\nthen [^2]\n\n[^2]: x\n",
     4, "a footnote refers to another"),
    ("a note's indented list cites a note", "Rinse.[^1]\n\n[^1]: Dry.\n\n    - see [^2]\n\n"
     "[^2]: x\n", 5, "a footnote refers to another"),
    ("a long note cited 60 times in each of 10 paragraphs",
     "[^1]: " + "Dry your hands. " * 700 + "\n\n" + ("Rinse.[^1] " * 60 + "\n\n") * 10, 3,
     "more than 512 KiB of copied text"),
    ("a long link reference used again and again",
     "[r]: https://example.org/" + "x" * 9000 + "\n\n" + ("See [r] " * 60 + "\n\n") * 10, 3,
     "more than 512 KiB of copied text"),
    ("an escaped backslash before each link (`\\\\[`): 3,000 links in one paragraph",
     "".join(f"\\\\[x](https://example.org/{i}) " for i in range(3000)), 1,
     "more than 64 links, spans or brackets in one paragraph"),
    ("fenced divs nested in a block quote", "> ::: note\n" * 3000, 41,
     "fenced divs (:::) are nested more than 40 deep"),
    ("fenced divs nested in list items", "- ::: note\n" * 3000, 41,
     "fenced divs (:::) are nested more than 40 deep"),
    ("a fence indented 4 spaces is code to pandoc, not a fence: what follows is checked",
     "Rinse.\n    ```\n" + "[a](b) " * 3000 + "\n", 3, "more than 64 links"),
    ("a fence in a quote ends with the quote", "> ```\n> code\n\n" + "[a](b) " * 3000 + "\n",
     4, "more than 64 links"),
    ("a fence in a list item ends with the item", "- item\n\n  ```\n  code\nnext\n\n"
     + "[a](b) " * 3000 + "\n", 7, "more than 64 links"),
])
def test_shapes_pandoc_would_grow_are_refused_before_it_runs(
        name: str, body: str, line: int, message: str) -> None:
    error = refused(body)
    assert error.where == Location("guide.md", line), name
    assert message in error.message, name


def test_escaped_brackets_are_still_allowed() -> None:
    body = "".join(f"\\[{i}\\] " for i in range(3000)) + "\n\nA `[code]` and [a](b).\n"
    limits.check(body, "guide.md", 1)
    expansion.check(body, "guide.md", 1)


def test_notes_and_references_used_once_each_are_allowed() -> None:
    body = "".join(f"Rinse [^n{i}] and [see][r{i}].\n\n" for i in range(900))
    body += "".join(f"[^n{i}]: " + "Dry. " * 80 + "\n\n" for i in range(900))
    body += "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(90))
    limits.check(body, "guide.md", 1)
    expansion.check(body, "guide.md", 1)


def test_limits_leave_a_long_real_guide_alone() -> None:
    body = (ROOT / "source" / "medical-oncology.md").read_text("utf-8").split("\n---\n", 1)[1]
    limits.check(body * 10, "guide.md", 1)
    expansion.check(body * 10, "guide.md", 1)


@pytest.mark.parametrize(("limit", "body", "message"), [
    ("MAX_INLINES", "*a _b " * 400 + "\n", "more than 1,000 words, spaces and marks"),
    ("MAX_BLOCKS", "Rinse.\n\n" * 1001, "more than 1,000 paragraphs, list items"),
    ("MAX_MARKED_INLINES", "*Rinse* " * 1001 + "\n", "more than 1,000 links, emphasis"),
    ("MAX_TERMS", "Soap\n: It lifts dirt off the skin.\n\n" * 1001, "more than 1,000 key terms"),
])
def test_what_pandoc_built_is_counted_in_one_walk(
        limit: str, body: str, message: str, make_source: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, limit, 1000)
    guide = source.load(make_source(HEAD + body))
    with pytest.raises(SourceError) as caught:
        document.build(guide)
    assert message in caught.value.message
    assert caught.value.where.line > 9


@pytest.mark.parametrize(("uses", "size", "message"), [
    (101, 0, "the guide shows more than 100 images"),
    (13, 2_000_000, "add up to more than 24 MiB (each use counts)"),
])
def test_each_use_of_an_image_counts(uses: int, size: int, message: str,
                                     make_source: Callable[..., Path]) -> None:
    path = make_source(HEAD + "".join(f"![Soap {i}](images/soap.svg) and words.\n\n"
                                      for i in range(uses)))
    picture = b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><desc>' \
              + b"x" * size + b"</desc><rect width='9' height='9'/></svg>"
    (path.parent / "images" / "soap.svg").write_bytes(picture)
    with pytest.raises(SourceError) as caught:
        document.build(source.load(path))
    assert message in caught.value.message


def test_each_use_of_a_drawing_counts_its_shapes(make_source: Callable[..., Path]) -> None:
    shapes = "<rect width='1' height='1'/>" * 9_000
    path = make_source(HEAD + "".join(f"![Soap {i}](images/soap.svg) and words.\n\n"
                                      for i in range(12)))
    (path.parent / "images" / "soap.svg").write_text(
        f"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'>{shapes}</svg>")
    with pytest.raises(SourceError) as caught:
        document.build(source.load(path))
    assert "the drawings the guide shows add up to more than 100,000 shapes" in str(
        caught.value)
    assert assets.MAX_IMAGE_USES == 100


def _split_before(text: str) -> list[tuple[int, int]]:
    """The sentence splitter as it was: it looked back over the whole text at each stop."""
    spans, start = [], 0
    for match in readability._SENTENCE_END.finditer(text):
        ends = True
        if match.group()[0] == ".":
            before = re.search(r"([^\W\d_][\w.]*)$", text[: match.start()])
            token = before.group(1).lower() if before else ""
            following = text[match.end():].lstrip()
            ends = not (token in readability._NO_BREAK_AFTER
                        or (len(token) == 1 and token.isalpha())) and not following[
                :1].islower()
        if ends:
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    return [readability._trim(text, a, b) for a, b in spans if readability.words(text[a:b])]


PIECES = st.sampled_from(["Rinse", " ", ". ", "Dr. ", "e.g. ", "U.S. ", "a. ", "\n", "?",
                          "! ", "3.5 ", "x", "Mr", "é", "_", "... ", "“Dry.” ", "vs. ", "A"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_sentences_split_as_before(text: str) -> None:
    assert readability.split_sentences(text) == _split_before(text)


def test_key_terms_are_floats_not_a_grid() -> None:
    """A CSS grid takes WeasyPrint the square of the number of terms (1,000 terms: 52 s)."""
    css = (ROOT / "templates" / "pdf" / "handout.css").read_text("utf-8")
    rules = dict(re.findall(r"^(dl|dt|dd) \{([^}]*)\}", css, re.M))
    assert "display: grid" not in css and "grid-template" not in css
    assert "float: left" in rules["dt"] and "clear: left" in rules["dt"]


def test_a_definition_is_not_broken_after_its_first_word(built: dict[str, Path]) -> None:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(built["pdf"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    line = next(line for line in text.splitlines() if line.startswith("Biologics "))
    assert line.split(None, 1)[1].startswith("Medicines made from living cells.")
