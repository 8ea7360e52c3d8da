"""Document-level bootstrap of ratio-of-sums estimates (rates per 1,000 words, naming shares).

Statistics in framelens are ratios of sums over documents (cues / words, variant mentions / concept
mentions). Cues cluster in documents, so the resampling unit is the document, never the word or the
mention. A bootstrap replicate is a vector of document multiplicities ``w`` (how often each document
was drawn); the replicate statistic is ``(w @ numerator) / (w @ denominator)``. Replicates are drawn
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

Intervals are percentile intervals of the replicate statistics.
"""
from __future__ import annotations

import numpy as np

SCHEMES = ("auto", "documents", "events", "stratified")

#: Upper bound on replicate-matrix cells held in memory at once (replicates x documents).
MAX_CELLS = 4_000_000


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


def bootstrap_ratio(numerator, denominator, *, n_boot: int, rng: np.random.Generator,
                    scheme: str = "documents", events=None, level: float = 0.95,
                    return_replicates: bool = False) -> dict:
    """Percentile bootstrap interval of ``sum(numerator) / sum(denominator)`` over documents.

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
    events : array of str, optional
        Event label per document.
    level : float
        Interval coverage, e.g. 0.95.
    return_replicates : bool
        Also return the replicate matrix (``"replicates"``, shape (n_boot, k)).

    Returns
    -------
    dict
        ``low``, ``high`` (arrays of length k; NaN where no replicate had a non-zero denominator),
        ``valid`` (replicates with a non-zero denominator, per column).
    """
    num = np.asarray(numerator, dtype=np.float64)
    if num.ndim == 1:
        num = num[:, None]
    den = np.asarray(denominator, dtype=np.float64)
    n_docs, k = num.shape
    reps = np.empty((n_boot, k))
    pos = 0
    for w in bootstrap_weights(n_docs, n_boot, rng, scheme=scheme, events=events):
        wf = w.astype(np.float64)
        top = wf @ num
        bottom = wf @ den
        if bottom.ndim == 1:
            bottom = np.broadcast_to(bottom[:, None], top.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)
        reps[pos:pos + len(w)] = r
        pos += len(w)
    valid = np.sum(~np.isnan(reps), axis=0)
    alpha = (1.0 - level) / 2.0
    low = np.full(k, np.nan)
    high = np.full(k, np.nan)
    ok = valid > 0
    if ok.any():
        q = np.nanquantile(reps[:, ok], [alpha, 1.0 - alpha], axis=0)
        low[ok], high[ok] = q[0], q[1]
    out = {"low": low, "high": high, "valid": valid}
    if return_replicates:
        out["replicates"] = reps
    return out
