"""NewsWCL50: mention-level precision and recall of framelens' naming hits (headline), and the
older share comparison (secondary).

NewsWCL50 (Hamborg, Zhukova & Gipp 2019) annotates every mention of each concept in 50 articles
(10 events x 5 outlets). **Everything here is in-sample**: the ``newswcl50`` naming pack was
written from these very annotations (its ``sources`` say so), so these numbers say how well the
pack reproduces the annotations it was made from, not how it does on unseen news. Every row of the
score table says so in its ``sample`` column.

Mention-level evaluation (:func:`mention_evaluation`, the headline)
-------------------------------------------------------------------
On the **default path** (``framelens.load_corpus(root)``, cleaned text; ``framelens.extract(corpus)``,
Punkt trained on the corpus and every shipped pack). Each annotated mention of the NewsWCL50 codes a
pack concept names (:data:`CONCEPT_CODES`) is placed in the cleaned text by
:func:`place_mentions`: its words are searched for (case-insensitive, curly and straight quotes and
the annotators' ````...''`` alike, whitespace-flexible, whole words), preferring its annotated
paragraph; when a mention occurs more than once, the occurrence nearest to where the mention's
``(sentence, token)`` position falls between the uniquely placed mentions of the same document
is taken (each occurrence is given to one annotation only). Then, per concept, in the documents of
the events where the concept's codes are annotated:

* **precision** = hits of the concept that overlap (by characters) an annotated mention of its
  codes / hits of the concept;
* **recall** = placed annotated mentions (distinct spans) that some hit of the concept overlaps /
  placed annotated mentions;

with Wilson 95% intervals, per concept and pooled (``(pooled)``). Annotated mentions that cannot be
placed are counted (``mentions_unplaced``) and left out of recall; :func:`placement_summary` says
why. Hits of a concept in events where its codes are not annotated are counted apart
(``hits_other_events``), not scored.

Score table columns (:data:`SCORE_COLUMNS`):

======================  =========================================================================
concept                 pack concept id, or ``(pooled)``
codes                   the NewsWCL50 ``code_name`` values it is scored against (``|``-joined)
sample                  ``in-sample`` (the pack was written from these annotations)
events                  events where the codes are annotated (the documents scored)
hits                    framelens hits of the concept in those events' documents
hits_matched            of them, hits overlapping an annotated mention of the codes
precision, precision_low, precision_high   hits_matched / hits, Wilson 95%
mentions                placed annotated mentions (distinct spans)
mentions_found          of them, mentions some hit of the concept overlaps
recall, recall_low, recall_high            mentions_found / mentions, Wilson 95%
f1                      harmonic mean of precision and recall
mentions_unplaced       annotated mentions that could not be placed in the cleaned text
hits_other_events       hits of the concept in events where its codes are not annotated
note                    what the numbers are (in-sample), or why one is missing
======================  =========================================================================

:func:`missed_mentions` and :func:`false_positive_hits` count the words behind the errors (the
lower-cased mention strings no hit overlaps, the hit strings no mention overlaps), to read, not to
commit.

Share comparison (:func:`naming_share_comparison`, secondary)
-------------------------------------------------------------
For a concept, per outlet: the variants framelens finds in the article texts beside the annotated
mentions of the matching codes, each mapped to a variant by running the same lexicon on the
mention's words, restricted to the events where the concept was annotated. It is partly circular
(the annotated mentions are sorted into variants by the lexicon under test, and mentions no
variant covers are set apart as ``(not in lexicon)``), which is why the mention-level table is the
headline. Columns of the table:

===================  ===========================================================================
concept              pack concept id (``kim_jong_un``, ``trump``, ``north_korea``, ``caravan``)
outlet               outlet name
variant              variant label, or ``(not in lexicon)`` for unmapped annotated mentions
framelens_count      hits of this variant in the outlet's articles of the annotated events
framelens_share      framelens_count / all framelens hits of the concept for the outlet
annotated_count      annotated mentions mapped to this variant
annotated_share      annotated_count / annotated mentions the lexicon covers, for the outlet
                     (NaN for the ``(not in lexicon)`` row)
annotated_share_all  annotated_count / all annotated mentions of the concept, for the outlet
note                 "" or why a share is missing
===================  ===========================================================================

:func:`agreement_summary` condenses it to one row per concept: coverage of the annotated mentions,
framelens hits per covered annotated mention, the mean absolute difference of shares, Pearson's
r of the shares over outlet x variant cells, and how many outlets have the same most-used variant.

Run it (prints both, the mention-level table first)::

    python -m framelens.evaluation.newswcl50 ../shared/data/newswcl50
"""
from __future__ import annotations

