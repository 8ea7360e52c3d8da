"""framelens.tagger: EWT-style tokens with offsets, the shipped PTB model, its rebuild and its accuracy."""
from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO, shared_path
from framelens.tagger import (LEFT_CONTEXT_TOKENS, RIGHT_CONTEXT_TOKENS, PosTagger, TaggerError,
                              default_tagger, ewt_form, shipped_model_path, tag_span, tokenize)
from framelens.tagger import _LEFT_CHARS, _RIGHT_CHARS, _left_context, _right_context, _tokens_in_context
from framelens.tagger.__main__ import main as cli
from framelens.tagger.conllu import read_conllu

GOLD = REPO / "tests" / "data" / "tagger_news_gold.csv"


def words(text, start=0, end=None):
    return [w for _, _, w in tokenize(text, start, end)]


def tag_of(sentence, word, occurrence=0):
    """Tag of the ``occurrence``-th token ``word`` of a tagged sentence."""
    toks = words(sentence)
    tagged = default_tagger().tag(toks)
    hits = [t for w, t in zip(toks, tagged) if w == word]
    return hits[occurrence]


# ------------------------------------------------------------------ tokenizer
NEWS_CHARS = st.sampled_from(list("abcXYZ019 .,;:!?'\"-$%()/@\n\t") +
                             ["\u2019", "\u2018", "\u201c", "\u201d", "\u2014", "\u2013", "\xa0", "\u2009",
                              "\u200b", "\u2026", "\u2010", "é", "ş", "ə", "n't", "'s", "U.S.", "Mr.", "p.m.",
                              "30,000", "e-mail", "cannot", "www.x.org", "a@b.com"])


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWS_CHARS, max_size=40).map("".join) | st.text(max_size=60),
       st.integers(-5, 70), st.integers(-5, 70) | st.none())
def test_tokens_slice_back_to_themselves_and_cover_every_visible_character(text, start, end):
    tokens = tokenize(text, start, end)
    lo, hi, _ = slice(start, end).indices(len(text))
    last = lo
    for s, e, w in tokens:
        assert text[s:e] == w and w
        assert last <= s < e <= hi
        last = e
    # nothing is lost: the tokens are the window without its spaces (and zero-width characters)
    visible = "".join(c for c in text[lo:hi] if not c.isspace() and c not in "\u200b\u200c\u200d\u2060\ufeff")
    assert "".join(w for _, _, w in tokens) == visible


