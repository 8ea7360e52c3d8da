"""Keyword in context, in the API and the CLI."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import framelens as fl
from framelens.errors import AnalysisError
from framelens.kwic import KWIC_COLUMNS

DOCS = pd.DataFrame({
    "doc_id": ["d1", "d2"],
    "outlet": ["Press A", "Press B"],
    "text": ["Armenia says Stepanakert was shelled. Azerbaijan calls the city Khankendi.",
             "In Karabakh, officials claimed the town was theirs.\nThe Azeri army said Khankendi fell."],
})


def test_kwic_for_a_feature():
    k = fl.kwic(DOCS, feature="naming:karabakh/capital", width=20)
    assert list(k.columns) == KWIC_COLUMNS
    assert k["match"].tolist() == ["Stepanakert", "Khankendi", "Khankendi"]
    assert k["outlet"].tolist() == ["Press A", "Press A", "Press B"]
    assert k["sentence"].tolist() == [0, 1, 1]
    first = k.iloc[0]
    assert first["left"] == "Armenia says " and first["right"].startswith(" was shelled.")
    assert len(k.iloc[1]["left"]) == 20


def test_kwic_feature_prefix_family_and_term_filter():
    hits = fl.extract(DOCS)
    assert set(fl.kwic(DOCS, hits, feature="naming:karabakh")["feature"]) >= {"naming:karabakh/capital",
                                                                            "naming:karabakh/region"}
    att = fl.kwic(DOCS, hits, feature="attribution")
    assert set(att["match"]) >= {"says", "claimed", "said"}
    assert fl.kwic(DOCS, hits, feature="attribution", term="^claim")["match"].tolist() == ["claimed"]


def test_kwic_for_any_term_with_newlines_flattened():
    k = fl.kwic(DOCS, term=r"army|theirs", width=15)
    assert k["match"].tolist() == ["theirs", "army"]
    assert k["feature"].tolist() == ["", ""] and k["sentence"].tolist() == [0, 1]
    assert "\n" not in k.iloc[1]["left"]
    assert len(fl.kwic(DOCS, term="azeri", case_sensitive=True)) == 0


def test_kwic_for_a_source_of_the_sources_table():
    docs = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"], "text": [
        "President Obama said the deal holds. It was reported that talks ended.",
        "Mr. Obama told reporters it was over. He said more."]})
    hits = fl.extract(docs)
    assert fl.kwic(docs, hits, source="obama")["match"].tolist() == ["said", "told"]
    assert fl.kwic(docs, hits, source="(pronoun)")["doc_id"].tolist() == ["2"]
    unattributed = fl.kwic(docs, hits, source="(no source)")
    assert unattributed["match"].tolist() == ["reported"] and (unattributed["feature"] == "attribution:neutral").all()
    assert fl.kwic(docs, hits, source="nobody").empty


def test_kwic_errors():
    with pytest.raises(AnalysisError):
        fl.kwic(DOCS)
    with pytest.raises(AnalysisError, match="bad regular expression"):
        fl.kwic(DOCS, term="(unclosed")


def test_cli_kwic(tmp_path):
    from framelens.cli import main

    f = tmp_path / "c.jsonl"
    DOCS.to_json(f, orient="records", lines=True, force_ascii=False)
    res = CliRunner().invoke(main, ["kwic", str(f), "--feature", "naming:karabakh/capital", "--width", "20"])
    assert res.exit_code == 0, res.output
    assert "3 lines for feature naming:karabakh/capital" in res.output
    assert "Press B | d2 | s1 |" in res.output and "[Khankendi]" in res.output
    res = CliRunner().invoke(main, ["kwic", str(f)])
    assert res.exit_code == 2 and "give --feature, --term or --source" in res.output
    res = CliRunner().invoke(main, ["kwic", str(f), "--source", "armenia"])
    assert res.exit_code == 0, res.output
    assert "1 lines for source 'armenia'" in res.output and "[says]" in res.output


def test_a_term_that_could_backtrack_for_ever_is_refused(demo_corpus):
    with pytest.raises(AnalysisError, match="exponential time"):
        fl.kwic(demo_corpus, term=r"(\w+\s?)+$")
