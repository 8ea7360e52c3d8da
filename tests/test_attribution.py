"""Attribution: reporting verbs, stance, inflection, and the attributed source."""
from __future__ import annotations

import pytest

import framelens as fl
from framelens.extract import extract_text
from framelens.lexicons import load_lexicons


def attr(text: str):
    rows = extract_text(text, matcher=load_lexicons(["attribution"]).matcher()).rows
    return [(r[6], r[8].split(":", 1)[1], r[10], r[13]) for r in rows if r[7] == "attribution"]


def test_stances():
    got = attr("He said it. She claimed it. They admitted it. Baku accused Yerevan. Moscow confirmed it. "
               "According to Reuters, it ended.")
    assert [(t, s) for t, s, _, _ in got] == [("said", "neutral"), ("claimed", "doubting"), ("admitted", "conceding"),
                                              ("accused", "accusing"), ("confirmed", "endorsing"),
                                              ("According to", "according_to")]


@pytest.mark.parametrize("form", ["claim", "claims", "claimed", "claiming"])
def test_claim_in_every_form(form):
    assert [(s, lemma) for _, s, lemma, _ in attr(f"Officials {form} the town.")] == [("doubting", "claim")]


def test_the_noun_claim_and_formulas_that_report_no_speech_are_not_attribution():
    assert attr("His claims were false, and the claim was baseless. Islamic State claimed responsibility "
                "for the attack, which claimed the lives of ten. The plan proved to be a mistake.") == []
    # the verbs themselves still count, with their sources
    got = attr("Russia claims the city fell. She claimed that he lied. The data proved that he lied.")
    # ("lied" is a verb of misstatement since round 4: the writer says the source misstated)
    assert [(t, s, src) for t, s, _, src in got] == [("claims", "doubting", "Russia"), ("claimed", "doubting", "She"),
                                                    ("lied", "doubting", "he"), ("proved", "endorsing", "The data"),
                                                    ("lied", "doubting", "he")]


@pytest.mark.parametrize("form", ["say", "says", "said", "saying"])
def test_say_in_every_form(form):
    assert [(s, lemma) for _, s, lemma, _ in attr(f"Officials {form} the town fell.")] == [("neutral", "say")]


def test_noun_uses_of_report_and_state_are_not_verbs():
    assert attr("The state report was late. The reports were long.") == []
    assert [t for t, _, _, _ in attr("The ministry reported the loss and stated that it was over.")] == ["reported",
                                                                                                         "stated"]


def test_cited_as_saying_is_one_cue_with_its_source():
    got = attr("Interfax cited Armenia’s Defense Ministry as saying the troops were freed.")
    assert got == [("cited Armenia’s Defense Ministry as saying", "neutral", "cite", "Armenia’s Defense Ministry")]


def test_called_with_a_quoted_label_but_not_so_called_or_phone_calls():
    assert [t for t, _, _, _ in attr("He has called it “total collapse.”")] == ["called"]
    assert attr("The so-called “deal” and a phone call.") == []


def test_sources_are_found_when_the_source_finder_is_installed():
    pytest.importorskip("framelens.features.sources")
    got = attr("Armenia’s Defense Ministry said it lost contact. According to Reuters, it ended.")
    assert [src for _, _, _, src in got] == ["Armenia’s Defense Ministry", "Reuters"]


@pytest.mark.parametrize("text, expected", [
    # the new reporting verbs, each with its stance (attribution pack v2)
    ("Critics argued the plan would fail.", [("argued", "asserting")]),
    ("Officials warned that the dam could break.", [("warned", "urging")]),
    ("The minister denied the report.", [("denied", "denying")]),
    ("She urged lawmakers to act.", [("urged", "urging")]),
    ("He vowed to fight on.", [("vowed", "asserting")]),
    ("The senator tweeted a photo.", [("tweeted", "neutral")]),
    ("She testified before the committee.", [("testified", "neutral")]),
    ("Economists predicted a recession.", [("predicted", "asserting")]),
    ("Residents complained about the noise.", [("complained", "accusing")]),
    ("The mayor criticized the police.", [("criticized", "accusing")]),
    ("He insisted on a recount.", [("insisted on", "urging")]),
    ("He insisted that the vote was rigged.", [("insisted", "doubting")]),
    ("The senator suggested a compromise.", [("suggested", "asserting")]),
])
def test_reporting_verbs_of_news_english_with_their_stance(text, expected):
    assert [(t, s) for t, s, _, _ in attr(text)] == expected


