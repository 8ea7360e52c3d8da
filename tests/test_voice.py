"""Voice: the outlet's narration versus direct quotations, for every hit and every rate."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import framelens as fl
from framelens.features import document_features
from framelens.features.voice import VoiceIndex, quotation_spans, quoted_words
from framelens.text import count_words


def quoted(text):
    return [text[a:b] for a, b in quotation_spans(text)]


def test_curly_and_straight_quotations():
    assert quoted("He said “we will win” and left. She said \"no\" twice.") == ["“we will win”", '"no"']


def test_a_multi_paragraph_quotation_continues_where_the_next_paragraph_opens_again():
    text = "He said:\n“We will fight.\n“And we will prevail,” he said.\nThe end."
    assert quoted(text) == ["“We will fight.\n“And we will prevail,”"]


def test_an_unclosed_quotation_ends_with_its_paragraph():
    text = "She said “this never closes\nThe next paragraph is narration."
    assert quoted(text) == ["“this never closes"]
    idx = VoiceIndex(text)
    assert idx.voice(text.index("next"))[0] == "narration"
    assert idx.voice(text.index("never"))[0] == "quoted"


def test_mixed_marks_and_an_orphan_closing_mark():
    # tokenised or converted texts close a curly quotation with a straight mark
    assert quoted('“ We fight every day , " said Nicholls .') == ['“ We fight every day , "']
    # a closing mark with nothing open: the quotation began with the paragraph
    text = "Intro.\nembedded in our system , ” said Noah ."
    assert quoted(text) == ["embedded in our system , ”"]


def test_single_curly_quotes_but_not_apostrophes():
    text = "The ‘fake news’ line is people’s favourite, don’t you think?"
    assert quoted(text) == ["‘fake news’"]
    assert quoted("It’s the people’s choice.") == []


def test_nested_single_quotes_are_inside_the_double_quotation():
    text = "He said “they called it ‘a hoax’ at first” today."
    assert quoted(text) == ["“they called it ‘a hoax’ at first”"]


def test_hits_carry_voice_and_the_quotation_span():
    text = ("Officials claimed the vote was fair. “The vote was clearly rigged,” the senator said. "
            "The so-called “reform” passed.")
    hits = fl.extract([text])
    by_text = {r.text: r for r in hits.itertuples()}
    assert by_text["claimed"].voice == "narration" and by_text["claimed"].quote_start == -1
    clearly = by_text["clearly"]
    assert clearly.voice == "quoted"
    assert text[clearly.quote_start:clearly.quote_end] == "“The vote was clearly rigged,”"
    assert by_text["said"].voice == "narration"
    scare = hits[hits.feature == "scare_quote"]
    assert len(scare) == 1 and scare.iloc[0].voice == "narration"


def test_document_features_count_one_voice_with_its_own_words():
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
                         "text": ["The plan may fail. “It may well fail, perhaps badly,” he said."]})
    hits = fl.extract(docs)
    all_ = document_features(docs, hits, voice="all")
    narr = document_features(docs, hits, voice="narration")
    quot = document_features(docs, hits, voice="quoted")
    text = docs.text[0]
    assert int(all_.words[0]) == count_words(text)
    assert int(quot.words[0]) == quoted_words(text) == 6
    assert int(narr.words[0]) + int(quot.words[0]) == int(all_.words[0])
    assert (int(narr.hedge[0]), int(quot.hedge[0]), int(all_.hedge[0])) == (1, 2, 3)
    assert set(narr.voice) == {"narration"}


def test_unknown_voice_is_a_clear_error():
    with pytest.raises(fl.AnalysisError, match="voice"):
        document_features(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), fl.extract(["x"]), voice="speech")


def test_compare_all_puts_the_quoted_voice_beside_narration():
    from framelens.compare import compare_all

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "outlet": ["A", "B"] * 4,
                         "text": ["The plan may fail, officials claimed. “It may fail,” he said."] * 8})
    hits = fl.extract(docs)
    feats = document_features(docs, hits)
    res = compare_all(docs, hits, feats, n_boot=50, log_odds=False, predictability=False, over_time=False)
    rates = res["rates"]
    assert set(rates.voice) == {"narration", "quoted"}
    assert rates.voice.iloc[0] == "narration"
    h = rates[(rates.feature == "hedge") & (rates.outlet == "A")].set_index("voice")
    assert h.loc["narration", "count"] == 4 and h.loc["quoted", "count"] == 4
    assert h.loc["quoted", "words"] < h.loc["narration", "words"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab “”\"‘’'\n.", max_size=60))
def test_quotations_are_sorted_disjoint_and_words_add_up(text):
    spans = quotation_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert 0 <= quoted_words(text, spans) <= count_words(text)


def test_double_marks_are_found_in_order_whatever_their_kind():
    from framelens.features.voice import _double_marks

    text = 'a “b” "c" ”d“ e'
    assert _double_marks(text) == [i for i, c in enumerate(text) if c in '“”"']
    assert _double_marks("no marks here") == []


def test_quoted_words_counts_each_quotation_on_its_own():
    # the quotations are counted in one call, joined by spaces: a quotation cut at a line break
    # ("“abc") and the orphan close that follows it ("def”") are two words, not "abcdef"
    text = "He said “abc\ndef” and ‘maybe’ and “co”-“operate”."
    spans = quotation_spans(text)
    assert [text[a:b] for a, b in spans][:2] == ["“abc", "def”"]
    assert quoted_words(text) == sum(count_words(text[a:b]) for a, b in spans) == 5
