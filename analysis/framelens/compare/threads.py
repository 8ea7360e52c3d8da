"""Run the comparisons with single-threaded BLAS and OpenMP.

The matrices here are small (replicates x documents, documents x features). Multi-threaded BLAS
gains nothing on them, and on a busy machine its spinning threads make a logistic regression or a
bootstrap tens of times slower (measured: 4.9 s against 0.14 s for one fit on BASIL with two
cores under load). :func:`single_threaded` limits the thread pools for the duration of a call and
restores them afterwards.
"""
from __future__ import annotations

import functools


def single_threaded(func):
    """Decorator: run ``func`` with BLAS/OpenMP thread pools limited to one thread."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
            return func(*args, **kwargs)
        with threadpool_limits(limits=1):
            return func(*args, **kwargs)

    return wrapper
