"""Text units: the one word definition, sentence splitting (seeded Punkt), linear time on huge texts."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from framelens.text import (MAX_SENTENCE_CHARS, WORD_RE, SentenceSplitter, count_words, sentence_spans,
                            splitter_for, word_spans)


def _sents(text, splitter=None):
    return [text[s:e] for s, e in sentence_spans(text, splitter)]


def test_word_definition_joins_hyphens_and_apostrophes_and_keeps_diacritics():
    text = "Nagorno-Karabakh, Azerbaijan’s Xankəndi and Şuşa: a 19th-century city of 30,000."
    words = [text[s:e] for s, e in word_spans(text)]
    assert words == ["Nagorno-Karabakh", "Azerbaijan’s", "Xankəndi", "and", "Şuşa", "a", "19th-century", "city",
                     "of", "30", "000"]
    assert count_words(text) == len(words)


def test_empty_text_has_no_words_and_no_sentences():
    assert count_words("") == 0
    assert word_spans("") == []
    assert sentence_spans("") == []
    assert sentence_spans("   \n\n  ") == []


def test_title_abbreviations_do_not_split():
    text = "U.S. Rep. Ilhan Omar (D-MN) said the bill passed. It did."
    assert _sents(text) == ["U.S. Rep. Ilhan Omar (D-MN) said the bill passed.", "It did."]


def test_pm_followed_by_a_sentence_starter_splits():
    assert _sents("They met at 5 p.m. He left at 6 p.m. on Friday.") == ["They met at 5 p.m.",
                                                                        "He left at 6 p.m. on Friday."]
    assert _sents("The talks ended at 9 a.m. The envoy left.") == ["The talks ended at 9 a.m.", "The envoy left."]
    # a time in mid-sentence does not split
    assert len(_sents("The vote at 5 p.m. Tuesday was close.")) == 1


def test_initials_and_titles_before_names_do_not_split():
    assert len(_sents("Gen. Lee met Mr. A. Smith in St. Louis on Jan. 5.")) == 1


def test_trained_splitter_still_honours_the_seeds():
    corpus = ["Officials said the talks would go on. " * 50, "Sen. Warren spoke. She left at 5 p.m. They stayed."]
    sp = SentenceSplitter().fit(corpus)
    assert {"rep", "u.s", "p.m"} <= set(sp.abbreviations_)
    assert _sents("She left at 5 p.m. They stayed.", sp) == ["She left at 5 p.m.", "They stayed."]
    assert len(_sents("U.S. Rep. Ilhan Omar said so.", sp)) == 1


def test_splitter_for_is_cached_by_content():
    a = splitter_for(["One text. Another sentence here."])
    b = splitter_for(["One text. Another sentence here."])
    c = splitter_for(["A different text. With two sentences."])
    assert a is b and a is not c


def test_five_megabytes_of_prose_split_in_pieces_proportional_to_the_text():
    unit = "The ministry said on Wednesday that it had lost contact with its troops. "
    n = 5_000_000 // len(unit) + 1
    text = unit * n
    spans = sentence_spans(text)
    assert len(spans) == n  # one sentence per unit: the split is exact at any size


def test_five_megabytes_without_sentence_punctuation_are_cut_into_bounded_pieces():
    text = "word and other words " * 250_000  # 5.25 MB, no sentence punctuation, no line break
    spans = sentence_spans(text)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    # pieces cover the text (only whitespace between them) and their number is linear in its length
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert all(text[e:s2].strip() == "" for (_, e), (s2, _) in zip(spans, spans[1:]))
    assert len(text) / MAX_SENTENCE_CHARS <= len(spans) <= 2 * len(text) / MAX_SENTENCE_CHARS + 1


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n’'-ÇəU.S")), max_size=400))
def test_sentence_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = sentence_spans(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        last = e
    for s, e in word_spans(text):
        assert WORD_RE.fullmatch(text[s:e])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9_ '-\u2019\u2010\u2014\u201c\u2026\xa0\u00e9\u0301\u00df\u0130\u0661"
                                             "\u01c5\u200b\n.,x") + ["\u4e00", "\u0410", "\ud800"]), max_size=80))
def test_count_words_is_the_number_of_word_re_matches(text):
    # count_words counts by character classes, not by regex: it must agree with WORD_RE exactly
    assert count_words(text) == len(WORD_RE.findall(text))
