"""Attributed sources: each documented pattern, on seed and handwritten sentences."""
from __future__ import annotations

import re

import pytest

import framelens as fl

from conftest import shared_path
from framelens.features.sources import attributed_source


def source(sentence, verb, occurrence=0):
    idx = [m.start() for m in re.finditer(re.escape(verb), sentence)][occurrence]
    r = attributed_source(sentence, 0, len(sentence), idx, idx + len(verb))
    if r is not None:
        assert sentence[r[1]:r[2]] == r[0]
    return r[0] if r else None


@pytest.mark.parametrize("sentence, verb, expected", [
    # X said
    ("Armenia’s Defense Ministry said it had lost contact.", "said", "Armenia’s Defense Ministry"),
    ("The ministry also announced that it had failed.", "announced", "The ministry"),
    ("Armenia has accused Azerbaijan’s military of capturing troops.", "accused", "Armenia"),
    ("Trump on Tuesday said he would veto.", "said", "Trump"),
    ("U.S. officials said the strike was lawful.", "said", "U.S. officials"),
    ("Mr. Kim told reporters that he was ready.", "told", "Mr. Kim"),
    ("A spokesman for the ministry said the troops were safe.", "said", "A spokesman for the ministry"),
    ("Republicans and Democrats said otherwise.", "said", "Republicans and Democrats"),
    ("“We will not be terrorized,” George W. Bush declared.", "declared", "George W. Bush"),
    ("Hicks called McDougal ’s claim untrue .", "claim", None),  # tokenised possessive
    ("But Trump said no.", "said", "Trump"),
    # pronouns count
    ("to prevent what he has called “total collapse.”", "called", "he"),
    # X, who ..., said / X, apposition, said
    ("Mike Pompeo, who met Kim last week, said the talks went well.", "said", "Mike Pompeo"),
    ("Mike Pompeo, the secretary of state, said the talks went well.", "said", "Mike Pompeo"),
    ("Officials in Washington, meanwhile, said nothing.", "said", "Officials in Washington"),
    ("officials who spoke said the talks failed.", "said", "officials"),  # relative clause skipped
    ("Protesters who marched on Sunday said they were angry.", "said", "Protesters"),
    ("Though Barbee says the parents had signed slips, one complained.", "says", "Barbee"),
    ("It's basically: 'Whatever Trump says goes.'", "says", "Trump"),
    # participle after a comma: subject of the clause before
    ("Just days earlier, President Trump expressed a caution about the meeting, explaining he would leave.",
     "explaining", "President Trump"),
    ("“We have to make him perfect,” Mr. Trump said, adding, “He is perfect.”", "adding", "Mr. Trump"),
    ('"We will see," Kerry told reporters, adding that talks went on.', "adding", "Kerry"),
    ('Pena Nieto said, "My position is very firm, saying that Mexico would not pay.', "saying", None),
    # no determiner but "the" before a title and a name; "this President" alone is a phrase
    ("This time, he wrote that Mr. Trump told him so.", "told", "Mr. Trump"),
    ("He said that President Trump told him so.", "told", "President Trump"),
    ("The Rev. Al Sharpton said the family was grieving.", "said", "The Rev. Al Sharpton"),
    # inversion
    ("“Several dozen servicemen were taken hostage,” said Harutyunyan.", "said", "Harutyunyan"),
    ("“They were taken,” Harutyunyan said on his Facebook page.", "said", "Harutyunyan"),
    ("The strike was lawful, said Pentagon spokesman John Kirby.", "said", "Pentagon spokesman John Kirby"),
    ("\" You should be for this bill , \" said Sen .", "said", None),  # name cut off by a split
    # according to
    ("Some 20 people were killed, according to the Syrian Observatory for Human Rights.",
     "according to", "the Syrian Observatory for Human Rights"),
    ("According to two people familiar with the matter, the deal is off.", "According to",
     "two people familiar with the matter"),
    ("Everything went according to plan.", "according to", None),
    # cited X as saying
    ("Russia’s Interfax news agency cited Armenia’s Defense Ministry as saying later that peace held.",
     "cited", "Armenia’s Defense Ministry"),
    ("Russia’s Interfax news agency cited Armenia’s Defense Ministry as saying later that peace held.",
     "saying", "Armenia’s Defense Ministry"),
    ("Reuters reported, citing two sources, that the talks failed.", "citing", "two sources"),
    # passive reporting
    ("It was reported by Reuters that the talks failed.", "reported", "Reuters"),
    ("They were the troops who had been reported captured.", "reported", None),
])
def test_patterns(sentence, verb, expected):
    assert source(sentence, verb) == expected


