"""Regular expressions in lexicon packs: refuse the ones that can backtrack for ever, and match the rest
with a time bound per document.

A pattern such as ``(a+)+$`` takes time exponential in the length of a run of ``a``: Python's ``re``
would hang on one document, for good. Two defences:

* :func:`backtracking_risk`, used by the pack schema (``framelens lexicon check``), finds the shapes
  that cause it, from the parsed pattern: a repetition inside an unbounded repetition
  (``(a+)+``, ``(\\w+\\s?)*``), and an unbounded repetition of alternatives that can start with the
  same character or nothing (``(a|aa)+``). Possessive repetitions (``a++``) and atomic groups
  (``(?>...)``) cannot backtrack and are allowed.
* :func:`compile_bounded` compiles with the ``regex`` module (the same syntax as ``re``), whose
  matching can be stopped: every regular-expression form of a pack shares a budget of
  :func:`document_budget` seconds per document; when it is spent the match raises
  :class:`RegexTimeout`, which the engine records as an extraction error of that pack on that
  document (the other packs' cues are kept).
"""
from __future__ import annotations

import re
import string
import time

import regex

from framelens.errors import AnalysisError

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: Seconds of regular-expression matching allowed per document, plus this much per MB of text.
SECONDS_PER_DOCUMENT = 10.0
SECONDS_PER_MB = 1.0

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_UNBOUNDED = 100  # a repetition allowed more times than this counts as unbounded
_SAMPLE = string.printable + "éßøçñ“”‘’–—…€£¥\u00a0\u2009ЖжΩω中"


class RegexTimeout(AnalysisError):
    """A pack's regular expressions used up their time on one document."""


def document_budget(text: str) -> float:
    """Seconds of regular-expression matching allowed on ``text``."""
    return SECONDS_PER_DOCUMENT + SECONDS_PER_MB * len(text) / 1e6


def _unbounded(hi) -> bool:
    return hi == _c.MAXREPEAT or hi > _UNBOUNDED


