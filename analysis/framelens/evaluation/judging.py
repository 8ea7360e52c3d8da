"""Blind judging of framelens' cues: draw a sheet, judge it, score it (precision and recall).

Everything here runs the **default path** users get: ``framelens.load_corpus(path)`` (cleaned text)
and ``framelens.extract(corpus)`` (Punkt trained on that corpus, every shipped pack). Offsets in
the sheets are offsets into the cleaned text of that default load.

Two kinds of sheet
------------------
Precision sheet (:func:`draw_precision_sheet`)
    Hits drawn with a seed from documents never used for tuning (:func:`excluded_documents`),
    ``per_family`` of each judged family (:data:`JUDGED_FAMILIES`) plus ``per_family`` reporting
    verbs with a source (``source`` items), round-robin over the corpora, at most one hit per
    sentence and family and :data:`MAX_PER_DOC` per document and family. Items are shuffled so
    that the order gives nothing away. The judge sees the sentence (with the one before and after)
    and the candidate marked ``⟦…⟧``, **not** the label framelens gave it, and answers which
    kinds of cue the marked words are (``labels``, from :data:`LABELS`, several joined by ``+``),
    the stance of a reporting verb (``stance``, from :data:`STANCES`) and whether the words are
    the outlet's narration or inside a direct quotation (``voice``). A ``source`` item shows a
    reporting verb ``⟦…⟧`` and the source framelens found ``⟪…⟫``; the judge answers ``source_ok``
    (``yes``/``no``). A naming item is checked again once its label is shown (the concept it was
    counted for, ``concept_ok``): a second, label-aware pass, since "is this a name" and "is it a
    name of *this*" are different questions.
Recall sheet (:func:`draw_recall_sheet`)
    Whole sentences drawn uniformly at random (no hit is looked at), to be annotated exhaustively:
    every reporting verb, hedge, booster, agentless passive and scare quote in them, as words and
    their occurrence in the sentence (``annotation_spans`` turns those into offsets).

What is committed (``data/validation/``): keys (ids, offsets, labels), judgements and annotations
as offsets and labels, never article text; :func:`load_key` and friends re-read the texts from the
shared corpora and check each sentence's hash, so a changed text shows up as drift, not as a
wrong judgement.

Tables
------
key (:data:`KEY_COLUMNS`)
    ``item, kind`` (``cue``/``source``), ``corpus, doc_id, outlet, sentence, sent_start, sent_end,
    sent_sha1`` (first 12 hex digits of the sentence's SHA-1), ``start, end`` (the candidate),
    ``family, feature, category, term, concept, variant, source_entity, source_start,
    source_end, voice`` (the hit as framelens produced it; ``voice`` "" before voices existed).
judgements (:data:`JUDGEMENT_COLUMNS`)
    ``item, labels, stance, voice, source_ok, concept_ok, note``.
precision (:func:`precision_table`)
    ``family, judged, produced, correct, precision, ci_low, ci_high, outlets, outlet_spread,
    outlet_p, outlet_flag, stance_agreement, voice_agreement, note`` -- see the function.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd

from framelens.errors import AnalysisError, CorpusError

log = logging.getLogger(__name__)

#: Short corpus names -> folder under the shared data root. NewsWCL50 is not here: all of it was
#: used to tune the extractors (and its naming pack was written from its annotations).
CORPORA = {
    "basil": "basil",
    "allsides": "article-bias-prediction-subset",
    "pac": "pac-partisan-events",
    "babe": "babe-mbic",
    "neus": "neus-allsides-triplets",
}
#: Hit families judged for precision (``passive`` is the agentless-passive family).
JUDGED_FAMILIES = ["hedge", "booster", "attribution", "scare_quote", "passive", "loaded", "naming"]
#: What a judge may call a marked span (several joined with "+"), and the family each label checks.
LABELS = {"hedge": "hedge", "booster": "booster", "reporting": "attribution", "scare_quote": "scare_quote",
          "passive": "passive", "loaded": "loaded", "naming": "naming", "none": ""}
#: Stance classes of reporting verbs (see the attribution pack's ``categories``).
STANCES = ["neutral", "asserting", "doubting", "conceding", "accusing", "praising", "denying", "urging",
           "endorsing", "according_to"]
VOICES = ["narration", "quoted"]
#: Families annotated exhaustively in the recall sentences.
RECALL_FAMILIES = ["attribution", "hedge", "booster", "passive", "scare_quote"]
#: At most this many items per document and family in a precision sheet (spreads the sample).
MAX_PER_DOC = 2

KEY_COLUMNS = ["item", "kind", "corpus", "doc_id", "outlet", "sentence", "sent_start", "sent_end", "sent_sha1",
               "start", "end", "family", "feature", "category", "term", "concept", "variant", "source_entity",
               "source_start", "source_end", "voice"]
JUDGEMENT_COLUMNS = ["item", "labels", "stance", "voice", "source_ok", "concept_ok", "note"]
RECALL_SENTENCE_COLUMNS = ["item", "corpus", "doc_id", "outlet", "sentence", "sent_start", "sent_end", "sent_sha1"]
RECALL_ANNOTATION_COLUMNS = ["item", "family", "start", "end", "note"]

_Z95 = 1.959964


# --------------------------------------------------------------------------------------------------
# Corpora on the default path
# --------------------------------------------------------------------------------------------------

def sentence_hash(s: str) -> str:
    """First 12 hex digits of the SHA-1 of a sentence's text (drift check; not the text)."""
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class _Loaded:
    """One shared corpus as users get it: documents, hits and sentence spans per document."""

    def __init__(self, name: str, data_root: str | Path):
        import framelens as fl
        from framelens.text import splitter_for

        if name not in CORPORA:
            raise CorpusError(f"unknown corpus {name!r}", fix="use one of: " + ", ".join(CORPORA))
        path = Path(data_root) / CORPORA[name]
        if not path.exists():
            raise CorpusError("shared corpus not found", where=str(path),
                              fix="give the shared data folder (../shared/data) as data_root")
        self.name = name
        self.corpus = fl.load_corpus(path)
        docs = self.corpus.documents
        self.docs = docs.assign(doc_id=docs["doc_id"].astype(str)).set_index("doc_id", drop=False)
        self.hits = fl.extract(self.corpus)
        # the splitter fl.extract trained (cached by content): sentence spans exactly as in the hits
        self.splitter = splitter_for(docs["text"].fillna("").astype(str).tolist())
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def text(self, doc_id: str) -> str:
        return str(self.docs.at[doc_id, "text"])

    def outlet(self, doc_id: str) -> str:
        return str(self.docs.at[doc_id, "outlet"]) if "outlet" in self.docs else ""

    def spans(self, doc_id: str) -> list[tuple[int, int]]:
        if doc_id not in self._spans:
            self._spans[doc_id] = self.splitter.spans(self.text(doc_id))
        return self._spans[doc_id]


