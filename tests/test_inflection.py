"""Inflection of lexicon forms: the head noun of a phrase, irregular and invariant plurals, -man
compounds, the regular rules, the ``head:`` key of a form and its errors, and matching end to end."""
from __future__ import annotations

import fnmatch
import textwrap
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import framelens as fl
from framelens.errors import LexiconError
from framelens.lexicons import parse_pack
from framelens.lexicons.inflection import inflect_phrase, irregular_nouns, noun_forms

REPO = Path(__file__).resolve().parents[1]

NAMING_HEAD = """\
name: abortion
family: naming
description: test naming pack
sources: tests
categories:
  opponent_usage: the opponents' term
  neutral: a descriptive term
"""


def naming(body: str):
    return parse_pack(NAMING_HEAD + textwrap.dedent(body), "test.yml")


def error(body: str) -> str:
    with pytest.raises(LexiconError) as info:
        naming(body)
    return str(info.value)


def variant_forms(body: str) -> list[str]:
    return [f.text for f in naming(body).entries[0].forms]


# --- the head noun of a phrase -----------------------------------------------------------------

@pytest.mark.parametrize("phrase, plural", [
    ("opponent of abortion", "opponents of abortion"),
    ("campaigner for life", "campaigners for life"),
    ("child in care", "children in care"),
    ("attack on civilians", "attacks on civilians"),
    ("woman at risk", "women at risk"),
    ("threat to democracy", "threats to democracy"),
    ("refugee from Syria", "refugees from Syria"),
    ("man with a gun", "men with a gun"),
    ("protest against the war", "protests against the war"),
    ("story about migrants", "stories about migrants"),
    ("attack by militants", "attacks by militants"),
    ("child under five", "children under five"),
    ("dispute over land", "disputes over land"),
    ("family without papers", "families without papers"),
    ("faction within the party", "factions within the party"),
    ("border between states", "borders between states"),
    ("dissenter among members", "dissenters among members"),
    ("woman who fled", "women who fled"),
    ("policy that failed", "policies that failed"),
    ("law which banned it", "laws which banned it"),
])
def test_the_head_is_the_word_before_the_first_post_modifier(phrase, plural):
    assert inflect_phrase(phrase, "noun") == [phrase, plural]


def test_without_a_post_modifier_the_head_is_the_last_word():
    assert inflect_phrase("asylum seeker", "noun") == ["asylum seeker", "asylum seekers"]
    assert inflect_phrase("unborn child", "noun") == ["unborn child", "unborn children"]
    assert inflect_phrase("war crime", "noun") == ["war crime", "war crimes"]
    # only the first post-modifier counts: "of" in "victim of a war on terror"
    assert inflect_phrase("victim of a war on terror", "noun")[1] == "victims of a war on terror"
    # a phrase's first word is never taken for a post-modifier
    assert inflect_phrase("under secretary", "noun") == ["under secretary", "under secretaries"]


def test_the_rule_picks_the_wrong_head_where_a_head_key_is_needed():
    assert inflect_phrase("right to life activist", "noun")[1] == "rights to life activist"
    assert inflect_phrase("right to life activist", "noun", head="activist") == [
        "right to life activist", "right to life activists"]
    assert inflect_phrase("Right to Life Activist", "noun", head="activist")[1] == "Right to Life Activists"


def test_verbs_still_inflect_their_first_word():
    assert inflect_phrase("point out", "verb") == ["point out", "points out", "pointed out", "pointing out"]
    assert inflect_phrase("opponent of abortion", "none") == ["opponent of abortion"]


# --- irregular, invariant and -man plurals -----------------------------------------------------

