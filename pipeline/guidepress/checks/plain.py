"""Plain language: hard words with plainer choices, from the word list in `data/`.

A suggestion has to fit where the word stands, so a listed word is left alone in a guide not
in English (the list is English), in a name ("Pre-Health Advising Office"), in a fixed term
(`plain-words-keep.txt`: "heart monitor"), in a term the guide defines, and, for a verb that
is also a noun ("monitor"), where it is used as the noun ("the monitor", "our advising office",
"connected to monitors").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.checks.context import Context, Hit
from guidepress.checks.tree import Pos
from guidepress.checks.wordlists import plain_verbs, plain_words, plain_words_kept


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
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+(?:['\u2019]s)?)\W*$")
# Where a sentence starts: nothing before, or an end mark, a colon or a line break.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\u2026])[\s\"'\u201c\u2018(\[]*$")
# Words after which a verb of the list is a noun: "the monitor", "our advising office".
_DETERMINERS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "each", "every", "any", "no", "some",
    "my", "your", "his", "her", "its", "our", "their", "whose"})
# A plural after one of these is a noun, never a verb: "connected to monitors".
_PREPOSITIONS = frozenset({
    "to", "of", "with", "on", "in", "at", "by", "for", "from", "about", "into", "onto", "under",
    "over", "between", "without"})


@functools.cache
def _kept() -> re.Pattern[str] | None:
    """The fixed terms of `plain-words-keep.txt`, each word also in its plural."""
    terms = sorted(plain_words_kept(), key=len, reverse=True)
    if not terms:
        return None
    def pattern(term: str) -> str:
        return r"\s+".join(re.escape(word) + "(?:s|es)?" for word in term.split())
    return re.compile(r"\b(?:" + "|".join(pattern(t) for t in terms) + r")\b", re.IGNORECASE)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Listed single words (looked up one by one) and listed phrases, in text order."""
    forms = _forms()
    found = [m for m in _WORD.finditer(text) if m.group().lower() in forms]
    found += _phrases().finditer(text)
    return iter(sorted(found, key=lambda m: m.start()))


def suggestions(ctx: Context) -> list[Suggestion]:
    return ctx.shared(_suggestions)


def _suggestions(ctx: Context) -> list[Suggestion]:
    if ctx.meta.lang.split("-", 1)[0].lower() != "en":
        return []
    exempt = _exempt_words(ctx)
    found = []
    for block in ctx.prose():
        text = block.run.text
        kept = _kept_spans(text)
        for match in _matches(text):
            entry = _forms()[match.group().lower()]
            if entry in exempt or _fits(text, match, entry, kept):
                continue
            found.append(Suggestion(block.run.pos_at(match.start()), match.group(),
                                    plain_words()[entry]))
    return found


def _fits(text: str, match: re.Match[str], entry: str, kept: list[range]) -> bool:
    """The listed word is right where it is: in a fixed term, a name, or a noun."""
    return (any(match.start() in span for span in kept) or _in_name(text, match)
            or (entry in plain_verbs() and _used_as_noun(text, match)))


def _kept_spans(text: str) -> list[range]:
    pattern = _kept()
    return [range(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


def _in_name(text: str, match: re.Match[str]) -> bool:
    """Capitalised inside a sentence, or first in it and followed by another capitalised
    word: part of a name ("Lakeshore Pre-Health Advising Office", "Advising Office hours")."""
    if not match.group()[:1].isupper():
        return False
    if not _SENTENCE_START.search(text[:match.start()]):
        return True
    following = re.match(r"[\s\-]+([^\W\d_]+)", text[match.end():])
    return bool(following and following.group(1)[:1].isupper())


def _used_as_noun(text: str, match: re.Match[str]) -> bool:
    before = _PREVIOUS_WORD.search(text[:match.start()])
    if before is None:
        return False
    previous = before.group(1).lower()
    if previous in _DETERMINERS or previous.endswith(("'s", "\u2019s")):
        return True
    word = match.group().lower()
    return word.endswith("s") and not word.endswith("ss") and previous in _PREPOSITIONS


def _exempt_words(ctx: Context) -> set[str]:
    """Terms the guide defines, and each word of them, are its own vocabulary."""
    terms = set(ctx.defined_terms)
    terms.update(value.lower() for value in ctx.meta.abbreviations.values())
    return terms | {word for term in terms for word in term.split()}


def plainer_word(ctx: Context) -> Iterator[Hit]:
    for suggestion in suggestions(ctx):
        yield Hit(suggestion.pos, f"{suggestion.word!r} has a plainer choice: "
                  f"{suggestion.plain!r}")