def _load_all(data_root, corpora) -> dict[str, _Loaded]:
    return {c: _Loaded(c, data_root) for c in corpora}


# --------------------------------------------------------------------------------------------------
# Documents never to draw
# --------------------------------------------------------------------------------------------------

def excluded_documents(path: str | Path) -> pd.DataFrame:
    """The documents used for tuning (``corpus, doc_id, reason``), which no new sheet may draw."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=["corpus", "doc_id", "reason"])
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"corpus", "doc_id", "reason"} - set(df.columns)
    if missing:
        raise AnalysisError(f"missing columns {sorted(missing)}", where=str(path),
                            fix="the exclusion list has columns corpus, doc_id, reason")
    return df


def _excluded_set(excluded: pd.DataFrame | None) -> set[tuple[str, str]]:
    if excluded is None or not len(excluded):
        return set()
    return set(zip(excluded["corpus"].astype(str), excluded["doc_id"].astype(str)))


# --------------------------------------------------------------------------------------------------
# Precision sheets
# --------------------------------------------------------------------------------------------------

def _source_span(text: str, s0: int, s1: int, source: str, verb_start: int) -> tuple[int, int]:
    """Where ``source`` (whitespace-normalised) stands in the sentence, nearest the verb."""
    import re

    if not source:
        return (-1, -1)
    rx = re.compile(r"\s+".join(re.escape(w) for w in source.split()))
    best = None
    for m in rx.finditer(text, s0, s1):
        d = abs(m.start() - verb_start)
        if best is None or d < best[0]:
            best = (d, m.start(), m.end())
    return (best[1], best[2]) if best else (-1, -1)


def _key_row(loaded: _Loaded, hit, kind: str) -> dict:
    text = loaded.text(hit.doc_id)
    s0, s1 = int(hit.sent_start), int(hit.sent_end)
    src = ("", -1, -1)
    if kind == "source":
        a, b = _source_span(text, s0, s1, hit.source_entity, int(hit.start))
        src = (hit.source_entity, a, b)
    return dict(kind=kind, corpus=loaded.name, doc_id=hit.doc_id, outlet=loaded.outlet(hit.doc_id),
                sentence=int(hit.sentence), sent_start=s0, sent_end=s1, sent_sha1=sentence_hash(text[s0:s1]),
                start=int(hit.start), end=int(hit.end), family=hit.family, feature=hit.feature,
                category=hit.category, term=hit.term, concept=hit.concept, variant=hit.variant,
                source_entity=src[0], source_start=src[1], source_end=src[2],
                voice=getattr(hit, "voice", "") or "")


def draw_precision_sheet(data_root: str | Path, *, seed: int, per_family: int = 100, prefix: str = "P",
                         excluded: pd.DataFrame | None = None, corpora=None, families=None,
                         loaded: dict | None = None, outlets: int = 0, per_outlet: int = 0) -> pd.DataFrame:
    """Draw the hits to judge (the key table, :data:`KEY_COLUMNS`).

    Parameters
    ----------
    data_root : str or Path
        The shared data folder.
    seed : int
        Seed of every random choice (same seed, same data, same code: same sheet).
    per_family : int, default 100
        Items per judged family, and ``source`` items (reporting verbs with a source).
    prefix : str
        Item ids are ``<prefix><number>``.
    excluded : DataFrame, optional
        Documents not to draw (:func:`excluded_documents`).
    corpora : list of str, optional
        Keys of :data:`CORPORA` (default: all).
    families : list of str, optional
        Families to draw (default :data:`JUDGED_FAMILIES`); ``"source"`` adds source items.
    loaded : dict, optional
        Already loaded corpora (internal: lets one load serve several draws).
    outlets, per_outlet : int, default 0
        Stratify by outlet first: ``per_outlet`` items of each family from each of the ``outlets``
        outlets with the most eligible documents over the corpora, then the rest as above. This is
        what makes the per-outlet precision test able to see a difference.
    """
    corpora = list(corpora or CORPORA)
    families = list(families or (JUDGED_FAMILIES + ["source"]))
    loaded = loaded or _load_all(data_root, corpora)
    skip = _excluded_set(excluded)
    rng = random.Random(seed)
    rows = []
    counts: dict[str, int] = {}
    for c in corpora:
        for d, o in zip(loaded[c].docs["doc_id"], loaded[c].docs["outlet"].astype(str)):
            if (c, d) not in skip:
                counts[o] = counts.get(o, 0) + 1
    top = sorted(counts, key=lambda o: (-counts[o], o))[:outlets] if outlets and per_outlet else []
    for fam in families:
        pools = {}
        for c in corpora:
            h = loaded[c].hits
            h = h[h["family"] == ("attribution" if fam == "source" else fam)]
            if fam == "source":
                h = h[h["source_entity"] != ""]
            keep = [(c, d) not in skip for d in h["doc_id"]]
            # a hit outside its sentence's span (page debris between sentences) cannot be shown in context
            h = h[np.asarray(keep, dtype=bool) & (h["start"] >= h["sent_start"]).to_numpy() & (h["end"] <= h["sent_end"]).to_numpy()]
            h = h.drop_duplicates(["doc_id", "sentence"])
            recs = list(h.itertuples(index=False))
            rng.shuffle(recs)
            pools[c] = recs
        per_doc: dict[tuple[str, str], int] = {}
        taken = 0
        for o in top:  # the outlet strata, drawn across corpora
            cands = [(c, h) for c in corpora for h in pools[c] if loaded[c].outlet(h.doc_id) == o]
            rng.shuffle(cands)
            got = 0
            for c, hit in cands:
                if got >= per_outlet or taken >= per_family:
                    break
                k = (c, hit.doc_id)
                if per_doc.get(k, 0) >= MAX_PER_DOC:
                    continue
                per_doc[k] = per_doc.get(k, 0) + 1
                pools[c].remove(hit)
                rows.append(_key_row(loaded[c], hit, "source" if fam == "source" else "cue"))
                taken += 1
                got += 1
        while taken < per_family and any(pools.values()):
            for c in corpora:
                while pools[c] and taken < per_family:
                    hit = pools[c].pop()
                    k = (c, hit.doc_id)
                    if per_doc.get(k, 0) >= MAX_PER_DOC:
                        continue
                    per_doc[k] = per_doc.get(k, 0) + 1
                    rows.append(_key_row(loaded[c], hit, "source" if fam == "source" else "cue"))
                    taken += 1
                    break
        if taken < per_family:
            log.warning("only %d items of %s could be drawn", taken, fam)
    if not rows:
        raise AnalysisError("no hit could be drawn: every document of these corpora is excluded or has no hit",
                            where=", ".join(corpora), fix="draw from other corpora (--corpus) or check --exclude")
    rng.shuffle(rows)
    key = pd.DataFrame(rows)
    key.insert(0, "item", [f"{prefix}{i + 1:04d}" for i in range(len(key))])
    return key[KEY_COLUMNS]


def _mark(text: str, s0: int, s1: int, marks: list[tuple[int, int, str, str]]) -> str:
    out, pos = [], s0
    for a, b, left, right in sorted(marks):
        if a < pos or a < s0 or b > s1:
            continue
        out += [text[pos:a], left, text[a:b], right]
        pos = b
    out.append(text[pos:s1])
    return " ".join("".join(out).split())


def _context(loaded: _Loaded, doc_id: str, s0: int, s1: int) -> tuple[str, str]:
    text = loaded.text(doc_id)
    spans = loaded.spans(doc_id)
    starts = [a for a, _ in spans]
    import bisect

    i = bisect.bisect_right(starts, s0) - 1
    before = " ".join(text[a:b] for a, b in spans[max(0, i - 1):max(0, i)]) if i >= 1 else ""
    after = " ".join(text[a:b] for a, b in spans[i + 1:i + 2]) if 0 <= i + 1 < len(spans) else ""
    return " ".join(before.split()), " ".join(after.split())


def sheet_for_judges(key: pd.DataFrame, loaded: dict) -> pd.DataFrame:
    """The judge's view of a key: item, context and marked sentence, empty answer columns.

    Holds article text: write it outside the repository (it is not committed)."""
    rows = []
    for r in key.itertuples(index=False):
        lc = loaded[r.corpus]
        text = lc.text(r.doc_id)
        marks = [(r.start, r.end, "⟦", "⟧")]
        if r.kind == "source" and r.source_start >= 0:
            marks.append((r.source_start, r.source_end, "⟪", "⟫"))
        before, after = _context(lc, r.doc_id, r.sent_start, r.sent_end)
        rows.append(dict(item=r.item, kind=r.kind, before=before,
                         sentence=_mark(text, r.sent_start, r.sent_end, marks), after=after,
                         marked=" ".join(text[r.start:r.end].split()),
                         source=r.source_entity if r.kind == "source" else "",
                         labels="", stance="", voice="", source_ok="", concept_ok="", note=""))
    return pd.DataFrame(rows)


def concept_sheet(key: pd.DataFrame, judge_view: pd.DataFrame) -> pd.DataFrame:
    """The label-aware second pass for naming items: the concept each was counted for."""
    from framelens.lexicons import load_lexicons

    desc = {}
    for pack in load_lexicons(None):
        for cid, info in pack.concepts.items():
            desc[f"{pack.name}/{cid}"] = info.get("description", cid)
    k = key[(key["kind"] == "cue") & (key["family"] == "naming")]
    v = judge_view.set_index("item").loc[k["item"], ["before", "sentence", "after", "marked"]].reset_index()
    v["concept"] = [desc.get(c, c) for c in k["concept"]]
    v["variant"] = k["variant"].to_numpy()
    v["concept_ok"] = ""
    return v


_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>framelens judging sheet</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:56em;margin:2em auto}.ctx{color:#777}
.item{border-top:1px solid #ccc;padding:.6em 0}.label{display:none;color:#064}.done .label{display:block}
mark{background:#ffe08a}</style></head><body><h1>framelens judging sheet</h1>
<p>For each item: which kind of cue are the words in <mark>marked</mark>? Then press <b>judged</b> to see
what framelens called it. <button onclick="save()">Download judgements (CSV)</button></p>
<div id="items"></div><script>
const ITEMS = __ITEMS__;
const LABELS = __LABELS__, STANCES = __STANCES__;
function esc(s){return String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]))}
function marked(s){return esc(s).replace(/⟦/g,'<mark>').replace(/⟧/g,'</mark>').replace(/⟪/g,'<u>').replace(/⟫/g,'</u>')}
const box=document.getElementById('items');
ITEMS.forEach((it,i)=>{const d=document.createElement('div');d.className='item';d.id='it'+i;
 let q = it.kind==='source' ? 'Is the <u>underlined</u> phrase who the marked verb attributes? '+
   '<select data-f="source_ok"><option></option><option>yes</option><option>no</option></select>' :
   LABELS.map(l=>'<label><input type="checkbox" data-l="'+l+'"> '+l+'</label>').join(' ')+
   '<br>stance: <select data-f="stance"><option></option>'+STANCES.map(s=>'<option>'+s+'</option>').join('')+
   '</select> voice: <select data-f="voice"><option></option><option>narration</option><option>quoted</option></select>';
 d.innerHTML='<b>'+esc(it.item)+'</b> <span class="ctx">'+esc(it.before)+'</span> '+marked(it.sentence)+
   ' <span class="ctx">'+esc(it.after)+'</span><br>'+q+' note: <input data-f="note" size="30"> '+
   '<button onclick="this.parentNode.classList.add(\\'done\\')">judged</button><div class="label">framelens: '+
   esc(it.label)+'</div>';box.appendChild(d)});
function save(){const rows=[['item','labels','stance','voice','source_ok','concept_ok','note']];
 ITEMS.forEach((it,i)=>{const d=document.getElementById('it'+i);const g=f=>{const e=d.querySelector('[data-f='+f+']');return e?e.value:''};
  const ls=[...d.querySelectorAll('[data-l]')].filter(e=>e.checked).map(e=>e.dataset.l).join('+');
  rows.push([it.item,ls,g('stance'),g('voice'),g('source_ok'),'',g('note')])});
 const csv=rows.map(r=>r.map(x=>'"'+String(x).replace(/"/g,'""')+'"').join(',')).join('\\n');
 const a=document.createElement('a');a.href=URL.createObjectURL(new Blob([csv],{type:'text/csv'}));
 a.download='judgements.csv';a.click()}
</script></body></html>
"""