def test_source_span_is_in_document_coordinates():
    doc = "Intro line.\n“We held,” said Harutyunyan."
    s0 = doc.index("“")
    v = doc.index("said")
    text, a, b = attributed_source(doc, s0, len(doc), v, v + 4)
    assert (text, doc[a:b]) == ("Harutyunyan", "Harutyunyan")


def test_bad_spans_give_none():
    assert attributed_source("He said.", 0, 9, 5, 3) is None
    assert attributed_source("", 0, 0, 0, 0) is None


def test_seed_attributions():
    text = shared_path("seed-presstv-karabakh", "000_4a6d31d5d92b9fe9.txt").read_text("utf-8")

    def at(sentence_prefix, verb):
        s0 = text.index(sentence_prefix)
        s1 = text.index("\n", s0)
        v = text.index(verb, s0)
        r = attributed_source(text, s0, s1, v, v + len(verb))
        return r[0] if r else None

    assert at("The leader of the self-proclaimed", "said") == "Armenia’s Defense Ministry"
    assert at("“Several dozen servicemen", "said") == "Harutyunyan"
    assert at("Russia’s Interfax", "cited") == "Armenia’s Defense Ministry"
    assert at("Pashinyan has said", "said") == "Pashinyan"
    assert at("Armenia’s National Security Service", "announced") == "Armenia’s National Security Service"
    assert at("The agency did not make it clear", "reported") is None  # had been reported captured


@pytest.mark.parametrize("sentence,verb,expected", [
    # a relative "that" is not part of the source
    ('"The level that the President announced today is right," he said.', "announced", "the President"),
    # the object of "told" is the addressee, never the speaker
    ('"We are suffering," one migrant, Blanca, told ABC News.', "told", "Blanca"),
    # a time phrase after an inverted source is not part of it
    ("The blockade cost billions, wrote Bloomberg's Steven T. Dennis last month.", "wrote", "Bloomberg's Steven T. Dennis"),
    # the subject of the clause before ", adding" stops before its verb
    ("Abbott sent a message to the Clerk, adding the item to the session.", "adding", "Abbott"),
    # a pronoun after "which" is the speaker, not the verb of a relative clause
    ("She tossed a cup, which she said was full.", "said", "she"),
])
def test_tuning_sample_source_errors(sentence, verb, expected):
    # each case stands for errors of the blind tuning sample (data/validation/tuning_*)
    assert source(sentence, verb) == expected


def test_a_clause_that_starts_with_its_verb_gives_no_source():
    s = "Trump spoke after Governor Roy Cooper, a Democrat, rejected Republican demands, telling organizers no."
    assert source(s, "telling") is None


@pytest.mark.parametrize("sentence,verb,expected", [
    # a negated auxiliary written as one token is not part of the source (evaluation 4, now tuning)
    ("The government hasn't said if it will seek the penalty.", "said", "The government"),
    ("Critics asked why the agency didn\u2019t immediately report it.", "report", "the agency"),
    # a pronoun contracted with its auxiliary: the pronoun alone; "we're reminded" is a passive
    ("They\u2019ve said it before.", "said", "They"),
    ("We\u2019re occasionally reminded of it.", "reminded", None),
    # a progressive is not a passive
    ("The president is asking for less authority.", "asking", "The president"),
    ("They\u2019re saying it works.", "saying", "They"),
    ("It was reported on Monday.", "reported", None),
    # the exchange suffix of a ticker is not part of the name
    ("Alphabet Inc's GOOGL.O Google also said that it would hire.", "said", "Google"),
    ("E.J. Dionne wrote that the plan failed.", "wrote", "E.J. Dionne"),
])
def test_fifth_tuning_sample_source_errors(sentence, verb, expected):
    assert source(sentence, verb) == expected


