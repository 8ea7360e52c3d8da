"""``framelens lexicon try`` and :mod:`framelens.lexicons.trial`: a pack's counts on a corpus through
the default extraction, the candidates lost to overlaps and exclusions (with the winner named),
likely proper names with the ``exclude:`` line to add, a seeded KWIC sample, entries that never
matched, topic gates, and the CLI's errors."""
from __future__ import annotations

import csv
import dataclasses
import textwrap

import pandas as pd
import pytest
from click.testing import CliRunner

import framelens as fl
from framelens.cli import main
from framelens.features import HIT_COLUMNS
from framelens.lexicons import load_pack
from framelens.lexicons.matcher import Matcher
from framelens.lexicons.trial import capitalised_run, lexicon_trial

NAMING = """\
name: trial-naming
family: naming
description: a naming pack for the tests
sources: written for the tests
categories:
  armenian: the Armenian name
  azerbaijani: the Azerbaijani name
  stance_a: one stance
  stance_b: the other
  plain: a plain word
concepts:
  - concept: capital
    description: the main city
    exclude: [Stepanakert Airport]
    variants:
      - {variant: Stepanakert, category: armenian, signals: Armenian name, forms: [Stepanakert]}
      - {variant: Stepanakert city, category: armenian, signals: the longer name, forms: [Stepanakert city]}
      - {variant: Khankendi, category: azerbaijani, signals: Azerbaijani name, forms: [Khankendi]}
  - concept: abortion
    description: the abortion debate
    variants:
      - {variant: pro-choice, category: stance_a, signals: one side, forms: [pro-choice]}
      - {variant: pro-life, category: stance_b, signals: the other side, forms: [pro-life]}
  - concept: place
    description: a kind of place
    variants:
      - {variant: city, category: plain, signals: a town, forms: [city]}
"""

DOCS = [
    ("d1", "Outlet A", "Officials in Stepanakert said the Stepanakert city council met on Monday. "
                       "Flights to Stepanakert Airport resumed later that week."),
    ("d2", "Outlet B", 'Khankendi is calm tonight. "Stepanakert is ours," the mayor said on Tuesday.'),
    ("d3", "Outlet A", "The rally was organised by NARAL Pro-Choice America and other groups on Monday."),
    ("d4", "Outlet B", "Pro-choice activists marched through the streets on Sunday."),
    ("d5", "Outlet C", "Nothing here is about the region at all."),
]


def write_corpus(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "outlet", "text"])
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("trial")
    pack = d / "trial-naming.yml"
    pack.write_text(NAMING, encoding="utf-8")
    return pack, write_corpus(d / "corpus.csv", DOCS)


@pytest.fixture(scope="module")
def trial(files):
    pack, corpus = files
    return lexicon_trial(fl.load_corpus(str(corpus)), str(pack))


def row(table, **where):
    sel = table
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, (where, sel)
    return sel.iloc[0]


# --- the library -------------------------------------------------------------------------------

def test_hits_documents_outlets_and_voices_per_variant(trial):
    m = trial.matches
    assert list(m["entry"]) == ["Stepanakert", "Stepanakert city", "Khankendi", "pro-choice", "pro-life", "city"]
    s = row(m, entry="Stepanakert")
    assert (s.hits, s.documents, s.outlets, s.narration, s.quoted) == (2, 2, 2, 1, 1)
    assert tuple(row(m, entry="pro-choice")[["hits", "documents", "outlets"]]) == (2, 2, 2)
    assert tuple(row(m, entry="Khankendi")[["hits", "documents", "outlets", "quoted"]]) == (1, 1, 1, 0)
    assert (trial.documents, trial.documents_total, trial.outlets) == (5, 5, 3)
    assert row(trial.surface_forms, entry="pro-choice", text="Pro-Choice").hits == 1
    assert row(trial.surface_forms, entry="pro-choice", text="Pro-choice").hits == 1


def test_the_trial_counts_exactly_what_the_default_extraction_counts(files, trial):
    pack, corpus = files
    full = fl.extract(fl.load_corpus(str(corpus)), lexicons=["default", str(pack)])
    full = full[full["pack"] == "trial-naming"].reset_index(drop=True)
    assert len(full) == len(trial.hits) == 7
    pd.testing.assert_frame_equal(trial.hits[HIT_COLUMNS], full[HIT_COLUMNS])