@settings(max_examples=200, deadline=None)
@given(st.lists(NEWS_CHARS, max_size=40).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_a_window_bounded_by_spaces_has_the_tokens_of_the_whole_text(text, a, b):
    spaces = [0] + [k for k, c in enumerate(text) if c.isspace()] + [len(text)]
    lo, hi = sorted((spaces[a % len(spaces)], spaces[b % len(spaces)]))
    inside = [t for t in tokenize(text) if lo <= t[0] and t[1] <= hi]
    assert tokenize(text, lo, hi) == inside


def test_clitics_split_the_ewt_way_with_straight_and_curly_apostrophes():
    assert words("They don't, can't, won't.") == ["They", "do", "n't", ",", "ca", "n't", ",", "wo", "n't", "."]
    assert words("Trump’s aides say they’re sure it’ll pass; I’m not") == [
        "Trump", "’s", "aides", "say", "they", "’re", "sure", "it", "’ll", "pass", ";", "I", "’m", "not"]
    assert words("He cannot go, gonna stay") == ["He", "can", "not", "go", ",", "gon", "na", "stay"]
    assert words("O'Brien's parents’ rights") == ["O'Brien", "'s", "parents", "’", "rights"]


def test_abbreviations_numbers_urls_and_hyphens():
    assert words("Mr. Smith met Sen. Jones in the U.S. at 5 p.m. on Jan. 3.") == [
        "Mr.", "Smith", "met", "Sen.", "Jones", "in", "the", "U.S.", "at", "5", "p.m.", "on", "Jan.", "3", "."]
    assert words("George W. Bush paid $30,000 (3.5%) on 9/11 at 10:30.") == [
        "George", "W.", "Bush", "paid", "$", "30,000", "(", "3.5", "%", ")", "on", "9/11", "at", "10:30", "."]
    assert words("a so-called non-profit e-mail, U.S.-led") == [
        "a", "so", "-", "called", "non-profit", "e-mail", ",", "U.S.", "-", "led"]
    assert words("See https://example.com/a-b. Or write to a.b@example.org!") == [
        "See", "https://example.com/a-b", ".", "Or", "write", "to", "a.b@example.org", "!"]
    # a period that ends a sentence is not an abbreviation's
    assert words("He said no. Then he left.")[2:4] == ["no", "."]


def test_news_typography_quotes_dashes_and_spaces():
    text = "Critics called it a “witch hunt”\u00a0— and ‘fake’ news\u2026 really"
    assert words(text) == ["Critics", "called", "it", "a", "“", "witch", "hunt", "”", "—", "and", "‘", "fake",
                           "’", "news", "…", "really"]
    assert [ewt_form(w) for w in ["“", "”", "‘", "’s", "n’t", "—", "–", "…", "\u2010"]] == [
        '"', '"', "'", "'s", "n't", "--", "-", "...", "-"]


def test_offsets_refer_to_the_whole_text_in_a_window():
    text = "The senator said the data suggest otherwise."
    i = text.index("data")
    toks = tokenize(text, i, i + len("data suggest"))
    assert toks == [(i, i + 4, "data"), (i + 5, i + 12, "suggest")]
    assert tokenize(text, 0, 0) == [] and tokenize("") == []
    with pytest.raises(TypeError):
        tokenize(b"bytes")


# ------------------------------------------------------------------ tagging decisions
@pytest.mark.parametrize("sentence, word, occurrence, expected", [
    ("They claim the claim is false.", "claim", 0, "VBP"),
    ("They claim the claim is false.", "claim", 1, "NN"),
    ("Critics claimed the move was illegal.", "claimed", 0, "VBD"),
    ("A new report says the economy grew.", "report", 0, "NN"),
    ("The agency reports that prices rose.", "reports", 0, "VBZ"),
    ("A new report says the economy grew.", "says", 0, "VBZ"),
    ("Police say the suspect was arrested.", "say", 0, "VBP"),
    ("Officials issued a warning on Monday.", "warning", 0, "NN"),
    ("The governor vowed to veto the bill.", "vowed", 0, "VBD"),
    ("The president's tweet angered allies.", "tweet", 0, "NN"),
    ("Trump tweeted that the media lied.", "tweeted", 0, "VBD"),
    ("She said the plan was really good.", "really", 0, "RB"),
    ("She said the plan was really good.", "good", 0, "JJ"),
    ("It was truly remarkable.", "remarkable", 0, "JJ"),
    ("The data suggest that the vaccine works.", "suggest", 0, "VBP"),
    ("The senator suggested that the vote be delayed.", "suggested", 0, "VBD"),
    ("The results indicate a decline.", "indicate", 0, "VBP"),
    ("He could lose his seat.", "could", 0, "MD"),
    ("The bill was signed by the governor.", "signed", 0, "VBN"),
    ("The governor signed the bill.", "signed", 0, "VBD"),
    ("The claim was rejected by the court.", "rejected", 0, "VBN"),
])
def test_known_sentences_get_the_decisions_that_matter(sentence, word, occurrence, expected):
    assert tag_of(sentence, word, occurrence) == expected


def test_curly_quotes_are_tagged_by_direction_and_apostrophes_like_straight_ones():
    toks = words("Critics called it a “witch hunt” on Trump’s watch.")
    tagged = dict(zip(toks, default_tagger().tag(toks)))
    assert tagged["“"] == "``" and tagged["”"] == "''"
    assert tagged["’s"] == "POS"
    # the curly and the straight apostrophe give the same tags
    assert default_tagger().tag(words("They don’t claim it")) == default_tagger().tag(words("They don't claim it"))


def test_tag_span_returns_the_tokens_of_the_window_tagged_in_context():
    text = "Officials said on Monday that the claim was false.\nThey claim the claim is false."
    i = text.index("claim")
    tagged = tag_span(text, i, i + len("claim was"))
    assert [(s, e, w) for s, e, w, _ in tagged] == tokenize(text, i, i + len("claim was"))
    assert [t for *_, t in tagged] == ["NN", "VBD"]
    # the context stops at a line break: a window at the start of a line is tagged as a sentence start
    j = text.index("They")
    assert [(w, t) for _, _, w, t in tag_span(text, j, len(text))] == [
        (w, t) for _, _, w, t in tag_span(text[j:], 0)]
    assert tag_span(text, 5, 5) == []


def test_window_context_decides_the_words_at_the_edges():
    text = "Officials said they claim the claim is false."
    i = text.index("claim")
    alone = tag_span(text, i, i + 5, context=False)
    in_context = tag_span(text, i, i + 5)
    assert alone[0][:3] == in_context[0][:3] == (i, i + 5, "claim")
    assert in_context[0][3] == "VBP"  # "they claim": the verb
    assert alone[0][3] == "NN"  # without its subject, "claim" looks like the noun
    assert LEFT_CONTEXT_TOKENS >= 1



#: A sentence end is a token of one of these characters (a set, not the string ".!?": as a substring
#: test the token "!?" passed as an end, which the tagger's context rule does not take it for).
_ONE_CHARACTER_ENDS = frozenset((".", "!", "?"))


def _left_context_reference(text, lo):
    # the context before a window as the tagger defines it, read the slow way: every token of the
    # look-back, the cut word at its limit dropped, then the tokens after the last sentence end
    begin = max(0, lo - _LEFT_CHARS)
    line = text.rfind("\n", begin, lo)
    if line >= 0:
        begin = line + 1
    before = tokenize(text, begin, lo)
    if before and before[0][0] == begin and line < 0 and begin > 0 and not text[begin - 1].isspace():
        before = before[1:]
    ends = [k for k, t in enumerate(before) if t[2] in _ONE_CHARACTER_ENDS]
    if ends:
        before = before[ends[-1] + 1:]
    return before[-LEFT_CONTEXT_TOKENS:]


def _right_context_reference(text, hi):
    stop = min(len(text), hi + _RIGHT_CHARS)
    line = text.find("\n", hi, stop)
    if line >= 0:
        stop = line
    after = tokenize(text, hi, stop)
    if after and after[-1][1] == stop < len(text) and not text[stop].isspace():
        after = after[:-1]
    after = after[:RIGHT_CONTEXT_TOKENS]
    ends = [k for k, t in enumerate(after) if t[2] in _ONE_CHARACTER_ENDS]
    return after[:ends[0] + 1] if ends else after


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWS_CHARS | st.sampled_from(["the ", "said ", ". ", "\n", "   "]), max_size=150).map("".join),
       st.integers(0, 400))
