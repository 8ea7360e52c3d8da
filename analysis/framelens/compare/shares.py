"""Naming shares: which name each outlet uses for a concept, with intervals and tests.

For every naming concept (``"<pack>/<concept>"``, e.g. ``karabakh/capital``) and group (outlet), the
share of each variant among the group's mentions of the concept: ``count / concept_total``.

Intervals: a cluster bootstrap of the ratio of sums (studentized by default), never narrower than a
Jeffreys interval at the effective number of mentions. Mentions cluster in documents: an article
that says "Stepanakert" once says it five times, so mentions are not independent trials and a
binomial interval over mentions would be far too narrow. The bootstrap resamples whole documents
(or events, or outlets when a group holds several; see :mod:`framelens.compare.resample` and the
``scheme`` column). At small n the bootstrap alone degenerates: four mentions all of one name give
"100% [100, 100]". So each interval is widened to contain the Jeffreys interval
(:func:`jeffreys_interval`) at the effective sample size ``n_eff = share (1 - share) / sd²`` (Kish's
design effect, with ``sd`` the bootstrap standard deviation; clipped to at most the mentions),
the device by which Korn & Graubard (1998, Survey Methodology 24) carry a binomial interval over to
clustered survey data. Where that cannot be estimated (share 0 or 1, or no bootstrap spread)
``n_eff`` is the number of resampling units that mention the concept (documents, events or
outlets), the conservative choice when a unit's mentions may all follow one choice. The Jeffreys
interval is chosen over Wilson's and Clopper-Pearson's for its near-nominal coverage at small n and
near 0 and 1 (Brown, Cai & DasGupta 2001, Statistical Science 16: 101-133); it is never of zero
width for n_eff > 0. Where it is the wider, it is what the table shows; with many mentions the two
nearly agree (``benchmarks/interval_coverage.py``: from 4 documents the bootstrap alone covers the
true share in 74% of simulated datasets and has zero width in 22%, widened 98% and never; from 40
documents both cover 97% with the same width). Shares from fewer than :data:`SMALL_N` mentions are flagged ``small_n``: too few to
compare groups on, whatever the interval.

``shares`` table (:func:`naming_shares`), one row per group x concept x variant:

==============  =====================================================================================
outlet          the group (named after ``by``)
concept         ``<pack>/<concept>``
variant         the variant label ("" for a concept with no mention anywhere)
count           mentions of this variant in the group
concept_total   mentions of the concept (any variant) in the group
share           ``count / concept_total`` (NaN, with a note, when the group never mentions the concept)
ci_low, ci_high interval of the share (``level``, default 95%; bootstrap widened to Jeffreys, above)
note            "" or why a value is missing or degenerate
scheme          how the interval resampled: ``documents``, ``events``, ``outlets`` or ``stratified``
n_outlets       outlets in the group (1 when grouping by outlet; 0 when there is no outlet column)
small_n         ``concept_total < SMALL_N``: too few mentions to compare groups on
==============  =====================================================================================

Tests (:func:`naming_tests`), one row per concept in the ``tests`` table (columns ``analysis,
concept_or_feature, test, statistic, dof, p_value, p_adjusted, n, note``; ``analysis`` is
``"naming_independence"``, ``n`` the number of mentions, ``statistic`` Pearson's X² of the outlet x
variant table, ``dof`` its degrees of freedom). The p-value is the chi-square one when the table is
large enough and mentions are not clustered; otherwise it comes from a permutation test that shuffles
outlet labels over the documents mentioning the concept (each document keeps all its mentions).
``p_adjusted``: Benjamini–Hochberg over the concepts tested.

``variant_usage`` (:func:`variant_usage`), one row per group x concept x variant: ``outlet, concept,
variant, docs, docs_using, share_docs, ci_low, ci_high, note, scheme, n_outlets, small_n`` – the share
of the group's documents that use the variant at least once (a per-article measure, unlike
``shares`` which counts mentions), with the same interval (documents as the trials; ``small_n``
when the group has fewer than :data:`SMALL_N` documents).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy import sparse, special, stats

from framelens.compare.inputs import as_labels, group_rng, outlet_labels, prepare
from framelens.compare.multiple import benjamini_hochberg
from framelens.compare.resample import (UNIT_NAMES, bootstrap_ratio, fallback_reason, outlet_count,
                                        resampling_units, resolve_scheme, scheme_note)
from framelens.compare.threads import single_threaded

log = logging.getLogger(__name__)

SHARE_COLUMNS = ["outlet", "concept", "variant", "count", "concept_total", "share", "ci_low", "ci_high", "note",
                 "scheme", "n_outlets", "small_n"]
TEST_COLUMNS = ["analysis", "concept_or_feature", "test", "statistic", "dof", "p_value", "p_adjusted", "n", "note"]

#: Shares from fewer mentions (or, in ``variant_usage``, documents) than this are flagged ``small_n``.
SMALL_N = 10

#: Mean mentions per mentioning document above which Pearson's test is not trusted (see naming_tests).
CLUSTERED_MENTIONS = 1.5


def naming_hits(hits: pd.DataFrame) -> pd.DataFrame:
    """The naming rows of a hits table with ``doc_id, concept, variant`` as strings."""
    if hits is None or len(hits) == 0:
        return pd.DataFrame(columns=["doc_id", "concept", "variant"])
    h = hits
    if "family" in h.columns:
        h = h[h["family"].astype(str) == "naming"]
    for col in ("doc_id", "concept", "variant"):
        if col not in h.columns:
            from framelens.errors import AnalysisError

            raise AnalysisError(f"hits table has no {col!r} column", where="hits",
                                fix="pass the table made by framelens.extract(corpus)")
    out = pd.DataFrame({"doc_id": h["doc_id"].astype(str), "concept": as_labels(h["concept"]),
                        "variant": as_labels(h["variant"])})
    return out[out["concept"] != ""].reset_index(drop=True)


def jeffreys_interval(successes, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Jeffreys interval of a binomial proportion: quantiles of Beta(x + 1/2, n - x + 1/2).

    The lower end is 0 when ``x = 0`` and the upper end 1 when ``x = n`` (the modification of Brown,
    Cai & DasGupta 2001, which keeps the coverage near nominal at the boundaries).

    Parameters
    ----------
    successes : float or array
        Successes ``x`` (need not be whole: ``share * n_eff``).
    n : float or array
        Trials (> 0; an effective sample size need not be whole).
    level : float, default 0.95

    Returns
    -------
    low, high : arrays
        NaN where ``n`` is not positive.

    Examples
    --------
    >>> low, high = jeffreys_interval(4, 4)
    >>> round(float(low[0]), 3), float(high[0])
    (0.555, 1.0)
    """
    x = np.atleast_1d(np.asarray(successes, dtype=np.float64))
    n = np.broadcast_to(np.atleast_1d(np.asarray(n, dtype=np.float64)), x.shape)
    ok = n > 0
    alpha = (1.0 - level) / 2.0
    low, high = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
    a, b = x[ok] + 0.5, n[ok] - x[ok] + 0.5
    # betaincinv is the Beta quantile without scipy.stats' per-call overhead
    low[ok] = np.where(x[ok] <= 0, 0.0, special.betaincinv(a, b, alpha))
    high[ok] = np.where(x[ok] >= n[ok], 1.0, special.betaincinv(a, b, 1.0 - alpha))
    return low, high


