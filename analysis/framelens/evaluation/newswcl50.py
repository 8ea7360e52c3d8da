"""NewsWCL50: framelens naming shares beside the shares in the human annotations.

NewsWCL50 (Hamborg, Zhukova & Gipp 2019) annotates every mention of each concept in 50 articles
(10 events × 5 outlets). For a concept of the ``newswcl50`` naming pack, :func:`naming_share_comparison`
counts, per outlet,

* the variants framelens finds in the article texts (the hits of that concept), and
* the annotated mentions of the matching NewsWCL50 codes (``code_name`` in :data:`CONCEPT_CODES`),
  each mapped to a variant by running the same lexicon on the mention's words,

restricted to the events where the concept was annotated, so both sides read the same articles.
Annotated mentions that no variant of the lexicon covers ("the two leaders", "its leader") are
counted as the variant ``(not in lexicon)``; shares are given both over all annotated mentions and
over the mentions the lexicon covers (the like-for-like comparison).

Columns of the table:

===================  ===========================================================================
concept              pack concept id (``kim_jong_un``, ``trump``, ``north_korea``, ``caravan``)
outlet               outlet name
variant              variant label, or ``(not in lexicon)`` for unmapped annotated mentions
framelens_count      hits of this variant in the outlet's articles of the annotated events
framelens_share      framelens_count / all framelens hits of the concept for the outlet
annotated_count      annotated mentions mapped to this variant
annotated_share      annotated_count / annotated mentions the lexicon covers, for the outlet
                     (NaN for the ``(not in lexicon)`` row)
annotated_share_all  annotated_count / all annotated mentions of the concept, for the outlet
note                 "" or why a share is missing
===================  ===========================================================================

:func:`agreement_summary` condenses it to one row per concept: coverage of the annotated mentions,
framelens hits per covered annotated mention, the mean absolute difference of shares, Pearson's
r of the shares over outlet × variant cells, and how many outlets have the same most-used variant.

Run it::

    python -m framelens.evaluation.newswcl50 ../shared/data/newswcl50
"""
from __future__ import annotations

import csv
import dataclasses
import logging
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

#: Pack concept → the NewsWCL50 code names whose mentions it names.
CONCEPT_CODES = {
    "kim_jong_un": ["PRK\\Jong Un", "PRK\\Kim"],
    "trump": ["USA\\Trump"],
    "north_korea": ["PRK"],
    "caravan": ["Migrant caravan"],
}
#: NewsWCL50 publisher codes → outlet names (as the corpus adapter names them).
PUBLISHERS = {"LL": "HuffPost", "L": "New York Times", "M": "USA Today", "R": "Fox News", "RR": "Breitbart"}
UNMAPPED = "(not in lexicon)"
COLUMNS = ["concept", "outlet", "variant", "framelens_count", "framelens_share", "annotated_count",
           "annotated_share", "annotated_share_all", "note"]


def read_annotations(root: str | Path) -> pd.DataFrame:
    """``hamborg_original/Annotations.csv`` as a table (the ``sep=,`` first line skipped)."""
    path = Path(root) / "hamborg_original" / "Annotations.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        if not first.lower().startswith("sep="):
            fh.seek(0)
        rows = list(csv.DictReader(fh))
    ann = pd.DataFrame(rows)
    ann["event_id"] = ann["event_id"].astype(str).str.strip()
    ann["outlet"] = ann["publisher_id"].str.strip().map(PUBLISHERS)
    return ann


def _concept_matcher(pack, concept: str):
    """A matcher for one concept of ``pack`` with its topic gates removed (mentions are short)."""
    from framelens.lexicons.matcher import Matcher

    concepts = {concept: dict(pack.concepts[concept], topic=())}
    entries = [e for e in pack.entries if e.concept == concept]
    return Matcher([dataclasses.replace(pack, topic=(), concepts=concepts, entries=entries)])


def map_mention(matcher, mention: str) -> str:
    """The variant a mention's words use: the first variant found in it, or :data:`UNMAPPED`."""
    for m in matcher.find(mention):
        if m.rule.variant:
            return m.rule.variant
    return UNMAPPED