def sheet_html(key: pd.DataFrame, judge_view: pd.DataFrame) -> str:
    """A self-contained page for judging (labels hidden until the judge presses *judged*)."""
    lab = {r.item: (f"{r.feature} ({r.category})" if r.kind == "cue" else f"source of {r.term}")
           for r in key.itertuples(index=False)}
    items = [dict(item=r.item, kind=r.kind, before=r.before, sentence=r.sentence, after=r.after,
                  label=lab.get(r.item, "")) for r in judge_view.itertuples(index=False)]
    # "</" cannot occur inside the script element: every "<" in the data is escaped for JSON
    data = json.dumps(items, ensure_ascii=False).replace("<", "\\u003c")
    return (_HTML.replace("__ITEMS__", data).replace("__LABELS__", json.dumps(list(LABELS)))
            .replace("__STANCES__", json.dumps(STANCES)))


# --------------------------------------------------------------------------------------------------
# Recall sheets
# --------------------------------------------------------------------------------------------------

def draw_recall_sheet(data_root: str | Path, *, seed: int, n_sentences: int = 150, prefix: str = "R",
                      excluded: pd.DataFrame | None = None, corpora=None, loaded: dict | None = None,
                      min_words: int = 6) -> pd.DataFrame:
    """Sentences to annotate exhaustively (:data:`RECALL_SENTENCE_COLUMNS`), drawn without looking at hits.

    Round-robin over the corpora; in each, a random eligible document, then a random sentence of it
    with at least ``min_words`` words (headlines and page debris are not what recall is about).
    """
    from framelens.text import count_words

    corpora = list(corpora or CORPORA)
    loaded = loaded or _load_all(data_root, corpora)
    skip = _excluded_set(excluded)
    rng = random.Random(seed)
    pools = {}
    for c in corpora:
        ids = sorted(d for d in loaded[c].docs["doc_id"] if (c, d) not in skip)
        rng.shuffle(ids)
        pools[c] = ids
    rows, seen = [], set()
    while len(rows) < n_sentences and any(pools.values()):
        for c in corpora:
            if len(rows) >= n_sentences:
                break
            while pools[c]:
                d = pools[c].pop()
                text = loaded[c].text(d)
                spans = [s for s in loaded[c].spans(d) if count_words(text[s[0]:s[1]]) >= min_words]
                if not spans:
                    continue
                i = rng.randrange(len(spans))
                s0, s1 = spans[i]
                if (c, d, s0) in seen:
                    continue
                seen.add((c, d, s0))
                idx = loaded[c].spans(d).index((s0, s1))
                rows.append(dict(corpus=c, doc_id=d, outlet=loaded[c].outlet(d), sentence=idx, sent_start=s0,
                                 sent_end=s1, sent_sha1=sentence_hash(text[s0:s1])))
                break
    out = pd.DataFrame(rows)
    out.insert(0, "item", [f"{prefix}{i + 1:04d}" for i in range(len(out))])
    return out[RECALL_SENTENCE_COLUMNS]


