"""Same-event comparison: pooled versus within-event differences between outlets."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    _empty, _new_ax, _rows_figsize, _set_title, _str, chart, feature_label, feature_unit,
    is_synthetic,
)


# ----------------------------------------------------------------------------------- within event
@chart
def plot_within_event(within_event: pd.DataFrame, *, feature: str | None = None, ax=None,
                      colors: Mapping[str, str] | None = None, synthetic: bool | None = None):
    """Pooled against within-event differences between outlet pairs for one feature.

    For each pair (a − b), the hollow marker is the pooled difference of rates (all documents),
    the filled one the mean difference within shared events, with its 95% bootstrap interval over
    the events (``within_ci_low``, ``within_ci_high``, when the table has them). When the two
    disagree, topic mix, not framing, drives the pooled number.

    Parameters
    ----------
    within_event : DataFrame
        The ``within_event`` table (``feature, outlet_a, outlet_b, pooled_diff, within_diff,
        within_ci_low, within_ci_high, n_events, statistic, p_value, p_adjusted, note``).
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
        lo, hi = r.get("within_ci_low", np.nan), r.get("within_ci_high", np.nan)
        if pd.notna(lo) and pd.notna(hi):
            ax.plot([lo, hi], [y[i], y[i]], color="black", linewidth=2, solid_capstyle="butt",
                    label="95% interval over events" if i == 0 else None)
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
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / max(len(df), 1)), ncol=3, fontsize="small",
              frameon=False)
    ax.grid(axis="x", color="0.92")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _set_title(ax, title, syn)
    return ax
