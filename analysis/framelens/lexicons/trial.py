"""Trying a lexicon pack on a corpus before an analysis: what it counts, what it loses, what it
mistakes for a name (``framelens lexicon try``).

:func:`lexicon_trial` runs the pack alone through the default extraction, :func:`framelens.extract`
with only that pack as lexicons (the sentence splitter trained on the documents tried, as
``framelens analyze`` trains it): the rows it reports are the rows an analysis counts. Overlap
groups and topic gates never reach across packs, so the pack alone matches exactly what it matches
among all the others. The lexicon-free extractors (scare quotes, passives) are switched off: they do
not depend on the pack.

Lost candidates are found with the default matcher too. Each entry (a naming variant, or a term
of another family) is made into a one-entry pack built from the same :class:`Pack` (its topic and
its concept's topic kept, no exclusions) and matched alone; a match of the entry alone that the
whole pack does not produce was lost to the overlap contest of
:mod:`framelens.lexicons.matcher`. The winner named is an ``exclude`` form of the same overlap
group overlapping it (exclusions are decided first), else the whole-pack match of the same group
that overlaps it. A whole-pack match that the extractor then leaves out (an entry's ``subject:``
condition, a loaded word inside a capitalised name) is reported as lost to the extractor.

Affordability: a lost candidate overlaps a whole-pack match or an exclusion, so an entry alone is
matched only in the documents where the whole pack (or its exclusions, matched as ordinary forms)
has a match, and of those only where one of the entry's literal forms (or a regex anchor) occurs
as a substring of the normalised text, found for all entries at once by one Aho-Corasick scan. Both
filters only skip documents where the entry alone cannot match, so the result is that of matching
every entry alone on every document; the cost grows with the candidates, not with entries x corpus.

Likely proper names (a warning, not a filter): a hit of a case-insensitive form written in lower
case in the pack (``pro-choice``) whose matched text starts with a capital, not as the first word
of its sentence (or line, or quotation), inside a longer run of capitalised words (``NARAL
Pro-Choice America``; ``of``, ``for``, ``the`` and a few particles may join two of them:
``Everytown for Gun Safety``), outside a title-case headline. See :func:`capitalised_run`.

Tables of a :class:`LexiconTrial` (entries are identified by ``concept``, ``<pack>/<concept>`` for
naming packs and ``""`` otherwise, and ``entry``, the variant label or the term):

=============  ===================================================================================
matches        one row per entry, in pack order: ``concept, entry, category, hits, documents,
               outlets, narration, quoted, lost`` (candidates lost to an overlap, an exclusion or
               the extractor); entries with no hit have zeros
surface_forms  ``concept, entry, text, hits``: each entry's matched text as written (``Stepanakert``,
               ``stepanakert's``), most frequent first
losses         one row per lost candidate: ``doc_id, outlet, concept, entry, start, end, text,
               reason`` (``exclude``, ``overlap`` or ``extractor``), ``winner`` (the winning entry,
               ``exclude: <form>``, or what the extractor requires) and ``winner_text`` (as written)
cross_concept  one row per pair of counted hits of two concepts whose spans overlap (naming):
               ``doc_id, outlet, start, end, text, concept, entry, other_concept, other_entry,
               other_text``
names          ``concept, entry, name, hits, documents``: likely proper names around hits
name_excludes  one row per concept with names: ``concept`` (the YAML concept id, ``""`` for a
               pack-level list), ``exclude_line`` (``exclude: [NARAL Pro-Choice America]``) and
               ``has_exclude`` (the concept has an ``exclude:`` list already: merge into it)
sample         a seeded random sample of hits per entry: ``concept, entry, doc_id, outlet,
               sentence, start, end, voice, left, match, right``
gates          one row per topic gate: ``scope`` (``pack`` or ``<pack>/<concept>``), ``topic``,
               ``documents``, ``documents_closed`` (documents mentioning none of its forms) and
               ``candidates`` (matches there that are not counted)
hits           the hits table (:data:`framelens.features.HIT_COLUMNS`) with ``outlet``, ``entry``,
               ``form`` (the form that matched, as the pack writes it, with its context words),
               ``likely_name`` (the capitalised run, or "") and ``left``, ``right`` (the context,
               as :func:`framelens.kwic.kwic` gives it): the full match table
=============  ===================================================================================
"""
from __future__ import annotations

