"""The shared-corpus adapters, through ``framelens.load_corpus(path)`` with format detection.

Every count asserted here is the one the corpus's SOURCE.md gives (../shared/data/*/SOURCE.md),
after outlet-alias normalisation where SOURCE.md counts outlets. Where the staged files and SOURCE.md
disagree, the test asserts what the files hold and says why in a comment (SOURCE.md counted some
outlets before the held-out articles were removed). Loads use ``clean=False``: counts are the
loader's, whatever the cleaner does.
"""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import framelens as fl
from conftest import shared_path
from framelens.corpus import build_corpus
from framelens.corpus.adapters import ADAPTERS
from framelens.corpus.load import detect_format
from framelens.errors import CorpusError

pytestmark = pytest.mark.shared_data

SHARED_ADAPTERS = ["seed", "basil", "newswcl50", "babe", "mbic", "allsides", "neus", "pac"]


def _load(*parts):
    path = shared_path(*parts)
    return fl.load_corpus(path, clean=False), detect_format(path)


@pytest.fixture(scope="session")
def seed():
    return _load("seed-presstv-karabakh")


@pytest.fixture(scope="session")
def basil():
    return _load("basil")


@pytest.fixture(scope="session")
def newswcl50():
    return _load("newswcl50")


@pytest.fixture(scope="session")
def babe():
    return _load("babe-mbic")


@pytest.fixture(scope="session")
def mbic():
    return _load("babe-mbic", "data", "final_labels_MBIC.xlsx")


@pytest.fixture(scope="session")
def allsides():
    return _load("article-bias-prediction-subset")


@pytest.fixture(scope="session")
def neus():
    return _load("neus-allsides-triplets")


@pytest.fixture(scope="session")
def pac():
    return _load("pac-partisan-events")


def counts(series) -> dict:
    return dict(Counter(series.astype(str)))


def assert_tally(corpus, seen, loaded, rejected=0):
    assert corpus.tally() == {"seen": seen, "loaded": loaded, "rejected": rejected}
    assert len(corpus.documents) + len(corpus.rejects) == corpus.records_seen
    assert corpus.documents["doc_id"].is_unique


def assert_events(docs, n_events, sizes):
    """Every document has an event id; events and their sizes are as expected."""
    assert (docs["event_id"].astype(str) != "").all()
    per_event = docs.groupby("event_id").size()
    assert len(per_event) == n_events
    assert dict(Counter(per_event)) == sizes


# --- the adapter modules -------------------------------------------------------------------------

def test_every_shared_corpus_has_an_adapter_with_the_contract():
    assert list(ADAPTERS) == SHARED_ADAPTERS
    for name, mod in ADAPTERS.items():
        assert mod.NAME == name
        assert isinstance(mod.DESCRIPTION, str) and mod.DESCRIPTION
        assert callable(mod.detect) and callable(mod.read)
    assert "SENTENCES" in ADAPTERS["babe"].DESCRIPTION


# --- seed ------------------------------------------------------------------------------------------

def test_seed_is_one_press_tv_page_with_its_noise(seed):
    corpus, fmt = seed
    assert fmt == "seed"
    assert_tally(corpus, 1, 1)
    doc = corpus.documents.iloc[0]
    assert doc["outlet"] == "Press TV"
    assert doc["title"] == "Armenia accuses Azerbaijan of capturing troops despite truce"
    # page noise is the cleaner's job: the loader keeps the header, the stray caption and the trailer
    first = doc["text"].splitlines()[0]
    assert first.replace("\xa0", " ").split() == ["News", "/", "More"]
    assert "Ilhan Omar" in doc["text"]
    assert "alternate addresses" in doc["text"]


# --- BASIL -----------------------------------------------------------------------------------------

