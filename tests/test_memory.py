"""Returning freed memory between the stages of the main job (framelens.memory)."""
from __future__ import annotations

import logging
import platform

import pytest

from framelens import memory


class _Pool:
    def __init__(self):
        self.released = 0

    def release_unused(self):
        self.released += 1


@pytest.fixture
def pool(monkeypatch):
    fake = _Pool()
    monkeypatch.setattr(memory.pa, "default_memory_pool", lambda: fake)
    return fake


def test_release_memory_releases_the_arrow_pool_trims_the_heap_and_logs_the_stage(monkeypatch, pool, caplog):
    trimmed = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: trimmed.append)
    with caplog.at_level(logging.INFO, logger="framelens.memory"):
        memory.release_memory("a test stage")
    assert pool.released == 1 and trimmed == [0]
    assert any("a test stage" in r.getMessage() for r in caplog.records)


def test_release_memory_without_malloc_trim_still_releases_the_arrow_pool(monkeypatch, pool):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)  # macOS, musl: no malloc_trim
    memory.release_memory("no glibc")
    assert pool.released == 1


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_malloc_trim_is_found_with_glibc():
    assert memory._malloc_trim() is not None
    memory.release_memory("a real call")  # as the job calls it: trim(0) and pyarrow's own pool


def test_frozen_heap_freezes_what_lives_on_entry_and_hands_it_back_on_exit():
    import gc

    assert gc.get_freeze_count() == 0
    kept = [[i] for i in range(100)]  # tracked containers alive on entry
    with memory.frozen_heap():
        assert gc.get_freeze_count() >= len(kept)
        made = [[i] for i in range(10)]  # made inside: not frozen, collected as usual
        cycle = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    assert gc.get_freeze_count() == 0
    assert len(made) == 10 and kept[99] == [99]


def test_frozen_heap_leaves_a_callers_freeze_and_a_disabled_collector_alone():
    import gc

    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with memory.frozen_heap():
            pass
        assert gc.get_freeze_count() == before  # the caller's freeze is not ended
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        with memory.frozen_heap():
            assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_frozen_heap_hands_back_the_heap_when_the_block_raises():
    import gc

    with pytest.raises(ValueError):
        with memory.frozen_heap():
            raise ValueError("stop")
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("path", ["extract", "extract_corpus"])
def test_extraction_runs_with_the_heap_frozen_and_ends_with_it_handed_back(monkeypatch, path):
    import gc

    import framelens as fl
    import importlib

    fx = importlib.import_module("framelens.extract")  # the module (framelens.extract is also the function)

    seen = []
    original = fx.extract_text

    def spy(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return original(*args, **kwargs)

    monkeypatch.setattr(fx, "extract_text", spy)
    texts = ["Officials said the ceasefire was “historic”.", "It was reportedly signed."]
    if path == "extract":
        hits = fl.extract(texts)
    else:
        from framelens.engine import extract_corpus

        hits = extract_corpus(texts, jobs=1)
    assert len(seen) == 2 and all(n > 0 for n in seen)  # every document extracted with the heap frozen
    assert gc.get_freeze_count() == 0
    assert len(hits) > 0
