"""Agentless passives: seed sentences, agents, adverbs, the adjectival stoplist, data files."""
from __future__ import annotations

import pytest

from conftest import shared_path
from framelens.features.passives import (adjectival_participles, agentless_passive_spans,
                                         irregular_participles)
from framelens.text import sentence_spans, word_spans


def found(text):
    return [(text[s:e], p) for s, e, p in agentless_passive_spans(text, sentence_spans(text), word_spans(text))]


@pytest.fixture(scope="module")
def seed_text():
    return shared_path("seed-presstv-karabakh", "000_4a6d31d5d92b9fe9.txt").read_text("utf-8")


def test_seed_agentless_passives(seed_text):
    spans = [t for t, _ in found(seed_text)]
    assert "been reported" in spans                  # who had been reported captured
    assert "is internationally recognized" in spans  # Karabakh is internationally recognized
    assert "was signed" in spans
    assert "been stationed" in spans
    assert "was warmly welcomed" in spans


def test_seed_passives_with_agents_are_not_reported(seed_text):
    spans = " | ".join(t for t, _ in found(seed_text))
    assert "taken" not in spans      # were taken hostage by Azeri forces
    assert "encircled" not in spans  # were encircled by Azeri forces
    assert "occupied" not in spans   # has been occupied by ethnic Armenian separatists
    assert "supposed" not in spans   # had been supposed to be: semi-modal, in the stoplist


@pytest.mark.parametrize("text, expected", [
    ("He was reportedly killed on Monday.", "was reportedly killed"),
    ("The plan has been widely criticized.", "been widely criticized"),
    ("Crimes were committed.", "were committed"),
    ("He got arrested after the march.", "got arrested"),
    ("They're expected to win.", "'re expected"),
    ("He wasn't told.", "wasn't told"),
    ("The building is being demolished.", "being demolished"),
    ("Taxes were cut by 10 percent.", "were cut"),          # "by" + number is not an agent
    ("It was finished by the end of the year.", "was finished"),
    ("The ballots were not yet counted.", "were not yet counted"),
    ("He got arrested, by all accounts.", "got arrested"),  # comma closes the clause
    ("The village was seen as a prize.", "was seen"),
])
def test_agentless_passive_found(text, expected):
    assert [t for t, _ in found(text)] == [expected]


@pytest.mark.parametrize("text", [
    "The plan has been widely criticized by experts.",
    "It was occupied by the army.",
    "She was interested in it.",           # adjectival participle
    "They are committed to peace.",        # two-word stoplist entry
    "The man was Ahmed.",                  # capitalised: a name, not a participle
    "The city was indeed quiet.",          # -ed word that is no participle
    "It's expected to rain.",              # 's is skipped (has/is ambiguous)
    "He has finished the report.",         # active perfect
    "The troops were in the north.",
    "They were quickly and decisively defeated.",  # 'and' is not an adverb: not reached
    "The Senate is evenly divided.",       # state, not act (stoplist)
    "They are not exactly known for compromise.",  # "known for" (two-word stoplist entry)
])
def test_no_agentless_passive(text):
    assert found(text) == []


def test_participle_must_be_in_the_same_sentence():
    text = "The question is. Destroyed villages remain."
    assert found(text) == []


def test_third_element_is_the_participle_as_written():
    text = "The report was Widely shared, then was Leaked."
    assert found(text) == [("was Widely shared", "shared")]


def test_shipped_lists_are_clean():
    irr = irregular_participles()
    single, pairs = adjectival_participles()
    assert {"taken", "seen", "held", "told", "found", "known"} <= irr
    assert "gone" not in irr and "come" not in irr          # intransitive: never passive
    assert {"interested", "concerned", "tired", "supposed"} <= single
    assert ("committed", "to") in pairs and "committed" not in single
    assert all(w == w.strip().lower() and " " not in w for w in irr)


def test_empty_text():
    assert agentless_passive_spans("", [], []) == []


