"""Outlet-name normalisation (framelens.corpus.aliases)."""
from __future__ import annotations

import pytest

from framelens.corpus.aliases import OutletAliases
from framelens.errors import CorpusError


@pytest.fixture(scope="module")
def aliases():
    return OutletAliases.default()


@pytest.mark.parametrize("written, canonical", [
    # case and punctuation (BASIL, BABE SG1/MBIC slugs)
    ("fox", "Fox News"), ("FOX", "Fox News"), ("fox-news", "Fox News"), ("nyt", "New York Times"),
    ("NYT", "New York Times"), ("hpo", "HuffPost"), ("usa-today", "USA Today"), ("USA TODAY", "USA Today"),
    # medium markers (AllSides, NeuS, PAC)
    ("Fox News (Online News)", "Fox News"), ("Fox News (Online)", "Fox News"), ("CNN (Web News)", "CNN"),
    ("New York Times (News)", "New York Times"), ("New York Times - News", "New York Times"),
    ("NBC News (Online)", "NBC News"), ("Newsmax - News", "Newsmax"), ("NPR Online News", "NPR"),
    # a leading "The"
    ("The Washington Post", "Washington Post"), ("Federalist", "The Federalist"), ("The Daily Beast", "Daily Beast"),
    # opinion sections are kept apart, written one way
    ("New York Times - Opinion", "New York Times (Opinion)"), ("New York Times (Opinion)", "New York Times (Opinion)"),
    ("CNN - Editorial", "CNN (Opinion)"), ("Fox News Opinion", "Fox News (Opinion)"),
    ("Wall Street Journal - Editorial", "Wall Street Journal (Opinion)"),
    # names not in the table are kept as written (tidied)
    ("  The  Hill ", "The Hill"), ("Guest Writer - Right", "Guest Writer - Right"), ("Public Opinion", "Public Opinion"),
    ("Al Jazeera", "Al Jazeera"), ("هيئة الإذاعة", "هيئة الإذاعة"),
])
def test_normalise(aliases, written, canonical):
    assert aliases.normalise(written) == canonical


def test_short_codes_are_case_sensitive_and_corpus_codes_are_not_global(aliases):
    assert aliases.normalise("AP") == "Associated Press"
    assert aliases.normalise("ap") == "ap"
    # NewsWCL50's L/R/LL/M/RR are that adapter's business: a bare "L" elsewhere stays "L"
    for code in ("L", "R", "LL", "M", "RR"):
        assert aliases.normalise(code) == code


def test_from_file_merges_over_the_shipped_table(tmp_path):
    f = tmp_path / "a.yml"
    f.write_text("Fox: [Fox News, fox]\nLocal Paper: [lp]\nNo Aliases:\n", "utf-8")
    table = OutletAliases.from_file(f)
    assert table.normalise("fox") == "Fox"  # the user's entry wins
    assert table.normalise("Fox News (Online News)") == "Fox"
    assert table.normalise("LP") == "Local Paper"
    assert table.normalise("nyt") == "New York Times"  # the shipped entries stay


@pytest.mark.parametrize("content, message", [
    ("- just\n- a list\n", "must be a mapping"),
    ("Fox: fox\n", "must be a list"),
    ("Fox: [unclosed\n", "cannot read alias table"),
])
def test_bad_alias_files_say_where_and_how_to_fix(tmp_path, content, message):
    f = tmp_path / "bad.yml"
    f.write_text(content, "utf-8")
    with pytest.raises(CorpusError, match=message) as err:
        OutletAliases.from_file(f)
    assert str(f) in str(err.value) and "Fix:" in str(err.value)


def test_missing_alias_file(tmp_path):
    with pytest.raises(CorpusError, match="cannot read alias table"):
        OutletAliases.from_file(tmp_path / "none.yml")