def naming_share_comparison(root: str | Path, *, corpus=None, hits: pd.DataFrame | None = None,
                            concepts=("kim_jong_un", "trump", "north_korea", "caravan"),
                            lexicons=None) -> pd.DataFrame:
    """Per concept, outlet and variant: framelens counts and shares beside the annotated ones.

    Parameters
    ----------
    root : path
        The NewsWCL50 folder (``../shared/data/newswcl50``).
    corpus : Corpus, optional
        The loaded corpus (``framelens.load_corpus(root)`` when None).
    hits : DataFrame, optional
        Its hits table (extracted with ``lexicons`` when None).
    concepts : sequence of str
        Concepts of the ``newswcl50`` pack (keys of :data:`CONCEPT_CODES`).
    lexicons : optional
        Packs for the extraction; must contain a pack named ``newswcl50``.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` (see the module docstring), sorted by concept, outlet, variant.
    """
    import framelens as fl
    from framelens.lexicons import load_lexicons

    lex = load_lexicons(lexicons if lexicons is not None else ["newswcl50"])
    pack = lex["newswcl50"]
    if corpus is None:
        corpus = fl.load_corpus(root)
    if hits is None:
        hits = fl.extract(corpus, lexicons=lex)
    docs = corpus.documents[["doc_id", "outlet", "event_id"]].astype(str)
    ann = read_annotations(root)
    rows = []
    for concept in concepts:
        codes = CONCEPT_CODES[concept]
        a = ann[ann["code_name"].isin(codes)].copy()
        events = sorted(a["event_id"].unique())
        matcher = _concept_matcher(pack, concept)
        a["variant"] = [map_mention(matcher, m) for m in a["code_mention"]]
        in_events = docs[docs["event_id"].isin(events)]
        h = hits[(hits["feature"] == f"naming:newswcl50/{concept}") & hits["doc_id"].isin(in_events["doc_id"])]
        h = h.merge(in_events[["doc_id", "outlet"]], on="doc_id")
        variants = [e.variant for e in pack.entries if e.concept == concept and not e.exclude]
        for outlet in sorted(PUBLISHERS.values()):
            fl_counts = h[h["outlet"] == outlet]["variant"].value_counts()
            an_counts = a[a["outlet"] == outlet]["variant"].value_counts()
            fl_total = int(fl_counts.sum())
            an_all = int(an_counts.sum())
            an_covered = int(an_counts.drop(UNMAPPED, errors="ignore").sum())
            for variant in variants + [UNMAPPED]:
                fc = int(fl_counts.get(variant, 0))
                ac = int(an_counts.get(variant, 0))
                if variant == UNMAPPED and ac == 0:
                    continue
                notes = []
                if fl_total == 0:
                    notes.append("no framelens hit of this concept in the outlet's articles")
                if an_all == 0:
                    notes.append("no annotated mention of this concept for the outlet")
                rows.append({
                    "concept": concept, "outlet": outlet, "variant": variant, "framelens_count": fc,
                    "framelens_share": fc / fl_total if fl_total and variant != UNMAPPED else np.nan,
                    "annotated_count": ac,
                    "annotated_share": ac / an_covered if an_covered and variant != UNMAPPED else np.nan,
                    "annotated_share_all": ac / an_all if an_all else np.nan,
                    "note": "; ".join(notes) if notes else ("annotated mentions no lexicon variant covers"
                                                            if variant == UNMAPPED else ""),
                })
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["concept", "outlet", "variant"], kind="stable").reset_index(drop=True)


def agreement_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per concept: how closely framelens shares follow the annotated shares.

    Columns: ``concept, annotated_mentions, coverage`` (share of annotated mentions that map to a
    lexicon variant), ``framelens_hits``, ``hits_per_covered_mention``, ``mean_abs_share_diff``
    (over outlet × variant cells where both sides have mentions), ``share_correlation`` (Pearson r
    over the same cells), ``top_variant_agreement`` (outlets whose most-used variant is the same on
    both sides) and ``outlets`` (outlets compared).
    """
    out = []
    for concept, t in table.groupby("concept", sort=True):
        mapped = t[t["variant"] != UNMAPPED]
        total_ann = int(t["annotated_count"].sum())
        covered = int(mapped["annotated_count"].sum())
        both = mapped.dropna(subset=["framelens_share", "annotated_share"])
        diff = float((both["framelens_share"] - both["annotated_share"]).abs().mean()) if len(both) else np.nan
        corr = (float(np.corrcoef(both["framelens_share"], both["annotated_share"])[0, 1])
                if len(both) > 2 and both["framelens_share"].std() > 0 and both["annotated_share"].std() > 0
                else np.nan)
        agree = n_out = 0
        for _, o in both.groupby("outlet"):
            n_out += 1
            agree += int(o.loc[o["framelens_share"].idxmax(), "variant"] == o.loc[o["annotated_share"].idxmax(), "variant"])
        fl_hits = int(mapped["framelens_count"].sum())
        out.append({"concept": concept, "annotated_mentions": total_ann,
                    "coverage": covered / total_ann if total_ann else np.nan, "framelens_hits": fl_hits,
                    "hits_per_covered_mention": fl_hits / covered if covered else np.nan,
                    "mean_abs_share_diff": diff, "share_correlation": corr,
                    "top_variant_agreement": agree, "outlets": n_out})
    return pd.DataFrame(out)


def main(argv=None):  # pragma: no cover - a convenience for the command line
    import sys

    root = (argv or sys.argv[1:] or ["../shared/data/newswcl50"])[0]
    table = naming_share_comparison(root)
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print(table.drop(columns="note").round(3).to_string(index=False))
        print()
        print(agreement_summary(table).round(3).to_string(index=False))


if __name__ == "__main__":  # pragma: no cover
    main()
