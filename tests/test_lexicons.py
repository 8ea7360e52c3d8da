"""Lexicon packs: schema errors name file, line, entry and fix; loading and overriding; inflection;
matching rules (boundaries, hyphens, case, diacritics, phrases, context, overlaps, topic gates)."""
from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner

from framelens.errors import LexiconError
from framelens.lexicons import load_lexicons, load_pack, parse_pack, shipped_pack_names
from framelens.lexicons.inflection import noun_forms, verb_forms
from framelens.lexicons.matcher import Matcher

HEAD = """\
name: test-pack
family: hedge
description: a test pack
sources: written for the tests
categories:
  modal: modal verbs
  adverb: adverbs
"""


def pack(body: str, head: str = HEAD):
    return parse_pack(head + textwrap.dedent(body), "test.yml")


def error(body: str, head: str = HEAD) -> str:
    with pytest.raises(LexiconError) as info:
        pack(body, head)
    return str(info.value)


def found(packs, text):
    m = Matcher(packs)
    return [(text[x.start:x.end], x.rule.term, x.rule.variant) for x in m.find(text)]


# --- schema errors -----------------------------------------------------------------------------

def test_bad_yaml_names_file_and_line():
    msg = error("entries:\n  - {term: may, category: modal\n  - {term: might, category: modal}\n")
    assert msg.startswith("test.yml:") and "not valid YAML" in msg and "Fix:" in msg
    line = int(msg.split(":")[1].split()[0])
    assert 8 <= line <= 10


def test_bad_regex_names_entry_and_line():
    msg = error("entries:\n  - term: call\n    category: modal\n    forms: [{regex: 'call(ed'}]\n")
    assert "test.yml:11" in msg and "entry 'call'" in msg and "bad regular expression" in msg and "Fix:" in msg


def test_regex_matching_empty_text_is_refused():
    assert "matches the empty text" in error("entries:\n  - {term: x, category: modal, forms: [{regex: 'a*'}]}\n")


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)+$", r"(a|aa)+b", r"(?:x*)*y", r"(\d+)*\."])
def test_a_regex_that_can_backtrack_for_ever_is_refused_at_check_time(pattern):
    """A user pack with (a+)+$ passed `lexicon check` and then hung extraction."""
    msg = error(f"entries:\n  - term: x\n    category: modal\n    forms: [{{regex: '{pattern}'}}]\n")
    assert "test.yml:11" in msg and "entry 'x'" in msg and "exponential time" in msg and "possessive" in msg


@pytest.mark.parametrize("pattern", [r"(?>a+)+b", r"(?:\w++\s)+", r"(?:said|says)+ that", r"(?:\s+\w+){1,5}"])
def test_regexes_that_match_one_way_are_accepted(pattern):
    assert pack(f"entries:\n  - term: x\n    category: modal\n    forms: [{{regex: '{pattern}'}}]\n").entries


@pytest.mark.parametrize("body, key, line, first", [
    ("entries:\n  - term: may\n    category: modal\n    category: adverb\n", "category", 11, 10),
    ("entries:\n  - {term: may, category: modal}\nname: again\n", "name", 10, 1),
    ("entries:\n  - {term: may, category: modal, term: might}\n", "term", 9, 9),
])
def test_a_key_given_twice_is_refused_with_its_line(body, key, line, first):
    """YAML keeps the last of two equal keys silently: 'category: modal' then 'category: adverb' passed."""
    msg = error(body)
    assert msg.startswith(f"test.yml:{line}:") and f"duplicate key {key!r} (first given on line {first})" in msg
    assert "Fix:" in msg


def test_lexicon_check_cli_refuses_duplicate_keys_and_catastrophic_regexes(tmp_path):
    from framelens.cli import main

    for name, body in (("dup", "entries:\n  - term: may\n    category: modal\n    category: modal\n"),
                       ("redos", "entries:\n  - {term: x, category: modal, forms: [{regex: '(a+)+$'}]}\n")):
        path = tmp_path / f"{name}.yml"
        path.write_text(HEAD + body, encoding="utf-8")
        res = CliRunner().invoke(main, ["lexicon", "check", str(path)])
        assert res.exit_code == 2 and f"{path}:" in res.output and "Traceback" not in res.output