def test_basil_counts(basil):
    corpus, fmt = basil
    docs = corpus.documents
    assert fmt == "basil"
    assert_tally(corpus, 150, 150)
    # SOURCE.md: fox 50, nyt 50, hpo 50, some written in upper case
    assert counts(docs["outlet"]) == {"Fox News": 50, "New York Times": 50, "HuffPost": 50}
    assert counts(docs["outlet_raw"]) == {"fox": 47, "FOX": 3, "nyt": 47, "NYT": 3, "hpo": 47, "HPO": 3}
    # 50 events x 3 outlets, one article per outlet per event
    assert_events(docs, 50, {3: 50})
    assert (docs.groupby("event_id")["outlet"].nunique() == 3).all()
    # SOURCE.md: relative_stance center 74, liberal 28, right 20, conservative 16, left 12
    assert counts(docs["relative_stance"]) == {"center": 74, "liberal": 28, "right": 20, "conservative": 16,
                                               "left": 12}
    assert counts(docs["leaning"]) == {"center": 74, "left": 40, "right": 36}
    # 10 years x 5 events x 3 articles
    assert docs["published"].notna().all()
    assert docs["published"].dt.year.value_counts().to_dict() == {y: 15 for y in range(2010, 2020)}
    assert (docs["annotation_file"] != "").all()
    assert (docs["title"] != "").all() and (docs["url"] != "").all()


def test_basil_text_is_paragraphs_of_joined_sentences(basil):
    corpus, _ = basil
    doc = corpus.documents.set_index("doc_id").loc["2b95d2cf-e979-4f9c-ae27-9a5370934f23_1"]
    import json

    art = json.loads(Path(doc["source"]).read_text("utf-8"))
    paras = [p for p in art["body-paragraphs"] if p]
    assert doc["text"].split("\n") == [" ".join(p) for p in paras]
    assert doc["event_id"] == art["triplet-uuid"]
    # the uuid field is not unique (three files say "empty"): doc_id is the file name
    assert (corpus.documents["uuid"] == "empty").sum() == 3


# --- NewsWCL50 -------------------------------------------------------------------------------------

def test_newswcl50_counts(newswcl50):
    corpus, fmt = newswcl50
    docs = corpus.documents
    assert fmt == "newswcl50"
    assert_tally(corpus, 50, 50)  # event 4's *.txt.txt files included
    assert counts(docs["outlet"]) == {o: 10 for o in ["HuffPost", "New York Times", "USA Today", "Fox News",
                                                      "Breitbart"]}
    assert counts(docs["orientation"]) == {c: 10 for c in ["LL", "L", "M", "R", "RR"]}
    assert counts(docs["leaning"]) == {"left": 20, "center": 10, "right": 20}
    assert_events(docs, 10, {5: 10})
    assert sorted(docs["event_id"].unique(), key=int) == [str(e) for e in range(10)]
    assert set(docs.loc[docs["event_id"] == "4", "source"].map(lambda s: Path(s).name)) == {
        f"4_{c}.txt.txt" for c in ["LL", "L", "M", "R", "RR"]}


def test_newswcl50_headline_url_and_date(newswcl50):
    corpus, _ = newswcl50
    docs = corpus.documents.set_index("doc_id")
    # first line is the headline, except two NYT files that open with the dateline
    assert docs.loc["0_LL", "title"] == "CIA Director Mike Pompeo Secretly Met With North Korean Leader Kim Jong Un."
    assert docs.loc["0_LL", "text"].startswith(docs.loc["0_LL", "title"])
    assert set(docs.index[docs["title"] == ""]) == {"0_L", "1_L"}
    assert (docs["url"] != "").all()
    assert docs.loc["0_L", "url"].startswith("https://www.nytimes.com/2018/04/17/")
    assert docs.loc["0_L", "published"] == pd.Timestamp("2018-04-17")
    # dates come from /YYYY/MM/DD/ in the URL: 13 URLs have none (HuffPost, some Breitbart)
    assert docs["published"].isna().sum() == 13
    assert docs["published"].dropna().between("2018-04-17", "2018-05-01").all()
    assert "\r" not in "".join(docs["text"])


# --- BABE ------------------------------------------------------------------------------------------

BABE_SG2_OUTLETS = {"Breitbart": 943, "Alternet": 773, "Reuters": 761, "The Federalist": 315, "MSNBC": 273,
                    "Fox News": 245, "USA Today": 199, "HuffPost": 124, "Daily Beast": 35, "Daily Stormer": 5,
                    "New York Times": 1}


