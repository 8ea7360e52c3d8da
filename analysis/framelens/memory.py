"""Giving back the memory a finished stage freed, so that the process does not keep it resident.

Freed memory is not returned to the operating system by itself: pyarrow's memory pool (where the
corpus texts and the hits' strings live) keeps freed buffers for reuse, and glibc's ``malloc`` keeps
freed pages of its heaps (Python's objects, numpy's arrays). After loading a corpus, the uncleaned
texts it no longer holds stayed resident that way, and were never reused by the stages after.

And keeping the garbage collector off what lives for the whole run: :func:`frozen_heap`.
"""
from __future__ import annotations

import ctypes
import gc
import logging
from contextlib import contextmanager
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


@contextmanager
def frozen_heap():
    """Leave the objects alive on entry out of the cyclic garbage collector's passes until exit.

    Extraction makes and drops many small containers, so the collector runs often, and each of its
    full passes walks every tracked object of the process: the tagger's model alone is some 76,000
    lists, the imported modules as many objects again, none of which extraction frees. Frozen
    (``gc.freeze``), they are skipped; on exit they are handed back (``gc.unfreeze``). Objects are
    still freed as usual when their last reference goes; only cycles among the frozen objects wait
    for the exit. Nothing is done when the collector is off or the caller has frozen objects
    already (their freeze is theirs to end).
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
