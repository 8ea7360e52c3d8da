"""framelens.compare.groups and ``--by``/``--outlets``/``--since`` of analyze: groups of outlets are
compared by outlet-level resampling and shown where outlets would be; the selection is recorded."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import framelens as fl
from framelens.cli import main
from framelens.compare import compare_all
from framelens.compare.groups import group_view
from framelens.errors import AnalysisError
from framelens.features import document_features

LEANING = {"Left Wire": "left", "Left Daily": "left", "Right Post": "right", "Right Herald": "right",
           "Loner": None}


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory):
    rows = []
    for outlet, leaning in LEANING.items():
        for i in range(6):
            verb = "claimed" if leaning == "right" else "said"
            rows.append({"id": f"{outlet}-{i}", "source_name": outlet, "leaning": leaning,
                         "date": f"2020-10-{i + 1:02d}", "event_id": f"ev{i}",
                         "body": f"The minister {verb} the deal may be delayed. Critics said it was a \"sham\". "
                                 f"Officials reportedly met in Stepanakert on day {i}."})
    path = tmp_path_factory.mktemp("groups") / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


COLUMNS = {"text": "body", "outlet": "source_name", "doc_id": "id", "published": "date"}


@pytest.fixture(scope="module")
def compared(corpus_path):
    corpus = fl.load_corpus(corpus_path, "jsonl", columns=COLUMNS)
    hits = fl.extract(corpus)
    features = document_features(corpus, hits)
    results = compare_all(corpus, hits, features, by="leaning", n_boot=50, log_odds=False, predictability=False,
                          over_time=False)
    return corpus, hits, features, results


def test_the_view_puts_each_group_where_an_outlet_would_be_and_changes_no_number(compared):
    corpus, hits, features, results = compared
    v_corpus, v_hits, v_features, v_results = group_view("leaning", corpus, hits, features, results)
    assert sorted(v_corpus.documents["outlet"].astype(str).unique()) == ["(no leaning)", "left", "right"]
    assert set(v_corpus.documents["outlet_raw"]) == set(LEANING)  # the outlet as loaded is kept
    assert set(v_hits["outlet"].astype(str)) <= {"left", "right", "(no leaning)"}
    rates = results["rates"]
    v_rates = v_results["rates"]
    assert "leaning" in rates.columns and "outlet" in v_rates.columns and "leaning" not in v_rates.columns
    pd.testing.assert_series_equal(rates["rate_per_1000"], v_rates["rate_per_1000"])
    # a group of two outlets is resampled by outlet (the honest interval), as compare_all decided
    assert set(rates.loc[rates["leaning"].isin(["left", "right"]), "n_outlets"]) == {2}
    assert set(rates.loc[rates["leaning"].isin(["left", "right"]), "scheme"]) == {"outlets"}
    # the documents without a leaning are a group of their own in the tables, named as in the view
    assert set(v_rates["outlet"].astype(str)) == {"left", "right", "(no leaning)"}
    within = v_results["within_event"]
    assert {"outlet_a", "outlet_b"} <= set(within.columns)
    assert group_view("outlet", corpus, hits, features, results)[3] is results


def test_the_view_without_the_corpus_takes_the_groups_from_doc_features(compared):
    corpus, hits, features, results = compared
    _, v_hits, v_features, _ = group_view("leaning", None, hits, features, results)
    by_doc = dict(zip(v_features["doc_id"], v_features["outlet"].astype(str)))
    assert by_doc["Left Wire-0"] == "left" and by_doc["Loner-0"] == "(no leaning)"
    assert set(v_hits["outlet"].astype(str)) == set(v_features["outlet"].astype(str))


def test_a_missing_grouping_column_is_a_clear_error(compared):
    corpus, hits, features, results = compared
    with pytest.raises(AnalysisError, match="no column 'party'"):
        group_view("party", corpus, hits, features, results)


def _page_text(path):
    import html
    import re

    s = path.read_text(encoding="utf-8")
    s = re.sub(r"<img[^>]*>|<style.*?</style>|<script.*?</script>", "", s, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)))


def test_analyze_by_leaning_with_a_selection_writes_groups_records_them_and_redraws(corpus_path, tmp_path):
    out = tmp_path / "res"
    args = ["analyze", str(corpus_path), "--format", "jsonl", "--out", str(out), "--n-boot", "30", "--by", "leaning",
            "--since", "2020-10-02", "--no-explorer", *[a for k, v in COLUMNS.items() for a in ("--column", f"{k}={v}")]]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "30 records seen = 30 loaded + 0 rejected; 25 selected, 5 left out by the selection" in res.output
    rates = pd.read_parquet(out / "rates.parquet")
    assert sorted(rates["leaning"].astype(str).unique()) == ["", "left", "right"]  # "": the Loner, no leaning
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["by"] == "leaning"
    assert manifest["corpus"]["selection"]["documents_left_out"] == 5
    assert manifest["corpus"]["columns_used"]["text"] == "body"
    text = _page_text(out / "report.html")
    assert "3 groups by leaning" in text and "(no leaning)" in text and "Compared by leaning" in text and "5 left out" in text
    assert "Right Post-3" in text and "Left Daily-4" in text  # evidence rows name their documents
    # drawn again from the folder: the same selection is reloaded, so the evidence is still there
    (out / "report.html").unlink()
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 0, res.output
    again = _page_text(out / "report.html")
    assert "Compared by leaning" in again and "shows no evidence" not in res.output
    assert "Right Post-3" in again and "Left Daily-4" in again


@pytest.mark.parametrize("extra, message", [
    (["--by", "party"], "no column 'party' to group by"),
    (["--since", "last week"], "--since 'last week' is not a date"),
    (["--outlets", "Left Wyre"], "did you mean 'Left Wire'"),
])
def test_analyze_refuses_a_bad_grouping_date_or_outlet_with_the_fix(corpus_path, tmp_path, extra, message):
    args = ["analyze", str(corpus_path), "--format", "jsonl", "--out", str(tmp_path / "x"),
            *[a for k, v in COLUMNS.items() for a in ("--column", f"{k}={v}")], *extra]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output
    assert not (tmp_path / "x" / "manifest.json").exists()


def test_the_three_commands_take_the_same_grouping_and_selection_options():
    for cmd in ("compare", "analyze", "notebooks"):
        helptext = CliRunner().invoke(main, [cmd, "--help"]).output
        for option in ("--column", "--by", "--outlets", "--since", "--until"):
            assert option in helptext, f"{cmd} has no {option}"