def test_babe_sg2_counts(babe):
    corpus, fmt = babe
    docs = corpus.documents
    assert fmt == "babe"  # the BABE/MBIC folder reads BABE SG2 by default
    assert_tally(corpus, 3674, 3674)
    assert counts(docs["outlet"]) == BABE_SG2_OUTLETS
    assert counts(docs["label_bias"]) == {"Biased": 1810, "Non-biased": 1863, "No agreement": 1}
    assert counts(docs["leaning"]) == {"right": 993, "left": 989, "center": 692, "": 1000}
    assert docs["topic"].nunique() == 23
    assert (docs["subset"] == "SG2").all()
    assert "event_id" not in docs.columns  # sampled by topic and keyword: no same-event sets


def test_babe_biased_words_are_lists(babe):
    corpus, _ = babe
    words = corpus.documents["biased_words"]
    assert words.map(lambda w: isinstance(w, list)).all()
    assert int((words.map(len) > 0).sum()) == 1849
    row = corpus.documents[corpus.documents["text"].str.contains("characteristically bizarre")].iloc[0]
    assert row["biased_words"] == ["bizarre", "characteristically"]
    assert row["outlet"] == "Alternet" and row["label_bias"] == "Biased"


def test_babe_sg1_subset_by_keyword_and_by_file():
    from framelens.corpus.adapters import babe

    folder = shared_path("babe-mbic")
    res = babe.read(folder, subset="SG1")
    corpus = build_corpus(res.records, res.rejects, records_seen=res.seen)
    by_file = fl.load_corpus(folder / "data" / "final_labels_SG1.csv", clean=False)
    assert detect_format(folder / "data" / "final_labels_SG1.csv") == "babe"
    for c in (corpus, by_file):
        assert_tally(c, 1700, 1700)
        # SOURCE.md slugs (breitbart 377, fox-news 111, ...) normalise to the SG2 spellings
        assert counts(c.documents["outlet"]) == {"Breitbart": 377, "Alternet": 338, "MSNBC": 242, "The Federalist": 203,
                                                 "Reuters": 158, "USA Today": 157, "HuffPost": 114, "Fox News": 111}
        assert counts(c.documents["label_bias"]) == {"Biased": 746, "Non-biased": 800, "No agreement": 154}
    with pytest.raises(CorpusError, match="subset"):
        babe.read(folder, subset="SG3")


# --- MBIC ------------------------------------------------------------------------------------------

def test_mbic_is_one_document_per_distinct_article(mbic):
    corpus, fmt = mbic
    docs = corpus.documents
    assert fmt == "mbic"
    # 919 distinct `article` values: 918 articles + the empty cell of 100 unscraped sentences
    assert_tally(corpus, 919, 918, 1)
    rej = corpus.rejects.iloc[0]
    assert rej["reason"] == "empty_text" and rej["detail"].startswith("100 sentence rows")
    assert set(docs["outlet"]) == {"Breitbart", "Alternet", "MSNBC", "Reuters", "The Federalist", "Fox News",
                                   "USA Today", "HuffPost"}
    assert docs["text"].is_unique
    # the documents are articles, not sentences: SOURCE.md says mean about 765 words
    assert 700 < docs["text"].str.split().str.len().mean() < 830
    # every one of the 1,700 sentence rows is accounted for: 1,600 in documents, 100 in the reject
    rows = [int(r) for cell in docs["sentence_rows"] for r in cell.split(",")]
    assert len(rows) == 1600 and len(set(rows)) == 1600
    # sentence labels are not document labels
    assert "label_bias" not in docs.columns and "biased_words" not in docs.columns
    # two error pages were filed under several outlets: kept and marked
    assert (docs["outlets_seen"] != "").sum() == 2


def test_mbic_from_the_folder_needs_the_format():
    corpus = fl.load_corpus(shared_path("babe-mbic"), "mbic", clean=False)
    assert corpus.tally() == {"seen": 919, "loaded": 918, "rejected": 1}


# --- AllSides (Article-Bias-Prediction subset) ----------------------------------------------------