import csv
import dataclasses
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

#: Pack concept → the NewsWCL50 code names whose mentions it names.
CONCEPT_CODES = {
    "kim_jong_un": ["PRK\\Jong Un", "PRK\\Kim"],
    "trump": ["USA\\Trump"],
    "north_korea": ["PRK"],
    "caravan": ["Migrant caravan"],
    "iran_deal": ["IRN nuclear deal"],
    "comey": ["USA\\Comey"],
}
#: NewsWCL50 publisher codes → outlet names (as the corpus adapter names them).
PUBLISHERS = {"LL": "HuffPost", "L": "New York Times", "M": "USA Today", "R": "Fox News", "RR": "Breitbart"}
UNMAPPED = "(not in lexicon)"
COLUMNS = ["concept", "outlet", "variant", "framelens_count", "framelens_share", "annotated_count",
           "annotated_share", "annotated_share_all", "note"]


ANNOTATION_FIELDS = ("code_name", "code_mention", "event_id", "publisher_id", "paragraph", "sentence", "start", "end")


def read_annotations(root: str | Path) -> pd.DataFrame:
    """``hamborg_original/Annotations.csv`` as a table (the ``sep=,`` first line skipped).

    Parameters
    ----------
    root : path
        The NewsWCL50 folder (``../shared/data/newswcl50``).

    Returns
    -------
    DataFrame
        The file's columns as strings, plus ``outlet`` (from ``publisher_id``, :data:`PUBLISHERS`)
        and ``line`` (1-based line number in the file).

    Raises
    ------
    CorpusError
        When the file is missing or lacks the columns used here.
    """
    from framelens.errors import CorpusError

    path = Path(root) / "hamborg_original" / "Annotations.csv"
    if not path.is_file():
        raise CorpusError("NewsWCL50 annotations not found", where=str(path),
                          fix="point at the newswcl50 folder of the shared data (it holds hamborg_original/)")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        skipped = 1 if first.lower().startswith("sep=") else 0
        if not skipped:
            fh.seek(0)
        reader = csv.DictReader(fh)
        rows = list(reader)
        missing = set(ANNOTATION_FIELDS) - set(reader.fieldnames or [])
    if missing:
        raise CorpusError(f"not a NewsWCL50 annotation file: missing columns {sorted(missing)}", where=str(path),
                          fix="use hamborg_original/Annotations.csv from the NewsWCL50 release")
    ann = pd.DataFrame(rows, columns=list(reader.fieldnames))
    ann["event_id"] = ann["event_id"].astype(str).str.strip()
    ann["outlet"] = ann["publisher_id"].str.strip().map(PUBLISHERS)
    ann["line"] = np.arange(len(ann), dtype=np.int64) + 2 + skipped
    return ann


def _concept_matcher(pack, concept: str):
    """A matcher for one concept of ``pack`` with its topic gates removed (mentions are short)."""
    from framelens.lexicons.matcher import Matcher

    concepts = {concept: dict(pack.concepts[concept], topic=())}
    entries = [e for e in pack.entries if e.concept == concept]
    return Matcher([dataclasses.replace(pack, topic=(), concepts=concepts, entries=entries)])


