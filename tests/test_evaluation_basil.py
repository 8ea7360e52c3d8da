"""BASIL evaluation: placing the bias spans in the cleaned text, chance and enrichment, span recall,
the voice check (framelens.evaluation.basil).

Measured on the shared half with the rules of this commit (python -m framelens.evaluation.basil
../shared/data/basil): 924 of 926 spans placed (2 are in titles); lexical spans: loaded words 22x
enriched over the token share (interval 15-31), 22x over length-matched windows; scare quotes 16x /
8.8x; attribution 0.5x; voice agrees with BASIL's quote flag for 0.86 of the non-scare-quote hits in
lexical spans and 0.97 in informational spans. The bounds below are a little below those numbers,
so that the concurrent rule and lexicon changes do not break them while a real regression would.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

import framelens as fl
from framelens.corpus.model import build_corpus
from framelens.errors import CorpusError
from framelens.evaluation.basil import (AGREEMENT_COLUMNS, ANY_FAMILY, CONFUSION_COLUMNS, ENRICHMENT_COLUMNS,
                                        RECALL_COLUMNS, SPAN_COLUMNS, cue_enrichment, evaluate, read_bias_spans,
                                        span_recall, voice_agreement, voice_confusion)
from framelens.features import hits_frame

N_BOOT = 300  # the CLI uses 2000; fewer replicates keep the test quick and the intervals are only bounded loosely


@pytest.fixture(scope="module")
def basil():
    corpus = fl.load_corpus(shared_path("basil"))
    hits = fl.extract(corpus)
    return corpus, hits, evaluate(shared_path("basil"), n_boot=N_BOOT, corpus=corpus, hits=hits)


def _row(table, **key):
    m = np.ones(len(table), dtype=bool)
    for k, v in key.items():
        m &= (table[k] == v).to_numpy()
    assert m.sum() == 1, key
    return table[m].iloc[0]


# ---- hand-made data: the definitions --------------------------------------------------------------

def _hit(doc_id, start, end, text, family, voice="narration"):
    return (doc_id, 0, 0, len(text), start, end, text[start:end], family, family, "", "", "", "", "", "", voice,
            -1, -1)


def test_chance_and_enrichment_definitions_on_a_handmade_document():
    text = "alpha beta gamma delta epsilon"  # 5 words; the lex span is "gamma"
    corpus = build_corpus([{"doc_id": "d", "text": text, "source": "x", "outlet": "o"}])
    spans = pd.DataFrame([dict(doc_id="d", outlet="o", span_id="p0", bias="lex", quote="no", polarity="", target="",
                               start=11, end=16, text="gamma", placement="sentence", note="")], columns=SPAN_COLUMNS)
    hits = hits_frame([_hit("d", 11, 16, text, "loaded"),     # one word, in the span
                       _hit("d", 0, 5, text, "loaded"),       # one word, outside
                       _hit("d", 6, 16, text, "hedge")])      # two words, overlapping the span
    t = cue_enrichment(corpus, hits, spans, n_boot=50, seed=1)
    assert list(t.columns) == ENRICHMENT_COLUMNS
    loaded = _row(t, bias="lex", family="loaded", voice="all")
    assert (loaded["hits"], loaded["hits_in_spans"]) == (2, 1)
    assert loaded["chance_token"] == pytest.approx(1 / 5)
    assert loaded["chance_window"] == pytest.approx(1 / 5)   # a 1-word window hits 1 of 5 starts
    assert loaded["enrichment_token"] == pytest.approx(0.5 / 0.2)
    hedge = _row(t, bias="lex", family="hedge", voice="all")
    assert hedge["chance_window"] == pytest.approx(2 / 4)    # 2-word windows: 4 starts, 2 overlap "gamma"
    assert hedge["enrichment_window"] == pytest.approx(1 / 0.5)
    anyf = _row(t, bias="lex", family=ANY_FAMILY, voice="all")
    assert (anyf["hits"], anyf["hits_in_spans"]) == (3, 2)
    assert _row(t, bias="lex", family="loaded", voice="quoted")["hits"] == 0
    assert _row(t, bias="inf", family="loaded", voice="all")["hits_in_spans"] == 0   # no inf span at all
    # one document: every bootstrap replicate is that document, so the interval is the point
    assert loaded["enrichment_token_low"] == pytest.approx(loaded["enrichment_token"])


def _write_mini_basil(root, sentences_by_para, spans, title="A Headline About Things"):
    art = root / "articles" / "2010"
    ann = root / "annotations" / "2010"
    art.mkdir(parents=True)
    ann.mkdir(parents=True)
    (art / "t1_1.json").write_text(json.dumps({
        "title": title, "date": "2010-01-01", "uuid": "u1", "url": "", "source": "nyt", "main-event": "",
        "triplet-uuid": "t1", "main-entities": [], "body-paragraphs": sentences_by_para}), encoding="utf-8")
    (ann / "t1_1_ann.json").write_text(json.dumps({
        "uuid": "u1", "triplet-uuid": "t1", "article-level-annotations": {"relative_stance": "center"},
        "phrase-level-annotations": spans}), encoding="utf-8")


def _span(i, txt, sentence, bias="lex", quote="no", occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(txt, start + 1)
    return {"id": f"p{i}", "txt": txt, "start": start, "end": start + len(txt), "bias": bias, "quote": quote,
            "polarity": "neg", "target": "X", "aim": "dir", "speaker": ""}


def test_spans_are_placed_in_the_cleaned_text(tmp_path):
    first = "WASHINGTON — Senators gave a fierce speech on Monday."   # the dateline is cut by cleaning
    second = "The plan is bad, and the plan is late."
    third = "Critics said the plan was a “disaster.”"
    paras = [[first], [second, third]]
    spans = [_span(0, "fierce", first), _span(1, "plan", second, occurrence=1), _span(2, "“disaster.”", third,
                                                                                    quote="yes"),
             _span(3, "Headline", "A Headline About Things", bias="inf"),
             {"id": "p4", "txt": "nowhere", "start": 0, "end": 7, "bias": "inf", "quote": "no"}]
    _write_mini_basil(tmp_path, paras, spans)
    corpus = fl.load_corpus(tmp_path)
    text = corpus.documents["text"].iloc[0]
    assert not text.startswith("WASHINGTON")  # the default path cleaned the dateline away
    s = read_bias_spans(corpus).set_index("span_id")
    assert list(read_bias_spans(corpus).columns) == SPAN_COLUMNS
    for sid in ("p0", "p1", "p2"):
        r = s.loc[sid]
        assert text[r["start"]:r["end"]] == r["text"]
    assert s.loc["p0", "placement"] == "searched"
    assert s.loc["p1", "placement"] == "sentence"
    assert s.loc["p1", "start"] == text.index(second) + second.rindex("plan")   # the second "plan"
    assert s.loc["p3", "placement"] == "unplaced" and "title" in s.loc["p3", "note"]
    assert s.loc["p4", "placement"] == "unplaced" and s.loc["p4", "note"]


def test_not_basil_is_a_clear_error(demo_corpus):
    with pytest.raises(CorpusError, match="no BASIL annotation files"):
        read_bias_spans(demo_corpus)


# ---- the shared half ------------------------------------------------------------------------------

def test_every_span_is_read_and_almost_all_are_placed(basil):
    corpus, _, t = basil
    spans = t["spans"]
    # SOURCE.md: 926 spans, 285 lexical (64 in quotes), 641 informational
    assert len(spans) == 926
    assert (spans["bias"] == "lex").sum() == 285 and (spans["bias"] == "inf").sum() == 641
    assert ((spans["bias"] == "lex") & (spans["quote"] == "yes")).sum() == 64
    placed = spans[spans["placement"] != "unplaced"]
    assert len(placed) >= 0.99 * len(spans)
    assert (spans.loc[spans["placement"] == "unplaced", "note"] != "").all()
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[d][a:b] == x for d, a, b, x in zip(placed["doc_id"], placed["start"], placed["end"],
                                                        placed["text"]))
    assert t["placement"]["spans"].sum() == len(spans)


def test_enrichment_table_adds_up(basil):
    _, hits, t = basil
    e = t["enrichment"]
    assert list(e.columns) == ENRICHMENT_COLUMNS
    for bias in ("lex", "inf"):
        for voice in ("all", "narration", "quoted"):
            sub = e[(e["bias"] == bias) & (e["voice"] == voice)]
            assert sub.loc[sub["family"] != ANY_FAMILY, "hits"].sum() == sub.loc[sub["family"] == ANY_FAMILY,
                                                                                    "hits"].iloc[0]
        a = e[(e["bias"] == bias) & (e["family"] == ANY_FAMILY)].set_index("voice")
        assert a.loc["all", "hits"] == a.loc["narration", "hits"] + a.loc["quoted", "hits"] == len(hits)
    assert (e["hits_in_spans"] <= e["hits"]).all()
    ok = e.dropna(subset=["enrichment_token_low"])
    assert (ok["enrichment_token_low"] <= ok["enrichment_token"] + 1e-9).all()
    assert (ok["enrichment_token"] <= ok["enrichment_token_high"] + 1e-9).all()


def test_loaded_words_and_scare_quotes_are_enriched_in_lexical_spans(basil):
    e = basil[2]["enrichment"]
    loaded = _row(e, bias="lex", family="loaded", voice="all")
    scare = _row(e, bias="lex", family="scare_quote", voice="all")
    # measured 22.1 (token) / 21.7 (window) and 16.3 / 8.8
    assert loaded["enrichment_token"] >= 12 and loaded["enrichment_window"] >= 12
    assert loaded["enrichment_token_low"] > 3 and loaded["enrichment_window_low"] > 3
    assert scare["enrichment_token"] >= 8 and scare["enrichment_window"] >= 4
    assert scare["enrichment_window_low"] > 1.5
    # reporting verbs are not what BASIL's annotators mark as lexical bias (measured 0.53)
    assert _row(e, bias="lex", family="attribution", voice="all")["enrichment_window"] < 2


def test_span_recall(basil):
    r = basil[2]["span_recall"]
    assert list(r.columns) == RECALL_COLUMNS
    anyf = _row(r, bias="lex", family=ANY_FAMILY, span_quote="all")
    assert anyf["spans"] >= 280
    assert anyf["recall"] >= 0.17   # measured 0.229
    fam = r[(r["bias"] == "lex") & (r["span_quote"] == "all") & (r["family"] != ANY_FAMILY)]
    assert (fam["recall"] <= anyf["recall"] + 1e-12).all()
    yes, no = (_row(r, bias="lex", family=ANY_FAMILY, span_quote=q)["spans"] for q in ("yes", "no"))
    assert yes + no == anyf["spans"]


def test_voice_agrees_with_basil_quote_flag(basil):
    corpus, hits, t = basil
    c = t["voice_confusion"]
    assert list(c.columns) == CONFUSION_COLUMNS
    assert list(t["voice_agreement"].columns) == AGREEMENT_COLUMNS
    lex = c[(c["bias"] == "lex") & (c["family"] == ANY_FAMILY)]["hits"].sum()
    assert lex == _row(t["enrichment"], bias="lex", family=ANY_FAMILY, voice="all")["hits_in_spans"]
    a = t["voice_agreement"]
    # measured 0.86 (lex) and 0.97 (inf) without scare quotes, which are narration by definition
    assert _row(a, bias="lex", family="(any but scare_quote)")["agreement"] >= 0.75
    assert _row(a, bias="inf", family="(any but scare_quote)")["agreement"] >= 0.9
    # the table is a function of the spans and hits it is given
    again = voice_agreement(voice_confusion(t["spans"], hits, bias="lex"))
    pd.testing.assert_frame_equal(again.reset_index(drop=True), a[a["bias"] == "lex"].reset_index(drop=True))


def test_same_seed_same_intervals(basil):
    corpus, hits, t = basil
    again = cue_enrichment(corpus, hits, t["spans"], n_boot=N_BOOT, seed=0)
    pd.testing.assert_frame_equal(again, t["enrichment"])
    other = cue_enrichment(corpus, hits, t["spans"], n_boot=N_BOOT, seed=1)
    assert not np.allclose(other["enrichment_token_low"].fillna(-1), t["enrichment"]["enrichment_token_low"].fillna(-1))
    pd.testing.assert_series_equal(other["enrichment_token"], t["enrichment"]["enrichment_token"])
    assert span_recall(t["spans"], hits).equals(t["span_recall"])
