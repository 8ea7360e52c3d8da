"""Extraction at scale: partitions of documents, every core, a Dask cluster, streaming and a cache.

:func:`framelens.extract` runs in one process. This module runs the *same* extraction
(:func:`framelens.extract.extract_text` on every document, with one sentence splitter trained on the
corpus and one compiled lexicon matcher) over partitions of the corpus, and puts the results back
together in corpus order, so that the output is byte-identical whatever the engine or the number of
jobs.

Entry points
------------
:func:`extract_corpus`
    The hits table of an in-memory corpus, identical to ``framelens.extract(corpus, lexicons)``
    (same rows, same order, same ``attrs``). ``framelens analyze`` uses it.
:func:`run_extraction`
    The same, returning hits, document features and the ``extraction_errors`` table.
:func:`extract_dataset`
    Streaming: reads a Parquet dataset (a file or a folder of ``*.parquet`` files with at least
    ``doc_id`` and ``text``) partition by partition and writes ``hits/part-*.parquet`` and
    ``doc_features/part-*.parquet`` as it goes, so memory stays flat however large the corpus.
:func:`write_dataset`
    Saves a loaded corpus as such a dataset.

Engines
-------
``engine="local"`` (default) uses ``jobs`` worker processes (all cores when None; ``jobs=1`` runs
in this process). ``engine="dask"`` submits partitions to a Dask ``distributed`` cluster at
``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), or to a local cluster of ``jobs``
worker processes when no address is given. With a Parquet dataset and the Dask engine, the workers
read their partitions from the dataset themselves, so the dataset must be at a path every worker
can read (see docs/scaling.md).

Partitions
----------
An in-memory corpus is cut into partitions of about ``partition_chars`` characters of text, at
content-defined boundaries (after a document whose content hash is 0 modulo 8, once the partition
is big enough): inserting or editing a document changes only its own partition, so the feature
cache (:mod:`framelens.cache`) still holds every other one. A Parquet dataset is cut at row-group
boundaries. The plan never depends on ``jobs`` or the engine.

Failures and interruptions
--------------------------
A document that makes an extractor raise is retried extractor by extractor: the hits of the
extractors that work are kept, and each failure becomes one row of the ``extraction_errors`` table
(``doc_id, extractor, error``); the run goes on. Ctrl-C stops the workers; outputs are written
inside :func:`framelens.outputs.atomic_dir`, so an interrupted run leaves no folder that looks
complete. Progress bars (tqdm) show MB/s and the time left.

Table written by :func:`extract_dataset`
----------------------------------------
``hits/part-NNNNN.parquet``           the hits table (see :mod:`framelens.features`), by partition
``doc_features/part-NNNNN.parquet``   document features (see :func:`framelens.features.document_features`)
``extraction_errors.parquet``         ``doc_id`` (str), ``extractor`` (str: ``pack:<name>``,
                                      ``scare_quote``, ``agentless_passive`` or ``document``),
                                      ``error`` (str: exception type and message)
``manifest.json``                     versions, lexicon digests, documents, hits, errors, timings
"""
from __future__ import annotations

import logging
import math
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from framelens import __version__
from framelens.errors import AnalysisError, CorpusError
from framelens.memory import frozen_heap
from framelens.features import feature_order, voice_words

log = logging.getLogger(__name__)

__all__ = ["extract_corpus", "run_extraction", "extract_dataset", "write_dataset", "plan_partitions",
           "ExtractionRun", "ERROR_COLUMNS", "DEFAULT_PARTITION_CHARS", "ENGINES"]

#: About this many characters of text per partition.
DEFAULT_PARTITION_CHARS = 1_000_000
ENGINES = ("local", "dask")
ERROR_COLUMNS = ["doc_id", "extractor", "error"]
#: How long to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT = "20s"
_META_COLUMNS = ["outlet", "published", "event_id", "leaning"]
_CUT_MODULUS = 8  # content-defined cut: a document whose hash is 0 mod 8 may end a partition


# --------------------------------------------------------------------------------------------------
# Partition plans
# --------------------------------------------------------------------------------------------------

def plan_partitions(texts: Sequence[str], doc_keys: Sequence[str], partition_chars: int = DEFAULT_PARTITION_CHARS
                    ) -> list[tuple[int, int]]:
    """Cut documents (in order) into partitions at content-defined boundaries.

    Parameters
    ----------
    texts : sequence of str
    doc_keys : sequence of str
        Content hashes of the documents (:func:`framelens.cache.document_key`), hex strings.
    partition_chars : int
        A partition may end once it holds this many characters, after a document whose hash is a
        multiple of 8; it must end at four times this size.

    Returns
    -------
    list of (start, stop)
        Row ranges covering every document exactly once, in order.
    """
    return plan_by_length([len(t) for t in texts], doc_keys, partition_chars)


