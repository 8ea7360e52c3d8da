"""Page-noise cleaning: what goes, what stays, and that the audit is complete and lossless."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

import framelens as fl
from framelens.clean import (CLEANING_COLUMNS, CleaningRules, clean_corpus, clean_text, cleaning_summary,
                             normalise_line, original_text, restore_text)
from framelens.corpus import build_corpus
from framelens.errors import FramelensError

from conftest import shared_path

DATA = Path(__file__).parent / "data"


def _corpus(docs: list[tuple[str, str]], **kw) -> fl.Corpus:
    """Build a corpus from (outlet, text) pairs."""
    recs = [{"doc_id": f"d{i}", "outlet": o, "text": t, "source": f"mem:{i + 1}"} for i, (o, t) in enumerate(docs)]
    return build_corpus(recs, **kw)


def _removed(text: str) -> list[tuple[str, str]]:
    return [(normalise_line(r.removed_text), r.reason) for r in clean_text(text)[1]]


# ------------------------------------------------------------------------------------------------
# The seed article (Press TV, Karabakh): header, two captions and the trailer go; every story line stays.
# ------------------------------------------------------------------------------------------------
SEED_NOISE = {
    ("News / More", "site_chrome"),
    ("Press TV's website can also be accessed at the following alternate addresses:", "trailer"),
    ("Press TV News Roku", "trailer"),
}
SEED_CAPTION_STARTS = ("US Rep. Ilhan Omar (D-MN) (L) talks with Speaker of the House Nancy Pelosi",
                       "Armenian soldiers man a checkpoint on the road leading to Kalbajar")


@pytest.fixture(scope="module")
def seed_corpus():
    folder = shared_path("seed-presstv-karabakh")
    from framelens.corpus.adapters import ADAPTERS

    if "seed" in ADAPTERS:
        corpus = fl.load_corpus(folder)
        assert corpus.outlets == ["Press TV"]
        return corpus
    page = next(folder.glob("*.txt"))  # pragma: no cover - only before the seed adapter existed
    raw = build_corpus([{"doc_id": page.stem, "outlet": "Press TV", "text": page.read_text("utf-8"),
                         "source": str(page)}], name="seed")
    return clean_corpus(raw)


def test_seed_article_loses_exactly_its_header_captions_and_trailer(seed_corpus):
    page = next(shared_path("seed-presstv-karabakh").glob("*.txt"))
    original = page.read_text("utf-8")
    audit = seed_corpus.cleaning
    removed = {(normalise_line(t), r) for t, r in zip(audit["removed_text"], audit["reason"])}
    captions = {t for t, r in removed if r == "caption"}
    assert removed - {(t, "caption") for t in captions} == SEED_NOISE
    assert len(captions) == 2
    assert all(any(c.startswith(s) for c in captions) for s in SEED_CAPTION_STARTS)
    assert any(c.endswith("(AFP photo)") for c in captions) and any(c.endswith("(Photo by AFP)") for c in captions)

    cleaned = seed_corpus.documents["text"].iloc[0]
    kept = [ln for ln in cleaned.split("\n") if ln.strip()]
    story = [ln for ln in original.split("\n") if ln.strip()
             and (normalise_line(ln), "site_chrome") not in SEED_NOISE
             and (normalise_line(ln), "trailer") not in SEED_NOISE
             and normalise_line(ln) not in captions]
    assert kept == story  # every other line, verbatim and in order
    assert kept[0] == "Armenia accuses Azerbaijan of capturing troops despite truce"
    assert len(story) == len([ln for ln in original.split("\n") if ln.strip()]) - 5
    assert any("which Armenians have renamed Stepanakert" in ln for ln in kept)
    assert kept[-1].startswith("Armenia’s National Security Service (NSS) announced last month")
    # lossless: the audit gives the page back byte for byte
    assert restore_text(cleaned, audit) == original
    assert original_text(seed_corpus, seed_corpus.documents["doc_id"].iloc[0]) == original
    with pytest.raises(FramelensError, match="no document"):
        original_text(seed_corpus, "no-such-id")


# ------------------------------------------------------------------------------------------------
# Line rules on single lines
# ------------------------------------------------------------------------------------------------
# a flattened photo gallery is long: longer than the short "Photos: <link>" chrome lines
_GALLERY = "Police block the square as crowds gather near the ministry on the second day of the protests. " * 8


@pytest.mark.parametrize("line, reason", [
    ("Sign up for our newsletter", "site_chrome"),
    ("Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our Privacy "
     "Policy", "site_chrome"),
    ("Click here to get the Fox News app", "site_chrome"),
    ("Follow us on Twitter @CNNOpinion", "site_chrome"),
    ("Related: Ceasefire talks resume in Moscow", "site_chrome"),
    ("Advertisement", "site_chrome"),
    ("Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.", "site_chrome"),
    ("Story continued below", "site_chrome"),
    ("___", "site_chrome"),
    ("A man walks past a shop in the capital on Tuesday. (AFP photo)", "caption"),
    ("Troops stand at a checkpoint near the village. (Photo by AFP)", "caption"),
    ("Migrants walk along the road in Ciudad Hidalgo, Mexico. (Carlos Garcia Rawlins/Reuters)", "caption"),
    ("Image copyright Getty Images Image caption Protesters gathered outside the embassy", "caption"),
    ("FILE PHOTO: A woman walks past the court building, June 3, 2018. REUTERS/Jane Roe", "caption"),
    ("Image copyright Getty Images", "photo_credit"),
    ("Photos: Unrest in the capital Protesters march downtown on Monday. Hide Caption 1 of 12 " + _GALLERY
     + "Hide Caption 2 of 12", "caption"),
    ("Hide Caption 4 of 13 Photos: Victims of the attack " + _GALLERY, "caption"),
    ("Photo: AFP", "photo_credit"),
    ("John Moore/Getty Images", "photo_credit"),
    ("(Photo: Jack Gruber, USA TODAY)", "photo_credit"),
    ("By Jane Doe, CNN", "byline"),
    ("By Jane Doe and John Roe", "byline"),
    ("By JANE DOE | Associated Press", "byline"),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
    ("The Associated Press contributed to this report.", "trailer"),
    ("Contributing: Jane Doe in London", "trailer"),
    ("Write to Jane Doe at jane.doe@example.com", "trailer"),
])
def test_noise_lines_are_removed_with_their_reason(line, reason):
    text = f"{line}\n\nThe talks resumed on Monday after a week of delays, officials said."
    assert _removed(text) == [(normalise_line(line), reason)]


@pytest.mark.parametrize("line", [
    "By the time the convoy arrived, the road had been closed for two days.",
    "By Tuesday, the army had pulled back from the line.",
    "More than 600 people were released on Friday.",
    "Following the attack, the ministry closed the border.",
    "U.S.-Mexico talks resumed on Monday in Washington.",
    "The photographer said the image was taken in the morning.",
    "He said a newsletter sent to members urged them to vote against the plan, which critics called a mistake.",
    "Karabakh is internationally recognized as part of Azerbaijan.",
    "Roberts added:",
    '"We will not give up," she said.',
])
def test_story_lines_are_kept(line):
    text = f"{line}\n\nThe talks resumed on Monday after a week of delays."
    assert _removed(text) == []


def test_breadcrumb_header_is_removed_only_at_the_top():
    body = "\n".join(f"Paragraph {i} of the story goes on for a while, officials said." for i in range(10))
    assert _removed("News / More\n\n" + body) == [("News / More", "site_chrome")]
    assert _removed(body + "\n\nNews / More") == []


def test_trailer_takes_the_short_lines_after_it_and_stops_at_a_long_one():
    text = ("The story ends here, the minister said.\n\n"
            "Press TV’s website can also be accessed at the following alternate addresses:\n\n"
            "www.presstv.co.uk\n\nPress TV News Roku\n\n"
            "This longer line after the trailer is a sentence of more than eight words, so it stays.")
    got = _removed(text)
    assert [r for _, r in got] == ["trailer"] * 3
    assert got[-1][0] == "Press TV News Roku"
    assert clean_text(text)[0].rstrip().endswith("so it stays.")


def test_a_highlights_box_is_removed_up_to_the_first_line_that_reads_like_story():
    text = ("Story highlights Officials say talks will resume next week\n\n"
            "Short bullet: the border stays \"closed\"\n\n"
            "Talks start.\n\n"
            "Another short line without a final stop\n\n"
            "Washington (CNN) The talks resumed on Monday.")
    got = [(t, r) for t, r in _removed(text) if r != "dateline"]
    assert got == [("Story highlights Officials say talks will resume next week", "site_chrome"),
                   ('Short bullet: the border stays "closed"', "site_chrome")]
    assert [r.rule for r in clean_text(text)[1]][:2] == ["cnn_story_highlights"] * 2
    # the box ends at "Talks start." (a sentence): that line and everything after it stay
    cleaned = clean_text(text)[0]
    assert "Talks start." in cleaned and "Another short line without a final stop" in cleaned


def test_trailer_rule_with_an_unknown_reason_is_refused(tmp_path):
    bad = tmp_path / "rules.yml"
    bad.write_text("trailer_rules:\n  - {name: box, reason: banner, pattern: '^Box'}\n", encoding="utf-8")
    with pytest.raises(FramelensError, match="banner"):
        CleaningRules.from_file(bad)


@pytest.mark.parametrize("paragraph, prefix", [
    ("WASHINGTON (Reuters) - President Smith said on Monday that talks would resume.", "WASHINGTON (Reuters) - "),
    ("EL PASO, Texas (Reuters) - The border crossing reopened on Tuesday.", "EL PASO, Texas (Reuters) - "),
    ("Washington (CNN) The Supreme Court appeared divided on Monday.", "Washington (CNN) "),
    ("(CNN) Whenever the group carries out an attack, officials respond.", "(CNN) "),
    ("WASHINGTON—President Smith will lay out changes in a speech.", "WASHINGTON—"),
    ("SAN ANTONIO (AP) — After thousands of families crossed the river, officials responded.",
     "SAN ANTONIO (AP) — "),
])
def test_dateline_prefix_goes_and_the_sentence_stays(paragraph, prefix):
    cleaned, removals = clean_text(paragraph)
    assert [(r.removed_text, r.reason) for r in removals] == [(prefix, "dateline")]
    assert cleaned == paragraph[len(prefix):]


@pytest.mark.parametrize("paragraph", [
    "U.S.-Egyptian exercises would have involved thousands of troops.",
    "FILE - In this June 2014 file photo, two detainees sleep in a holding cell.",
    "Senator Jane Doe (D) said on Monday that the bill would pass.",
    "The Associated Press (AP) reported that the bridge was closed.",
])
def test_not_datelines(paragraph):
    assert [r.reason for r in clean_text(paragraph)[1]] != ["dateline"]


def test_dateline_only_in_the_first_paragraphs():
    paras = [f"Paragraph {i} tells the story at some length, the officials said." for i in range(5)]
    paras.append("WASHINGTON (Reuters) - This late paragraph is not a dateline.")
    assert clean_text("\n\n".join(paras))[1] == []


# ------------------------------------------------------------------------------------------------
# The repeated-line rule
# ------------------------------------------------------------------------------------------------
def _outlet_docs(n: int, extra: dict[int, list[str]]) -> list[tuple[str, str]]:
    docs = []
    for i in range(n):
        lines = [f"Story {i} opens with its own first sentence about event number {i}."]
        lines += extra.get(i, [])
        lines.append(f"Story {i} closes with a different sentence, number {i * 7}.")
        docs.append(("Outlet X", "\n\n".join(lines)))
    return docs


def test_repeated_chrome_goes_but_repeated_story_sentences_and_quotes_stay():
    every = ["Weekend Edition", "The region has been disputed since the war ended in 1994.",
             '"We will not give up," she said.', "Get our app for the latest news."]
    extra = {i: list(every) for i in range(10)}
    extra[0].append("Seen twice only")
    extra[1].append("Seen twice only")
    corpus = clean_corpus(_corpus(_outlet_docs(10, extra)))
    audit = corpus.cleaning
    assert set(audit["removed_text"]) == {"Weekend Edition", "Get our app for the latest news."}
    assert (audit["reason"] == "repeated_line").all()
    assert audit["rule"].iloc[0] == "seen in 10 of 10 documents of Outlet X"
    for text in corpus.documents["text"]:
        assert "The region has been disputed since the war ended in 1994." in text
        assert '"We will not give up," she said.' in text
    assert sum("Seen twice only" in t for t in corpus.documents["text"]) == 2


def test_repetition_is_counted_per_outlet_and_respects_the_share():
    docs = _outlet_docs(10, {i: ["Weekend Edition"] for i in range(3)})
    docs += [("Outlet Y", f"Other story {i} is told in a sentence here.\n\nWeekend Edition") for i in range(2)]
    corpus = _corpus(docs)
    assert set(clean_corpus(corpus).cleaning["doc_id"]) == {"d0", "d1", "d2"}  # 3 of 10 in X; Y has only 2
    # with a 50% share, 3 of 10 is not enough
    assert clean_corpus(corpus, min_repeat_share=0.5).cleaning.empty
    assert clean_corpus(corpus, repeated=False).cleaning.empty


def test_exact_duplicates_do_not_make_a_line_repeated():
    base = "A story line that is the story.\n\nA label line\n\nAnother sentence of the story follows here."
    docs = [("Outlet X", base)] * 3 + [("Outlet X", f"Different story {i} with its own words.") for i in range(3)]
    corpus = _corpus(docs)
    assert (corpus.documents["duplicate_of"] != "").sum() == 2
    assert clean_corpus(corpus).cleaning.empty


def test_single_document_outlets_still_get_the_pattern_rules():
    corpus = clean_corpus(_corpus([("Lonely", "Advertisement\n\nThe one story of this outlet, officials said.")]))
    assert corpus.cleaning[["removed_text", "reason"]].values.tolist() == [["Advertisement", "site_chrome"]]


# ------------------------------------------------------------------------------------------------
# Audit: columns, lossless, idempotent; empty documents become rejects
# ------------------------------------------------------------------------------------------------
LINES = ["Advertisement", "By Jane Doe, CNN", "WASHINGTON (Reuters) - The talks went on.", "Photo: AFP",
         "The ministry said the road was closed.", "", "   ", "News / More", "Sign up for our newsletter",
         "A checkpoint on the road. (Photo by AFP)", "Karabakh is disputed.", "\u00a0Press TV News Roku\r",
         "Press TV’s website can also be accessed at the following alternate addresses:", "“Total collapse.”"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=25))
# found by hypothesis: a dateline used to make later header lines count as story, but not on a second pass
@example(["WASHINGTON (Reuters) - The talks went on."] * 3 + ["0", "News / More"])
def test_the_audit_is_lossless_and_cleaning_is_idempotent(lines):
    text = "\n".join(lines)
    cleaned, removals = clean_text(text)
    assert cleaned.count("\n") == text.count("\n")  # same lines: line numbers stay valid
    assert restore_text(cleaned, removals) == text
    _, more = clean_text(cleaned)
    assert [r for r in more if r.reason != "dateline"] == []  # (a second stacked dateline may go)


def test_cleaning_table_columns_and_line_numbers():
    text = "News / More\n\nArmenia accuses Azerbaijan of capturing troops\n\nA road. (Photo by AFP)\nBody, he said."
    corpus = clean_corpus(_corpus([("Press TV", text)]))
    audit = corpus.cleaning
    assert list(audit.columns) == CLEANING_COLUMNS
    assert audit["line_no"].tolist() == [1, 5]
    lines = text.split("\n")
    assert [lines[n - 1] for n in audit["line_no"]] == audit["removed_text"].tolist()
    assert str(audit["line_no"].dtype) == "int64"


def test_a_document_left_empty_becomes_a_reject_and_the_tally_holds():
    corpus = _corpus([("X", "Advertisement\n\nSign up for our newsletter"), ("X", "A real story, he said.")])
    cleaned = clean_corpus(corpus)
    assert cleaned.documents["doc_id"].tolist() == ["d1"]
    assert cleaned.rejects[["record", "reason"]].values.tolist() == [["1", "empty_text"]]
    assert "nothing left after cleaning" in cleaned.rejects["detail"].iloc[0]
    t = cleaned.tally()
    assert t["seen"] == t["loaded"] + t["rejected"] == 2
    assert set(cleaned.cleaning["doc_id"]) == {"d0"}  # the audit says why


def test_load_corpus_no_clean_keeps_the_text(tmp_path):
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "one.txt").write_text("Advertisement\n\nThe story, he said.", encoding="utf-8")
    assert fl.load_corpus(tmp_path, "txt", clean=False).documents["text"].iloc[0].startswith("Advertisement")
    cleaned = fl.load_corpus(tmp_path, "txt")
    assert cleaned.documents["text"].iloc[0].strip() == "The story, he said."
    assert cleaned.cleaning["reason"].tolist() == ["site_chrome"]


def test_bad_rules_file_names_the_entry(tmp_path):
    bad = tmp_path / "rules.yml"
    bad.write_text("line_rules:\n  - {name: broken, reason: caption, pattern: '(unclosed'}\n", encoding="utf-8")
    with pytest.raises(FramelensError, match=r"line_rules\[0\] \(broken\).*bad regular expression"):
        CleaningRules.from_file(bad)
    bad.write_text("line_rules:\n  - {name: odd, reason: gossip, pattern: 'x'}\n", encoding="utf-8")
    with pytest.raises(FramelensError, match="unknown or unusable reason 'gossip'"):
        CleaningRules.from_file(bad)
    with pytest.raises(FramelensError, match="cannot read cleaning rules"):
        CleaningRules.from_file(tmp_path / "missing.yml")


def test_custom_rules_replace_the_shipped_ones(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("line_rules:\n  - {name: shout, reason: site_chrome, pattern: '^BREAKING$'}\n", encoding="utf-8")
    corpus = _corpus([("X", "BREAKING\n\nAdvertisement\n\nThe story.")])
    assert clean_corpus(corpus, rules=rules).cleaning["removed_text"].tolist() == ["BREAKING"]


# ------------------------------------------------------------------------------------------------
# The demo corpus: the cleaner removes exactly the planted noise
# ------------------------------------------------------------------------------------------------
def test_demo_cleaning_removes_exactly_the_planted_noise(demo_corpus):
    from framelens.demo import demo_noise

    planted = demo_noise()
    audit = demo_corpus.cleaning
    assert sorted(zip(audit["doc_id"], audit["removed_text"], audit["reason"])) == sorted(
        zip(planted["doc_id"], planted["text"], planted["reason"]))
    summary = cleaning_summary(demo_corpus)
    assert set(summary["reason"]) == {"byline", "caption", "dateline", "photo_credit", "repeated_line", "site_chrome"}


# ------------------------------------------------------------------------------------------------
# A real corpus: AllSides (Article-Bias-Prediction subset), 2,864 articles from 110 outlets
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def allsides():
    folder = shared_path("article-bias-prediction-subset")
    raw = fl.load_corpus(folder, clean=False)
    return raw, clean_corpus(raw)


@pytest.mark.shared_data
def test_allsides_boilerplate_found(allsides):
    raw, cleaned = allsides
    audit = cleaned.cleaning
    by_reason = audit.groupby("reason").size()
    # Lower bounds, about 80% of what the shipped rules find today (5,600 lines in 2,864 articles).
    assert len(audit) >= 4500
    for reason, at_least in {"site_chrome": 2700, "caption": 600, "trailer": 350, "dateline": 320,
                             "repeated_line": 120, "photo_credit": 160, "byline": 12}.items():
        assert by_reason.get(reason, 0) >= at_least, reason
    outlets = raw.documents.set_index("doc_id")["outlet"].astype(str)
    audit = audit.assign(outlet=audit["doc_id"].map(outlets), key=audit["removed_text"].map(
        lambda t: normalise_line(t).lower()))

    def docs_with(outlet: str, start: str) -> int:
        sub = audit[(audit["outlet"] == outlet) & audit["key"].str.startswith(start)]
        return sub["doc_id"].nunique()

    assert docs_with("Washington Times", "copyright © 20") >= 300           # of 335 articles
    assert docs_with("Washington Times", "sign up for daily newsletters") >= 280
    assert docs_with("Politico", "story continued below") >= 170           # of 181
    assert docs_with("Christian Science Monitor", "get the monitor stories you care about") >= 140  # of 159
    assert docs_with("Fox News", "the associated press contributed to this report") >= 80
    # the repetition rule finds outlet boilerplate the patterns do not know, in many outlets
    rep = audit[audit["reason"] == "repeated_line"]
    assert rep["outlet"].nunique() >= 8
    assert docs_with("Newsmax", "do you support giving illegals citizenship") >= 4  # a poll pitch, not reporting


@pytest.mark.shared_data
def test_allsides_judged_sample(allsides):
    """A random sample of removals judged by eye (tests/data/clean_allsides_judged.csv: ids and line numbers
    only) stays removed, and the judged story lines (risky look-alikes) stay in the text verbatim."""
    raw, cleaned = allsides
    removed = set(zip(cleaned.cleaning["doc_id"], cleaned.cleaning["line_no"]))
    raw_text = raw.documents.set_index("doc_id")["text"]
    clean_txt = cleaned.documents.set_index("doc_id")["text"]
    with open(DATA / "clean_allsides_judged.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 60
    for row in rows:
        key = (row["doc_id"], int(row["line_no"]))
        if row["verdict"] == "noise":
            assert key in removed, row
        else:
            assert key not in removed, row
            line = raw_text[row["doc_id"]].split("\n")[key[1] - 1]
            assert clean_txt[row["doc_id"]].split("\n")[key[1] - 1] == line


@pytest.mark.shared_data
def test_allsides_repeated_line_removals_never_look_like_story(allsides):
    raw, cleaned = allsides
    rules = CleaningRules.default()
    rep = cleaned.cleaning[cleaned.cleaning["reason"] == "repeated_line"]
    assert len(rep)
    assert all(rules.repeat_candidate(normalise_line(t)) for t in rep["removed_text"])
    assert not any('"' in normalise_line(t) for t in rep["removed_text"])
    # cleaning empties at most a handful of the 2,864 articles (pages that were only noise)
    assert len(raw.documents) - 5 <= len(cleaned.documents) < len(raw.documents) + 1
    assert cleaned.tally()["seen"] == raw.tally()["seen"]
    assert isinstance(cleaning_summary(cleaned), pd.DataFrame)


def test_cleaning_shows_progress_over_the_documents_when_asked(capsys):
    """Nothing showed progress during the 2-minute load of 34,690 articles; cleaning is most of it."""
    import framelens as fl

    raw = fl.load_corpus("demo", clean=False)
    quiet = clean_corpus(raw)
    assert "clean" not in capsys.readouterr().err
    shown = clean_corpus(raw, progress=True)
    assert f"{len(raw.documents)}/{len(raw.documents)}" in capsys.readouterr().err
    pd.testing.assert_frame_equal(shown.documents, quiet.documents)  # the same result either way


def test_column_values_in_batches_are_to_numpys():
    import numpy as np
    import pandas as pd

    from framelens.corpus.model import column_values as _values

    col = pd.Series(["a", None, "b\nc", "", "ü"] * 7, index=range(100, 135), dtype="str")
    for batch in (1, 2, 1024):
        got = list(_values(col, batch))
        want = list(col.to_numpy())
        assert len(got) == len(want) and all(g == w or (g != g and w != w) for g, w in zip(got, want))
        assert [type(g) for g in got] == [type(w) for w in want]
    assert list(_values(col.iloc[:0])) == []
    assert np.asarray(list(_values(pd.Series([1, 2, 3]), 2))).tolist() == [1, 2, 3]
