"""What the explorer page holds: the tables of an analysis and a bounded sample of their evidence,
as one JSON-ready dict.

:class:`ExplorerData` does the expensive work once (term counts per unit, the hits matched to the
corpus) and :meth:`ExplorerData.payload` assembles the page's data for given budgets, so that the page
writer can shrink the budgets until the page fits its size bound.

Payload (compact: lists of lists, strings coded by position in a list):

==============  ===========================================================================================
``meta``        corpus name, synthetic flag, version, seed, corpus hash, sampling statement (``sampling``);
                ``bounded`` (only when the corpus has more than ``max_outlets`` outlets): the outlets,
                documents and hits of the whole corpus against those on the page
``outlets``     ``[name, documents, words, colour]`` per outlet (sorted by name)
``groupings``   grouping column -> its values (e.g. ``leaning``: center, left, right)
``docs``        ``[outlet, doc_id, date, title, event]`` for every document that has evidence
``events``      event ids (``docs`` refer to them by position; -1 = none)
``windows``     ``[doc, text, cut_left, cut_right]``: a sentence, or a part of it (see ``evidence``)
``features``    feature keys; ``feature_labels`` their plain-English names
``labels``      naming variants and lexicon terms; ``voices``: "" or the hit's voice
``rates``       ``[outlet, feature, voice, count, docs, words, rate, ci_low, ci_high, note]``
``shares``      ``[outlet, concept, variant, count, concept_total, share, ci_low, ci_high, voice]``
``concepts``    concept keys; ``concept_labels`` their names
``evidence``    ``[window, [[start, end]], feature, label, voice]`` per sampled hit
``terms``       units, term names, n-gram orders, counts per unit, totals per order, evidence per term
``stories``     per event: its articles by outlet, each with cue sentences and their highlighted cues
==============  ===========================================================================================
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from framelens import __version__
from framelens.errors import AnalysisError
from framelens.compare.tokens import TextSequence
from framelens.explore.evidence import MAX_WINDOW_CHARS, EvidencePool, cue_evidence, event_evidence, matchable_hits
from framelens.explore.terms import TermCounts, grouping_columns, term_evidence

log = logging.getLogger(__name__)

#: The columns of the hits table the page reads (the others are left out before anything is copied).
HIT_COLUMNS = ("doc_id", "start", "end", "feature", "variant", "term", "voice", "sent_start", "sent_end")

#: Most outlets a page shows (the ones with most documents); the rest are named in a warning and the
#: page's "About" (3,210 outlets at 30x the AllSides subset made 20 MB of rates and shares alone).
MAX_OUTLETS = 200


@dataclass(frozen=True)
class Budgets:
    """How much evidence a page holds.

    Attributes
    ----------
    cues : int
        Sampled hits behind the rates and shares (one sentence window each).
    term_articles : int
        Articles sampled for the distinctive terms (one sentence each).
    event_sentences : int
        Cue sentences of the same-event view.
    max_terms : int
        Terms on the distinctive-terms chart.
    """

    cues: int = 12_000
    term_articles: int = 15_000
    event_sentences: int = 4_000
    max_terms: int = 2_500

    def scaled(self, factor: float) -> "Budgets":
        return Budgets(*(max(0, int(v * factor)) for v in (self.cues, self.term_articles, self.event_sentences)),
                       max_terms=max(50, int(self.max_terms * min(1.0, factor ** 0.5))))


def _num(v):
    """A JSON-safe number: None for NaN / inf, rounded floats (6 significant digits)."""
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not np.isfinite(f):
        return None
    if f.is_integer() and abs(f) < 2 ** 53:
        return int(f)
    return float(f"{f:.6g}")


def _table(results: Mapping, name: str) -> pd.DataFrame:
    t = (results or {}).get(name)
    return t if isinstance(t, pd.DataFrame) else pd.DataFrame()


class ExplorerData:
    """The analysis, ready to be put on a page.

    Parameters
    ----------
    documents : DataFrame
        ``corpus.documents`` (``doc_id``, ``outlet``, ``text``; ``title``, ``published``, ``event_id``
        and grouping columns when present).
    hits : DataFrame
        The hits table (``voice`` is used when present).
    results : mapping of str to DataFrame
        ``rates`` and ``shares`` at least (:func:`framelens.compare.compare_all`).
    manifest : mapping, optional
        The run manifest (name, hash, parameters shown on the page).
    name : str, optional
        Corpus name (default: from the manifest).
    synthetic : bool, default False
    seed : int, default 0
        Seed of every evidence sample.
    min_count : int, default 5
        Fewest occurrences of a term on the distinctive-terms chart.
    max_outlets : int or None, default :data:`MAX_OUTLETS` (200)
        Most outlets on the page: with more, only the ``max_outlets`` with most documents (ties by
        name) are shown, with their documents and hits alone (so the groups' terms and the same-event
        view are theirs too); ``meta["bounded"]`` and a logged warning say how many were left out.
        ``None`` shows every outlet.

    Attributes
    ----------
    documents : DataFrame
        The documents on the page, without their ``text`` column (their texts are read from the
        corpus's column as needed, :class:`framelens.compare.tokens.TextSequence`).
    """

    def __init__(self, documents: pd.DataFrame, hits: pd.DataFrame | None, results: Mapping, manifest=None, *,
                 name: str | None = None, synthetic: bool = False, seed: int = 0, min_count: int = 5,
                 max_window_chars: int = MAX_WINDOW_CHARS, max_outlets: int | None = MAX_OUTLETS):
        from framelens.plots import outlet_colors

        if documents is None or not {"doc_id", "outlet", "text"} <= set(documents.columns):
            raise AnalysisError("the explorer needs the corpus documents (doc_id, outlet, text)",
                                fix="pass corpus.documents, or the corpus the analysis was made from")
        if documents.empty:
            raise AnalysisError("the corpus has no documents, so there is nothing to explore",
                                fix="check the corpus with `framelens load PATH`")
        if max_outlets is not None and int(max_outlets) < 1:
            raise AnalysisError(f"max_outlets must be at least 1 (got {max_outlets})",
                                fix="pass a positive number of outlets, or None for every outlet")
        if hits is not None:  # the columns the evidence reads, not a copy of the whole hits table
            hits = hits[[c for c in HIT_COLUMNS if c in hits.columns]]
        rows, hits, self.bounded = _most_documented(documents, hits, max_outlets)
        # the texts for the pools and the term counts, read from the corpus's own column as needed
        # (the documents kept have no text column: it would be a second copy of the texts)
        self._texts = TextSequence(documents["text"], None if rows is None else np.flatnonzero(rows))
        # the kept documents' words are cut from the corpus's tokens (made for the comparison already)
        corpus_texts = None if rows is None else TextSequence(documents["text"])
        documents = documents.drop(columns="text")
        self.documents = (documents if rows is None else documents[rows]).reset_index(drop=True)
        self.results = dict(results or {})
        self.manifest = dict(manifest or {})
        about = self.manifest.get("corpus") if isinstance(self.manifest.get("corpus"), dict) else {}
        self.name = name or about.get("name") or "corpus"
        self.synthetic = bool(synthetic or self.manifest.get("synthetic") or about.get("synthetic"))
        self.seed = int(seed)
        self.min_count = int(min_count)
        self.max_window_chars = int(max_window_chars)
        docs = self.documents
        self.outlets = sorted(set(docs["outlet"].astype(str)))
        self.outlet_index = {o: i for i, o in enumerate(self.outlets)}
        self.colors = outlet_colors(self.outlets)
        self.groupings = grouping_columns(docs)
        words = _table(self.results, "corpus_summary")
        if words.empty or "words" not in words.columns:
            from framelens.text import count_words

            words = docs.assign(words=[count_words(t) for t in self._texts])
            words = words.groupby(words["outlet"].astype(str)).agg(documents=("doc_id", "size"), words=("words", "sum"))
        else:
            words = words.assign(outlet=words["outlet"].astype(str)).set_index("outlet")
        self.outlet_sizes = words
        self._sentences: dict = {}
        self._group_codes: dict[str, dict[str, int]] = {}
        self.hits, self.unmatched_hits = matchable_hits(hits if hits is not None else pd.DataFrame(),
                                                        EvidencePool(docs, self.outlet_index, texts=self._texts))
        log.info("explorer: counting terms of %d documents", len(docs))
        self.term_counts = TermCounts(docs, self.groupings, texts=self._texts, corpus_texts=corpus_texts, rows=rows)

    # ------------------------------------------------------------------------------------------
    def payload(self, budgets: Budgets = Budgets()) -> dict:
        """The page's data for ``budgets`` (see the module docstring for its layout)."""
        from framelens.plots import concept_label, feature_label

        pool = EvidencePool(self.documents, self.outlet_index, max_chars=self.max_window_chars,
                            sentence_cache=self._sentences, texts=self._texts)
        features: dict[str, int] = {}
        labels: dict[str, int] = {}
        voices: dict[str, int] = {"": 0}
        concepts: dict[str, int] = {}

        rates_rows = self._rates(features, voices)
        shares_rows = self._shares(concepts, labels, voices)
        evidence, cue_info = cue_evidence(self.hits, pool, budget=budgets.cues, seed=self.seed,
                                          feature_index=features, label_index=labels, voice_index=voices)
        tc = self.term_counts
        kept = tc.select(max_terms=budgets.max_terms, min_count=self.min_count)
        term_rows, term_info = term_evidence(tc, kept, self.documents, pool, budget=budgets.term_articles,
                                             seed=self.seed)
        counts = tc.counts_[:, kept].tocsc()
        unit_counts = []
        for j in range(len(kept)):
            lo, hi = counts.indptr[j], counts.indptr[j + 1]
            flat = np.empty(2 * (hi - lo), dtype=np.int64)
            flat[0::2], flat[1::2] = counts.indices[lo:hi], counts.data[lo:hi]
            unit_counts.append(flat.tolist())
        units = [[self.outlet_index[r.outlet], *[self._group_value(g, getattr(r, g)) for g in self.groupings]]
                 for r in tc.units_.itertuples(index=False)]
        stories, event_info = event_evidence(self.hits, pool, self.documents, budget=budgets.event_sentences,
                                             feature_index=features)
        feature_keys = list(features)
        sampling = {
            "window_chars": self.max_window_chars,
            "cues": cue_info["cues"], "cues_shown": cue_info["shown"], "cues_per_cell": cue_info["per_cell"],
            "hits_without_document": int(self.unmatched_hits),
            "terms": int(len(kept)), "terms_candidates": int(((tc.freq_ >= self.min_count)).sum()),
            "term_min_count": self.min_count, "term_articles_per_term": term_info["per_term"],
            "term_sentences": term_info["shown"],
            "events": event_info["events"], "events_shown": len(stories),
            "event_sentences": event_info["shown"], "event_sentences_per_article": event_info["sentences_per_article"],
            "seed": self.seed,
        }
        return {
            "v": 1,
            "meta": self._meta(sampling),
            "outlets": [[o, _num(self.outlet_sizes["documents"].get(o, 0)), _num(self.outlet_sizes["words"].get(o, 0)),
                         self.colors[o]] for o in self.outlets],
            "groupings": [[g, self._group_values(g)] for g in self.groupings],
            "docs": pool.docs,
            "events": list(pool.event_index),
            "windows": pool.windows,
            "features": feature_keys,
            "feature_labels": [feature_label(f) if not f.startswith("naming:") else concept_label(f[len("naming:"):])
                               for f in feature_keys],
            "labels": list(labels),
            "voices": list(voices),
            "rates": rates_rows,
            "concepts": list(concepts),
            "concept_labels": [concept_label(c) for c in concepts],
            "shares": shares_rows,
            "evidence": evidence,
            "terms": {
                "units": units,
                "names": [str(t) for t in tc.names_[kept]],
                "ngram": [int(n) for n in tc.ngram_[kept]],
                "counts": unit_counts,
                "totals": {str(o): [int(x) for x in tc.totals_[o]] for o in (1, 2)},
                "prior_total": {str(o): int(tc.freq_[tc.ngram_ == o].sum()) for o in (1, 2)},
                "evidence": term_rows,
            },
            "stories": stories,
        }

    # ------------------------------------------------------------------------------------------
    def _group_values(self, g: str) -> list[str]:
        """The values of grouping column ``g`` in the page's order (sorted, "" last)."""
        values = set(self.term_counts.units_[g])
        return sorted(values - {""}) + ([""] if "" in values else [])

    def _group_value(self, g: str, value: str) -> int:
        codes = self._group_codes.get(g)
        if codes is None:
            codes = self._group_codes[g] = {v: i for i, v in enumerate(self._group_values(g))}
        return codes[value]

    def _meta(self, sampling: dict) -> dict:
        m = self.manifest
        params = m.get("parameters") if isinstance(m.get("parameters"), dict) else {}
        prior = params.get("prior", "pooled") or "pooled"
        return {"name": str(self.name), "synthetic": self.synthetic, "version": __version__,
                "corpus_hash": str(m.get("corpus_hash", "")), "seed": self.seed,
                "documents": int(len(self.documents)), "hits": int(len(self.hits)),
                "has_voice": "voice" in self.hits.columns, "analysis_prior": str(prior),
                "parameters": {str(k): str(v) for k, v in sorted(params.items())},
                "sampling": sampling, **({"bounded": self.bounded} if self.bounded else {})}

    def _rates(self, features: dict, voices: dict) -> list[list]:
        rates = _table(self.results, "rates")
        if rates.empty or not {"outlet", "feature", "rate_per_1000"} <= set(rates.columns):
            return []
        r = rates[~rates["feature"].astype(str).str.startswith("naming:")]
        r = r[r["outlet"].astype(str).isin(self.outlet_index)]
        has_voice = "voice" in r.columns
        out = []
        for row in r.itertuples(index=False):
            v = str(getattr(row, "voice", "")) if has_voice else ""
            out.append([self.outlet_index[str(row.outlet)], features.setdefault(str(row.feature), len(features)),
                        voices.setdefault(v, len(voices)), _num(getattr(row, "count", None)),
                        _num(getattr(row, "docs", None)), _num(getattr(row, "words", None)), _num(row.rate_per_1000),
                        _num(getattr(row, "ci_low", None)), _num(getattr(row, "ci_high", None)),
                        str(getattr(row, "note", "") or "")])
        return out

    def _shares(self, concepts: dict, labels: dict, voices: dict) -> list[list]:
        shares = _table(self.results, "shares")
        need = {"outlet", "concept", "variant", "count", "concept_total"}
        if shares.empty or not need <= set(shares.columns):
            return []
        s = shares[(shares["variant"].astype(str) != "") & shares["outlet"].astype(str).isin(self.outlet_index)]
        mentioned = s.groupby(s["concept"].astype(str))["count"].sum()
        s = s[s["concept"].astype(str).map(mentioned).fillna(0) > 0]
        has_voice = "voice" in s.columns
        out = []
        for row in s.itertuples(index=False):  # table order: the analysis's voice first, as in rates
            v = str(getattr(row, "voice", "")) if has_voice else ""
            out.append([self.outlet_index[str(row.outlet)], concepts.setdefault(str(row.concept), len(concepts)),
                        labels.setdefault(str(row.variant), len(labels)), _num(row.count), _num(row.concept_total),
                        _num(getattr(row, "share", None)), _num(getattr(row, "ci_low", None)),
                        _num(getattr(row, "ci_high", None)), voices.setdefault(v, len(voices))])
        return out


def _most_documented(documents: pd.DataFrame, hits: pd.DataFrame | None,
                     max_outlets: int | None) -> tuple[np.ndarray | None, pd.DataFrame | None, dict]:
    """The rows of the documents of the ``max_outlets`` outlets with most documents (ties by name;
    ``None``: every row), their hits, and what was left out (``{}`` when nothing was)."""
    outlets = documents["outlet"].astype(str)
    per_outlet = outlets.value_counts()
    if max_outlets is None or len(per_outlet) <= int(max_outlets):
        return None, hits, {}
    ranked = sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = {o for o, _ in ranked[:int(max_outlets)]}
    rows = outlets.isin(kept).to_numpy()
    bounded = {"outlets_total": int(len(per_outlet)), "outlets_shown": int(len(kept)),
               "documents_total": int(len(documents)), "documents_shown": int(rows.sum()),
               "min_documents_shown": int(ranked[int(max_outlets) - 1][1])}
    if hits is not None and not hits.empty and "doc_id" in hits.columns:
        ids = set(documents["doc_id"][rows].astype(str))
        bounded["hits_total"] = int(len(hits))
        hits = hits[hits["doc_id"].astype(str).isin(ids).to_numpy()]
        bounded["hits_shown"] = int(len(hits))
    log.warning("explorer: the page shows the %d outlets with most documents (%d or more each) of %d; the "
                "other %d outlets (%d of %d documents) are in the tables, not on the page", len(kept),
                bounded["min_documents_shown"], len(per_outlet), len(per_outlet) - len(kept),
                len(documents) - bounded["documents_shown"], len(documents))
    return rows, hits, bounded