import dataclasses
import logging
import re
import time
from dataclasses import dataclass

import pandas as pd

from framelens.lexicons import LexiconSet, load_pack
from framelens.lexicons.matcher import Match, Matcher, normalise_text
from framelens.lexicons.schema import Entry, Form, Pack, normalise_form
from framelens.text import WORD_RE

log = logging.getLogger(__name__)

__all__ = ["LexiconTrial", "lexicon_trial", "capitalised_run"]

MATCH_COLUMNS = ["concept", "entry", "category", "hits", "documents", "outlets", "narration", "quoted", "lost"]
FORM_COLUMNS = ["concept", "entry", "text", "hits"]
LOSS_COLUMNS = ["doc_id", "outlet", "concept", "entry", "start", "end", "text", "reason", "winner", "winner_text"]
CROSS_COLUMNS = ["doc_id", "outlet", "start", "end", "text", "concept", "entry", "other_concept", "other_entry",
                 "other_text"]
NAME_COLUMNS = ["concept", "entry", "name", "hits", "documents"]
NAME_EXCLUDE_COLUMNS = ["concept", "exclude_line", "has_exclude"]
SAMPLE_COLUMNS = ["concept", "entry", "doc_id", "outlet", "sentence", "start", "end", "voice", "left", "match",
                  "right"]
GATE_COLUMNS = ["scope", "topic", "documents", "documents_closed", "candidates"]

# lower-case words that may join two capitalised words of one name (Everytown for Gun Safety); not
# "and", which joins lists of names more often than it sits inside one (Karabakh and Baku)
_CONNECTORS = frozenset("of for the de la le du del der von van al bin".split())
# capitalised words that do not start or end a name (a sentence's "The", "In")
_FUNCTION_WORDS = frozenset("a an the this that these those in on at for and but as by with from of to its his her "
                            "their our my".split())
_OPENERS = " \t\"“‘'([«—-–:"
# a colon or an opening quotation mark (straight quotes: followed by a letter) may start a title
_TITLE_OPENER = re.compile(r"[:“«]|\"(?=\w)")
_PRONOUN_I = re.compile(r"I(?:['’](?:m|ve|d|ll))?(?![^\W_])")


@dataclass
class LexiconTrial:
    """What a pack counts on a corpus, and its traps (see the module docstring for every table).

    Attributes
    ----------
    pack : Pack
    documents : int
        Documents tried.
    documents_total : int
        Documents in the corpus (more than ``documents`` with ``max_docs``).
    outlets : int
        Distinct outlets among the documents tried.
    hits, matches, surface_forms, losses, cross_concept, names, name_excludes, sample, gates : DataFrame
    seconds : float
        How long the trial took.
    """

    pack: Pack
    documents: int
    documents_total: int
    outlets: int
    hits: pd.DataFrame
    matches: pd.DataFrame
    surface_forms: pd.DataFrame
    losses: pd.DataFrame
    cross_concept: pd.DataFrame
    names: pd.DataFrame
    name_excludes: pd.DataFrame
    sample: pd.DataFrame
    gates: pd.DataFrame
    seconds: float = 0.0

    @property
    def never_matched(self) -> pd.DataFrame:
        """The entries with no hit: ``concept, entry, category``."""
        m = self.matches
        return m.loc[m["hits"] == 0, ["concept", "entry", "category"]].reset_index(drop=True)


