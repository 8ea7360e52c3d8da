"""framelens.explore: the evidence explorer's data and page (in Python; the page's behaviour in a real
browser is in test_explore_browser.py).

Checked here: the seeded samples (bounded, order-free, seeded), the term counts (equal to the
log-odds counts), sentence windows (bounded, never a whole article), escaping of article text, the
size bound, byte-identical pages for the same seed, voice when the hits have it, the folder entry
point with its errors, and the CLI.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import framelens as fl
from framelens.compare import compare_all
from framelens.compare.logodds import fold_typography, group_term_counts
from framelens.errors import AnalysisError, CorpusError
from framelens.explore import (Budgets, ExplorerData, bounded_page, explore_folder, explorer_html, explorer_iframe,
                               write_explorer)
from framelens.explore.evidence import clip_window, utf16_len
from framelens.explore.page import json_for_script
from framelens.explore.sampling import sample_per_cell, water_level
from framelens.explore.terms import TermCounts, grouping_columns
from framelens.features import document_features
from framelens.text import WORD_RE

INJECTED_TITLE = "Council <script>window.__pwned = 1</script> votes"
INJECTED_TEXT = ("The mayor reportedly said the plan </script><script>window.__pwned = 2</script> was "
                 "<img src=x onerror=\"window.__pwned = 3\"> dropped. <img src=\"http://example.com/beacon.png\">")


# ---------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def demo():
    corpus = fl.load_corpus("demo")
    hits = fl.extract(corpus)
    feats = document_features(corpus, hits)
    results = compare_all(corpus, hits, feats, n_boot=20, predictability=False, over_time=False)
    return corpus, hits, results


@pytest.fixture(scope="module")
def page_data(demo):
    corpus, hits, results = demo
    data = ExplorerData(corpus.documents, hits, results, name=corpus.name, synthetic=corpus.synthetic)
    return data, data.payload()


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self._in, self.tags = [], None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append([self._in, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def _utf16_slice(text: str, a: int, b: int) -> str:
    return text.encode("utf-16-le")[2 * a:2 * b].decode("utf-16-le")


def _page_json(page: str) -> dict:
    p = _Scripts()
    p.feed(page)
    data = [body for attrs, body in p.scripts if attrs.get("type") == "application/json"]
    assert len(data) == 1
    return json.loads(data[0])


# ---------------------------------------------------------------------------------------- sampling
@given(st.lists(st.integers(0, 50), max_size=30), st.integers(0, 400))
def test_water_level_is_the_largest_cap_that_fits(sizes, budget):
    k = water_level(sizes, budget)
    kept = sum(min(s, k) for s in sizes)
    assert kept <= budget or k == 0
    if sizes and k < max(sizes):
        assert sum(min(s, k + 1) for s in sizes) > budget


def _table(n=400, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"doc_id": [f"d{i // 4}" for i in range(n)], "start": np.arange(n) * 10,
                         "outlet": rng.choice(["A", "B", "C"], n), "feature": rng.choice(["hedge", "loaded"], n,
                                                                                          p=[0.9, 0.1])})


def test_sample_per_cell_is_bounded_seeded_and_free_of_row_order():
    t = _table()
    kept, k = sample_per_cell(t, ["outlet", "feature"], 60, seed=1, order=["doc_id", "start"])
    assert len(kept) <= 60 and k > 0
    assert kept.groupby(["outlet", "feature"]).size().max() <= k
    # small cells keep all their rows
    sizes = t.groupby(["outlet", "feature"]).size()
    for cell, n in sizes.items():
        got = ((kept["outlet"] == cell[0]) & (kept["feature"] == cell[1])).sum()
        assert got == min(n, k)
    shuffled = t.sample(frac=1, random_state=7)
    again, _ = sample_per_cell(shuffled, ["outlet", "feature"], 60, seed=1, order=["doc_id", "start"])
    pd.testing.assert_frame_equal(kept, again)
    other, _ = sample_per_cell(t, ["outlet", "feature"], 60, seed=2, order=["doc_id", "start"])
    assert not kept.equals(other)


def test_balanced_sample_visits_every_outlet_first_the_biggest_first():
    t = _table().assign(term="x")
    kept, k = sample_per_cell(t, ["term"], 3, seed=0, order=["doc_id", "start"], balance="outlet")
    assert k == 3 and sorted(kept["outlet"]) == ["A", "B", "C"]
    lopsided = pd.concat([t[t["outlet"] == "A"]] + [t[t["outlet"] != "A"].head(20)], ignore_index=True)
    biggest = lopsided["outlet"].value_counts().index[0]
    one, _ = sample_per_cell(lopsided, ["term"], 1, seed=4, order=["doc_id", "start"], balance="outlet")
    assert list(one["outlet"]) == [biggest]


def _sample_per_cell_by_pandas(table, cells, budget, *, seed=0, order=None, balance=None):
    """The sampling as first written, with pandas' groupby and sorts (the reference of the numpy one)."""
    from framelens.explore.sampling import _lexsort, seeded_priorities

    if table.empty:
        return table.reset_index(drop=True), 0
    order = list(order or cells)
    t = table.assign(_priority=seeded_priorities(table, order, seed))
    if balance is not None:
        g = t.groupby(cells + [balance], sort=False, observed=True, dropna=False)["_priority"]
        t["_within"] = g.rank(method="first")
        t["_size"] = -g.transform("size")
        t = t.sort_values(["_within", "_size", "_priority"], kind="stable")
    else:
        t = t.sort_values("_priority", kind="stable")
    grouped = t.groupby(cells, sort=False, observed=True, dropna=False)
    t["_rank"] = grouped.cumcount()
    k = water_level(grouped.size().to_numpy(), budget)
    kept = t[t["_rank"] < k]
    kept = kept.iloc[_lexsort(kept, order)]
    return kept.drop(columns=[c for c in ("_priority", "_within", "_size", "_rank") if c in kept.columns]
                     ).reset_index(drop=True), k


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["t1", "t2", "t3", None]), st.sampled_from(["A", "B", "C", "D"]),
                          st.integers(0, 6)), max_size=120),
       st.integers(0, 60), st.integers(0, 3), st.booleans())
