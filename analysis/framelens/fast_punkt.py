"""Punkt sentence boundaries, same answers as NLTK, several times faster, without importing NLTK.

:class:`FastPunktSentenceTokenizer` takes Punkt's trained parameters (abbreviations, collocations,
sentence starters, orthographic contexts: NLTK's ``PunktParameters`` or this module's
:class:`PunktParameters`) and gives exactly the spans NLTK's ``PunktSentenceTokenizer.span_tokenize``
gives (same regular expressions, same decisions), but

* decides each candidate boundary with plain string operations instead of building ``PunktToken``
  objects for every word of the context,
* remembers the decision for each context it has seen (``"said. The"`` recurs thousands of times in
  a news corpus, and the decision is a pure function of the context and the trained parameters),
* runs the patterns directly, without the per-call wall-clock guard NLTK wraps them in (they are
  NLTK's fixed English patterns, not user input, and all of them run in linear time).

Profiling framelens on news text showed Punkt's ``span_tokenize`` taking most of the extraction time
(about 2.5 MB/s on one core); this runs at tens of MB/s. ``tests/test_fast_punkt.py`` checks that
the spans are identical to NLTK's on real corpora and on generated punctuation-heavy text.

NLTK itself is not imported here: ``import nltk`` costs about 2.5 CPU seconds (it pulls in scipy),
more than splitting a few megabytes of text. NLTK's English patterns (``PunktLanguageVars``) and
token patterns (``PunktToken``) are copied below, and ``tests/test_fast_punkt.py`` checks that they
are NLTK's, character for character. Training needs NLTK: :mod:`framelens.punkt_training`
(``FastPunktTrainer``, also reachable as ``framelens.fast_punkt.FastPunktTrainer``), which
:func:`framelens.text.trained_punkt_parameters` runs only when the parameters are not cached.
"""
from __future__ import annotations

import re
from collections import defaultdict

import regex

__all__ = ["FastPunktSentenceTokenizer", "PunktParameters", "FastPunktTrainer"]

_WHITESPACE = " \t\n\r\x0b\x0c"  # string.whitespace, which NLTK's _get_last_whitespace_index uses
_PUNCTUATION = frozenset(";:,.!?")  # PunktSentenceTokenizer.PUNCTUATION
_MEMO_LIMIT = 500_000
_CLOSERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")  # first character class of re_boundary_realignment

# Orthographic context flags (nltk.tokenize.punkt._ORTHO_*)
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_UNK_UC = 1 << 3
_ORTHO_BEG_LC = 1 << 4
_ORTHO_MID_LC = 1 << 5
_ORTHO_UNK_LC = 1 << 6
_ORTHO_UC = _ORTHO_BEG_UC + _ORTHO_MID_UC + _ORTHO_UNK_UC
_ORTHO_LC = _ORTHO_BEG_LC + _ORTHO_MID_LC + _ORTHO_UNK_LC

# NLTK's PunktLanguageVars (English), as nltk 3.10 writes them; compiled, as NLTK compiles them,
# with the third-party ``regex`` engine.
SENT_END_CHARS = (".", "?", "!")
_RE_SENT_END_CHARS = "[%s]" % re.escape("".join(SENT_END_CHARS))
# the same expression as NLTK's (a set: "?!" or "!?" by the hash seed, the same character class)
_RE_NON_WORD_CHARS = (r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb%s])"
                      % re.escape("".join(set(SENT_END_CHARS) - {"."})))
_RE_MULTI_CHAR_PUNCT = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
_RE_WORD_START = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
_WORD_TOKENIZE_FMT = r"""(
        %(MultiChar)s
        |
        (?=%(WordStart)s)\S+?  # Accept word characters until end is found
        (?= # Sequences marking a word's end
            \s|                                 # White-space
            $|                                  # End-of-string
            %(NonWord)s|%(MultiChar)s|          # Punctuation
            ,(?=$|\s|%(NonWord)s|%(MultiChar)s) # Comma if at end of word
        )
        |
        \S
    )"""
_PERIOD_CONTEXT_FMT = r"""
        %(SentEndChars)s             # a potential sentence ending
        (?=(?P<after_tok>
            %(NonWord)s              # either other punctuation
            |
            \s+(?P<next_tok>\S+)     # or whitespace and some other token
        ))"""
WORD_TOKENIZER_RE = regex.compile(_WORD_TOKENIZE_FMT % {"NonWord": _RE_NON_WORD_CHARS, "MultiChar": _RE_MULTI_CHAR_PUNCT,
                                                        "WordStart": _RE_WORD_START}, re.UNICODE | re.VERBOSE)
PERIOD_CONTEXT_RE = regex.compile(_PERIOD_CONTEXT_FMT % {"NonWord": _RE_NON_WORD_CHARS,
                                                         "SentEndChars": _RE_SENT_END_CHARS}, re.UNICODE | re.VERBOSE)
