"""Who is attributed: the source of a reporting verb, found with capitalisation and word lists.

:func:`attributed_source` takes a reporting verb already found in a sentence (by the attribution
extractor) and looks for the noun phrase it attributes words to. No tagger, no model: noun phrases
are chunked from capitalisation (proper-noun runs such as ``Armenia’s Defense Ministry``), closed
lists of determiners, pronouns and function words, and a few prepositions that may join a phrase
(``a spokesman for the ministry``, ``people familiar with the matter``).

Patterns, tried in this order
-----------------------------
- ``according to X``: the verb span is ``according to`` (or starts with ``according``); X is the
  noun phrase to the right (a capitalised name is read to its end, up to 16 words: ``a statement
  from the Department of Health and Human Services``). Non-sources (``according to
  plan``/``schedule``/``tradition``) give None.
- ``cited X as saying`` / ``quoted X as saying`` / ``citing X``: X to the right of the verb, up to
  ``as``. When the verb given is the ``saying`` of ``as saying``, X is the phrase between the
  citing verb and ``as``.
- **Passive reporting** (``was told by X``, ``is reported by X``): X after ``by``; a passive with no
  ``by`` (``had been reported captured``, ``it is said``) has no source: None. So has ``accused
  of`` with no object between (``the man accused of shooting``, ``stands accused of``): the phrase
  before it names the accused, not the accuser.
- ``X said`` (subject to the left): after skipping auxiliaries, adverbs and a short time phrase
  (``has also said``, ``on Wednesday said``), the noun phrase that ends right before the verb.
- ``X, who …, said`` / ``X, the leader of Y, said``: a comma-delimited insertion right before the
  verb is skipped and X is the phrase before it; when the insertion is itself a name (``The leader
  of …, Arayik Harutyunyan, made``), the name is the source.
- ``X did something, explaining/saying/adding …`` (a participle after a comma): X is the first noun
  phrase of the clause before the comma.
- ``“…,” said X`` / ``…, said X.`` (inversion): when the verb follows a closing quotation mark, or a
  comma and the phrase after the verb ends the sentence or the clause, X is the phrase to the right.

Pronouns count as sources (``he said`` returns ``he``): the pronoun marks that a person or body is
named as the speaker (the antecedent is usually in an earlier sentence; resolving it is out of
scope), which is what separates attributed from unattributed claims. Relative ``who`` is followed
back to its antecedent (``officials who said`` returns ``officials``).

Measured precision on the blind evaluation sample of round 4 (``docs/validity.md``): 0.84 [0.76,
0.90]; the errors are mostly coordinated subjects cut to their last conjunct and a source taken
from a nearby phrase when the subject is far.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from framelens.features.passives import irregular_participles
from framelens.text import WORD_RE

_TITLES = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Jr|Sr|Rev|Pres|St|Adm|Maj|Cpl|Gens|Reps|Sens)\."
# words: initialisms (U.S.), titles (Mr.), middle initials (George W. Bush), WORD_RE words
_TOKEN_RE = re.compile(rf"(?P<w>(?:[A-Z]\.){{2,}}|{_TITLES}|[A-Z]\.(?=\s+[A-Z])|{WORD_RE.pattern})|(?P<p>\S)")
# _TOKEN_RE with the whitespace before each token captured: finditer skips only whitespace (every
# other character starts some token), so a token starts right after its captured gap. Written for
# speed, with the same tokens (tests/test_sources.py compares the two): word and punctuation tokens
# are one group (a word starts with a letter or digit, str.isalnum; punctuation is one character
# that is not one); the first three word alternatives (initialisms, titles, initials) all start
# with a capital, at most three small letters and a period, which one lookahead checks before
# trying them; and the last (WORD_RE) is possessive, which changes nothing, since the pattern ends
# after it and never backtracks into it, but saves the regex engine its bookkeeping.
_TOKEN_GAP_RE = re.compile(rf"(\s*)((?=[A-Z][a-z]{{0,3}}\.)(?:(?:[A-Z]\.){{2,}}|{_TITLES}|[A-Z]\.(?=\s+[A-Z]))"
                           r"|[^\W_]++(?:['’\-‐][^\W_]+)*+|\S)")
#: Whitespace among ASCII characters (str.isspace, which ``\s`` follows: also U+001C to U+001F).
_ASCII_SPACE = r"[ \t\n\r\x0b\x0c\x1c-\x1f]"
#: :data:`_TOKEN_GAP_RE` for ASCII text, where a letter or digit is [A-Za-z0-9] and whitespace is
#: :data:`_ASCII_SPACE`: the same tokens, found faster (a table look-up per character instead of a
#: Unicode category check). Used when the stretch tokenised is ASCII (the pattern sees nothing
#: outside it).
_TOKEN_GAP_ASCII_RE = re.compile(_TOKEN_GAP_RE.pattern.replace(r"[^\W_]", "[A-Za-z0-9]")
                                 .replace(r"\s", _ASCII_SPACE))

PRONOUNS = frozenset("he she they we i it you".split())
DETERMINERS = frozenset("""the a an his her its their our my your this that these those two three four
five six seven eight nine ten several some many other both all few most another one each dozens
hundreds""".split())
_JOINING_PREPS = frozenset("of for with at from in".split())
#: Heads that keep a "to" phrase ("the ambassador to the United Nations said"; round 8).
_TO_HEADS = frozenset("""ambassador ambassadors envoy envoys adviser advisers advisor advisors counselor
counsel aide aides secretary delegate delegates representative representatives liaison assistant
successor heir nominee spokesman spokeswoman spokesperson""".split())
#: Words that open a postmodifier of a source set off by commas ("three sources, including a U.S.
#: official, familiar with the matter said"; round 8).
_POSTMODIFIER_OPENERS = frozenset("familiar knowledgeable close briefed".split())
_BE = frozenset("am is are was were be been being isn't aren't wasn't weren't".split())
_AUX_SKIP = frozenset("""has have had having would will did does do also previously later then not
n't never once again earlier just already still repeatedly publicly privately separately recently
now reportedly initially first last can cannot can't could couldn't should shouldn't must may might
won't wouldn't often ever always sometimes even long""".split())  # round 9: "was often criticized by", "ever conceded"
#: Words of _AUX_SKIP that are also surnames: capitalised after a capitalised word, they end a name.
_NAME_AUXILIARIES = frozenset(("may", "long"))
#: The auxiliaries and modals among them (the rest are adverbs).
_AUXILIARIES = frozenset("""has have had having would will did does do can cannot can't could couldn't should
shouldn't must may might won't wouldn't""".split())
#: A pronoun and a contracted auxiliary written as one token (lower case, straight apostrophe).
_PRONOUN_CONTRACTION = re.compile(r"(i|you|we|they|he|she|it)'(re|m|ve|d|ll|s)")
_TIME_HEADS = frozenset("""monday tuesday wednesday thursday friday saturday sunday week month year
night morning afternoon evening weekend day""".split())
_TIME_LEAD = frozenset("on last this that late early earlier".split())
#: Words that end a noun phrase scan (lower case).
STOP = frozenset("""that which who whom whose and but or nor when as if because while after before
since where what how why than so to of for with at from in on by about into over under against
during without within between through not no said says say told tells reported reports also has
have had is are was were be been being will would can could may might should must do does did there
here then now however meanwhile moreover yet although though unless until whether according per
like amid among despite even only just""".split())
_CAP_STOP = frozenset("""but and however meanwhile earlier later yesterday today tonight on in after
when if as while since because although though also then so now still thus last this but yet or
there here it whatever whoever whichever just even only unless whether once until before
instead""".split())
_TITLE_WORDS = frozenset("""mr mrs ms dr sen rep gov gen lt col sgt capt prof rev pres adm maj cpl
president senator governor""".split())
_RIGHT_START_STOP = frozenset("""that it this there january february march april june july august
september october november december yesterday today tonight earlier later""".split())
_NOT_SOURCES = frozenset("plan plans schedule tradition custom legend rules script".split())
_CITE_VERBS = frozenset("cite cites cited citing quote quotes quoted quoting".split())
_AS_VERBS = frozenset("saying telling stating writing adding".split())
_CLOSE_QUOTES = frozenset("”\"’'")
MAX_NP_WORDS = 8
#: Most words of a noun phrase to the right that runs on inside a capitalised name past
#: MAX_NP_WORDS ("according to a statement from the Department of Health and Human Services").
MAX_NAME_WORDS = 16
#: Words in -ly that are nouns or adjectives, not adverbs: they do not end a noun phrase
#: ("organizers of Wednesday's rally in Washington say", "elderly residents said"; round 11).
_LY_WORDS = frozenset("""rally ally family assembly supply reply anomaly monopoly italy july elderly
daily weekly monthly quarterly yearly nightly friendly deadly costly homily""".split())
#: Nouns in -ing that may head the source of "according to" ("according to an intelligence briefing",
#: "according to the latest polling"; round 11); other words in -ing end the phrase there. Not after
#: other verbs: in "said the group held a meeting Sunday" the phrase on the right is the said-clause.
_ING_NOUNS = frozenset("""briefing briefings polling hearing hearings ruling rulings filing filings
finding findings meeting meetings reporting recording recordings listing listings posting postings
warning warnings reading readings""".split())
#: Words that make a joining preposition on the right the start of a quantity, not of a name
#: ("according to Reuters interviews with more than a dozen experts"; round 11).
_QUANTITY_WORDS = frozenset("more less fewer than".split())


