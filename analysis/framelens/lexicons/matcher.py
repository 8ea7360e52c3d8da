"""Fast matching of every lexicon pack over a document in one pass.

How a document is matched
-------------------------
1. The text is normalised without changing its length (lower case, every whitespace character to a
   space, curly apostrophes to ``'``, Unicode hyphens to ``-``), so offsets stay the document's.
2. One Aho-Corasick automaton (pyahocorasick) holding every literal form of every pack finds all
   candidate occurrences in a single linear scan. Regular-expression forms (a handful) run with
   the ``regex`` module, within a time budget per document (:mod:`framelens.lexicons.patterns`:
   a pattern that backtracks for ever raises :class:`~framelens.lexicons.patterns.RegexTimeout`
   instead of hanging).
3. A candidate counts only if it starts and ends on word boundaries as :data:`framelens.text.WORD_RE`
   defines words: ``Karabakh`` is not found inside ``Nagorno-Karabakh`` (one word), ``may`` not
   inside ``mayor``; a possessive ``'s``/``’s`` may follow (``Karabakh’s``). Case-sensitive forms
   must also match the original text exactly (``Azeri``, not ``azeri``); context forms need one of
   their ``followed_by``/``preceded_by`` words nearby.
4. Overlaps. Within one *overlap group* (for naming the concept; for the other families the pack's
   family) nothing is counted twice. First, exclusions: a concept's or a pack's ``exclude`` forms
   drop every form of the group they overlap, whether the exclusion starts before, at or after it
   ("North Korean" drops the ``north_korea`` variant "the North" in "the North Korean leader";
   "Kim Jong Il" drops the Kim Jong Un variants "Kim" and "North Korean leader Kim" in "North
   Korean leader Kim Jong Il"), unless the form is longer and holds the whole exclusion (the
   listed variant "North Korean regime" holds "North Korean" and counts); then the exclusions
   themselves are dropped. Second, the longest remaining candidate wins, wherever it starts, and
   the candidates it overlaps are dropped: the one of most words (a hyphenated word is one), then
   among those the leftmost, then the one of most characters ("ethnic Armenian separatists" is one
   hit, not also "separatists"; the hedge "it is unclear" is not also the hedge "unclear"; in
   "... A B C D ..." a form "B C D" beats an overlapping form "A B" that starts earlier but is
   shorter, where leftmost-first would keep "A B" and lose the longer form). Across groups
   overlaps are kept on purpose: a span may carry two different cues ("dictator" is a naming
   variant of the Kim concept and a loaded word; a span may name two concepts).
5. Topic gates: a pack (or concept) with a ``topic`` list counts only in documents where one of
   its topic forms occurs.

Part-of-speech conditions (``pos``, ``next_pos``, ``not_next_pos`` on a form) are checked before
the overlap contest, with the shipped tagger (:mod:`framelens.tagger`) run on the candidate and the
word after it only (with the tagger's own few words of context), so that a candidate that fails
its condition blocks nothing.

Names are matched as written, in any script and with any diacritics (Xankəndi, Şuşa): nothing is
transliterated, so list each spelling you want as a form.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import NamedTuple, Sequence

import ahocorasick

from framelens.lexicons.patterns import AnchoredPattern, Deadline, bounded_finditer, compile_bounded
from framelens.lexicons.schema import Entry, Form, Pack, _NORM_TABLE, normalise_form
from framelens.text import WORD_RE

_JOINERS = "'-"  # after normalisation: the characters that join two runs into one WORD_RE word


@dataclass(frozen=True)
class Rule:
    """One form of one entry, with everything a hit row needs."""

    rule_id: int
    pack: str
    family: str
    feature: str
    category: str
    term: str
    concept: str        # "<pack>/<concept>" or ""
    variant: str
    group: str          # overlap group key
    form: Form
    exclude: bool = False
    topic_gate: str = ""  # non-empty: a topic form of this gate key (pack or pack/concept); not a hit
    subject: str = "any"  # the entry's subject condition (checked by the extractors)


class Match(NamedTuple):
    """A cue found in a text: span, the rule that matched, and an optional source span (regexes)."""

    start: int
    end: int
    rule: Rule
    source_start: int = -1
    source_end: int = -1


_NORM_PAIRS = tuple((chr(k), v) for k, v in _NORM_TABLE.items())
_SPECIAL_RE = re.compile("[" + re.escape("".join(c for c, _ in _NORM_PAIRS)) + "]")


def _normalise(s: str) -> str:
    # str.replace per special character is much faster than str.translate with a dict on long texts
    if _SPECIAL_RE.search(s) is None:
        return s
    for c, r in _NORM_PAIRS:
        if c in s:
            s = s.replace(c, r)
    return s


def normalise_text(text: str) -> str:
    """Length-preserving normal form of ``text`` used for matching (see the module docstring)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (İ); keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _normalise(low)


