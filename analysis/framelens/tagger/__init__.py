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
from bisect import bisect_left

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
# RIGHT_CONTEXT_TOKENS runs of a look-ahead: the runs that can give the context tokens (group 1: the
# spaces next to the window, none when a run crosses its edge).
_LAST_RUNS = re.compile(rf"([{SPACES}]*)[^{SPACES}]+(?:[{SPACES}]+[^{SPACES}]+){{0,{LEFT_CONTEXT_TOKENS - 1}}}")
_FIRST_RUNS = re.compile(rf"([{SPACES}]*)[^{SPACES}]+(?:[{SPACES}]+[^{SPACES}]+){{0,{RIGHT_CONTEXT_TOKENS - 1}}}")
_SPACE_RUN = re.compile(rf"[{SPACES}]*")

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
    if not context:
        tokens = tokenize(text, start, end)
        if not tokens:
            return []
        tags = (tagger or default_tagger()).tag([w for _, _, w in tokens])
        return [(s, e, w, t) for (s, e, w), t in zip(tokens, tags)]
    toks, a, i, j, b = _tokens_in_context(text, start, end)
    if i == j:
        return []
    # the right context toks[j:b] is only seen (as the next words of the window's last ones), never tagged
    tags = (tagger or default_tagger()).tag([w for _, _, w in toks[a:b]], upto=j - a)
    return [(s, e, w, t) for (s, e, w), t in zip(toks[i:j], tags[i - a:])]


def _tokens_in_context(text: str, start: int, end: int | None) -> tuple[list[tuple[int, int, str]], int, int, int, int]:
    """The tokens of the window ``text[start:end]`` with its context: ``(toks, a, i, j, b)`` where
    ``toks[i:j]`` is ``tokenize(text, start, end)``, ``toks[a:i]`` is :func:`_left_context` of its
    first token's start and ``toks[j:b]`` is :func:`_right_context` of its last token's end
    (``i == j`` when the window has no token).

    One :func:`tokenize` of the look-back, the window and the look-ahead together gives the same
    tokens as the three apart when no run of non-space characters crosses the window's edges (a
    space on the outer side of each edge, or no context there): tokens never cross a space and a
    run is cut on its own. Otherwise (a window that starts or ends inside a run: ``“safe”`` seen
    from ``safe``) the three parts are cut apart, as the window's edge cuts that run.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() needs a str, got {type(text).__name__}")
    lo, hi, _ = slice(start, end).indices(len(text))
    if lo >= hi:
        return [], 0, 0, 0, 0
    lo = _SPACE_RUN.match(text, lo, hi).end()  # the first and last visible characters of the window
    if lo == hi:
        return [], 0, 0, 0, 0
    hi -= _SPACE_RUN.match(text[lo:hi][::-1]).end()
    first, left_cut, left_gap = _look_back(text, lo)
    last, right_cut, right_gap = _look_ahead(text, hi)
    if left_gap and right_gap:
        toks = tokenize(text, first, last)
        i = bisect_left(toks, (lo,))
        j = bisect_left(toks, (hi,), i)
    else:
        toks = tokenize(text, first, lo)
        i = len(toks)
        toks += tokenize(text, lo, hi)
        j = len(toks)
        toks += tokenize(text, hi, last)
    return toks, _context_start(toks, i, left_cut), i, j, _context_end(toks, j, right_cut)


def _look_back(text: str, lo: int) -> tuple[int, bool, bool]:
    """Where the tokens that can be the left context of a window starting at ``lo`` start:
    ``(first, cut, gap)``.

    ``text[first:lo]`` holds the last :data:`LEFT_CONTEXT_TOKENS` runs of non-space characters
    before ``lo``, after the last line break and within :data:`_LEFT_CHARS` characters (each run
    gives a token at least, and how a run is cut does not depend on the runs before it): one match
    of :data:`_LAST_RUNS` on the reversed look-back finds where they start (``first == lo``: none).
    ``cut``: the first of them is the tail of a word cut by the look-back limit. ``gap``: no run
    crosses ``lo`` (a space before it, or no run).
    """
    begin = max(0, lo - _LEFT_CHARS)
    line = text.rfind("\n", begin, lo)
    if line >= 0:
        begin = line + 1
    runs = _LAST_RUNS.match(text[begin:lo][::-1])
    if runs is None:
        return lo, False, True
    first = lo - runs.end()
    cut = first == begin and line < 0 and begin > 0 and not text[begin - 1].isspace()
    return first, cut, runs.end(1) > 0


def _look_ahead(text: str, hi: int) -> tuple[int, bool, bool]:
    """Where the tokens that can be the right context of a window ending at ``hi`` end:
    ``(last, cut, gap)``.

    ``text[hi:last]`` holds the first :data:`RIGHT_CONTEXT_TOKENS` runs of non-space characters
    after ``hi`` (:data:`_FIRST_RUNS`; each gives a token at least), before a line break and within
    :data:`_RIGHT_CHARS` characters (``last == hi``: none). ``cut``: the last of them is the head of
    a word cut by the look-ahead limit (it can only be among them when they reach the limit).
    ``gap``: no run crosses ``hi`` (a space after it, or no run).
    """
    stop = min(len(text), hi + _RIGHT_CHARS)
    line = text.find("\n", hi, stop)
    if line >= 0:
        stop = line
    runs = _FIRST_RUNS.match(text, hi, stop)
    if runs is None:
        return hi, False, True
    last = runs.end()
    return last, last == stop < len(text) and not text[stop].isspace(), runs.end(1) > hi


def _context_start(toks: list[tuple[int, int, str]], i: int, cut: bool) -> int:
    """Where the left context starts in ``toks[:i]``, the tokens of a look-back (:func:`_look_back`):
    without a word cut by the look-back limit (``cut``), after the last sentence end, and at most
    :data:`LEFT_CONTEXT_TOKENS` tokens."""
    a = min(1, i) if cut else 0
    for k in range(i - 1, a - 1, -1):
        if toks[k][2] in _SENTENCE_END:
            a = k + 1
            break
    return max(a, i - LEFT_CONTEXT_TOKENS)


def _context_end(toks: list[tuple[int, int, str]], j: int, cut: bool) -> int:
    """Where the right context ends in ``toks[j:]``, the tokens of a look-ahead (:func:`_look_ahead`):
    without a word cut by the look-ahead limit (``cut``), at most :data:`RIGHT_CONTEXT_TOKENS`
    tokens, up to and including a sentence end."""
    b = min(max(j, len(toks) - 1) if cut else len(toks), j + RIGHT_CONTEXT_TOKENS)
    for k in range(j, b):
        if toks[k][2] in _SENTENCE_END:
            return k + 1
    return b


def _left_context(text: str, lo: int) -> list[tuple[int, int, str]]:
    """Up to :data:`LEFT_CONTEXT_TOKENS` whole tokens before ``lo``, after the last sentence end or
    line break, and within :data:`_LEFT_CHARS` characters (see :func:`_look_back`)."""
    first, cut, _ = _look_back(text, lo)
    before = tokenize(text, first, lo)
    return before[_context_start(before, len(before), cut):]


def _right_context(text: str, hi: int) -> list[tuple[int, int, str]]:
    """Up to :data:`RIGHT_CONTEXT_TOKENS` whole tokens after ``hi``, before a line break and within
    :data:`_RIGHT_CHARS` characters, up to and including a sentence end (see :func:`_look_ahead`)."""
    last, cut, _ = _look_ahead(text, hi)
    after = tokenize(text, hi, last)
    return after[:_context_end(after, 0, cut)]
