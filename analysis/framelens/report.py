"""One self-contained HTML page for an analysis: figures (embedded PNG), tables, evidence, manifest.

:func:`write_report` is what ``framelens analyze`` and ``framelens report`` call. The page

* embeds every figure as a base64 PNG and loads nothing from the network (no CDN, no fonts);
* escapes every piece of article text and every table cell (an article containing ``<script>``
  shows as text);
* stays small whatever the corpus: at most ``max_outlets`` outlets in the charts (the biggest by
  words), the top concepts and terms, and at most ``max_evidence`` KWIC lines per finding; the full
  tables are linked as CSV files written beside the page;
* flags a synthetic corpus in a banner on top and in every chart title.

Sections: at a glance, top findings with their evidence, naming choices, rates, distinctive words,
same-event comparison, outlet profiles (similarity, predictability), over time, data quality
(rejects and cleaning tallies), manifest, full tables.

Also here: :func:`load_analysis`, which reads an ``analyze`` output folder back for re-rendering
(the notebooks choose outlets with :func:`framelens.corpus.select.select_documents`).
"""
from __future__ import annotations

import base64
import html
import io
import json
import logging
import re
import string
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from framelens import __version__
from framelens.errors import CorpusError

log = logging.getLogger(__name__)

#: Result tables linked from the page, in this order, with a one-line description.
TABLES = {
    "corpus_summary": "documents, words and dates per outlet",
    "rates": "rate per 1,000 words per outlet and feature, with 95% intervals",
    "shares": "naming variant shares within each concept per outlet, with intervals",
    "sources": "who is attributed: share of each outlet's attributions per source, with intervals",
    "tests": "tests of independence and differences, with Benjamini-Hochberg adjusted p-values",
    "log_odds": "distinctive words and bigrams (weighted log-odds, z-scores)",
    "within_event": "pooled and within-event differences between outlet pairs",
    "similarity": "similarity of outlet framing profiles",
    "predictability": "how well framing features (or words) predict the outlet",
    "coefficients": "top classifier coefficients per outlet",
    "over_time": "monthly rates per outlet",
    "hits": "every framing cue with its evidence span",
    "doc_features": "one row per document: words, sentences, counts per feature",
    "rejects": "input records not loaded, and why",
    "cleaning": "lines removed by the cleaner, and why",
}

_EMPTY = pd.DataFrame()


# ----------------------------------------------------------------------------- outlet selection
def biggest_outlets(table: pd.DataFrame, n: int, *, weight: str = "words") -> list[str]:
    """The ``n`` outlets with the largest total ``weight`` in ``table`` (ties by name), sorted by name."""
    if table is None or table.empty or "outlet" not in table.columns:
        return []
    w = weight if weight in table.columns else None
    t = table.assign(outlet=table["outlet"].astype(str))
    totals = t.groupby("outlet")[w].sum() if w else t.groupby("outlet").size()
    order = sorted(totals.index, key=lambda o: (-float(totals[o]), o))
    return sorted(order[:n])


# ----------------------------------------------------------------------------------- html pieces
def _esc(x) -> str:
    return html.escape(str(x), quote=True)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if v == 0:
            return "0"
        if v.is_integer() and abs(v) < 1e9:
            return f"{int(v):,}"
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 0.01:
            return f"{v:.3g}" if abs(v) < 100 else f"{v:.1f}"
        if abs(v) >= 0.0001:
            return f"{v:.2g}"  # 0.0085, not 8.49e-03
        return "<0.0001" if v > 0 else ">-0.0001"
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, pd.Timestamp):
        return "" if pd.isna(v) else v.strftime("%Y-%m-%d")
    return str(v)


#: Columns that hold proportions in tables with a ``share`` column: shown as percentages.
_PROPORTION_COLUMNS = ("share", "ci_low", "ci_high", "share_docs_with_cue")


