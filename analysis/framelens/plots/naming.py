"""Naming choices: how each outlet splits its mentions of one concept among the variants."""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens.compare.inputs import select_voice

from framelens.plots.style import (
    _color_outlet_ticks, _empty, _new_ax, _pick_outlets, _rows_figsize, _set_title, _str,
    _text_color_on, chart, concept_label, is_synthetic, outlet_colors,
)


# ----------------------------------------------------------------------------------- naming shares
@chart
def plot_naming_shares(shares: pd.DataFrame, *, concept: str | None = None, ax=None,
                       outlets: Iterable[str] | None = None, colors: Mapping[str, str] | None = None,
                       synthetic: bool | None = None, max_variants: int = 7, min_label_share: float = 0.08,
                       by: str = "outlet", voice: str | None = None):
    """Stacked bars: how each outlet splits its mentions of one concept among the variants.

    Parameters
    ----------
    shares : DataFrame
        The ``shares`` table (``outlet, concept, variant, count, concept_total, share, ci_low, ci_high``).
    concept : str, optional
        ``"<pack>/<concept>"``; the most mentioned concept when None.
    ax : Axes, optional
        Where to draw; a new figure sized to the number of outlets when None.
    outlets : iterable of str, optional
        Outlets to show, in this order (default: every outlet in the table, by name).
    colors : mapping, optional
        Outlet colours (tick labels); :func:`outlet_colors` of the shown outlets when None.
    synthetic : bool, optional
        Flag the chart synthetic (read from the table when None).
    max_variants : int, default 7
        Rarer variants are drawn together as "other variants".
    min_label_share : float, default 0.08
        Segments narrower than this get no percentage label (so labels never overlap).
    by : str, default "outlet"
        The grouping column of the table: ``naming_shares(..., by="leaning")`` names its first
        column ``leaning``; the title then says "per leaning".
    voice : str, optional
        Rows of this voice of a table with a ``voice`` column (default its main voice, narration).

    Returns
    -------
    Axes
        The whiskers mark the 95% interval of the share of the first (most used) variant.
    """
    import matplotlib.ticker as mticker

    syn = is_synthetic(shares, synthetic)
    shares = select_voice(shares, voice)
    if shares is None or shares.empty:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, "Naming choices", "No naming hits in this corpus: the naming lexicon packs found "
                      "no mention of any concept.", syn)
    df = shares.rename(columns={by: "outlet"}) if by != "outlet" else shares.copy()
    df["outlet"], df["concept"], df["variant"] = _str(df["outlet"]), _str(df["concept"]), _str(df["variant"])
    if concept is None:
        concept = df.groupby("concept")["count"].sum().sort_values(ascending=False, kind="stable").index[0]
    df = df[df["concept"] == concept]
    title = f"Naming of {concept_label(concept)}: share of mentions per {by.replace('_', ' ')}"
    shown = _pick_outlets(df["outlet"].unique().tolist(), outlets)
    ax = _new_ax(ax, _rows_figsize(len(shown), width=9, base=2.4))
    if df.empty or not shown:
        return _empty(ax, title, f"No outlet mentions {concept_label(concept)}.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(shown)
    df = df[df["outlet"].isin(shown)]
    order = df.groupby("variant")["count"].sum().sort_values(ascending=False, kind="stable")
    variants = list(order.index[:max_variants])
    if len(order) > max_variants:
        df.loc[~df["variant"].isin(variants), "variant"] = "other variants"
        variants.append("other variants")
    table = df.pivot_table(index="outlet", columns="variant", values="share", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=shown, columns=variants, fill_value=0.0)
    totals = df.groupby("outlet")["concept_total"].max().reindex(shown).fillna(0).astype(int)

    import matplotlib

    cmap = matplotlib.colormaps["viridis"]
    vcolors = [cmap(x) for x in np.linspace(0.05, 0.92, max(len(variants), 1))]
    if "other variants" in variants:
        vcolors[-1] = (0.78, 0.78, 0.78, 1.0)
    y = np.arange(len(shown))
    left = np.zeros(len(shown))
    for j, variant in enumerate(variants):
        width = table[variant].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=vcolors[j], edgecolor="white", linewidth=0.8, label=variant,
                height=0.62)
        for i, w in enumerate(width):
            if w >= min_label_share:
                ax.text(left[i] + w / 2, y[i], f"{w:.0%}", ha="center", va="center", fontsize="small",
                        color=_text_color_on(vcolors[j]))
        left += width
    # 95% interval of the first variant's share, drawn at its right edge.
    first = df[df["variant"] == variants[0]].set_index("outlet").reindex(shown)
    if {"ci_low", "ci_high"} <= set(first.columns):
        lo, hi = first["ci_low"].to_numpy(dtype=float), first["ci_high"].to_numpy(dtype=float)
        ok = np.isfinite(lo) & np.isfinite(hi)
        # in the gap under the bar, so that it never crosses a percentage label
        yw = y[ok] + 0.4
        ax.hlines(yw, lo[ok], hi[ok], color="black", linewidth=1.1, zorder=3)
        ax.vlines(np.r_[lo[ok], hi[ok]], np.r_[yw, yw] - 0.07, np.r_[yw, yw] + 0.07,
                  color="black", linewidth=1.1, zorder=3)
    notes = (first["note"].fillna("").astype(str).to_numpy() if "note" in first.columns
             else np.array([""] * len(shown)))
    for i, n in enumerate(totals):
        dagger = " †" if n and notes[i] else ""
        ax.text(1.01, y[i], f"n={n:,}{dagger}" if n else "no mentions", ha="left", va="center", fontsize="small",
                color="0.3", transform=ax.get_yaxis_transform())
    ax.set_yticks(y, shown)
    ax.set_ylim(len(shown) - 0.45, -0.55)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0, decimals=0))
    caveat = "\n† the interval has a caveat: see the note column of the shares table" if any(
        n and notes[i] for i, n in enumerate(totals)) else ""
    ax.set_xlabel(f"share of mentions within concept (whiskers: 95% interval for “{variants[0]}”; "
                  f"n = mentions){caveat}")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _color_outlet_ticks(ax, "y", colors)
    # under the x label, whatever the axes height: tick labels + one or two label lines, in points
    import matplotlib.transforms as mtransforms

    below = mtransforms.offset_copy(ax.transAxes, fig=ax.figure, x=0, y=-(34 + (14 if caveat else 0)),
                                    units="points")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
              ncol=min(4, len(variants)), frameon=False, fontsize="small", title="variant",
              title_fontsize="small", alignment="left")
    _set_title(ax, title, syn)
    return ax
