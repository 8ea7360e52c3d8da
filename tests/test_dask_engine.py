"""The Dask engine on a two-worker LocalCluster gives exactly the local engine's outputs."""
from __future__ import annotations

import pandas as pd
import pytest

from framelens import AnalysisError
from framelens.engine import extract_dataset, run_extraction, write_dataset
from test_engine import PART, make_documents

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cl:
        yield cl


@pytest.fixture(scope="module")
def docs():
    return make_documents(n=36, seed=11)


@pytest.fixture(scope="module")
def local(docs):
    return run_extraction(docs, jobs=1, progress=False, partition_chars=PART)


def test_dask_in_memory_corpus_identical_to_local(cluster, docs, local):
    run = run_extraction(docs, engine="dask", scheduler=cluster.scheduler_address, progress=False,
                         partition_chars=PART)
    assert run.stats["partitions"] >= 4
    pd.testing.assert_frame_equal(run.hits, local.hits)
    assert run.hits.attrs == local.hits.attrs
    pd.testing.assert_frame_equal(run.doc_features, local.doc_features)
    pd.testing.assert_frame_equal(run.errors, local.errors)


def test_dask_over_parquet_partitions_identical_to_local(cluster, docs, tmp_path):
    data = write_dataset(docs, tmp_path / "corpus", partition_chars=PART, row_group_chars=1000)
    extract_dataset(data, tmp_path / "local", jobs=2, progress=False, partition_chars=PART)
    manifest = extract_dataset(data, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                               progress=False, partition_chars=PART)
    assert manifest["engine"] == "dask" and manifest["partitions"] >= 4
    for sub in ("hits", "doc_features"):
        a = sorted((tmp_path / "local" / sub).iterdir())
        b = sorted((tmp_path / "dask" / sub).iterdir())
        assert [p.name for p in a] == [p.name for p in b]
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_unreachable_scheduler_says_how_to_fix(docs, monkeypatch):
    from framelens import engine

    monkeypatch.setattr(engine, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(AnalysisError, match="cannot reach the Dask scheduler"):
        run_extraction(docs.iloc[:2], engine="dask", scheduler="tcp://127.0.0.1:9", progress=False)
