"""Reading-level arithmetic on plain text: words, syllables, sentences and the usual scores.

Pure functions, offline. Syllables come from the CMU Pronouncing Dictionary, shipped as the
small table `data/syllables.txt` of the words where the rule-of-thumb `estimate` is wrong;
familiar words for Dale-Chall come from the list inside textstat 0.7.8. What a guide counts
as prose is decided elsewhere (see docs/reading-level.md); this module sees only strings.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

LONG_SENTENCE = 25  # words; a sentence longer than this is flagged
MIN_HARD_SENTENCE = 8  # words; shorter fragments ("Biologics.") are not ranked as hard
SYLLABLE_DATA = "syllables.txt"

_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+|(?<=\d)[.,]\d+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Vowel pairs that are usually two syllables: ri-ot, vi-deo, du-al, qui-et, be-yond ...
_SPLIT_PAIRS = re.compile(
    r"(?<![cstgx])i[aou]|eo|ua|uo|[^aeiou]ie(?=[rt])|[^q]ui(?=[^aeiouy]*(?:ng|ne|ed|st|c|ty|t)?$)"
    r"|ya|yo|yi"
)
_SENTENCE_END = re.compile(r"[.!?\u2026\u061f\u06d4]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")
# Addresses are not words a reader reads: URLs and e-mail addresses are left out of the counts.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|[^\s@<>()]+@[^\s@<>()]+\.\w+", re.IGNORECASE)
# A full stop after these does not end a sentence.
_NO_BREAK_AFTER = {"dr", "mr", "mrs", "ms", "st", "vs", "jr", "sr", "prof", "fig", "e.g",
                   "i.e", "u.s", "approx", "etc", "ca"}
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)"
_IRREGULAR_PARTICIPLES = (
    "made done given known shown taken seen written found held kept left paid sent told brought "
    "bought built caught taught thought led fed met set put cut born borne chosen driven eaten "
    "fallen forgotten frozen hidden spoken stolen sworn torn worn woken understood become begun "
    "broken drawn grown thrown"
)
_NOT_PARTICIPLES = {"need", "seed", "feed", "speed", "indeed", "hundred", "breed", "embed", "red",
                    "bed", "shed", "bred", "sled", "wed"}
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:\w+ly\s+)?(\w+ed|{'|'.join(_IRREGULAR_PARTICIPLES.split())})\b",
    re.IGNORECASE,
)

_ONES = (2, 1, 1, 1, 1, 1, 1, 2, 1, 1)  # zero .. nine
_TEENS = (1, 3, 1, 2, 2, 2, 2, 3, 2, 2)  # ten .. nineteen
_TENS = (0, 0, 2, 2, 2, 2, 2, 3, 2, 2)  # -, -, twenty .. ninety


# --- syllables -------------------------------------------------------------------------------

def estimate(word: str) -> int:
    """Rule-of-thumb syllables of a lowercase word: vowel groups, less a silent ending."""
    w = word.replace("'", "").replace("\u2019", "")
    n = len(_VOWEL_GROUPS.findall(w)) + len(_SPLIT_PAIRS.findall(w))
    if n > 1 and _silent_ending(w):
        n -= 1
    return max(n, 1)


def _silent_ending(w: str) -> bool:
    """make, walked, makes: the last vowel group is not said (but table, wanted, boxes)."""
    if w.endswith("e"):
        return not w.endswith(("ee", "ye")) and not re.search(r"[^aeiouy]le$", w)
    if w.endswith("ed"):
        return not w.endswith(("ted", "ded"))
    if w.endswith("es"):
        return not re.search(r"(s|x|z|ch|sh|ce|ge|[^aeiouy]l)es$", w)
    return False


@functools.cache
def _syllable_table() -> dict[str, int]:
    data = importlib.resources.files("guidepress").joinpath("data", SYLLABLE_DATA)
    text = data.read_text("utf-8")
    return parse_syllable_table(text)


def parse_syllable_table(text: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            count, *words = line.split(" ")
            table.update(dict.fromkeys(words, int(count)))
    return table


def syllable_table_text(pronounced: Mapping[str, int], header: str) -> str:
    """The data file: the words whose dictionary count differs from `estimate`, by count."""
    by_count: dict[int, list[str]] = {}
    for word, count in pronounced.items():
        if re.fullmatch(r"[a-z][a-z']*", word) and estimate(word) != count:
            by_count.setdefault(count, []).append(word)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"{count} {' '.join(sorted(words))}" for count, words in sorted(by_count.items())]
    return "\n".join(lines) + "\n"


def syllables(word: str) -> int:
    """Syllables in one word as read aloud; numbers are read out ("13" is thir-teen)."""
    if word[:1].isdigit():
        return number_syllables(word)
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    lower = word.lower().replace("\u2019", "'")
    found = _syllable_table().get(lower)
    return found if found is not None else estimate(lower)


def number_syllables(token: str) -> int:
    """Syllables of a number read aloud: 2026 "twenty twenty-six", 3.5 "three point five"."""
    digits = re.match(r"[\d,]*(?:\.\d+)?", token)
    text = digits.group().replace(",", "") if digits else ""
    whole, _, fraction = text.partition(".")
    count = _integer_syllables(int(whole)) if whole else 0
    if fraction:
        count += 1 + sum(_ONES[int(d)] for d in fraction)
    return max(count, 1)


def _integer_syllables(n: int) -> int:
    if n == 0:
        return _ONES[0]
    if 1100 <= n <= 2099 and n % 100 >= 10:  # read like a year: nineteen ninety, twenty ten
        return _below_100(n // 100) + _below_100(n % 100)
    count, scale = 0, 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            count += _below_1000(group) + (2 if scale else 0)  # thousand, million ...
        scale += 1
    return count


def _below_1000(n: int) -> int:
    hundreds, rest = divmod(n, 100)
    return (_ONES[hundreds] + 2 if hundreds else 0) + (_below_100(rest) if rest else 0)


def _below_100(n: int) -> int:
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    return _TENS[n // 10] + (_ONES[n % 10] if n % 10 else 0)


# --- words and sentences ---------------------------------------------------------------------

def words(text: str) -> list[str]:
    """Words as the formulas count them: a hyphenated compound or a number is one word; a
    URL or an e-mail address is none."""
    return _WORD.findall(_ADDRESS.sub(" ", text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in `text`; text without words is no sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ends_sentence(text, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    return [_trim(text, a, b) for a, b in spans if words(text[a:b])]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the full stop of `match` ends a sentence. Linear over a text: it looks back
    only over the word before the stop and ahead only to the next character that is not a
    space, never at the whole of what comes before or after."""
    if match.group()[0] != ".":
        return True  # also a hard line break ("\n"): each broken line is read on its own
    token = _word_before(text, match.start()).lower()
    if token in _NO_BREAK_AFTER or (len(token) == 1 and token.isalpha()):
        return False
    following = _NEXT_CHARACTER.match(text, match.end())
    return not (following is not None and following.group(1).islower())