def test_unknown_category_lists_the_known_ones():
    msg = error("entries:\n  - {term: may, category: modals}\n")
    assert "unknown category 'modals'" in msg and "entry 'may'" in msg and "modal, adverb" in msg


def test_unknown_family():
    msg = error("entries:\n  - {term: may, category: modal}\n", head=HEAD.replace("family: hedge", "family: hedging"))
    assert "unknown family 'hedging'" in msg and "naming" in msg


def test_unknown_stance_in_attribution_pack():
    head = HEAD.replace("family: hedge", "family: attribution")
    assert "unknown attribution stance" in error("entries:\n  - {term: say, category: modal}\n", head=head)


def test_missing_fields():
    assert "missing field 'category'" in error("entries:\n  - {term: may}\n")
    assert "missing field 'sources'" in error("entries:\n  - {term: may, category: modal}\n",
                                              head=HEAD.replace("sources: written for the tests\n", ""))
    assert "missing field 'entries'" in error("")


def test_unknown_field_is_reported_as_a_probable_typo():
    msg = error("entries:\n  - {term: may, category: modal, inflection: verb}\n")
    assert "unknown field(s) 'inflection'" in msg and "inflect" in msg


def test_duplicate_term_and_duplicate_form():
    assert "duplicate term 'May'" in error("entries:\n  - {term: may, category: modal}\n"
                                           "  - {term: May, category: adverb}\n")
    msg = error("entries:\n  - {term: claim, category: modal, inflect: verb}\n"
                "  - {term: claimed, category: adverb}\n")
    assert "duplicate form 'claimed'" in msg and "entry 'claimed'" in msg


NAMING_HEAD = """\
name: places
family: naming
description: test naming pack
sources: tests
categories:
  a_usage: side A
  b_usage: side B
"""


def test_duplicate_variant_in_a_concept():
    msg = error("""\
        concepts:
          - concept: city
            description: a city
            variants:
              - {variant: Stepanakert, category: a_usage, signals: A name}
              - {variant: Stepanakert, category: b_usage, signals: B name, forms: [Khankendi]}
        """, head=NAMING_HEAD)
    assert "duplicate variant 'Stepanakert'" in msg and "entry 'city/Stepanakert'" in msg


def test_same_form_in_two_variants_of_a_concept():
    msg = error("""\
        concepts:
          - concept: city
            description: a city
            variants:
              - {variant: A, category: a_usage, signals: A name, forms: [Karabakh]}
              - {variant: B, category: b_usage, signals: B name, forms: [karabakh]}
        """, head=NAMING_HEAD)
    assert "duplicate variant form 'karabakh'" in msg and "city/A" in msg


def test_naming_variant_needs_signals():
    msg = error("""\
        concepts:
          - concept: city
            description: a city
            variants:
              - {variant: A, category: a_usage}
        """, head=NAMING_HEAD)
    assert "missing field 'signals'" in msg


# --- shipped packs, loading, overriding --------------------------------------------------------

def test_every_shipped_pack_validates_and_names_its_sources():
    names = shipped_pack_names()
    assert {"hedges", "boosters", "attribution", "loaded", "karabakh", "immigration", "middle-east",
            "newswcl50"} <= set(names)
    for n in names:
        p = load_pack(n)
        assert p.sources and p.description and p.entries


def test_loaded_pack_has_a_few_hundred_evaluative_words_and_no_degree_words():
    pack = load_pack("loaded")
    assert len(pack.entries) >= 250
    assert "intensifier" not in pack.categories  # version 2: degree words describe, they do not judge


def test_user_pack_overrides_a_shipped_pack_of_the_same_name(tmp_path):
    f = tmp_path / "hedges.yml"
    f.write_text(HEAD.replace("test-pack", "hedges") + "entries:\n  - {term: perchance, category: adverb}\n")
    lex = load_lexicons(["default", str(f)])
    assert lex.names.count("hedges") == 1 and len(lex) == len(shipped_pack_names())
    assert [e.term for e in lex["hedges"].entries] == ["perchance"]
    assert found(lex.packs, "It may rain, perchance.") == [("perchance", "perchance", "")]


