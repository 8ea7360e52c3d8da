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
