"""The words the editions add around a guide's text, and its direction, in the guide's language.

The phrases are data (`data/phrases.toml`): a table per language, English for whatever a
language lacks. An edition in a right-to-left language is marked `dir="rtl"` and laid out
right to left.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import tomllib
from typing import Any

DATA = "phrases.toml"
FALLBACK = "en"


@functools.cache
def _table() -> dict[str, Any]:
    text = importlib.resources.files("guidepress").joinpath("data", DATA).read_text("utf-8")
    return tomllib.loads(text)


def _keys(lang: str) -> list[str]:
    """The tables that speak for `lang`, most specific first: es-MX -> es-mx, es, en."""
    tag = lang.strip().lower()
    parts = tag.split("-")
    found = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return [*dict.fromkeys([*found, FALLBACK])]


@functools.cache
def for_language(lang: str) -> dict[str, Any]:
    """Every phrase for `lang`, each from the most specific table that has it."""
    table = _table()
    merged: dict[str, Any] = {}
    for key in reversed(_keys(lang)):
        section = table.get(key)
        if isinstance(section, dict):
            merged.update(section)
    return merged


def phrase(lang: str, name: str, **values: object) -> str:
    """One phrase for `lang`, with `{...}` filled in from `values`."""
    return str(for_language(lang)[name]).format(**values)


def is_rtl(lang: str) -> bool:
    rtl = {str(code).lower() for code in _table().get("rtl", [])}
    return any(key in rtl for key in _keys(lang))


def direction(lang: str) -> str:
    """`rtl` or `ltr`: the value of the `dir` attribute for an edition in `lang`."""
    return "rtl" if is_rtl(lang) else "ltr"


def long_date(value: dt.date, lang: str = FALLBACK) -> str:
    """A date as people write it in `lang`: November 25, 2026; 25 de noviembre de 2026."""
    words = for_language(lang)
    day = words.get("first_day", "1") if value.day == 1 else str(value.day)
    return str(words["date"]).format(month=words["months"][value.month - 1], day=day,
                                     year=value.year)


def css_string(text: str) -> str:
    """`text` as a CSS string literal (safe inside a <style> element)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def sides(lang: str) -> tuple[str, str]:
    """The page's reading start and end: left and right, or the other way for RTL."""
    return ("right", "left") if is_rtl(lang) else ("left", "right")


def page_numbers(lang: str) -> str:
    """CSS `content` for "Page N of M" in `lang`."""
    before, _, rest = str(for_language(lang)["page_of"]).partition("{page}")
    middle, _, after = rest.partition("{pages}")
    return " ".join(part for part in (css_string(before) if before else "", "counter(page)",
                                      css_string(middle) if middle else "", "counter(pages)",
                                      css_string(after) if after else "") if part)


def page_margin_css(lang: str, title: str = "string(guide-title)",
                    updated: str = "string(updated)") -> str:
    """The handout's running title, date and page numbers, in `lang`, on the reading side."""
    words = for_language(lang)
    start, end = sides(lang)
    pages = page_numbers(lang)
    dated = f"{css_string(str(words['current_as_of']) + ' ')} {updated}"
    return ("@page {\n"
            f"  @top-{start} {{ content: {title}; }}\n"
            f"  @top-{end} {{ content: none; }}\n"
            f"  @bottom-{start} {{ content: {dated}; }}\n"
            f"  @bottom-{end} {{ content: {pages}; }}\n"
            "}\n")