@pytest.mark.parametrize("sentence,verb,expected", [
    # coordinated subjects keep every conjunct (evaluation 5, now the sixth tuning sample)
    ("As the outbreak spreads, nurses and other public health experts are warning that it fails.", "warning",
     "nurses and other public health experts"),
    ("Why it matters: Government officials and business leaders have decried the impact.", "decried",
     "Government officials and business leaders"),
    ("The NAACP, Anti-Defamation League and other civil-rights groups are urging advertisers to leave.", "urging",
     "The NAACP, Anti-Defamation League and other civil-rights groups"),
    ("The president signed bills and lawmakers said it was fine.", "said", "lawmakers"),
    # a city and its state belong to the phrase before "in"
    ("The police chief in Louisville, Kentucky said on Friday he would go.", "said", "The police chief in Louisville, Kentucky"),
    ("In his remarks Wednesday in Florida, Romney said it.", "said", "Romney"),
    ("Near the hotel, a person knowledgeable about the commission said.", "said", "a person knowledgeable about the commission"),
])
def test_sixth_tuning_sample_source_errors(sentence, verb, expected):
    assert source(sentence, verb) == expected


@pytest.mark.parametrize("text,ends", [
    # two verbs of one sentence: the second reuses the tokens up to the first
    ("Officials said on Monday that the minister, Mr. Smith, had said nothing.", ["said", "had said"]),
    # a prefix that ends inside a word ("said-" joins on) is not reused
    ("He said-so, and later said it again to the U.S. envoy.", ["said", "later said"]),
    # another sentence start, then a shorter stretch of the same text: no reuse
    ("A said it. B said it too.", ["B said", "A said"]),
])
def test_left_tokens_match_a_fresh_tokenisation(text, ends):
    from framelens.features.sources import _left_tokens, _tokens

    for phrase in ends:
        end = text.index(phrase) + len(phrase)
        s0 = text.index("B") if phrase.startswith("B") else 0
        assert _left_tokens(text, s0, end) == _tokens(text, s0, end)


# round 8 (tuned on evaluation 7): heads before "to"/"across" phrases, "J&J", a postmodifier after an aside
@pytest.mark.parametrize("text, source", [
    ("President Obama's ambassador to the United Nations said Sunday the US has allies.",
     "President Obama's ambassador to the United Nations"),
    ("Protesters across the country are demanding equality.", "Protesters across the country"),
    ("J&J said in January that it had started work.", "J&J"),
    ("Three sources, including a U.S. official, familiar with the matter said the talks were early.",
     "Three sources, including a U.S. official, familiar with the matter"),
])
def test_round8_source_heads(text, source):
    hits = fl.extract([text])
    att = hits[hits["family"] == "attribution"]
    assert att["source_entity"].tolist() == [source]


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 9 (tuned on evaluation 8): an adverb between the source and the verb is skipped
    ("His predecessor was often criticized by Obama.", "criticized", "Obama"),
    ("No officials in the state ever conceded that he was right.", "conceded", "No officials in the state"),
    ("The senator always insisted that the bill was fair.", "insisted", "The senator"),
])
def test_round9_adverbs_before_the_verb(sentence, verb, expected):
    assert source(sentence, verb) == expected


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 10: the object inside a relative clause is not the source; its antecedent is
    ("Republicans in Congress who vehemently oppose Mr. Obama's action say it will fail.", "say", "Republicans in Congress"),
    ("Officials who spoke on condition of anonymity said the talks failed.", "said", "Officials"),
    ("People who know him say he is kind.", "say", "People"),
    ("Critics who oppose the plan argue it is unfair.", "argue", "Critics"),
    ("Smith, who was arrested Monday, said he was innocent.", "said", "Smith"),
    ("His counterpart, who offered the plan Monday after Kerry earlier said it could work.", "said", "Kerry"),
    ("People who attended the meeting told the website that Trump asked for it.", "asked", "Trump"),
])
def test_round10_sources_of_a_relative_clause_are_its_antecedent(sentence, verb, expected):
    assert source(sentence, verb) == expected


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 10: a conjunct with "of" inside (a quantity or a group) is kept
    ("While a number of transgender advocates and LGBTQ health experts applauded the decision, others did not.",
     "applauded", "a number of transgender advocates and LGBTQ health experts"),
    ("Dozens of doctors and nurses warned that the plan would fail.", "warned", "Dozens of doctors and nurses"),
])
def test_round10_a_conjunct_with_of_is_kept(sentence, verb, expected):
    assert source(sentence, verb) == expected


