"""framelens.compare.tokens: one tokenisation per corpus, shared by the log-odds, report and explorer."""
import numpy as np
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

import pandas as pd

from framelens.compare.tokens import TextSequence, texts_digest, token_ids, tokens_of_rows
from framelens.explore.terms import _corpus_tokens, _tokens


def test_the_same_texts_are_tokenised_once_and_shared_read_only():
    texts = ["The cat sat.", "A cat's hat", ""]
    first = token_ids(texts)
    again = token_ids(list(texts))  # another list, the same texts
    assert all(a is b for a, b in zip(first, again))
    ids, lens, words = first
    assert lens.tolist() == [3, 3, 0]
    assert [words[i] for i in ids] == ["the", "cat", "sat", "a", "cat's", "hat"]
    with pytest.raises(ValueError):
        ids[0] = 1


def test_other_texts_are_tokenised_again():
    a = token_ids(["one two"])
    b = token_ids(["one three"])
    assert list(b[2]) == ["one", "three"] and a[0] is not b[0]


def test_the_digest_tells_texts_apart_by_content_and_boundaries():
    assert texts_digest(["ab", "c"]) != texts_digest(["a", "bc"])
    assert texts_digest(["ab", "c"]) == texts_digest(("ab", "c"))


@pytest.mark.parametrize("texts", [["It’s the U.S. plan", "the plan"], ["İstanbul said it", "said it"]])
def test_the_explorer_tokens_are_its_own_whichever_way_they_are_made(texts):
    """Shared ids where folding keeps the text's length; the explorer's own tokens otherwise (a text
    with 'İ', whose lower case is longer): either way the tokens of ``_tokens``."""
    ids, lens, words = _corpus_tokens(texts)
    flat = [t for text in texts for t in _tokens(text)]
    assert [words[i] for i in ids] == flat
    assert lens.tolist() == [len(_tokens(t)) for t in texts]
    assert np.all(np.diff(np.unique(ids, return_index=True)[1]) > 0)  # ids in order of first appearance


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["the", "plan", "U.S.", "it’s", "cat", "İ", "ﬁne", "x"]),
                                   max_size=8), st.booleans()), min_size=1, max_size=10))
def test_the_tokens_of_some_rows_are_those_of_the_rows_alone(docs):
    texts = [" ".join(words) for words, _ in docs]
    rows = np.array([keep for _, keep in docs], dtype=bool)
    whole = [t for t in token_ids(texts)]  # tokenised (and kept) first, as the comparison does
    part = tokens_of_rows(texts, rows)
    assert token_ids(texts)[0] is whole[0]  # the whole corpus's tokens are still the ones kept
    alone = token_ids([t for t, keep in zip(texts, rows) if keep])
    for got, want in zip(part, alone):
        assert got.dtype == want.dtype and got.tolist() == want.tolist() and not got.flags.writeable
    # and so the explorer's tokens of those rows, cut from the corpus's where folding keeps lengths
    sub = [t for t, keep in zip(texts, rows) if keep]
    for got, want in zip(_corpus_tokens(sub, texts, rows), _corpus_tokens(sub)):
        assert got.tolist() == want.tolist()


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", pd.StringDtype("pyarrow", na_value=float("nan"))])
def test_a_text_column_read_as_it_goes_is_the_list_of_its_texts(dtype):
    column = pd.Series(["The cat sat.", None, "A cat’s hat", "", "x y"] * 3, dtype=dtype, index=range(100, 115))
    as_list = column.fillna("").astype(str).tolist()
    seq = TextSequence(column, block=4)
    assert len(seq) == 15 and list(seq) == as_list and list(seq) == as_list  # read twice, the same
    assert [seq[i] for i in range(-15, 15)] == as_list + as_list and seq[2:7] == as_list[2:7]
    with pytest.raises(IndexError):
        seq[15]
    assert texts_digest(seq) == texts_digest(as_list)
    first = token_ids(seq)
    assert all(a is b for a, b in zip(first, token_ids(as_list)))  # the same cache entry either way
