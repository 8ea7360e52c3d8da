"""The feature cache: hits on an unchanged corpus, only the changed pack re-extracted, never reused
across package versions, never a half-written entry."""
from __future__ import annotations

import importlib

import pandas as pd
import pyarrow as pa
import pytest

import framelens as fl
from framelens import engine
from framelens.cache import FeatureCache, document_key, partition_key, unit_key
from framelens.engine import run_extraction
from test_engine import PART, make_documents

LOADED = """
name: {name}
family: loaded
description: a small loaded-words pack for the cache tests
sources: written for the tests
categories:
  negative: negative evaluation
entries:
  - term: brutal
    category: negative
  - term: {extra}
    category: negative
"""


@pytest.fixture(scope="module")
def docs():
    return make_documents(n=30, seed=3)


def _pack(folder, extra: str):
    path = folder / "mypack.yml"
    path.write_text(LOADED.format(name="mypack", extra=extra), encoding="utf-8")
    return path


class _Spy:
    """Records which packs and lexicon-free extractors each extract_text call ran."""

    def __init__(self, monkeypatch):
        self.calls: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        ex = importlib.import_module("framelens.extract")
        original = ex.extract_text

        def spy(text, *, matcher=None, lexicon_free=None, **kw):
            packs = tuple(p.name for p in matcher.packs) if matcher is not None else ()
            free = tuple(ex.LEXICON_FREE_FEATURES if lexicon_free is None else lexicon_free)
            self.calls.append((packs, free))
            return original(text, matcher=matcher, lexicon_free=lexicon_free, **kw)

        monkeypatch.setattr(ex, "extract_text", spy)


def test_store_and_load_roundtrip(tmp_path):
    cache = FeatureCache(tmp_path)
    table = pa.table({"doc_id": ["a", "b"], "words": [3, 4], "sentences": [1, 1]})
    assert cache.load("document", "u1", "p1") is None
    cache.store("document", "u1", "p1", table)
    assert cache.load("document", "u1", "p1").equals(table)
    assert (cache.hits, cache.misses) == (1, 1)
    assert cache.load("document", "u1", "p2") is None  # other partition
    assert cache.load("document", "u2", "p1") is None  # other unit key
    assert not list(tmp_path.rglob("*.partial"))


def test_other_version_is_never_read(tmp_path):
    table = pa.table({"x": [1]})
    FeatureCache(tmp_path, version="0.0.1").store("document", "u", "p", table)
    assert FeatureCache(tmp_path, version="0.0.2").load("document", "u", "p") is None
    # even an entry copied into this version's folder is refused: the file says who wrote it
    old = FeatureCache(tmp_path, version="0.0.1")._path("document", "u", "p")
    new = FeatureCache(tmp_path, version="0.0.2")._path("document", "u", "p")
    new.parent.mkdir(parents=True)
    new.write_bytes(old.read_bytes())
    assert FeatureCache(tmp_path, version="0.0.2").load("document", "u", "p") is None


def test_keys_depend_on_content_pack_splitter_and_version():
    assert document_key("a", "text") != document_key("a", "text.") != document_key("b", "text")
    assert partition_key(["x", "y"]) != partition_key(["y", "x"])
    base = unit_key("pack:hedges", "d1", "s1", version="1", code="c")
    assert base == unit_key("pack:hedges", "d1", "s1", version="1", code="c")
    for other in (unit_key("pack:hedges", "d2", "s1", version="1", code="c"),
                  unit_key("pack:hedges", "d1", "s2", version="1", code="c"),
                  unit_key("pack:hedges", "d1", "s1", version="2", code="c"),
                  unit_key("pack:hedges", "d1", "s1", version="1", code="c2")):
        assert other != base


def test_unchanged_corpus_is_not_extracted_again(docs, tmp_path, monkeypatch):
    ref = fl.extract(docs)
    first = run_extraction(docs, jobs=1, progress=False, cache_dir=tmp_path, partition_chars=PART)
    n_units = len(engine._make_job([], None, None).units())
    assert first.stats["cache_hits"] == 0
    assert first.stats["cache_misses"] == n_units * first.stats["partitions"]
    spy = _Spy(monkeypatch)
    second = run_extraction(docs, jobs=1, progress=False, cache_dir=tmp_path, partition_chars=PART)
    assert spy.calls == []  # nothing extracted
    assert second.stats["cache_misses"] == 0
    for run in (first, second):
        pd.testing.assert_frame_equal(run.hits, ref)
        assert run.hits.attrs["doc_stats"] == ref.attrs["doc_stats"]


