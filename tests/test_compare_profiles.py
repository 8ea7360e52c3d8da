"""Outlet profiles: similarity, clustering and predictability (framing vs words)."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from framelens.compare import cluster_outlets, framing_matrix, outlet_predictability, outlet_similarity
from framelens.compare.profiles import feature_family

P_FIRST = {"fox": 0.85, "breitbart": 0.85, "nyt": 0.3, "huffpost": 0.15}


def _corpus(seed=0, n_events=30, p_first=P_FIRST):
    """Every outlet writes once on each event. Right-leaning outlets say 'X', left ones 'Y'; hedging is
    the same everywhere (noise)."""
    rng = np.random.default_rng(seed)
    rows, hits, texts = [], [], []
    for e in range(n_events):
        for outlet, p in p_first.items():
            doc = f"{e}-{outlet}"
            words = int(rng.integers(300, 900))
            k = int(rng.poisson(3))
            variants = ["X" if rng.random() < p else "Y" for _ in range(k)]
            hits += [{"doc_id": doc, "family": "naming", "concept": "imm/people", "variant": v} for v in variants]
            rows.append({"doc_id": doc, "outlet": outlet, "event_id": f"e{e}", "words": words,
                         "hedge": int(rng.poisson(3 * words / 1000)), "naming:imm/people": k})
            texts.append({"doc_id": doc, "outlet": outlet,
                          "text": f"story {e} " * 20 + " ".join("illegal" if v == "X" else "undocumented"
                                                                for v in variants)})
    return pd.DataFrame(rows), pd.DataFrame(hits), pd.DataFrame(texts)


def test_framing_matrix_splits_naming_into_variants():
    df, hits, _ = _corpus(n_events=3)
    x, meta = framing_matrix(df, hits)
    assert set(x.columns) == {"hedge", "naming:imm/people=X", "naming:imm/people=Y"}
    row = meta.index[meta.doc_id == "0-fox"][0]
    n_x = int(((hits.doc_id == "0-fox") & (hits.variant == "X")).sum())
    assert x.loc[row, "naming:imm/people=X"] == pytest.approx(1000 * n_x / meta.loc[row, "words"])
    only_naming, _ = framing_matrix(df, hits, families=["naming"])
    assert list(only_naming.columns) == ["naming:imm/people=X", "naming:imm/people=Y"]
    assert feature_family("agentless_passive") == "passive" and feature_family("naming:a/b=c") == "naming"


def test_similarity_and_clustering_find_the_two_camps():
    df, hits, _ = _corpus()
    sim = outlet_similarity(df, hits)
    assert list(sim.columns) == ["outlet_a", "outlet_b", "metric", "value"]
    js = sim[sim.metric == "jensen_shannon_distance"].set_index(["outlet_a", "outlet_b"])["value"]
    cos = sim[sim.metric == "cosine_similarity"].set_index(["outlet_a", "outlet_b"])["value"]
    assert js[("fox", "fox")] == 0 and cos[("nyt", "nyt")] == pytest.approx(1.0)
    assert js[("fox", "breitbart")] == pytest.approx(js[("breitbart", "fox")])
    assert js[("fox", "breitbart")] < js[("fox", "huffpost")]
    assert cos[("fox", "breitbart")] > cos[("fox", "huffpost")]
    assert ((js >= 0) & (js <= 1)).all()
    tree = cluster_outlets(sim)
    assert tree["linkage"].shape == (3, 4)
    leaves = tree["leaves"]
    # the two camps are adjacent in the dendrogram and merge last
    assert abs(leaves.index("fox") - leaves.index("breitbart")) == 1
    assert abs(leaves.index("nyt") - leaves.index("huffpost")) == 1
    assert tree["table"]["size"].iloc[-1] == 4
    assert set(tree["table"].columns) == {"merge", "left", "right", "distance", "size"}
    assert cluster_outlets(sim, metric="cosine_similarity")["leaves"] is not None


def test_jensen_shannon_distances_equal_scipys_and_identical_profiles_are_zero_not_nan():
    from scipy.spatial.distance import jensenshannon

    from framelens.compare.profiles import jensen_shannon_distances

    rng = np.random.default_rng(3)
    p = rng.random((6, 40))
    p[rng.random(p.shape) < 0.4] = 0
    d = jensen_shannon_distances(p)
    q = p / p.sum(axis=1, keepdims=True)
    for i in range(6):
        for j in range(6):
            if i != j:
                assert d[i, j] == pytest.approx(jensenshannon(q[i], q[j], base=2), abs=1e-12)
    # the same profile at another scale (an outlet's replica): scipy gives NaN for about half of such
    # pairs, from the square root of a rounding error below zero
    twins = np.vstack([p[0], p[0] * 3, p[0] * 7.1])
    assert np.isfinite(jensen_shannon_distances(twins)).all() and np.allclose(jensen_shannon_distances(twins), 0)


def test_clustering_many_outlets_with_identical_profiles_does_not_fail():
    """The AllSides subset replicated 3x under new outlet names (321 outlets) ended in 'The condensed
    distance matrix must contain only finite values' after all the work was done."""
    df, hits, _ = _corpus(n_events=4)
    # copy k has every cue k + 1 times in as many words: each profile a multiple of the original, so
    # the same distribution up to rounding
    copies = [df.assign(outlet=df["outlet"] + f" {k}", doc_id=df["doc_id"] + f"-{k}",
                        hedge=df["hedge"] * (k + 1), **{"naming:imm/people": df["naming:imm/people"] * (k + 1)})
              for k in range(12)]
    hits_c = [pd.concat([hits] * (k + 1)).assign(doc_id=lambda h, k=k: h["doc_id"] + f"-{k}") for k in range(12)]
    sim = outlet_similarity(pd.concat(copies, ignore_index=True), pd.concat(hits_c, ignore_index=True))
    assert np.isfinite(sim["value"]).all()
    tree = cluster_outlets(sim)
    assert tree["table"]["size"].iloc[-1] == 48


