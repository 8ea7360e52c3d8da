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
=============  ==============================================================================

Document features (:func:`document_features`): one row per document with ``doc_id, outlet, words,
sentences, published, event_id, leaning`` and one integer count column per feature key. Rates per
1,000 words are derived (``count / words * 1000``) and never stored; a document with no words has
zero counts and its rate is undefined, never a division by zero here.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import pandas as pd

HIT_COLUMNS = ["doc_id", "sentence", "sent_start", "sent_end", "start", "end", "text", "family", "feature",
               "category", "term", "concept", "variant", "source_entity", "pack"]
FAMILY_ORDER = ["naming", "hedge", "booster", "attribution", "scare_quote", "passive", "loaded"]
LEXICON_FREE_FEATURES = ["scare_quote", "agentless_passive"]
DOC_COLUMNS = ["doc_id", "outlet", "words", "sentences", "published", "event_id", "leaning"]

__all__ = ["HIT_COLUMNS", "FAMILY_ORDER", "LEXICON_FREE_FEATURES", "DOC_COLUMNS", "DocStats", "DocText", "empty_hits",
           "hits_frame", "document_features", "feature_order"]


class DocStats(dict):
    """doc_id → (words, sentences), kept in ``hits.attrs["doc_stats"]`` by :func:`framelens.extract`.

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
        """One hits-table row (a tuple in :data:`HIT_COLUMNS` order)."""
        i = self.sentence_of(start)
        s0, s1 = self.sentences[i] if self.sentences else (0, len(self.text))
        return (self.doc_id, i, s0, s1, start, end, self.text[start:end], family, feature, category, term,
                concept, variant, source_entity, pack)


def empty_hits() -> pd.DataFrame:
    """A hits table with no rows and the right columns and dtypes."""
    return hits_frame([])


def hits_frame(rows: list[tuple]) -> pd.DataFrame:
    """Build the hits DataFrame from row tuples (see :data:`HIT_COLUMNS`)."""
    df = pd.DataFrame.from_records(rows, columns=HIT_COLUMNS) if rows else pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in ("sentence", "sent_start", "sent_end", "start", "end") else object)
         for c in HIT_COLUMNS})
    for c in ("sentence", "sent_start", "sent_end", "start", "end"):
        df[c] = df[c].astype("int64")
    for c in HIT_COLUMNS:
        if df[c].dtype != "int64":
            df[c] = df[c].astype(object).where(df[c].notna(), "").astype(str)
    return df


def feature_order(features) -> list[str]:
    """Feature keys in a stable order: by family (naming first), then alphabetically."""
    fam_rank = {"naming": 0, "hedge": 1, "booster": 2, "attribution": 3, "scare_quote": 4,
                "agentless_passive": 5, "loaded": 6}

    def key(f: str):
        fam = f.split(":", 1)[0]
        return (fam_rank.get(fam, 7), f)

    return sorted(set(features), key=key)


def document_features(corpus, hits: pd.DataFrame, *, features=None, splitter=None) -> pd.DataFrame:
    """One row per document: words, sentences, metadata and a count column per feature key.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        The corpus the hits came from (``doc_id``, ``text``, ``outlet`` and optional ``published``,
        ``event_id``, ``leaning``).
    hits : DataFrame
        The hits table from :func:`framelens.extract`.
    features : list of str, optional
        Feature columns to produce. Default: the features the extraction could produce (recorded
        by :func:`framelens.extract` in ``hits.attrs["features"]``), else those present in ``hits``;
        a feature with no hit gets a column of zeros.
    splitter : SentenceSplitter, optional
        Used to count sentences; default: Punkt trained on the corpus, as :func:`framelens.extract`
        does (the trained splitter is cached, so both count the same sentences). Pass the splitter
        you gave :func:`framelens.extract`, if any.

    Returns
    -------
    DataFrame
        Columns ``doc_id, outlet, words, sentences, published, event_id, leaning`` then one int64
        column per feature key (see the module docstring).
    """
    from framelens.text import count_words, splitter_for

    docs = corpus.documents if hasattr(corpus, "documents") else pd.DataFrame(corpus)
    n = len(docs)
    out = pd.DataFrame({"doc_id": docs["doc_id"].astype(str).to_numpy() if n else []})
    out["outlet"] = docs["outlet"].astype(str).to_numpy() if "outlet" in docs and n else ""
    texts = docs["text"].fillna("").astype(str).tolist() if n else []
    stats = hits.attrs.get("doc_stats") if hasattr(hits, "attrs") else None
    if isinstance(stats, dict) and splitter is None and all(d in stats for d in out["doc_id"]):
        out["words"] = [int(stats[d][0]) for d in out["doc_id"]]
        out["sentences"] = [int(stats[d][1]) for d in out["doc_id"]]
    else:
        out["words"] = [count_words(t) for t in texts]
        sp = splitter or splitter_for(texts)
        out["sentences"] = [len(sp.spans(t)) if t.strip() else 0 for t in texts]
    out["words"] = out["words"].astype("int64")
    out["sentences"] = out["sentences"].astype("int64")
    out["published"] = (docs["published"].to_numpy() if "published" in docs and n
                        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]"))
    for col in ("event_id", "leaning"):
        out[col] = (docs[col].astype(object).where(docs[col].notna(), "").astype(str).to_numpy()
                    if col in docs and n else "")
    if features is None:
        features = list(hits.attrs.get("features", [])) if hasattr(hits, "attrs") else []
        features = feature_order(set(features) | set(hits["feature"].unique() if len(hits) else []))
    else:
        features = list(features)
    if len(hits):
        counts = (hits.groupby(["doc_id", "feature"], observed=True).size().unstack("feature", fill_value=0))
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
    return out.reset_index(drop=True)
