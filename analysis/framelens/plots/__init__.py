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
* **Names from the data are literal and bounded**: every chart's texts pass through
  :func:`plain_text` (``$`` escaped, so an outlet called ``Cost $_$ News`` is not read as
  mathematics; tick labels and legend entries cut at 40 characters, other texts at 300), so no name
  can break a figure or make it too big to draw.
* **Labels never overlap**: the Fightin' Words labels are spread at draw time (so they stay apart
  whatever the final figure size); labels that still collide after spreading are dropped, weakest
  first. Outlet tick labels come from figures sized by the number of rows (when ``ax`` is None).

KWIC lines (input of :func:`plot_kwic` and :func:`kwic_html`): one row per hit with columns
``outlet, doc_id, sentence, left, match, right`` (``feature``, ``term``, ``variant`` optional):
``left`` and ``right`` are the sentence text before and after the matched text.

Modules (each function is importable from ``framelens.plots`` as before):
``style`` (colours, labels, the synthetic flag, shared helpers), ``naming``, ``rates`` (forest,
source shares, heatmap), ``words`` (Fightin' Words and its label spreader), ``profiles``
(dendrogram), ``over_time``, ``events`` (same-event), ``corpus`` (corpus overview) and
``evidence`` (KWIC lines).
"""
from __future__ import annotations

from framelens.plots.style import (
    FEATURE_NOUNS, LABEL_CHARS, PER_1000, SYNTHETIC_TAG, TEXT_CHARS, _color_outlet_ticks, _darken, _empty, _fmt_rate,
    _new_ax, _pick_outlets, _rows_figsize, _set_title, _str, _text_color_on, chart, concept_label, feature_label,
    feature_unit, is_synthetic, literal_labels, outlet_colors, plain_text,
)
from framelens.plots.naming import plot_naming_shares
from framelens.plots.rates import (
    default_features, plot_feature_heatmap, plot_rate_forest, plot_source_shares,
)
from framelens.plots.words import LabelSpreader, overlapping_pairs, plot_fightin_words
from framelens.plots.profiles import plot_similarity_dendrogram
from framelens.plots.over_time import plot_rates_over_time
from framelens.plots.events import plot_within_event
from framelens.plots.corpus import plot_document_lengths, plot_documents_over_time, plot_outlet_sizes
from framelens.plots.evidence import KWIC_COLUMNS, kwic_html, kwic_table, plot_kwic

__all__ = [
    "outlet_colors", "feature_label", "feature_unit", "concept_label", "is_synthetic", "default_features",
    "plot_naming_shares", "plot_rate_forest", "plot_source_shares", "plot_fightin_words", "plot_feature_heatmap",
    "plot_similarity_dendrogram", "plot_rates_over_time", "plot_within_event", "plot_kwic", "kwic_table",
    "plot_outlet_sizes", "plot_documents_over_time", "plot_document_lengths",
    "kwic_html", "overlapping_pairs", "LabelSpreader", "SYNTHETIC_TAG", "plain_text", "literal_labels",
]
