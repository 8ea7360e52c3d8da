"""Document-level bootstrap of ratio-of-sums estimates (rates per 1,000 words, naming shares).

Statistics in framelens are ratios of sums over documents (cues / words, variant mentions / concept
mentions). Cues cluster in documents, so the resampling unit is the document (or the event), never
the word or the mention. A bootstrap replicate is a vector of multiplicities ``w`` (how often each
unit was drawn); the replicate statistic is ``(w @ numerator) / (w @ denominator)``. Replicates are drawn
in chunks as an integer matrix and multiplied with BLAS, so thousands of replicates over thousands
of documents and dozens of features take a fraction of a second.

Resampling schemes (``scheme``)
-------------------------------
``"documents"``
    Plain bootstrap: draw n documents with replacement.
``"events"``
    Cluster bootstrap: draw the group's events with replacement and keep every document of each
    drawn event. Documents on the same story are alike, so treating them as independent gives
    intervals that are too narrow; this scheme carries the between-event variation. Documents
    without an event id are events of their own. With one document per event (BASIL, NewsWCL50) it
    is the same as ``"documents"``. (Resampling documents again inside the drawn events, a two-stage
    bootstrap, would count the within-event variation twice and give intervals that are too wide;
    Davison & Hinkley 1997, section 3.8.)
``"stratified"``
    Documents are drawn within each event, event sizes fixed: the interval for *this* mix of events.
    Narrower; an event with one document contributes no variation at all.
``"auto"`` (default)
    ``"events"`` when the group's documents fall into at least two events and at least two of them
    share an event, else ``"documents"``.

Intervals (``interval``): studentized bootstrap (bootstrap-t, the default; see
:func:`bootstrap_ratio`) or the percentile interval of the replicate ratios.
"""
from __future__ import annotations

import numpy as np

SCHEMES = ("auto", "documents", "events", "stratified")

#: Upper bound on replicate-matrix cells held in memory at once (replicates x documents).
MAX_CELLS = 4_000_000

#: Fewest resampling units (documents, or events) for the studentized interval. Below this it is
#: erratic (its widest 1% of intervals were 20-200 times the rate with 4-5 documents in simulation)
#: and the percentile interval is used instead, with a note that it is too narrow at that size.
MIN_UNITS_STUDENTIZED = 6


def resolve_scheme(scheme: str, events: np.ndarray | None) -> str:
    """The scheme actually used for a group with these event labels ("" = no event)."""
    if scheme not in SCHEMES:
        from framelens.errors import AnalysisError

        raise AnalysisError(f"unknown resampling scheme {scheme!r}", fix="use one of: " + ", ".join(SCHEMES))
    if scheme == "documents" or events is None:
        return "documents"
    ev = np.asarray(events, dtype=object)
    labelled = ev[ev != ""]
    if scheme == "auto":
        if len(labelled) and len(np.unique(labelled)) >= 2 and len(np.unique(labelled)) < len(ev):
            return "events"
        return "documents"
    return scheme


def _groups(events: np.ndarray) -> list[np.ndarray]:
    """Index arrays of documents per event; documents without an event are singletons."""
    ev = np.asarray(events, dtype=object).copy()
    blank = np.flatnonzero(ev == "")
    for i in blank:
        ev[i] = f"\x00doc{i}"
    _, inverse = np.unique(ev.astype(str), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.diff(inverse[order])) + 1
    return np.split(order, bounds)


def _uniform_counts(rng: np.random.Generator, b: int, n: int) -> np.ndarray:
    """``b`` rows of multiplicities from ``n`` uniform draws with replacement among ``n`` items."""
    idx = rng.integers(0, n, size=(b, n))
    idx += (np.arange(b) * n)[:, None]
    return np.bincount(idx.ravel(), minlength=b * n).reshape(b, n)


