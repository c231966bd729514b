"""Word lists kept as data in `guidepress/data/`, read once and shipped with the install."""

from __future__ import annotations

import functools
import importlib.resources


def _lines(name: str) -> list[str]:
    text = importlib.resources.files("guidepress").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def plain_words() -> dict[str, str]:
    """Hard word or phrase (lowercase) -> plainer choice, from `plain-words.tsv`."""
    rows = (line.split("\t") for line in _lines("plain-words.tsv"))
    return {row[0].strip().lower(): row[1].strip() for row in rows}


@functools.cache
def plain_verbs() -> frozenset[str]:
    """The entries of `plain-words.tsv` marked `verb`: flagged only where not used as nouns."""
    rows = (line.split("\t") for line in _lines("plain-words.tsv"))
    return frozenset(row[0].strip().lower() for row in rows
                     if len(row) > 2 and row[2].strip() == "verb")


@functools.cache
def plain_words_kept() -> tuple[str, ...]:
    """Fixed terms (lowercase) whose listed words P001 leaves alone (`plain-words-keep.txt`)."""
    return tuple(line.lower() for line in _lines("plain-words-keep.txt"))


@functools.cache
def common_abbreviations() -> frozenset[str]:
    """Abbreviations readers know without an expansion (US, TV ...)."""
    return frozenset(_lines("common-abbreviations.txt"))


@functools.cache
def language_codes() -> frozenset[str]:
    """ISO 639-1 two-letter language codes."""
    return frozenset(code for line in _lines("languages.txt") for code in line.split())


@functools.cache
def function_words() -> dict[str, frozenset[str]]:
    """Language code -> its most common short words, for spotting unmarked passages."""
    found: dict[str, frozenset[str]] = {}
    for line in _lines("function-words.txt"):
        code, _, words = line.partition(":")
        found[code.strip()] = frozenset(words.split())
    return found
