"""Evidence for the explorer: sentence windows around hits, never whole documents.

An evidence row points into a pool of windows. A window is the sentence around a hit, cut to at
most ``max_chars`` characters centred on the hit (an ellipsis marks a cut), so a page holds at most
(rows x ``max_chars``) characters of article text whatever the corpus. Windows are shared: two hits
in the same sentence share one window. Offsets are in UTF-16 code units, as JavaScript counts them.

:class:`EvidencePool` collects windows and the documents they come from; :func:`cue_evidence`
samples the hits behind the rates and shares (a seeded reservoir per outlet x feature x variant
[x voice] cell, see :mod:`framelens.explore.sampling`); :func:`event_evidence` keeps, for each event
covered by two or more outlets, the first cue sentences of each of its articles in reading order.
"""
from __future__ import annotations

import logging
from bisect import bisect_right

import numpy as np
import pandas as pd

from framelens.explore.sampling import sample_per_cell, water_level

log = logging.getLogger(__name__)

#: Longest window of article text, in characters.
MAX_WINDOW_CHARS = 320
#: Longest title kept, in characters.
MAX_TITLE_CHARS = 160

_BLANKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (characters beyond U+FFFF count twice)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip_window(sent_start: int, sent_end: int, start: int, end: int, max_chars: int) -> tuple[int, int]:
    """The part of sentence ``[sent_start, sent_end)`` to show around the hit ``[start, end)``.

    The whole sentence when it is at most ``max_chars`` long; otherwise ``max_chars`` characters
    with the hit in the middle (a hit longer than ``max_chars`` is cut at its end).
    """
    s0, s1 = min(sent_start, start), max(sent_end, end)
    if s1 - s0 <= max_chars:
        return s0, s1
    if end - start >= max_chars:
        return start, start + max_chars
    left = (max_chars - (end - start)) // 2
    w0 = max(s0, start - left)
    w1 = min(s1, w0 + max_chars)
    return max(s0, w1 - max_chars), w1


