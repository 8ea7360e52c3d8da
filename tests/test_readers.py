"""Generic readers (txt folder, JSON Lines, CSV/TSV, Parquet, HTML) through ``load_corpus``, and
what happens to bad input: every record is loaded or rejected, and every reject or error names the
file, the line and the fix."""
from __future__ import annotations

import csv
from pathlib import Path
import io
import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framelens as fl
from framelens.corpus import build_corpus, readers
from framelens.errors import CorpusError


def load(path, fmt=None, **kw):
    return fl.load_corpus(path, fmt, clean=False, **kw)


def reasons(corpus) -> dict:
    return {(r.record, r.reason) for r in corpus.rejects.itertuples()}


def write_jsonl(path, objs):
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), "utf-8")
    return path


# --- the formats ------------------------------------------------------------------------------------

def test_txt_folder_outlet_from_sub_folder(tmp_path):
    for outlet, n in (("alpha", 2), ("beta", 1)):
        (tmp_path / outlet).mkdir()
        for i in range(n):
            (tmp_path / outlet / f"{i}.txt").write_text(f"{outlet} story {i}.\nSecond paragraph.", "utf-8")
    corpus = load(tmp_path)
    docs = corpus.documents
    assert corpus.tally() == {"seen": 3, "loaded": 3, "rejected": 0}
    assert dict(docs["outlet"].value_counts()) == {"alpha": 2, "beta": 1}
    assert sorted(docs["doc_id"]) == ["alpha/0", "alpha/1", "beta/0"]
    assert docs.set_index("doc_id").loc["beta/0", "text"] == "beta story 0.\nSecond paragraph."
    assert docs["published"].dtype == "datetime64[ns]"


def test_txt_folder_with_metadata_csv(tmp_path):
    (tmp_path / "a.txt").write_text("First article.", "utf-8")
    (tmp_path / "b.txt").write_text("Second article.", "utf-8")
    (tmp_path / "c.txt").write_text("No metadata, no sub-folder.", "utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,published,title,event_id\n"
        "a.txt,The New York Times,2020-05-01,Title A,ev1\n"
        "b,Fox News (Online News),2020-05-02,Title B,ev1\n", "utf-8")
    corpus = load(tmp_path)
    docs = corpus.documents.set_index("doc_id")
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    assert docs.loc["a", "outlet"] == "New York Times" and docs.loc["a", "outlet_raw"] == "The New York Times"
    assert docs.loc["b", "outlet"] == "Fox News"
    assert docs.loc["b", "published"] == pd.Timestamp("2020-05-02")
    assert docs.loc["a", "title"] == "Title A" and list(docs["event_id"]) == ["ev1", "ev1"]
    rej = corpus.rejects.iloc[0]
    assert rej["reason"] == "missing_outlet" and rej["source"].endswith("c.txt")
    assert "metadata.csv" in rej["detail"]


def test_metadata_csv_without_outlet_column_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", "utf-8")
    (tmp_path / "metadata.csv").write_text("file,paper\na.txt,X\n", "utf-8")
    with pytest.raises(CorpusError, match="outlet") as err:
        load(tmp_path)
    assert "metadata.csv" in str(err.value) and "Fix:" in str(err.value)


def test_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "x1", "outlet": "CNN (Web News)", "date": "2021-01-02T10:00:00-05:00", "title": "T1",
         "text": "Body one.", "url": "https://a/1", "leaning": "left"},
        {"id": "x2", "outlet": "Reuters", "date": "2021-01-03", "text": ["Para one.", "Para two."]},
    ])
    corpus = load(path)
    docs = corpus.documents.set_index("doc_id")
    assert corpus.tally() == {"seen": 2, "loaded": 2, "rejected": 0}
    assert docs.loc["x1", "outlet"] == "CNN" and docs.loc["x1", "leaning"] == "left"
    assert docs.loc["x1", "published"] == pd.Timestamp("2021-01-02 10:00")  # wall-clock time as written
    assert docs.loc["x2", "text"] == "Para one.\nPara two."  # a list of paragraphs becomes lines
    assert docs.loc["x1", "source"] == f"{path}:1"