def recall_view(sentences: pd.DataFrame, loaded: dict) -> pd.DataFrame:
    """The annotator's view: item, context and the sentence (holds article text: not committed)."""
    rows = []
    for r in sentences.itertuples(index=False):
        lc = loaded[r.corpus]
        text = lc.text(r.doc_id)
        before, after = _context(lc, r.doc_id, r.sent_start, r.sent_end)
        rows.append(dict(item=r.item, before=before, sentence=" ".join(text[r.sent_start:r.sent_end].split()),
                         after=after))
    return pd.DataFrame(rows)


def annotation_spans(sentences: pd.DataFrame, annotations: pd.DataFrame, loaded: dict) -> pd.DataFrame:
    """Turn word-level annotations (``item, family, words, occurrence, note``) into offsets.

    ``words`` are the cue's words as written in the sentence (whitespace-insensitive) and
    ``occurrence`` which occurrence of them in the sentence (1 = first). Returns
    :data:`RECALL_ANNOTATION_COLUMNS` with document offsets; raises on words not found.
    """
    import re

    sent = sentences.set_index("item")
    out = []
    for i, r in enumerate(annotations.itertuples(index=False)):
        if r.item not in sent.index:
            raise AnalysisError(f"unknown item {r.item!r}", where=f"annotations row {i + 2}",
                                fix="use the items of the recall sheet")
        if r.family not in RECALL_FAMILIES:
            raise AnalysisError(f"unknown family {r.family!r}", where=f"annotations row {i + 2}",
                                fix="use one of: " + ", ".join(RECALL_FAMILIES))
        s = sent.loc[r.item]
        text = loaded[s["corpus"]].text(s["doc_id"])
        rx = re.compile(r"\s+".join(re.escape(w) for w in str(r.words).split()))
        found = list(rx.finditer(text, int(s["sent_start"]), int(s["sent_end"])))
        k = int(r.occurrence) if str(r.occurrence).strip() else 1
        if not found or k < 1 or k > len(found):
            raise AnalysisError(f"{r.words!r} (occurrence {k}) not found in sentence {r.item}",
                                where=f"annotations row {i + 2}", fix="copy the words as written in the sentence")
        m = found[k - 1]
        out.append(dict(item=r.item, family=r.family, start=m.start(), end=m.end(),
                        note=getattr(r, "note", "") or ""))
    return pd.DataFrame(out, columns=RECALL_ANNOTATION_COLUMNS)


