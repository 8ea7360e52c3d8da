"""Distinctive terms for the explorer: term counts per unit, the terms kept, and their sentences.

The page recomputes the log-odds with the informative Dirichlet prior of
:mod:`framelens.compare.logodds` (pooled prior, scale 1, its default) in the browser, for any
two sides the reader picks: an outlet, a group of outlets (left / center / right, a topic...) or
several, against the rest or against another side. For that it needs counts per **unit**, the
documents that share an outlet and a value of every grouping column (so a side is a set of units
and its counts are exact even where a leaning varies within an outlet), the totals of every unit
per n-gram order, and the prior mass of each order.

Words are counted as :func:`framelens.compare.logodds.make_vectorizer` counts them (the
:data:`framelens.text.WORD_RE` tokens of the text folded by ``fold_typography``, words and bigrams),
so a z-score on the page equals the one in the ``log_odds`` table. Only ``max_terms`` terms go on the
page (with at least ``min_count`` occurrences): the most distinctive ones for some outlet or group
against the rest, and the most frequent ones; totals and prior still count every term.

Each kept term gets sentences from a bounded, seeded sample of the articles that use it (round robin
over outlets, one sentence per article).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from framelens.compare.against_rest import RestClasses, top_against_rest
from framelens.compare.logodds import fold_typography
from framelens.compare.ngram_counts import bigram_vocabulary, bigrams_ended, grouped_counts
from framelens.compare.tokens import token_ids, tokens_of_rows
from framelens.explore.sampling import sample_per_cell
from framelens.text import WORD_RE

log = logging.getLogger(__name__)

#: Columns that never make a grouping of documents.
NOT_GROUPINGS = {"doc_id", "outlet", "outlet_raw", "text", "title", "url", "source", "published", "duplicate_of",
                 "event_id", "synthetic"}


def grouping_columns(documents: pd.DataFrame, *, max_columns: int = 2, max_values: int = 8) -> list[str]:
    """Document columns that group outlets: 2 to ``max_values`` distinct non-empty text values.

    ``leaning`` comes first when there is one, then the others by name; at most ``max_columns``.
    """
    found = []
    for col in documents.columns:
        if col in NOT_GROUPINGS or col.startswith("_"):
            continue
        s = documents[col]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)
                or isinstance(s.dtype, pd.CategoricalDtype)):
            continue
        try:
            values = set(s.dropna().astype(str)) - {"", "nan", "None"}
        except TypeError:
            continue
        if 2 <= len(values) <= max_values:
            found.append(col)
    found.sort(key=lambda c: (c != "leaning", c))
    return found[:max_columns]


def _tokens(text: str) -> list[str]:
    """Folded tokens of ``text``, as ``make_vectorizer`` counts them."""
    folded = fold_typography(text)
    if len(folded) == len(text):
        return WORD_RE.findall(folded)
    return [fold_typography(t) for t in WORD_RE.findall(text)]


def _corpus_tokens(texts: Sequence[str], corpus_texts: Sequence[str] | None = None, rows: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of :func:`_tokens` of every text as ids (first appearance order), the tokens per text
    and the word of each id.

    Where folding keeps every text's length (the usual case) these are the tokens the log-odds count,
    taken from :func:`framelens.compare.tokens.token_ids` (the corpus is then not tokenised again).
    """
    if all(len(fold_typography(t)) == len(t) for t in texts):
        return token_ids(texts) if corpus_texts is None else tokens_of_rows(corpus_texts, rows)
    tokens = [_tokens(t) for t in texts]
    lens = np.array([len(t) for t in tokens], dtype=np.int64)
    ids, words = pd.factorize(pd.Series([t for toks in tokens for t in toks], dtype=object), sort=False)
    return ids, lens, np.asarray(words, dtype=object)


