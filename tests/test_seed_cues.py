"""The seed article (Press TV, Karabakh, 2020): every cue its SOURCE.md lists is found, and the
naming hits are exactly the expected ones (no false naming hit). The article text is read from
../shared/data; only the expected cue words are written here."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import shared_path

import framelens as fl

SEED = ("seed-presstv-karabakh", "000_4a6d31d5d92b9fe9.txt")

# (matched text, feature, variant), in order of appearance in the raw article
EXPECTED_NAMING = [
    ("Kalbajar", "naming:karabakh/kalbajar", "Kalbajar"),
    ("Nagorno-Karabakh", "naming:karabakh/region", "Nagorno-Karabakh"),
    ("Nagorno-Karabakh", "naming:karabakh/region", "Nagorno-Karabakh"),
    ("self-proclaimed", "naming:karabakh/republic_status", "self-proclaimed"),
    ("Karabakh", "naming:karabakh/region", "Karabakh"),
    ("Russia-brokered", "naming:karabakh/broker", "Russia-brokered"),
    ("Azeri", "naming:karabakh/azeri", "Azeri"),
    ("Azeri", "naming:karabakh/azeri", "Azeri"),
    ("Karabakh", "naming:karabakh/region", "Karabakh"),
    ("occupied", "naming:karabakh/territory_status", "occupied"),
    ("ethnic Armenian separatists", "naming:karabakh/forces", "separatists"),
    ("Karabakh", "naming:karabakh/region", "Karabakh"),
    ("Moscow-brokered", "naming:karabakh/broker", "Moscow-brokered"),
    ("Karabakh", "naming:karabakh/region", "Karabakh"),
    ("Azerbaijani", "naming:karabakh/azeri", "Azerbaijani"),
    ("Karabakh", "naming:karabakh/region", "Karabakh"),
    ("Khankendi", "naming:karabakh/capital", "Khankendi"),
    ("Stepanakert", "naming:karabakh/capital", "Stepanakert"),
    ("Lachin", "naming:karabakh/lachin", "Lachin"),
    ("Khankendi", "naming:karabakh/capital", "Khankendi"),
]


@pytest.fixture(scope="module")
def seed_text():
    return shared_path(*SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hits(seed_text):
    return fl.extract(pd.DataFrame({"doc_id": ["seed"], "text": [seed_text]}))


def test_naming_hits_are_exactly_the_expected_ones(hits):
    naming = hits[hits["family"] == "naming"]
    assert list(zip(naming["text"], naming["feature"], naming["variant"])) == EXPECTED_NAMING


def test_naming_cues_of_source_md_in_context(hits, seed_text):
    naming = hits[hits["family"] == "naming"]

    def sentence(row):
        return seed_text[row.sent_start:row.sent_end]

    rows = {r.text: r for r in naming.itertuples()}
    assert "self-proclaimed republic" in sentence(rows["self-proclaimed"])
    assert "renamed Stepanakert" in sentence(rows["Stepanakert"])
    assert "occupied by ethnic Armenian separatists" in sentence(rows["occupied"])
    cats = dict(zip(naming["variant"], naming["category"]))
    assert cats["Khankendi"] == "azerbaijani_usage" and cats["Stepanakert"] == "armenian_usage"
    assert cats["Azeri"] == "informal_usage" and cats["Azerbaijani"] == "formal_usage"


def test_attribution_cues(hits):
    att = hits[hits["family"] == "attribution"]
    found = list(zip(att["text"], att["category"]))
    for cue in [("accused", "accusing"), ("made the accusation", "accusing"), ("said", "neutral"),
                ("announced", "neutral"), ("called", "neutral")]:
        assert cue in found, cue
    cited = att[att["text"].str.startswith("cited")]
    assert cited["text"].tolist() == ["cited Armenia’s Defense Ministry as saying"]
    assert cited["source_entity"].tolist() == ["Armenia’s Defense Ministry"]
    # "has called" is the one that labels "total collapse"
    called = att[att["text"] == "called"]
    assert len(called) == 1


def test_attributed_sources_when_the_source_finder_is_installed(hits):
    pytest.importorskip("framelens.features.sources")
    att = hits[hits["family"] == "attribution"]
    pairs = set(zip(att["text"], att["source_entity"]))
    assert ("made the accusation", "Arayik Harutyunyan") in pairs
    assert ("said", "Harutyunyan") in pairs
    assert ("said", "Pashinyan") in pairs


def test_hedges_did_not_make_it_clear_and_the_approximators_of_its_figures(hits):
    """The phrase of not knowing, and (since round 7) the two approximators of figures, "some 30,000
    people" and "nearly 2,000 Russian peacekeepers", in the approximator category."""
    hedges = hits[hits["family"] == "hedge"]
    assert hedges["text"].tolist() == ["did not make it clear", "some", "nearly"]
    assert hedges["category"].tolist() == ["phrase", "approximator", "approximator"]


def test_scare_quotes_when_the_quotes_module_is_installed(hits):
    pytest.importorskip("framelens.features.quotes")
    sq = hits[hits["family"] == "scare_quote"]
    assert sq["term"].tolist() == ["all for all", "total collapse"]


def test_cleaned_seed_corpus_gives_no_naming_hit_outside_the_expected_set():
    corpus = fl.load_corpus(shared_path("seed-presstv-karabakh"))
    hits = fl.extract(corpus)
    naming = hits[hits["family"] == "naming"]
    expected = {(t, f, v) for t, f, v in EXPECTED_NAMING}
    got = list(zip(naming["text"], naming["feature"], naming["variant"]))
    assert set(got) <= expected
    # the cleaner may drop photo captions, but the article body keeps every naming cue of SOURCE.md
    assert {"Khankendi", "Stepanakert", "Karabakh", "Nagorno-Karabakh", "Azeri", "Azerbaijani", "self-proclaimed",
            "occupied", "ethnic Armenian separatists", "Russia-brokered", "Moscow-brokered"} <= {t for t, _, _ in got}
