"""Agentless passives: a form of *be* or *get*, at most two adverbs, a past participle, and no
``by …`` agent after it in the same clause ("were reportedly killed", "has been widely criticized",
"got arrested"). Leaving out the agent is a framing choice: it hides who did the act.

Rule, word by word (words are :data:`framelens.text.WORD_RE` spans):

1. **Auxiliary**: ``am is are was were be been being get gets got gotten getting``, the negated
   ``isn't aren't wasn't weren't``, and pronoun contractions in ``'re``/``'m`` (``they're``). The
   contraction ``'s`` is *not* an auxiliary here: ``it's taken`` / ``he's finished`` are as often
   *has* + participle (active perfect) as *is* + participle, so they are skipped (a known miss).
2. **Adverbs**: up to two words between auxiliary and participle that are in a short list (``not``,
   ``also``, ``still``, ``never``, ``all``, ``both`` ...) or end in ``-ly`` (``reportedly``,
   ``widely``). Only whitespace and quotation marks may separate the words (``was “quietly”
   approved``).
3. **Past participle**: a word starting with a lower-case letter (so names such as ``Ahmed`` or
   ``United`` never match) that ends in ``-ed`` (4+ letters) or is in the irregular list
   ``framelens/data/irregular_participles.txt``, and is not in the adjectival stoplist
   ``framelens/data/adjectival_participles.txt`` (``was interested``, ``is concerned``; an entry of
   two words such as ``committed to`` applies only when the second word follows), nor a hyphenated
   compound whose first part makes an adjective (``well-deserved``, ``two-faced``:
   :data:`_ADJECTIVE_PREFIXES`), nor an ``un-`` word that is not a verb of :data:`_UN_VERBS`
   (``are unvaccinated``, ``is unfounded``).
4. **Agent**: the passive has an agent, and is not reported, when ``by`` occurs within the next
   :data:`AGENT_WINDOW` words of the same clause: the window stops at the sentence end, at clause
   punctuation (``, ; : — – ( ) "``), at a subordinator (``that which who when while because
   ...``), at another auxiliary, and at ``and/but/or`` followed by a new subject (``and the road was
   closed by police`` does not give an agent to an earlier passive). A ``by`` that introduces a
   number or a time (``by 2020``, ``by Friday``, ``by the end``, ``by then``) is not an agent, nor is
   a ``by`` right after a noun it belongs to (``in a report by the agency``, :data:`_AUTHORED_NOUNS`).

All of auxiliary, adverbs and participle must lie in one sentence. Output ``(start, end,
participle)``: the span runs from the auxiliary nearest the participle to the end of the participle
(``been widely criticized``; for a contraction, from its apostrophe: ``'re expected``), and the
third element is the participle as written. ``had been supposed to`` is not reported (``supposed``
is in the stoplist: it is a semi-modal, not an act with a hidden agent). The auxiliaries are
found in one Aho-Corasick pass over the lower-cased text, and only the few words after each are
read: linear in the length of the document, with no per-word Python work.

Adjectival participles (``are crammed into``, ``is rooted in``, mostly listed) are the known
sources of false positives, and how often they occur depends on the genre: on the blind
evaluation sample of round 4 (``docs/validity.md``) precision is 0.92 [0.85, 0.96] and recall 0.94;
the round-2 sample found the error rate differing between outlets (opinion essays full of stative
participles, listed since), so compare passives between outlets of the same genre.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources

from framelens.text import WORD_RE

#: Words after the participle within which a ``by`` makes an agent.
AGENT_WINDOW = 8

AUXILIARIES = frozenset("""am is are was were be been being get gets got gotten getting
isn't aren't wasn't weren't""".split())

ADVERBS = frozenset("""not never also still already now ever often always then just even once
later soon long well first last again yet much all both too almost since thus therefore nonetheless
nevertheless reportedly allegedly""".split())

_NOT_ADVERBS = frozenset("""family supply ally rally reply italy july assembly anomaly monopoly
bully belly fly apply ugly holy""".split())

_TIME_AFTER_BY = frozenset("""then now far mid late early midnight noon tomorrow
today tonight monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december year week month next""".split())
_TIME_AFTER_BY_THE = frozenset("end time middle start beginning close turn spring summer autumn fall winter".split())

#: Words after "by" and a number that make it a measure, not an agent ("by 10 percent", "by 3 to 1").
_MEASURE_AFTER_NUMBER = frozenset("""percent per % points point percentage votes vote to times degrees
inches inch feet foot miles mile cents cent dollars pounds years year months month weeks week days day
hours hour minutes seats seat margin million billion trillion thousand""".split())
#: Words after "by a/an" that make it a means or a measure ("by a 94-1 vote", "by a wide margin").
_MEASURE_AFTER_BY_A = frozenset("wide narrow vote margin landslide unanimous majority factor".split())


def _by_measure_or_time(nxt: str, nxt2: str) -> bool:
    """Does "by <nxt> <nxt2>" give a time, a measure or a vote rather than an agent?

    A year, a number with a unit, "by then", "by year's end", "by a 94-1 vote" are not agents; a
    number before a noun of people or things is ("signed by 51 State Department officers",
    "controlled by 100 or more silicon chips" -- "or more" is read as an agent's count).
    (Round 7 blind errors: the agents with a number were missed, "by year's end" was taken for one.)"""
    head = nxt[:-2] if nxt.endswith(("'s", "’s")) else nxt
    if head in _TIME_AFTER_BY:
        return True
    if nxt[:1].isdigit():
        year = len(nxt) == 4 and nxt[:2] in ("19", "20")
        return year or not nxt2 or nxt2[:1].isdigit() or nxt2 in _MEASURE_AFTER_NUMBER
    return nxt in ("a", "an") and (nxt2[:1].isdigit() or nxt2 in _MEASURE_AFTER_BY_A)


_CLAUSE_WORDS = frozenset("that which who whom where when while because although though if unless".split())
#: Nouns whose "by" names their author: "a report by the agency" is no agent of the passive before it.
_AUTHORED_NOUNS = frozenset("""statement statements report reports study studies letter letters ruling
decision order orders analysis poll polls survey book article column op-ed post tweet tweets video
speech investigation review proposal bill plan memo opinion essay editorial interview paper""".split())
_NEW_SUBJECT = frozenset("the a an this that these those his her its their he she it they we i".split())
_CLAUSE_PUNCT_RE = re.compile(r"[,;:—–()\"“”]")


def _read_list(name: str) -> list[str]:
    raw = resources.files("framelens.data").joinpath(name).read_text("utf-8")
    return [ln.strip().lower() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def irregular_participles() -> frozenset[str]:
    """The shipped irregular past participles (``framelens/data/irregular_participles.txt``)."""
    return frozenset(_read_list("irregular_participles.txt"))


@lru_cache(maxsize=1)
def adjectival_participles() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The adjectival stoplist: (single words, (word, next word) pairs)."""
    single, pairs = set(), set()
    for entry in _read_list("adjectival_participles.txt"):
        parts = entry.split()
        if len(parts) == 1:
            single.add(parts[0])
        else:
            pairs.add((parts[0], parts[1]))
    return frozenset(single), frozenset(pairs)


def _norm(w: str) -> str:
    return w.lower().replace("’", "'")


def _is_aux(w: str) -> bool:
    return w in AUXILIARIES or w.endswith(("'re", "'m")) and len(w) > 3


def _is_adverb(w: str) -> bool:
    return w in ADVERBS or (w.endswith("ly") and len(w) > 3 and w not in _NOT_ADVERBS)


#: First parts of hyphenated compounds that make an adjective, not a passive participle
#: ("well-deserved", "two-faced", "long-awaited"); "tear-gassed", "re-elected" stay participles.
_ADJECTIVE_PREFIXES = frozenset("""well ill so long short much half self one two three four five many
high low far hard open broad narrow old new ever best worst better poorly""".split())


#: Verbs that begin with "un-" ("was unveiled", "were uncovered"); any other "un-...ed" after "be" is
#: an adjective ("are unvaccinated", "is unfounded", "was unharmed").
_UN_VERBS = ("under", "unveil", "uncover", "unleash", "unearth", "unlock", "unload", "undo", "undone", "unseat",
             "unmask", "untie", "unfold", "unplug", "unpack", "unravel", "unif", "unit", "unseal", "unblock",
             "unfreez", "unfroz", "unban")


def _participle_shaped(w: str) -> bool:
    """Is the (normalised) word shaped like a past participle: irregular, or a regular ``-ed``?"""
    return w in irregular_participles() or (w.endswith("ed") and len(w) >= 4 and "'" not in w)


def _is_participle(raw: str, w: str, next_w: str) -> bool:
    if not raw[:1].islower():
        return False
    single, pairs = adjectival_participles()
    if w in single or (w, next_w) in pairs:
        return False
    if "-" in w and w.split("-", 1)[0] in _ADJECTIVE_PREFIXES:
        return False
    if w.startswith("un") and not w.startswith(_UN_VERBS):
        return False
    return _participle_shaped(w)


_JOIN = "'’-‐"
_AUX_KEYS = sorted(AUXILIARIES | {w.replace("'", "’") for w in AUXILIARIES})
_CONTRACTION_KEYS = ("'re", "’re", "'m", "’m")
_AUTOMATON = None


def _automaton():
    global _AUTOMATON
    if _AUTOMATON is None:
        import ahocorasick

        a = ahocorasick.Automaton()
        for k in _AUX_KEYS:
            a.add_word(k, (len(k), False))
        for k in _CONTRACTION_KEYS:
            a.add_word(k, (len(k), True))
        a.make_automaton()
        _AUTOMATON = a
    return _AUTOMATON


def _word_start(text: str, pos: int) -> int:
    """Start of the WORD_RE word whose character at ``pos`` is a joiner inside it."""
    k = pos
    while k > 0:
        c = text[k - 1]
        if c.isalnum():
            k -= 1
        elif c in _JOIN and k >= 2 and text[k - 2].isalnum() and text[k].isalnum():
            k -= 1
        else:
            break
    return k


def _aux_candidates(text: str) -> list[tuple[int, int]]:
    """Spans of the words that may be auxiliaries (a superset, in order; each is a WORD_RE word)."""
    low = text.lower()
    if len(low) != len(text):  # a character lower-cases to two: find words the slow, sure way
        return [m.span() for m in WORD_RE.finditer(text) if _is_aux(_norm(m.group()))]
    n = len(low)
    out = []
    for last, (length, contraction) in _automaton().iter(low):
        end = last + 1
        start = end - length
        if end < n:  # the word must end here
            c = low[end]
            if c.isalnum() or (c in _JOIN and end + 1 < n and low[end + 1].isalnum()):
                continue
        if contraction:  # 're / 'm closing a longer word (they're, I'm)
            if start < 1 or not low[start - 1].isalnum():
                continue
            start = _word_start(low, start)
        elif start > 0:  # the word must start here
            c = low[start - 1]
            if c.isalnum() or (c in _JOIN and start >= 2 and low[start - 2].isalnum()):
                continue
        out.append((start, end))
    out.sort()
    return out


# the next word, after whitespace and any quotation marks (a verb group with a quoted word in it:
# 'was “quietly” approved')
_NEXT_WORD_RE = re.compile(r"[\s“”\"‘’]*(" + WORD_RE.pattern + ")")


def agentless_passive_spans(text: str, sentence_spans: list[tuple[int, int]],
                            word_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Be/get passives with no ``by`` agent.

    Parameters
    ----------
    text : str
        The document text.
    sentence_spans : list of (int, int)
        Sentence spans of ``text`` (:func:`framelens.text.sentence_spans`), sorted.
    word_spans : list of (int, int), optional
        Not needed (kept for callers that pass :func:`framelens.text.word_spans`): the words around
        each auxiliary are read with :data:`~framelens.text.WORD_RE` where they are needed.

    Returns
    -------
    list of (start, end, participle)
        Sorted by ``start``; ``text[start:end]`` runs from the auxiliary to the participle.
    """
    if not text:
        return []
    cands = _aux_candidates(text)
    if not cands:
        return []
    sent_starts = [s for s, _ in sentence_spans]
    n_sents = len(sent_starts)
    out = []
    next_word = _NEXT_WORD_RE.match
    search = WORD_RE.search
    for s0, e0 in cands:
        w0 = _norm(text[s0:e0])
        if not _is_aux(w0):
            continue
        # up to two adverbs, then a participle, each after nothing but whitespace
        pos = e0
        adverbs = 0
        found = None
        while adverbs <= 2:
            m = next_word(text, pos)
            if m is None:
                break
            raw = m.group(1)
            w = _norm(raw)
            # only about a quarter of the words after an auxiliary are shaped like a participle: the
            # stoplists and the word after it (for two-word stoplist entries) are read for those only
            if raw[:1].islower() and _participle_shaped(w):
                ws, we = m.span(1)
                m2 = search(text, we)
                if _is_participle(raw, w, _norm(m2.group()) if m2 else ""):
                    found = (ws, we)
                    break
            if _is_adverb(w) and adverbs < 2:
                adverbs += 1
                pos = m.end(1)
                continue
            break
        if found is None:
            continue
        ps, pe = found
        # the auxiliary's sentence (or gap between sentences) ends at `limit`; every word read must
        # start before it, and the words start in order, so checking the participle's start suffices
        i = bisect.bisect_right(sent_starts, s0) - 1
        if i >= 0 and s0 < sentence_spans[i][1]:
            limit = sentence_spans[i][1]
        else:
            limit = sent_starts[i + 1] if i + 1 < n_sents else len(text) + 1
        if ps >= limit:
            continue
        if w0 == "being" and text[ps:pe].lower() == "said" and text[max(0, s0 - 6):s0].strip().lower() in ("that", "this"):
            continue  # the connective "that being said"
        if _has_agent(text, pe, limit):
            continue
        start = s0
        if w0 not in AUXILIARIES:
            start += max(w0.rfind("'"), 0)
        out.append((start, pe, text[ps:pe]))
    return out


#: Words in -ing after "by" that name an agent, not a means ("by a building", "by the Beijing government").
_BY_ING_NOUNS = frozenset("""beijing king kings viking vikings sterling darling wing ring spring thing things
something anything everything nothing acting leading ruling governing opposing sitting incoming outgoing
founding reigning visiting remaining existing competing striking working rising growing ongoing upcoming
evening morning building buildings""".split())
#: "by" in any case (no other character lower-cases to "b" or "y").
_BY_RE = re.compile("[bB][yY]")
#: An aside set off by commas between the participle and its "by" agent.
_INSERTED_BY_RE = re.compile(r",\s+(?:[^\W\d_][\w’'-]*\s+){0,4}[^\W\d_][\w’'-]*,\s+by\s+(?:(?:an?|the)\s+)?([^\W\d_][\w’'-]*)")


def _has_agent(text: str, end: int, limit: int) -> bool:
    """Is there a ``by`` agent in the words after the participle ending at ``end``?"""
    if _BY_RE.search(text, end, limit + 1) is None:
        return False  # every agent found below is a "by" starting before `limit`: none, no word to read
    it = WORD_RE.finditer(text, end)
    buf: list = []  # (start, end, normalised word), read lazily

    def word(k):  # the k-th word after the participle (0-based), or None past the end
        while len(buf) <= k:
            m = next(it, None)
            if m is None:
                return None
            buf.append((m.start(), m.end(), _norm(m.group())))
        return buf[k]

    m = _INSERTED_BY_RE.match(text, end)
    if m and m.end() <= limit and _norm(m.group(1)) not in _TIME_AFTER_BY and _norm(m.group(1)) not in _TIME_AFTER_BY_THE:
        return True  # "was halted, at least for now, by a federal judge": an agent after an aside
    prev_end = end
    for k in range(AGENT_WINDOW):
        cur = word(k)
        if cur is None:
            break
        ws, we, w = cur
        if ws >= limit or _CLAUSE_PUNCT_RE.search(text, prev_end, ws):
            return False
        prev_end = we
        if w in _CLAUSE_WORDS or _is_aux(w):
            return False
        if w in ("and", "but", "or"):
            nx = word(k + 1)
            if nx is not None and nx[2] in _NEW_SUBJECT:
                return False
        if w == "by" and k > 0 and buf[k - 1][2] in _AUTHORED_NOUNS:
            continue  # "released in a statement by the ministry": the noun's author, not the passive's agent
        if w == "by":
            nx = word(k + 1)
            nxt = nx[2] if nx is not None else ""
            nx2 = word(k + 2)
            nxt2 = nx2[2] if nx2 is not None else ""
            if (_by_measure_or_time(nxt, nxt2) or nxt.startswith("mid-")
                    or (nxt == "the" and nxt2 in _TIME_AFTER_BY_THE)
                    or (nxt.endswith("ing") and len(nxt) > 5 and nxt not in _BY_ING_NOUNS)):
                continue  # "by providing training": the means, not the agent
            return True
    return False
