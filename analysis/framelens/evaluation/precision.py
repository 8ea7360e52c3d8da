"""Precision of the framing extractors on a hand-judged sample of real news sentences.

The sample (``tests/data/precision_sample.csv``) was drawn by :func:`draw_sample` from the shared
corpora (BASIL, the AllSides subset of Article-Bias-Prediction, PAC, NewsWCL50 full texts) and
every hit in it was judged by hand (correct / incorrect, with a short reason). The file holds only
ids, character spans, a few matched words and the judgements, never article text: the texts are
re-read from the shared corpora at evaluation time.

How hits are recomputed
-----------------------
Documents are loaded with ``framelens.load_corpus(path, clean=False)`` (raw text, so that spans do
not move when cleaning rules change) and each judged document goes through
:func:`framelens.extract.extract_text` with the seed-only sentence splitter
(:func:`framelens.text.default_splitter`, which does not depend on which documents are loaded).

Judged features
---------------
``hedge``               a hedges-pack hit (family ``hedge``) is a real hedge in context
``attribution``         a reporting-verb hit (family ``attribution``) attributes words or a claim
``attribution_source``  the ``source_entity`` found for that verb is who is attributed (start/end
                        are the verb's span; ``matched`` is the source text)
``scare_quote``         a :mod:`framelens.features.quotes` hit is a short quotation used to keep the
                        writer's distance, not speech, title or name
``agentless_passive``   a :mod:`framelens.features.passives` hit is a passive without an agent

Sample table columns (:data:`SAMPLE_COLUMNS`)
---------------------------------------------
corpus, doc_id, sentence (0-based, seed-only splitter), sent_start, sent_end, feature, start, end
(character span of the hit in the raw document text), matched (the hit's text, a few words),
judgement (``correct`` / ``incorrect``), note (the reason).

Precision table columns (:func:`precision_table`)
-------------------------------------------------
feature, judged (rows judged), produced (judged hits the extractor still produces), correct (of
those produced), precision (correct / produced), ci_low, ci_high (95% Wilson interval), drift
(judged hits no longer produced, or a source that changed), note ("" or an explanation).
"""
from __future__ import annotations

import logging
import math
import random
from pathlib import Path

import pandas as pd

from framelens.errors import AnalysisError, CorpusError

log = logging.getLogger(__name__)

#: Short corpus names used in the sample -> folder under the shared data root.
CORPORA = {
    "basil": "basil",
    "allsides": "article-bias-prediction-subset",
    "pac": "pac-partisan-events",
    "newswcl50": "newswcl50",
}
JUDGED_FEATURES = ["hedge", "attribution", "attribution_source", "scare_quote", "agentless_passive"]
SAMPLE_COLUMNS = ["corpus", "doc_id", "sentence", "sent_start", "sent_end", "feature", "start", "end",
                  "matched", "judgement", "note"]
PRECISION_COLUMNS = ["feature", "judged", "produced", "correct", "precision", "ci_low", "ci_high", "drift",
                     "note"]
#: The seed :func:`draw_sample` was run with to make the committed (held-out) sample.
SAMPLE_SEED = 20251126
#: The seed of the development sample the extractors were tuned on; its documents are excluded
#: from the committed sample so that the reported precision is measured on unseen text.
DEV_SEED = 20251125


def load_documents(data_root: str | Path, corpus: str, doc_ids=None) -> pd.DataFrame:
    """``doc_id, text`` of one shared corpus (raw text, ``clean=False``), optionally only ``doc_ids``.

    Parameters
    ----------
    data_root : str or Path
        The shared data folder (``../shared/data``).
    corpus : str
        A key of :data:`CORPORA`.
    doc_ids : iterable of str, optional
        Keep only these documents.
    """
    import framelens as fl

    if corpus not in CORPORA:
        raise CorpusError(f"unknown corpus {corpus!r} in the precision sample",
                          fix="use one of: " + ", ".join(CORPORA))
    path = Path(data_root) / CORPORA[corpus]
    docs = fl.load_corpus(path, clean=False).documents[["doc_id", "text"]]
    docs = docs.assign(doc_id=docs["doc_id"].astype(str))
    if doc_ids is not None:
        keep = set(map(str, doc_ids))
        docs = docs[docs["doc_id"].isin(keep)]
    return docs.sort_values("doc_id").reset_index(drop=True)


