"""Naming choices: which variant of a concept a document uses (Stepanakert or Khankendi).

Rows have family ``naming``, feature ``naming:<pack>/<concept>``, ``concept`` = ``<pack>/<concept>``,
``variant`` = the variant label and ``category`` = who uses the variant or what it signals. The
matching rules (word boundaries, case, context words, overlaps, topic gates) are those of
:mod:`framelens.lexicons.matcher`.
"""
from __future__ import annotations

from typing import Iterable

from framelens.features import DocText
from framelens.lexicons.matcher import Match

FAMILY = "naming"


def naming_hits(doc: DocText, matches: Iterable[Match]) -> list[tuple]:
    """Hits-table rows for the naming matches among ``matches`` (see :data:`framelens.features.HIT_COLUMNS`)."""
    rows = []
    for m in matches:
        r = m.rule
        if r.family != FAMILY:
            continue
        rows.append(doc.row(m.start, m.end, FAMILY, r.feature, r.category, r.form.text or r.term, r.concept,
                            r.variant, "", r.pack))
    return rows
