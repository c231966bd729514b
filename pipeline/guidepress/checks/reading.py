"""Reading level: scores per guide and per section against the guide's target grade, the
hardest sentences, and long sentences. What counts as prose: docs/reading-level.md."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from guidepress.checks import readability
from guidepress.checks.context import Context, Hit, Section, Sentence
from guidepress.checks.plain import Suggestion, suggestions
from guidepress.checks.readability import Counts, Scores
from guidepress.checks.tree import Pos

HARD_SENTENCES = 5
# A grade from fewer words than this is noise (Flesch scored samples of 100 words): a shorter
# section, often a few names and addresses, is shown but not held to the target.
MIN_SECTION_WORDS = 100


@dataclass(frozen=True)
class Score:
    """The counts and scores of a stretch of prose (a section or the whole guide)."""

    title: str
    pos: Pos
    counts: Counts
    scores: Scores | None
    target: float
    applies: bool = True  # False when not held to the target (see `graded`, `section_scores`)

    @property
    def grade(self) -> float:
        return round(self.scores.flesch_kincaid_grade, 1) if self.scores else 0.0

    @property
    def over(self) -> bool:
        return self.applies and self.scores is not None and self.grade > self.target

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "line": self.pos.line, "counts": asdict(self.counts),
                "scores": _rounded(self.scores), "target": self.target,
                "applies": self.applies, "over": self.over}


@dataclass(frozen=True)
class HardSentence:
    pos: Pos
    grade: float
    words: int
    text: str
    why: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.pos.line, "col": self.pos.col, "grade": round(self.grade, 1),
                "words": self.words, "text": self.text, "why": self.why}


@dataclass(frozen=True)
class Report:
    """Everything `guidepress readability` shows for one guide."""

    path: str
    guide: Score
    sections: list[Score]
    hard: list[HardSentence]
    suggestions: list[Suggestion] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "target": self.guide.target, "guide": self.guide.as_dict(),
            "sections": [section.as_dict() for section in self.sections],
            "hard_sentences": [sentence.as_dict() for sentence in self.hard],
            "suggestions": [{"line": s.pos.line, "col": s.pos.col, "word": s.word,
                             "plain": s.plain} for s in self.suggestions],
        }


def _rounded(scores: Scores | None) -> dict[str, float] | None:
    return {k: round(v, 1) for k, v in asdict(scores).items()} if scores else None


def graded(ctx: Context) -> bool:
    """Whether the grade formulas apply: they were fitted to English text (its syllables per
    word and words per sentence), so a guide in another language is scored for reference but
    never held to its target."""
    return ctx.meta.lang.split("-", 1)[0].lower() == "en"


def _score(ctx: Context, title: str, where: Pos, sentences: list[Sentence],
           min_words: int = 0) -> Score:
    counts = readability.count_sentences(s.text for s in sentences)
    return Score(title, where, counts, readability.scores(counts), ctx.meta.max_grade,
                 graded(ctx) and counts.words >= min_words)


def section_scores(ctx: Context) -> list[Score]:
    return [_score(ctx, s.title, s.pos, s.sentences, MIN_SECTION_WORDS)
            for s in _sections(ctx)]


def _sections(ctx: Context) -> Iterator[Section]:
    return (section for section in ctx.sections if section.title or section.sentences)


def guide_score(ctx: Context) -> Score:
    return _score(ctx, ctx.meta.title, ctx.key_pos("reading_level" if "reading_level" in
                                                   ctx.meta.lines else "title"), ctx.sentences)


def hardest(ctx: Context, top: int = HARD_SENTENCES) -> list[HardSentence]:
    candidates = [s for s in ctx.sentences
                  if len(readability.words(s.text)) >= readability.MIN_HARD_SENTENCE]
    graded = sorted(candidates, key=lambda s: -readability.grade(s.text))[:top]
    return [HardSentence(s.pos, readability.grade(s.text), len(readability.words(s.text)),
                         s.text, readability.reasons(s.text)) for s in graded]


def report(ctx: Context, top: int = HARD_SENTENCES) -> Report:
    return Report(ctx.guide.display_path, guide_score(ctx), section_scores(ctx),
                  hardest(ctx, top), suggestions(ctx))


def guide_over_target(ctx: Context) -> Iterator[Hit]:
    score = guide_score(ctx)
    if score.over:
        yield Hit(score.pos, f"the guide reads at grade {score.grade:.1f} (Flesch-Kincaid), "
                  f"over its target of {score.target:g}")


def section_over_target(ctx: Context) -> Iterator[Hit]:
    for score in section_scores(ctx):
        if score.over:
            yield Hit(score.pos, f"section {score.title!r} reads at grade {score.grade:.1f}, "
                      f"over the target of {score.target:g}")


def long_sentence(ctx: Context) -> Iterator[Hit]:
    for sentence in ctx.sentences:
        count = len(readability.words(sentence.text))
        if count > readability.LONG_SENTENCE:
            yield Hit(sentence.pos, f"sentence of {count} words (over "
                      f"{readability.LONG_SENTENCE}): {_start(sentence.text)!r}")


def _start(text: str, words: int = 6) -> str:
    head = text.split()
    return " ".join(head[:words]) + (" \u2026" if len(head) > words else "")
