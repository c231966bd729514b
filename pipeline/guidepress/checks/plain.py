"""Plain language: hard words with plainer choices, from the word list in `data/`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import Pos
from guidepress.checks.wordlists import plain_words


@dataclass(frozen=True)
class Suggestion:
    pos: Pos
    word: str  # as written in the guide
    plain: str


@functools.cache
def _forms() -> dict[str, str]:
    """Every form of every listed word (utilize, utilizes, utilized ...) -> its list entry."""
    forms: dict[str, str] = {}
    for hard in plain_words():
        for form in _inflections(hard):
            forms.setdefault(form, hard)
    return forms


def _inflections(hard: str) -> list[str]:
    if hard.endswith("e"):
        return [hard, hard + "s", hard + "d", hard[:-1] + "ing"]
    if hard.endswith("y") and hard[-2:-1] not in "aeiou":
        return [hard, hard[:-1] + "ies", hard[:-1] + "ied"]
    return [hard, hard + "s", hard + "es", hard + "ed", hard + "ing"]


@functools.cache
def _phrases() -> re.Pattern[str]:
    """The listed phrases of more than one word ("in order to"), in any of their forms."""
    forms = sorted((f for f in _forms() if " " in f), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)


_WORD = re.compile(r"[^\W\d_]+")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Listed single words (looked up one by one) and listed phrases, in text order."""
    forms = _forms()
    found = [m for m in _WORD.finditer(text) if m.group().lower() in forms]
    found += _phrases().finditer(text)
    return iter(sorted(found, key=lambda m: m.start()))


def suggestions(ctx: Context) -> list[Suggestion]:
    return ctx.shared(_suggestions)


def _suggestions(ctx: Context) -> list[Suggestion]:
    exempt = _exempt_words(ctx)
    found = []
    for block in ctx.prose():
        for match in _matches(block.run.text):
            entry = _forms()[match.group().lower()]
            if entry not in exempt:
                found.append(Suggestion(block.run.pos_at(match.start()), match.group(),
                                        plain_words()[entry]))
    return found


def _exempt_words(ctx: Context) -> set[str]:
    """Terms the guide defines, and each word of them, are its own vocabulary."""
    terms = set(ctx.defined_terms)
    terms.update(value.lower() for value in ctx.meta.abbreviations.values())
    return terms | {word for term in terms for word in term.split()}


def plainer_word(ctx: Context) -> Iterator[Hit]:
    for suggestion in suggestions(ctx):
        yield Hit(suggestion.pos, f"{suggestion.word!r} has a plainer choice: "
                  f"{suggestion.plain!r}")
