"""Charts of the comparison tables (matplotlib): each takes a tidy table and an optional Axes and
returns the Axes. Nothing here computes a statistic; charts only reshape and draw what
:mod:`framelens.compare` measured. The library never calls ``plt.show()``.

Charts
======
=============================  ==============================  =====================================
function                       table (see CONTRACTS)           shows
=============================  ==============================  =====================================
:func:`plot_naming_shares`     ``shares``                      stacked bars: variants of one concept
:func:`plot_rate_forest`       ``rates``                       one feature: rate and 95% interval
:func:`plot_fightin_words`     ``log_odds``                    frequency vs z (Monroe et al. 2008)
:func:`plot_feature_heatmap`   ``rates``                       outlet x feature rates
:func:`plot_similarity_dendrogram` ``similarity``             hierarchical clustering of outlets
:func:`plot_rates_over_time`   ``over_time``                   monthly rates per outlet
:func:`plot_within_event`      ``within_event``                pooled vs within-event differences
:func:`plot_outlet_sizes`      ``Corpus.summary()``            documents (and words) per outlet
:func:`plot_documents_over_time` ``corpus.documents``          documents per month per outlet
:func:`plot_document_lengths`  document features               words per document per outlet
:func:`plot_kwic`              KWIC lines (:func:`kwic_table`)  the words behind a number
=============================  ==============================  =====================================

Conventions shared by every chart
---------------------------------
* **Outlet colours**: ``colors`` maps outlet -> colour; by default :func:`outlet_colors` of the
  outlets in the table. Pass ``colors=outlet_colors(corpus.outlets)`` (or of the outlets you show)
  to every chart so that one outlet keeps one colour everywhere.
* **Synthetic data**: a chart made from a synthetic corpus starts its title with
  ``[SYNTHETIC DATA]``. The flag is the ``synthetic`` keyword when given; otherwise it is read from
  the table: ``table.attrs["synthetic"]``, or a ``synthetic`` column that is True (tables written by
  ``framelens analyze`` for the demo corpus carry one). So tables read back from disk keep the flag.
* **Units**: titles and axis labels say what is counted and per what ("hedges per 1,000 words",
  "share of mentions within concept").
* **Empty input** (no hits, no dates, one outlet) draws an explanation on the Axes instead of
  raising, so notebooks run top to bottom on any corpus.
* **Labels never overlap**: the Fightin' Words labels are spread at draw time (so they stay apart
  whatever the final figure size); labels that still collide after spreading are dropped, weakest
  first. Outlet tick labels come from figures sized by the number of rows (when ``ax`` is None).

KWIC lines (input of :func:`plot_kwic` and :func:`kwic_html`): one row per hit with columns
``outlet, doc_id, sentence, left, match, right`` (``feature``, ``term``, ``variant`` optional):
``left`` and ``right`` are the sentence text before and after the matched text.
"""
from __future__ import annotations

import colorsys
import html
import textwrap
import logging
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens.compare.inputs import select_voice

log = logging.getLogger(__name__)

SYNTHETIC_TAG = "[SYNTHETIC DATA]"
PER_1000 = "per 1,000 words"

#: How feature keys read in titles (the plural noun counted); naming and attribution are derived.
FEATURE_NOUNS = {
    "hedge": "hedges",
    "booster": "boosters",
    "scare_quote": "scare quotes",
    "agentless_passive": "agentless passives",
    "loaded": "loaded words",
}

_TAB10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf"]


# ----------------------------------------------------------------------------------------- helpers
def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """One colour per outlet, deterministic: the outlets are sorted by name and take colours in order.

    Up to 10 outlets get the tab10 palette, up to 20 the tab20 palette (dark shades first), more
    get evenly spaced hues. The same set of outlet names always gives the same mapping.

    Parameters
    ----------
    outlets : iterable of str
        Outlet names (duplicates and order do not matter).

    Returns
    -------
    dict
        outlet name -> hex colour.
    """
    names = sorted({str(o) for o in outlets})
    n = len(names)
    if n <= 10:
        palette = _TAB10[:n]
    elif n <= 20:
        import matplotlib

        tab20 = [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["tab20"].colors]
        palette = (tab20[0::2] + tab20[1::2])[:n]
    else:
        golden = 0.618033988749895
        palette = []
        for i in range(n):
            h = (i * golden) % 1.0
            light = (0.38, 0.5, 0.6)[i % 3]
            r, g, b = colorsys.hls_to_rgb(h, light, 0.65)
            palette.append("#{:02x}{:02x}{:02x}".format(int(r * 255), int(g * 255), int(b * 255)))
    return dict(zip(names, palette))