class EvidencePool:
    """Windows of article text and the documents they come from, for the page.

    Parameters
    ----------
    documents : DataFrame
        ``doc_id``, ``outlet``, ``text``; optional ``title``, ``published``, ``event_id``.
    outlet_index : dict of str to int
        Position of each outlet in the page's outlet list.
    max_chars : int, default :data:`MAX_WINDOW_CHARS`
    sentence_cache : dict, optional
        Sentence spans per document, shared between pools of the same corpus (filled on use).
    texts : sequence of str, optional
        The documents' texts as ``documents["text"].fillna("").astype(str).tolist()`` gives them,
        when the caller has them already (a list, or a :class:`~framelens.compare.tokens.TextSequence`
        reading the corpus's column; shared, not copied: one for the whole explorer, not one per pool).
    """

    def __init__(self, documents: pd.DataFrame, outlet_index: dict[str, int], *,
                 max_chars: int = MAX_WINDOW_CHARS, sentence_cache: dict | None = None,
                 texts: list[str] | None = None):
        self.max_chars = int(max_chars)
        self.outlet_index = outlet_index
        ids = documents["doc_id"].astype(str).tolist()
        self._row = {d: i for i, d in enumerate(ids)}
        self._ids = ids
        self._texts = texts if texts is not None else documents["text"].fillna("").astype(str).tolist()
        self._outlets = documents["outlet"].astype(str).tolist()
        self._titles = (documents["title"].fillna("").astype(str).tolist() if "title" in documents.columns
                        else [""] * len(ids))
        dates = (pd.to_datetime(documents["published"], errors="coerce") if "published" in documents.columns
                 else pd.Series(pd.NaT, index=documents.index))
        self._dates = ["" if pd.isna(d) else d.strftime("%Y-%m-%d") for d in dates]
        self._events = (documents["event_id"].fillna("").astype(str).replace("nan", "").tolist()
                        if "event_id" in documents.columns else [""] * len(ids))
        self.event_index: dict[str, int] = {}
        self._doc_pos: dict[int, int] = {}
        self.docs: list[list] = []
        self._window_pos: dict[tuple[int, int, int], int] = {}
        self.windows: list[list] = []
        self._spans: dict[int, tuple[list[int], list[tuple[int, int]]]] = (
            {} if sentence_cache is None else sentence_cache)
        self.splitter = None

    def __contains__(self, doc_id) -> bool:
        return str(doc_id) in self._row

    def text(self, doc_id) -> str:
        return self._texts[self._row[str(doc_id)]]

    def outlet(self, doc_id) -> str:
        return self._outlets[self._row[str(doc_id)]]

    def event(self, doc_id) -> str:
        return self._events[self._row[str(doc_id)]]

    def doc(self, doc_id) -> int:
        """Position of ``doc_id`` in the page's document list (added on first use)."""
        row = self._row[str(doc_id)]
        pos = self._doc_pos.get(row)
        if pos is None:
            pos = len(self.docs)
            self._doc_pos[row] = pos
            ev = self._events[row]
            ev_pos = -1
            if ev:
                ev_pos = self.event_index.setdefault(ev, len(self.event_index))
            title = " ".join(self._titles[row].split())
            if len(title) > MAX_TITLE_CHARS:
                title = title[:MAX_TITLE_CHARS - 1] + "…"
            self.docs.append([self.outlet_index[self._outlets[row]], self._ids[row], self._dates[row], title, ev_pos])
        return pos

    def sentence_span(self, doc_id, position: int) -> tuple[int, int]:
        """The sentence of ``doc_id`` that holds character ``position`` (sentences from the corpus's
        Punkt splitter, trained on first use)."""
        row = self._row[str(doc_id)]
        cached = self._spans.get(row)
        if cached is None:
            if self.splitter is None:
                from framelens.text import splitter_for

                self.splitter = splitter_for(self._texts)
            spans = self.splitter.spans(self._texts[row]) or [(0, len(self._texts[row]))]
            cached = self._spans[row] = ([s for s, _ in spans], spans)
        starts, spans = cached
        i = max(0, bisect_right(starts, position) - 1)
        s0, s1 = spans[i]
        return (s0, s1) if s0 <= position < s1 else (position, position)

    def window(self, doc_id, sent_start: int, sent_end: int, highlights: list[tuple]) -> tuple[int, list]:
        """Add the window of a sentence around the first of ``highlights`` and return its index with the
        highlights that fall inside it.

        ``highlights`` are ``(start, end)`` or ``(start, end, tag)`` character spans of the document;
        they come back as ``[start, end]`` (or ``[start, end, tag]``) in UTF-16 code units from the
        start of the window.
        """
        text = self.text(doc_id)
        start, end = int(highlights[0][0]), int(highlights[0][1])
        s0, s1 = min(int(sent_start), start), max(int(sent_end), end)
        w0, w1 = clip_window(s0, s1, start, end, self.max_chars)
        w0, w1 = max(0, w0), min(len(text), w1)
        doc = self.doc(doc_id)
        key = (doc, w0, w1)
        pos = self._window_pos.get(key)
        if pos is None:
            pos = len(self.windows)
            self._window_pos[key] = pos
            self.windows.append([doc, text[w0:w1].translate(_BLANKS), int(w0 > s0), int(w1 < s1)])
        marks = []
        for h in highlights:
            hs, he = max(w0, int(h[0])), min(w1, int(h[1]))
            if he > hs:
                marks.append([utf16_len(text[w0:hs]), utf16_len(text[w0:he]), *h[2:]])
        return pos, marks

    def window_chars(self) -> int:
        return sum(len(w[1]) for w in self.windows)


def _voice_column(hits: pd.DataFrame) -> str | None:
    return "voice" if "voice" in hits.columns else None


def _sentence_bounds(hits: pd.DataFrame, pool: EvidencePool) -> pd.DataFrame:
    """``sent_start``/``sent_end`` for every hit (from the hits table, else from the splitter)."""
    if {"sent_start", "sent_end"} <= set(hits.columns):
        return hits
    bounds = [pool.sentence_span(d, int(s)) for d, s in zip(hits["doc_id"], hits["start"])]
    return hits.assign(sent_start=[b[0] for b in bounds], sent_end=[b[1] for b in bounds])


