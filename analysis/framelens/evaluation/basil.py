"""BASIL (the shared half): where framelens' cues fall relative to the annotated bias spans.

BASIL (Fan et al. 2019) marks, in each of its articles, phrases of *lexical* bias (``lex``: word
choice, tone, scare quotes) and *informational* bias (``inf``: selective facts), each with a
``quote`` flag (yes/no: inside a quotation). This module asks, on the **default path** users get
(``framelens.load_corpus(path)``, cleaned text; ``framelens.extract(corpus)``, Punkt trained on
the corpus and every shipped pack), whether each family of cues lands in those spans more often
than chance, how many spans hold a cue, and whether framelens' ``voice`` agrees with the
annotators' ``quote`` flag. Only ``../shared/data/basil`` is read (50 of the 100 events; the other
half is held out and never looked at).

Placing the spans (:func:`read_bias_spans`)
-------------------------------------------
A span's ``start``/``end`` are offsets inside one sentence of ``body-paragraphs``; its sentence is
the one where ``sentence[start:end] == txt``. Each sentence is then searched for in the cleaned
document text, in order (a cursor moves forward, so a repeated sentence is found at its own
place): ``placement = "sentence"``. A sentence that is not in the cleaned text whole (cleaning cut
a dateline from it) has its span searched for inside the stretch where the sentence must lie,
between its found neighbours: ``placement = "searched"`` when found exactly once there. Otherwise
the span is ``"unplaced"`` and ``note`` says why (in the title, which is not part of the text; in
text removed by cleaning; not found). Spans whose text matches several sentences use the first and
say so in ``note``.

Chance (:func:`cue_enrichment`)
-------------------------------
Words are :data:`framelens.text.WORD_RE` words of the cleaned text; a word is *in* a span when
their characters overlap. A hit is *in* a span when their characters overlap. For each bias kind,
family (and ``(any)``: every hit) and voice (``all``, ``narration``, ``quoted``):

* ``observed_share``: hits in spans / hits;
* ``chance_token``: the share of all words (of the annotated documents) that are in spans, the
  chance of a one-word cue placed at random;
* ``chance_window``: the mean, over the hits, of the exact probability that a window of as many
  consecutive words as the hit covers, started uniformly at random on any word start of the same
  document (windows that fit), overlaps a span -- it accounts for longer cues overlapping more
  easily and for documents with more annotation;
* ``chance_token_voice``: the share of the words *of that voice* (words starting inside or outside
  a direct quotation, :func:`framelens.features.voice.quotation_spans`) that are in spans, a
  voice-matched chance for the voice rows (equal to ``chance_token`` for ``all``);
* enrichment ratios ``observed_share / chance``, with 95% percentile intervals from a bootstrap
  over documents (seeded; every ratio of a replicate uses the same resampled documents).

Columns of the enrichment table: ``bias, family, voice, hits, hits_in_spans, observed_share,
chance_token, enrichment_token, enrichment_token_low, enrichment_token_high, chance_window,
enrichment_window, enrichment_window_low, enrichment_window_high, chance_token_voice,
enrichment_token_voice, documents, n_boot, note``.

Span recall (:func:`span_recall`): columns ``bias, family, span_quote`` (``all``, ``yes``,
``no``), ``spans, spans_with_hit, recall, recall_low, recall_high`` (Wilson 95%): the share of the
placed spans that some hit of the family (any voice) overlaps.

Voice check (:func:`voice_confusion`, :func:`voice_agreement`): every hit in a span of the given
bias kind, against the flag of the span it overlaps most: counts by ``family, span_quote, voice``,
and per family the share where ``voice == "quoted"`` exactly when ``quote == "yes"`` (Wilson 95%).
A scare quote is always narration in framelens (the writer's device) while BASIL may flag its span
as a quote, so that family's agreement measures a definition, not an error; ``(any)`` pools every
family, ``(any but scare_quote)`` leaves it out.

Run it::

    python -m framelens.evaluation.basil ../shared/data/basil
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from framelens.errors import CorpusError

log = logging.getLogger(__name__)

BIAS_KINDS = ("lex", "inf")
VOICES = ("all", "narration", "quoted")
ANY_FAMILY = "(any)"
ANY_BUT_SCARE = "(any but scare_quote)"
SPAN_COLUMNS = ["doc_id", "outlet", "span_id", "bias", "quote", "polarity", "target", "start", "end", "text",
                "placement", "note"]
ENRICHMENT_COLUMNS = ["bias", "family", "voice", "hits", "hits_in_spans", "observed_share", "chance_token",
                      "enrichment_token", "enrichment_token_low", "enrichment_token_high", "chance_window",
                      "enrichment_window", "enrichment_window_low", "enrichment_window_high", "chance_token_voice",
                      "enrichment_token_voice", "documents", "n_boot", "note"]
RECALL_COLUMNS = ["bias", "family", "span_quote", "spans", "spans_with_hit", "recall", "recall_low", "recall_high"]
CONFUSION_COLUMNS = ["bias", "family", "span_quote", "voice", "hits"]
AGREEMENT_COLUMNS = ["bias", "family", "hits", "agree", "agreement", "agreement_low", "agreement_high",
                     "quote_yes", "quoted_of_yes", "quote_no", "narration_of_no", "note"]


# --------------------------------------------------------------------------------------------------
# Placing the annotated spans in the cleaned text
# --------------------------------------------------------------------------------------------------

def _read_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"cannot read BASIL file ({exc})", where=path,
                          fix="restore the file from the BASIL release in ../shared/data/basil") from exc
    if not isinstance(data, dict):
        raise CorpusError("not a BASIL JSON object", where=path,
                          fix="restore the file from the BASIL release in ../shared/data/basil")
    return data


def _sentences(article: dict) -> list[str]:
    out = []
    for para in article.get("body-paragraphs") or []:
        for s in ([para] if isinstance(para, str) else para):
            if isinstance(s, str):
                out.append(s)
    return out


def _place_document(text: str, sentences: list[str]) -> list[int]:
    """Offset of each sentence in ``text`` (-1 when not found whole), searched in order."""
    pos, cursor = [], 0
    for s in sentences:
        at = text.find(s, cursor) if s else -1
        pos.append(at)
        if at >= 0:
            cursor = at + len(s)
    return pos


def _region(pos: list[int], sentences: list[str], i: int, n_text: int) -> tuple[int, int]:
    """Where sentence ``i`` must lie: after the last found sentence before it, before the next."""
    lo = 0
    for j in range(i - 1, -1, -1):
        if pos[j] >= 0:
            lo = pos[j] + len(sentences[j])
            break
    hi = n_text
    for j in range(i + 1, len(pos)):
        if pos[j] >= 0:
            hi = pos[j]
            break
    return lo, hi


def _find_all(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    hi = len(text) if hi is None else hi
    out, at = [], text.find(needle, lo, hi)
    while at >= 0 and needle:
        out.append(at)
        at = text.find(needle, at + 1, hi)
    return out


def read_bias_spans(corpus) -> pd.DataFrame:
    """Every phrase-level span of BASIL's annotation files, placed in the cleaned document text.

    Parameters
    ----------
    corpus : Corpus
        BASIL loaded with :func:`framelens.load_corpus` (the adapter records each article's
        ``source`` file and ``annotation_file``).

    Returns
    -------
    DataFrame
        Columns :data:`SPAN_COLUMNS`, one row per annotated span: ``start, end`` are offsets into
        ``corpus.documents.text`` (-1 when unplaced), ``text`` the span as written in the
        annotation, ``placement`` ``sentence``/``searched``/``unplaced`` and ``note`` why (see the
        module docstring).

    Raises
    ------
    CorpusError
        When the corpus has no annotation files (not BASIL, or its ``annotations/`` folder is
        missing) or an annotation or article file cannot be read.
    """
    from framelens.clean import original_text

    docs = corpus.documents
    if "annotation_file" not in docs.columns or not (docs["annotation_file"].astype(str) != "").any():
        raise CorpusError("no BASIL annotation files in this corpus", where=getattr(corpus, "name", None),
                          fix="load ../shared/data/basil (with its annotations/ folder) with framelens.load_corpus")
    rows = []
    for doc in docs.itertuples(index=False):
        if not doc.annotation_file:
            log.warning("%s: no annotation file; its spans cannot be evaluated", doc.doc_id)
            continue
        ann = _read_json(doc.annotation_file)
        article = _read_json(doc.source)
        sentences = _sentences(article)
        text = doc.text
        pos = _place_document(text, sentences)
        title = str(article.get("title") or "")
        original = None
        for k, sp in enumerate(ann.get("phrase-level-annotations") or []):
            where = f"{doc.annotation_file}: span {sp.get('id', k)}"
            try:
                txt, a, b = str(sp["txt"]), int(sp["start"]), int(sp["end"])
            except (KeyError, TypeError, ValueError):
                rows.append(dict(doc_id=doc.doc_id, outlet=doc.outlet, span_id=str(sp.get("id", k)),
                                 bias=str(sp.get("bias", "")), quote=str(sp.get("quote", "")),
                                 polarity=str(sp.get("polarity", "")), target=str(sp.get("target", "")),
                                 start=-1, end=-1, text=str(sp.get("txt", "")), placement="unplaced",
                                 note="malformed span: needs txt, start and end"))
                log.warning("%s: malformed span (needs txt, start, end)", where)
                continue
            row = dict(doc_id=doc.doc_id, outlet=doc.outlet, span_id=str(sp.get("id", k)),
                       bias=str(sp.get("bias", "")).strip().lower(), quote=str(sp.get("quote", "")).strip().lower(),
                       polarity=str(sp.get("polarity", "")), target=str(sp.get("target", "")),
                       start=-1, end=-1, text=txt, placement="unplaced", note="")
            matches = [i for i, s in enumerate(sentences) if s[a:b] == txt]
            notes = [f"matches {len(matches)} sentences; the first is used"] if len(matches) > 1 else []
            if matches:
                i = matches[0]
                if pos[i] >= 0:
                    row.update(start=pos[i] + a, end=pos[i] + b, placement="sentence")
                else:
                    lo, hi = _region(pos, sentences, i, len(text))
                    found = _find_all(text, txt, lo, hi)
                    if len(found) == 1:
                        row.update(start=found[0], end=found[0] + len(txt), placement="searched")
                    else:
                        if original is None:
                            original = original_text(corpus, doc.doc_id)
                        notes.append("in text removed by cleaning" if not found and txt in original
                                     else f"found {len(found)} times where its sentence lies")
            elif txt and txt in title:
                notes.append("in the title, which is not part of the loaded text")
            else:
                notes.append("no sentence has the span at its offsets")
            row["note"] = "; ".join(notes)
            rows.append(row)
    spans = pd.DataFrame(rows, columns=SPAN_COLUMNS)
    for c in ("start", "end"):
        spans[c] = spans[c].astype("int64")
    unplaced = spans[spans["placement"] == "unplaced"]
    if len(unplaced):
        log.info("BASIL: %d of %d spans could not be placed in the cleaned text", len(unplaced), len(spans))
    return spans


def placement_summary(spans: pd.DataFrame) -> pd.DataFrame:
    """How the spans were placed: one row per ``bias, quote, placement, note`` with ``spans``."""
    return (spans.groupby(["bias", "quote", "placement", "note"], sort=True).size()
            .rename("spans").reset_index())


# --------------------------------------------------------------------------------------------------
# Per-document arrays: words, words in spans, voice of words; hits in spans
# --------------------------------------------------------------------------------------------------

def _overlaps(starts: np.ndarray, ends: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For each [start, end), whether it overlaps any of ``spans`` (k x 2, any order)."""
    if len(spans) == 0 or len(starts) == 0:
        return np.zeros(len(starts), dtype=bool)
    return ((starts[:, None] < spans[None, :, 1]) & (spans[None, :, 0] < ends[:, None])).any(axis=1)


