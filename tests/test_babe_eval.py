"""BABE measurements: reading SG2, the Recasens pack built at run time, biased-word coverage, and
the framing-features-only classifier beside the BABE paper's 0.804."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import shared_path
from framelens.errors import CorpusError
from framelens.evaluation.babe import (BABE_PAPER_MACRO_F1, CLASSIFICATION_COLUMNS, COVERAGE_COLUMNS,
                                       biased_word_coverage, framing_classification, read_babe,
                                       recasens_pack)
from framelens.lexicons import load_lexicons
from framelens.lexicons.schema import parse_pack

TINY_PACK = """
name: tiny
family: loaded
description: test pack
sources: written for this test
categories: {negative: negative words}
entries:
  - {term: slam, category: negative, inflect: verb}
  - {term: bizarre, category: negative}
"""


@pytest.fixture(scope="module")
def babe():
    return read_babe(shared_path("babe-mbic", "data", "final_labels_SG2.csv"))


@pytest.fixture(scope="module")
def recasens():
    return recasens_pack(shared_path("recasens2013-bias-lexicons"))


@pytest.fixture(scope="module")
def coverage(babe, recasens):
    return biased_word_coverage(babe, {"framelens:loaded": load_lexicons(["loaded"]),
                                       "recasens2013:bias-lexicon": recasens}).set_index("lexicon")


def test_read_babe_matches_source_md(babe):
    assert len(babe) == 3674
    assert babe["label_bias"].value_counts().to_dict() == {"Non-biased": 1863, "Biased": 1810, "No agreement": 1}
    assert (babe["biased_words"].map(len) > 0).sum() == 1849
    row = babe[babe["text"].str.contains("characteristically bizarre")].iloc[0]
    assert row["biased_words"] == ["bizarre", "characteristically"]


def test_read_babe_errors_name_the_file(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        read_babe(tmp_path / "nope.csv")
    bad = tmp_path / "x.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing columns"):
        read_babe(bad)


def test_recasens_pack_inflects_lemmas_and_is_not_shipped(recasens):
    assert recasens.name == "recasens2013-bias" and len(recasens.entries) >= 650
    from framelens.lexicons.matcher import Matcher

    m = Matcher([recasens])
    assert [x.rule.term for x in m.find("They accused him.")] == ["accuse"]
    from framelens.lexicons import shipped_pack_names

    assert "recasens2013-bias" not in shipped_pack_names()


def test_coverage_definition_on_a_handmade_table():
    pack = parse_pack(TINY_PACK)
    df = pd.DataFrame({
        "text": ["Critics slammed the bizarre plan.", "A calm report.", "He slams it."],
        "label_bias": ["Biased", "Non-biased", "Biased"],
        # 'slammed' in context (inflection), 'plan' not covered, 'slamming' not in its sentence:
        # matched alone
        "biased_words": [["slammed", "bizarre", "plan"], [], ["slamming"]],
    })
    t = biased_word_coverage(df, {"tiny": pack}).iloc[0]
    assert list(biased_word_coverage(df, {"tiny": pack}).columns) == COVERAGE_COLUMNS
    assert (t["occurrences"], t["covered"], t["not_located"]) == (4, 3, 1)
    assert t["share"] == 0.75 and (t["words"], t["words_covered"]) == (4, 3)


def test_real_coverage_loaded_beside_recasens(coverage):
    # measured: loaded 558/3902 = 0.143 of annotated occurrences, Recasens 735/3902 = 0.188
    loaded, rec = coverage.loc["framelens:loaded"], coverage.loc["recasens2013:bias-lexicon"]
    assert loaded["occurrences"] == rec["occurrences"] == 3902
    assert loaded["share"] >= 0.12
    assert rec["share"] >= 0.17
    assert loaded["words_share"] >= 0.08 and rec["words_share"] >= 0.09
    assert loaded["not_located"] < 0.02 * loaded["occurrences"]


@pytest.mark.slow
def test_framing_features_classifier_beside_babe_bert(babe):
    t = framing_classification(babe)
    assert list(t.columns) == CLASSIFICATION_COLUMNS
    r = t.iloc[0]
    assert r["n_sentences"] == 3673 and r["n_biased"] == 1810
    assert r["reference_macro_f1"] == BABE_PAPER_MACRO_F1 == 0.804
    # measured 0.640 (sd 0.025): well above the majority baseline, well below BERT
    assert r["macro_f1"] >= 0.60
    assert r["macro_f1"] > r["baseline_macro_f1"] + 0.2
    assert 0 < r["macro_f1_sd"] < 0.1