def test_unknown_pack_name_is_an_error_with_the_list():
    with pytest.raises(LexiconError, match="unknown lexicon pack 'hedgez'.*hedges"):
        load_lexicons(["hedgez"])


def test_lexicon_set_survives_pickling_for_worker_processes():
    import pickle

    lex = load_lexicons(["hedges"])
    lex.matcher()
    again = pickle.loads(pickle.dumps(lex))
    assert [m.rule.term for m in again.matcher().find("It may well rain.")] == ["may"]


# --- inflection --------------------------------------------------------------------------------

def test_regular_and_irregular_verb_forms():
    assert verb_forms("claim") == ["claim", "claims", "claimed", "claiming"]
    assert verb_forms("say") == ["say", "says", "said", "saying"]
    assert verb_forms("tell") == ["tell", "tells", "told", "telling"]
    assert verb_forms("admit") == ["admit", "admits", "admitted", "admitting"]
    assert verb_forms("deny") == ["deny", "denies", "denied", "denying"]
    assert verb_forms("accuse") == ["accuse", "accuses", "accused", "accusing"]
    assert verb_forms("slam") == ["slam", "slams", "slammed", "slamming"]
    assert verb_forms("point") == ["point", "points", "pointed", "pointing"]
    assert noun_forms("militant") == ["militant", "militants"]
    assert noun_forms("atrocity") == ["atrocity", "atrocities"]


def test_inflected_entry_matches_every_form_and_phrases_inflect_their_first_word():
    p = pack("entries:\n  - {term: claim, category: modal, inflect: verb}\n"
             "  - {term: point out, category: adverb, inflect: verb}\n")
    text = "He claims it; they claimed it, claiming it, as we claim. She pointed out that he points out nothing."
    assert [t for t, _, _ in found([p], text)] == ["claims", "claimed", "claiming", "claim", "pointed out",
                                                   "points out"]


# --- matching rules ----------------------------------------------------------------------------

def naming(body: str):
    return pack(body, head=NAMING_HEAD)


REGION = naming("""\
    concepts:
      - concept: region
        description: the region
        variants:
          - {variant: Nagorno-Karabakh, category: a_usage, signals: international, forms: [Nagorno-Karabakh, Nagorno Karabakh]}
          - {variant: Karabakh, category: b_usage, signals: short, case: sensitive, forms: [Karabakh]}
      - concept: city
        description: the city
        variants:
          - {variant: Khankendi, category: b_usage, signals: Azerbaijani, case: sensitive, forms: [Khankendi, Xankəndi]}
          - {variant: Shusha, category: b_usage, signals: Azerbaijani, case: sensitive, forms: [Şuşa]}
      - concept: azeri
        description: the adjective
        variants:
          - {variant: Azeri, category: b_usage, signals: informal, case: sensitive}
    """)


def test_hyphenated_name_is_one_hit_not_also_its_part():
    text = "Fighting in Nagorno-Karabakh and in Nagorno Karabakh, then in Karabakh."
    assert found([REGION], text) == [("Nagorno-Karabakh", "Nagorno-Karabakh", "Nagorno-Karabakh"),
                                     ("Nagorno Karabakh", "Nagorno-Karabakh", "Nagorno-Karabakh"),
                                     ("Karabakh", "Karabakh", "Karabakh")]


def test_word_boundaries_and_possessives():
    assert found([REGION], "Karabakhi and preKarabakh are not hits") == []
    assert found([REGION], "Karabakh’s main city; Karabakh's people") == [
        ("Karabakh", "Karabakh", "Karabakh"), ("Karabakh", "Karabakh", "Karabakh")]


def test_case_sensitive_variant():
    assert found([REGION], "Azeri forces") == [("Azeri", "Azeri", "Azeri")]
    assert found([REGION], "azeri forces, AZERI forces") == []


def test_names_in_any_script_with_diacritics_are_matched_as_written_not_transliterated():
    text = "Xankəndi and Şuşa; but Xankendi and Susa are other spellings."
    assert [v for _, _, v in found([REGION], text)] == ["Khankendi", "Shusha"]


def test_multiword_phrase_tolerates_line_breaks_and_nbsp():
    assert [t for t, _, _ in found([REGION], "in Nagorno\nKarabakh and Nagorno\u00a0Karabakh")] == [
        "Nagorno\nKarabakh", "Nagorno\u00a0Karabakh"]