def capitalised_run(text: str, start: int, end: int, sent_start: int = 0, sent_end: int | None = None) -> str:
    """The run of capitalised words around ``text[start:end]`` when it looks like a proper name, else "".

    The match must start with a capital (not the pronoun "I") and not be the first word of its
    *segment*: its sentence, cut at line breaks and after a colon or an opening quotation mark
    (where a title may start). The run extends over capitalised words separated by spaces only,
    and through a connector (``of``, ``for``, ``the``, ``de``, ...; not ``and``, which joins lists:
    "Karabakh and Baku") between two capitalised words, though not to the segment's first word
    (capitalised anyway: "Members of NARAL"). It stops at a possessive ("the ACLU's Immigrants'
    Rights Project" gives "Immigrants' Rights Project"), a capitalised function word ("The", "In")
    neither starts nor ends it, and it must hold a capitalised word beyond the match. A segment in
    title case is a headline, not evidence: nothing is reported when the segment's other words of
    four letters or more (its first word aside) are none, or two thirds of them or more are
    capitalised.

    Examples
    --------
    >>> capitalised_run("Members of NARAL Pro-Choice America marched on Monday.", 17, 27)
    'NARAL Pro-Choice America'
    >>> capitalised_run("Pro-choice activists marched on Monday.", 0, 10)
    ''
    """
    if sent_end is None:
        sent_end = len(text)
    if not text[start:end][:1].isupper() or _is_pronoun_i(text, start):
        return ""
    seg_start = max(sent_start, text.rfind("\n", 0, start) + 1)
    for m in _TITLE_OPENER.finditer(text, seg_start, start):
        seg_start = m.end()
    line_end = text.find("\n", end)
    seg_end = min(sent_end, line_end if line_end >= 0 else len(text))
    if not text[seg_start:start].strip(_OPENERS):
        return ""  # the first word of its segment is capitalised anyway
    words = [m.span() for m in WORD_RE.finditer(text, seg_start, seg_end)]
    inside = [i for i, (a, b) in enumerate(words) if b > start and a < end]
    if not inside:
        return ""
    first, last = inside[0], inside[-1]

    def word(i):
        return text[words[i][0]:words[i][1]]

    def cap(i):
        return word(i)[:1].isupper() and not _is_pronoun_i(text, words[i][0])

    def possessive(i):
        return word(i).endswith(("'s", "’s"))

    def joined(i, j):  # words i < j are next to each other, separated by spaces only (after the
        gap = text[words[i][1]:words[j][0]]  # apostrophe of a plural possessive: Immigrants' Rights)
        if gap[:1] in ("'", "’") and word(i).endswith("s"):
            gap = gap[1:]
        return bool(gap) and not gap.strip(" \t\xa0")

    a = first
    while a > 0 and joined(a - 1, a) and not possessive(a - 1):  # "ACLU's" owns the name, is not in it
        if cap(a - 1):
            a -= 1
        elif word(a - 1) in _CONNECTORS and a >= 3 and joined(a - 2, a - 1) and cap(a - 2):
            a -= 2  # (not to the segment's first word: "Members of NARAL ...")
        else:
            break
    b = last
    while b < len(words) - 1 and joined(b, b + 1) and not possessive(b):
        if cap(b + 1):
            b += 1
        elif word(b + 1) in _CONNECTORS and b + 2 < len(words) and joined(b + 1, b + 2) and cap(b + 2):
            b += 2
        else:
            break
    while a < first and word(a).lower() in _FUNCTION_WORDS:
        a += 1
    while b > last and word(b).lower() in _FUNCTION_WORDS:
        b -= 1
    if (a, b) == (first, last):
        return ""
    others = [i for i in range(1, len(words)) if not a <= i <= b and sum(c.isalpha() for c in word(i)) >= 4]
    if not others or 3 * sum(cap(i) for i in others) >= 2 * len(others):
        return ""  # a headline in title case
    run = text[words[a][0]:words[b][1]]
    if possessive(b):
        run = run[:-2]
    return " ".join(run.split())


def _is_pronoun_i(text: str, pos: int) -> bool:
    """Is the word at ``pos`` the pronoun I (I, I'm, I've, I'd, I'll)?"""
    return _PRONOUN_I.match(text, pos) is not None


# --- helpers -------------------------------------------------------------------------------------

def _is_naming(pack: Pack) -> bool:
    return pack.family == "naming"


def _entry_id(pack: Pack, e: Entry) -> tuple[str, str]:
    return (f"{pack.name}/{e.concept}", e.variant) if _is_naming(pack) else ("", e.term)


def _rule_id(rule) -> tuple[str, str]:
    return (rule.concept, rule.variant) if rule.family == "naming" else ("", rule.term)


