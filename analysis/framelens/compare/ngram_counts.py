"""Word and bigram counts per group of documents, as ``CountVectorizer`` makes them but in numpy.

:func:`framelens.compare.logodds.distinctive_terms` counts the words and bigrams of every document
(``make_vectorizer``: :data:`framelens.text.WORD_RE` tokens of the text folded by
``fold_typography``). scikit-learn's ``CountVectorizer`` builds every bigram as a string and looks it
up in a Python dict, and on a news corpus that is most of the log-odds stage (AllSides subset: 9 of
10 s). Here each document is tokenised once (:func:`framelens.compare.tokens.token_ids`, shared with
the report's charts and the explorer), each word gets an integer id, a bigram is the pair of
ids coded as one integer, and counting is ``np.unique`` and a sparse sum. The result is the same
matrix, summed into groups: the same terms, the same counts, and the columns in the same
(alphabetical) order, so ties between terms break the same way (``tests/test_compare_ngram_counts.py``
checks it against ``CountVectorizer``).

The column order comes from the words' order alone: a bigram is written ``"w1 w2"`` and the space
sorts before every character a word can hold, so the strings sort as the pairs of word ranks do
(a word before the bigrams that start with it).

Memory: the tokens are counted a chunk at a time (:data:`CHUNK_TOKENS`): each chunk's distinct
(row, term) pairs and their counts, then the chunks merged (:func:`distinct_pair_counts`), so the
temporary arrays (the 64-bit keys and their sort) are of one chunk, not of every token of the corpus,
and the matrix is built from index arrays of its own (32-bit) type, so scipy copies none (3x the
AllSides subset, 7.5 million tokens: the traced peak of the counting went from 571 to 325 MB).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from framelens.compare.tokens import token_ids

#: The n-gram orders counted here (longer ones go through ``CountVectorizer``).
MAX_ORDER = 2
#: Tokens counted at once (the temporary arrays are about 40 bytes a token of one chunk).
CHUNK_TOKENS = 1 << 20


def grouped_ngram_counts(texts, rows, n_rows: int, *, ngram_range=(1, 2)
                         ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Counts of the words and bigrams of ``texts``, summed into rows (groups of documents).

    Parameters
    ----------
    texts : sequence of str
        One text per document.
    rows : array of int, shape (n_texts,)
        The row (group) each document is counted into, from 0 to ``n_rows - 1``.
    n_rows : int
    ngram_range : tuple, default (1, 2)
        ``(min_n, max_n)`` with ``max_n`` at most :data:`MAX_ORDER`.

    Returns
    -------
    counts : scipy.sparse.csr_matrix of float64, shape (n_rows, n_terms)
        What ``make_vectorizer(ngram_range).fit_transform(texts)`` gives, summed by ``rows``.
    names : ndarray of str
        The term of each column, in alphabetical order (``CountVectorizer``'s).
    ngram : ndarray of int
        The order of each term (1 or 2).

    Raises
    ------
    ValueError
        When ``ngram_range`` asks for orders beyond :data:`MAX_ORDER`, or when no text has a word
        ("empty vocabulary", as ``CountVectorizer`` says).
    """
    min_n, max_n = (int(n) for n in ngram_range)
    if not 1 <= min_n <= max_n <= MAX_ORDER:
        raise ValueError(f"ngram_range {tuple(ngram_range)} is not within (1, {MAX_ORDER})")
    rows = np.asarray(rows, dtype=np.int64)
    ids, lens, words = token_ids(texts)
    if not len(words):
        raise ValueError("empty vocabulary; the documents hold no word")
    v = len(words)
    rank = np.empty(v, dtype=np.int64)
    rank[np.argsort(words, kind="stable")] = np.arange(v)
    token_row = np.repeat(rows.astype(np.int32), lens)
    # each order: the distinct (row, term) pairs and their counts, then the terms in CountVectorizer's order
    row_parts, term_parts, count_parts = [], [], []
    first_rank, second_rank, names = [], [], []
    n_terms = 0
    if min_n == 1:
        chunks = ((token_row[lo:hi], ids[lo:hi]) for lo, hi in token_chunks(len(ids)))
        r, t, c = distinct_pair_counts(chunks, n_rows, v)
        row_parts.append(r), term_parts.append(t), count_parts.append(c)
        first_rank.append(rank), second_rank.append(np.full(v, -1, dtype=np.int64)), names.append(words)
        n_terms = v
    if max_n >= 2:
        follows = bigram_ends(lens)
        chunks = ((token_row[at], ids[at - 1].astype(np.int64) * v + ids[at]) for at in bigram_positions(follows))
        r, p, c = distinct_pair_counts(chunks, n_rows, v * v)
        del follows
        pairs, inverse = np.unique(p, return_inverse=True)  # over distinct (row, bigram) pairs, not tokens
        a, b = pairs // v, pairs % v
        row_parts.append(r), term_parts.append(n_terms + inverse.ravel()), count_parts.append(c)
        first_rank.append(rank[a]), second_rank.append(rank[b])
        names.append(np.array([f"{x} {y}" for x, y in zip(words[a].tolist(), words[b].tolist())], dtype=object))
        del r, p, c, pairs, inverse, a, b
    del ids, token_row
    first_rank, second_rank = np.concatenate(first_rank), np.concatenate(second_rank)
    order = np.lexsort((second_rank, first_rank))  # alphabetical: a word, then the bigrams it starts
    # the matrix's own index type (32 bits where everything fits), so scipy copies no index array
    nnz = sum(len(c) for c in count_parts)
    index = np.int32 if max(n_rows, len(order), nnz) < 2 ** 31 else np.int64
    column = np.empty(len(order), dtype=index)
    column[order] = np.arange(len(order), dtype=index)
    counts = sparse.csr_matrix((np.concatenate(count_parts, dtype=np.float64),
                                (np.concatenate(row_parts, dtype=index), column[np.concatenate(term_parts)])),
                               shape=(n_rows, len(order)))
    names = np.concatenate(names)[order]
    ngram = np.where(second_rank[order] < 0, 1, 2).astype(np.int64)
    return counts, names, ngram