def _ly_adverb(w: str) -> bool:
    """Does the lower-case word ``w`` read as an adverb in -ly (not a noun or adjective such as
    "family", "rally", "elderly": :data:`_LY_WORDS`)?"""
    return w.endswith("ly") and w not in _LY_WORDS


def _tokens(text: str, start: int, end: int):
    """Tokens of ``text[start:end]`` as (start, end, text, "w" word or "p" punctuation, low), where
    ``low`` is the token's text in lower case with the curly apostrophe ’ made straight: the form
    every rule compares with its word lists ("Trump’s" reads "trump's"), made once here instead of
    each time a rule reads the token.

    The same tokens as ``_TOKEN_RE.finditer(text, start, end)``, read with one ``findall`` of
    :data:`_TOKEN_GAP_RE` (the whitespace before each token is captured, so offsets add up) instead
    of four method calls on a match object per token. A token is a word when it is longer than one
    character or is a letter or digit (punctuation tokens are single characters that are not).
    """
    ascii = text[start:end].isascii()
    out = []
    append = out.append
    pos = start
    for gap, tok in (_TOKEN_GAP_ASCII_RE if ascii else _TOKEN_GAP_RE).findall(text, start, end):
        s = pos + len(gap)
        n = len(tok)
        pos = s + n
        append((s, pos, tok, "w" if n > 1 or tok.isalnum() else "p", tok.lower()))
    if not ascii and text.find("’", start, end) >= 0:
        out = [t if "’" not in t[4] else t[:4] + (t[4].replace("’", "'"),) for t in out]
    return out


