"""framelens.corpus.select: some outlets, a date range; what is left out is counted, never lost."""
from __future__ import annotations

import pytest

from framelens.corpus import build_corpus
from framelens.corpus.model import Reject
from framelens.corpus.select import parse_day, select_documents
from framelens.errors import CorpusError


def _corpus():
    recs = []
    for outlet, n, day0 in (("Fox News", 4, 1), ("CNN", 3, 10), ("Press TV", 2, 20)):
        for i in range(n):
            recs.append({"doc_id": f"{outlet[:3]}-{i}", "outlet": outlet, "published": f"2020-10-{day0 + i:02d}",
                         "text": f"Story {i} from {outlet}.", "source": "t.jsonl"})
    recs.append({"doc_id": "undated", "outlet": "CNN", "text": "No date here.", "source": "t.jsonl"})
    bad = Reject("t.jsonl", "12", "empty_text", "the text is empty")
    return build_corpus(recs, [bad], name="t")


def test_nothing_chosen_is_the_corpus_itself():
    c = _corpus()
    assert select_documents(c) is c
    assert select_documents(c, outlets=3) is c  # all three outlets: nothing left out
    assert c.selection == {}


def test_the_n_biggest_outlets_and_names_with_aliases():
    c = _corpus()
    two = select_documents(c, outlets=2)
    assert two.outlets == ["CNN", "Fox News"]
    fox = select_documents(c, outlets=["Fox"])  # the alias table knows "Fox"
    assert fox.outlets == ["Fox News"] and len(fox.documents) == 4
    assert fox.selection["documents_left_out"] == 6 and fox.selection["outlets"] == ["Fox"]


def test_an_unknown_outlet_names_the_closest():
    with pytest.raises(CorpusError, match="did you mean 'Press TV'"):
        select_documents(_corpus(), outlets=["Pres TV"])
    with pytest.raises(CorpusError, match="keeps no outlet"):
        select_documents(_corpus(), outlets=0)


def test_dates_are_whole_days_and_undated_documents_are_counted():
    c = _corpus()
    s = select_documents(c, since="2020-10-03", until="2020-10-11")
    assert sorted(s.documents["doc_id"]) == ["CNN-0", "CNN-1", "Fox-2", "Fox-3"]
    assert s.selection == {"outlets": None, "since": "2020-10-03", "until": "2020-10-11", "documents_loaded": 10,
                           "documents_selected": 4, "documents_left_out": 6, "undated_left_out": 1}


def test_counts_still_add_up_and_the_tally_line_says_what_was_left_out():
    c = _corpus()
    s = select_documents(c, outlets=["CNN"])
    assert len(s.rejects) == 1  # the input's rejects stay in the report
    assert s.tally_line() == "11 records seen = 10 loaded + 1 rejected; 4 selected, 6 left out by the selection"
    # a selection of a selection still counts from the input
    ss = select_documents(s, since="2020-10-11")
    assert ss.selection["documents_loaded"] == 10 and ss.selection["documents_left_out"] == 8
    assert sorted(ss.documents["doc_id"]) == ["CNN-1", "CNN-2"]


@pytest.mark.parametrize("since, until, message", [
    ("yesterday", None, "--since 'yesterday' is not a date"),
    (None, "2020-13-40", "--until '2020-13-40' is not a date"),
    ("2020-10-05", "2020-10-01", "is after --until"),
])
def test_bad_dates_say_how_to_write_them(since, until, message):
    with pytest.raises(CorpusError, match=message):
        select_documents(_corpus(), since=since, until=until)


def test_a_selection_that_keeps_nothing_is_an_error():
    with pytest.raises(CorpusError, match="keeps no document"):
        select_documents(_corpus(), since="2030-01-01")


def test_parse_day_accepts_dates_and_leaves_none():
    assert parse_day(None, "--since") is None and parse_day("", "--since") is None
    assert str(parse_day("2020-09-27", "--since").date()) == "2020-09-27"