def _alone(pack: Pack, e: Entry) -> Pack:
    """``e`` as a one-entry pack built from ``pack`` (same topic, its concept's topic, no exclusions)."""
    concepts = {e.concept: pack.concepts[e.concept]} if _is_naming(pack) and e.concept in pack.concepts else {}
    return dataclasses.replace(pack, entries=[e], concepts=concepts)


def _exclusions_as_forms(pack: Pack) -> Pack | None:
    """The pack's ``exclude`` forms as ordinary entries (same concepts, so the same overlap groups and
    topic gates): where they occur. None when the pack has no exclusion."""
    excl = [dataclasses.replace(e, exclude=False, variant="(exclude)") for e in pack.entries if e.exclude]
    return dataclasses.replace(pack, entries=excl) if excl else None


def _without_gates(pack: Pack) -> Pack:
    concepts = {c: {**info, "topic": ()} for c, info in pack.concepts.items()}
    return dataclasses.replace(pack, topic=(), concepts=concepts)


def _topic_matcher(pack: Pack, forms) -> Matcher:
    """A matcher of the topic ``forms`` as one plain entry: a document mentions the topic where it finds
    one (the matcher's own topic rules are literal, case-insensitive forms too)."""
    entry = Entry(term="(topic)", category="", forms=tuple(Form(text=t) for t in forms))
    return Matcher([dataclasses.replace(pack, family="hedge", topic=(), concepts={}, entries=[entry])])


class _FormIndex:
    """Which entries can possibly match a normalised text: one Aho-Corasick scan for the literal forms
    and regex anchors of every entry (a superset of what the matcher finds; unanchored regexes always)."""

    def __init__(self, entries: list[Entry]):
        import ahocorasick

        self.always: set[int] = set()
        keys: dict[str, set[int]] = {}
        for k, e in enumerate(entries):
            for f in e.forms:
                if f.regex:
                    if f.anchors:
                        for a in f.anchors:
                            keys.setdefault(normalise_form(a).lower(), set()).add(k)
                    else:
                        self.always.add(k)
                else:
                    keys.setdefault(normalise_form(f.text).lower(), set()).add(k)
        self._automaton = ahocorasick.Automaton()
        for key, ks in keys.items():
            self._automaton.add_word(key, frozenset(ks))
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()

    def entries_in(self, low: str) -> set[int]:
        out = set(self.always)
        if not self._empty:
            for _, ks in self._automaton.iter(low):
                out |= ks
        return out


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def _holds(a, b) -> bool:
    return a.start <= b.start and b.end <= a.end and a.end - a.start > b.end - b.start


def _form_label(form: Form) -> str:
    """A form as the pack writes it, with its context words: ``may be (after whatever/whoever)``."""
    label = form.text or f"/{form.regex}/"
    if form.preceded_by:
        label += f" (after {'/'.join(form.preceded_by)})"
    if form.followed_by:
        label += f" (before {'/'.join(form.followed_by)})"
    return label


def _winner(c: Match, whole: list[Match], excl: list[Match], text: str) -> tuple[str, str, str]:
    """(reason, winner, winner_text) for a candidate the whole pack did not keep."""
    group = c.rule.group
    for x in excl:
        if x.rule.group == group and _overlap(x, c) and not _holds(c, x):
            return "exclude", f"exclude: {_form_label(x.rule.form)}", text[x.start:x.end]
    for m in whole:
        if m.rule.group == group and _overlap(m, c):
            return "overlap", _rule_id(m.rule)[1], text[m.start:m.end]
    # inside a longer form that an exclusion dropped (the matcher drops such forms together)
    for x in excl:
        if x.rule.group == group and x.start < c.end + 100 and c.start < x.end + 100:
            return "exclude", f"exclude: {_form_label(x.rule.form)} (through a longer form)", text[x.start:x.end]
    return "overlap", "(a form dropped by an exclusion)", ""


def _extractor_reason(rule) -> str:
    if rule.family == "loaded":
        return "the loaded extractor (inside a capitalised name)"
    if rule.subject != "any":
        return f"the {rule.family} extractor (subject: {rule.subject})"
    return f"the {rule.family} extractor"


