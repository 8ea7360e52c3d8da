"""The canonical corpus table, the rejects and the tally (framelens.corpus.model)."""
from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framelens.corpus.model import (DOC_COLUMNS, REJECT_COLUMNS, Reject, TextColumn, build_corpus, parse_published,
                                    split_source)


def test_build_corpus_columns_and_tally():
    recs = [{"doc_id": "a", "outlet": "fox", "text": "One two.", "source": "f.jsonl:1", "event_id": "e1"},
            {"doc_id": "b", "outlet": "Reuters", "text": "One two.", "source": "f.jsonl:2"},
            {"doc_id": "c", "outlet": "", "text": "x", "source": "f.jsonl:3"}]
    corpus = build_corpus(recs, [Reject("f.jsonl", "4", "malformed_record", "bad")])
    assert list(corpus.documents.columns) == DOC_COLUMNS + ["event_id"]
    assert list(corpus.rejects.columns) == REJECT_COLUMNS
    assert corpus.tally() == {"seen": 4, "loaded": 2, "rejected": 2}
    assert corpus.tally_line() == "4 records seen = 2 loaded + 2 rejected"
    assert list(corpus.documents["duplicate_of"]) == ["", "a"]
    assert corpus.rejects.iloc[1].tolist()[:3] == ["f.jsonl", "3", "missing_outlet"]


def test_a_reader_that_loses_a_record_is_caught():
    with pytest.raises(AssertionError, match="tally broken"):
        build_corpus([{"outlet": "x", "text": "t", "source": "s"}], records_seen=2)


def test_unknown_reject_reason_is_refused():
    with pytest.raises(ValueError):
        Reject("f", "1", "not_a_reason", "")


def test_empty_corpus_has_the_columns():
    corpus = build_corpus([])
    assert list(corpus.documents.columns) == DOC_COLUMNS and corpus.tally()["seen"] == 0
    assert corpus.summary().empty


@pytest.mark.parametrize("source, parts", [("a/b.jsonl:12", ("a/b.jsonl", "12")), ("x.parquet#3", ("x.parquet", "3")),
                                           ("C:/dir/file.txt", ("C:/dir/file.txt", "")), ("plain", ("plain", ""))])
def test_split_source(source, parts):
    assert split_source(source) == parts


def test_parse_published_mixed_inputs():
    out = parse_published(["2020-01-02", "", None, "garbage", "2021-10-18T16:15:00-07:00",
                           "2021-10-18T16:15:00-04:00", "0001-11-30", datetime.date(2019, 5, 3), "May 3, 2019"])
    assert str(out.dtype) == "datetime64[ns]"
    assert out.tolist()[:4] == [pd.Timestamp("2020-01-02"), pd.NaT, pd.NaT, pd.NaT]
    # mixed UTC offsets: each keeps the wall-clock time as written
    assert out[4] == out[5] == pd.Timestamp("2021-10-18 16:15")
    assert pd.isna(out[6])  # out of range: NaT, not an error
    assert out[7] == out[8] == pd.Timestamp("2019-05-03")


def test_subset_keeps_rejects_and_a_consistent_tally():
    recs = [{"doc_id": str(i), "outlet": "A" if i % 2 else "B", "text": f"t{i}", "source": f"f:{i}"}
            for i in range(1, 5)]
    corpus = build_corpus(recs, [Reject("f", "9", "empty_text", "")])
    sub = corpus.subset(corpus.documents["outlet"] == "A")
    assert sub.tally() == {"seen": 3, "loaded": 2, "rejected": 1}


def test_repr_is_one_line_and_notebooks_get_a_summary():
    """repr(corpus) printed every frame (29 lines for the demo); notebooks showed the same."""
    import framelens as fl

    corpus = fl.load_corpus("demo")
    text = repr(corpus)
    assert "\n" not in text and "186 documents from 4 outlets" in text and "synthetic" in text
    html = corpus._repr_html_()
    assert "<table" in html and "Outlet A" in html and "SYNTHETIC" in html


def test_the_public_api_is_listed_by_dir():
    import framelens as fl

    names = dir(fl)
    assert {"FramingVectorizer", "extract", "kwic", "load_corpus", "compare", "plots", "explore"} <= set(names)
    assert set(fl.__all__) <= set(names)


texts_strategy = st.lists(st.text(min_size=1, max_size=12).filter(str.strip), max_size=30)


@settings(max_examples=60, deadline=None)
@given(texts=texts_strategy, chunk_size=st.sampled_from([1, 2, 3, 1000]))
def test_a_text_column_is_the_array_pandas_makes_of_the_texts(texts, chunk_size):
    column = TextColumn(chunk_size)
    for t in texts:
        column.append(t)
    got = column.array()
    assert len(column) == len(texts)
    pd.testing.assert_extension_array_equal(got, pd.array(texts, dtype="str"))
    assert got._pa_array.num_chunks == -(-len(texts) // chunk_size)  # only whole chunks were converted


records_strategy = st.lists(st.fixed_dictionaries(
    {"doc_id": st.sampled_from(["a", "b", "c", "d", "e", "f", ""]), "outlet": st.sampled_from(["Fox", "CNN", ""]),
     "text": st.sampled_from(["One two.", "", "  ", "Caf\u00e9 \u201cquoted\u201d.", "Other text."])},
    optional={"topic": st.sampled_from(["x", "y"])}), max_size=20)


@settings(max_examples=80, deadline=None)
@given(records=records_strategy)
def test_build_corpus_is_the_same_whatever_the_chunk_size(records):
    recs = [{**r, "source": f"f.jsonl:{i + 1}"} for i, r in enumerate(records)]
    one, two, many = (build_corpus(recs, [Reject("f.jsonl", "99", "malformed_record", "bad")], chunk_size=n)
                      for n in (1, 2, 1000))
    for other in (two, many):
        pd.testing.assert_frame_equal(one.documents, other.documents, check_exact=True)
        pd.testing.assert_frame_equal(one.rejects, other.rejects, check_exact=True)
    kept = [r["text"] for r in recs if r["text"].strip()]
    assert set(many.documents["text"]) <= set(kept)
    if len(many.documents):
        assert many.documents["text"].dtype == pd.StringDtype("pyarrow", na_value=float("nan"))
    assert many.tally()["seen"] == len(recs) + 1
    assert many.rejects["record"].iloc[0] == "99"  # the reader's rejects first, then the records'


def test_build_corpus_reads_the_rejects_after_the_records():
    """A streaming reader adds its rejects while its records are read: they are all in the corpus."""
    rejects = []

    def stream():
        yield {"doc_id": "a", "outlet": "X", "text": "One.", "source": "f:1"}
        rejects.append(Reject("f", "2", "malformed_record", "bad line"))
        yield {"doc_id": "b", "outlet": "", "text": "Two.", "source": "f:3"}

    corpus = build_corpus(stream(), rejects)
    assert corpus.rejects["record"].tolist() == ["2", "3"]
    assert corpus.tally() == {"seen": 3, "loaded": 1, "rejected": 2}