_NEXT_CHARACTER = re.compile(r"\s*(\S)")


def _word_before(text: str, end: int) -> str:
    """The word (letters, digits, `_` and `.`, from its first letter) that ends at `end`, or
    just before a line break there (as a `$` would have found it)."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    while start < end and not _is_letter(text[start]):
        start += 1
    return text[start:end]


def _is_letter(char: str) -> bool:
    return re.match(r"[^\W\d_]", char) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- counts and scores -----------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0
    letters: int = 0  # letters and digits inside words (Coleman-Liau, ARI)
    polysyllables: int = 0  # words of three or more syllables (SMOG)
    complex_words: int = 0  # Gunning's hard words (see `_is_complex`)
    difficult_words: int = 0  # words not on the Dale-Chall list of familiar words

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Scores:
    flesch_kincaid_grade: float
    flesch_reading_ease: float
    smog: float
    coleman_liau: float
    dale_chall: float
    gunning_fog: float
    ari: float


@functools.lru_cache(maxsize=4096)
def count_sentence(sentence: str) -> Counts:
    """The counts of one sentence."""
    found = words(sentence)
    counts = [syllables(word) for word in found]
    return Counts(
        sentences=1 if found else 0,
        words=len(found),
        syllables=sum(counts),
        letters=sum(sum(1 for c in word if c.isalnum()) for word in found),
        polysyllables=sum(1 for n in counts if n >= 3),
        complex_words=sum(1 for i, w in enumerate(found) if _is_complex(w, counts[i], i == 0)),
        difficult_words=sum(1 for i, w in enumerate(found) if not _is_familiar(w, i == 0)),
    )


def count_sentences(sentences: Iterable[str]) -> Counts:
    total = Counts()
    for sentence in sentences:
        total += count_sentence(sentence)
    return total


def scores(c: Counts) -> Scores | None:
    """All seven scores from the counts; None when there is no text to score."""
    if not c.words or not c.sentences:
        return None
    wps, spw = c.words / c.sentences, c.syllables / c.words
    difficult = 100 * c.difficult_words / c.words
    return Scores(
        flesch_kincaid_grade=0.39 * wps + 11.8 * spw - 15.59,
        flesch_reading_ease=206.835 - 1.015 * wps - 84.6 * spw,
        smog=1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291,
        coleman_liau=0.0588 * 100 * c.letters / c.words - 0.296 * 100 * c.sentences / c.words
        - 15.8,
        dale_chall=0.1579 * difficult + 0.0496 * wps + (3.6365 if difficult > 5 else 0),
        gunning_fog=0.4 * (wps + 100 * c.complex_words / c.words),
        ari=4.71 * c.letters / c.words + 0.5 * wps - 21.43,
    )


def grade(sentence: str) -> float:
    """Flesch-Kincaid grade of one sentence: how hard it is on its own."""
    result = scores(count_sentence(sentence))
    return result.flesch_kincaid_grade if result else 0.0


def _is_complex(word: str, count: int, initial: bool) -> bool:
    """Gunning: three syllables or more, but not names, compounds or -es/-ed/-ing forms."""
    if count < 3 or "-" in word or (word[0].isupper() and not initial):
        return False
    for suffix in ("es", "ed", "ing"):
        if word.lower().endswith(suffix) and syllables(word[: -len(suffix)]) < 3:
            return False
    return True


def load_data() -> None:
    """Read the shipped word lists now rather than at the first guide (the workers' server
    does, once for all of them)."""
    _syllable_table()
    familiar_words()


@functools.cache
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words, as shipped inside textstat 0.7.8."""
    ref = importlib.resources.files("textstat").joinpath("resources", "en", "easy_words.txt")
    return frozenset(line.strip() for line in ref.read_text("utf-8").splitlines() if line.strip())


