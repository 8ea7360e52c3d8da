"""Rates per 1,000 words: the forest of one feature's rates with intervals, the share of attributions per
source, and the outlet x feature heatmap."""
from __future__ import annotations

import textwrap
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens.compare.inputs import select_voice

from framelens.plots.style import (
    PER_1000, _color_outlet_ticks, _empty, _fmt_rate, _new_ax, _pick_outlets, _rows_figsize,
    _set_title, _str, chart, feature_label, feature_unit, is_synthetic, outlet_colors,
)


# ------------------------------------------------------------------------------------ rate forest
def _dot_interval(ax, y: float, value: float, lo: float, hi: float, color) -> bool:
    """One forest-plot row: the interval as a line and the estimate as a dot, hollow when there is
    no interval. Returns whether there was one."""
    has_ci = bool(np.isfinite(lo) and np.isfinite(hi))
    if has_ci:
        ax.hlines(y, lo, hi, color=color, linewidth=2.2, zorder=2)
    if np.isfinite(value):
        ax.plot([value], [y], marker="o", markersize=7, zorder=3, color=color,
                markerfacecolor=color if has_ci else "white", markeredgewidth=1.6)
    return has_ci


def _forest_axes(ax, shown: list[str], colors: Mapping[str, str]):
    """Outlets as rows from the top, x from 0, a light grid, no top or right spine, coloured labels."""
    ax.set_yticks(np.arange(len(shown)), shown)
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _color_outlet_ticks(ax, "y", colors)


@chart
def plot_rate_forest(rates: pd.DataFrame, *, feature: str | None = None, ax=None,
                     outlets: Iterable[str] | None = None, colors: Mapping[str, str] | None = None,
                     synthetic: bool | None = None, show_pooled: bool = True, voice: str | None = None):
    """Forest plot: each outlet's rate of one feature per 1,000 words, with its 95% interval.

    Parameters
    ----------
    rates : DataFrame
        The ``rates`` table (``outlet, feature, docs, words, count, rate_per_1000, ci_low, ci_high, note``).
    feature : str, optional
        Feature key; the most frequent non-naming feature when None.
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.
    show_pooled : bool, default True
        Draw the all-outlet rate (total count / total words) as a dashed line.
    voice : str, optional
        Rows of this voice of a table with a ``voice`` column (default its main voice, narration).

    Returns
    -------
    Axes
        Hollow markers are rates without an interval (their ``note`` says why).
    """
    syn = is_synthetic(rates, synthetic)
    rates = select_voice(rates, voice)
    if rates is None or rates.empty:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, "Rates per 1,000 words", "No rates: the corpus has no words or no feature.", syn)
    df = rates.copy()
    df["outlet"], df["feature"] = _str(df["outlet"]), _str(df["feature"])
    if feature is None:
        feature = default_features(df, 1)[0]
    df = df[df["feature"] == str(feature)]
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    title = f"{feature_label(feature).capitalize()} {PER_1000}, by outlet"
    ax = _new_ax(ax, _rows_figsize(len(shown), width=8))
    if df.empty or not shown:
        return _empty(ax, title, f"No rate for {feature!r} in this table.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    df = df.set_index("outlet").reindex(shown)
    y = np.arange(len(shown))
    for i, outlet in enumerate(shown):
        row = df.loc[outlet]
        c = colors.get(outlet, "0.3")
        rate, lo, hi = float(row["rate_per_1000"]), float(row.get("ci_low", np.nan)), float(row.get("ci_high", np.nan))
        has_ci = _dot_interval(ax, y[i], rate, lo, hi, c)
        docs = row.get("docs", np.nan)
        note = str(row.get("note", "") or "")
        extra = f"{int(docs):,} docs" if pd.notna(docs) else ""
        if note and not has_ci:
            extra = f"{extra}; {note}" if extra else note
        ax.text(1.01, y[i], extra, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize="small", color="0.35")
    if show_pooled and {"count", "words"} <= set(df.columns) and df["words"].sum() > 0:
        pooled = df["count"].sum() / df["words"].sum() * 1000
        ax.axvline(pooled, color="0.5", linestyle="--", linewidth=1, zorder=1)
    _forest_axes(ax, shown, colors)
    pooled_note = "; dashed: all outlets" if show_pooled else ""
    ax.set_xlabel(f"{feature_unit(feature)} (dot: rate; line: 95% bootstrap interval{pooled_note})")
    _set_title(ax, title, syn)
    return ax


@chart
def plot_source_shares(sources: pd.DataFrame, *, source: str = "(no source)", ax=None,
                       outlets: Iterable[str] | None = None, colors: Mapping[str, str] | None = None,
                       synthetic: bool | None = None, by: str = "outlet"):
    """Who is attributed: the share of each outlet's attributions that go to one source, with intervals.

    Parameters
    ----------
    sources : DataFrame
        The ``sources`` table (:func:`framelens.compare.sources.source_shares`).
    source : str, default "(no source)"
        The source key: ``"(no source)"`` (unattributed claims), ``"(pronoun)"``, or a named key
        such as ``"trump"``.
    ax, outlets, colors, synthetic, by
        See :func:`plot_naming_shares`.

    Returns
    -------
    Axes
        Dot: the share; line: its 95% bootstrap interval; hollow dot: no interval (see ``note``).
    """
    import matplotlib.ticker as mticker

    syn = is_synthetic(sources, synthetic)
    names = {"(no source)": "Attributions with no source found",
             "(pronoun)": "Attributions to a pronoun (he, she, they)",
             "(other named source)": "Attributions to other named sources"}
    if sources is None or sources.empty:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, "Who is attributed", "No attribution hits in this corpus.", syn)
    df = sources.rename(columns={by: "outlet"}) if by != "outlet" else sources.copy()
    df["outlet"], df["source"] = _str(df["outlet"]), _str(df["source"])
    df = df[df["source"] == str(source)]
    label = names.get(source) or f"Attributions to {df['label'].iloc[0] if len(df) and df['label'].iloc[0] else source}"
    title = f"{label}: share of attributions per {by.replace('_', ' ')}"
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    ax = _new_ax(ax, _rows_figsize(len(shown), width=8))
    if df.empty or not shown:
        return _empty(ax, title, f"No attribution goes to {source!r} in this table.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    df = df.set_index("outlet").reindex(shown)
    y = np.arange(len(shown))
    for i, outlet in enumerate(shown):
        row = df.loc[outlet]
        _dot_interval(ax, y[i], float(row["share"]), float(row["ci_low"]), float(row["ci_high"]),
                      colors.get(outlet, "0.3"))
        n = row.get("attributions", np.nan)
        ax.text(1.01, y[i], f"n={int(n):,}" if pd.notna(n) else "", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize="small", color="0.35")
    _forest_axes(ax, shown, colors)
    ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of the outlet's attributions (dot: share; line: 95% bootstrap interval; "
                  "n = attributions)")
    _set_title(ax, title, syn)
    return ax


