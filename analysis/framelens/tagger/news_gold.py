"""Accuracy of the tagger on news: windows around ambiguous cue words, hand-tagged, re-read and scored.

EWT is web text, not news; what matters to framelens is whether the tagger gets the decisions
that its cues hinge on right in news text: the verb or the noun (*claim*, *report*, *say*,
*warning*, *tweet*, *vow*), an adverb or adjective after *really* and *truly*, a past participle,
past tense or adjective after *be* or before *by*, the modal *could*, evidentials (*suggest*,
*indicate*), and the words inside short quotations.

The gold file (``tests/data/tagger_news_gold.csv``, :data:`GOLD_COLUMNS`) holds one row per
window token: ids, character spans, the Penn Treebank tag (empty for a token that was not
hand-tagged), the cue category on the cue token, and the first ten hex digits of the SHA-1 of the
token's text (to detect a text that has changed), never the text itself. The windows were drawn by :func:`draw_windows` from the shared news corpora, loaded with
``framelens.load_corpus(path)`` (default cleaning), and tagged by hand before the tagger was run on
them (see ``tests/data/README.md``). :func:`score_gold` re-reads the texts and tags every window
twice: as the extractors will (:func:`framelens.tagger.tag_span` on the window, with its default
context) and with the whole sentence around it.

Score table columns (:data:`SCORE_COLUMNS`)
-------------------------------------------
corpus, doc_id, window, start, end, cue (the cue category on the cue token, else ""), gold,
window_tag (tag given by ``tag_span`` on the window), sentence_tag (tag given in the sentence),
found (the token exists, with that span, in the tagger's tokens and its text has the recorded hash),
full_window (every token of the window was hand-tagged). Only hand-tagged tokens are scored.
"""
from __future__ import annotations

import hashlib
import logging
import random
import re
from pathlib import Path

import pandas as pd

from framelens.tagger.errors import TaggerError
from framelens.tagger.tokens import tokenize

log = logging.getLogger(__name__)

#: The shared news corpora drawn from (folder names under the shared data root).
CORPORA = ("article-bias-prediction-subset", "babe-mbic", "basil", "newswcl50", "pac-partisan-events")

#: Cue categories -> pattern; group ``cue`` is the cue token. Case-insensitive.
CUE_PATTERNS = {
    "claim": r"\b(?P<cue>claim(?:s|ed|ing)?)\b",
    "report": r"\b(?P<cue>report(?:s|ed|ing)?)\b",
    "say": r"\b(?P<cue>says?|said)\b",
    "warning": r"\b(?P<cue>warn(?:ing|ings))\b",
    "tweet": r"\b(?P<cue>tweet(?:s|ed|ing)?)\b",
    "vow": r"\b(?P<cue>vow(?:s|ed|ing)?)\b",
    "really": r"\b(?P<cue>really)\b",
    "truly": r"\b(?P<cue>truly)\b",
    "suggest": r"\b(?P<cue>suggest(?:s|ed|ing)?)\b",
    "indicate": r"\b(?P<cue>indicat(?:e|es|ed|ing))\b",
    "could": r"\b(?P<cue>could)\b",
    "be_participle": r"\b(?:was|were|is|are|been|be|being)\s+(?P<cue>[a-z]+(?:ed|en))\b",
    "by_phrase": r"\b(?P<cue>[a-z]+(?:ed|en))\s+by\b",
    "quotation": r"[“\"](?P<cue>[A-Za-z][^”\"\n]{1,30}?)[”\"]",
}
#: Columns of the gold file.
GOLD_COLUMNS = ["corpus", "doc_id", "window", "start", "end", "tag", "cue", "token_sha1"]
SCORE_COLUMNS = ["corpus", "doc_id", "window", "start", "end", "cue", "gold", "window_tag", "sentence_tag",
                 "found", "full_window"]
#: Seed of the committed draw (:func:`draw_windows`).
DRAW_SEED = 20251201
_WINDOW_LEFT, _WINDOW_RIGHT = 5, 5  # tokens either side of the cue in a drawn window


def token_sha1(word: str) -> str:
    """First 10 hex digits of the SHA-1 of a token's text (UTF-8)."""
    return hashlib.sha1(word.encode("utf-8")).hexdigest()[:10]


def load_texts(data_root: str | Path, corpus: str) -> dict[str, str]:
    """``doc_id -> text`` of one shared corpus, loaded with ``framelens.load_corpus`` (default cleaning).

    Raises
    ------
    TaggerError
        When the corpus folder is missing.
    """
    from framelens import load_corpus

    path = Path(data_root) / corpus
    if not path.exists():
        raise TaggerError("shared corpus not found", where=str(path),
                          fix="pass --data pointing to the shared data folder (../shared/data)")
    docs = load_corpus(path).documents
    return dict(zip(docs["doc_id"].astype(str), docs["text"]))


