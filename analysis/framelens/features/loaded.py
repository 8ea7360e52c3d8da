"""Loaded words: evaluative and emotive vocabulary (brutal, heroic, outrage, staggering).

Rows have family and feature ``loaded``; ``category`` is negative, positive or emotive (as the pack
defines) and ``term`` the lexicon entry. A word that is part of a name is not loaded: capitalised
inside its sentence and followed by another capitalised word (Twitter's "Hateful Conduct Policy",
the "Toxic Substances Control Act").
"""
from __future__ import annotations

from typing import Iterable

from framelens.features import DocText
from framelens.lexicons.matcher import Match
from framelens.text import WORD_RE

FAMILY = "loaded"


def loaded_hits(doc: DocText, matches: Iterable[Match]) -> list[tuple]:
    """Hits-table rows for the loaded-word matches among ``matches``."""
    rows = []
    for m in matches:
        r = m.rule
        if r.family == FAMILY and not _in_name(doc, m.start, m.end):
            rows.append(doc.row(m.start, m.end, FAMILY, r.feature, r.category, r.term, pack=r.pack))
    return rows


def _in_name(doc: DocText, start: int, end: int) -> bool:
    """Is the word at ``[start, end)`` part of a capitalised name (not at its sentence's start)?"""
    text = doc.text
    if not text[start:start + 1].isupper():
        return False
    s0 = doc.sentences[doc.sentence_of(start)][0] if doc.sentences else 0
    if not text[s0:start].strip(" \t\"“‘'(["):
        return False  # the sentence's first word is capitalised anyway
    nxt = WORD_RE.search(text, end)
    return bool(nxt and nxt.start() - end <= 2 and nxt.group()[:1].isupper())