def test_the_demo_corpus_with_a_shipped_pack_matches_extract(demo_corpus):
    t = lexicon_trial(demo_corpus, "karabakh", sample=2)
    ref = fl.extract(demo_corpus, lexicons=["karabakh"])
    ref = ref[ref["pack"] == "karabakh"].reset_index(drop=True)
    assert len(ref) > 100
    pd.testing.assert_frame_equal(t.hits[HIT_COLUMNS], ref[HIT_COLUMNS])
    assert int(t.matches["hits"].sum()) == len(ref)


def test_a_shorter_variant_inside_a_longer_one_is_lost_with_the_winner_named(trial):
    lost = trial.losses[trial.losses["reason"] == "overlap"]
    r = row(lost, entry="Stepanakert")
    assert (r.doc_id, r.text, r.winner, r.winner_text) == ("d1", "Stepanakert", "Stepanakert city", "Stepanakert city")
    assert row(trial.matches, entry="Stepanakert").lost == 2  # this one and the one the exclusion took


def test_an_exclusion_is_named_as_the_winner(trial):
    r = row(trial.losses, reason="exclude")
    assert (r.doc_id, r.entry, r.text) == ("d1", "Stepanakert", "Stepanakert")
    assert r.winner == "exclude: Stepanakert Airport" and r.winner_text == "Stepanakert Airport"


def test_a_pack_level_exclusion_and_the_extractor_are_named_too(tmp_path):
    pack = load_pack(_write(tmp_path / "hedgy.yml", """\
        name: hedgy
        family: hedge
        description: a hedge pack for the tests
        sources: written for the tests
        categories: {adverb: adverbs, verb: verbs}
        entries:
          - {term: likely, category: adverb}
          - {term: suggest, category: verb, inflect: verb, subject: person}
        exclude: [likely voters]
        """))
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                         "text": ["Polls of likely voters differ. The plan will likely pass.",
                                  "The data suggest a rise."]})
    t = lexicon_trial(docs, pack)
    r = row(t.losses, entry="likely")
    assert (r.doc_id, r.reason, r.winner, r.winner_text) == ("a", "exclude", "exclude: likely voters", "likely voters")
    assert row(t.matches, entry="likely").hits == 1
    r = row(t.losses, entry="suggest")
    assert r.reason == "extractor" and "subject: person" in r.winner


def test_a_span_counted_for_two_concepts_is_reported(trial):
    r = row(trial.cross_concept, doc_id="d1")
    assert (r.concept, r.entry, r.text) == ("trial-naming/capital", "Stepanakert city", "Stepanakert city")
    assert (r.other_concept, r.other_entry, r.other_text) == ("trial-naming/place", "city", "city")


def test_a_name_mid_sentence_is_flagged_with_its_exclude_line_a_sentence_start_is_not(trial):
    assert trial.names[["concept", "entry", "name", "hits", "documents"]].values.tolist() == [
        ["trial-naming/abortion", "pro-choice", "NARAL Pro-Choice America", 1, 1]]
    assert trial.name_excludes.values.tolist() == [["abortion", "exclude: [NARAL Pro-Choice America]", False]]
    h = trial.hits.set_index("doc_id")
    assert h.loc["d3", "likely_name"] == "NARAL Pro-Choice America" and h.loc["d4", "likely_name"] == ""
    # case-sensitive or capitalised forms are names by design: never flagged
    assert set(trial.hits.loc[trial.hits["entry"] != "pro-choice", "likely_name"]) == {""}


def test_the_suggested_exclude_line_removes_the_name_when_added(files, tmp_path):
    pack, corpus = files
    fixed = NAMING.replace("    description: the abortion debate\n",
                           "    description: the abortion debate\n    exclude: [NARAL Pro-Choice America]\n")
    t = lexicon_trial(fl.load_corpus(str(corpus)), _write(tmp_path / "fixed.yml", fixed, dedent=False))
    assert row(t.matches, entry="pro-choice").hits == 1 and t.names.empty
    assert row(t.losses, entry="pro-choice").winner == "exclude: NARAL Pro-Choice America"