def _yaml_flow(items: list[str]) -> str:
    import yaml

    return yaml.safe_dump(list(items), default_flow_style=True, allow_unicode=True, width=10**6).strip()


# --- the trial -----------------------------------------------------------------------------------

def lexicon_trial(corpus, pack, *, sample: int = 5, seed: int = 0, max_docs: int | None = None,
                  width: int = 60) -> LexiconTrial:
    """Run one pack over a corpus by the default extraction and report what it counts and loses.

    Parameters
    ----------
    corpus : Corpus, DataFrame or iterable of str
        As for :func:`framelens.extract` (``doc_id``, ``text``, optional ``outlet``).
    pack : str, Path or Pack
        A shipped pack name, the path of a YAML pack, or a validated :class:`Pack`.
    sample : int, default 5
        Hits per entry in the KWIC sample (fewer when an entry has fewer).
    seed : int, default 0
        Seed of the sample.
    max_docs : int, optional
        Try only the first ``max_docs`` documents (the splitter is then trained on those).
    width : int, default 60
        Characters of context on each side in ``hits`` and ``sample`` (left, right).

    Returns
    -------
    LexiconTrial
        The tables of the module docstring.

    Raises
    ------
    LexiconError
        For an unknown pack name or a pack file that does not validate.
    """
    from framelens.extract import _documents, extract
    from framelens.kwic import kwic

    t0 = time.perf_counter()
    if not isinstance(pack, Pack):
        pack = load_pack(pack)
    docs = _documents(corpus)
    total = len(docs)
    if max_docs is not None:
        docs = docs.head(max_docs)
    docs = docs.reset_index(drop=True)
    ids = docs["doc_id"].astype(str).tolist()
    texts = docs["text"].fillna("").astype(str).tolist()
    outlet_of = dict(zip(ids, docs["outlet"].astype(str))) if "outlet" in docs else {}
    n_outlets = len({o for o in outlet_of.values() if o})

    lex = LexiconSet([pack])
    hits = extract(docs, lex, lexicon_free=()).reset_index(drop=True)
    hits["outlet"] = hits["doc_id"].map(outlet_of).fillna("") if outlet_of else ""
    hits["entry"] = hits["variant"].where(hits["family"] == "naming", hits["term"])
    log.info("%s: %d hits in %d documents (%.1f s)", pack.name, len(hits), len(docs), time.perf_counter() - t0)

    hit_keys = list(zip(hits["doc_id"], hits["start"], hits["end"], hits["feature"]))
    losses, form_of = _lost_candidates(pack, lex, ids, texts, outlet_of, set(hit_keys))
    log.info("%s: %d candidates lost (%.1f s)", pack.name, len(losses), time.perf_counter() - t0)

    hits["form"] = [_form_label(form_of[k]) if k in form_of else "" for k in hit_keys]
    by_doc = dict(zip(ids, texts))
    names = []
    for h, key in zip(hits.itertuples(index=False), hit_keys):
        f = form_of.get(key)
        lower_form = f is not None and not f.case_sensitive and (f.regex or f.text == f.text.lower())
        names.append(capitalised_run(by_doc[h.doc_id], h.start, h.end, h.sent_start, h.sent_end) if lower_form else "")
    hits["likely_name"] = names
    if len(hits):
        k = kwic(docs, hits=hits, feature=pack.family, width=width)
        hits = hits.merge(k[["doc_id", "start", "end", "feature", "left", "right"]],
                          on=["doc_id", "start", "end", "feature"], how="left")
    else:
        hits["left"] = pd.Series(dtype=object)
        hits["right"] = pd.Series(dtype=object)

    order = pd.DataFrame([(*_entry_id(pack, e), e.category, i) for i, e in enumerate(_entries(pack))],
                         columns=["concept", "entry", "category", "_order"])
    names_table = _names(hits)
    trial = LexiconTrial(
        pack=pack, documents=len(docs), documents_total=total, outlets=n_outlets, hits=hits,
        matches=_matches(order, hits, losses), surface_forms=_surface_forms(order, hits), losses=losses,
        cross_concept=_cross_concept(hits, by_doc), names=names_table,
        name_excludes=_name_excludes(pack, names_table), sample=_sample(order, hits, sample, seed),
        gates=_gates(pack, texts), seconds=time.perf_counter() - t0)
    log.info("%s: trial done in %.1f s", pack.name, trial.seconds)
    return trial