def test_round10_no_inversion_after_an_auxiliary():
    s = ("Her attorneys, two of whom are from the group — a legal group that has fought for decades — "
         "are asking the court to block the law.")
    assert source(s, "asking") != "the court"
    assert source("“We won,” said Pentagon spokesman John Kirby.", "said") == "Pentagon spokesman John Kirby"


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 11 (tuned on the pooled judged samples): names that run past eight words, a slash,
    # nouns in -ing, a quantity after "with"
    ("The program starts next week, according to a statement from the Department of Health and Human Services and others.",
     "according to", "a statement from the Department of Health and Human Services"),
    ("Cases rose, according to the latest data from the American Academy of Pediatrics (AAP).",
     "according to", "the latest data from the American Academy of Pediatrics"),
    ("According to an intelligence briefing prepared by the agency, the group is dangerous.",
     "According to", "an intelligence briefing"),
    ("Most disapprove, according to a Reuters/Ipsos opinion poll.", "according to", "a Reuters/Ipsos opinion poll"),
    ("According to the latest polling, Biden leads.", "According to", "the latest polling"),
    ("Sales rose, according to Reuters interviews with more than a dozen experts.", "according to", "Reuters interviews"),
])
def test_round11_according_to_keeps_the_whole_name(sentence, verb, expected):
    assert source(sentence, verb) == expected


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 11: "to" after a role, nouns in -ly, names that end in an auxiliary's spelling
    ("What's more, a top aide to Kerry maintained that the policy stands.", "maintained", "a top aide to Kerry"),
    ("But organizers of Wednesday's rally in Washington say the stars are aligned.", "say",
     "organizers of Wednesday's rally in Washington"),
    ("Several family members urged calm.", "urged", "Several family members"),
    ("Theresa May said the deal was done.", "said", "Theresa May"),
    ("Prime Minister Theresa May has said the deal was done.", "said", "Prime Minister Theresa May"),
    ("Sen. Billy Long said the bill was bad.", "said", "Sen. Billy Long"),
    # a progressive after a comma-delimited aside is no participle clause
    ("Even so, British Army veterans, in particular, are urging leaders to act.", "urging", "British Army veterans"),
    # a place or a time after the person, before the verb
    ("U.S. District Judge Reed O'Connor in Fort Worth, Texas, on Friday said that the law was void.", "said",
     "U.S. District Judge Reed O'Connor in Fort Worth, Texas"),
    ("James Phelps, a professor who studies border security at a university in San Angelo, Texas, said it rose.",
     "said", "James Phelps"),
    ("Harinder Bains, the owner of a tavern in Linden, New Jersey, said he spotted him.", "said", "Harinder Bains"),
    ("Union campaigners on Monday, the start of the annual Pride month, called for a return.", "called for",
     "Union campaigners"),
    # the phrase on the right of an inverted "said" keeps ending at a word in -ing
    ("Paul Ryan, the top Republican in Congress, said Mr Trump's meeting with Democrats \"was a discussion\".",
     "said", "Paul Ryan"),
])
def test_round11_sources_left_of_the_verb(sentence, verb, expected):
    assert source(sentence, verb) == expected


def test_round11_a_past_verb_is_not_a_modifier_of_the_source():
    got = source("Mr. Tsarni sought advice from a family friend, who told him to wait.", "told")
    assert "Tsarni" not in got and got.endswith("a family friend")


@pytest.mark.parametrize("sentence, verb, expected", [
    # round 11: a noun in -ly heads the source as well ("his family said" had none)
    ("Watson saved lives, his family said after the shooting.", "said", "his family"),
    ("The IRAN daily said it was unforgivable.", "said", "The IRAN daily"),
    ("Her ally said no.", "said", "Her ally"),
    ("Officials publicly said no.", "said", "Officials"),   # an adverb in -ly is still skipped
])
def test_round11_a_noun_in_ly_heads_the_source(sentence, verb, expected):
    assert source(sentence, verb) == expected


def _reference_tokens(text, start, end):
    """The tokens as ``_TOKEN_RE`` reads them, one match object per token (the definition)."""
    from framelens.features.sources import _TOKEN_RE

    return [(m.start(), m.end(), m.group(), "w" if m.lastgroup == "w" else "p",
             m.group().lower().replace("’", "'")) for m in _TOKEN_RE.finditer(text, start, end)]