@example("!?", 2)  # found by CI: a token of two sentence-end marks
def test_the_context_of_a_window_is_read_from_the_runs_next_to_it(text, pos):
    # _left_context/_right_context cut only the few runs next to the window; the tokens are those
    # of the whole look-back and look-ahead
    pos = min(pos, len(text))
    assert _left_context(text, pos) == _left_context_reference(text, pos)
    assert _right_context(text, pos) == _right_context_reference(text, pos)


#: Windows whose edges fall inside runs of non-space characters or next to them: clitics, hyphens,
#: quotes, line breaks, sentence ends, no-break, thin and zero-width spaces, the look-back limits.
_EDGE_TEXTS = [
    "They don’t claim the U.S. is “safe.” Officials said so-called e-mail wasn't sent.",
    "Trump’s “fake news”—he said—was \u201cthe claim\u201d.\nThey claim it!? No... (really) [sic]",
    "a\xa0b\u2009c\u200bd\u200b \u200b e\ufefff  g. H. W. Bush, 30,000 at 10:30 p.m. on 9/11.",
    "x" * 90 + " ab cd " + "y" * 70 + " ef. gh ij\n\nkl",
    "cannot gonna can't won't I'm we'll they'd O'Brien's non-profit anti-war co-founder",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWS_CHARS | st.sampled_from(["the ", "said ", ". ", "\n", "   ", "x" * 50]), max_size=150).map("".join)
       | st.sampled_from(_EDGE_TEXTS), st.integers(-5, 400), st.integers(-5, 400) | st.none())
