"""Bootstrap resampling schemes and the ratio-of-sums interval."""
from __future__ import annotations

import numpy as np
import pytest

from framelens.compare.resample import (MIN_OUTLETS, MIN_UNITS_STUDENTIZED, bootstrap_ratio, bootstrap_weights,
                                        outlet_count, resampling_units, resolve_scheme, scheme_note)
from framelens.errors import AnalysisError

EVENTS = np.array(["e1", "e1", "e1", "e2", "e2", "", "e3"], dtype=object)
OUTLETS = np.array(["A", "B", "B", "C", "C", "C", ""], dtype=object)


def _all(gen):
    return np.vstack(list(gen))


def test_documents_scheme_draws_n_documents_per_replicate():
    w = _all(bootstrap_weights(7, 300, np.random.default_rng(0), scheme="documents", max_cells=100))
    assert w.shape == (300, 7)  # several chunks glued together
    assert (w.sum(axis=1) == 7).all()
    # each document is drawn about once per replicate on average
    assert np.allclose(w.mean(axis=0), 1.0, atol=0.2)


def test_stratified_scheme_keeps_event_sizes():
    w = _all(bootstrap_weights(7, 200, np.random.default_rng(0), scheme="stratified", events=EVENTS))
    assert (w[:, :3].sum(axis=1) == 3).all() and (w[:, 3:5].sum(axis=1) == 2).all()
    assert (w[:, 5] == 1).all() and (w[:, 6] == 1).all()  # singletons never vary


def test_events_scheme_keeps_events_whole():
    w = _all(bootstrap_weights(7, 200, np.random.default_rng(0), scheme="events", events=EVENTS))
    assert (w[:, 0] == w[:, 1]).all() and (w[:, 1] == w[:, 2]).all() and (w[:, 3] == w[:, 4]).all()
    # four events (e1, e2, the unlabelled document, e3) are drawn four times in all
    assert ((w[:, 0] + w[:, 3] + w[:, 5] + w[:, 6]) == 4).all()


def test_outlets_scheme_keeps_outlets_whole():
    w = _all(bootstrap_weights(7, 200, np.random.default_rng(0), scheme="outlets", outlets=OUTLETS, max_cells=50))
    assert (w[:, 1] == w[:, 2]).all() and (w[:, 3] == w[:, 4]).all() and (w[:, 4] == w[:, 5]).all()
    # four outlets (A, B, C and the document without one) are drawn four times in all
    assert ((w[:, 0] + w[:, 1] + w[:, 3] + w[:, 6]) == 4).all()
    assert (w[:, 1] != 1).any()  # an outlet's documents move together, not one at a time


def test_resolve_scheme_prefers_outlets_when_a_group_holds_several():
    assert resolve_scheme("auto", EVENTS, OUTLETS) == "outlets"
    assert resolve_scheme("auto", None, OUTLETS) == "outlets"
    assert resolve_scheme("outlets", EVENTS, OUTLETS) == "outlets"
    one = np.array(["A"] * 7, dtype=object)
    # a group that is one outlet keeps today's behaviour, whether asked for auto or outlets
    assert resolve_scheme("auto", EVENTS, one) == resolve_scheme("outlets", EVENTS, one) == "events"
    assert resolve_scheme("outlets", None, None) == "documents"
    # an explicit scheme is honoured
    assert resolve_scheme("documents", EVENTS, OUTLETS) == "documents"
    assert resolve_scheme("stratified", EVENTS, OUTLETS) == "stratified"


def test_outlet_count_units_and_notes():
    assert outlet_count(None) == 0 and outlet_count(OUTLETS) == 4 and outlet_count(OUTLETS[:3]) == 2
    mask = np.array([False, True, True, False, True, False, True])
    assert resampling_units("outlets", mask, outlets=OUTLETS) == 3   # B, C and the unlabelled document
    assert resampling_units("events", mask, events=EVENTS) == 3      # e1 (twice), e2, e3
    assert resampling_units("documents", mask) == 4
    assert "not meaningful" in scheme_note("outlets", MIN_OUTLETS - 1)
    assert scheme_note("outlets", MIN_OUTLETS) == ""
    assert "too narrow" in scheme_note("documents", 5) and scheme_note("events", 1) == ""


def _outlet_clustered(rng, n_outlets=12):
    """Documents of several outlets; outlets differ in rate (house style), documents vary within."""
    sizes = rng.integers(5, 30, n_outlets)
    outlet = np.repeat(np.arange(n_outlets), sizes)
    words = rng.integers(200, 1200, len(outlet)).astype(float)
    lam = 4.0 * rng.gamma(4.0, 0.25, n_outlets)[outlet] * rng.gamma(4.0, 0.25, len(outlet))
    return rng.poisson(lam * words / 1000)[:, None], words, outlet.astype(str)


def test_outlet_intervals_are_wider_than_document_intervals_when_outlets_differ():
    rng = np.random.default_rng(4)
    ratios = []
    for _ in range(20):
        counts, words, outlets = _outlet_clustered(rng)
        d = bootstrap_ratio(counts, words, n_boot=300, rng=np.random.default_rng(0))
        o = bootstrap_ratio(counts, words, n_boot=300, rng=np.random.default_rng(0), scheme="outlets",
                            outlets=outlets)
        ratios.append((o["high"][0] - o["low"][0]) / (d["high"][0] - d["low"][0]))
        assert o["sd"][0] > d["sd"][0]
    # measured: outlet intervals are 2.8 times as wide here (median of 200 datasets; 5th percentile 1.7)
    assert min(ratios) > 1.2 and np.median(ratios) > 1.8, ratios


