"""The words of a corpus as integer ids, made once per corpus and shared.

The log-odds of the comparison, the Fightin' Words charts of the report and the explorer's term
counts all count the :data:`framelens.text.WORD_RE` tokens of the texts folded by
``fold_typography``. :func:`token_ids` tokenises a list of texts and keeps the result for the last
list it saw (keyed by a digest of the texts, not by the list object), so a job that asks three times
for the same corpus tokenises it once. The arrays returned are read-only: callers share them. What
is kept is about 4 bytes per token and the distinct words (AllSides subset: 2.5 million tokens,
about 10 MB), until other texts are tokenised.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framelens.compare.logodds import fold_typography
from framelens.text import WORD_RE

log = logging.getLogger(__name__)

_last: dict = {}  # at most one entry: digest of the texts -> (ids, lens, words)


class TextSequence(Sequence):
    """The texts of a text column as str, ``""`` for a missing one (what
    ``column.fillna("").astype(str).tolist()`` gives), made a block at a time as they are read: all
    of a corpus's texts are never Python strings at once (at 10x the AllSides subset, 180 MB).

    Parameters
    ----------
    column : pandas.Series
        A text column (``corpus.documents["text"]``).
    positions : array of int, optional
        The rows of ``column`` to read, in this order (default: every row); the column is not copied.
    block : int, default 4096
        Texts made at a time.
    """

    def __init__(self, column, positions=None, block: int = 4096):
        self._column = column
        self._positions = None if positions is None else np.asarray(positions, dtype=np.int64)
        self._block = int(block)

    def __len__(self) -> int:
        return len(self._column) if self._positions is None else len(self._positions)

    def _texts(self, at) -> list[str]:
        part = self._column.iloc[at if self._positions is None else self._positions[at]]
        return part.fillna("").astype(str).tolist()

    def __iter__(self):
        for lo in range(0, len(self), self._block):
            yield from self._texts(slice(lo, lo + self._block))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._texts(i)
        if not -len(self) <= i < len(self):
            raise IndexError(f"text {i} of {len(self)}")
        value = self._column.iloc[int(i if self._positions is None else self._positions[i])]
        return "" if pd.isna(value) else str(value)  # as fillna("").astype(str) makes it


def texts_digest(texts) -> str:
    """A digest of a sequence of texts (their order and contents)."""
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        b = t.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def token_ids(texts, chunk_tokens: int = 500_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every token of ``texts`` as a word id, the tokens per text, and the word of each id.

    Ids are given in order of first appearance. Tokens are held as strings a chunk of texts at a
    time (about ``chunk_tokens``), so memory holds the corpus's ids and distinct words, not all its
    token strings at once. The result for the last texts seen is kept and returned again.
    """
    if not isinstance(texts, Sequence):  # read twice (the digest, the tokens): a generator is listed first
        texts = list(texts)
    key = texts_digest(texts)
    if key in _last:
        log.debug("tokens of %d texts: reused", len(texts))
        return _last[key]
    result = _tokenise(texts, chunk_tokens)
    for a in result:
        a.setflags(write=False)
    _last.clear()
    _last[key] = result
    return result


def _tokenise(texts, chunk_tokens: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    find = WORD_RE.findall
    vocab: dict[str, int] = {}
    lens = np.zeros(len(texts), dtype=np.int64)
    ids_of: list[np.ndarray] = []
    chunk: list[str] = []

    def flush():
        local, uniques = pd.factorize(pd.Series(chunk, dtype=object), sort=False)
        glob = np.fromiter((vocab.setdefault(w, len(vocab)) for w in uniques), dtype=np.int64, count=len(uniques))
        ids_of.append(glob[local].astype(np.int32 if len(vocab) < 2 ** 31 else np.int64))
        chunk.clear()

    for i, text in enumerate(texts):
        toks = find(fold_typography(text))
        lens[i] = len(toks)
        chunk.extend(toks)
        if len(chunk) >= chunk_tokens:
            flush()
    if chunk:
        flush()
    ids = np.concatenate(ids_of) if ids_of else np.array([], dtype=np.int32)
    return ids, lens, np.array(list(vocab), dtype=object)


def tokens_of_rows(texts, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of the texts at ``rows`` (a boolean mask over ``texts``), cut from
    :func:`token_ids` of all of ``texts`` (kept: a corpus tokenised for the comparison is not
    tokenised again for a part of it). What ``token_ids`` of those texts alone gives: ids
    renumbered in order of first appearance among them, and their words only.
    """
    ids, lens, words = token_ids(texts)
    rows = np.asarray(rows, dtype=bool)
    local, uniques = pd.factorize(ids[np.repeat(rows, lens)], sort=False)
    part = local.astype(ids.dtype if len(uniques) < 2 ** 31 else np.int64)
    part_lens, words = lens[rows], words[uniques]
    for a in (part, part_lens, words):
        a.setflags(write=False)
    return part, part_lens, words