def test_sample_per_cell_equals_the_pandas_sampling(rows, budget, seed, balanced):
    t = pd.DataFrame(rows, columns=["term", "outlet", "n"]).assign(doc=np.arange(len(rows)) // 2)
    t.index = np.arange(len(t))[::-1] * 3  # an index that is not the row number
    args = dict(seed=seed, order=["doc", "n"], balance="outlet" if balanced else None)
    got, k = sample_per_cell(t, ["term"], budget, **args)
    want, k_want = _sample_per_cell_by_pandas(t, ["term"], budget, **args)
    assert k == k_want
    pd.testing.assert_frame_equal(got, want)


# ---------------------------------------------------------------------------------------- windows
@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 200), st.integers(1, 80), st.integers(20, 400))
def test_clip_window_is_bounded_and_holds_the_hit(s0, length, offset, hit, max_chars):
    s1 = s0 + length
    start = s0 + min(offset, length)
    end = start + hit
    w0, w1 = clip_window(s0, s1, start, end, max_chars)
    assert w1 - w0 <= max(max_chars, 0)
    assert w0 <= start and (w1 >= end or end - start >= max_chars)
    assert min(s0, start) <= w0 and w1 <= max(s1, end)


def test_utf16_offsets_count_astral_characters_twice():
    assert utf16_len("abc") == 3 and utf16_len("a\U0001F600b") == 4 and utf16_len("é") == 1


def test_windows_are_bounded_and_no_article_is_on_the_page_whole(demo, page_data):
    corpus, _, _ = demo
    _, payload = page_data
    limit = payload["meta"]["sampling"]["window_chars"]
    assert payload["windows"] and max(len(w[1]) for w in payload["windows"]) <= limit
    texts = [" ".join(t.split()) for t in corpus.documents["text"] if len(t) > limit]
    windows = [" ".join(w[1].split()) for w in payload["windows"]]
    assert not any(t in w for w in windows for t in texts[:50])
    for row in payload["evidence"][:500]:  # every mark lies inside its window
        text = payload["windows"][row[0]][1]
        for a, b in row[1]:
            assert 0 <= a < b <= utf16_len(text)
    stories = payload["stories"]
    assert stories and all(len(doc[1]) <= 8 for s in stories for doc in s["docs"])
    assert all(len({payload["docs"][d[0]][0] for d in s["docs"]}) >= 2 for s in stories)