def _is_cap(tok) -> bool:
    return tok[3] == "w" and tok[2][:1].isupper()


#: Joining words trimmed from the start of a noun phrase scanned to the left.
_LEADING_JOINERS = _JOINING_PREPS | {"and", "&"}
#: Words before a past form that make it the verb of a clause ("has frustrated", "who said").
_BEFORE_PAST = _BE | {"has", "have", "had", "who", "which", "that"}
#: Words that may join two parts of a noun phrase scanned to the left ("Johnson and Johnson", "a
#: person knowledgeable about the commission", "a spokesman for the ministry", "an aide to Kerry").
_LEFT_JOINING_WORDS = _JOINING_PREPS | {"and", "&", "about", "to"}
#: Leading words skipped before the subject of a clause (:func:`_clause_subject`).
_CLAUSE_OPENERS = _CAP_STOP | {"and", "but"}


def _left_np(toks, k):
    """Noun phrase ending at token index k (inclusive), scanning left. Returns (i0, k) or None."""
    if k < 0 or toks[k][3] != "w":
        return None
    head = toks[k]
    hl = head[4]
    if hl in ("s", "'s") and k >= 1 and toks[k - 1][2] in "’'":
        return None  # a possessive split off by tokenised text ("McDougal ’s claim")
    if hl in PRONOUNS:
        return (k, k)
    if head[2][:1].isupper():  # _is_cap(head): head is a word
        if hl in _CAP_STOP:
            return None
    elif hl in STOP or hl in DETERMINERS or hl.endswith("ed") or _ly_adverb(hl):
        return None
    i = k
    words = 1
    while i - 1 >= 0 and words < MAX_NP_WORDS:
        t = toks[i - 1]
        if t[3] != "w" and not (t[2] == "&" and t[0] == toks[i][0] - 1 and i - 2 >= 0
                                and toks[i - 2][1] == t[0] and _is_cap(toks[i - 2])):
            break  # (round 8: "J&J" is one name; "AT&T" is not yet: "AT" reads as the stop word "at")
        tl = t[4]
        if tl in DETERMINERS:
            if tl != "the" and i < k and toks[i][4].rstrip(".") in _TITLE_WORDS:
                break  # "wrote that Mr. Trump told": no determiner but "the" comes before a title and a name
            i -= 1
            words += 1
            # continue across "of/for/with..." : "a spokesman for the ministry"; "to" after a role
            # ("the ambassador to the United Nations"), "across" after a plural ("protesters across
            # the country")
            prep = toks[i - 1][4] if i - 1 >= 0 else ""
            if i - 2 >= 0 and toks[i - 2][3] == "w" and (
                    (prep == "to" and toks[i - 2][4] in _TO_HEADS)
                    or (prep == "across" and toks[i - 2][4].endswith("s")
                        and toks[i - 2][4] not in STOP and toks[i - 2][4] not in PRONOUNS)):
                i -= 2
                words += 2
                continue
            if i - 2 >= 0 and toks[i - 1][4] in _JOINING_PREPS and toks[i - 2][3] == "w" \
                    and toks[i - 2][4] not in STOP and toks[i - 2][4] not in DETERMINERS:
                i -= 2
                words += 2
                continue
            # a determiner ends the phrase unless a second one precedes ("all the")
            continue
        if tl in _LEFT_JOINING_WORDS:  # each of the three checks below needs one of these words
            if tl in ("and", "&") and i - 2 >= 0 and _is_cap(toks[i - 2]) and toks[i - 2][4] not in _CAP_STOP:
                i -= 1
                words += 1
                continue
            if tl == "about" and i - 2 >= 0 and toks[i - 2][4] == "knowledgeable":
                i -= 1  # "a person knowledgeable about the commission said"
                words += 1
                continue
            if tl in _JOINING_PREPS and i - 2 >= 0 and toks[i - 2][3] == "w" and toks[i - 2][4] not in STOP \
                    and (_is_cap(toks[i]) or tl in ("of", "for")) \
                    or tl == "to" and i - 2 >= 0 and toks[i - 2][4] in _TO_HEADS and _is_cap(toks[i]):
                # (round 11: "to" after a role and before a name, "a top aide to Kerry said")
                i -= 1
                words += 1
                continue
        if t[3] == "w" and t[2][:1].isupper():  # _is_cap(t)
            if tl in _CAP_STOP:
                break
            i -= 1
            words += 1
            continue
        if tl in STOP or tl in PRONOUNS or _ly_adverb(tl) or tl in _PAST_NOT_MODIFIER:
            break  # (round 11: a past verb is not a modifier: "Mr. Tsarni sought advice from a family friend, who told")
        # lower-case modifier (adjective/noun); not across a determiner already taken
        if toks[i][4] in DETERMINERS:
            break
        i -= 1
        words += 1
    # trim leading joining words
    while i < k and toks[i][4] in _LEADING_JOINERS:
        i += 1
    # a postmodifier after an aside: "three sources, including a U.S. official, familiar with the
    # matter said" -> from "three sources" (round 8)
    if toks[i][4] in _POSTMODIFIER_OPENERS and i >= 2 and toks[i - 1][2] == ",":
        j = i - 2
        while j >= 0 and toks[j][2] != "," and i - j <= 10:
            j -= 1
        if j >= 1 and toks[j][2] == ",":
            head = _left_np(toks, j - 1)
            if head is not None:
                return (head[0], k)
    if i < k and toks[i][4] == "that":
        i += 1  # "the level that the President announced", "concerned that politicians promising"
    if i < k and toks[i][2].isupper() and len(toks[i][2]) <= 2 and i >= 2 and toks[i - 1][2] == "." \
            and toks[i - 2][1] == toks[i - 1][0] and toks[i - 1][1] == toks[i][0]:
        i += 1  # the exchange suffix of a ticker ("GOOGL.O Google") is not part of the name
    # a past verb inside the phrase ends it: "has frustrated activists, who say" -> activists
    for t in range(k - 1, i - 1, -1):
        tt = toks[t]
        if not (tt[3] == "w" and tt[2][:1].isupper()) and _looks_past(tt[4]) and t > 0 and (
                toks[t - 1][4] in _BEFORE_PAST):
            i = t + 1
            break
    return (i, k)