# --------------------------------------------------------------------------------------------------
# Reading committed tables
# --------------------------------------------------------------------------------------------------

def _read(path: str | Path, columns: list[str]) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise AnalysisError("file not found", where=str(path), fix="give the path of a committed sheet")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnalysisError(f"missing columns {missing}", where=str(path), fix="expected columns: " + ", ".join(columns))
    for c in ("sentence", "sent_start", "sent_end", "start", "end", "source_start", "source_end"):
        if c in df.columns:
            df[c] = df[c].astype(int)
    return df[columns]


def load_key(path) -> pd.DataFrame:
    """A committed precision key (:data:`KEY_COLUMNS`)."""
    return _read(path, KEY_COLUMNS)


def load_judgements(path) -> pd.DataFrame:
    """Judgements (:data:`JUDGEMENT_COLUMNS`), checked value by value."""
    df = _read(path, JUDGEMENT_COLUMNS)
    for i, r in enumerate(df.itertuples(index=False)):
        where = f"{path}:{i + 2}"
        labs = [x for x in r.labels.split("+") if x]
        bad = [x for x in labs if x not in LABELS]
        if bad:
            raise AnalysisError(f"unknown label(s) {bad}", where=where, fix="use: " + ", ".join(LABELS))
        if r.stance and r.stance not in STANCES:
            raise AnalysisError(f"unknown stance {r.stance!r}", where=where, fix="use: " + ", ".join(STANCES))
        if r.voice and r.voice not in VOICES:
            raise AnalysisError(f"unknown voice {r.voice!r}", where=where, fix="use narration or quoted")
        for col in ("source_ok", "concept_ok"):
            if getattr(r, col) not in ("", "yes", "no"):
                raise AnalysisError(f"{col} must be yes, no or empty", where=where, fix="judge the item")
    return df


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------