def plan_by_length(lengths: Sequence[int], doc_keys: Sequence[str], partition_chars: int = DEFAULT_PARTITION_CHARS
                   ) -> list[tuple[int, int]]:
    """:func:`plan_partitions` from the documents' lengths in characters (not their texts)."""
    out: list[tuple[int, int]] = []
    start = 0
    size = 0
    hard = 4 * partition_chars
    for i, (n, k) in enumerate(zip(lengths, doc_keys)):
        size += n
        if size >= hard or (size >= partition_chars and int(k[:8], 16) % _CUT_MODULUS == 0):
            out.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(lengths):
        out.append((start, len(lengths)))
    return out


@dataclass
class _PartitionSpec:
    """What one task works on: its data, or where to read it."""

    index: int
    frame: pd.DataFrame | None = None          # in-memory documents
    path: str | None = None                     # or a Parquet file ...
    row_groups: tuple[int, ...] = ()            # ... and its row groups
    columns: tuple[str, ...] = ()
    est_bytes: int = 0

    def load(self) -> pd.DataFrame:
        if self.frame is not None:
            return self.frame
        table = pq.ParquetFile(self.path).read_row_groups(list(self.row_groups), columns=list(self.columns))
        return table.to_pandas()


# --------------------------------------------------------------------------------------------------
# The job: everything a worker needs, pickled once per worker
# --------------------------------------------------------------------------------------------------