def feature_label(feature: str) -> str:
    """A short plain-English name of a feature key (``"attribution:doubting"`` -> ``"doubting attributions"``)."""
    feature = str(feature)
    if feature in FEATURE_NOUNS:
        return FEATURE_NOUNS[feature]
    family, _, rest = feature.partition(":")
    if family == "attribution" and rest:
        if rest == "according_to":
            return "according-to attributions"
        return f"{rest.replace('_', ' ')} attributions"
    if family == "naming" and rest:
        return f"mentions of {concept_label(rest)}"
    return feature.replace("_", " ")


def concept_label(concept: str) -> str:
    """``"karabakh/capital"`` -> ``"capital (karabakh)"``: the concept first, its pack after."""
    pack, sep, name = str(concept).partition("/")
    if not sep:
        return str(concept).replace("_", " ")
    return f"{name.replace('_', ' ')} ({pack})"


def feature_unit(feature: str) -> str:
    """The unit of a rate: ``"hedges per 1,000 words"``."""
    return f"{feature_label(feature)} {PER_1000}"


def is_synthetic(data=None, synthetic: bool | None = None) -> bool:
    """Whether a chart of ``data`` must be flagged synthetic (see module docstring for the rule)."""
    if synthetic is not None:
        return bool(synthetic)
    if isinstance(data, pd.DataFrame):
        flag = data.attrs.get("synthetic")
        if flag is not None:
            return bool(flag)
        if "synthetic" in data.columns and len(data):
            return bool(data["synthetic"].fillna(False).astype(bool).any())
    return False


def _new_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _set_title(ax, title: str, synthetic: bool, subtitle: str | None = None):
    """Bold title (red and tagged when synthetic), with an optional grey subtitle line under it."""
    import matplotlib.transforms as mtransforms

    text = f"{SYNTHETIC_TAG} {title}" if synthetic else title
    ax.set_title(text, loc="left", fontsize="large", fontweight="bold", pad=18 if subtitle else 8,
                 color="#b00020" if synthetic else "black")
    if subtitle:
        lift = mtransforms.ScaledTranslation(0, 5 / 72, ax.figure.dpi_scale_trans)
        ax.text(0.0, 1.0, subtitle, transform=ax.transAxes + lift, ha="left", va="bottom",
                fontsize="small", color="0.35")


def _empty(ax, title: str, message: str, synthetic: bool):
    ax.set_axis_off()
    _set_title(ax, title, synthetic)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", wrap=True,
            fontsize="medium", color="0.3")
    return ax


def _str(series: pd.Series) -> pd.Series:
    return series.astype(str)


def _pick_outlets(outlets_in_data: list[str], outlets: Iterable[str] | None) -> list[str]:
    if outlets is None:
        return sorted(outlets_in_data)
    wanted = [str(o) for o in outlets]
    return [o for o in wanted if o in set(outlets_in_data)]


def _color_outlet_ticks(ax, axis: str, colors: Mapping[str, str]):
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for lab in labels:
        c = colors.get(lab.get_text())
        if c is not None:
            lab.set_color(_darken(c))
            lab.set_fontweight("bold")


def _darken(color: str, factor: float = 0.8) -> tuple:
    import matplotlib.colors as mcolors

    r, g, b = mcolors.to_rgb(color)
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    return colorsys.hls_to_rgb(h, min(l, 0.45) * factor / 0.8, s)


def _text_color_on(color) -> str:
    import matplotlib.colors as mcolors

    r, g, b = mcolors.to_rgb(color)
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if lum > 0.55 else "white"


def _fmt_rate(v: float) -> str:
    if not np.isfinite(v):
        return "–"
    if v == 0:
        return "0"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _rows_figsize(n_rows: int, width: float = 8.0, per_row: float = 0.38, base: float = 1.6):
    return (width, max(2.6, base + per_row * n_rows))


# ----------------------------------------------------------------------------------- naming shares
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


