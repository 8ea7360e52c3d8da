"""The engine: same hits as framelens.extract whatever the number of jobs, streaming to Parquet,
failing documents reported, interrupted runs leave nothing that looks complete."""
from __future__ import annotations

import random

import pandas as pd
import pytest

import framelens as fl
from framelens import engine
from framelens.cache import document_key
from framelens.engine import extract_corpus, extract_dataset, plan_partitions, run_extraction, write_dataset
from framelens.features import document_features

SENTENCES = [
    "Officials claimed the city, which Armenians call Stepanakert, was calm.",
    "Azerbaijani officials said the town of Khankendi was reportedly shelled overnight.",
    "The so-called \u201cpeacekeepers\u201d were attacked near Shusha, the ministry said.",
    "Dr. Smith may have been wrongly detained, according to the ministry in Baku.",
    "It is clearly a brutal and shocking escalation, critics argued on Monday.",
    "The buildings were destroyed. Nobody was held responsible by the courts.",
    "Reports suggest the ceasefire could collapse. In fact, Baku denied it.",
    "Armenia's Defense Ministry insisted that the \"liberation\" of Karabakh was a lie.",
    "Several villages were seized in Nagorno-Karabakh at 5 p.m. He left soon after.",
    "The U.S. envoy, who arrived late, admitted that talks had stalled.",
    "Perhaps the refugees will return; it is unclear whether Yerevan agrees.",
    "Hundreds were killed and the outrage was staggering, witnesses told reporters.",
]
OUTLETS = ["Alpha News", "Beta Times", "Gamma Post"]


def make_documents(n: int = 48, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        paras = []
        for _ in range(rng.randint(1, 4)):
            paras.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 9))))
        rows.append({"doc_id": f"d{i:03d}", "outlet": OUTLETS[i % 3], "text": "\n\n".join(paras),
                     "published": pd.Timestamp("2020-10-01") + pd.Timedelta(days=i),
                     "event_id": f"e{i // 6}", "leaning": ["left", "center", "right"][i % 3]})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def docs():
    return make_documents()


@pytest.fixture(scope="module")
def reference(docs):
    hits = fl.extract(docs)
    return hits, document_features(docs, hits)


PART = 2_000  # characters: several partitions on the small generated corpus


def test_partitions_cover_every_document_once(docs):
    texts = docs["text"].tolist()
    keys = [document_key(d, t) for d, t in zip(docs["doc_id"], texts)]
    plan = plan_partitions(texts, keys, PART)
    assert len(plan) >= 4
    assert plan[0][0] == 0 and plan[-1][1] == len(texts)
    assert all(a < b for a, b in plan)
    assert all(plan[i][1] == plan[i + 1][0] for i in range(len(plan) - 1))
    assert plan == plan_partitions(texts, keys, PART)


def test_partitions_are_content_defined(docs):
    """Inserting a document changes its own partition, not every partition after it."""
    texts = docs["text"].tolist()
    keys = [document_key(d, t) for d, t in zip(docs["doc_id"], texts)]
    before = {tuple(keys[a:b]) for a, b in plan_partitions(texts, keys, PART)}
    texts2 = texts[:5] + ["An inserted document. It is short."] + texts[5:]
    keys2 = keys[:5] + [document_key("new", texts2[5])] + keys[5:]
    after = {tuple(keys2[a:b]) for a, b in plan_partitions(texts2, keys2, PART)}
    assert len(before & after) >= len(before) - 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_hits_and_doc_features_as_extract(docs, reference, jobs):
    hits, feats = reference
    run = run_extraction(docs, jobs=jobs, progress=False, partition_chars=PART)
    assert run.stats["partitions"] >= 4
    pd.testing.assert_frame_equal(run.hits, hits)
    assert run.hits.attrs["doc_stats"] == hits.attrs["doc_stats"]
    assert run.hits.attrs["features"] == hits.attrs["features"]
    pd.testing.assert_frame_equal(run.doc_features, feats)
    assert run.errors.empty and list(run.errors.columns) == ["doc_id", "extractor", "error"]


def test_jobs_1_and_2_identical_bytes(docs, tmp_path):
    """The written Parquet and CSV outputs of --jobs 1 and --jobs 2 are byte-identical."""
    from framelens.outputs import write_table

    outs = []
    for jobs in (1, 2):
        run = run_extraction(docs, jobs=jobs, progress=False, partition_chars=PART)
        folder = tmp_path / f"jobs{jobs}"
        write_table(run.hits, folder, "hits")
        write_table(run.doc_features, folder, "doc_features")
        outs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outs[0] == outs[1]
    assert len(outs[0]) == 4


def test_extract_corpus_is_extract(docs, reference):
    hits = extract_corpus(docs, jobs=2, progress=False, partition_chars=PART)
    pd.testing.assert_frame_equal(hits, reference[0])


def test_corpus_object_and_lexicon_subset(docs):
    corpus = fl.Corpus(documents=docs, rejects=pd.DataFrame(columns=["source", "record", "reason", "detail"]),
                       records_seen=len(docs))
    ref = fl.extract(corpus, lexicons=["hedges", "karabakh"])
    got = extract_corpus(corpus, lexicons=["hedges", "karabakh"], jobs=1, progress=False, partition_chars=PART)
    pd.testing.assert_frame_equal(got, ref)
    assert set(got["pack"]) - {""} <= {"hedges", "karabakh"}


