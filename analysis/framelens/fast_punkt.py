"""Punkt sentence boundaries, same answers, several times faster.

:class:`FastPunktSentenceTokenizer` is a drop-in subclass of NLTK's ``PunktSentenceTokenizer`` whose
``span_tokenize`` gives exactly the spans NLTK gives (same parameters, same regular expressions, same
decisions), but

* decides each candidate boundary with plain string operations instead of building ``PunktToken``
  objects for every word of the context,
* remembers the decision for each context it has seen (``"said. The"`` recurs thousands of times in
  a news corpus, and the decision is a pure function of the context and the trained parameters),
* runs NLTK's own compiled patterns directly, without the per-call wall-clock guard NLTK wraps them
  in (the patterns are NLTK's fixed ones, not user input, and all of them run in linear time).

Profiling framelens on news text showed Punkt's ``span_tokenize`` taking most of the extraction time
(about 2.5 MB/s on one core); this runs at tens of MB/s. ``tests/test_fast_punkt.py`` checks that
the spans are identical to NLTK's on real corpora and on generated punctuation-heavy text.

:class:`FastPunktTrainer` does the same for training (NLTK builds a ``PunktToken`` object with
several guarded regular-expression calls for every word of the training text: about 9 CPU seconds
for the 2 million characters framelens trains on). It computes every per-token property once per
distinct token string, and runs the same passes over plain lists; the learned parameters and
counts are identical (checked by the tests).
"""
from __future__ import annotations

import re
from collections import Counter

from nltk.tokenize.punkt import (
    _ORTHO_BEG_LC,
    _ORTHO_BEG_UC,
    _ORTHO_LC,
    _ORTHO_MAP,
    _ORTHO_MID_UC,
    _ORTHO_UC,
    PunktLanguageVars,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
    _re_non_punct,
)

__all__ = ["FastPunktSentenceTokenizer", "FastPunktTrainer"]

_WHITESPACE = " \t\n\r\x0b\x0c"  # string.whitespace, which NLTK's _get_last_whitespace_index uses
_PUNCTUATION = frozenset(PunktSentenceTokenizer.PUNCTUATION)
_MEMO_LIMIT = 500_000
_CLOSERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")  # first character class of re_boundary_realignment


def _raw(pattern):
    """The compiled ``regex`` pattern inside NLTK's timeout wrapper (or the pattern itself)."""
    return getattr(pattern, "_rx", pattern)


# NLTK compiles its patterns with the third-party ``regex`` engine. The standard ``re`` engine runs
# the same patterns faster, and agrees with ``regex`` on them except for ``\s``/``\S`` on the four
# information separators U+001C..U+001F (whitespace for ``re``, not for ``regex``). So ``re`` is used
# for texts without those characters, ``regex`` (NLTK's own pattern) otherwise.
_SEPARATORS_RE = re.compile("[\x1c-\x1f]")


def _std(pattern):
    raw = _raw(pattern)
    return re.compile(raw.pattern, re.UNICODE | (re.VERBOSE if raw.flags & re.VERBOSE else 0)
                      | (re.MULTILINE if raw.flags & re.MULTILINE else 0))


def _engine_for(text: str, pattern, std):
    """``std`` (a stdlib compile of ``pattern``) when it is safe for ``text``, else NLTK's pattern."""
    return _raw(pattern) if _SEPARATORS_RE.search(text) else std


_RE_NUMERIC = _raw(PunktToken._RE_NUMERIC)
_RE_INITIAL = _raw(PunktToken._RE_INITIAL)
_RE_ALPHA = _raw(PunktToken._RE_ALPHA)
_RE_ELLIPSIS = _raw(PunktToken._RE_ELLIPSIS)
_RE_NON_PUNCT = _raw(_re_non_punct)