def default_features(rates: pd.DataFrame, n: int | None = None, *, naming: bool = False) -> list[str]:
    """Features of a ``rates`` table ordered by total count (non-naming ones unless ``naming``),
    leaving out features with no occurrence at all (in the table's main voice)."""
    rates = select_voice(rates)
    feats = rates.assign(feature=_str(rates["feature"]))
    if not naming:
        feats = feats[~feats["feature"].str.startswith("naming:")]
        if feats.empty:
            feats = rates.assign(feature=_str(rates["feature"]))
    order = feats.groupby("feature")["count"].sum().sort_values(ascending=False, kind="stable")
    if (order > 0).any():
        order = order[order > 0]  # a feature no outlet uses says nothing about outlets
    out = list(order.index)
    return out[:n] if n else out

# ---------------------------------------------------------------------------------------- heatmap
@chart
def plot_feature_heatmap(rates: pd.DataFrame, *, features: Iterable[str] | None = None, ax=None,
                         outlets: Iterable[str] | None = None, colors: Mapping[str, str] | None = None,
                         synthetic: bool | None = None, annotate: bool = True, naming: bool = False,
                         voice: str | None = None):
    """Outlet x feature heatmap of rates per 1,000 words.

    Each cell shows the rate; its colour says how it compares with the mean of the shown outlets for
    that feature (red: more, blue: fewer, on a log2 scale from ¼x to 4x), so that rare and common
    features share one colour scale.

    Parameters
    ----------
    rates : DataFrame
        The ``rates`` table.
    features : iterable of str, optional
        Features (columns) in order; default every non-naming feature by total count (or every
        feature when ``naming``).
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.
    annotate : bool, default True
        Write the rate in each cell.
    voice : str, optional
        Rows of this voice of a table with a ``voice`` column (default its main voice, narration).

    Returns
    -------
    Axes
    """
    syn = is_synthetic(rates, synthetic)
    rates = select_voice(rates, voice)
    title = f"Framing cues {PER_1000}, by outlet"
    if rates is None or rates.empty:
        ax = _new_ax(ax, (8, 3))
        return _empty(ax, title, "No rates to show.", syn)
    df = rates.copy()
    df["outlet"], df["feature"] = _str(df["outlet"]), _str(df["feature"])
    feats = [str(f) for f in features] if features is not None else default_features(df, naming=naming)
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    ax = _new_ax(ax, (max(6.5, 2.6 + 1.05 * len(feats)), max(3.2, 2.4 + 0.42 * len(shown))))
    mat = (df.pivot_table(index="outlet", columns="feature", values="rate_per_1000", aggfunc="first")
           .reindex(index=shown, columns=feats))
    if mat.empty or not feats or not shown:
        return _empty(ax, title, "No rates to show.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    values = mat.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.nanmean(values, axis=0, keepdims=True)
        rel = np.log2(values / mean)
    # zero where others have some: "fewest" (-2); zero everywhere: no colour (nothing to compare)
    rel = np.where(np.isfinite(rel), rel, np.where((values == 0) & (mean > 0), -2.0, np.nan))
    rel = np.clip(rel, -2, 2)
    im = ax.imshow(np.ma.masked_invalid(rel), cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                shade = rel[i, j]
                ax.text(j, i, _fmt_rate(v), ha="center", va="center", fontsize="small",
                        color="white" if np.isfinite(shade) and abs(shade) > 1.2 else "black")
    ax.set_xticks(np.arange(len(feats)), [textwrap.fill(feature_label(f), 13) for f in feats])
    ax.set_yticks(np.arange(len(shown)), shown)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    cbar = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
    cbar.set_ticks([-2, -1, 0, 1, 2], labels=["¼×", "½×", "1×", "2×", "4×"])
    cbar.set_label("rate relative to the mean of these outlets", fontsize="small")
    _color_outlet_ticks(ax, "y", colors)
    _set_title(ax, title, syn, subtitle="number: rate per 1,000 words; colour: relative to the outlet mean")
    return ax
