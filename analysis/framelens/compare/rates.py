"""Rates per 1,000 words per outlet and feature, with bootstrap intervals.

The rate of a feature in an outlet is a ratio of sums, ``1000 * sum(counts) / sum(words)`` over the
outlet's documents (long articles weigh more, as they do for a reader). Intervals come from the
cluster bootstrap in :mod:`framelens.compare.resample` (seeded). By default (``scheme="auto"``) a
group that holds several outlets (``by="leaning"``) resamples its outlets; a group that is one
outlet resamples whole events where its documents share event ids, else documents. The ``scheme``
column says which was used. Rates from fewer than :data:`SMALL_COUNT` cues are flagged ``small_n``.

``rates`` table (:func:`rate_table`), one row per outlet x feature:

=============  =====================================================================================
outlet         the group (the column is named after ``by``; "outlet" by default)
feature        feature key (a count column of ``doc_features``)
docs           documents of the outlet
words          words in them
count          cues of the feature in them
rate_per_1000  ``1000 * count / words`` (NaN only when ``words`` is 0, with a note)
ci_low         lower end of the bootstrap interval (``level``, default 95%)
ci_high        upper end
n_boot         bootstrap replicates used
note           "" or why a value is missing or degenerate
scheme         how the interval resampled: ``documents``, ``events``, ``outlets`` or ``stratified``
n_outlets      outlets in the group (1 when grouping by outlet; 0 when there is no outlet column)
small_n        ``count < SMALL_COUNT``: too few cues to compare groups on
=============  =====================================================================================

``doc_rates`` (:func:`document_rates`): one row per document x feature: ``doc_id, outlet, event_id,
feature, words, count, rate_per_1000, note``.

``rate_distributions`` (:func:`rate_distributions`): the spread of per-document rates, one row per
outlet x feature: ``outlet, feature, docs, docs_with_cue, share_docs_with_cue, mean, sd, min, q25,
median, q75, max, note`` (over documents with at least one word; ``sd`` needs two documents).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from framelens.compare.inputs import group_positions, group_rng, outlet_labels, prepare
from framelens.compare.resample import bootstrap_ratio, fallback_reason, outlet_count, resolve_scheme, scheme_note
from framelens.compare.threads import single_threaded

log = logging.getLogger(__name__)

RATE_COLUMNS = ["outlet", "feature", "docs", "words", "count", "rate_per_1000", "ci_low", "ci_high", "n_boot",
                "note", "scheme", "n_outlets", "small_n"]

#: Rates from fewer cues than this are flagged ``small_n``: a handful of hits, often from one or two
#: articles, say little about a group (the interval itself is still the bootstrap's).
SMALL_COUNT = 5


def bootstrap_rate_ci(counts, words, *, events=None, scheme: str = "auto", n_boot: int = 1000, seed: int = 0,
                      level: float = 0.95, interval: str = "studentized", rng: np.random.Generator | None = None,
                      outlets=None) -> dict:
    """Rate per 1,000 words and its bootstrap interval, for one group of documents.

    Parameters
    ----------
    counts : array, shape (n_docs,) or (n_docs, k)
        Cue counts per document (one column per feature).
    words : array, shape (n_docs,)
        Words per document.
    events : array of str, optional
        Event id per document ("" = none), for the "events" and "stratified" schemes.
    scheme : {"auto", "documents", "events", "outlets", "stratified"}, default "auto"
        How documents are resampled (see :mod:`framelens.compare.resample`): ``"auto"`` resamples
        outlets when ``outlets`` holds at least two, else events or documents.
    n_boot : int, default 1000
        Bootstrap replicates.
    seed : int, default 0
        Seed (ignored when ``rng`` is given).
    level : float, default 0.95
        Interval coverage.
    interval : {"studentized", "percentile"}, default "studentized"
        Bootstrap-t or percentile interval (see :func:`framelens.compare.resample.bootstrap_ratio`).
    rng : numpy Generator, optional
    outlets : array of str, optional
        Outlet per document, when the group may hold several outlets (the ``"outlets"`` scheme).

    Returns
    -------
    dict
        ``rate_per_1000``, ``ci_low``, ``ci_high`` (floats for 1-D ``counts``, else arrays of length k),
        ``scheme`` (the scheme used), ``valid`` (replicates with at least one word) and ``fallback``
        (percentile interval used where the studentized one was unbounded).
    """
    c = np.asarray(counts, dtype=np.float64)
    one = c.ndim == 1
    if one:
        c = c[:, None]
    w = np.asarray(words, dtype=np.float64)
    if c.shape[0] != w.shape[0]:
        raise ValueError(f"counts has {c.shape[0]} documents but words has {w.shape[0]}")
    used = resolve_scheme(scheme, events, outlets)
    total = w.sum()
    rate = 1000.0 * c.sum(axis=0) / total if total > 0 else np.full(c.shape[1], np.nan)
    if n_boot > 0 and len(w) > 0:
        bs = bootstrap_ratio(c, w, n_boot=n_boot, rng=rng or np.random.default_rng(seed), scheme=used,
                             events=events, outlets=outlets, level=level, interval=interval)
        low, high, valid, fallback = 1000.0 * bs["low"], 1000.0 * bs["high"], bs["valid"], bs["fallback"]
    else:
        low = high = np.full(c.shape[1], np.nan)
        valid = np.zeros(c.shape[1], dtype=int)
        fallback = np.zeros(c.shape[1], dtype=bool)
    out = {"rate_per_1000": rate, "ci_low": low, "ci_high": high, "scheme": used, "valid": valid,
           "fallback": fallback}
    if one:
        for key in ("rate_per_1000", "ci_low", "ci_high", "valid", "fallback"):
            out[key] = out[key][0]
    return out


def _note(docs: int, words: int, count: int, n_boot: int, valid: int, scheme: str, events,
          fallback: bool = False, n_outlets: int = 0) -> str:
    if docs == 0:
        return "no documents"
    if words == 0:
        return "no words in this group's documents: rate undefined"
    if n_boot <= 0:
        return "n_boot=0: no interval"
    if docs == 1:
        return "one document: no interval"
    parts = []
    about_scheme = scheme_note(scheme, n_outlets)
    if about_scheme:
        parts.append(about_scheme)
    if scheme == "stratified" and events is not None and not pd.Series(events).duplicated().any():
        parts.append("every event has one document: stratified resampling gives no variation")
    if count == 0:
        parts.append("no occurrences: the bootstrap interval is [0, 0]")
    elif fallback:
        parts.append(f"{fallback_reason(scheme)}: percentile interval, likely too narrow")
    if valid < n_boot:
        parts.append(f"{n_boot - valid} of {n_boot} replicates drew only zero-word documents and were left out")
    return "; ".join(parts)


@single_threaded
def rate_table(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None,
               n_boot: int = 1000, seed: int = 0, level: float = 0.95, scheme: str = "auto",
               interval: str = "studentized") -> pd.DataFrame:
    """Rates per 1,000 words per group and feature, with bootstrap intervals (the ``rates`` table).

    Parameters
    ----------
    doc_features : DataFrame
        One row per document (``doc_id``, ``by``, ``words``, optional ``event_id``, count columns).
    by : str, default "outlet"
        Grouping column (e.g. "leaning"); the first output column is named after it.
    features : list of str, optional
        Count columns to use; all feature columns when None.
    n_boot : int, default 1000
        Bootstrap replicates per group.
    seed : int, default 0
        Each group's random stream is keyed by ``seed`` and the group name (reproducible, and
        independent of which other groups are present).
    level : float, default 0.95
    scheme : {"auto", "documents", "events", "outlets", "stratified"}, default "auto"
        Resampling scheme (see :mod:`framelens.compare.resample`): ``"auto"`` resamples outlets in
        groups that hold several (``by="leaning"``), else events or documents.
    interval : {"studentized", "percentile"}, default "studentized"
        Interval type (see :func:`framelens.compare.resample.bootstrap_ratio`).

    Returns
    -------
    DataFrame
        The ``rates`` table (module docstring); rows sorted by group, features in column order.
    """
    df, feats = prepare(doc_features, by=by, features=features)
    rows = []
    if df.empty or not feats:
        if df.empty:
            log.warning("rate_table: no documents")
        return pd.DataFrame(columns=[by] + RATE_COLUMNS[1:])
    outlets_all = outlet_labels(df, by)
    counts_all, words_all = df[feats].to_numpy(dtype=np.float64), df["words"].to_numpy(dtype=np.float64)
    events_all = df["event_id"].to_numpy(dtype=object)
    for group, at in group_positions(df, by):
        c, w, events = counts_all[at], words_all[at], events_all[at]
        outlets = outlets_all[at] if outlets_all is not None else None
        n_outlets = outlet_count(outlets) if outlets is not None else int(by == "outlet")
        res = bootstrap_rate_ci(c, w, events=events, outlets=outlets, scheme=scheme,
                                n_boot=n_boot if len(at) > 1 else 0, level=level, interval=interval,
                                rng=group_rng(seed, "rates", group))
        totals = c.sum(axis=0)
        nw = int(w.sum())
        for j, f in enumerate(feats):
            note = _note(len(at), nw, int(totals[j]), n_boot, int(res["valid"][j]), res["scheme"], events,
                         bool(res["fallback"][j]), n_outlets)
            low, high = res["ci_low"][j], res["ci_high"][j]
            if len(at) == 1 or nw == 0:
                low = high = np.nan
            rows.append((group, f, len(at), nw, int(totals[j]), res["rate_per_1000"][j], low, high,
                         int(n_boot), note, res["scheme"], n_outlets, bool(totals[j] < SMALL_COUNT)))
    out = pd.DataFrame(rows, columns=[by] + RATE_COLUMNS[1:])
    return out


def document_rates(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None
                   ) -> pd.DataFrame:
    """Per-document rates in long form: ``doc_id, outlet, event_id, feature, words, count, rate_per_1000,
    note`` (rate NaN with a note for a document without words).

    Parameters
    ----------
    doc_features : DataFrame
    by : str, default "outlet"
    features : list of str, optional
    """
    df, feats = prepare(doc_features, by=by, features=features)
    long = df.melt(id_vars=["doc_id", by, "event_id", "words"], value_vars=feats, var_name="feature",
                   value_name="count")
    words = long["words"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        long["rate_per_1000"] = np.where(words > 0, 1000.0 * long["count"].to_numpy() / np.maximum(words, 1), np.nan)
    long["note"] = np.where(words > 0, "", "document has no words: rate undefined")
    return long[["doc_id", by, "event_id", "feature", "words", "count", "rate_per_1000", "note"]]


def _quartiles(ok: pd.DataFrame, by: str) -> tuple[np.ndarray, np.ndarray]:
    """First and third quartile of ``rate_per_1000`` per (group, feature), in sorted group order.

    ``np.percentile`` on each group's values, as ``Series.quantile`` computes them (bit for bit:
    pandas' grouped quantile rounds differently), without building a Series per group (a lambda
    per group was most of the rates stage).
    """
    if ok.empty:
        return np.array([]), np.array([])
    values = ok["rate_per_1000"].to_numpy(dtype=np.float64)
    q = np.array([np.percentile(values[at], [25, 75]) for _, at in group_positions(ok, [by, "feature"])])
    return q[:, 0], q[:, 1]


def rate_distributions(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None
                       ) -> pd.DataFrame:
    """Spread of per-document rates per group and feature (the ``rate_distributions`` table).

    Parameters
    ----------
    doc_features : DataFrame
    by : str, default "outlet"
    features : list of str, optional

    Returns
    -------
    DataFrame
        ``outlet, feature, docs, docs_with_cue, share_docs_with_cue, mean, sd, min, q25, median, q75,
        max, note`` over documents with at least one word.
    """
    long = document_rates(doc_features, by=by, features=features)
    cols = [by, "feature", "docs", "docs_with_cue", "share_docs_with_cue", "mean", "sd", "min", "q25", "median",
            "q75", "max", "note"]
    if long.empty:
        return pd.DataFrame(columns=cols)
    ok = long[long["words"] > 0]
    dropped = long[long["words"] <= 0].groupby([by, "feature"], sort=False).size()
    g = ok.groupby([by, "feature"], sort=True)["rate_per_1000"]
    out = g.agg(docs="size", mean="mean", sd="std", min="min", max="max", median="median").reset_index()
    out["q25"], out["q75"] = _quartiles(ok, by)
    with_cue = ok.assign(has=ok["count"] > 0).groupby([by, "feature"], sort=True)["has"].sum().reset_index(drop=True)
    out["docs_with_cue"] = with_cue.astype(int).to_numpy()
    out["share_docs_with_cue"] = out["docs_with_cue"] / out["docs"]
    notes = []
    for row in out.itertuples(index=False):
        parts = []
        if row.docs == 1:
            parts.append("one document: no sd")
        n_drop = dropped.get((getattr(row, by), row.feature), 0)
        if n_drop:
            parts.append(f"{n_drop} document(s) without words left out")
        notes.append("; ".join(parts))
    out["note"] = notes
    # groups whose every document has zero words
    missing = dropped.index.difference(out.set_index([by, "feature"]).index) if len(dropped) else []
    extra = [(g_, f_, 0, 0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan,
              "no document with words: no rates") for g_, f_ in missing]
    if extra:
        out = pd.concat([out[cols], pd.DataFrame(extra, columns=cols)], ignore_index=True)
    feats_order = {f: i for i, f in enumerate(long["feature"].unique())}
    out = out.sort_values([by, "feature"], key=lambda s: s.map(feats_order) if s.name == "feature" else s)
    return out[cols].reset_index(drop=True)