# ---------------------------------------------------------------------------------- fightin' words
def plot_fightin_words(log_odds: pd.DataFrame, *, group: str | None = None, comparison: str | None = None,
                       ngram: int | None = None, ax=None, top_k: int = 12, colors: Mapping[str, str] | None = None,
                       synthetic: bool | None = None, z_threshold: float = 1.96, max_points: int = 6000):
    """Fightin' Words scatter (Monroe, Colaresi & Quinn 2008): term frequency against z-score.

    Each dot is a word or bigram. Above zero: used more by ``group``; below: more by the comparison
    (the rest of the corpus, or one outlet). Terms beyond ``z_threshold`` are coloured, and the
    ``top_k`` strongest on each side are labelled; labels are spread so they never overlap.

    Parameters
    ----------
    log_odds : DataFrame
        The ``log_odds`` table (``group, comparison, term, ngram, count_group, count_other, delta,
        variance, z, freq``).
    group : str, optional
        The outlet (group) to show; the first by name when None.
    comparison : str, optional
        ``"rest"`` or an outlet; ``"rest"`` when present, else the first by name.
    ngram : int, optional
        Only words (1) or bigrams (2); both when None.
    ax, colors, synthetic
        See :func:`plot_naming_shares`.
    top_k : int, default 12
        Labels on each side.
    z_threshold : float, default 1.96
        Dashed lines and colouring (|z| > 1.96 is about p < 0.05 for one term, uncorrected).
    max_points : int, default 6000
        Faint background terms beyond this are thinned (deterministically) to keep figures small.

    Returns
    -------
    Axes
        A table cut to each outlet's top terms (``compare_all(log_odds_top_n=50)``) has no terms
        below zero; the subtitle then says so. ``distinctive_terms(..., top_n=None)`` gives the
        whole vocabulary.
    """
    syn = is_synthetic(log_odds, synthetic)
    if log_odds is None or log_odds.empty:
        ax = _new_ax(ax, (8, 6))
        return _empty(ax, "Distinctive words", "No distinctive-word table (too few words or one outlet).", syn)
    df = log_odds.copy()
    df["group"], df["comparison"], df["term"] = _str(df["group"]), _str(df["comparison"]), _str(df["term"])
    if group is None:
        group = sorted(df["group"].unique())[0]
    df = df[df["group"] == str(group)]
    if comparison is None:
        comps = sorted(df["comparison"].unique())
        comparison = "rest" if "rest" in comps else (comps[0] if comps else "rest")
    df = df[df["comparison"] == str(comparison)]
    if ngram is not None and "ngram" in df.columns:
        df = df[df["ngram"] == int(ngram)]
    other = "all other outlets" if comparison == "rest" else str(comparison)
    title = f"Words that distinguish {group} from {other}"
    ax = _new_ax(ax, (9, 6.5))
    if df.empty:
        return _empty(ax, title, f"No terms for {group} against {other}.", syn)
    all_outlets = set(log_odds["group"].astype(str)) | (set(log_odds["comparison"].astype(str)) - {"rest"})
    colors = dict(colors) if colors is not None else outlet_colors(all_outlets)
    gcol = colors.get(str(group), "#1f77b4")
    ocol = colors.get(str(comparison), "0.25") if comparison != "rest" else "0.25"
    z = df["z"].to_numpy(dtype=float)
    freq = df["freq"].to_numpy(dtype=float)
    strong_pos = z > z_threshold
    strong_neg = z < -z_threshold
    weak = ~(strong_pos | strong_neg)
    idx_weak = np.flatnonzero(weak)
    if len(idx_weak) > max_points:
        rng = np.random.default_rng(0)
        idx_weak = np.sort(rng.choice(idx_weak, size=max_points, replace=False))
    ax.scatter(freq[idx_weak], z[idx_weak], s=6, color="0.75", alpha=0.6, linewidths=0, zorder=1,
               rasterized=len(idx_weak) > 2000)
    ax.scatter(freq[strong_pos], z[strong_pos], s=14, color=gcol, alpha=0.85, linewidths=0, zorder=2,
               label=f"more used by {group}")
    ax.scatter(freq[strong_neg], z[strong_neg], s=14, color=ocol, alpha=0.85, linewidths=0, zorder=2,
               label=f"more used by {other}")
    ax.set_xscale("log")
    for t in (z_threshold, -z_threshold):
        ax.axhline(t, color="0.55", linestyle="--", linewidth=0.8, zorder=0)
    ax.axhline(0, color="0.8", linewidth=0.8, zorder=0)
    ax.text(1.0, z_threshold, f"z = ±{z_threshold:g} ", transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize="x-small", color="0.45")
    # labels: strongest first on each side, so that collisions drop the weakest
    order_pos = np.argsort(-z, kind="stable")
    order_neg = np.argsort(z, kind="stable")
    picks = [i for i in order_pos[:top_k] if strong_pos[i]] + [i for i in order_neg[:top_k] if strong_neg[i]]
    picks.sort(key=lambda i: -abs(z[i]))
    terms = df["term"].to_numpy()
    texts, anchors = [], []
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]  # readable over a cloud of dots
    for i in picks:
        t = ax.annotate(terms[i], xy=(freq[i], z[i]), xytext=(4, 0), textcoords="offset points",
                        fontsize="small", ha="left", va="center", color=_darken(gcol if z[i] > 0 else ocol),
                        zorder=4, annotation_clip=False, path_effects=halo)
        texts.append(t)
        anchors.append((freq[i], z[i]))
    if texts:
        spreader = ax.add_artist(LabelSpreader(texts, anchors))
        for line in spreader.leaders:  # add_artist: display-space lines must not touch the data limits
            ax.add_artist(line)
    truncated = not (z < 0).any()
    top = max(z.max() * 1.1, z_threshold * 1.6)
    bottom = min(z.min() * 1.1, -z_threshold * 1.6) if not truncated else -z_threshold * 1.4
    ax.set_ylim(bottom, top)
    ax.set_xlabel("term frequency (occurrences in both groups, log scale)")
    ax.set_ylabel(f"z-score of the log-odds ratio\n← {other}     |     {group} →")
    # below the axes, where no label can go
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.11), ncol=2, fontsize="small", frameon=False,
              markerscale=1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    subtitle = "weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
    if truncated:
        subtitle += f"; only the top {len(df)} terms of {group} are in this table"
    _set_title(ax, title, syn, subtitle=subtitle)
    return ax