# ---------------------------------------------------------------------------------------- terms
def test_term_counts_equal_the_log_odds_counts(demo):
    corpus, _, _ = demo
    groups, terms, counts = group_term_counts(corpus.documents, by="outlet")
    tc = TermCounts(corpus.documents, [])
    assert list(tc.units_["outlet"]) == groups
    pos = {t: i for i, t in enumerate(tc.names_)}
    assert set(pos) == set(terms["term"])
    mine = tc.counts_[:, [pos[t] for t in terms["term"]]]
    assert abs(mine - counts).max() == 0


@pytest.mark.parametrize("step", [1, 7, 1000])
def test_term_counts_do_not_depend_on_the_chunk_size(demo, monkeypatch, step):
    from framelens.compare import ngram_counts

    corpus, _, _ = demo
    docs = corpus.documents.head(40)
    want = TermCounts(docs, ["leaning"])
    monkeypatch.setattr(ngram_counts, "CHUNK_TOKENS", step)
    got = TermCounts(docs, ["leaning"])
    for name in ("names_", "ngram_", "freq_", "doc_unit_", "_ids", "_bigram_keys", "_bigram_at", "_bounds"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    for m, n in ((got.counts_, want.counts_), (got.totals_[1], want.totals_[1]), (got.totals_[2], want.totals_[2])):
        assert np.array_equal(np.asarray(m.todense() if hasattr(m, "todense") else m),
                              np.asarray(n.todense() if hasattr(n, "todense") else n))
    assert got.units_.equals(want.units_)
    kept = want.select(max_terms=200)
    assert np.array_equal(got.select(max_terms=200), kept)
    pd.testing.assert_frame_equal(got.documents_with(kept), want.documents_with(kept), check_exact=True)


def test_the_texts_list_given_is_shared_and_changes_nothing(demo):
    from framelens.explore.evidence import EvidencePool

    corpus, _, _ = demo
    docs = corpus.documents.head(30).reset_index(drop=True)
    texts = docs["text"].fillna("").astype(str).tolist()
    shared, own = TermCounts(docs, ["leaning"], texts=texts), TermCounts(docs, ["leaning"])
    assert shared._texts is texts and own._texts == texts
    kept = own.select(max_terms=100)
    assert np.array_equal(shared.select(max_terms=100), kept)
    assert [shared.occurrences(int(t), d) for t in kept[:20] for d in range(5)] == \
        [own.occurrences(int(t), d) for t in kept[:20] for d in range(5)]
    index = {o: i for i, o in enumerate(sorted(set(docs["outlet"].astype(str))))}
    pool = EvidencePool(docs, index, texts=texts)
    assert pool._texts is texts and [pool.text(d) for d in docs["doc_id"]] == texts


def test_grouping_columns_and_units(demo):
    corpus, _, _ = demo
    groups = grouping_columns(corpus.documents)
    assert groups[0] == "leaning"
    tc = TermCounts(corpus.documents, groups)
    assert len(tc.units_) >= corpus.documents["outlet"].nunique()
    assert set(tc.units_.columns) == {"outlet", *groups}


def test_every_term_on_the_page_has_sentences_that_use_it(page_data):
    _, payload = page_data
    t = payload["terms"]
    assert len(t["names"]) == len(t["counts"]) == len(t["evidence"]) > 100
    for j in range(0, len(t["names"]), 37):
        rows = t["evidence"][j]
        assert rows, t["names"][j]
        for w, marks in rows:
            (a, b), = marks
            marked = _utf16_slice(payload["windows"][w][1], a, b)
            # the marked words are the term's tokens (folded as the counts fold them; a bigram may span a full stop)
            assert " ".join(WORD_RE.findall(fold_typography(marked))) == t["names"][j]


def test_distinctive_term_selection_keeps_the_top_log_odds_terms(demo, page_data):
    _, _, results = demo
    _, payload = page_data
    lo = results["log_odds"]
    top = lo[(lo["comparison"] == "rest")].sort_values("z", ascending=False).groupby(["group", "ngram"]).head(5)
    assert set(top["term"]) <= set(payload["terms"]["names"])


# ---------------------------------------------------------------------------------------- the page
def test_article_text_is_escaped_and_the_data_survives(demo):
    corpus, _, _ = demo
    docs = corpus.documents.copy()
    docs.loc[0, "title"] = INJECTED_TITLE
    docs.loc[0, "text"] = INJECTED_TEXT + " " + docs.loc[0, "text"]
    hits = fl.extract(docs)
    page = explorer_html(docs, hits, {})
    p = _Scripts()
    p.feed(page)
    assert len(p.scripts) == 2  # the data and the explorer's own script, nothing from the corpus
    assert "img" not in p.tags
    assert "</script><script>window" not in page and "<img src" not in page
    payload = _page_json(page)
    titles = [d[3] for d in payload["docs"]]
    assert INJECTED_TITLE in titles
    assert any("</script><script>window.__pwned = 2</script>" in w[1] for w in payload["windows"])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split(";")[1]


def test_json_for_script_cannot_close_the_script_element():
    text = json_for_script({"a": "</script><!-- \u2028 & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 & >"}


def test_page_is_byte_identical_for_the_same_seed_and_differs_for_another(demo):
    corpus, hits, results = demo
    small = Budgets(cues=300, term_articles=300, event_sentences=100, max_terms=200)
    a = bounded_page(ExplorerData(corpus.documents, hits, results, seed=5), budgets=small)
    b = bounded_page(ExplorerData(corpus.documents, hits.sample(frac=1, random_state=1), results, seed=5), budgets=small)
    c = bounded_page(ExplorerData(corpus.documents, hits, results, seed=6), budgets=small)
    assert a == b
    assert a != c


def test_page_stays_under_its_bound_by_sampling_less(page_data):
    data, roomy = page_data
    bound = 400_000
    page = bounded_page(data, max_bytes=bound)
    assert len(page.encode("utf-8")) <= bound
    tight = _page_json(page)
    assert tight["meta"]["sampling"]["cues_shown"] < roomy["meta"]["sampling"]["cues_shown"]
    assert tight["meta"]["bound_mb"] == "0.4" and float(tight["meta"]["page_mb"]) <= 0.4
    with pytest.raises(AnalysisError, match="does not fit"):
        bounded_page(data, max_bytes=20_000)


def test_rates_and_shares_are_on_the_page_as_in_the_tables(demo, page_data):
    _, _, results = demo
    _, payload = page_data
    rates = results["rates"]
    cue_rates = rates[~rates["feature"].str.startswith("naming:")]
    assert len(payload["rates"]) == len(cue_rates)
    row = cue_rates.iloc[3]
    o, f = payload["outlets"][[x[0] for x in payload["outlets"]].index(row["outlet"])], payload["features"]
    voice = str(row.get("voice", ""))
    mine = [r for r in payload["rates"] if payload["outlets"][r[0]][0] == row["outlet"] and f[r[1]] == row["feature"]
            and payload["voices"][r[2]] == voice]
    assert len(mine) == 1 and mine[0][6] == pytest.approx(row["rate_per_1000"], rel=1e-5)
    assert o[3].startswith("#")
    shares = results["shares"]
    assert len(payload["shares"]) == int(((shares["variant"] != "") & (shares.groupby("concept")["count"]
                                                                         .transform("sum") > 0)).sum())


def test_voice_is_carried_when_the_hits_have_it(demo):
    corpus, hits, results = demo
    voiced = hits.assign(voice=np.where(np.arange(len(hits)) % 3 == 0, "quoted", "narration"))
    rates = results["rates"]
    vrates = pd.concat([rates.assign(voice=v) for v in ("narration", "quoted")], ignore_index=True)
    payload = ExplorerData(corpus.documents, voiced, {"rates": vrates}).payload(Budgets(cues=2000))
    assert payload["meta"]["has_voice"] is True
    assert {"narration", "quoted"} <= set(payload["voices"])
    used = {payload["voices"][r[4]] for r in payload["evidence"]}
    assert used == {"narration", "quoted"}
    assert {payload["voices"][r[2]] for r in payload["rates"]} == {"narration", "quoted"}
    unvoiced = hits.drop(columns=[c for c in ("voice", "quote_start", "quote_end") if c in hits.columns])
    plain = ExplorerData(corpus.documents, unvoiced, {"rates": rates.drop(columns="voice", errors="ignore")}
                         ).payload(Budgets(cues=200))
    assert plain["meta"]["has_voice"] is False and plain["voices"] == [""]


def test_hits_of_unknown_documents_are_counted_not_shown(demo):
    corpus, hits, results = demo
    stray = pd.concat([hits, hits.head(5).assign(doc_id="not-in-corpus")], ignore_index=True)
    payload = ExplorerData(corpus.documents, stray, results).payload(Budgets(cues=200))
    assert payload["meta"]["sampling"]["hits_without_document"] == 5


def test_a_page_shows_the_outlets_with_most_documents_and_says_what_it_left_out(demo):
    corpus, hits, results = demo
    docs = corpus.documents
    per_outlet = docs["outlet"].astype(str).value_counts()
    assert len(per_outlet) >= 3
    ranked = sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = {o for o, _ in ranked[:2]}
    payload = ExplorerData(docs, hits, results, max_outlets=2).payload(Budgets(cues=500))
    names = [o[0] for o in payload["outlets"]]
    assert set(names) == kept
    kept_ids = set(docs.loc[docs["outlet"].astype(str).isin(kept), "doc_id"].astype(str))
    assert {d[1] for d in payload["docs"]} <= kept_ids and payload["docs"]
    assert {r[0] for r in payload["rates"]} == set(range(2)) and {r[0] for r in payload["shares"]} <= set(range(2))
    rates = results["rates"]
    assert len(payload["rates"]) == int((~rates["feature"].str.startswith("naming:") & rates["outlet"].isin(kept)).sum())
    kept_hits = int(hits["doc_id"].astype(str).isin(kept_ids).sum())
    assert payload["meta"]["bounded"] == {
        "outlets_total": len(per_outlet), "outlets_shown": 2, "documents_total": len(docs),
        "documents_shown": len(kept_ids), "min_documents_shown": ranked[1][1],
        "hits_total": len(hits), "hits_shown": kept_hits}
    assert payload["meta"]["hits"] == kept_hits and payload["meta"]["documents"] == len(kept_ids)
    # the other outlets' hits are left out with their outlets, not counted as hits without a document
    assert payload["meta"]["sampling"]["hits_without_document"] == 0
    # at or above the number of outlets (or None) nothing changes, and the meta says nothing
    whole = ExplorerData(docs, hits, results).payload(Budgets(cues=500))
    assert "bounded" not in whole["meta"]
    assert ExplorerData(docs, hits, results, max_outlets=len(per_outlet)).payload(Budgets(cues=500)) == whole
    assert ExplorerData(docs, hits, results, max_outlets=None).payload(Budgets(cues=500)) == whole
    with pytest.raises(AnalysisError, match="max_outlets"):
        ExplorerData(docs, hits, results, max_outlets=0)


def test_a_corpus_with_only_ids_outlets_and_texts_has_a_page():
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "outlet": ["North", "South"] * 3,
                         "text": ["Officials said the vote may be delayed. Critics claimed it was a sham."] * 6})
    payload = _page_json(explorer_html(docs, fl.extract(docs), {}))
    assert payload["groupings"] == [] and payload["stories"] == [] and payload["rates"] == []
    assert payload["evidence"] and all(d[2] == "" and d[4] == -1 for d in payload["docs"])
    assert "said" in payload["terms"]["names"]