def draw_windows(data_root: str | Path, *, seed: int = DRAW_SEED, per_category: int = 2,
                 exclude: pd.DataFrame | None = None, first_window: int = 0) -> pd.DataFrame:
    """Draw windows of about 11 tokens around cue words from the shared news corpora.

    Every category of :data:`CUE_PATTERNS` gets ``per_category`` windows; the slots go round-robin
    over :data:`CORPORA` (a corpus without a match passes its slot to the next). Within a corpus,
    documents are visited in a seeded random order and one match is drawn from the first document
    that has one (at most one window per document). A window is the cue token with up to five
    tokens either side, within its line and sentence (a quotation window spans the quotation).

    Parameters
    ----------
    data_root : str or Path
        The shared data folder.
    seed : int, default :data:`DRAW_SEED`
    per_category : int, default 2
    exclude : DataFrame, optional
        A table with ``corpus`` and ``doc_id`` columns (e.g. an earlier gold file): its documents
        are not drawn again.
    first_window : int, default 0
        Number of the first window drawn (to append to an earlier draw).

    Returns
    -------
    DataFrame
        One row per token: ``corpus, doc_id, window, start, end, word, cue`` (``word`` is article
        text: the result is a worksheet for hand-tagging, never to be committed).
    """
    texts = {c: load_texts(data_root, c) for c in CORPORA}
    orders = {}
    for c in CORPORA:
        ids = sorted(texts[c])
        random.Random(f"{seed}:{c}").shuffle(ids)
        orders[c] = ids
    used: set[tuple[str, str]] = set()
    if exclude is not None:
        used |= set(zip(exclude["corpus"], exclude["doc_id"].astype(str)))
    rows = []
    slot, window = 0, first_window
    for category, pattern in CUE_PATTERNS.items():
        regex = re.compile(pattern, re.IGNORECASE if category not in ("be_participle", "by_phrase", "quotation")
                           else 0)
        for _ in range(per_category):
            for attempt in range(len(CORPORA)):
                corpus = CORPORA[(slot + attempt) % len(CORPORA)]
                found = _draw_one(texts[corpus], orders[corpus], regex, category == "quotation", used, corpus,
                                  random.Random(f"{seed}:{category}:{slot}"))
                if found:
                    doc_id, tokens, cue_index = found
                    used.add((corpus, doc_id))
                    for k, (s, e, w) in enumerate(tokens):
                        rows.append((corpus, doc_id, window, s, e, w, category if k == cue_index else ""))
                    window += 1
                    break
            slot += 1
    return pd.DataFrame(rows, columns=["corpus", "doc_id", "window", "start", "end", "word", "cue"])


def _draw_one(texts: dict[str, str], order: list[str], regex: re.Pattern, quotation: bool, used: set,
              corpus: str, rng: random.Random):
    for doc_id in order:
        if (corpus, doc_id) in used:
            continue
        text = texts[doc_id]
        matches = list(regex.finditer(text))
        if not matches:
            continue
        m = rng.choice(matches)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        tokens = tokenize(text, line_start, line_end)
        cue_start = m.start("cue")
        idx = next((k for k, t in enumerate(tokens) if t[0] == cue_start), None)
        if idx is None:
            continue
        last = idx
        lo = idx
        if quotation:  # the window spans the quotation, marks included
            last = next((k for k, t in enumerate(tokens) if t[0] >= m.end("cue")), len(tokens) - 1)
            lo = max(0, idx - 1)
        # Stay within the sentence: stop at sentence-final punctuation on either side.
        left = max(0, lo - _WINDOW_LEFT)
        for k in range(lo - 1, left - 1, -1):
            if tokens[k][2] in (".", "!", "?"):
                left = k + 1
                break
        right = min(len(tokens), last + 1 + _WINDOW_RIGHT)
        for k in range(last + 1, right):
            if tokens[k][2] in (".", "!", "?"):
                right = k + 1
                break
        return doc_id, tokens[left:right], idx - left
    return None