def test_outlets_without_differences_give_about_the_document_interval():
    # when outlets do not differ, resampling them costs little width (no false alarm)
    rng = np.random.default_rng(5)
    ratios = []
    for _ in range(20):
        outlet = np.repeat(np.arange(15), 20)
        words = rng.integers(200, 1200, len(outlet)).astype(float)
        counts = rng.poisson(4.0 * words / 1000)[:, None]
        d = bootstrap_ratio(counts, words, n_boot=300, rng=np.random.default_rng(0))
        o = bootstrap_ratio(counts, words, n_boot=300, rng=np.random.default_rng(0), scheme="outlets",
                            outlets=outlet.astype(str))
        ratios.append((o["high"][0] - o["low"][0]) / (d["high"][0] - d["low"][0]))
    assert 0.7 < np.median(ratios) < 1.4, ratios


def test_one_dominant_outlet_does_not_blow_up_the_interval():
    # one outlet holds most mentions and uses the name far more: the bootstrap-t alone gives an
    # interval up to 1.0; the outlet scheme falls back to the percentile interval instead
    big = np.array([[600.0, 1000.0]])
    rng = np.random.default_rng(8)
    small_den = rng.integers(20, 80, 20).astype(float)
    small = np.column_stack([rng.binomial(small_den.astype(int), 0.2), small_den])
    units = np.vstack([big, small])
    outlets = np.arange(len(units)).astype(str)
    res = bootstrap_ratio(units[:, :1], units[:, 1], n_boot=1000, rng=np.random.default_rng(0), scheme="outlets",
                          outlets=outlets, upper=1.0)
    pct = bootstrap_ratio(units[:, :1], units[:, 1], n_boot=1000, rng=np.random.default_rng(0), scheme="outlets",
                          outlets=outlets, upper=1.0, interval="percentile")
    docs = bootstrap_ratio(units[:, :1], units[:, 1], n_boot=1000, rng=np.random.default_rng(0), upper=1.0)
    assert res["fallback"][0] and res["high"][0] == pct["high"][0] < 0.9
    assert not docs["fallback"][0] and docs["high"][0] > 0.9  # documents: no guard (today's behaviour)


def test_same_seed_same_outlet_interval():
    counts, words, outlets = _outlet_clustered(np.random.default_rng(6))
    one = bootstrap_ratio(counts, words, n_boot=200, rng=np.random.default_rng(9), scheme="outlets", outlets=outlets)
    two = bootstrap_ratio(counts, words, n_boot=200, rng=np.random.default_rng(9), scheme="outlets", outlets=outlets)
    other = bootstrap_ratio(counts, words, n_boot=200, rng=np.random.default_rng(10), scheme="outlets",
                            outlets=outlets)
    assert one["low"][0] == two["low"][0] and one["high"][0] == two["high"][0]
    assert (one["low"][0], one["high"][0]) != (other["low"][0], other["high"][0])


def test_resolve_scheme():
    assert resolve_scheme("auto", None) == "documents"
    assert resolve_scheme("auto", np.array(["a", "b", "c"], dtype=object)) == "documents"  # no shared event
    assert resolve_scheme("auto", EVENTS) == "events"
    assert resolve_scheme("stratified", EVENTS) == "stratified"
    with pytest.raises(AnalysisError, match="unknown resampling scheme"):
        resolve_scheme("jackknife", EVENTS)
    with pytest.raises(AnalysisError, match="outlets"):  # the fix lists the schemes
        resolve_scheme("jackknife", EVENTS, OUTLETS)


def test_constant_rate_gives_a_point_interval():
    words = np.array([100, 200, 300, 400, 500, 600, 700.0])
    res = bootstrap_ratio(words[:, None] * 0.01, words, n_boot=200, rng=np.random.default_rng(0))
    assert res["low"][0] == pytest.approx(0.01) and res["high"][0] == pytest.approx(0.01)


def test_replicates_without_denominator_are_counted_out():
    # one document of ten mentions the concept: most replicates miss it
    num = np.zeros((10, 1))
    num[0] = 3
    den = num[:, 0].copy()
    res = bootstrap_ratio(num, den, n_boot=500, rng=np.random.default_rng(1), upper=1.0)
    assert 0 < res["valid"][0] < 500
    assert res["fallback"][0]  # one unit carries the denominator: no studentized interval
    assert res["low"][0] == res["high"][0] == 1.0


def test_few_units_fall_back_to_percentile():
    rng = np.random.default_rng(2)
    words = rng.integers(100, 500, MIN_UNITS_STUDENTIZED - 1).astype(float)
    counts = rng.poisson(words / 100)[:, None]
    res = bootstrap_ratio(counts, words, n_boot=200, rng=rng)
    assert res["fallback"][0]
    words = rng.integers(100, 500, 30).astype(float)
    counts = rng.poisson(words / 100)[:, None]
    res = bootstrap_ratio(counts, words, n_boot=200, rng=rng)
    assert not res["fallback"][0] and res["low"][0] < counts.sum() / words.sum() < res["high"][0]


def test_studentized_interval_is_wider_than_percentile_for_skewed_small_samples():
    rng = np.random.default_rng(3)
    words = rng.integers(200, 1200, 12).astype(float)
    counts = rng.poisson(4 * rng.gamma(0.5, 2.0, 12) * words / 1000)[:, None]
    t = bootstrap_ratio(counts, words, n_boot=1000, rng=np.random.default_rng(0))
    p = bootstrap_ratio(counts, words, n_boot=1000, rng=np.random.default_rng(0), interval="percentile")
    assert t["high"][0] - t["low"][0] > p["high"][0] - p["low"][0]