@pytest.mark.parametrize("singular, plural", [
    ("child", "children"), ("man", "men"), ("woman", "women"), ("foot", "feet"), ("tooth", "teeth"),
    ("mouse", "mice"), ("goose", "geese"), ("ox", "oxen"), ("life", "lives"), ("wife", "wives"),
    ("knife", "knives"), ("leaf", "leaves"), ("half", "halves"), ("thief", "thieves"), ("wolf", "wolves"),
    ("self", "selves"), ("shelf", "shelves"), ("calf", "calves"), ("crisis", "crises"), ("thesis", "theses"),
    ("analysis", "analyses"), ("basis", "bases"), ("hypothesis", "hypotheses"), ("diagnosis", "diagnoses"),
    ("phenomenon", "phenomena"), ("criterion", "criteria"), ("hero", "heroes"), ("potato", "potatoes"),
    ("tomato", "tomatoes"), ("echo", "echoes"), ("veto", "vetoes"), ("torpedo", "torpedoes"),
    ("embargo", "embargoes"),
])
def test_irregular_plurals_come_from_the_table(singular, plural):
    assert noun_forms(singular) == [singular, plural]


def test_person_has_both_plurals_in_use_and_compounds_of_person_are_regular():
    assert noun_forms("person") == ["person", "people", "persons"]  # missing persons, displaced persons
    assert noun_forms("chairperson") == ["chairperson", "chairpersons"]


@pytest.mark.parametrize("singular, plural", [
    ("Child", "Children"), ("CHILD", "CHILDREN"), ("Crisis", "Crises"), ("Woman", "Women"), ("Hero", "Heroes"),
    ("Congressman", "Congressmen"), ("SPOKESMAN", "SPOKESMEN"),
])
def test_irregular_plurals_keep_the_case_of_the_word(singular, plural):
    assert noun_forms(singular) == [singular, plural]


@pytest.mark.parametrize("singular", ["congressman", "chairwoman", "gunman", "spokesman", "policeman", "countryman",
                                      "congresswoman", "co-chairman"])
def test_man_compounds_take_men(singular):
    assert noun_forms(singular) == [singular, singular[:-2] + "en"]


@pytest.mark.parametrize("singular", ["human", "German", "Roman", "Norman", "shaman", "talisman", "caiman",
                                      "ottoman", "Oman", "Herman", "walkman"])
def test_words_ending_in_man_that_are_not_man_take_s(singular):
    assert noun_forms(singular) == [singular, singular + "s"]


@pytest.mark.parametrize("noun", ["sheep", "deer", "fish", "series", "species", "aircraft", "offspring", "news",
                                  "police", "personnel", "Police"])
def test_invariant_nouns_give_themselves(noun):
    assert noun_forms(noun) == [noun]


def test_a_plural_of_the_table_is_plural_already_and_a_hyphenated_word_inflects_its_last_part():
    assert noun_forms("people") == ["people"] and noun_forms("children") == ["children"]
    assert inflect_phrase("undocumented people", "noun") == ["undocumented people"]
    assert noun_forms("ex-wife") == ["ex-wife", "ex-wives"] and noun_forms("step-child") == ["step-child",
                                                                                         "step-children"]


@pytest.mark.parametrize("singular, plural", [
    ("militant", "militants"), ("atrocity", "atrocities"), ("hoax", "hoaxes"), ("witch", "witches"),
    ("crash", "crashes"), ("bus", "buses"), ("blitz", "blitzes"), ("day", "days"), ("attorney", "attorneys"),
    ("photo", "photos"), ("video", "videos"), ("radio", "radios"), ("fiasco", "fiascos"), ("cover-up", "cover-ups"),
    ("NATO", "NATOs"), ("box", "boxes"), ("mongoose", "mongooses"),
])
def test_regular_nouns_follow_the_spelling_rules(singular, plural):
    assert noun_forms(singular) == [singular, plural]


def test_the_noun_table_ships_as_package_data():
    assert resources.files("framelens.lexicons").joinpath("irregular_nouns.yml").is_file()
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["framelens"]
    assert any(fnmatch.fnmatch("lexicons/irregular_nouns.yml", p) for p in patterns)
    table = irregular_nouns()
    assert table.plurals["child"] == ("children",) and "sheep" in table.invariant and "human" in table.man_exceptions


# --- the head key of a form --------------------------------------------------------------------