def test_allsides_counts(allsides):
    corpus, fmt = allsides
    docs = corpus.documents
    assert fmt == "allsides"
    assert_tally(corpus, 2864, 2864)
    assert counts(docs["leaning"]) == {"right": 1144, "left": 924, "center": 796}
    assert counts(docs["topic"]) == {"immigration": 1543, "middle_east": 859, "terrorism": 462}
    assert docs["outlet_raw"].nunique() == 110
    raw = docs["outlet_raw"].value_counts()
    # SOURCE.md top outlets, as written in `source`
    for name, n in {"Washington Times": 335, "CNN (Web News)": 292, "Politico": 181,
                    "Christian Science Monitor": 159, "USA TODAY": 145, "NPR Online News": 144, "Townhall": 141,
                    "New York Times - News": 140, "Vox": 101}.items():
        assert raw[name] == n, name
    # SOURCE.md says Fox News 287; the staged files hold 286 (one of the 4 articles dropped for the
    # held-out set was probably Fox's)
    assert raw["Fox News"] == 286
    norm = docs["outlet"].astype(str).value_counts()
    assert norm["CNN"] == 292 and norm["New York Times"] == 140 and norm["USA Today"] == 145 and norm["NPR"] == 144
    # "Fox News" + "Fox Online News" + "Fox News (Online)"; "Fox News Opinion" is kept apart
    assert norm["Fox News"] == 286 + 15 + 2 and norm["Fox News (Opinion)"] == 3
    assert "event_id" not in docs.columns  # no same-event grouping in this corpus


def test_allsides_dates(allsides):
    docs = allsides[0].documents
    # SOURCE.md: date empty for 309 articles, and a few malformed ('0001-11-30' here): both NaT
    assert docs["published"].isna().sum() == 310
    years = docs["published"].dt.year.dropna()
    # SOURCE.md says 2012-2020; two think-tank pieces are older (2001, 2010)
    assert years.between(2012, 2020).sum() == len(years) - 2
    assert (docs["title"] != "").all() and (docs["url"] != "").all()
    assert 700 < docs["text"].str.split().str.len().median() < 880  # SOURCE.md: median 790 words


# --- NeuS ------------------------------------------------------------------------------------------

def test_neus_counts(neus):
    corpus, fmt = neus
    docs = corpus.documents
    assert fmt == "neus"
    assert_tally(corpus, 1479, 1479)  # one document per side snippet; the roundups are not documents
    # 506 stories: 469 with three sides, 36 with two, 1 with none (so 505 events)
    assert_events(docs, 505, {3: 469, 2: 36})
    assert counts(docs["leaning"]) == {"right": 503, "left": 501, "center": 475}
    assert docs["outlet_raw"].nunique() == 145 and docs["outlet"].nunique() == 145
    norm = docs["outlet"].astype(str).value_counts()
    for name, n in {"Fox News": 93, "The Hill": 83, "Washington Examiner": 77, "New York Times": 74, "CNN": 73,
                    "New York Post": 64, "National Review": 63, "Washington Post": 56, "Reuters": 51}.items():
        assert norm[name] == n, name
    assert docs["published"].min() == pd.Timestamp("2021-04-22")
    assert docs["published"].max() == pd.Timestamp("2021-10-18")
    assert (docs.groupby("event_id")["leaning"].nunique() == docs.groupby("event_id").size()).all()


def test_neus_roundups_are_offered_separately():
    from framelens.corpus.adapters import neus

    r = neus.roundups(shared_path("neus-allsides-triplets"))
    assert len(r) == 506 and r["event_id"].is_unique
    assert list(r.columns) == ["event_id", "title", "topic", "published", "url", "text", "source"]
    assert r.loc[r["event_id"] == "5607", "title"].item() == "Supreme Court Sides with Police in Qualified Immunity Cases"


# --- PAC -------------------------------------------------------------------------------------------