def _children(op, av):
    """The sub-patterns directly inside one parsed item."""
    if op in _REPEATS or op == getattr(_c, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    if op == _c.SUBPATTERN:
        return [av[-1]]
    if op == _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return [av]
    if op == _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _has_repeat(sub) -> bool:
    """Whether ``sub`` holds a repetition that can match a varying number of times (and backtrack)."""
    for op, av in sub:
        if op in _REPEATS and av[1] != av[0]:
            return True
        if op == getattr(_c, "ATOMIC_GROUP", None):
            continue  # an atomic group gives back nothing once matched
        if any(_has_repeat(c) for c in _children(op, av)):
            return True
    return False


def _char_matches(op, av, ch: str, ignore_case: bool) -> bool | None:
    """Whether the item ``(op, av)`` can match the single character ``ch`` (None: not a one-character item)."""
    chars = {c for c in (ch, ch.lower(), ch.upper()) if len(c) == 1} if ignore_case else {ch}
    if op == _c.LITERAL:
        return any(ord(c) == av for c in chars)
    if op == _c.NOT_LITERAL:
        return any(ord(c) != av for c in chars)
    if op == _c.ANY:
        return ch != "\n"
    if op == _c.IN:
        negate = bool(av) and av[0][0] == _c.NEGATE
        hit = False
        for iop, iav in av[1:] if negate else av:
            if iop == _c.LITERAL:
                hit = any(ord(c) == iav for c in chars)
            elif iop == _c.RANGE:
                hit = any(iav[0] <= ord(c) <= iav[1] for c in chars)
            elif iop == _c.CATEGORY:
                hit = bool(_CATEGORY.get(iav, lambda c: True)(ch))
            if hit:
                break
        return hit != negate
    return None


_CATEGORY = {
    _c.CATEGORY_DIGIT: lambda c: c.isdigit(), _c.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    _c.CATEGORY_SPACE: lambda c: c.isspace(), _c.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    _c.CATEGORY_WORD: lambda c: c.isalnum() or c == "_", _c.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _first_chars(sub, ignore_case: bool) -> set[str] | None:
    """The sample characters ``sub`` can start with; None when it may match the empty text (or is too
    complex to tell), which counts as overlapping everything."""
    for op, av in sub:
        if op in (_c.AT,) or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: look at what follows
        one = _char_matches(op, av, "a", ignore_case)
        if one is not None:
            return {ch for ch in _SAMPLE if _char_matches(op, av, ch, ignore_case)}
        if op in _REPEATS or op == getattr(_c, "POSSESSIVE_REPEAT", None):
            return _first_chars(av[2], ignore_case) if av[0] > 0 else None
        if op == _c.SUBPATTERN or op == getattr(_c, "ATOMIC_GROUP", None):
            return _first_chars(av[-1] if op == _c.SUBPATTERN else av, ignore_case)
        if op == _c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                f = _first_chars(alt, ignore_case)
                if f is None:
                    return None
                out |= f
            return out
        return None
    return None


def _overlapping_branch(sub, ignore_case: bool) -> bool:
    """Whether ``sub`` (the body of an unbounded repetition) holds alternatives that can match alike:
    two that can start with the same character, or one that can match nothing (``a|aa`` is parsed
    as ``a(?:|a)``)."""
    for op, av in sub:
        if op == _c.BRANCH:
            seen: set[str] = set()
            for alt in av[1]:
                f = _first_chars(alt, ignore_case)
                if f is None or f & seen:
                    return True
                seen |= f
        if op == getattr(_c, "ATOMIC_GROUP", None) or op == getattr(_c, "POSSESSIVE_REPEAT", None):
            continue
        if any(_overlapping_branch(c, ignore_case) for c in _children(op, av)):
            return True
    return False


def _find_risk(sub, ignore_case: bool) -> str | None:
    for op, av in sub:
        if op in _REPEATS and _unbounded(av[1]):
            body = av[2]
            if _has_repeat(body):
                return "a repetition inside an unbounded repetition, such as (a+)+ or (\\w+\\s?)*"
            if _overlapping_branch(body, ignore_case):
                return "an unbounded repetition of alternatives that can match alike, such as (a|aa)+"
        for child in _children(op, av):
            found = _find_risk(child, ignore_case)
            if found:
                return found
    return None


def backtracking_risk(pattern: str, *, ignore_case: bool = True) -> str | None:
    """The shape that can make ``pattern`` take exponential time, or None when it has none.

    Parameters
    ----------
    pattern : str
        A regular expression (``re`` syntax).
    ignore_case : bool, default True
        Whether it is matched case-insensitively (it then overlaps more).

    Returns
    -------
    str or None
        A short description of the risky part, for an error message.

    Examples
    --------
    >>> backtracking_risk(r"(a+)+$") is not None
    True
    >>> backtracking_risk(r"\\bcit(?:e|es|ed|ing)\\s+(?P<source>[^.]{1,80}?)\\s+as\\s+saying") is None
    True
    """
    try:
        parsed = _p.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return None  # not ours to judge: compiling it reports the syntax error
    return _find_risk(list(parsed), ignore_case)


def compile_bounded(pattern: str, flags: int = 0):
    """Compile ``pattern`` (``re`` syntax and flags) with the ``regex`` module, whose matching takes a
    timeout (see :func:`bounded_finditer` and :func:`bounded_match`)."""
    rflags = regex.VERSION0
    if flags & re.IGNORECASE:
        rflags |= regex.IGNORECASE
    if flags & re.MULTILINE:
        rflags |= regex.MULTILINE
    if flags & re.DOTALL:
        rflags |= regex.DOTALL
    if flags & re.VERBOSE:
        rflags |= regex.VERBOSE
    return regex.compile(pattern, rflags)


class Deadline:
    """The time left for one document's regular expressions (see :func:`document_budget`)."""

    def __init__(self, text: str, what: str = "the regular expressions"):
        self.seconds = document_budget(text)
        self.end = time.monotonic() + self.seconds
        self.what = what

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            self.expired()
        return left

    def expired(self, pattern: str = ""):
        shown = f" {pattern[:80]!r}" if pattern else ""
        raise RegexTimeout(f"regular expression{shown} took more than {self.seconds:.0f} s on one document and was "
                           "stopped", where=self.what,
                           fix="simplify the pattern (no repetition inside a repetition), or give it anchors: words "
                               "at which it is tried")


def bounded_finditer(rx, text: str, deadline: Deadline):
    """``rx.finditer(text)`` stopped when ``deadline`` passes (:class:`RegexTimeout`)."""
    try:
        yield from rx.finditer(text, timeout=deadline.left())
    except TimeoutError:
        deadline.expired(rx.pattern)


def bounded_match(rx, text: str, pos: int, deadline: Deadline):
    """``rx.match(text, pos)`` stopped when ``deadline`` passes (:class:`RegexTimeout`)."""
    try:
        return rx.match(text, pos, timeout=deadline.left())
    except TimeoutError:
        deadline.expired(rx.pattern)


class AnchoredPattern:
    """A compiled pattern (:func:`compile_bounded`) tried at given positions: a pack form's anchors.

    :meth:`match` is :func:`bounded_match` with two shortcuts that never change a result, for
    patterns tried at many positions where they mostly fail (``\\bThat said(?=,)`` at every
    "that", ``as\\s+many\\s+as`` at every "as"):

    - the literal words a match must start with (:func:`literal_starts`) are compared first, where
      the text there is ASCII (elsewhere a case-insensitive pattern may match characters that
      ``str.lower`` does not map, such as the long s);
    - a pattern without any repetition cannot backtrack for long (its time is bounded by its own
      length, not the text's), so it is matched without the regex module's timeout, whose set-up
      costs several times such a match; the deadline is still checked before it.
    """

    __slots__ = ("rx", "groupindex", "_starts", "_fold", "_repetition_free")

    def __init__(self, rx):
        self.rx = rx
        self.groupindex = rx.groupindex
        self._fold = bool(rx.flags & regex.IGNORECASE)
        self._starts = literal_starts(rx.pattern, ignore_case=self._fold)
        self._repetition_free = repetition_free(rx.pattern)

    def match(self, text: str, pos: int, deadline: Deadline):
        """``self.rx.match(text, pos)``, stopped when ``deadline`` passes (:class:`RegexTimeout`)."""
        if self._starts is not None and not self._may_start(text, pos):
            return None
        if self._repetition_free:
            deadline.left()
            return self.rx.match(text, pos)
        return bounded_match(self.rx, text, pos, deadline)

    def _may_start(self, text: str, pos: int) -> bool:
        """May a match start at ``pos``: does one alternative's words stand there, each after a run
        of whitespace (``str.isspace``, which holds every character ``\\s`` matches)? True also
        where the text compared is not ASCII."""
        fold = self._fold
        n = len(text)
        for words in self._starts:
            p = pos
            for k, word in enumerate(words):
                if k:
                    q = p
                    while q < n and text[q].isspace():
                        q += 1
                    if q == p:
                        break
                    p = q
                written = text[p:p + len(word)]
                if not written.isascii():
                    return True
                if (written.lower() if fold else written) != word:
                    break
                p += len(word)
            else:
                return True
        return False


def _parsed(pattern: str, ignore_case: bool):
    """``pattern`` parsed by ``re``'s parser with its global flags, or None when ``re`` cannot parse it
    (a ``regex``-only syntax: then no shortcut is taken)."""
    try:
        return _p.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, OverflowError, RecursionError):
        return None


def _is_space_run(op, av) -> bool:
    """Is the parsed item one or more whitespace characters (``\\s``, ``\\s+``, ``\\s+?``, ``\\s{1,3}``)?"""
    space = [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]
    if op in _REPEATS:
        return av[0] >= 1 and list(av[2]) == space
    return [(op, av)] == space


def _alternative_words(items, fold: bool) -> tuple[str, ...]:
    """The literal words (ASCII letters, digits, spaces) one alternative starts with, each after a
    whitespace run: ``as\\s+many\\s+as`` gives ("as", "many", "as"); () when it starts otherwise."""
    k = 0
    while k < len(items) and items[k][0] in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        k += 1
    words: list[str] = []
    word: list[str] = []
    for op, av in items[k:]:
        if op == _c.LITERAL and chr(av).isascii() and (chr(av).isalnum() or chr(av) == " "):
            word.append(chr(av).lower() if fold else chr(av))
        elif word and _is_space_run(op, av):
            words.append("".join(word))
            word = []
        else:
            break
    if word:
        words.append("".join(word))
    return tuple(words)


def literal_starts(pattern: str, *, ignore_case: bool) -> tuple[tuple[str, ...], ...] | None:
    """The literal words a match of ``pattern`` must start with, per alternative of a leading
    alternation, each word after one or more whitespace characters (lower-cased when
    ``ignore_case``); zero-width items such as ``\\b`` before them are passed over. None when an
    alternative starts otherwise (no word known), or the pattern is verbose or has inline flags.

    Examples
    --------
    >>> literal_starts(r"\\bThat said(?=,)", ignore_case=True)
    (('that said',),)
    >>> literal_starts(r"\\b(?:some|an\\s+estimated)(?=\\s+\\d)", ignore_case=True)
    (('some',), ('an', 'estimated'))
    >>> literal_starts(r"\\b(?:cites|cited)\\s+(?P<source>\\w+)", ignore_case=True)
    (('cite',),)
    >>> literal_starts(r"(?<=s\\s)(?:proposed|[a-z]+)", ignore_case=True) is None
    True
    """
    parsed = _parsed(pattern, ignore_case)
    if parsed is None or parsed.state.flags & (re.VERBOSE | re.ASCII | re.LOCALE):
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE)
    if fold != ignore_case:
        return None  # an inline (?i): keep it simple
    items = list(parsed)
    k = 0
    while k < len(items) and items[k][0] in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        k += 1
    if k < len(items) and items[k][0] == _c.BRANCH:
        # an alternation first: the words each alternative starts with
        alternatives = [_alternative_words(list(alt), fold) for alt in items[k][1][1]]
    else:
        alternatives = [_alternative_words(items[k:], fold)]
    if not all(alternatives):
        return None
    return tuple(alternatives)


def repetition_free(pattern: str) -> bool:
    """Does ``pattern`` hold no repetition at all (``*``, ``+``, ``?``, ``{m,n}``), lookarounds included?"""
    parsed = _parsed(pattern, False)
    if parsed is None:
        return False

    def free(sub) -> bool:
        for op, av in sub:
            if op in _REPEATS or op == getattr(_c, "POSSESSIVE_REPEAT", None):
                return False
            if op == _c.GROUPREF_EXISTS or op == _c.GROUPREF:
                return False
            if not all(free(c) for c in _children(op, av)):
                return False
        return True

    return free(list(parsed))
