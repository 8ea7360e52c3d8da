"""Bootstrap resampling schemes and the ratio-of-sums interval."""
from __future__ import annotations

import numpy as np
import pytest

from framelens.compare.resample import (MIN_UNITS_STUDENTIZED, bootstrap_ratio, bootstrap_weights,
                                        resolve_scheme)
from framelens.errors import AnalysisError

EVENTS = np.array(["e1", "e1", "e1", "e2", "e2", "", "e3"], dtype=object)


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


def test_resolve_scheme():
    assert resolve_scheme("auto", None) == "documents"
    assert resolve_scheme("auto", np.array(["a", "b", "c"], dtype=object)) == "documents"  # no shared event
    assert resolve_scheme("auto", EVENTS) == "events"
    assert resolve_scheme("stratified", EVENTS) == "stratified"
    with pytest.raises(AnalysisError, match="unknown resampling scheme"):
        resolve_scheme("jackknife", EVENTS)


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