def map_mention(matcher, mention: str) -> str:
    """The variant a mention's words use: the first variant found in it, or :data:`UNMAPPED`."""
    for m in matcher.find(mention):
        if m.rule.variant:
            return m.rule.variant
    return UNMAPPED


def naming_share_comparison(root: str | Path, *, corpus=None, hits: pd.DataFrame | None = None,
                            concepts=("kim_jong_un", "trump", "north_korea", "caravan"),
                            lexicons=None) -> pd.DataFrame:
    """Per concept, outlet and variant: framelens counts and shares beside the annotated ones.

    Parameters
    ----------
    root : path
        The NewsWCL50 folder (``../shared/data/newswcl50``).
    corpus : Corpus, optional
        The loaded corpus (``framelens.load_corpus(root)`` when None).
    hits : DataFrame, optional
        Its hits table (extracted with ``lexicons`` when None).
    concepts : sequence of str
        Concepts of the ``newswcl50`` pack (keys of :data:`CONCEPT_CODES`).
    lexicons : optional
        Packs for the extraction (default: every shipped pack, the default path); must contain a
        pack named ``newswcl50``.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` (see the module docstring), sorted by concept, outlet, variant.
    """
    import framelens as fl
    from framelens.lexicons import load_lexicons

    lex = load_lexicons(lexicons)
    pack = lex["newswcl50"]
    if corpus is None:
        corpus = fl.load_corpus(root)
    if hits is None:
        hits = fl.extract(corpus, lexicons=lexicons)
    docs = corpus.documents[["doc_id", "outlet", "event_id"]].astype(str)
    ann = read_annotations(root)
    rows = []
    for concept in concepts:
        codes = CONCEPT_CODES[concept]
        a = ann[ann["code_name"].isin(codes)].copy()
        events = sorted(a["event_id"].unique())
        matcher = _concept_matcher(pack, concept)
        a["variant"] = [map_mention(matcher, m) for m in a["code_mention"]]
        in_events = docs[docs["event_id"].isin(events)]
        h = hits[(hits["feature"] == f"naming:newswcl50/{concept}") & hits["doc_id"].isin(in_events["doc_id"])]
        h = h.merge(in_events[["doc_id", "outlet"]], on="doc_id")
        variants = [e.variant for e in pack.entries if e.concept == concept and not e.exclude]
        for outlet in sorted(PUBLISHERS.values()):
            fl_counts = h[h["outlet"] == outlet]["variant"].value_counts()
            an_counts = a[a["outlet"] == outlet]["variant"].value_counts()
            fl_total = int(fl_counts.sum())
            an_all = int(an_counts.sum())
            an_covered = int(an_counts.drop(UNMAPPED, errors="ignore").sum())
            for variant in variants + [UNMAPPED]:
                fc = int(fl_counts.get(variant, 0))
                ac = int(an_counts.get(variant, 0))
                if variant == UNMAPPED and ac == 0:
                    continue
                notes = []
                if fl_total == 0:
                    notes.append("no framelens hit of this concept in the outlet's articles")
                if an_all == 0:
                    notes.append("no annotated mention of this concept for the outlet")
                rows.append({
                    "concept": concept, "outlet": outlet, "variant": variant, "framelens_count": fc,
                    "framelens_share": fc / fl_total if fl_total and variant != UNMAPPED else np.nan,
                    "annotated_count": ac,
                    "annotated_share": ac / an_covered if an_covered and variant != UNMAPPED else np.nan,
                    "annotated_share_all": ac / an_all if an_all else np.nan,
                    "note": "; ".join(notes) if notes else ("annotated mentions no lexicon variant covers"
                                                            if variant == UNMAPPED else ""),
                })
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["concept", "outlet", "variant"], kind="stable").reset_index(drop=True)