def test_predictability_beats_the_baseline_with_grouped_cv():
    df, hits, docs = _corpus()
    pred, coefs = outlet_predictability(df, hits, docs, families=["naming"])
    framing = pred.set_index("representation").loc["framing"]
    assert framing["cv"] == "GroupKFold(5) by event_id"
    assert (framing["n_docs"], framing["n_outlets"]) == (120, 4)
    # naming alone separates the camps (not outlets within a camp): chance is 0.25 accuracy, the
    # majority baseline's macro-F1 is 0.1; two camps told apart perfectly would give about 0.5
    assert framing["baseline_macro_f1"] == pytest.approx(0.1)
    assert 0.3 < framing["macro_f1"] < 0.65
    words = pred.set_index("representation").loc["words"]
    assert words["macro_f1"] > words["baseline_macro_f1"]
    top = coefs[(coefs.representation == "framing") & (coefs["rank"] == 1)].set_index("outlet")["feature"]
    assert top["fox"] == "naming:imm/people=X" and top["huffpost"] == "naming:imm/people=Y"
    assert list(pred.columns) == ["representation", "macro_f1", "macro_f1_sd", "baseline_macro_f1", "cv",
                                  "n_docs", "n_outlets", "note"]
    assert list(coefs.columns) == ["representation", "outlet", "feature", "coefficient", "rank"]


def test_predictability_is_among_the_biggest_outlets_when_there_are_many():
    df, hits, docs = _corpus(n_events=10)
    extra = df[df["outlet"] == "nyt"].head(4).assign(outlet="tiny", doc_id=lambda d: d["doc_id"] + "-t")
    df2 = pd.concat([df, extra], ignore_index=True)
    pred, coefs = outlet_predictability(df2, hits, None, representations=("framing",), families=["naming"],
                                        max_outlets=3, min_docs=2)
    row = pred.iloc[0]
    assert row["n_outlets"] == 3 and row["n_docs"] == 30
    assert "predicted among the 3 outlets with most documents; 2 smaller ones left out" in row["note"]
    assert set(coefs["outlet"]) == {"breitbart", "fox", "huffpost"}  # 10 documents each; nyt ties and loses by name
    everyone = outlet_predictability(df2, hits, None, representations=("framing",), families=["naming"],
                                     max_outlets=None, min_docs=2)[0].iloc[0]
    assert everyone["n_outlets"] == 5


