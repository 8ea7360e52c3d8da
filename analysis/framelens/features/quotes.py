"""Scare quotes: short quoted phrases (1 to 4 words) that are not introduced as speech.

A writer who puts “total collapse” or “all for all” in quotation marks without presenting them as
someone's utterance marks distance from the words. This module finds such phrases without a lexicon.

Quotation marks handled
-----------------------
- Curly double quotes ``“…”``: an opening ``“`` paired with the next ``”`` on the same line, with no
  other ``“`` in between.
- Straight double quotes ``"…"``: the straight marks of each line are paired in order (1st with 2nd,
  3rd with 4th, ...), so a long quotation cannot shift the pairing of the short ones after it.
- Curly single quotes ``‘…’``, only where clearly used as quotation marks: the ``‘`` starts the line or
  follows a space, an opening bracket or a double quote, and is followed by a letter; the closing
  ``’`` is the first ``’`` *not followed by a letter or digit* (so the apostrophes of ``people’s`` or
  ``don’t`` never close a quote). ``‘90s``-style elisions are not quotes.
- Straight single quotes ``'…'`` are not handled: they cannot be told apart from apostrophes
  reliably.

A quoted phrase is a candidate when its inside has 1 to 4 words by :data:`framelens.text.WORD_RE`.

The speech rule (when a short quotation is *not* a scare quote)
---------------------------------------------------------------
A short quotation is speech, and skipped, when any of these holds:

1. **Introduced by a colon**: ``…one word for it: “disgraceful.”``
2. **Introduced by a speech verb** directly before it (an optional comma or ``that`` in between):
   ``he said “no,”``, ``told reporters, “We won.”``, ``said that “mistakes were made.”`` (see
   :data:`SPEECH_VERBS`), or preceded by a comma with a speech verb among the four words before it
   (the second half of a split quotation: ``“Never,” said Smith, “again.”``).
3. **Followed by a speech tag**: the quotation ends in a comma (inside or right after the closing
   mark) and a speech verb comes within the next four words (``“We won,” he said``; ``“Never,” said
   Smith``); or the quotation is directly followed by a speech verb or a pronoun + speech verb.
4. **A whole sentence**: the quotation, give or take surrounding punctuation, is the entire sentence.
5. **An exclamation or question that starts with a capital letter** (``“Lock her up!”``): an
   utterance, not a label.
6. **A nickname**: the quotation sits between two capitalised words (``Dwayne “The Rock” Johnson``).

Labelling verbs are *not* speech verbs: ``called``, ``dubbed``, ``termed``, ``labelled``,
``branded``, ``described as``. A short noun phrase after them (``what he has called “total
collapse.”``) is a scare quote, as the seed article's SOURCE.md reads it: the writer chose to keep
the label at arm's length rather than adopt it or paraphrase it.

Known limits (measured in :mod:`framelens.evaluation.precision`): titles of works (“Fire and Fury”)
and quoted terms used as mentions (the word “the”) are counted; a short quotation introduced by a
speech verb further away than the rules above look is counted.

Output
------
``(start, end, phrase)``: ``start``/``end`` cover the quotation *including* its opening and closing
marks (so ``text[start:end]`` is ``“total collapse.”``); ``phrase`` is the inside with surrounding
whitespace and punctuation trimmed (``total collapse``). Each document is scanned once with regular
expressions: the cost is linear in its length.
"""
from __future__ import annotations

import bisect
import re

from framelens.text import WORD_RE

#: Most words a scare quote may hold.
MAX_WORDS = 4

#: Verbs that introduce or tag speech (lower case, inflected forms listed).
SPEECH_VERBS = frozenset("""
say says said saying tell tells told telling ask asks asked asking add adds added adding
reply replies replied replying write writes wrote writing tweet tweets tweeted tweeting
declare declares declared declaring state states stated stating shout shouts shouted shouting
exclaim exclaims exclaimed respond responds responded responding announce announces announced
insist insists insisted insisting chant chants chanted chanting yell yells yelled yelling
scream screams screamed warn warns warned warning claim claims claimed claiming explain explains
explained explaining continue continues continued recall recalls recalled quip quips quipped
whisper whispers whispered argue argues argued arguing note notes noted noting write posted posts
joke jokes joked remark remarks remarked admit admits admitted concede concedes conceded
acknowledge acknowledges acknowledged mutter muttered cry cries cried
""".split())

_PRONOUNS = frozenset("he she they we i you it who".split())

_CURLY_DOUBLE_RE = re.compile(r"“([^“”\n]*)”")
_CURLY_SINGLE_RE = re.compile(r"(?:^|(?<=[\s(\[“\"—–-]))‘(?=[^\W\d_])([^‘’\n]*(?:’[^\W_][^‘’\n]*)*)’(?![^\W_])",
                              re.MULTILINE)
