"""Multiple testing: Benjamini–Hochberg adjusted p-values (false discovery rate).

One *analysis* (all naming-independence tests of a run; all same-event tests over features and
outlet pairs) is one family: its p-values are adjusted together, and ``p_adjusted <= q`` keeps the
expected share of false discoveries among the rejected tests at most ``q``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini–Hochberg (1995) adjusted p-values.

    For sorted p-values ``p_(1) <= ... <= p_(m)``, ``p_adj_(i) = min_{j >= i} min(1, m * p_(j) / j)``.
    Missing p-values (NaN: a test that could not be run) stay NaN and do not count in ``m``.

    Parameters
    ----------
    p_values : array-like of float
        Raw p-values in [0, 1] (NaN allowed).

    Returns
    -------
    ndarray
        Adjusted p-values in the input order.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.2]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.2]
    """
    p = np.asarray(p_values, dtype=np.float64).ravel()
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    if (p[ok] < 0).any() or (p[ok] > 1).any():
        raise ValueError("p-values must lie in [0, 1]")
    q = p[ok]
    m = len(q)
    order = np.argsort(q, kind="stable")
    # m / j first: a factor >= 1, so no adjusted p-value rounds below its raw one (0.8673 * 24 / 24
    # is 0.86729999...)
    scaled = q[order] * (m / np.arange(1, m + 1))
    adj = np.minimum.accumulate(scaled[::-1])[::-1]
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


def adjust_by_analysis(tests: pd.DataFrame, *, family: str = "analysis") -> pd.DataFrame:
    """Fill ``p_adjusted`` with Benjamini–Hochberg within each value of ``family``."""
    out = tests.copy()
    out["p_adjusted"] = np.nan
    for _, idx in out.groupby(family, sort=False).groups.items():
        out.loc[idx, "p_adjusted"] = benjamini_hochberg(out.loc[idx, "p_value"].to_numpy(dtype=float))
    return out
