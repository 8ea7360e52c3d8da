"""The main job end to end on the synthetic demo corpus: the planted differences (data/demo/PLANTED.md)
are recovered by the analysis, every output is marked synthetic, and a failed run leaves nothing that
looks complete."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import framelens as fl
from framelens.demo import PLANTED
from framelens.pipeline import analyze


@pytest.fixture(scope="module")
def demo_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("analysis") / "demo"
    analyze(fl.load_corpus("demo"), out, seed=1, n_boot=300, jobs=1)
    return out


def _rate(rates, outlet, feature, voice="narration"):
    row = rates[(rates.outlet == outlet) & (rates.feature == feature) & (rates.voice == voice)]
    assert len(row) == 1, (outlet, feature)
    return row.iloc[0]


def test_outputs_are_complete_and_marked_synthetic(demo_results):
    names = {p.name for p in demo_results.iterdir()}
    for table in ["corpus_summary", "rejects", "cleaning", "hits", "doc_features", "rates", "shares", "sources", "tests",
                  "log_odds", "within_event", "similarity", "predictability", "coefficients", "over_time"]:
        assert f"{table}.csv" in names and f"{table}.parquet" in names, table
    assert {"manifest.json", "report.html", "explorer.html", "SYNTHETIC.txt"} <= names
    manifest = json.loads((demo_results / "manifest.json").read_text())
    assert manifest["synthetic"] is True
    method = manifest["predictability_method"]  # how the scores were made, since a new method moves them
    assert "vocabulary (at most 5,000" in method["words"] and "each training fold" in method["words"]
    t = manifest["tally"]
    assert t["seen"] == t["loaded"] + t["rejected"]
    rates = pd.read_csv(demo_results / "rates.csv")
    assert rates["synthetic"].all()


def test_planted_naming_choice_is_recovered(demo_results):
    shares = pd.read_csv(demo_results / "shares.csv")
    cap = shares[shares.concept == "karabakh/capital"].set_index(["outlet", "variant"])
    truth = PLANTED["naming"]["karabakh/capital"]
    for outlet, variants in truth.items():
        for variant, p in variants.items():
            row = cap.loc[(outlet, variant)]
            # the estimate is close to the generator's probability, and the interval brackets it
            assert abs(row["share"] - p) < 0.08, (outlet, variant, row["share"], p)
            assert row["ci_low"] - 0.02 <= p <= row["ci_high"] + 0.02, (outlet, variant)
    tests = pd.read_csv(demo_results / "tests.csv")
    capital_test = tests[tests.concept_or_feature == "karabakh/capital"]
    assert (capital_test["p_adjusted"] < 0.001).all()


def test_planted_hedging_attribution_and_scare_quotes_are_recovered(demo_results):
    rates = pd.read_csv(demo_results / "rates.csv")
    outlets = sorted(rates.outlet.unique())
    others = [o for o in outlets if o != "Outlet B"]
    b = _rate(rates, "Outlet B", "hedge")
    mean_other = sum(_rate(rates, o, "hedge")["rate_per_1000"] for o in others) / len(others)
    assert 1.5 < b["rate_per_1000"] / mean_other < 2.6  # planted: twice as often
    assert all(b["ci_low"] > _rate(rates, o, "hedge")["ci_high"] for o in others)
    c = _rate(rates, "Outlet C", "attribution:doubting")
    assert all(c["ci_low"] > 4 * _rate(rates, o, "attribution:doubting")["rate_per_1000"]
               for o in outlets if o != "Outlet C")
    d = _rate(rates, "Outlet D", "scare_quote")
    assert all(d["ci_low"] > 3 * _rate(rates, o, "scare_quote")["rate_per_1000"]
               for o in outlets if o != "Outlet D")


def test_every_hit_traces_back_to_its_words(demo_results):
    hits = pd.read_parquet(demo_results / "hits.parquet")
    docs = fl.load_corpus("demo").documents.set_index("doc_id")["text"]
    sample = hits.sample(min(300, len(hits)), random_state=0)
    for h in sample.itertuples():
        text = docs[h.doc_id]
        assert text[h.start:h.end] == h.text
        assert h.sent_start <= h.start and h.end <= h.sent_end


def test_a_failed_run_leaves_no_output_folder(tmp_path, monkeypatch):
    import framelens.compare as compare

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure in the middle of the run")

    monkeypatch.setattr(compare, "compare_all", boom)
    out = tmp_path / "never"
    with pytest.raises(RuntimeError):
        analyze(fl.load_corpus("demo"), out, n_boot=10, jobs=1)
    assert not out.exists()
    assert not any(p.name.startswith(".never") for p in tmp_path.iterdir())


def test_the_committed_demo_file_stays_synthetic_when_read_as_jsonl():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "demo" / "demo.jsonl"
    corpus = fl.load_corpus(path)
    assert corpus.synthetic
    assert len(corpus.documents) == len(fl.load_corpus("demo").documents)


def test_every_file_and_column_of_the_results_folder_is_described_in_its_readme(demo_results):
    """clustering, leaf_order and rate_distributions had no description and extraction_errors was not
    listed; README.txt is now the folder's data dictionary."""
    from framelens.dictionary import UNDESCRIBED, describe_column

    readme = (demo_results / "README.txt").read_text("utf-8")
    assert UNDESCRIBED not in readme
    for p in demo_results.iterdir():
        if p.name.startswith("."):
            continue
        stem = p.stem if p.suffix in (".csv", ".parquet") else p.name
        assert stem in readme, p.name
        if p.suffix == ".csv":
            for col in pd.read_csv(p, nrows=0).columns:
                assert describe_column(col), (p.name, col)


