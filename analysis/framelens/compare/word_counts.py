"""The words representation of the outlet classifier: documents tokenised once, the vocabulary and
the inverse document frequencies learned on each training fold.

Tokenising a document uses nothing but that document, so the document x term count matrix
(:func:`document_term_counts`, every term of every document) is made once and shared by every
cross-validation fold and the final fit. What does depend on which documents are seen, the
vocabulary (terms in at least ``min_df`` documents, the ``max_features`` most frequent) and the
IDF weights, is learned inside the model from the training fold alone (:class:`VocabularyLimit`,
then scikit-learn's ``TfidfTransformer``): a test document never shapes the features it is scored
on, as with a ``TfidfVectorizer`` fitted per fold, but the texts are read once instead of once per
fold.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted


def document_term_counts(texts) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Word counts per document, every term kept (words by :data:`framelens.text.WORD_RE`, lower case).

    Parameters
    ----------
    texts : sequence of str
        One text per document.

    Returns
    -------
    counts : scipy.sparse.csr_matrix, shape (n_docs, n_terms)
        Integer counts; columns in alphabetical order of the terms.
    terms : ndarray of str
        The term of each column. Empty (and ``counts`` without columns) when no text has a word.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    from framelens.text import WORD_RE

    vec = CountVectorizer(token_pattern=WORD_RE.pattern, lowercase=True, dtype=np.int64)
    try:
        counts = vec.fit_transform(list(texts))
    except ValueError:  # no document has a word: an empty vocabulary
        return sparse.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    return counts.tocsr(), np.asarray(vec.get_feature_names_out(), dtype=object)


class VocabularyLimit(TransformerMixin, BaseEstimator):
    """Keep the columns of a count matrix that make a vocabulary, learned from the rows it is fitted on.

    The same pruning as ``CountVectorizer(min_df=..., max_features=...)``, on counts made already
    (:func:`document_term_counts`), so that a cross-validation pipeline learns its vocabulary from
    the training fold only without tokenising the texts again.

    Parameters
    ----------
    min_df : int, default 2
        Keep terms that occur in at least this many of the fitted documents.
    max_features : int or None, default None
        Of those, keep the ``max_features`` with the most occurrences in the fitted documents (ties
        by column order); all of them when None.
    feature_names : array of str, optional
        The term of each input column, for :meth:`get_feature_names_out`.

    Attributes
    ----------
    columns_ : ndarray of int
        Input columns kept, in input order.
    n_features_in_ : int
        Columns of the matrix seen in :meth:`fit`.
    """

    def __init__(self, min_df: int = 2, max_features: int | None = None, feature_names=None):
        self.min_df = min_df
        self.max_features = max_features
        self.feature_names = feature_names

    def fit(self, X, y=None):
        """Learn the vocabulary from the rows of ``X`` (documents x terms counts).

        Raises
        ------
        ValueError
            When no term occurs in ``min_df`` documents (as ``CountVectorizer`` does).
        """
        x = sparse.csc_matrix(X)
        doc_freq = np.asarray((x > 0).sum(axis=0)).ravel()
        term_freq = np.asarray(x.sum(axis=0)).ravel()
        ok = np.flatnonzero(doc_freq >= self.min_df)
        if self.max_features is not None and len(ok) > self.max_features:
            order = np.lexsort((ok, -term_freq[ok]))  # most frequent first, ties by column
            ok = np.sort(ok[order[:self.max_features]])
        if len(ok) == 0:
            raise ValueError("After pruning, no terms remain. Try a lower min_df.")
        self.columns_ = ok
        self.n_features_in_ = x.shape[1]
        return self

    def transform(self, X):
        """The kept columns of ``X``, as a CSR matrix."""
        check_is_fitted(self, "columns_")
        return sparse.csr_matrix(X)[:, self.columns_]

    def get_feature_names_out(self, input_features=None):
        """The terms of the kept columns (``x<column>`` when no ``feature_names`` were given)."""
        check_is_fitted(self, "columns_")
        names = self.feature_names if input_features is None else input_features
        if names is None:
            return np.asarray([f"x{j}" for j in self.columns_], dtype=object)
        return np.asarray(names, dtype=object)[self.columns_]