def _spread(boxes: np.ndarray, anchors: np.ndarray, bounds: tuple[float, float, float, float],
            iterations: int = 400, pad: float = 2.0, obstacles: np.ndarray | None = None) -> np.ndarray:
    """Move label boxes (x0, y0, w, h in pixels) apart until no two overlap, staying inside bounds.

    Pure geometry, vectorised: every overlapping pair is pushed apart by half its overlap each,
    vertically when that is the shorter way out (labels are wide and short), else horizontally.
    ``obstacles`` (fixed boxes, e.g. the labelled dots) push labels off them and do not move.
    Returns the new lower-left corners; the caller hides labels that still collide.
    """
    pos = boxes[:, :2].astype(float).copy()
    w, h = boxes[:, 2] + pad, boxes[:, 3] + pad
    x0b, y0b, x1b, y1b = bounds
    n = len(pos)
    if n < 2:
        return pos
    idx = np.arange(n)
    tie = np.sign(idx[None, :] - idx[:, None])  # i < j: i moves up / right
    for it in range(iterations):
        x0, y0 = pos[:, 0], pos[:, 1]
        x1, y1 = x0 + w, y0 + h
        dx = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
        dy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
        ov = (dx > 0) & (dy > 0)
        np.fill_diagonal(ov, False)
        hit_obstacle = False
        # dots are soft obstacles, and only early on: separating labels matters more than
        # keeping every dot uncovered in a dense cloud
        if obstacles is not None and len(obstacles) and it < iterations // 3:
            ox0, oy0 = obstacles[:, 0], obstacles[:, 1]
            ox1, oy1 = ox0 + obstacles[:, 2], oy0 + obstacles[:, 3]
            odx = np.minimum(x1[:, None], ox1[None, :]) - np.maximum(x0[:, None], ox0[None, :])
            ody = np.minimum(y1[:, None], oy1[None, :]) - np.maximum(y0[:, None], oy0[None, :])
            oov = (odx > 0) & (ody > 0)
            if oov.any():
                hit_obstacle = True
                ocy = (oy0 + oy1) / 2
                sgn = np.sign((y0 + h / 2)[:, None] - ocy[None, :])
                sgn = np.where(sgn == 0, 1.0, sgn)
                pos[:, 1] += np.where(oov, sgn * (ody + 0.5), 0.0).sum(axis=1) * 0.3
        if not ov.any() and not hit_obstacle:
            break
        vertical = dy <= dx * 2.5
        cy, cx = y0 + h / 2, x0 + w / 2
        sy = np.sign(cy[:, None] - cy[None, :])
        sy = np.where(sy == 0, tie, sy)
        sx = np.sign(cx[:, None] - cx[None, :])
        sx = np.where(sx == 0, tie, sx)
        pos[:, 1] += np.where(ov & vertical, sy * (dy / 2 + 0.5), 0.0).sum(axis=1) * 0.6
        pos[:, 0] += np.where(ov & ~vertical, sx * (dx / 2 + 0.5), 0.0).sum(axis=1) * 0.6
        pos[:, 0] = np.clip(pos[:, 0], x0b, np.maximum(x0b, x1b - w))
        pos[:, 1] = np.clip(pos[:, 1], y0b, np.maximum(y0b, y1b - h))
    return pos


def overlapping_pairs(bboxes) -> list[tuple[int, int]]:
    """Index pairs of matplotlib Bboxes that overlap (used by tests and by the spreader)."""
    out = []
    for i in range(len(bboxes)):
        for j in range(i + 1, len(bboxes)):
            if bboxes[i].overlaps(bboxes[j]):
                out.append((i, j))
    return out


def _make_label_spreader():
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.transforms import IdentityTransform

    class _Spreader(Artist):
        """An invisible artist drawn before the labels: at every draw it moves the labels (Annotations)
        apart for the current figure size, hides those that still collide (the list is ordered
        strongest first), and draws a thin leader line from each moved label to its point."""

        def __init__(self, texts, anchors):
            super().__init__()
            self.texts = list(texts)
            self.anchors = np.asarray(anchors, dtype=float)
            self.leaders = [Line2D([], [], color="0.55", linewidth=0.6, transform=IdentityTransform(),
                                   zorder=3) for _ in self.texts]
            self.set_zorder(-1000)

        def draw(self, renderer):
            ax = self.axes
            if ax is None or not self.texts:
                return
            pt = renderer.points_to_pixels(1)
            disp = ax.transData.transform(self.anchors)
            boxes = []
            for t, (px, py) in zip(self.texts, disp):
                t.set_visible(True)
                t.xyann = (4, 0)
                t.set_ha("left")
                bb = Text.get_window_extent(t, renderer)
                boxes.append([px + 4 * pt, py - bb.height / 2, bb.width, bb.height])
            boxes = np.asarray(boxes)
            ab = ax.get_window_extent(renderer)
            flip = boxes[:, 0] + boxes[:, 2] > ab.x1  # points near the right edge: label on the left
            boxes[flip, 0] = disp[flip, 0] - 4 * pt - boxes[flip, 2]
            dots = np.c_[disp - 3 * pt, np.full((len(disp), 2), 6 * pt)]
            new = _spread(boxes, disp, (ab.x0, ab.y0, ab.x1, ab.y1), obstacles=dots)
            for t, (x, y), (px, py), (_, _, bw, bh) in zip(self.texts, new, disp, boxes):
                t.xyann = ((x - px) / pt, (y + bh / 2 - py) / pt)
            kept = []
            for t, ln, (px, py) in zip(self.texts, self.leaders, disp):
                t.update_positions(renderer)  # the text transform follows xyann only after this
                bb = Text.get_window_extent(t, renderer)
                if any(bb.overlaps(k) for k in kept):
                    t.set_visible(False)
                    ln.set_data([], [])
                    continue
                kept.append(bb)
                # nearest point of the label box to the dot; a leader only when the label moved away
                qx, qy = min(max(px, bb.x0), bb.x1), min(max(py, bb.y0), bb.y1)
                dist = np.hypot(qx - px, qy - py)
                if dist > 7 * pt:
                    f = 2.5 * pt / dist
                    ln.set_data([px + (qx - px) * f, qx], [py + (qy - py) * f, qy])
                else:
                    ln.set_data([], [])

        def get_window_extent(self, renderer=None):
            from matplotlib.transforms import Bbox

            return Bbox.null()

    return _Spreader


class LabelSpreader:
    """Factory for the draw-time label spreader artist: ``LabelSpreader(texts, anchors)`` returns an
    Artist to add to the Axes (``ax.add_artist``). ``anchors`` are the labelled points in data units."""

    _cls = None

    def __new__(cls, texts, anchors):
        if cls._cls is None:
            cls._cls = _make_label_spreader()
        return cls._cls(texts, anchors)


# ---------------------------------------------------------------------------------------- heatmap
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


# ------------------------------------------------------------------------------------- dendrogram
_DISTANCE_WORDS = ("distance", "divergence", "jensen", "js")


def _is_distance(metric: str) -> bool:
    m = str(metric).lower()
    return any(w in m for w in _DISTANCE_WORDS)


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


# ------------------------------------------------------------------------------------- over time
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


