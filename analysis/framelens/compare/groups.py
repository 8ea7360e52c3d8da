"""Showing a comparison by groups of outlets (``--by leaning``) where the charts show outlets.

The statistics of a grouped comparison are computed by :func:`framelens.compare.compare_all` with
``by=...`` (a group that holds several outlets is resampled by outlet, so its intervals are honest)
and its tables are written with the group column under its own name (``leaning``). The report, the
explorer and the notebooks draw outlets; :func:`group_view` relabels the same results so that each
group stands where an outlet would, without computing anything again. It is a view for display only.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

import pandas as pd


#: Result tables whose outlet columns hold the groups (``similarity`` and ``coefficients`` already name
#: them outlet, and are relabelled too).
_GROUPED_TABLES = {"rates", "rate_distributions", "shares", "sources", "within_event", "over_time", "similarity",
                   "coefficients", "leaf_order"}


def no_group_label(by: str) -> str:
    """The label of documents whose ``by`` value is missing (they are in no group's statistics)."""
    return f"(no {by})"


def group_view(by: str, corpus, hits: pd.DataFrame, doc_features: pd.DataFrame, results: Mapping):
    """``corpus``, ``hits``, ``doc_features`` and ``results`` with the ``by`` group in place of the outlet.

    Parameters
    ----------
    by : str
        The grouping column of the comparison (``"outlet"`` returns the inputs unchanged).
    corpus : Corpus or None
        None when the documents are not at hand (the groups then come from ``doc_features[by]``).
    hits, doc_features : DataFrame
    results : mapping of str to DataFrame
        What :func:`~framelens.compare.compare_all` returned with ``by=by``.

    Raises
    ------
    AnalysisError
        When the documents have no column ``by``.

    Returns
    -------
    tuple
        ``(corpus, hits, doc_features, results)``: the documents' and hits' ``outlet`` is their group
        (the outlet as loaded moves to ``outlet_raw`` of the documents), and in every result table
        the columns ``<by>``, ``<by>_a`` and ``<by>_b`` are renamed ``outlet``, ``outlet_a`` and
        ``outlet_b``. Documents without a ``by`` value are labelled ``(no <by>)``.
    """
    if by == "outlet":
        return corpus, hits, doc_features, results
    # the group of each document: from the corpus, or (a report drawn again without its corpus) from
    # the doc_features table, which holds the grouping column
    source = corpus.documents if corpus is not None else doc_features
    if by not in source.columns:
        from framelens.errors import AnalysisError

        raise AnalysisError(f"the corpus has no column {by!r} to group by",
                            fix="use by='outlet', or one of: " + ", ".join(map(str, source.columns)))
    group = _labels(source[by], by)
    group_of = dict(zip(source["doc_id"].astype(str), group))
    corpus_view = None
    if corpus is not None:
        docs = corpus.documents
        corpus_view = replace(corpus, documents=docs.assign(outlet_raw=docs["outlet"].astype(str),
                                                            outlet=group.to_numpy()))

    def regroup(table: pd.DataFrame) -> pd.DataFrame:
        if table is None or table.empty or "doc_id" not in table.columns:
            return table
        g = table["doc_id"].astype(str).map(group_of).fillna(no_group_label(by))
        return table.assign(outlet=g.astype(str).to_numpy())

    renames = {by: "outlet", f"{by}_a": "outlet_a", f"{by}_b": "outlet_b"}
    results_view = {}
    for name, table in results.items():
        if isinstance(table, pd.DataFrame) and (any(c in table.columns for c in renames) or name in _GROUPED_TABLES):
            table = table.drop(columns=[v for k, v in renames.items() if k in table.columns and v in table.columns])
            table = table.rename(columns=renames)
            for col in ("outlet", "outlet_a", "outlet_b"):  # the tables' group "" is the documents without one
                if col in table.columns and name in _GROUPED_TABLES:
                    table[col] = _labels(table[col], by)
        results_view[name] = table
    features_view = regroup(doc_features)
    if features_view is not None and by in getattr(features_view, "columns", ()):
        features_view = features_view.drop(columns=by)
    return corpus_view, regroup(hits), features_view, results_view


def _labels(values: pd.Series, by: str) -> pd.Series:
    group = values.astype("string").fillna(no_group_label(by)).astype(str)
    return group.where(group.str.strip() != "", no_group_label(by))
