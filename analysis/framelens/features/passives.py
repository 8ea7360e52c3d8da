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
   ``widely``). Only whitespace may separate the words.
3. **Past participle**: a word starting with a lower-case letter (so names such as ``Ahmed`` or
   ``United`` never match) that ends in ``-ed`` (4+ letters) or is in the irregular list
   ``framelens/data/irregular_participles.txt``, and is not in the adjectival stoplist
   ``framelens/data/adjectival_participles.txt`` (``was interested``, ``is concerned``; an entry of
   two words such as ``committed to`` applies only when the second word follows).
4. **Agent**: the passive has an agent, and is not reported, when ``by`` occurs within the next
   :data:`AGENT_WINDOW` words of the same clause: the window stops at the sentence end, at clause
   punctuation (``, ; : — – ( ) "``), at a subordinator (``that which who when while because
   ...``), at another auxiliary, and at ``and/but/or`` followed by a new subject (``and the road was
   closed by police`` does not give an agent to an earlier passive). A ``by`` that introduces a
   number or a time (``by 2020``, ``by Friday``, ``by the end``, ``by then``) is not an agent.

All of auxiliary, adverbs and participle must lie in one sentence. Output ``(start, end,
participle)``: the span runs from the auxiliary nearest the participle to the end of the participle
(``been widely criticized``; for a contraction, from its apostrophe: ``'re expected``), and the
third element is the participle as written. ``had been supposed to`` is not reported (``supposed``
is in the stoplist: it is a semi-modal, not an act with a hidden agent). One pass over the
words: linear in the length of the document.

Adjectival participles (``are crammed into``, ``legally covered``, ``is comprised of``) and ``un-``
adjectives are the known sources of false positives. Measured precision on the hand-judged
held-out sample (:mod:`framelens.evaluation.precision`): 45 of 50 correct, 0.90 (95% CI
0.79-0.96).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources

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

_CLAUSE_WORDS = frozenset("that which who whom where when while because although though if unless".split())
_NEW_SUBJECT = frozenset("the a an this that these those his her its their he she it they we i".split())
_CLAUSE_PUNCT_RE = re.compile(r"[,;:—–()\"“”]")
_GAP_OK_RE = re.compile(r"\s*")


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


def _is_participle(raw: str, w: str, next_w: str) -> bool:
    if not raw[:1].islower():
        return False
    single, pairs = adjectival_participles()
    if w in single or (w, next_w) in pairs:
        return False
    return w in irregular_participles() or (w.endswith("ed") and len(w) >= 4 and "'" not in w)


def agentless_passive_spans(text: str, sentence_spans: list[tuple[int, int]],
                            word_spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Be/get passives with no ``by`` agent.

    Parameters
    ----------
    text : str
        The document text.
    sentence_spans : list of (int, int)
        Sentence spans of ``text`` (:func:`framelens.text.sentence_spans`), sorted.
    word_spans : list of (int, int)
        Word spans of ``text`` (:func:`framelens.text.word_spans`), sorted.

    Returns
    -------
    list of (start, end, participle)
        Sorted by ``start``; ``text[start:end]`` runs from the auxiliary to the participle.
    """
    if not text or not word_spans:
        return []
    sent_starts = [s for s, _ in sentence_spans]

    def sent_of(pos: int) -> int:
        i = bisect.bisect_right(sent_starts, pos) - 1
        if i >= 0 and pos < sentence_spans[i][1]:
            return i
        return -1 - i  # outside every sentence: a distinct negative id per gap

    words = [_norm(text[s:e]) for s, e in word_spans]
    n = len(words)
    out = []
    for i in range(n):
        if not _is_aux(words[i]):
            continue
        sid = sent_of(word_spans[i][0])
        j = i + 1
        adverbs = 0
        found = -1
        while j < n and adverbs <= 2:
            gap = text[word_spans[j - 1][1]:word_spans[j][0]]
            if not _GAP_OK_RE.fullmatch(gap) or sent_of(word_spans[j][0]) != sid:
                break
            w = words[j]
            nxt = words[j + 1] if j + 1 < n else ""
            if _is_participle(text[word_spans[j][0]:word_spans[j][1]], w, nxt):
                found = j
                break
            if _is_adverb(w) and adverbs < 2:
                adverbs += 1
                j += 1
                continue
            break
        if found < 0:
            continue
        if _has_agent(text, words, word_spans, found, sid, sent_of):
            continue
        ps, pe = word_spans[found]
        start = word_spans[i][0]
        if words[i] not in AUXILIARIES:  # they're / I'm: the span starts at the contraction
            start += max(words[i].rfind("'"), 0)
        out.append((start, pe, text[ps:pe]))
    return out


def _has_agent(text, words, word_spans, j, sid, sent_of) -> bool:
    n = len(words)
    for k in range(j + 1, min(n, j + 1 + AGENT_WINDOW)):
        gap = text[word_spans[k - 1][1]:word_spans[k][0]]
        if _CLAUSE_PUNCT_RE.search(gap) or sent_of(word_spans[k][0]) != sid:
            return False
        w = words[k]
        nxt = words[k + 1] if k + 1 < n else ""
        # the clause ends at a subordinator, at another auxiliary, or at "and/but" + a new subject
        if w in _CLAUSE_WORDS or _is_aux(w) or (w in ("and", "but", "or") and nxt in _NEW_SUBJECT):
            return False
        if words[k] == "by":
            nxt = words[k + 1] if k + 1 < n else ""
            nxt2 = words[k + 2] if k + 2 < n else ""
            if (nxt[:1].isdigit() or nxt in _TIME_AFTER_BY or nxt.startswith("mid-")
                    or (nxt == "the" and nxt2 in _TIME_AFTER_BY_THE)):
                continue
            return True
    return False