def test_jsonl_column_mapping_and_reserved_names(tmp_path):
    path = write_jsonl(tmp_path / "n.jsonl", [
        {"body": "Some text.", "paper": "Reuters", "story": "s1", "source": "wire feed", "text": "teaser"}])
    corpus = load(path, columns={"text": "body", "outlet": "paper", "event_id": "story"})
    doc = corpus.documents.iloc[0]
    assert doc["text"] == "Some text." and doc["outlet"] == "Reuters" and doc["event_id"] == "s1"
    # a field named like a column the loader sets is kept under another name, never overwritten
    assert doc["input_source"] == "wire feed" and doc["source"] == f"{path}:1"
    assert doc["input_text"] == "teaser"


def test_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,outlet,date,text\n1,Reuters,2020-01-01,"Line one,\nline two"\n2,CNN,,Plain\n', "utf-8")
    corpus = load(path)
    docs = corpus.documents.set_index("doc_id")
    assert corpus.tally() == {"seen": 2, "loaded": 2, "rejected": 0}
    assert docs.loc["1", "text"] == "Line one,\nline two"
    assert docs.loc["1", "source"] == f"{path}:2"
    assert docs.loc["2", "source"] == f"{path}:4"  # the record starts on line 4 (line 2's text spans 2)
    assert pd.isna(docs.loc["2", "published"])