@dataclass
class _Job:
    lexicons: object                      # LexiconSet
    splitter: object                      # SentenceSplitter (fitted)
    features: list[str]                   # feature columns of doc features
    cache_dir: str | None
    voice: str = "narration"              # the voice of the document features (hits carry every voice)
    version: str = __version__
    splitter_digest: str = ""
    _matchers: dict = field(default_factory=dict, repr=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_matchers"] = {}
        return state

    @property
    def pack_names(self) -> list[str]:
        return [p.name for p in self.lexicons]

    def units(self) -> list[str]:
        from framelens.extract import lexicon_free_features

        return ["document"] + [f"pack:{n}" for n in self.pack_names] + list(lexicon_free_features())

    def unit_digest(self, unit: str) -> str:
        if unit.startswith("pack:"):
            return self.lexicons[unit[5:]].digest or unit
        return unit

    def matcher(self, packs: tuple[str, ...]):
        """The compiled matcher of ``packs`` (all packs: the set's own matcher)."""
        m = self._matchers.get(packs)
        if m is None:
            if list(packs) == self.pack_names:
                m = self.lexicons.matcher()
            else:
                from framelens.lexicons.matcher import Matcher

                m = Matcher([self.lexicons[n] for n in packs])
            self._matchers[packs] = m
        return m


def splitter_digest(splitter) -> str:
    """A stable digest of a fitted splitter's Punkt parameters (sets are sorted: no hash-seed effects)."""
    import hashlib

    p = splitter.tokenizer_._params
    h = hashlib.blake2b(digest_size=16)
    for part in (sorted(p.abbrev_types), sorted(p.collocations), sorted(p.sent_starters),
                 sorted((k, v) for k, v in p.ortho_context.items() if v)):
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _make_job(texts_for_training: Iterable[str], lexicons, cache_dir, voice: str = "narration") -> _Job:
    from framelens.extract import available_features
    from framelens.lexicons import load_lexicons
    from framelens.text import splitter_for

    lex = load_lexicons(lexicons)
    splitter = splitter_for(texts_for_training)
    import framelens

    job = _Job(lexicons=lex, splitter=splitter, features=available_features(lex),
               cache_dir=str(cache_dir) if cache_dir else None, voice=voice, version=framelens.__version__)
    job.splitter_digest = splitter_digest(splitter)
    return job


# --------------------------------------------------------------------------------------------------
# One partition (runs in a worker)
# --------------------------------------------------------------------------------------------------

@dataclass
class _PartResult:
    index: int
    rows: list[tuple]
    stats: list[tuple[str, int, int, int]]       # (doc_id, words, sentences, quoted words) in order
    doc_features: pd.DataFrame
    errors: list[tuple[str, str, str]]
    n_docs: int
    n_bytes: int
    cache_hits: int = 0
    cache_misses: int = 0


def _extract_doc(job: _Job, doc_id: str, text: str, packs: tuple[str, ...], free: tuple[str, ...]):
    """Hits of one document for the given packs and lexicon-free extractors, and its counts
    (a :class:`framelens.extract.TextCues`)."""
    from framelens.extract import extract_text

    kwargs = {}
    if free != tuple(_all_free()):
        kwargs["lexicon_free"] = free
    return extract_text(text, doc_id=doc_id, splitter=job.splitter, matcher=job.matcher(packs), **kwargs)


def _all_free() -> list[str]:
    from framelens.extract import lexicon_free_features

    return list(lexicon_free_features())


def _unit_of_row(row: tuple) -> str:
    pack = row[14]
    return f"pack:{pack}" if pack else row[8]  # lexicon-free rows: their feature is the unit name


def _describe(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg}"[:500] if msg else type(exc).__name__


def _extract_doc_safely(job: _Job, doc_id: str, text: str, packs: tuple[str, ...], free: tuple[str, ...],
                        errors: list) -> tuple[list[tuple], int, int, int, set[str]]:
    """Like :func:`_extract_doc`, but a failure is isolated to the extractor(s) that raise.

    Returns rows, words, sentences, quoted words and the set of units that failed."""
    try:
        rows, nw, ns, nq = _extract_doc(job, doc_id, text, packs, free)
        return rows, nw, ns, nq, set()
    except Exception:  # find which extractor fails, keep what the others find
        pass
    failed: set[str] = set()
    rows: list[tuple] = []
    nw = ns = nq = 0
    try:
        _, nw, ns, nq = _extract_doc(job, doc_id, text, (), ())
    except Exception as exc:  # the document itself cannot be split: nothing can be extracted
        errors.append((doc_id, "document", _describe(exc)))
        log.warning("extraction failed for document %s: %s", doc_id, _describe(exc))
        from framelens.text import count_words

        try:
            nw = count_words(text)
        except Exception:
            nw = 0
        return [], nw, 0, 0, {"document", *(f"pack:{p}" for p in packs), *free}
    for unit_packs, unit_free, unit in ([((p,), (), f"pack:{p}") for p in packs]
                                        + [((), (f,), f) for f in free]):
        try:
            rows.extend(_extract_doc(job, doc_id, text, unit_packs, unit_free).rows)
        except Exception as exc:
            failed.add(unit)
            errors.append((doc_id, unit, _describe(exc)))
            log.warning("extractor %s failed on document %s: %s", unit, doc_id, _describe(exc))
    rows.sort(key=_row_key)
    return rows, nw, ns, nq, failed


def _row_key(r: tuple):
    return (r[4], r[5], r[7], r[8])


def _run_partition(job: _Job, spec: _PartitionSpec) -> _PartResult:
    """Extract one partition (:func:`_extract_partition`), the cyclic garbage collector skipping
    the objects that live all run (:func:`framelens.memory.frozen_heap`): the same results, less
    time in the collector's passes."""
    with frozen_heap():
        return _extract_partition(job, spec)


def _extract_partition(job: _Job, spec: _PartitionSpec) -> _PartResult:
    from framelens.cache import FeatureCache, document_key, partition_key, unit_key

    docs = spec.load()
    doc_ids = docs["doc_id"].astype(str).tolist()
    texts = docs["text"].fillna("").astype(str).tolist() if len(docs) else []
    n_bytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    units = job.units()
    all_packs = tuple(job.pack_names)
    all_free = tuple(u for u in units if not u.startswith("pack:") and u != "document")
    errors: list[tuple[str, str, str]] = []
    cached: dict[str, pa.Table] = {}
    cache = FeatureCache(job.cache_dir, version=job.version) if job.cache_dir else None
    if cache is not None:
        pkey = partition_key(document_key(d, t) for d, t in zip(doc_ids, texts))
        ukeys = {u: unit_key(u, job.unit_digest(u), job.splitter_digest, version=job.version) for u in units}
        for u in units:
            t = cache.load(u, ukeys[u], pkey)
            if t is not None:
                cached[u] = t
    missing = [u for u in units if u not in cached]
    packs = tuple(u[5:] for u in missing if u.startswith("pack:"))
    free = tuple(u for u in missing if u in all_free)

    fresh_rows: dict[str, list[tuple]] = {}
    stats: list[tuple[str, int, int, int]] = []
    failed_units: set[str] = set()
    if not missing:
        pass
    elif packs == all_packs and free == all_free and cache is None:
        # the common path: everything to extract, nothing to split by unit
        rows_all: list[tuple] = []
        for d, t in zip(doc_ids, texts):
            r, nw, ns, nq, failed = _extract_doc_safely(job, d, t, packs, free, errors)
            rows_all.extend(r)
            stats.append((d, nw, ns, nq))
            failed_units |= failed
        result_rows = rows_all
    else:
        per_unit: dict[str, list[tuple]] = {u: [] for u in missing}
        for d, t in zip(doc_ids, texts):
            if packs or free:
                r, nw, ns, nq, failed = _extract_doc_safely(job, d, t, packs, free, errors)
                failed_units |= failed
            else:  # only the document unit (words, sentences, quoted words) is missing
                r, nw, ns, nq = [], *_doc_counts(job, t)
            for row in r:
                per_unit[_unit_of_row(row)].append(row)
            stats.append((d, nw, ns, nq))
        fresh_rows = per_unit
    if "document" in cached:
        ct = cached["document"]
        stats = list(zip(ct.column("doc_id").to_pylist(), ct.column("words").to_pylist(),
                         ct.column("sentences").to_pylist(), ct.column("quoted_words").to_pylist()))
    if cache is not None:
        # store what was extracted (not units that failed on some document: they must run again)
        for u in missing:
            if u in failed_units:
                continue
            if u == "document":
                cache.store(u, ukeys[u], pkey, pa.table({"doc_id": [s[0] for s in stats],
                                                         "words": [s[1] for s in stats],
                                                         "sentences": [s[2] for s in stats],
                                                         "quoted_words": [s[3] for s in stats]}))
            else:
                cache.store(u, ukeys[u], pkey, _rows_to_table(fresh_rows.get(u, [])))
        # merge cached and fresh units, per document, in the order extract_text produces
        by_doc: dict[str, list[tuple]] = {}
        for u in units:
            if u == "document":
                continue
            rows_u = _table_to_rows(cached[u]) if u in cached else fresh_rows.get(u, [])
            for row in rows_u:
                by_doc.setdefault(row[0], []).append(row)
        result_rows = []
        for d in doc_ids:
            r = by_doc.get(d)
            if r:
                r.sort(key=_row_key)
                result_rows.extend(r)
    doc_feats = _doc_features(job, docs, doc_ids, result_rows, stats)
    del docs, texts
    pa.default_memory_pool().release_unused()  # Arrow keeps freed buffers otherwise: memory would creep
    return _PartResult(spec.index, result_rows, stats, doc_feats, errors, len(doc_ids), n_bytes,
                       cache.hits if cache else 0, cache.misses if cache else 0)


def _doc_counts(job: _Job, text: str) -> tuple[int, int, int]:
    from framelens.features.voice import quoted_words
    from framelens.text import count_words

    if not text.strip():
        return 0, 0, 0
    return count_words(text), len(job.splitter.spans(text)), quoted_words(text)


def _doc_features(job: _Job, docs: pd.DataFrame, doc_ids: list[str], rows: list[tuple], stats) -> pd.DataFrame:
    """:func:`framelens.features.document_features` of one partition, counted without pandas
    group-bys (they cost more than the extraction of a small partition). Same columns, same dtypes:
    ``tests/test_engine.py`` compares the two."""
    n = len(doc_ids)
    pos = {d: i for i, d in enumerate(doc_ids)}
    features = list(job.features)
    counts = {f: np.zeros(n, dtype="int64") for f in features}
    voice = job.voice
    for r in rows:
        if voice != "all" and r[15] != voice:
            continue
        col = counts.get(r[8])
        if col is None:  # a feature the lexicons did not announce: document_features adds it too
            col = counts[r[8]] = np.zeros(n, dtype="int64")
        col[pos[r[0]]] += 1
    if len(counts) != len(features):
        features = feature_order(counts)
    out = pd.DataFrame({"doc_id": np.asarray(doc_ids, dtype=object) if n else []})
    out["outlet"] = docs["outlet"].astype(str).to_numpy() if "outlet" in docs and n else ""
    out["voice"] = voice
    out["words"] = voice_words([s[1] for s in stats], [s[3] for s in stats], voice)
    out["sentences"] = np.asarray([s[2] for s in stats], dtype="int64") if n else np.zeros(0, dtype="int64")
    out["published"] = (docs["published"].to_numpy() if "published" in docs and n
                        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]"))
    for col in ("event_id", "leaning"):
        out[col] = (docs[col].astype(object).where(docs[col].notna(), "").astype(str).to_numpy()
                    if col in docs and n else "")
    if features:
        out = pd.concat([out, pd.DataFrame({f: counts[f] for f in features}, columns=features, index=out.index)],
                        axis=1)
    return out.reset_index(drop=True)


_HIT_SCHEMA = None


def _hit_schema() -> pa.Schema:
    global _HIT_SCHEMA
    if _HIT_SCHEMA is None:
        from framelens.features import HIT_COLUMNS, INT_HIT_COLUMNS

        _HIT_SCHEMA = pa.schema([(c, pa.int64() if c in INT_HIT_COLUMNS else pa.string()) for c in HIT_COLUMNS])
    return _HIT_SCHEMA


def _rows_to_table(rows: list[tuple]) -> pa.Table:
    schema = _hit_schema()
    cols = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.table([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)


def _table_to_rows(table: pa.Table) -> list[tuple]:
    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return list(zip(*cols)) if cols else []


# worker-process state (local engine)
_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job):
    global _WORKER_JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER_JOB = job


def _run_in_worker(spec: _PartitionSpec) -> _PartResult:
    return _run_partition(_WORKER_JOB, spec)


# --------------------------------------------------------------------------------------------------
# Executors: ordered results, bounded number of partitions in flight (flat memory)
# --------------------------------------------------------------------------------------------------

def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _ordered(results: Iterator[_PartResult]) -> Iterator[_PartResult]:
    """Yield results in partition order whatever order they finish in."""
    pending: dict[int, _PartResult] = {}
    nxt = 0
    for r in results:
        pending[r.index] = r
        while nxt in pending:
            yield pending.pop(nxt)
            nxt += 1
    if pending:  # pragma: no cover - a lost partition is a bug
        raise AnalysisError(f"extraction lost partitions before {sorted(pending)[0]}")


def _mp_context():
    """``fork`` where it is safe (POSIX, no other thread running: workers inherit the compiled job for
    free and no ``__main__`` guard is needed), else ``forkserver``/``spawn``."""
    import multiprocessing as mp
    import threading

    methods = mp.get_all_start_methods()
    others = [t for t in threading.enumerate() if t is not threading.current_thread()
              and not t.daemon]
    if "fork" in methods and not others:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["framelens.engine", "framelens.extract"])
        return ctx
    return mp.get_context("spawn")


