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

Memory: each bigram is given its place in the corpus's sorted distinct bigrams
(:func:`bigram_vocabulary`), so every term has its final column before anything is counted, and
:func:`grouped_counts` counts the documents a block of rows at a time, in row order (:data:`CHUNK_TOKENS`
tokens a block, or one larger row): each block gives its rows' final counts, so no pairs of the whole
corpus are kept and merged, and the matrix is put together from its own (32-bit) index arrays. 10x the
AllSides subset (25.6 million tokens, 1,070 outlets): the peak resident memory the counting and the
log-odds add went from 744 to 95 MB.
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
    ids, lens, words = token_ids(texts)
    if not len(words):
        raise ValueError("empty vocabulary; the documents hold no word")
    v = len(words)
    rank = np.empty(v, dtype=np.int64)
    rank[np.argsort(words, kind="stable")] = np.arange(v)
    bigrams = bigram_vocabulary(ids, lens, v) if max_n >= 2 else np.zeros(0, dtype=np.int64)
    first, second = bigrams // v, bigrams % v
    # the terms: the words (when counted), then the bigrams, put in CountVectorizer's (alphabetical) order
    n_words = v if min_n == 1 else 0
    first_rank = np.concatenate([rank[:n_words], rank[first]])
    second_rank = np.concatenate([np.full(n_words, -1, dtype=np.int64), rank[second]])
    order = np.lexsort((second_rank, first_rank))  # a word, then the bigrams it starts
    column = np.empty(len(order), dtype=np.int64)
    column[order] = np.arange(len(order))
    word_column = column[:v] if n_words else np.full(v, -1, dtype=np.int64)
    bigram_column = column[n_words:]

    def columns(pos, starts):
        if max_n < 2:
            return (word_column[ids[pos]],)
        ends = pos[~starts]
        bigram = np.full(len(pos), -1, dtype=np.int64)
        bigram[~starts] = bigram_column[bigram_index(bigrams, ids[ends - 1].astype(np.int64) * v + ids[ends])]
        return word_column[ids[pos]], bigram

    counts = grouped_counts(lens, rows, n_rows, len(order), columns)
    bigram_names = np.array([f"{x} {y}" for x, y in zip(words[first].tolist(), words[second].tolist())],
                            dtype=object)
    names = np.concatenate([words[:n_words], bigram_names])[order]
    ngram = np.where(second_rank[order] < 0, 1, 2).astype(np.int64)
    return counts, names, ngram


def grouped_counts(lens, rows, n_rows: int, n_columns: int, columns, step: int | None = None
                   ) -> sparse.csr_matrix:
    """Counts of terms in documents, summed into rows (groups of documents), a block of rows at a time.

    The documents are taken in row order, in blocks of whole rows with at most ``step``
    (:data:`CHUNK_TOKENS`) tokens together, or a single row with more. A block of several rows is
    counted at once (its distinct (row, column) pairs, by a sort); a larger row a chunk of ``step``
    tokens at a time into one dense vector of ``n_columns``. Each block gives its rows' final
    counts, so nothing is merged, and the temporary arrays are of one block.

    Parameters
    ----------
    lens : array of int, shape (n_docs,)
        Tokens per document; a document's tokens are at consecutive positions, the documents one after
        another.
    rows : array of int, shape (n_docs,)
        The row each document is counted into, from 0 to ``n_rows - 1``.
    n_rows, n_columns : int
    columns : callable
        ``columns(pos, starts)``, for token positions ``pos`` (int64) and whether each starts its
        document, gives a tuple of arrays aligned with ``pos``: the columns of the terms each token
        counts into (-1: none).
    step : int, optional

    Returns
    -------
    scipy.sparse.csr_matrix of float64, shape (n_rows, n_columns)
        With sorted indices, 32-bit where they fit.
    """
    step = step or CHUNK_TOKENS
    lens, rows = np.asarray(lens, dtype=np.int64), np.asarray(rows, dtype=np.int64)
    by_row = np.argsort(rows, kind="stable")
    doc_rows, doc_lens = rows[by_row], lens[by_row]
    doc_starts = (np.cumsum(lens) - lens)[by_row]
    row_tokens = np.bincount(rows, weights=lens, minlength=n_rows).astype(np.int64)
    column_type = np.int32 if n_columns < 2 ** 31 else np.int64
    count_type = np.int32 if lens.sum() < 2 ** 31 else np.int64
    per_row, cols, counts = [], [], []
    for lo, hi in row_blocks(row_tokens, step):
        d_lo, d_hi = np.searchsorted(doc_rows, [lo, hi])
        tokens = document_tokens(doc_starts[d_lo:d_hi], doc_lens[d_lo:d_hi], step)
        if hi - lo == 1:
            dense = np.zeros(n_columns, dtype=np.int64)
            for _, pos, starts in tokens:
                col = np.concatenate(columns(pos, starts))
                dense += np.bincount(col[col >= 0], minlength=n_columns)
            col = np.flatnonzero(dense)
            row, count = np.zeros(len(col), dtype=np.int64), dense[col]
        else:
            row, col, count = _block_pairs(tokens, doc_rows[d_lo:d_hi] - lo, n_columns, columns)
        per_row.append(np.bincount(row, minlength=hi - lo))
        cols.append(col.astype(column_type)), counts.append(count.astype(count_type))
        del row, col, count
    nnz = sum(len(c) for c in cols)
    index = np.int32 if max(n_columns, nnz) < 2 ** 31 else np.int64
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(per_row))]).astype(index)
    indices = np.concatenate(cols, dtype=index)
    del cols
    data = np.concatenate(counts, dtype=np.float64)
    del counts
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, n_columns))