def _is_word(c: str) -> bool:
    return c.isalnum()


def _left_ok(low: str, start: int) -> bool:
    if start == 0:
        return True
    c = low[start - 1]
    if _is_word(c):
        return False
    if c in _JOINERS and start >= 2 and _is_word(low[start - 2]):
        return False
    return True


def _possessive(low: str, end: int) -> bool:
    n = len(low)
    return low[end] == "'" and end + 1 < n and low[end + 1] == "s" and (end + 2 >= n or not low[end + 2].isalnum())


def _right_ok(low: str, end: int) -> bool:
    n = len(low)
    if end >= n:
        return True
    c = low[end]
    if _is_word(c):
        return False
    if c in _JOINERS and end + 1 < n and _is_word(low[end + 1]):
        # a possessive 's may follow a name: Karabakh's, Azerbaijan's
        if c == "'" and low[end + 1] == "s" and (end + 2 >= n or not _is_word(low[end + 2])):
            return True
        return False
    return True


class Matcher:
    """Every pack's forms compiled once; :meth:`find` returns the cues of one text.

    Parameters
    ----------
    packs : sequence of Pack
        Validated packs (see :func:`framelens.lexicons.load_lexicons`).
    """

    def __init__(self, packs: Sequence[Pack]):
        self.packs = list(packs)
        self.rules: list[Rule] = []
        self._literal: dict[str, list[Rule]] = {}
        self._regex: list[tuple[re.Pattern, Rule]] = []
        self._anchored: dict[str, list[tuple[Rule, AnchoredPattern]]] = {}
        self._pack_gates: dict[str, str] = {}     # pack name -> gate key, when the pack has a topic
        self._concept_gates: dict[str, str] = {}  # "<pack>/<concept>" -> gate key
        for pack in self.packs:
            if pack.topic:
                self._pack_gates[pack.name] = f"pack:{pack.name}"
                for t in pack.topic:
                    self._add(Rule(len(self.rules), pack.name, pack.family, "", "", t, "", "", "",
                                   Form(text=t), topic_gate=f"pack:{pack.name}"))
            for cid, info in pack.concepts.items():
                if info.get("topic"):
                    key = f"concept:{pack.name}/{cid}"
                    self._concept_gates[f"{pack.name}/{cid}"] = key
                    for t in info["topic"]:
                        self._add(Rule(len(self.rules), pack.name, pack.family, "", "", t, "", "", "",
                                       Form(text=t), topic_gate=key))
            for entry in pack.entries:
                self._add_entry(pack, entry)
        self._automaton = ahocorasick.Automaton()
        for key in set(self._literal) | set(self._anchored):
            # per rule: (rule, exact text if case-sensitive, topic gate, context words (a _Context or
            # None), anchored regex, the gates it needs, needs tags)
            prepared = tuple((r, r.form.text if r.form.case_sensitive else None, r.topic_gate,
                              _Context.of(r.form), None, self._required_gates(r), r.form.needs_tags)
                             for r in self._literal.get(key, ()))
            prepared += tuple((r, None, r.topic_gate, _Context.of(r.form), rx, self._required_gates(r),
                               r.form.needs_tags)
                              for r, rx in self._anchored.get(key, ()))
            self._automaton.add_word(key, (len(key), prepared))
        if self._literal or self._anchored:
            self._automaton.make_automaton()

    def _add_entry(self, pack: Pack, entry: Entry):
        concept = f"{pack.name}/{entry.concept}" if pack.family == "naming" else ""
        group = f"naming:{concept}" if concept else f"{pack.family}:{pack.name}"
        feature = pack.feature_for(entry)
        for form in entry.forms:
            self._add(Rule(len(self.rules), pack.name, pack.family, feature, entry.category, entry.term, concept,
                           entry.variant, group, form, exclude=entry.exclude, subject=entry.subject))

    def _add(self, rule: Rule):
        self.rules.append(rule)
        if rule.form.regex:
            flags = 0 if rule.form.case_sensitive else re.IGNORECASE
            rx = compile_bounded(rule.form.regex, flags)
            if rule.form.anchors:  # tried only where an anchor word starts (found by the automaton)
                anchored = AnchoredPattern(rx)
                for a in rule.form.anchors:
                    self._anchored.setdefault(normalise_form(a).lower(), []).append((rule, anchored))
            else:
                self._regex.append((rx, rule))
        else:
            key = normalise_form(rule.form.text).lower()
            self._literal.setdefault(key, []).append(rule)

    # -- matching ---------------------------------------------------------------------------------

    def find(self, text: str, words: Sequence[tuple[int, int]] | None = None) -> list[Match]:
        """Cues in ``text``, sorted by start then end, after boundary, case, context and overlap rules.

        Parameters
        ----------
        text : str
        words : list of (start, end), optional
            Word spans of ``text`` by WORD_RE (computed when needed and not given).
        """
        if not text or not self.rules:
            return []
        low = normalise_text(text)
        cands: list[Match] = []
        gates: set[str] = set()
        # candidates that count only if the document holds their topic gates: (index in cands, gates)
        gated: list[tuple[int, tuple[str, ...]]] = []
        tagged: list[int] = []  # indices in cands of the candidates with a part-of-speech condition
        deadline = Deadline(text, "the regular-expression forms of " + ", ".join(p.name for p in self.packs)) \
            if self._regex or self._anchored else None
        if self._literal or self._anchored:
            n = len(low)
            for end_idx, (length, prepared) in self._automaton.iter(low):
                end = end_idx + 1
                start = end - length
                # word boundaries, inlined for speed (see _left_ok / _right_ok)
                if start > 0:
                    c = low[start - 1]
                    if c.isalnum() or (c in _JOINERS and start >= 2 and low[start - 2].isalnum()):
                        continue
                if end < n:
                    c = low[end]
                    if c.isalnum() or (c in _JOINERS and end + 1 < n and low[end + 1].isalnum()
                                       and not _possessive(low, end)):
                        continue
                for rule, exact, gate, ctx, anchored, required, needs_tags in prepared:
                    if anchored is not None:
                        m = anchored.match(text, start, deadline)
                        if m is None or m.end() == start or not _right_ok(low, m.end()):
                            continue
                        s0, s1 = m.span("source") if "source" in anchored.groupindex and m.group("source") else (-1, -1)
                        cand = Match(start, m.end(), rule, s0, s1)
                    else:
                        if exact is not None:
                            written = text[start:end]
                            if written != exact and _normalise(written) != exact:
                                continue
                        if gate:
                            gates.add(gate)
                            continue
                        cand = Match(start, end, rule)
                    if ctx is not None and not ctx.holds(cand.start, cand.end, text, low, words):
                        continue
                    if required:
                        gated.append((len(cands), required))
                    if needs_tags:
                        tagged.append(len(cands))
                    cands.append(cand)
        for rx, rule in self._regex:
            for m in bounded_finditer(rx, text, deadline):
                start, end = m.span()
                if start == end or not (_left_ok(low, start) and _right_ok(low, end)):
                    continue
                if rule.topic_gate:
                    gates.add(rule.topic_gate)
                    continue
                s0, s1 = m.span("source") if "source" in rx.groupindex and m.group("source") else (-1, -1)
                cand = Match(start, end, rule, s0, s1)
                ctx = _Context.of(rule.form)
                if ctx is not None and not ctx.holds(start, end, text, low, words):
                    continue
                required = self._required_gates(rule)
                if required:
                    gated.append((len(cands), required))
                if rule.form.needs_tags:
                    tagged.append(len(cands))
                cands.append(cand)
        if not cands:
            return []
        if gated or tagged:
            cands = self._apply_gates_and_tags(cands, text, gates, gated, tagged)
        return _resolve_overlaps(cands, text)

    def _required_gates(self, rule: Rule) -> tuple[str, ...]:
        """The topic gates a rule's hits need (its pack's, its concept's), read once per rule."""
        if rule.topic_gate:
            return ()
        out = []
        g = self._pack_gates.get(rule.pack)
        if g:
            out.append(g)
        if rule.concept:
            g = self._concept_gates.get(rule.concept)
            if g:
                out.append(g)
        return tuple(out)

    @staticmethod
    def _apply_gates_and_tags(cands: list[Match], text: str, gates: set[str],
                              gated: list[tuple[int, tuple[str, ...]]], tagged: list[int]) -> list[Match]:
        """``cands`` without those whose topic gates the document lacks, then without those whose
        part-of-speech condition fails (checked in candidate order, only for candidates that passed
        the gates: :class:`WindowTags` reuses the windows of earlier candidates)."""
        drop = {i for i, required in gated if not all(g in gates for g in required)}
        if tagged:
            tags = WindowTags(text)
            for i in tagged:
                if i not in drop and not _pos_ok(cands[i], tags):
                    drop.add(i)
        if not drop:
            return cands
        return [c for i, c in enumerate(cands) if i not in drop]