def wilson_interval(k: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` (``(nan, nan)`` when n == 0)."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def current_hits(key: pd.DataFrame, data_root, loaded: dict | None = None) -> dict[str, "_Loaded"]:
    """The corpora of a key, loaded on the default path (what framelens produces now)."""
    return loaded or _load_all(data_root, sorted(set(key["corpus"])))


def check_produced(key: pd.DataFrame, loaded: dict) -> pd.DataFrame:
    """The key with ``produced`` (the item is still a hit of its family, overlapping its span; a
    source item: the verb still has that source), ``now_feature`` and ``drift`` ("" or why not).
    """
    out = key.copy()
    produced, now_feature, drift = [], [], []
    index = {}
    for c, lc in loaded.items():
        h = lc.hits
        for r in h[["doc_id", "family", "start", "end", "feature", "source_entity"]].itertuples(index=False):
            index.setdefault((c, r.doc_id, r.family), []).append((r.start, r.end, r.feature, r.source_entity))
    for r in key.itertuples(index=False):
        lc = loaded[r.corpus]
        if r.doc_id not in lc.docs.index:
            produced.append(False), now_feature.append(""), drift.append("document gone")
            continue
        text = lc.text(r.doc_id)
        if sentence_hash(text[r.sent_start:r.sent_end]) != r.sent_sha1:
            produced.append(False), now_feature.append(""), drift.append("text changed")
            continue
        cands = index.get((r.corpus, r.doc_id, r.family), [])
        ok = [c for c in cands if c[0] < r.end and r.start < c[1]]
        if r.kind == "source":
            ok = [c for c in ok if c[0] == r.start and c[3] == r.source_entity]
        produced.append(bool(ok))
        now_feature.append(ok[0][2] if ok else "")
        drift.append("" if ok else ("source changed" if r.kind == "source" else "no longer produced"))
    out["produced"] = produced
    out["now_feature"] = now_feature
    out["drift"] = drift
    return out


def item_correct(key: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """One row per judged item: the key, the judgement and ``correct`` (bool)."""
    df = key.merge(judgements, on="item", how="inner", suffixes=("", "_judged"))
    correct = []
    for r in df.itertuples(index=False):
        if r.kind == "source":
            correct.append(r.source_ok == "yes")
            continue
        fams = {LABELS[x] for x in r.labels.split("+") if x}
        ok = r.family in fams
        if ok and r.family == "naming" and r.concept_ok == "no":
            ok = False
        correct.append(ok)
    df["correct"] = correct
    return df


def judge_agreement(key: pd.DataFrame, first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """How far two judges of the same items agree on whether each is correct.

    Both judgement tables are scored as :func:`item_correct` scores them (so a naming item's concept
    check counts only where a judge gave one). Returns one row per family and a row ``all``:
    ``family, n`` (items both judged), ``agreement`` (share judged the same way), ``first_precision``,
    ``second_precision`` and ``kappa`` (Cohen's kappa; NaN when both judges call every item the same).
    A precision that differs between samples by more than the judges disagree is sampling, not judging.
    """
    a = item_correct(key, first)[["item", "family", "kind", "correct"]]
    b = item_correct(key, second)[["item", "correct"]]
    d = a.merge(b, on="item", suffixes=("_first", "_second"))
    d["family"] = np.where(d["kind"] == "source", "source", d["family"])

    def row(g: pd.DataFrame, family: str) -> dict:
        nan = float("nan")
        if not len(g):  # the two tables share no item
            return dict(family=family, n=0, agreement=nan, first_precision=nan, second_precision=nan, kappa=nan)
        x = g["correct_first"].to_numpy(bool)
        y = g["correct_second"].to_numpy(bool)
        px, py = float(x.mean()), float(y.mean())
        po = float((x == y).mean())
        pe = px * py + (1 - px) * (1 - py)
        kappa = (po - pe) / (1 - pe) if pe < 1 else nan
        return dict(family=family, n=len(g), agreement=po, first_precision=px, second_precision=py, kappa=kappa)

    rows = [row(g, f) for f, g in d.groupby("family", sort=True)]
    rows.append(row(d, "all"))
    return pd.DataFrame(rows, columns=["family", "n", "agreement", "first_precision", "second_precision", "kappa"])


def _permutation_p(correct: np.ndarray, groups: np.ndarray, n_perm: int = 5000, seed: int = 0) -> float:
    """Permutation p-value of the chi-square statistic for equal precision across groups."""
    labels, g = np.unique(groups, return_inverse=True)
    if len(labels) < 2 or correct.all() or not correct.any():
        return math.nan
    n = np.bincount(g)
    p = correct.mean()

    def stat(c):
        k = np.bincount(g, weights=c, minlength=len(labels))
        e = n * p
        return float((((k - e) ** 2) / e + ((n - k - (n - e)) ** 2) / (n - e)).sum())

    obs = stat(correct.astype(float))
    rng = np.random.default_rng(seed)
    c = correct.astype(float)
    ge = sum(stat(rng.permutation(c)) >= obs - 1e-12 for _ in range(n_perm))
    return (ge + 1) / (n_perm + 1)


#: Outlets with fewer judged items than this are pooled as "(other)" in the per-outlet test and
#: left out of the spread.
MIN_OUTLET_ITEMS = 8


def precision_table(scored: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """Precision per family (and ``source``), with Wilson 95% intervals and the outlet check.

    Columns: ``family``; ``judged`` (items); ``produced`` (still produced by the current code);
    ``correct`` (of those); ``precision, ci_low, ci_high``; ``outlets`` (outlets with at least
    :data:`MIN_OUTLET_ITEMS` produced items); ``outlet_spread`` (highest minus lowest precision among
    them); ``outlet_p`` (permutation test of equal precision over outlets, small ones pooled);
    ``outlet_flag`` (``outlet_p`` < 0.05: the cue's error rate differs between outlets, so its
    rates are not comparable across outlets as they stand); ``stance_agreement`` (reporting verbs:
    share whose judged stance equals framelens' category); ``voice_agreement`` (share whose judged
    voice equals the hit's, where both are given); ``note``.
    """
    rows = []
    for fam in JUDGED_FAMILIES + ["source"]:
        g = scored[(scored["kind"] == "source")] if fam == "source" else scored[
            (scored["kind"] == "cue") & (scored["family"] == fam)]
        if "produced" in g:
            prod = g[g["produced"]]
        else:
            prod = g
        n, k = len(prod), int(prod["correct"].sum())
        lo, hi = wilson_interval(k, n)
        outlets = prod["outlet"].value_counts()
        big = outlets[outlets >= MIN_OUTLET_ITEMS].index
        spread = math.nan
        if len(big) >= 2:
            per = prod[prod["outlet"].isin(big)].groupby("outlet")["correct"].mean()
            spread = float(per.max() - per.min())
        grp = np.where(prod["outlet"].isin(big), prod["outlet"], "(other)")
        p = _permutation_p(prod["correct"].to_numpy(bool), grp, seed=seed) if n else math.nan
        st = prod[(prod["kind"] == "cue") & (prod["family"] == "attribution") & (prod["stance"] != "")
                  & prod["correct"]]
        stance = float((st["stance"] == st["category"]).mean()) if len(st) else math.nan
        vv = prod[(prod["voice"] != "") & (prod["voice_judged"] != "")] if "voice_judged" in prod else prod.iloc[:0]
        voice = float((vv["voice"] == vv["voice_judged"]).mean()) if len(vv) else math.nan
        note = ""
        if len(g) > n:
            note = f"{len(g) - n} judged items no longer produced: precision over the {n} still produced"
        rows.append(dict(family=fam, judged=len(g), produced=n, correct=k, precision=k / n if n else math.nan,
                         ci_low=lo, ci_high=hi, outlets=len(big), outlet_spread=spread, outlet_p=p,
                         outlet_flag=bool(p < 0.05) if not math.isnan(p) else False,
                         stance_agreement=stance, voice_agreement=voice, note=note))
    return pd.DataFrame(rows)


def per_outlet_precision(scored: pd.DataFrame) -> pd.DataFrame:
    """``family, outlet, produced, correct, precision, ci_low, ci_high`` for every outlet."""
    rows = []
    prod = scored[scored["produced"]] if "produced" in scored else scored
    fam = np.where(prod["kind"] == "source", "source", prod["family"])
    for (f, o), g in prod.assign(_fam=fam).groupby(["_fam", "outlet"]):
        n, k = len(g), int(g["correct"].sum())
        lo, hi = wilson_interval(k, n)
        rows.append(dict(family=f, outlet=o, produced=n, correct=k, precision=k / n, ci_low=lo, ci_high=hi))
    return pd.DataFrame(rows)


def recall_table(sentences: pd.DataFrame, annotations: pd.DataFrame, loaded: dict) -> pd.DataFrame:
    """Recall per family on exhaustively annotated sentences, and precision of the hits there.

    A gold cue is found when a current hit of its family overlaps its span. Hits of a family in
    the annotated sentences that overlap no gold cue of that family are false positives (the
    annotation is exhaustive), which gives a second precision figure. Columns ``family, gold,
    found, recall, ci_low, ci_high, hits, hits_correct, precision, p_ci_low, p_ci_high, sentences``.
    Sentences whose text changed are left out (``drift`` in the note).
    """
    sent = sentences.copy()
    ok = []
    for r in sent.itertuples(index=False):
        text = loaded[r.corpus].text(r.doc_id) if r.doc_id in loaded[r.corpus].docs.index else ""
        ok.append(sentence_hash(text[r.sent_start:r.sent_end]) == r.sent_sha1)
    sent["ok"] = ok
    good = sent[sent["ok"]]
    ann = annotations[annotations["item"].isin(set(good["item"]))]
    rows = []
    for fam in RECALL_FAMILIES:
        gold = ann[ann["family"] == fam]
        found = 0
        hits_n = hits_ok = 0
        for r in good.itertuples(index=False):
            h = loaded[r.corpus].hits
            h = h[(h["doc_id"] == r.doc_id) & (h["family"] == fam) & (h["start"] >= r.sent_start)
                  & (h["start"] < r.sent_end)]
            spans = list(zip(h["start"], h["end"]))
            g = gold[gold["item"] == r.item]
            gs = list(zip(g["start"], g["end"]))
            found += sum(any(a < e and s < b for s, e in spans) for a, b in gs)
            hits_n += len(spans)
            hits_ok += sum(any(a < e and s < b for a, b in gs) for s, e in spans)
        lo, hi = wilson_interval(found, len(gold))
        plo, phi = wilson_interval(hits_ok, hits_n)
        rows.append(dict(family=fam, gold=len(gold), found=found, recall=found / len(gold) if len(gold) else math.nan,
                         ci_low=lo, ci_high=hi, hits=hits_n, hits_correct=hits_ok,
                         precision=hits_ok / hits_n if hits_n else math.nan, p_ci_low=plo, p_ci_high=phi,
                         sentences=len(good)))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# One call each for drawing and scoring (what `framelens validate` runs)
# --------------------------------------------------------------------------------------------------

def draw(data_root: str | Path, out_dir: str | Path, *, seed: int, prefix: str, per_family: int = 100,
         n_sentences: int = 150, excluded: pd.DataFrame | None = None, corpora=None, outlets: int = 0,
         per_outlet: int = 0) -> dict[str, Path]:
    """Draw a precision sheet and a recall sheet into ``out_dir``.

    Writes ``key.csv`` and ``recall_sentences.csv`` (ids, offsets, labels: safe to commit) and the
    judges' views ``sheet.csv``, ``sheet.html``, ``concepts.csv`` (the naming second pass) and
    ``recall_sheet.csv``, which hold article text and must not be committed. Returns the paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpora = list(corpora or CORPORA)
    loaded = _load_all(data_root, corpora)
    key = draw_precision_sheet(data_root, seed=seed, per_family=per_family, prefix=prefix, excluded=excluded,
                               corpora=corpora, loaded=loaded, outlets=outlets, per_outlet=per_outlet)
    sentences = draw_recall_sheet(data_root, seed=seed, n_sentences=n_sentences, prefix=f"{prefix}R",
                                  excluded=excluded, corpora=corpora, loaded=loaded)
    view = sheet_for_judges(key, loaded)
    paths = {"key": out / "key.csv", "recall_sentences": out / "recall_sentences.csv", "sheet": out / "sheet.csv",
             "sheet_html": out / "sheet.html", "concepts": out / "concepts.csv",
             "recall_sheet": out / "recall_sheet.csv"}
    key.to_csv(paths["key"], index=False)
    sentences.to_csv(paths["recall_sentences"], index=False)
    view.to_csv(paths["sheet"], index=False)
    paths["sheet_html"].write_text(sheet_html(key, view), encoding="utf-8")
    concept_sheet(key, view).to_csv(paths["concepts"], index=False)
    recall_view(sentences, loaded).to_csv(paths["recall_sheet"], index=False)
    log.info("drew %d items and %d sentences into %s", len(key), len(sentences), out)
    return paths


def drawn_documents(key: pd.DataFrame, sentences: pd.DataFrame | None, reason: str) -> pd.DataFrame:
    """The documents a sample drew (``corpus, doc_id, reason``), to add to the exclusion list."""
    pairs = set(zip(key["corpus"], key["doc_id"]))
    if sentences is not None:
        pairs |= set(zip(sentences["corpus"], sentences["doc_id"]))
    return pd.DataFrame(sorted(pairs), columns=["corpus", "doc_id"]).assign(reason=reason)


def score(data_root: str | Path, key_path, judgements_path, *, recall_sentences_path=None,
          recall_annotations_path=None, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Score a judged sample against what framelens produces **now** on the default path.

    Returns ``{"precision", "per_outlet", "items", "recall"}`` (recall only when both recall files
    are given): see :func:`precision_table`, :func:`per_outlet_precision`, :func:`recall_table`;
    ``items`` is one row per judged item with ``produced``, ``drift`` and ``correct``.
    """
    key = load_key(key_path)
    judged = load_judgements(judgements_path)
    missing = sorted(set(key["item"]) - set(judged["item"]))
    if missing:
        log.warning("%d items of %s are not judged (first: %s)", len(missing), key_path, missing[:3])
    corpora = set(key["corpus"])
    sentences = annotations = None
    if recall_sentences_path and recall_annotations_path:
        sentences = _read(recall_sentences_path, RECALL_SENTENCE_COLUMNS)
        annotations = _read(recall_annotations_path, RECALL_ANNOTATION_COLUMNS)
        corpora |= set(sentences["corpus"])
    loaded = _load_all(data_root, sorted(corpora))
    checked = check_produced(key, loaded)
    checked["voice"] = _current_voice(checked, loaded)
    items = item_correct(checked, judged)
    out = {"precision": precision_table(items, seed=seed), "per_outlet": per_outlet_precision(items), "items": items}
    if sentences is not None:
        out["recall"] = recall_table(sentences, annotations, loaded)
    return out


def _current_voice(checked: pd.DataFrame, loaded: dict) -> list[str]:
    """The voice framelens gives each item's hit now ("" when it is no longer produced)."""
    out = []
    for r in checked.itertuples(index=False):
        if not r.produced:
            out.append("")
            continue
        h = loaded[r.corpus].hits
        m = h[(h["doc_id"] == r.doc_id) & (h["family"] == r.family) & (h["start"] < r.end) & (h["end"] > r.start)]
        out.append(str(m["voice"].iloc[0]) if len(m) else "")
    return out
