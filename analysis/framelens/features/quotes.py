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
- A single-quoted phrase nested in a double-quoted one is the quoted speaker's, not the writer's,
  and is skipped.
- Straight single quotes ``'…'`` are not handled: they cannot be told apart from apostrophes
  reliably.

A quoted phrase is a candidate when its inside has 1 to 3 words by :data:`framelens.text.WORD_RE`.

When a short quotation is *not* a scare quote
---------------------------------------------
A short quotation is skipped when any of these holds (the rule names are those of
``_not_scare_reason``):

1. ``colon`` -- introduced by a colon: ``…one word for it: “disgraceful.”``
2. ``speech_verb_before`` / ``split_quotation`` -- a speech verb directly before it (an optional
   comma or ``that`` in between): ``he said “no,”``, ``told reporters, “We won.”``, ``said that
   “mistakes were made.”`` (see :data:`SPEECH_VERBS`); or a comma with a speech verb among the four
   words before it (the second half of a split quotation: ``“Never,” said Smith, “again.”``).
3. ``speech_tag_after`` -- the quotation ends in a comma (inside or right after the closing mark)
   and a speech verb comes within the next four words (``“We won,” he said``); or a capitalised
   quotation is directly followed by a speech verb or pronoun + speech verb.
4. ``whole_sentence`` -- the quotation, give or take punctuation, is the entire sentence.
5. ``exclamation`` -- an exclamation or question that starts with a capital (``“Lock her up!”``).
6. ``nickname`` -- between two capitalised words (``Dwayne “The Rock” Johnson``).
7. ``clause`` -- the quotation holds an auxiliary, a modal or ``not`` (``"can be good"``, ``“fingers
   were burnt”``, ``"not really"``): a clause or verb phrase is quoted speech, not a label.
8. ``reported_predicate`` -- the quotation is the complement of a copula (``is``, ``was``, ``being``
   ..., optionally with ``a/the`` or an adverb between) and a verb of saying or thinking comes
   earlier in the sentence: ``said a proposed deal is “terrible”``, ``said he was "optimistic"``.
   The writer reports the assertion itself, in the speaker's words.