def _is_familiar(word: str, initial: bool) -> bool:
    """Dale-Chall: on the list, a regular form of a word on it, a name or a number."""
    if word[0].isdigit() or (word[0].isupper() and not word.isupper() and not initial):
        return True
    lower = word.lower().replace("\u2019", "'")
    if "-" in lower:
        return all(_is_familiar(part, True) for part in lower.split("-") if part)
    easy = familiar_words()
    return any(form in easy for form in _base_forms(lower))


_SUFFIXES = (("'s", ""), ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
             ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"),
             ("est", ""), ("ly", ""), ("iest", "y"), ("ier", "y"))


def _base_forms(word: str) -> Iterable[str]:
    yield word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            yield stem + replacement
            if len(stem) > 2 and stem[-1] == stem[-2]:  # stopped -> stop
                yield stem[:-1]


# --- hard sentences --------------------------------------------------------------------------

def passive_phrases(sentence: str) -> list[str]:
    """Phrases such as "is called" or "was given" that suggest the passive voice."""
    found = []
    for match in _PASSIVE.finditer(sentence):
        if match.group(1).lower() not in _NOT_PARTICIPLES:
            found.append(match.group())
    return found


def _is_long(word: str) -> bool:
    """Three syllables or more and not a familiar word (names count too)."""
    return (not word[0].isdigit() and syllables(word) >= 3
            and not _is_familiar(word.lower(), False))


def reasons(sentence: str) -> list[str]:
    """Why a sentence is hard to read, in words an editor can act on."""
    found = words(sentence)
    why = []
    if len(found) > LONG_SENTENCE:
        why.append(f"long: {len(found)} words (aim for 20 or fewer)")
    elif len(found) >= 20:
        why.append(f"{len(found)} words")
    long_words = sorted({w for w in found if _is_long(w)},
                        key=lambda w: (-syllables(w), w.lower()))
    if long_words:
        why.append("long words: " + ", ".join(long_words[:5]))
    passive = passive_phrases(sentence)
    if passive:
        why.append("passive voice: " + ", ".join(f'"{p}"' for p in passive))
    return why or ["many syllables per word"]