def test_tsv_with_column_mapping(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("key\tpaper\tbody\theadline\tstory\nk1\tfox\tBody text.\tHead\tev9\n", "utf-8")
    corpus = load(path, columns={"doc_id": "key", "outlet": "paper", "text": "body", "event_id": "story"})
    doc = corpus.documents.iloc[0]
    assert (doc["doc_id"], doc["outlet"], doc["text"], doc["title"], doc["event_id"]) == (
        "k1", "Fox News", "Body text.", "Head", "ev9")


def test_tsv_mapping_to_a_missing_column_is_an_error(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("outlet\ttext\nX\tY\n", "utf-8")
    with pytest.raises(CorpusError, match="body") as err:
        load(path, columns={"text": "body"})
    assert f"{path}:1" in str(err.value) and "--column" in str(err.value)


def test_parquet(tmp_path):
    path = tmp_path / "a.parquet"
    pd.DataFrame({"doc_id": ["p1", "p2"], "outlet": ["NPR Online News", "Vox"], "content": ["One.", "Two."],
                  "published": pd.to_datetime(["2019-01-01", None]), "score": [1.5, 2.5]}).to_parquet(path)
    corpus = load(path)
    docs = corpus.documents.set_index("doc_id")
    assert corpus.tally() == {"seen": 2, "loaded": 2, "rejected": 0}
    assert docs.loc["p1", "outlet"] == "NPR" and docs.loc["p2", "text"] == "Two."
    assert docs.loc["p1", "published"] == pd.Timestamp("2019-01-01") and pd.isna(docs.loc["p2", "published"])
    assert docs.loc["p2", "score"] == 2.5 and docs.loc["p1", "source"] == f"{path}#0"


def test_parquet_without_text_column_is_an_error(tmp_path):
    path = tmp_path / "a.parquet"
    pd.DataFrame({"outlet": ["X"], "words": ["w"]}).to_parquet(path)
    with pytest.raises(CorpusError, match="no text column"):
        load(path)


PARA = ("The council voted on {day} to approve the new budget, which raises spending on schools and roads "
        "while cutting administrative costs across several departments of the city government.")


def _page(title, site, date, url, days=("Tuesday", "Monday", "Friday")):
    paras = "".join(f"<p>{PARA.format(day=d)}</p>" for d in days)
    return (f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}">'
            f'<meta property="article:published_time" content="{date}"><link rel="canonical" href="{url}"></head>'
            f'<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
            f'<article><h1>{title}</h1>{paras}</article>'
            f'<footer>Copyright 2021 {site}. All rights reserved. Subscribe to our newsletter.</footer></body></html>')


def test_html_through_trafilatura(tmp_path):
    (tmp_path / "planet").mkdir()
    (tmp_path / "planet" / "budget.html").write_text(
        _page("Council approves budget", "Daily Planet", "2021-03-04", "https://planet.example/budget"), "utf-8")
    (tmp_path / "loose.htm").write_text(
        _page("Mayor signs budget", "Bugle", "2021-03-05", "https://bugle.example/b"), "utf-8")
    (tmp_path / "empty.html").write_text("<html><body></body></html>", "utf-8")
    corpus = load(tmp_path)
    docs = corpus.documents.set_index("doc_id")
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    doc = docs.loc["planet/budget.html"]
    assert doc["outlet"] == "planet"  # the sub-folder names the outlet
    assert doc["title"] == "Council approves budget" and doc["url"] == "https://planet.example/budget"
    assert doc["published"] == pd.Timestamp("2021-03-04")
    assert PARA.format(day="Friday") in doc["text"]
    assert "Copyright" not in doc["text"] and "Sport" not in doc["text"]
    assert docs.loc["loose.htm", "outlet"] == "Bugle"  # no sub-folder: the page's site name
    assert corpus.rejects.iloc[0]["source"].endswith("empty.html")


# --- bad input ----------------------------------------------------------------------------------------

def test_malformed_json_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "outlet": "X", "text": "ok"}\n{"id": 2, "outlet": "X", "text": \n[1, 2]\n', "utf-8")
    corpus = load(path)
    assert corpus.tally() == {"seen": 3, "loaded": 1, "rejected": 2}
    assert reasons(corpus) == {("2", "malformed_record"), ("3", "malformed_record")}
    detail = corpus.rejects.set_index("record").loc["2", "detail"]
    assert "line 2" in detail and "fix or delete" in detail
    assert set(corpus.rejects["source"]) == {str(path)}


def test_non_utf8_bytes_name_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"outlet": "X", "text": "fine"}\n{"outlet": "X", "text": "caf\xe9"}\n')
    corpus = load(path)
    rej = corpus.rejects.iloc[0]
    assert (rej["source"], rej["record"], rej["reason"]) == (str(path), "2", "bad_encoding")
    assert "line 2" in rej["detail"] and "0xe9" in rej["detail"] and "UTF-8" in rej["detail"]

    csv_path = tmp_path / "b.csv"
    csv_path.write_bytes(b"outlet,text\nX,fine\nX,caf\xe9\nX,also fine\n")
    corpus = load(csv_path)
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    assert reasons(corpus) == {("3", "bad_encoding")}
    assert "line 3" in corpus.rejects.iloc[0]["detail"]

    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "o").mkdir()
    (tmp_path / "txt" / "o" / "bad.txt").write_bytes(b"line one\nline \xff two\n")
    (tmp_path / "txt" / "o" / "good.txt").write_text("Good.", "utf-8")
    corpus = load(tmp_path / "txt")
    rej = corpus.rejects.iloc[0]
    assert rej["source"].endswith("bad.txt") and rej["record"] == "2" and rej["reason"] == "bad_encoding"


def test_empty_text_missing_outlet_duplicate_id(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "outlet": "X", "text": "One."},
        {"id": "b", "outlet": "X", "text": "   "},
        {"id": "c", "text": "No outlet."},
        {"id": "a", "outlet": "Y", "text": "Same id."},
    ])
    corpus = load(path)
    assert corpus.tally() == {"seen": 4, "loaded": 1, "rejected": 3}
    assert reasons(corpus) == {("2", "empty_text"), ("3", "missing_outlet"), ("4", "duplicate_id")}
    dup = corpus.rejects.set_index("reason").loc["duplicate_id", "detail"]
    assert f"{path}:1" in dup and "unique id" in dup


def test_exact_duplicate_text_is_flagged_not_dropped(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "outlet": "X", "text": "Wire copy."},
        {"id": "b", "outlet": "Y", "text": "Wire copy."},
        {"id": "c", "outlet": "Y", "text": "Wire copy. "},
    ])
    docs = load(path).documents.set_index("doc_id")
    assert len(docs) == 3
    assert docs["duplicate_of"].to_dict() == {"a": "", "b": "a", "c": ""}