def _right_np(toks, k, stop_at_as=False, ing_nouns=False):
    """Noun phrase starting at token index k, scanning right. Returns (k, j) or None. With
    ``ing_nouns``, the nouns of :data:`_ING_NOUNS` may be part of it."""
    n = len(toks)
    if k >= n or toks[k][3] != "w":
        return None
    j = k
    words = 0
    last_ok = -1
    while j < n and (words < MAX_NP_WORDS or words < MAX_NAME_WORDS and _continues_name(toks, j)):
        t = toks[j]
        if t[3] != "w":
            if t[2] == "/" and last_ok == j - 1 and j + 1 < n and _is_cap(toks[j - 1]) and _is_cap(toks[j + 1]) \
                    and toks[j - 1][1] == t[0] == toks[j + 1][0] - 1:
                j += 1  # "a Reuters/Ipsos opinion poll": one name (round 11)
                continue
            break
        tl = t[4]
        if stop_at_as and tl == "as":
            break
        if words and tl in _TIME_LEAD and j + 1 < n and toks[j + 1][4] in _TIME_HEADS:
            break  # "wrote Steven Dennis last month": the time phrase is not part of the source
        if words == 0 and (tl in _RIGHT_START_STOP or tl in _TIME_HEADS):
            return None
        if (tl in DETERMINERS and last_ok < 0) or (tl in PRONOUNS and words == 0):
            words += 1
            if tl in PRONOUNS:
                last_ok = j
                break
            j += 1
            continue
        if tl in _JOINING_PREPS and last_ok >= 0 and j + 1 < n and toks[j + 1][3] == "w":
            nl = toks[j + 1][4]
            if tl in ("of", "for", "from", "at", "with") or _is_cap(toks[j + 1]):
                if nl not in STOP and nl not in _QUANTITY_WORDS:
                    words += 1
                    j += 1
                    continue
            break
        if tl in ("and", "&") and last_ok >= 0 and j + 1 < n and _is_cap(toks[j + 1]) and _is_cap(toks[j - 1]):
            words += 1
            j += 1
            continue
        if _is_cap(t):
            if tl in _CAP_STOP and words == 0:
                return None
            last_ok = j
            words += 1
            j += 1
            continue
        if tl in STOP or _ly_adverb(tl) \
                or (last_ok >= 0 and (tl.endswith("ed") or tl.endswith("ing") and not (ing_nouns and tl in _ING_NOUNS))):
            break
        last_ok = j
        words += 1
        j += 1
    if last_ok < 0:
        return None
    return (k, last_ok)


def _continues_name(toks, j) -> bool:
    """Does ``toks[j]`` carry on the capitalised name before it (a capitalised word, or "of", "for",
    "and", "&" between two)? The phrase on the right then runs past MAX_NP_WORDS (round 11)."""
    if j < 1 or toks[j][3] != "w":
        return False
    tl = toks[j][4]
    if _is_cap(toks[j]):
        if tl in _CAP_STOP:
            return False
        if _is_cap(toks[j - 1]):
            return True
        return j >= 2 and toks[j - 1][4] in _NAME_JOINERS and _is_cap(toks[j - 2])
    return tl in _NAME_JOINERS and _is_cap(toks[j - 1]) and j + 1 < len(toks) and _is_cap(toks[j + 1])


_NAME_JOINERS = frozenset(("of", "for", "and", "&"))


def _span(text, toks, a, b):
    s, e = toks[a][0], toks[b][1]
    found = text[s:e]
    if a == b and found.lower().rstrip(".") in _TITLE_WORDS:
        return None  # "said Sen ." cut off by a sentence split: the name is elsewhere
    return (found, s, e)


