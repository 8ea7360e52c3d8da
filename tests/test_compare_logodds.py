"""Distinctive terms: log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008),
checked against examples worked by hand from the formula."""
from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from framelens.compare import distinctive_terms, log_odds_dirichlet
from framelens.compare.logodds import group_term_counts, make_vectorizer
from framelens.errors import AnalysisError

# Three outlets, words only. Vocabulary (sorted): peace, talks, war.
#   a: "war war peace"      -> peace 1, talks 0, war 2   n_a = 3
#   b: "peace peace talks"  -> peace 2, talks 1, war 0   n_b = 3
#   c: "talks"              -> peace 0, talks 1, war 0   n_c = 1
DOCS = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["a", "b", "c"],
                     "text": ["War war, peace.", "Peace peace talks", "talks"]})


def _row(table, group, comparison, term):
    return table[(table.group == group) & (table.comparison == comparison) & (table.term == term)].iloc[0]


def test_hand_worked_example_uniform_prior_pairwise():
    # alpha_w = 1 for every term, alpha_0 = 3. "war", a against b:
    #   a: (y + alpha) = 2 + 1 = 3, (n + alpha_0 - y - alpha) = 3 + 3 - 3 = 3  -> log(3/3) = 0
    #   b: (y + alpha) = 0 + 1 = 1, (n + alpha_0 - y - alpha) = 3 + 3 - 1 = 5  -> log(1/5)
    #   delta = 0 - log(1/5) = log 5 = 1.6094379
    #   variance = 1/3 + 1/3 + 1/1 + 1/5 = 1.8666667;  z = 1.6094379 / sqrt(1.8666667) = 1.1779879
    # "peace", a against b:
    #   a: 1 + 1 = 2, 3 + 3 - 2 = 4 -> log(1/2);  b: 2 + 1 = 3, 3 + 3 - 3 = 3 -> log(1) = 0
    #   delta = log(0.5) = -0.6931472; variance = 1/2 + 1/4 + 1/3 + 1/3 = 1.4166667; z = -0.5823601
    out = distinctive_terms(DOCS, prior="uniform", prior_scale=1.0, ngram_range=(1, 1), min_count=1)
    war = _row(out, "a", "b", "war")
    assert (war["count_group"], war["count_other"], war["freq"], war["ngram"]) == (2, 0, 2, 1)
    assert war["delta"] == pytest.approx(1.6094379, abs=1e-7)
    assert war["variance"] == pytest.approx(1.8666667, abs=1e-7)
    assert war["z"] == pytest.approx(1.1779879, abs=1e-7)
    peace = _row(out, "a", "b", "peace")
    assert peace["delta"] == pytest.approx(-0.6931472, abs=1e-7)
    assert peace["variance"] == pytest.approx(1.4166667, abs=1e-7)
    assert peace["z"] == pytest.approx(-0.5823601, abs=1e-7)
    # the other direction is the mirror image
    back = _row(out, "b", "a", "war")
    assert back["delta"] == pytest.approx(-war["delta"]) and back["variance"] == pytest.approx(war["variance"])


def test_hand_worked_example_against_the_rest():
    # "war", a against the rest (b + c: peace 2, talks 2, war 0; n_rest = 4), alpha_w = 1, alpha_0 = 3:
    #   a: 3 / (3 + 3 - 3) = 3/3;  rest: (0 + 1) / (4 + 3 - 1) = 1/6
    #   delta = log 6 = 1.7917595; variance = 1/3 + 1/3 + 1 + 1/6 = 1.8333333; z = 1.3233021
    out = distinctive_terms(DOCS, prior="uniform", prior_scale=1.0, ngram_range=(1, 1), min_count=1,
                            comparisons=("rest",))
    war = _row(out, "a", "rest", "war")
    assert war["count_other"] == 0
    assert war["delta"] == pytest.approx(1.7917595, abs=1e-7)
    assert war["variance"] == pytest.approx(1.8333333, abs=1e-7)
    assert war["z"] == pytest.approx(1.3233021, abs=1e-7)
    assert set(out.comparison) == {"rest"}


def test_hand_worked_example_pooled_prior():
    # pooled counts: peace 3, talks 2, war 2; prior_scale 0.5 -> alpha = (1.5, 1, 1), alpha_0 = 3.5
    # "war", a against the rest:
    #   a: (2 + 1) / (3 + 3.5 - 3) = 3 / 3.5;  rest: (0 + 1) / (4 + 3.5 - 1) = 1 / 6.5
    #   delta = log(3 * 6.5 / 3.5) = 1.7176515
    #   variance = 1/3 + 1/3.5 + 1/1 + 1/6.5 = 1.7728938;  z = 1.2900118
    out = distinctive_terms(DOCS, prior="pooled", prior_scale=0.5, ngram_range=(1, 1), min_count=1,
                            comparisons=("rest",))
    war = _row(out, "a", "rest", "war")
    assert war["delta"] == pytest.approx(1.7176515, abs=1e-7)
    assert war["variance"] == pytest.approx(1.7728938, abs=1e-7)
    assert war["z"] == pytest.approx(1.2900118, abs=1e-7)