def test_pac_counts(pac):
    corpus, fmt = pac
    docs = corpus.documents
    assert fmt == "pac"
    assert_tally(corpus, 300, 300)
    assert_events(docs, 150, {2: 150})
    assert counts(docs["relative_ideology"]) == {"Left": 149, "Right": 151}
    assert counts(docs["leaning"]) == {"left": 149, "right": 151}
    assert docs["outlet_raw"].nunique() == 71
    norm = docs["outlet"].astype(str).value_counts()
    for name, n in {"CNN": 24, "Washington Examiner": 18, "HuffPost": 17, "Politico": 13, "NBC News": 11}.items():
        assert norm[name] == n, name
    # SOURCE.md says Washington Times 31, Fox News 19, NYT 13: the staged files hold one fewer of
    # each (the four articles of STORY_59 and STORY_88 were removed for the held-out set)
    assert norm["Washington Times"] == 30 and norm["Fox News"] == 18 and norm["New York Times"] == 12
    # one sentence per line: SOURCE.md's 8,213 sentences are 8,213 lines
    assert int(docs["text"].str.count("\n").sum()) + len(docs) == 8213
    # the same LGBTQ Nation article stands in two stories: kept, flagged
    assert counts(docs.loc[docs["duplicate_of"] != "", "doc_id"]) == {"STORY_132_DOCUMENT_1": 1}


# --- layout, not name ------------------------------------------------------------------------------

def test_a_renamed_copy_is_still_recognised(tmp_path):
    basil_copy = tmp_path / "my renamed corpus"
    src = shared_path("basil")
    for year in ("2010", "2011"):
        shutil.copytree(src / "articles" / year, basil_copy / "articles" / year)
        shutil.copytree(src / "annotations" / year, basil_copy / "annotations" / year)
    assert detect_format(basil_copy) == "basil"
    corpus = fl.load_corpus(basil_copy, clean=False)
    assert corpus.tally() == {"seen": 30, "loaded": 30, "rejected": 0}

    neus_copy = tmp_path / "stories.jsonl"
    shutil.copy(next((shared_path("neus-allsides-triplets") / "data" / "raw_crawled").glob("*.jsonl")), neus_copy)
    assert detect_format(neus_copy) == "neus"


def test_detection_leaves_other_folders_to_the_generic_readers(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("An article.", "utf-8")
    assert detect_format(tmp_path) == "txt"
    for mod in ADAPTERS.values():
        assert not mod.detect(tmp_path)
        assert not mod.detect(tmp_path / "a" / "one.txt")


@pytest.mark.parametrize("name", SHARED_ADAPTERS)
def test_forcing_a_format_on_the_wrong_folder_is_a_clear_error(name, tmp_path):
    (tmp_path / "x.txt").write_text("text", "utf-8")
    with pytest.raises(CorpusError) as err:
        fl.load_corpus(tmp_path, name, clean=False)
    assert str(tmp_path) in str(err.value) and "Fix:" in str(err.value)


def test_a_corrupt_file_in_a_shared_corpus_is_a_reject_not_a_crash(tmp_path):
    src = shared_path("pac-partisan-events") / "data" / "merged_annotations"
    dst = tmp_path / "pac" / "data" / "merged_annotations"
    dst.mkdir(parents=True)
    files = sorted(src.glob("*.json"))[:4]
    for f in files:
        shutil.copy(f, dst / f.name)
    (dst / files[1].name).write_bytes(b'{"news": [')  # truncated
    (dst / files[2].name).write_bytes(files[2].read_bytes().replace(b"e", b"\xe9", 1))  # not UTF-8
    corpus = fl.load_corpus(tmp_path / "pac", clean=False)
    assert corpus.tally() == {"seen": 4, "loaded": 2, "rejected": 2}
    assert counts(corpus.rejects["reason"]) == {"malformed_record": 1, "bad_encoding": 1}
    assert set(corpus.rejects["source"]) == {str(dst / files[1].name), str(dst / files[2].name)}


def test_babe_folder_with_only_sg1_reads_sg1(tmp_path):
    shutil.copy(shared_path("babe-mbic", "data", "final_labels_SG1.csv"), tmp_path / "final_labels_SG1.csv")
    assert detect_format(tmp_path) == "babe"
    assert fl.load_corpus(tmp_path, clean=False).tally()["loaded"] == 1700