@pytest.mark.parametrize("text", [
    "The unemployment claims rose again.",        # the noun, read as one by the tagger
    "Voters will have a say in it.",              # the noun "say"
    "A warning was issued at noon.",               # the noun "warning"
    "The data suggest a slowdown.",                # evidence, a hedge (not a speech act)
    "He was denied bail on Friday.",               # a refusal, not a denial
    "The city had to contend with floods.",        # cope with
    "Two patients were admitted to the hospital.",  # let in, not a concession
])
def test_nouns_and_formulas_are_not_reporting_verbs(text):
    assert attr(text) == []


# --- after the second blind evaluation sample (the third tuning sample) --------------------------

@pytest.mark.parametrize("text, expected", [
    ("Milley pushed back on the narrative that he went around Trump.", [("pushed back on", "denying")]),
    ("The court ruled that the ban was unlawful.", [("ruled that", "neutral")]),
    ("The agency determined that the boosters were safe.", [("determined that", "endorsing")]),
    ("He bragged about the economy.", [("bragged", "asserting")]),
    ("The mayor blasted the decision.", [("blasted", "accusing")]),
    ("Officials warned on Tuesday, warning that time was running out.", [("warned", "urging"), ("warning that", "urging")]),
])
def test_verbs_added_in_the_third_round(text, expected):
    assert [(t, s) for t, s, _, _ in attr(text)] == expected


@pytest.mark.parametrize("text", [
    "He will tell lies about it.",                          # = to lie
    "The governor declared a state of emergency.",          # an official act
    "The proposed rule would cut costs.",                   # the adjective
    "Applications were denied for lack of papers.",         # a refusal
    "Houthi rebels claimed the oil field attack on Saturday.",  # = claimed responsibility
    "The global tally of confirmed cases climbed.",         # a count
    "Needless to say, it rained.",                          # a formula
    "Israel was pushing back against calls to stop.",       # resisting a demand, no claim rejected
])
def test_formulas_excluded_in_the_third_round(text):
    assert attr(text) == []


def test_the_one_accused_is_not_the_accuser():
    pytest.importorskip("framelens.features.sources")
    got = attr("The Australian man accused of shooting 50 people appeared in court. Police accused him of lying.")
    assert [(t, src) for t, _, _, src in got] == [("accused", ""), ("accused", "Police")]


def test_a_verb_after_and_or_to_shares_its_sentences_subject():
    """'Romney took to Twitter ... to suggest' is a speech act (attribution), not the hedge of evidence."""
    hits = fl.extract(["Mitt Romney took to Twitter on Monday to suggest that Trump is a racist.",
                       "The study found a rise and suggested that more research is needed."])
    got = hits[hits["term"] == "suggest"][["doc_id", "family"]].values.tolist()
    assert got == [["0", "attribution"], ["1", "hedge"]]


def test_the_noun_projects_is_not_a_forecast():
    """Found on the round-3 evaluation sample (after its rules were frozen): 'construction projects that'."""
    assert attr("Democrats listed military construction projects that the White House could tap.") == []
    assert [t for t, _, _, _ in attr("The IMF projected that growth would slow.")] == ["projected that"]


# --- round 4 (after the third blind evaluation sample, now the fourth tuning sample) -------------

@pytest.mark.parametrize("text, expected", [
    ("Trump praised Mexico's efforts and hailed the deal.", [("praised", "praising"), ("hailed", "praising")]),
    ("She credited women for mobilizing against gun violence.", [("credited", "praising")]),
    ("Amazon hit back at Biden on Friday.", [("hit back at", "accusing")]),
    ("Mr. Sharry agreed that Mr. Obama will face pressure.", [("agreed that", "conceding")]),
    ("Trump has repeatedly lied about the outbreak.", [("lied", "doubting")]),
    ("Pfizer requested emergency authorization.", [("requested", "urging")]),
])
def test_verbs_added_in_the_fourth_round(text, expected):
    assert [(t, s) for t, s, _, _ in attr(text)] == expected


@pytest.mark.parametrize("text", [
    "US employers added only 194,000 jobs in September.",   # a count
    "Trump has refused to concede.",                        # no statement
    "Members who are alleged to have burned a book fled.",  # a hedge, not a report
    "The governor called out the National Guard.",          # summoned
    "There was lavish praise for the plan.",                # the noun
    "DACA, announced by the Obama administration, protects 700,000.",  # a programme launched
])
def test_formulas_excluded_in_the_fourth_round(text):
    assert attr(text) == []


