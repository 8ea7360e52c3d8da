"""Evidence: keyword-in-context lines for a set of hits, as a table, as escaped HTML and as a chart."""
from __future__ import annotations

import html
from typing import Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    SYNTHETIC_TAG, _darken, _empty, _new_ax, _set_title, _str, chart, is_synthetic, outlet_colors,
)


# -------------------------------------------------------------------------------------------- KWIC
KWIC_COLUMNS = ["outlet", "doc_id", "sentence", "left", "match", "right"]


def kwic_table(documents: pd.DataFrame, hits: pd.DataFrame, *, max_lines: int | None = 20,
               width: int = 80, by: str | None = "outlet", seed: int = 0) -> pd.DataFrame:
    """KWIC lines for a set of hits: the sentence around each cue, split at the cue.

    Each line carries a window of at most ``width`` characters on each side of the cue, never the
    document: memory grows with the number of hits, not with the length of the documents.
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
    # the hits only, never the texts: merging the document text onto every hit row held a copy of a
    # long document per hit (1 MB x 2,000 hits: gigabytes); texts are looked up for the lines kept
    h = hits.drop(columns=[c for c in ("doc_text", "outlet") if c in hits.columns])
    h["doc_id"] = _str(h["doc_id"])
    doc_ids = _str(documents["doc_id"])
    outlet_of = dict(zip(doc_ids, _str(documents["outlet"])))
    h = h[h["doc_id"].isin(outlet_of.keys())].copy()
    h["outlet"] = h["doc_id"].map(outlet_of)
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
    wanted = documents[doc_ids.isin(set(h["doc_id"])).to_numpy()]
    text_of = dict(zip(_str(wanted["doc_id"]), wanted["text"].fillna("").astype(str)))
    rows = []
    for r in h.itertuples(index=False):
        text = text_of[r.doc_id]
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


@chart
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