BOUNDARY_REALIGNMENT_RE = regex.compile(r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)', re.MULTILINE)
# PunktToken's patterns
_RE_NUMERIC = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_RE_INITIAL = regex.compile(r"[^\W\d]\.$", re.UNICODE)


def _raw(pattern):
    """The compiled ``regex`` pattern inside NLTK's timeout wrapper (or the pattern itself)."""
    return getattr(pattern, "_rx", pattern)


# NLTK compiles its patterns with the third-party ``regex`` engine. The standard ``re`` engine runs
# the same patterns faster, and agrees with ``regex`` on them except for ``\s``/``\S`` on the four
# information separators U+001C..U+001F (whitespace for ``re``, not for ``regex``). So ``re`` is used
# for texts without those characters, ``regex`` (NLTK's own pattern) otherwise.
_SEPARATORS_RE = re.compile("[\x1c-\x1f]")


def _has_separator(text: str) -> bool:
    """Does ``text`` hold an information separator (U+001C..U+001F)? The same as
    ``_SEPARATORS_RE.search(text) is not None``, by four substring searches, several times faster
    than the pattern's scan of a whole text."""
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


def _std(pattern):
    raw = _raw(pattern)
    return re.compile(raw.pattern, re.UNICODE | (re.VERBOSE if raw.flags & re.VERBOSE else 0)
                      | (re.MULTILINE if raw.flags & re.MULTILINE else 0))


def _engine_for(text: str, pattern, std):
    """``std`` (a stdlib compile of ``pattern``) when it is safe for ``text``, else NLTK's pattern."""
    return _raw(pattern) if _has_separator(text) else std


_PERIOD_CONTEXT_STD = _std(PERIOD_CONTEXT_RE)


class PunktParameters:
    """Punkt's trained parameters: the four fields of NLTK's ``PunktParameters``.

    Attributes
    ----------
    abbrev_types : set of str
    collocations : set of (str, str)
    sent_starters : set of str
    ortho_context : defaultdict of str to int
        Orthographic context flags per word type.
    """

    def __init__(self):
        self.abbrev_types: set[str] = set()
        self.collocations: set[tuple[str, str]] = set()
        self.sent_starters: set[str] = set()
        self.ortho_context: defaultdict[str, int] = defaultdict(int)

    @classmethod
    def from_params(cls, params) -> "PunktParameters":
        """A copy of any object with those four fields (NLTK's ``PunktParameters``)."""
        out = cls()
        out.abbrev_types = set(params.abbrev_types)
        out.collocations = set(params.collocations)
        out.sent_starters = set(params.sent_starters)
        out.ortho_context = defaultdict(int, params.ortho_context)
        return out


