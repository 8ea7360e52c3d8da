"""Rates over time: monthly rates per outlet with their intervals."""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    PER_1000, _empty, _new_ax, _pick_outlets, _set_title, _str, chart, feature_label, feature_unit,
    is_synthetic, outlet_colors,
)
from framelens.plots.rates import default_features


# ------------------------------------------------------------------------------------- over time
@chart
def plot_rates_over_time(over_time: pd.DataFrame, *, feature: str | None = None, ax=None,
                         outlets: Iterable[str] | None = None, colors: Mapping[str, str] | None = None,
                         synthetic: bool | None = None, band: bool = True, period: str = "auto"):
    """Rate of one feature per outlet over time: monthly with 95% bands, or per quarter / year.

    Parameters
    ----------
    over_time : DataFrame
        The ``over_time`` table (``outlet, month, feature, docs, words, count, rate_per_1000,
        ci_low, ci_high``).
    feature : str, optional
        Feature key; the most frequent non-naming one when None.
    ax, outlets, colors, synthetic
        See :func:`plot_naming_shares`.
    band : bool, default True
        Shade the 95% interval (monthly only).
    period : {"auto", "month", "quarter", "year"}, default "auto"
        Monthly points with intervals; or, when many months would make a tangle (auto: more
        than 36 months span), the rate per quarter (more than 120: per year) as count over words
        summed over the period's months. The monthly intervals cannot be summed, so a coarser
        period has no band (they stay in the ``over_time`` table).

    Returns
    -------
    Axes
    """
    import matplotlib.dates as mdates

    syn = is_synthetic(over_time, synthetic)
    if over_time is None or over_time.empty:
        ax = _new_ax(ax, (9, 3))
        return _empty(ax, "Rates over time", "No dated documents in this corpus: rates over time need a "
                      "publication date (the `published` column).", syn)
    df = over_time.copy()
    df["outlet"], df["feature"], df["month"] = _str(df["outlet"]), _str(df["feature"]), _str(df["month"])
    if feature is None:
        feature = default_features(df, 1)[0]
    df = df[df["feature"] == str(feature)]
    ax = _new_ax(ax, (10, 4.5))
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    df["date"] = pd.to_datetime(df["month"] + "-01", errors="coerce")
    df = df.dropna(subset=["date"]).sort_values(["outlet", "date"])
    if period == "auto":
        span = 0 if df.empty else ((df["date"].max().year - df["date"].min().year) * 12
                                   + df["date"].max().month - df["date"].min().month + 1)
        period = "month" if span <= 36 else ("quarter" if span <= 120 else "year")
    if period not in ("month", "quarter", "year"):
        raise ValueError(f"period must be auto, month, quarter or year, not {period!r}")
    title = f"{feature_label(feature).capitalize()} {PER_1000}, by {period}"
    if df.empty or not shown:
        return _empty(ax, title, f"No monthly rates for {feature!r}.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    n_months = df["date"].nunique()
    if period != "month":
        # exact rates of the coarser period: summed counts over summed words (no interval)
        freq = "Q" if period == "quarter" else "Y"
        df["date"] = df["date"].dt.to_period(freq).dt.to_timestamp()
        df = (df.groupby(["outlet", "date"], as_index=False)[["count", "words"]].sum())
        df["rate_per_1000"] = np.where(df["words"] > 0, df["count"] / df["words"].where(df["words"] > 0) * 1000,
                                       np.nan)
        band = False
    for outlet in shown:
        d = df[df["outlet"] == outlet]
        if d.empty:
            continue
        c = colors.get(outlet, "0.3")
        ax.plot(d["date"], d["rate_per_1000"], marker="o", markersize=3.5, linewidth=1.5, color=c,
                label=outlet)
        if band and {"ci_low", "ci_high"} <= set(d.columns):
            ok = d["ci_low"].notna() & d["ci_high"].notna()
            ax.fill_between(d["date"][ok], d["ci_low"][ok], d["ci_high"][ok], color=c, alpha=0.12,
                            linewidth=0)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(feature_unit(feature))
    if period == "month":
        ax.set_xlabel(f"month ({n_months} months with documents; bands: 95% bootstrap interval)")
    else:
        ax.set_xlabel(f"{period} (rate over the {period}'s documents; {n_months} months with documents; "
                      "monthly intervals in the over_time table)")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="0.92")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False,
              labelcolor="linecolor")
    _set_title(ax, title, syn)
    return ax