def test_a_leading_phrase_does_not_hide_the_main_subject():
    hits = fl.extract(["In that discussion, Pelosi seemed to suggest that she would move forward."])
    assert hits[hits["term"] == "suggest"]["family"].tolist() == ["attribution"]


@pytest.mark.parametrize("text", [
    "Climate change is threatening global coffee yields.",  # endangers (found on evaluation 4, after its freeze)
    "With more than 80,000 reported cases, the outbreak goes on.",  # a count
    "The group ran for their cars, a newly added security feature.",  # the adjective
])
def test_non_reporting_uses_found_on_the_fourth_evaluation_sample(text):
    assert attr(text) == []


def test_a_person_still_threatens():
    assert [(t, s) for t, s, _, _ in attr("The senator threatened to block the bill.")] == [("threatened", "urging")]


# --- round 5 (after the fourth blind evaluation sample, now the fifth tuning sample) --------------

@pytest.mark.parametrize("text, expected", [
    ("The mayor defended his decision on Monday.", [("defended", "asserting")]),
    ("The former strategist railed Friday against the elites.", [("railed", "accusing")]),
    ("Democrats pressed the leader to raise the limit.", [("pressed", "urging")]),
    ("The governor encouraged residents to vote early.", [("encouraged", "urging")]),
    ("Last year the minister floated the idea of a truce.", [("floated", "asserting")]),
    ("The senator has made it clear that she will vote no.", [("made it clear", "asserting")]),
    ("The former officer opined at a meeting.", [("opined", "asserting")]),
    ("Two officials spoke on condition of anonymity.", [("spoke on condition", "neutral")]),
    ("The court reaffirmed its position.", [("reaffirmed", "asserting")]),
    ("Ankara acknowledged the killings but rejected the term.", [("acknowledged", "conceding"), ("rejected", "denying")]),
])
def test_verbs_added_in_the_fifth_round(text, expected):
    assert [(t, s) for t, s, _, _ in attr(text)] == expected


@pytest.mark.parametrize("text", [
    "No one denies that the plants are old.",                     # certainty, nothing attributed
    "The rule kept denying resources to most families.",          # withholding
    "Senator Trumbull, who wrote the act, left early.",           # authored it
    "I think it's fair to say that the plan failed.",             # the speaker's own assertion
    "It is worth asking whether the books were paid for.",        # the writer's own question
    "The fires have been claiming 24 lives a week.",              # a toll
    "The officer pressed his knee into the man's neck for minutes.",  # not urging
    "The weak report signaled that growth would slow.",          # a thing signals: not a person's statement
    "Gun control advocates gathered outside.",                    # the noun
    "The clinic offers gender affirming care.",                   # not "affirm"
    "The coach has not made it clear who will start.",            # negated: nothing asserted
])
def test_formulas_excluded_in_the_fifth_round(text):
    assert attr(text) == []


# --- round 6 (after the fifth blind evaluation sample, now the sixth tuning sample) --------------

@pytest.mark.parametrize("text, expected", [
    ("Labor Department data showed on Thursday that claims fell.", [("showed", "endorsing")]),
    ("Privacy advocates raised concerns over the reports.", [("raised concerns", "neutral")]),
    ("He made the comments in an interview.", [("made the comments", "neutral")]),
    ("Taxes rose by $134 each, the Tax Policy Center estimated at the time.", [("estimated", "asserting")]),
    ("An estimated 11 million people live here.", []),
    ("The police walked back its claim on Friday.", [("walked back", "conceding")]),
    ("The president scoffed at the measures.", [("scoffed at", "accusing")]),
    ("The senator signaled to Democrats on Monday that she would push ahead.", [("signaled", "asserting")]),
])
def test_verbs_added_in_the_sixth_round(text, expected):
    assert [(t, s) for t, s, _, _ in attr(text)] == expected


@pytest.mark.parametrize("text", [
    "It's no exaggeration to say that the plan is a mess.",       # the writer's own frame
    "It is hard to argue that rich countries should not cut.",    # the writer's own frame
    "Hundreds of mourners said their last goodbyes on Tuesday.",  # a farewell
    "Now I can't tell if my tears come from joy.",                # discerning
    "Gamblers can claim bankruptcy protections.",                 # applying for something
    "The bishops could deny communion to the senator.",           # withholding
    "Officials need to be asked why they did nothing.",           # a hypothetical question
    "Aid groups waited for the promised help.",                   # the adjective
    "Video shows a gunman approaching the car.",                  # exhibits
    "It is estimated that a quarter of the funds go there.",      # a hedge, not a report
])
def test_formulas_excluded_in_the_sixth_round(text):
    assert attr(text) == []


