"""Naming shares within concepts, their intervals (outlet resampling for groups of outlets, Jeffreys at
small n), and the outlet x variant independence tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framelens.compare import naming_shares, naming_tests, permutation_chi2
from framelens.compare.resample import bootstrap_ratio
from framelens.compare.shares import SMALL_N, effective_n, jeffreys_interval, widen_to_jeffreys


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
    assert shares.loc[("a", "S"), "note"] == "too few documents for a studentized interval (fewer than 6, or no " \
                                              "spread): percentile interval widened to Jeffreys, may still be too narrow"
    assert shares["small_n"].all() and set(shares["scheme"]) == {"documents"}


def test_share_intervals_cover_the_truth_and_respect_bounds():
    df, hits = _corpus(n_docs=600)
    shares = naming_shares(hits, df, n_boot=500)
    x = shares[shares.variant == "X"].set_index("outlet")
    for outlet, truth in {"a": 0.8, "b": 0.5, "c": 0.2}.items():
        assert x.loc[outlet, "ci_low"] <= truth <= x.loc[outlet, "ci_high"]
        assert x.loc[outlet, "ci_low"] <= x.loc[outlet, "share"] <= x.loc[outlet, "ci_high"]
    assert (shares["ci_low"].dropna() >= 0).all() and (shares["ci_high"].dropna() <= 1).all()
    assert list(shares.columns) == ["outlet", "concept", "variant", "count", "concept_total", "share", "ci_low",
                                    "ci_high", "note", "scheme", "n_outlets", "small_n"]
    mentioned = shares["concept_total"] > 0
    assert not shares.loc[mentioned, "small_n"].any() and shares.loc[~mentioned, "small_n"].all()
    assert (shares["n_outlets"] == 1).all()


def test_jeffreys_interval_is_the_beta_posterior_interval_with_closed_boundaries():
    low, high = jeffreys_interval([3, 0, 4, 2.5], [10, 4, 4, 5])
    assert low[0] == pytest.approx(stats.beta.ppf(0.025, 3.5, 7.5))
    assert high[0] == pytest.approx(stats.beta.ppf(0.975, 3.5, 7.5))
    assert low[1] == 0.0 and 0 < high[1] < 1       # none of 4: [0, 0.44]
    assert 0 < low[2] < 1 and high[2] == 1.0       # all of 4: [0.56, 1], never "100% [100, 100]"
    assert low[3] < 0.5 < high[3]                  # an effective n need not be whole
    assert np.isnan(jeffreys_interval(0, 0)[0][0])


def test_effective_n_from_the_design_effect():
    # binomial spread: n_eff is n; twice the variance: half; share 0 or 1 (no spread): the units
    p, n = 0.3, 200
    sd = np.sqrt(p * (1 - p) / n)
    assert effective_n(p, n, 50, sd) == pytest.approx(n)
    assert effective_n(p, n, 50, sd * np.sqrt(2)) == pytest.approx(n / 2)
    assert effective_n(p, n, 50, sd / 10) == n          # never more than the mentions
    assert effective_n(1.0, 12, 3, 0.0) == 3 and effective_n(0.0, 2, 5, np.nan) == 2


def _sticky_documents(rng, n_docs, p_doc=0.8):
    """Mentions per document (1 + Poisson(0.7)); a document mostly sticks to one name."""
    k = 1 + rng.poisson(0.7, n_docs)
    x = rng.binomial(k, np.where(rng.random(n_docs) < p_doc, 0.9, 0.1))
    return x.astype(float), k.astype(float)


def test_small_n_share_intervals_cover_where_the_bootstrap_alone_degenerates():
    # With four documents the bootstrap alone is often "100% [100, 100]" and covers the true share
    # (0.74) 74% of the time (1,000 datasets, benchmarks/interval_coverage.py); widened to Jeffreys at
    # the effective n it covers 98% and is never of zero width. With 40 documents the two agree (97%,
    # same width).
    truth = 0.8 * 0.9 + 0.2 * 0.1
    for n_docs, datasets in ((4, 300), (40, 100)):
        rng = np.random.default_rng(0)
        boot_cover = wide_cover = zero_width = 0
        widths = []
        for _ in range(datasets):
            x, k = _sticky_documents(rng, n_docs)
            b = bootstrap_ratio(x[:, None], k, n_boot=300, rng=rng, upper=1.0)
            share = x.sum() / k.sum()
            low, high = widen_to_jeffreys(share, k.sum(), n_docs, b["sd"], b["low"], b["high"])
            boot_cover += b["low"][0] <= truth <= b["high"][0]
            wide_cover += low[0] <= truth <= high[0]
            zero_width += high[0] <= low[0]
            assert low[0] <= min(b["low"][0], share) and high[0] >= max(b["high"][0], share)
            widths.append((high[0] - low[0]) / max(b["high"][0] - b["low"][0], 1e-12))
        assert zero_width == 0
        if n_docs == 4:
            assert boot_cover / datasets < 0.85 and wide_cover / datasets >= 0.93, (boot_cover, wide_cover)
        else:
            assert wide_cover / datasets >= 0.9 and np.median(widths) < 1.05


@pytest.mark.parametrize("scheme", ["auto", "documents", "outlets"])
def test_small_n_shares_are_never_zero_width_and_are_flagged(scheme):
    rng = np.random.default_rng(11)
    for trial in range(6):
        n_docs = int(rng.integers(2, 7))
        df = pd.DataFrame({"doc_id": [f"t{trial}d{i}" for i in range(n_docs)], "outlet": [f"o{i % 3}" for i in
                                                                                        range(n_docs)],
                           "leaning": "left", "words": 100})
        rows = [{"doc_id": d, "family": "naming", "concept": "c/x", "variant": rng.choice(["X", "Y"], p=[0.8, 0.2])}
                for d in df.doc_id for _ in range(int(rng.integers(1, 3)))]
        shares = naming_shares(pd.DataFrame(rows), df, by="leaning", n_boot=200, seed=trial, scheme=scheme)
        ok = shares.dropna(subset=["ci_low"])
        assert len(ok) or shares["note"].str.contains("one outlet|one document").all()
        assert (ok["ci_high"] > ok["ci_low"]).all(), ok
        assert ((ok["ci_low"] <= ok["share"]) & (ok["share"] <= ok["ci_high"])).all()
        assert (shares["small_n"] == (shares["concept_total"] < SMALL_N)).all()
    # four mentions of one name in two documents: not "100% [100, 100]"
    df = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["a", "a"], "words": [100, 100]})
    hits = pd.DataFrame({"doc_id": ["1", "1", "2", "2"], "family": "naming", "concept": "c/x", "variant": "X"})
    row = naming_shares(hits, df, n_boot=200).iloc[0]
    assert row["share"] == 1.0 and row["ci_high"] == 1.0 and row["ci_low"] < 0.9 and row["small_n"]


def _leaning_corpus(seed=0, outlets_per_leaning=6, docs_per_outlet=12):
    """Two leanings of several outlets; each outlet has its own naming habit (p of "X")."""
    rng = np.random.default_rng(seed)
    docs, hits = [], []
    for leaning, centre in (("left", 0.3), ("right", 0.7)):
        for o in range(outlets_per_leaning):
            outlet = f"{leaning}{o}"
            p = float(np.clip(centre + rng.normal(0, 0.2), 0.02, 0.98))
            for i in range(docs_per_outlet):
                doc = f"{outlet}-{i:02d}"
                docs.append({"doc_id": doc, "outlet": outlet, "leaning": leaning, "words": 500})
                hits += [{"doc_id": doc, "family": "naming", "concept": "c/x", "variant": "X" if rng.random() < p
                          else "Y"} for _ in range(int(rng.integers(1, 4)))]
    return pd.DataFrame(docs), pd.DataFrame(hits)


def test_shares_by_leaning_resample_outlets_reproducibly():
    df, hits = _leaning_corpus()
    by_outlets = naming_shares(hits, df, by="leaning", n_boot=400, seed=3)
    by_docs = naming_shares(hits, df, by="leaning", n_boot=400, seed=3, scheme="documents")
    assert set(by_outlets["scheme"]) == {"outlets"} and set(by_docs["scheme"]) == {"documents"}
    assert (by_outlets["n_outlets"] == 6).all() and not by_outlets["note"].str.contains("outlets in this group").any()
    assert by_docs["note"].str.contains("6 outlets in this group but documents resampled").all()
    w_out = (by_outlets["ci_high"] - by_outlets["ci_low"]).to_numpy()
    w_doc = (by_docs["ci_high"] - by_docs["ci_low"]).to_numpy()
    assert (w_out > 1.3 * w_doc).all(), (w_out, w_doc)
    assert np.allclose(by_outlets["share"], by_docs["share"])
    again = naming_shares(hits.sample(frac=1, random_state=1), df.sample(frac=1, random_state=2), by="leaning",
                          n_boot=400, seed=3)
    pd.testing.assert_frame_equal(by_outlets, again)
    # grouping by outlet is untouched by outlet resampling: one outlet per group
    per_outlet = naming_shares(hits, df, n_boot=100, seed=3)
    assert set(per_outlet["scheme"]) == {"documents"} and (per_outlet["n_outlets"] == 1).all()


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
    assert list(usage.reset_index().columns[-3:]) == ["scheme", "n_outlets", "small_n"] and usage["small_n"].all()
    # "S" is said three times, but in one of a's three documents
    assert usage.loc[("a", "S"), "docs_using"] == 1 and usage.loc[("a", "S"), "share_docs"] == pytest.approx(1 / 3)
    assert usage.loc[("a", "K"), "share_docs"] == pytest.approx(1 / 3)
    assert usage.loc[("b", "S"), "share_docs"] == 0 and usage.loc[("b", "S"), "note"] == "one document: no interval"
    big, bighits = _corpus(n_docs=400)
    u = variant_usage(bighits, big, n_boot=300).set_index(["outlet", "variant"])
    for outlet in ("a", "b", "c"):
        row = u.loc[(outlet, "X")]
        assert 0 <= row["ci_low"] <= row["share_docs"] <= row["ci_high"] <= 1 and row["note"] == ""
        assert row["scheme"] == "documents" and not row["small_n"]
    lean, leanhits = _leaning_corpus()
    by_leaning = variant_usage(leanhits, lean, by="leaning", n_boot=200)
    assert set(by_leaning["scheme"]) == {"outlets"} and (by_leaning["ci_high"] > by_leaning["ci_low"]).all()