9. ``title`` -- a title or name: two or more content words all capitalised (``“Charlie Rose.”``), or
   a title word next to it (``NBC's "Today" show``, ``the sub-category “terrorists.”``).
10. ``mention`` -- a word such as ``term``, ``phrase``, ``word``, ``slogan`` or ``euphemism`` among
    the three words before it, or before the list it belongs to (``terms like “X” and “Y”``), or a
    gloss (``short for “anti-fascist”``): the expression is mentioned, not used (``the term "anchor
    baby"``). ``name`` -- one word in capitals (``the “OK” gesture``), unless after a possessive.
11. ``verb_phrase``, ``fragment``, ``called_predicate`` -- by the parts of speech of the quotation in
    its sentence (the shipped tagger): a verb phrase (``vowed to “fight back”``), a quotation that
    breaks off in a phrase (``stands “squarely behind”``), an adjective phrase after a labelling
    verb and its object (``called the response “disgraceful”``; the verb among the 16 words before
    it), unless the adjective modifies the noun after it (``her “radical” proposal``).
12. ``plain_phrase``, ``name`` -- a quotation of two or three words with no sign of a label (no
    labelling word before it such as ``so-called`` or ``dubbed``, no noun compound, coinage,
    loaded word or formula of function words inside: ``a “better understanding”``); one
    capitalised word inside a sentence (a name or a title: ``the movie “Nomadland”``). A quotation
    nested in a longer direct quotation, across paragraphs too, is the speaker's and never counted.

Labelling verbs are *not* speech verbs: ``called``, ``dubbed``, ``termed``, ``labelled``,
``branded``, ``described as``. A short noun phrase after them (``what he has called “total
collapse.”``) is a scare quote, as the seed article's SOURCE.md reads it: the writer chose to keep
the label at arm's length rather than adopt it or paraphrase it.

A noun phrase in argument position inside reported speech (``Trump said he would stop an
“assault” on the nation``) *is* a scare quote: the marks single out one word choice of the speaker,
which the writer declines to adopt.

Measured precision on the blind evaluation sample of round 4 (``docs/validity.md``): 0.85 [0.77,
0.91] (0.80 and 0.88 on rounds 3 and 2), recall 0.20 on 10 annotated cases (0.64 on round 3's 11): two- and three-word quotations with
no sign of a label are left out on purpose (rules 11-12 below, by part of speech). Remaining
errors: official or technical terms in quotation marks, and partial quotations of a speaker's
evaluative phrase.

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
from itertools import islice

from framelens.text import WORD_RE, count_words

#: Most words a scare quote may hold.
MAX_WORDS = 3

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
#: Auxiliaries, modals and negation: a quotation holding one is a clause or verb phrase (speech).
_CLAUSE_WORDS = frozenset("""am is are was were be been being has have had will would can could
should may might must shall do does did isn't aren't wasn't weren't hasn't haven't hadn't won't
wouldn't can't couldn't shouldn't don't doesn't didn't not i'm it's he's she's they're we're you're
i've we've they've""".split())
#: (round 9: also become and remain: said a Palestinian state has become “unviable”)
_COPULAS = frozenset("""is are was were be been being am isn't wasn't aren't weren't seems seemed remains remain
remained become becomes became""".split())
#: Verbs of saying, thinking and claiming that make a following copula's complement reported speech.
_REPORTING = SPEECH_VERBS | frozenset("""repeated repeats accused accuses accusing contend contends
contended alleged alleges believe believes believed think thinks thought suggest suggests suggested
maintain maintains maintained assessment assert asserts asserted asserting stress stresses stressed
emphasize emphasizes emphasized emphasise emphasised declared insisted argued complain complains
complained""".split())  # round 9: complained that ... was “horrific”
#: "the state is “broke”": the noun, not the verb of saying (round 10). Not sources.DETERMINERS, which
#: holds "that": in "a provision that states policies would be “grandfathered”" it is the verb.
_STATE_NOUN = frozenset(("state", "states"))
_DETERMINERS = frozenset("the a an this these those every each any no our their his her its whose".split())
_TITLE_SMALL_WORDS = frozenset("a an the of and in on for to at by with or".split())
#: Words before or after a quotation that mark it as a title or a category name.
_TITLE_CUES = frozenset("""show program programme series film movie book novel album song podcast
column newsletter titled entitled headlined category sub-category subcategory tag hashtag section
heading magazine documentary handle username nickname codename project""".split())
#: Labelling verbs after which a quoted adjective phrase is the predicate of what was said
#: (``called the response “disgraceful”``), not a label kept at arm's length.
_LABEL_VERBS = frozenset("""call calls called calling deem deems deemed label labels labeled labelled find finds
found finding describe describes described describing denounce denounces denounced denouncing slam slams
slammed slamming brand brands branded branding characterize characterizes characterized characterizing
consider considers considered considering deride derides derided deriding dismiss dismisses dismissed
dismissing paint paints painted painting portray portrays portrayed portraying decry decries decried
decrying""".split())  # round 9: considered the reports “credible”; round 11: derided as “lawless”
#: Words that make a following quotation a mention of an expression.
_MENTION_CUES = frozenset("""word words term terms phrase phrases expression slogan label define defines
defined defining redefine redefines redefined definition meaning reference references mention
mentions euphemism euphemisms slur slurs epithet epithets buzzword buzzwords catchphrase
catchphrases""".split())  # round 9: all references to “terrorism”; round 11: euphemisms like “X”
#: After a quotation, words that make it a mention (``“Wetbacks” often refers to``, ``“X” means``).
_MENTION_AFTER_RE = re.compile(r"\s*,?\s*(?:often\s+|usually\s+|generally\s+)?(?:refers?|referred|means|meant|stands\s+for|"
                               r"is\s+(?:a|the)\s+(?:word|term|phrase|slang|euphemism|acronym))\b", re.IGNORECASE)
#: Quotations that hold a figure or a vote, not a label (``“Thousands”``, ``“lots of millions”``, ``“yes”``).
_FIGURE_WORDS = frozenset("""thousands millions billions hundreds dozens scores tens lots of many few
yes no aye nay yea yeas nays ayes""".split())
#: A quotation in a list after a mention cue (``the words “panic”, “threat” and “terror”``).
#: (round 11: also after "like", "such as", "including": the terms like “X” and “Y”)
_MENTION_LIST_RE = re.compile(r"\b(?:" + "|".join(sorted(_MENTION_CUES)) + r")\s+(?:(?:like|such\s+as|including)\s+)?"
                              r"(?:[“\"][^“”\"\n]{1,40}[”\"]\s*,?\s*(?:(?:and|or)\s+)?)+$", re.IGNORECASE)
#: A gloss of a name or an abbreviation: Antifa, short for “anti-fascist” (round 11).
_GLOSS_RE = re.compile(r"\b(?:short|shorthand|abbreviation|acronym)\s+for\s*$", re.IGNORECASE)
#: One word in capitals (an acronym or a sign: the “OK” gesture, a vest with “ICE” on it) is a name,
#: unless a possessive singles it out as a title held at arm's length (its “CEO”; round 11).
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]+")
_POSSESSIVES = frozenset("its his her their our my your".split())

_CURLY_DOUBLE_RE = re.compile(r"“([^“”\n]*)”")
_CURLY_SINGLE_RE = re.compile(r"(?:^|(?<=[\s(\[“\"—–-]))‘(?=[^\W\d_])([^‘’\n]*(?:’[^\W_][^‘’\n]*)*)’(?![^\W_])",
                              re.MULTILINE)
_STRAIGHT_RE = re.compile(r'"')
_LINE_RE = re.compile(r"[^\n]+")
_LETTER_RE = re.compile(r"[^\W_]")
_EDGE_PUNCT = " \t.,;:!?…—–-'\"‘’“”()[]"


def _words(s: str) -> list[str]:
    return WORD_RE.findall(s)


#: Quotations up to this many characters are counted whole by :func:`~framelens.text.count_words`
#: (no regular-expression pass); longer ones word by word, only as far as needed.
_COUNT_WHOLE_CHARS = 400


def _count_words_upto(text: str, start: int, end: int, most: int) -> int:
    """The number of words (:data:`~framelens.text.WORD_RE`) in ``text[start:end]``, counted up to
    ``most``: a long quotation is not read to its end to learn that it is too long to be a scare quote.

    WORD_RE reads nothing outside the stretch it is given (no look-around), so the words of
    ``text[start:end]`` are those of the slice, which a short quotation counts at once."""
    if end - start <= _COUNT_WHOLE_CHARS:
        return min(count_words(text[start:end]), most)
    return sum(1 for _ in islice(WORD_RE.finditer(text, start, end), most))


def _straight_pairs(text: str):
    """Straight double quotes paired in order (first with second, third with fourth...) within a line."""
    # Only the quote marks are visited (not every line): a new line restarts the pairing.
    opened = -1
    pos = text.find('"')
    while pos >= 0:
        if opened >= 0 and text.find("\n", opened, pos) < 0:
            yield opened, pos + 1
            opened = -1
        else:
            opened = pos
        pos = text.find('"', pos + 1)


def _candidates(text: str):
    """All quotations as (start, end) including the marks, from the three quote styles.

    A single-quoted phrase inside a double-quoted one is left out: it is the quoted speaker's
    quotation (or scare quote), not the writer's.
    """
    doubles = sorted([m.span() for m in _CURLY_DOUBLE_RE.finditer(text)] + list(_straight_pairs(text)))
    yield from doubles
    if "\u2018" not in text:  # no opening single quote: the regex below cannot match
        return
    starts = [a for a, _ in doubles]
    for m in _curly_single_quotes(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and doubles[i][1] >= m.end():
            continue
        yield m.start(), m.end()


def _curly_single_quotes(text: str):
    """The matches of ``_CURLY_SINGLE_RE.finditer(text)``, the pattern tried only where an opening
    single quote stands (every match starts at one; the look-behind and ``^`` still read the text
    before it) instead of at every position of the text."""
    match = _CURLY_SINGLE_RE.match
    pos = text.find("\u2018")
    while pos >= 0:
        m = match(text, pos)
        if m is not None:
            yield m
            pos = text.find("\u2018", max(m.end(), pos + 1))
        else:
            pos = text.find("\u2018", pos + 1)


def _not_scare_reason(text: str, start: int, end: int, inner: str, sent: tuple[int, int]) -> str | None:
    """Why the quotation at [start, end) is not a scare quote (a rule name), or None if it is one."""
    s0, s1 = sent
    before = text[max(s0, start - 60):start]
    after = text[end:min(s1, end + 60)] if end <= s1 else text[end:end + 60]
    b = before.rstrip()
    # 1. colon
    if b.endswith(":"):
        return "colon"
    # 2. speech verb right before (optional comma / "that")
    bw = _words(b)
    if bw:
        last = bw[-1].lower()
        if last == "that" and len(bw) >= 2:
            last = bw[-2].lower()
        if last in SPEECH_VERBS and not re.search(r"[.;!?”\"]\s*$", b):
            return "speech_verb_before"
        # continuation of a split quotation: “Never,” said Smith, “again.”
        if b.endswith(",") and any(w.lower() in SPEECH_VERBS for w in bw[-4:]):
            return "split_quotation"
    inner_stripped = inner.strip()
    iw = [w.lower().replace("’", "'") for w in _words(inner_stripped)]
    # 3. speech tag after
    ends_with_comma = inner_stripped.endswith(",") or after.lstrip().startswith(",")
    aw = [w.lower() for w in _words(after)[:4]]
    if ends_with_comma and any(w in SPEECH_VERBS for w in aw):
        return "speech_tag_after"
    if aw and not after.lstrip().startswith((".", ";", ":", "!", "?")):
        if aw[0] in SPEECH_VERBS or (len(aw) > 1 and aw[0] in _PRONOUNS and aw[1] in SPEECH_VERBS):
            # “No” he said — tag without comma; only when the quote itself is capitalised speech
            if inner_stripped[:1].isupper():
                return "speech_tag_after"
    # 4. whole sentence
    # (searching for the first letter keeps this O(1) per quote on a long sentence)
    if not _LETTER_RE.search(text, s0, start) and not _LETTER_RE.search(text, end, max(end, s1)):
        return "whole_sentence"
    # 5. capitalised exclamation / question
    if inner_stripped[:1].isupper() and inner_stripped.rstrip("”’\"'").endswith(("!", "?")):
        return "exclamation"
    # 6. nickname between two capitalised words
    prev_w = bw[-1] if bw else ""
    next_w = _words(after[:30])
    if (prev_w[:1].isupper() and next_w and next_w[0][:1].isupper()
            and not after.lstrip().startswith((",", ".", ";", ":")) and before.endswith((" ", "\t"))):
        return "nickname"
    # 7. a clause or verb phrase (an auxiliary, modal or "not" inside): quoted speech, not a label
    if any(w in _CLAUSE_WORDS for w in iw):
        return "clause"
    # 8. the predicate of reported speech: ... said the deal is “terrible”
    #    (round 7: a quotation coordinated with one that is a predicate is one too: was “cruel” and
    #    “immoral”)
    cw = [w.lower().replace("’", "'") for w in bw[-3:]]
    while cw and (cw[-1] in ("a", "an", "the") or cw[-1].endswith("ly") or cw[-1] in ("so", "very", "not")):
        cw.pop()
    if cw and (cw[-1] in _COPULAS or cw[-1].endswith("'s") and cw[-1][:-2] in _PRONOUNS):
        lookback = [w.lower() for w in _words(text[max(s0, start - 250):start])]
        if any(w in _REPORTING and not (w in _STATE_NOUN and i and lookback[i - 1] in _DETERMINERS)
               for i, w in enumerate(lookback[:-1])):
            return "reported_predicate"
    prev = _COORDINATED_RE.search(b)
    if prev:
        p0 = max(s0, start - 60) + prev.start()
        p1 = max(s0, start - 60) + prev.end("quote")
        if _not_scare_reason(text, p0, p1, text[p0 + 1:p1 - 1], sent) in ("reported_predicate", "called_predicate"):
            return "reported_predicate"
    # 9. a title or name: several capitalised words, a number with a name ("1619 Project"), or a
    #    word that announces a title among the three before it ("a movie called “Plandemic”")
    content = [w for w in _words(inner_stripped) if w.lower() not in _TITLE_SMALL_WORDS]
    if len(content) == 1 and re.match(r"The\s+[A-Z]", inner_stripped) and content[0][:1].isupper():
        return "title"  # his new special “The Closer.”
    if len(content) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content) \
            and any(w[:1].isupper() for w in content):
        return "title"
    if any(w.lower() in _TITLE_CUES for w in bw[-3:]) or (next_w and next_w[0].lower() in _TITLE_CUES
                                                           and not after.lstrip()[:1] in ",.;:"):
        return "title"
    #    round 7: a programme after a network's initials (the PBS “NewsHour”)
    if _INITIALS_RE.fullmatch(prev_w) and inner_stripped[:1].isupper():
        return "title"
    # 10. a mention of a word or phrase ("the term “X”", "the definition of “X”", "“X” often refers to")
    if any(w.lower() in _MENTION_CUES for w in bw[-3:]) or _MENTION_LIST_RE.search(text, max(s0, start - 200), start) \
            or _MENTION_AFTER_RE.match(text, end) or _GLOSS_RE.search(b):
        return "mention"
    # 10a. one word in capitals: an acronym or a sign, a name (round 11)
    if len(iw) == 1 and _ACRONYM_RE.fullmatch(inner_stripped.strip(_EDGE_PUNCT)) \
            and not (bw and bw[-1].lower() in _POSSESSIVES) and iw[0] not in _loaded_words():
        return "name"
    # 10b. round 7: a figure or a vote ("“Thousands” also turned out", Hatch's “yes” vote)
    if iw and all(w.strip(".,") in _FIGURE_WORDS or w[:1].isdigit() for w in iw):
        return "figure"
    # 11.-12. what the words are, by their parts of speech (the shipped tagger, this quotation only)
    return _grammar_reason(text, start, end, bw, s0)


def _grammar_reason(text: str, start: int, end: int, before_words: list[str], s0: int = 0) -> str | None:
    """``verb_phrase``: the quotation is a verb phrase (after any adverbs, its first word is a verb:
    ``vowed to “fight back”``, ``are “fully discharged”``), a stretch of what was said, not a label.
    ``called_predicate``: an adjective phrase after a labelling verb and its object (``called the
    response “disgraceful”``, ``called it “largely secular”``): the predicate of the speaker's
    assertion."""
    from framelens.tagger import tag_span

    # tag_span tags it with the words before and after it, so its first word is read in its place
    toks = [t for t in tag_span(text, start, end) if start < t[0] < end - 1 and any(c.isalnum() for c in t[2])]
    if not toks:
        return None
    tags = [t[3] for t in toks]
    i = 0
    while i < len(tags) - 1 and tags[i].startswith("RB"):
        i += 1
    if tags[i].startswith(("VB", "MD")) and tags[i] != "VBN":
        return "verb_phrase"
    if len(tags) == 1 and tags[0].startswith("RB"):
        return "adverb"  # his views “absolutely” coincide: a stretch of what was said, not a label
    if tags[-1].startswith(("IN", "TO")) and len(tags) > 1:
        return "fragment"  # "stands “squarely behind”": the quotation breaks off inside a phrase
    # the tagger sometimes reads a lone predicate adjective as a noun ("“disgraceful.”"): its suffix decides
    #   (round 8: also -al/-ent/-ant/-ic/-ile, "evil", and a participle in -ing as the head: called its
    #   response “brutal”, New Yorkers “resilient”, the deaths “absolutely devastating”)
    tags = ["JJ" if t.startswith("NN") and (_ADJECTIVE_SUFFIX.search(w.lower()) or w.lower().strip(".,!") in _NOUN_LOOKING_ADJECTIVES)
            else t for t, w in zip(tags, (t[2] for t in toks))]
    adjective_phrase = all(t.startswith(("JJ", "RB", "CC", "VBN", "VBG")) for t in tags) and tags[i].startswith(("JJ", "VBG"))
    #   (round 11: the labelling verb is looked for among the 16 words before it in the sentence, not
    #   only in the 60 characters before: slammed the party's negotiating posture in talks ... as “curious”)
    if adjective_phrase and any(w.lower() in _LABEL_VERBS for w in _words(text[max(s0, start - 200):start])[-16:]) \
            and not (before_words and before_words[-1].lower() in ("a", "an", "the")) \
            and not _premodifier(text, start, end):  # "described as a “moderate”": a noun
        return "called_predicate"
    if len(toks) >= 2 and not _label_signal(toks, before_words):
        return "plain_phrase"
    w = toks[0][2]
    if len(toks) == 1 and w[:1].isupper() and not any(c.isupper() for c in w[1:]) and before_words \
            and not text[max(0, start - 8):start].rstrip().endswith((".", "!", "?", ":")):
        return "name"  # one capitalised word inside a sentence: a name or a title ("Nomadland", "John")
    return None


def _premodifier(text: str, start: int, end: int) -> bool:
    """Does the quotation at [start, end) modify the noun right after it ("to allow Texas' “extreme”
    law"), rather than stand as a predicate ("called it “cruel” and ...", "described as “curious”.")?
    Not when its words end in punctuation inside the marks ("“dishonest,” considering"); else the
    shipped tagger reads the next word in place: a noun or an adjective (round 11)."""
    if text[end - 2:end - 1] in ",.;:!?":
        return False
    m = _NEXT_WORD_RE.match(text, end)
    if not m:
        return False
    from framelens.tagger import tag_span

    tags = tag_span(text, start, m.end(1))
    return bool(tags) and tags[-1][2] == m.group(1) and tags[-1][3].startswith(("NN", "JJ"))


_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z][a-z’'-]*)")


_ADJECTIVE_SUFFIX = re.compile(r"(?:ful|ous|ive|able|ible|less|ic|al|ent|ant|ile)$")
#: Predicate adjectives the tagger often reads as nouns in a quotation alone ("called the bill “evil”").
_NOUN_LOOKING_ADJECTIVES = frozenset("evil wrong fake false unfair un-american unacceptable".split())
#: A network's or agency's initials (the PBS “NewsHour”).
_INITIALS_RE = re.compile(r"[A-Z]{2,5}")
#: A quotation that ends right before "and"/"or" (the one before a coordinated quotation).
_COORDINATED_RE = re.compile(r"[“\"][^“”\"\n]{1,60}(?P<quote>[”\"])\s*,?\s*(?:and|or)$")
#: Words right before a quotation that present it as a label or coinage.
_LABEL_CUES = frozenset("""so-called dubbed termed branded labeled labelled nicknamed called calls calling
deemed coined""".split())


def _label_signal(toks, before_words: list[str]) -> bool:
    """Does a quotation of two or three words read as a label rather than a plain stretch of what
    was said? A labelling word before it (``so-called``, ``dubbed``, ``what he called``), a noun
    compound or a noun of a noun inside it (``witch hunt``, ``sanctuary cities``, ``act of
    aggression``), a coinage (a hyphen, or capitals inside a word), or a loaded word."""
    if any(w.lower() in _LABEL_CUES for w in before_words[-3:]) or before_words[-2:] == ["known", "as"]:
        return True
    words = [t[2] for t in toks]
    # a capitalised word inside a sentence is a name, whatever the tagger made of it ("Muslim ban")
    tags = ["NNP" if w[:1].isupper() and k > 0 or (w[:1].isupper() and t.startswith("JJ")) else t
            for k, (w, t) in enumerate(zip(words, (t[3] for t in toks)))]
    if not any(t.startswith(("NN", "VB", "JJ", "RB", "CD")) for t in tags):
        return True  # a formula of function words only: "all for all", a slogan
    if len(tags) == 2 and words[0].lower() in ("a", "an", "the") and tags[1].startswith("NN"):
        return True  # "a con", "the swamp": one noun, singled out
    for k in range(len(tags) - 1):
        if tags[k].startswith("NN") and tags[k + 1].startswith(("NN", "VBG")):
            return True
        if k + 2 < len(tags) and tags[k].startswith("NN") and tags[k + 1] == "IN" and tags[k + 2].startswith("NN"):
            return True
    if any("-" in w.strip("-") or any(c.isupper() for c in w[1:]) for w in words):
        return True
    return any(w.lower() in _loaded_words() for w in words)


def _loaded_words() -> frozenset[str]:
    global _LOADED
    if _LOADED is None:
        from framelens.lexicons import load_lexicons

        _LOADED = frozenset(f.text for e in load_lexicons(["loaded"])["loaded"].entries for f in e.forms
                            if f.text and " " not in f.text)
    return _LOADED


_LOADED = None


def scare_quote_spans(text: str, sentence_spans: list[tuple[int, int]], voices=None) -> list[tuple[int, int, str]]:
    """Short quoted phrases not introduced as speech.

    Parameters
    ----------
    text : str
        The document text.
    sentence_spans : list of (int, int)
        Sentence spans of ``text`` (from :func:`framelens.text.sentence_spans`); used to tell a
        quotation that is a whole sentence from one inside a sentence. Quotations outside every span
        (page noise) are judged against the line they are on.
    voices : VoiceIndex, optional
        The text's direct quotations (:class:`framelens.features.voice.VoiceIndex`), when the caller
        has them already; a quotation nested in a longer one is the speaker's, never a scare quote.

    Returns
    -------
    list of (start, end, phrase)
        Sorted by ``start``. ``text[start:end]`` includes the quotation marks; ``phrase`` is the
        quoted words with surrounding punctuation trimmed. See the module docstring for the rules.
    """
    if not text:
        return []
    from framelens.features.voice import VoiceIndex

    starts = [s for s, _ in sentence_spans]
    voices = voices if voices is not None else VoiceIndex(text)
    out: dict[int, tuple[int, int, str]] = {}
    for start, end in _candidates(text):
        outer = voices.quotation_at(start)
        if outer is not None and outer != (start, end) and outer[1] - outer[0] > end - start:
            continue  # nested in a longer direct quotation (across paragraphs too): the speaker's marks
        n = _count_words_upto(text, start + 1, end - 1, MAX_WORDS + 1)
        if n == 0 or n > MAX_WORDS:
            continue
        inner = text[start + 1:end - 1]
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and sentence_spans[i][0] <= start < sentence_spans[i][1]:
            sent = sentence_spans[i]
        else:  # not inside a sentence span: use the line
            ls = text.rfind("\n", 0, start) + 1
            le = text.find("\n", end)
            sent = (ls, len(text) if le < 0 else le)
        if _not_scare_reason(text, start, end, inner, sent) is not None:
            continue
        phrase = inner.strip(_EDGE_PUNCT)
        if start not in out:
            out[start] = (start, end, phrase)
    return [out[k] for k in sorted(out)]
