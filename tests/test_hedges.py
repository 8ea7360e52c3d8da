"""Hedges and boosters on handwritten sentences (positive and negative cases)."""
from __future__ import annotations

import pytest

import framelens as fl


def cues(text: str, family: str):
    hits = fl.extract([text], lexicons=["hedges", "boosters"])
    h = hits[hits["family"] == family]
    return list(zip(h["text"], h["term"], h["category"]))


def test_modal_may_but_not_the_month():
    assert cues("Talks may take until May, officials might say.", "hedge") == [
        ("may take", "may", "modal"), ("might", "might", "modal")]


def test_may_and_could_count_only_in_frames_of_possibility():
    # after two blind samples: permission and ability ("may file", "could help") are not hedges
    got = cues("Citizens may file lawsuits. We could help them. The deal could collapse and may well fail; "
               "it could be weeks. Offenders may be fined.", "hedge")
    assert [t for t, _, _ in got] == ["could collapse", "may well", "could be"]


def test_epistemic_adverbs_and_verbs():
    got = cues("Troops reportedly crossed; the attack was allegedly planned and appears to have failed. "
               "It seems to work and suggests a deal.", "hedge")
    # "It seems to" is one hit: the leftmost of the overlapping "it seems" and "seems to" wins
    assert [t for _, t, _ in got] == ["reportedly", "allegedly", "appear to", "it seems", "suggest"]


def test_phrase_of_uncertainty_is_one_hit():
    got = cues("It is unclear whether they left. The agency did not make it clear if they were the same.", "hedge")
    assert got == [("It is unclear", "it is unclear", "phrase"), ("did not make it clear", "not make it clear", "phrase")]


def test_no_hedge_in_plain_statements():
    # negated "could" is inability, not a hedge (an exclusion since the blind tuning sample)
    assert cues("The mayor signed the bill on Tuesday and could not attend.", "hedge") == []
    assert cues("The mayor signed the bill on Tuesday.", "hedge") == []


def test_noun_suspect_is_not_a_hedge_but_the_verb_after_its_subject_is():
    assert cues("The suspect was arrested; two suspects fled. The suspect's car was found.", "hedge") == []
    got = cues("Police suspect arson, and I suspect they are right. He suspects a leak.", "hedge")
    # "I suspect" is the first-person phrase of thinking (one hit), the others the verb after its subject
    assert [(t, term) for t, term, _ in got] == [("suspect", "suspect"), ("I suspect", "i think"),
                                                 ("suspects", "suspect")]


def test_polling_term_likely_voters_and_the_unreachable_formula_are_not_hedges():
    assert cues("Among likely voters, she leads. He could not be reached for comment; "
                "she couldn’t be reached either.", "hedge") == []
    # the same words stay hedges elsewhere
    got = cues("A deal is likely. Talks could take weeks. The report could not be independently verified.", "hedge")
    assert [term for _, term, _ in got] == ["likely", "could", "unconfirmed"]


def test_boosters():
    got = cues("Clearly, in fact, the deal undoubtedly helps; it is clear that it certainly works. Of course.",
               "booster")
    assert [t for _, t, _ in got] == ["clearly", "in fact", "undoubtedly", "it is clear", "certainly", "in fact"]
    assert cues("The sky was clear and the water clean.", "booster") == []



@pytest.mark.parametrize("text, expected", [
    ("The data suggest a slowdown.", ["suggest"]),        # evidence points to: a hedge
    ("The senator suggested a compromise.", []),          # a speech act: a reporting verb
    ("Kerry's comments indicate the U.S. will act.", ["indicate"]),
    ("Democrats appeared frustrated.", ["appear"]),        # seeming
    ("He appeared on television.", []),                    # not seeming
    ("Congress could not prevent it.", []),                # inability
    ("so that agents could pick them up", []),             # purpose
    ("whatever our disagreements may be", []),             # concessive
    ("It almost certainly will fail.", ["almost certainly"]),
    ("The claim could not be verified.", ["unconfirmed"]),  # the longer hedge form wins the exclusion
])
def test_hedges_in_context(text, expected):
    assert [t for _, t, _ in cues(text, "hedge")] == expected


@pytest.mark.parametrize("text, expected", [
    ("He really did say it.", ["really"]),
    ("It was really good.", []),                           # a degree word before an adjective
    ("We are truly blessed.", []),
    ("They don't really want it.", []),                    # softens
    ("It is unclear whether it would actually help.", []),
    ("The lines are clearly drawn.", []),                  # manner
    ("He clearly wants a deal.", ["clearly"]),
    ("It was a change of course.", []),
    ("It is almost certainly true.", []),                  # a hedge, not a booster
])
def test_boosters_in_context(text, expected):
    assert [t for _, t, _ in cues(text, "booster")] == expected


def test_approximators_and_retreats_added_in_the_third_round():
    got = cues("Roughly 5 million people, approximately 135,000 votes, at least 10 deaths. They lie, or at least "
               "fail to check. It may or may not happen; claims can often be volatile, and in many ways it is.", "hedge")
    assert [t for t, _, _ in got] == ["Roughly", "approximately", "or at least", "may or may not", "can often",
                                      "in many ways"]