def _run_local(job: _Job, specs: Iterator[_PartitionSpec], jobs: int) -> Iterator[_PartResult]:
    if jobs <= 1:
        for spec in specs:
            yield _run_partition(job, spec)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = _mp_context()
    if ctx.get_start_method() == "fork":
        job.matcher(tuple(job.pack_names))  # compiled once here; forked workers inherit it
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(job,))
    in_flight: set = set()
    limit = 2 * jobs
    ok = False
    try:
        specs = iter(specs)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < limit:
                spec = next(specs, None)
                if spec is None:
                    exhausted = True
                    break
                in_flight.add(pool.submit(_run_in_worker, spec))
            if not in_flight:
                break
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
        ok = True
    finally:
        if not ok:
            for fut in in_flight:
                fut.cancel()
            for p in list(getattr(pool, "_processes", {}).values() or []):
                if p.is_alive():
                    p.terminate()
        pool.shutdown(wait=True, cancel_futures=not ok)


def _run_dask(job: _Job, specs: Iterator[_PartitionSpec], jobs: int, scheduler: str | None
              ) -> Iterator[_PartResult]:
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise AnalysisError("the dask engine needs the `distributed` package",
                            fix="pip install 'dask[distributed]'") from exc
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
        except OSError as exc:
            raise AnalysisError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", where=str(scheduler),
                                fix="start one (`dask scheduler`, then `dask worker ADDRESS`) or check the "
                                    "address; see docs/scaling.md") from exc
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
    try:
        _check_workers(client)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        job_future = client.scatter(job, broadcast=True)
        ac = as_completed()
        specs = iter(specs)
        in_flight = 0
        limit = 2 * n_workers
        exhausted = False

        def submit_more():
            nonlocal in_flight, exhausted
            while not exhausted and in_flight < limit:
                spec = next(specs, None)
                if spec is None:
                    exhausted = True
                    return
                ac.add(client.submit(_run_partition, job_future, spec, pure=False,
                                     key=f"framelens-extract-{os.getpid()}-{id(job)}-{spec.index}"))
                in_flight += 1

        submit_more()
        while in_flight:
            fut = next(ac)
            in_flight -= 1
            res = fut.result()
            fut.release()
            submit_more()
            yield res
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check_workers(client) -> None:
    """Every worker must run this framelens version (else outputs could silently differ)."""
    def version():
        import framelens

        return framelens.__version__

    versions = client.run(version)
    bad = {w: v for w, v in versions.items() if v != __version__}
    if bad:
        raise AnalysisError(f"Dask workers run framelens {sorted(set(bad.values()))}, this client {__version__}",
                            where=", ".join(sorted(bad)), fix="install the same framelens version on every worker")


