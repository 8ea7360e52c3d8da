"""framelens.report: one self-contained, escaped, bounded HTML page; parsed with html.parser."""
from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from framelens.corpus import build_corpus
from framelens.corpus.select import select_documents
from framelens.report import load_analysis, top_findings, write_report
from test_plots import OUTLETS, fake_results

SCRIPT = "<script>alert(1)</script>"
SMALL = dict(max_outlets=2, max_concepts=1, max_fightin=1)  # fewer charts where charts are not the point


class PageParser(HTMLParser):
    """Collects what the tests check: images, links, script tags, text."""

    def __init__(self):
        super().__init__()
        self.imgs, self.hrefs, self.srcs, self.scripts, self.text = [], [], [], 0, []
        self.styles_links = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if "src" in a:
            self.srcs.append(a["src"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag == "link":
            self.styles_links += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> PageParser:
    p = PageParser()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _corpus(synthetic: bool):
    records = []
    for i, outlet in enumerate(OUTLETS):
        for j in range(3):
            text = (f"Story {j}. Officials claimed the town of Stepanakert was calm. "
                    f"A reader wrote {SCRIPT} in the comments and officials said Khankendi was quiet.")
            records.append(dict(doc_id=f"{i}-{j}", outlet=outlet, text=text, source=f"f.jsonl:{i * 3 + j + 1}",
                                published="2021-03-0%d" % (j + 1), event_id=f"e{j}"))
    return build_corpus(records, name="tiny", synthetic=synthetic)


def _hits(corpus):
    rows = []
    for d in corpus.documents.itertuples():
        for m in re.finditer(r"claimed|said|Stepanakert|Khankendi", d.text):
            w = m.group()
            naming = w in ("Stepanakert", "Khankendi")
            sent_start = d.text.rfind(". ", 0, m.start()) + 2
            sent_end = d.text.find(".", m.end()) + 1
            rows.append(dict(doc_id=d.doc_id, sentence=1, sent_start=sent_start, sent_end=sent_end,
                             start=m.start(), end=m.end(), text=w,
                             family="naming" if naming else "attribution",
                             feature="naming:karabakh/capital" if naming else
                             ("attribution:doubting" if w == "claimed" else "attribution:neutral"),
                             category="", term=w.lower(), concept="karabakh/capital" if naming else "",
                             variant=w if naming else "", source_entity="", pack="karabakh" if naming else "attribution"))
    return pd.DataFrame(rows)


def _doc_features(corpus):
    return pd.DataFrame(dict(doc_id=corpus.documents["doc_id"], outlet=corpus.documents["outlet"], words=30,
                             sentences=3, published=corpus.documents["published"], event_id="", leaning=""))


def _results():
    res = fake_results()
    res["tests"] = pd.DataFrame([
        dict(analysis="shares", concept_or_feature="karabakh/capital", test="chi-square", statistic=12.5, dof=3,
             p_value=0.001, p_adjusted=0.004, n=120, note=""),
        dict(analysis="rates", concept_or_feature="attribution:doubting", test="permutation", statistic=2.0,
             dof=float("nan"), p_value=0.01, p_adjusted=0.02, n=12, note="")])
    res["predictability"] = pd.DataFrame([dict(representation="framing", macro_f1=0.61, macro_f1_sd=0.05,
                                               baseline_macro_f1=0.1, cv="5-fold", n_docs=12, n_outlets=4, note="")])
    res["coefficients"] = pd.DataFrame([dict(representation="framing", outlet=o, feature="hedge", coefficient=0.5,
                                             rank=1) for o in OUTLETS])
    return res


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    corpus = _corpus(synthetic=True)
    manifest = {"corpus": "tiny <b>bold</b>", "seed": 0, "synthetic": True, "tally": corpus.tally()}
    path = write_report(out, corpus, _hits(corpus), _doc_features(corpus), _results(), manifest)
    return path


def test_report_is_one_page_with_embedded_figures(report):
    p = parse(report)
    assert report.name == "report.html"
    assert len(p.imgs) >= 6
    for src in p.imgs:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_escapes_article_text_and_manifest(report):
    raw = report.read_text(encoding="utf-8")
    p = parse(report)
    assert p.scripts == 0, "an article's <script> became a tag"
    assert SCRIPT not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert SCRIPT in "".join(p.text)  # shown as text to the reader
    assert "<b>bold</b>" not in raw and "tiny &lt;b&gt;bold&lt;/b&gt;" in raw


def test_report_is_self_contained_and_links_its_csv_tables(report):
    p = parse(report)
    raw = report.read_text(encoding="utf-8")
    assert p.styles_links == 0
    for url in p.hrefs + p.srcs:
        assert not re.match(r"(?i)^\s*(https?:)?//", url), url
        assert url.startswith(("#", "data:image/png;base64,")) or url.endswith(".csv"), url
    csvs = {u for u in p.hrefs if u.endswith(".csv")}
    assert {"rates.csv", "shares.csv", "tests.csv", "hits.csv", "log_odds.csv"} <= csvs
    for name in csvs:
        assert (report.parent / name).exists(), f"{name} linked but not written"
    assert "http://" not in raw and "https://" not in raw


def test_report_flags_synthetic_data_prominently(report):
    text = " ".join(parse(report).text)
    assert text.count("SYNTHETIC DATA") >= 2  # strip on top and banner
    assert "[SYNTHETIC DATA]" in report.read_text(encoding="utf-8").split("</title>")[0]


def test_real_corpus_report_is_not_flagged(tmp_path):
    corpus = _corpus(synthetic=False)
    path = write_report(tmp_path, corpus, _hits(corpus), _doc_features(corpus), _results(), {"seed": 0}, **SMALL)
    assert "SYNTHETIC" not in path.read_text(encoding="utf-8")


def test_evidence_is_bounded_per_finding(tmp_path):
    corpus = _corpus(synthetic=True)
    hits = _hits(corpus)
    path = write_report(tmp_path, corpus, hits, _doc_features(corpus), _results(), {}, max_evidence=5, **SMALL)
    raw = path.read_text(encoding="utf-8")
    kwic_tables = raw.count("<table class=\"kwic\">")
    assert kwic_tables >= 2
    rows = re.findall(r"<table class=\"kwic\">(.*?)</table>", raw, flags=re.S)
    for r in rows:
        assert r.split("<tbody>")[1].count("<tr>") <= 5
    assert len(hits) > 5 * kwic_tables


def test_findings_follow_adjusted_p_values():
    corpus = _corpus(synthetic=True)
    found = top_findings(_results(), _hits(corpus))
    assert [f["key"] for f in found[:2]] == ["karabakh/capital", "attribution:doubting"]
    assert found[0]["kind"] == "naming" and found[0]["test"]["p_adjusted"] == 0.004


def test_report_without_events_dates_or_tables_explains(tmp_path):
    records = [dict(doc_id=f"d{i}", outlet="A" if i % 2 else "B", text="Plain text here.", source=f"x:{i + 1}")
               for i in range(4)]
    corpus = build_corpus(records, name="plain")
    path = write_report(tmp_path, corpus, pd.DataFrame(), pd.DataFrame(), {}, {})
    text = " ".join(parse(path).text)
    assert "no event ids" in text and "no publication dates" in text


def test_select_outlets_by_number_and_name():
    corpus = _corpus(synthetic=True)
    assert select_documents(corpus, outlets=None) is corpus
    two = select_documents(corpus, outlets=2)
    assert sorted(two.outlets) == sorted(OUTLETS)[:2]  # equal sizes: ties by name
    one = select_documents(corpus, outlets=[OUTLETS[2]])
    assert one.outlets == [OUTLETS[2]]
    from framelens.errors import CorpusError

    with pytest.raises(CorpusError, match="not in corpus"):
        select_documents(corpus, outlets=["No Such Outlet"])


def test_load_analysis_reads_a_folder_back(tmp_path):
    from framelens.outputs import write_table

    res = _results()
    for n, t in res.items():
        write_table(t.assign(synthetic=True), tmp_path, n)
    (tmp_path / "manifest.json").write_text(json.dumps({"seed": 0}))
    back = load_analysis(tmp_path)
    assert set(res) <= set(back["results"])
    assert len(back["results"]["rates"]) == len(res["rates"])
    path = write_report(tmp_path, None, back["hits"], back["doc_features"], back["results"], back["manifest"],
                        **SMALL)
    text = " ".join(parse(path).text)
    assert "Evidence unavailable" in text or "nothing to show evidence" in text


def test_report_stays_bounded_on_many_outlets(tmp_path):
    outlets = [f"Outlet {i:02d}" for i in range(30)]
    records = [dict(doc_id=f"{o}-{j}", outlet=o, text=f"Officials claimed the town of Stepanakert was calm. {j}",
                    source=f"f:{i * 4 + j + 1}") for i, o in enumerate(outlets) for j in range(4)]
    corpus = build_corpus(records, name="many")
    hits = _hits(corpus)
    res = fake_results(outlets=outlets, n_terms=50)
    path = write_report(tmp_path, corpus, hits, _doc_features(corpus), res, {}, max_outlets=5, max_evidence=8,
                        table_rows=10, max_concepts=1, max_fightin=1)
    raw = path.read_text(encoding="utf-8")
    assert "Charts show the 5 biggest of 30 outlets" in raw
    assert len(raw) < 2_000_000
    for table in re.findall(r"<table>(.*?)</table>", raw, flags=re.S):
        assert table.count("<tr>") <= 10 + 1 + 50  # header + bounded rows (top-terms table: one row per shown outlet)
    for kwic in re.findall(r"<table class=\"kwic\">(.*?)</table>", raw, flags=re.S):
        assert kwic.split("<tbody>")[1].count("<tr>") <= 8
    assert "more rows not shown" in raw


def test_cli_redraws_the_report_of_an_analysis_folder(tmp_path):
    from click.testing import CliRunner

    from framelens.cli import main
    from framelens.outputs import write_table

    corpus = _corpus(synthetic=False)
    folder = tmp_path / "analysis"
    for n, t in _results().items():
        write_table(t, folder, n)
    write_table(_hits(corpus), folder, "hits")
    (folder / "manifest.json").write_text(json.dumps({"seed": 0, "parameters": {"path": "demo"}}))
    res = CliRunner().invoke(main, ["report", str(folder), "--out", str(tmp_path / "out"), "--max-outlets", "2"])
    assert res.exit_code == 0, res.output
    page = tmp_path / "out" / "report.html"
    assert page.exists() and (tmp_path / "out" / "rates.csv").exists()
    assert "SYNTHETIC DATA" in page.read_text(encoding="utf-8")  # the reloaded corpus is the demo
    missing = CliRunner().invoke(main, ["report", "demo"])
    assert missing.exit_code != 0 and "--out is required" in missing.output


def test_voice_table_when_one_voice_has_no_rows_for_the_shown_outlets():
    import pandas as pd

    from framelens.report import voice_table

    rates = pd.DataFrame({"outlet": ["A", "A", "B"], "feature": ["hedge", "hedge", "hedge"],
                          "voice": ["narration", "quoted", "narration"], "rate_per_1000": [2.0, 4.0, 1.0],
                          "count": [2, 1, 3]})
    t = voice_table(rates, ["B"])
    assert t.loc[0, "narration_per_1000"] == 1.0 and pd.isna(t.loc[0, "quoted_per_1000"])
    t = voice_table(rates, ["A", "B"]).set_index("outlet")
    assert t.loc["A", "quoted_share"] == round(1 / 3, 2)


def test_report_says_how_often_each_cue_is_right_and_flags_what_is_not_comparable(report):
    """The shipped figures of the latest blind evaluation (framelens/data/validity.yml) sit beside the
    rates, and a cue whose error rate differs between outlets is flagged there."""
    from framelens.evaluation.published import published_validity
    from framelens.report import validity_table

    pub, meta = published_validity()
    assert set(pub["family"]) == {"hedge", "booster", "attribution", "source", "scare_quote", "passive", "loaded",
                                  "naming"}
    assert pub["precision"].between(0, 1).all() and (pub["ci_low"] <= pub["precision"]).all()
    assert (pub["precision"] <= pub["ci_high"]).all()
    table, sample = validity_table()
    html = report.read_text("utf-8")
    assert "How often these cues are right" in html and meta["docs"] in sample
    for cue, flag in zip(table["cue"], table["across outlets"]):
        assert cue in html
        assert flag in html
    assert html.count("flagged: ") == int(pub["outlet_flag"].sum())
    for prec in pub["precision"]:
        assert f"{prec:.2f} [" in html


def test_published_rows_come_from_the_score_tables():
    import pandas as pd
    from framelens.evaluation.published import FLAG_NOTE, from_scores

    precision = pd.DataFrame({"family": ["hedge", "attribution"], "precision": [0.9, 0.82], "ci_low": [0.83, 0.73],
                              "ci_high": [0.95, 0.88], "outlet_flag": [False, True]})
    recall = pd.DataFrame({"family": ["hedge", "attribution"], "gold": [12, 118], "recall": [0.5, 0.67],
                           "ci_low": [0.2, 0.58], "ci_high": [0.8, 0.75]})
    rows = from_scores(precision, recall)
    assert "recall" not in rows[0]  # fewer than 20 gold cues: too few to publish a recall
    assert rows[1]["recall"] == 0.67 and rows[1]["outlet_flag"] and rows[1]["note"] == FLAG_NOTE


def test_tables_read_as_people_write_numbers():
    """Shares were 0.123, small numbers 8.49e-03, and a note repeated on every row."""
    import pandas as pd
    from framelens.report import table_html

    shares = pd.DataFrame({"outlet": ["A", "B"], "share": [0.1234, 0.5], "ci_low": [0.05, 0.4],
                           "ci_high": [0.2, 0.6], "note": ["bootstrap over documents"] * 2})
    html = table_html(shares)
    assert "12.3%" in html and "50.0%" in html and "5.0%" in html and "60.0%" in html
    assert html.count("bootstrap over documents") == 1 and "Every row: bootstrap over documents" in html
    small = table_html(pd.DataFrame({"feature": ["hedge", "booster"], "p_value": [0.00849, 0.00000123]}))
    assert "0.0085" in small and "e-0" not in small and "&lt;0.0001" in small
    mixed = table_html(pd.DataFrame({"outlet": ["A", "B"], "note": ["", "few words"]}))
    assert "few words" in mixed and "Every row" not in mixed


def test_each_finding_leads_with_its_sentence_and_folds_its_evidence(report):
    """7,000 pixels of evidence tables came before the first chart; the evidence is now one click away."""
    raw = report.read_text("utf-8")
    findings = [f for f in raw.split("<div class='finding'>")[1:] if "<table class=\"kwic\">" in f]
    assert findings  # the fixture's findings have evidence
    for f in findings:
        assert f.index("<h3>") < f.index("<details class='evidence'>") < f.index("<table class=\"kwic\">")


def test_a_tiny_p_value_reads_p_below():
    from framelens.report import _test_line

    line = _test_line({"analysis": "rates", "concept_or_feature": "hedge", "test": "kruskal", "p_value": 1e-6,
                       "p_adjusted": 0.02, "n": 40})
    assert "p < 0.0001" in line and "p (BH-adjusted) = 0.02" in line and "= <" not in line


def test_concepts_with_few_mentions_are_listed_not_charted(tmp_path):
    """Packs and concepts the corpus barely contains drew near-empty charts."""
    from framelens.report import MIN_MENTIONS

    res = _results()
    shares = res["shares"]
    concepts = list(dict.fromkeys(shares["concept"].astype(str)))
    rare = shares[shares["concept"].astype(str) == concepts[0]].head(3).copy()  # 3 mentions in all
    rare["concept"] = "karabakh/rare_thing"
    rare["count"] = 1
    res["shares"] = pd.concat([shares, rare], ignore_index=True)
    corpus = _corpus(synthetic=False)
    path = write_report(tmp_path, corpus, _hits(corpus), _doc_features(corpus), res, {})
    raw = path.read_text("utf-8")
    note = raw.split(f"Not charted, fewer than {MIN_MENTIONS} mentions in the corpus: ")[1].split("</p>")[0]
    assert note.startswith("rare thing (karabakh) (3)")
    assert "Naming of rare thing" not in raw  # no chart (figure captions are "Naming of <concept>")


def test_an_honorific_name_is_flagged_as_house_style(tmp_path):
    """A naming variant that is an outlet's house style (the New York Times' "Mr.") read as stance."""
    res = _results()
    shares = res["shares"].copy()
    first = shares["concept"].astype(str) == shares["concept"].astype(str).iloc[0]
    shares.loc[first & (shares["variant"] == shares.loc[first, "variant"].iloc[0]), "variant"] = "Mr. Trump"
    res["shares"] = shares
    corpus = _corpus(synthetic=False)
    raw = write_report(tmp_path, corpus, _hits(corpus), _doc_features(corpus), res, {}).read_text("utf-8")
    assert "House style, not stance: Mr. Trump (an honorific" in raw
    plain = write_report(tmp_path / "plain", corpus, _hits(corpus), _doc_features(corpus), _results(), {})
    assert "House style" not in plain.read_text("utf-8")


def test_fightin_words_draws_the_whole_vocabulary_not_the_top_terms(tmp_path, monkeypatch):
    """The report drew the log_odds table's top 50 terms per outlet: nothing below zero, an empty lower
    half. With the texts at hand it draws every word, as notebook 04 does."""
    from framelens import plots

    drawn = {}
    real = plots.plot_fightin_words

    def spy(table, *, group=None, **kw):
        drawn[group] = table[table["group"].astype(str) == group]
        return real(table, group=group, **kw)

    monkeypatch.setattr(plots, "plot_fightin_words", spy)
    records = []
    for i, outlet in enumerate(OUTLETS):
        own = ["alpha", "bravo", "charlie", "delta"][i]
        for j in range(6):
            records.append(dict(doc_id=f"{i}-{j}", outlet=outlet, source="f.jsonl",
                                text=f"The {own} report {own} said {own} and the council met on day {j}. "
                                     f"Officials said the shared plan was common to all."))
    corpus = build_corpus(records, name="vocab")
    res = _results()
    res["log_odds"] = res["log_odds"].groupby("group").head(2)  # a cut table, as compare_all keeps
    write_report(tmp_path, corpus, _hits(corpus), _doc_features(corpus), res, {}, max_fightin=2)
    assert len(drawn) == 2
    for group, table in drawn.items():
        assert (table["z"] < 0).any() and (table["z"] > 0).any()  # both halves of the chart
        assert len(table) > 2 and table["comparison"].astype(str).eq("rest").all()
    # re-drawn without the texts (no corpus), the report draws the table it has
    drawn.clear()
    write_report(tmp_path / "again", None, _hits(corpus), _doc_features(corpus), res, {}, max_fightin=2)
    assert all(len(t) <= 2 for t in drawn.values())


def test_features_the_corpus_never_has_are_listed_in_one_line():
    from framelens.report import absent_features_line

    line = absent_features_line(["naming:karabakh/capital", "naming:karabakh/region", "attribution:conceding"])
    assert line == ("Not in this corpus, so in no table or chart (3 features of the packs): karabakh: capital, "
                    "region; attribution: conceding.")


def test_a_cue_the_latest_sample_ran_out_of_is_published_from_the_earlier_one():
    import pandas as pd
    from framelens.evaluation.published import from_scores

    latest = pd.DataFrame({"family": ["hedge", "booster"], "judged": [100, 0], "precision": [0.95, float("nan")],
                           "ci_low": [0.89, float("nan")], "ci_high": [0.98, float("nan")], "outlet_flag": [False, False]})
    earlier = pd.DataFrame({"family": ["hedge", "booster"], "judged": [100, 37], "precision": [0.89, 0.946],
                            "ci_low": [0.81, 0.82], "ci_high": [0.94, 0.985], "outlet_flag": [False, True]})
    rows = from_scores(latest, pd.DataFrame(), earlier=(earlier, pd.DataFrame(), "evaluation 8"))
    assert rows[0]["precision"] == 0.95 and rows[0]["note"] == ""
    assert rows[1]["precision"] == 0.946 and rows[1]["outlet_flag"]
    assert rows[1]["note"].startswith("from evaluation 8: the latest sample held only 0 items")