def test_longest_match_wins_within_a_family_and_overlaps_across_families_are_kept():
    hedges = pack("entries:\n  - {term: it is unclear, category: modal, forms: [it is unclear, unclear whether]}\n"
                  "  - {term: unclear, category: adverb}\n")
    assert found([hedges], "It is unclear whether they left.") == [("It is unclear", "it is unclear", "")]
    loaded = parse_pack("name: l\nfamily: loaded\ndescription: d\nsources: s\ncategories: {negative: n}\n"
                        "entries:\n  - {term: unclear, category: negative}\n", "l.yml")
    got = found([hedges, loaded], "It is unclear whether they left.")
    assert ("It is unclear", "it is unclear", "") in got and ("unclear", "unclear", "") in got


def test_the_longer_of_two_overlapping_variants_wins_even_when_it_starts_later():
    p = naming("""\
        concepts:
          - concept: people
            description: people without papers
            variants:
              - {variant: illegal, category: a_usage, signals: s, forms: [illegal immigrant]}
              - {variant: undocumented, category: b_usage, signals: s, forms: [immigrant children without papers]}
        """)
    got = found([p], "Some illegal immigrant children without papers were sent back; an illegal immigrant left.")
    assert [t for t, _, _ in got] == ["immigrant children without papers", "illegal immigrant"]
    # of equally many words the leftmost wins, so the order of the variants in the file does not matter
    assert [t for t, _, _ in found([p], "an illegal immigrant children")] == ["illegal immigrant"]


def test_context_words_and_exclusions_and_topic_gates():
    p = naming("""\
        topic: [Karabakh]
        concepts:
          - concept: status
            description: status
            variants:
              - variant: occupied
                category: b_usage
                signals: occupation language
                forms: [occupied territories, {form: occupied, followed_by: [by], window: 1}]
          - concept: leader
            description: the leader
            exclude: [Kim Jong Il]
            variants:
              - {variant: Kim, category: a_usage, signals: surname, case: sensitive}
              - variant: self-proclaimed
                category: b_usage
                signals: distancing
                forms: [{form: self-proclaimed, followed_by: [republic], window: 2}]
        """)
    text = ("In Karabakh, the occupied territories were occupied by troops; protesters occupied the square. "
            "Kim met Kim Jong Il. The self-proclaimed Karabakh republic and a self-proclaimed expert.")
    got = [(t, v) for t, _, v in found([p], text)]
    assert got == [("occupied territories", "occupied"), ("occupied", "occupied"), ("Kim", "Kim"),
                   ("self-proclaimed", "self-proclaimed")]
    # the pack's topic gate: no Karabakh in the document, no hit at all
    assert found([p], "The occupied territories were occupied by troops.") == []


def test_pack_level_exclude_drops_phrases_that_contain_an_entry_form():
    p = pack("""\
        entries:
          - {term: likely, category: adverb}
          - {term: might, category: modal}
        exclude: [likely voters, {form: might, followed_by: [makes], window: 1}]
        """)
    text = "Likely voters said it is likely. Might makes right, but it might rain."
    assert found([p], text) == [("likely", "likely", ""), ("might", "might", "")]
    # the exclusion is listed by `lexicon show` and produces no feature of its own
    assert "(exclude)" in set(p.summary()["category"])
    assert p.features() == ["hedge"]


KOREA = naming("""\
    concepts:
      - concept: north_korea
        description: the state
        exclude: [North Korean]
        variants:
          - {variant: the North, category: a_usage, signals: short, case: sensitive, forms: [the North]}
          - {variant: regime, category: b_usage, signals: regime, forms: [North Korean regime, the regime]}
      - concept: kim
        description: the leader
        exclude: [Kim Jong Il]
        variants:
          - {variant: Kim, category: a_usage, signals: surname, case: sensitive, forms: [Kim]}
          - {variant: leader, category: b_usage, signals: role, forms: [North Korean leader, North Korean leader Kim]}
    """)


