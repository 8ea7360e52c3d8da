"""Loaded words: evaluative and emotive vocabulary, positive and negative cases."""
from __future__ import annotations

import framelens as fl


def loaded(text: str):
    h = fl.extract([text], lexicons=["loaded"])
    h = h[h["family"] == "loaded"]
    return list(zip(h["text"], h["term"], h["category"]))


def test_evaluative_and_emotive_words_with_inflection():
    got = loaded("The brutal crackdowns were a travesty; critics lambasted the regime and praised the heroic medics, "
                 "a staggering, heartbreaking scene.")
    # "regime" is a naming choice for a government (or a system of rules), not a loaded word
    assert [(t, c) for _, t, c in got] == [("brutal", "negative"), ("crackdown", "negative"), ("travesty", "negative"),
                                           ("heroic", "positive"), ("staggering", "emotive"),
                                           ("heartbreaking", "emotive")]


def test_words_that_in_news_mostly_describe_are_not_loaded():
    # version 2 of the pack (after the blind tuning sample): degree words, names of feelings, legal
    # terms, market verbs and words of standing describe; verbs of praise and blame report speech
    text = ("A huge crowd voiced anger and fear over the fraud scheme; shares plummeted amid the crisis, "
            "and the respected judge, praised by critics who lambasted the ruling, was extremely calm.")
    assert loaded(text) == []


def test_neutral_description_has_no_loaded_word():
    assert loaded("The committee met on Tuesday and voted to approve the budget for the next fiscal year.") == []


def test_case_and_sense_restrictions():
    assert loaded("The Patriot Act was renewed; the Lakers are champions.") == []
    assert [t for t, _, _ in loaded("He called himself a patriot and hailed the bill.")] == ["patriot"]


def test_round7_literal_senses_are_not_loaded():
    """The verb "lie" of place, hoax devices and "stoke demand" are literal; "racism" and "historic"
    are no longer entries (judged a neutral topic word and the historical sense in most blind items)."""
    hits = fl.extract(["The madness that lies ahead will lie in honor at the Capitol.",
                       "He mailed hoax devices that could stoke demand for guns.",
                       "Protests over racism followed a historic vote.",
                       "He told lies, a hoax that would stoke fears."])
    loaded = hits[hits["family"] == "loaded"]
    assert list(zip(loaded["doc_id"], loaded["text"])) == [("3", "lies"), ("3", "hoax"), ("3", "stoke")]