class _Context(NamedTuple):
    """A form's context condition (``followed_by``, ``preceded_by``), prepared once per form."""

    after: int                                   # words read after the candidate (0: no followed_by)
    after_phrases: dict[str, tuple[list[str], ...]]  # followed_by phrases by their first word
    before: int                                  # words read before it (0: no preceded_by)
    before_phrases: dict[str, tuple[list[str], ...]]
    window: int
    after_window: "re.Pattern | None"  # matches the first `window` words after a candidate (followed_by)

    @staticmethod
    @lru_cache(maxsize=None)
    def of(form: Form) -> "_Context | None":
        """The prepared condition of ``form``; None when it has none."""
        if not (form.followed_by or form.preceded_by):
            return None
        after = form.window + _longest_phrase(form.followed_by) - 1 if form.followed_by else 0
        before = form.window + _longest_phrase(form.preceded_by) - 1 if form.preceded_by else 0
        return _Context(after, _phrase_index(form.followed_by), before, _phrase_index(form.preceded_by),
                        form.window, _words_ahead(form.window) if form.followed_by else None)

    def holds(self, start: int, end: int, text: str, low: str, words: Sequence[tuple[int, int]] | None) -> bool:
        """Does the candidate ``[start, end)`` have one of its phrases near enough?"""
        if self.after:
            n = self.after
            if words is not None:
                i = bisect_left(words, (end, -1))
                spans = words[i:i + n]
            else:  # only the words right after the candidate are read
                # A phrase starts at one of the first `window` words, so its first word is in the
                # text they span: when no phrase's first word is, no phrase is near (most candidates:
                # "said" is read for "said goodbye"), and the words need not be listed.
                ahead = low[end:self.after_window.match(text, end).end()]
                if not any(first in ahead for first in self.after_phrases):
                    return False
                spans = [m.span() for m in islice(WORD_RE.finditer(text, end), n)]  # words as written (‘ is no joiner)
            after = [_strip_possessive(low[s:e]) for s, e in spans]
            if not _indexed_phrase_near(after, self.after_phrases, self.window, leading=True):
                return False
        if self.before:
            n = self.before
            if words is not None:
                i = bisect_left(words, (start, -1))
                spans = words[max(0, i - n):i]
            else:
                spans = _words_before(text, start, n)
            before = [_strip_possessive(low[s:e]) for s, e in spans]
            if not _indexed_phrase_near(before, self.before_phrases, self.window, leading=False):
                return False
        return True