def test_a_form_can_name_its_head():
    assert variant_forms("""\
        concepts:
          - concept: opponents
            description: opponents of abortion
            variants:
              - variant: pro-life
                category: opponent_usage
                signals: self-description
                forms: [{form: right to life activist, inflect: noun, head: activist}]
        """) == ["right to life activist", "right to life activists"]


def test_the_head_key_takes_inflect_noun_from_its_variant():
    assert variant_forms("""\
        concepts:
          - concept: opponents
            description: opponents of abortion
            variants:
              - variant: pro-life
                category: opponent_usage
                signals: self-description
                inflect: noun
                forms: [opponent of abortion, {form: right to life activist, head: Activist}]
        """) == ["opponent of abortion", "opponents of abortion", "right to life activist", "right to life activists"]


def test_a_head_that_is_not_a_word_of_the_form_is_an_error():
    msg = error("""\
        concepts:
          - concept: opponents
            description: opponents of abortion
            variants:
              - variant: pro-life
                category: opponent_usage
                signals: self-description
                forms:
                  - {form: right to life activist, inflect: noun, head: activists}
        """)
    assert msg.startswith("test.yml:16 (entry 'opponents/pro-life'):")
    assert "'head: activists' is not one of the words of the form 'right to life activist'" in msg
    assert "Fix: give one of its words: right, to, life, activist" in msg


@pytest.mark.parametrize("inflect", ["", "inflect: verb, ", "inflect: none, "])
def test_a_head_without_inflect_noun_is_an_error(inflect):
    msg = error(f"""\
        concepts:
          - concept: opponents
            description: opponents of abortion
            variants:
              - variant: pro-life
                category: opponent_usage
                signals: self-description
                forms:
                  - {{form: right to life activist, {inflect}head: activist}}
        """)
    assert msg.startswith("test.yml:16 (entry 'opponents/pro-life'):") and "needs `inflect: noun`" in msg
    assert "Fix: add `inflect: noun`" in msg


def test_a_head_on_a_regex_is_an_error():
    msg = error("""\
        concepts:
          - concept: opponents
            description: opponents of abortion
            variants:
              - variant: pro-life
                category: opponent_usage
                signals: self-description
                forms: [{regex: 'pro-?lifers?', head: lifer}]
        """)
    assert "test.yml:" in msg and "'head' applies to a literal form, not to a regex" in msg and "Fix:" in msg


def test_a_form_one_entry_makes_twice_is_kept_once_but_two_entries_may_not_share_one():
    assert variant_forms("""\
        concepts:
          - concept: immigrants
            description: immigrants
            variants:
              - variant: undocumented
                category: neutral
                signals: advocates' term
                inflect: noun
                forms: [undocumented person, undocumented people]
        """) == ["undocumented person", "undocumented people", "undocumented persons"]
    msg = error("""\
        concepts:
          - concept: immigrants
            description: immigrants
            variants:
              - {variant: person, category: neutral, signals: s, inflect: noun, forms: [undocumented person]}
              - {variant: people, category: neutral, signals: s, forms: [undocumented people]}
        """)
    assert "duplicate variant form 'undocumented people'" in msg and "immigrants/person" in msg


# --- end to end --------------------------------------------------------------------------------

def test_a_naming_pack_with_inflect_noun_finds_the_plurals_in_a_text():
    pack = naming("""\
        concepts:
          - concept: unborn
            description: the fetus
            variants:
              - {variant: unborn child, category: opponent_usage, signals: a child, inflect: noun}
          - concept: opponents
            description: opponents of abortion
            variants:
              - {variant: opponent of abortion, category: neutral, signals: descriptive, inflect: noun}
        """)
    text = ("Opponents of abortion say unborn children feel pain. One opponent of abortion spoke "
            "of an unborn child; no unborn childs or opponent of abortions here.")
    hits = fl.extract([text], lexicons=[pack])
    assert list(zip(hits["text"], hits["variant"])) == [
        ("Opponents of abortion", "opponent of abortion"), ("unborn children", "unborn child"),
        ("opponent of abortion", "opponent of abortion"), ("unborn child", "unborn child")]
