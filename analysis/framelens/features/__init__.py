"""Framing-cue extractors (one module each) and the document × feature table.

Extractors: :mod:`~framelens.features.naming` (concept → variant), :mod:`~framelens.features.hedges`
(hedges and boosters), :mod:`~framelens.features.attribution` (reporting verbs, stance, source),
:mod:`~framelens.features.loaded` (loaded words), and the lexicon-free
:mod:`~framelens.features.quotes` (scare quotes) and :mod:`~framelens.features.passives` (agentless
passives). Each turns what it finds in one document into rows of the hits table.

Hits table columns (:data:`HIT_COLUMNS`, one row per cue; see CONTRACTS.md):

=============  ==============================================================================
doc_id         document id
sentence       0-based index of the sentence in the document
sent_start     character offset where that sentence starts
sent_end       character offset where that sentence ends
start, end     character span of the cue; ``text[start:end]`` is the matched text
text           the matched text as written
family         naming, hedge, booster, attribution, scare_quote, passive or loaded
feature        the key counts and rates use: ``naming:<pack>/<concept>``, ``hedge``, ``booster``,
               ``attribution:<stance>``, ``scare_quote``, ``agentless_passive``, ``loaded``
category       sub-type: what a naming variant signals, the hedge kind, the stance, the loaded kind
term           the lexicon entry (lemma) that matched, the quoted phrase, or the participle
concept        naming only: ``<pack>/<concept>``, else ""
variant        naming only: the variant label, else ""
source_entity  attribution only: who is attributed, when found, else ""
pack           lexicon pack name ("" for lexicon-free extractors)
voice          ``narration`` (the outlet's own words) or ``quoted`` (the hit starts inside a direct
               quotation); a scare quote is always narration (see :mod:`~framelens.features.voice`)
quote_start,   the span of that quotation, marks included (-1 for narration)
quote_end
=============  ==============================================================================

Document features (:func:`document_features`): one row per document with ``doc_id, outlet, voice,
words, sentences, published, event_id, leaning`` and one integer count column per feature key, for
one voice: ``narration`` (the default: the outlet's own words, hits and words outside direct
quotations), ``quoted`` (inside them) or ``all``; ``words`` counts the words *of that voice*, so
rates compare like with like. Rates per 1,000 words are derived (``count / words * 1000``) and
never stored; a document with no words has zero counts and its rate is undefined, never a division
by zero here.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

HIT_COLUMNS = ["doc_id", "sentence", "sent_start", "sent_end", "start", "end", "text", "family", "feature",
               "category", "term", "concept", "variant", "source_entity", "pack", "voice", "quote_start", "quote_end"]
#: Integer columns of the hits table.
INT_HIT_COLUMNS = ("sentence", "sent_start", "sent_end", "start", "end", "quote_start", "quote_end")
FAMILY_ORDER = ["naming", "hedge", "booster", "attribution", "scare_quote", "passive", "loaded"]
LEXICON_FREE_FEATURES = ["scare_quote", "agentless_passive"]
DOC_COLUMNS = ["doc_id", "outlet", "voice", "words", "sentences", "published", "event_id", "leaning"]
#: Voices a document-features table can be made for (see :func:`document_features`).
FEATURE_VOICES = ("narration", "quoted", "all")

__all__ = ["HIT_COLUMNS", "INT_HIT_COLUMNS", "FEATURE_VOICES", "FAMILY_ORDER", "LEXICON_FREE_FEATURES", "DOC_COLUMNS", "DocStats", "DocText", "empty_hits",
           "hits_frame", "hits_table", "HitBatches", "document_features", "feature_order", "voice_words", "hits_of_voice"]


class DocStats(dict):
    """doc_id → (words, sentences, quoted words), kept in ``hits.attrs["doc_stats"]`` by :func:`framelens.extract`.

    pandas deep-copies ``DataFrame.attrs`` on every operation (filter, merge, groupby), which for a
    plain dict of 100,000 documents costs seconds each time; this mapping is treated as immutable
    and copies as itself.
    """

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


@dataclass
class DocText:
    """One document prepared for the extractors: text, sentence spans and word spans.

    Attributes
    ----------
    doc_id : str
    text : str
    sentences : list of (start, end)
    words : list of (start, end)
    """

    doc_id: str
    text: str
    sentences: list[tuple[int, int]]
    words: list[tuple[int, int]]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self._starts = [s for s, _ in self.sentences]

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence containing offset ``pos`` (the last one starting at or before it)."""
        if not self._starts:
            return 0
        return max(0, bisect_right(self._starts, pos) - 1)

    def row(self, start: int, end: int, family: str, feature: str, category: str = "", term: str = "",
            concept: str = "", variant: str = "", source_entity: str = "", pack: str = "") -> tuple:
        """One hits-table row without its voice (the first 15 columns of :data:`HIT_COLUMNS`);
        :func:`framelens.extract.extract_text` adds ``voice, quote_start, quote_end``."""
        i = self.sentence_of(start)
        s0, s1 = self.sentences[i] if self.sentences else (0, len(self.text))
        return (self.doc_id, i, s0, s1, start, end, self.text[start:end], family, feature, category, term,
                concept, variant, source_entity, pack)


