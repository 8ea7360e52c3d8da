"""Cluster bootstrap of ratio-of-sums estimates (rates per 1,000 words, naming shares).

Statistics in framelens are ratios of sums over documents (cues / words, variant mentions / concept
mentions). Cues cluster in documents, documents in events and in outlets, so the resampling unit is
the document, the event or the outlet, never the word or the mention. A bootstrap replicate is a
vector of multiplicities ``w`` (how often each document was drawn); the replicate statistic is
``(w @ numerator) / (w @ denominator)``. Replicates are drawn in chunks as an integer matrix and
multiplied with BLAS, so thousands of replicates over thousands of documents and dozens of features
take a fraction of a second.

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
``"outlets"``
    Cluster bootstrap over outlets, for a group that holds several of them (``by="leaning"``): draw
    the group's outlets with replacement and keep every document of each drawn outlet. A question
    such as "how do right-leaning outlets name immigrants" is about outlets, and an outlet's
    articles share its house style, so the outlet is the sampling unit: resampling documents treats
    a leaning of 30 outlets as hundreds of independent articles and gives intervals far too narrow
    (AllSides immigration articles: the center's 47% share of "illegal immigrant" against
    "undocumented immigrant" has the interval [38, 57] resampling documents, [29, 64] resampling
    its 26 outlets; see ``tests/test_compare_evaluation.py``). Documents are *not*
    resampled again inside the drawn outlets (no second stage): the spread of outlet totals already
    carries the within-outlet variation, so a second stage counts it twice and widens the interval
    (Davison & Hinkley 1997, section 3.8), while resampling whole clusters gives consistent variance
    estimates under both the random-effect and the transformation model of clustered data (Field &
    Welsh 2007, "Bootstrapping clustered data", JRSS B 69: 369-390). Events that cross outlets are
    not kept together (a crossed design; the outlet is the coarser unit). Documents without an
    outlet are outlets of their own. With fewer than :data:`MIN_OUTLETS` outlets the interval is
    not meaningful (two outlets give three distinct replicates); tables say so in their ``note``.
``"stratified"``
    Documents are drawn within each event, event sizes fixed: the interval for *this* mix of events.
    Narrower; an event with one document contributes no variation at all.
``"auto"`` (default)
    ``"outlets"`` when the group's documents come from at least two outlets (``outlets`` given);
    else ``"events"`` when they fall into at least two events and at least two of them share an
    event; else ``"documents"``. A group that is one outlet (``by="outlet"``) keeps the event or
    document scheme.

Intervals (``interval``): studentized bootstrap (bootstrap-t, the default; see
:func:`bootstrap_ratio`) or the percentile interval of the replicate ratios. Over outlets the
bootstrap-t is erratic when a few outlets weigh much more than the rest (AllSides: the Washington
Times holds a third of the right's immigrant mentions, and the right's 33% share of "illegal
immigrant" got a studentized interval of [11%, 100%], percentile [13%, 47%]): replicates that miss
the big outlet have a small standard error and a huge t. So for ``"outlets"`` a studentized
interval more than :data:`MAX_WIDTH_RATIO_OUTLETS` times as wide as the percentile one is replaced
by it (``fallback``). Measured by ``benchmarks/interval_coverage.py`` (1,000 simulated datasets
per setting, outlets whose rates differ): the outlet bootstrap covers the true rate 81% of the time
with 5 outlets, 90% with 10 and 94% with 30; resampling documents, 53-55%. A second stage
(documents resampled inside the drawn outlets) widens the percentile interval by 5-10%, buying 1-4
points of coverage by counting the within-outlet variation twice; the guarded studentized interval
does as well without it from 10 outlets on (at 5 outlets every interval falls short). For
naming shares of 8 outlets of very unequal size the unguarded bootstrap-t gave an interval at least
0.9 wide in 16% of datasets (coverage 88%), the guarded one in none (coverage 85% once widened to
Jeffreys); with 30 such outlets both cover 94%.
"""
from __future__ import annotations

import numpy as np

SCHEMES = ("auto", "documents", "events", "outlets", "stratified")

#: Fewest outlets for a meaningful outlet-level interval; groups with fewer get a note.
MIN_OUTLETS = 3

#: The resampling unit of each scheme, as tables and notes name it.
UNIT_NAMES = {"documents": "documents", "events": "events", "outlets": "outlets", "stratified": "documents"}

#: Upper bound on replicate-matrix cells held in memory at once (replicates x documents).
MAX_CELLS = 4_000_000