def candidate_hits(docs: pd.DataFrame, corpus: str = "", *, matcher=None) -> pd.DataFrame:
    """The judgeable hits of ``docs`` (``doc_id, text``), one row per (hit, judged feature).

    Returns a table with :data:`SAMPLE_COLUMNS` minus ``judgement``/``note``, plus ``term`` and
    ``source_entity``. Attribution hits give two rows: ``attribution`` and, when a source was
    found, ``attribution_source`` (``matched`` = the source).
    """
    from framelens.extract import extract_text
    from framelens.features import HIT_COLUMNS
    from framelens.lexicons import load_lexicons
    from framelens.text import default_splitter

    if matcher is None:
        matcher = load_lexicons(None).matcher()
    splitter = default_splitter()
    col = {c: i for i, c in enumerate(HIT_COLUMNS)}
    out = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        rows, _, _ = extract_text(text, doc_id=str(doc_id), matcher=matcher, splitter=splitter)
        for r in rows:
            fam, feat = r[col["family"]], r[col["feature"]]
            base = dict(corpus=corpus, doc_id=str(doc_id), sentence=r[col["sentence"]],
                        sent_start=r[col["sent_start"]], sent_end=r[col["sent_end"]], start=r[col["start"]],
                        end=r[col["end"]], matched=r[col["text"]], term=r[col["term"]],
                        source_entity=r[col["source_entity"]])
            if fam == "hedge":
                out.append({**base, "feature": "hedge"})
            elif fam == "attribution":
                out.append({**base, "feature": "attribution"})
                if base["source_entity"]:
                    out.append({**base, "feature": "attribution_source", "matched": base["source_entity"]})
            elif feat in ("scare_quote", "agentless_passive"):
                out.append({**base, "feature": feat})
    cols = [c for c in SAMPLE_COLUMNS if c not in ("judgement", "note")] + ["term", "source_entity"]
    return pd.DataFrame(out, columns=cols)


def drawn_documents(data_root: str | Path, seed: int, docs_per_corpus: int = 60,
                    exclude_seed: int | None = None) -> dict[str, list[str]]:
    """The documents :func:`draw_sample` draws per corpus with ``seed`` (sorted doc ids).

    With ``exclude_seed``, the documents that seed would draw are removed from the candidates first.
    """
    excluded = drawn_documents(data_root, exclude_seed, docs_per_corpus) if exclude_seed is not None else {}
    rng = random.Random(seed)
    out = {}
    for corpus in CORPORA:
        ids = sorted(set(load_documents(data_root, corpus)["doc_id"]) - set(excluded.get(corpus, ())))
        out[corpus] = sorted(rng.sample(ids, min(docs_per_corpus, len(ids))))
    return out


def draw_sample(data_root: str | Path, *, per_feature: int = 50, docs_per_corpus: int = 60,
                seed: int = SAMPLE_SEED, exclude_seed: int | None = DEV_SEED) -> pd.DataFrame:
    """Draw the hits to judge: ``per_feature`` hits of each judged feature, spread over corpora.

    Deterministic: ``docs_per_corpus`` documents per corpus are drawn with ``random.Random(seed)``
    from the sorted doc ids (minus those the development sample, ``exclude_seed``, drew); their
    hits are pooled per feature and corpus, shuffled with ``random.Random(seed)``, and taken
    round-robin over the corpora (at most one hit per sentence and feature). ``attribution_source``
    rows are those of the drawn ``attribution`` hits that have a source.
    """
    picks = drawn_documents(data_root, seed, docs_per_corpus, exclude_seed)
    rng = random.Random(seed)
    pools = []
    for corpus in CORPORA:
        pools.append(candidate_hits(load_documents(data_root, corpus, picks[corpus]), corpus))
    pool = pd.concat(pools, ignore_index=True)
    chosen = []
    for feat in ("hedge", "attribution", "scare_quote", "agentless_passive"):
        by_corpus = {}
        for corpus in CORPORA:
            p = pool[(pool["feature"] == feat) & (pool["corpus"] == corpus)]
            p = p.drop_duplicates(["doc_id", "sentence"])
            idx = list(p.index)
            rng.shuffle(idx)
            by_corpus[corpus] = idx
        taken = []
        while len(taken) < per_feature and any(by_corpus.values()):
            for corpus in CORPORA:
                if by_corpus[corpus] and len(taken) < per_feature:
                    taken.append(by_corpus[corpus].pop())
        chosen.extend(taken)
        if feat == "attribution":
            verbs = pool.loc[taken]
            src = pool[(pool["feature"] == "attribution_source")]
            key = set(zip(verbs["doc_id"], verbs["start"]))
            chosen.extend(i for i, d, s in zip(src.index, src["doc_id"], src["start"]) if (d, s) in key)
    sample = pool.loc[chosen].copy()
    sample["judgement"] = ""
    sample["note"] = ""
    order = {f: i for i, f in enumerate(JUDGED_FEATURES)}
    sample = sample.sort_values(["feature", "corpus", "doc_id", "start"], key=lambda s: s.map(order)
                                if s.name == "feature" else s)
    return sample[SAMPLE_COLUMNS].reset_index(drop=True)


