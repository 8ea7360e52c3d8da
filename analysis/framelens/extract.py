"""``framelens.extract``: every framing cue of a corpus, with its evidence span.

For each document: sentences (Punkt trained on the corpus), words (:data:`framelens.text.WORD_RE`),
one matching pass of every lexicon pack (:mod:`framelens.lexicons.matcher`), then the extractors
of :mod:`framelens.features` turn matches into rows: naming, hedges and boosters, attribution (with
sources), loaded words, and the lexicon-free scare quotes and agentless passives. The result is the
hits table documented in :mod:`framelens.features` (one row per cue).

:func:`extract_text` does the same for one text; the vectorizer and the parallel engine use it.
"""
from __future__ import annotations

import logging
from operator import itemgetter
from typing import Iterable, NamedTuple

import pandas as pd

from framelens.features import DocStats, DocText, LEXICON_FREE_FEATURES, feature_order, hits_frame
from framelens.features.attribution import attribution_hits
from framelens.features.hedges import hedge_hits
from framelens.features.loaded import loaded_hits
from framelens.features.naming import naming_hits
from framelens.features.passives import agentless_passive_spans
from framelens.features.quotes import scare_quote_spans
from framelens.features.voice import VoiceIndex, quoted_words
from framelens.lexicons import LexiconSet, load_lexicons
from framelens.memory import frozen_heap
from framelens.text import SentenceSplitter, count_words, splitter_for

log = logging.getLogger(__name__)

#: The order of a text's rows: start, end, family, feature.
_ROW_ORDER = itemgetter(4, 5, 7, 8)

__all__ = ["extract", "extract_text", "available_features", "TextCues"]


class TextCues(NamedTuple):
    """What :func:`extract_text` finds in one text."""

    rows: list[tuple]
    """Hits-table rows in :data:`framelens.features.HIT_COLUMNS` order, sorted by position."""
    words: int
    """Words (:data:`framelens.text.WORD_RE`)."""
    sentences: int
    """Sentences."""
    quoted_words: int
    """Words inside direct quotations (:mod:`framelens.features.voice`)."""


def available_features(lexicons: LexiconSet | None = None) -> list[str]:
    """Every feature key an extraction with ``lexicons`` can produce (lexicon and lexicon-free)."""
    lex = load_lexicons(lexicons)
    return feature_order(list(lex.features()) + LEXICON_FREE_FEATURES)


def extract_text(text: str, *, doc_id: str = "", lexicons=None, splitter: SentenceSplitter | None = None,
                 matcher=None, lexicon_free: Iterable[str] | None = None) -> TextCues:
    """The cues of one text.

    Parameters
    ----------
    text : str
    doc_id : str
        Written into every row.
    lexicons : see :func:`framelens.lexicons.load_lexicons`
        Ignored when ``matcher`` is given.
    splitter : SentenceSplitter, optional
        Default: the seed-only splitter (pass one trained on your corpus).
    matcher : Matcher, optional
        A compiled matcher (``load_lexicons(...).matcher()``), to avoid recompiling per text.
    lexicon_free : iterable of str, optional
        The lexicon-free extractors to run (``"scare_quote"``, ``"agentless_passive"``); all when
        None, none when empty. The engine uses it to re-run only what its feature cache misses.

    Returns
    -------
    TextCues
        ``(rows, words, sentences, quoted_words)``. Each row ends with the hit's voice and
        quotation span (:mod:`framelens.features.voice`).
    """
    text = text or ""
    if not text.strip():
        return TextCues([], 0, 0, 0)
    if matcher is None:
        matcher = load_lexicons(lexicons).matcher()
    if splitter is None:
        from framelens.text import default_splitter

        splitter = default_splitter()
    sents = splitter.spans(text)
    # No list of every word: counting is cheaper than listing, and the few steps that need words
    # (context forms in the matcher, passives) read them where they need them.
    n_words = count_words(text)
    doc = DocText(doc_id, text, sents, [])
    matches = matcher.find(text)
    rows: list[tuple] = []
    if matches:
        rows.extend(naming_hits(doc, matches))
        rows.extend(hedge_hits(doc, matches))
        rows.extend(attribution_hits(doc, matches))
        rows.extend(loaded_hits(doc, matches))
    free = set(LEXICON_FREE_FEATURES if lexicon_free is None else lexicon_free)
    voices = VoiceIndex(text)
    if "scare_quote" in free:
        for s, e, quoted in scare_quote_spans(text, sents, voices):
            rows.append(doc.row(s, e, "scare_quote", "scare_quote", "scare_quote", quoted))
    if "agentless_passive" in free:
        for s, e, participle in agentless_passive_spans(text, sents):
            rows.append(doc.row(s, e, "passive", "agentless_passive", "agentless", participle))
    rows.sort(key=_ROW_ORDER)
    voice = voices.voice
    rows = [r + voice(r[4], r[8]) for r in rows]
    return TextCues(rows, n_words, len(sents), quoted_words(text, voices.spans))