def test_no_documents_is_a_clear_error():
    with pytest.raises(AnalysisError, match="no documents"):
        ExplorerData(pd.DataFrame(columns=["doc_id", "outlet", "text"]), None, {})
    with pytest.raises(AnalysisError, match="doc_id, outlet, text"):
        ExplorerData(pd.DataFrame({"doc_id": ["a"]}), None, {})


def test_iframe_embeds_the_page_escaped_and_sandboxed(tmp_path, demo):
    corpus, hits, results = demo
    path = write_explorer(tmp_path / "x.html", corpus, hits, {}, budgets=Budgets(200, 200, 50, 100))
    frame = explorer_iframe(path, height=500).data
    assert "<iframe" in frame[:100] and 'sandbox="allow-scripts"' in frame and "height:500px" in frame
    assert "<script" not in frame and "&lt;script" in frame


# ---------------------------------------------------------------------------------------- folder, CLI
@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    from framelens.pipeline import analyze

    out = tmp_path_factory.mktemp("explore") / "demo"
    analyze(fl.load_corpus("demo"), out, n_boot=20, jobs=1, report=False, parameters={"path": "demo"})
    return out


def test_explore_folder_in_place_keeps_the_folder_framelens_own(demo_folder):
    from framelens.outputs import written_by_framelens

    path = explore_folder(demo_folder, budgets=Budgets(300, 300, 50, 100))
    assert path == demo_folder / "explorer.html" and path.stat().st_size > 10_000
    ours, files = written_by_framelens(demo_folder)
    assert ours and "explorer.html" in files and "hits.parquet" in files
    assert not [p.name for p in demo_folder.iterdir() if ".partial-" in p.name or p.name.endswith(".lock")]


