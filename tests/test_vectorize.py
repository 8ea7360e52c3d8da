"""FramingVectorizer: a scikit-learn transformer of framing features."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as checks

from framelens.vectorize import FramingVectorizer

HEDGED = ["Officials may have reportedly claimed the town, it is unclear whether it fell.",
          "The attack allegedly happened, apparently, and might spread; some say it could.",
          "Perhaps the ministry possibly erred; it seems unclear."]
PLAIN = ["The ministry said the troops were freed on Tuesday.",
         "He told reporters the deal was signed in Moscow.",
         "The president announced new tariffs on steel."]


def test_counts_rates_and_feature_names():
    v = FramingVectorizer(output="count").fit(HEDGED + PLAIN)
    names = list(v.get_feature_names_out())
    assert "hedge" in names and "attribution:neutral" in names and "naming:karabakh/capital" in names
    X = v.transform(HEDGED + PLAIN)
    assert X.shape == (6, len(names)) and X.dtype == np.int64
    h = names.index("hedge")
    assert X[0, h] == 3 and X[3, h] == 0  # may, reportedly, it is unclear
    r = FramingVectorizer(output="rate").fit(HEDGED).transform(HEDGED[:1])
    words = 13
    assert r[0, h] == pytest.approx(3 / words * 1000)


def test_empty_text_gives_zero_rates_not_nan():
    X = FramingVectorizer().fit(PLAIN).transform(["", None, "   "])
    assert np.all(X == 0) and not np.isnan(X).any()


def test_feature_subset_and_unknown_feature():
    v = FramingVectorizer(features=["hedge", "attribution:neutral"]).fit(PLAIN)
    assert list(v.get_feature_names_out()) == ["hedge", "attribution:neutral"]
    assert v.transform(PLAIN).shape == (3, 2)
    with pytest.raises(ValueError, match="unknown feature"):
        FramingVectorizer(features=["hedges"]).fit(PLAIN)


def test_bad_input_and_bad_parameter():
    with pytest.raises(ValueError, match="iterable of raw texts"):
        FramingVectorizer().fit("one string")
    with pytest.raises(ValueError, match="output"):
        FramingVectorizer(output="rates").fit(PLAIN)


def test_in_a_pipeline_with_logistic_regression():
    texts = HEDGED * 4 + PLAIN * 4
    y = [1] * 12 + [0] * 12
    pipe = Pipeline([("framing", FramingVectorizer(features=["hedge", "attribution:neutral"])),
                     ("clf", LogisticRegression())])
    scores = cross_val_score(pipe, texts, y, cv=3)
    assert scores.mean() == 1.0
    pipe.fit(texts, y)
    assert list(pipe.predict(["It may reportedly have happened, perhaps.", "He said it was signed."])) == [1, 0]
    assert list(pipe[:-1].get_feature_names_out()) == ["hedge", "attribution:neutral"]


def test_clone_params_and_sklearn_checks():
    v = FramingVectorizer(lexicons=["hedges"], output="count")
    c = clone(v)
    assert c.get_params() == {"lexicons": ["hedges"], "output": "count", "features": None, "voice": "narration",
                            "naming": "concept"}
    c.set_params(output="rate")
    assert c.output == "rate" and v.output == "count"
    for check in (checks.check_no_attributes_set_in_init, checks.check_parameters_default_constructible,
                  checks.check_get_params_invariance, checks.check_set_params, checks.check_estimator_cloneable,
                  checks.check_do_not_raise_errors_in_init_or_set_params):
        check("FramingVectorizer", FramingVectorizer())


def test_transform_before_fit_raises_and_pickle_round_trip():
    import pickle

    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        FramingVectorizer().transform(PLAIN)
    v = FramingVectorizer().fit(PLAIN)
    again = pickle.loads(pickle.dumps(v))
    np.testing.assert_array_equal(again.transform(HEDGED), v.transform(HEDGED))


def test_variant_columns_say_which_name_was_chosen_and_add_up_to_the_concept():
    """FramingVectorizer counted concepts only, so "illegal" and "undocumented" landed in one column."""
    import numpy as np
    from sklearn.base import clone

    import framelens as fl

    texts = ["Illegal immigrants and undocumented immigrants crossed; illegal aliens too.",
             "Undocumented immigrants waited."]
    by_concept = fl.FramingVectorizer(output="count", lexicons=["immigration"])
    by_variant = clone(fl.FramingVectorizer(output="count", lexicons=["immigration"], naming="variant"))
    C = by_concept.fit_transform(texts)
    V = by_variant.fit_transform(texts)
    cnames, vnames = list(by_concept.get_feature_names_out()), list(by_variant.get_feature_names_out())
    concept = "naming:immigration/immigrants"
    cols = [j for j, n in enumerate(vnames) if n.startswith(concept + "=")]
    assert len(cols) >= 3 and concept not in vnames
    assert np.array_equal(V[:, cols].sum(axis=1), C[:, cnames.index(concept)])
    assert V[0, vnames.index(concept + "=undocumented immigrant")] == 1
    assert V[1, vnames.index(concept + "=undocumented immigrant")] == 1
    with pytest.raises(ValueError, match="naming="):
        fl.FramingVectorizer(naming="name").fit(texts)