def test_linear_on_a_big_document():
    unit = "the town was shelled again and the road was closed by police and "
    text = unit * (2_000_000 // len(unit))
    hits = agentless_passive_spans(text, [(0, len(text))], word_spans(text))
    assert len(hits) == text.count("was shelled")


@pytest.mark.parametrize("text", [
    "More than half of the states are poised to outlaw it.",
    "We're all truly blessed to have him.",
    "Democrats were disgusted and stunned.",
    "Democrats are still irritated at Roberts.",
    "Biden said it was meant to reinforce alliances.",
    "Lawmakers are set to vote on Monday.",
    "Iraq's air defense capabilities are limited.",
    "People must be armed to defend themselves.",
    "It was totally unprecedented in our history.",
])
def test_states_from_the_tuning_sample_are_not_passives(text):
    # each an error of the blind tuning sample (data/validation): an adjectival state, no hidden agent
    assert found(text) == []


def test_a_real_passive_next_to_those_states_is_still_found():
    assert found("The fire was contained and the suspects were arrested.") == [
        ("was contained", "contained"), ("were arrested", "arrested")]


def test_a_quoted_word_inside_the_verb_group_and_a_nouns_by_phrase():
    assert found("The plan was “quietly” approved.") == [("was “quietly” approved", "approved")]
    # "by the ministry" belongs to "statement": the passive has no agent
    assert found("The figures were released in a statement by the ministry.") == [("were released", "released")]
    assert found("The figures were released by the ministry.") == []


def test_states_and_compound_adjectives_are_not_passives_but_born_is():
    """After the second blind evaluation sample: 'is rooted in', 'well-deserved', 'two-faced' are states;
    'was born' is judged a passive with an implied agent; 'were tear-gassed' stays a passive."""
    got = found("The fear is rooted in history and was well-deserved. He is two-faced. She was born in May. "
                "Protesters were tear-gassed.")
    assert [t for t, _ in got] == ["was born", "were tear-gassed"]


def test_un_adjectives_and_inchoatives_are_not_passives_but_un_verbs_are():
    """After the third blind evaluation sample: 'is unfounded', 'are unvaccinated', 'get started',
    'got divorced', 'are united on' are states; 'was unveiled', 'were undermined' are passives."""
    got = found("The claim is unfounded. They are unvaccinated. We got started and they got divorced. "
                "They are united on this. The plan was unveiled. Talks were undermined.")
    assert [t for t, _ in got] == ["was unveiled", "were undermined"]


# --- round 6 (after the fifth blind evaluation sample, now the sixth tuning sample) --------------

@pytest.mark.parametrize("text", [
    "His deportation was halted, at least for now, by a federal judge.",  # an agent after an aside
    "France has said it is opposed to quick relief.",                      # a state
    "Eyes were glued to the screens.",                                      # a state
    "My state is once again saddled with a goober.",                        # a state
])
def test_states_and_agents_after_an_aside_are_not_agentless_passives(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Wages should be addressed by providing training.", ["be addressed"]),   # by + -ing: the means
    ("The plan was halted, officials said, by Tuesday.", ["was halted"]),      # by + a time
    ("Iran is run by something like the mafia.", []),                          # "something" is an agent
])
def test_by_phrases_that_name_no_agent(text, expected):
    assert [t for t, *_ in found(text)] == expected


@pytest.mark.parametrize("text", [
    "It is no secret that women are underrepresented in science.",
    "All drivers are insured.",
    "Mr. Bezos himself was seated in the capsule.",
    "Democrats are shortsighted about guns.",
])
def test_round7_states_are_not_passives(text):
    assert found(text) == []


# round 8 (tuned on evaluation 7): a number before a noun is an agent's count; a vote or a year is not
@pytest.mark.parametrize("text, expected", [
    ("The cable was signed by 51 State Department officers.", []),
    ("Cars are controlled by 100 or more silicon chips.", []),
    ("Taxes were raised by 10 percent.", [("were raised", "raised")]),
    ("The bill was approved by a 94-1 vote.", [("was approved", "approved")]),
    ("It may be declared safe by year's end.", [("be declared", "declared")]),
    ("The hearing is scheduled to start at noon.", []),
    ("The vote was scheduled for Tuesday.", [("was scheduled", "scheduled")]),
    ("The firm is tied to Hunter Biden and the jump was concentrated in three states.", []),
])
def test_round8_agents_with_numbers_and_states(text, expected):
    assert found(text) == expected