def effective_n(share, n, units, sd):
    """Effective number of independent trials behind a clustered share (Kish's design effect).

    Parameters
    ----------
    share : array
        Shares.
    n : array
        Mentions (trials) behind each share.
    units : array
        Resampling units (documents, events, outlets) that hold them.
    sd : array
        Bootstrap standard deviation of each share.

    Returns
    -------
    array
        ``share (1 - share) / sd²`` clipped to ``[min(1, n), n]``; ``min(n, units)`` where the
        share is 0 or 1 or ``sd`` is 0 or NaN (no spread to estimate a design effect from).
    """
    share, n, units, sd = (np.asarray(v, dtype=np.float64) for v in (share, n, units, sd))
    fallback = np.minimum(n, units)
    with np.errstate(divide="ignore", invalid="ignore"):
        kish = share * (1.0 - share) / sd ** 2
    estimable = (share > 0) & (share < 1) & np.isfinite(kish) & (sd > 0)
    return np.where(estimable, np.clip(kish, np.minimum(1.0, n), n), fallback)


def widen_to_jeffreys(share, n, units, sd, low, high, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Widen bootstrap intervals of shares to contain the Jeffreys interval at the effective n.

    Parameters
    ----------
    share, n, units, sd : arrays
        As for :func:`effective_n`.
    low, high : arrays
        Bootstrap interval (NaN where it has none).
    level : float, default 0.95

    Returns
    -------
    low, high : arrays
        ``min(low, jeffreys_low)``, ``max(high, jeffreys_high)`` (the Jeffreys end where the
        bootstrap one is NaN).
    """
    share = np.asarray(share, dtype=np.float64)
    n_eff = effective_n(share, n, units, sd)
    j_low, j_high = jeffreys_interval(share * n_eff, n_eff, level)
    return np.fmin(np.asarray(low, dtype=np.float64), j_low), np.fmax(np.asarray(high, dtype=np.float64), j_high)


def _concepts_from_features(doc_features: pd.DataFrame) -> list[str]:
    return [c[len("naming:"):] for c in doc_features.columns if str(c).startswith("naming:")]


def variant_matrix(hits: pd.DataFrame, doc_ids) -> tuple[sparse.csr_matrix, pd.DataFrame]:
    """Mentions per document and (concept, variant).

    Parameters
    ----------
    hits : DataFrame
        Hits table (naming rows are used).
    doc_ids : sequence of str
        Documents, in the row order wanted.

    Returns
    -------
    matrix : scipy.sparse.csr_matrix, shape (len(doc_ids), n_variants)
    columns : DataFrame
        ``concept, variant`` for each matrix column (sorted by concept, then variant).
    """
    nh = naming_hits(hits)
    doc_ids = pd.Index(pd.Series(doc_ids, dtype=str))
    row = doc_ids.get_indexer(nh["doc_id"])
    unknown = row < 0
    if unknown.any():
        log.warning("%d naming hit(s) belong to documents not in doc_features and were left out",
                    int(unknown.sum()))
        nh = nh[~unknown]
        row = row[~unknown]
    cols = nh[["concept", "variant"]].drop_duplicates().sort_values(["concept", "variant"]).reset_index(drop=True)
    key = pd.MultiIndex.from_frame(cols)
    col = key.get_indexer(pd.MultiIndex.from_frame(nh[["concept", "variant"]])) if len(nh) else np.array([], int)
    m = sparse.csr_matrix((np.ones(len(row)), (row, col)), shape=(len(doc_ids), len(cols)))
    m.sum_duplicates()
    return m, cols


@single_threaded
def naming_shares(hits: pd.DataFrame, doc_features: pd.DataFrame, *, by: str = "outlet", n_boot: int = 1000,
                  seed: int = 0, level: float = 0.95, scheme: str = "auto", interval: str = "studentized",
                  concepts: list[str] | None = None) -> pd.DataFrame:
    """Share of each naming variant within its concept, per group, with bootstrap intervals.

    Parameters
    ----------
    hits : DataFrame
        Hits table (rows with ``family == "naming"``; ``doc_id``, ``concept``, ``variant``).
    doc_features : DataFrame
        One row per document (``doc_id``, ``by``, ``words``, optional ``event_id``): defines the
        documents and groups; naming count columns also name concepts without any hit.
    by : str, default "outlet"
        Grouping column (e.g. "leaning"); the first output column is named after it.
    n_boot : int, default 1000
        Bootstrap replicates (documents, events or outlets resampled; see module docstring).
    seed : int, default 0
    level : float, default 0.95
    scheme : {"auto", "documents", "events", "outlets", "stratified"}, default "auto"
        See :mod:`framelens.compare.resample`: ``"auto"`` resamples outlets in groups that hold
        several (``by="leaning"``), else events or documents.
    interval : {"studentized", "percentile"}, default "studentized"
        See :func:`framelens.compare.resample.bootstrap_ratio`; either is then widened to the
        Jeffreys interval at the effective n (module docstring).
    concepts : list of str, optional
        Only these concepts.

    Returns
    -------
    DataFrame
        The ``shares`` table (module docstring).
    """
    df, _ = prepare(doc_features, by=by, features=[])
    m, cols = variant_matrix(hits, df["doc_id"])
    all_concepts = sorted(set(cols["concept"]) | set(_concepts_from_features(doc_features)))
    if concepts is not None:
        keep = cols["concept"].isin(concepts).to_numpy()
        m, cols = m[:, np.flatnonzero(keep)], cols[keep].reset_index(drop=True)
        all_concepts = [c for c in all_concepts if c in set(concepts)] + [c for c in concepts if c not in all_concepts]
    out_cols = [by] + SHARE_COLUMNS[1:]
    if df.empty:
        log.warning("naming_shares: no documents")
        return pd.DataFrame(columns=out_cols)
    concept_codes, concept_names = pd.factorize(cols["concept"], sort=True)
    # indicator (variant column -> concept) to sum each document's mentions of a concept
    ind = sparse.csr_matrix((np.ones(len(cols)), (np.arange(len(cols)), concept_codes)),
                            shape=(len(cols), len(concept_names)))
    per_concept = (m @ ind).tocsr()
    outlets_all = outlet_labels(df, by)
    events_all = df["event_id"].to_numpy(dtype=object)
    rows = []
    names = list(zip(cols["concept"].tolist(), cols["variant"].tolist()))  # not a frame lookup per row
    for group, idx in df.groupby(by, sort=True).indices.items():
        sub_m = m[idx].toarray()
        sub_c = per_concept[idx].toarray()
        den = sub_c[:, concept_codes] if len(cols) else np.zeros((len(idx), 0))
        counts = sub_m.sum(axis=0)
        totals = den.sum(axis=0)
        events = events_all[idx]
        outlets = outlets_all[idx] if outlets_all is not None else None
        n_outlets = outlet_count(outlets) if outlets is not None else int(by == "outlet")
        used = resolve_scheme(scheme, events, outlets)
        if len(cols) and len(idx) > 1 and n_boot > 0:
            bs = bootstrap_ratio(sub_m, den, n_boot=n_boot, rng=group_rng(seed, "shares", group), scheme=used,
                                 events=events, outlets=outlets, level=level, interval=interval, upper=1.0)
        else:
            bs = {"low": np.full(len(cols), np.nan), "high": np.full(len(cols), np.nan),
                  "valid": np.zeros(len(cols), dtype=int), "fallback": np.zeros(len(cols), dtype=bool),
                  "sd": np.full(len(cols), np.nan)}
        # resampling units (documents, events, outlets) that mention each concept
        units = np.array([resampling_units(used, sub_c[:, c] > 0, events=events, outlets=outlets)
                          for c in range(len(concept_names))], dtype=np.int64)
        unit = UNIT_NAMES[used]
        about_scheme = scheme_note(used, n_outlets)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(totals > 0, counts / np.where(totals > 0, totals, 1), np.nan)
        # the Jeffreys floor for every variant at once (rows without an interval drop it below)
        wide_low, wide_high = widen_to_jeffreys(shares, totals, units[concept_codes] if len(cols) else units[:0],
                                                bs["sd"], bs["low"], bs["high"], level)
        for j, (concept, variant) in enumerate(names):
            total = int(totals[j])
            share = counts[j] / total if total else np.nan
            low, high = bs["low"][j], bs["high"][j]
            parts = []
            if total == 0:
                parts.append("this group never mentions the concept: share undefined")
                low = high = np.nan
            elif len(idx) == 1:
                parts.append("one document: no interval")
                low = high = np.nan
            elif n_boot <= 0:
                parts.append("n_boot=0: no interval")
            elif units[concept_codes[j]] == 1:
                parts.append(f"all mentions come from one {unit[:-1]}: no interval")
                low = high = np.nan
            else:
                low, high = float(wide_low[j]), float(wide_high[j])
                if about_scheme:
                    parts.append(about_scheme)
                left_out = n_boot - int(bs["valid"][j])
                if left_out:
                    parts.append(f"{left_out} of {n_boot} replicates drew no mention and were left out")
                if bs["fallback"][j]:
                    parts.append(f"{fallback_reason(used)}: percentile interval widened to Jeffreys, may still "
                                 "be too narrow")
            rows.append((group, concept, variant, int(counts[j]), total, share, low, high, "; ".join(parts),
                         used, n_outlets, bool(total < SMALL_N)))
        for concept in all_concepts:
            if concept not in set(concept_names):
                rows.append((group, concept, "", 0, 0, np.nan, np.nan, np.nan,
                             "no mention of this concept anywhere in the corpus", used, n_outlets, True))
    out = pd.DataFrame(rows, columns=out_cols)
    return out.sort_values([by, "concept", "variant"], kind="stable").reset_index(drop=True)


def _chi2_stat(tables: np.ndarray) -> np.ndarray:
    """Pearson's X² for a stack of contingency tables, shape (..., rows, cols)."""
    r = tables.sum(axis=-1, keepdims=True)
    c = tables.sum(axis=-2, keepdims=True)
    n = tables.sum(axis=(-2, -1), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = r * c / n
        terms = np.where(e > 0, (tables - e) ** 2 / np.where(e > 0, e, 1.0), 0.0)
    return terms.sum(axis=(-2, -1))


def permutation_chi2(doc_counts: np.ndarray, labels: np.ndarray, *, n_perm: int = 2000,
                     rng: np.random.Generator | None = None, seed: int = 0) -> tuple[float, float]:
    """Permutation test of independence between document labels and variant choice.

    The statistic is Pearson's X² of the label x variant table of mention counts; the null
    distribution shuffles labels over documents (each document keeps all its mentions).

    Parameters
    ----------
    doc_counts : array, shape (n_docs, n_variants)
        Mentions of each variant per document.
    labels : array, shape (n_docs,)
        Group label (outlet) per document.
    n_perm : int, default 2000
        Random permutations.
    rng : numpy Generator, optional
    seed : int, default 0

    Returns
    -------
    statistic, p_value : float
        Observed X² and ``(1 + #{X²_perm >= X²_obs}) / (1 + n_perm)``.
    """
    rng = rng or np.random.default_rng(seed)
    d = np.asarray(doc_counts, dtype=np.float64)
    codes, names = pd.factorize(pd.Series(labels, dtype=str), sort=True)
    g, v = len(names), d.shape[1]
    obs_table = np.zeros((g, v))
    np.add.at(obs_table, codes, d)
    observed = float(_chi2_stat(obs_table))
    tol = 1e-9 * max(1.0, abs(observed))
    exceed = 0
    chunk = max(1, min(n_perm, 2_000_000 // max(len(codes), 1)))
    done = 0
    while done < n_perm:
        b = min(chunk, n_perm - done)
        perm = rng.permuted(np.tile(codes, (b, 1)), axis=1)
        flat = (perm + g * np.arange(b)[:, None]).ravel()
        tables = np.empty((b, g, v))
        for k in range(v):
            tables[:, :, k] = np.bincount(flat, weights=np.tile(d[:, k], b), minlength=b * g).reshape(b, g)
        exceed += int(np.sum(_chi2_stat(tables) >= observed - tol))
        done += b
    return observed, (1.0 + exceed) / (1.0 + n_perm)


@single_threaded
def naming_tests(hits: pd.DataFrame, doc_features: pd.DataFrame, *, by: str = "outlet", method: str = "auto",
                 n_perm: int = 2000, seed: int = 0, concepts: list[str] | None = None) -> pd.DataFrame:
    """Test, per concept, whether variant choice depends on the group (outlet x variant table).

    Parameters
    ----------
    hits : DataFrame
        Hits table (naming rows).
    doc_features : DataFrame
        Documents and their group (``doc_id``, ``by``, ``words``).
    by : str, default "outlet"
    method : {"auto", "chi2", "permutation"}, default "auto"
        ``"chi2"``: Pearson's chi-square test (no continuity correction). ``"permutation"``: outlet
        labels shuffled over documents, ``n_perm`` times. ``"auto"``: chi-square when every expected
        count is at least 1 and at most 20% are below 5 (Cochran's rule) *and* mentions are not
        clustered in documents (at most :data:`CLUSTERED_MENTIONS` mentions per mentioning document
        on average: Pearson's test assumes independent mentions); otherwise the permutation test.
    n_perm : int, default 2000
    seed : int, default 0
    concepts : list of str, optional

    Returns
    -------
    DataFrame
        Rows of the ``tests`` table (``analysis == "naming_independence"``), Benjamini–Hochberg
        adjusted over the concepts.
    """
    if method not in ("auto", "chi2", "permutation"):
        from framelens.errors import AnalysisError

        raise AnalysisError(f"unknown test method {method!r}", fix="use 'auto', 'chi2' or 'permutation'")
    df, _ = prepare(doc_features, by=by, features=[])
    m, cols = variant_matrix(hits, df["doc_id"])
    all_concepts = sorted(set(cols["concept"]) | set(_concepts_from_features(doc_features)))
    if concepts is not None:
        all_concepts = list(concepts)
    labels = df[by].to_numpy(dtype=object)
    rows = []
    for concept in all_concepts:
        vidx = np.flatnonzero((cols["concept"] == concept).to_numpy())
        if len(vidx) == 0:
            rows.append(("naming_independence", concept, "none", np.nan, np.nan, np.nan, 0,
                         "no mention of this concept anywhere in the corpus: nothing to test"))
            continue
        sub = m[:, vidx].toarray()
        mentioning = sub.sum(axis=1) > 0
        d, lab = sub[mentioning], labels[mentioning]
        n = int(d.sum())
        groups = np.unique(lab)
        used_variants = d.sum(axis=0) > 0
        if len(groups) < 2:
            rows.append(("naming_independence", concept, "none", np.nan, np.nan, np.nan, n,
                         f"only one group ({groups[0]}) mentions this concept: nothing to compare"))
            continue
        if used_variants.sum() < 2:
            rows.append(("naming_independence", concept, "none", np.nan, np.nan, np.nan, n,
                         "only one variant is ever used: nothing to compare"))
            continue
        d = d[:, used_variants]
        codes, _ = pd.factorize(pd.Series(lab, dtype=str), sort=True)
        table = np.zeros((len(groups), d.shape[1]))
        np.add.at(table, codes, d)
        dof = (table.shape[0] - 1) * (table.shape[1] - 1)
        expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
        small = bool((expected < 1).any() or (expected < 5).mean() > 0.2)
        per_doc = n / len(d)
        clustered = per_doc > CLUSTERED_MENTIONS
        use_perm = method == "permutation" or (method == "auto" and (small or clustered))
        if use_perm:
            stat, p = permutation_chi2(d, lab, n_perm=n_perm, rng=group_rng(seed, "naming_tests", concept))
            why = []
            if method == "auto" and small:
                why.append("expected counts are small")
            if method == "auto" and clustered:
                why.append(f"mentions cluster in documents ({per_doc:.1f} per document)")
            note = (f"permutation test over {len(d)} documents ({n_perm} permutations)"
                    + (": " + " and ".join(why) if why else ""))
            rows.append(("naming_independence", concept, "permutation_chi_square", stat, dof, p, n, note))
        else:
            stat, p, _, _ = stats.chi2_contingency(table, correction=False)
            rows.append(("naming_independence", concept, "chi_square", float(stat), dof, float(p), n, ""))
    out = pd.DataFrame(rows, columns=["analysis", "concept_or_feature", "test", "statistic", "dof", "p_value", "n",
                                      "note"])
    out["p_adjusted"] = benjamini_hochberg(out["p_value"].to_numpy(dtype=float)) if len(out) else []
    return out[TEST_COLUMNS]


@single_threaded
def variant_usage(hits: pd.DataFrame, doc_features: pd.DataFrame, *, by: str = "outlet", n_boot: int = 1000,
                  seed: int = 0, level: float = 0.95, scheme: str = "auto", interval: str = "studentized",
                  concepts: list[str] | None = None) -> pd.DataFrame:
    """Share of documents that use each naming variant at least once, per group, with intervals.

    Parameters
    ----------
    hits : DataFrame
        Hits table (naming rows).
    doc_features : DataFrame
        Documents and their group (every document counts in the denominator).
    by : str, default "outlet"
    n_boot, seed, level, scheme, interval
        As in :func:`naming_shares`.
    concepts : list of str, optional

    Returns
    -------
    DataFrame
        ``outlet, concept, variant, docs, docs_using, share_docs, ci_low, ci_high, note, scheme,
        n_outlets, small_n`` (the interval widened to Jeffreys at the effective number of documents,
        as in :func:`naming_shares`).
    """
    df, _ = prepare(doc_features, by=by, features=[])
    m, cols = variant_matrix(hits, df["doc_id"])
    if concepts is not None:
        keep = np.flatnonzero(cols["concept"].isin(concepts).to_numpy())
        m, cols = m[:, keep], cols.iloc[keep].reset_index(drop=True)
    out_cols = [by, "concept", "variant", "docs", "docs_using", "share_docs", "ci_low", "ci_high", "note", "scheme",
                "n_outlets", "small_n"]
    rows = []
    using_all = (m > 0).astype(np.float64).tocsr()
    outlets_all = outlet_labels(df, by)
    events_all = df["event_id"].to_numpy(dtype=object)
    names = list(zip(cols["concept"].tolist(), cols["variant"].tolist()))
    for group, idx in df.groupby(by, sort=True).indices.items():
        using = using_all[idx].toarray()
        n = len(idx)
        events = events_all[idx]
        outlets = outlets_all[idx] if outlets_all is not None else None
        n_outlets = outlet_count(outlets) if outlets is not None else int(by == "outlet")
        used = resolve_scheme(scheme, events, outlets)
        if n > 1 and n_boot > 0 and len(cols):
            bs = bootstrap_ratio(using, np.ones(n), n_boot=n_boot, rng=group_rng(seed, "usage", group),
                                 scheme=used, events=events, outlets=outlets, level=level, interval=interval,
                                 upper=1.0)
            n_units = resampling_units(used, np.ones(n, dtype=bool), events=events, outlets=outlets)
            k = using.sum(axis=0)
            low, high = widen_to_jeffreys(k / n, np.full(len(cols), n), np.full(len(cols), n_units), bs["sd"],
                                          bs["low"], bs["high"], level)
            bs = {**bs, "low": low, "high": high}
        else:
            bs = {"low": np.full(len(cols), np.nan), "high": np.full(len(cols), np.nan),
                  "fallback": np.zeros(len(cols), dtype=bool)}
        k = using.sum(axis=0)
        about_scheme = scheme_note(used, n_outlets)
        for j in range(len(cols)):
            parts = []
            if n == 1:
                parts.append("one document: no interval")
            elif n_boot <= 0:
                parts.append("n_boot=0: no interval")
            else:
                if about_scheme:
                    parts.append(about_scheme)
                if bs["fallback"][j]:
                    parts.append(f"{fallback_reason(used)}: percentile interval widened to Jeffreys, may still "
                                 "be too narrow")
            rows.append((group, *names[j], n, int(k[j]), k[j] / n,
                         bs["low"][j], bs["high"][j], "; ".join(parts), used, n_outlets, bool(n < SMALL_N)))
    return pd.DataFrame(rows, columns=out_cols)
