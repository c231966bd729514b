"""Right-to-left lines read back from the order a PDF draws their glyphs in."""

from __future__ import annotations

from guidepress.validate import bidi


def drawn(text: str) -> list[str]:
    """A right-to-left line as a PDF draws it: letters reversed, numbers and Latin not."""
    runs: list[tuple[bool, str]] = []
    for char in text:
        latin = char.isascii() and (char.isalnum() or char in "@.:/")
        if runs and runs[-1][0] == latin:
            runs[-1] = (latin, runs[-1][1] + char)
        else:
            runs.append((latin, char))
    return [c for latin, run in reversed(runs) for c in (run if latin else reversed(run))]


def test_a_right_to_left_line_is_read_from_the_right() -> None:
    for text in ("طب العيون", "محدث في 12 يوليو 2026",
                 "راسلنا على irshad@med.example.org أو زر موقعنا https://med.example.org/x"):
        assert bidi.logical(drawn(text), rtl_base=True) == text


def test_a_ligature_keeps_its_letters_in_order() -> None:
    glyphs = ["ب", "لا", "ط", "ل", "ل"]  # للطلاب drawn: the lam-alef ligature is one glyph
    assert bidi.logical(glyphs, rtl_base=True) == "للطلاب"


def test_left_to_right_text_is_read_as_drawn_but_for_its_arabic_words() -> None:
    assert bidi.logical("Write to ةمطاف today", rtl_base=False) == "Write to فاطمة today"
    assert bidi.logical("Nothing to turn", rtl_base=False) == "Nothing to turn"


def test_a_part_of_a_line_is_read_in_the_order_of_the_whole_line() -> None:
    # A link drawn inside a right-to-left sentence: its glyphs alone cannot tell where the
    # words around it go, so each part takes its place from the whole line's order.
    text = "راسلنا على irshad@med.example.org أو"
    glyphs = drawn(text)
    order = bidi.reading_order(glyphs, rtl_base=True)
    assert "".join(glyphs[at] for at in order) == text
    link = {at for at, glyph in enumerate(glyphs) if glyph.isascii() and glyph != " "}
    read = ["L" if at in link else "R" for at in order]
    assert "".join(read).strip("R") == "L" * len(link)  # the address is read in one piece
