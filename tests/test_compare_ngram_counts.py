"""Word and bigram counts per group: the same terms, counts and column order as CountVectorizer."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from framelens.compare.logodds import distinctive_terms, group_term_counts, make_vectorizer
from framelens.compare.ngram_counts import grouped_ngram_counts

TEXTS = [
    "It’s the senator's bill — a well‐known, hard-won deal; it's done.",
    "",
    "Word",
    "ÉCOLE école Straße 30,000 x_y a-b-c ab abc a b",
    "...",
    "the bill the bill the bill",
]


def _reference(texts, rows, n_rows, ngram_range):
    vec = make_vectorizer(ngram_range)
    x = vec.fit_transform(texts)
    ind = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(n_rows, len(rows)))
    return (ind @ x).toarray(), list(vec.get_feature_names_out())


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
def test_the_counts_are_countvectorizers_summed_into_groups(ngram_range):
    rows = np.array([0, 1, 1, 2, 0, 2])
    counts, names, ngram = grouped_ngram_counts(TEXTS, rows, 3, ngram_range=ngram_range)
    want, want_names = _reference(TEXTS, rows, 3, ngram_range)
    assert list(names) == want_names  # the same terms in the same (alphabetical) order
    np.testing.assert_array_equal(counts.toarray(), want)
    assert list(ngram) == [t.count(" ") + 1 for t in want_names]


words = st.text(alphabet="abé’'‐-_1 ", min_size=0, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(words, max_size=6).map(" ".join), min_size=1, max_size=6))
def test_any_texts_count_as_countvectorizer_counts_them(texts):
    rows = np.arange(len(texts)) % 2
    try:
        want, want_names = _reference(texts, rows, 2, (1, 2))
    except ValueError:  # no word anywhere: both refuse
        with pytest.raises(ValueError, match="empty vocabulary"):
            grouped_ngram_counts(texts, rows, 2)
        return
    counts, names, _ = grouped_ngram_counts(texts, rows, 2)
    assert list(names) == want_names
    np.testing.assert_array_equal(counts.toarray(), want)


def test_distinctive_terms_are_the_same_through_either_counter():
    rng = np.random.default_rng(3)
    vocab = np.array(["immigrant", "illegal", "undocumented", "border", "it’s", "well-known", "the", "a"])
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(60)], "outlet": np.repeat(["x", "y", "z"], 20),
                         "text": [" ".join(rng.choice(vocab, size=int(rng.integers(0, 40)))) for _ in range(60)]})
    fast = distinctive_terms(docs, min_count=1, top_n=5)
    slow = distinctive_terms(docs, min_count=1, top_n=5, vectorizer=make_vectorizer((1, 2)))
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    groups, terms, counts = group_term_counts(docs)
    g2, t2, c2 = group_term_counts(docs, vectorizer=make_vectorizer((1, 2)))
    assert groups == g2 and terms.equals(t2)
    np.testing.assert_array_equal(counts.toarray(), c2.toarray())


def test_orders_beyond_bigrams_are_refused_here_and_counted_by_scikit_learn():
    with pytest.raises(ValueError, match="ngram_range"):
        grouped_ngram_counts(["a b c"], [0], 1, ngram_range=(1, 3))
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "text": ["one two three", "two three four"]})
    _, terms, _ = group_term_counts(docs, ngram_range=(1, 3))
    assert "one two three" in set(terms["term"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.lists(st.integers(-1, 9), max_size=8)), max_size=12),
       st.integers(1, 12))
def test_counts_made_a_block_of_rows_at_a_time_are_those_of_every_token_at_once(docs, step):
    from framelens.compare.ngram_counts import grouped_counts

    rows = np.array([r for r, _ in docs], dtype=np.int64)
    lens = np.array([len(t) for _, t in docs], dtype=np.int64)
    word = np.array([c for _, t in docs for c in t], dtype=np.int64)  # -1: a token counted in no column
    first = np.zeros(len(word), dtype=bool)
    first[(np.cumsum(lens) - lens)[lens > 0]] = True
    pair = np.where(first, -1, (word + 3) % 10)  # a second column per token, none for a document's first

    def columns(pos, starts):
        assert np.array_equal(starts, first[pos])
        return word[pos], pair[pos]

    got = grouped_counts(lens, rows, 5, 10, columns, step=step)
    want = np.zeros((5, 10), dtype=np.int64)
    for r, col in zip(np.repeat(rows, lens).tolist() * 2, np.concatenate([word, pair]).tolist()):
        if col >= 0:
            want[r, col] += 1
    assert got.dtype == np.float64 and got.has_sorted_indices and got.indices.dtype == np.int32
    np.testing.assert_array_equal(got.toarray(), want)
    assert got.nnz == np.count_nonzero(want)  # no explicit zeros, no duplicate entries


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=20), st.integers(1, 12))
def test_row_blocks_cover_the_rows_in_order_within_the_step_or_alone(tokens, step):
    from framelens.compare.ngram_counts import row_blocks

    blocks = list(row_blocks(np.array(tokens, dtype=np.int64), step))
    assert [r for lo, hi in blocks for r in range(lo, hi)] == list(range(len(tokens)))
    assert all(hi - lo == 1 or sum(tokens[lo:hi]) <= step for lo, hi in blocks)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=8), st.integers(1, 9))
def test_document_tokens_are_every_position_of_the_documents_in_chunks(docs, step):
    from framelens.compare.ngram_counts import document_tokens

    starts = np.array([s for s, _ in docs], dtype=np.int64)
    lens = np.array([n for _, n in docs], dtype=np.int64)
    chunks = list(document_tokens(starts, lens, step))
    assert all(0 < len(pos) <= step for _, pos, _ in chunks)
    got = [(int(d), int(p), bool(f)) for doc, pos, first in chunks for d, p, f in zip(doc, pos, first)]
    assert got == [(i, s + j, j == 0) for i, (s, n) in enumerate(docs) for j in range(n)]


@pytest.mark.parametrize("step", [1, 2, 5, 1 << 20])
def test_the_counts_do_not_depend_on_the_chunk_size(monkeypatch, step):
    from framelens.compare import ngram_counts, tokens

    rows = np.array([0, 1, 1, 2, 0, 2])
    want = grouped_ngram_counts(TEXTS, rows, 3)
    tokens._last.clear()
    monkeypatch.setattr(ngram_counts, "CHUNK_TOKENS", step)
    got = grouped_ngram_counts(TEXTS, rows, 3)
    assert (got[0] != want[0]).nnz == 0 and got[0].dtype == want[0].dtype
    assert list(got[1]) == list(want[1]) and list(got[2]) == list(want[2])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-2 ** 62, 2 ** 62), max_size=50))
def test_sorted_unique_is_numpys_unique(values):
    from framelens.compare.ngram_counts import sorted_unique

    a = np.array(values, dtype=np.int64)
    got, want = sorted_unique(a), np.unique(a)
    assert got.dtype == want.dtype and np.array_equal(got, want)