#: The patterns read at most this many tokens right of the verb (a noun phrase of MAX_NP_WORDS
#: words after ``by``, and one token past it); :func:`_right_tokens` tokenises no further.
_RIGHT_TOKENS = MAX_NP_WORDS + 4
_RIGHT_CHARS = 240
_TOKEN_JOINERS = frozenset("'’-‐")


#: The last sentence prefix tokenised by :func:`_left_tokens`: (text, start, end, tokens).
_PREFIX: list = [None, -1, -1, []]


def _left_tokens(text: str, s0: int, verb_end: int):
    """``_tokens(text, s0, verb_end)``, reusing the tokens of the last call's prefix when
    it was of the same text and sentence start and ended at or before ``verb_end``: the extractor
    reads a document's verbs in order, and about one in five shares its sentence with the one
    before. The prefix is kept only when it ends on a token boundary (no letter, digit or joiner
    follows), so its tokens are the first tokens of any longer stretch of the same sentence. The
    list returned may be the one kept: callers must not change it."""
    c_text, c_s0, c_end, c_toks = _PREFIX
    if c_text is text and c_s0 == s0 and c_end <= verb_end:
        toks = c_toks + _tokens(text, c_end, verb_end)
    else:
        toks = _tokens(text, s0, verb_end)
    if verb_end == len(text) or not (text[verb_end].isalnum() or text[verb_end] in _TOKEN_JOINERS):
        _PREFIX[:] = (text, s0, verb_end, toks)
    return toks


def _verb_tokens(text: str, s0: int, s1: int, verb_start: int, verb_end: int):
    """Tokens of the sentence around a verb as far as the verb, L and R (the last token ending at or
    before the verb and the first starting at or after its end), and ``rest``: the offset from which
    the text right of the verb is still to be tokenised (:func:`_right_tokens`), or None when the
    tokens hold it already.

    The same tokens as ``_tokens(text, s0, s1)`` as far as any pattern reads them, for less work:
    the text left of the verb is tokenised in full (patterns may scan back to the sentence start),
    the text right of it only when a pattern reads it (the commonest, "X said", does not). When the
    verb does not end on a token boundary (a joiner follows), the whole sentence is tokenised.
    """
    if not text[verb_end - 1].isalnum() or (verb_end < s1 and (text[verb_end].isalnum()
                                                               or text[verb_end] in _TOKEN_JOINERS)):
        toks = _tokens(text, s0, s1)
        # token spans increase, so both are bisections
        L = bisect_right([t[1] for t in toks], verb_start) - 1
        R = bisect_left([t[0] for t in toks], verb_end)
        return toks, L, R, None
    toks = _left_tokens(text, s0, verb_end)
    R = len(toks)
    L = R - 1
    while L >= 0 and toks[L][1] > verb_start:
        L -= 1
    return toks, L, R, verb_end


def _right_tokens(text: str, verb_end: int, s1: int):
    """Tokens of ``text[verb_end:s1]``, the sentence right of a verb, as far as any pattern reads
    them: up to a whitespace within ``_RIGHT_CHARS`` characters, provided that holds at least
    ``_RIGHT_TOKENS`` tokens (no pattern reads further right), else to the sentence end."""
    if s1 - verb_end > _RIGHT_CHARS:
        cut = text.rfind(" ", verb_end, verb_end + _RIGHT_CHARS)
        if cut > verb_end:
            right = _tokens(text, verb_end, cut)
            if len(right) >= _RIGHT_TOKENS:
                return right
    return _tokens(text, verb_end, s1)


#: The last call of :func:`attributed_source`: (text, sentence and verb spans, its answer).
_LAST_CALL: list = [None, None, None]


def attributed_source(text: str, sent_start: int, sent_end: int, verb_start: int,
                      verb_end: int) -> tuple[str, int, int] | None:
    """The source a reporting verb attributes words to, with its character span.

    Parameters
    ----------
    text : str
        The document text.
    sent_start, sent_end : int
        Character span of the sentence that holds the verb.
    verb_start, verb_end : int
        Character span of the reporting verb (``said``, ``according to``, ``cited`` ...).

    Returns
    -------
    (source, start, end) or None
        ``text[start:end] == source``. None when no source is found (for example an agentless
        ``it was reported``). See the module docstring for the patterns.

    The answer depends on the arguments alone; the last one is kept, since the same verb is often
    asked about twice in a row (by the attribution rows and by the subject checks of
    :mod:`framelens.features.context`).
    """
    spans = (sent_start, sent_end, verb_start, verb_end)
    last_text, last_spans, last_found = _LAST_CALL
    if last_text is text and last_spans == spans:
        return last_found
    found = _attributed_source(text, sent_start, sent_end, verb_start, verb_end)
    _LAST_CALL[:] = (text, spans, found)
    return found


