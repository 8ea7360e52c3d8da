"""The standing fuzz suite: broken input for every reader, generated (hypothesis) and catalogued, through
the library and the command line. Whatever the input:

* the load never raises anything but a :class:`~framelens.errors.CorpusError` (the corpus as a whole
  cannot be read), and then the CLI prints one line ``framelens: error: <where>: <what> Fix: <how>``
  and exits with status 2, never a traceback;
* otherwise the tally adds up (records seen = loaded + rejected), every record the input holds is
  counted, and every reject names its file and a fix.

The fault probes (a run killed between renames, a full disk, a size limit, a read-only folder, a
second run on the same output) are in ``test_outputs.py`` and ``test_cache.py``; the memory bound on
one long document is ``benchmarks/long_document.py``. docs/reliability.md counts what was tried.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framelens as fl
from framelens.cli import main
from framelens.errors import CorpusError

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
TALLY = re.compile(r"(\d+) records seen = (\d+) loaded \+ (\d+) rejected")


def load(path, fmt=None):
    """``load_corpus`` that may only fail with a CorpusError naming where and how to fix it."""
    try:
        corpus = fl.load_corpus(path, fmt, clean=False)
    except CorpusError as exc:
        assert exc.where and exc.fix, str(exc)
        return None
    t = corpus.tally()
    assert t["seen"] == t["loaded"] + t["rejected"]
    assert corpus.rejects["source"].astype(str).str.len().gt(0).all()
    assert corpus.rejects["detail"].astype(str).str.len().gt(10).all()
    return corpus


def cli_load(path, *args):
    """`framelens load PATH`: exit 0 with a tally that adds up, or exit 2 with one error line (after the
    tally, when every record was rejected)."""
    res = CliRunner().invoke(main, ["load", str(path), "--no-clean", *args])
    assert "Traceback" not in res.output and not isinstance(res.exception, (AssertionError, TypeError, ValueError,
                                                                            KeyError, RecursionError, OSError))
    if res.exit_code == 2:
        errors = [ln for ln in res.output.splitlines() if ln.startswith("framelens: error:")]
        assert len(errors) == 1 and "Fix:" in errors[0], res.output
        tally = TALLY.search(res.output)
        if tally:  # every record was rejected: the tally still adds up, and nothing loaded
            seen, loaded, rejected = map(int, tally.groups())
            assert loaded == 0 and seen == rejected and "no document loaded" in errors[0], res.output
        return None
    assert res.exit_code == 0, res.output
    seen, loaded, rejected = map(int, TALLY.search(res.output).groups())
    assert seen == loaded + rejected
    assert "\x1b" not in res.output
    return seen, loaded, rejected


# --------------------------------------------------------------------------------- generated values
odd_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn"]), max_size=10),
    st.sampled_from(["\ud800", "x \udc80 y", "\x1b[2J", "\u202e", "$_$", "a/b", "\x00", " ", "", "\ufeff"]),
    st.text(min_size=1, max_size=5).map(lambda s: s * 2000),
)
odd_value = st.one_of(
    odd_text, st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
json_line = st.one_of(
    st.fixed_dictionaries({}, optional={"id": odd_value, "outlet": odd_value, "text": odd_value,
                                        "published": odd_value, "title": odd_value, "url": odd_value,
                                        "event_id": odd_value}).map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=40),                                             # bytes, often not UTF-8
    st.integers(1, 3000).map(lambda n: b'{"text": "x", "outlet": "o", "m": ' + b"[" * n + b"]" * n + b"}"),
    st.sampled_from([b"{", b"[]", b"null", b'"just a string"', b"{'single': 'quotes'}", b'{"a": NaN}',
                     b'{"text": 1e999, "outlet": "o"}', b"\xef\xbb\xbf{}", b'{"text": "a\\ud800", "outlet": "o"}']),
)


@FUZZ
@given(lines=st.lists(json_line, max_size=12), ending=st.sampled_from([b"\n", b"\r\n"]))
def test_jsonl_whatever_the_lines_every_one_is_counted(tmp_path_factory, lines, ending):
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    path = tmp_path_factory.mktemp("fz") / "f.jsonl"
    path.write_bytes(ending.join(lines) + ending)
    corpus = load(path)
    if corpus is not None:
        assert corpus.records_seen == sum(1 for ln in lines if ln.strip())


def _csv_cell(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


csv_row = st.one_of(
    st.tuples(st.text(max_size=8), st.text(max_size=8), st.text(max_size=40)).map(
        lambda t: ",".join(_csv_cell(x) for x in t)),
    st.text(alphabet=st.sampled_from(list('ab,"\n\r ;\t\x00é')), max_size=30),   # quoting chaos
    st.sampled_from(['1,A,"never closed', '2,A,"x" y', '3,A,b,extra', '4', ',,', '5,A,"a""b"', '6,"A,x']),
)


@FUZZ
@given(rows=st.lists(csv_row, max_size=12), bad_bytes=st.booleans(), sep=st.sampled_from([",", "\t"]))
def test_csv_whatever_the_quoting_the_tally_adds_up(tmp_path_factory, rows, bad_bytes, sep):
    text = "doc_id,outlet,text\n" + "\n".join(rows) + "\n"
    if sep == "\t":
        text = text.replace(",", "\t")
    raw = text.encode("utf-8", "surrogatepass")
    if bad_bytes:
        raw = raw.replace(b"a", b"\xff", 1)
    path = tmp_path_factory.mktemp("fz") / ("f.csv" if sep == "," else "f.tsv")
    path.write_bytes(raw)
    load(path)


@FUZZ
@given(files=st.lists(st.tuples(st.sampled_from(["a", "b", "c/d", ""]), st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12),
    st.one_of(st.binary(max_size=60), st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")))),
    min_size=1, max_size=8), dangling=st.integers(0, 2))
def test_txt_folder_every_path_is_counted(tmp_path_factory, files, dangling):
    root = tmp_path_factory.mktemp("fz") / "corpus"
    made = set()
    for sub, name, raw in files:
        folder = root / sub if sub else root
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name.strip('.') or 'x'}.txt"
        if path in made:
            continue
        try:
            path.write_bytes(raw)
        except OSError:  # a name the file system refuses (too long, ...)
            continue
        made.add(path)
    for i in range(dangling):
        (root / f"gone{i}.txt").symlink_to(root / f"nowhere{i}.txt")
    if not made:
        return
    corpus = load(root, "txt")
    if corpus is not None:
        assert corpus.records_seen == len(made) + dangling


@FUZZ
@given(n=st.integers(1, 6), data=st.data())
def test_parquet_whatever_the_column_types_the_tally_adds_up(tmp_path_factory, n, data):
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {
        "text": st.sampled_from([pa.string(), pa.binary(), pa.int64(), pa.float64(), pa.bool_(),
                                 pa.list_(pa.string()), pa.struct([("a", pa.int64())])]),
        "outlet": st.sampled_from([pa.string(), pa.int64(), pa.list_(pa.string()), pa.binary()]),
    }
    values = {pa.string(): st.one_of(st.none(), odd_text.filter(lambda s: not re.search("[\ud800-\udfff]", s))),
              pa.binary(): st.one_of(st.none(), st.binary(max_size=10)), pa.int64(): st.one_of(st.none(), st.integers(-2**63, 2**63 - 1)),
              pa.float64(): st.one_of(st.none(), st.floats()), pa.bool_(): st.one_of(st.none(), st.booleans()),
              pa.list_(pa.string()): st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3)),
              pa.struct([("a", pa.int64())]): st.one_of(st.none(), st.fixed_dictionaries({"a": st.integers(0, 9)}))}
    columns = {}
    for col, kind in kinds.items():
        t = data.draw(kind)
        columns[col] = pa.array([data.draw(values[t]) for _ in range(n)], type=t)
    path = tmp_path_factory.mktemp("fz") / "f.parquet"
    pq.write_table(pa.table(columns), path)
    corpus = load(path)
    if corpus is not None:
        assert corpus.records_seen == n


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(st.one_of(st.binary(max_size=80), st.text(max_size=80).map(
    lambda s: f"<html><head><title>{s}</title></head><body><p>{s}</p></body>".encode("utf-8", "surrogatepass")),
    st.just(b"<html><body>" + b"<div>" * 3000 + b"deep" + b"</div>" * 3000 + b"</body></html>")),
    min_size=1, max_size=4))
def test_html_whatever_the_pages_every_file_is_counted(tmp_path_factory, pages):
    root = tmp_path_factory.mktemp("fz") / "site"
    (root / "outlet").mkdir(parents=True)
    for i, raw in enumerate(pages):
        (root / "outlet" / f"p{i}.html").write_bytes(raw)
    corpus = load(root, "html")
    if corpus is not None:
        assert corpus.records_seen == len(pages)


# ------------------------------------------------------------------------- the catalogue, through the CLI
def _jsonl(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = '{"id": "g%d", "outlet": "Good", "text": "Officials said it may work."}'

#: Distinct hostile inputs for `framelens load`: (name, builder(tmp_path) -> path, expected exit code).
#: Exit 2 also when every record is rejected (the tally and the rejects are printed first).
CATALOGUE = [
    ("empty file", lambda d: _jsonl(d / "e.jsonl"), 2),
    ("only blank lines", lambda d: _jsonl(d / "b.jsonl", "", "   ", "\t"), 2),
    ("json array of mixed", lambda d: _jsonl(d / "a.json", '[{"text": "x", "outlet": "o"}, 3, null, "s"]'), 0),
    ("json array broken", lambda d: _jsonl(d / "a.json", '[{"text": "x"},'), 2),
    ("json array deeply nested", lambda d: _jsonl(d / "a.json", "[" * 100_000 + "]" * 100_000), 2),
    ("json object not array", lambda d: _jsonl(d / "o.json", '{"text": "x", "outlet": "o"}'), 0),
    ("lone surrogate text", lambda d: _jsonl(d / "s.jsonl", GOOD % 1, '{"outlet": "o", "text": "x \\ud800"}'), 0),
    ("surrogate in outlet", lambda d: _jsonl(d / "s.jsonl", '{"outlet": "\\udfff", "text": "x"}'), 2),
    ("100k-deep nesting", lambda d: _jsonl(d / "n.jsonl", GOOD % 1, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"), 0),
    ("5000-digit number", lambda d: _jsonl(d / "n.jsonl", '{"text": ' + "9" * 5000 + "}", GOOD % 2), 0),
    ("text types", lambda d: _each(d / "t.jsonl", '{{"outlet": "o", "text": {}}}',
                                   "123", "true", "{}", "[1]", "Infinity", "-Infinity", "NaN", "null", '""', '"  "'), 2),
    ("outlet types", lambda d: _each(d / "o.jsonl", '{{"text": "x", "outlet": {}}}',
                                     '["a"]', "{}", "true", "1.5", "7", "null", '""'), 0),
    ("id types and duplicates", lambda d: _each(d / "i.jsonl", '{{"text": "x", "outlet": "o", "id": {}}}',
                                                '"a"', '"a"', "[1]", "{}", "3", "3", "null"), 0),
    ("dates odd", lambda d: _each(d / "d.jsonl", '{{"text": "x", "outlet": "o", "published": {}}}',
                                  "1700000000", "-1", "1e20", '"2024-13-45"', '"never"', "true", "[2024]",
                                  '"1700000000000"', unique_ids=True), 0),
    ("ansi and bidi in names", lambda d: _jsonl(d / "a.jsonl", '{"text": "x", "outlet": "\\u001b[31mRed\\u202e"}'), 0),
    ("20k-char outlet", lambda d: _jsonl(d / "l.jsonl", json.dumps({"text": "x", "outlet": "N" * 20_000})), 0),
    ("bom and crlf", lambda d: _raw(d / "c.jsonl", b"\xef\xbb\xbf" + (GOOD % 1).encode() + b"\r\n"), 0),
    ("latin-1 bytes", lambda d: _raw(d / "l.jsonl", b'{"text": "caf\xe9", "outlet": "o"}\n'), 2),
    ("nul bytes", lambda d: _raw(d / "z.jsonl", b'{"text": "a\x00b", "outlet": "o"}\n\x00\x00\n'), 2),
    ("csv unclosed quote", lambda d: _jsonl(d / "q.csv", "id,outlet,text", '1,A,"open', "2,A,fine", "3,A,fine"), 0),
    ("csv header only", lambda d: _jsonl(d / "h.csv", "id,outlet,text"), 2),
    ("csv no text column", lambda d: _jsonl(d / "n.csv", "id,outlet", "1,A"), 2),
    ("csv header unclosed", lambda d: _jsonl(d / "u.csv", 'id,"outlet,text', "1,A,x"), 2),
    ("csv ragged rows", lambda d: _jsonl(d / "r.csv", "id,outlet,text", "1,A", "2,A,x,y,z", ",,", "3,A,ok"), 0),
    ("csv nul and old-mac line ends", lambda d: _raw(d / "c.csv", b"id,outlet,text\r1,A,x\x00y\r2,A,ok\r"), 0),
    ("csv not utf-8 header", lambda d: _raw(d / "b.csv", b"id,\xffoutlet,text\n1,A,x\n"), 2),
    ("tsv with commas", lambda d: _jsonl(d / "t.tsv", "id\toutlet\ttext", "1\tA\ta, b, c", '2\tA\t"open'), 0),
    ("parquet not parquet", lambda d: _raw(d / "x.parquet", b"PAR1 nope"), 2),
    ("directory named .jsonl", lambda d: (d / "dir.jsonl").mkdir() or d / "dir.jsonl", 2),
    ("missing path", lambda d: d / "nothing.jsonl", 2),
    ("folder of nothing usable", lambda d: _txt_files(d, {"x.bin": b"x"}), 2),
    ("txt dangling, loop, pipe", lambda d: _txt_traps(d), 0),
    ("txt empty and whitespace files", lambda d: _txt_files(d, {"a/1.txt": b"", "a/2.txt": b"  \n\t", "b/3.txt": b"ok"}), 0),
    ("txt bad bytes", lambda d: _txt_files(d, {"a/1.txt": b"\xff\xfe\x00", "a/2.txt": b"fine text"}), 0),
    ("txt no outlet folder", lambda d: _txt_files(d, {"1.txt": b"text at the top"}), 2),
    ("txt bad metadata.csv", lambda d: _txt_files(d, {"a/1.txt": b"x", "metadata.csv": b"file\n1\n"}), 2),
]


def _raw(path: Path, raw: bytes) -> Path:
    path.write_bytes(raw)
    return path


def _each(path, template: str, *values: str, unique_ids: bool = False) -> Path:
    """One JSON Lines record per value, the value put into ``template``."""
    lines = [template.format(v) for v in values]
    if unique_ids:
        lines = [ln[:-1] + f', "id": "r{i}"}}' for i, ln in enumerate(lines)]
    return _jsonl(path, *lines)


def _txt_files(d, files: dict[str, bytes]) -> Path:
    root = d / "txt"
    for rel, raw in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
    return root


def _txt_traps(d) -> Path:
    root = _txt_files(d, {"a/1.txt": b"Officials said it may work."})
    (root / "a" / "gone.txt").symlink_to(d / "nowhere.txt")
    (root / "a" / "loop.txt").symlink_to(root / "a" / "loop.txt")
    os.mkfifo(root / "a" / "pipe.txt")
    (root / "a" / "up").symlink_to(root, target_is_directory=True)
    return root


@pytest.mark.parametrize("name, build, code", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_catalogue_of_hostile_inputs_through_the_cli(tmp_path, name, build, code):
    path = build(tmp_path)
    out = cli_load(path)
    assert (out is None) == (code == 2), name


def test_a_corpus_of_every_hostile_record_analyses_end_to_end(tmp_path):
    """Legal but hostile records (names with $, /, ANSI escapes, 20,000 characters; event ids on one
    outlet only; epoch dates) next to broken ones: analyze with a report exits 0, with every record
    loaded or rejected and a report that escapes what it shows."""
    rows = []
    names = ["Cost $_$ News", "AC/DC Daily", "\x1b[31mRed\x1b[0m Times", "N" * 20_000, "<b>Bold</b> Post"]
    for i in range(25):
        outlet = names[i % len(names)]
        rows.append(json.dumps({"id": f"d{i}", "outlet": outlet, "published": 1700000000 + 86400 * i,
                                "event_id": "e1" if outlet == names[0] else "",
                                "text": f"Officials said the plan may work, but critics claimed it was a \"sham\". "
                                        f"The vote was delayed by the board. <script>alert({i})</script> Story {i}."}))
    rows += ['{"id": "bad1", "outlet": "x", "text": 5}', '{"id": "bad2", "outlet": ["x"], "text": "t"}',
             '{"id": "bad3", "outlet": "x", "text": "\\ud800"}', "{broken", "[" * 50_000]
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", str(corpus), "--out", str(out), "--jobs", "1", "--n-boot", "20",
                                    "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "30 records seen = 25 loaded + 5 rejected" in res.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in page and "<b>Bold" not in page and "&lt;b&gt;Bold&lt;/b&gt; Post" in page
    assert len(page) < 5_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.jsonl", "out"]
    rejects = pd.read_csv(out / "rejects.csv")
    assert sorted(rejects["reason"]) == ["bad_encoding", "malformed_record", "malformed_record", "wrong_type",
                                         "wrong_type"]