class _Doc:
    """Words of one cleaned document and which of them lie in spans of each bias kind."""

    def __init__(self, text: str, spans_by_bias: dict[str, np.ndarray]):
        from framelens.features.voice import VoiceIndex
        from framelens.text import word_spans

        w = np.asarray(word_spans(text), dtype=np.int64).reshape(-1, 2)
        self.word_start, self.word_end = w[:, 0], w[:, 1]
        index = VoiceIndex(text)
        self.word_quoted = np.array([index.quotation_at(int(s)) is not None for s in self.word_start], dtype=bool)
        self.spans = spans_by_bias
        self.in_span = {b: _overlaps(self.word_start, self.word_end, s) for b, s in spans_by_bias.items()}
        self._cum = {b: np.concatenate([[0], np.cumsum(v)]) for b, v in self.in_span.items()}
        self._window_cache: dict[tuple[str, int], float] = {}

    @property
    def n_words(self) -> int:
        return len(self.word_start)

    def words_covered(self, start: int, end: int) -> int:
        """Words overlapping [start, end), at least 1."""
        a = np.searchsorted(self.word_end, start, side="right")
        b = np.searchsorted(self.word_start, end, side="left")
        return max(1, int(b - a))

    def window_chance(self, bias: str, length: int) -> float:
        """Exact probability that ``length`` consecutive words, started uniformly on a word start
        (windows that fit), overlap a span of ``bias``."""
        key = (bias, length)
        if key not in self._window_cache:
            n = self.n_words
            length = min(length, n)
            if n == 0:
                p = np.nan
            else:
                c = self._cum[bias]
                hit = c[length:] - c[:n - length + 1] > 0
                p = float(hit.mean())
            self._window_cache[key] = p
        return self._window_cache[key]