def _attributed_source(text, sent_start, sent_end, verb_start, verb_end):
    """:func:`attributed_source`, without the memory of the last call."""
    if not (sent_start <= verb_start < verb_end <= sent_end <= len(text)):
        return None
    toks, L, R, rest = _verb_tokens(text, sent_start, sent_end, verb_start, verb_end)

    def right():
        """``toks`` with the tokens right of the verb (tokenised on the first call, into a new list:
        :func:`_left_tokens` keeps the one it returned): every pattern that reads right of the verb
        calls it first."""
        nonlocal rest, toks
        if rest is not None:
            toks = toks + _right_tokens(text, rest, sent_end)
            rest = None
        return toks

    if R == L + 2 and toks[L + 1][0] == verb_start and toks[L + 1][1] == verb_end:
        first = toks[L + 1][4]  # the verb is one token (the commonest case): its lower-case form
    else:
        words = text[verb_start:verb_end].lower().replace("’", "'").split()
        first = words[0] if words else ""

    if first == "according":
        np_ = _right_np(right(), R, ing_nouns=True)
        if np_ and toks[np_[1]][4] not in _NOT_SOURCES:
            return _span(text, toks, *np_)
        return None
    if first in _CITE_VERBS:
        np_ = _right_np(right(), R, stop_at_as=True)
        return _span(text, toks, *np_) if np_ else None
    if first in _AS_VERBS and L >= 0 and toks[L][4] == "as":
        for c in range(L - 1, max(-1, L - 12), -1):
            if toks[c][4] in _CITE_VERBS:
                np_ = _right_np(right(), c + 1, stop_at_as=True)
                return _span(text, toks, *np_) if np_ else None

    # skip auxiliaries, adverbs and a short time phrase to the left
    k = L
    passive = False
    auxiliary = False  # a form of be/have before the verb: "— are asking the court" is no inversion
    while k >= 0 and toks[k][3] == "w":
        tl = toks[k][4]
        if tl in _NAME_AUXILIARIES and _is_cap(toks[k]) and k >= 1 and _is_cap(toks[k - 1]):
            break  # "Theresa May said", "Sen. Billy Long said": a name, not an auxiliary or adverb (round 11)
        if tl in _BE:
            passive = passive or not first.endswith("ing")  # "is saying" is progressive, not passive
            auxiliary = True
            k -= 1
        elif tl in _AUX_SKIP or (tl.endswith("ly") and tl not in _LY_WORDS and not _is_cap(toks[k])):
            auxiliary = auxiliary or tl in _AUXILIARIES
            k -= 1
        elif tl.endswith("n't"):
            k -= 1  # a negated auxiliary written as one token: "hasn't said", "didn't report"
        elif tl in _TIME_HEADS and k - 1 >= 0 and toks[k - 1][4] in _TIME_LEAD:
            k -= 2
        else:
            break
    # a parenthesised acronym before the verb: "National Security Service (NSS) announced"
    if k >= 2 and toks[k][2] == ")" and toks[k - 2][2] == "(" and _is_cap(toks[k - 1]):
        k -= 3
    # "the man accused of shooting", "who now stands accused of": the one accused, never the accuser
    if first == "accused" and R < len(right()) and toks[R][4] == "of":
        passive = True
    if passive:
        if R + 1 < len(right()) and toks[R][4] == "by":
            np_ = _right_np(toks, R + 1)
            return _span(text, toks, *np_) if np_ else None
        return None
    if k < 0:
        return _inversion(text, right(), R)
    tok = toks[k]
    if tok[3] == "p":
        right()  # each pattern after punctuation may read right of the verb
        if tok[2] in _CLOSE_QUOTES or tok[2] in "—–":
            # "“We won,” said Smith" inverts; after an auxiliary the noun phrase on the right is the
            # addressee or object: "... — are asking the court to block" (round 10)
            return None if auxiliary else _inversion(text, toks, R)
        if tok[2] == ",":
            if k - 1 >= 0 and toks[k - 1][2] in _CLOSE_QUOTES:
                return _inversion(text, toks, R)
            if first.endswith("ing") and not auxiliary:
                # "X expressed a caution, explaining ...": the subject of the clause before the comma
                # (round 11: not after an auxiliary, "veterans, in particular, are urging": progressive)
                return _clause_subject(text, toks, k)
            # "…, said Pentagon spokesman John Kirby." beats "X, <insertion>, said"; a lower-case
            # phrase after the verb ("…, said the talks went well") is more likely the said-clause.
            inv = _inversion(text, toks, R, must_end_clause=True)
            if inv and any(ch.isupper() for ch in inv[0]):
                return inv
            ins = _before_insertion(text, toks, k)
            if ins:
                return ins
            if inv and len(WORD_RE.findall(inv[0])) <= 3:
                return inv
            return None
        return None
    tl = tok[4]
    if tl == "who":
        np_ = _antecedent(toks, k)
        return _span(text, toks, *np_) if np_ else None
    if k - 1 >= 0 and toks[k - 1][4] in ("who", "which") and not _is_cap(tok) and tl not in PRONOUNS:
        # "officials who spoke said": the verb before "said" belongs to the relative clause
        np_ = _antecedent(toks, k - 1)
        return _span(text, toks, *np_) if np_ else None
    contraction = "'" in tl and _PRONOUN_CONTRACTION.fullmatch(tl)
    if contraction:
        # "we're reminded" is a passive with no agent given; "they've said": the pronoun alone
        if contraction.group(2) in ("re", "m") and not first.endswith("ing"):
            return None
        return (tok[2][:len(contraction.group(1))], tok[0], tok[0] + len(contraction.group(1)))
    np_ = _left_np(toks, k)
    if np_:
        np_ = _relative_clause_antecedent(text, toks, np_) or np_
        np_ = _coordinated(text, toks, _place_apposition(toks, np_))
    return _span(text, toks, *np_) if np_ else None