def test_all_empty_csv_row_is_a_record(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("outlet,text\nX,One\n,\n\nX,Two\n", "utf-8")
    corpus = load(path)
    # ",": a record with no outlet and no text (rejected); the blank line is not a record
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    assert reasons(corpus) == {("3", "empty_text")}


def test_wrong_number_of_csv_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("outlet,text\nX,One\nX,Two,extra\n", "utf-8")
    corpus = load(path)
    assert reasons(corpus) == {("3", "malformed_record")}
    assert "3 fields, the header has 2" in corpus.rejects.iloc[0]["detail"]


def test_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="folder is empty") as err:
        load(tmp_path)
    assert str(tmp_path) in str(err.value) and "Fix:" in str(err.value)
    with pytest.raises(CorpusError, match="no .txt files"):
        load(tmp_path, "txt")


def test_unknown_format(tmp_path):
    (tmp_path / "a.xyz").write_text("?", "utf-8")
    with pytest.raises(CorpusError, match="cannot tell the corpus format") as err:
        load(tmp_path / "a.xyz")
    assert "--format" in str(err.value) and "jsonl" in str(err.value)
    with pytest.raises(CorpusError, match="unknown format 'bogus'") as err:
        load(tmp_path / "a.xyz", "bogus")
    assert "basil" in str(err.value)  # the fix lists every format, adapters included


def test_missing_path():
    with pytest.raises(CorpusError, match="no such file or folder"):
        load("/nonexistent/corpus.jsonl")
    with pytest.raises(CorpusError, match="no such file or folder"):
        load("/nonexistent/corpus.jsonl", "jsonl")


def test_missing_text_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("outlet,body_text\nX,Y\n", "utf-8")
    with pytest.raises(CorpusError, match="no text column") as err:
        load(path)
    assert f"{path}:1" in str(err.value) and "--column text=" in str(err.value)
    jpath = write_jsonl(tmp_path / "a.jsonl", [{"outlet": "X", "body_text": "Y"}])
    with pytest.raises(CorpusError, match="no text column"):
        load(jpath)


def test_column_mapping_only_for_tabular_formats(tmp_path):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a.txt").write_text("Text.", "utf-8")
    with pytest.raises(CorpusError, match="column mapping does not apply"):
        load(tmp_path, columns={"text": "body"})


def test_huge_file_guard(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "a.jsonl", [{"outlet": "X", "text": "x" * 500}])
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    with pytest.raises(CorpusError, match="above the") as err:
        load(path)
    assert str(path) in str(err.value) and "split it" in str(err.value)
    # inside a folder, one big file is a reject and the rest still loads
    (tmp_path / "o" / "paper").mkdir(parents=True)
    (tmp_path / "o" / "paper" / "big.txt").write_text("y" * 500, "utf-8")
    (tmp_path / "o" / "paper" / "small.txt").write_text("small", "utf-8")
    corpus = load(tmp_path / "o", "txt")
    assert corpus.tally() == {"seen": 2, "loaded": 1, "rejected": 1}
    assert corpus.rejects.iloc[0]["reason"] == "unreadable_file"


# --- property: every record is loaded or rejected, at the right line, for the right reason ---------------

KINDS = ["good", "malformed", "empty", "dup_id", "missing_outlet", "bad_bytes", "blank"]
REASON = {"malformed": "malformed_record", "empty": "empty_text", "missing_outlet": "missing_outlet",
          "bad_bytes": "bad_encoding", "unclosed_quote": "malformed_record"}
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: t.strip())


def _expected(kinds):
    """Expected reject reason per record index (None = loaded), the first dup_id record loading."""
    seen_dup = False
    out = []
    for k in kinds:
        if k == "dup_id":
            out.append("duplicate_id" if seen_dup else None)
            seen_dup = True
        else:
            out.append(REASON.get(k))
    return out


def _check(corpus, line_of, expected):
    assert corpus.records_seen == len(expected)
    assert len(corpus.documents) + len(corpus.rejects) == corpus.records_seen
    want = {(str(line_of[i]), r) for i, r in enumerate(expected) if r}
    assert reasons(corpus) == want
    assert len(corpus.documents) == sum(r is None for r in expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(KINDS), max_size=25), data=st.data())