def test_predictability_takes_at_most_max_docs_of_each_outlet_a_seeded_sample():
    df, hits, _ = _corpus(n_events=12)  # 12 documents per outlet
    big = df[df["outlet"] == "fox"].assign(doc_id=lambda d: d["doc_id"] + "-b")
    df2 = pd.concat([df, big], ignore_index=True)  # fox: 24
    kw = dict(representations=("framing",), families=["naming"], min_docs=2)
    row = outlet_predictability(df2, hits, None, max_docs=15, **kw)[0].iloc[0]
    assert row["n_docs"] == 15 + 3 * 12
    assert "9 document(s) left out at random: at most 15 per outlet (max_docs)" in row["note"]
    assert outlet_predictability(df2, hits, None, max_docs=None, **kw)[0].iloc[0]["n_docs"] == 60
    assert outlet_predictability(df2, hits, None, max_docs=24, **kw)[0].iloc[0]["note"].find("max_docs") < 0


def test_the_per_outlet_sample_depends_on_the_seed_only_and_keeps_small_outlets_whole():
    from framelens.compare.profiles import _at_most_per_group

    groups = np.array(["a"] * 10 + ["b"] * 3 + ["a"] * 5)
    eligible = np.ones(18, dtype=bool)
    eligible[0] = False
    once = _at_most_per_group(groups, eligible, 4, seed=1)
    assert once.tolist() == _at_most_per_group(groups, eligible, 4, seed=1).tolist()
    assert once[10:13].all() and not once[0]  # b whole; an ineligible row stays out
    assert once[groups == "a"].sum() == 4
    assert any(_at_most_per_group(groups, eligible, 4, seed=s).tolist() != once.tolist() for s in range(2, 6))


def test_predictability_without_events_uses_stratified_folds_and_notes_small_outlets():
    df, hits, _ = _corpus(n_events=12)
    df = df.assign(event_id="")
    df.loc[len(df)] = {"doc_id": "tiny", "outlet": "tiny", "event_id": "", "words": 300, "hedge": 1,
                       "naming:imm/people": 0}
    pred, coefs = outlet_predictability(df, hits, representations=("framing", "words"))
    framing = pred.set_index("representation").loc["framing"]
    assert framing["cv"].startswith("StratifiedKFold(5, shuffled")
    assert "1 outlet(s) with fewer than 5 documents left out (tiny)" in framing["note"]
    words = pred.set_index("representation").loc["words"]
    assert np.isnan(words["macro_f1"]) and "no document texts" in words["note"]
    # two outlets: one coefficient vector, shown with opposite signs
    two = df[df.outlet.isin(["fox", "huffpost"])]
    _, c2 = outlet_predictability(two, hits, representations=("framing",), top_k=3)
    fox = c2[c2.outlet == "fox"].set_index("feature")["coefficient"]
    huff = c2[c2.outlet == "huffpost"].set_index("feature")["coefficient"]
    assert fox["naming:imm/people=X"] == pytest.approx(-huff["naming:imm/people=X"])


def test_bad_input_one_outlet(caplog):
    df, hits, _ = _corpus(n_events=6)
    one = df[df.outlet == "fox"]
    pred, coefs = outlet_predictability(one, hits, representations=("framing",))
    assert "fewer than two outlets" in pred["note"].iloc[0] and np.isnan(pred["macro_f1"].iloc[0])
    assert coefs.empty
    sim = outlet_similarity(one, hits)
    assert len(sim) == 2  # fox with itself, two metrics
    with caplog.at_level(logging.WARNING):
        tree = cluster_outlets(sim)
    assert tree["linkage"] is None and tree["leaves"] == ["fox"] and "at least two outlets" in caplog.text
    silent = pd.concat([df, pd.DataFrame([{"doc_id": "s", "outlet": "silent", "event_id": "", "words": 0,
                                           "hedge": 0, "naming:imm/people": 0}])], ignore_index=True)
    with caplog.at_level(logging.WARNING):
        sim = outlet_similarity(silent, hits)
    assert "silent" not in set(sim.outlet_a) and "no words or no framing cue" in caplog.text