#: Outlets scheme only: a studentized interval more than this many times as wide as the percentile
#: one is replaced by the percentile one (see the module docstring for why and what it costs).
MAX_WIDTH_RATIO_OUTLETS = 1.5

#: Fewest resampling units (documents, or events) for the studentized interval. Below this it is
#: erratic (its widest 1% of intervals were 20-200 times the rate with 4-5 documents in simulation)
#: and the percentile interval is used instead, with a note that it is too narrow at that size.
MIN_UNITS_STUDENTIZED = 6


def outlet_count(outlets) -> int:
    """Distinct outlets among ``outlets`` (labels per document; "" = unknown, each its own outlet).

    Parameters
    ----------
    outlets : array of str or None
        Outlet label per document of a group; None when the group is one outlet.

    Returns
    -------
    int
        0 when ``outlets`` is None.
    """
    if outlets is None:
        return 0
    out = np.asarray(outlets, dtype=object)
    named = out[out != ""]
    return int(len(np.unique(named.astype(str))) + (len(out) - len(named)))


def resolve_scheme(scheme: str, events: np.ndarray | None, outlets: np.ndarray | None = None) -> str:
    """The scheme actually used for a group with these event and outlet labels.

    Parameters
    ----------
    scheme : {"auto", "documents", "events", "outlets", "stratified"}
        The scheme asked for (see the module docstring).
    events : array of str or None
        Event label per document ("" = no event).
    outlets : array of str or None
        Outlet label per document, given when the group may hold several outlets (grouping by
        another column than the outlet); None when the group is one outlet.

    Returns
    -------
    str
        ``"auto"`` resolved: ``"outlets"`` when the group holds at least two outlets, else
        ``"events"`` or ``"documents"``. ``"outlets"`` asked for a group of one outlet resolves as
        ``"auto"`` would (there is one cluster to draw).

    Raises
    ------
    AnalysisError
        For an unknown scheme.
    """
    if scheme not in SCHEMES:
        from framelens.errors import AnalysisError

        raise AnalysisError(f"unknown resampling scheme {scheme!r}", fix="use one of: " + ", ".join(SCHEMES))
    if scheme in ("auto", "outlets") and outlet_count(outlets) >= 2:
        return "outlets"
    if scheme == "documents" or events is None:
        return "documents"
    ev = np.asarray(events, dtype=object)
    labelled = ev[ev != ""]
    if scheme in ("auto", "outlets"):
        if len(labelled) and len(np.unique(labelled)) >= 2 and len(np.unique(labelled)) < len(ev):
            return "events"
        return "documents"
    return scheme


def scheme_note(used: str, n_outlets: int) -> str:
    """What a table's ``note`` says about the resampling of a group ("" when nothing needs saying).

    Parameters
    ----------
    used : str
        The scheme used (:func:`resolve_scheme`).
    n_outlets : int
        Outlets in the group (:func:`outlet_count`; 0 when the group is one outlet).

    Returns
    -------
    str
        For ``"outlets"`` with fewer than :data:`MIN_OUTLETS` outlets, that the interval is not
        meaningful; for another scheme over several outlets (asked for explicitly), that the
        interval leaves out the differences between outlets.
    """
    if used == "outlets" and n_outlets < MIN_OUTLETS:
        return (f"only {n_outlets} outlets in this group: an interval that resamples {n_outlets} outlets "
                "is not meaningful")
    if used != "outlets" and n_outlets >= 2:
        return (f"{n_outlets} outlets in this group but {UNIT_NAMES[used]} resampled: the interval leaves out "
                "the differences between outlets and is too narrow (use scheme='outlets' or 'auto')")
    return ""


def fallback_reason(used: str) -> str:
    """Why a table's interval is the percentile one, for its ``note`` (see :func:`bootstrap_ratio`)."""
    if used == "outlets":
        return "too few outlets, or a few weigh too much, for a stable studentized interval"
    return f"too few {UNIT_NAMES[used]} for a studentized interval (fewer than {MIN_UNITS_STUDENTIZED}, or no spread)"