def test_jsonl_property_every_line_accounted_for(tmp_path_factory, kinds, data):
    path = tmp_path_factory.mktemp("prop") / "p.jsonl"
    out, line_of, expected_kinds = [], [], []
    for i, kind in enumerate(kinds):
        text = data.draw(texts)
        obj = {"id": f"g{i}", "outlet": "Outlet", "text": text}
        if kind == "blank":
            out.append(b"   \n")
            continue
        if kind == "malformed":
            raw = json.dumps(obj).encode()[:-1]  # truncated: no closing brace
        elif kind == "empty":
            raw = json.dumps({**obj, "text": data.draw(st.sampled_from(["", " ", "\n\t"]))}).encode()
        elif kind == "dup_id":
            raw = json.dumps({**obj, "id": "dup"}).encode()
        elif kind == "missing_outlet":
            raw = json.dumps(data.draw(st.sampled_from([{"id": obj["id"], "text": text}, {**obj, "outlet": ""}])))\
                .encode()
        elif kind == "bad_bytes":
            raw = json.dumps({**obj, "text": "MARK"}).encode().replace(b"MARK", b"caf\xe9")
        else:
            raw = json.dumps(obj).encode()
        out.append(raw + b"\n")
        line_of.append(len(out))
        expected_kinds.append(kind)
    path.write_bytes(b"".join(out))
    corpus = readers.read_jsonl(path)
    built = build_corpus(corpus.records, corpus.rejects, records_seen=corpus.seen)
    _check(built, line_of, _expected(expected_kinds))
    streamed = fl.load_corpus(path, "jsonl", clean=False)  # read by stream_jsonl, built as it is read
    pd.testing.assert_frame_equal(streamed.documents, built.documents, check_exact=True)
    pd.testing.assert_frame_equal(streamed.rejects, built.rejects, check_exact=True)
    assert streamed.tally() == built.tally()


csv_texts = st.lists(texts, min_size=1, max_size=3).map("\n".join)  # quoted fields may span lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(KINDS + ["unclosed_quote"]), max_size=25), data=st.data())
def test_csv_property_every_row_accounted_for(tmp_path_factory, kinds, data):
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    buf = io.BytesIO()
    buf.write(b"id,outlet,text\n")
    line = 1
    line_of, expected_kinds = [], []

    def row(cells):
        s = io.StringIO()
        csv.writer(s, lineterminator="\n").writerow(cells)
        return s.getvalue().encode("utf-8")

    for i, kind in enumerate(kinds):
        text = data.draw(csv_texts)
        if kind == "blank":
            raw = b"\n"
        elif kind == "malformed":
            raw = row([f"g{i}", "Outlet", text, "extra"])
        elif kind == "empty":
            raw = row([f"g{i}", "Outlet", data.draw(st.sampled_from(["", " "]))])
        elif kind == "dup_id":
            raw = row(["dup", "Outlet", text])
        elif kind == "missing_outlet":
            raw = row([f"g{i}", "", text])
        elif kind == "bad_bytes":
            raw = row([f"g{i}", "Outlet", text + " MARK"]).replace(b"MARK", b"\xff")
        elif kind == "unclosed_quote":  # its quote would swallow every following row
            one_line = " ".join(text.replace('"', "").split()) or "x"
            raw = f'g{i},Outlet,"{one_line}\n'.encode("utf-8")
        else:
            raw = row([f"g{i}", "Outlet", text])
        if kind != "blank":
            line_of.append(line + 1)
            expected_kinds.append(kind)
        buf.write(raw)
        line += raw.count(b"\n")
    path.write_bytes(buf.getvalue())
    res = readers.read_table(path)
    built = build_corpus(res.records, res.rejects, records_seen=res.seen)
    _check(built, line_of, _expected(expected_kinds))


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file(tmp_path):
    """Ten rows with an unterminated quote on row 3 loaded as '3 seen = 3 loaded + 0 rejected', rows 4-10
    inside document 3's text, with no warning."""
    for quoted in (False, True):  # other rows unquoted (the quote runs to the end) or quoted
        rows = ["doc_id,outlet,text"]
        for i in range(1, 11):
            t = f"Article {i} says the plan may work."
            rows.append(f'{i},Outlet A,"{t}' if i == 3 else f'{i},Outlet A,"{t}"' if quoted else f"{i},Outlet A,{t}")
        path = tmp_path / f"q{quoted}.csv"
        path.write_text("\n".join(rows) + "\n", "utf-8")
        corpus = load(path)
        assert corpus.tally() == {"seen": 10, "loaded": 9, "rejected": 1}
        rej = corpus.rejects.iloc[0]
        assert (rej["source"], rej["record"], rej["reason"]) == (str(path), "4", "malformed_record")
        assert "opens a quote" in rej["detail"] and "Close the quote on line 4" in rej["detail"]
        assert sorted(corpus.documents["doc_id"], key=int) == [str(i) for i in range(1, 11) if i != 3]
        assert corpus.documents["text"].str.len().max() < 60  # no document holds the other rows