def _token_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Character spans in ``text`` of the tokens of :func:`_tokens` (same number, same order)."""
    folded = fold_typography(text)
    spans = np.array([m.span() for m in WORD_RE.finditer(folded if len(folded) == len(text) else text)],
                     dtype=np.int32 if len(text) < 2 ** 31 else np.int64).reshape(-1, 2)  # kept per document
    return spans[:, 0], spans[:, 1]


class TermCounts:
    """Words and bigrams of a corpus, counted per unit, with the positions needed for evidence.

    Parameters
    ----------
    documents : DataFrame
        ``doc_id``, ``outlet``, ``text`` and the grouping columns.
    groupings : list of str
        Grouping columns (see :func:`grouping_columns`).
    texts : sequence of str, optional
        The documents' texts as ``documents["text"].fillna("").astype(str).tolist()`` gives them,
        when the caller has them already (a list, or a :class:`~framelens.compare.tokens.TextSequence`;
        shared, not copied; see
        :class:`framelens.explore.evidence.EvidencePool`).
    corpus_texts, rows : sequence of str and boolean array, optional
        When the documents are the ``rows`` of a corpus whose texts are ``corpus_texts``: the tokens
        are cut from the corpus's (:func:`framelens.compare.tokens.tokens_of_rows`, which the
        comparison has usually made already) instead of tokenising the documents again: the same
        tokens, counts and term numbers as tokenising the documents alone.

    Attributes
    ----------
    units_ : DataFrame
        One row per unit: ``outlet`` and each grouping column.
    doc_unit_ : ndarray
        Unit of each document.
    names_ : ndarray of str
        Every term (words first, then bigrams).
    ngram_ : ndarray of int
        1 or 2 per term.
    counts_ : scipy.sparse.csr_matrix, shape (n_units, n_terms)
    totals_ : dict of int to ndarray
        Tokens of each order per unit.
    """

    def __init__(self, documents: pd.DataFrame, groupings: list[str], *, texts: Sequence[str] | None = None,
                 corpus_texts: Sequence[str] | None = None, rows: np.ndarray | None = None):
        self.groupings = list(groupings)
        docs = documents
        keys = pd.DataFrame({"outlet": docs["outlet"].astype(str).to_numpy()})
        for g in self.groupings:
            keys[g] = docs[g].fillna("").astype(str).replace({"nan": "", "None": ""}).to_numpy()
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys), sort=True)
        self.units_ = pd.DataFrame(list(uniques), columns=keys.columns)
        self.doc_unit_ = codes.astype(np.int64)
        self._texts = texts if texts is not None else docs["text"].fillna("").astype(str).tolist()
        ids, lens, words = _corpus_tokens(self._texts, corpus_texts, rows)
        words = np.asarray(words, dtype=object)
        self._vocab_size = v = len(words)
        bounds = np.concatenate([[0], np.cumsum(lens)])
        self._bounds = bounds
        n_units = len(self.units_)
        # per token: the bigram it ends (-1 for a document's first token); 4 bytes a token where they fit
        self._bigram_keys = bigram_vocabulary(ids, lens, v)
        self._bigram_at = bigrams_ended(ids, lens, self._bigram_keys, v)
        small = self._bigram_at.dtype
        self._ids = ids.astype(small, copy=False)  # read only (shared with the token cache when the same type)
        n_bigrams = len(self._bigram_keys)
        bnames = np.array([f"{words[k // v]} {words[k % v]}" for k in self._bigram_keys.tolist()], dtype=object) \
            if v else np.array([], dtype=object)
        self.names_ = np.concatenate([words, bnames]) if v else np.array([], dtype=object)
        self.ngram_ = np.concatenate([np.ones(v, dtype=np.int64), np.full(len(bnames), 2, dtype=np.int64)])
        # counted a block of units at a time (framelens.compare.ngram_counts): words, then bigrams (v + bigram)
        self.counts_ = grouped_counts(lens, self.doc_unit_, n_units, v + n_bigrams, self._term_columns)
        self.totals_ = {order: self.counts_ @ (self.ngram_ == order).astype(np.float64) for order in (1, 2)}
        self.freq_ = np.asarray(self.counts_.sum(axis=0)).ravel()
        self._spans: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._selected: dict[tuple, np.ndarray] = {}

    def _term_columns(self, pos: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The word and the bigram (column ``v + bigram``, -1 for none) each token at ``pos`` counts into."""
        bigram = self._bigram_at[pos]
        return self._ids[pos], np.where(bigram >= 0, self._vocab_size + bigram, -1)

    # ------------------------------------------------------------------------------------------
    def sides(self) -> dict[str, np.ndarray]:
        """Boolean unit masks of the sides used to pick distinctive terms: each outlet, each grouping value."""
        out = {}
        for o in sorted(set(self.units_["outlet"])):
            out[f"outlet={o}"] = (self.units_["outlet"] == o).to_numpy()
        for g in self.groupings:
            for val in sorted(set(self.units_[g]) - {""}):
                out[f"{g}={val}"] = (self.units_[g] == val).to_numpy()
        return out

    def select(self, *, max_terms: int = 3000, min_count: int = 5, bigram_share: float = 1 / 3,
               frequent_share: float = 0.25) -> np.ndarray:
        """Indices of the terms for the page (sorted by n-gram order, then term).

        Per order (words get ``1 - bigram_share`` of ``max_terms``), among the terms with at least
        ``min_count`` occurrences: the most typical terms of each outlet and each group against the
        rest (highest z), taken round robin over the sides, then, for ``frequent_share`` of the
        places, the most frequent terms not already in.
        """
        key = (max_terms, min_count, bigram_share, frequent_share)
        if key in self._selected:
            return self._selected[key]
        sides = [m for m in self.sides().values() if 0 < m.sum() < len(m)]
        kept = []
        for order, share in ((1, 1 - bigram_share), (2, bigram_share)):
            room = int(round(max_terms * share))
            cand = np.flatnonzero((self.ngram_ == order) & (self.freq_ >= min_count))
            if room <= 0 or len(cand) == 0:
                continue
            if len(cand) <= room:
                kept.append(cand)
                continue
            column = np.full(self.counts_.shape[1], -1, dtype=np.int64)  # each term's place among cand
            column[cand] = np.arange(len(cand))
            alpha = self.freq_[cand].astype(np.float64)
            classes = RestClasses(alpha, alpha)  # a side's z from its own terms (framelens.compare.against_rest)
            n_all, a0 = float(self.totals_[order].sum()), float(self.freq_[self.ngram_ == order].sum())
            n_score = room - int(room * frequent_share)
            # each side's most typical terms, round robin over the sides (rank 0 of every side first)
            ranked = []
            for mask in sides:
                terms, ya = _column_sums(self.counts_, mask, column)
                na = float(self.totals_[order][mask].sum())
                ranked.append(top_against_rest(classes, terms, ya, n_a=na, n_b=n_all - na, alpha_0=a0,
                                               n=n_score).positions)
            if ranked:
                by_rank = np.stack([np.pad(r, (0, n_score - len(r)), constant_values=-1) for r in ranked], axis=1).ravel()
                by_rank = by_rank[by_rank >= 0]
                _, first = np.unique(by_rank, return_index=True)
                by_score = cand[by_rank[np.sort(first)][:n_score]]
            else:
                by_score = np.array([], dtype=np.int64)
            rest = np.setdiff1d(cand, by_score)
            by_freq = rest[np.lexsort((rest, -self.freq_[rest]))][:room - len(by_score)]
            kept.append(np.concatenate([by_score, by_freq]))
        idx = np.concatenate(kept) if kept else np.array([], dtype=np.int64)
        idx = idx[np.lexsort((self.names_[idx].astype(str), self.ngram_[idx]))]
        self._selected[key] = idx
        return idx

    def documents_with(self, terms: np.ndarray) -> pd.DataFrame:
        """Every (term, document) pair where a kept term occurs: ``term`` (position in ``terms``),
        ``doc`` (row of the corpus), ``count``."""
        v = self._vocab_size
        pos = np.full(v + len(self._bigram_keys), -1, dtype=np.int64)
        pos[np.asarray(terms, dtype=np.int64)] = np.arange(len(terms))

        def columns(at, starts):  # the kept term each token is or ends (-1: none)
            bigram = self._bigram_at[at]
            return pos[self._ids[at]], np.where(bigram >= 0, pos[v + bigram], -1)

        n_docs = len(self._bounds) - 1
        m = grouped_counts(np.diff(self._bounds), np.arange(n_docs), n_docs, len(terms), columns)  # by document
        small = np.int32 if max(n_docs, len(terms)) < 2 ** 31 else np.int64  # millions of pairs: 4 bytes each
        doc = np.repeat(np.arange(n_docs, dtype=small), np.diff(m.indptr))
        term, count = m.indices.astype(small), m.data.astype(np.int64)
        del m
        return pd.DataFrame({"term": term, "doc": doc, "count": count}, copy=False)  # the arrays are its own

    def occurrences(self, term: int, doc: int) -> list[tuple[int, int]]:
        """Character spans of every occurrence of term index ``term`` in document row ``doc``."""
        lo, hi = int(self._bounds[doc]), int(self._bounds[doc + 1])
        spans = self._spans.get(doc)
        if spans is None:
            spans = self._spans[doc] = _token_spans(self._texts[doc])
        starts, ends = spans
        if len(starts) != hi - lo:  # cannot happen: _token_spans follows _tokens
            return []
        v = self._vocab_size
        if term < v:
            at = np.flatnonzero(self._ids[lo:hi] == term)
            return [(int(starts[i]), int(ends[i])) for i in at]
        at = np.flatnonzero(self._bigram_at[lo:hi] == term - v)  # the bigram ends at token i
        return [(int(starts[i - 1]), int(ends[i])) for i in at]


