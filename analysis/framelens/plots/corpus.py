"""The corpus itself: documents per outlet, documents per month, words per document."""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    _color_outlet_ticks, _empty, _new_ax, _pick_outlets, _rows_figsize, _set_title, _str, chart,
    is_synthetic, outlet_colors,
)


# -------------------------------------------------------------------------------- corpus overview
@chart
def plot_outlet_sizes(summary: pd.DataFrame, *, ax=None, outlets: Iterable[str] | None = None,
                      colors: Mapping[str, str] | None = None, synthetic: bool | None = None):
    """Documents per outlet (bars), with the words written beside each bar.

    Parameters
    ----------
    summary : DataFrame
        ``Corpus.summary()``: ``outlet, documents, words, first_date, last_date``.
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.

    Returns
    -------
    Axes
    """
    syn = is_synthetic(summary, synthetic)
    title = "Documents per outlet"
    if summary is None or summary.empty:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, title, "No document was loaded.", syn)
    df = summary.assign(outlet=_str(summary["outlet"]))
    shown = _pick_outlets(df["outlet"].tolist(), outlets)
    ax = _new_ax(ax, _rows_figsize(len(shown), width=8, per_row=0.32))
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    df = df.set_index("outlet").reindex(shown)
    y = np.arange(len(shown))
    ax.barh(y, df["documents"].to_numpy(dtype=float), color=[colors.get(o, "0.5") for o in shown], height=0.7)
    for i, o in enumerate(shown):
        words = df.loc[o, "words"] if "words" in df.columns else np.nan
        if pd.notna(words):
            ax.text(1.01, y[i], f"{int(words):,} words", transform=ax.get_yaxis_transform(), ha="left",
                    va="center", fontsize="small", color="0.35")
    ax.set_yticks(y, shown)
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlabel("documents (count; words written at the right)")
    ax.grid(axis="x", color="0.92")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _color_outlet_ticks(ax, "y", colors)
    _set_title(ax, title, syn)
    return ax


@chart
def plot_documents_over_time(documents: pd.DataFrame, *, ax=None, outlets: Iterable[str] | None = None,
                             colors: Mapping[str, str] | None = None, synthetic: bool | None = None):
    """Documents published per month, one line per outlet (the corpus's coverage over time).

    Parameters
    ----------
    documents : DataFrame
        ``corpus.documents`` (``outlet``, ``published``).
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.

    Returns
    -------
    Axes
    """
    import matplotlib.dates as mdates

    syn = is_synthetic(documents, synthetic)
    title = "Documents per month, by outlet"
    ax = _new_ax(ax, (10, 4))
    if documents is None or documents.empty or "published" not in documents.columns:
        return _empty(ax, title, "No documents.", syn)
    dates = pd.to_datetime(documents["published"], errors="coerce")
    ok = dates.notna()
    if not ok.any():
        return _empty(ax, title, "No document has a publication date, so coverage over time cannot be shown "
                      "(add a `published` or `date` field to the input).", syn)
    span = (dates[ok].max().year - dates[ok].min().year) * 12 + dates[ok].max().month - dates[ok].min().month + 1
    freq, unit = ("M", "month") if span <= 36 else (("Q", "quarter") if span <= 120 else ("Y", "year"))
    df = pd.DataFrame({"outlet": _str(documents["outlet"])[ok], "period": dates[ok].dt.to_period(freq)})
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    counts = df[df["outlet"].isin(shown)].groupby(["period", "outlet"]).size().unstack(fill_value=0)
    full = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
    counts = counts.reindex(full, fill_value=0)
    start = counts.index.to_timestamp(how="start")
    width = (counts.index.to_timestamp(how="end") - start) * 0.85
    bottom = np.zeros(len(counts))
    for o in shown:  # stacked, so outlets that publish on the same dates do not hide each other
        if o in counts.columns:
            v = counts[o].to_numpy(dtype=float)
            ax.bar(start, v, width=width, bottom=bottom, align="edge", color=colors.get(o, "0.4"), label=o,
                   linewidth=0)
            bottom += v
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = f"Documents per {unit}, by outlet"
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"documents published (count per {unit})")
    missing = int((~ok).sum())
    ax.set_xlabel(unit + (f" ({missing:,} documents without a date are not shown)" if missing else ""))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="0.92")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(shown) <= 15:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    _set_title(ax, title, syn)
    return ax


@chart
def plot_document_lengths(doc_features: pd.DataFrame, *, ax=None, outlets: Iterable[str] | None = None,
                          colors: Mapping[str, str] | None = None, synthetic: bool | None = None):
    """Words per document, one box per outlet (median, quartiles, whiskers at 1.5 IQR).

    Parameters
    ----------
    doc_features : DataFrame
        Document features (``outlet``, ``words``).
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.

    Returns
    -------
    Axes
    """
    syn = is_synthetic(doc_features, synthetic)
    title = "Document length, by outlet"
    if doc_features is None or doc_features.empty or "words" not in doc_features.columns:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, title, "No documents.", syn)
    df = doc_features.assign(outlet=_str(doc_features["outlet"]))
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    ax = _new_ax(ax, _rows_figsize(len(shown), width=8, per_row=0.36))
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    data = [df.loc[df["outlet"] == o, "words"].to_numpy(dtype=float) for o in shown]
    bp = ax.boxplot(data, orientation="horizontal", patch_artist=True, widths=0.6, showfliers=True,
                    flierprops=dict(markersize=2.5, alpha=0.5), medianprops=dict(color="black"))
    for patch, o in zip(bp["boxes"], shown):
        patch.set_facecolor(colors.get(o, "0.7"))
        patch.set_alpha(0.75)
    ax.set_yticks(np.arange(1, len(shown) + 1), shown)
    ax.set_ylim(len(shown) + 0.5, 0.5)
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if str(int(round(v)))[0] in "25" else ""))
    ax.set_xlabel("words per document (log scale; box: middle half, line: median)")
    ax.grid(axis="x", color="0.92")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _color_outlet_ticks(ax, "y", colors)
    _set_title(ax, title, syn)
    return ax