def _documents(corpus) -> pd.DataFrame:
    if hasattr(corpus, "documents"):
        return corpus.documents
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus:
            from framelens.errors import CorpusError

            raise CorpusError("the table has no `text` column", fix="pass a Corpus or a DataFrame with doc_id and text")
        docs = corpus
        if "doc_id" not in docs:
            docs = docs.assign(doc_id=[str(i) for i in range(len(docs))])
        return docs
    texts = list(corpus)
    return pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})


def extract(corpus, lexicons=None, *, splitter: SentenceSplitter | None = None,
            lexicon_free: Iterable[str] | None = None) -> pd.DataFrame:
    """The hits table of a corpus: one row per framing cue, with its evidence span.

    Parameters
    ----------
    corpus : Corpus, DataFrame or iterable of str
        A loaded corpus, a table with ``doc_id`` and ``text``, or plain texts (ids "0", "1", ...).
    lexicons : None, or pack names / paths / a LexiconSet
        The lexicon packs; every shipped pack when None (see :func:`framelens.lexicons.load_lexicons`).
    splitter : SentenceSplitter, optional
        Sentence splitter; default: Punkt trained on this corpus (seeded with the shipped abbreviations).
    lexicon_free : iterable of str, optional
        The lexicon-free extractors to run (``"scare_quote"``, ``"agentless_passive"``); all when
        None, none when empty (``framelens lexicon try`` measures one pack: its rows are the same,
        and it skips the part of the work that does not depend on the pack).

    Returns
    -------
    DataFrame
        The hits table (columns :data:`framelens.features.HIT_COLUMNS`), sorted by document order then
        position. ``attrs["features"]`` lists every feature the extraction could produce (so that a
        feature with no hit still gets a zero column in :func:`framelens.features.document_features`)
        and ``attrs["doc_stats"]`` maps doc_id to (words, sentences, quoted words) as a
        :class:`~framelens.features.DocStats` (which pandas does not deep-copy on every operation).

    Examples
    --------
    >>> import framelens as fl
    >>> hits = fl.extract(["Officials claimed the city, which Armenians call Stepanakert, was calm."])
    >>> sorted(hits["feature"])
    ['attribution:doubting', 'naming:karabakh/capital']
    """
    docs = _documents(corpus)
    lex = load_lexicons(lexicons)
    matcher = lex.matcher()
    texts = docs["text"].fillna("").astype(str).tolist() if len(docs) else []
    if splitter is None:
        splitter = splitter_for(texts)
    free = None if lexicon_free is None else list(lexicon_free)
    rows: list[tuple] = []
    stats = DocStats()
    with frozen_heap():  # the collector skips what lives all run (the model, the modules)
        for doc_id, text in zip(docs["doc_id"].astype(str).tolist(), texts):
            cues = extract_text(text, doc_id=doc_id, splitter=splitter, matcher=matcher, lexicon_free=free)
            rows.extend(cues.rows)
            stats[doc_id] = (cues.words, cues.sentences, cues.quoted_words)
    hits = hits_frame(rows)
    features = available_features(lex)
    if free is not None:
        features = [f for f in features if f not in LEXICON_FREE_FEATURES or f in free]
    hits.attrs["features"] = features
    hits.attrs["doc_stats"] = stats
    log.info("extracted %d hits from %d documents", len(hits), len(docs))
    return hits


def lexicon_free_features() -> list[str]:
    """The lexicon-free feature keys."""
    return list(LEXICON_FREE_FEATURES)
