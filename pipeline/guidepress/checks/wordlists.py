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
    pairs = (line.split("\t") for line in _lines("plain-words.tsv"))
    return {hard.strip().lower(): plain.strip() for hard, plain in pairs}


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