def test_an_exclusion_wins_its_overlap_wherever_it_starts():
    # the exclusion starts after the form ("the North" | "North Korean"), before it ("North Korean
    # leader Kim" | "Kim Jong Il"), or at it; a longer listed form holding it wins ("North Korean regime")
    text = ("Trump met the North Korean leader. The North Korean leader Kim Jong Il died; Kim Jong Il ruled. "
            "Then the North Korean regime fell, and the North and North Korean leader Kim met.")
    assert [(t, v) for t, _, v in found([KOREA], text)] == [
        ("North Korean leader", "leader"), ("North Korean regime", "regime"), ("the North", "the North"),
        ("North Korean leader Kim", "leader")]


def test_a_form_inside_a_form_an_exclusion_dropped_is_dropped_with_it():
    # "North Korean leader Kim" loses to "Kim Jong Il"; "North Korean leader", inside it, is about
    # Kim Jong Il too, and "Kim" is inside the exclusion
    assert found([KOREA], "North Korean leader Kim Jong Il died.") == []


def test_a_pack_level_exclusion_wins_an_overlap_that_starts_before_it():
    p = pack("""\
        entries:
          - {term: most likely, category: adverb}
          - {term: likely, category: adverb}
          - {term: reached, category: modal}
        exclude: [likely voters, could not be reached]
        """)
    text = "The most likely voters said it is most likely, and he could not be reached; they reached it."
    assert found([p], text) == [("most likely", "most likely", ""), ("reached", "reached", "")]
    assert [x.start for x in Matcher([p]).find(text)] == [text.index("most likely,"), text.rindex("reached")]


def test_exclude_at_the_top_of_a_naming_pack_is_an_error():
    msg = error("""\
        exclude: [Kim Jong Il]
        concepts:
          - concept: leader
            description: the leader
            variants:
              - {variant: Kim, category: a_usage, signals: surname}
        """, head=HEAD.replace("family: hedge", "family: naming").replace("modal: modal verbs", "a_usage: a"))
    assert "test.yml" in msg and "under each concept" in msg


def test_shipped_default_packs_separate_militants_by_topic():
    lex = load_lexicons(None)
    m = lex.matcher()
    text = "Israeli officials said militants fired rockets from Gaza."
    feats = {x.rule.feature for x in m.find(text) if x.rule.family == "naming"}
    assert feats == {"naming:middle-east/armed_groups"}


# --- CLI ---------------------------------------------------------------------------------------

def test_cli_lexicon_check_ok_and_error(tmp_path):
    from framelens.cli import main

    good = tmp_path / "good.yml"
    good.write_text(HEAD + "entries:\n  - {term: perchance, category: adverb}\n")
    res = CliRunner().invoke(main, ["lexicon", "check", str(good)])
    assert res.exit_code == 0 and "ok:" in res.output and "1 entries" in res.output
    bad = tmp_path / "bad.yml"
    bad.write_text(HEAD + "entries:\n  - {term: perchance, category: adverbial}\n")
    res = CliRunner().invoke(main, ["lexicon", "check", str(bad)])
    assert res.exit_code == 2
    assert "bad.yml:9 (entry 'perchance'): unknown category 'adverbial'" in res.output


def test_cli_lexicon_show():
    from framelens.cli import main

    res = CliRunner().invoke(main, ["lexicon", "show"])
    assert res.exit_code == 0 and "karabakh" in res.output and "hedges" in res.output
    res = CliRunner().invoke(main, ["lexicon", "show", "karabakh"])
    assert res.exit_code == 0
    for word in ("Stepanakert", "Khankendi", "Xankəndi", "armenian_usage", "sources:"):
        assert word in res.output
    res = CliRunner().invoke(main, ["lexicon", "show", "nope"])
    assert res.exit_code == 2 and "unknown lexicon pack" in res.output


def test_anchored_regex_finds_what_the_full_scan_finds():
    body = ("entries:\n  - term: cite\n    category: modal\n    forms: [{regex: '(?:cited|citing)\\s+(?P<source>[^.]{2,60}?)"
            "\\s+as\\s+saying'%s}]\n")
    full = pack(body % "")
    anchored = pack(body % ", anchors: [cited, citing]")
    text = "Interfax cited the Defense Ministry as saying so. Reuters, citing officials as saying it, agreed. recited"
    got = [(x.start, x.end, x.source_start, x.source_end) for x in Matcher([anchored]).find(text)]
    assert got == [(x.start, x.end, x.source_start, x.source_end) for x in Matcher([full]).find(text)]
    assert len(got) == 2 and text[got[0][2]:got[0][3]] == "the Defense Ministry"
    assert "'anchors' only applies to a regex form" in error(
        "entries:\n  - {term: x, category: modal, forms: [{form: cited, anchors: [cited]}]}\n")


