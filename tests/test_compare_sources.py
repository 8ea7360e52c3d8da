"""Who is attributed: source keys, per-outlet source shares with intervals, and their chart."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import framelens as fl
from framelens import plots
from framelens.compare import compare_all, source_key, source_shares
from framelens.compare.sources import attribution_sources
from framelens.features import document_features


@pytest.mark.parametrize("raw, key, kind", [
    ("President Barack Obama", "barack obama", "named"),
    ("Mr. Obama", "obama", "named"),
    ("Deputy Minister Tural Hasanli", "tural hasanli", "named"),
    ("Pentagon spokesman John Kirby", "pentagon spokesman john kirby", "named"),
    ("Obama’s", "obama", "named"),
    ("the president", "president", "named"),
    ("Secretary of State John Kerry", "john kerry", "named"),
    ("Secretary of State", "secretary of state", "named"),
    ("President of Russia", "president of russia", "named"),
    ("Justice Department", "justice department", "named"),
    ("the White House", "white house", "named"),
    ("General Motors", "general motors", "named"),
    ("She", "(pronoun)", "pronoun"),
    ("", "(no source)", "none"),
])
def test_source_key_folds_titles_and_determiners_but_not_organisations(raw, key, kind):
    assert source_key(raw) == (key, kind)


def _corpus():
    texts = {
        ("a1", "A"): "President Obama said the talks failed. Mr. Obama said more. He said it again.",
        ("a2", "A"): "Obama said the deal is done. It was reported that troops left.",
        ("a3", "A"): "The ministry said the border is calm. Officials claimed victory.",
        ("b1", "B"): "He said the talks failed. She claimed the deal is done.",
        ("b2", "B"): "It was reported that troops left. Critics said the plan is bad.",
        ("b3", "B"): "They said nothing. The ministry said the border is calm.",
    }
    docs = pd.DataFrame([{"doc_id": d, "outlet": o, "text": t} for (d, o), t in texts.items()])
    hits = fl.extract(docs, lexicons=["attribution"])
    return docs, hits, document_features(docs, hits)


def test_shares_count_every_attribution_once_and_add_up_to_one():
    docs, hits, feats = _corpus()
    table = source_shares(hits, feats, n_boot=200, top=3)
    assert list(table.columns) == ["outlet", "source", "label", "kind", "count", "resolved", "attributions",
                                   "share", "ci_low", "ci_high", "note", "scheme", "n_outlets", "small_n"]
    assert (table["resolved"] == 0).all()
    n_attr = hits[hits["family"] == "attribution"].groupby("doc_id").size()
    for outlet, g in table.groupby("outlet"):
        assert g["share"].sum() == pytest.approx(1.0)
        assert g["count"].sum() == g["attributions"].iloc[0]
        assert g["attributions"].iloc[0] == n_attr[feats.loc[feats["outlet"] == outlet, "doc_id"]].sum()
    a = table[table["outlet"] == "A"].set_index("source")
    # President Obama, Mr. Obama and Obama are one source; "He" is a pronoun; "It was reported" has none
    assert a.loc["obama", "count"] == 3 and a.loc["obama", "label"] in {"Obama", "President Obama", "Mr. Obama"}
    assert a.loc["(pronoun)", "count"] == 1 and a.loc["(pronoun)", "kind"] == "pronoun"
    assert a.loc["(no source)", "count"] == 1 and a.loc["(no source)", "kind"] == "none"
    ok = table.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["share"] + 1e-12) & (ok["share"] <= ok["ci_high"] + 1e-12)).all()


def test_he_and_she_resolve_to_the_last_quoted_person_only_when_asked():
    docs = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": [
        "Mr. Smith said the plan failed. The ministry said it disagreed. He added more. He said it again. "
        "Officials said nothing. Ms. Jones said the talks went well. He said no. She said yes. "
        "The weather was calm. The sun was out. The sea was flat. She said it was over."]})
    hits = fl.extract(docs, lexicons=["attribution"])
    plain = attribution_sources(hits)
    assert (plain["pronoun"] == "").all() and list(plain["source"]).count("(pronoun)") == 5
    res = attribution_sources(hits, resolve_pronouns=True)
    got = list(zip(res["label"], res["source"], res["pronoun"]))
    # "He" after the ministry (not a person): Smith; a "He" three sentences after Smith: unresolved;
    # "He" after Ms. Jones: not her; "She": Jones; a "She" three sentences after her: unresolved
    assert got == [("Mr. Smith", "smith", ""), ("The ministry", "ministry", ""), ("He", "smith", "he"),
                   ("He", "(pronoun)", ""), ("Officials", "officials", ""), ("Ms. Jones", "jones", ""),
                   ("He", "(pronoun)", ""), ("She", "jones", "she"), ("She", "(pronoun)", "")]
    table = source_shares(hits, document_features(docs, hits), resolve_pronouns=True, n_boot=0).set_index("source")
    assert table.loc["smith", "count"] == 2 and table.loc["smith", "resolved"] == 1
    assert table.loc["smith", "label"] == "Mr. Smith"     # the label comes from the name, never "He"


def test_sources_flag_small_counts_and_resample_outlets_in_a_group_of_outlets():
    docs, hits, feats = _corpus()
    table = source_shares(hits, feats, n_boot=200)
    assert (table["small_n"] == (table["attributions"] < 10)).all() and table["small_n"].all()
    assert set(table["scheme"]) == {"documents"}
    ok = table.dropna(subset=["ci_low"])
    assert len(ok) and (ok["ci_high"] > ok["ci_low"]).all()  # small counts: never a zero-width interval
    pooled = source_shares(hits, feats.assign(leaning="all"), by="leaning", n_boot=200)
    assert set(pooled["scheme"]) == {"outlets"} and (pooled["n_outlets"] == 2).all()
    assert pooled.dropna(subset=["ci_low"])["note"].str.contains("only 2 outlets").all()
    named = pooled[pooled["source"] == "obama"].iloc[0]
    # only outlet A attributes to Obama; a quarter of the outlet replicates draw B twice: share 0
    assert named["share"] > 0 and named["ci_low"] == 0.0


def test_rare_named_sources_are_pooled_beyond_top():
    docs, hits, feats = _corpus()
    table = source_shares(hits, feats, n_boot=0, top=1)
    named = table[table["kind"] == "named"]
    assert set(named["source"]) == {"obama"}      # the most attributed source of the corpus
    other = table[table["source"] == "(other named source)"].set_index("outlet")
    assert other.loc["B", "count"] >= 2 and other.loc["B", "kind"] == "other"
    assert table["note"].str.contains("n_boot=0").any()


def test_no_attribution_gives_an_empty_table_and_a_chart_that_says_so():
    docs = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"], "text": ["Rain fell.", "The sun shone."]})
    hits = fl.extract(docs, lexicons=["attribution"])
    table = source_shares(hits, document_features(docs, hits))
    assert table.empty and "outlet" in table.columns
    ax = plots.plot_source_shares(table)
    assert "attributed" in ax.get_title(loc="left").lower()
    assert any("No attribution" in t.get_text() for t in ax.texts)


def test_chart_draws_one_row_per_outlet_with_its_interval():
    docs, hits, feats = _corpus()
    table = source_shares(hits, feats, n_boot=200)
    ax = plots.plot_source_shares(table, source="(no source)")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert "no source" in ax.get_title(loc="left")
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    shares = table[table["source"] == "(no source)"].set_index("outlet")["share"]
    assert [d.get_xdata()[0] for d in dots] == pytest.approx(list(shares.loc[["A", "B"]]))
    assert np.isfinite(shares).all()


def test_compare_all_returns_the_sources_table():
    docs, hits, feats = _corpus()
    results = compare_all(docs, hits, feats, n_boot=50, log_odds=False, predictability=False, over_time=False)
    assert "sources" in results and not results["sources"].empty
    assert set(results["sources"]["outlet"]) == {"A", "B"}