def _execute(job: _Job, specs: Iterator[_PartitionSpec], *, jobs: int | None, engine: str,
             scheduler: str | None) -> Iterator[_PartResult]:
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r}", fix="use --engine local or --engine dask")
    jobs = default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise AnalysisError(f"jobs must be at least 1, not {jobs}", fix="pass --jobs 1 or more (default: all cores)")
    if engine == "dask":
        return _ordered(_run_dask(job, specs, jobs, scheduler))
    if scheduler:
        raise AnalysisError("--scheduler is for the dask engine", fix="add --engine dask, or drop --scheduler")
    return _ordered(_run_local(job, specs, jobs))


class _Progress:
    """A tqdm bar in MB of text with rate and time left (silent when disabled or tqdm is missing)."""

    def __init__(self, total_bytes: int | None, enabled: bool, desc: str = "extract"):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total_bytes, desc=desc, unit="B", unit_scale=True, unit_divisor=1000,
                            smoothing=0.1, dynamic_ncols=True)

    def update(self, res: _PartResult):
        if self.bar is not None:
            self.bar.update(res.n_bytes)
            self.bar.set_postfix(docs=f"{self.docs + res.n_docs:,}", refresh=False)
        self.docs += res.n_docs

    docs = 0

    def close(self):
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------------------------------
# In-memory corpora
# --------------------------------------------------------------------------------------------------

