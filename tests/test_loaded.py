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
    assert [(t, c) for _, t, c in got] == [("brutal", "negative"), ("crackdown", "negative"), ("travesty", "negative"),
                                           ("lambaste", "negative"), ("regime", "negative"), ("praise", "positive"),
                                           ("heroic", "positive"), ("staggering", "emotive"),
                                           ("heartbreaking", "emotive")]


def test_neutral_description_has_no_loaded_word():
    assert loaded("The committee met on Tuesday and voted to approve the budget for the next fiscal year.") == []


def test_case_and_sense_restrictions():
    assert loaded("The Patriot Act was renewed; the Lakers are champions.") == []
    assert [t for t, _, _ in loaded("He called himself a patriot and championed the bill.")] == ["patriot",
                                                                                                 "championed"]
