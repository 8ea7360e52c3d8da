"""framelens.extract and document_features: the hits table contract, spans, empty and huge documents."""
from __future__ import annotations

import pandas as pd
import pytest

import framelens as fl
from framelens.features import DOC_COLUMNS, HIT_COLUMNS, document_features

TEXTS = {
    "a": "Officials claimed the troops were freed. According to Reuters, Baku reportedly agreed.",
    "b": "",
    "c": "Clearly the brutal regime may fall, the minister said on Tuesday at 5 p.m. He left.",
}


@pytest.fixture(scope="module")
def docs():
    return pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "outlet": ["X", "Y", "X"],
                         "event_id": ["e1", "e1", "e2"]})


@pytest.fixture(scope="module")
def hits(docs):
    return fl.extract(docs)


def test_columns_and_dtypes_follow_the_contract(hits):
    assert list(hits.columns) == HIT_COLUMNS
    for c in ("sentence", "sent_start", "sent_end", "start", "end"):
        assert hits[c].dtype == "int64"
    assert set(hits["family"]) <= {"naming", "hedge", "booster", "attribution", "scare_quote", "passive", "loaded"}


def test_every_span_is_the_matched_text_inside_its_sentence(hits):
    for h in hits.itertuples():
        text = TEXTS[h.doc_id]
        assert text[h.start:h.end] == h.text
        assert h.sent_start <= h.start < h.end <= h.sent_end


def test_hits_per_document(hits):
    a = hits[(hits["doc_id"] == "a") & (hits["family"] != "passive")]
    assert list(zip(a["feature"], a["term"])) == [("attribution:doubting", "claim"),
                                                 ("attribution:according_to", "according to"),
                                                 ("hedge", "reportedly")]
    c = hits[hits["doc_id"] == "c"]
    assert ("booster", "clearly") in set(zip(c["feature"], c["term"]))
    assert ("loaded", "brutal") in set(zip(c["feature"], c["term"]))
    # "at 5 p.m. He left" starts a new sentence
    he = c[c["text"] == "said"]
    assert he["sentence"].tolist() == [0]
    assert fl.extract(["At 5 p.m. He said so."])["sentence"].tolist() == [1]


def test_empty_document_has_no_hits_and_zero_words(hits, docs):
    assert (hits["doc_id"] == "b").sum() == 0
    feats = document_features(docs, hits)
    row = feats.set_index("doc_id").loc["b"]
    assert row["words"] == 0 and row["sentences"] == 0
    assert (feats.set_index("doc_id").loc["b", [c for c in feats.columns if ":" in c or c in ("hedge", "loaded")]]
            == 0).all()


def test_document_features_layout(hits, docs):
    feats = document_features(docs, hits)
    assert list(feats.columns[:8]) == DOC_COLUMNS
    assert feats["doc_id"].tolist() == ["a", "b", "c"]
    assert feats["event_id"].tolist() == ["e1", "e1", "e2"] and feats["leaning"].tolist() == ["", "", ""]
    # a column for every feature found (zeros where a document has none); a feature the packs can
    # produce but this corpus never has is no column, and is listed instead
    assert {"attribution:doubting", "booster", "hedge"} <= set(feats.columns)
    assert "naming:karabakh/capital" not in feats.columns
    assert "naming:karabakh/capital" in feats.attrs["absent_features"]
    assert set(feats.attrs["absent_features"]) == set(hits.attrs["features"]) - set(hits["feature"])
    assert feats.loc[feats["doc_id"] == "b", "hedge"].item() == 0
    counts = hits.groupby("feature").size()
    for f, n in counts.items():
        assert feats[f].sum() == n
    assert feats.loc[0, "words"] == fl.text.count_words(TEXTS["a"])


def test_document_features_without_attrs_recounts_the_same(hits, docs):
    plain = pd.DataFrame(hits)  # a copy; drop what extract recorded
    plain.attrs = {}
    a = document_features(docs, hits)
    b = document_features(docs, plain)
    pd.testing.assert_frame_equal(a[["doc_id", "words", "sentences"]], b[["doc_id", "words", "sentences"]])
    assert set(b.columns) - set(a.columns) == set()