@dataclass
class ExtractionRun:
    """Everything one extraction produced.

    Attributes
    ----------
    hits : DataFrame
        The hits table, identical to ``framelens.extract(corpus, lexicons)``.
    doc_features : DataFrame
        One row per document (see :func:`framelens.features.document_features`).
    errors : DataFrame
        ``extraction_errors``: ``doc_id, extractor, error`` (empty when every extractor worked).
    stats : dict
        documents, partitions, bytes, seconds, jobs, engine, cache hits and misses.
    """

    hits: pd.DataFrame
    doc_features: pd.DataFrame
    errors: pd.DataFrame
    stats: dict


def _documents(corpus) -> pd.DataFrame:
    from framelens.extract import _documents as docs_of

    return docs_of(corpus)


def _errors_frame(errors: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(errors, columns=ERROR_COLUMNS).astype(str) if errors else pd.DataFrame(
        {c: pd.Series(dtype=str) for c in ERROR_COLUMNS})


def run_extraction(corpus, lexicons=None, *, jobs: int | None = None, engine: str = "local",
                   scheduler: str | None = None, cache_dir: str | Path | None = None, progress: bool = True,
                   partition_chars: int = DEFAULT_PARTITION_CHARS, voice: str = "narration") -> ExtractionRun:
    """Extract every framing cue of an in-memory corpus over partitions, on every core or a cluster.

    Parameters
    ----------
    corpus : Corpus, DataFrame or iterable of str
        As for :func:`framelens.extract`.
    lexicons : None, or pack names / paths / a LexiconSet
        As for :func:`framelens.extract`.
    jobs : int, optional
        Worker processes (all cores when None; 1 runs in this process). With ``engine="dask"`` and
        no scheduler: the size of the local cluster.
    engine : {"local", "dask"}
    scheduler : str, optional
        Dask scheduler address (``engine="dask"`` only).
    cache_dir : path, optional
        Feature cache folder (:mod:`framelens.cache`); no cache when None.
    progress : bool, default True
        Show a progress bar.
    partition_chars : int
        Target characters of text per partition (see :func:`plan_partitions`).
    voice : {"narration", "quoted", "all"}, default "narration"
        The voice of the document features (see :func:`framelens.features.document_features`);
        the hits always carry every voice.

    Returns
    -------
    ExtractionRun
    """
    from framelens.cache import document_key
    from framelens.corpus.model import column_values
    from framelens.features import HitBatches, hits_table

    t0 = time.perf_counter()
    docs = _documents(corpus)
    docs = docs.reset_index(drop=True)
    # the texts stay a pandas str column (Arrow), read a batch at a time: as one list of Python
    # strings they took twice their size again, for the whole extraction
    texts = docs["text"].fillna("").astype(str) if len(docs) else pd.Series([], dtype=str)
    doc_ids = docs["doc_id"].astype(str).tolist() if len(docs) else []
    if len(set(doc_ids)) != len(doc_ids):
        dup = pd.Series(doc_ids)[pd.Series(doc_ids).duplicated()].iloc[0]
        raise CorpusError(f"doc_id {dup!r} occurs more than once", fix="give every document a unique doc_id")
    job = _make_job(column_values(texts), lexicons, cache_dir, voice)
    keys, lengths, n_bytes = [], [], 0
    for d, t in zip(doc_ids, column_values(texts)):
        keys.append(document_key(d, t))
        lengths.append(len(t))
        n_bytes += len(t.encode("utf-8", "surrogatepass"))
    plan = plan_by_length(lengths, keys, partition_chars)
    cols = ["doc_id", "text"] + [c for c in _META_COLUMNS if c in docs.columns]
    frame = docs[cols].copy()
    frame["doc_id"] = doc_ids
    frame["text"] = texts
    specs = (_PartitionSpec(i, frame=frame.iloc[a:b].reset_index(drop=True)) for i, (a, b) in enumerate(plan))
    bar = _Progress(n_bytes, progress)
    batches = HitBatches()  # the hits of each partition as Arrow (not every row as Python tuples until the end)
    from framelens.features import DocStats

    stats = DocStats()
    feats: list[pd.DataFrame] = []
    errors: list[tuple[str, str, str]] = []
    cache_hits = cache_misses = 0
    try:
        for res in _execute(job, specs, jobs=jobs, engine=engine, scheduler=scheduler):
            batches.append(hits_table(res.rows))
            res.rows = None  # a finished future may still hold the result
            for d, w, s, q in res.stats:
                stats[d] = (w, s, q)
            feats.append(res.doc_features)
            errors.extend(res.errors)
            cache_hits += res.cache_hits
            cache_misses += res.cache_misses
            bar.update(res)
    finally:
        bar.close()
    hits = batches.frame()
    hits.attrs["features"] = list(job.features)
    hits.attrs["doc_stats"] = stats
    if feats:
        # partitions count every feature the packs can produce (a partition cannot know what the
        # others hold); as document_features does, those no document has are then left out
        doc_features = pd.concat(feats, ignore_index=True)
        present = set(hits["feature"].unique()) if len(hits) else set()
        absent = [f for f in job.features if f not in present]
        doc_features = doc_features.drop(columns=[f for f in absent if f in doc_features.columns])
        doc_features.attrs["absent_features"] = feature_order(absent)
    else:
        from framelens.features import document_features

        doc_features = document_features(docs, hits)
    for e in errors:
        log.warning("extraction error: document %s, %s: %s", *e)
    run_stats = {"documents": len(docs), "partitions": len(plan), "bytes": n_bytes, "seconds": time.perf_counter() - t0,
        "jobs": default_jobs() if jobs is None else jobs, "engine": engine, "cache_hits": cache_hits,
        "cache_misses": cache_misses, "hits": len(hits), "errors": len(errors)}
    log.info("extracted %d hits from %d documents in %d partitions (%.1f s)", len(hits), len(docs), len(plan),
             run_stats["seconds"])
    return ExtractionRun(hits, doc_features, _errors_frame(errors), run_stats)


def extract_corpus(corpus, lexicons=None, *, jobs: int | None = None, engine: str = "local",
                   scheduler: str | None = None, cache_dir: str | Path | None = None, progress: bool = True,
                   **kwargs) -> pd.DataFrame:
    """The hits table of ``corpus``: the same rows, in the same order, as ``framelens.extract``.

    Runs on every core (``jobs``), or on a Dask cluster (``engine="dask"``, ``scheduler``), and
    reuses cached features (``cache_dir``). See :func:`run_extraction` for the parameters; the
    extraction errors, if any, are logged and kept in ``hits.attrs["extraction_errors"]`` (a list of
    ``(doc_id, extractor, error)``).

    Returns
    -------
    DataFrame
        The hits table with ``attrs["features"]`` and ``attrs["doc_stats"]`` as :func:`framelens.extract` sets them.
    """
    run = run_extraction(corpus, lexicons, jobs=jobs, engine=engine, scheduler=scheduler, cache_dir=cache_dir,
                         progress=progress, **kwargs)
    hits = run.hits
    if len(run.errors):
        hits.attrs["extraction_errors"] = list(run.errors.itertuples(index=False, name=None))
    return hits


# --------------------------------------------------------------------------------------------------
# Parquet datasets: streaming
# --------------------------------------------------------------------------------------------------

def _dataset_files(source: str | Path) -> list[Path]:
    p = Path(source)
    if p.is_file():
        return [p]
    if p.is_dir():
        files = sorted(f for f in p.rglob("*.parquet") if not any(x.startswith(".") for x in f.relative_to(p).parts))
        if files:
            return files
    raise CorpusError("no Parquet dataset here", where=str(source),
                      fix="point at a .parquet file or a folder of them (see framelens.engine.write_dataset)")


def _dataset_plan(files: list[Path], partition_chars: int) -> tuple[list[_PartitionSpec], list[str], int]:
    """Partitions = runs of consecutive row groups of one file, about ``partition_chars`` of text."""
    specs: list[_PartitionSpec] = []
    columns: list[str] | None = None
    total = 0
    for f in files:
        pf = pq.ParquetFile(f)
        names = pf.schema_arrow.names
        if "text" not in names or "doc_id" not in names:
            raise CorpusError("a corpus dataset needs `doc_id` and `text` columns", where=str(f),
                              fix="save the corpus with framelens.engine.write_dataset, or rename the columns")
        cols = ["doc_id", "text"] + [c for c in _META_COLUMNS if c in names]
        if columns is None:
            columns = cols
        md = pf.metadata
        ti = names.index("text")
        group: list[int] = []
        size = 0
        for rg in range(md.num_row_groups):
            col = md.row_group(rg).column(ti)
            nbytes = int(col.total_uncompressed_size or 0)
            group.append(rg)
            size += nbytes
            if size >= partition_chars:
                specs.append(_PartitionSpec(len(specs), path=str(f), row_groups=tuple(group), columns=tuple(cols),
                                            est_bytes=size))
                total += size
                group, size = [], 0
        if group:
            specs.append(_PartitionSpec(len(specs), path=str(f), row_groups=tuple(group), columns=tuple(cols),
                                        est_bytes=size))
            total += size
    return specs, columns or ["doc_id", "text"], total


def _training_texts(files: list[Path], max_chars: int = 2_000_000) -> Iterator[str]:
    """The dataset's texts in order, lazily (the splitter reads only its training prefix)."""
    for f in files:
        pf = pq.ParquetFile(f)
        for batch in pf.iter_batches(batch_size=256, columns=["text"]):
            for t in batch.column(0).to_pylist():
                yield t or ""


def extract_dataset(source: str | Path, out_dir: str | Path, lexicons=None, *, jobs: int | None = None,
                    engine: str = "local", scheduler: str | None = None, cache_dir: str | Path | None = None,
                    progress: bool = True, partition_chars: int = DEFAULT_PARTITION_CHARS,
                    voice: str = "narration") -> dict:
    """Stream a Parquet corpus dataset through extraction, writing Parquet parts as it goes.

    Memory stays flat: at most two partitions per worker are in flight, and each finished
    partition is written and dropped. The output folder appears only when the run succeeds.

    Parameters
    ----------
    source : path
        A Parquet file or folder of Parquet files with ``doc_id`` and ``text`` (and optionally
        ``outlet``, ``published``, ``event_id``, ``leaning``), e.g. from :func:`write_dataset`.
        Documents are taken as they are (no cleaning, no de-duplication: do that when saving).
    out_dir : path
        Output folder (see the module docstring for its layout); replaced atomically.
    lexicons, jobs, engine, scheduler, cache_dir, progress, partition_chars, voice
        As for :func:`run_extraction`.

    Returns
    -------
    dict
        The manifest written to ``out_dir/manifest.json`` (documents, hits, errors, seconds, ...).
    """
    from framelens.outputs import atomic_dir, write_json

    t0 = time.perf_counter()
    files = _dataset_files(source)
    specs, _cols, est_total = _dataset_plan(files, partition_chars)
    job = _make_job(_training_texts(files), lexicons, cache_dir, voice)
    bar = _Progress(est_total, progress)
    n_docs = n_hits = n_bytes = 0
    errors: list[tuple[str, str, str]] = []
    cache_hits = cache_misses = 0
    doc_schema: pa.Schema | None = None
    with atomic_dir(out_dir, inputs=files) as tmp:
        (tmp / "hits").mkdir()
        (tmp / "doc_features").mkdir()
        try:
            for res in _execute(job, iter(specs), jobs=jobs, engine=engine, scheduler=scheduler):
                name = f"part-{res.index:05d}.parquet"
                pq.write_table(_rows_to_table(res.rows), tmp / "hits" / name)
                table = pa.Table.from_pandas(res.doc_features, preserve_index=False)
                if doc_schema is None:
                    doc_schema = table.schema
                elif table.schema != doc_schema:
                    table = table.cast(doc_schema)
                pq.write_table(table, tmp / "doc_features" / name)
                del table
                pa.default_memory_pool().release_unused()
                n_docs += res.n_docs
                n_hits += len(res.rows)
                n_bytes += res.n_bytes
                errors.extend(res.errors)
                cache_hits += res.cache_hits
                cache_misses += res.cache_misses
                bar.update(res)
        finally:
            bar.close()
        err = _errors_frame(errors)
        pq.write_table(pa.Table.from_pandas(err, preserve_index=False), tmp / "extraction_errors.parquet")
        manifest = {
            "framelens_version": __version__, "source": str(source), "engine": engine,
            "jobs": default_jobs() if jobs is None else jobs, "partitions": len(specs), "documents": n_docs,
            "bytes": n_bytes, "hits": n_hits, "errors": len(errors), "seconds": round(time.perf_counter() - t0, 3),
            "lexicons": job.lexicons.digests(), "splitter": job.splitter_digest, "features": job.features,
            "cache": {"dir": str(cache_dir) if cache_dir else None, "hits": cache_hits, "misses": cache_misses},
        }
        write_json(manifest, tmp, "manifest")
    for e in errors:
        log.warning("extraction error: document %s, %s: %s", *e)
    return manifest


def write_dataset(corpus, folder: str | Path, *, partition_chars: int = DEFAULT_PARTITION_CHARS,
                  row_group_chars: int = 250_000) -> Path:
    """Save a corpus's documents as a Parquet dataset for :func:`extract_dataset` (written atomically).

    One file per partition (:func:`plan_partitions`), row groups of about ``row_group_chars``
    characters. Columns: ``doc_id, text`` and whichever of ``outlet, published, event_id, leaning,
    title, url`` the corpus has.
    """
    from framelens.cache import document_key
    from framelens.outputs import atomic_dir

    docs = _documents(corpus).reset_index(drop=True)
    cols = ["doc_id", "text"] + [c for c in _META_COLUMNS + ["title", "url"] if c in docs.columns]
    docs = docs[cols].copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs["text"] = docs["text"].fillna("").astype(str)
    for c in ("outlet",):
        if c in docs:
            docs[c] = docs[c].astype(str)
    texts = docs["text"].tolist()
    plan = plan_partitions(texts, [document_key(d, t) for d, t in zip(docs["doc_id"], texts)], partition_chars)
    from framelens.pipeline import corpus_inputs

    sources = corpus_inputs(corpus) if hasattr(corpus, "rejects") else []
    with atomic_dir(folder, inputs=sources) as tmp:
        for i, (a, b) in enumerate(plan):
            part = docs.iloc[a:b]
            mean = max(1, int(part["text"].str.len().mean() or 1))
            pq.write_table(pa.Table.from_pandas(part, preserve_index=False), tmp / f"part-{i:05d}.parquet",
                           row_group_size=max(1, math.ceil(row_group_chars / mean)))
    return Path(folder)
