"""``FramingVectorizer``: raw texts → document × framing-feature matrix, as a scikit-learn transformer.

The columns are the feature keys of the hits table (``naming:karabakh/capital``, ``hedge``,
``attribution:doubting``, ``scare_quote``, ...); the values are counts or rates per 1,000 words
(:data:`framelens.text.WORD_RE` words). It runs exactly the extraction of :func:`framelens.extract`,
so a number in the matrix can be traced back to hits with the same packs and the same splitter.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["FramingVectorizer"]

_OUTPUTS = ("rate", "count")
_NAMING = ("concept", "variant")


def _texts(X) -> list[str]:
    if isinstance(X, (str, bytes)):
        raise ValueError("FramingVectorizer expects an iterable of raw texts (one per document), "
                         "not a single string; wrap it in a list")
    if hasattr(X, "documents") and hasattr(X.documents, "columns"):  # a framelens Corpus
        X = X.documents["text"]
    out = []
    for t in X:
        if t is None or (isinstance(t, float) and np.isnan(t)):
            out.append("")
        elif isinstance(t, bytes):
            out.append(t.decode("utf-8", "replace"))
        elif isinstance(t, str):
            out.append(t)
        else:
            raise ValueError(f"FramingVectorizer expects raw texts, got an element of type {type(t).__name__}")
    return out


class FramingVectorizer(TransformerMixin, BaseEstimator):
    """Turn raw texts into a matrix of framing-cue counts or rates per 1,000 words.

    Parameters
    ----------
    lexicons : None, str, path or list of them, default None
        Lexicon packs, as for :func:`framelens.lexicons.load_lexicons`; None means every shipped pack.
    output : {"rate", "count"}, default "rate"
        ``"rate"``: cues per 1,000 words (0.0 for a text without words); ``"count"``: raw counts.
    features : list of str, optional
        Keep only these feature keys, in this order. Default: every feature the packs and the
        lexicon-free extractors can produce.
    voice : {"narration", "quoted", "all"}, default "narration"
        Whose words: the outlet's own (cues and words outside direct quotations), the quoted
        speakers', or both (see :mod:`framelens.features.voice`); rates divide by the words of
        that voice.
    naming : {"concept", "variant"}, default "concept"
        ``"concept"``: one column per naming concept (``naming:immigration/immigrants`` counts
        every name of it); ``"variant"``: one column per name chosen
        (``naming:immigration/immigrants=illegal immigrants``, ``...=undocumented immigrants``),
        so that a model sees which name an outlet uses.

    Attributes
    ----------
    feature_names_ : ndarray of str
        The feature keys, one per output column.
    lexicons_ : LexiconSet
        The resolved lexicon packs.
    splitter_ : SentenceSplitter
        Punkt trained on the texts given to :meth:`fit`.

    See Also
    --------
    framelens.extract : the hits table behind every number.
    sklearn.feature_extraction.text.CountVectorizer : the model for this interface.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = make_pipeline(FramingVectorizer(), LogisticRegression())  # doctest: +SKIP
    >>> pipe.fit(texts, outlets).predict(new_texts)                       # doctest: +SKIP
    """

    def __init__(self, lexicons=None, output: str = "rate", features=None, voice: str = "narration",
                 naming: str = "concept"):
        self.lexicons = lexicons
        self.output = output
        self.features = features
        self.voice = voice
        self.naming = naming

    def fit(self, X: Iterable[str], y=None):
        """Resolve the packs, train the sentence splitter on ``X`` and fix the feature columns.

        Parameters
        ----------
        X : iterable of str
            Raw texts (a list, a pandas Series, or a framelens Corpus).
        y : ignored

        Returns
        -------
        self : FramingVectorizer
        """
        from framelens.extract import available_features
        from framelens.features import FEATURE_VOICES
        from framelens.lexicons import load_lexicons
        from framelens.text import splitter_for

        if self.output not in _OUTPUTS:
            raise ValueError(f"output={self.output!r} is not one of {_OUTPUTS}")
        if self.voice not in FEATURE_VOICES:
            raise ValueError(f"voice={self.voice!r} is not one of {FEATURE_VOICES}")
        if self.naming not in _NAMING:
            raise ValueError(f"naming={self.naming!r} is not one of {_NAMING}")
        texts = _texts(X)
        self.lexicons_ = load_lexicons(self.lexicons)
        self.splitter_ = splitter_for(texts)
        available = available_features(self.lexicons_)
        if self.naming == "variant":
            available = self._with_variants(available)
        if self.features is not None:
            wanted = [self.features] if isinstance(self.features, str) else list(self.features)
            unknown = [f for f in wanted if f not in available]
            if unknown:
                raise ValueError(f"unknown feature(s) {unknown}; available: {available}")
            available = wanted
        self.feature_names_ = np.asarray(available, dtype=object)
        return self

    def _with_variants(self, features: list[str]) -> list[str]:
        """Each naming concept's column replaced by one column per variant, in pack order."""
        variants: dict[str, list[str]] = {}
        for pack in self.lexicons_.packs:
            for e in pack.entries:
                if e.concept and not e.exclude:
                    key = f"{pack.feature_for(e)}={e.variant}"
                    variants.setdefault(pack.feature_for(e), [])
                    if key not in variants[pack.feature_for(e)]:
                        variants[pack.feature_for(e)].append(key)
        out: list[str] = []
        for f in features:
            out.extend(variants.get(f, [f]))
        return out

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """The document × feature matrix of ``X``.

        Parameters
        ----------
        X : iterable of str
            Raw texts.

        Returns
        -------
        ndarray of shape (n_documents, n_features)
            float64 rates per 1,000 words (``output="rate"``) or int64 counts (``output="count"``).
        """
        from framelens.extract import extract_text

        check_is_fitted(self, "feature_names_")
        texts = _texts(X)
        index = {f: j for j, f in enumerate(self.feature_names_)}
        counts = np.zeros((len(texts), len(index)), dtype=np.int64)
        words = np.zeros(len(texts), dtype=np.int64)
        from framelens.features import voice_words

        matcher = self.lexicons_.matcher()
        voice = self.voice
        by_variant = self.naming == "variant"
        for i, text in enumerate(texts):
            cues = extract_text(text, splitter=self.splitter_, matcher=matcher)
            words[i] = voice_words([cues.words], [cues.quoted_words], voice)[0]
            for row in cues.rows:
                if voice != "all" and row[15] != voice:
                    continue
                key = f"{row[8]}={row[12]}" if by_variant and row[7] == "naming" else row[8]
                j = index.get(key)
                if j is not None:
                    counts[i, j] += 1
        if self.output == "count":
            return counts
        rates = np.zeros(counts.shape, dtype=np.float64)
        has_words = words > 0
        rates[has_words] = counts[has_words] / words[has_words, None] * 1000.0
        return rates

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The feature keys of the output columns (``input_features`` is ignored: the input is text).

        Returns
        -------
        ndarray of str
        """
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags
