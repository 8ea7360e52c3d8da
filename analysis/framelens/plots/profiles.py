"""Outlet profiles: the dendrogram of outlet similarity."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    _color_outlet_ticks, _empty, _new_ax, _rows_figsize, _set_title, _str, chart, is_synthetic,
    outlet_colors,
)


# ------------------------------------------------------------------------------------- dendrogram
_DISTANCE_WORDS = ("distance", "divergence", "jensen", "js")


def _is_distance(metric: str) -> bool:
    m = str(metric).lower()
    return any(w in m for w in _DISTANCE_WORDS)


@chart
def plot_similarity_dendrogram(similarity: pd.DataFrame, *, metric: str | None = None, ax=None,
                               linkage=None, colors: Mapping[str, str] | None = None,
                               synthetic: bool | None = None, method: str = "average"):
    """Dendrogram of outlets by the similarity of their framing profiles.

    Parameters
    ----------
    similarity : DataFrame
        The ``similarity`` table (``outlet_a, outlet_b, metric, value``), every pair once or both ways.
    metric : str, optional
        Which metric to draw (the first by name when None). Metrics whose name says distance or
        divergence (e.g. Jensen-Shannon) are used as distances; others (cosine) as 1 - similarity.
    ax, colors, synthetic
        See :func:`plot_naming_shares`.
    linkage : ndarray, optional
        A precomputed scipy linkage matrix for the outlets in sorted order; when None it comes
        from :func:`framelens.compare.profiles.cluster_outlets` on the table (``method``).
    method : str, default "average"
        Linkage method when ``linkage`` is None.

    Returns
    -------
    Axes
    """
    from scipy.cluster import hierarchy

    syn = is_synthetic(similarity, synthetic)
    title = "Which outlets frame alike"
    if similarity is None or similarity.empty:
        ax = _new_ax(ax, (8, 3))
        return _empty(ax, title, "No similarity table: at least two outlets with words are needed.", syn)
    df = similarity.copy()
    for c in ("outlet_a", "outlet_b", "metric"):
        df[c] = _str(df[c])
    if metric is None:
        metrics = sorted(df["metric"].unique())
        metric = "jensen_shannon_distance" if "jensen_shannon_distance" in metrics else metrics[0]
    df = df[df["metric"] == str(metric)]
    outlets = sorted(set(df["outlet_a"]) | set(df["outlet_b"]))
    ax = _new_ax(ax, _rows_figsize(len(outlets), width=8, per_row=0.42))
    if len(outlets) < 3 and linkage is None:
        pair = df[df["outlet_a"] != df["outlet_b"]]
        if len(outlets) == 2 and len(pair):
            v = float(pair["value"].iloc[0])
            return _empty(ax, title, f"Two outlets only: {metric.replace('_', ' ')} between {outlets[0]} and "
                          f"{outlets[1]} is {v:.3f}; a tree needs at least three.", syn)
        return _empty(ax, title, "A tree needs at least three outlets.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(outlets)
    dist = _is_distance(metric)
    if linkage is None:
        # The clustering is the comparison's (framelens.compare.profiles.cluster_outlets); the chart
        # only makes the table symmetric and says whether the values are distances or similarities.
        from framelens.compare.profiles import cluster_outlets

        kind = "distance" if dist else "similarity"
        both = pd.concat([df, df.rename(columns={"outlet_a": "outlet_b", "outlet_b": "outlet_a"}),
                          pd.DataFrame(dict(outlet_a=outlets, outlet_b=outlets, value=0.0 if dist else 1.0))])
        both = both.drop_duplicates(["outlet_a", "outlet_b"]).assign(metric=kind)
        clustering = cluster_outlets(both, metric=kind, method=method)
        linkage, outlets = clustering["linkage"], clustering["labels"]
    hierarchy.dendrogram(np.asarray(linkage, dtype=float), labels=outlets, orientation="left", ax=ax,
                         color_threshold=0, above_threshold_color="0.35", leaf_font_size=10)
    _color_outlet_ticks(ax, "y", colors)
    name = str(metric).replace("_", " ").replace("jensen shannon", "Jensen–Shannon")
    if dist:
        xlabel = f"{name} between framing profiles (0 = identical)"
    else:
        xlabel = f"1 − {name.replace(' similarity', '')} similarity of framing profiles (0 = identical)"
    ax.set_xlabel(xlabel + (f", {method} linkage"))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    _set_title(ax, title, syn, subtitle="outlets joined lower down use framing cues at more similar rates")
    return ax
