"""Hand-judged precision: the committed sample is well-formed, every judged hit is still produced
(or the drift is reported), and precision per feature stays above what the judgements support."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import shared_path
from framelens.errors import AnalysisError
from framelens.evaluation.precision import (JUDGED_FEATURES, PRECISION_COLUMNS, SAMPLE_COLUMNS,
                                            load_judgements, precision_table, recompute, wilson_interval)

SAMPLE = Path(__file__).parent / "data" / "precision_sample.csv"

#: Honest lower bounds: about the lower end of each feature's 95% Wilson interval on the judged
#: sample (hedge 36/50, attribution 46/50, source 40/44, scare quote 33/50, passive 45/50).
LOWER_BOUNDS = {"hedge": 0.58, "attribution": 0.81, "attribution_source": 0.81, "scare_quote": 0.52,
                "agentless_passive": 0.78}
#: Extractors written with this evaluation: a judged *correct* hit may never silently disappear.
OWN_FEATURES = {"scare_quote", "agentless_passive", "attribution_source"}


@pytest.fixture(scope="module")
def judged():
    return load_judgements(SAMPLE)


@pytest.fixture(scope="module")
def checked(judged):
    return recompute(judged, shared_path())


def test_sample_is_well_formed_and_holds_no_article_text(judged):
    assert list(judged.columns) == SAMPLE_COLUMNS
    assert set(judged["feature"]) == set(JUDGED_FEATURES)
    assert judged.drop_duplicates(["corpus", "doc_id", "sentence"]).shape[0] >= 100
    assert (judged.groupby("feature").size() >= 44).all()
    assert judged["matched"].str.split().str.len().max() <= 8      # a few words, never sentences
    assert (judged["note"].str.len() > 0).all()                     # every judgement has a reason
    assert ((judged["end"] > judged["start"]) & (judged["sent_start"] <= judged["start"])).all()


def test_every_judged_hit_is_still_produced_or_drift_is_reported(checked):
    lost = checked[~checked["produced"]]
    report = lost[["feature", "corpus", "doc_id", "start", "matched", "now_matched", "judgement"]].to_string()
    own_correct_lost = lost[lost["feature"].isin(OWN_FEATURES) & (lost["judgement"] == "correct")]
    assert own_correct_lost.empty, "judged-correct hits no longer produced:\n" + report
    # lexicon features belong to packs that may be edited: allow some drift, but say what moved
    by_feat = lost.groupby("feature").size().reindex(JUDGED_FEATURES, fill_value=0)
    assert (by_feat <= 5).all(), "too much drift, re-judge:\n" + report


def test_spans_still_point_at_the_judged_text(checked):
    ok = checked[checked["produced"] & (checked["feature"] != "attribution_source")]
    assert (ok["now_matched"] == ok["matched"]).all()


def test_precision_per_feature_is_above_honest_lower_bounds(checked):
    table = precision_table(checked)
    assert list(table.columns) == PRECISION_COLUMNS
    assert list(table["feature"]) == JUDGED_FEATURES
    for row in table.itertuples():
        assert row.precision >= LOWER_BOUNDS[row.feature], table.to_string()
        assert row.ci_low <= row.precision <= row.ci_high
        assert (row.note == "") == (row.drift == 0)


def test_precision_table_counts_and_notes():
    df = pd.DataFrame({"feature": ["hedge"] * 3 + ["scare_quote"], "produced": [True, True, False, True],
                       "judgement": ["correct", "incorrect", "correct", "correct"]})
    t = precision_table(df).set_index("feature")
    assert t.loc["hedge", "precision"] == 0.5 and t.loc["hedge", "drift"] == 1
    assert "drift" in t.loc["hedge", "note"]
    assert t.loc["attribution", "note"] == "no judged hits"
    assert t.loc["scare_quote", "precision"] == 1.0


def test_wilson_interval():
    lo, hi = wilson_interval(45, 50)
    assert 0.78 < lo < 0.79 and 0.95 < hi < 0.96
    assert all(x != x for x in wilson_interval(0, 0))  # nan


def test_bad_sample_gets_a_clear_error(tmp_path):
    bad = tmp_path / "s.csv"
    pd.DataFrame([{c: "" for c in SAMPLE_COLUMNS} | {"judgement": "maybe", "feature": "hedge",
                                                       "corpus": "basil"}]).to_csv(bad, index=False)
    with pytest.raises(AnalysisError, match=r"s.csv:2.*judgement"):
        load_judgements(bad)