def test_explore_folder_reloads_the_corpus_and_writes_beside_the_tables(demo_folder, tmp_path):
    path = explore_folder(demo_folder, tmp_path / "page.html", max_bytes=2_000_000)
    payload = _page_json(path.read_text(encoding="utf-8"))
    assert payload["meta"]["synthetic"] is True and payload["meta"]["corpus_hash"]
    assert payload["rates"] and payload["shares"] and payload["evidence"]
    assert "SYNTHETIC DATA" in path.read_text(encoding="utf-8")[:5000]


def test_explore_folder_errors_say_what_and_how_to_fix(demo_folder, tmp_path):
    with pytest.raises(CorpusError, match="not an analysis folder"):
        explore_folder(tmp_path)
    other = tmp_path / "changed"
    other.mkdir()
    for p in demo_folder.iterdir():
        (other / p.name).write_bytes(p.read_bytes())
    manifest = json.loads((other / "manifest.json").read_text())
    no_path = dict(manifest, parameters={})
    (other / "manifest.json").write_text(json.dumps(no_path))
    with pytest.raises(CorpusError, match="does not say which corpus"):
        explore_folder(other)
    with pytest.raises(CorpusError, match="cannot reload"):
        explore_folder(other, corpus=str(tmp_path / "nowhere.jsonl"))
    manifest["corpus_hash"] = "0000000000000000"
    (other / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match="hash differs"):
        explore_folder(other)
    for name in ("hits.csv", "hits.parquet"):
        (other / name).unlink()
    with pytest.raises(CorpusError, match="no hits table"):
        explore_folder(other)