def matchable_hits(hits: pd.DataFrame, pool: EvidencePool) -> tuple[pd.DataFrame, int]:
    """The hits whose document is in the pool's corpus, and how many are not (logged)."""
    if hits is None or hits.empty:
        return pd.DataFrame(columns=["doc_id", "start", "end", "feature"]), 0
    h = hits.assign(doc_id=hits["doc_id"].astype(str))
    known = h["doc_id"].map(lambda d: d in pool)
    missing = int((~known).sum())
    if missing:
        log.warning("explorer: %d of %d hits refer to documents that are not in the corpus; they have no evidence",
                    missing, len(h))
    return h[known.to_numpy()].reset_index(drop=True), missing


def cue_evidence(hits: pd.DataFrame, pool: EvidencePool, *, budget: int, seed: int = 0,
                 feature_index: dict[str, int], label_index: dict[str, int], voice_index: dict[str, int]
                 ) -> tuple[list[list], dict]:
    """A bounded sample of the hits behind every rate and share, as evidence rows.

    Parameters
    ----------
    hits : DataFrame
        The hits table (already restricted to documents of the corpus).
    pool : EvidencePool
    budget : int
        Evidence rows in all, at most (shared by water-filling over outlet x feature x variant
        [x voice] cells).
    seed : int
    feature_index, label_index, voice_index : dict
        Code books of the page (filled here as new values appear).

    Returns
    -------
    rows : list of list
        ``[window, [[start, end]], feature, label, voice]`` per kept hit; ``label`` is the naming
        variant, or the lexicon term for other cues.
    info : dict
        ``cues`` (hits), ``shown`` (rows) and ``per_cell`` (the cap per cell).
    """
    if hits.empty:
        return [], {"cues": 0, "shown": 0, "per_cell": 0}
    voice = _voice_column(hits)
    h = hits.assign(outlet=hits["doc_id"].map(pool.outlet),
                    label=np.where(hits["variant"].fillna("").astype(str) != "", hits["variant"].fillna("").astype(str),
                                   hits["term"].fillna("").astype(str)) if "variant" in hits.columns
                    else hits["term"].fillna("").astype(str))
    cells = ["outlet", "feature", "variant"] if "variant" in h.columns else ["outlet", "feature"]
    if voice:
        cells.append(voice)
    kept, k = sample_per_cell(h, cells, budget, seed=seed, order=["doc_id", "start", "end", "feature"])
    kept = _sentence_bounds(kept, pool)
    rows = []
    voices = kept[voice].fillna("").astype(str).tolist() if voice else [""] * len(kept)
    columns = [kept[c].tolist() for c in ("doc_id", "sent_start", "sent_end", "start", "end")]
    for (doc, s0, s1, a, b), f, lab, v in zip(zip(*columns), kept["feature"].astype(str).tolist(),
                                              kept["label"].astype(str).tolist(), voices):
        w, marks = pool.window(doc, s0, s1, [(int(a), int(b))])
        rows.append([w, marks, feature_index.setdefault(f, len(feature_index)),
                     label_index.setdefault(lab, len(label_index)), voice_index.setdefault(v, len(voice_index))])
    return rows, {"cues": int(len(h)), "shown": len(rows), "per_cell": int(k)}