def _relative_clause_antecedent(text, toks, np_):
    """The noun phrase before *who* when ``np_`` stands inside a relative clause: "Republicans in
    Congress who vehemently oppose Mr. Obama's action say", "Officials who spoke on condition of
    anonymity said", "People who know him say": the sayers are the antecedent, not the clause's
    object (round 10). When *who* stands right before ``np_`` the tagger decides: a verb first ("who
    know him") is the clause's, a noun ("the suspect who authorities say") is the subject of the
    reporting verb and is kept. The scan stops at punctuation and looks back 8 words."""
    for w in range(np_[1] - 1, max(-1, np_[0] - 9), -1):
        t = toks[w]
        if t[3] != "w" or t[4] in _SUBORDINATORS:
            return None  # "..., who first offered it Monday after Kerry earlier said": Kerry's own clause
        if t[4] == "who":
            if w < 1:
                return None
            if w == np_[0] - 1 and not _starts_with_verb(text, toks, np_):
                return None
            return _antecedent(toks, w)
    return None


def _antecedent(toks, w):
    """The noun phrase before the relative pronoun ``toks[w]`` (past a comma right before it): the
    one a relative clause describes ("officials who spoke", "Smith, who was arrested")."""
    j = w - 1
    if j >= 0 and toks[j][2] == ",":
        j -= 1
    return _left_np(toks, j)


_SUBORDINATORS = frozenset("that after before when while because since if although though whether until unless as".split())


def _tagged(text, toks, a, b):
    """(word, tag) of the tokens ``a`` to ``b`` (inclusive) by the shipped tagger, read in place."""
    from framelens.tagger import tag_span

    return [(t[2], t[3]) for t in tag_span(text, toks[a][0], toks[b][1])]


def _starts_with_verb(text, toks, np_):
    tags = [tag for _, tag in _tagged(text, toks, *np_)]
    return bool(tags) and tags[0].startswith("VB")


#: Tags of the words of a noun phrase (the shipped tagger's Penn tags).
_NOMINAL_TAGS = ("NN", "JJ", "DT", "PRP$", "CD", "POS")
_CONJUNCT_BOUNDARY = frozenset(",;:—–(“\"‘'")


def _coordinated(text, toks, np_):
    """Extend a subject to the conjuncts before it: "nurses and ⟪other experts⟫ are warning",
    "⟪The NAACP⟫, the ADL and other groups". A conjunct joins only if the tagger reads it as a noun
    phrase and it starts the clause (after a comma, a colon or a clause word, or at the start)."""
    i0, k = np_
    joined = i0 < k and any(t[4] in ("and", "&") for t in toks[i0:k])
    while i0 >= 2:
        comma = toks[i0 - 1][2] == ","
        if not (comma and joined) and not (toks[i0 - 1][3] == "w" and toks[i0 - 1][4] in ("and", "&")):
            break
        left = _left_np(toks, i0 - 2)
        if not left:
            break
        a, b = left
        # a list's earlier items are names ("The NAACP, the ADL and ..."), not a clause before a comma
        if comma and not _is_cap(toks[b]):
            break
        if not _starts_clause(toks, a) or not _nominal(text, toks, a, b):
            break
        i0, joined = a, True
    return (i0, k)


def _starts_clause(toks, a):
    if a == 0:
        return True
    t = toks[a - 1]
    return t[2] in _CONJUNCT_BOUNDARY or (t[3] == "w" and t[4] in ("that", "as", "while", "but", "when",
                                                                     "because", "since", "after", "so"))


def _nominal(text, toks, a, b):
    # "of" inside a quantity or group noun phrase is part of it ("a number of transgender advocates",
    # "dozens of doctors"; round 10)
    tags = [tag for word, tag in _tagged(text, toks, a, b) if word.lower() != "of"]
    return bool(tags) and tags[-1].startswith("NN") and all(t.startswith(_NOMINAL_TAGS) for t in tags)