def test_predicting_leaning_keeps_each_outlet_out_of_its_own_test_fold():
    df, hits, docs = _corpus(n_events=10)
    leaning = {"fox": "right", "breitbart": "right", "nyt": "left", "huffpost": "left"}
    df, docs = df.assign(leaning=df.outlet.map(leaning)), docs.assign(leaning=docs.outlet.map(leaning))
    pred, coefs = outlet_predictability(df, hits, docs, by="leaning", representations=("framing",))
    row = pred.iloc[0]
    assert row["cv"] == "StratifiedGroupKFold(4) by outlet" and row["n_outlets"] == 2
    # naming separates the camps, and it carries over to outlets the model never saw
    assert row["macro_f1"] > 0.6
    assert coefs.columns[1] == "leaning" and set(coefs["leaning"]) == {"left", "right"}


@pytest.mark.parametrize("shared", [True, False])
def test_event_ids_for_one_outlet_only_do_not_crash(shared):
    """With event ids on one outlet's documents only, GroupKFold put that outlet's event in a test fold
    whole, left one outlet in training, and scikit-learn raised ValueError."""
    df, hits, texts = _corpus(n_events=12)
    two = df[df.outlet.isin(["fox", "huffpost"])].copy()
    two["event_id"] = np.where(two["outlet"] == "fox", "one-story" if shared else two["event_id"], "")
    pred, coefs = outlet_predictability(two, hits, texts, representations=("framing", "words"))
    assert list(pred["representation"]) == ["framing", "words"]
    for row in pred.itertuples():
        if shared:  # fox's one event is one whole fold: skipped, and said so
            assert "left one outlet alone in training and were skipped" in row.note
        assert np.isnan(row.macro_f1) or 0 <= row.macro_f1 <= 1


def test_with_more_outlets_than_max_outlets_similarity_keeps_every_pair_of_the_biggest_and_the_nearest_of_each_other(
        caplog):
    from framelens.compare.profiles import jensen_shannon_distances

    rng = np.random.default_rng(5)
    rows, hits = [], []
    sizes = {f"o{i:02d}": 2 + i % 4 for i in range(12)}  # o03, o07, o11 have most documents (5), then o02, o06, o10
    for outlet, n in sizes.items():
        for d in range(n):
            doc = f"{outlet}-{d}"
            rows.append({"doc_id": doc, "outlet": outlet, "words": 500, "hedge": int(rng.integers(0, 9)),
                         "loaded": int(rng.integers(0, 9)), "naming:c": 0})
    df = pd.DataFrame(rows)
    full = outlet_similarity(df, hits=None, max_outlets=None)
    with caplog.at_level(logging.WARNING, logger="framelens.compare.profiles"):
        capped = outlet_similarity(df, hits=None, max_outlets=5, nearest=2)
    assert "12 outlets; every pair among the 5 with most documents" in caplog.text
    core = {"o03", "o07", "o11", "o02", "o06"}  # five with most documents, ties by name
    for metric in ("jensen_shannon_distance", "cosine_similarity"):
        c = capped[capped.metric == metric]
        f = full[full.metric == metric].set_index(["outlet_a", "outlet_b"])["value"]
        among = c[c.outlet_a.isin(core)]
        assert set(zip(among.outlet_a, among.outlet_b)) == {(a, b) for a in core for b in core}
        others = c[~c.outlet_a.isin(core)]
        assert set(others.outlet_b) <= core and others.groupby("outlet_a").size().eq(2).all()
        assert len(others.outlet_a.unique()) == 7
        for a, part in others.groupby("outlet_a", sort=False):
            ranked = f.loc[a].loc[sorted(core)].sort_values(ascending=metric != "cosine_similarity", kind="stable")
            assert list(part.outlet_b) == list(ranked.index[:2])  # the two closest of the core, closest first
            assert np.allclose(part.value.to_numpy(), ranked.to_numpy()[:2])
    tree = cluster_outlets(capped)
    assert sorted(tree["labels"]) == sorted(core)
    p = np.random.default_rng(1).random((4, 7))
    assert np.allclose(jensen_shannon_distances(p, p[[2, 0]]), jensen_shannon_distances(p)[:, [2, 0]])


def test_below_max_outlets_similarity_has_every_ordered_pair():
    df, hits, _ = _corpus(n_events=4)
    assert outlet_similarity(df, hits, max_outlets=4).equals(outlet_similarity(df, hits, max_outlets=None))
    assert len(outlet_similarity(df, hits, max_outlets=4)) == 2 * 16