def test_idioms_that_hedge_nothing():
    assert cues("We might as well go. They took every possible step.", "hedge") == []


def test_softeners_and_unconfirmed_qualifiers_added_in_the_fourth_round():
    got = cues("It isn't yet clear when; a potential trip and a reported fundraiser are basically over. "
               "Men who are alleged to have fled. The potential to grow is there.", "hedge")
    assert [t for t, _, _ in got] == ["It isn't yet clear", "potential", "reported", "basically", "are alleged to"]


def test_manner_and_emphatic_uses_excluded_in_the_fourth_round():
    assert cues("It was done in a way that works. He could not possibly win. Smokers are six times more likely "
                "to fall ill.", "hedge") == []


def test_hedges_added_in_the_fifth_round():
    got = cues("Police showed a man suspected of planning the attack. It was an apparent attempt to divert "
               "attention. The delay could cripple the economy.", "hedge")
    assert [t for t, _, _ in got] == ["suspected of", "apparent", "could cripple"]


def test_evident_apparent_is_not_a_hedge():
    assert cues("It became apparent that the plan had failed.", "hedge") == []


def test_hedges_added_in_the_sixth_round():
    got = cues("As we went to press, it looked like the two sides would stop. They have more or less remained "
               "allies, and the ruling practically means nothing.", "hedge")
    assert [t for t, _, _ in got] == ["it looked like", "more or less", "practically"]


def test_descriptions_and_manner_are_not_hedges():
    assert cues("It looked like a scene out of a movie. I don't care what it looks like. Practically speaking, "
                "it works.", "hedge") == []


# round 7 (tuned on evaluation 6): approximators, the adjective "alleged", and the senses that are not hedges
@pytest.mark.parametrize("text, expected", [
    ("There already are about 2,000 Guard members there.", [("about", "approximator")]),
    ("The Taliban had cleared around 200 people; some 40 died.", [("around", "approximator"), ("some", "approximator")]),
    ("About a dozen men came, as many as two hundred by night.", [("About", "approximator"), ("as many as", "approximator")]),
    ("Firms now produce almost none of their gear; Texas moved to all but outlaw it.",
     [("almost", "approximator"), ("all but", "approximator")]),
    ("There are signs that closures are spreading.", [("There are signs", "verb")]),
    ("The alleged attacker was a member of the force.", [("alleged", "adverb")]),
    ("He was evidently frustrated.", [("evidently", "adverb")]),
])
def test_round7_hedges(text, expected):
    assert [(t, c) for t, _, c in cues(text, "hedge")] == expected


@pytest.mark.parametrize("text", [
    "They talked about 2020 and about the war.",
    "We need to know a great deal more about four things.",
    "It answers Beijing's rapidly growing military might.",
    "Brown spoke at a predominantly Black megachurch.",
    "More than 100 potential jurors showed up.",
    "This is not nearly enough.",
    "An op-ed ran, suggesting soldiers should be used.",
    "It was part of a strategy to suggest the virus emerged elsewhere.",
    "The shooter indicated very strong signs that he was dangerous.",
])
def test_round7_not_hedges(text):
    assert cues(text, "hedge") == []


def test_evidently_is_no_longer_a_booster():
    assert cues("He was evidently frustrated.", "booster") == []


@pytest.mark.parametrize("text, expected", [
    ("However, there is evidence suggesting that the program works.", [("suggesting", "verb")]),
    ("New U.N. figures point to the staggering impact of the war.", [("point to", "verb")]),
    ("“They kind of nodded their heads.”", [("kind of", "adverb")]),
    ("There is typically no judicial oversight.", [("typically", "adverb")]),
    ("Protests have at times erupted into violence.", [("at times", "adverb")]),
    ("Imports could still jeopardize jobs.", [("could still", "modal")]),
    ("It becomes, in essence, a permission slip.", [("in essence", "adverb")]),
])
def test_round7_more_hedges(text, expected):
    assert [(t, c) for t, _, c in cues(text, "hedge")] == expected


@pytest.mark.parametrize("text", [
    "It is any kind of physical barrier, some sort of fence.",
    "Guerrero said, pointing to the encampment behind her.",
])
def test_round7_kinds_and_pointing_are_not_hedges(text):
    assert cues(text, "hedge") == []


def test_round11_could_and_may_in_a_relative_clause_are_possibility():
    got = cues("Voters face a recall vote that could remove him. It is a state that may flip. "
               "The rule, which could eliminate dues, was proposed. He said that May was cold. He could remove it.",
               "hedge")
    assert [t for t, _, _ in got] == ["could", "may", "could"]


def test_round11_what_looked_like_is_seeming():
    got = cues("He displayed what looked like a detonator. It looked fine.", "hedge")
    assert [t for t, _, _ in got] == ["what looked like"]