def resampling_units(scheme: str, mask, *, events=None, outlets=None) -> int:
    """How many resampling units (documents, events or outlets) hold the documents in ``mask``.

    Parameters
    ----------
    scheme : str
        A resolved scheme.
    mask : array of bool
        Documents of the group that carry the denominator (e.g. mention the concept).
    events, outlets : array of str, optional
        Event and outlet labels per document of the group.

    Returns
    -------
    int
    """
    mask = np.asarray(mask, dtype=bool)
    labels = {"events": events, "outlets": outlets}.get(scheme)
    if labels is None:
        return int(mask.sum())
    return outlet_count(np.asarray(labels, dtype=object)[mask])


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    """Index arrays of documents per cluster (event or outlet); unlabelled documents are singletons."""
    ev = np.asarray(labels, dtype=object).copy()
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
                      events: np.ndarray | None = None, outlets: np.ndarray | None = None,
                      max_cells: int = MAX_CELLS):
    """Yield chunks of replicate multiplicities, each an int array of shape ``(b, n_docs)``.

    Parameters
    ----------
    n_docs : int
        Number of documents in the group (> 0).
    n_boot : int
        Total replicates over all chunks.
    rng : numpy Generator
    scheme : {"documents", "events", "outlets", "stratified"}
        See the module docstring (resolve ``"auto"`` first with :func:`resolve_scheme`).
    events : array of str, optional
        Event label per document ("" = none); needed for "events" and "stratified".
    outlets : array of str, optional
        Outlet label per document; needed for "outlets".
    max_cells : int
        Chunk size bound (replicates x documents).
    """
    if scheme in ("events", "stratified"):
        groups = _groups(events)
    elif scheme == "outlets":
        groups = _groups(outlets)
    else:
        groups = None
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
        elif scheme in ("events", "outlets"):
            w = np.zeros((b, n_docs), dtype=np.int64)
            m = _uniform_counts(rng, b, len(groups))  # how often each cluster was drawn
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


def _unit_totals(num: np.ndarray, den: np.ndarray, labels) -> tuple[np.ndarray, np.ndarray]:
    """Sum documents into their clusters, events or outlets (the units of the cluster bootstrap)."""
    groups = _groups(labels)
    order = np.concatenate(groups)
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    return np.add.reduceat(num[order], starts, axis=0), np.add.reduceat(den[order], starts, axis=0)


def bootstrap_ratio(numerator, denominator, *, n_boot: int, rng: np.random.Generator,
                    scheme: str = "documents", events=None, outlets=None, level: float = 0.95,
                    interval: str = "studentized", upper: float | None = None,
                    return_replicates: bool = False) -> dict:
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
    scheme : {"documents", "events", "outlets", "stratified"}
        ``"events"`` and ``"outlets"`` resample event or outlet totals (the cluster bootstrap).
    events : array of str, optional
        Event label per document.
    outlets : array of str, optional
        Outlet label per document (for ``"outlets"``).
    level : float
        Interval coverage, e.g. 0.95.
    interval : {"studentized", "percentile"}, default "studentized"
        ``"studentized"`` (bootstrap-t): each replicate's ratio is standardised by its own
        linearisation standard error, ``se(R) = sqrt(n/(n-1) * sum_i (y_i - R x_i)^2) / sum_i x_i``
        over the n resampling units, and the interval is ``R - t*_(1-a/2) se, R - t*_(a/2) se``.
        Its coverage stays near nominal with few documents, events or outlets where the percentile interval
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
        percentile used instead of studentized), ``sd`` (standard deviation of the replicate ratios,
        per column; NaN with fewer than two valid replicates).
    """
    num = np.asarray(numerator, dtype=np.float64)
    if num.ndim == 1:
        num = num[:, None]
    den = np.asarray(denominator, dtype=np.float64)
    guarded = scheme == "outlets"
    if scheme in ("events", "outlets"):
        num, den = _unit_totals(num, den, events if scheme == "events" else outlets)
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
        if guarded:
            # outlets: an influential outlet makes the bootstrap-t erratic (module docstring)
            bounded &= (hi_t - lo_t) <= MAX_WIDTH_RATIO_OUTLETS * (high[has] - low[has])
        idx = np.flatnonzero(has)
        low[idx[bounded]], high[idx[bounded]] = lo_t[bounded], hi_t[bounded]
        fallback[idx[~bounded]] = True
    low = np.maximum(low, 0.0)
    if upper is not None:
        high = np.minimum(high, upper)
    sd = np.full(k, np.nan)
    several = valid > 1
    if several.any():
        spread = np.std if valid[several].min() == n_boot else np.nanstd  # nanstd is 3x slower
        sd[several] = spread(reps[:, several], axis=0, ddof=1)
    out = {"low": low, "high": high, "valid": valid, "fallback": fallback, "sd": sd}
    if return_replicates:
        out["replicates"] = reps
    return out