def _pack(entries: str, family: str = "attribution", cats: str = "{neutral: plain}") -> str:
    return (f"name: p\nfamily: {family}\ndescription: d\nsources: s\ncategories: {cats}\n"
            f"entries:\n{entries}")


def test_part_of_speech_conditions_are_checked_with_the_line():
    with pytest.raises(LexiconError, match=r"x\.yml:8 \(entry .claim.\): unknown part-of-speech tag.*VERB"):
        parse_pack(_pack("  - {term: say, category: neutral}\n  - {term: claim, category: neutral, forms: [{form: claims, pos: [VERB]}]}\n"), "x.yml")
    with pytest.raises(LexiconError, match="literal forms, not to a regex"):
        parse_pack(_pack("  - {term: say, category: neutral, forms: [{regex: 'sa(?:y|id)', pos: [VB]}]}\n"))
    with pytest.raises(LexiconError, match="subject.*hedge and attribution packs only"):
        parse_pack(_pack("  - {term: vile, category: neutral, subject: person}\n", family="loaded"))
    pack = parse_pack(_pack("  - {term: claim, category: neutral, subject: person, forms: [{form: claims, pos: [vb]}]}\n"))
    assert pack.entries[0].subject == "person" and pack.entries[0].forms[0].pos == ("VB",)
    assert pack.entries[0].forms[0].needs_tags


_CONTEXT_WORDS = ["North", "Korean", "leader's", "Nagorno-Karabakh", "x" * 20, "a", "’s", "30,000", "—", "(", ")",
                  "Azerbaijan’s", "o'clock", "-", "said"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CONTEXT_WORDS), st.sampled_from([" ", "  ", ", ", "\n", ""])),
                min_size=1, max_size=80), st.integers(1, 6), st.randoms(use_true_random=False))
def test_the_words_before_a_position_are_the_last_whole_words_before_it(parts, n, rnd):
    from framelens.lexicons.matcher import _words_before
    from framelens.text import WORD_RE

    text = "".join(w + gap for w, gap in parts)
    words = [m.span() for m in WORD_RE.finditer(text)]
    if not words:
        return
    pos = rnd.choice(words)[0]  # candidates start where a word starts
    assert _words_before(text, pos, n) == [s for s in words if s[1] <= pos][-n:]


def test_a_long_word_before_a_position_is_not_cut_by_the_look_back():
    from framelens.lexicons.matcher import _words_before

    for before in ("said " + "x" * 30, "said " + "ab-" * 20 + "c", "word " * 40 + "x" * 100):
        text = before + " leader"
        pos = text.index("leader")
        assert [text[s:e] for s, e in _words_before(text, pos, 1)] == [before.split()[-1]]


def test_context_phrases_are_found_near_the_candidate_whatever_their_length():
    from framelens.lexicons.matcher import _phrase_near

    after = ["the", "north", "korean", "leader", "spoke"]
    assert _phrase_near(after, ("north korean",), 2, leading=True)
    assert not _phrase_near(after, ("north korean",), 1, leading=True)
    assert _phrase_near(after, ("spoke", "korean leader's"), 3, leading=True)  # possessive stripped
    assert not _phrase_near(after, ("leader spoke",), 3, leading=True)
    before = ["said", "north", "korean"]
    assert _phrase_near(before, ("north korean",), 1, leading=False)  # ends within the last word
    assert not _phrase_near(before, ("said north",), 1, leading=False)
    assert _phrase_near(before, ("said north",), 2, leading=False)
    assert not _phrase_near([], ("north",), 4, leading=True)


def test_the_shipped_packs_parse_to_the_same_data_with_libyaml_and_pure_python():
    import yaml
    from importlib import resources

    from framelens.lexicons import schema

    if schema._FastLineLoader is None:
        pytest.skip("PyYAML without libyaml")
    packs = sorted(p for p in resources.files("framelens.lexicons").joinpath("packs").iterdir()
                   if p.name.endswith((".yml", ".yaml")))
    assert packs
    for pack in packs:
        text = pack.read_text("utf-8")
        assert yaml.load(text, Loader=schema._FastLineLoader) == yaml.load(text, Loader=schema._LineLoader), pack.name