def table_html(df: pd.DataFrame, *, max_rows: int = 25, csv_name: str | None = None,
               columns: list[str] | None = None) -> str:
    """An escaped HTML table of the first ``max_rows`` rows, with a link to the full CSV.

    Shares and their intervals are shown as percentages (``12.3%``); a ``note`` that every row
    repeats is stated once above the table instead.
    """
    if df is None or df.empty:
        return "<p class='note'>(empty table)</p>"
    d = df[[c for c in (columns or df.columns) if c in df.columns]]
    d = d.drop(columns=[c for c in ("synthetic",) if c in d.columns])
    lead_note = ""
    if "note" in d.columns and len(d) > 1:
        notes = d["note"].fillna("").astype(str)
        if notes.nunique() == 1:
            lead_note = f"<p class='note'>Every row: {_esc(notes.iloc[0])}</p>" if notes.iloc[0] else ""
            d = d.drop(columns=["note"])
    if "share" in d.columns or "share_docs_with_cue" in d.columns:
        d = d.copy()
        for c in _PROPORTION_COLUMNS:
            if c in d.columns and pd.api.types.is_numeric_dtype(d[c]) and not pd.api.types.is_bool_dtype(d[c]):
                d[c] = [("" if pd.isna(v) else f"{100 * float(v):.1f}%") for v in d[c]]
    head = d.head(max_rows)
    out = ["<table><thead><tr>"]
    num = [pd.api.types.is_numeric_dtype(d[c]) and not pd.api.types.is_bool_dtype(d[c]) for c in d.columns]
    for c, isnum in zip(d.columns, num):
        out.append(f"<th class='num'>{_esc(c)}</th>" if isnum else f"<th>{_esc(c)}</th>")
    out.append("</tr></thead><tbody>")
    for row in head.itertuples(index=False):
        out.append("<tr>")
        for v, isnum in zip(row, num):
            cell = _esc(_fmt(v)) if not (isinstance(v, float) and np.isnan(v)) else ""
            out.append(f"<td class='num'>{cell}</td>" if isnum else f"<td>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if lead_note:
        out.insert(0, lead_note)
    more = len(d) - len(head)
    if more > 0 or csv_name:
        link = f" Full table: <a href='{_esc(csv_name)}.csv'>{_esc(csv_name)}.csv</a>." if csv_name else ""
        lead = f"{more:,} more rows not shown." if more > 0 else ""
        out.append(f"<p class='more'>{lead}{link}</p>")
    return "".join(out)


def figure_html(fig, caption: str = "", *, dpi: int = 90) -> str:
    """Embed a matplotlib figure as a base64 PNG ``<figure>`` and close it."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
    return f"<figure><img alt='{_esc(caption or 'chart')}' src='data:image/png;base64,{data}'>{cap}</figure>"


def _how(text: str) -> str:
    return f"<p class='how'>{_esc(text)}</p>"


def _get(results: Mapping, name: str) -> pd.DataFrame:
    t = results.get(name) if results else None
    return t if isinstance(t, pd.DataFrame) else _EMPTY


# ------------------------------------------------------------------------------------- findings
def top_findings(results: Mapping, hits: pd.DataFrame, *, max_findings: int = 6) -> list[dict]:
    """The findings the report shows evidence for: the naming concepts and features with the
    smallest adjusted p-values in ``tests`` (or, without tests, the most frequent ones).

    Returns
    -------
    list of dict
        ``kind`` ("naming" or "feature"), ``key`` (concept or feature), ``test`` (the tests row
        as a dict, or None).
    """
    hits = hits if hits is not None else _EMPTY
    concepts = set(hits["concept"].astype(str)) - {""} if "concept" in hits.columns else set()
    features = set(hits["feature"].astype(str)) if "feature" in hits.columns else set()
    out, seen = [], set()

    def add(key, test):
        key = re.sub(r"\s*\[.*\]\s*$", "", str(key))  # "hedge [A - B]" (same-event tests) -> "hedge"
        bare = key[len("naming:"):] if key.startswith("naming:") else key
        if bare in concepts and ("naming", bare) not in seen:
            seen.add(("naming", bare))
            out.append(dict(kind="naming", key=bare, test=test))
        elif key in features and not key.startswith("naming:") and ("feature", key) not in seen:
            seen.add(("feature", key))
            out.append(dict(kind="feature", key=key, test=test))

    tests = _get(results, "tests")
    if not tests.empty and "p_adjusted" in tests.columns:
        t = tests.copy()
        t["_p"] = pd.to_numeric(t["p_adjusted"], errors="coerce")
        t = t[t["_p"].notna()].sort_values(["_p", "concept_or_feature"], kind="stable")
        for row in t.to_dict("records"):
            if row["_p"] > 0.05 and len(out) >= max(2, max_findings // 2):
                break
            row.pop("_p")
            add(row["concept_or_feature"], row)
            if len(out) >= max_findings:
                return out
    if not hits.empty:  # fill with the most frequent concepts and features
        if "concept" in hits.columns:
            for c in hits.loc[hits["concept"].astype(str) != "", "concept"].astype(str).value_counts().index[:3]:
                if len(out) < max_findings:
                    add(c, None)
        for f in hits["feature"].astype(str).value_counts().index:
            if len(out) >= max_findings:
                break
            add(f, None)
    return out


def _naming_headline(shares: pd.DataFrame, concept: str, outlets: list[str]) -> str:
    d = shares[(shares["concept"].astype(str) == concept) & (shares["outlet"].astype(str).isin(outlets))]
    parts = []
    for outlet, g in d.groupby(d["outlet"].astype(str), sort=True):
        g = g[g["count"] > 0]
        if g.empty:
            continue
        top = g.sort_values(["share", "variant"], ascending=[False, True]).iloc[0]
        parts.append(f"{outlet}: “{top['variant']}” {float(top['share']):.0%} of {int(top['concept_total']):,}")
    return "; ".join(parts)


def _feature_headline(rates: pd.DataFrame, feature: str, outlets: list[str]) -> str:
    from framelens.plots import feature_unit

    d = rates[(rates["feature"].astype(str) == feature) & (rates["outlet"].astype(str).isin(outlets))]
    d = d[d["rate_per_1000"].notna()]
    if d.empty:
        return ""
    d = d.sort_values(["rate_per_1000", "outlet"], ascending=[False, True])

    def one(r):
        ci = ""
        if pd.notna(r.get("ci_low")) and pd.notna(r.get("ci_high")):
            ci = f" [{r['ci_low']:.2f}–{r['ci_high']:.2f}]"
        return f"{r['outlet']} {r['rate_per_1000']:.2f}{ci}"

    hi, lo = d.iloc[0], d.iloc[-1]
    return f"{feature_unit(feature)}: highest {one(hi)}, lowest {one(lo)}"


def _test_line(test: dict | None) -> str:
    if not test:
        return ""
    what = " ".join(str(test.get(k, "")).replace("_", " ") for k in ("analysis", "concept_or_feature"))
    bits = [f"{what.strip()}: {test.get('test', '')}".replace("_", " ")]
    for k, label in (("statistic", "statistic"), ("dof", "dof"), ("p_value", "p"), ("p_adjusted", "p (BH-adjusted)"),
                     ("n", "n")):
        v = test.get(k)
        if v is not None and not (isinstance(v, float) and np.isnan(v)) and str(v) != "":
            shown = _fmt(v)
            if not shown:  # an infinite statistic (a test on a constant) prints as nothing
                continue
            bits.append(f"{label} {shown[0]} {shown[1:]}" if shown[0] in "<>" else f"{label} = {shown}")
    if test.get("note"):
        bits.append(str(test["note"]))
    return ", ".join(b for b in bits if b)


VOICE_LABELS = {"narration": "the outlet's own narration (cues outside direct quotations)",
                "quoted": "quoted speech only (cues inside direct quotations)",
                "all": "all words, narration and quoted speech together"}


def voice_table(rates: pd.DataFrame, outlets, *, features: int = 6) -> pd.DataFrame:
    """Narration and quoted rates side by side: ``outlet, feature, narration, quoted, quoted_share``
    (the share of the outlet's cues of that feature that are inside quotations), for the most
    frequent non-naming features; empty when the rates hold one voice only."""
    if rates is None or rates.empty or "voice" not in rates.columns or \
            not {"narration", "quoted"} <= set(rates["voice"].astype(str)):
        return pd.DataFrame()
    from framelens import plots

    feats = plots.default_features(rates[rates["voice"] == "narration"], features)
    r = rates[rates["feature"].astype(str).isin(feats) & rates["outlet"].astype(str).isin(list(outlets))]
    wide = r.pivot_table(index=["outlet", "feature"], columns="voice", values=["rate_per_1000", "count"],
                         aggfunc="first")
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["rate_per_1000", "count"], ["narration", "quoted"]]))
    out = pd.DataFrame({"narration_per_1000": wide[("rate_per_1000", "narration")].round(2),
                        "quoted_per_1000": wide[("rate_per_1000", "quoted")].round(2)})
    counts = wide["count"].fillna(0)
    total = counts.sum(axis=1)
    out["quoted_share"] = (counts["quoted"] / total.where(total > 0)).round(2)
    return out.reset_index()


# ---------------------------------------------------------------------------------------- main
_CUE_NAMES = {"hedge": "hedges", "booster": "boosters", "attribution": "reporting verbs",
              "source": "sources of reporting verbs", "scare_quote": "scare quotes", "passive": "agentless passives",
              "loaded": "loaded words", "naming": "naming"}


def validity_table() -> tuple[pd.DataFrame, str]:
    """How often each cue is right (the shipped figures of :mod:`framelens.evaluation.published`).

    Returns the table shown in the report (``cue, precision, recall, across outlets``) and a
    sentence naming the sample it comes from.
    """
    from framelens.evaluation.published import published_validity

    pub, meta = published_validity()

    def interval(v, lo, hi):
        return "" if pd.isna(v) else f"{v:.2f} [{lo:.2f}, {hi:.2f}]"

    table = pd.DataFrame({
        "cue": [_CUE_NAMES.get(f, f) for f in pub["family"]],
        "precision": [interval(*r) for r in zip(pub["precision"], pub["ci_low"], pub["ci_high"])],
        "recall": [interval(*r) for r in zip(pub["recall"], pub["recall_low"], pub["recall_high"])],
        "across outlets": ["flagged: " + n if f else "no difference found"
                           for f, n in zip(pub["outlet_flag"], pub["note"])],
    })
    return table, f"Judged blind on {meta['sample']}; how, and what to conclude per cue: {meta['docs']}."


#: A naming concept with fewer mentions than this in the whole corpus is listed, not charted.
MIN_MENTIONS = 10
#: Naming variants that are an honorific with a name ("Mr. Trump", "Mrs. May"): often house style.
_HONORIFIC_RE = re.compile(r"^(?:Mr|Mrs|Ms|Dr)\.?\s")


def write_report(out_dir, corpus, hits: pd.DataFrame, doc_features: pd.DataFrame, results: Mapping,
                 manifest: Mapping | None, *, max_outlets: int = 10, max_concepts: int = 6,
                 max_evidence: int = 20, max_findings: int = 6, max_fightin: int = 4, table_rows: int = 25,
                 seed: int = 0, filename: str = "report.html") -> Path:
    """Write ``report.html`` (one self-contained page) into ``out_dir`` and return its path.

    Parameters
    ----------
    out_dir : path
        Folder of the analysis; the full tables are linked as ``<name>.csv`` beside the page (any
        that are missing are written there).
    corpus : Corpus
        The analysed corpus (documents for the evidence, rejects and cleaning tallies); may be
        None when re-rendering without the texts (the evidence section then says so).
    hits, doc_features : DataFrame
        As returned by ``framelens.extract`` and ``framelens.features.document_features``.
    results : mapping of str to DataFrame
        The comparison tables (``framelens.compare.compare_all``).
    manifest : mapping
        The run manifest (shown whole, escaped).
    max_outlets : int, default 10
        Charts show at most this many outlets (the biggest by words); tables link to all.
    max_concepts, max_evidence, max_findings, max_fightin, table_rows : int
        Bounds that keep the page small: concepts charted, KWIC lines per finding, findings,
        Fightin' Words charts, rows per table.
    seed : int
        Seed of the evidence sample.
    filename : str, default "report.html"

    Returns
    -------
    Path
    """
    from framelens import plots

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = dict(manifest or {})
    results = dict(results or {})
    hits = hits if isinstance(hits, pd.DataFrame) else _EMPTY
    doc_features = doc_features if isinstance(doc_features, pd.DataFrame) else _EMPTY
    about = manifest.get("corpus") if isinstance(manifest.get("corpus"), dict) else {}
    synthetic = bool(getattr(corpus, "synthetic", False) or manifest.get("synthetic", False)
                     or about.get("synthetic", False))
    name = getattr(corpus, "name", None) or about.get("name") or out_dir.name
    documents = corpus.documents if corpus is not None else None
    summary = corpus.summary() if corpus is not None else _get(results, "corpus_summary")

    linked = _write_missing_tables(out_dir, corpus, hits, doc_features, results)

    weight_table = doc_features if "words" in doc_features.columns else _get(results, "rates")
    shown = biggest_outlets(weight_table, max_outlets) or sorted(
        _get(results, "rates").get("outlet", pd.Series(dtype=str)).astype(str).unique())[:max_outlets]
    all_outlets = sorted(summary["outlet"].astype(str)) if not summary.empty else shown
    colors = plots.outlet_colors(shown)
    fewer = len(all_outlets) > len(shown)
    restrict_note = (f"Charts show the {len(shown)} biggest of {len(all_outlets)} outlets (by words); "
                     "the CSV tables have all of them." if fewer else "")
    kw = dict(colors=colors, synthetic=synthetic)

    sections: list[tuple[str, str, str]] = []  # (anchor, title, html)

    # --- at a glance
    glance = [f"<p class='lead'>{_esc(_tally_line(corpus, manifest))}</p>"]
    n_docs = int(summary["documents"].sum()) if "documents" in summary.columns else len(doc_features)
    n_words = int(summary["words"].sum()) if "words" in summary.columns else int(doc_features.get("words", pd.Series([0])).sum())
    by = str((manifest.get("parameters") or {}).get("by") or "outlet")
    units = "outlets" if by == "outlet" else f"groups by {by}"
    glance.append(f"<p>{n_docs:,} documents, {n_words:,} words, {len(all_outlets):,} {units}, "
                  f"{len(hits):,} framing cues found.{_events_line(documents)}{_dates_line(documents)}</p>")
    if by != "outlet":
        members = documents["outlet_raw"].astype(str).nunique() if "outlet_raw" in documents else None
        glance.append(f"<p class='note'>Compared by {_esc(by)}: each group stands where an outlet would in the "
                      f"charts and tables of this page (the column headed outlet names the group)"
                      + (f"; the groups hold {members:,} outlets" if members else "")
                      + ". A group of several outlets is resampled by outlet, so its intervals allow for "
                        "outlets that differ. The CSV tables name the groups in a column "
                      f"{_esc(by)}.</p>")
    sel = (manifest.get("corpus") or {}).get("selection") if isinstance(manifest.get("corpus"), dict) else None
    if sel:
        chosen = ", ".join(f"{k} {sel[k]}" for k in ("outlets", "since", "until") if sel.get(k) is not None)
        glance.append(f"<p class='note'>A selection of the corpus ({_esc(chosen)}): "
                      f"{sel['documents_selected']:,} of {sel['documents_loaded']:,} loaded documents; "
                      f"{sel['documents_left_out']:,} left out"
                      + (f", {sel['undated_left_out']:,} of them for having no date" if sel.get("undated_left_out")
                         else "") + ".</p>")
    if manifest.get("absent_features"):
        glance.append(f"<p class='note'>{_esc(absent_features_line(manifest['absent_features']))}</p>")
    if restrict_note:
        glance.append(f"<p class='note'>{_esc(restrict_note)}</p>")
    by_size = summary.sort_values(["documents", "outlet"], ascending=[False, True]) if "documents" in summary else summary
    glance.append(table_html(by_size, max_rows=table_rows,
                             csv_name="corpus_summary" if "corpus_summary" in linked else None))
    sections.append(("glance", "At a glance", "".join(glance)))

    # --- findings with evidence
    from framelens.compare.inputs import select_voice
    from framelens.compare.suite import feature_voice
    from framelens.features import hits_of_voice

    voice = feature_voice(doc_features)
    voiced_hits = hits_of_voice(hits, voice)
    findings = top_findings(results, voiced_hits, max_findings=max_findings)
    all_rates = _get(results, "rates")
    shares, rates = select_voice(_get(results, "shares")), select_voice(all_rates)
    fh = [_how("The strongest differences between outlets (smallest adjusted p-values first), each with a "
               f"sample of at most {max_evidence} sentences that produced the numbers, balanced over outlets. "
               "Read the evidence before the number: a cue counted in the wrong sense shows up here.")]
    if not findings:
        fh.append("<p class='note'>No framing cue was found, so there is nothing to show evidence for.</p>")
    for f in findings:
        if f["kind"] == "naming":
            sel = voiced_hits[voiced_hits["concept"].astype(str) == f["key"]]
            title = f"Naming of {plots.concept_label(f['key'])}"
            headline = _naming_headline(shares, f["key"], shown) if not shares.empty else ""
        else:
            sel = voiced_hits[voiced_hits["feature"].astype(str) == f["key"]]
            title = plots.feature_label(f["key"]).capitalize()
            headline = _feature_headline(rates, f["key"], shown) if not rates.empty else ""
        sel = sel[sel["doc_id"].astype(str).isin(_doc_ids_of(documents, shown))] if documents is not None else sel
        fh.append(f"<div class='finding'><h3>{_esc(title)}</h3>")
        if headline:
            fh.append(f"<p>{_esc(headline)}</p>")
        if f["test"]:
            fh.append(f"<p class='stat'>{_esc(_test_line(f['test']))}</p>")
        if documents is None:
            fh.append("<p class='note'>Evidence unavailable: the corpus texts were not given to the report.</p>")
        else:
            lines = plots.kwic_table(documents, sel, max_lines=max_evidence, seed=seed,
                                     by="outlet")
            shown_n = min(len(lines), max_evidence)
            # folded: the finding's sentence and number first, its evidence one click away
            fh.append(f"<details class='evidence'><summary>The evidence: {shown_n} of {len(sel):,} cues, in "
                      "context</summary>")
            fh.append(plots.kwic_html(lines, max_rows=max_evidence, colors=colors,
                                      caption=f"{shown_n} of {len(sel):,} cues, in context",
                                      synthetic=synthetic))
            fh.append("</details>")
        fh.append("</div>")
    sections.append(("findings", "Top findings, with evidence", "".join(fh)))

    # --- naming
    nh = [_how("Each bar is one outlet's mentions of a concept, split by the name it used. Bars that look "
               "different mean the outlets name the same thing differently; the whisker is the 95% interval "
               "of the first name's share, and n is the number of mentions (few mentions, wide intervals).")]
    if shares.empty:
        nh.append("<p class='note'>No naming hits: the naming lexicon packs found no concept in this corpus.</p>")
    else:
        order = (shares.assign(concept=shares["concept"].astype(str)).groupby("concept")["count"].sum()
                 .sort_values(ascending=False, kind="stable"))
        order = order[order > 0]
        few = order[order < MIN_MENTIONS]
        order = order[order >= MIN_MENTIONS]
        if len(few):
            nh.append(f"<p class='note'>Not charted, fewer than {MIN_MENTIONS} mentions in the corpus: "
                      + _esc(", ".join(f"{plots.concept_label(c)} ({n})" for c, n in few.items()))
                      + " (their rows are in shares.csv).</p>")
        if order.empty:
            nh.append(f"<p class='note'>No concept has {MIN_MENTIONS} or more mentions: nothing to chart.</p>")
        styled = sorted({str(v) for v in shares["variant"].astype(str) if _HONORIFIC_RE.match(v)})
        if styled:
            nh.append("<p class='note'>House style, not stance: " + _esc(", ".join(styled)) + " (an honorific, "
                      "which some outlets put before every surname on second reference: the New York Times' "
                      "\"Mr.\"). A high share of such a name says how an outlet writes, not what it thinks; "
                      "compare the other names of the concept.</p>")
        for concept in order.index[:max_concepts]:
            ax = plots.plot_naming_shares(shares, concept=concept, outlets=shown, **kw)
            nh.append(figure_html(ax.figure, f"Naming of {plots.concept_label(concept)}"))
        if len(order) > max_concepts:
            nh.append(f"<p class='note'>{len(order) - max_concepts} more concepts in shares.csv.</p>")
        nh.append(table_html(shares.sort_values(["concept", "outlet", "share"], ascending=[True, True, False]),
                             max_rows=table_rows, csv_name="shares"))
    sections.append(("naming", "Naming choices", "".join(nh)))

    # --- rates
    rh = [_how("Rates are cues per 1,000 words of each outlet, with 95% bootstrap intervals over documents. "
               "In the heatmap the number is the rate and the colour compares it with the other outlets "
               "(red: more, blue: fewer). Overlapping intervals in the forest plots mean the data cannot tell "
               "the outlets apart on that feature.")]
    if rates.empty:
        rh.append("<p class='note'>No rates were computed.</p>")
    else:
        ax = plots.plot_feature_heatmap(rates, outlets=shown, **kw)
        rh.append(figure_html(ax.figure, "Framing cues per 1,000 words by outlet"))
        for feat in plots.default_features(rates, 4):
            ax = plots.plot_rate_forest(rates, feature=feat, outlets=shown, **kw)
            rh.append(figure_html(ax.figure, plots.feature_unit(feat)))
        rh.append(table_html(rates[~rates["feature"].astype(str).str.startswith("naming:")],
                             max_rows=table_rows, csv_name="rates"))
        beside = voice_table(all_rates, shown)
        if not beside.empty:
            rh.append("<h3>The outlet's own words and the words it quotes</h3>")
            rh.append(_how(f"Above: {VOICE_LABELS.get(voice, voice)}. A cue inside a direct quotation measures "
                           "the person quoted, not the outlet, so the charts count the outlet's narration; this "
                           "table puts the rate in quoted speech beside it (cues per 1,000 words of each voice). "
                           "An outlet can look more emphatic only because it quotes more, or quotes more "
                           "emphatic people: compare the two columns before concluding."))
            rh.append(table_html(beside, max_rows=table_rows, csv_name="rates"))
    vt, vsample = validity_table()
    rh.append("<h3>How often these cues are right</h3>")
    rh.append(_how("Precision is the share of a cue's hits that are what the cue claims; recall the share of "
                   "the cues in exhaustively annotated sentences that framelens finds (95% Wilson intervals). "
                   "A cue flagged across outlets makes errors more often in some outlets than in others, so a "
                   "difference in its rate can come from the errors: compare such a cue between outlets of the "
                   "same genre, and open its evidence. " + vsample))
    rh.append(table_html(vt, max_rows=len(vt)))
    sections.append(("rates", "Hedging, attribution and other cues", "".join(rh)))

    # --- who is attributed
    sources = _get(results, "sources")
    sh = [_how("For every reporting verb (said, claimed, according to ...) framelens looks for who is "
               "attributed. The charts show the share of each outlet's attributions that name no source "
               "(unattributed claims) and that go to a pronoun; the table lists the most attributed sources "
               "with 95% bootstrap intervals over documents. Titles are folded (President Obama, Mr. Obama "
               "and Obama are one source); full names and surnames are not. The sentences behind any row: "
               "framelens kwic CORPUS --source KEY (for example --source \"(no source)\").")]
    if sources.empty:
        sh.append("<p class='note'>No attribution was found.</p>")
    else:
        for key in ("(no source)", "(pronoun)"):
            ax = plots.plot_source_shares(sources, source=key, outlets=shown, **kw)
            sh.append(figure_html(ax.figure, f"Share of attributions: {key}"))
        sh.append(table_html(sources, max_rows=table_rows, csv_name="sources"))
    sections.append(("sources", "Who is attributed", "".join(sh)))

    # --- distinctive words
    lo = _get(results, "log_odds")
    dh = [_how("Fightin' Words (Monroe, Colaresi & Quinn 2008): each dot is a word; up means the outlet uses it "
               "more than the other outlets, down less. The z-score grows with corpus size, so read it with "
               "the frequency on the x axis; terms beyond the dashed lines (|z| > 1.96) are coloured.")]
    if lo.empty:
        dh.append("<p class='note'>No distinctive-word table (one outlet, or too few words).</p>")
    else:
        groups = [g for g in shown if g in set(lo["group"].astype(str))][:max_fightin]
        # the charts draw the whole vocabulary (as notebook 04), which needs the texts; a report drawn
        # again without them draws the table's top terms, and each chart's subtitle says so
        drawn = whole_vocabulary_terms(documents, groups) if documents is not None and "text" in documents else lo
        for g in groups:
            ax = plots.plot_fightin_words(drawn, group=g, ngram=1, **kw)
            dh.append(figure_html(ax.figure, f"Words that distinguish {g}"))
        dh.append(_top_terms_html(lo, shown, n=10))
        dh.append(f"<p class='more'>Full table: <a href='log_odds.csv'>log_odds.csv</a>.</p>")
    sections.append(("words", "Distinctive words", "".join(dh)))

    # --- same event
    we = _get(results, "within_event")
    eh = [_how("Outlets cover different stories, and topic mix can pass for framing. Here outlets are compared "
               "within the same events: the hollow dot is the difference over all documents, the filled dot "
               "the average difference within shared events. An arrow that crosses zero means the pooled "
               "difference came from which stories were covered, not how.")]
    if we.empty:
        eh.append(f"<p class='note'>{_esc(_no_events_reason(documents))}</p>")
    else:
        feats = [f for f in plots.default_features(rates, None) if f in set(we["feature"].astype(str))][:3] \
            if not rates.empty else sorted(set(we["feature"].astype(str)))[:3]
        for feat in feats:
            sub = we[we["outlet_a"].astype(str).isin(shown) & we["outlet_b"].astype(str).isin(shown)]
            ax = plots.plot_within_event(sub, feature=feat, **kw)
            eh.append(figure_html(ax.figure, f"{plots.feature_label(feat)}: pooled vs within-event"))
        eh.append(table_html(we, max_rows=table_rows, csv_name="within_event"))
    sections.append(("events", "Same-event comparison", "".join(eh)))

    # --- profiles
    sim, pred, coef = _get(results, "similarity"), _get(results, "predictability"), _get(results, "coefficients")
    ph = [_how("The tree joins outlets whose framing profiles (rates of every cue) are alike. The table below "
               "says how well a classifier tells outlets apart from framing cues alone and from all words, "
               "beside a majority-class baseline: framing well above the baseline means the outlets frame "
               "differently in ways a reader could notice.")]
    if sim.empty:
        ph.append("<p class='note'>No similarity table (fewer than two outlets).</p>")
    else:
        sub = sim[sim["outlet_a"].astype(str).isin(shown) & sim["outlet_b"].astype(str).isin(shown)]
        ax = plots.plot_similarity_dendrogram(sub, **kw)
        ph.append(figure_html(ax.figure, "Outlet similarity"))
    if not pred.empty:
        ph.append("<h3>Outlet predictability</h3>" + table_html(pred, max_rows=table_rows, csv_name="predictability"))
    if not coef.empty:
        top = coef[coef["outlet"].astype(str).isin(shown)]
        if "rank" in top.columns:
            top = top[pd.to_numeric(top["rank"], errors="coerce") <= 5]
        ph.append("<h3>Top coefficients per outlet</h3>" + table_html(top, max_rows=table_rows * 2,
                                                                      csv_name="coefficients"))
    sections.append(("profiles", "Outlet profiles", "".join(ph)))

    # --- over time
    ot = _get(results, "over_time")
    th = [_how("Monthly rates per outlet; the bands are 95% intervals. Months with few documents swing "
               "widely: look for changes that last, not single spikes.")]
    if ot.empty:
        th.append(f"<p class='note'>{_esc(_no_dates_reason(documents))}</p>")
    else:
        for feat in plots.default_features(ot, 2):
            ax = plots.plot_rates_over_time(ot, feature=feat, outlets=shown, **kw)
            th.append(figure_html(ax.figure, f"{plots.feature_unit(feat)} by month"))
        th.append(f"<p class='more'>Full table: <a href='over_time.csv'>over_time.csv</a>.</p>")
    sections.append(("time", "Over time", "".join(th)))

    # --- data quality
    qh = []
    rejects = corpus.rejects if corpus is not None else _EMPTY
    cleaning = corpus.cleaning if corpus is not None else _EMPTY
    if rejects is not None and not rejects.empty:
        tally = rejects.groupby("reason").size().rename("records").reset_index()
        qh.append("<h3>Rejected records</h3>" + table_html(tally, csv_name="rejects" if "rejects" in linked else None))
        qh.append(table_html(rejects, max_rows=10))
    else:
        qh.append("<p>No input record was rejected.</p>")
    if cleaning is not None and not cleaning.empty:
        ct = cleaning.groupby("reason").agg(lines=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
        qh.append("<h3>Page noise removed by the cleaner</h3>"
                  + table_html(ct, csv_name="cleaning" if "cleaning" in linked else None))
    else:
        qh.append("<p>The cleaner removed nothing (or cleaning was off).</p>")
    sections.append(("quality", "Data quality: rejects and cleaning", "".join(qh)))

    # --- manifest and tables
    sections.append(("manifest", "Manifest",
                     "<pre>" + _esc(json.dumps(manifest, indent=2, sort_keys=True, default=str)) + "</pre>"))
    def file_of(n):  # a table too big for CSV is Parquet only (framelens.outputs.CSV_LIMIT_BYTES)
        return f"{n}.csv" if (out_dir / f"{n}.csv").exists() or not (out_dir / f"{n}.parquet").exists() \
            else f"{n}.parquet"

    links = [f"<li><a href='{_esc(file_of(n))}'>{_esc(file_of(n))}</a>: {_esc(TABLES.get(n, ''))}</li>"
             for n in [*TABLES, *sorted(set(linked) - set(TABLES))] if n in linked]
    sections.append(("tables", "Full tables (CSV, or Parquet for the biggest, beside this page)",
                     "<ul class='tables'>" + "".join(links) + "</ul>"))

    body = [f"<h1>framelens report: {_esc(name)}</h1>"]
    if synthetic:
        body.append("<div class='synthetic'>SYNTHETIC DATA. This corpus was generated by framelens to show what "
                    "the tool does. Its outlets and articles are invented; nothing here says anything about "
                    "real news outlets.</div>")
    body.append("<nav><ol>" + "".join(f"<li><a href='#{a}'>{_esc(t)}</a></li>" for a, t, _ in sections)
                + "</ol></nav>")
    for anchor, title, content in sections:
        body.append(f"<section id='{anchor}'><h2>{_esc(title)}</h2>{content}</section>")
    template = string.Template(resources.files("framelens").joinpath("report_template.html").read_text("utf-8"))
    page = template.safe_substitute(
        title=_esc(f"framelens report: {name}" + (" [SYNTHETIC DATA]" if synthetic else "")),
        version=_esc(__version__),
        strip="<div class='synthetic-strip'>SYNTHETIC DATA: generated for demonstration, not real news</div>"
        if synthetic else "",
        body="\n".join(body))
    path = out_dir / filename
    path.write_text(page, encoding="utf-8")
    log.info("wrote %s (%.0f kB)", path, path.stat().st_size / 1024)
    return path


# ---------------------------------------------------------------------------------- small parts
def _write_missing_tables(out_dir: Path, corpus, hits, doc_features, results) -> list[str]:
    """Write ``<name>.csv`` for each table that is not already beside the page; return linked names."""
    from framelens.outputs import write_table

    tables = dict(results)
    if corpus is not None:
        tables.setdefault("corpus_summary", corpus.summary)  # made only if it is missing
        tables.setdefault("rejects", corpus.rejects)
        tables.setdefault("cleaning", corpus.cleaning)
    tables.setdefault("hits", hits)
    tables.setdefault("doc_features", doc_features)
    linked = []
    for n, t in tables.items():
        if not (isinstance(t, pd.DataFrame) or callable(t)):
            continue
        if not (out_dir / f"{n}.csv").exists() and not (out_dir / f"{n}.parquet").exists():
            write_table(t() if callable(t) else t, out_dir, n, parquet=False)
        linked.append(n)
    return linked


def _tally_line(corpus, manifest) -> str:
    if corpus is not None:
        return corpus.tally_line()
    t = manifest.get("tally") or {}
    if t:
        return f"{t.get('seen')} records seen = {t.get('loaded')} loaded + {t.get('rejected')} rejected"
    return ""


def _doc_ids_of(documents, outlets) -> set:
    d = documents[documents["outlet"].astype(str).isin(outlets)]
    return set(d["doc_id"].astype(str))


def _events_line(documents) -> str:
    if documents is None or "event_id" not in documents.columns:
        return ""
    ev = documents["event_id"].astype(str)
    ev = ev[(ev != "") & (ev != "nan")]
    return f" {ev.nunique():,} events." if len(ev) else ""


def _dates_line(documents) -> str:
    if documents is None or "published" not in documents.columns:
        return ""
    p = pd.to_datetime(documents["published"], errors="coerce").dropna()
    if p.empty:
        return " No publication dates."
    return f" Published {p.min():%Y-%m-%d} to {p.max():%Y-%m-%d}."


def _no_events_reason(documents) -> str:
    if documents is None:
        return "No same-event comparison was computed."
    if "event_id" not in documents.columns or (documents["event_id"].astype(str).isin(["", "nan"])).all():
        return ("This corpus has no event ids (no `event_id` column), so outlets cannot be compared within the "
                "same events. Add an event_id column (the same id for articles about the same story) to get it.")
    return ("No event is covered by two or more outlets, so no within-event difference could be formed.")


def _no_dates_reason(documents) -> str:
    if documents is None:
        return "No rates over time were computed."
    if "published" not in documents.columns or pd.to_datetime(documents["published"], errors="coerce").isna().all():
        return ("This corpus has no publication dates, so rates over time cannot be shown. Add a `published` "
                "(or `date`) field to the input to get them.")
    return "No monthly rates were computed."


def absent_features_line(absent: Iterable[str]) -> str:
    """One line naming the features the packs could find but the corpus never has, by pack:
    ``"Not in this corpus (no table row, no chart): karabakh: capital, region; hedges: ..."``."""
    by_pack: dict[str, list[str]] = {}
    for f in absent:
        family, _, rest = str(f).partition(":")
        if family == "naming":
            pack, _, concept = rest.partition("/")
            by_pack.setdefault(pack, []).append(concept.replace("_", " "))
        else:
            by_pack.setdefault(family, []).append(rest.replace("_", " ") or family)
    parts = "; ".join(f"{pack}: {', '.join(names)}" for pack, names in by_pack.items())
    n = sum(len(v) for v in by_pack.values())
    return f"Not in this corpus, so in no table or chart ({n} feature{'s' if n != 1 else ''} of the packs): {parts}."


def whole_vocabulary_terms(documents: pd.DataFrame, groups: Iterable[str]) -> pd.DataFrame:
    """Each outlet of ``groups`` against all other documents over the whole vocabulary of words (the
    ``log_odds`` columns, ``top_n=None``): what a Fightin' Words chart draws.

    The other outlets are pooled into one group before counting, so the table has a row per term
    for the chosen outlets only (not for every outlet of a big corpus); each outlet's z-scores are
    those of :func:`framelens.compare.logodds.distinctive_terms` against the rest, since the rest's
    counts are the same however it is split.
    """
    from framelens.compare.logodds import distinctive_terms

    groups = [str(g) for g in groups]
    if not groups or documents is None or documents.empty:
        return pd.DataFrame()
    outlet = documents["outlet"].astype(str)
    pooled = "\x00other outlets"  # a name no outlet has
    docs = documents[["doc_id", "text"]].assign(fightin_group=outlet.where(outlet.isin(groups), pooled))
    terms = distinctive_terms(docs, by="fightin_group", comparisons=("rest",), ngram_range=(1, 1), top_n=None)
    return terms[terms["group"].astype(str).isin(groups)].reset_index(drop=True)


def _top_terms_html(log_odds: pd.DataFrame, outlets: Iterable[str], n: int = 10) -> str:
    d = log_odds[log_odds["comparison"].astype(str) == "rest"]
    if d.empty:
        return ""
    rows = []
    for o in outlets:
        g = d[d["group"].astype(str) == o]
        if g.empty:
            continue
        more = g.sort_values(["z", "term"], ascending=[False, True]).head(n)
        less = g.sort_values(["z", "term"], ascending=[True, True]).head(n)
        rows.append({"outlet": o,
                     "uses more (z)": ", ".join(f"{t} ({z:.1f})" for t, z in zip(more["term"], more["z"]) if z > 0),
                     "uses less (z)": ", ".join(f"{t} ({z:.1f})" for t, z in zip(less["term"], less["z"]) if z < 0)})
    return "<h3>Top terms per outlet (against all other outlets)</h3>" + table_html(pd.DataFrame(rows), max_rows=50)


# ------------------------------------------------------------------------------ reading back
def load_analysis(folder) -> dict:
    """Read an ``framelens analyze`` output folder back: ``{"manifest", "hits", "doc_features",
    "results", "corpus_summary", "rejects", "cleaning"}`` (tables from Parquet when present, else CSV).

    Raises
    ------
    CorpusError
        When ``folder`` has no ``manifest.json`` (it is not an analysis folder).
    """
    folder = Path(folder)
    mpath = folder / "manifest.json"
    if not mpath.exists():
        raise CorpusError("not an analysis folder (no manifest.json)", where=str(folder),
                          fix="run `framelens analyze CORPUS --out DIR` first, or pass a corpus path")
    manifest = json.loads(mpath.read_text(encoding="utf-8"))

    def read(n):
        for suffix, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
            p = folder / f"{n}{suffix}"
            if p.exists():
                try:
                    return reader(p, keep_default_na=False) if suffix == ".csv" else reader(p)
                except (ValueError, OSError) as exc:
                    raise CorpusError(f"cannot read table {p.name}: {exc}", where=str(p),
                                      fix="re-run `framelens analyze`") from exc
        return _EMPTY

    names = [n for n in TABLES if n not in ("hits", "doc_features", "corpus_summary", "rejects", "cleaning")]
    extra = sorted({p.stem for p in folder.glob("*.parquet")} - set(TABLES))
    results = {n: read(n) for n in [*names, *extra]}
    results = {n: t for n, t in results.items() if not t.empty or (folder / f"{n}.csv").exists()}
    return {"manifest": manifest, "hits": read("hits"), "doc_features": read("doc_features"), "results": results,
            "corpus_summary": read("corpus_summary"), "rejects": read("rejects"), "cleaning": read("cleaning")}