def test_an_unclosed_quote_that_closes_on_the_next_rows_quote_is_still_found(tmp_path):
    """Found by the property test: 'g10,Outlet,"0' then 'g11,Outlet,",0"' parses strictly as one record
    of four fields, so row g11 was lost inside a 'wrong number of fields' reject (12 rows, 11 seen)."""
    rows = ["id,outlet,text"] + [f"g{i},Outlet,0" for i in range(10)] + ['g10,Outlet,"0', 'g11,Outlet,",0"']
    path = tmp_path / "q.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    corpus = load(path)
    assert corpus.tally() == {"seen": 12, "loaded": 11, "rejected": 1}
    rej = corpus.rejects.iloc[0]
    assert (rej["record"], rej["reason"]) == ("12", "malformed_record") and "opens a quote" in rej["detail"]
    assert "g11" in set(corpus.documents["doc_id"]) and "g10" not in set(corpus.documents["doc_id"])


def test_a_well_quoted_multi_line_field_still_loads(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('doc_id,outlet,text\n1,A,"Para one, with a comma.\n\nPara two says ""yes""."\n2,A,"b"\n', "utf-8")
    corpus = load(path)
    assert corpus.tally() == {"seen": 2, "loaded": 2, "rejected": 0}
    assert corpus.documents.iloc[0]["text"] == 'Para one, with a comma.\n\nPara two says "yes".'


def test_json_array_file(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"id": "j1", "outlet": "Vox", "text": "One."}, "not an object",
                                {"id": "j2", "outlet": "Vox", "text": ""}], indent=2), "utf-8")
    corpus = load(path)
    assert corpus.tally() == {"seen": 3, "loaded": 1, "rejected": 2}
    assert reasons(corpus) == {("1", "malformed_record"), ("2", "empty_text")}
    assert corpus.documents.iloc[0]["source"] == f"{path}#0"
    (tmp_path / "bad.json").write_text('[{"text": "x"},\n  {"text": }]', "utf-8")
    with pytest.raises(CorpusError, match="invalid JSON") as err:
        load(tmp_path / "bad.json")
    assert f"{tmp_path / 'bad.json'}:2" in str(err.value)


# --- one bad record is one reject, whatever is wrong with it; every path seen is counted -----------------

def _jsonl_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


GOOD = '{"id": "g%d", "outlet": "A", "text": "Officials said it may work."}'