def _entries(pack: Pack) -> list[Entry]:
    return [e for e in pack.entries if not e.exclude]


def _lost_candidates(pack: Pack, lex: LexiconSet, ids: list[str], texts: list[str], outlet_of: dict[str, str],
                     hit_keys: set[tuple]) -> tuple[pd.DataFrame, dict[tuple, Form]]:
    """The losses table, and the form of every whole-pack match by ``(doc_id, start, end, feature)``.

    Each entry alone runs only where the whole pack or its exclusions match and one of the entry's
    forms occurs (see the module docstring: the result is that of running it everywhere).
    """
    entries = _entries(pack)
    index = _FormIndex(entries)
    matcher = lex.matcher()
    excl_pack = _exclusions_as_forms(pack)
    excl_matcher = Matcher([excl_pack]) if excl_pack else None
    alone: dict[int, Matcher] = {}
    form_of: dict[tuple, Form] = {}
    rows: list[tuple] = []
    for doc_id, text in zip(ids, texts):
        whole = matcher.find(text)
        excl = excl_matcher.find(text) if excl_matcher else []
        outlet = outlet_of.get(doc_id, "")
        for m in whole:
            key = (doc_id, m.start, m.end, m.rule.feature)
            form_of[key] = m.rule.form
            if key not in hit_keys:
                rows.append((doc_id, outlet, *_rule_id(m.rule), m.start, m.end, text[m.start:m.end], "extractor",
                             _extractor_reason(m.rule), ""))
        if not whole and not excl:
            continue
        kept = {(m.start, m.end, *_rule_id(m.rule)) for m in whole}
        for k in sorted(index.entries_in(normalise_text(text))):
            if k not in alone:
                alone[k] = Matcher([_alone(pack, entries[k])])
            for c in alone[k].find(text):
                cid = _rule_id(c.rule)
                if (c.start, c.end, *cid) not in kept:
                    winner = _winner(c, whole, excl, text)
                    rows.append((doc_id, outlet, *cid, c.start, c.end, text[c.start:c.end], *winner))
    log.debug("%s: %d of %d entries had candidates to match alone", pack.name, len(alone), len(entries))
    losses = pd.DataFrame(rows, columns=LOSS_COLUMNS)
    if len(losses):
        doc_order = {d: i for i, d in enumerate(ids)}
        losses = (losses.assign(_doc=losses["doc_id"].map(doc_order))
                  .sort_values(["_doc", "start", "end"], kind="stable").drop(columns="_doc").reset_index(drop=True))
    return losses, form_of


def _matches(order: pd.DataFrame, hits: pd.DataFrame, losses: pd.DataFrame) -> pd.DataFrame:
    keys = ["concept", "entry"]
    if len(hits):
        g = hits.groupby(keys, sort=False)
        counts = pd.DataFrame({"hits": g.size(), "documents": g["doc_id"].nunique(),
                               "outlets": g["outlet"].agg(lambda s: s[s != ""].nunique()),
                               "narration": g["voice"].agg(lambda s: int((s == "narration").sum())),
                               "quoted": g["voice"].agg(lambda s: int((s == "quoted").sum()))}).reset_index()
    else:
        counts = pd.DataFrame(columns=keys + ["hits", "documents", "outlets", "narration", "quoted"])
    lost = losses.groupby(keys).size().rename("lost").reset_index() if len(losses) else \
        pd.DataFrame(columns=keys + ["lost"])
    out = order.merge(counts, on=keys, how="left").merge(lost, on=keys, how="left")
    for c in ("hits", "documents", "outlets", "narration", "quoted", "lost"):
        out[c] = out[c].fillna(0).astype("int64")
    return out.sort_values("_order", kind="stable")[MATCH_COLUMNS].reset_index(drop=True)


