"""``load_corpus`` (format detection and dispatch) and the ``framelens load`` command."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import framelens as fl
from framelens.cli import main
from framelens.corpus.load import detect_format, formats
from framelens.errors import CorpusError


@pytest.fixture()
def small_jsonl(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [{"id": "a", "outlet": "fox", "date": "2020-01-02", "text": "One two three."},
            {"id": "b", "outlet": "Fox News (Online News)", "date": "2020-03-04", "text": "Four five."},
            {"id": "c", "outlet": "Reuters", "text": "Six."},
            {"id": "d", "outlet": "Reuters", "text": ""}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", "utf-8")
    return path


def test_formats_lists_generic_formats_and_every_adapter():
    f = formats()
    for name in ["txt", "jsonl", "csv", "tsv", "parquet", "html", "demo", "seed", "basil", "newswcl50", "babe",
                 "mbic", "allsides", "neus", "pac"]:
        assert name in f and f[name]


def test_detect_by_suffix(tmp_path):
    for name, fmt in [("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"), ("a.csv", "csv"), ("a.tsv", "tsv"),
                      ("a.parquet", "parquet"), ("a.html", "html")]:
        (tmp_path / name).write_text("x", "utf-8")
        assert detect_format(tmp_path / name) == fmt


def test_format_spellings_are_accepted(small_jsonl):
    for spelling in ("jsonl", "JSONL", "json", "ndjson", " jsonl "):
        assert fl.load_corpus(small_jsonl, spelling, clean=False).tally()["loaded"] == 3


def test_outlets_are_normalised_and_raw_kept(small_jsonl):
    docs = fl.load_corpus(small_jsonl, clean=False).documents
    assert list(docs["outlet"]) == ["Fox News", "Fox News", "Reuters"]
    assert list(docs["outlet_raw"]) == ["fox", "Fox News (Online News)", "Reuters"]
    assert docs["outlet"].dtype == "str"  # the same dtype as in every result table


def test_alias_file_is_merged_over_the_shipped_table(small_jsonl, tmp_path):
    table = tmp_path / "aliases.yml"
    table.write_text("Thomson Reuters: [Reuters]\n", "utf-8")
    docs = fl.load_corpus(small_jsonl, clean=False, aliases=table).documents
    assert list(docs["outlet"]) == ["Fox News", "Fox News", "Thomson Reuters"]


def test_load_prints_the_per_outlet_summary_and_the_tally(small_jsonl):
    res = CliRunner().invoke(main, ["load", str(small_jsonl), "--no-clean"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    header = lines[0].split()
    assert header == ["outlet", "documents", "words", "first_date", "last_date"]
    fox = next(ln for ln in lines if ln.strip().startswith("Fox News")).split()
    assert fox[2:5] == ["2", "5", "2020-01-02"]  # 2 documents, 5 words, first date
    assert any(ln.split()[:3] == ["Reuters", "1", "1"] for ln in lines)
    assert "5 records seen = 3 loaded + 2 rejected" in lines
    assert "Rejects (reason counts): empty_text=1, malformed_record=1" in lines


def test_load_shows_rejects_with_file_and_line(small_jsonl):
    res = CliRunner().invoke(main, ["load", str(small_jsonl), "--no-clean"])
    rejects = res.stdout.split("Rejects (reason counts)")[1].splitlines()[2:]
    assert len(rejects) == 2
    assert any(ln.split()[1:3] == ["5", "malformed_record"] for ln in rejects)  # file, line 5, reason
    assert any(ln.split()[1:3] == ["4", "empty_text"] for ln in rejects)
    assert all(ln.split()[0] == str(small_jsonl) for ln in rejects)


def test_load_a_shared_corpus_by_layout():
    from conftest import shared_path

    res = CliRunner().invoke(main, ["load", str(shared_path("seed-presstv-karabakh"))])
    assert res.exit_code == 0, res.output
    assert "Press TV" in res.stdout and "1 records seen = 1 loaded + 0 rejected" in res.stdout


@pytest.mark.parametrize("args, message", [
    (["load", "/nonexistent/corpus"], "no such file or folder"),
    (["load", "{path}", "--format", "bogus"], "unknown format 'bogus'"),
    (["load", "{path}", "--column", "textbody"], "bad --column"),
    (["load", "{path}", "--format", "basil"], "not a BASIL folder"),
])
def test_user_mistakes_exit_2_with_one_line(small_jsonl, args, message):
    args = [a.replace("{path}", str(small_jsonl)) for a in args]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert isinstance(res.exception, SystemExit)
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("framelens: error:")
    assert message in err[0] and "Fix:" in err[0]


def test_empty_folder_exits_2(tmp_path):
    res = CliRunner().invoke(main, ["load", str(tmp_path)])
    assert res.exit_code == 2
    assert res.stderr.strip().startswith("framelens: error:") and "folder is empty" in res.stderr


def test_load_corpus_raises_corpus_error_not_other_errors(tmp_path):
    (tmp_path / "x.csv").write_text("", "utf-8")
    with pytest.raises(CorpusError, match="file is empty"):
        fl.load_corpus(tmp_path / "x.csv", clean=False)


# --- issue 11: inputs that explain themselves --------------------------------------------------

def test_a_table_without_an_outlet_column_is_one_error_naming_the_columns_and_the_fix(tmp_path):
    """It was one missing_outlet reject per row, cut off in the terminal, and `load` exited 0."""
    path = tmp_path / "no_outlet.csv"
    path.write_text("id,body,source_name\n1,Text one here.,A\n2,Text two here.,B\n", "utf-8")
    with pytest.raises(CorpusError) as err:
        fl.load_corpus(path)
    msg = str(err.value)
    assert f"{path}:1" in msg and "['id', 'body', 'source_name']" in msg and "--column outlet=" in msg
    corpus = fl.load_corpus(path, columns={"outlet": "source_name"})
    assert sorted(corpus.documents["outlet"]) == ["A", "B"]
    res = CliRunner().invoke(main, ["load", str(path)])
    assert res.exit_code != 0 and "no outlet column" in res.output


def test_load_fails_when_no_document_loads(tmp_path):
    path = tmp_path / "empty_texts.csv"
    path.write_text("id,outlet,text\n1,A,\n2,B, \n", "utf-8")
    res = CliRunner().invoke(main, ["load", str(path)])
    assert res.exit_code != 0
    assert "2 records seen = 0 loaded + 2 rejected" in res.output  # the tally and the rejects still show
    assert "no document loaded" in res.output


def test_an_excel_workbook_loads_and_a_misnamed_one_is_explained(tmp_path):
    """.xlsx was 'cannot tell the format' and --format csv on it printed the csv module's wording."""
    import pandas as pd

    book = tmp_path / "articles.xlsx"
    pd.DataFrame({"id": ["a1", "a2", ""], "source": ["Outlet A", "Outlet B", ""],
                  "body": ["Officials said it may rain.", "Critics claimed it was a sham.", ""]}).to_excel(book, index=False)
    corpus = fl.load_corpus(book, columns={"text": "body"})
    assert corpus.tally() == {"seen": 2, "loaded": 2, "rejected": 0}  # the blank row is no record
    assert sorted(corpus.documents["outlet"]) == ["Outlet A", "Outlet B"]
    assert detect_format(book) == "xlsx"
    with pytest.raises(CorpusError, match="zip archive .*--format xlsx"):
        fl.load_corpus(book, format="csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(CorpusError, match=r"\.xls workbooks cannot be read.*save it as \.xlsx"):
        fl.load_corpus(old)


def _project(tmp_path):
    """A checkout-like folder: pyproject.toml and notebooks/ at its root, a corpus beside it."""
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    data = tmp_path / "shared" / "data" / "mini"
    data.mkdir(parents=True)
    (data / "c.jsonl").write_text('{"id": "1", "outlet": "A", "text": "Officials said it may work."}\n', "utf-8")
    return root


def test_a_readme_path_loads_from_notebooks_as_a_kernel_would(tmp_path, monkeypatch):
    """Opened from notebooks/, '../shared/data/...' was resolved against notebooks/ and failed."""
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    assert len(fl.load_corpus("../shared/data/mini/c.jsonl").documents) == 1  # the CLI, from the root
    monkeypatch.chdir(root / "notebooks")
    assert len(fl.load_corpus("../shared/data/mini/c.jsonl").documents) == 1  # a kernel in notebooks/


def test_a_wrong_path_names_where_it_looked_and_the_closest_name(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.chdir(root / "notebooks")
    with pytest.raises(CorpusError) as err:
        fl.load_corpus("../shared/data/minii")
    msg = str(err.value)
    assert str((root / "shared" / "data" / "minii").resolve()) in msg      # from notebooks/ (the working folder)
    assert str((tmp_path / "shared" / "data" / "minii").resolve()) in msg  # and from the project root
    assert "did you mean '../shared/data/mini'?" in msg


def test_a_misspelled_pack_is_reported_with_a_suggestion_before_the_corpus_is_loaded(tmp_path):
    res = CliRunner().invoke(main, ["analyze", str(tmp_path / "not-there.jsonl"), "--lexicons", "hedgs",
                                    "--out", str(tmp_path / "out")])
    assert res.exit_code != 0
    assert "unknown lexicon pack 'hedgs'" in res.output and "did you mean 'hedges'?" in res.output
    assert "no such file" not in res.output  # the corpus was never looked for


def test_load_says_which_columns_it_used_and_which_outlet_names_it_merged(tmp_path):
    """`body` was taken as the text and "Fox" became "Fox News" without a word."""
    from framelens.compare.manifest import build_manifest

    path = tmp_path / "cols.csv"
    path.write_text("id,source,body,date\n1,Fox,Officials said it may rain.,2020-01-02\n"
                    "2,Reuters,Critics said no.,2020-01-03\n", "utf-8")
    corpus = fl.load_corpus(path)
    assert corpus.columns_used == {"doc_id": "id", "outlet": "source", "published": "date", "text": "body"}
    merged = corpus.merged_outlets()
    assert merged[["outlet_raw", "outlet", "documents"]].values.tolist() == [["Fox", "Fox News", 1]]
    assert build_manifest(corpus, lexicons=[])["corpus"]["columns_used"]["text"] == "body"
    res = CliRunner().invoke(main, ["load", str(path)])
    assert res.exit_code == 0
    assert "columns used: doc_id <- id, outlet <- source, published <- date, text <- body" in res.output
    assert "outlet names merged by the alias table: 'Fox' -> 'Fox News' (1)" in res.output
