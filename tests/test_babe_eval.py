"""BABE measurements: reading SG2, the Recasens pack built at run time, biased-word coverage, the
framing-features-only classifier beside the BABE paper's 0.804, and whether framing features add to
words (framelens.evaluation.babe.representation_comparison).

The comparison on the shared data runs here with C = 1 (no inner search over C) and 300 bootstrap
replicates to keep it to seconds; the CLI searches C in (0.1, 1, 10) and uses 2000 replicates.
"""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import shared_path
from framelens.errors import CorpusError
import framelens as fl
from framelens.evaluation.babe import (BABE_PAPER_MACRO_F1, CLASSIFICATION_COLUMNS, COMPARISON_COLUMNS,
                                       COVERAGE_COLUMNS, DIFFERENCE_COLUMNS, FOLD_COLUMNS, REPRESENTATIONS,
                                       biased_word_coverage, framing_classification, read_babe, recasens_pack,
                                       representation_comparison)
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
    # measured: loaded 455/3902 = 0.117 of annotated occurrences (0.143 before loaded pack v2 dropped
    # descriptive words), Recasens 735/3902 = 0.188
    loaded, rec = coverage.loc["framelens:loaded"], coverage.loc["recasens2013:bias-lexicon"]
    assert loaded["occurrences"] == rec["occurrences"] == 3902
    assert loaded["share"] >= 0.10
    assert rec["share"] >= 0.17
    assert loaded["words_share"] >= 0.065 and rec["words_share"] >= 0.09
    assert loaded["not_located"] < 0.02 * loaded["occurrences"]


def test_framing_classification_is_the_framing_row_beside_babe_bert():
    # the real-data run is test_framing_features_beside_words_on_babe (framing 0.635 with C = 1);
    # here: the same folds and model as the comparison's framing row, beside BERT's 0.804
    toy = _toy_table()
    t = framing_classification(toy, folds=4, seed=3)
    assert list(t.columns) == CLASSIFICATION_COLUMNS
    r = t.iloc[0]
    assert r["n_sentences"] == 48 and r["n_biased"] == 24
    assert r["reference_macro_f1"] == BABE_PAPER_MACRO_F1 == 0.804
    s = representation_comparison(toy, folds=4, seed=3, n_boot=0, Cs=(1.0,),
                                  representations=["framing", "majority"])["scores"].set_index("representation")
    assert r["macro_f1"] == pytest.approx(s.loc["framing", "macro_f1"])
    assert r["baseline_macro_f1"] == pytest.approx(s.loc["majority", "macro_f1"])
    assert r["macro_f1"] > r["baseline_macro_f1"] + 0.2


def _toy_table(n=48):
    """Synthetic sentences (generated here): biased ones carry boosters and loaded words."""
    biased = ["Critics clearly slammed the outrageous plan again.", "It is obviously a disastrous and shameful idea.",
              "The radical mayor certainly destroyed the city.", "Undoubtedly the reckless council failed badly."]
    plain = ["The council met on Tuesday to discuss the plan.", "The mayor said the budget would be published.",
             "Officials reviewed the proposal in a meeting.", "The report was released on Monday morning."]
    rows = [{"text": (biased if i % 2 else plain)[i % 4] + f" Item {i}.", "label_bias": "Biased" if i % 2 else
             "Non-biased"} for i in range(n)]
    return pd.DataFrame(rows + [{"text": "Unclear.", "label_bias": "No agreement"}])


def test_representation_comparison_uses_the_same_folds_for_every_representation():
    res = representation_comparison(_toy_table(), folds=4, seed=3, n_boot=100, Cs=(1.0,))
    scores, folds, diffs = res["scores"], res["folds"], res["differences"]
    assert list(scores.columns) == COMPARISON_COLUMNS and list(folds.columns) == FOLD_COLUMNS
    assert list(diffs.columns) == DIFFERENCE_COLUMNS
    assert list(scores["representation"]) == list(REPRESENTATIONS)
    assert (scores["n_sentences"] == 48).all()  # "No agreement" dropped
    sizes = folds.pivot(index="fold", columns="representation", values="n_test")
    assert (sizes.nunique(axis=1) == 1).all() and sizes.iloc[:, 0].sum() == 48
    assert list(diffs["comparison"]) == ["framing+words - words", "framing - majority", "words - framing"]
    s = scores.set_index("representation")
    d = diffs.set_index("comparison").loc["framing+words - words"]
    pooled = s["macro_f1_pooled"]
    assert d["pooled_diff"] == pytest.approx(pooled["framing+words"] - pooled["words"])
    assert d["boot_low"] <= d["pooled_diff"] <= d["boot_high"]
    assert s.loc["majority", "macro_f1"] <= 0.5  # one class predicted: the other class's F1 is 0
    assert s.loc["framing", "macro_f1"] > 0.8    # boosters and loaded words tell the toy classes apart
    assert s.loc["framing+words", "n_features"] == s.loc["framing", "n_features"] + s.loc["words", "n_features"]


def test_representation_comparison_errors():
    with pytest.raises(CorpusError, match="unknown representation"):
        representation_comparison(_toy_table(), representations=["bert"])
    with pytest.raises(CorpusError, match="missing columns"):
        representation_comparison(pd.DataFrame({"sentence": ["a"]}))


@pytest.fixture(scope="module")
def comparison():
    docs = fl.load_corpus(shared_path("babe-mbic")).documents  # the default path: same sentences as SG2
    return representation_comparison(docs, n_boot=300, Cs=(1.0,))


@pytest.mark.slow
def test_framing_features_beside_words_on_babe(comparison):
    s = comparison["scores"].set_index("representation")
    assert (s["n_sentences"] == 3673).all() and (s["n_biased"] == 1810).all()
    # measured with C = 1: framing 0.635, words 0.720, framing+words 0.723 (difference +0.004,
    # corrected p 0.58), majority 0.337; whether framing adds to words is reported, not asserted
    assert s.loc["framing", "macro_f1"] >= 0.60
    assert s.loc["words", "macro_f1"] >= 0.68
    assert s.loc["framing+words", "macro_f1"] >= 0.68
    assert s.loc["words", "macro_f1"] > s.loc["framing", "macro_f1"]
    assert s.loc["majority", "macro_f1"] < 0.4
    d = comparison["differences"].set_index("comparison")
    headline = d.loc["framing+words - words"]
    assert headline["folds"] == 5 and headline["ci_low"] <= headline["mean_diff"] <= headline["ci_high"]
    assert headline["boot_low"] <= headline["pooled_diff"] <= headline["boot_high"]
    assert 0 <= headline["p_corrected"] <= 1
    assert d.loc["framing - majority", "ci_low"] > 0.15