_TRICKY_TEXTS = [
    "", "   ", "Mr. Smith said.", "the U.S. and U.K. envoys", "George W. Bush said", "W.", "A. B",
    "Capt. Sens. Gens. Reps. Prof.x Mrx. Ab. AB. A.B", "don’t can't well-known ‐dash- _under_score_",
    "J&J, AT&T; 30,000 (NSS) “quoted” ‘x’ — – … ‐", "Ⓐ ⓐ Ⅻ ½ ² ٣ ß İstanbul ΟΔΟΣ ǅ ﬁ",
    "tab\there\u00a0nbsp\u2009thin\u3000ideo\u001cfs", "end with A.", "A.\u00a0B.", "x_y 1_2 __",
    "said-so, later said it again to the U.S. envoy.", "a\u0301b e\u0308 \U0001F600 emoji",
    "x\x1cY.\x1fZ. A.\x0bB. Mr.\x0cSmith", "U.S.’s envoy’s don’t", "ASCII only: Gen. A. B. Smith's J&J",
]


@pytest.mark.parametrize("text", _TRICKY_TEXTS)
def test_tokens_match_the_token_pattern(text):
    from framelens.features.sources import _tokens

    for start in range(len(text) + 1):
        for end in (start, (start + len(text)) // 2, len(text)):
            if end >= start:
                assert _tokens(text, start, end) == _reference_tokens(text, start, end)


def test_token_kinds_follow_isalnum_on_every_code_point():
    # _tokens calls a one-character token a word when str.isalnum says so; the word pattern's
    # [^\W_] must agree with it on every character
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert re.findall(r"[^\W_]", chars) == [c for c in chars if c.isalnum()]


def test_fast_token_pattern_spells_out_word_re():
    # _TOKEN_GAP_RE writes WORD_RE out (possessive); it must be the same pattern
    from framelens.text import WORD_RE

    assert WORD_RE.pattern == r"[^\W_]+(?:['’\-‐][^\W_]+)*"


try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:
    _ALPHABET = st.sampled_from(list("aAbBzZ.,'’-‐&_ \t\n\u00a0\"“”()MrsSenCaptPofGW") + ["Ⓐ", "ß", "İ", "Σ", "½", "\u0301"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(_ALPHABET, max_size=40).map("".join), st.integers(0, 40), st.integers(0, 40))
    def test_tokens_match_the_token_pattern_on_random_text(text, a, b):
        from framelens.features.sources import _tokens

        start, end = min(a, b, len(text)), min(max(a, b), len(text))
        assert _tokens(text, start, end) == _reference_tokens(text, start, end)


def test_the_last_answer_is_kept_for_the_same_call_only():
    from framelens.features import sources

    text = "Officials said on Monday that the minister, Mr. Smith, had said nothing."
    first = text.index("said"), text.index("said") + 4
    second = text.index("had said") + 4, text.index("had said") + 8
    a = attributed_source(text, 0, len(text), *first)
    assert attributed_source(text, 0, len(text), *first) is a
    assert sources._attributed_source(text, 0, len(text), *first) == a == ("Officials", 0, 9)
    assert attributed_source(text, 0, len(text), *second) == sources._attributed_source(text, 0, len(text), *second)
    assert attributed_source(text, 0, 40, *first) == sources._attributed_source(text, 0, 40, *first)


def test_ascii_token_pattern_classes_agree_on_ascii():
    # _TOKEN_GAP_ASCII_RE spells out [^\W_] and \s for ASCII text; every ASCII character must agree
    from framelens.features.sources import _ASCII_SPACE

    for c in map(chr, range(128)):
        assert bool(re.fullmatch(r"[^\W_]", c)) == bool(re.fullmatch("[A-Za-z0-9]", c)), repr(c)
        assert bool(re.fullmatch(r"\s", c)) == bool(re.fullmatch(_ASCII_SPACE, c)), repr(c)


if given is not None:
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(list("aAbBzZ09.,'-&_ \t\n\r\x0b\x0c\x1c\x1f\"()MrsSenCaptPofGW")), max_size=40)
           .map("".join), st.integers(0, 40), st.integers(0, 40))
    def test_tokens_match_the_token_pattern_on_random_ascii_text(text, a, b):
        from framelens.features.sources import _tokens

        start, end = min(a, b, len(text)), min(max(a, b), len(text))
        assert _tokens(text, start, end) == _reference_tokens(text, start, end)