def empty_hits() -> pd.DataFrame:
    """A hits table with no rows and the right columns and dtypes."""
    return hits_frame([])


def hits_frame(rows: list[tuple]) -> pd.DataFrame:
    """Build the hits DataFrame from row tuples (see :data:`HIT_COLUMNS`).

    Columns: int64 for :data:`INT_HIT_COLUMNS`, text (pandas' ``str`` dtype) for the others, which
    hold str (a missing one, None or NaN, becomes ""). Built column by column through Arrow
    (:func:`hits_table`).
    """
    return hits_table(rows).to_pandas()


def hits_table(rows: list[tuple]):
    """The hits of ``rows`` (tuples of :data:`HIT_COLUMNS`) as an Arrow table: int64 for
    :data:`INT_HIT_COLUMNS`, large strings for the others ("" for a missing one, None or NaN).

    Built column by column (the rows transposed once by numpy, each column converted in one call):
    ``DataFrame.from_records`` infers every column's type from the tuples and makes object columns to
    convert again, which cost more than the rest of the table. Tables of several batches of rows,
    joined (:class:`HitBatches`), make the frame :func:`hits_frame` makes of all the rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    table = np.array(rows, dtype=object).reshape(len(rows), len(HIT_COLUMNS))  # transposed by numpy
    arrays = []
    for c, values in zip(HIT_COLUMNS, table.T):
        if c in INT_HIT_COLUMNS:
            arrays.append(pa.array(values, type=pa.int64()))
        else:
            arr = pa.array(values, type=pa.large_string(), from_pandas=True)  # None and NaN: null
            arrays.append(pc.fill_null(arr, "") if arr.null_count else arr)
    return pa.table(arrays, names=HIT_COLUMNS)


class HitBatches:
    """The hits of several batches of rows, kept as the Arrow chunks of each column until
    :meth:`frame` joins them.

    Concatenating the batches' tables and combining their chunks held the batches and the whole
    combined table at once (twice the hits); here the columns are joined one at a time and each
    column's chunks let go once joined, so at most one column is held twice.
    """

    def __init__(self):
        self._chunks: dict[str, list] = {c: [] for c in HIT_COLUMNS}
        self._batches = 0

    def append(self, table) -> None:
        """Add one batch: an Arrow table made by :func:`hits_table`."""
        for c in HIT_COLUMNS:
            self._chunks[c].extend(table.column(c).chunks)
        self._batches += 1

    def frame(self) -> pd.DataFrame:
        """The hits DataFrame of every batch, in order (what :func:`hits_frame` makes of all their
        rows: one contiguous array per column). The batches are emptied."""
        import pyarrow as pa

        if not self._batches:
            return hits_frame([])
        arrays = []
        for c in HIT_COLUMNS:
            chunks, self._chunks[c] = self._chunks[c], []
            arrays.append(pa.concat_arrays(chunks))
            del chunks
        self._batches = 0
        return pa.table(arrays, names=HIT_COLUMNS).to_pandas()


def feature_order(features) -> list[str]:
    """Feature keys in a stable order: by family (naming first), then alphabetically."""
    fam_rank = {"naming": 0, "hedge": 1, "booster": 2, "attribution": 3, "scare_quote": 4,
                "agentless_passive": 5, "loaded": 6}

    def key(f: str):
        fam = f.split(":", 1)[0]
        return (fam_rank.get(fam, 7), f)

    return sorted(set(features), key=key)


def document_features(corpus, hits: pd.DataFrame, *, features=None, splitter=None,
                      voice: str = "narration") -> pd.DataFrame:
    """One row per document: words, sentences, metadata and a count column per feature key.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        The corpus the hits came from (``doc_id``, ``text``, ``outlet`` and optional ``published``,
        ``event_id``, ``leaning``).
    hits : DataFrame
        The hits table from :func:`framelens.extract`.
    features : list of str, optional
        Feature columns to produce (a feature with no hit gets a column of zeros). Default: the
        features found at least once in ``hits`` (in either voice); those the packs could produce
        (``hits.attrs["features"]``, recorded by :func:`framelens.extract`) but the corpus never
        has are left out, and listed in the returned table's ``attrs["absent_features"]`` (an
        immigration corpus has no column for every Karabakh concept).
    splitter : SentenceSplitter, optional
        Used to count sentences; default: Punkt trained on the corpus, as :func:`framelens.extract`
        does (the trained splitter is cached, so both count the same sentences). Pass the splitter
        you gave :func:`framelens.extract`, if any.
    voice : {"narration", "quoted", "all"}, default "narration"
        Whose words are counted: the outlet's own (hits with ``voice == "narration"`` and the words
        outside direct quotations), the quoted speakers' (inside them), or everything. ``words``
        is the number of words of that voice.

    Returns
    -------
    DataFrame
        Columns ``doc_id, outlet, voice, words, sentences, published, event_id, leaning`` then one
        int64 column per feature key (see the module docstring).
    """
    from framelens.errors import AnalysisError
    from framelens.features.voice import quoted_words
    from framelens.text import count_words, splitter_for

    if voice not in FEATURE_VOICES:
        raise AnalysisError(f"unknown voice {voice!r}", fix="use one of: " + ", ".join(FEATURE_VOICES))
    docs = corpus.documents if hasattr(corpus, "documents") else pd.DataFrame(corpus)
    n = len(docs)
    out = pd.DataFrame({"doc_id": docs["doc_id"].astype(str).to_numpy() if n else []})
    out["outlet"] = docs["outlet"].astype(str).to_numpy() if "outlet" in docs and n else ""
    out["voice"] = voice
    stats = hits.attrs.get("doc_stats") if hasattr(hits, "attrs") else None
    if isinstance(stats, dict) and splitter is None and all(d in stats for d in out["doc_id"]):
        words = [int(stats[d][0]) for d in out["doc_id"]]
        sentences = [int(stats[d][1]) for d in out["doc_id"]]
        quoted = [int(stats[d][2]) for d in out["doc_id"]]
    else:
        texts = docs["text"].fillna("").astype(str).tolist() if n else []
        words = [count_words(t) for t in texts]
        sp = splitter or splitter_for(texts)
        sentences = [len(sp.spans(t)) if t.strip() else 0 for t in texts]
        quoted = [quoted_words(t) for t in texts]
    out["words"] = voice_words(words, quoted, voice)
    out["sentences"] = pd.Series(sentences, dtype="int64").to_numpy() if n else np.zeros(0, dtype="int64")
    out["published"] = (docs["published"].to_numpy() if "published" in docs and n
                        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]"))
    for col in ("event_id", "leaning"):
        out[col] = (docs[col].astype(object).where(docs[col].notna(), "").astype(str).to_numpy()
                    if col in docs and n else "")
    absent: list[str] = []
    if features is None:
        # the features found at least once (in either voice, so that narration and quoted tables have
        # the same columns); those the packs could find but this corpus never has are left out of the
        # table and every comparison, and listed in ``attrs["absent_features"]``
        possible = list(hits.attrs.get("features", [])) if hasattr(hits, "attrs") else []
        present = set(hits["feature"].unique()) if len(hits) else set()
        features = feature_order(present)
        absent = feature_order(set(possible) - present)
    else:
        features = list(features)
    # only the columns counted: filtering the whole table by voice copied every column of the hits
    counted = hits_of_voice(hits[[c for c in ("doc_id", "feature", "voice") if c in hits.columns]], voice)
    if len(counted):
        counts = (counted.groupby(["doc_id", "feature"], observed=True).size().unstack("feature", fill_value=0))
        counts.index = counts.index.astype(str)
    else:
        counts = pd.DataFrame(index=pd.Index([], dtype=object))
    block = {}
    for f in features:
        col = counts[f] if f in counts.columns else None
        block[f] = (col.reindex(out["doc_id"]).fillna(0).astype("int64").to_numpy() if col is not None
                    else [0] * n)
    feats = pd.DataFrame(block, columns=features, index=out.index).astype("int64") if features else None
    if feats is not None:
        out = pd.concat([out, feats], axis=1)
    out = out.reset_index(drop=True)
    out.attrs["absent_features"] = absent
    return out


def with_document_column(doc_features: pd.DataFrame, documents: pd.DataFrame, column: str) -> pd.DataFrame:
    """``doc_features`` with the documents' ``column`` beside (by ``doc_id``) when it lacks it: a
    grouping column such as ``topic`` that :func:`document_features` does not carry (it carries
    ``outlet``, ``event_id`` and ``leaning``). Unchanged when the column is there or the documents
    do not have it."""
    if column in doc_features.columns or documents is None or column not in getattr(documents, "columns", ()):
        return doc_features
    return doc_features.merge(documents[["doc_id", column]].astype({"doc_id": str}), on="doc_id", how="left")


def voice_words(words, quoted, voice: str) -> np.ndarray:
    """Words of ``voice`` per document from all words and quoted words (int64 array)."""
    w = np.asarray(words, dtype="int64")
    q = np.asarray(quoted, dtype="int64")
    if voice == "quoted":
        return q
    if voice == "narration":
        return w - q
    return w


def hits_of_voice(hits: pd.DataFrame, voice: str) -> pd.DataFrame:
    """The hits of one voice (``"all"``: every hit). A table without a ``voice`` column (written
    before voices existed) is all narration."""
    if voice == "all" or not len(hits):
        return hits
    if "voice" not in hits.columns:
        return hits if voice == "narration" else hits.iloc[:0]
    return hits[hits["voice"] == voice]
