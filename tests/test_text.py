"""Text units: the one word definition, sentence splitting (seeded Punkt, never ending in a title or an
initial), linear time on huge texts."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from conftest import SHARED_DATA, shared_path
from framelens.text import (MAX_SENTENCE_CHARS, SEED_SENTENCE_STARTERS, WORD_RE, SentenceSplitter, count_words,
                            ends_in_name_prefix, join_after_name_prefixes, sentence_spans, splitter_for,
                            word_spans)


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


# A corpus in which Punkt learns to split after "Mr." and "J.": "trump" is seen in lower case ("a trump
# card"), so its orthographic context marks it as a word that starts sentences.
TRUMP_CORPUS = ["Trump spoke on Monday. Trump left early. Trump called it a win. Officials said so. " * 20
                + "They played a trump card. The talks went on. " * 5]


def test_no_sentence_ends_in_a_title_or_an_initial_even_when_punkt_splits_there():
    sp = SentenceSplitter().fit(TRUMP_CORPUS)
    text = "The aides of Mr. Trump met Sen. Trump on Monday. The plan of Donald J. Trump won."
    punkt = [text[s:e] for s, e in sp.tokenizer_.span_tokenize(text)]
    assert punkt[:3] == ["The aides of Mr.", "Trump met Sen.", "Trump on Monday."]  # Punkt alone
    assert "The plan of Donald J." in punkt
    assert _sents(text, sp) == ["The aides of Mr. Trump met Sen. Trump on Monday.", "The plan of Donald J. Trump won."]


def test_a_title_at_the_end_of_a_line_joins_the_name_on_the_next_line():
    text = "“It was a mistake,” said Sen.\nTed Cruz (R-Texas). Mississippi Gov.\nTate Reeves spoke.\nThen he left."
    assert _sents(text) == ["“It was a mistake,” said Sen.\nTed Cruz (R-Texas).", "Mississippi Gov.\nTate Reeves spoke.",
                            "Then he left."]


@pytest.mark.parametrize("text, ends", [
    ("said Mr.", True), ("Mr.", True), ("“Rep.", True), ("between Messrs.", True), ("The Rev.", True),
    ("former Govs.", True), ("the MR.", True), ("George W.", True), ("(W.", True), ("Sen. A.", True),
    ("on St.", True), ("said Sen .", True), ("Donald J .", True),
    ("U.S.", False), ("at 5 p.m.", False), ("Acme Inc.", False), ("Martin Luther King Jr.", False),
    ("linked to ISIS-K.", False), ("spent on R&D.", False), ("as much as I.", False), ("Commr.", False),
    ("Mr. Smith", False), ("a W", False), ("Mister.", False), ("R - Ariz .", False), ("the U.S .", False),
])
def test_what_ends_in_a_title_or_an_initial(text, ends):
    assert ends_in_name_prefix(text, 0, len(text)) is ends
    assert ends_in_name_prefix("x " + text, 2, len(text) + 2) is ends


def _spans_of(text, pieces):
    """The spans of ``pieces``, found in order in ``text`` (sentences as a splitter might cut them)."""
    out, pos = [], 0
    for piece in pieces:
        s = text.index(piece, pos)
        pos = s + len(piece)
        out.append((s, pos))
    return out


def test_an_initial_or_a_title_may_still_end_a_sentence_before_a_starter_or_a_blank_line():
    pieces = ["He goes by Ahmed A.", "He lives in Berlin.", "It is on Main St.", "The shop is shut.", "That's a B.",
              "Moving on."]
    text = "He goes by Ahmed A. He lives in Berlin. It is on Main St. The shop is shut. That's a B.\n\nMoving on."
    spans = _spans_of(text, pieces)
    assert join_after_name_prefixes(text, spans) == spans
    # the same cuts before words that are no sentence starters are joined
    text2 = "He goes by Ahmed A. Lives in Berlin. It is on Main St. Shops are shut. That's a B.\nMoving on."
    spans2 = _spans_of(text2, ["He goes by Ahmed A.", "Lives in Berlin.", "It is on Main St.", "Shops are shut.",
                               "That's a B.", "Moving on."])
    assert [text2[s:e] for s, e in join_after_name_prefixes(text2, spans2)] == [
        "He goes by Ahmed A. Lives in Berlin.", "It is on Main St. Shops are shut.", "That's a B.\nMoving on."]
    # a lower-case starter is no sentence start: "Mr. and Mrs. Smith" stays one sentence
    text3 = "They thanked Mr. and Mrs. Smith."
    assert join_after_name_prefixes(text3, _spans_of(text3, ["They thanked Mr.", "and Mrs. Smith."])) == [(0, 32)]


def test_other_abbreviations_are_still_left_to_punkt():
    sp = SentenceSplitter().fit(TRUMP_CORPUS)
    text = "They met in the U.S. Trump left at 5 p.m. He came back. Officials met at Acme Inc. Trump spoke."
    assert _sents(text, sp) == ["They met in the U.S.", "Trump left at 5 p.m.", "He came back.",
                                "Officials met at Acme Inc.", "Trump spoke."]


def test_long_unpunctuated_text_is_not_cut_right_after_a_title():
    text = "x" * 2995 + " Mr. Smith " + "and more words " * 300  # the whitespace cut would fall after "Mr."
    spans = sentence_spans(text)
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert not any(text[s:e].endswith("Mr.") for s, e in spans)


def test_joining_is_exact_on_a_megabyte_of_title_splits():
    sp = SentenceSplitter().fit(TRUMP_CORPUS)
    unit = "The aides of Mr. Trump met Sen. Trump. "
    n = 1_000_000 // len(unit) + 1
    assert len(sp.spans(unit * n)) == n  # Punkt makes 3n pieces; the join is exact at any size


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


# The shared corpora, split as framelens.extract splits them: no sentence may end in a title or an
# initial. The definitions below are written from the task, independently of framelens.text.
SHARED_CORPORA = {"basil", "newswcl50", "babe-mbic", "article-bias-prediction-subset", "pac-partisan-events",
                  "neus-allsides-triplets", "seed-presstv-karabakh"}
_TITLES = ("Mr Mrs Ms Messrs Dr Sen Rep Gov Gen Lt Col Sgt Capt Prof Rev St Adm Maj Cpl Sens Reps Gens Govs "
           "Atty Supt Det Cmdr Brig Pres Amb").split()
# the period attached or, in tokenised text (PAC), after a space: "Sen. Cruz", "Sen . Cruz"
_ENDS_IN_TITLE = re.compile(r"(?<![\w.])(?:" + "|".join(_TITLES) + r") ?\.$")
# an initial: a one-letter capitalised word (not after a hyphen, "&" or a period: ISIS-K., R&D., U.S.)
# other than the pronoun or numeral I ("as much as I.", "World War I.", a section "I.")
_ENDS_IN_INITIAL = re.compile(r"(?<![\w.&'’\-])[A-HJ-Z] ?\.$")


def _recognised_shared_corpora():
    from framelens.corpus.adapters import ADAPTERS
    from framelens.corpus.load import detect_format

    shared_path()
    return sorted(p for p in SHARED_DATA.iterdir() if p.is_dir() and detect_format(p) in ADAPTERS)


@pytest.mark.shared_data
def test_no_sentence_of_any_shared_corpus_ends_in_a_title_or_an_initial():
    import framelens as fl

    folders = _recognised_shared_corpora()
    assert {p.name for p in folders} >= SHARED_CORPORA
    offenders = []
    sentences = 0
    for folder in folders:
        corpus = fl.load_corpus(folder)
        texts = corpus.documents["text"].fillna("").astype(str).tolist()  # as framelens.extract reads them
        splitter = splitter_for(texts)
        for doc_id, text in zip(corpus.documents["doc_id"], texts):
            spans = splitter.spans(text)
            sentences += len(spans)
            for i, (s, e) in enumerate(spans):
                sent = text[s:e]
                if _ENDS_IN_TITLE.search(sent):
                    offenders.append((folder.name, doc_id, sent[-40:], text[e:e + 20]))
                elif _ENDS_IN_INITIAL.search(sent):
                    # allowed only before a blank line, the end of the text, or a capitalised starter
                    nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
                    word = WORD_RE.search(text, nxt, nxt + 40)
                    if not (re.search(r"\n\s*\n", text[e:nxt]) or word is None
                            or (word.group()[0].isupper() and word.group().lower() in SEED_SENTENCE_STARTERS)):
                        offenders.append((folder.name, doc_id, sent[-40:], text[e:e + 20]))
    assert sentences > 100_000
    assert not offenders, f"{len(offenders)} sentences end in a title or an initial, e.g. {offenders[:5]}"


def test_punkt_parameters_are_cached_by_training_text_and_read_back_the_same(tmp_path, monkeypatch):
    import framelens.text as text_mod

    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(tmp_path))
    train = "\n\n".join(TRUMP_CORPUS)
    fresh = text_mod._train_punkt(train)
    missed = text_mod.trained_punkt_parameters(train)  # a miss: trains and writes the entry
    entries = list((tmp_path / "punkt").glob("*.json"))
    assert [p.stem for p in entries] == [text_mod.punkt_cache_key(train)]

    def no_training(_):
        raise AssertionError("trained although the parameters are cached")

    monkeypatch.setattr(text_mod, "_train_punkt", no_training)
    hit = text_mod.trained_punkt_parameters(train)
    for params in (missed, hit):
        assert params.abbrev_types == fresh.abbrev_types
        assert params.collocations == fresh.collocations
        assert params.sent_starters == fresh.sent_starters
        assert dict(params.ortho_context) == dict(fresh.ortho_context)
    assert hit.ortho_context["never-seen-type"] == 0  # still a defaultdict, as NLTK's trainer leaves it
    # another text is another entry
    assert text_mod.punkt_cache_key(train + " More.") != text_mod.punkt_cache_key(train)


def test_a_splitter_from_cached_parameters_splits_as_a_freshly_trained_one(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(tmp_path))
    text = "The aides of Mr. Trump met Sen. Trump on Monday. The plan of Donald J. Trump won. They met at 5 p.m. He left."
    first = SentenceSplitter().fit(TRUMP_CORPUS)   # trains, writes the entry
    second = SentenceSplitter().fit(TRUMP_CORPUS)  # reads it
    assert list((tmp_path / "punkt").glob("*.json"))
    assert second.abbreviations_ == first.abbreviations_
    assert list(second.tokenizer_.span_tokenize(text)) == list(first.tokenizer_.span_tokenize(text))
    assert second.spans(text) == first.spans(text)


def test_a_damaged_punkt_cache_entry_is_trained_again_and_replaced(tmp_path, monkeypatch):
    import framelens.text as text_mod

    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(tmp_path))
    train = "\n\n".join(TRUMP_CORPUS)
    path = tmp_path / "punkt" / f"{text_mod.punkt_cache_key(train)}.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"key": "not this one"', "utf-8")
    params = text_mod.trained_punkt_parameters(train)
    assert params.abbrev_types == text_mod._train_punkt(train).abbrev_types
    assert json.loads(path.read_text("utf-8"))["key"] == path.stem


def test_an_unwritable_punkt_cache_is_no_error(tmp_path, monkeypatch):
    import framelens.text as text_mod

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FRAMELENS_CACHE_DIR", str(blocker))
    train = "\n\n".join(TRUMP_CORPUS)
    assert text_mod.trained_punkt_parameters(train).abbrev_types == text_mod._train_punkt(train).abbrev_types


def test_with_cached_parameters_sentences_are_split_without_importing_nltk(tmp_path):
    import os
    import subprocess
    import sys

    script = ("import sys, json; from framelens.text import SentenceSplitter; "
              "sp = SentenceSplitter().fit(['Dr. Smith met Mr. Jones at 5 p.m. on Monday. They talked. ' * 50]); "
              "print(json.dumps([sp.spans('Mr. Jones left at 5 p.m. He was tired. U.S. officials said so.'), "
              "'nltk' in sys.modules]))")
    env = dict(os.environ, FRAMELENS_CACHE_DIR=str(tmp_path))
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                      check=True).stdout) for _ in range(2)]
    assert runs[0][1] is True    # trained: NLTK was needed
    assert runs[1][1] is False   # read from the cache: NLTK was never imported
    assert runs[0][0] == runs[1][0]


def test_name_prefix_is_judged_by_the_tail_alone():
    """ends_in_name_prefix is memoised per tail: the same tail in another text, or after another
    start, gets the same answer as when judged afresh."""
    from framelens import text as T

    cases = [("He met Sen.", 0), ("the  Sen.", 0), ("Mr.", 0), ("“Rep.", 0), ("said W.", 0), ("U.S.", 0),
             ("ISIS-K.", 0), ("xxxxxxxxxxMr.", 0), ("xxxxxxxxxxMr.", 9), ("Sen .", 0), ("I.", 0), ("it.", 0)]
    fresh = [T._tail_ends_in_name_prefix(t[max(s, len(t) - T._NAME_PREFIX_TAIL):]) for t, s in cases]
    for _ in range(2):  # the second time from the memo
        assert [T.ends_in_name_prefix(t, s, len(t)) for t, s in cases] == fresh
    assert fresh[:3] == [True, True, True] and fresh[5:7] == [False, False] and fresh[-2:] == [False, False]