# ----------------------------------------------------------------------------------- within event
def plot_within_event(within_event: pd.DataFrame, *, feature: str | None = None, ax=None,
                      colors: Mapping[str, str] | None = None, synthetic: bool | None = None):
    """Pooled against within-event differences between outlet pairs for one feature.

    For each pair (a − b), the hollow marker is the pooled difference of rates (all documents),
    the filled one the mean difference within shared events. When the two disagree, topic mix, not
    framing, drives the pooled number.

    Parameters
    ----------
    within_event : DataFrame
        The ``within_event`` table (``feature, outlet_a, outlet_b, pooled_diff, within_diff,
        n_events, statistic, p_value, p_adjusted, note``).
    feature : str, optional
        Feature key; the first non-naming feature by name when None.
    ax, synthetic
        See :func:`plot_naming_shares`.
    colors : mapping, optional
        Accepted for a uniform signature; a row is a pair of outlets, so markers are neutral.

    Returns
    -------
    Axes
        An arrow runs from the pooled to the within-event difference.
    """
    syn = is_synthetic(within_event, synthetic)
    if within_event is None or within_event.empty:
        ax = _new_ax(ax, (8, 2.6))
        return _empty(ax, "Same-event comparison", "No same-event comparison: the corpus has no event ids "
                      "(an `event_id` column) shared by two or more outlets.", syn)
    df = within_event.copy()
    for c in ("feature", "outlet_a", "outlet_b"):
        df[c] = _str(df[c])
    if feature is None:
        feats = sorted(df["feature"].unique())
        plain = [f for f in feats if not f.startswith("naming:")]
        feature = (plain or feats)[0]
    df = df[df["feature"] == str(feature)].reset_index(drop=True)
    title = f"{feature_label(feature).capitalize()}: pooled vs same-event differences"
    ax = _new_ax(ax, _rows_figsize(len(df), width=8.5))
    if df.empty:
        return _empty(ax, title, f"No pairs for {feature!r}.", syn)
    y = np.arange(len(df))
    for i, r in df.iterrows():
        if np.isfinite(r["within_diff"]) and np.isfinite(r["pooled_diff"]):
            ax.annotate("", xy=(r["within_diff"], y[i]), xytext=(r["pooled_diff"], y[i]),
                        arrowprops=dict(arrowstyle="-|>", color="0.6", linewidth=1, shrinkA=4, shrinkB=4,
                                            patchA=None))
        ax.plot([r["pooled_diff"]], [y[i]], marker="o", markerfacecolor="white", color="0.35",
                markeredgewidth=1.5, linestyle="none", label="pooled (all documents)" if i == 0 else None)
        ax.plot([r["within_diff"]], [y[i]], marker="o", color="black", linestyle="none",
                label="within shared events" if i == 0 else None)
        p = r.get("p_adjusted", np.nan)
        n_ev = r.get("n_events", np.nan)
        txt = f"{int(n_ev)} events" if pd.notna(n_ev) else ""
        if pd.notna(p):
            txt += f", p(adj) = {p:.3g}"
        elif str(r.get("note", "") or ""):
            txt += f"; {r['note']}"
        ax.text(1.01, y[i], txt, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize="x-small", color="0.35")
    ax.axvline(0, color="0.5", linewidth=0.8)
    ax.set_yticks(y, [f"{a} − {b}" for a, b in zip(df["outlet_a"], df["outlet_b"])])
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlabel(f"difference in {feature_unit(feature)} (outlet a − outlet b)")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / max(len(df), 1)), ncol=2, fontsize="small",
              frameon=False)
    ax.grid(axis="x", color="0.92")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _set_title(ax, title, syn)
    return ax


# -------------------------------------------------------------------------------- corpus overview
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


# -------------------------------------------------------------------------------------------- KWIC
KWIC_COLUMNS = ["outlet", "doc_id", "sentence", "left", "match", "right"]