def bootstrap_weights(n_docs: int, n_boot: int, rng: np.random.Generator, *, scheme: str = "documents",
                      events: np.ndarray | None = None, max_cells: int = MAX_CELLS):
    """Yield chunks of replicate multiplicities, each an int array of shape ``(b, n_docs)``.

    Parameters
    ----------
    n_docs : int
        Number of documents in the group (> 0).
    n_boot : int
        Total replicates over all chunks.
    rng : numpy Generator
    scheme : {"documents", "events", "stratified"}
        See the module docstring (resolve ``"auto"`` first with :func:`resolve_scheme`).
    events : array of str, optional
        Event label per document ("" = none); needed for "events" and "stratified".
    max_cells : int
        Chunk size bound (replicates x documents).
    """
    groups = _groups(events) if scheme in ("events", "stratified") else None
    chunk = max(1, min(n_boot, max_cells // max(n_docs, 1)))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        if scheme == "documents":
            w = _uniform_counts(rng, b, n_docs)
        elif scheme == "stratified":
            w = np.zeros((b, n_docs), dtype=np.int64)
            for g in groups:
                w[:, g] = _uniform_counts(rng, b, len(g))
        elif scheme == "events":
            w = np.zeros((b, n_docs), dtype=np.int64)
            m = _uniform_counts(rng, b, len(groups))  # how often each event was drawn
            for j, g in enumerate(groups):
                w[:, g] = m[:, j][:, None]
        else:  # pragma: no cover - guarded by resolve_scheme
            raise ValueError(scheme)
        done += b
        yield w


def _quantiles(values: np.ndarray, alpha: float) -> np.ndarray:
    """Lower and upper ``alpha`` quantiles per column, ignoring NaN (vectorised when there is none)."""
    if np.isnan(values).any():
        return np.nanquantile(values, [alpha, 1.0 - alpha], axis=0)
    return np.quantile(values, [alpha, 1.0 - alpha], axis=0)


def _unit_totals(num: np.ndarray, den: np.ndarray, events) -> tuple[np.ndarray, np.ndarray]:
    """Sum documents into their events (the units of the cluster bootstrap)."""
    groups = _groups(events)
    order = np.concatenate(groups)
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    return np.add.reduceat(num[order], starts, axis=0), np.add.reduceat(den[order], starts, axis=0)


def bootstrap_ratio(numerator, denominator, *, n_boot: int, rng: np.random.Generator,
                    scheme: str = "documents", events=None, level: float = 0.95, interval: str = "studentized",
                    upper: float | None = None, return_replicates: bool = False) -> dict:
    """Bootstrap interval of ``sum(numerator) / sum(denominator)`` over documents.

    Parameters
    ----------
    numerator : array, shape (n_docs, k)
        Per-document numerators (e.g. cue counts, one column per feature).
    denominator : array, shape (n_docs,) or (n_docs, k)
        Per-document denominators (words; or concept mentions, one column per variant).
    n_boot : int
        Replicates.
    rng : numpy Generator
    scheme : {"documents", "events", "stratified"}
        ``"events"`` resamples event totals (the cluster bootstrap).
    events : array of str, optional
        Event label per document.
    level : float
        Interval coverage, e.g. 0.95.
    interval : {"studentized", "percentile"}, default "studentized"
        ``"studentized"`` (bootstrap-t): each replicate's ratio is standardised by its own
        linearisation standard error, ``se(R) = sqrt(n/(n-1) * sum_i (y_i - R x_i)^2) / sum_i x_i``
        over the n resampling units, and the interval is ``R - t*_(1-a/2) se, R - t*_(a/2) se``.
        Its coverage stays near nominal with few documents or events where the percentile interval
        falls short (measured on skewed, overdispersed counts: 94% vs 89% with 15 documents, 93% vs
        85% with 10 events). Where it is unbounded (too few units: replicates that repeat one unit
        have no spread) or fewer than :data:`MIN_UNITS_STUDENTIZED` units have a non-zero
        denominator, the percentile interval is used (``fallback``). ``"stratified"`` always uses
        the percentile interval.
    upper : float, optional
        Upper bound of the statistic (1.0 for shares); the lower bound is 0 (counts are not negative).
    return_replicates : bool
        Also return the replicate ratios (``"replicates"``, shape (n_boot, k)).

    Returns
    -------
    dict
        ``low``, ``high`` (arrays of length k; NaN where no replicate had a non-zero denominator),
        ``valid`` (replicates with a non-zero denominator, per column), ``fallback`` (bool per column:
        percentile used instead of studentized).
    """
    num = np.asarray(numerator, dtype=np.float64)
    if num.ndim == 1:
        num = num[:, None]
    den = np.asarray(denominator, dtype=np.float64)
    if scheme == "events":
        num, den = _unit_totals(num, den, events)
        scheme, events = "documents", None
    n, k = num.shape
    den_k = den if den.ndim == 2 else den[:, None]
    # units that carry the denominator (documents with words; documents mentioning the concept)
    units = np.broadcast_to((den_k > 0).sum(axis=0), (k,))
    eligible = units >= MIN_UNITS_STUDENTIZED
    studentized = interval == "studentized" and scheme == "documents" and bool(eligible.any())
    tot_num, tot_den = num.sum(axis=0), np.broadcast_to(den_k.sum(axis=0), (k,))
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(tot_den > 0, tot_num / np.where(tot_den > 0, tot_den, 1.0), np.nan)
        resid = num - est * den_k
        se = np.sqrt(n / max(n - 1, 1) * np.sum(resid ** 2, axis=0)) / tot_den
    if studentized:
        sq_num, cross, sq_den = num ** 2, num * den_k, den ** 2
    reps = np.empty((n_boot, k))
    tstats = np.empty((n_boot, k)) if studentized else None
    pos = 0
    for w in bootstrap_weights(n, n_boot, rng, scheme=scheme, events=events):
        wf = w.astype(np.float64)
        top = wf @ num
        bottom = wf @ den
        if bottom.ndim == 1:
            bottom = bottom[:, None]
        ok = bottom > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(ok, top / np.where(ok, bottom, 1.0), np.nan)
            r = np.broadcast_to(r, (len(w), k))
            reps[pos:pos + len(w)] = r
            if studentized:
                s_cc, s_cd, s_dd = wf @ sq_num, wf @ cross, wf @ sq_den
                if s_dd.ndim == 1:
                    s_dd = s_dd[:, None]
                var = n / max(n - 1, 1) * (s_cc - 2 * r * s_cd + r ** 2 * s_dd) / bottom ** 2
                t = (r - est) / np.sqrt(np.maximum(var, 0.0))
                t = np.where(np.isnan(t) & ok & (r == est), 0.0, t)
                tstats[pos:pos + len(w)] = t
        pos += len(w)
    valid = np.sum(~np.isnan(reps), axis=0)
    alpha = (1.0 - level) / 2.0
    low = np.full(k, np.nan)
    high = np.full(k, np.nan)
    fallback = np.zeros(k, dtype=bool)
    if interval == "studentized" and scheme == "documents":
        fallback[~eligible] = True
    has = valid > 0
    if has.any():
        q = _quantiles(reps[:, has], alpha)
        low[has], high[has] = q[0], q[1]
    if studentized and has.any():
        big = 1e12
        t = np.clip(tstats[:, has], -big, big)
        with np.errstate(invalid="ignore"):
            tq = _quantiles(t, alpha)
        e, s = est[has], se[has]
        lo_t, hi_t = e - tq[1] * s, e - tq[0] * s
        zero_se = s == 0
        lo_t[zero_se], hi_t[zero_se] = e[zero_se], e[zero_se]
        bounded = ((np.abs(tq).max(axis=0) < big / 10) | zero_se) & eligible[has]
        idx = np.flatnonzero(has)
        low[idx[bounded]], high[idx[bounded]] = lo_t[bounded], hi_t[bounded]
        fallback[idx[~bounded]] = True
    low = np.maximum(low, 0.0)
    if upper is not None:
        high = np.minimum(high, upper)
    out = {"low": low, "high": high, "valid": valid, "fallback": fallback}
    if return_replicates:
        out["replicates"] = reps
    return out