def event_evidence(hits: pd.DataFrame, pool: EvidencePool, documents: pd.DataFrame, *, budget: int,
                   max_events: int = 200, docs_per_outlet: int = 2, max_per_article: int = 8,
                   feature_index: dict[str, int]) -> tuple[list[dict], dict]:
    """For each event covered by two or more outlets: its articles, grouped by outlet, each with its
    first sentence and its first cue sentences in reading order, every cue in them highlighted.

    Parameters
    ----------
    hits : DataFrame
        The hits table (restricted to documents of the corpus).
    pool : EvidencePool
    documents : DataFrame
        ``corpus.documents`` (``event_id`` needed; without it there are no events).
    budget : int
        Sentences kept over all events, shared by water-filling over articles.
    max_events : int, default 200
        Events kept: the ones covered by most outlets, then with most cues, then by id.
    docs_per_outlet : int, default 2
        Articles kept per outlet and event (the ones with most cues, then by id).
    max_per_article : int, default 8
        Sentences kept per article at most, whatever the budget (an article is never shown whole).
    feature_index : dict
        Code book of features (filled here).

    Returns
    -------
    events : list of dict
        ``{"id", "label", "docs": [[doc, [[window, [[start, end, feature]...]]...]]...]}``.
    info : dict
        ``events`` (covered by two or more outlets), ``shown``, ``sentences_per_article``.
    """
    if "event_id" not in documents.columns:
        return [], {"events": 0, "shown": 0, "sentences_per_article": 0}
    docs = documents[["doc_id", "outlet", "event_id"]].astype(str)
    docs = docs[~docs["event_id"].isin(["", "nan", "None"])]
    cues = hits["doc_id"].value_counts() if not hits.empty else pd.Series(dtype=int)
    docs = docs.assign(cues=docs["doc_id"].map(cues).fillna(0).astype(int))
    per_event = docs.groupby("event_id").agg(outlets=("outlet", "nunique"), cues=("cues", "sum")).reset_index()
    per_event = per_event[per_event["outlets"] >= 2]
    n_events = len(per_event)
    if not n_events:
        return [], {"events": 0, "shown": 0, "sentences_per_article": 0}
    per_event = per_event.sort_values(["outlets", "cues", "event_id"], ascending=[False, False, True]).head(max_events)
    chosen = docs[docs["event_id"].isin(set(per_event["event_id"]))]
    chosen = (chosen.sort_values(["event_id", "outlet", "cues", "doc_id"], ascending=[True, True, False, True])
              .groupby(["event_id", "outlet"]).head(docs_per_outlet))
    wanted = set(chosen["doc_id"])
    hsel = hits[hits["doc_id"].isin(wanted)] if not hits.empty else hits
    by_doc: dict[str, dict[tuple[int, int], list]] = {}
    if len(hsel):
        hsel = _sentence_bounds(hsel, pool)
        cols = [hsel[c].tolist() for c in ("doc_id", "sent_start", "sent_end", "start", "end")]
        for (d, s0, s1, a, b), f in zip(zip(*cols), hsel["feature"].astype(str).tolist()):
            by_doc.setdefault(d, {}).setdefault((int(s0), int(s1)), []).append(
                (int(a), int(b), feature_index.setdefault(f, len(feature_index))))
    # cue sentences per article, plus its first sentence: water-fill the budget over articles
    k = max(1, min(max_per_article, water_level([1 + len(by_doc.get(d, ())) for d in chosen["doc_id"]], budget)))
    titles = {}
    if "title" in documents.columns:
        titles = dict(zip(documents["doc_id"].astype(str).tolist(), documents["title"].fillna("").astype(str).tolist()))
    out, shown = [], 0
    event_docs = {ev: list(g) for ev, g in chosen.groupby("event_id", sort=False)["doc_id"]}
    for ev in per_event["event_id"].tolist():
        entry = {"id": ev, "label": "", "docs": []}
        for d in event_docs.get(ev, []):
            if not entry["label"] and titles.get(d):
                entry["label"] = " ".join(titles[d].split())[:90]
            sentences = []
            groups = sorted(by_doc.get(d, {}).items())
            first = pool.sentence_span(d, 0) if pool.text(d) else (0, 0)
            if (not groups or groups[0][0][0] > first[0]) and first[1] > first[0]:
                w, _ = pool.window(d, first[0], first[1], [(first[0], first[0])])
                sentences.append([w, []])
            for (s0, s1), marks in groups:
                if len(sentences) >= k:
                    break
                sentences.append(list(pool.window(d, s0, s1, sorted(marks))))
            shown += len(sentences)
            entry["docs"].append([pool.doc(d), sentences])
        out.append(entry)
    return out, {"events": int(n_events), "shown": shown, "sentences_per_article": int(k)}