def _column_sums(m: sparse.csr_matrix, rows: np.ndarray, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sum of the ``rows`` (a boolean mask) of ``m`` over the columns that ``column`` numbers
    (``column[j]`` the new number of column ``j``, -1 to leave it out): the new numbers where those
    rows have entries, ascending, and the sum in each. ``m[rows][:, kept].sum(axis=0)`` without a
    copy of ``m``'s kept columns or a dense row of all of them."""
    part = m[np.flatnonzero(rows)]
    new = column[part.indices]
    kept = new >= 0
    columns, at = np.unique(new[kept], return_inverse=True)
    return columns, np.bincount(at, weights=part.data[kept], minlength=len(columns))


def term_evidence(tc: TermCounts, terms: np.ndarray, documents: pd.DataFrame, pool, *, budget: int,
                  seed: int = 0) -> tuple[list[list], dict]:
    """Sentences for each kept term: a seeded reservoir sample of the articles using it, spread round
    robin over outlets, one occurrence (drawn with the same seed) per article.

    Returns
    -------
    rows : list of list
        Per kept term, a list of ``[window, [[start, end]]]``.
    info : dict
        ``per_term`` (articles kept per term at most) and ``shown`` (sentences).
    """
    pairs = tc.documents_with(terms)
    out: list[list] = [[] for _ in range(len(terms))]
    if pairs.empty:
        return out, {"per_term": 0, "shown": 0}
    doc_ids = documents["doc_id"].astype(str).to_numpy()
    outlet_codes = pd.factorize(documents["outlet"].astype(str))[0]  # spread over outlets: a number each will do
    pairs["outlet"] = outlet_codes[pairs["doc"].to_numpy()]
    kept, k = sample_per_cell(pairs, ["term"], budget, seed=seed, order=["term", "doc"], balance="outlet")
    rng = np.random.default_rng(seed + 1)
    draws = rng.random(len(kept))
    shown = 0
    for (t, d), u in zip(kept[["term", "doc"]].itertuples(index=False), draws):
        spans = tc.occurrences(int(terms[t]), int(d))
        if not spans:  # tokenisation edge case (see _tokens); nothing to show for this article
            log.debug("term %r not found again in document %s", tc.names_[terms[t]], doc_ids[d])
            continue
        a, b = spans[min(len(spans) - 1, int(u * len(spans)))]
        s0, s1 = pool.sentence_span(doc_ids[d], a)
        out[int(t)].append(list(pool.window(doc_ids[d], s0, max(s1, b), [(a, b)])))
        shown += 1
    return out, {"per_term": int(k), "shown": shown}