@pytest.mark.parametrize("text", ["name: x\nfamily: [a, b\n", "a: b: c\n", "name: x\nname: y\n", "- a\nb: c\n"])
def test_yaml_errors_read_as_the_pure_python_parser_reports_them(text):
    import yaml

    from framelens.lexicons import schema

    with pytest.raises(yaml.YAMLError) as ours:
        schema._load_yaml(text)
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.load(text, Loader=schema._LineLoader)
    assert str(ours.value) == str(pure.value)


# --- YAML 1.1 booleans in word lists -----------------------------------------------------------

def test_bare_no_on_yes_off_in_word_lists_stay_words():
    # PyYAML reads YAML 1.1, where bare no/on/yes/off are booleans: the words became "false"/"true"
    # and the shipped exclusions holding them never matched.
    p = pack("entries:\n  - {term: sort of, category: adverb, forms: "
             "[{form: sort of, preceded_by: [no, on, yes, off, No], window: 1}]}\n")
    assert p.entries[0].forms[0].preceded_by == ("no", "on", "yes", "off", "no")


def test_a_bare_true_or_false_in_a_word_list_is_refused_with_its_line():
    msg = error("entries:\n  - term: sort of\n    category: adverb\n"
                "    forms: [{form: sort of, preceded_by: [a, false], window: 1}]\n")
    assert "test.yml:11" in msg and "bare true or false" in msg and "quote the word" in msg


@pytest.mark.parametrize("forms", ["[true]", "[word, False]", "[{form: true}]"])
def test_a_bare_true_or_false_as_a_form_is_refused_too(forms):
    # as in the context word lists: YAML reads a bare true/false as a boolean, not the word
    msg = error(f"entries:\n  - term: sort of\n    category: adverb\n    forms: {forms}\n")
    assert "test.yml:" in msg and "bare true or false" in msg and "quote the word" in msg
    assert pack(f"entries:\n  - term: sort of\n    category: adverb\n    forms: ['true']\n").entries[0].forms[0].text == "true"


@pytest.mark.parametrize("pack_name, text, word", [
    ("hedges", "There was no sort of official agreement.", "sort of"),
    ("hedges", "They found no kind of real evidence.", "kind of"),
    ("attribution", "The drink has no added sugar.", "added"),
    ("attribution", "He was arrested on alleged fraud charges.", "alleged"),
])
def test_shipped_exclusions_with_no_and_on_apply(pack_name, text, word):
    hits = [t for t, _, _ in found(load_lexicons([pack_name]), text)]
    assert word not in hits


@pytest.mark.parametrize("pack_name, text, word", [
    ("hedges", "He sort of agreed.", "sort of"),
    ("hedges", "He was charged on alleged fraud.", "alleged"),
    ("attribution", "She claimed the vote was rigged.", "claimed"),
    ("attribution", "He added that the vote was rigged.", "added"),
])
def test_the_same_forms_still_count_elsewhere(pack_name, text, word):
    assert word in [t for t, _, _ in found(load_lexicons([pack_name]), text)]


def test_pressed_on_is_excluded_only_right_after_the_verb():
    packs = load_lexicons(["attribution"])
    assert "pressed" in [t for t, _, _ in found(packs, "Netanyahu pressed France on Friday not to weaken.")]
    assert "pressed" not in [t for t, _, _ in found(packs, "The troops pressed on to the city for days.")]


@pytest.mark.parametrize("text, word, counts", [
    # round 9 (tuned on evaluation 8)
    ("Shares fell as promising data from a trial came out.", "promising", False),
    ("Things look less promising in the U.S.", "promising", False),
    ("He kept promising to fight radicalism.", "promising", True),
    ("He would pay for $3.2 trillion in promised investment.", "promised", False),
    ("Bevin's downplaying of the risk is reckless.", "downplaying", False),
    ("The mayor is downplaying the risk.", "downplaying", True),
    ("More than 2,100 refugees have been admitted to the country.", "admitted", False),
    ("The senator admitted that the bill had flaws.", "admitted", True),
    ("A post that depicted the speaker wearing a hijab.", "depicted", False),
])
def test_round9_attribution_senses(text, word, counts):
    assert (word in [t for t, _, _ in found(load_lexicons(["attribution"]), text)]) is counts