def test_a_window_and_its_context_are_cut_as_the_three_apart(text, start, end):
    # _tokens_in_context tokenises the look-back, the window and the look-ahead together when no
    # run crosses the window's edges: the tokens must be those of the window and of each context alone
    toks, a, i, j, b = _tokens_in_context(text, start, end)
    window = tokenize(text, start, end)
    assert toks[i:j] == window
    if window:
        assert toks[a:i] == _left_context_reference(text, window[0][0])
        assert toks[j:b] == _right_context_reference(text, window[-1][1])
    else:
        assert a == i == j == b


def test_windows_at_every_edge_of_tricky_texts_are_cut_as_the_three_apart():
    for text in _EDGE_TEXTS:
        for start in range(len(text) + 1):
            for end in range(start, min(len(text), start + 25) + 1):
                toks, a, i, j, b = _tokens_in_context(text, start, end)
                window = tokenize(text, start, end)
                assert toks[i:j] == window, (text, start, end)
                if window:
                    assert toks[a:i] == _left_context_reference(text, window[0][0]), (text, start, end)
                    assert toks[j:b] == _right_context_reference(text, window[-1][1]), (text, start, end)


def test_tagging_upto_a_word_gives_the_tags_of_the_whole_sequence_up_to_it():
    tagger = default_tagger()
    toks = words("Officials said they claim the claim is false, warning that it")
    full = tagger.tag(toks)
    for k in range(len(toks) + 2):
        assert tagger.tag(toks, upto=k) == full[:k]

def test_tagging_is_memoised_but_stateless():
    tagger = default_tagger()
    first = tagger.tag(words("The claim that they claim is false."))
    tagger.tag(words("Claims were made, and they were claimed."))
    assert tagger.tag(words("The claim that they claim is false.")) == first
    assert tagger.tag([]) == []
    with pytest.raises(TaggerError, match="empty string"):
        tagger.tag(["a", ""])


