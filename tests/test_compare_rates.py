"""Rates per 1,000 words with bootstrap intervals: values, reproducibility, bad input, coverage of
the true rate on simulated data with known rates, and outlet resampling for groups of outlets."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framelens.compare import bootstrap_rate_ci, document_rates, rate_distributions, rate_table
from framelens.compare.rates import SMALL_COUNT

TRUE_RATE = 4.0  # cues per 1,000 words


def _iid(rng, n_docs=60):
    """Documents with overdispersed cue counts: each document has its own rate, mean TRUE_RATE."""
    words = rng.integers(200, 1200, n_docs)
    lam = TRUE_RATE * rng.gamma(2.0, 0.5, n_docs)
    return rng.poisson(lam * words / 1000), words, None


def _clustered(rng, n_events=30):
    """Documents on 30 events with 1-6 documents each; events differ (topic), documents vary within."""
    sizes = rng.integers(1, 7, n_events)
    event_of_doc = np.repeat(np.arange(n_events), sizes)
    effect = rng.gamma(2.0, 0.5, n_events)[event_of_doc]
    words = rng.integers(200, 1200, len(event_of_doc))
    lam = TRUE_RATE * effect * rng.gamma(4.0, 0.25, len(event_of_doc))
    return rng.poisson(lam * words / 1000), words, event_of_doc.astype(str)


def _by_outlets(rng, n_outlets=12):
    """A group (a leaning) of 12 outlets with 5-29 documents each; outlets differ (house style)."""
    sizes = rng.integers(5, 30, n_outlets)
    outlet = np.repeat(np.arange(n_outlets), sizes)
    words = rng.integers(200, 1200, len(outlet))
    lam = TRUE_RATE * rng.gamma(4.0, 0.25, n_outlets)[outlet] * rng.gamma(4.0, 0.25, len(outlet))
    return rng.poisson(lam * words / 1000), words, None, outlet.astype(str)


def _coverage(gen, scheme, datasets=400, n_boot=300, seed=0):
    rng = np.random.default_rng(seed)
    covered = 0
    for _ in range(datasets):
        counts, words, events, *outlets = gen(rng)
        res = bootstrap_rate_ci(counts, words, events=events, scheme=scheme, n_boot=n_boot, rng=rng,
                                outlets=outlets[0] if outlets else None)
        covered += res["ci_low"] <= TRUE_RATE <= res["ci_high"]
    return covered / datasets


def test_coverage_independent_documents_is_near_95_percent():
    # 400 datasets: the binomial sd of the coverage estimate is 1.1 points; the studentized
    # interval's true coverage here is 94.6% (2,000 datasets). Bounds: 95% +- 3 sd.
    cov = _coverage(_iid, "documents")
    assert 0.917 <= cov <= 0.983, cov


def test_coverage_with_events_needs_the_cluster_bootstrap():
    # Documents on the same event are alike. Resampling whole events keeps coverage near 95% (true
    # value ~93% with 30 events, measured on 2,000 datasets); treating documents as independent
    # gives intervals that are far too narrow (~81%).
    cov_events = _coverage(_clustered, "events")
    cov_docs = _coverage(_clustered, "documents")
    assert 0.895 <= cov_events <= 0.985, cov_events
    assert cov_docs < 0.87, cov_docs
    assert _coverage(_clustered, "auto", datasets=100) == _coverage(_clustered, "events", datasets=100)


def test_coverage_for_a_group_of_outlets_needs_the_outlet_bootstrap():
    # Outlets differ, so a leaning's rate varies with which outlets it holds. Resampling outlets
    # (what "auto" does when a group holds several) covers the true rate ~92.9% of the time with 12
    # outlets (2,000 datasets; bounds: +-3 sd of 400); resampling documents covers it ~59%.
    cov_outlets = _coverage(_by_outlets, "auto")
    cov_docs = _coverage(_by_outlets, "documents", datasets=100)
    assert 0.890 <= cov_outlets <= 0.967, cov_outlets
    assert cov_docs < 0.75, cov_docs


def _leanings(seed=0):
    """Documents of six outlets in three leanings: 'left' holds four outlets, 'center' two, 'right' one."""
    rng = np.random.default_rng(seed)
    leaning = {"a": "left", "b": "left", "c": "left", "d": "left", "e": "center", "f": "center", "g": "right"}
    effect = dict(zip(leaning, [0.3, 1.0, 2.0, 3.0, 1.0, 1.5, 1.0]))
    rows = []
    for outlet in leaning:
        for i in range(15):
            words = int(rng.integers(200, 900))
            rows.append({"doc_id": f"{outlet}{i:02d}", "outlet": outlet, "leaning": leaning[outlet], "words": words,
                         "hedge": int(rng.poisson(4 * effect[outlet] * words / 1000)),
                         "rare": int(outlet == "g" and i < 2)})
    return pd.DataFrame(rows)


def test_group_of_outlets_resamples_outlets_and_says_so():
    df = _leanings()
    rates = rate_table(df, by="leaning", n_boot=300, seed=1).set_index(["leaning", "feature"])
    assert list(rates.reset_index().columns[-3:]) == ["scheme", "n_outlets", "small_n"]
    assert rates.loc[("left", "hedge"), "scheme"] == "outlets" and rates.loc[("left", "hedge"), "n_outlets"] == 4
    assert rates.loc[("center", "hedge"), "scheme"] == "outlets"
    assert "only 2 outlets" in rates.loc[("center", "hedge"), "note"]
    # a group that is one outlet keeps the document bootstrap
    assert rates.loc[("right", "hedge"), "scheme"] == "documents" and rates.loc[("right", "hedge"), "n_outlets"] == 1
    assert "outlets" not in rates.loc[("right", "hedge"), "note"]
    docs = rate_table(df, by="leaning", n_boot=300, seed=1, scheme="documents").set_index(["leaning", "feature"])
    width = lambda t: t.loc[("left", "hedge"), "ci_high"] - t.loc[("left", "hedge"), "ci_low"]  # noqa: E731
    assert width(rates) > 2 * width(docs)  # four outlets whose rates differ tenfold
    assert docs.loc[("left", "hedge"), "scheme"] == "documents" and "too narrow" in docs.loc[("left", "hedge"), "note"]
    # the point estimate does not depend on the scheme
    assert rates.loc[("left", "hedge"), "rate_per_1000"] == docs.loc[("left", "hedge"), "rate_per_1000"]
    by_outlet = rate_table(df, n_boot=100, seed=1)
    assert set(by_outlet["scheme"]) == {"documents"} and (by_outlet["n_outlets"] == 1).all()


def test_rates_from_few_cues_are_flagged():
    df = _leanings()
    rates = rate_table(df, n_boot=50).set_index(["outlet", "feature"])
    assert rates.loc[("g", "rare"), "count"] == 2 and rates.loc[("g", "rare"), "small_n"]
    assert (rates["small_n"] == (rates["count"] < SMALL_COUNT)).all()
    assert not rates.loc[("d", "hedge"), "small_n"]


def test_outlet_intervals_are_reproducible_and_independent_of_row_order():
    df = _leanings(seed=2)
    one = rate_table(df, by="leaning", n_boot=200, seed=7)
    two = rate_table(df.sample(frac=1, random_state=3), by="leaning", n_boot=200, seed=7)
    pd.testing.assert_frame_equal(one, two)
    other = rate_table(df, by="leaning", n_boot=200, seed=8)
    assert not np.allclose(one["ci_low"], other["ci_low"])


def test_rate_is_ratio_of_sums_per_outlet():
    df = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["a", "a", "b"], "words": [1000, 3000, 500],
                       "hedge": [2, 6, 1], "booster": [0, 1, 0]})
    rates = rate_table(df, n_boot=50)
    a = rates[(rates.outlet == "a") & (rates.feature == "hedge")].iloc[0]
    assert a["rate_per_1000"] == pytest.approx(1000 * 8 / 4000)
    assert (a["docs"], a["words"], a["count"], a["n_boot"]) == (2, 4000, 8, 50)
    assert list(rates.columns) == ["outlet", "feature", "docs", "words", "count", "rate_per_1000", "ci_low",
                                   "ci_high", "n_boot", "note", "scheme", "n_outlets", "small_n"]
    b = rates[(rates.outlet == "b") & (rates.feature == "hedge")].iloc[0]
    assert np.isnan(b["ci_low"]) and b["note"] == "one document: no interval"


def test_same_seed_same_intervals_and_outlets_do_not_move_each_other():
    rng = np.random.default_rng(5)
    n = 90
    df = pd.DataFrame({"doc_id": [str(i) for i in range(n)], "outlet": rng.choice(["a", "b", "c"], n),
                       "words": rng.integers(100, 900, n)})
    df["hedge"] = rng.poisson(df["words"] / 200)
    one = rate_table(df, n_boot=200, seed=3)
    two = rate_table(df.sample(frac=1, random_state=1), n_boot=200, seed=3)
    pd.testing.assert_frame_equal(one, two)
    without_c = rate_table(df[df.outlet != "c"], n_boot=200, seed=3)
    pd.testing.assert_frame_equal(one[one.outlet != "c"].reset_index(drop=True), without_c)
    other_seed = rate_table(df, n_boot=200, seed=4)
    assert not np.allclose(one["ci_low"], other_seed["ci_low"])


def test_interval_contains_estimate_and_is_not_negative():
    rng = np.random.default_rng(0)
    counts = rng.poisson(0.3, size=(40, 3)) * np.array([1, 0, 1])
    words = rng.integers(100, 500, 40)
    res = bootstrap_rate_ci(counts, words, n_boot=500, seed=1)
    assert np.all(res["ci_low"] >= 0)
    assert np.all(res["ci_low"] <= res["rate_per_1000"]) and np.all(res["rate_per_1000"] <= res["ci_high"])
    assert res["ci_low"][1] == res["ci_high"][1] == 0.0  # a feature never seen


def test_bad_input_zero_words_one_outlet_one_document():
    df = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "outlet": ["a", "a", "silent", "solo"],
                       "words": [100, 200, 0, 50], "hedge": [1, 0, 0, 1]})
    rates = rate_table(df, n_boot=100).set_index("outlet")
    assert np.isnan(rates.loc["silent", "rate_per_1000"])
    assert "no words" in rates.loc["silent", "note"]
    assert "one document" in rates.loc["solo", "note"]
    # every missing value is explained
    missing = rates[["rate_per_1000", "ci_low", "ci_high"]].isna().any(axis=1)
    assert (rates.loc[missing, "note"] != "").all()
    single = rate_table(df[df.outlet == "a"], n_boot=100)
    assert len(single) == 1 and single["note"].iloc[0].startswith("too few documents")
    empty = rate_table(df.iloc[:0], n_boot=10)
    assert empty.empty and "rate_per_1000" in empty.columns


def test_group_by_leaning_names_the_column():
    df = pd.DataFrame({"doc_id": list("1234"), "outlet": list("abcd"), "leaning": ["left", "left", "right", ""],
                       "words": [100, 100, 100, 100], "hedge": [1, 2, 3, 4]})
    rates = rate_table(df, by="leaning", n_boot=20)
    assert rates.columns[0] == "leaning"
    assert set(rates["leaning"]) == {"left", "right", ""}


def test_document_rates_and_distributions():
    df = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "outlet": ["a", "a", "a", "b"],
                       "words": [1000, 500, 0, 250], "hedge": [1, 2, 0, 0]})
    long = document_rates(df)
    assert long.loc[long.doc_id == "2", "rate_per_1000"].item() == pytest.approx(4.0)
    assert long.loc[long.doc_id == "3", "note"].item().startswith("document has no words")
    dist = rate_distributions(df).set_index("outlet")
    assert dist.loc["a", "docs"] == 2 and dist.loc["a", "docs_with_cue"] == 2
    assert dist.loc["a", "mean"] == pytest.approx(2.5) and dist.loc["a", "median"] == pytest.approx(2.5)
    assert "1 document(s) without words left out" in dist.loc["a", "note"]
    assert dist.loc["b", "share_docs_with_cue"] == 0.0 and "one document" in dist.loc["b", "note"]


def test_rate_distribution_quartiles_are_series_quantiles_bit_for_bit():
    rng = np.random.default_rng(7)
    n = 300
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": rng.choice(["x", "y", "z"], n),
                       "words": rng.integers(50, 3000, n), "hedge": rng.poisson(2, n), "loaded": rng.poisson(5, n)})
    dist = rate_distributions(df)
    long = document_rates(df)
    for row in dist.itertuples(index=False):
        s = long[(long.outlet == row.outlet) & (long.feature == row.feature)]["rate_per_1000"]
        assert row.q25 == s.quantile(0.25) and row.q75 == s.quantile(0.75) and row.median == s.median()