@pytest.mark.parametrize("text, counted", [
    # round 10: "immigrant"/"refugee" naming lawful immigrants, immigrants in general, a status or a programme
    ("America is a nation of immigrants.", []),
    ("Immigrant rights groups cheered the vote.", []),
    ("He wants a workable plan for future legal immigrants.", []),
    ("Send the families to the Office of Refugee Resettlement.", []),
    ("The cap on refugee admissions was cut.", []),
    ("The number of refugees allowed into the country will rise.", []),
    ("Immigrants crossed the border illegally at night.", ["Immigrants"]),
    ("Refugees fled across the border into Turkey.", ["Refugees"]),
    ("Undocumented immigrants and migrants waited.", ["Undocumented immigrants", "migrants"]),
])
def test_round10_immigration_concept_leaves_out_lawful_and_generic_uses(text, counted):
    assert [t for t, _, _ in found(load_lexicons(["immigration"]), text)] == counted


@pytest.mark.parametrize("text, counted", [
    # round 10: names of legal offences are not evaluation
    ("He was charged with reckless endangerment in 2011.", []),
    ("Convictions such as reckless driving or vandalism.", []),
    ("It was a reckless decision.", ["reckless"]),
    ("Their depraved and reckless conduct.", ["reckless"]),
])
def test_round10_legal_offences_are_not_loaded_words(text, counted):
    assert [t for t, _, _ in found(load_lexicons(["loaded"]), text)] == counted


@pytest.mark.parametrize("text, counted", [
    # round 10: an approximator of one unit of time or distance is a hedge (category approximator)
    ("Activists blocked the road for about an hour.", ["about"]),
    ("Outages ranged from a few minutes to around an hour.", ["around"]),
    ("He talked about a year-long plan.", []),
    ("They talked about a plan.", []),
])
def test_round10_approximators_of_one_unit(text, counted):
    assert [t for t, _, _ in found(load_lexicons(["hedges"]), text)] == counted


# -- the context words' shortcut is exact -------------------------------------------------------------

def _holds_by_listing(ctx, start, end, text, low):
    """The context condition read the plain way: list the words around, then look for a phrase."""
    from itertools import islice

    from framelens.lexicons import matcher as m
    from framelens.text import WORD_RE

    if ctx.after:
        spans = [x.span() for x in islice(WORD_RE.finditer(text, end), ctx.after)]
        after = [m._strip_possessive(low[s:e]) for s, e in spans]
        if not m._indexed_phrase_near(after, ctx.after_phrases, ctx.window, leading=True):
            return False
    if ctx.before:
        before = [m._strip_possessive(low[s:e]) for s, e in m._words_before(text, start, ctx.before)]
        if not m._indexed_phrase_near(before, ctx.before_phrases, ctx.window, leading=False):
            return False
    return True


_CONTEXT_WORDS = ["to", "be", "goodbye", "of", "the", "to-be", "be's", "Goodbye", "x_y", "42"]


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(_CONTEXT_WORDS + [" ", "  ", ", ", "\n", "-", "'", "’s", "_", "…", "“"]),
                      max_size=14),
       phrases=st.lists(st.sampled_from(["to be", "goodbye", "of the", "be", "to-be", "the 42"]), min_size=1,
                        max_size=3, unique=True),
       window=st.integers(1, 4), at=st.integers(0, 14))
def test_followed_by_is_decided_as_by_listing_the_words_after(words, phrases, window, at):
    from framelens.lexicons.matcher import _Context, normalise_text
    from framelens.lexicons.schema import Form

    text = "said" + "".join(words[:at]) + " said" + "".join(words[at:])
    low = normalise_text(text)
    ctx = _Context.of(Form(text="said", followed_by=tuple(phrases), window=window))
    for start in (0, text.index(" said") + 1):
        end = start + 4
        assert ctx.holds(start, end, text, low, None) == _holds_by_listing(ctx, start, end, text, low)
