"""Choosing part of a corpus: some outlets, a date range.

:func:`select_documents` is what ``--outlets``, ``--since`` and ``--until`` of ``framelens
compare``, ``analyze`` and ``notebooks`` do, and what the notebooks' parameters ``outlets``,
``since`` and ``until`` do. The documents left out are not lost: the returned corpus keeps the
rejects and records what was left out in :attr:`Corpus.selection` (written to the manifest), so
``records seen = loaded + rejected`` still holds for the input and the selection says how many of
the loaded documents the analysis did not use.
"""
from __future__ import annotations

import numbers

import pandas as pd

from framelens.errors import CorpusError


def parse_day(value, option: str) -> pd.Timestamp | None:
    """A ``since``/``until`` value as a day (``2020-09-27``, a ``datetime`` or a Timestamp); None stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError):
        day = pd.NaT
    if pd.isna(day):
        raise CorpusError(f"{option} {value!r} is not a date", fix=f"write {option} as YYYY-MM-DD, e.g. 2020-09-27")
    if day.tzinfo is not None:
        day = day.tz_convert("UTC").tz_localize(None)
    return day


def _outlets_to_keep(corpus, outlets) -> set[str]:
    names = corpus.documents["outlet"].astype(str)
    if isinstance(outlets, numbers.Integral) and not isinstance(outlets, bool):
        if outlets < 1:
            raise CorpusError(f"outlets={outlets} keeps no outlet", fix="give a positive number or None")
        counts = names.value_counts()
        order = sorted(counts.index, key=lambda o: (-counts[o], o))
        return set(order[: int(outlets)])
    wanted = [outlets] if isinstance(outlets, str) else [str(o) for o in outlets]
    known = set(names)
    from framelens.corpus.aliases import OutletAliases

    norm = OutletAliases.default().normalise
    keep = set()
    for w in wanted:
        if w in known:
            keep.add(w)
        elif norm(w) in known:
            keep.add(norm(w))
        else:
            import difflib

            close = difflib.get_close_matches(w, sorted(known), n=2, cutoff=0.6)
            hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
            raise CorpusError(f"outlet {w!r} is not in corpus {corpus.name!r}",
                              fix=hint + "use one of: " + ", ".join(sorted(known)[:40])
                              + (" ..." if len(known) > 40 else ""))
    return keep


def select_documents(corpus, *, outlets=None, since=None, until=None):
    """The documents of ``corpus`` from some outlets and/or within a date range.

    Parameters
    ----------
    corpus : Corpus
    outlets : None, int, str or list of str
        None: every outlet. An int N: the N outlets with most documents (ties by name). A name or a
        list of names: exactly those outlets, matched as written or after the outlet alias table
        ("Fox" finds "Fox News"); a name not in the corpus is an error with the closest names.
    since, until : str, date or None
        Keep documents published on or after ``since`` and on or before ``until`` (whole days,
        ``YYYY-MM-DD``). With either given, documents without a date are left out (and counted).

    Returns
    -------
    Corpus
        ``corpus`` itself when nothing is left out; else a subset whose ``selection`` attribute
        records the choice: ``outlets``, ``since``, ``until`` (as given), ``documents_loaded``,
        ``documents_selected``, ``documents_left_out`` and ``undated_left_out``.

    Raises
    ------
    CorpusError
        A named outlet not in the corpus, ``outlets < 1``, a date that is not a date, ``since``
        after ``until``, or a selection that keeps no document.
    """
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start is not None and end is not None and start > end:
        raise CorpusError(f"--since {since} is after --until {until}", fix="swap them")
    if outlets is None and start is None and end is None:
        return corpus
    docs = corpus.documents
    keep = pd.Series(True, index=docs.index)
    if outlets is not None:
        keep &= docs["outlet"].astype(str).isin(_outlets_to_keep(corpus, outlets))
    undated = 0
    if start is not None or end is not None:
        day = pd.to_datetime(docs["published"], errors="coerce").dt.normalize()
        undated = int((day.isna() & keep).sum())
        keep &= day.notna()
        if start is not None:
            keep &= day >= start.normalize()
        if end is not None:
            keep &= day <= end.normalize()
    if bool(keep.all()):
        return corpus
    if not bool(keep.any()) and len(docs):
        raise CorpusError("the selection keeps no document", where=corpus.name,
                          fix="check --outlets/--since/--until against `framelens load` (its outlets and dates)")
    out = corpus.subset(keep.to_numpy())
    loaded = corpus.selection.get("documents_loaded", len(docs))  # a selection of a selection counts from the input
    out.selection = {
        "outlets": outlets if outlets is None or isinstance(outlets, (int, str)) else [str(o) for o in outlets],
        "since": str(since) if since is not None else None,
        "until": str(until) if until is not None else None,
        "documents_loaded": int(loaded),
        "documents_selected": int(keep.sum()),
        "documents_left_out": int(loaded - keep.sum()),
        "undated_left_out": undated,
    }
    return out
