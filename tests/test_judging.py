"""Blind judging: sheets that hide labels, scores with honest intervals, and committed samples that resolve."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framelens as fl
from conftest import shared_path
from framelens.evaluation import judging as J

VALIDATION = Path(__file__).resolve().parents[1] / "data" / "validation"


def test_wilson_interval_is_honest_at_the_edges():
    lo, hi = J.wilson_interval(10, 10)
    assert hi == pytest.approx(1.0) and 0.65 < lo < 0.75
    lo, hi = J.wilson_interval(0, 10)
    assert lo == 0.0 and 0.25 < hi < 0.35
    assert all(math.isnan(x) for x in J.wilson_interval(0, 0))


def test_outlet_permutation_test_finds_a_real_difference_and_not_a_fake_one():
    rng = np.random.default_rng(1)
    groups = np.array(["a"] * 60 + ["b"] * 60)
    same = rng.random(120) < 0.8
    differ = np.r_[rng.random(60) < 0.95, rng.random(60) < 0.5]
    assert J._permutation_p(differ, groups, n_perm=999) < 0.01
    assert J._permutation_p(same, groups, n_perm=999) > 0.05


def _key(items):
    rows = []
    for i, (kind, family, outlet) in enumerate(items):
        rows.append(dict(item=f"X{i:03d}", kind=kind, corpus="basil", doc_id=str(i), outlet=outlet, sentence=0,
                         sent_start=0, sent_end=10, sent_sha1="", start=0, end=3, family=family,
                         feature="attribution:doubting" if family == "attribution" else family,
                         category="doubting" if family == "attribution" else "", term="", concept="x/y",
                         variant="", source_entity="", source_start=-1, source_end=-1, voice="narration"))
    return pd.DataFrame(rows, columns=J.KEY_COLUMNS)


def test_an_item_is_correct_when_the_judge_named_its_family():
    key = _key([("cue", "hedge", "A"), ("cue", "attribution", "A"), ("cue", "naming", "B"),
                ("cue", "naming", "B"), ("source", "attribution", "B"), ("cue", "loaded", "A")])
    judged = pd.DataFrame({"item": key["item"],
                           "labels": ["hedge", "reporting", "loaded+naming", "naming", "", "none"],
                           "stance": ["", "asserting", "", "", "", ""],
                           "voice": ["narration", "quoted", "narration", "narration", "", "narration"],
                           "source_ok": ["", "", "", "", "no", ""],
                           "concept_ok": ["", "", "", "no", "", ""], "note": [""] * 6})
    sc = J.item_correct(key, judged)
    assert sc["correct"].tolist() == [True, True, True, False, False, False]
    table = J.precision_table(sc).set_index("family")
    assert table.loc["hedge", "precision"] == 1.0
    assert table.loc["naming", "correct"] == 1 and table.loc["naming", "produced"] == 2
    assert table.loc["attribution", "stance_agreement"] == 0.0  # judged asserting, labelled doubting
    assert table.loc["attribution", "voice_agreement"] == 0.0


def test_two_judges_agreement_and_kappa():
    key = _key([("cue", "hedge", "A")] * 4 + [("source", "attribution", "B")] * 2)
    blank = {"stance": [""] * 6, "voice": ["narration"] * 4 + ["", ""], "concept_ok": [""] * 6, "note": [""] * 6}
    first = pd.DataFrame({"item": key["item"], "labels": ["hedge", "hedge", "none", "none", "", ""],
                          "source_ok": ["", "", "", "", "yes", "no"], **blank})
    second = pd.DataFrame({"item": key["item"], "labels": ["hedge", "none", "none", "none", "", ""],
                           "source_ok": ["", "", "", "", "yes", "no"], **blank})
    t = J.judge_agreement(key, first, second).set_index("family")
    assert t.loc["hedge", "n"] == 4 and t.loc["hedge", "agreement"] == 0.75
    assert t.loc["hedge", "first_precision"] == 0.5 and t.loc["hedge", "second_precision"] == 0.25
    # po = 0.75, pe = 0.5 * 0.25 + 0.5 * 0.75 = 0.5: kappa = 0.5
    assert math.isclose(t.loc["hedge", "kappa"], 0.5)
    assert t.loc["source", "agreement"] == 1.0 and math.isclose(t.loc["source", "kappa"], 1.0)
    assert t.loc["all", "n"] == 6


def test_judgements_with_unknown_values_are_refused_with_the_line(tmp_path):
    p = tmp_path / "j.csv"
    pd.DataFrame({"item": ["X1"], "labels": ["hedgy"], "stance": [""], "voice": [""], "source_ok": [""],
                  "concept_ok": [""], "note": [""]}).to_csv(p, index=False)
    with pytest.raises(fl.AnalysisError, match=r"j\.csv:2.*hedgy"):
        J.load_judgements(p)


def test_the_judging_page_hides_labels_and_escapes_text():
    key = _key([("cue", "hedge", "A")])
    view = pd.DataFrame([dict(item="X000", kind="cue", before="", sentence="a ⟦may⟧ </script><script>x()",
                              after="", marked="may", source="")])
    page = J.sheet_html(key, view)
    assert "</script><script>x()" not in page
    assert page.count("<script>") == 1
    assert 'class="label"' not in page.split("<script>")[0] or "display:none" in page


@pytest.mark.shared_data
def test_committed_tuning_sample_resolves_on_the_default_path():
    shared_data = shared_path("basil").parent
    key = J.load_key(VALIDATION / "tuning_key.csv")
    judged = J.load_judgements(VALIDATION / "tuning_judgements.csv")
    assert set(judged["item"]) == set(key["item"]) and len(key) == 800
    assert key.groupby(["kind", "family"]).size().min() == 100
    assert key["outlet"].nunique() >= 6 and key["corpus"].nunique() >= 4
    excluded = J.excluded_documents(VALIDATION / "excluded_documents.csv")
    assert not set(zip(key.corpus, key.doc_id)) & set(zip(excluded.corpus, excluded.doc_id)) - {
        (c, d) for c, d, r in zip(excluded.corpus, excluded.doc_id, excluded.reason) if r.startswith("tuning")}
    loaded = {"basil": J._Loaded("basil", shared_data)}
    sub = key[key.corpus == "basil"]
    text_ok = [J.sentence_hash(loaded["basil"].text(r.doc_id)[r.sent_start:r.sent_end]) == r.sent_sha1
               for r in sub.itertuples()]
    assert np.mean(text_ok) >= 0.95  # the sentences judged are still where the key says


@pytest.mark.shared_data
def test_validate_draw_and_score_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from framelens.cli import main

    data = str(shared_path("neus-allsides-triplets").parent)
    out = tmp_path / "sheet"
    r = CliRunner().invoke(main, ["validate", "draw", "--out", str(out), "--seed", "3", "--prefix", "Z",
                                  "--per-family", "2", "--recall-sentences", "3", "--data", data,
                                  "--corpus", "neus", "--exclude", str(VALIDATION / "excluded_documents.csv")])
    assert r.exit_code == 0, r.output
    key = J.load_key(out / "key.csv")
    assert set(key["kind"]) == {"cue", "source"} and key["item"].str.startswith("Z").all()
    excluded = J.excluded_documents(VALIDATION / "excluded_documents.csv")
    assert not set(zip(key.corpus, key.doc_id)) & set(zip(excluded.corpus, excluded.doc_id))
    sheet = pd.read_csv(out / "sheet.csv", keep_default_na=False)
    assert "family" not in sheet.columns and "feature" not in sheet.columns  # blind
    assert sheet["sentence"].str.contains("⟦").all()
    # judge every item "right" and score: precision 1 over everything still produced
    judged = pd.DataFrame({"item": key["item"], "labels": [
        {"attribution": "reporting", "passive": "passive"}.get(f, f) if k == "cue" else ""
        for k, f in zip(key["kind"], key["family"])], "stance": "", "voice": "", "concept_ok": "", "note": "",
        "source_ok": ["yes" if k == "source" else "" for k in key["kind"]]})
    judged.to_csv(tmp_path / "j.csv", index=False)
    r = CliRunner().invoke(main, ["validate", "score", "--key", str(out / "key.csv"), "--judgements",
                                  str(tmp_path / "j.csv"), "--data", data, "--out", str(tmp_path / "scores")])
    assert r.exit_code == 0, r.output
    prec = pd.read_csv(tmp_path / "scores" / "precision.csv")
    assert (prec.loc[prec.produced > 0, "precision"] == 1.0).all()
