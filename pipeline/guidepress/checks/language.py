"""Accessibility: the words themselves (sensory instructions, capitals, emoji, raw HTML,
abbreviations, and the language of passages)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from guidepress.checks import readability
from guidepress.checks.context import Context, Hit
from guidepress.checks.structure import BULLETS
from guidepress.checks.text import Options, Run, inline_run
from guidepress.checks.tree import attribute, pos
from guidepress.checks.wordlists import common_abbreviations, function_words, language_codes
from guidepress.read.frontmatter import _LANG_TAG

_SENSORY = re.compile(
    r"\b(?:(?:on|to|at) the (?:left|right)(?! of way)"
    r"|(?:left|right)[- ]hand (?:side|column|corner|panel)"
    r"|(?:top|bottom|upper|lower)[- ](?:left|right)"
    r"|(?:red|green|blue|yellow|orange|purple|pink|gr[ae]y|colou?red|highlighted|shaded) "
    r"(?:text|box|boxes|button|buttons|link|links|words?|items?|areas?|lines?|arrows?"
    r"|circles?|squares?|sections?|parts?|columns?|rows?|icons?|panels?|labels?|markers?"
    r"|dots?|stars?|bars?)"
    r"|in (?:red|green|blue|yellow|orange|purple)"
    r"|(?:round|square|circular|triangular) (?:button|icon|box)s?)\b",
    re.IGNORECASE)
_CAPS_WORD = r"[A-Z\u00c0-\u00d6\u00d8-\u00de][A-Z\u00c0-\u00d6\u00d8-\u00de'\u2019]+"
_CAPS_RUN = re.compile(rf"\b{_CAPS_WORD}(?:[\s\-]+{_CAPS_WORD}){{2,}}\b|\b[A-Z]{{7,}}\b")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b50-\u2b55\u231a\u231b\u23e9-\u23fa\u2b1b\u2b1c]")
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--)>")
_ABBREVIATION = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*)(?:s|['\u2019]s)?\b")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})$")
MIN_FOREIGN_WORDS = 4
LANGUAGE_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese"}


def sensory(ctx: Context) -> Iterator[Hit]:
    for block in ctx.prose():
        for found in _SENSORY.finditer(block.run.text):
            yield Hit(block.run.pos_at(found.start()), f"{found.group()!r} relies on sight "
                      "(position, color or shape) alone")


def capitals(ctx: Context) -> Iterator[Hit]:
    listed = set(ctx.meta.abbreviations)
    for run, found in _caps_runs(ctx):
        if not set(found.group().split()) <= listed:
            yield Hit(run.pos_at(found.start()), f"{_clip(found.group())!r} is written in "
                      "capital letters")


def _caps_runs(ctx: Context) -> Iterator[tuple[Run, re.Match[str]]]:
    for block in ctx.text_blocks:
        for found in _CAPS_RUN.finditer(block.run.text):
            yield block.run, found


def emoji(ctx: Context) -> Iterator[Hit]:
    for block in ctx.text_blocks:
        for found in _EMOJI.finditer(block.run.text):
            if found.group() not in BULLETS:
                yield Hit(block.run.pos_at(found.start()), f"emoji {found.group()!r} stands in "
                          "for words")


def raw_html(ctx: Context) -> Iterator[Hit]:
    for element in ctx.elements("RawInline", "RawBlock"):
        yield Hit(pos(element), f"raw {element['c'][0].upper()} in the source: "
                  f"{_clip(element['c'][1].strip())!r}")
    for block in ctx.text_blocks:
        for found in _TAG.finditer(block.run.text):
            yield Hit(block.run.pos_at(found.start()), f"HTML tag {_clip(found.group())!r} in "
                      "the text")


def unexplained_abbreviation(ctx: Context) -> Iterator[Hit]:
    known = set(ctx.meta.abbreviations) | common_abbreviations()
    in_caps = {(run.pos_at(m.start()).line, word) for run, m in _caps_runs(ctx)
               for word in m.group().split()}
    seen: set[str] = set()
    for block in ctx.text_blocks:
        text = block.run.text
        for found in _ABBREVIATION.finditer(text):
            word = found.group(1)
            if word in known or word in seen or _ROMAN.match(word):
                continue
            seen.add(word)
            where = block.run.pos_at(found.start())
            if (where.line, word) not in in_caps and not _expanded(text, found):
                yield Hit(where, f"abbreviation {word!r} is not expanded on first use",
                          f"write the full name first, then ({word}), or list it under "
                          "`abbreviations` in the front matter")


def _expanded(text: str, found: re.Match[str]) -> bool:
    """ "Full Name (ABBR)" or "ABBR (Full Name)" at this use."""
    after = re.match(r"\s*\(([^()]+)\)", text[found.end():])
    if after and len(readability.words(after.group(1))) >= 2:
        return True
    before = text[: found.start()].rstrip()
    return (before.endswith("(") and text[found.end():].lstrip().startswith(")")
            and len(readability.words(before)) >= 2)


def is_language_tag(tag: str) -> bool:
    """A well-formed BCP 47 tag whose language is a real ISO 639 code (any 3-letter code)."""
    if not _LANG_TAG.match(tag):
        return False
    primary = tag.split("-", 1)[0].lower()
    return len(primary) == 3 or primary in language_codes()


def bad_lang_attribute(ctx: Context) -> Iterator[Hit]:
    for element in ctx.elements("Span", "Div"):
        tag = attribute(element, "lang")
        if tag is not None and not is_language_tag(tag):
            yield Hit(pos(element), f"lang={tag!r} is not a valid language tag")


def unmarked_foreign(ctx: Context) -> Iterator[Hit]:
    if ctx.meta.lang.split("-", 1)[0].lower() != "en":
        return
    for block in ctx.prose():
        if block.lang is not None:
            continue
        run = inline_run(block.inlines, block.run.start, Options(urls=False, foreign=False))
        for start, end in readability.split_sentences(run.text):
            language = _foreign_language(run.text[start:end])
            if language:
                name = LANGUAGE_NAMES.get(language, language)
                yield Hit(run.pos_at(start), f"this sentence looks like {name} that is not "
                          "marked as such", f"mark it: [the text]{{lang={language}}}")


def _foreign_language(sentence: str) -> str | None:
    found = [word.lower() for word in readability.words(sentence)]
    if len(found) < MIN_FOREIGN_WORDS:
        return None
    lists = function_words()
    english = sum(1 for word in found if word in lists["en"])
    if english > len(found) // 10:
        return None
    best = max((code for code in lists if code != "en"),
               key=lambda code: sum(1 for word in found if word in lists[code]))
    hits = sum(1 for word in found if word in lists[best])
    return best if hits >= max(2, 0.3 * len(found)) else None


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