def load_judgements(path: str | Path) -> pd.DataFrame:
    """Read and check a judged sample (columns :data:`SAMPLE_COLUMNS`)."""
    path = Path(path)
    df = pd.read_csv(path, dtype={"doc_id": str, "matched": str, "note": str}, keep_default_na=False)
    missing = [c for c in SAMPLE_COLUMNS if c not in df.columns]
    if missing:
        raise AnalysisError(f"missing columns {missing}", where=str(path),
                            fix="the sample needs columns " + ", ".join(SAMPLE_COLUMNS))
    for i, row in df.iterrows():
        if row["judgement"] not in ("correct", "incorrect"):
            raise AnalysisError(f"judgement must be 'correct' or 'incorrect', got {row['judgement']!r}",
                                where=f"{path}:{i + 2}", fix="judge the row")
        if row["feature"] not in JUDGED_FEATURES:
            raise AnalysisError(f"unknown feature {row['feature']!r}", where=f"{path}:{i + 2}",
                                fix="use one of: " + ", ".join(JUDGED_FEATURES))
        if row["corpus"] not in CORPORA:
            raise AnalysisError(f"unknown corpus {row['corpus']!r}", where=f"{path}:{i + 2}",
                                fix="use one of: " + ", ".join(CORPORA))
    return df[SAMPLE_COLUMNS].copy()


def recompute(judgements: pd.DataFrame, data_root: str | Path) -> pd.DataFrame:
    """The judged sample with what the extractors produce now.

    Adds ``produced`` (bool: the same feature at the same span is still a hit; for
    ``attribution_source``, the verb still has the same source) and ``now_matched`` (the current
    text, or source, at that span; "" when not produced).
    """
    current = []
    for corpus, grp in judgements.groupby("corpus", sort=True):
        docs = load_documents(data_root, corpus, grp["doc_id"].unique())
        lost = set(grp["doc_id"]) - set(docs["doc_id"])
        if lost:
            log.warning("%d judged documents of %s not found: %s", len(lost), corpus, sorted(lost)[:5])
        current.append(candidate_hits(docs, corpus))
    now = pd.concat(current, ignore_index=True) if current else pd.DataFrame(
        columns=["corpus", "doc_id", "feature", "start", "end", "matched"])
    key = ["corpus", "doc_id", "feature", "start", "end"]
    now = now.drop_duplicates(key)[key + ["matched"]].rename(columns={"matched": "now_matched"})
    out = judgements.merge(now, on=key, how="left")
    out["now_matched"] = out["now_matched"].fillna("")
    out["produced"] = out["now_matched"] != ""
    src = out["feature"] == "attribution_source"
    out.loc[src, "produced"] = out.loc[src, "now_matched"] == out.loc[src, "matched"]
    return out


def wilson_interval(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for a proportion ``k / n`` (``(nan, nan)`` when n == 0)."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def precision_table(checked: pd.DataFrame) -> pd.DataFrame:
    """Precision per judged feature (columns :data:`PRECISION_COLUMNS`) from :func:`recompute`'s table."""
    rows = []
    for feat in JUDGED_FEATURES:
        g = checked[checked["feature"] == feat]
        prod = g[g["produced"]]
        n, k = len(prod), int((prod["judgement"] == "correct").sum())
        lo, hi = wilson_interval(k, n)
        drift = len(g) - n
        note = ""
        if len(g) == 0:
            note = "no judged hits"
        elif n == 0:
            note = "no judged hit is produced any more: re-judge"
        elif drift:
            note = f"{drift} judged hits no longer produced (drift): precision over the {n} still produced"
        rows.append(dict(feature=feat, judged=len(g), produced=n, correct=k,
                         precision=(k / n) if n else math.nan, ci_low=lo, ci_high=hi, drift=drift, note=note))
    return pd.DataFrame(rows, columns=PRECISION_COLUMNS)


def evaluate(sample_path: str | Path, data_root: str | Path) -> pd.DataFrame:
    """Load the judged sample, recompute the hits and return the precision table."""
    return precision_table(recompute(load_judgements(sample_path), data_root))