@pytest.mark.parametrize("text, match, expected", [
    ("Donors gave to Everytown for Gun Safety last year, records show.", "Gun Safety", "Everytown for Gun Safety"),
    ("Members of NARAL Pro-Choice America marched on Monday.", "Pro-Choice", "NARAL Pro-Choice America"),
    ("She spoke for the ACLU's Immigrants' Rights Project on the radio.", "Immigrants", "Immigrants' Rights Project"),
    ("The group praised NARAL Pro-Choice America's work on the bill.", "Pro-Choice", "NARAL Pro-Choice America"),
    ("Pro-Choice America said nothing about the vote on Friday.", "Pro-Choice", ""),  # sentence-initial
    ('He said: "Pro-Choice groups are wrong about this," and left.', "Pro-Choice", ""),  # opens a quotation
    ("Biden Signs Gun Safety Bill Into Law After Years Of Delay", "Gun Safety", ""),  # title-case headline
    ("Night of Withering Ripostes, Mostly Delivered by Biden, was the headline.", "Mostly", ""),
    ("When asked, I Think it rains, he said with a smile on Monday.", "I Think", ""),  # the pronoun I
    ("Critics said the Pro-Choice position was weak in most states.", "Pro-Choice", ""),  # nothing around
    ("They went to Stepanakert, Karabakh and Baku during the summer.", "Karabakh", ""),  # a comma separates
])
def test_capitalised_run(text, match, expected):
    i = text.index(match)
    assert capitalised_run(text, i, i + len(match)) == expected


def test_the_kwic_sample_is_seeded_and_its_size_respected(demo_corpus):
    a = lexicon_trial(demo_corpus, "karabakh", sample=3, seed=0).sample
    b = lexicon_trial(demo_corpus, "karabakh", sample=3, seed=0).sample
    c = lexicon_trial(demo_corpus, "karabakh", sample=3, seed=1).sample
    pd.testing.assert_frame_equal(a, b)
    assert not a[["doc_id", "start"]].equals(c[["doc_id", "start"]])
    t = lexicon_trial(demo_corpus, "karabakh", sample=2, seed=0)
    per = t.sample.groupby("entry").size()
    hits = t.matches.set_index("entry")["hits"]
    assert all(per[e] == min(2, hits[e]) for e in per.index) and set(per.index) == set(hits[hits > 0].index)
    assert lexicon_trial(demo_corpus, "karabakh", sample=0).sample.empty
    s = a.iloc[0]
    text = demo_corpus.documents.set_index("doc_id").loc[s.doc_id, "text"]
    assert text[s.start:s.end] == s.match and " ".join(text[:s.start].split()).endswith(s.left.strip())


def test_entries_that_never_matched(trial):
    assert trial.never_matched.values.tolist() == [["trial-naming/abortion", "pro-life", "stance_b"]]


def test_a_topic_gate_that_closed_is_counted(tmp_path):
    pack = _write(tmp_path / "gated.yml", """\
        name: gated
        family: hedge
        description: a gated hedge pack
        sources: written for the tests
        topic: [Karabakh]
        categories: {modal: modals}
        entries:
          - {term: may, category: modal}
        """)
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                         "text": ["Karabakh may vote soon.", "It may rain and it may snow.", "Nothing at all."]})
    t = lexicon_trial(docs, pack)
    assert t.gates.values.tolist() == [["pack", "Karabakh", 3, 2, 2]]
    assert row(t.matches, entry="may").hits == 1


def test_max_docs_tries_the_first_documents_only(files):
    pack, corpus = files
    t = lexicon_trial(fl.load_corpus(str(corpus)), str(pack), max_docs=2)
    assert (t.documents, t.documents_total) == (2, 5) and set(t.hits["doc_id"]) == {"d1", "d2"}


def test_entries_alone_run_only_where_they_can_match_and_find_what_running_everywhere_finds(demo_corpus):
    pack = load_pack("hedges")
    t = lexicon_trial(demo_corpus, pack, sample=0)
    whole = Matcher([pack])
    docs = demo_corpus.documents
    brute = set()
    for e in [e for e in pack.entries if not e.exclude]:
        alone = Matcher([dataclasses.replace(pack, entries=[e])])
        for doc_id, text in zip(docs["doc_id"], docs["text"]):
            kept = {(m.start, m.end, m.rule.term) for m in whole.find(text)}
            brute |= {(doc_id, m.start, m.end, e.term) for m in alone.find(text)
                      if (m.start, m.end, m.rule.term) not in kept}
    lost = t.losses[t.losses["reason"] != "extractor"]
    assert set(zip(lost["doc_id"], lost["start"], lost["end"], lost["entry"])) == brute


