"""Giving back the memory a finished stage freed, so that the process does not keep it resident.

Freed memory is not returned to the operating system by itself: pyarrow's memory pool (where the
corpus texts and the hits' strings live) keeps freed buffers for reuse, and glibc's ``malloc`` keeps
freed pages of its heaps (Python's objects, numpy's arrays). After loading a corpus, the uncleaned
texts it no longer holds stayed resident that way, and were never reused by the stages after.
"""
from __future__ import annotations

import ctypes
import logging
from functools import lru_cache

import pyarrow as pa

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl, Windows)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return None


def release_memory(after: str) -> None:
    """Return the memory freed so far to the operating system: pyarrow's unused pool buffers, and
    glibc's free heap pages (``malloc_trim(0)``, where there is glibc; a no-op elsewhere).

    Parameters
    ----------
    after : str
        The stage that just ended, for the log.
    """
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    log.info("memory: returned what %s freed to the system (Arrow pool now %.0f MB)", after, pa.total_allocated_bytes() / 2**20)
