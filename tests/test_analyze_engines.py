"""The whole job (extraction, comparison, tables, report, explorer) writes the same bytes in every
file whatever runs the extraction: one process, two worker processes, or a two-worker Dask
LocalCluster, the corpus cut into several partitions."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import framelens as fl
from framelens import engine
from framelens.cache import document_key
from framelens.pipeline import analyze

distributed = pytest.importorskip("distributed")


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_output_folder_is_byte_identical_across_jobs_and_engines(tmp_path, monkeypatch):
    demo = Path(fl.__file__).resolve().parents[2] / "data" / "demo" / "demo.jsonl"
    part = tmp_path / "demo-third.jsonl"  # a third of the synthetic demo corpus: quicker, every outlet
    part.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[::3]), encoding="utf-8")
    corpus = fl.load_corpus(part)
    chars = 20_000
    texts = corpus.documents["text"].tolist()
    keys = [document_key(d, t) for d, t in zip(corpus.documents["doc_id"], texts)]
    assert len(engine.plan_partitions(texts, keys, chars)) >= 3
    monkeypatch.setitem(engine.run_extraction.__kwdefaults__, "partition_chars", chars)
    runs = {}
    for name, kw in {"one process": dict(jobs=1), "two processes": dict(jobs=2)}.items():
        runs[name] = _digests(analyze(corpus, tmp_path / name.replace(" ", "-"), seed=3, n_boot=50, **kw))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        runs["dask"] = _digests(analyze(corpus, tmp_path / "dask", seed=3, n_boot=50, engine="dask",
                                        scheduler=cluster.scheduler_address))
    first = runs["one process"]
    assert {"hits.parquet", "report.html", "explorer.html", "manifest.json"} <= set(first)
    for name, digests in runs.items():
        assert digests == first, name


def test_the_whole_job_killed_at_70_percent_of_its_extraction_resumes_with_the_same_bytes(tmp_path, monkeypatch):
    """`analyze` stopped partway (here at the partition 70% of the way through the extraction, as
    Ctrl-C or a killed worker would) leaves no output folder; run again with the same cache, it
    extracts only the partitions that had not finished and writes every file byte for byte as a
    run never interrupted."""
    demo = Path(fl.__file__).resolve().parents[2] / "data" / "demo" / "demo.jsonl"
    part = tmp_path / "demo-third.jsonl"
    part.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[1::3]), encoding="utf-8")
    corpus = fl.load_corpus(part)
    chars = 15_000
    texts = corpus.documents["text"].tolist()
    keys = [document_key(d, t) for d, t in zip(corpus.documents["doc_id"], texts)]
    n_parts = len(engine.plan_partitions(texts, keys, chars))
    killed_at = int(0.7 * n_parts)
    assert 2 <= killed_at < n_parts
    monkeypatch.setitem(engine.run_extraction.__kwdefaults__, "partition_chars", chars)
    reference = _digests(analyze(corpus, tmp_path / "never-stopped", seed=3, n_boot=50, jobs=1,
                                 cache_dir=tmp_path / "cache-a"))

    original = engine._run_partition
    original_doc = engine._extract_doc_safely
    done = []
    extracted = []  # the documents each run extracts (not read from the cache)

    def doc(*args, **kwargs):
        extracted.append(args[1])
        return original_doc(*args, **kwargs)

    def killed(job, spec):
        if len(done) == killed_at:
            raise KeyboardInterrupt
        res = original(job, spec)
        done.append(spec.index)
        return res

    monkeypatch.setattr(engine, "_extract_doc_safely", doc)
    monkeypatch.setattr(engine, "_run_partition", killed)
    with pytest.raises(KeyboardInterrupt):
        analyze(corpus, tmp_path / "resumed", seed=3, n_boot=50, jobs=1, cache_dir=tmp_path / "cache-b")
    assert not (tmp_path / "resumed").exists()
    before = set(extracted)
    extracted.clear()
    monkeypatch.setattr(engine, "_run_partition", original)
    resumed = _digests(analyze(corpus, tmp_path / "resumed", seed=3, n_boot=50, jobs=1, cache_dir=tmp_path / "cache-b"))
    # the finished partitions' documents came from the cache; only the rest were extracted again
    # (a document of the partition that was stopped may be extracted in both runs)
    assert before and set(extracted) and set(extracted) | before == set(corpus.documents["doc_id"])
    assert len(set(extracted)) < 0.5 * len(corpus.documents)
    assert resumed == reference
