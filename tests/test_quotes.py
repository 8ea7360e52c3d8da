"""Scare quotes: seed cues, the speech rule, quote styles, linear time on big input."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conftest import shared_path
from framelens.features.quotes import scare_quote_spans
from framelens.text import sentence_spans


def found(text):
    return [(text[s:e], p) for s, e, p in scare_quote_spans(text, sentence_spans(text))]


def test_seed_article_cues():
    path = shared_path("seed-presstv-karabakh", "000_4a6d31d5d92b9fe9.txt")
    text = path.read_text("utf-8")
    hits = found(text)
    phrases = [p for _, p in hits]
    assert "all for all" in phrases
    assert "total collapse" in phrases
    # the period sits inside the closing quote and inside the span
    assert "“total collapse.”" in [t for t, _ in hits]
    # the long quoted speech is never a scare quote
    assert not any("servicemen" in t for t, _ in hits)
    assert len(hits) == 2


@pytest.mark.parametrize("text, expected", [
    ("He called the plan a “disgrace” and left.", ["disgrace"]),
    ("The so-called \"experts\" were wrong.", ["experts"]),
    ("It was the people’s ‘victory’ that day.", ["victory"]),
    ("Critics dubbed it “Obamathon” and “ObamaCare” at once.", ["ObamaCare"]),  # one capitalised word is a name
    ("what he has called “total collapse.”", ["total collapse"]),
    ("The “peace process” stalled, and the “ceasefire” too.", ["peace process", "ceasefire"]),
])
def test_scare_quotes_found(text, expected):
    assert [p for _, p in found(text)] == expected


@pytest.mark.parametrize("text", [
    "“We won,” he said.",                                  # speech tag after, comma
    "She said “no.”",                                      # speech verb before
    "The minister had one word for it: “disgraceful.”",     # colon
    "He said that “mistakes were made” during the raid.",  # said that
    "“Disgraceful.”",                                      # whole sentence
    "“Lock her up!” the crowd chanted at the rally.",       # capitalised exclamation
    "Dwayne “The Rock” Johnson appeared.",                  # nickname
    "“Never,” said Smith, “again.”",                        # both halves of a split quotation
    "He told reporters, “Not today.”",                      # told + comma
    "The talks were “a very long and painful process for everyone,” he said.",  # 5+ words
])
def test_speech_and_long_quotes_are_not_scare_quotes(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    # each an error class of the blind tuning sample (data/validation): a stretch of what was said
    "Policy is how prosecutors \"choose priorities\" and cases.",             # a verb phrase
    "Biden asked agencies to “redouble their efforts” to find the origin.",    # a verb phrase
    "Romney's campaign called the administration's response “disgraceful.”",  # predicate after call
    "Biden said he stands “squarely behind” his decision.",                    # breaks off in a phrase
    "She said there had been progress in the sense of a “better understanding” of each other.",  # plain phrase
    "They will work for a “very heavy price” in return.",                      # plain phrase
    "In an interview with “60 Minutes,” she spoke.",                           # a title
])
def test_reported_fragments_are_not_scare_quotes(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("It was all part of a “witch hunt” against him.", ["witch hunt"]),          # noun compound
    ("He embarked on a so-called “apology tour” abroad.", ["apology tour"]),     # labelling cue
    ("Critics called the swap “all for all” at once.", ["all for all"]),         # a formula
    ("It is now the “Muslim ban” again.", ["Muslim ban"]),                       # a name in it
    ("He called it “a con” twice.", ["a con"]),                                  # one noun, singled out
])
def test_labels_of_two_or_three_words_are_scare_quotes(text, expected):
    assert [p for _, p in found(text)] == expected


@pytest.mark.parametrize("text", [
    "He said the deal is “terrible” because Iran cannot be trusted.",        # reported predicate
    "Trump tweeted that the lawsuit \"can be good\" for him.",                 # clause (modal)
    "Ms. Rice spoke on the PBS program “Charlie Rose.”",                      # title
    "Trump told NBC's \"Today\" show on Thursday that he was sure.",          # title cue
    "Critics object to the term “anchor baby” in the bill.",                  # mention
    "“We do not operate under ‘secret law’ of any kind,” Mr. Weich wrote.",   # nested in speech
])
def test_rules_added_after_the_development_sample(text):
    assert found(text) == []


def test_label_inside_reported_speech_is_a_scare_quote():
    text = "Trump said he would mobilize the military to stop an “assault” on the nation."
    assert [p for _, p in found(text)] == ["assault"]


def test_apostrophes_do_not_open_or_close_single_quotes():
    text = "In the ‘90s he was ‘cool’ and people’s ‘heroes’ too, didn’t he?"
    assert [p for _, p in found(text)] == ["cool", "heroes"]


def test_straight_quotes_pair_in_order_after_a_long_quotation():
    text = ('"This is a long quotation that runs on and on for many words," he said, '
            'calling it "fake news".')
    assert [p for _, p in found(text)] == ["fake news"]


def test_span_includes_marks_and_phrase_is_trimmed():
    text = "Officials spoke of a “peace deal,” not a retreat."
    (s, e, p), = scare_quote_spans(text, sentence_spans(text))
    assert text[s] == "“" and text[e - 1] == "”"
    assert p == "peace deal"


def test_empty_and_quote_free_text():
    assert scare_quote_spans("", []) == []
    assert scare_quote_spans("No quotes here.", [(0, 15)]) == []


def test_unbalanced_quotes_do_not_crash():
    text = "An “unclosed quote runs on. Then \"another one."
    assert found(text) == []


def test_linear_on_a_big_document_without_punctuation():
    # 2 MB of one line with many quotes and no sentence punctuation: must finish, and find them all
    unit = "the so called “reform” of the day and "
    text = unit * (2_000_000 // len(unit))
    hits = scare_quote_spans(text, [(0, len(text))])
    assert len(hits) == text.count("“")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab “”‘’\"'.,:\n")), max_size=80))
def test_spans_are_valid_for_any_text(text):
    spans = sentence_spans(text)
    for s, e, p in scare_quote_spans(text, spans):
        assert 0 <= s < e <= len(text)
        assert text[s] in "“‘\"" and text[e - 1] in "”’\""
        assert p in text[s:e]


# --- round 5 (after the fourth blind evaluation sample, now the fifth tuning sample) --------------

@pytest.mark.parametrize("text", [
    "The papers ran the words “horror”, “massacre” and “war” on every page.",  # a list of mentions
    "The law defines “person” as a human being who was born.",                # a definition mentions
    "The judge blocked the order, finding the policy likely “unlawful.”",     # a finding's predicate
])
def test_mentions_and_findings_are_not_scare_quotes(text):
    assert found(text) == []


def test_a_label_in_narration_is_still_a_scare_quote():
    assert [p for _, p in found("Aid groups said the promised “help” never came.")] == ["help"]


# --- round 6 (after the fifth blind evaluation sample, now the sixth tuning sample) --------------

@pytest.mark.parametrize("text", [
    "Kerry denounced the violence as “deplorable.”",           # the predicate of a denunciation
    "Advocates decried the plan, describing it as “cruel”.",   # the predicate of a description
    "Mr. Bush said his views “absolutely” coincide with those.",  # one adverb: a stretch of speech
    "He misreads it in his new special “The Closer.”",        # a title
])
def test_predicates_adverbs_and_titles_are_not_scare_quotes(text):
    assert found(text) == []


def test_a_noun_label_after_described_as_is_a_scare_quote():
    assert [p for _, p in found("Collins, often described as a “moderate,” is no wingnut.")] == ["moderate"]


# round 7 (tuned on evaluation 6): mentions, figures and votes, programmes, coordinated predicates
@pytest.mark.parametrize("text", [
    '"Wetbacks" often refers to Mexican migrants.',
    "The next point deals with the definition of “refugees” in law.",
    "“Thousands” also turned out in New York City.",
    "And Mr. Hatch’s “yes” vote is seen as a driver.",
    'He appeared on the PBS "NewsHour," and left.',
    "Pelosi had called the separations “barbaric.”",
    'Corbyn called them "brutal and shocking" on Sunday.',
    "Laura Bush wrote that the policy was “cruel” and “immoral”.",
    'The official asserted that sanctions have been "key" to the talks.',
])
def test_round7_not_scare_quotes(text):
    assert found(text) == []


def test_round7_labels_stay_scare_quotes():
    got = found('So-called "heartbeat" bills and immigrant “help” are labels.')
    assert [t for t, _ in got] == ['"heartbeat"', "“help”"]


@pytest.mark.parametrize("text", [
    "He called its response “brutal” on Tuesday.",
    "De Blasio called New Yorkers “resilient” and left.",
    "The chief called the deaths “absolutely devastating” on Sunday.",
    'Goldstein called the bill "evil."',
    "Kahn described the attacker as “evil and twisted” but left.",
    'It passed with 69 "yea" votes.',
])
def test_round8_predicates_after_labelling_verbs_and_votes(text):
    assert found(text) == []


def test_round8_a_noun_label_after_called_stays():
    assert [t for t, _ in found('He called them "animals" twice.')] == ['"animals"']


@pytest.mark.parametrize("text", [
    # round 9 (tuned on evaluation 8): the predicate of what was said, and a mention
    "He said a Palestinian state has become “unviable.”",                               # become
    "Priebus complained that the policy was \"horrific\" for the party.",              # complained
    "Officials said the government considered the reports “credible.”",                 # considered X "adj"
    "The talking points were stripped of all references to “terrorism” in the end.",  # a mention
])
def test_round9_predicates_and_mentions_are_not_scare_quotes(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("They considered it a “solution” to everything.", ["solution"]),     # a noun after considered
    ("The city has become a “sanctuary” for them.", ["sanctuary"]),      # no verb of saying before
])
def test_round9_rules_leave_labels_alone(text, expected):
    assert [p for _, p in found(text)] == expected


def test_the_noun_state_is_not_a_verb_of_saying_before_a_quoted_predicate():
    assert [p for _, p in found("The state has become a “sanctuary” for them.")] == ["sanctuary"]
    assert found("He stated that the plan was “unworkable.”") == []
    assert found("A provision that states policies would be “grandfathered” stays.") == []


@pytest.mark.parametrize("text", [
    # round 11 (tuned on the pooled judged samples): mentions in a list, glosses, acronyms, predicates
    "Officers used derogatory terms like “wetback” and “taco eater,” which the office denied.",
    "Some avoid phrases such as “mass shooting” and “gun violence,” because of the rhetoric.",
    "Critics used euphemisms like “Western civilization” to package the idea.",
    "Antifa, short for “anti-fascist,” is an amorphous movement.",
    "The “OK” hand gesture is among the new entries.",
    "The mayor derided the zone as “lawless and brutal” on Wednesday.",
    "He painted the bill as “ridiculous” and unworkable.",
    # the labelling verb further back than 60 characters
    ("The secretary on Sunday slammed Senate Republicans’ negotiating posture in infrastructure talks "
     "with the White House as “curious” and “perplexing” at a briefing."),
    "A spokeswoman described the ad as “dishonest and hypocritical,” considering his proposals.",
])
def test_round11_mentions_acronyms_and_predicates_are_not_scare_quotes(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("He says he was told by its “CEO” to leave.", ["CEO"]),                      # a title singled out
    ("Reid called out the congresswoman for her “radical” proposal on Friday.", ["radical"]),  # a premodifier
    ("President Biden slammed the ruling to allow Texas' “extreme” law that bans most abortions.", ["extreme"]),
    ("They backed the so-called “Muslim ban” again.", ["Muslim ban"]),
])
def test_round11_rules_leave_labels_alone(text, expected):
    assert [p for _, p in found(text)] == expected


# -- the shortcuts of the candidate search are exact -------------------------------------------------

_QUOTE_TEXT = st.lists(st.sampled_from(list("ab ZÉ1\n\t‘’“”\"—–-_(.,'\u00a0") + ["‘a", "’s", " ‘x’ "]),
                       max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_QUOTE_TEXT)
def test_curly_single_quotes_are_the_matches_of_the_pattern_scanned_everywhere(text):
    from framelens.features import quotes

    assert [m.span() for m in quotes._curly_single_quotes(text)] == \
        [m.span() for m in quotes._CURLY_SINGLE_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_QUOTE_TEXT, st.data())
def test_words_counted_up_to_a_limit_are_those_of_word_re_in_the_stretch(text, data):
    from itertools import islice

    from framelens.features import quotes
    from framelens.text import WORD_RE

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    most = data.draw(st.integers(1, 6))
    expected = sum(1 for _ in islice(WORD_RE.finditer(text, start, end), most))
    assert quotes._count_words_upto(text, start, end, most) == expected
    long = text * 30  # past the length counted whole
    assert quotes._count_words_upto(long, 0, len(long), most) == \
        sum(1 for _ in islice(WORD_RE.finditer(long), most))