@pytest.mark.parametrize("line, reason, words", [
    ('{"id": "s1", "outlet": "A", "text": "x \\ud800"}', "bad_encoding", "lone surrogate \\ud800"),
    ('{"id": "s2", "outlet": "A", "text": "cut emoji \\ud83d"}', "bad_encoding", "lone surrogate \\ud83d"),
    ('{"id": "s3", "outlet": "A \\udc80", "text": "fine"}', "bad_encoding", "field 'outlet'"),
    ('{"id": "n1", "outlet": "A", "text": "ok", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "malformed_record", "nested too deeply"),
    ('{"id": "n2", "outlet": "A", "text": "ok", "n": ' + "9" * 5000 + "}", "malformed_record", "cannot be read"),
    ('{"id": "t1", "outlet": "A", "text": 123}', "wrong_type", "a number (123)"),
    ('{"id": "t2", "outlet": "A", "text": true}', "wrong_type", "true/false"),
    ('{"id": "t3", "outlet": "A", "text": {"body": "x"}}', "wrong_type", "an object"),
    ('{"id": "t4", "outlet": "A", "text": [1, 2]}', "wrong_type", "a list"),
    ('{"id": "t5", "outlet": "A", "text": Infinity}', "wrong_type", "a number (inf)"),
    ('{"id": "t6", "outlet": "A", "text": NaN, "title": "x"}', "empty_text", "has no text"),
    ('{"id": "o1", "outlet": ["A", "B"], "text": "Officials said."}', "wrong_type", "field 'outlet' holds a list"),
    ('{"id": "o2", "outlet": {"name": "A"}, "text": "Officials said."}', "wrong_type", "field 'outlet' holds an object"),
    ('{"id": "o3", "outlet": true, "text": "Officials said."}', "wrong_type", "field 'outlet' holds true/false"),
    ('{"id": ["x"], "outlet": "A", "text": "Officials said."}', "wrong_type", "field 'doc_id' holds a list"),
    ('{"id": "u1", "outlet": "A", "text": "Officials said.", "url": {"href": "x"}}', "wrong_type", "field 'url'"),
])
def test_one_bad_record_is_one_reject_and_the_rest_loads(tmp_path, line, reason, words):
    path = _jsonl_lines(tmp_path / "b.jsonl", [GOOD % 1, line, GOOD % 2])
    corpus = load(path)
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    rej = corpus.rejects.iloc[0]
    assert (rej["record"], rej["reason"]) == ("2", reason)
    assert words in rej["detail"]


def test_text_as_a_list_of_paragraphs_still_loads(tmp_path):
    path = _jsonl_lines(tmp_path / "p.jsonl", ['{"id": "p", "outlet": "A", "text": ["One.", "Two."]}'])
    assert load(path).documents.iloc[0]["text"] == "One.\nTwo."


def test_parquet_binary_and_list_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "X"],
                      "text": pa.array([b"binary text", b"more", None], type=pa.binary())})
    pq.write_table(table, tmp_path / "bin.parquet")
    corpus = load(tmp_path / "bin.parquet")
    assert corpus.tally() == {"seen": 3, "loaded": 0, "rejected": 3}
    assert corpus.rejects["reason"].tolist() == ["wrong_type", "wrong_type", "empty_text"]
    assert "bytes (b'binary text')" in corpus.rejects.iloc[0]["detail"]
    paragraphs = pa.table({"doc_id": ["a"], "outlet": ["X"], "text": [["First.", "Second."]]})
    pq.write_table(paragraphs, tmp_path / "list.parquet")
    assert load(tmp_path / "list.parquet").documents.iloc[0]["text"] == "First.\nSecond."


def test_integer_dates_are_seconds_since_1970_and_the_load_says_so(tmp_path, caplog):
    path = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "a", "outlet": "A", "text": "x", "published": 1700000000},
        {"id": "b", "outlet": "A", "text": "y", "published": 1700000000.5},
        {"id": "c", "outlet": "A", "text": "z", "published": "2024-03-01"},
        {"id": "d", "outlet": "A", "text": "w", "published": "not a date"}])
    with caplog.at_level("INFO", logger="framelens"):
        corpus = load(path)
    got = corpus.documents.set_index("doc_id")["published"]
    assert got["a"] == pd.Timestamp("2023-11-14 22:13:20")  # not 1970-01-01 00:00:01.7
    assert got["b"] == pd.Timestamp("2023-11-14 22:13:20.5")
    assert got["c"] == pd.Timestamp("2024-03-01") and pd.isna(got["d"])
    assert "read as seconds since 1970-01-01" in caplog.text
    assert "1 publication date(s) could not be read" in caplog.text
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("doc_id,outlet,text,published\n1,A,x,1700000000\n", "utf-8")
    assert load(csv_path).documents.iloc[0]["published"] == pd.Timestamp("2023-11-14 22:13:20")


