"""Attribution: reporting verbs, the stance they lend, and who is attributed.

Rows have family ``attribution``, feature ``attribution:<stance>`` (the stances of the attribution
pack: neutral, asserting, doubting, conceding, accusing, praising, denying, urging, endorsing,
according_to),
``category`` = the stance, ``term`` = the verb's lemma
("claim" for claimed) and ``source_entity`` = the attributed source when one is found.

The source comes from the pattern itself when the lexicon form marks it (the ``source`` group of
"cited X as saying"), else from :func:`framelens.features.sources.attributed_source` ("X said",
"said X", "X, who ..., said", "according to X"); it is "" when no source is found, for example in
an unattributed passive ("had been reported captured").
"""
from __future__ import annotations

import logging
from typing import Iterable

from framelens.features import DocText
from framelens.features.context import subject_ok
from framelens.lexicons.matcher import Match

log = logging.getLogger(__name__)
FAMILY = "attribution"
#: Characters of context either side of a reporting verb in which its source is looked for.
SOURCE_WINDOW = 400

from framelens.features.sources import attributed_source as _attributed_source


def find_source(doc: DocText, m: Match) -> str:
    """The attributed source of the reporting cue ``m`` in ``doc``, or "" when none is found."""
    text = doc.text
    if m.source_start >= 0:
        return _tidy(text[m.source_start:m.source_end])
    s0, s1 = doc.sentences[doc.sentence_of(m.start)] if doc.sentences else (0, len(text))
    # The source is near its verb: look at most SOURCE_WINDOW characters either side (cut at a space),
    # which keeps the cost per verb bounded even in a very long "sentence" of unpunctuated text.
    if m.start - s0 > SOURCE_WINDOW:
        cut = text.find(" ", m.start - SOURCE_WINDOW, m.start)
        s0 = cut + 1 if cut >= 0 else m.start - SOURCE_WINDOW
    if s1 - m.end > SOURCE_WINDOW:
        cut = text.rfind(" ", m.end, m.end + SOURCE_WINDOW)
        s1 = cut if cut >= 0 else m.end + SOURCE_WINDOW
    try:
        found = _attributed_source(text, s0, s1, m.start, m.end)
    except Exception:  # a source finder bug must not lose the verb itself
        log.exception("attributed_source failed in %s at %d", doc.doc_id, m.start)
        return ""
    return _tidy(found[0]) if found else ""


def _tidy(s: str) -> str:
    return " ".join(s.split())


def attribution_hits(doc: DocText, matches: Iterable[Match]) -> list[tuple]:
    """Hits-table rows for the attribution matches among ``matches``, with their sources."""
    rows = []
    for m in matches:
        r = m.rule
        if r.family == FAMILY and subject_ok(doc, r, m.start, m.end):
            rows.append(doc.row(m.start, m.end, FAMILY, r.feature, r.category, r.term,
                                source_entity=find_source(doc, m), pack=r.pack))
    return rows