# ------------------------------------------------------------------ model file
def test_shipped_model_is_small_gzip_json_with_its_licence_notice():
    path = shipped_model_path()
    raw = path.read_bytes()
    assert len(raw) < 1_900_000, "the committed model must stay under 1.9 MB"
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\x00\x00\x00\x00", "gzip with mtime 0"
    doc = json.loads(gzip.decompress(raw))
    assert doc["format"] == "framelens-pos-averaged-perceptron"
    assert {"NN", "NNS", "NNP", "VB", "VBD", "VBN", "VBZ", "VBG", "VBP", "JJ", "RB", "IN", "DT", "PRP",
            "MD"} <= set(doc["tags"])
    assert "CC BY-SA 4.0" in doc["licence"]
    notice = (path.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice and "English Web Treebank" in notice and "ShareAlike" in notice
    assert "Attribution-ShareAlike 4.0" in (path.parent / "LICENSE-CC-BY-SA-4.0.txt").read_text(encoding="utf-8")
    import tomllib

    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["framelens"]
    assert {"tagger/pos_model.json.gz", "tagger/NOTICE.md", "tagger/LICENSE-CC-BY-SA-4.0.txt"} <= set(data)


def test_model_loads_and_tags_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the tagger tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    tagger = PosTagger.load_default()
    assert tagger.tag(["They", "claim", "it"]) == ["PRP", "VBP", "PRP"]


def test_importing_framelens_does_not_load_the_model():
    code = ("import sys, framelens; assert 'framelens.tagger' not in sys.modules; "
            "import framelens.tagger as t; assert t._default is None; "
            "t.default_tagger(); assert t._default is t.default_tagger(); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "analysis")})
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_bad_model_files_raise_a_clear_error(tmp_path):
    with pytest.raises(TaggerError, match="cannot read"):
        PosTagger.load(tmp_path / "missing.json.gz")
    (tmp_path / "x.json.gz").write_bytes(b"\x80\x04\x95 not json")  # e.g. a pickle
    with pytest.raises(TaggerError, match="not a gzip/JSON model"):
        PosTagger.load(tmp_path / "x.json.gz")
    (tmp_path / "y.json").write_text('{"format": "something-else"}')
    with pytest.raises(TaggerError, match="framelens-pos-averaged-perceptron"):
        PosTagger.load(tmp_path / "y.json")
    with pytest.raises(TaggerError, match="no model yet"):
        PosTagger().tag(["a"])


# ------------------------------------------------------------------ training
TOY = [
    [("They", "PRP"), ("claim", "VBP"), ("the", "DT"), ("claim", "NN"), ("is", "VBZ"), ("false", "JJ"), (".", ".")],
    [("The", "DT"), ("report", "NN"), ("says", "VBZ"), ("prices", "NNS"), ("rose", "VBD"), (".", ".")],
    [("She", "PRP"), ("reports", "VBZ"), ("that", "IN"), ("it", "PRP"), ("was", "VBD"), ("signed", "VBN"),
     ("by", "IN"), ("him", "PRP"), (".", ".")],
    [("He", "PRP"), ("was", "VBD"), ("really", "RB"), ("good", "JJ"), (".", ".")],
] * 5


def test_training_is_deterministic_and_learns_the_training_sentences():
    a = PosTagger(iterations=3, seed=1).fit(TOY)
    b = PosTagger(iterations=3, seed=1).fit(TOY)
    assert a.to_json_bytes() == b.to_json_bytes()
    for sentence in TOY[:4]:
        assert a.tag([w for w, _ in sentence]) == [t for _, t in sentence]
    # the seed matters to the shuffles, so another seed may give other weights, never another format
    c = PosTagger(iterations=3, seed=2).fit(TOY)
    assert json.loads(gzip.decompress(c.to_json_bytes()))["tags"] == a.classes_


def test_a_saved_model_tags_like_the_fitted_one(tmp_path):
    fitted = PosTagger(iterations=2, seed=3, weight_step=0.25).fit(TOY)
    path = fitted.save(tmp_path / "m.json.gz")
    loaded = PosTagger.load(path)
    for sentence in TOY[:4]:
        ws = [w for w, _ in sentence]
        assert loaded.tag(ws) == fitted.tag(ws)
    assert loaded.get_params() == fitted.get_params()
    with pytest.raises(TaggerError, match="no training sentences"):
        PosTagger().fit([])


# ------------------------------------------------------------------ CoNLL-U
CONLLU = """# sent_id = 1
# text = I don't know.
1	I	I	PRON	PRP	_	3	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	knows	know	VERB	VBZ	_	_	_	4:conj	_
5	.	.	PUNCT	.	_	4	punct	_	_

1	Yes	yes	INTJ	UH	_	0	root	_	_
"""


def test_conllu_reader_skips_multiword_tokens_and_empty_nodes(tmp_path):
    path = tmp_path / "t.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    assert read_conllu(path) == [[("I", "PRP"), ("do", "VBP"), ("n't", "RB"), ("know", "VB"), (".", ".")],
                                 [("Yes", "UH")]]


def test_conllu_reader_names_the_file_and_line_of_a_bad_line(tmp_path):
    path = tmp_path / "bad.conllu"
    path.write_text(CONLLU.replace("1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_", "1 Yes yes INTJ UH"), encoding="utf-8")
    with pytest.raises(TaggerError, match=r"bad\.conllu:11: a word line needs 10"):
        read_conllu(path)
    path.write_text(CONLLU.replace("\tUH\t", "\t_\t"), encoding="utf-8")
    with pytest.raises(TaggerError, match=r"bad\.conllu:11: .*no XPOS"):
        read_conllu(path)
    with pytest.raises(TaggerError, match="no such CoNLL-U file"):
        read_conllu(tmp_path / "missing.conllu")


FORMS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=6)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.tuples(FORMS, st.sampled_from(["NN", "VB", "JJ", "."])), min_size=1, max_size=5),
                min_size=1, max_size=4))
def test_conllu_reader_reads_back_what_was_written(tmp_path_factory, sentences):
    lines = []
    for s in sentences:
        lines.append("# sent_id = x")
        for k, (form, tag) in enumerate(s, start=1):
            lines.append(f"{k}\t{form}\t_\tX\t{tag}\t_\t0\tdep\t_\t_")
        lines.append("")
    path = tmp_path_factory.mktemp("c") / "h.conllu"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_conllu(path) == [list(s) for s in sentences]