def token_chunks(n_tokens: int, step: int | None = None):
    """``(lo, hi)`` bounds of consecutive chunks of ``step`` (:data:`CHUNK_TOKENS`) token positions."""
    step = step or CHUNK_TOKENS
    return ((lo, min(lo + step, n_tokens)) for lo in range(0, n_tokens, step))


def bigram_ends(lens: np.ndarray) -> np.ndarray:
    """Per token, whether it ends a bigram (it is not the first token of its document)."""
    lens = np.asarray(lens, dtype=np.int64)
    follows = np.ones(int(lens.sum()), dtype=bool)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    follows[starts[lens > 0]] = False
    return follows


def bigram_positions(follows: np.ndarray, step: int | None = None):
    """The positions of the tokens that end a bigram (:func:`bigram_ends`), a chunk of tokens at a
    time, in order. A position ``i`` there has its bigram's first token at ``i - 1``."""
    for lo, hi in token_chunks(len(follows), step):
        yield lo + np.flatnonzero(follows[lo:hi])


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` by a sort (numpy 2's hash-based ``unique`` is several times slower on many
    distinct 64-bit keys)."""
    s = np.sort(a)
    return s[np.concatenate([[True], s[1:] != s[:-1]])] if len(s) else s


def distinct_pair_counts(chunks, n_rows: int, n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (row, term) pairs of every chunk together and how often each occurs.

    ``chunks`` yields ``(row, term)`` arrays of equal length (rows below ``n_rows``, terms below
    ``n_terms``). The result is what :func:`_distinct_pairs` gives for all the chunks concatenated
    (rows, terms, int64 counts, sorted by row then term), made one chunk at a time: each chunk's
    distinct pairs, then those merged.
    """
    if n_rows * n_terms >= 2 ** 62:  # no single integer key: every pair at once
        parts = list(chunks)
        if not parts:
            return _distinct_pairs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), n_terms)
        return _distinct_pairs(np.concatenate([r for r, _ in parts]), np.concatenate([t for _, t in parts]), n_terms)
    keys, counts = [], []
    for row, term in chunks:
        k, c = np.unique(row.astype(np.int64) * n_terms + term, return_counts=True)
        keys.append(k), counts.append(c)
    if not keys:
        keys, counts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    key, count = np.concatenate(keys), np.concatenate(counts).astype(np.int64)
    del keys, counts
    if len(key) and (np.diff(key) <= 0).any():  # chunks overlap: merge equal keys
        order = np.argsort(key, kind="stable")
        key, count = key[order], count[order]
        start = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        key, count = key[start], np.add.reduceat(count, start)
    return key // n_terms, key % n_terms, count


def _distinct_pairs(row: np.ndarray, term: np.ndarray, n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (row, term) pairs among the tokens and how often each occurs.

    Coded as one integer ``row * n_terms + term`` where that fits in 63 bits (one sort); else
    sorted on both keys.
    """
    n_rows = int(row.max()) + 1 if len(row) else 1
    if n_rows * n_terms < 2 ** 62:
        key = row.astype(np.int64) * n_terms + term
        uniq, count = np.unique(key, return_counts=True)
        return uniq // n_terms, uniq % n_terms, count
    order = np.lexsort((term, row))
    r, t = row[order], term[order]
    start = np.flatnonzero(np.concatenate([[True], (r[1:] != r[:-1]) | (t[1:] != t[:-1])]))
    return r[start].astype(np.int64), t[start].astype(np.int64), np.diff(np.append(start, len(r)))
