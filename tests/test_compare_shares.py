"""Naming shares within concepts, their intervals, and the outlet x variant independence tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framelens.compare import naming_shares, naming_tests, permutation_chi2


def _corpus(seed=0, n_docs=300, p_first=None, mentions=1.0):
    """doc_features and naming hits for outlets a, b, c and concept imm/people (X vs Y)."""
    rng = np.random.default_rng(seed)
    p_first = p_first or {"a": 0.8, "b": 0.5, "c": 0.2}
    outlets = rng.choice(sorted(p_first), n_docs)
    df = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n_docs)], "outlet": outlets,
                       "words": rng.integers(200, 900, n_docs), "naming:imm/people": 0, "naming:imm/never": 0})
    rows = []
    for doc, outlet in zip(df.doc_id, df.outlet):
        for _ in range(rng.poisson(mentions)):
            rows.append({"doc_id": doc, "family": "naming", "feature": "naming:imm/people", "concept": "imm/people",
                         "variant": "X" if rng.random() < p_first[outlet] else "Y"})
    hits = pd.DataFrame(rows)
    df["naming:imm/people"] = df["doc_id"].map(hits.groupby("doc_id").size()).fillna(0).astype(int)
    return df, hits


def test_shares_count_mentions_and_sum_to_one():
    df = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["a", "a", "b"], "words": [100, 100, 100]})
    hits = pd.DataFrame({"doc_id": ["1", "1", "2", "3", "3"], "family": "naming",
                         "concept": "p/cap", "variant": ["S", "S", "K", "K", "K"]})
    shares = naming_shares(hits, df, n_boot=50).set_index(["outlet", "variant"])
    assert shares.loc[("a", "S"), "count"] == 2 and shares.loc[("a", "S"), "concept_total"] == 3
    assert shares.loc[("a", "S"), "share"] == pytest.approx(2 / 3)
    assert shares.loc[("b", "S"), "share"] == 0.0 and shares.loc[("b", "K"), "share"] == 1.0
    assert shares.groupby(level="outlet")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert shares.loc[("b", "K"), "note"] == "one document: no interval"
    assert shares.loc[("a", "S"), "note"] == "too few documents for a studentized interval: percentile interval, " \
                                              "likely too narrow"


def test_share_intervals_cover_the_truth_and_respect_bounds():
    df, hits = _corpus(n_docs=600)
    shares = naming_shares(hits, df, n_boot=500)
    x = shares[shares.variant == "X"].set_index("outlet")
    for outlet, truth in {"a": 0.8, "b": 0.5, "c": 0.2}.items():
        assert x.loc[outlet, "ci_low"] <= truth <= x.loc[outlet, "ci_high"]
        assert x.loc[outlet, "ci_low"] <= x.loc[outlet, "share"] <= x.loc[outlet, "ci_high"]
    assert (shares["ci_low"].dropna() >= 0).all() and (shares["ci_high"].dropna() <= 1).all()
    assert list(shares.columns) == ["outlet", "concept", "variant", "count", "concept_total", "share", "ci_low",
                                    "ci_high", "note"]


def test_concept_without_hits_and_outlet_without_mentions_are_explained():
    df, hits = _corpus(n_docs=120)
    df.loc[len(df)] = {"doc_id": "zz", "outlet": "quiet", "words": 300, "naming:imm/people": 0,
                       "naming:imm/never": 0}
    shares = naming_shares(hits, df, n_boot=100)
    never = shares[shares.concept == "imm/never"]
    assert len(never) == 4 and (never.note == "no mention of this concept anywhere in the corpus").all()
    quiet = shares[(shares.outlet == "quiet") & (shares.concept == "imm/people")]
    assert quiet["share"].isna().all() and quiet["note"].str.contains("never mentions").all()
    missing = shares[["share", "ci_low", "ci_high"]].isna().any(axis=1)
    assert (shares.loc[missing, "note"] != "").all()


def test_no_hits_at_all():
    df = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["a", "b"], "words": [10, 10], "naming:p/c": [0, 0]})
    shares = naming_shares(pd.DataFrame(), df, n_boot=10)
    assert len(shares) == 2 and shares["note"].str.startswith("no mention").all()
    tests = naming_tests(pd.DataFrame(), df)
    assert tests["note"].iloc[0].startswith("no mention") and np.isnan(tests["p_value"].iloc[0])


def test_chi_square_matches_scipy_when_counts_are_large_and_unclustered():
    df, hits = _corpus(n_docs=900, mentions=0.5, seed=3)
    hits = hits.drop_duplicates("doc_id")  # one mention per document: no clustering
    tests = naming_tests(hits, df, concepts=["imm/people"])
    row = tests.iloc[0]
    assert row["test"] == "chi_square"
    table = pd.crosstab(df.set_index("doc_id").loc[hits.doc_id, "outlet"].to_numpy(), hits.variant.to_numpy())
    stat, p, dof, _ = stats.chi2_contingency(table.to_numpy(), correction=False)
    assert row["statistic"] == pytest.approx(stat) and row["p_value"] == pytest.approx(p) and row["dof"] == dof
    assert row["n"] == len(hits)


def test_auto_uses_permutation_for_small_or_clustered_counts():
    df, hits = _corpus(n_docs=40, mentions=3.0)
    row = naming_tests(hits, df, n_perm=199, concepts=["imm/people"]).iloc[0]
    assert row["test"] == "permutation_chi_square"
    assert "mentions cluster in documents" in row["note"]
    assert 1 / 200 <= row["p_value"] <= 1


def test_one_outlet_or_one_variant_nothing_to_compare():
    df, hits = _corpus(n_docs=60)
    only_a = df[df.outlet == "a"]
    row = naming_tests(hits[hits.doc_id.isin(only_a.doc_id)], only_a, concepts=["imm/people"]).iloc[0]
    assert "only one group" in row["note"] and np.isnan(row["p_value"])
    row = naming_tests(hits[hits.variant == "X"], df, concepts=["imm/people"]).iloc[0]
    assert "only one variant" in row["note"]


def _null_documents(rng, n_docs=60):
    """Variant choice independent of the outlet, but clustered: each document sticks to one name."""
    labels = rng.choice(["o1", "o2", "o3"], n_docs)
    k = 1 + rng.poisson(1.5, n_docs)
    x = rng.binomial(k, np.where(rng.random(n_docs) < 0.5, 0.9, 0.1))
    return np.column_stack([x, k - x]), labels


def test_permutation_p_values_are_uniform_under_the_null_and_chi_square_is_not():
    rng = np.random.default_rng(2)
    perm, pearson = [], []
    for _ in range(300):
        counts, labels = _null_documents(rng)
        perm.append(permutation_chi2(counts, labels, n_perm=199, rng=rng)[1])
        table = np.array([counts[labels == g].sum(axis=0) for g in np.unique(labels)])
        pearson.append(stats.chi2_contingency(table, correction=False)[1])
    perm, pearson = np.array(perm), np.array(pearson)
    assert stats.kstest(perm, "uniform").pvalue > 0.01
    # rejections at 5%: binomial sd over 300 nulls is 1.3 points (measured 4.8% on 2,000)
    assert (perm <= 0.05).mean() <= 0.05 + 3 * 0.0126
    # Pearson's test treats clustered mentions as independent and rejects far too often (~33%):
    # why ``auto`` sends clustered mentions to the permutation test
    assert (pearson <= 0.05).mean() > 0.15


def test_tests_are_bh_adjusted_across_concepts():
    df, hits = _corpus(n_docs=200, mentions=2.0)
    hits2 = hits.assign(concept="imm/other", feature="naming:imm/other")
    tests = naming_tests(pd.concat([hits, hits2]), df.assign(**{"naming:imm/other": 0}), n_perm=199)
    tested = tests.dropna(subset=["p_value"])
    assert len(tested) == 2
    assert (tested["p_adjusted"] >= tested["p_value"]).all()
    assert list(tests.columns) == ["analysis", "concept_or_feature", "test", "statistic", "dof", "p_value",
                                   "p_adjusted", "n", "note"]


def test_variant_usage_counts_documents_not_mentions():
    from framelens.compare import variant_usage

    df = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "outlet": ["a", "a", "a", "b"], "words": [100] * 4})
    hits = pd.DataFrame({"doc_id": ["1", "1", "1", "2", "4"], "family": "naming", "concept": "p/c",
                         "variant": ["S", "S", "S", "K", "K"]})
    usage = variant_usage(hits, df, n_boot=100).set_index(["outlet", "variant"])
    # "S" is said three times, but in one of a's three documents
    assert usage.loc[("a", "S"), "docs_using"] == 1 and usage.loc[("a", "S"), "share_docs"] == pytest.approx(1 / 3)
    assert usage.loc[("a", "K"), "share_docs"] == pytest.approx(1 / 3)
    assert usage.loc[("b", "S"), "share_docs"] == 0 and usage.loc[("b", "S"), "note"] == "one document: no interval"
    big, bighits = _corpus(n_docs=400)
    u = variant_usage(bighits, big, n_boot=300).set_index(["outlet", "variant"])
    for outlet in ("a", "b", "c"):
        row = u.loc[(outlet, "X")]
        assert 0 <= row["ci_low"] <= row["share_docs"] <= row["ci_high"] <= 1 and row["note"] == ""