def kwic_table(documents: pd.DataFrame, hits: pd.DataFrame, *, max_lines: int | None = 20,
               width: int = 80, by: str | None = "outlet", seed: int = 0) -> pd.DataFrame:
    """KWIC lines for a set of hits: the sentence around each cue, split at the cue.

    A bounded, deterministic sample when ``max_lines`` is set: lines are taken round-robin over
    the values of ``by`` (default: outlets), so that each outlet shows evidence.

    Parameters
    ----------
    documents : DataFrame
        ``corpus.documents`` (``doc_id``, ``outlet``, ``text``).
    hits : DataFrame
        The hits to show (already filtered to one feature, concept or term).
    max_lines : int or None, default 20
        At most this many lines (None: all).
    width : int, default 80
        Characters of context kept on each side (within the sentence).
    by : str or None, default "outlet"
        Column to balance the sample over (``"outlet"``, ``"variant"``...).
    seed : int, default 0
        Sampling seed.

    Returns
    -------
    DataFrame
        ``outlet, doc_id, sentence, left, match, right, feature, term, variant`` (see module docstring).
    """
    cols = KWIC_COLUMNS + ["feature", "term", "variant"]
    if hits is None or hits.empty:
        return pd.DataFrame(columns=cols)
    h = hits.drop(columns=[c for c in ("doc_text",) if c in hits.columns])
    h["doc_id"] = _str(h["doc_id"])
    docs = documents[["doc_id", "outlet", "text"]].rename(columns={"text": "doc_text"})
    docs["doc_id"], docs["outlet"] = _str(docs["doc_id"]), _str(docs["outlet"])
    h = h.drop(columns=[c for c in ("outlet",) if c in h.columns]).merge(docs, on="doc_id", how="inner")
    h = h.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    if max_lines is not None and len(h) > max_lines:
        key = by if by in h.columns else None
        rng = np.random.default_rng(seed)
        h["_r"] = rng.permutation(len(h))
        if key:
            h["_k"] = h.sort_values("_r").groupby(h[key].astype(str)).cumcount()
            h = h.sort_values(["_k", key, "_r"], kind="stable").head(max_lines)
        else:
            h = h.sort_values("_r").head(max_lines)
        h = h.sort_values(["outlet", "doc_id", "start"], kind="stable")
    rows = []
    for r in h.itertuples(index=False):
        text = r.doc_text
        s0 = int(getattr(r, "sent_start", max(0, r.start - width)))
        s1 = int(getattr(r, "sent_end", min(len(text), r.end + width)))
        left = " ".join(text[max(s0, r.start - width):r.start].split())
        right = " ".join(text[r.end:min(s1, r.end + width)].split())
        if r.start - width > s0:
            left = "…" + left
        if r.end + width < s1:
            right = right + "…"
        rows.append({"outlet": r.outlet, "doc_id": r.doc_id, "sentence": int(getattr(r, "sentence", -1)),
                     "left": left, "match": text[r.start:r.end], "right": right,
                     "feature": str(getattr(r, "feature", "")), "term": str(getattr(r, "term", "")),
                     "variant": str(getattr(r, "variant", ""))})
    return pd.DataFrame(rows, columns=cols)


def kwic_html(kwic: pd.DataFrame, *, max_rows: int | None = 20, colors: Mapping[str, str] | None = None,
              caption: str | None = None, synthetic: bool | None = None) -> str:
    """An HTML table of KWIC lines, every piece of article text escaped.

    For notebooks (``IPython.display.HTML(kwic_html(lines))``) and the report.

    Parameters
    ----------
    kwic : DataFrame
        KWIC lines (:func:`kwic_table` or ``framelens.kwic``): ``outlet, doc_id, left, match, right``.
    max_rows : int or None, default 20
        Row limit.
    colors : mapping, optional
        Outlet colours.
    caption : str, optional
        Table caption (escaped).
    synthetic : bool, optional
        Prefix the caption with the synthetic tag.

    Returns
    -------
    str
    """
    syn = is_synthetic(kwic, synthetic)
    esc = html.escape
    colors = dict(colors) if colors is not None else outlet_colors(kwic["outlet"].astype(str)) if len(kwic) else {}
    rows = kwic.head(max_rows) if max_rows is not None else kwic
    cap = caption or ""
    if syn:
        cap = f"{SYNTHETIC_TAG} {cap}".strip()
    out = ['<table class="kwic">']
    if cap:
        out.append(f"<caption>{esc(cap)}</caption>")
    out.append("<thead><tr><th>outlet</th><th>document</th><th class='l'>before</th><th>cue</th>"
               "<th class='r'>after</th></tr></thead><tbody>")
    for r in rows.itertuples(index=False):
        c = colors.get(str(r.outlet), "#333")
        out.append(
            f"<tr><td style=\"color:{esc(str(c))};font-weight:bold\">{esc(str(r.outlet))}</td>"
            f"<td class='id'>{esc(str(r.doc_id))}</td>"
            f"<td class='l' style='text-align:right'>{esc(str(r.left))}</td>"
            f"<td class='m'><b>{esc(str(r.match))}</b></td>"
            f"<td class='r'>{esc(str(r.right))}</td></tr>")
    out.append("</tbody></table>")
    if max_rows is not None and len(kwic) > max_rows:
        out.append(f"<p class='more'>{len(kwic) - max_rows} more lines not shown.</p>")
    return "\n".join(out)


