"""A gloss translates its turn: it keeps the speaker's person (first person stays first person)."""

from __future__ import annotations

import re

import pytest

from analysis import data, paths

# Bokmål first-person pronouns, and their English counterparts (with "let's" for "la oss").
# "I" is matched in upper case only (so "i.e." is not a speaker); every other word in any case.
PERSONS = {
    "singular": (r"(?i:\b(?:jeg|meg|min|mitt|mine)\b)", r"\bI\b|(?i:\b(?:me|my|mine|myself)\b)"),
    "plural": (r"(?i:\b(?:vi|oss|vår|vårt|våre)\b)", r"(?i:\b(?:we|us|our|ours|ourselves|let's)\b)"),
}


def speaks_in(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


@pytest.fixture(scope="module")
def excerpts():
    return data.load(paths.DATA, names=["excerpts"])["excerpts"]


@pytest.mark.parametrize("person", sorted(PERSONS))
def test_a_gloss_speaks_in_the_person_of_its_turn(excerpts, person):
    nb, en = PERSONS[person]
    wrong = [
        f"{row.excerpt_id}: the first person {person} of text_nb and gloss_en differ: {row.gloss_en!r}"
        for row in excerpts.itertuples()
        if speaks_in(row.text_nb, nb) != speaks_in(row.gloss_en, en)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_tells_a_summary_from_a_translation():
    nb, en = PERSONS["singular"]
    turn = "Det gjelder en jeg har tatt inn nå."
    assert speaks_in(turn, nb)
    assert not speaks_in("Laila says it concerns someone just taken in.", en)
    assert speaks_in("It concerns someone I have just taken in.", en)
    assert not speaks_in("Idun", en) and not speaks_in("i.e.", en)


# A speaker's hedge ("Jeg tror", "kanskje", "trolig") must survive into the gloss.
HEDGE_NB = r"(?i:\b(?:tror|kanskje|trolig|antakelig|sannsynligvis)\b)"
HEDGE_EN = r"(?i:\b(?:think|believe|perhaps|maybe|probably|presumably|likely|may|might|suppose)\b)"


def test_a_gloss_keeps_the_speakers_hedges(excerpts):
    lost = [
        f"{row.excerpt_id}: {row.gloss_en!r}"
        for row in excerpts.itertuples()
        if speaks_in(row.text_nb, HEDGE_NB) and not speaks_in(row.gloss_en, HEDGE_EN)
    ]
    assert not lost, "\n".join(lost)
    assert speaks_in("Jeg tror han greier seg", HEDGE_NB)
    assert not speaks_in("He manages with what he has.", HEDGE_EN)