def test_changing_one_pack_reextracts_only_that_pack(docs, tmp_path, monkeypatch):
    pack = _pack(tmp_path, "shocking")
    lex = ["hedges", "attribution", str(pack)]
    cache = tmp_path / "cache"
    run_extraction(docs, lex, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    _pack(tmp_path, "staggering")  # edit the pack: a different file, a different digest
    spy = _Spy(monkeypatch)
    again = run_extraction(docs, lex, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    assert spy.calls and {c for c in spy.calls} == {(("mypack",), ())}
    assert again.stats["cache_misses"] == again.stats["partitions"]
    monkeypatch.undo()
    fresh = fl.extract(docs, lexicons=lex)
    pd.testing.assert_frame_equal(again.hits, fresh)
    assert "staggering" in set(again.hits["term"]) and "shocking" not in set(again.hits["term"])


def test_edited_document_reextracts_its_partition_only(docs, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    edited = docs.copy()
    i = len(docs) - 1
    edited.loc[i, "text"] = edited.loc[i, "text"] + " Officials claimed it was brutal."
    spy = _Spy(monkeypatch)
    again = run_extraction(edited, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    assert 0 < len(spy.calls) < len(docs) / 2
    assert again.stats["cache_misses"] < first.stats["cache_misses"] / 2
    monkeypatch.undo()
    pd.testing.assert_frame_equal(again.hits, fl.extract(edited))


def test_other_package_version_misses(docs, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    monkeypatch.setattr(fl, "__version__", "99.0.0")
    again = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    assert again.stats["cache_hits"] == 0
    assert (cache / "framelens-99.0.0").is_dir()


def test_failed_documents_are_not_cached(docs, tmp_path, monkeypatch):
    ex = importlib.import_module("framelens.extract")
    bad_text = docs["text"].iloc[2]
    original = ex.scare_quote_spans

    def flaky(text, sents, *args, **kwargs):
        if text == bad_text:
            raise ValueError("broken quote finder")
        return original(text, sents, *args, **kwargs)

    monkeypatch.setattr(ex, "scare_quote_spans", flaky)
    cache = tmp_path / "cache"
    first = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    second = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    for run in (first, second):  # reported again: the failing unit of that partition was not cached
        assert run.errors["extractor"].tolist() == ["scare_quote"]
    assert second.stats["cache_misses"] == 1


def test_code_digest_covers_extractors_and_word_lists_but_not_packs():
    from framelens.cache import code_files

    names = {p.as_posix().split("framelens/", 1)[1] for p in code_files()}
    assert {"extract.py", "text.py", "features/passives.py", "lexicons/matcher.py",
            "data/irregular_participles.txt"} <= names
    # a pack is keyed by its own digest: editing a shipped pack must not invalidate the other packs
    assert not any(n.startswith("lexicons/packs/") for n in names)


# --- every entry is verified; a cache that cannot be written is not an error ---------------------------

def _hedge_entries(cache_dir):
    return [p for p in FeatureCache(cache_dir).entries() if p.parts[-3] == "pack_hedges"]


def test_a_hand_edited_entry_is_a_miss_with_a_warning_never_used(docs, tmp_path, caplog):
    """Rewriting an entry with no rows but its metadata kept took every hedge rate to 0.0, exit 0,
    nothing logged."""
    import pyarrow.parquet as pq

    ref = fl.extract(docs)
    cache = tmp_path / "cache"
    run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    edited = _hedge_entries(cache)
    assert edited
    for path in edited:
        table = pq.read_table(path)
        pq.write_table(table.slice(0, 0).replace_schema_metadata(table.schema.metadata), path)
    with caplog.at_level("WARNING", logger="framelens.cache"):
        again = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    pd.testing.assert_frame_equal(again.hits, ref)
    assert (ref["feature"] == "hedge").any()
    assert again.stats["cache_misses"] == len(edited)
    assert caplog.text.count("does not match its content digest") == len(edited)
    third = run_extraction(docs, jobs=1, progress=False, cache_dir=cache, partition_chars=PART)
    assert third.stats["cache_misses"] == 0  # the damaged entries were replaced


def test_the_message_for_another_version_names_both(tmp_path, caplog):
    """It said 'written by framelens 0.1.0, not 0.1.0' (the mismatch was a key, not the version)."""
    import pyarrow as pa

    table = pa.table({"x": [1]})
    FeatureCache(tmp_path, version="0.0.1").store("document", "u", "p", table)
    src = FeatureCache(tmp_path, version="0.0.1")._path("document", "u", "p")
    dst = FeatureCache(tmp_path, version="0.0.2")._path("document", "u", "p")
    dst.parent.mkdir(parents=True)
    dst.write_bytes(src.read_bytes())
    moved = FeatureCache(tmp_path, version="0.0.1")._path("document", "u", "other")
    moved.write_bytes(src.read_bytes())
    with caplog.at_level("INFO", logger="framelens.cache"):
        assert FeatureCache(tmp_path, version="0.0.2").load("document", "u", "p") is None
        assert FeatureCache(tmp_path, version="0.0.1").load("document", "u", "other") is None
    assert "written by framelens 0.0.1, and this is framelens 0.0.2" in caplog.text
    assert "keys that do not match its place" in caplog.text
    assert "not 0.0.1" not in caplog.text


def test_a_cache_that_cannot_be_written_degrades_to_no_cache(docs, tmp_path, monkeypatch, caplog):
    import errno

    from framelens import cache as cache_module

    def full(table, where, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_module.pq, "write_table", full)
    ref = fl.extract(docs)
    with caplog.at_level("WARNING", logger="framelens.cache"):
        run = run_extraction(docs, jobs=1, progress=False, cache_dir=tmp_path / "full", partition_chars=PART)
    pd.testing.assert_frame_equal(run.hits, ref)
    assert caplog.text.count("going on without storing") == 1  # one warning, not one per entry
    assert "no space left" in caplog.text
    assert not list((tmp_path / "full").rglob("*.partial"))


@pytest.mark.skipif(__import__("os").geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_cache_disk_degrades_to_no_cache(docs, tmp_path, caplog):
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not permitted here; the fault-injection test covers a full cache disk")
    try:
        ref = fl.extract(docs)
        with caplog.at_level("WARNING", logger="framelens.cache"):
            run = run_extraction(docs, jobs=1, progress=False, cache_dir=disk, partition_chars=PART)
        pd.testing.assert_frame_equal(run.hits, ref)
        assert "going on without storing" in caplog.text and "no space left" in caplog.text
        assert not list(disk.rglob("*.partial"))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_run_killed_at_70_percent_resumes_from_its_finished_partitions(docs, tmp_path, monkeypatch):
    """Each partition's features are in the cache as soon as it finishes, so a run that is killed
    (here at the partition 70% of the way through) extracts only what it had not finished, and
    ends with the same outputs as a run never interrupted."""
    ref = run_extraction(docs, jobs=1, progress=False, partition_chars=PART)
    n_parts = ref.stats["partitions"]
    killed_at = int(0.7 * n_parts)
    assert 2 <= killed_at < n_parts
    original = engine._run_partition
    calls = []

    def killed(job, spec):
        calls.append(spec.index)
        if len(calls) > killed_at:
            raise KeyboardInterrupt
        return original(job, spec)

    monkeypatch.setattr(engine, "_run_partition", killed)
    with pytest.raises(KeyboardInterrupt):
        run_extraction(docs, jobs=1, progress=False, cache_dir=tmp_path, partition_chars=PART)
    monkeypatch.setattr(engine, "_run_partition", original)
    resumed = run_extraction(docs, jobs=1, progress=False, cache_dir=tmp_path, partition_chars=PART)
    n_units = len(engine._make_job([], None, None).units())
    assert resumed.stats["cache_hits"] == n_units * killed_at
    assert resumed.stats["cache_misses"] == n_units * (n_parts - killed_at)
    pd.testing.assert_frame_equal(resumed.hits, ref.hits)
    pd.testing.assert_frame_equal(resumed.doc_features, ref.doc_features)