_STRAIGHT_RE = re.compile(r'"')
_LINE_RE = re.compile(r"[^\n]+")
_LETTER_RE = re.compile(r"[^\W_]")
_EDGE_PUNCT = " \t.,;:!?…—–-'\"‘’“”()[]"


def _words(s: str) -> list[str]:
    return WORD_RE.findall(s)


def _straight_pairs(text: str):
    for line in _LINE_RE.finditer(text):
        marks = [m.start() + line.start() for m in _STRAIGHT_RE.finditer(line.group())]
        for i in range(0, len(marks) - 1, 2):
            yield marks[i], marks[i + 1] + 1


def _candidates(text: str):
    """All quotations as (start, end) including the marks, from the three quote styles."""
    for m in _CURLY_DOUBLE_RE.finditer(text):
        yield m.start(), m.end()
    for m in _CURLY_SINGLE_RE.finditer(text):
        yield m.start(), m.end()
    yield from _straight_pairs(text)


def _is_speech(text: str, start: int, end: int, inner: str, sent: tuple[int, int]) -> bool:
    s0, s1 = sent
    before = text[max(s0, start - 60):start]
    after = text[end:min(s1, end + 60)] if end <= s1 else text[end:end + 60]
    b = before.rstrip()
    # 1. colon
    if b.endswith(":"):
        return True
    # 2. speech verb right before (optional comma / "that")
    bw = _words(b)
    if bw:
        last = bw[-1].lower()
        if last == "that" and len(bw) >= 2:
            last = bw[-2].lower()
        if last in SPEECH_VERBS and not re.search(r"[.;!?”\"]\s*$", b):
            return True
        # continuation of a split quotation: “Never,” said Smith, “again.”
        if b.endswith(",") and any(w.lower() in SPEECH_VERBS for w in bw[-4:]):
            return True
    inner_stripped = inner.strip()
    # 3. speech tag after
    ends_with_comma = inner_stripped.endswith(",") or after.lstrip().startswith(",")
    aw = [w.lower() for w in _words(after)[:4]]
    if ends_with_comma and any(w in SPEECH_VERBS for w in aw):
        return True
    if aw and not after.lstrip().startswith((".", ";", ":", "!", "?")):
        if aw[0] in SPEECH_VERBS or (len(aw) > 1 and aw[0] in _PRONOUNS and aw[1] in SPEECH_VERBS):
            # “No” he said — tag without comma; only when the quote itself is capitalised speech
            if inner_stripped[:1].isupper():
                return True
    # 4. whole sentence
    # (searching for the first letter keeps this O(1) per quote on a long sentence)
    if not _LETTER_RE.search(text, s0, start) and not _LETTER_RE.search(text, end, max(end, s1)):
        return True
    # 5. capitalised exclamation / question
    if inner_stripped[:1].isupper() and inner_stripped.rstrip("”’\"'").endswith(("!", "?")):
        return True
    # 6. nickname between two capitalised words
    prev_w = bw[-1] if bw else ""
    next_w = _words(after[:30])
    if (prev_w[:1].isupper() and next_w and next_w[0][:1].isupper()
            and not after.lstrip().startswith((",", ".", ";", ":")) and before.endswith((" ", "\t"))):
        return True
    return False


def scare_quote_spans(text: str, sentence_spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Short quoted phrases not introduced as speech.

    Parameters
    ----------
    text : str
        The document text.
    sentence_spans : list of (int, int)
        Sentence spans of ``text`` (from :func:`framelens.text.sentence_spans`); used to tell a
        quotation that is a whole sentence from one inside a sentence. Quotations outside every span
        (page noise) are judged against the line they are on.

    Returns
    -------
    list of (start, end, phrase)
        Sorted by ``start``. ``text[start:end]`` includes the quotation marks; ``phrase`` is the
        quoted words with surrounding punctuation trimmed. See the module docstring for the rules.
    """
    if not text:
        return []
    starts = [s for s, _ in sentence_spans]
    out: dict[int, tuple[int, int, str]] = {}
    for start, end in _candidates(text):
        inner = text[start + 1:end - 1]
        n = len(_words(inner))
        if n == 0 or n > MAX_WORDS:
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and sentence_spans[i][0] <= start < sentence_spans[i][1]:
            sent = sentence_spans[i]
        else:  # not inside a sentence span: use the line
            ls = text.rfind("\n", 0, start) + 1
            le = text.find("\n", end)
            sent = (ls, len(text) if le < 0 else le)
        if _is_speech(text, start, end, inner, sent):
            continue
        phrase = inner.strip(_EDGE_PUNCT)
        if start not in out:
            out[start] = (start, end, phrase)
    return [out[k] for k in sorted(out)]