def test_cli_explore(demo_folder, tmp_path):
    from framelens.cli import main

    out = tmp_path / "e.html"
    res = CliRunner().invoke(main, ["explore", str(demo_folder), "--out", str(out), "--max-mb", "1"])
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and out.stat().st_size <= 1_000_000
    assert "bounded" not in _page_json(out.read_text(encoding="utf-8"))["meta"]
    two = tmp_path / "two.html"
    res = CliRunner().invoke(main, ["explore", str(demo_folder), "--out", str(two), "--max-outlets", "2"])
    assert res.exit_code == 0, res.output
    shown = _page_json(two.read_text(encoding="utf-8"))
    assert len(shown["outlets"]) == 2 and shown["meta"]["bounded"]["outlets_shown"] == 2
    bad = CliRunner().invoke(main, ["explore", str(tmp_path)])
    assert bad.exit_code == 2 and "not an analysis folder" in bad.output and "Traceback" not in bad.output


def test_the_page_opens_on_the_view_asked_for(page_data):
    data, _ = page_data
    small = Budgets(200, 200, 50, 100)
    assert _page_json(bounded_page(data, budgets=small, view="events"))["meta"]["start_view"] == "events"
    with pytest.raises(AnalysisError, match="unknown explorer view"):
        bounded_page(data, budgets=small, view="map")
