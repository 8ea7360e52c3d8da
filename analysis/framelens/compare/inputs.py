"""What the comparison functions accept: the document-features table, checked and normalised.

``doc_features`` (see CONTRACTS / :func:`framelens.features.document_features`) has one row per
document: ``doc_id, outlet, words, sentences, published, event_id, leaning`` and one integer count
column per feature key (``hedge``, ``attribution:doubting``, ``naming:karabakh/capital`` ...).
Functions here find the feature columns, check the required columns and give every comparison the
same clean view of the table (string outlet and event ids, integer words, no missing counts).
"""
from __future__ import annotations

import logging
import zlib

import numpy as np
import pandas as pd

from framelens.errors import AnalysisError

log = logging.getLogger(__name__)

#: Columns of ``doc_features`` that are metadata, never feature counts.
META_COLUMNS = frozenset({
    "doc_id", "outlet", "outlet_raw", "words", "sentences", "published", "event_id", "leaning", "topic",
    "title", "url", "source", "duplicate_of", "synthetic", "month", "year", "voice",
})


def feature_columns(doc_features: pd.DataFrame) -> list[str]:
    """The feature-count columns of ``doc_features``: numeric columns that are not metadata.

    Parameters
    ----------
    doc_features : DataFrame
        One row per document (see module docstring).

    Returns
    -------
    list of str
        Column names in table order.
    """
    out = []
    for col in doc_features.columns:
        if col in META_COLUMNS:
            continue
        dtype = doc_features[col].dtype
        if pd.api.types.is_bool_dtype(dtype):
            continue
        if pd.api.types.is_numeric_dtype(dtype):
            out.append(col)
    return out


def prepare(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None,
            where: str = "doc_features") -> tuple[pd.DataFrame, list[str]]:
    """Check ``doc_features`` and return a normalised copy and the feature columns.

    The copy has ``by`` and ``event_id`` as plain strings ("" when missing), ``words`` as int,
    feature counts as int (missing counts are 0, with a logged warning), and rows sorted by
    ``doc_id`` so that no result depends on the input row order.

    Raises
    ------
    AnalysisError
        When a required column is missing or a requested feature is not a column.
    """
    if not isinstance(doc_features, pd.DataFrame):
        raise AnalysisError(f"expected a DataFrame of document features, got {type(doc_features).__name__}",
                            where=where, fix="pass framelens.features.document_features(corpus, hits)")
    missing = [c for c in ("doc_id", by, "words") if c not in doc_features.columns]
    if missing:
        raise AnalysisError(f"missing column(s) {', '.join(missing)}", where=where,
                            fix="pass the table made by framelens.features.document_features(corpus, hits)")
    feats = list(features) if features is not None else feature_columns(doc_features)
    unknown = [f for f in feats if f not in doc_features.columns]
    if unknown:
        raise AnalysisError(f"unknown feature(s) {', '.join(unknown[:5])}", where=where,
                            fix="choose from the count columns: " + ", ".join(feature_columns(doc_features)[:20]))
    df = doc_features.copy()
    df["doc_id"] = df["doc_id"].astype(str)
    df[by] = as_labels(df[by])
    if "event_id" in df.columns:
        df["event_id"] = as_labels(df["event_id"])
    else:
        df["event_id"] = ""
    words = pd.to_numeric(df["words"], errors="coerce")
    if words.isna().any():
        log.warning("%s: %d document(s) have no word count; counted as 0 words", where, int(words.isna().sum()))
    df["words"] = words.fillna(0).astype(np.int64)
    for f in feats:
        col = pd.to_numeric(df[f], errors="coerce")
        if col.isna().any():
            log.warning("%s: feature %r has %d missing count(s); counted as 0", where, f, int(col.isna().sum()))
        df[f] = col.fillna(0).astype(np.int64)
    # a fixed row order (by doc_id): results do not depend on how the input rows were ordered
    df = df.sort_values("doc_id", kind="stable")
    return df.reset_index(drop=True), feats


def as_labels(series: pd.Series) -> pd.Series:
    """A column of group labels as plain strings, "" for missing."""
    s = series.astype(object)
    return s.where(s.notna(), "").astype(str).replace({"nan": "", "None": "", "<NA>": ""})


def outlet_labels(df: pd.DataFrame, by: str) -> np.ndarray | None:
    """Outlet label per document when groups may hold several outlets, else None.

    Grouping by the outlet itself (``by="outlet"``) makes every group one outlet: None. Grouping by
    another column (``by="leaning"``) returns the ``outlet`` column as strings ("" when missing), the
    clusters of the ``"outlets"`` bootstrap (:mod:`framelens.compare.resample`); None, with a logged
    note, when ``df`` has no ``outlet`` column.
    """
    if by == "outlet":
        return None
    if "outlet" not in df.columns:
        log.info("grouping by %r without an 'outlet' column: intervals cannot resample outlets", by)
        return None
    return as_labels(df["outlet"]).to_numpy(dtype=object)


def group_positions(df: pd.DataFrame, keys) -> list[tuple]:
    """The groups of ``df`` by ``keys`` (a column or a list of columns) as ``(key, positions)`` pairs.

    In the order of ``df.groupby(keys, sort=True)``, each with the row positions of its documents in
    ascending order: the same groups and rows as iterating the groupby, without a sub-frame of every
    column per group (that copy was most of the cost for many small groups, outlet-months).
    """
    if not len(df):
        return []
    codes, uniques = pd.MultiIndex.from_frame(df[list(keys)]).factorize(sort=True) if isinstance(keys, list) \
        else pd.factorize(df[keys], sort=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return [(uniques[codes[at[0]]], at) for at in np.split(order, bounds)]


def group_rng(seed: int, *keys: str) -> np.random.Generator:
    """A random generator keyed by ``seed`` and names (an analysis, an outlet, a month ...).

    The stream for one outlet does not depend on which other outlets are in the table or on the
    order of the loop, so adding an outlet does not move another outlet's interval.
    """
    entropy = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(k).encode("utf-8")) for k in keys]
    return np.random.default_rng(entropy)


def has_events(df: pd.DataFrame) -> bool:
    """True when at least two documents share a non-empty ``event_id`` (events can be compared)."""
    if "event_id" not in df.columns:
        return False
    ev = df["event_id"]
    ev = ev[ev != ""]
    return bool(len(ev)) and bool(ev.duplicated().any())


def select_voice(table: pd.DataFrame | None, voice: str | None = None) -> pd.DataFrame | None:
    """The rows of one voice of a results table that has a ``voice`` column (``rates``, ``shares``).

    Parameters
    ----------
    table : DataFrame or None
    voice : str, optional
        ``"narration"``, ``"quoted"`` or ``"all"``; None: the table's main voice, the voice of its
        first row (:func:`framelens.compare.compare_all` puts the main voice first).

    Returns
    -------
    DataFrame or None
        ``table`` itself when it has no ``voice`` column.
    """
    if table is None or "voice" not in table.columns or not len(table):
        return table
    v = voice or str(table["voice"].iloc[0])
    return table[table["voice"].astype(str) == v]

