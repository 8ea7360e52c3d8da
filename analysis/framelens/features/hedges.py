"""Hedges and boosters: words that weaken (may, reportedly, it is unclear) or strengthen (clearly,
in fact) the writer's commitment to a statement.

Rows have family ``hedge`` (feature ``hedge``) or ``booster`` (feature ``booster``); ``category``
is the kind of cue (modal, adverb, verb, phrase, adjective) and ``term`` the lexicon entry. An
entry with a ``subject`` condition counts only when its verb is (or is not) said of a person
(:mod:`framelens.features.context`): *the data suggest* is a hedge, *the senator suggested* is not.
"""
from __future__ import annotations

from typing import Iterable

from framelens.features import DocText
from framelens.features.context import subject_ok
from framelens.lexicons.matcher import Match

FAMILIES = ("hedge", "booster")


def hedge_hits(doc: DocText, matches: Iterable[Match]) -> list[tuple]:
    """Hits-table rows for the hedge and booster matches among ``matches``."""
    rows = []
    for m in matches:
        r = m.rule
        if r.family in FAMILIES and subject_ok(doc, r, m.start, m.end):
            rows.append(doc.row(m.start, m.end, r.family, r.feature, r.category, r.term, pack=r.pack))
    return rows