def test_outlet_has_the_same_dtype_in_the_corpus_and_every_table(demo_results):
    """The documents' outlet was categorical and every table's a string: merges and comparisons
    between them behaved differently. Now it is ``str`` everywhere, in memory and read back."""
    corpus = fl.load_corpus("demo")
    assert corpus.documents["outlet"].dtype == "str" and corpus.summary()["outlet"].dtype == "str"
    checked = 0
    for path in sorted(demo_results.glob("*.parquet")):
        table = pd.read_parquet(path)
        for col in ("outlet", "outlet_a", "outlet_b"):
            if col in table.columns:
                assert table[col].dtype == "str", (path.name, col, table[col].dtype)
                checked += 1
    assert checked >= 10


def test_features_the_corpus_never_has_leave_every_table_and_are_listed(tmp_path, capfd):
    from framelens.corpus import build_corpus

    recs = [{"doc_id": f"{o}{i}", "outlet": o, "source": "mem",
             "text": f"Officials said {n} undocumented immigrants were detained; critics claimed the raid may fail."}
            for o in ("North Wire", "South Post") for i, n in enumerate((12, 30, 41))]
    out = analyze(build_corpus(recs, name="immigration-only"), tmp_path / "res", n_boot=50, jobs=1, explorer=False)
    shown = capfd.readouterr().err  # a progress bar for every stage: extraction, comparison, writing
    assert "extract" in shown and "compare: 100%" in shown and "over time" in shown
    assert "write: 100%" in shown and "2/2" in shown and "report" in shown
    manifest = json.loads((out / "manifest.json").read_text())
    assert "naming:karabakh/capital" in manifest["absent_features"]
    rates = pd.read_parquet(out / "rates.parquet")
    assert not rates["feature"].astype(str).str.startswith("naming:karabakh").any()
    assert "naming:immigration/immigrants" in set(rates["feature"].astype(str))
    assert "Not in this corpus, so in no table or chart" in (out / "report.html").read_text("utf-8")


def test_an_explorer_page_too_big_for_its_bound_leaves_every_other_output_written(tmp_path, monkeypatch, caplog):
    import logging

    from framelens.corpus import build_corpus
    from framelens.explore import page

    def too_big(data, **kwargs):
        raise page.PageTooBig("the explorer page does not fit in 15,000,000 bytes even with almost no evidence")

    monkeypatch.setattr(page, "bounded_page", too_big)
    recs = [{"doc_id": f"{o}{i}", "outlet": o, "source": "mem",
             "text": f"Officials said {n} undocumented immigrants were detained; critics claimed the raid may fail."}
            for o in ("North Wire", "South Post") for i, n in enumerate((12, 30, 41))]
    with caplog.at_level(logging.WARNING, logger="framelens.pipeline"):
        out = analyze(build_corpus(recs, name="many-outlets"), tmp_path / "res", n_boot=20, jobs=1)
    assert (out / "report.html").exists() and (out / "hits.parquet").exists() and (out / "manifest.json").exists()
    assert not (out / "explorer.html").exists()
    assert "explorer.html not written" in caplog.text and "framelens explore" in caplog.text


def test_analyze_can_skip_the_outlet_classifiers_and_says_so(tmp_path):
    from click.testing import CliRunner

    from framelens.cli import main

    out = tmp_path / "res"
    res = CliRunner().invoke(main, ["analyze", "demo", "--out", str(out), "--n-boot", "20", "--no-predict",
                                    "--no-explorer"])
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["predict"] is False and "predictability_method" not in manifest
    assert pd.read_parquet(out / "predictability.parquet").empty and (out / "report.html").exists()


def test_the_manifest_gives_every_tables_rows_and_file_sizes_and_big_tables_skip_csv(tmp_path, monkeypatch):
    import framelens.outputs as outputs

    monkeypatch.setattr(outputs, "CSV_LIMIT_BYTES", 50_000)  # the demo's hits stand in for a big table
    out = analyze(fl.load_corpus("demo"), tmp_path / "res", n_boot=20, jobs=1, explorer=False)
    tables = json.loads((out / "manifest.json").read_text())["tables"]
    assert tables["hits"]["rows"] == len(pd.read_parquet(out / "hits.parquet"))
    assert "csv_bytes" not in tables["hits"] and not (out / "hits.csv").exists()
    assert tables["rates"]["csv_bytes"] == (out / "rates.csv").stat().st_size
    page = (out / "report.html").read_text("utf-8")
    assert "href='hits.parquet'" in page and "href='rates.csv'" in page
