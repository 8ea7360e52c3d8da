"""Loaded words: evaluative and emotive vocabulary (brutal, heroic, outrage, staggering).

Rows have family and feature ``loaded``; ``category`` is negative, positive, emotive or intensifier
(as the pack defines) and ``term`` the lexicon entry.
"""
from __future__ import annotations

from typing import Iterable

from framelens.features import DocText
from framelens.lexicons.matcher import Match

FAMILY = "loaded"


def loaded_hits(doc: DocText, matches: Iterable[Match]) -> list[tuple]:
    """Hits-table rows for the loaded-word matches among ``matches``."""
    rows = []
    for m in matches:
        r = m.rule
        if r.family == FAMILY:
            rows.append(doc.row(m.start, m.end, FAMILY, r.feature, r.category, r.term, pack=r.pack))
    return rows