def test_an_unreadable_jsonl_file_is_one_clear_error(tmp_path, monkeypatch):
    """A PermissionError on open was a traceback."""
    path = _jsonl_lines(tmp_path / "locked.jsonl", [GOOD % 1])
    real_open = open

    def refusing(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(readers, "open", refusing, raising=False)
    with pytest.raises(CorpusError, match="cannot read the file: Permission denied") as err:
        load(path)
    assert str(path) in str(err.value) and "Fix:" in str(err.value)


def _txt_tree(tmp_path):
    for outlet, name in (("a", "1"), ("b", "2"), ("locked", "3")):
        (tmp_path / outlet).mkdir(parents=True, exist_ok=True)
        (tmp_path / outlet / f"{name}.txt").write_text("Officials said it may work.", "utf-8")
    return tmp_path


def test_files_in_an_unreadable_sub_folder_are_counted(tmp_path, monkeypatch):
    """rglob skipped an unreadable folder silently: its files vanished from the tally."""
    import os as _os

    root = _txt_tree(tmp_path / "c")
    real_scandir = _os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    corpus = load(root)
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}
    rej = corpus.rejects.iloc[0]
    assert rej["source"] == str(root / "locked") and rej["reason"] == "unreadable_file"
    assert "cannot open the folder: Permission denied" in rej["detail"]


@pytest.mark.skipif(hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0,
                    reason="root reads a chmod-000 folder anyway; the scandir fault test covers this as root")
def test_a_chmod_000_sub_folder_is_a_reject(tmp_path):
    root = _txt_tree(tmp_path / "c")
    (root / "locked").chmod(0)
    try:
        corpus = load(root)
    finally:
        (root / "locked").chmod(0o755)
    assert corpus.tally() == {"seen": 3, "loaded": 2, "rejected": 1}


def test_broken_looping_and_special_txt_paths_are_rejects(tmp_path):
    import os as _os

    root = _txt_tree(tmp_path / "c")
    (root / "a" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "a" / "loop.txt").symlink_to(root / "a" / "loop.txt")
    _os.mkfifo(root / "a" / "pipe.txt")  # reading it would block forever
    (root / "a" / "again").symlink_to(root / "b", target_is_directory=True)
    (root / "b" / "back").symlink_to(root, target_is_directory=True)  # a folder loop
    corpus = load(root)
    assert corpus.tally()["seen"] == 3 + 5
    assert len(corpus.documents) == 3 and set(corpus.documents["outlet"].astype(str)) == {"a", "b", "locked"}
    by_file = {Path(s).name: d for s, d in zip(corpus.rejects["source"], corpus.rejects["detail"])}
    assert "broken symbolic link" in by_file["dangling.txt"] and "symbolic link loop" in by_file["loop.txt"]
    assert "not a regular file" in by_file["pipe.txt"]
    assert "already read" in by_file["again"] and "already read" in by_file["back"]


def test_stream_jsonl_reads_the_file_as_its_records_are_consumed(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "outlet": "X", "body": "One."}\n{broken\n{"id": "b", "outlet": "X", "body": "Two."}\n',
                    encoding="utf-8")
    res = readers.stream_jsonl(path)
    assert res.rejects == [] and res.columns_used == {}  # nothing read yet
    first = next(res.records)
    assert first["doc_id"] == "a" and first["text"] == "One." and res.rejects == []
    rest = list(res.records)
    assert [r["doc_id"] for r in rest] == ["b"]
    assert [(r.record, r.reason) for r in res.rejects] == [("2", "malformed_record")]
    assert res.columns_used == {"doc_id": "id", "outlet": "outlet", "text": "body"}
    listed = readers.read_jsonl(path)
    assert listed.records == [first, *rest] and listed.seen == 3


def test_stream_jsonl_without_a_text_field_fails_at_the_end(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"id": "a", "outlet": "X", "words": "One."}\n', encoding="utf-8")
    res = readers.stream_jsonl(path)
    with pytest.raises(CorpusError, match="no text column"):
        list(res.records)