# round 7 (tuned on evaluation 6)
def _att(text):
    hits = fl.extract([text])
    a = hits[hits["family"] == "attribution"]
    return list(zip(a["text"], a["category"]))


@pytest.mark.parametrize("text, expected", [
    ("Nuland objected to a paragraph drafted by the CIA.", [("objected to", "denying")]),
    ("At the conference she repeatedly scolded world leaders.", [("scolded", "accusing")]),
    ("Trump and other Republicans have tarred the protests as havens for terrorists.",
     [("tarred the protests as", "accusing")]),
    ("Two regulators came out against giving booster shots.", [("came out against", "asserting")]),
    ("Sanders has been vocal, lamenting the lack of control.", [("lamenting", "accusing")]),
    ("AP reported, citing a U.S. official who spoke.", [("reported", "neutral"), ("citing", "neutral")]),
    ("The memo revealed that the bureau was changing course.", [("revealed", "endorsing")]),
    ("He alleged Tuesday that the deal was rigged.", [("alleged", "doubting")]),
])
def test_round7_reporting_verbs(text, expected):
    assert _att(text) == expected


@pytest.mark.parametrize("text", [
    "Warren, citing the recent outbreak of the coronavirus, left.",
    "The militants revealed a sophisticated rocket system.",
    "Few Americans could predict that the decade would change everything.",
    "Trump responded with an executive order that curtails protections.",
    "Neither agency has not responded to requests for information.",
    "Obama's proposed change could start a run on the bank.",
    "The number of recommended childhood vaccines has tripled.",
    "He was sentenced for alleged war crimes.",
    "Strains of victimhood are sorted according to gender and ethnicity.",
])
def test_round7_not_reporting_verbs(text):
    assert _att(text) == []


# round 8 (tuned on evaluation 7)
@pytest.mark.parametrize("text, expected", [
    ("The mayors, in their statement, make clear they have not given up.", [("make clear", "asserting")]),
    ("As Arthur Schlesinger Jr. observed in 1950, the country needs two parties.", [("observed", "neutral")]),
    ("Biden has downplayed the threat from China.", [("downplayed", "asserting")]),
    ("Kerry compared those who would vote against it to the case of a ship.", [("compared", "accusing")]),
    ("The Speaker brushed aside a question about the debate.", [("brushed aside", "denying")]),
    ("Republicans have indicated they are ready to vote.", [("indicated", "neutral")]),
    ("The party openly recognizes that it has difficulty.", [("recognizes that", "conceding")]),
])
def test_round8_reporting_verbs(text, expected):
    assert _att(text) == expected


@pytest.mark.parametrize("text", [
    "That said, the rest of the inventory was destroyed.",
    "It makes the added wait time even more damaging.",
    "Each day brings added risk to our troops.",
    "A movement characterized by its racism grew.",
    "Some 30 percent have a degree, compared to 24 percent of others.",
    "Outlets retracted their earlier reporting on the case.",
])
def test_round8_not_reporting_verbs(text):
    assert _att(text) == []


def test_round11_called_with_a_longer_object_before_a_quoted_label():
    import framelens as fl
    hits = fl.extract(["Netanyahu called the current nuclear agreement a “bad mistake.” He called a cab."],
                      lexicons=["attribution"])
    calls = hits[hits["term"] == "call"]
    assert list(calls["text"]) == ["called"] and calls["source_entity"].iloc[0] == "Netanyahu"


def test_round11_a_news_outlet_reports_at_the_end_of_a_clause():
    import framelens as fl
    hits = fl.extract(["Assad denied the accusations, Reuters reports. The ruling matters, the Washington Post reports. "
                       "Smugglers use children, reports ABC News. The reports were false. News reports said so."],
                      lexicons=["attribution"])
    rep = hits[hits["term"] == "report"]
    assert list(rep["source_entity"]) == ["Reuters", "the Washington Post", "ABC News"]


def test_round11_defended_a_claim_or_a_retweet():
    import framelens as fl
    hits = fl.extract(["The campaign defended her claim on Monday. The spokeswoman defended the president's retweet. "
                       "Troops defended the city."], lexicons=["attribution"])
    assert list(hits.loc[hits["term"] == "defend", "text"]) == ["defended", "defended"]
