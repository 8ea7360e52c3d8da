"""Part-of-speech tags (Penn Treebank) for framelens, offline, from a model that ships with the package.

An averaged-perceptron tagger trained on the Universal Dependencies English Web Treebank (EWT);
the model file (``pos_model.json.gz``, JSON, never pickle) is a work derived from EWT's
annotations and carries their licence, CC BY-SA 4.0 (``NOTICE.md`` in this folder), apart from the
code's MIT licence. See ``docs/tagger.md`` for accuracy, speed and limits.

Public API::

    from framelens.tagger import tokenize, tag_span, default_tagger, PosTagger
    tokenize(text, start, end)     # [(start, end, word)], EWT-style tokens with offsets into text
    tag_span(text, start, end)     # [(start, end, word, tag)]: the tokens of a window, tagged
    default_tagger().tag(words)    # ["PRP", "VBP", ...]: the shipped model, loaded once per process

Nothing here loads the model at import time: the first call to :func:`default_tagger` (or
:func:`tag_span`) does, once per process. ``python -m framelens.tagger --help`` trains, evaluates
and tags from the command line.
"""
from __future__ import annotations

import re
import threading

from framelens.tagger.errors import TaggerError
from framelens.tagger.perceptron import PosTagger, shipped_model_path
from framelens.tagger.tokens import SPACES, ewt_form, tokenize

__all__ = ["tokenize", "tag_span", "default_tagger", "PosTagger", "TaggerError", "ewt_form",
           "shipped_model_path", "LEFT_CONTEXT_TOKENS", "RIGHT_CONTEXT_TOKENS"]

#: Tokens before and after a window that :func:`tag_span` tags with it, so that the words at the
#: window's edges are tagged in context (the left context stops at the start of the sentence).
LEFT_CONTEXT_TOKENS = 3
RIGHT_CONTEXT_TOKENS = 2
# Characters looked at to find those context tokens (more than enough for 3 tokens of news text).
_LEFT_CHARS = 80
_RIGHT_CHARS = 60
_SENTENCE_END = frozenset(".!?")
# The last LEFT_CONTEXT_TOKENS runs of non-space characters of a reversed look-back, and the first
# RIGHT_CONTEXT_TOKENS runs of a look-ahead: the runs that can give the context tokens.
_LAST_RUNS = re.compile(rf"[{SPACES}]*[^{SPACES}]+(?:[{SPACES}]+[^{SPACES}]+){{0,{LEFT_CONTEXT_TOKENS - 1}}}")
_FIRST_RUNS = re.compile(rf"[{SPACES}]*[^{SPACES}]+(?:[{SPACES}]+[^{SPACES}]+){{0,{RIGHT_CONTEXT_TOKENS - 1}}}")

_default: PosTagger | None = None
_lock = threading.Lock()


def default_tagger() -> PosTagger:
    """The shipped model, loaded on first use and cached for the rest of the process.

    Returns
    -------
    PosTagger

    Raises
    ------
    TaggerError
        When the shipped model file is missing or unreadable (a broken install).
    """
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = PosTagger.load_default()
    return _default


def tag_span(text: str, start: int = 0, end: int | None = None, *, tagger: PosTagger | None = None,
             context: bool = True) -> list[tuple[int, int, str, str]]:
    """The tokens of the window ``text[start:end]`` with their Penn Treebank tags.

    Parameters
    ----------
    text : str
        The whole text (document or sentence); offsets refer to it.
    start, end : int, optional
        The window (slice semantics). The tokens returned are exactly ``tokenize(text, start, end)``.
    tagger : PosTagger, optional
        The model; :func:`default_tagger` when None.
    context : bool, default True
        Tag the window together with up to :data:`LEFT_CONTEXT_TOKENS` tokens before it (not
        across a sentence end or a line break) and :data:`RIGHT_CONTEXT_TOKENS` after it, so that
        its first and last words are tagged as in their sentence. The context tokens are not returned.

    Returns
    -------
    list of (int, int, str, str)
        ``(start, end, word, tag)`` per token, ``word == text[start:end]``.

    Examples
    --------
    >>> text = "Critics claim the claim is false."
    >>> [(w, t) for _, _, w, t in tag_span(text, 8, 23)]
    [('claim', 'VBP'), ('the', 'DT'), ('claim', 'NN')]
    """
    tokens = tokenize(text, start, end)
    if not tokens:
        return []
    lo, hi = tokens[0][0], tokens[-1][1]
    left: list[tuple[int, int, str]] = []
    right: list[tuple[int, int, str]] = []
    if context:
        left = _left_context(text, lo)
        right = _right_context(text, hi)
    words = [w for _, _, w in left] + [w for _, _, w in tokens] + [w for _, _, w in right]
    # the right context is only seen (as the next words of the window's last ones), never tagged
    tags = (tagger or default_tagger()).tag(words, upto=len(left) + len(tokens))[len(left):]
    return [(s, e, w, t) for (s, e, w), t in zip(tokens, tags)]


def _left_context(text: str, lo: int) -> list[tuple[int, int, str]]:
    """Up to :data:`LEFT_CONTEXT_TOKENS` whole tokens before ``lo``, after the last sentence end or
    line break, and within :data:`_LEFT_CHARS` characters.

    Only the last runs of non-space characters before ``lo`` are cut (each run gives a token at
    least, and how a run is cut does not depend on the runs before it): one match of
    :data:`_LAST_RUNS` on the reversed look-back finds where they start.
    """
    begin = max(0, lo - _LEFT_CHARS)
    line = text.rfind("\n", begin, lo)
    if line >= 0:
        begin = line + 1
    runs = _LAST_RUNS.match(text[begin:lo][::-1])
    if runs is None:
        return []
    first = lo - runs.end()
    before = tokenize(text, first, lo)
    if first == begin and line < 0 and begin > 0 and not text[begin - 1].isspace():
        before = before[1:]  # the tail of a word cut by the look-back limit
    for k in range(len(before) - 1, -1, -1):
        if before[k][2] in _SENTENCE_END:
            before = before[k + 1:]
            break
    return before[-LEFT_CONTEXT_TOKENS:]


def _right_context(text: str, hi: int) -> list[tuple[int, int, str]]:
    """Up to :data:`RIGHT_CONTEXT_TOKENS` whole tokens after ``hi``, before a line break and within
    :data:`_RIGHT_CHARS` characters, up to and including a sentence end.

    Only the first :data:`RIGHT_CONTEXT_TOKENS` runs of non-space characters after ``hi`` are cut
    (:data:`_FIRST_RUNS`; each gives a token at least). A word cut by the look-ahead limit is
    dropped, and it can only be among them when they reach the limit.
    """
    stop = min(len(text), hi + _RIGHT_CHARS)
    line = text.find("\n", hi, stop)
    if line >= 0:
        stop = line
    runs = _FIRST_RUNS.match(text, hi, stop)
    if runs is None:
        return []
    after = tokenize(text, hi, runs.end())
    if runs.end() == stop < len(text) and not text[stop].isspace():
        after.pop()  # the head of a word cut by the look-ahead limit
    after = after[:RIGHT_CONTEXT_TOKENS]
    for k, token in enumerate(after):
        if token[2] in _SENTENCE_END:
            return after[:k + 1]
    return after