def test_failing_document_is_reported_and_run_goes_on(docs, reference, monkeypatch):
    import importlib

    ex = importlib.import_module("framelens.extract")

    bad = "d007"
    bad_text = docs.loc[docs["doc_id"] == bad, "text"].iloc[0]
    original = ex.agentless_passive_spans

    def flaky(text, sents, *args):
        if text == bad_text:
            raise RuntimeError("boom on purpose")
        return original(text, sents, *args)

    monkeypatch.setattr(ex, "agentless_passive_spans", flaky)
    for jobs in (1, 2):  # forked workers inherit the patch
        run = run_extraction(docs, jobs=jobs, progress=False, partition_chars=PART)
        assert run.errors.values.tolist() == [[bad, "agentless_passive", "RuntimeError: boom on purpose"]]
        ref = reference[0]
        expected = ref[~((ref["doc_id"] == bad) & (ref["feature"] == "agentless_passive"))].reset_index(drop=True)
        assert (ref["doc_id"].eq(bad) & ref["feature"].eq("agentless_passive")).any()
        pd.testing.assert_frame_equal(run.hits, expected)
        # the document keeps its words, sentences and its other cues
        assert run.hits.attrs["doc_stats"][bad] == ref.attrs["doc_stats"][bad]
        assert (run.hits["doc_id"] == bad).sum() > 0


def test_streaming_dataset_matches_in_memory(docs, reference, tmp_path):
    data = write_dataset(docs, tmp_path / "corpus", partition_chars=PART, row_group_chars=800)
    assert len(list(data.glob("part-*.parquet"))) >= 4
    out = tmp_path / "out"
    manifest = extract_dataset(data, out, jobs=2, progress=False, partition_chars=PART)
    hits = pd.read_parquet(out / "hits")
    pd.testing.assert_frame_equal(hits, reference[0], check_dtype=False)
    feats = pd.read_parquet(out / "doc_features")
    expected = reference[1]
    pd.testing.assert_frame_equal(feats[expected.columns.drop("published")],
                                  expected.drop(columns="published"), check_dtype=False)
    assert manifest["documents"] == len(docs) and manifest["hits"] == len(hits) and manifest["errors"] == 0
    assert pd.read_parquet(out / "extraction_errors.parquet").empty
    assert (out / "manifest.json").exists()


def test_dataset_jobs_equivalence(docs, tmp_path):
    data = write_dataset(docs, tmp_path / "corpus", partition_chars=PART, row_group_chars=800)
    for jobs in (1, 2):
        extract_dataset(data, tmp_path / f"out{jobs}", jobs=jobs, progress=False, partition_chars=PART)
    for sub in ("hits", "doc_features"):
        a = sorted((tmp_path / "out1" / sub).iterdir())
        b = sorted((tmp_path / "out2" / sub).iterdir())
        assert [p.name for p in a] == [p.name for p in b]
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_interrupted_run_leaves_no_complete_looking_output(docs, tmp_path, monkeypatch):
    data = write_dataset(docs, tmp_path / "corpus", partition_chars=PART, row_group_chars=800)
    out = tmp_path / "out"
    extract_dataset(data, out, jobs=1, progress=False, partition_chars=PART)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    original = engine._run_partition
    calls = []

    def interrupted(job, spec):
        calls.append(spec.index)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(job, spec)

    monkeypatch.setattr(engine, "_run_partition", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extract_dataset(data, out, jobs=1, progress=False, partition_chars=PART)
    # the earlier complete output is untouched, and no partial folder is left beside it
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        extract_dataset(data, tmp_path / "fresh", jobs=1, progress=False, partition_chars=PART)
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]


def test_bad_arguments_say_how_to_fix(docs):
    with pytest.raises(fl.AnalysisError, match="engine"):
        run_extraction(docs, engine="spark", progress=False)
    with pytest.raises(fl.AnalysisError, match="dask"):
        run_extraction(docs, scheduler="tcp://127.0.0.1:1", progress=False)
    with pytest.raises(fl.AnalysisError, match="at least 1"):
        run_extraction(docs, jobs=0, progress=False)
    dup = pd.concat([docs.iloc[:2], docs.iloc[:1]], ignore_index=True)
    with pytest.raises(fl.CorpusError, match="more than once"):
        run_extraction(dup, progress=False)


def test_progress_bar_reports_rate(docs, capsys):
    run_extraction(docs.iloc[:6], jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "extract" in err and "B/s" in err


def test_empty_corpus(docs):
    run = run_extraction(docs.iloc[:0], jobs=2, progress=False)
    assert run.hits.empty and run.doc_features.empty and run.errors.empty
    pd.testing.assert_frame_equal(run.hits, fl.extract(docs.iloc[:0]))


def test_demo_corpus_jobs_1_and_2_identical(demo_corpus):
    runs = [run_extraction(demo_corpus, jobs=j, progress=False, partition_chars=30_000) for j in (1, 2)]
    assert runs[0].stats["partitions"] >= 4
    pd.testing.assert_frame_equal(runs[0].hits, runs[1].hits)
    pd.testing.assert_frame_equal(runs[0].doc_features, runs[1].doc_features)
    assert len(runs[0].hits) > 1000
    pd.testing.assert_frame_equal(runs[1].hits, fl.extract(demo_corpus))