def _prepare(corpus, hits: pd.DataFrame, spans: pd.DataFrame):
    placed = spans[spans["placement"] != "unplaced"]
    doc_ids = list(dict.fromkeys(spans["doc_id"]))  # annotated documents, in corpus order
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    offsets = placed[["start", "end"]].to_numpy(dtype=np.int64)
    groups = placed.groupby(["doc_id", "bias"]).indices
    empty = np.zeros((0, 2), dtype=np.int64)
    docs = {d: _Doc(str(texts[d]), {b: offsets[groups[(d, b)]] if (d, b) in groups else empty for b in BIAS_KINDS})
            for d in doc_ids}
    h = hits[hits["doc_id"].isin(docs)].reset_index(drop=True)
    return doc_ids, docs, h


def _families(hits: pd.DataFrame) -> list[str]:
    from framelens.features import FAMILY_ORDER

    present = list(dict.fromkeys(hits["family"]))
    return [f for f in FAMILY_ORDER] + sorted(f for f in present if f not in FAMILY_ORDER)


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------

def cue_enrichment(corpus, hits: pd.DataFrame, spans: pd.DataFrame, *, n_boot: int = 2000,
                   seed: int = 0) -> pd.DataFrame:
    """Share of each family's hits inside bias spans, against two chances, with enrichment ratios.

    Parameters
    ----------
    corpus : Corpus
        BASIL on the default path (``framelens.load_corpus``).
    hits : DataFrame
        ``framelens.extract(corpus)``.
    spans : DataFrame
        :func:`read_bias_spans` of the same corpus.
    n_boot : int, default 2000
        Bootstrap replicates (documents resampled with replacement).
    seed : int, default 0

    Returns
    -------
    DataFrame
        Columns :data:`ENRICHMENT_COLUMNS` (see the module docstring), one row per bias kind x
        family x voice.
    """
    from framelens.compare.resample import bootstrap_weights

    doc_ids, docs, h = _prepare(corpus, hits, spans)
    d_index = {d: i for i, d in enumerate(doc_ids)}
    n_docs = len(doc_ids)
    di = h["doc_id"].map(d_index).to_numpy()
    starts, ends = h["start"].to_numpy(np.int64), h["end"].to_numpy(np.int64)
    length = np.array([docs[d].words_covered(s, e) for d, s, e in zip(h["doc_id"], starts, ends)], dtype=np.int64)
    families = _families(h)
    groups, cols_h, cols_o, cols_w, cols_n, cols_s = [], [], [], [], [], []
    words = np.array([docs[d].n_words for d in doc_ids], dtype=np.float64)
    for bias in BIAS_KINDS:
        inside = np.zeros(len(h), dtype=bool)
        chance = np.zeros(len(h), dtype=np.float64)
        for d, idx in h.groupby("doc_id").indices.items():
            doc = docs[d]
            inside[idx] = _overlaps(starts[idx], ends[idx], doc.spans[bias])
            chance[idx] = [doc.window_chance(bias, int(k)) for k in length[idx]]
        # words of each voice, and those of them in spans, per document
        voice_words = {"all": (words, np.array([docs[d].in_span[bias].sum() for d in doc_ids], dtype=np.float64))}
        for voice in ("narration", "quoted"):
            of_voice = [docs[d].word_quoted == (voice == "quoted") for d in doc_ids]
            voice_words[voice] = (np.array([v.sum() for v in of_voice], dtype=np.float64),
                                  np.array([(v & docs[d].in_span[bias]).sum() for v, d in zip(of_voice, doc_ids)],
                                           dtype=np.float64))
        for family in [ANY_FAMILY] + families:
            fam_mask = np.ones(len(h), dtype=bool) if family == ANY_FAMILY else (h["family"] == family).to_numpy()
            for voice in VOICES:
                mask = fam_mask if voice == "all" else fam_mask & (h["voice"] == voice).to_numpy()
                vn, vs = voice_words[voice]
                groups.append((bias, family, voice))
                cols_h.append(np.bincount(di[mask], minlength=n_docs).astype(np.float64))
                cols_o.append(np.bincount(di[mask & inside], minlength=n_docs).astype(np.float64))
                cols_w.append(np.bincount(di[mask], weights=chance[mask], minlength=n_docs))
                cols_n.append(vn)
                cols_s.append(vs)
    H, O, W, NV, SV = (np.column_stack(c) for c in (cols_h, cols_o, cols_w, cols_n, cols_s))
    in_words = {b: np.array([docs[d].in_span[b].sum() for d in doc_ids], dtype=np.float64) for b in BIAS_KINDS}
    S_all = np.column_stack([in_words[g[0]] for g in groups])

    def stats(h_, o_, w_, n_, s_, sv_, nv_):
        with np.errstate(divide="ignore", invalid="ignore"):
            share = o_ / h_
            token = s_ / n_
            return share, token, w_ / h_, share / token, o_ / w_, share / (sv_ / nv_), sv_ / nv_

    N_all = np.repeat(words[:, None], len(groups), axis=1)
    point = stats(H.sum(0), O.sum(0), W.sum(0), N_all.sum(0), S_all.sum(0), SV.sum(0), NV.sum(0))
    reps_token, reps_window = [], []
    rng = np.random.default_rng(seed)
    if n_boot > 0 and n_docs > 0:
        for w in bootstrap_weights(n_docs, n_boot, rng):
            w = w.astype(np.float64)
            r = stats(w @ H, w @ O, w @ W, w @ N_all, w @ S_all, w @ SV, w @ NV)
            reps_token.append(r[3])
            reps_window.append(r[4])

    def interval(reps):
        if not reps:
            return np.full(len(groups), np.nan), np.full(len(groups), np.nan)
        arr = np.vstack(reps)
        arr[~np.isfinite(arr)] = np.nan
        out = np.full((2, len(groups)), np.nan)
        ok = (~np.isnan(arr)).any(axis=0)
        if ok.any():
            out[:, ok] = np.nanquantile(arr[:, ok], [0.025, 0.975], axis=0)
        return out[0], out[1]

    tl, th = interval(reps_token)
    wl, wh = interval(reps_window)
    rows = []
    for j, (bias, family, voice) in enumerate(groups):
        n_h = int(H[:, j].sum())
        rows.append(dict(bias=bias, family=family, voice=voice, hits=n_h, hits_in_spans=int(O[:, j].sum()),
                         observed_share=point[0][j], chance_token=point[1][j], enrichment_token=point[3][j],
                         enrichment_token_low=tl[j], enrichment_token_high=th[j], chance_window=point[2][j],
                         enrichment_window=point[4][j], enrichment_window_low=wl[j], enrichment_window_high=wh[j],
                         chance_token_voice=point[6][j], enrichment_token_voice=point[5][j],
                         documents=n_docs, n_boot=n_boot, note="" if n_h else "no hits"))
    out = pd.DataFrame(rows, columns=ENRICHMENT_COLUMNS)
    num = out.select_dtypes("float64").columns
    out[num] = out[num].where(np.isfinite(out[num]), np.nan)
    return out