def agreement_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per concept: how closely framelens shares follow the annotated shares.

    Columns: ``concept, annotated_mentions, coverage`` (share of annotated mentions that map to a
    lexicon variant), ``framelens_hits``, ``hits_per_covered_mention``, ``mean_abs_share_diff``
    (over outlet × variant cells where both sides have mentions), ``share_correlation`` (Pearson r
    over the same cells), ``top_variant_agreement`` (outlets whose most-used variant is the same on
    both sides) and ``outlets`` (outlets compared).
    """
    out = []
    for concept, t in table.groupby("concept", sort=True):
        mapped = t[t["variant"] != UNMAPPED]
        total_ann = int(t["annotated_count"].sum())
        covered = int(mapped["annotated_count"].sum())
        both = mapped.dropna(subset=["framelens_share", "annotated_share"])
        diff = float((both["framelens_share"] - both["annotated_share"]).abs().mean()) if len(both) else np.nan
        corr = (float(np.corrcoef(both["framelens_share"], both["annotated_share"])[0, 1])
                if len(both) > 2 and both["framelens_share"].std() > 0 and both["annotated_share"].std() > 0
                else np.nan)
        agree = n_out = 0
        for _, o in both.groupby("outlet"):
            n_out += 1
            agree += int(o.loc[o["framelens_share"].idxmax(), "variant"] == o.loc[o["annotated_share"].idxmax(), "variant"])
        fl_hits = int(mapped["framelens_count"].sum())
        out.append({"concept": concept, "annotated_mentions": total_ann,
                    "coverage": covered / total_ann if total_ann else np.nan, "framelens_hits": fl_hits,
                    "hits_per_covered_mention": fl_hits / covered if covered else np.nan,
                    "mean_abs_share_diff": diff, "share_correlation": corr,
                    "top_variant_agreement": agree, "outlets": n_out})
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------------------
# Mention-level precision and recall (the headline)
# --------------------------------------------------------------------------------------------------

IN_SAMPLE = "in-sample"
IN_SAMPLE_NOTE = "in-sample: the newswcl50 pack was written from these annotations"
POOLED = "(pooled)"
MENTION_COLUMNS = ["annotation_id", "line", "doc_id", "event_id", "code_name", "code_mention", "paragraph",
                   "sentence", "token_start", "start", "end", "placement", "note"]
SCORE_COLUMNS = ["concept", "codes", "sample", "events", "hits", "hits_matched", "precision", "precision_low",
                 "precision_high", "mentions", "mentions_found", "recall", "recall_low", "recall_high", "f1",
                 "mentions_unplaced", "hits_other_events", "note"]

# length-preserving: every character maps to one character, so offsets in the folded text are
# offsets in the text
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_CLITICS = ("'s", "n't", "'re", "'ll", "'ve", "'d", "'m")


def _fold(text: str) -> str:
    """Lower-cased, quotes straightened, one character for one (offsets are kept)."""
    out = text.translate(_FOLD)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def mention_pattern(mention: str) -> re.Pattern | None:
    """A regular expression finding ``mention`` in folded text (:func:`_fold`), or None when empty.

    The annotators' tokenised forms are undone: ````x''`` quotes, ``-LRB-`` brackets, a space
    next to punctuation or before a clitic (``Pyongyang 's``, ``( really )``) may be absent in
    the text; any run of
    whitespace matches any other; a mention starting or ending with a letter or digit matches
    whole words only.
    """
    m = mention.replace("``", '"').replace("''", '"')
    for k, v in _PTB.items():
        m = m.replace(k, v)
    pieces = _fold(m).split()
    if not pieces:
        return None
    pattern = ""
    for i, p in enumerate(pieces):
        if i:
            joined = pieces[i - 1][-1].isalnum() and p[0].isalnum() and p not in _CLITICS
            pattern += r"\s+" if joined else r"\s*"
        pattern += re.escape(p)
    if pieces[0][0].isalnum():
        pattern = r"(?<![^\W_])" + pattern
    if pieces[-1][-1].isalnum():
        pattern += r"(?![^\W_])"
    return re.compile(pattern)


def _paragraph_spans(original: str, cleaned: str) -> list[tuple[int, int]]:
    """Span in ``cleaned`` of each non-empty line of ``original`` (the annotators' paragraphs).

    Cleaning keeps the lines (a removed line becomes empty), so line ``i`` of one is line ``i`` of
    the other."""
    spans, pos = [], 0
    orig_lines = original.split("\n")
    for i, line in enumerate(cleaned.split("\n")):
        if i < len(orig_lines) and orig_lines[i].strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def place_mentions(corpus, annotations: pd.DataFrame) -> pd.DataFrame:
    """Place annotated mentions in the cleaned text of their documents.

    Parameters
    ----------
    corpus : Corpus
        NewsWCL50 loaded with :func:`framelens.load_corpus` (doc ids ``<event>_<publisher>``).
    annotations : DataFrame
        Rows of :func:`read_annotations` (all of them give the best positions: every uniquely placed
        mention anchors the others of its document).

    Returns
    -------
    DataFrame
        Columns :data:`MENTION_COLUMNS`, one row per annotation row: ``start, end`` offsets into
        ``corpus.documents.text`` (-1 when unplaced); ``placement`` one of
        ``unique_in_paragraph``, ``unique_in_document``, ``nearest_to_anchors``,
        ``duplicate_row`` (the same code at the same position as an earlier row: same span),
        ``unplaced``; ``note`` why a mention is unplaced.
    """
    from framelens.clean import original_text

    texts = dict(zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"]))
    ann = annotations.reset_index(drop=True)
    rows = []
    for doc_id, idx in ann.groupby(ann["event_id"].astype(str) + "_" + ann["publisher_id"].str.strip(),
                                   sort=True).indices.items():
        rows.extend(_place_in_document(doc_id, ann.iloc[idx], texts.get(doc_id), corpus, original_text))
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    for c in ("line", "paragraph", "sentence", "token_start", "start", "end"):
        out[c] = out[c].astype("int64")
    return out.sort_values("line", kind="stable").reset_index(drop=True)


def _as_int(value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return -1


def _place_in_document(doc_id: str, ann: pd.DataFrame, text: str | None, corpus, original_text) -> list[dict]:
    base = [dict(annotation_id=str(r.id), line=int(r.line), doc_id=doc_id, event_id=str(r.event_id),
                 code_name=str(r.code_name), code_mention=str(r.code_mention), paragraph=_as_int(r.paragraph),
                 sentence=_as_int(r.sentence), token_start=_as_int(r.start), start=-1, end=-1,
                 placement="unplaced", note="") for r in ann.itertuples(index=False)]
    if text is None:
        for b in base:
            b["note"] = "no such document in the corpus (rejected or missing file)"
        return base
    folded = _fold(text)
    original = None
    paras = _paragraph_spans(original_text(corpus, doc_id), text)
    cands: list[list[tuple[int, int]]] = []
    pending = []
    taken: set[tuple[int, int]] = set()
    seen: dict[tuple, int] = {}
    for i, b in enumerate(base):
        key = (b["code_name"], b["sentence"], b["token_start"], b["code_mention"])
        if key in seen:
            b["placement"] = "duplicate_row"
            cands.append([])
            continue
        seen[key] = i
        pat = mention_pattern(b["code_mention"])
        found = [m.span() for m in pat.finditer(folded)] if pat else []
        cands.append(found)
        if not found:
            if original is None:
                original = _fold(original_text(corpus, doc_id))
            b["note"] = ("in text removed by cleaning" if pat and pat.search(original)
                         else "not found in the text (it differs from the annotated version)")
            continue
        p = b["paragraph"]
        in_para = [c for c in found if 0 <= p < len(paras) and paras[p][0] <= c[0] < paras[p][1]]
        if len(in_para) == 1:
            b.update(start=in_para[0][0], end=in_para[0][1], placement="unique_in_paragraph")
            taken.add((b["code_name"], in_para[0]))
        elif not in_para and len(found) == 1:
            b.update(start=found[0][0], end=found[0][1], placement="unique_in_document")
            taken.add((b["code_name"], found[0]))
        else:
            pending.append(i)
    anchors = sorted((b["sentence"] * 1000 + b["token_start"], b["start"]) for b in base
                     if b["placement"] in ("unique_in_paragraph", "unique_in_document") and b["sentence"] >= 0)
    ax = np.array([a for a, _ in anchors], dtype=np.float64)
    ay = np.array([y for _, y in anchors], dtype=np.float64)
    for i in sorted(pending, key=lambda j: (base[j]["sentence"], base[j]["token_start"])):
        b = base[i]
        p = b["paragraph"]
        in_para = [c for c in cands[i] if 0 <= p < len(paras) and paras[p][0] <= c[0] < paras[p][1]]
        options = [c for c in (in_para or cands[i]) if (b["code_name"], c) not in taken] or (in_para or cands[i])
        if len(ax):
            expected = float(np.interp(b["sentence"] * 1000 + b["token_start"], ax, ay))
        else:  # no anchor in the document: the paragraph start, else the document start
            expected = float(paras[p][0]) if 0 <= p < len(paras) else 0.0
        best = min(options, key=lambda c: (abs(c[0] - expected), c[0]))
        b.update(start=best[0], end=best[1], placement="nearest_to_anchors")
        taken.add((b["code_name"], best))
    for b in base:
        if b["placement"] == "duplicate_row":
            first = base[seen[(b["code_name"], b["sentence"], b["token_start"], b["code_mention"])]]
            b.update(start=first["start"], end=first["end"], note=f"same as {first['annotation_id']}")
    return base


def placement_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """How the mentions were placed: ``code_name, placement, note, mentions`` (counts)."""
    return mentions.groupby(["code_name", "placement", "note"], sort=True).size().rename("mentions").reset_index()


def _overlap_matrix(a_start, a_end, b_start, b_end) -> np.ndarray:
    return (np.asarray(a_start)[:, None] < np.asarray(b_end)[None, :]) & \
        (np.asarray(b_start)[None, :] < np.asarray(a_end)[:, None])


def _score_concept(concept: str, codes: list[str], hits: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame):
    """(row counts, hits with a ``matched`` flag, distinct mentions with a ``found`` flag) for one concept."""
    m = mentions[mentions["code_name"].isin(codes)]
    events = sorted(set(m["event_id"]), key=lambda e: (len(e), e))
    in_events = set(docs.loc[docs["event_id"].isin(events), "doc_id"])
    h = hits[hits["concept"] == f"newswcl50/{concept}"]
    other = int((~h["doc_id"].isin(in_events)).sum())
    h = h[h["doc_id"].isin(in_events)].copy()
    placed = m[m["start"] >= 0].drop_duplicates(["doc_id", "start", "end"]).copy()
    h["matched"] = False
    placed["found"] = False
    for d, hi in h.groupby("doc_id").indices.items():
        pm = placed["doc_id"] == d
        if not pm.any():
            continue
        mm = placed[pm]
        over = _overlap_matrix(h["start"].to_numpy()[hi], h["end"].to_numpy()[hi], mm["start"], mm["end"])
        h.iloc[hi, h.columns.get_loc("matched")] = over.any(axis=1)
        placed.loc[pm, "found"] = over.any(axis=0)
    unplaced = int(((m["start"] < 0) & (m["placement"] != "duplicate_row")).sum())
    counts = dict(events=len(events), hits=len(h), hits_matched=int(h["matched"].sum()), mentions=len(placed),
                  mentions_found=int(placed["found"].sum()), mentions_unplaced=unplaced, hits_other_events=other)
    return counts, h, placed


def _score_row(concept: str, codes: str, c: dict, note: str) -> dict:
    from framelens.evaluation.judging import wilson_interval

    p = c["hits_matched"] / c["hits"] if c["hits"] else np.nan
    r = c["mentions_found"] / c["mentions"] if c["mentions"] else np.nan
    pl, ph = wilson_interval(c["hits_matched"], c["hits"])
    rl, rh = wilson_interval(c["mentions_found"], c["mentions"])
    f1 = 2 * p * r / (p + r) if c["hits"] and c["mentions"] and (p + r) > 0 else np.nan
    return dict(concept=concept, codes=codes, sample=IN_SAMPLE, events=c["events"], hits=c["hits"],
                hits_matched=c["hits_matched"], precision=p, precision_low=pl, precision_high=ph,
                mentions=c["mentions"], mentions_found=c["mentions_found"], recall=r, recall_low=rl,
                recall_high=rh, f1=f1, mentions_unplaced=c["mentions_unplaced"],
                hits_other_events=c["hits_other_events"], note=note)


def mention_evaluation(root: str | Path, *, corpus=None, hits: pd.DataFrame | None = None,
                       concepts=None, top: int = 15) -> dict[str, pd.DataFrame]:
    """Mention-level precision and recall of the ``newswcl50`` naming concepts (in-sample).

    Parameters
    ----------
    root : path
        The NewsWCL50 folder (``../shared/data/newswcl50``).
    corpus : Corpus, optional
        ``framelens.load_corpus(root)`` when None (the default path).
    hits : DataFrame, optional
        ``framelens.extract(corpus)`` when None (every shipped pack).
    concepts : sequence of str, optional
        Concepts of the ``newswcl50`` pack to score (keys of :data:`CONCEPT_CODES`; default all).
    top : int, default 15
        How many strings :func:`missed_mentions` and :func:`false_positive_hits` keep per concept.

    Returns
    -------
    dict of DataFrame
        ``scores`` (:data:`SCORE_COLUMNS`, one row per concept then ``(pooled)``), ``mentions``
        (:func:`place_mentions` of every annotation), ``placement`` (:func:`placement_summary` of
        the scored codes), ``missed`` and ``false_positives`` (the strings behind the errors), and
        ``scored_hits``/``scored_mentions`` (the hits and distinct mentions scored, with their
        ``matched``/``found`` flags).

    Raises
    ------
    AnalysisError
        When a concept has no codes in :data:`CONCEPT_CODES`.
    """
    import framelens as fl
    from framelens.errors import AnalysisError

    concepts = list(concepts) if concepts is not None else list(CONCEPT_CODES)
    unknown = [c for c in concepts if c not in CONCEPT_CODES]
    if unknown:
        raise AnalysisError(f"no NewsWCL50 codes for concept(s) {unknown}",
                            fix="use concepts of CONCEPT_CODES: " + ", ".join(CONCEPT_CODES))
    if corpus is None:
        corpus = fl.load_corpus(root)
    if hits is None:
        hits = fl.extract(corpus)
    ann = read_annotations(root)
    mentions = place_mentions(corpus, ann)
    docs = corpus.documents[["doc_id", "event_id"]].astype(str)
    rows, all_hits, all_mentions, totals = [], [], [], None
    for concept in concepts:
        codes = CONCEPT_CODES[concept]
        counts, h, placed = _score_concept(concept, codes, hits, mentions, docs)
        note = IN_SAMPLE_NOTE
        if not counts["hits"]:
            note += "; no hit of this concept (is it still in the newswcl50 pack?)"
        rows.append(_score_row(concept, "|".join(codes), counts, note))
        all_hits.append(h.assign(scored_concept=concept))
        all_mentions.append(placed.assign(scored_concept=concept))
        totals = counts if totals is None else {k: totals[k] + counts[k] for k in counts}
    if totals is not None:
        totals["events"] = len({e for c in concepts for e in mentions.loc[
            mentions["code_name"].isin(CONCEPT_CODES[c]), "event_id"]})
        rows.append(_score_row(POOLED, "|".join(c for k in concepts for c in CONCEPT_CODES[k]), totals,
                               IN_SAMPLE_NOTE + "; sums over the concepts"))
    scored_hits = pd.concat(all_hits, ignore_index=True) if all_hits else hits.iloc[:0].assign(matched=False)
    scored_mentions = (pd.concat(all_mentions, ignore_index=True) if all_mentions
                       else mentions.iloc[:0].assign(found=False))
    codes = [c for k in concepts for c in CONCEPT_CODES[k]]
    return {"scores": pd.DataFrame(rows, columns=SCORE_COLUMNS), "mentions": mentions,
            "placement": placement_summary(mentions[mentions["code_name"].isin(codes)]),
            "missed": missed_mentions(scored_mentions, top=top),
            "false_positives": false_positive_hits(scored_hits, top=top),
            "scored_hits": scored_hits, "scored_mentions": scored_mentions}


def missed_mentions(scored_mentions: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """The most frequent lower-cased mention strings no hit overlaps: ``concept, mention, count``."""
    miss = scored_mentions[~scored_mentions["found"].astype(bool)]
    return _top_strings(miss["scored_concept"], miss["code_mention"], "mention", top)


def false_positive_hits(scored_hits: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """The most frequent lower-cased hit strings no annotated mention overlaps: ``concept, hit_text, count``."""
    fp = scored_hits[~scored_hits["matched"].astype(bool)]
    return _top_strings(fp["scored_concept"], fp["text"], "hit_text", top)


def _top_strings(concepts: pd.Series, strings: pd.Series, name: str, top: int) -> pd.DataFrame:
    df = pd.DataFrame({"concept": concepts.to_numpy(), name: strings.str.lower().str.split().str.join(" ").to_numpy()})
    if df.empty:
        return pd.DataFrame(columns=["concept", name, "count"])
    counts = df.groupby(["concept", name], sort=False).size().rename("count").reset_index()
    counts = counts.sort_values(["concept", "count", name], ascending=[True, False, True], kind="stable")
    return counts.groupby("concept", sort=False).head(top).reset_index(drop=True)


def main(argv=None) -> int:  # pragma: no cover - a convenience for the command line
    import argparse
    import sys

    import framelens as fl
    from framelens.errors import FramelensError

    ap = argparse.ArgumentParser(prog="python -m framelens.evaluation.newswcl50",
                                 description="NewsWCL50: mention-level precision and recall (in-sample), then shares")
    ap.add_argument("path", nargs="?", default="../shared/data/newswcl50")
    ap.add_argument("--top", type=int, default=15, help="strings listed per concept for misses and false positives")
    args = ap.parse_args(argv)
    try:
        corpus = fl.load_corpus(args.path)
        hits = fl.extract(corpus)
        res = mention_evaluation(args.path, corpus=corpus, hits=hits, top=args.top)
        table = naming_share_comparison(args.path, corpus=corpus, hits=hits)
    except FramelensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with pd.option_context("display.width", 250, "display.max_rows", 500, "display.max_columns", 30):
        print("Mention-level precision and recall (IN-SAMPLE: the newswcl50 pack was written from these annotations)")
        print(res["scores"].drop(columns=["sample", "note"]).round(3).to_string(index=False))
        print("\nPlacement of the annotated mentions in the cleaned text")
        print(res["placement"].to_string(index=False))
        print(f"\nMost frequent missed mentions (top {args.top} per concept)")
        print(res["missed"].to_string(index=False))
        print(f"\nMost frequent false-positive hits (top {args.top} per concept)")
        print(res["false_positives"].to_string(index=False))
        print("\nSecondary: naming shares beside the annotated shares (partly circular, see the docstring)")
        print(table.drop(columns="note").round(3).to_string(index=False))
        print()
        print(agreement_summary(table).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
