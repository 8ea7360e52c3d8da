"""Adapters for the shared research corpora in ``../shared/data``.

Each adapter module has ``NAME``, ``DESCRIPTION``, ``detect(path) -> bool`` (recognise the corpus by
its folder layout) and ``read(path) -> ReadResult``. Each keeps the event or story id as ``event_id``
so that outlets can be compared on the same event.
"""
from __future__ import annotations

import importlib

_MODULES = ["seed", "basil", "newswcl50", "babe", "mbic", "allsides", "neus", "pac"]

ADAPTERS = {}
for _name in _MODULES:
    try:
        _mod = importlib.import_module(f"framelens.corpus.adapters.{_name}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while an adapter is being written
        if exc.name != f"framelens.corpus.adapters.{_name}":
            raise
        continue
    ADAPTERS[_mod.NAME] = _mod