# ------------------------------------------------------------------ command line
def test_cli_help_reads_as_a_manual():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0 and "CC BY-SA 4.0" in top.output and "train --treebank" in top.output
    for name, command in cli.commands.items():
        res = runner.invoke(cli, [name, "--help"])
        assert res.exit_code == 0, name
        assert command.help and len(command.help.strip()) > 60, name
        assert name in top.output


def test_cli_trains_evaluates_and_tags_a_small_treebank(tmp_path):
    tb = tmp_path / "ewt"
    tb.mkdir()
    for name in ("en_ewt-ud-train.conllu", "en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"):
        (tb / name).write_text(CONLLU, encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "m.json.gz"
    res = runner.invoke(cli, ["train", "--treebank", str(tb), "--out", str(out), "--iterations", "2"])
    assert res.exit_code == 0, res.output
    first = out.read_bytes()
    assert runner.invoke(cli, ["train", "--treebank", str(tb), "--out", str(out), "--iterations", "2"]).exit_code == 0
    assert out.read_bytes() == first
    res = runner.invoke(cli, ["evaluate", "--treebank", str(tb), "--model", str(out)])
    assert res.exit_code == 0 and "accuracy 1.0000" in res.output, res.output
    res = runner.invoke(cli, ["tag", "They claim the claim is false."])
    assert res.exit_code == 0 and "claim/VBP" in res.output and "claim/NN" in res.output
    res = runner.invoke(cli, ["train", "--treebank", str(tmp_path / "nowhere"), "--out", str(out)])
    assert res.exit_code == 2 and "no such treebank folder" in res.output and "Fix:" in res.output


# ------------------------------------------------------------------ accuracy on real data
@pytest.mark.shared_data
def test_accuracy_on_the_ewt_test_split_stays_above_its_floor():
    from framelens.tagger.conllu import read_ewt_split

    tagger = default_tagger()
    for split, floor in (("dev", 0.935), ("test", 0.940)):  # measured 0.9407 and 0.9468
        sentences = read_ewt_split(shared_path("ud-english-ewt"), split)
        correct = total = 0
        for s in sentences:
            predicted = tagger.tag([w for w, _ in s])
            correct += sum(p == t for p, (_, t) in zip(predicted, s))
            total += len(s)
        assert correct / total >= floor, (split, correct / total)


@pytest.mark.shared_data
@pytest.mark.slow
def test_training_on_ewt_rebuilds_the_shipped_model_byte_for_byte(tmp_path):
    treebank = shared_path("ud-english-ewt")
    out = tmp_path / "rebuilt.json.gz"
    res = CliRunner().invoke(cli, ["train", "--treebank", str(treebank), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == shipped_model_path().read_bytes(), (
        "the shipped model is not what `python -m framelens.tagger train` makes: rebuild and commit it")


@pytest.mark.shared_data
def test_training_on_an_ewt_slice_is_deterministic():
    from framelens.tagger.conllu import read_ewt_split

    sentences = read_ewt_split(shared_path("ud-english-ewt"), "train")[:400]
    a = PosTagger(iterations=2).fit(sentences).to_json_bytes()
    b = PosTagger(iterations=2).fit(sentences).to_json_bytes()
    assert a == b


@pytest.mark.shared_data
def test_accuracy_on_hand_tagged_news_windows_stays_above_its_floor():
    from framelens.tagger.news_gold import CORPORA, read_gold, score_gold, summarize_scores

    gold = read_gold(GOLD)
    for corpus in CORPORA:
        shared_path(corpus)
    scores = score_gold(gold, shared_path())
    summary = summarize_scores(scores).set_index("subset")
    assert len(gold) >= 250 and gold["corpus"].nunique() >= 4
    assert scores["found"].all(), scores[~scores["found"]]
    assert summary.loc["all tokens", "window_accuracy"] >= NEWS_FLOOR_ALL
    assert summary.loc["cue tokens", "window_accuracy"] >= NEWS_FLOOR_CUES


# Floors a little below what was measured (0.937 on 285 tokens, 0.893 on 84 cue tokens; docs/tagger.md).
NEWS_FLOOR_ALL = 0.92
NEWS_FLOOR_CUES = 0.86
