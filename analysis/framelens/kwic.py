"""Keyword in context: the words behind any number.

:func:`kwic` lists every occurrence of a feature (from the hits table) or of any term (a regular
expression over the texts) with its left and right context, outlet, document and sentence.

Columns of the returned table:

=========  =====================================================================
outlet     the document's outlet ("" when the corpus has none)
doc_id     document id
sentence   0-based sentence index in the document
left       up to ``width`` characters before the match (line breaks as spaces)
match      the matched text
right      up to ``width`` characters after the match
start/end  character span of the match in the document text
feature    the feature key (``""`` for a plain term search)
term       the lexicon entry, or the pattern searched for
=========  =====================================================================
"""
from __future__ import annotations

import re

import pandas as pd

from framelens.errors import AnalysisError

KWIC_COLUMNS = ["outlet", "doc_id", "sentence", "left", "match", "right", "start", "end", "feature", "term"]
__all__ = ["KWIC_COLUMNS", "kwic", "feature_matches"]

_WS = re.compile(r"\s+")


def feature_matches(features: pd.Series, wanted: str) -> pd.Series:
    """Boolean mask: feature keys equal to ``wanted`` or under it (``naming:karabakh`` covers
    ``naming:karabakh/capital``; ``attribution`` covers every stance; family names work too)."""
    f = features.astype(str)
    return (f == wanted) | f.str.startswith(wanted + ":") | f.str.startswith(wanted + "/")


def _flat(s: str) -> str:
    return _WS.sub(" ", s)


def kwic(corpus, hits: pd.DataFrame | None = None, *, feature: str | None = None, term: str | None = None,
         width: int = 60, case_sensitive: bool = False, lexicons=None, source: str | None = None) -> pd.DataFrame:
    """Keyword-in-context lines for a feature or a term.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        The documents (``doc_id``, ``text``, optional ``outlet``).
    hits : DataFrame, optional
        The hits table; extracted from ``corpus`` (with ``lexicons``) when needed and not given.
    feature : str, optional
        A feature key (``naming:karabakh/capital``), a prefix of one (``naming:karabakh``,
        ``attribution``), or a family (``hedge``, ``passive``).
    term : str, optional
        A regular expression searched in the texts (or, with ``feature``, in the matched text and
        lemma of that feature's hits).
    width : int, default 60
        Characters of context on each side.
    case_sensitive : bool, default False
        Whether ``term`` is matched case-sensitively.
    lexicons : optional
        Packs for the extraction when ``hits`` is None.
    source : str, optional
        Only attribution hits whose source has this key in the ``sources`` table
        (:func:`framelens.compare.sources.source_key`): ``"obama"``, ``"(pronoun)"`` or
        ``"(no source)"`` for the unattributed claims. Implies ``feature="attribution"`` when no
        feature is given.

    Returns
    -------
    DataFrame
        Columns :data:`KWIC_COLUMNS`, in corpus order then position.

    Raises
    ------
    AnalysisError
        For a ``term`` that is not a valid regular expression or could backtrack for ever
        (:func:`framelens.lexicons.patterns.backtracking_risk`), or when neither feature nor term
        is given.
    """
    from framelens.extract import _documents

    if source is not None and feature is None:
        feature = "attribution"
    if feature is None and term is None:
        raise AnalysisError("kwic needs a feature, a term or a source",
                            fix="pass feature='naming:karabakh/capital', term='Karabakh' or source='(no source)'")
    docs = _documents(corpus)
    texts = dict(zip(docs["doc_id"].astype(str), docs["text"].fillna("").astype(str)))
    outlets = (dict(zip(docs["doc_id"].astype(str), docs["outlet"].astype(str))) if "outlet" in docs else {})
    rx = None
    if term is not None:
        try:
            rx = re.compile(term, 0 if case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise AnalysisError(f"bad regular expression {term!r}: {exc}", where="term",
                                fix="escape special characters, e.g. U\\.S\\.") from None
        from framelens.lexicons.patterns import backtracking_risk

        risk = backtracking_risk(term, ignore_case=not case_sensitive)
        if risk:
            raise AnalysisError(f"regular expression {term!r} can take exponential time on some texts (it has "
                                f"{risk})", where="term",
                                fix="make each part match in one way only, e.g. (a+)+ -> a+")
    rows = []
    if feature is not None:
        if hits is None:
            from framelens.extract import extract

            hits = extract(corpus, lexicons=lexicons)
        sel = hits[feature_matches(hits["feature"], feature)] if len(hits) else hits
        if source is not None and len(sel):
            from framelens.compare.sources import source_key

            raw = sel["source_entity"] if "source_entity" in sel.columns else pd.Series("", index=sel.index)
            sel = sel[(sel["family"].astype(str) == "attribution")
                      & (raw.fillna("").astype(str).map(lambda x: source_key(x)[0]) == source.lower())]
        if rx is not None and len(sel):
            sel = sel[sel["text"].map(lambda s: bool(rx.search(s))) | sel["term"].map(lambda s: bool(rx.search(s)))]
        for h in sel.itertuples(index=False):
            text = texts.get(str(h.doc_id), "")
            rows.append((outlets.get(str(h.doc_id), ""), str(h.doc_id), int(h.sentence),
                         _flat(text[max(0, h.start - width):h.start]), text[h.start:h.end],
                         _flat(text[h.end:h.end + width]), int(h.start), int(h.end), h.feature, h.term))
    else:
        from bisect import bisect_right

        from framelens.text import splitter_for

        splitter = splitter_for(list(texts.values()))
        for doc_id, text in texts.items():
            found = list(rx.finditer(text))
            if not found:
                continue
            starts = [s for s, _ in splitter.spans(text)]
            for m in found:
                s, e = m.span()
                if s == e:
                    continue
                rows.append((outlets.get(doc_id, ""), doc_id, max(0, bisect_right(starts, s) - 1),
                             _flat(text[max(0, s - width):s]), text[s:e], _flat(text[e:e + width]), s, e, "", term))
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    order = {d: i for i, d in enumerate(texts)}
    if len(out):
        out = (out.assign(_o=out["doc_id"].map(order)).sort_values(["_o", "start", "end"], kind="stable")
               .drop(columns="_o").reset_index(drop=True))
    for c in ("sentence", "start", "end"):
        out[c] = out[c].astype("int64")
    return out