def test_array_function_matches_the_formula():
    res = log_odds_dirichlet([2, 1, 0], [0, 2, 1], 1.0)
    assert res["delta"][2] == pytest.approx(math.log(1 / 5) - math.log(2 / 4))
    assert res["variance"][2] == pytest.approx(1 / 1 + 1 / 5 + 1 / 2 + 1 / 4)
    with pytest.raises(AnalysisError, match="positive"):
        log_odds_dirichlet([1], [1], 0.0)


def test_delta_is_an_effect_size_and_z_grows_with_the_corpus():
    # Four copies of the corpus: counts, totals and the pooled prior all scale by 4, so every
    # (y + alpha) / (n + alpha_0 - y - alpha) is unchanged (same delta) and every variance term is
    # divided by 4 (z doubles).
    once = distinctive_terms(DOCS, ngram_range=(1, 2), min_count=1)
    four = distinctive_terms(pd.concat([DOCS] * 4, ignore_index=True), ngram_range=(1, 2), min_count=1)
    key = ["group", "comparison", "term"]
    m = once.merge(four, on=key, suffixes=("", "_4"))
    assert len(m) == len(once)
    assert np.allclose(m["delta"], m["delta_4"])
    assert np.allclose(m["z_4"], 2 * m["z"])


def test_words_and_bigrams_are_separate_multinomials():
    out = distinctive_terms(DOCS, prior="uniform", prior_scale=1.0, min_count=1, comparisons=("rest",))
    bigram = _row(out, "a", "rest", "war war")
    assert bigram["ngram"] == 2
    # bigrams of a: "war war", "war peace" (n_a = 2); of the rest: "peace peace", "peace talks" (n = 2);
    # four bigram types, alpha_0 = 4:  delta = log(2 / (2 + 4 - 2)) - log(1 / (2 + 4 - 1)) = log(2.5)
    assert bigram["delta"] == pytest.approx(math.log(2 / 4) - math.log(1 / 5))
    # the tokeniser is framelens' word definition, lower-cased: "War war," gives "war" twice
    assert _row(out, "a", "rest", "war")["count_group"] == 2


def test_typography_is_folded_so_that_apostrophe_style_is_not_a_distinctive_term():
    docs = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["a", "b"],
                         "text": ["It’s a well‐known claim.", "It's a well-known claim."]})
    out = distinctive_terms(docs, prior="uniform", prior_scale=1.0, min_count=1, comparisons=("rest",))
    words = set(out.loc[out["ngram"] == 1, "term"])
    assert {"it's", "well-known"} <= words and not {"it’s", "well‐known"} & words
    row = _row(out, "a", "rest", "it's")
    assert row["count_group"] == 1 and row["count_other"] == 1 and row["delta"] == pytest.approx(0.0)


def test_counts_stay_sparse():
    class NoDense(sparse.csr_matrix):
        def toarray(self, *a, **k):
            raise AssertionError("the document-term matrix was densified")

        todense = toarray

    class Vec:
        def __init__(self):
            self.inner = make_vectorizer((1, 2))

        def fit_transform(self, texts):
            return NoDense(self.inner.fit_transform(texts))

        def get_feature_names_out(self):
            return self.inner.get_feature_names_out()

    groups, terms, counts = group_term_counts(DOCS, vectorizer=Vec())
    assert sparse.issparse(counts) and counts.shape == (3, len(terms))
    out = distinctive_terms(DOCS, vectorizer=Vec(), min_count=1)
    assert len(out) > 0


def test_background_prior_and_missing_terms(caplog):
    background = pd.Series({"war": 10, "peace": 10, "talks": 10})
    with caplog.at_level(logging.WARNING):
        out = distinctive_terms(DOCS, prior="background", background=background, prior_scale=0.1,
                                ngram_range=(1, 2), min_count=1, comparisons=("rest",))
    # bigrams are not in this background: they get the smallest alpha, and the log says so
    assert "not in the background" in caplog.text
    war = _row(out, "a", "rest", "war")
    # alpha = 1 for each word, alpha_0 = 3 -> the uniform-prior example above
    assert war["delta"] == pytest.approx(math.log(6))
    with pytest.raises(AnalysisError, match="background"):
        distinctive_terms(DOCS, prior="background")
    with pytest.raises(AnalysisError, match="unknown prior"):
        distinctive_terms(DOCS, prior="flat")


def test_filters_and_degenerate_input(caplog):
    out = distinctive_terms(DOCS, min_count=3, ngram_range=(1, 1))
    assert set(out.term) == {"peace"}  # the only word seen 3 times
    top = distinctive_terms(DOCS, min_count=1, top_n=1, ngram_range=(1, 1))
    assert top.groupby(["group", "comparison"]).size().max() == 1
    with caplog.at_level(logging.WARNING):
        one = distinctive_terms(DOCS.assign(outlet="a"))
        assert one.empty and "at least two groups" in caplog.text
        many = pd.DataFrame({"doc_id": list("abcd"), "outlet": list("abcd"), "text": ["x y"] * 4})
        skipped = distinctive_terms(many, min_count=1, max_pairwise_groups=3)
        assert set(skipped.comparison) == {"rest"} and "pairwise comparisons skipped" in caplog.text
        assert set(skipped.ngram) == {1} and "2-grams skipped" in caplog.text  # one bigram type only
    assert list(out.columns) == ["group", "comparison", "term", "ngram", "count_group", "count_other", "delta",
                                 "variance", "z", "freq"]
