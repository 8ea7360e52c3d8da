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
