"""Whether the text after a chart or diagram says what the picture shows (WCAG 1.1.1).

Judged by content, not by wording. An SVG's own text labels are what it shows in words: those
the alt text and caption already say need nothing more (a logo's name), and the rest must come
back in the text after the figure: a paragraph, a list, a `::: longdesc` block, or a lead-in
and what follows it. A raster image (or an SVG without labels) is held to this only when its alt
text or caption calls it a chart or diagram, and then the text after it must be about the same
things. When the words cannot settle it, the verdict is `unsure`: a warning, not a refusal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from guidepress.checks import readability
from guidepress.checks.wordlists import function_words

Verdict = Literal["not-complex", "said", "covered", "missing", "unsure"]
# A label counts as said when more than this share of its words are; a figure as covered when
# this share of its labels are. Below MISSING of its labels, the text after it is about
# something else.
LABEL_SHARE = 0.5
COVERED = 0.6
MISSING = 0.25
# A raster chart's text after it: at least this many words, sharing this many with its alt.
MIN_FOLLOWING_WORDS = 15
MIN_SHARED_WORDS = 2
COMPLEX = re.compile(
    r"\b(diagrams?|charts?|graphs?|flow\s?charts?|infographics?|timelines?|plots?|maps?"
    r"|histograms?|pie|schematics?)\b", re.IGNORECASE)
_NUMBERS = {word: str(n) for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
_SVG_TEXT = "{http://www.w3.org/2000/svg}text"
_PREFIX = 5  # letters two words must share to count as one (stain, stained, stains)


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    unsaid: list[str] = field(default_factory=list)  # labels the text after it leaves out


def svg_labels(data: bytes) -> list[str]:
    """The text of every `<text>` element of an SVG, in order (none if it cannot be read)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return []
    labels = (" ".join("".join(node.itertext()).split()) for node in root.iter(_SVG_TEXT))
    return [label for label in labels if label]


def judge(labels: list[str], said: str, following: str, explicit: bool, lang: str) -> Judgement:
    """The verdict for a figure with these `labels` (empty for a raster image), whose alt text
    and caption are `said`, followed by the text `following`; `explicit` when that text is a
    `::: longdesc` block."""
    if labels:
        return _judge_labelled(labels, said, following, lang)
    if not COMPLEX.search(said):
        return Judgement("not-complex")
    if explicit:
        return Judgement("covered")
    if not words_of(following, lang):
        return Judgement("missing")
    after = words_of(following, lang)
    shared = {word for word in words_of(said, lang) if _known(word, after)}
    long_enough = len(readability.words(following)) >= MIN_FOLLOWING_WORDS
    return Judgement("covered" if long_enough and len(shared) >= MIN_SHARED_WORDS else "unsure")


def _judge_labelled(labels: list[str], said: str, following: str, lang: str) -> Judgement:
    alt_words = words_of(said, lang)
    unsaid = [label for label in dict.fromkeys(labels) if words_of(label, lang)
              and not _says(alt_words, label, lang)]
    if not unsaid:
        return Judgement("said")
    after = words_of(following, lang)
    left_out = [label for label in unsaid if not _says(after, label, lang)]
    share = 1 - len(left_out) / len(unsaid)
    if share >= COVERED:
        return Judgement("covered", left_out)
    if not after or share < MISSING:
        return Judgement("missing", left_out)
    return Judgement("unsure", left_out)


def _says(known: set[str], label: str, lang: str) -> bool:
    wanted = words_of(label, lang)
    found = sum(1 for word in wanted if _known(word, known))
    return found > LABEL_SHARE * len(wanted)


def _known(word: str, known: set[str]) -> bool:
    if word in known:
        return True
    if len(word) < _PREFIX or word.isdigit():
        return False
    return any(other[:_PREFIX] == word[:_PREFIX] for other in known)


def words_of(text: str, lang: str) -> set[str]:
    """The content words of `text`, lowercased, numbers as digits: what it is about."""
    common = _stop_words(lang.split("-", 1)[0].lower())
    found = set()
    for word in readability.words(text):
        lower = word.lower().replace("\u2019", "'")
        lower = _NUMBERS.get(lower, lower)
        if lower not in common:
            found.add(lower)
    return found


@functools.cache
def _stop_words(language: str) -> frozenset[str]:
    lists = function_words()
    return lists.get(language, frozenset()) | _EXTRA_STOP.get(language, frozenset())


_EXTRA_STOP: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an", "in", "into", "its", "than", "then", "them", "each", "one's",
                     "all", "any", "about", "after", "before", "up", "out", "so", "if", "do",
                     "does", "did", "has", "had", "am", "our", "your", "we", "he", "she",
                     "his", "her", "my", "me", "us", "i"}),
}


def text_of(parts: Iterable[str]) -> str:
    return " ".join(part for part in parts if part)