_US_STATES = frozenset("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
virginia washington wisconsin wyoming""".split()) | {"new hampshire", "new jersey", "new mexico", "new york",
                                                    "north carolina", "north dakota", "rhode island",
                                                    "south carolina", "south dakota", "west virginia"}


def _place_apposition(toks, np_):
    """"The police chief in Louisville, ⟪Kentucky⟫ said": the state after a city names a place,
    and the source is the noun phrase before "in"."""
    i0, k = np_
    if not (i0 >= 3 and toks[i0 - 1][2] == "," and _is_cap(toks[i0]) and _is_cap(toks[i0 - 2])
            and " ".join(t[4] for t in toks[i0:k + 1]) in _US_STATES):
        return np_
    j = i0 - 2
    while j >= 1 and _is_cap(toks[j - 1]) and toks[j - 1][4] not in _CAP_STOP:
        j -= 1
    if j >= 2 and toks[j - 1][4] == "in":
        left = _left_np(toks, j - 2)
        if left:
            return (left[0], k)
    return np_


def _described_by_insertion(toks, a):
    """The noun phrase that the phrase starting at token ``a`` describes, when that phrase is an
    insertion after a comma or a relative clause after "who": in "James Phelps, a professor who
    studies border security at a university in San Angelo, Texas, said", from "studies ..." back to
    "a professor", then to "James Phelps" (round 11). None when the phrase stands on its own."""
    found = None
    if a >= 2 and toks[a - 1][4] == "who":
        found = _antecedent(toks, a - 1)
        if found is None:
            return None
        a = found[0]
    if a >= 2 and toks[a - 1][2] == ",":
        return _left_np(toks, a - 2) or found
    return found


def _clause_subject(text, toks, k):
    """The first noun phrase of the clause that ends at the comma ``toks[k]``."""
    c = k - 1
    while c >= 0 and toks[c][2] not in ",;:":
        c -= 1
    j = c + 1
    # a closing quotation mark after the comma ('"We will," Mr. Trump said, adding ...'): the clause
    # starts after it (a curly ” or ’, or a straight quote attached to the comma; not an opening one)
    if c >= 0 and j < k and toks[j][3] == "p" and (toks[j][2] in "”’" or (toks[j][2] in "\"'"
                                                                        and toks[j][0] == toks[c][1])):
        j += 1
    # skip a leading adverbial word or two ("Just days earlier" has its own comma, "But" does not)
    while j < k and toks[j][4] in _CLAUSE_OPENERS:
        j += 1
    np_ = _right_np(toks, j)
    if not np_ or np_[1] >= k:
        return None
    # the clause's noun phrase ends before its verb: "Abbott sent a message, adding" -> Abbott
    for t in range(np_[0], np_[1] + 1):
        if not _is_cap(toks[t]) and _looks_past(toks[t][4]):
            if t == np_[0]:
                return None  # the clause starts with its verb: its subject is elsewhere
            np_ = (np_[0], t - 1)
            break
    return _span(text, toks, *np_)


def _looks_past(w: str) -> bool:
    """A lower-case word that reads as a past verb form (regular -ed, or an irregular participle)."""
    return (w.endswith("ed") and len(w) > 3) or w in irregular_participles() or w in _IRREGULAR_PAST


_IRREGULAR_PAST = frozenset("""sent struck made took gave went came said told wrote spoke saw began
ran won lost held left led brought bought sought thought caught taught fought stood kept met paid
put set cut hit rose fell drove chose froze stole""".split())


#: The irregular past forms that are not also nouns or adjectives ("thought", "left", "set" are): one
#: ends a noun phrase scanned to the left (round 11).
_PAST_NOT_MODIFIER = _IRREGULAR_PAST - frozenset("won lost held left led thought met put set cut hit froze".split())


#: Verbs whose object is the addressee, never the speaker ("told ABC News"): no inversion source.
_ADDRESSEE_VERBS = frozenset("tell tells told telling inform informs informed informing assure assured".split())


def _inversion(text, toks, R, must_end_clause=False):
    if R - 1 >= 0 and toks[R - 1][4] in _ADDRESSEE_VERBS:
        return None
    np_ = _right_np(toks, R)
    if not np_:
        return None
    if toks[np_[0]][4] in PRONOUNS and must_end_clause:
        return None
    if must_end_clause:
        after = np_[1] + 1
        if after + 1 < len(toks) and toks[after][4] in _TIME_LEAD and toks[after + 1][4] in _TIME_HEADS:
            after += 2  # "..., wrote Steven Dennis last month."
        if after < len(toks) and toks[after][3] == "w":
            return None
    return _span(text, toks, *np_)


def _before_insertion(text, toks, k):
    """``X, <insertion>, verb``: k is the comma before the verb."""
    c = k - 1
    while c >= 0 and toks[c][2] != ",":
        if toks[c][3] == "p" and toks[c][2] not in ".'’-":
            return None
        c -= 1
    if c < 0:
        return None
    seg = toks[c + 1:k]
    if not seg:
        return None
    first = seg[0][4]
    name_like = all(_is_cap(t) or t[4] in ("of", "and", "the") for t in seg) and _is_cap(seg[-1]) \
        and first not in _CAP_STOP
    if name_like and first not in DETERMINERS:
        # "Judge Reed O'Connor in Fort Worth, Texas, on Friday said": a place, after the person (round 11)
        place = _place_apposition(toks, (c + 1, k - 1))
        if place[0] < c + 1:
            described = _described_by_insertion(toks, place[0])
            if described is not None:
                return _span(text, toks, *described)
            if place[0] == 0:
                return _span(text, toks, *place)
        return _span(text, toks, c + 1, k - 1)
    if _is_cap(seg[0]) and first not in DETERMINERS and first not in _CAP_STOP and len(seg) > 6:
        return None  # "…, President Trump expressed a caution about …, said": a clause, not an insertion
    j = c - 1
    if j >= 1 and toks[j][4] in _TIME_HEADS and toks[j - 1][4] in _TIME_LEAD:
        j -= 2  # "LGBT+ campaigners on Monday, the start of Pride month, called for" (round 11)
    np_ = _left_np(toks, j)
    return _span(text, toks, *np_) if np_ else None