def test_extract_takes_a_corpus_or_plain_texts_and_is_deterministic(docs):
    from framelens.corpus import build_corpus

    corpus = build_corpus([{"doc_id": k, "text": v, "outlet": "X", "source": "mem"} for k, v in TEXTS.items() if v])
    h1 = fl.extract(corpus)
    h2 = fl.extract(corpus)
    pd.testing.assert_frame_equal(h1, h2)
    h3 = fl.extract([TEXTS["a"]])
    assert h3["doc_id"].unique().tolist() == ["0"]


def test_no_hits_gives_an_empty_table_with_the_columns():
    h = fl.extract(["Nothing to see here"], lexicons=["hedges"])
    assert len(h) == 0 and list(h.columns) == HIT_COLUMNS


def _generated_news(n_sentences: int, seed: int = 0) -> tuple[str, int]:
    """Varied generated sentences; each has exactly one "said" and one "may"."""
    import random

    rng = random.Random(seed)
    subjects = ["Officials", "The ministry", "A spokesman", "Witnesses", "The agency", "Local residents"]
    objects = ["the talks", "the fighting", "the truce", "the vote", "the inquiry", "the border"]
    tails = ["on Tuesday", "last month", "in the capital", "after the meeting", "near the border", ""]
    out = []
    for _ in range(n_sentences):
        out.append(f"{rng.choice(subjects)} said {rng.choice(objects)} may end {rng.choice(tails)}".rstrip() + ".")
    return " ".join(out), n_sentences


@pytest.mark.slow
def test_five_megabyte_document():
    from framelens.text import default_splitter

    text, n = _generated_news(120_000)
    assert len(text) > 5_000_000
    h = fl.extract([text], lexicons=["hedges"], splitter=default_splitter())
    assert (h["term"] == "may").sum() == n
    assert h["sentence"].max() == n - 1  # one sentence each, found by bisection over sentence starts


def test_document_without_sentence_punctuation():
    flat = "officials said the fighting may end and " * 120_000  # 4.8 MB, no sentence punctuation
    h = fl.extract([flat], lexicons=["hedges"])
    assert len(h) == 120_000
    assert h["sentence"].is_monotonic_increasing and h["sentence"].max() > 1000


def test_cli_extract_prints_counts_and_writes_tables(tmp_path):
    from click.testing import CliRunner

    from framelens.cli import main

    f = tmp_path / "c.jsonl"
    pd.DataFrame({"doc_id": ["a", "c"], "outlet": ["X", "Y"], "text": [TEXTS["a"], TEXTS["c"]]}).to_json(
        f, orient="records", lines=True)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["extract", str(f), "--out", str(out), "--lexicons", "hedges",
                                    "--lexicons", "attribution"])
    assert res.exit_code == 0, res.output
    assert "hits in 2 documents" in res.output and "attribution:doubting" in res.output
    hits = pd.read_csv(out / "hits.csv", keep_default_na=False)
    assert list(hits.columns) == HIT_COLUMNS and set(hits["pack"]) <= {"hedges", "attribution", ""}
    feats = pd.read_csv(out / "doc_features.csv")
    assert feats["doc_id"].tolist() == ["a", "c"] and "hedge" in feats.columns


def test_lexicon_free_extractors_can_be_switched_off():
    from framelens.extract import extract_text

    text = "The troops were freed, the “all for all” swap went on, he said."
    families = lambda rows: sorted({r[7] for r in rows})  # noqa: E731
    everything = families(extract_text(text)[0])
    assert families(extract_text(text, lexicon_free=[])[0]) == [f for f in everything
                                                                if f not in ("passive", "scare_quote")]


def test_extract_without_the_lexicon_free_extractors_keeps_every_lexicon_row(docs, hits):
    lean = fl.extract(docs, lexicon_free=())
    full = hits[~hits["family"].isin(["scare_quote", "passive"])].reset_index(drop=True)
    assert len(full) and lean.equals(full)
    assert "agentless_passive" not in lean.attrs["features"] and "hedge" in lean.attrs["features"]
    assert "agentless_passive" in hits.attrs["features"]