@lru_cache(maxsize=None)
def _words_ahead(n: int) -> re.Pattern:
    """A pattern that, matched at a position, ends where the first ``n`` WORD_RE words from there
    end (fewer at the end of the text): the words ``WORD_RE.finditer(text, pos)`` gives, since the
    characters it skips before a word are exactly those no word starts with (``[\\W_]``)."""
    return re.compile(r"(?:[\W_]*(?:" + WORD_RE.pattern + r")){0,%d}" % n)


def _words_before(text: str, pos: int, n: int) -> list[tuple[int, int]]:
    """The spans of the (at most) ``n`` whole words of ``text`` that end at or before ``pos``."""
    # A short look-back first: when it holds more than n words, the first one (which may be the
    # tail of a word the look-back cut) is not among the last n, which are then those of any
    # longer look-back.
    a = max(0, pos - 12 * (n + 1))
    if a > 0:
        spans = [m.span() for m in WORD_RE.finditer(text, a, pos)]
        if len(spans) > n:
            return spans[-n:] if n else []
    budget = 40 * (n + 1)
    while True:
        a = max(0, pos - budget)
        spans = [m.span() for m in WORD_RE.finditer(text, a, pos)]
        if a > 0 and spans and spans[0][0] == a:
            spans = spans[1:]  # may be the tail of a longer word cut by the window
        if len(spans) >= n or a == 0:
            return spans[-n:] if n else []
        budget *= 4


