"""Who a verb is said of: a person (or a body that speaks), or a thing.

*The senator suggested* reports a speech act; *the data suggest* hedges a finding. An entry with
``subject: person`` (or ``not_person``) in a lexicon pack counts only when the noun phrase the verb
is said of -- found by :func:`framelens.features.sources.attributed_source`, the same finder that
gives reporting verbs their source -- is (or is not) one that speaks:

- a personal pronoun (*he, she, I, we, you, they*) or *who*;
- a name: a phrase whose last word is capitalised mid-sentence (*Goldberg*, *the White House*),
  not a sentence's capitalised first word alone;
- a noun of :data:`SPEAKER_NOUNS` (*officials, spokesman, critics*).

Anything else, or no noun phrase found, is ``not_person``; so is a participle after a comma
(*..., indicating that*, *..., suggesting the virus spread*): it says what the preceding event
points to, an evidential.

A verb right after *and*, *or* or *to* (*Romney took to Twitter ... to suggest that*, *they hope to
file a bill ..., and suggested that*) shares the subject of its sentence's main clause: that
subject (the words before the sentence's first verb, up to a preposition, after a leading phrase
set off by a comma, read by the shipped tagger) is judged instead of the nearest noun phrase.
"""
from __future__ import annotations

from framelens.features import DocText
from framelens.features.sources import attributed_source

#: Common nouns for people and bodies that speak, and for what they say (lower case, singular
#: and plural).
SPEAKER_NOUNS = frozenset("""
official officials spokesman spokesmen spokeswoman spokeswomen spokesperson spokespeople aide aides
adviser advisers advisor advisors analyst analysts critic critics expert experts lawmaker lawmakers
legislator legislators senator senators representative representatives congressman congresswoman
president governor mayor minister ministers secretary leader leaders chairman chairwoman chair
director chief executive executives columnist columnists commentator commentators author authors
writer writers reporter reporters journalist journalists editor editors scholar scholars scientist
scientists researcher researchers economist economists doctor doctors lawyer lawyers attorney
attorneys prosecutor prosecutors judge judges justice justices candidate candidates activist
activists advocate advocates supporter supporters opponent opponents member members residents
resident witness witnesses someone somebody anyone people person man woman men women voters
organizers officer officers police investigators authorities administration government campaign
professor professors historian historians strategist strategists pollster pollsters consultant
consultants ambassador diplomat diplomats general commissioner prosecutor sheriff host anchor
bloc committee committees commission council agency agencies department ministry court courts
group groups party parties union unions coalition organization organizations organisation
organisations company companies firm firms panel board congress senate parliament delegation
team network newspaper
""".split())
#: Words after which a verb shares the main clause's subject.
_SHARED_SUBJECT = frozenset("and or to".split())
_PRONOUNS = frozenset("he she i we you they who".split())


def subject_is_person(doc: DocText, start: int, end: int) -> bool:
    """Is the verb at ``[start, end)`` said of a person or a speaking body (see module docstring)?"""
    text = doc.text
    if text[start:end].lower().endswith("ing") and text[:start].rstrip().endswith(","):
        return False
    s0, s1 = doc.sentences[doc.sentence_of(start)] if doc.sentences else (0, len(text))
    before = text[s0:start].split()
    if before and before[-1].lower() in _SHARED_SUBJECT:
        return _main_subject_is_person(text, s0, start)
    found = attributed_source(text, s0, min(s1, len(text)), start, end)
    if not found:
        return False
    phrase, a, _ = found
    words = phrase.split()
    if not words:
        return False
    last = words[-1].strip(".,;:’'\"").lower()
    if len(words) == 1 and last in _PRONOUNS:
        return True
    if last.endswith(("'s", "’s")):
        last = last[:-2]
    if last in SPEAKER_NOUNS:
        return True
    head = words[-1]
    if not head[:1].isupper():
        return False
    if text[s0:a].strip() == "" and len(words) == 1:
        # a sentence's first word is capitalised anyway: a name only if the tagger reads one ("Trump suggested")
        from framelens.tagger import tag_span

        toks = tag_span(text, a, a + len(head))
        return bool(toks) and toks[0][3].startswith("NNP")
    return True


def _main_subject_is_person(text: str, s0: int, start: int) -> bool:
    """Is the subject of the sentence's main clause (the words before its first verb) a person?"""
    from framelens.tagger import tag_span

    head = None
    toks = tag_span(text, s0, start)
    if toks and toks[0][3] in ("IN", "RB", "CC"):
        # a leading phrase set off by a comma ("In that discussion, Pelosi seemed to suggest")
        commas = [i for i, t in enumerate(toks) if t[3] == ","]
        toks = toks[commas[0] + 1:] if commas else toks
    for _, _, word, tag in toks:
        if tag.startswith(("VB", "MD")) or tag in ("IN", "TO", ",", "WDT", "WP"):
            break
        if tag.startswith(("NN", "PRP")):
            head = (word, tag)
    if head is None:
        return False
    word, tag = head
    low = word.lower().strip(".,;:’'\"")
    return tag.startswith("NNP") or low in _PRONOUNS or low in SPEAKER_NOUNS


def subject_ok(doc: DocText, rule, start: int, end: int) -> bool:
    """Does a match of ``rule`` at ``[start, end)`` meet its entry's ``subject`` condition?"""
    if rule.subject == "any":
        return True
    return subject_is_person(doc, start, end) == (rule.subject == "person")
