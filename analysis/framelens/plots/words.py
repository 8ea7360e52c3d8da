"""Distinctive words: the Fightin' Words chart (Monroe et al. 2008) and the draw-time label spreader that
keeps its labels apart."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from framelens.plots.style import (
    LABEL_CHARS, _darken, _empty, _new_ax, _set_title, _str, chart, is_synthetic, outlet_colors, plain_text,
)


# ---------------------------------------------------------------------------------- fightin' words
@chart
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
    gname, oname = plain_text(group, LABEL_CHARS), plain_text(other, LABEL_CHARS)  # names as shown
    title = f"Words that distinguish {gname} from {oname}"
    ax = _new_ax(ax, (9, 6.5))
    if df.empty:
        return _empty(ax, title, f"No terms for {gname} against {oname}.", syn)
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
               label=f"more used by {gname}")
    ax.scatter(freq[strong_neg], z[strong_neg], s=14, color=ocol, alpha=0.85, linewidths=0, zorder=2,
               label=f"more used by {oname}")
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
    ax.set_ylabel(f"z-score of the log-odds ratio\n← {oname}     |     {gname} →")
    # below the axes, where no label can go
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.11), ncol=2, fontsize="small", frameon=False,
              markerscale=1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    subtitle = "weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
    if truncated:
        subtitle += f"; only the top {len(df)} terms of {gname} are in this table"
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