def plot_kwic(kwic: pd.DataFrame, *, ax=None, max_rows: int = 20, colors: Mapping[str, str] | None = None,
              title: str | None = None, synthetic: bool | None = None):
    """KWIC lines drawn as a table on an Axes: outlet, text before, the cue (bold), text after.

    Each column is clipped to its own box, so long contexts never run into the next column; the
    text before the cue is right-aligned so that the cue lines up down the middle.

    Parameters
    ----------
    kwic : DataFrame
        KWIC lines (``outlet, left, match, right``).
    ax : Axes, optional
        A new figure sized to the rows when None.
    max_rows : int, default 20
        Row limit.
    colors, synthetic
        See :func:`plot_naming_shares`.
    title : str, optional
        Default "Evidence: the cues in context".

    Returns
    -------
    Axes
    """
    import matplotlib
    from matplotlib.transforms import Bbox, TransformedBbox

    syn = is_synthetic(kwic, synthetic)
    title = title or "Evidence: the cues in context"
    rows = kwic.head(max_rows) if kwic is not None else pd.DataFrame(columns=KWIC_COLUMNS)
    ax = _new_ax(ax, (12, 0.9 + 0.3 * max(len(rows), 2)))
    if rows.empty:
        return _empty(ax, title, "No hits to show.", syn)
    colors = dict(colors) if colors is not None else outlet_colors(rows["outlet"].astype(str))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) + 0.2, -1.2)
    # column boxes in axes fraction: outlet | before | cue | after
    cols = {"outlet": (0.0, 0.14), "left": (0.145, 0.47), "match": (0.475, 0.625), "right": (0.63, 1.0)}

    def clip(x0, x1):
        return TransformedBbox(Bbox([[x0, 0], [x1, 1]]), ax.transAxes)

    hdr = dict(fontsize="small", fontweight="bold", color="0.3", va="center")
    ax.text(cols["outlet"][0], -0.8, "outlet", ha="left", **hdr)
    ax.text(cols["left"][1], -0.8, "before", ha="right", **hdr)
    ax.text((cols["match"][0] + cols["match"][1]) / 2, -0.8, "cue", ha="center", **hdr)
    ax.text(cols["right"][0], -0.8, "after", ha="left", **hdr)
    ax.axhline(-0.35, color="0.6", linewidth=0.8)
    # characters that fit in each column at this figure size (average glyph ~0.55 em); longer text is
    # cut with an ellipsis on its far side, and clipped to its box whatever happens later
    fig = ax.figure
    axes_pt = ax.get_position().width * fig.get_figwidth() * 72
    em = matplotlib.font_manager.FontProperties(size="small").get_size_in_points()

    def fit(text: str, col: str, keep_end: bool) -> str:
        x0, x1 = cols[col]
        budget = max(4, int((x1 - x0) * axes_pt / (0.55 * em)))
        text = str(text)
        if len(text) <= budget:
            return text
        return "…" + text[-(budget - 1):].lstrip() if keep_end else text[:budget - 1].rstrip() + "…"

    for i, r in enumerate(rows.itertuples(index=False)):
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="0.96", zorder=0)
        c = colors.get(str(r.outlet), "0.3")
        for key, x, ha, kw in (("outlet", cols["outlet"][0], "left", dict(color=_darken(c), fontweight="bold")),
                               ("left", cols["left"][1], "right", {}),
                               ("match", sum(cols["match"]) / 2, "center", dict(fontweight="bold", color="#7a0019")),
                               ("right", cols["right"][0], "left", {})):
            t = ax.text(x, i, fit(getattr(r, key), key, keep_end=(key == "left")), ha=ha, va="center",
                        fontsize="small", **kw)
            t.set_clip_box(clip(*cols[key]))
            t.set_clip_on(True)
    _set_title(ax, title, syn)
    return ax


__all__ = [
    "outlet_colors", "feature_label", "feature_unit", "concept_label", "is_synthetic", "default_features",
    "plot_naming_shares", "plot_rate_forest", "plot_source_shares", "plot_fightin_words", "plot_feature_heatmap",
    "plot_similarity_dendrogram", "plot_rates_over_time", "plot_within_event", "plot_kwic", "kwic_table",
    "plot_outlet_sizes", "plot_documents_over_time", "plot_document_lengths",
    "kwic_html", "overlapping_pairs", "LabelSpreader", "SYNTHETIC_TAG",
]