class WindowTags:
    """Part-of-speech tags of the words around positions of one text.

    The tagger sees the candidate and the word after it, with the few words of context either side
    that :func:`framelens.tagger.tag_span` adds itself (within the sentence and the line): enough
    for its features, a handful of words per candidate, so the cost grows with candidates only.
    Windows already tagged are reused by later candidates they cover.
    """

    def __init__(self, text: str):
        self.text = text
        self._windows: list[tuple[int, int, list]] = []  # (start, end, tokens)

    def tokens_around(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Tagged tokens from the candidate at ``[start, end)`` to the word after it."""
        for a, b, toks in self._windows:
            if a <= start and end < b:
                return toks
        from framelens.tagger import tag_span

        text = self.text
        nxt = WORD_RE.search(text, end, min(len(text), end + 40))
        line = text.find("\n", end, nxt.end() if nxt else end)
        b = nxt.end() if nxt and line < 0 else end
        toks = tag_span(text, start, b)
        self._windows.append((start, b, toks))
        return toks


def _pos_ok(c: "Match", tags: WindowTags) -> bool:
    """Do the candidate's part-of-speech conditions hold?"""
    form = c.rule.form
    toks = tags.tokens_around(c.start, c.end)
    i = next((k for k, t in enumerate(toks) if t[0] >= c.start), None)
    if i is None or toks[i][0] >= c.end:
        return False
    if form.pos and not toks[i][3].startswith(form.pos):
        return False
    if form.next_pos or form.not_next_pos:
        j = next((k for k, t in enumerate(toks) if t[0] >= c.end), None)
        nxt = toks[j][3] if j is not None else ""
        if form.next_pos and not nxt.startswith(form.next_pos):
            return False
        if form.not_next_pos and nxt and nxt.startswith(form.not_next_pos):
            return False
    return True


def _phrase_near(ws: list[str], phrases: tuple[str, ...], window: int, *, leading: bool) -> bool:
    """Does one of ``phrases`` start within the first ``window`` words of ``ws`` (leading), or end
    within its last ``window`` words (not leading)?"""
    return _indexed_phrase_near(ws, _phrase_index(phrases), window, leading=leading)


def _indexed_phrase_near(ws: list[str], index: dict[str, tuple[list[str], ...]], window: int, *,
                         leading: bool) -> bool:
    """:func:`_phrase_near` with the phrases indexed by their first word (:func:`_phrase_index`):
    each word of ``ws`` is looked up once instead of comparing every phrase at every position."""
    n_ws = len(ws)
    if leading:
        for i in range(min(window, n_ws)):
            for pw in index.get(ws[i], ()):
                if ws[i:i + len(pw)] == pw:
                    return True
        return False
    for i, w in enumerate(ws):
        for pw in index.get(w, ()):
            n = len(pw)
            if n_ws - window - n < i <= n_ws - n and ws[i:i + n] == pw:
                return True
    return False


@lru_cache(maxsize=None)
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, tuple[list[str], ...]]:
    """The words of each phrase (:func:`_phrase_words`), grouped by the phrase's first word."""
    index: dict[str, list[list[str]]] = {}
    for pw in _phrase_words(phrases):
        index.setdefault(pw[0], []).append(pw)
    return {first: tuple(pws) for first, pws in index.items()}


