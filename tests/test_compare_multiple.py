"""Benjamini–Hochberg adjusted p-values: a hand example and scipy's implementation."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framelens.compare import benjamini_hochberg
from framelens.compare.multiple import adjust_by_analysis


def test_hand_example():
    # m = 5, sorted p: 0.005, 0.01, 0.03, 0.04, 0.5
    #   m * p / rank: 0.025, 0.025, 0.05, 0.05, 0.5
    #   running minimum from the largest rank down: 0.025, 0.025, 0.05, 0.05, 0.5
    p = [0.04, 0.005, 0.5, 0.03, 0.01]
    assert benjamini_hochberg(p).tolist() == pytest.approx([0.05, 0.025, 0.5, 0.05, 0.025])
    # monotone step-up: a larger p can pull smaller ones' adjustments down to its own
    assert benjamini_hochberg([0.02, 0.03]).tolist() == pytest.approx([0.03, 0.03])
    assert benjamini_hochberg([0.9, 0.95]).tolist() == pytest.approx([0.95, 0.95])


def test_matches_scipy():
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(size=40), rng.uniform(0, 0.01, size=10)])
    assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"))


def test_missing_p_values_stay_missing_and_do_not_count():
    out = benjamini_hochberg([0.01, np.nan, 0.04])
    assert np.isnan(out[1])
    assert out[[0, 2]].tolist() == pytest.approx([0.02, 0.04])  # m = 2, not 3
    assert np.isnan(benjamini_hochberg([np.nan])).all()
    assert benjamini_hochberg([]).shape == (0,)
    with pytest.raises(ValueError):
        benjamini_hochberg([1.5])


def test_adjust_within_each_analysis():
    tests = pd.DataFrame({"analysis": ["x", "x", "y"], "p_value": [0.01, 0.04, 0.04]})
    out = adjust_by_analysis(tests)
    assert out["p_adjusted"].tolist() == pytest.approx([0.02, 0.04, 0.04])


def test_benjamini_hochberg_never_rounds_below_the_raw_p_value():
    """0.8673 * 24 / 24 is 0.86729999...: the adjusted value must still be >= the raw one."""
    rng = np.random.default_rng(3)
    for m in range(1, 60):
        p = np.round(rng.uniform(0, 1, m), 4)
        p[-1] = 0.8673
        assert (benjamini_hochberg(p) >= p).all()
