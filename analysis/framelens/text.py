"""Sentences and words, offline.

Sentences: paragraphs are split on line breaks, then NLTK's Punkt splits each paragraph. Punkt is
trained on the corpus being analysed (no downloaded model), seeded with the abbreviation list in
``framelens/data/abbreviations.txt``.

Words: one definition serves every count and every rate in framelens. A *word* is a maximal run of
letters or digits (any script, diacritics included), with internal hyphens or apostrophes joining
runs: ``Nagorno-Karabakh``, ``Azerbaijan's``, ``Xankəndi``, ``19th-century`` are one word each;
punctuation and numbers' separators (``30,000`` is two words) are not words. See :data:`WORD_RE`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

#: The definition of a word (see module docstring).
WORD_RE = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
_PARA_RE = re.compile(r"[^\n]+")


def count_words(text: str) -> int:
    """Number of words in ``text`` by :data:`WORD_RE`."""
    if not text:
        return 0
    return sum(1 for _ in WORD_RE.finditer(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of every word in ``text``."""
    return [m.span() for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=1)
def seed_abbreviations() -> frozenset[str]:
    raw = resources.files("framelens.data").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in raw.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


class SentenceSplitter:
    """Punkt sentence splitter trained on the corpus at hand, seeded with shipped abbreviations.

    Parameters
    ----------
    max_train_chars : int, default 2_000_000
        At most this many characters of the corpus are used for training (a deterministic prefix
        sample: the first documents in order), which bounds training time on big corpora.

    Attributes
    ----------
    tokenizer_ : PunktSentenceTokenizer
    abbreviations_ : frozenset of str
        Seeded plus learned abbreviations.
    """

    def __init__(self, max_train_chars: int = 2_000_000):
        self.max_train_chars = max_train_chars

    def fit(self, texts: Iterable[str]) -> "SentenceSplitter":
        trainer = PunktTrainer()
        trainer.INCLUDE_ALL_COLLOCS = False
        budget = self.max_train_chars
        chunk: list[str] = []
        for t in texts:
            if budget <= 0:
                break
            t = t[:budget]
            chunk.append(t)
            budget -= len(t)
        if chunk:
            trainer.train("\n\n".join(chunk), finalize=False)
        trainer.finalize_training()
        params: PunktParameters = trainer.get_params()
        params.abbrev_types = set(params.abbrev_types) | set(seed_abbreviations())
        self.tokenizer_ = PunktSentenceTokenizer(params)
        self.abbreviations_ = frozenset(params.abbrev_types)
        return self

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans of ``text``: every line is split by Punkt; blank lines are dropped."""
        tok = getattr(self, "tokenizer_", None)
        if tok is None:
            self.fit([text])
            tok = self.tokenizer_
        out: list[tuple[int, int]] = []
        for para in _PARA_RE.finditer(text):
            p0 = para.start()
            segment = para.group()
            if not segment.strip():
                continue
            for s, e in tok.span_tokenize(segment):
                out.append((p0 + s, p0 + e))
        return out


@lru_cache(maxsize=1)
def default_splitter() -> SentenceSplitter:
    """A splitter with only the seed abbreviations (for single texts, when no corpus is at hand)."""
    return SentenceSplitter().fit([])


def sentence_spans(text: str, splitter: SentenceSplitter | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (with ``splitter``, or the seed-only default)."""
    return (splitter or default_splitter()).spans(text)
