"""compare_all: every table with the CONTRACTS columns, reproducible, and bad input explained, never a crash."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framelens.compare import TABLES, compare_all
from framelens.outputs import write_table

#: columns every interval table adds after ``note``: how it resampled and whether n is too small
INTERVAL_COLUMNS = ["scheme", "n_outlets", "small_n"]
CONTRACT = {
    "rates": ["outlet", "feature", "docs", "words", "count", "rate_per_1000", "ci_low", "ci_high", "n_boot", "note"]
    + INTERVAL_COLUMNS + ["voice"],
    "shares": ["outlet", "concept", "variant", "count", "concept_total", "share", "ci_low", "ci_high", "note"]
    + INTERVAL_COLUMNS + ["voice"],
    "sources": ["outlet", "source", "label", "kind", "count", "resolved", "attributions", "share", "ci_low",
                "ci_high", "note"] + INTERVAL_COLUMNS,
    "tests": ["analysis", "concept_or_feature", "test", "statistic", "dof", "p_value", "p_adjusted", "n", "note"],
    "log_odds": ["group", "comparison", "term", "ngram", "count_group", "count_other", "delta", "variance", "z",
                 "freq"],
    "within_event": ["feature", "outlet_a", "outlet_b", "pooled_diff", "within_diff", "within_ci_low",
                     "within_ci_high", "n_events", "statistic", "p_value", "p_adjusted", "note"],
    "similarity": ["outlet_a", "outlet_b", "metric", "value"],
    "predictability": ["representation", "macro_f1", "macro_f1_sd", "baseline_macro_f1", "cv", "n_docs",
                       "n_outlets", "note"],
    "coefficients": ["representation", "outlet", "feature", "coefficient", "rank"],
    # CONTRACTS' over_time columns plus ``note`` (why an interval is missing)
    "over_time": ["outlet", "month", "feature", "docs", "words", "count", "rate_per_1000", "ci_low", "ci_high",
                  "note"] + INTERVAL_COLUMNS,
}
# estimate columns that may only be missing with a note saying why
ESTIMATES = {"rates": ["rate_per_1000", "ci_low", "ci_high"], "shares": ["share", "ci_low", "ci_high"],
             "tests": ["statistic", "p_value", "p_adjusted"],
             "within_event": ["pooled_diff", "within_diff", "within_ci_low", "within_ci_high", "statistic", "p_value",
                              "p_adjusted"],
             "predictability": ["macro_f1", "baseline_macro_f1"], "over_time": ["rate_per_1000", "ci_low", "ci_high"]}


def make_corpus(n_events=12, outlets=("fox", "nyt", "hpo"), seed=0):
    rng = np.random.default_rng(seed)
    p_x = {"fox": 0.8, "nyt": 0.4, "hpo": 0.2}
    docs, feats, hits = [], [], []
    for e in range(n_events):
        for o in outlets:
            doc = f"{e:02d}-{o}"
            variants = ["illegal immigrant" if rng.random() < p_x.get(o, 0.5) else "undocumented immigrant"
                        for _ in range(int(rng.poisson(2)))]
            text = f"Story {e} about the border. " * 20 + " ".join(f"The {v}s arrived." for v in variants)
            words = len(text.split())
            docs.append({"doc_id": doc, "outlet": o, "text": text, "event_id": f"e{e}"})
            feats.append({"doc_id": doc, "outlet": o, "words": words, "sentences": 20 + len(variants),
                          "published": pd.Timestamp("2020-01-01") + pd.Timedelta(days=int(rng.integers(0, 60))),
                          "event_id": f"e{e}", "leaning": "", "hedge": int(rng.poisson(words / 300)),
                          "naming:imm/people": len(variants), "naming:imm/unused": 0})
            hits += [{"doc_id": doc, "family": "naming", "feature": "naming:imm/people", "concept": "imm/people",
                      "variant": v} for v in variants]
    return pd.DataFrame(docs), pd.DataFrame(hits), pd.DataFrame(feats)


def _explained(results):
    for name, cols in ESTIMATES.items():
        table = results[name]
        if table.empty:
            continue
        missing = table[cols].isna().any(axis=1)
        bad = table[missing & (table["note"] == "")]
        # dof and a sign test's t are documented as not applicable; everything else needs a note
        assert bad.empty, f"{name}: unexplained NaN in\n{bad.head()}"


@pytest.fixture(scope="module")
def synthetic():
    return make_corpus()


@pytest.fixture(scope="module")
def results(synthetic):
    docs, hits, feats = synthetic
    return compare_all(docs, hits, feats, n_boot=200, n_perm=199)


def test_every_table_with_contract_columns(results):
    assert list(results) == list(TABLES)
    for name, cols in CONTRACT.items():
        assert list(results[name].columns) == cols, name
    assert set(results["clustering"].columns) == {"merge", "left", "right", "distance", "size"}
    assert list(results["leaf_order"]["outlet"]) and set(results["leaf_order"]["outlet"]) == {"fox", "nyt", "hpo"}
    for name in ("rates", "shares", "tests", "log_odds", "within_event", "similarity", "predictability",
                 "over_time"):
        assert len(results[name]) > 0, name
    _explained(results)


def test_results_are_byte_identical_on_rerun(synthetic, results, tmp_path):
    docs, hits, feats = synthetic
    again = compare_all(docs.sample(frac=1, random_state=3), hits.sample(frac=1, random_state=4),
                        feats.sample(frac=1, random_state=5), n_boot=200, n_perm=199)
    for name in TABLES:
        a = write_table(results[name], tmp_path / "a", name, parquet=False)[0].read_bytes()
        b = write_table(again[name], tmp_path / "b", name, parquet=False)[0].read_bytes()
        assert a == b, name


def test_naming_shares_recovered(results):
    x = results["shares"][results["shares"].variant == "illegal immigrant"].set_index("outlet")
    assert x.loc["fox", "share"] > x.loc["hpo", "share"]
    test = results["tests"][results["tests"].concept_or_feature == "imm/people"].iloc[0]
    assert test["p_value"] < 0.05


@pytest.mark.parametrize("case", ["one_outlet", "one_doc_per_outlet", "zero_words_outlet", "no_hits",
                                  "no_events_no_dates"])
def test_bad_input_never_crashes_and_explains_missing_values(case):
    docs, hits, feats = make_corpus(n_events=6)
    if case == "one_outlet":
        keep = feats.outlet == "fox"
    elif case == "one_doc_per_outlet":
        keep = feats.event_id == "e0"
    else:
        keep = feats.outlet.notna()
    feats, docs = feats[keep], docs[keep.to_numpy()]
    hits = hits[hits.doc_id.isin(feats.doc_id)]
    if case == "zero_words_outlet":
        extra = {"doc_id": "silent", "outlet": "silent", "words": 0, "sentences": 0, "published": pd.NaT,
                 "event_id": "e0", "leaning": "", "hedge": 0, "naming:imm/people": 0, "naming:imm/unused": 0}
        feats = pd.concat([feats, pd.DataFrame([extra])], ignore_index=True)
        docs = pd.concat([docs, pd.DataFrame([{"doc_id": "silent", "outlet": "silent", "text": "",
                                               "event_id": "e0"}])], ignore_index=True)
    if case == "no_hits":
        hits = hits.iloc[:0]
    if case == "no_events_no_dates":
        feats = feats.assign(event_id="", published=pd.NaT)
    results = compare_all(docs, hits, feats, n_boot=50, n_perm=99)
    assert list(results) == list(TABLES)
    _explained(results)
    if case == "one_outlet":
        assert "fewer than two outlets" in results["predictability"]["note"].iloc[0]
        assert results["within_event"].empty and results["log_odds"].empty
    if case == "one_doc_per_outlet":
        assert (results["rates"]["note"] == "one document: no interval").all()
    if case == "zero_words_outlet":
        silent = results["rates"][results["rates"].outlet == "silent"]
        assert silent["note"].str.contains("no words").all()
    if case == "no_hits":
        assert results["shares"]["note"].str.startswith("no mention").all()
    if case == "no_events_no_dates":
        assert results["within_event"].empty and results["over_time"].empty
        assert results["predictability"]["cv"].iloc[0].startswith("StratifiedKFold")


def test_group_by_leaning(synthetic):
    docs, hits, feats = synthetic
    feats = feats.assign(leaning=feats.outlet.map({"fox": "right", "nyt": "center", "hpo": "left"}))
    docs = docs.assign(leaning=docs.outlet.map({"fox": "right", "nyt": "center", "hpo": "left"}))
    results = compare_all(docs, hits, feats, by="leaning", n_boot=50, n_perm=99, predictability=False,
                          over_time=False)
    assert results["rates"].columns[0] == "leaning" and set(results["rates"].leaning) == {"left", "center", "right"}
    assert results["shares"].columns[0] == "leaning"
    assert set(results["log_odds"].group) == {"left", "center", "right"}
    assert results["predictability"].empty and results["over_time"].empty
    # one outlet per leaning: each group keeps the outlet-level bootstrap (one document per event: documents)
    assert set(results["rates"]["scheme"]) == set(results["shares"]["scheme"]) == {"documents"}
    assert (results["rates"]["n_outlets"] == 1).all()


def test_group_of_several_outlets_reaches_the_outlet_bootstrap(synthetic):
    docs, hits, feats = synthetic
    leaning = {"fox": "right", "nyt": "left", "hpo": "left"}
    feats, docs = feats.assign(leaning=feats.outlet.map(leaning)), docs.assign(leaning=docs.outlet.map(leaning))
    results = compare_all(docs, hits, feats, by="leaning", n_boot=50, n_perm=99, log_odds=False,
                          predictability=False)
    for name in ("rates", "shares", "over_time"):
        table = results[name].set_index("leaning")
        assert set(table.loc["left", "scheme"]) == {"outlets"}, name
        assert set(table.loc["right", "scheme"]) <= {"events", "documents"}, name
        assert (table.loc["left", "n_outlets"] == 2).all() and (table.loc["right", "n_outlets"] == 1).all()
    left = results["rates"].set_index("leaning").loc["left"]
    assert left["note"].str.contains("only 2 outlets").all()
    _explained(results)


def test_compare_all_shows_a_step_per_stage_when_asked(capsys):
    """Nothing showed progress during the 25 minutes after extraction on 34,690 articles."""
    import framelens as fl
    from framelens.compare.suite import STAGES
    from framelens.features import document_features

    corpus = fl.load_corpus("demo")
    hits = fl.extract(corpus)
    compare_all(corpus, hits, document_features(corpus, hits), n_boot=10, n_perm=10, progress=True)
    err = capsys.readouterr().err
    assert f"{len(STAGES)}/{len(STAGES)}" in err and "over time" in err
    compare_all(corpus, hits, document_features(corpus, hits), n_boot=10, n_perm=10, log_odds=False,
                predictability=False)
    assert "compare" not in capsys.readouterr().err  # silent by default (a library call)