def _surface_forms(order: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    if not len(hits):
        return pd.DataFrame(columns=FORM_COLUMNS)
    f = hits.groupby(["concept", "entry", "text"]).size().rename("hits").reset_index()
    f = f.merge(order[["concept", "entry", "_order"]], on=["concept", "entry"], how="left")
    f = f.sort_values(["_order", "hits", "text"], ascending=[True, False, True], kind="stable")
    return f[FORM_COLUMNS].reset_index(drop=True)


def _cross_concept(hits: pd.DataFrame, by_doc: dict[str, str]) -> pd.DataFrame:
    rows = []
    named = hits[hits["family"] == "naming"] if len(hits) else hits
    for doc_id, g in named.groupby("doc_id", sort=False):
        spans = sorted(zip(g["start"], g["end"], g["concept"], g["entry"], g["outlet"]))
        for i, (s, e, c, v, o) in enumerate(spans):
            for s2, e2, c2, v2, _ in spans[i + 1:]:
                if s2 >= e:
                    break
                if c2 != c:
                    text = by_doc[doc_id]
                    rows.append((doc_id, o, s, e, text[s:e], c, v, c2, v2, text[s2:e2]))
    return pd.DataFrame(rows, columns=CROSS_COLUMNS)


def _names(hits: pd.DataFrame) -> pd.DataFrame:
    named = hits[hits["likely_name"] != ""] if len(hits) else hits
    if not len(named):
        return pd.DataFrame(columns=NAME_COLUMNS)
    g = named.groupby(["concept", "entry", "likely_name"], sort=False)
    out = pd.DataFrame({"hits": g.size(), "documents": g["doc_id"].nunique()}).reset_index()
    out = out.rename(columns={"likely_name": "name"}).sort_values(["concept", "hits", "name"],
                                                                  ascending=[True, False, True], kind="stable")
    return out[NAME_COLUMNS].reset_index(drop=True)


def _name_excludes(pack: Pack, names: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for concept, g in names.groupby("concept", sort=False):
        cid = concept.split("/", 1)[1] if concept else ""
        has = any(e.exclude and e.concept == cid for e in pack.entries)
        rows.append((cid, "exclude: " + _yaml_flow(list(dict.fromkeys(g["name"]))), has))
    return pd.DataFrame(rows, columns=NAME_EXCLUDE_COLUMNS)


def _sample(order: pd.DataFrame, hits: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    if not len(hits) or n <= 0:
        return pd.DataFrame(columns=SAMPLE_COLUMNS)
    parts = []
    for _, g in hits.groupby(["concept", "entry"], sort=False):
        parts.append(g.sample(n=min(n, len(g)), random_state=seed))
    s = pd.concat(parts).rename(columns={"text": "match"})
    doc_order = {d: i for i, d in enumerate(dict.fromkeys(hits["doc_id"]))}
    s = s.merge(order[["concept", "entry", "_order"]], on=["concept", "entry"], how="left")
    s["_doc"] = s["doc_id"].map(doc_order)
    s = s.sort_values(["_order", "_doc", "start"], kind="stable")
    return s[SAMPLE_COLUMNS].reset_index(drop=True)


def _gates(pack: Pack, texts: list[str]) -> pd.DataFrame:
    scopes = [("pack", pack.topic)] if pack.topic else []
    scopes += [(f"{pack.name}/{cid}", info["topic"]) for cid, info in pack.concepts.items() if info.get("topic")]
    if not scopes:
        return pd.DataFrame(columns=GATE_COLUMNS)
    closed = {}
    for scope, topic in scopes:
        m = _topic_matcher(pack, topic)
        closed[scope] = {i for i, t in enumerate(texts) if not m.find(t)}
    # what the pack would match there without its gates (a concept's under a closed pack gate: the pack's)
    ungated = Matcher([_without_gates(pack)])
    candidates = dict.fromkeys(closed, 0)
    pack_closed = closed.get("pack", set())
    for i in sorted(set().union(*closed.values())):
        for m in ungated.find(texts[i]):
            if i in pack_closed:
                candidates["pack"] += 1
            elif i in closed.get(m.rule.concept, ()):
                candidates[m.rule.concept] += 1
    rows = [(scope, ", ".join(topic), len(texts), len(closed[scope]), candidates[scope]) for scope, topic in scopes]
    return pd.DataFrame(rows, columns=GATE_COLUMNS)
