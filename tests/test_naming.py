"""Naming extractor: concept → variant on handwritten sentences, with the shipped naming packs."""
from __future__ import annotations

import pytest

import framelens as fl


def naming(text: str, packs=("karabakh", "immigration", "middle-east", "newswcl50")):
    hits = fl.extract([text], lexicons=list(packs))
    h = hits[hits["family"] == "naming"]
    return [(t, f.split(":", 1)[1], v, c) for t, f, v, c in zip(h["text"], h["feature"], h["variant"], h["category"])]


def test_capital_both_names_and_who_uses_them():
    got = naming("Azerbaijan says Khankendi, which Armenians call Stepanakert, was shelled. Xankəndi is quiet.")
    assert got == [("Khankendi", "karabakh/capital", "Khankendi", "azerbaijani_usage"),
                   ("Stepanakert", "karabakh/capital", "Stepanakert", "armenian_usage"),
                   ("Xankəndi", "karabakh/capital", "Khankendi", "azerbaijani_usage")]


def test_region_variants_and_no_double_count_inside_the_hyphenated_name():
    got = naming("Armenia and Azerbaijan fought over Nagorno-Karabakh, which Armenians call Artsakh; "
                 "Baku speaks of Karabakh.")
    assert [v for _, _, v, _ in got] == ["Nagorno-Karabakh", "Artsakh", "Karabakh"]


def test_azeri_only_as_a_capitalised_proper_adjective():
    got = naming("Azeri and Azerbaijani troops entered Armenia's border area; the azeri word.")
    assert [v for _, _, v, _ in got] == ["Azeri", "Azerbaijani"]


def test_adjective_concepts_need_their_head_noun():
    # negative cases: "occupied" and "self-proclaimed" without the head words are not naming hits
    assert naming("In Armenia, protesters occupied the parliament; a self-proclaimed expert spoke.") == []
    got = naming("Azerbaijan regained the occupied territories around the self-proclaimed republic of Artsakh.")
    assert [(c, v) for _, c, v, _ in got] == [("karabakh/territory_status", "occupied"),
                                              ("karabakh/republic_status", "self-proclaimed"),
                                              ("karabakh/region", "Artsakh")]


def test_forces_longest_variant_wins():
    got = naming("Azerbaijan fought ethnic Armenian separatists and, later, ethnic Armenian forces.")
    assert [(t, v) for t, _, v, _ in got] == [("ethnic Armenian separatists", "separatists"),
                                              ("ethnic Armenian forces", "ethnic Armenian forces")]


def test_karabakh_pack_is_silent_outside_its_topic():
    assert naming("Militants and mercenaries occupied territories in the story.", packs=("karabakh",)) == []


def test_immigration_variants_each_once():
    got = naming("Illegal aliens, undocumented immigrants, an asylum-seeker and migrants arrived.")
    assert [v for _, _, v, _ in got] == ["illegal alien", "undocumented immigrant", "asylum seeker", "migrant"]
    assert {c for _, c, _, _ in got} == {"immigration/immigrants"}


def test_middle_east_terms_and_exclusions():
    got = naming("In the West Bank, which Israel calls Judea and Samaria, a militant was shot near the "
                 "Temple Mount, known to Muslims as Haram al-Sharif. Israeli fighter jets struck Gaza.")
    assert [v for _, _, v, _ in got] == ["West Bank", "Judea and Samaria", "militant", "Temple Mount",
                                         "Haram al-Sharif"]


def test_kim_variants_and_other_kims_are_excluded():
    got = naming("North Korean dictator Kim Jong Un met Mr. Kim's sister Kim Yo Jong. Chairman Kim smiled; "
                 "Kim Jong Il was his father. The North Korean leader left Pyongyang.")
    assert [(t, v) for t, c, v, _ in got if c == "newswcl50/kim_jong_un"] == [
        ("North Korean dictator Kim", "dictator"), ("Mr. Kim", "Mr. Kim"), ("Chairman Kim", "Chairman Kim"),
        ("The North Korean leader", "leader")]
    assert [v for _, c, v, _ in got if c == "newswcl50/north_korea"] == ["Pyongyang"]


def test_north_korean_is_not_the_north_and_the_donald_trump_administration_is_not_trump():
    got = naming("Trump met the North Korean leader and the North Korean regime; the North agreed. "
                 "The Donald Trump administration and Kim Jong Il's son.", packs=("newswcl50",))
    assert [(t, v) for t, c, v, _ in got if c == "newswcl50/north_korea"] == [
        ("North Korean regime", "regime"), ("the North", "the North")]
    assert [t for t, c, _, _ in got if c == "newswcl50/trump"] == ["Trump"]
    assert [t for t, c, _, _ in got if c == "newswcl50/kim_jong_un"] == ["the North Korean leader"]


def test_kim_concept_needs_a_korea_document():
    assert naming("Kim Kardashian and Kim met the dictator.", packs=("newswcl50",)) == []


def test_trump_variants():
    got = naming("President Trump said Mr. Trump and Donald Trump agree; the president and Trump Jr. left.",
                 packs=("newswcl50",))
    assert [v for _, _, v, _ in got] == ["President Trump", "Mr. Trump", "Donald Trump", "the president"]


def test_former_president_trump_is_its_own_variant_not_the_deferential_title():
    got = naming("Former President Donald Trump and former president Trump spoke; then-President Trump signed it "
                 "and ex-President Trump left, but President Trump stayed. Then-FBI Director James Comey left.",
                 packs=("newswcl50",))
    assert [(t, v, c) for t, _, v, c in got] == [
        ("Former President Donald Trump", "former President Trump", "former_title"),
        ("former president Trump", "former President Trump", "former_title"),
        ("then-President Trump", "former President Trump", "former_title"),
        ("ex-President Trump", "former President Trump", "former_title"),
        ("President Trump", "President Trump", "official_title"),
        ("Then-FBI Director James Comey", "former FBI director", "official_title")]