def read_gold(path: str | Path) -> pd.DataFrame:
    """Read and check a gold file (:data:`GOLD_COLUMNS`).

    A row with an empty ``tag`` is a window token that was not hand-tagged: it gives the window's
    extent and is not scored. Every cue token has a tag.

    Raises
    ------
    TaggerError
        When the file is missing, lacks columns, or has a bad span or an untagged cue token (the
        message gives the line).
    """
    path = Path(path)
    if not path.is_file():
        raise TaggerError("no such gold file", where=str(path),
                          fix="pass --gold tests/data/tagger_news_gold.csv (from the repository root)")
    gold = pd.read_csv(path, dtype={"doc_id": str, "cue": str, "tag": str, "token_sha1": str},
                       keep_default_na=False)
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise TaggerError(f"missing columns {missing}", where=str(path), fix="columns: " + ", ".join(GOLD_COLUMNS))
    for k, row in enumerate(gold.itertuples(index=False), start=2):
        if not (0 <= int(row.start) < int(row.end)):
            raise TaggerError("bad span", where=f"{path}:{k}", fix="give 0 <= start < end")
        if row.cue and not row.tag:
            raise TaggerError("a cue token without a tag", where=f"{path}:{k}", fix="every cue token is hand-tagged")
    return gold


def score_gold(gold: pd.DataFrame, data_root: str | Path, tagger=None) -> pd.DataFrame:
    """Tag the gold windows, re-read from the shared corpora, and compare (:data:`SCORE_COLUMNS`).

    Parameters
    ----------
    gold : DataFrame
        From :func:`read_gold`.
    data_root : str or Path
        The shared data folder.
    tagger : PosTagger, optional
        Defaults to the shipped model.

    Returns
    -------
    DataFrame
        One row per gold token. A token whose span is not one of the tagger's tokens, or whose text
        no longer has the recorded hash, has ``found`` False and counts as wrong.
    """
    from framelens.tagger import default_tagger, tag_span
    from framelens.text import default_splitter

    tagger = tagger or default_tagger()
    splitter = default_splitter()
    out = []
    for corpus, part in gold.groupby("corpus", sort=True):
        texts = load_texts(data_root, corpus)
        for (doc_id, window), rows in part.groupby(["doc_id", "window"], sort=True):
            text = texts.get(doc_id)
            if text is None:
                log.warning("%s: document %s is gone; its %d gold tokens count as wrong", corpus, doc_id, len(rows))
                by_window, by_sentence = {}, {}
            else:
                lo, hi = int(rows["start"].min()), int(rows["end"].max())
                by_window = {(s, e): (w, t) for s, e, w, t in tag_span(text, lo, hi, tagger=tagger)}
                sent = next(((s, e) for s, e in splitter.spans(text) if s <= lo < e), (lo, hi))
                s_lo, s_hi = min(sent[0], lo), max(sent[1], hi)
                by_sentence = {(s, e): (w, t) for s, e, w, t in tag_span(text, s_lo, s_hi, tagger=tagger)}
            full = bool((rows["tag"] != "").all())
            for row in rows.itertuples(index=False):
                if not row.tag:
                    continue
                span = (int(row.start), int(row.end))
                w_word, w_tag = by_window.get(span, ("", ""))
                _, s_tag = by_sentence.get(span, ("", ""))
                found = bool(w_word) and token_sha1(w_word) == row.token_sha1
                out.append((corpus, doc_id, int(window), span[0], span[1], row.cue, row.tag,
                            w_tag if found else "", s_tag if found else "", found, full))
    return pd.DataFrame(out, columns=SCORE_COLUMNS)


def summarize_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Accuracy per subset, in window and sentence mode.

    Subsets: ``all tokens`` (every token of the fully hand-tagged windows), ``verbs`` (those whose
    gold tag is a verb, VB*), ``cue tokens`` (the cue token of every window), and ``cue: NAME``
    per cue category.

    Returns
    -------
    DataFrame
        ``subset, tokens, window_correct, window_accuracy, sentence_correct, sentence_accuracy, not_found``.
    """
    def row(name, part):
        wc = int((part["window_tag"] == part["gold"]).sum())
        sc = int((part["sentence_tag"] == part["gold"]).sum())
        n = len(part)
        return (name, n, wc, wc / n if n else float("nan"), sc, sc / n if n else float("nan"),
                int((~part["found"]).sum()))

    full = scores[scores["full_window"]]
    rows = [row("all tokens", full), row("verbs", full[full["gold"].str.startswith("VB")]),
            row("cue tokens", scores[scores["cue"] != ""])]
    for cue in CUE_PATTERNS:
        part = scores[scores["cue"] == cue]
        if len(part):
            rows.append(row(f"cue: {cue}", part))
    return pd.DataFrame(rows, columns=["subset", "tokens", "window_correct", "window_accuracy",
                                       "sentence_correct", "sentence_accuracy", "not_found"])
