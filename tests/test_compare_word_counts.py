"""The words representation of the outlet classifier: counts made once, vocabulary and IDF per fold."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import make_pipeline

from framelens.compare import outlet_predictability
from framelens.compare.word_counts import VocabularyLimit, document_term_counts
from framelens.text import WORD_RE

TEXTS = [
    "The senator said the bill would pass. The bill is popular.",
    "Critics said the bill was rushed; the senator disagreed.",
    "Lawmakers debated the bill for hours, and the vote was close.",
    "The vote on the bill comes Tuesday, the senator's office said.",
    "Rushed or not, the bill's critics want another vote.",
    "Only here: zygote quixotic xylophone, and the bill.",
]


def _tfidf_of(train, test, **kwargs):
    vec = TfidfVectorizer(token_pattern=WORD_RE.pattern, lowercase=True, sublinear_tf=True, **kwargs)
    return vec.fit_transform(train), vec.transform(test), vec.get_feature_names_out()


@pytest.mark.parametrize("max_features", [None, 3])
def test_counts_made_once_give_the_tfidf_of_a_vectorizer_fitted_on_the_training_rows(max_features):
    counts, terms = document_term_counts(TEXTS)
    train, test = np.array([0, 1, 2, 3]), np.array([4, 5])
    pipe = make_pipeline(VocabularyLimit(min_df=2, max_features=max_features, feature_names=terms),
                         TfidfTransformer(sublinear_tf=True))
    got_train = pipe.fit_transform(counts[train])
    got_test = pipe.transform(counts[test])
    want_train, want_test, want_terms = _tfidf_of([TEXTS[i] for i in train], [TEXTS[i] for i in test], min_df=2,
                                                  max_features=max_features)
    assert list(pipe[0].get_feature_names_out()) == list(want_terms)
    np.testing.assert_allclose(got_train.toarray(), want_train.toarray(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_test.toarray(), want_test.toarray(), rtol=1e-12, atol=1e-12)


def test_the_vocabulary_comes_from_the_fitted_rows_only():
    counts, terms = document_term_counts(TEXTS)
    assert "zygote" in set(terms)  # counted once for every document...
    limit = VocabularyLimit(min_df=1, feature_names=terms).fit(counts[:5])
    kept = set(limit.get_feature_names_out())
    assert "zygote" not in kept and "bill" in kept  # ...but a term of the held-out text never becomes a feature
    assert limit.transform(counts[5:]).shape == (1, len(kept))


def test_max_features_keeps_the_most_frequent_terms_ties_by_column():
    counts, terms = document_term_counts(["a a a b b c d", "a b c d e"])
    limit = VocabularyLimit(min_df=1, max_features=3, feature_names=terms).fit(counts)
    # a: 4, b: 3, then c and d tie at 2: the earlier column (c) is kept; columns stay in input order
    assert list(limit.get_feature_names_out()) == ["a", "b", "c"]
    with pytest.raises(ValueError, match="no terms remain"):
        VocabularyLimit(min_df=3).fit(counts)


def test_texts_without_any_word_are_noted_not_modelled():
    counts, terms = document_term_counts(["", "...", "--"])
    assert counts.shape == (3, 0) and len(terms) == 0
    rng = np.random.default_rng(0)
    outlets = np.repeat(["a", "b"], 10)
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(20)], "outlet": outlets, "event_id": "",
                       "words": 100, "hedge": rng.poisson(2, 20)})
    docs = pd.DataFrame({"doc_id": df["doc_id"], "outlet": outlets, "text": "..."})
    pred, _ = outlet_predictability(df, None, docs, representations=("framing", "words"))
    words = pred.set_index("representation").loc["words"]
    assert np.isnan(words["macro_f1"]) and "no document text has a word" in words["note"]
    assert np.isfinite(pred.set_index("representation").loc["framing", "macro_f1"])