def _block_pairs(tokens, doc_rows: np.ndarray, n_columns: int, columns):
    """The distinct (row, column) pairs of a block's tokens (chunks of :func:`document_tokens`) and how
    often each occurs, sorted by row then column (``doc_rows``: the row of each document, from 0)."""
    keys = [np.zeros(0, dtype=np.int64)]
    for doc, pos, starts in tokens:
        row = doc_rows[doc]
        for col in columns(pos, starts):
            keys.append(row[col >= 0] * n_columns + col[col >= 0])
    key, count = np.unique(np.concatenate(keys), return_counts=True)
    return key // n_columns, key % n_columns, count


def row_blocks(row_tokens: np.ndarray, step: int):
    """``(lo, hi)`` ranges of consecutive rows, in order: several rows with at most ``step`` tokens
    together, or one row with more."""
    lo, size = 0, 0
    for r, n in enumerate(row_tokens.tolist()):
        if r > lo and size + n > step:
            yield lo, r
            lo, size = r, 0
        size += n
    if lo < len(row_tokens):
        yield lo, len(row_tokens)


def document_tokens(starts: np.ndarray, lens: np.ndarray, step: int):
    """The token positions of documents (each ``starts[i]`` to ``starts[i] + lens[i]``), in that order,
    ``step`` at a time: ``(doc, pos, first)`` arrays, the document (index into ``starts``) of each
    token, its position, and whether it is its document's first token."""
    ends = np.cumsum(lens)
    total = int(ends[-1]) if len(ends) else 0
    for lo in range(0, total, step):
        at = np.arange(lo, min(lo + step, total), dtype=np.int64)
        doc = np.searchsorted(ends, at, side="right")
        within = at - (ends[doc] - lens[doc])
        yield doc, starts[doc] + within, within == 0


def bigram_vocabulary(ids: np.ndarray, lens: np.ndarray, v: int) -> np.ndarray:
    """The distinct bigrams of the tokens (consecutive tokens of a document), sorted, as keys
    ``id1 * v + id2`` (int64), made a chunk of tokens at a time."""
    follows = bigram_ends(lens)
    parts = [sorted_unique(ids[at - 1].astype(np.int64) * v + ids[at]) for at in bigram_positions(follows)]
    return sorted_unique(np.concatenate(parts or [np.zeros(0, dtype=np.int64)]))


def bigram_index(bigrams: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The position of each of ``keys`` in the sorted ``bigrams`` (:func:`bigram_vocabulary`), where
    every key is. The keys are searched in sorted order, which walks the table in order (a million
    random keys in 705,000 bigrams: 0.19 s with their sort, against 0.43 s as they come)."""
    by_key = np.argsort(keys)
    at = np.empty(len(keys), dtype=np.int64)
    at[by_key] = np.searchsorted(bigrams, keys[by_key])
    return at


def bigrams_ended(ids: np.ndarray, lens: np.ndarray, bigrams: np.ndarray, v: int) -> np.ndarray:
    """Per token, the bigram it ends (its position in ``bigrams``, :func:`bigram_vocabulary`), -1 for a
    document's first token; int32 where the positions fit, made a chunk of tokens at a time."""
    small = np.int32 if v + len(bigrams) < 2 ** 31 else np.int64
    ended = np.full(len(ids), -1, dtype=small)
    for at in bigram_positions(bigram_ends(lens)):
        ended[at] = bigram_index(bigrams, ids[at - 1].astype(np.int64) * v + ids[at])
    return ended


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