class FastPunktSentenceTokenizer(PunktSentenceTokenizer):
    """NLTK Punkt with a fast, exact ``span_tokenize``.

    Parameters
    ----------
    train_text : PunktParameters or str, optional
        As for ``PunktSentenceTokenizer``: trained parameters (usual) or a text to train on.

    Notes
    -----
    Only ``span_tokenize`` (and so ``tokenize``/``sentences_from_text``, which use it) and
    ``text_contains_sentbreak`` are replaced; training and every other method are NLTK's.
    """

    def __init__(self, train_text=None, verbose=False, lang_vars=None, token_cls=PunktToken):
        super().__init__(train_text, verbose=verbose, lang_vars=lang_vars, token_cls=token_cls)
        self._memo: dict[str, bool] = {}
        self._period_re = None

    # Pickling (for worker processes) drops the memo and nothing else.
    def __getstate__(self):
        state = self.__dict__.copy()
        state["_memo"] = {}
        state["_period_re"] = None
        state.pop("_plain_key", None)
        state.pop("_not_plain", None)
        return state

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
        word_re = _raw(self._lang_vars._word_tokenizer_re())
        toks: list[str] = []
        for line in context.split("\n"):
            if line.strip():
                toks.extend(word_re.findall(line))
        n = len(toks)
        if n < 2:
            return False
        params = self._params
        abbrev = params.abbrev_types
        sent_end = self._lang_vars.sent_end_chars
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
        slices = self._fast_slices(text)
        if realign_boundaries:
            slices = self._fast_realign(text, slices)
        return iter(slices)

    def _fast_slices(self, text: str) -> list[tuple[int, int]]:
        # NLTK's _match_potential_end_contexts + _slices_from_text, on offsets instead of slices.
        pair = self._period_re
        if pair is None:
            pattern = self._lang_vars.period_context_re()
            pair = self._period_re = (pattern, _std(pattern))
        period_re = _engine_for(text, *pair)
        ws = [c for c in _WHITESPACE if c in text]
        only_space = ws == [" "]
        rfind = text.rfind
        decide = self.text_contains_sentbreak
        plain_break = self._plain_break_words()
        out: list[tuple[int, int]] = []
        last_break = 0
        prev_start = prev_stop = 0
        prev_match = None
        for m in period_re.finditer(text):
            ms = m.start()
            if only_space:
                last_ws = rfind(" ", prev_stop, ms)
            else:
                last_ws = max((rfind(c, prev_stop, ms) for c in ws), default=-1)
            if last_ws > prev_stop:  # NLTK treats whitespace at offset 0 like none at all
                word_start = last_ws + 1
            else:
                word_start = prev_start
            if prev_match is not None and prev_stop <= word_start:
                if self._is_break(text, prev_start, prev_stop, prev_match, decide, plain_break):
                    out.append((last_break, prev_match.end()))
                    last_break = prev_match.start("next_tok") if prev_match.group("next_tok") else prev_match.end()
            prev_match = m
            prev_start, prev_stop = word_start, ms
        if prev_match is not None:
            if self._is_break(text, prev_start, prev_stop, prev_match, decide, plain_break):
                out.append((last_break, prev_match.end()))
                last_break = prev_match.start("next_tok") if prev_match.group("next_tok") else prev_match.end()
        out.append((last_break, len(text.rstrip())))
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
    def _is_break(text, start, stop, match, decide, not_plain) -> bool:
        if _SEPARATORS_RE.search(match.group("after_tok")):
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

    def _fast_realign(self, text: str, slices: list[tuple[int, int]]) -> list[tuple[int, int]]:
        realign_re = _raw(self._lang_vars.re_boundary_realignment)
        out: list[tuple[int, int]] = []
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


