"""NewsWCL50: mention-level precision and recall (the headline, in-sample) and the older share
comparison (secondary), with honest lower bounds.

Mention level, measured with the rules of this commit (python -m framelens.evaluation.newswcl50
../shared/data/newswcl50): precision / recall Kim Jong Un 0.979 / 0.955, Trump 0.933 / 0.899, North
Korea 0.921 / 0.615, caravan 0.953 / 0.851, Iran deal 0.923 / 0.539, Comey 0.945 / 0.955, pooled
0.940 / 0.838; 2 of the 1,335 annotated mentions of these codes not placed. In-sample: the newswcl50
pack was written from these annotations.

Shares (secondary): Kim Jong Un coverage 0.97, share r 0.99, top variant agrees for 5/5 outlets;
Trump 0.91, 0.999, 5/5; North Korea 0.60, 0.99, 5/5; caravan 0.85, 0.99, 5/5. The bounds below
leave room for the concurrent lexicon changes, not for a regression.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

import framelens as fl
from framelens.corpus.model import build_corpus
from framelens.errors import AnalysisError, CorpusError
from framelens.evaluation.newswcl50 import (CONCEPT_CODES, IN_SAMPLE, MENTION_COLUMNS, POOLED, SCORE_COLUMNS,
                                            UNMAPPED, agreement_summary, mention_evaluation, mention_pattern,
                                            naming_share_comparison, place_mentions, read_annotations)


def _ann(rows):
    """Annotation rows as read_annotations gives them: (id, code, mention, paragraph, sentence, start)."""
    return pd.DataFrame([dict(id=i, code_type="ACTOR", code_name=code, code_mention=mention, target_concept="",
                              event_id="0", publisher_id="L", paragraph=str(p), sentence=str(s), start=str(t),
                              end=str(t), outlet="New York Times", line=k + 3)
                         for k, (i, code, mention, p, s, t) in enumerate(rows)])


def test_mention_pattern_undoes_the_annotators_tokens():
    text = 'Pyongyang\'s envoy called it “a bad deal” (really). Kimberly met Kim.'
    folded = text.lower().replace("“", '"').replace("”", '"')
    assert mention_pattern("Pyongyang 's envoy").search(folded).group() == "pyongyang's envoy"
    assert mention_pattern("``a bad deal''").search(folded).span() == (text.index("“"), text.index("”") + 1)
    assert mention_pattern("-LRB- really -RRB-").search(folded)
    assert [m.start() for m in mention_pattern("Kim").finditer(folded)] == [text.index("Kim.")]
    assert mention_pattern("   ") is None


def test_place_mentions_uses_paragraphs_and_anchors():
    text = ("Kim meets Trump\n"                                             # paragraph 0
            "Trump said Kim would come. Later Kim said Trump lied.\n"       # paragraph 1: two of each
            "\n"
            "Nothing here.")
    corpus = build_corpus([{"doc_id": "0_L", "text": text, "source": "x", "outlet": "o", "event_id": "0"}])
    ann = _ann([("a0", "PRK\\Kim", "Kim", 0, 0, 0),
                ("a1", "USA\\Trump", "Trump said", 1, 1, 0),     # unique: an anchor at the paragraph start
                ("a2", "PRK\\Kim", "Kim", 1, 2, 1),              # the second sentence's Kim (token 1)
                ("a3", "USA\\Trump", "Trump lied", 1, 2, 4),     # unique: an anchor in the second sentence
                ("a4", "PRK\\Kim", "Kim", 1, 2, 1),              # the same row again
                ("a5", "USA\\Trump", "Mr. Trump", 1, 1, 0)])     # not in the text
    m = place_mentions(corpus, ann).set_index("annotation_id")
    assert list(place_mentions(corpus, ann).columns) == MENTION_COLUMNS
    assert m.loc["a0", "placement"] == "unique_in_paragraph" and m.loc["a0", "start"] == 0
    assert m.loc["a1", "start"] == text.index("Trump said")
    assert m.loc["a2", "placement"] == "nearest_to_anchors"
    assert m.loc["a2", "start"] == text.index("Later Kim") + len("Later ")
    assert m.loc["a4", "placement"] == "duplicate_row" and m.loc["a4", "start"] == m.loc["a2", "start"]
    assert m.loc["a5", "placement"] == "unplaced" and m.loc["a5", "start"] == -1 and m.loc["a5", "note"]
    placed = m[m["start"] >= 0]
    assert all(text[a:b].lower().startswith(x.split()[0].lower()) for a, b, x in
               zip(placed["start"], placed["end"], placed["code_mention"]))


def test_read_annotations_errors_name_the_file(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        read_annotations(tmp_path)
    (tmp_path / "hamborg_original").mkdir()
    (tmp_path / "hamborg_original" / "Annotations.csv").write_text("sep=,\nid,code_name\n1,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing columns"):
        read_annotations(tmp_path)


def test_unknown_concept_is_a_clear_error():
    with pytest.raises(AnalysisError, match="no NewsWCL50 codes"):
        mention_evaluation("unused", concepts=["nope"])


@pytest.fixture(scope="module")
def newswcl50():
    corpus = fl.load_corpus(shared_path("newswcl50"))
    return corpus, fl.extract(corpus)


@pytest.fixture(scope="module")
def mentions(newswcl50):
    corpus, hits = newswcl50
    return mention_evaluation(shared_path("newswcl50"), corpus=corpus, hits=hits, top=10_000)


@pytest.fixture(scope="module")
def scores(mentions):
    return mentions["scores"].set_index("concept")


def test_scores_layout_and_in_sample_label(mentions, scores):
    s = mentions["scores"]
    assert list(s.columns) == SCORE_COLUMNS
    assert list(s["concept"]) == list(CONCEPT_CODES) + [POOLED]
    assert (s["sample"] == IN_SAMPLE).all() and s["note"].str.contains("in-sample").all()
    per = s[s["concept"] != POOLED]
    for col in ("hits", "hits_matched", "mentions", "mentions_found", "mentions_unplaced", "hits_other_events"):
        assert per[col].sum() == scores.loc[POOLED, col]
    assert ((s["precision_low"] <= s["precision"]) & (s["precision"] <= s["precision_high"])).all()
    assert ((s["recall_low"] <= s["recall"]) & (s["recall"] <= s["recall_high"])).all()


def test_almost_every_annotated_mention_is_placed(newswcl50, mentions, scores):
    corpus, _ = newswcl50
    m = mentions["mentions"]
    assert len(m) == 8694  # every row of Annotations.csv, placed or not
    codes = [c for cs in CONCEPT_CODES.values() for c in cs]
    scored = m[m["code_name"].isin(codes)]
    assert (scored["start"] < 0).sum() <= 0.01 * len(scored)
    assert (m["start"] >= 0).mean() >= 0.9  # all codes, most of them long phrases
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    placed = scored[scored["start"] >= 0]
    # a placed mention is the mention's words at that place of the cleaned text
    assert all(mention_pattern(x).fullmatch(texts[d][a:b].lower().replace("’", "'").replace("“", '"')
                                            .replace("”", '"').replace("‘", "'"))
               for d, a, b, x in zip(placed["doc_id"], placed["start"], placed["end"], placed["code_mention"]))


@pytest.mark.parametrize("concept,precision,recall", [
    ("kim_jong_un", 0.9, 0.88), ("trump", 0.88, 0.83), ("north_korea", 0.85, 0.5), ("caravan", 0.88, 0.75),
    ("iran_deal", 0.8, 0.42), ("comey", 0.88, 0.88), (POOLED, 0.9, 0.78)])
def test_mention_precision_and_recall(scores, concept, precision, recall):
    row = scores.loc[concept]
    assert row["precision"] >= precision
    assert row["recall"] >= recall
    assert row["mentions"] >= 40 and row["hits"] >= 40


def test_error_strings_add_up(mentions, scores):
    missed, fp = mentions["missed"], mentions["false_positives"]
    for concept in CONCEPT_CODES:
        row = scores.loc[concept]
        assert missed.loc[missed["concept"] == concept, "count"].sum() == row["mentions"] - row["mentions_found"]
        assert fp.loc[fp["concept"] == concept, "count"].sum() == row["hits"] - row["hits_matched"]


@pytest.fixture(scope="module")
def table(newswcl50):
    corpus, hits = newswcl50
    return naming_share_comparison(shared_path("newswcl50"), corpus=corpus, hits=hits)


@pytest.fixture(scope="module")
def summary(table):
    return agreement_summary(table).set_index("concept")


def test_table_layout(table):
    assert list(table.columns) == ["concept", "outlet", "variant", "framelens_count", "framelens_share",
                                   "annotated_count", "annotated_share", "annotated_share_all", "note"]
    assert set(table["outlet"]) == {"HuffPost", "New York Times", "USA Today", "Fox News", "Breitbart"}
    for (concept, outlet), t in table.groupby(["concept", "outlet"]):
        mapped = t[t["variant"] != UNMAPPED]
        assert np.isclose(mapped["framelens_share"].sum(), 1.0) or mapped["framelens_count"].sum() == 0
        assert np.isclose(t["annotated_share_all"].sum(), 1.0)


@pytest.mark.parametrize("concept,coverage,corr", [("kim_jong_un", 0.9, 0.95), ("trump", 0.85, 0.97),
                                                    ("north_korea", 0.55, 0.9), ("caravan", 0.8, 0.9)])
def test_shares_follow_the_annotations(summary, concept, coverage, corr):
    row = summary.loc[concept]
    assert row["coverage"] >= coverage
    assert row["share_correlation"] >= corr
    assert row["mean_abs_share_diff"] <= 0.05
    assert 0.8 <= row["hits_per_covered_mention"] <= 1.25
    assert row["top_variant_agreement"] >= 4


def test_house_styles_are_visible(table):
    kim = table[table["concept"] == "kim_jong_un"].set_index(["outlet", "variant"])
    # the New York Times writes "Mr. Kim"; Fox News and Breitbart say "dictator", the Times never does
    assert kim.loc[("New York Times", "Mr. Kim"), "framelens_share"] > 0.6
    assert kim.loc[("New York Times", "dictator"), "framelens_count"] == 0
    assert kim.loc[("Fox News", "dictator"), "framelens_count"] >= 3
    assert kim.loc[("Breitbart", "dictator"), "framelens_count"] >= 2
