"""Rates over time: per outlet, per calendar month, per feature, with bootstrap intervals.

Documents without a publication date are left out (with a logged warning); a corpus without any
date gives an empty table (and a warning). Intervals are the bootstrap of
:mod:`framelens.compare.rates`, drawn per outlet (or group) and month, with the same schemes: a
group of several outlets (``by="leaning"``) resamples its outlets that month.

``over_time`` table, one row per outlet x month x feature:
``outlet`` (named after ``by``), ``month`` ("YYYY-MM"), ``feature``, ``docs``, ``words``, ``count``,
``rate_per_1000``, ``ci_low``, ``ci_high``, and ``note`` ("" or why an interval is missing, e.g. "one
document: no interval"; an addition to the CONTRACTS schema so that no NaN goes unexplained), then
``scheme``, ``n_outlets`` and ``small_n`` as in the ``rates`` table.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from framelens.compare.inputs import group_positions, group_rng, outlet_labels, prepare
from framelens.compare.rates import SMALL_COUNT, _note, bootstrap_rate_ci
from framelens.compare.resample import outlet_count
from framelens.compare.threads import single_threaded

log = logging.getLogger(__name__)

OVER_TIME_COLUMNS = ["outlet", "month", "feature", "docs", "words", "count", "rate_per_1000", "ci_low", "ci_high",
                     "note", "scheme", "n_outlets", "small_n"]


@single_threaded
def rates_over_time(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None,
                    n_boot: int = 1000, seed: int = 0, level: float = 0.95, scheme: str = "auto",
                    interval: str = "studentized") -> pd.DataFrame:
    """Rates per 1,000 words per outlet and month, with bootstrap intervals (the ``over_time`` table).

    Parameters
    ----------
    doc_features : DataFrame
        One row per document, with ``published`` (datetime; NaT when unknown).
    by : str, default "outlet"
    features : list of str, optional
    n_boot : int, default 1000
    seed : int, default 0
        Each outlet-month has its own stream keyed by seed, outlet and month.
    level : float, default 0.95
    scheme : {"auto", "documents", "events", "outlets", "stratified"}, default "auto"
    interval : {"studentized", "percentile"}, default "studentized"

    Returns
    -------
    DataFrame
        The ``over_time`` table (module docstring), sorted by outlet, month, feature order.
    """
    cols = [by] + OVER_TIME_COLUMNS[1:]
    df, feats = prepare(doc_features, by=by, features=features)
    if "published" not in df.columns:
        log.warning("rates over time: no 'published' column; no table")
        return pd.DataFrame(columns=cols)
    published = pd.to_datetime(df["published"], errors="coerce")
    if getattr(published.dtype, "tz", None) is not None:
        published = published.dt.tz_localize(None)
    dated = published.notna().to_numpy()
    if not dated.any():
        log.warning("rates over time: no document has a publication date; no table")
        return pd.DataFrame(columns=cols)
    if (~dated).any():
        log.warning("rates over time: %d of %d documents have no publication date and are left out",
                    int((~dated).sum()), len(df))
    df = df[dated].reset_index(drop=True)
    df["month"] = published[dated].dt.strftime("%Y-%m").to_numpy()
    outlets_all = outlet_labels(df, by)
    rows = []
    # the arrays once, each outlet-month a set of row positions (not a sub-frame of every column)
    counts_all, words_all = df[feats].to_numpy(dtype=np.float64), df["words"].to_numpy(dtype=np.float64)
    events_all = df["event_id"].to_numpy(dtype=object)
    for (group, month), at in group_positions(df, [by, "month"]):
        c, w, events = counts_all[at], words_all[at], events_all[at]
        outlets = outlets_all[at] if outlets_all is not None else None
        n_outlets = outlet_count(outlets) if outlets is not None else int(by == "outlet")
        res = bootstrap_rate_ci(c, w, events=events, outlets=outlets, scheme=scheme,
                                n_boot=n_boot if len(at) > 1 else 0, level=level, interval=interval,
                                rng=group_rng(seed, "over_time", group, month))
        totals = c.sum(axis=0)
        nw = int(w.sum())
        for j, f in enumerate(feats):
            low, high = res["ci_low"][j], res["ci_high"][j]
            if len(at) == 1 or nw == 0:
                low = high = np.nan
            note = _note(len(at), nw, int(totals[j]), n_boot, int(res["valid"][j]), res["scheme"], events,
                         bool(res["fallback"][j]), n_outlets)
            rows.append((group, month, f, len(at), nw, int(totals[j]), res["rate_per_1000"][j], low, high, note,
                         res["scheme"], n_outlets, bool(totals[j] < SMALL_COUNT)))
    return pd.DataFrame(rows, columns=cols)
