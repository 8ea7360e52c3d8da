"""What every chart shares: outlet colours, feature labels, the synthetic flag in titles, empty-chart
messages, number formats and figure sizes."""
from __future__ import annotations

import colorsys
import functools
import logging
import re
from typing import Iterable, Mapping

import numpy as np
import pandas as pd


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


#: Data labels (tick labels, legend entries) longer than this are cut with an ellipsis.
LABEL_CHARS = 40
#: Any other chart text (titles, axis labels, notes) longer than this is cut with an ellipsis.
TEXT_CHARS = 300
_DOLLAR = re.compile(r"(?<!\\)\$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(text, max_chars: int = TEXT_CHARS) -> str:
    """Data as literal chart text: every ``$`` escaped (matplotlib reads ``$...$`` as mathematics, and
    a stray one, as in an outlet called ``Cost $_$ News``, fails the whole figure), control
    characters shown as ``\\x1b`` (bidirectional marks dropped), and at most ``max_chars``
    characters (a 20,000-character outlet name made figures too big to draw)."""
    s = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "", str(text))
    s = _DOLLAR.sub(r"\\$", s)
    if len(s) > max_chars:
        cut = s[:max_chars - 1]
        s = (cut[:-1] if cut.endswith("\\") else cut) + "…"
    return s


def literal_labels(ax):
    """Make every text of ``ax`` literal and bounded (:func:`plain_text`): titles, axis labels,
    annotations, legend entries and tick labels (also those matplotlib makes again at draw time)."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter

    legend = ax.get_legend()
    short = {id(t) for t in legend.get_texts()} if legend is not None else set()
    for t in ax.findobj(Text):
        old = t.get_text()
        new = plain_text(old, LABEL_CHARS if id(t) in short else TEXT_CHARS)
        if new != old:
            t.set_text(new)
    for axis in (ax.xaxis, ax.yaxis):
        for fmt in (axis.get_major_formatter(), axis.get_minor_formatter()):
            # tick labels given as text: a FixedFormatter, or (matplotlib >= 3.10) a FuncFormatter over
            # a {location: label} dict; numeric formatters are left alone (they use $...$ themselves)
            if isinstance(fmt, FixedFormatter):
                fmt.seq = [plain_text(x, LABEL_CHARS) for x in fmt.seq]
            func = getattr(fmt, "func", None)
            if isinstance(func, functools.partial) and func.args and isinstance(func.args[0], dict):
                labels = func.args[0]
                for loc in labels:
                    labels[loc] = plain_text(labels[loc], LABEL_CHARS)
        for label in axis.get_ticklabels():
            old = label.get_text()
            if plain_text(old, LABEL_CHARS) != old:
                label.set_text(plain_text(old, LABEL_CHARS))
    return ax


def chart(fn):
    """Decorator of every public chart: its Axes comes back with literal, bounded texts (see
    :func:`literal_labels`), so that names from the data never break or blow up a figure."""
    @functools.wraps(fn)
    def draw(*args, **kwargs):
        ax = fn(*args, **kwargs)
        return literal_labels(ax) if ax is not None and hasattr(ax, "findobj") else ax

    return draw


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