# --- the command line ----------------------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(main, ["lexicon", "try", *map(str, args)])


def test_cli_prints_counts_losses_names_sample_and_never_matched(files):
    pack, corpus = files
    res = invoke(pack, corpus)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "5 records seen = 5 loaded + 0 rejected" in out
    assert "pack trial-naming (naming, 3 concepts, 6 variants) tried on 5 documents" in out
    assert "7 hits in 4 documents from 2 outlets (narration 6, quoted 1)" in out
    assert "Stepanakert: 2 lost: 1 to Stepanakert city, 1 to exclude: Stepanakert Airport" in out
    assert 'pro-choice: "NARAL Pro-Choice America" 1 hit in 1 document' in out
    assert "add to concept abortion:  exclude: [NARAL Pro-Choice America]" in out
    assert "never matched (1 of 6 variants): abortion/pro-life\n" in out
    assert "capital/Stepanakert city + place/city: 1" in out
    assert "      Outlet A | d3 | " in out and "organised by NARAL [Pro-Choice] America and other" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_cli_sample_is_deterministic_and_sized(demo_corpus):
    one = invoke("karabakh", "demo", "--sample", "1", "--seed", "7")
    again = invoke("karabakh", "demo", "--sample", "1", "--seed", "7")
    three = invoke("karabakh", "demo", "--sample", "3", "--seed", "7")
    assert one.exit_code == 0 and "[SYNTHETIC demo corpus" in one.output

    def sample_lines(out):
        return [line for line in out.splitlines() if line.startswith("      ") and "[" in line and " | " in line]

    strip = lambda out: [line for line in out.splitlines() if not line.startswith("done in")]  # noqa: E731
    assert strip(one.output) == strip(again.output)
    t = lexicon_trial(demo_corpus, "karabakh")
    variants = int((t.matches["hits"] > 0).sum())
    assert len(sample_lines(one.output)) == variants
    assert len(sample_lines(three.output)) == int(t.matches["hits"].clip(upper=3).sum())
    assert "sample (seed 7, up to 3 per variant):" in three.output
    assert "sample (" not in invoke("karabakh", "demo", "--sample", "0").output


def test_cli_max_docs_is_stated_and_out_writes_the_match_table(files, tmp_path):
    pack, corpus = files
    out = tmp_path / "hits.csv"
    res = invoke(pack, corpus, "--max-docs", "3", "--out", out)
    assert res.exit_code == 0, res.output
    assert "only the first 3 of 5 documents (--max-docs)" in res.output
    table = pd.read_csv(out, keep_default_na=False)
    assert set(table["doc_id"]) == {"d1", "d2", "d3"} and len(table) == 6
    assert {"left", "right", "likely_name", "form", "outlet", "entry"} <= set(table.columns)
    assert table.loc[table["doc_id"] == "d3", "likely_name"].tolist() == ["NARAL Pro-Choice America"]


def test_cli_misspelled_pack_says_did_you_mean_before_loading(files):
    _, corpus = files
    res = invoke("karabak", corpus)
    assert res.exit_code == 2
    assert "unknown lexicon pack 'karabak'" in res.output and "did you mean 'karabakh'" in res.output
    assert "Traceback" not in res.output and "records seen" not in res.output


def test_cli_missing_corpus_is_the_standard_error(tmp_path):
    res = invoke("karabakh", tmp_path / "nope")
    assert res.exit_code == 2
    assert "no such file or folder" in res.output and "Traceback" not in res.output


def test_cli_help_is_a_manual_and_the_group_lists_the_command():
    res = CliRunner().invoke(main, ["lexicon", "try", "--help"])
    assert res.exit_code == 0
    for text in ("PACK PATH", "Examples:", "framelens lexicon try karabakh", "--sample", "--seed", "--max-docs",
                 "--out", "--column", "likely names", "not counted"):
        assert text in res.output
    assert "framelens lexicon try" in CliRunner().invoke(main, ["lexicon", "--help"]).output


def _write(path, text, dedent=True):
    path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
    return str(path)