def span_recall(spans: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Share of the placed spans that hold any hit of each family, by the span's quote flag.

    Parameters
    ----------
    spans : DataFrame
        :func:`read_bias_spans`.
    hits : DataFrame
        ``framelens.extract`` of the same corpus.

    Returns
    -------
    DataFrame
        Columns :data:`RECALL_COLUMNS`, one row per bias kind x family x span_quote (``all``,
        ``yes``, ``no``).
    """
    from framelens.evaluation.judging import wilson_interval

    placed = spans[spans["placement"] != "unplaced"].reset_index(drop=True)
    families = [ANY_FAMILY] + _families(hits[hits["doc_id"].isin(placed["doc_id"])])
    held = {f: np.zeros(len(placed), dtype=bool) for f in families}
    by_doc = {d: g for d, g in hits.groupby("doc_id")}
    for d, idx in placed.groupby("doc_id").indices.items():
        g = by_doc.get(d)
        if g is None:
            continue
        sp = placed.loc[idx, ["start", "end"]].to_numpy(np.int64)
        hs, he = g["start"].to_numpy(np.int64), g["end"].to_numpy(np.int64)
        over = (hs[None, :] < sp[:, 1:2]) & (sp[:, 0:1] < he[None, :])  # spans x hits
        fam = g["family"].to_numpy()
        for f in families:
            cols = np.ones(len(g), dtype=bool) if f == ANY_FAMILY else fam == f
            held[f][idx] = over[:, cols].any(axis=1)
    rows = []
    for bias in BIAS_KINDS:
        b_mask = (placed["bias"] == bias).to_numpy()
        for f in families:
            for q in ("all", "yes", "no"):
                m = b_mask if q == "all" else b_mask & (placed["quote"] == q).to_numpy()
                n, k = int(m.sum()), int(held[f][m].sum())
                lo, hi = wilson_interval(k, n)
                rows.append(dict(bias=bias, family=f, span_quote=q, spans=n, spans_with_hit=k,
                                 recall=k / n if n else np.nan, recall_low=lo, recall_high=hi))
    return pd.DataFrame(rows, columns=RECALL_COLUMNS)


def _hits_in_spans(spans: pd.DataFrame, hits: pd.DataFrame, bias: str) -> pd.DataFrame:
    """Hits overlapping a placed span of ``bias``, each with the quote flag of the span it overlaps most."""
    placed = spans[(spans["placement"] != "unplaced") & (spans["bias"] == bias)]
    out = []
    by_doc = {d: g for d, g in placed.groupby("doc_id")}
    for d, g in hits[hits["doc_id"].isin(by_doc)].groupby("doc_id"):
        sp = by_doc[d]
        a, b = sp["start"].to_numpy(np.int64), sp["end"].to_numpy(np.int64)
        hs, he = g["start"].to_numpy(np.int64), g["end"].to_numpy(np.int64)
        overlap = np.minimum(he[:, None], b[None, :]) - np.maximum(hs[:, None], a[None, :])
        inside = (hs[:, None] < b[None, :]) & (a[None, :] < he[:, None])
        overlap = np.where(inside, np.maximum(overlap, 0) + 1, 0)  # +1: touching counts, ties -> first
        has = inside.any(axis=1)
        best = overlap.argmax(axis=1)
        sel = g[has].copy()
        sel["span_quote"] = sp["quote"].to_numpy()[best[has]]
        out.append(sel)
    cols = list(hits.columns) + ["span_quote"]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)


def voice_confusion(spans: pd.DataFrame, hits: pd.DataFrame, *, bias: str = "lex") -> pd.DataFrame:
    """Hits inside spans of ``bias``: counts by family, the span's quote flag and the hit's voice.

    Parameters
    ----------
    spans : DataFrame
        :func:`read_bias_spans`.
    hits : DataFrame
        ``framelens.extract`` of the same corpus.
    bias : {"lex", "inf"}, default "lex"

    Returns
    -------
    DataFrame
        Columns :data:`CONFUSION_COLUMNS`; every family (and ``(any)``) has the four cells
        ``span_quote`` yes/no x ``voice`` quoted/narration, zeros included.
    """
    inside = _hits_in_spans(spans, hits, bias)
    families = [ANY_FAMILY] + _families(inside)
    rows = []
    for f in families:
        g = inside if f == ANY_FAMILY else inside[inside["family"] == f]
        for q in ("yes", "no"):
            for v in ("quoted", "narration"):
                rows.append(dict(bias=bias, family=f, span_quote=q, voice=v,
                                 hits=int(((g["span_quote"] == q) & (g["voice"] == v)).sum())))
    return pd.DataFrame(rows, columns=CONFUSION_COLUMNS)


def voice_agreement(confusion: pd.DataFrame) -> pd.DataFrame:
    """Per family: how often the hit's voice agrees with the span's quote flag (quoted <-> yes).

    Parameters
    ----------
    confusion : DataFrame
        :func:`voice_confusion`.

    Returns
    -------
    DataFrame
        Columns :data:`AGREEMENT_COLUMNS`: ``hits`` in spans, ``agree`` (quoted in a yes-span or
        narration in a no-span), ``agreement`` with a Wilson 95% interval, ``quote_yes`` (hits in
        quote spans) and ``quoted_of_yes`` (the share of them framelens calls quoted), ``quote_no``
        and ``narration_of_no``; an extra row ``(any but scare_quote)``.
    """
    from framelens.evaluation.judging import wilson_interval

    c = confusion.set_index(["bias", "family", "span_quote", "voice"])["hits"]
    rows = []
    fams = list(dict.fromkeys(confusion["family"]))
    for bias in [b for b in BIAS_KINDS if b in set(confusion["bias"])]:
        cells = {}
        for f in fams:
            cells[f] = {(q, v): int(c.get((bias, f, q, v), 0)) for q in ("yes", "no") for v in ("quoted", "narration")}
        if "scare_quote" in cells:
            cells[ANY_BUT_SCARE] = {k: cells[ANY_FAMILY][k] - cells["scare_quote"][k] for k in cells[ANY_FAMILY]}
        for f, x in cells.items():
            yes, no = x[("yes", "quoted")] + x[("yes", "narration")], x[("no", "quoted")] + x[("no", "narration")]
            agree = x[("yes", "quoted")] + x[("no", "narration")]
            n = yes + no
            lo, hi = wilson_interval(agree, n)
            note = ("a scare quote is narration by definition; BASIL may flag its span as a quote"
                    if f == "scare_quote" else ("" if n else "no hits in spans"))
            rows.append(dict(bias=bias, family=f, hits=n, agree=agree, agreement=agree / n if n else np.nan,
                             agreement_low=lo, agreement_high=hi, quote_yes=yes,
                             quoted_of_yes=x[("yes", "quoted")] / yes if yes else np.nan, quote_no=no,
                             narration_of_no=x[("no", "narration")] / no if no else np.nan, note=note))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def evaluate(path: str | Path, *, n_boot: int = 2000, seed: int = 0, corpus=None,
             hits: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every BASIL table on the default path.

    Parameters
    ----------
    path : path
        The ``basil`` folder of the shared data.
    n_boot : int, default 2000
    seed : int, default 0
    corpus : Corpus, optional
        ``framelens.load_corpus(path)`` when None.
    hits : DataFrame, optional
        ``framelens.extract(corpus)`` when None.

    Returns
    -------
    dict of DataFrame
        ``spans`` (:func:`read_bias_spans`), ``placement`` (:func:`placement_summary`),
        ``enrichment`` (:func:`cue_enrichment`), ``span_recall`` (:func:`span_recall`),
        ``voice_confusion`` and ``voice_agreement`` (lex and inf spans).
    """
    import framelens as fl

    if corpus is None:
        corpus = fl.load_corpus(path)
    if hits is None:
        hits = fl.extract(corpus)
    spans = read_bias_spans(corpus)
    confusion = pd.concat([voice_confusion(spans, hits, bias=b) for b in BIAS_KINDS], ignore_index=True)
    return {"spans": spans, "placement": placement_summary(spans),
            "enrichment": cue_enrichment(corpus, hits, spans, n_boot=n_boot, seed=seed),
            "span_recall": span_recall(spans, hits), "voice_confusion": confusion,
            "voice_agreement": voice_agreement(confusion)}


def main(argv=None) -> int:  # pragma: no cover - a convenience for the command line
    import argparse
    import sys

    from framelens.errors import FramelensError

    ap = argparse.ArgumentParser(prog="python -m framelens.evaluation.basil", description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default="../shared/data/basil")
    ap.add_argument("--n-boot", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        t = evaluate(args.path, n_boot=args.n_boot, seed=args.seed)
    except FramelensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with pd.option_context("display.width", 250, "display.max_rows", 500, "display.max_columns", 30):
        print("Span placement (default path: cleaned text)")
        print(t["placement"].to_string(index=False))
        e = t["enrichment"]
        for bias in BIAS_KINDS:
            print(f"\nEnrichment of hits in {bias} spans (bootstrap over documents, n_boot={args.n_boot}, "
                  f"seed={args.seed})")
            print(e[e["bias"] == bias].drop(columns=["bias", "documents", "n_boot"]).round(3).to_string(index=False))
        print("\nSpan recall (share of placed spans holding a hit of the family)")
        print(t["span_recall"].round(3).to_string(index=False))
        print("\nVoice check: hit voice vs the span's quote flag")
        print(t["voice_confusion"].to_string(index=False))
        print(t["voice_agreement"].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