@lru_cache(maxsize=None)
def _phrase_words(phrases: tuple[str, ...]) -> tuple[list[str], ...]:
    """The words of each context phrase, possessives stripped (read once per form, not per candidate)."""
    return tuple([_strip_possessive(w) for w in p.split(" ")] for p in phrases)


@lru_cache(maxsize=None)
def _longest_phrase(phrases: tuple[str, ...]) -> int:
    """Words in the longest of ``phrases``."""
    return max(p.count(" ") + 1 for p in phrases)


def _strip_possessive(w: str) -> str:
    return w[:-2] if w.endswith("'s") else w


def _resolve_overlaps(cands: list[Match], text: str) -> list[Match]:
    """Exclusions first, then longest-first, within each overlap group (see the module docstring)."""
    by_group: dict[str, list[Match]] = {}
    for c in cands:
        by_group.setdefault(c.rule.group, []).append(c)
    out: list[Match] = []
    for group in by_group.values():
        if len(group) == 1:
            if not group[0].rule.exclude:
                out.append(group[0])
            continue
        excluded = [m for m in group if m.rule.exclude]
        if excluded:
            group = _without_excluded(group, excluded)
        out.extend(_longest_first(group, text))
    out.sort(key=lambda m: (m.start, m.end, m.rule.rule_id))
    return out


def _longest_first(group: list[Match], text: str) -> list[Match]:
    """The candidates of one overlap group that win: the most words first, then the leftmost, then
    the most characters, then the earlier rule; a candidate overlapping one already taken is dropped.
    When no two candidates overlap (most groups of most documents), every one wins, and the contest
    (which reads each candidate's words) is skipped."""
    if not _any_overlap(group):
        return group
    group = sorted(group, key=lambda m: (-len(text[m.start:m.end].split()), m.start, m.start - m.end,
                                         m.rule.rule_id))
    starts: list[int] = []  # the winners so far, sorted by start (they never overlap, so by end too)
    ends: list[int] = []
    won: list[Match] = []
    for m in group:
        i = bisect_right(starts, m.start)
        if i > 0 and ends[i - 1] > m.start:      # the winner starting at or before m reaches into it
            continue
        if i < len(starts) and starts[i] < m.end:  # the next winner starts inside m
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        won.append(m)
    return won


def _any_overlap(group: list[Match]) -> bool:
    """Do two of the matches overlap (share a character)?"""
    reach = -1
    for start, end in sorted([(m.start, m.end) for m in group]):
        if start < reach:
            return True
        if end > reach:
            reach = end
    return False


def _without_excluded(group: list[Match], excluded: list[Match]) -> list[Match]:
    """The forms of ``group`` that survive its exclusions (see the module docstring).

    A form is dropped when it overlaps an exclusion, wherever either starts, unless it is longer and
    holds the whole exclusion; a form inside a dropped form is dropped with it.
    """
    forms = [m for m in group if not m.rule.exclude]
    exclusions = _SortedSpans(excluded)
    dropped = [m for m in forms if any(not _holds(m, x) for x in exclusions.overlapping(m))]
    if not dropped:
        return forms
    drop = _SortedSpans(dropped)
    return [m for m in forms if not any(_holds(x, m) or x is m for x in drop.overlapping(m))]


def _holds(a: Match, b: Match) -> bool:
    """Is ``b`` inside ``a`` and shorter?"""
    return a.start <= b.start and b.end <= a.end and a.end - a.start > b.end - b.start


class _SortedSpans:
    """Matches sorted by start: those overlapping a span are found by bisection."""

    def __init__(self, matches: list[Match]):
        self.matches = sorted(matches, key=lambda x: x.start)
        self.starts = [x.start for x in self.matches]
        self.longest = max(x.end - x.start for x in self.matches)

    def overlapping(self, m: Match) -> list[Match]:
        lo = bisect_left(self.starts, m.start - self.longest + 1)
        hi = bisect_left(self.starts, m.end)
        return [x for x in self.matches[lo:hi] if x.end > m.start]