class FastPunktTrainer(PunktTrainer):
    """NLTK's ``PunktTrainer`` with a fast, exact ``train(text)``.

    The same statistics are gathered (type frequencies, abbreviations, orthographic contexts,
    sentence-starter and collocation candidates) in the same order, so ``get_params()`` returns
    the parameters NLTK would. ``train_tokens`` and verbose training fall back to NLTK.
    """

    def train(self, text, verbose=False, finalize=True):
        if verbose or type(self._lang_vars) is not PunktLanguageVars or self._Token is not PunktToken:
            return super().train(text, verbose=verbose, finalize=finalize)
        self._fast_train(text)
        if finalize:
            self.finalize_training(verbose)

    # -- per distinct token: every property NLTK's PunktToken computes ---------------------------

    @staticmethod
    def _props(tok: str) -> tuple:
        typ = _RE_NUMERIC.sub("##number##", tok.lower())
        period_final = tok.endswith(".")
        type_no_period = typ[:-1] if len(typ) > 1 and typ[-1] == "." else typ
        first = tok[0]
        first_case = "lower" if first.islower() else ("upper" if first.isupper() else "none")
        return (typ, period_final, type_no_period, first_case,
                _RE_ELLIPSIS.match(tok) is not None,       # is_ellipsis
                typ.startswith("##number##"),              # is_number
                _RE_INITIAL.match(tok) is not None,        # is_initial
                _RE_ALPHA.match(tok) is not None,          # is_alpha
                _RE_NON_PUNCT.search(typ) is not None)     # is_non_punct

    def _fast_train(self, text: str) -> None:
        self._finalized = False
        pattern = self._lang_vars._word_tokenizer_re()
        word_re = _engine_for(text, pattern, _std(pattern))
        # tokens with NLTK's paragraph/line-start flags (PunktBaseClass._tokenize_words)
        toks: list[str] = []
        parastart_at: set[int] = set()
        linestart_at: set[int] = set()
        parastart = False
        for line in text.split("\n"):
            if line.strip():
                line_toks = word_re.findall(line)
                if not line_toks:
                    continue
                if parastart:
                    parastart_at.add(len(toks))
                linestart_at.add(len(toks))
                parastart = False
                toks.extend(line_toks)
            else:
                parastart = True
        props_of: dict[str, tuple] = {}
        props = []
        for tok in toks:
            p = props_of.get(tok)
            if p is None:
                p = props_of[tok] = self._props(tok)
            props.append(p)
        n = len(toks)

        # type frequencies and period-final count (PunktTrainer._train_tokens)
        types = [p[0] for p in props]
        self._type_fdist.update(Counter(types))
        self._num_period_toks += sum(1 for p in props if p[1])

        # abbreviations from type statistics (NLTK's own generator, same type order)
        params = self._params
        unique_types = set(types)
        for abbr, score, is_add in self._reclassify_abbrev_types(unique_types):
            if score >= self.ABBREV:
                if is_add:
                    params.abbrev_types.add(abbr)
            else:
                if not is_add:
                    params.abbrev_types.remove(abbr)

        # first pass: sentbreak / abbr / ellipsis (PunktBaseClass._first_pass_annotation)
        abbrev = params.abbrev_types
        sent_end = self._lang_vars.sent_end_chars
        sentbreak = [False] * n
        abbr = [False] * n
        ellipsis = [False] * n
        for i, tok in enumerate(toks):
            p = props[i]
            if tok in sent_end:
                sentbreak[i] = True
            elif p[4]:
                ellipsis[i] = True
            elif p[1] and not tok.endswith(".."):
                low = tok[:-1].lower()
                if low in abbrev or low.split("-")[-1] in abbrev:
                    abbr[i] = True
                else:
                    sentbreak[i] = True

        def no_sentperiod(i):
            return props[i][2] if sentbreak[i] else props[i][0]

        # orthographic contexts (PunktTrainer._get_orthography_data)
        ortho = params.ortho_context
        context = "internal"
        for i in range(n):
            p = props[i]
            if i in parastart_at and context != "unknown":
                context = "initial"
            if i in linestart_at and context == "internal":
                context = "unknown"
            flag = _ORTHO_MAP.get((context, p[3]), 0)
            if flag:
                ortho[no_sentperiod(i)] |= flag
            if sentbreak[i]:
                context = "unknown" if (p[5] or p[6]) else "initial"
            elif ellipsis[i] or abbr[i]:
                context = "unknown"
            else:
                context = "internal"

        self._sentbreak_count += sum(sentbreak)

        # pairs whose first token ends in a period
        fdist = self._type_fdist
        internal_punct = self._lang_vars.internal_punctuation
        for i in range(n - 1):
            p1 = props[i]
            if not p1[1]:
                continue
            p2 = props[i + 1]
            # rare abbreviation (PunktTrainer._is_rare_abbrev_type)
            if not abbr[i] and sentbreak[i]:
                typ = no_sentperiod(i)
                count = fdist[typ] + fdist[typ[:-1]]
                if not (typ in abbrev or count >= self.ABBREV_BACKOFF):
                    rare = False
                    if toks[i + 1][:1] in internal_punct:
                        rare = True
                    elif p2[3] == "lower":
                        ctx2 = ortho[no_sentperiod(i + 1)]
                        if (ctx2 & _ORTHO_BEG_UC) and not (ctx2 & _ORTHO_MID_UC):
                            rare = True
                    if rare:
                        abbrev.add(p1[2])
            # sentence starter candidate
            if sentbreak[i] and not (p1[5] or p1[6]) and p2[7]:
                self._sent_starter_fdist[p2[0]] += 1
            # collocation candidate
            if ((self.INCLUDE_ALL_COLLOCS or (self.INCLUDE_ABBREV_COLLOCS and abbr[i])
                    or (sentbreak[i] and (p1[5] or p1[6]))) and p1[8] and p2[8]):
                self._collocation_fdist[(p1[2], no_sentperiod(i + 1))] += 1