def __getattr__(name):
    if name == "FastPunktTrainer":  # needs NLTK: imported only when asked for
        from framelens.punkt_training import FastPunktTrainer

        return FastPunktTrainer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FastPunktSentenceTokenizer:
    """Punkt sentence spans, identical to NLTK's ``PunktSentenceTokenizer.span_tokenize``.

    Parameters
    ----------
    params : PunktParameters
        Trained parameters (this module's, or NLTK's ``PunktParameters``).
    """

    def __init__(self, params):
        if isinstance(params, str) or not hasattr(params, "abbrev_types"):
            raise TypeError("FastPunktSentenceTokenizer takes trained Punkt parameters "
                            "(see framelens.text.trained_punkt_parameters), not a text to train on")
        self._params = params
        self._memo: dict[str, bool] = {}

    # Pickling (for worker processes) drops the memo and nothing else.
    def __getstate__(self):
        state = self.__dict__.copy()
        state["_memo"] = {}
        state.pop("_plain_key", None)
        state.pop("_not_plain", None)
        return state

    def tokenize(self, text: str, realign_boundaries: bool = True) -> list[str]:
        """The sentences of ``text`` (NLTK's ``tokenize``)."""
        return [text[s:e] for s, e in self.span_tokenize(text, realign_boundaries)]

    # -- decisions -------------------------------------------------------------------------------

    def text_contains_sentbreak(self, text: str) -> bool:
        """True if ``text`` (a candidate context) contains a sentence break (NLTK's semantics)."""
        memo = self._memo
        hit = memo.get(text)
        if hit is None:
            hit = self._decide(text)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[text] = hit
        return hit

    def _decide(self, context: str) -> bool:
        # NLTK: tokenize each non-blank line, annotate (first pass by type, second pass on pairs),
        # and report a break when a token marked as a break is followed by another token.
        word_re = WORD_TOKENIZER_RE
        toks: list[str] = []
        for line in context.split("\n"):
            if line.strip():
                toks.extend(word_re.findall(line))
        n = len(toks)
        if n < 2:
            return False
        params = self._params
        abbrev = params.abbrev_types
        sent_end = SENT_END_CHARS
        # first pass: (sentbreak, abbr, ellipsis) per token
        first = []
        for tok in toks:
            sb = ab = el = False
            if tok in sent_end:
                sb = True
            elif len(tok) >= 2 and tok.strip(".") == "":
                el = True
            elif tok.endswith(".") and not tok.endswith(".."):
                low = tok[:-1].lower()
                if low in abbrev or low.split("-")[-1] in abbrev:
                    ab = True
                else:
                    sb = True
            first.append((sb, ab, el))
        # second pass on (tok1, tok2); only the final sentbreak of tokens 0..n-2 matters
        for i in range(n - 1):
            tok1 = toks[i]
            sb, ab, el = first[i]
            if tok1.endswith("."):
                sb = self._second_pass(tok1, sb, ab, el, toks[i + 1], first[i + 1][0])
            if sb:
                return True
        return False

    def _second_pass(self, tok1: str, sb: bool, ab: bool, el: bool, tok2: str, sb2: bool) -> bool:
        """The sentbreak flag of ``tok1`` after NLTK's ``_second_pass_annotation``."""
        params = self._params
        typ = _type(tok1)
        if len(typ) > 1 and typ[-1] == ".":
            typ = typ[:-1]
        next_typ = _type(tok2)
        if sb2 and len(next_typ) > 1 and next_typ[-1] == ".":
            next_typ = next_typ[:-1]
        tok_is_initial = _RE_INITIAL.match(tok1) is not None

        if (typ, next_typ) in params.collocations:
            return False
        if (ab or el) and not tok_is_initial:
            starter = self._ortho(tok2, next_typ)
            if starter is True:
                return True
            if tok2[0].isupper() and next_typ in params.sent_starters:
                return True
        if tok_is_initial or typ == "##number##":
            starter = self._ortho(tok2, next_typ)
            if starter is False:
                return False
            if (starter == "unknown" and tok_is_initial and tok2[0].isupper()
                    and not (params.ortho_context.get(next_typ, 0) & _ORTHO_LC)):
                return False
        return sb

    def _ortho(self, tok: str, typ_no_sentperiod: str):
        if tok in _PUNCTUATION:
            return False
        ctx = self._params.ortho_context.get(typ_no_sentperiod, 0)
        first = tok[0]
        if first.isupper() and (ctx & _ORTHO_LC) and not (ctx & _ORTHO_MID_UC):
            return True
        if first.islower() and ((ctx & _ORTHO_UC) or not (ctx & _ORTHO_BEG_LC)):
            return False
        return "unknown"

    # -- spans -----------------------------------------------------------------------------------

    def span_tokenize(self, text: str, realign_boundaries: bool = True):
        """Sentence spans ``(start, end)`` of ``text``, identical to NLTK's."""
        return iter(self.span_tokenize_pieces(text, [(0, len(text))], realign_boundaries))

    def span_tokenize_pieces(self, text: str, pieces: list[tuple[int, int]],
                             realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """The spans of :meth:`span_tokenize` of every ``text[a:b]`` for ``(a, b)`` in ``pieces`` (in
        order, not overlapping), as offsets into ``text``.

        The splitter hands over a document's lines, most of them a sentence or two long, so the work
        per piece is kept small: one pass of the period pattern over the whole text finds every
        piece's candidate sentence ends (a match is the piece's when it starts in the piece and its
        look-ahead, the token after the period, ends in it: exactly the matches the pattern finds in
        the piece alone, since it reads nothing else beyond the period), and what depends on the text
        only (its whitespace characters, its information separators) is looked at once. With an
        information separator in the text, NLTK's own pattern runs (see :func:`_engine_for`).
        """
        has_sep = _has_separator(text)
        period_re = _raw(PERIOD_CONTEXT_RE) if has_sep else _PERIOD_CONTEXT_STD
        ws = [c for c in _WHITESPACE if c in text]
        plain = all(c in " \n" for c in ws)  # only spaces and line breaks: most texts
        not_plain = self._plain_break_words()
        out: list[tuple[int, int]] = []
        matches = period_re.finditer(text)
        m = next(matches, None)
        for a, b in pieces:
            found = []
            while m is not None and m.start() < b:
                if m.start() >= a and m.end("after_tok") <= b:
                    found.append(m)
                m = next(matches, None)
            if not found:  # one sentence: the piece without its trailing whitespace, if anything is left
                end = a + len(text[a:b].rstrip())
                if end > a:
                    out.append((a, end))
                continue
            # a piece of a text of spaces and line breaks without a line break: its whitespace is spaces
            only_space = plain and text.find("\n", a, b) < 0
            slices = self._fast_slices(text, a, b, found, ws, only_space, has_sep, not_plain)
            if realign_boundaries:
                self._fast_realign(text, slices, out)
            else:
                out.extend(slices)
        return out

    def _fast_slices(self, text: str, a: int, b: int, found: list, ws: list[str], only_space: bool,
                     has_sep: bool, not_plain) -> list[tuple[int, int]]:
        # NLTK's _match_potential_end_contexts + _slices_from_text for the piece text[a:b], on offsets
        # into text. ``found``: the period pattern's matches in the piece; ``ws``: the whitespace
        # characters the piece may hold (a superset does: absent ones are not found); ``only_space``:
        # it holds no whitespace but spaces.
        rfind = text.rfind
        decide = self.text_contains_sentbreak
        is_break = self._is_break
        out: list[tuple[int, int]] = []
        last_break = a
        prev_start = prev_stop = a
        prev_match = None
        for m in found:
            ms = m.start()
            if only_space:
                last_ws = rfind(" ", prev_stop, ms)
            else:
                last_ws = max((rfind(c, prev_stop, ms) for c in ws), default=-1)
            if last_ws > prev_stop:  # NLTK treats whitespace at the piece's first offset like none at all
                word_start = last_ws + 1
            else:
                word_start = prev_start
            if prev_match is not None and prev_stop <= word_start:
                if is_break(text, prev_start, prev_stop, prev_match, decide, not_plain, has_sep):
                    out.append((last_break, prev_match.end()))
                    last_break = prev_match.start("next_tok") if prev_match.group("next_tok") else prev_match.end()
            prev_match = m
            prev_start, prev_stop = word_start, ms
        if prev_match is not None:
            if is_break(text, prev_start, prev_stop, prev_match, decide, not_plain, has_sep):
                out.append((last_break, prev_match.end()))
                last_break = prev_match.start("next_tok") if prev_match.group("next_tok") else prev_match.end()
        out.append((last_break, a + len(text[a:b].rstrip())))
        return out

    def _plain_break_words(self):
        """Lower-cased words that are NOT a plain sentence end before a period (see _is_break)."""
        key = (id(self._params), len(self._params.abbrev_types), len(self._params.collocations))
        cached = getattr(self, "_plain_key", None)
        if cached != key:
            self._plain_key = key
            self._not_plain = frozenset(self._params.abbrev_types) | {a for a, _ in self._params.collocations}
        return self._not_plain

    @staticmethod
    def _is_break(text, start, stop, match, decide, not_plain, has_sep: bool = True) -> bool:
        # has_sep: may the text hold an information separator (False: it holds none)
        if has_sep and _SEPARATORS_RE.search(match.group("after_tok")):
            # the shortcuts below assume a token after the candidate; an information separator
            # (U+001C..U+001F) is a token to the period pattern but whitespace to NLTK's word
            # tokenizer, so only NLTK's own decision is right there ("?\n\x1f 1" is one sentence)
            return decide(text[start:stop] + match.group() + match.group("after_tok"))
        end_char = text[stop]
        if end_char != ".":
            # "?" and "!" are always tokens of their own and always followed by a token, so NLTK's
            # first pass marks them as breaks and nothing later unmarks them.
            return True
        word = text[start:stop]
        if len(word) > 1 and word.isalpha() and word.lower() not in not_plain:
            # "<letters>." is one token that is neither abbreviation, initial, number nor the first
            # word of a collocation: NLTK's first pass marks it a break and the second pass keeps it.
            return True
        return decide(word + match.group() + match.group("after_tok"))

    def _fast_realign(self, text: str, slices: list[tuple[int, int]],
                      out: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
        """NLTK's boundary realignment of ``slices`` (of one piece of ``text``), appended to ``out``."""
        realign_re = BOUNDARY_REALIGNMENT_RE
        if out is None:
            out = []
        realign = 0
        n = len(slices)
        for i in range(n):
            s1_start, s1_stop = slices[i]
            s1_start += realign
            if i == n - 1:
                if s1_stop > s1_start:
                    out.append((s1_start, s1_stop))
                continue
            s2_start, s2_stop = slices[i + 1]
            # cheap test first: the realignment pattern starts with a closing quote or bracket
            m = (realign_re.match(text, s2_start, s2_stop)
                 if s2_stop > s2_start and text[s2_start] in _CLOSERS else None)
            if m:
                out.append((s1_start, s2_start + len(m.group(0).rstrip())))
                realign = m.end() - s2_start
            else:
                realign = 0
                if s1_stop > s1_start:
                    out.append((s1_start, s1_stop))
        return out


def _type(tok: str) -> str:
    """PunktToken.type: the lower-cased token, numbers replaced by ``##number##``."""
    return _RE_NUMERIC.sub("##number##", tok.lower())
