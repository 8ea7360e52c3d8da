"""Punkt training, same parameters as NLTK's, several times faster.

:class:`FastPunktTrainer` is NLTK's ``PunktTrainer`` with a fast ``train(text)``: NLTK builds a
``PunktToken`` object with several guarded regular-expression calls for every word of the training
text (about 9 CPU seconds for the 2 million characters framelens trains on); this computes every
per-token property once per distinct token string and runs the same passes over plain lists. The
learned parameters and counts are identical (``tests/test_fast_punkt.py``).

It lives apart from :mod:`framelens.fast_punkt` (the tokenizer) because it needs NLTK, whose import
costs about 2.5 CPU seconds (``nltk`` pulls in scipy): with the trained parameters cached
(:func:`framelens.text.trained_punkt_parameters`), splitting sentences never imports it.
"""
from __future__ import annotations

from collections import Counter

from nltk.tokenize.punkt import (
    _ORTHO_BEG_UC,
    _ORTHO_MAP,
    _ORTHO_MID_UC,
    PunktLanguageVars,
    PunktToken,
    PunktTrainer,
    _re_non_punct,
)

from framelens.fast_punkt import _engine_for, _raw, _std

__all__ = ["FastPunktTrainer"]

_RE_NUMERIC = _raw(PunktToken._RE_NUMERIC)
_RE_INITIAL = _raw(PunktToken._RE_INITIAL)
_RE_ALPHA = _raw(PunktToken._RE_ALPHA)
_RE_ELLIPSIS = _raw(PunktToken._RE_ELLIPSIS)
_RE_NON_PUNCT = _raw(_re_non_punct)


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
