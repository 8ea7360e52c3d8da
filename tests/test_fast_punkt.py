"""FastPunktSentenceTokenizer must give exactly NLTK Punkt's spans (it is only allowed to be faster)."""
from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings, strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

from conftest import shared_path
from framelens.fast_punkt import FastPunktSentenceTokenizer, FastPunktTrainer

TRAIN = (
    "Dr. Smith met Mr. Jones at 10 a.m. on Jan. 5. They talked. The U.S. said no! Did it? "
    "J. S. Bach wrote it. Gov. Brown (D-Calif.) said \"No.\" Then he left... Really? "
    "The St. Louis team won 3-2. It was the 2nd. time. Sen. Cruz, R-Texas, voted. e.g. this one. "
    "The 1990s were calm. In 1990. the war ended. Lt. Col. Kim spoke. 'Go.' He went.\n\n"
    "A new paragraph. Another one. And the U.N. met in Sept. and Oct. of 2020.\n"
) * 3


@pytest.fixture(scope="module")
def params():
    trainer = PunktTrainer()
    trainer.train(TRAIN, finalize=False)
    trainer.finalize_training()
    p = trainer.get_params()
    p.abbrev_types |= {"dr", "mr", "gov", "sen", "lt", "col", "calif", "u.s", "e.g"}
    return p


def _both(params, text):
    ref = list(PunktSentenceTokenizer(params).span_tokenize(text))
    fast = FastPunktSentenceTokenizer(params)
    got = list(fast.span_tokenize(text))
    again = list(fast.span_tokenize(text))  # second call runs from the memo
    return ref, got, again


@pytest.mark.parametrize("text", [
    "", "   ", "No end", "One. Two.", "Very bad acting!!! I promise.", "(Sent1.) Sent2.",
    "He said \u201cno.\u201d Then left.", "Dr. Smith arrived. J. S. Bach played.",
    "Wait... what? Yes!", "It cost $3.5 million. Then 4. More.", "a. b. c. d.", ". . . Then.",
    "End.\u201d \u2018Start.\u2019 x", "Line one.\nLine two.\n\nPara.", "\tTabbed. text.\x0cform. feed.",
    "U.S. officials said. The U.N. agreed.", "Gov. Brown (D-Calif.) said so. OK.", "--. Then -- ok.",
])
def test_examples_identical(params, text):
    ref, got, again = _both(params, text)
    assert got == ref
    assert again == ref


PIECES = ["Dr.", "Mr.", "U.S.", "J.", "S.", "Bach", "the", "The", "said", "1990.", "3.5", "2nd.", "no",
          "No", "e.g.", "...", "..", ".", "?", "!", "!!", "\"", "\u201c", "\u201d", "'", "(", ")", "--",
          "-", ",", ";", ":", "Sept.", "a.m.", "calif.", "Xankəndi.", "über", "\u00c9tat", "x"]
SEPS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "", "\u00a0", "\x0c", "\r", "\x1c"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPS)), max_size=40))
def test_generated_text_identical(params, parts):
    text = "".join(a + b for a, b in parts)
    ref, got, again = _both(params, text)
    assert got == ref
    assert again == ref


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.?! \n\"')(-,AB1\x1f")), max_size=60))
def test_random_punctuation_identical(params, text):
    ref, got, _ = _both(params, text)
    assert got == ref


@pytest.mark.parametrize("text", ["?\n\x1f 1", "a?\n\x1f b", "Done.\n\x1f Next"])
def test_an_information_separator_after_a_sentence_end_is_decided_as_nltk_does(params, text):
    """Found by the property test below: NLTK's word tokenizer reads U+001F as whitespace, so no
    token follows the "?" and it is no break; the shortcut for "?" said it always is."""
    ref, got, again = _both(params, text)
    assert got == ref and again == ref


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPS)), max_size=40))
def test_pieces_are_split_as_each_piece_alone(params, parts):
    """span_tokenize_pieces looks at the whole text once (its whitespace, its information
    separators) and must still give, piece by piece, NLTK's spans of each piece on its own, shifted:
    here the pieces are the lines, and one line may hold a tab or a separator the others lack."""
    text = "".join(a + b for a, b in parts)
    pieces, pos = [], 0
    for line in text.split("\n"):
        if line:
            pieces.append((pos, pos + len(line)))
        pos += len(line) + 1
    ref_tok = PunktSentenceTokenizer(params)
    ref = [(a + s, a + e) for a, b in pieces for s, e in ref_tok.span_tokenize(text[a:b])]
    assert FastPunktSentenceTokenizer(params).span_tokenize_pieces(text, pieces) == ref


def test_pickles_without_memo(params):
    fast = FastPunktSentenceTokenizer(params)
    text = "Dr. Smith arrived. He sat. The end."
    before = list(fast.span_tokenize(text))
    clone = pickle.loads(pickle.dumps(fast))
    assert clone._memo == {}
    assert list(clone.span_tokenize(text)) == before


@pytest.mark.shared_data
def test_real_news_identical():
    folder = shared_path("article-bias-prediction-subset") / "data" / "jsons"
    files = sorted(folder.glob("*.json"))[:100]
    texts = [json.loads(f.read_text("utf-8"))["content_original"] for f in files]
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train("\n\n".join(texts), finalize=False)
    trainer.finalize_training()
    p = trainer.get_params()
    ref_tok, fast_tok = PunktSentenceTokenizer(p), FastPunktSentenceTokenizer(p)
    n = 0
    for text in texts:
        for para in text.split("\n"):
            if para.strip():
                assert list(fast_tok.span_tokenize(para)) == list(ref_tok.span_tokenize(para)), para[:200]
                n += 1
    assert n > 500


def _trained_state(cls, text: str):
    trainer = cls()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train(text, finalize=False)
    trainer.finalize_training()
    p = trainer.get_params()
    return (sorted(p.abbrev_types), sorted(p.collocations), sorted(p.sent_starters),
            sorted((k, v) for k, v in p.ortho_context.items() if v), dict(trainer._type_fdist),
            trainer._num_period_toks, dict(trainer._sent_starter_fdist), dict(trainer._collocation_fdist),
            trainer._sentbreak_count)


def test_trainer_identical_on_examples():
    assert _trained_state(FastPunktTrainer, TRAIN) == _trained_state(PunktTrainer, TRAIN)
    assert _trained_state(FastPunktTrainer, "") == _trained_state(PunktTrainer, "")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPS)), max_size=120))
def test_trainer_identical_on_generated_text(parts):
    text = "".join(a + b for a, b in parts) * 2
    assert _trained_state(FastPunktTrainer, text) == _trained_state(PunktTrainer, text)


@pytest.mark.shared_data
def test_trainer_identical_on_real_news():
    folder = shared_path("article-bias-prediction-subset") / "data" / "jsons"
    files = sorted(folder.glob("*.json"))[:60]
    text = "\n\n".join(json.loads(f.read_text("utf-8"))["content_original"] for f in files)
    assert _trained_state(FastPunktTrainer, text) == _trained_state(PunktTrainer, text)


def test_the_patterns_copied_from_nltk_are_nltks():
    from nltk.tokenize import punkt as nltk_punkt

    from framelens import fast_punkt

    lang = nltk_punkt.PunktLanguageVars()
    pairs = [(fast_punkt.PERIOD_CONTEXT_RE, lang.period_context_re()),
             (fast_punkt.WORD_TOKENIZER_RE, lang._word_tokenizer_re()),
             (fast_punkt.BOUNDARY_REALIGNMENT_RE, lang.re_boundary_realignment),
             (fast_punkt._RE_NUMERIC, nltk_punkt.PunktToken._RE_NUMERIC),
             (fast_punkt._RE_INITIAL, nltk_punkt.PunktToken._RE_INITIAL)]
    for ours, theirs in pairs:
        theirs = getattr(theirs, "_rx", theirs)  # NLTK's timeout wrapper around a `regex` pattern
        assert type(ours) is type(theirs)
        assert (ours.pattern, ours.flags) == (theirs.pattern, theirs.flags)
    assert fast_punkt.SENT_END_CHARS == lang.sent_end_chars
    assert fast_punkt._PUNCTUATION == frozenset(PunktSentenceTokenizer.PUNCTUATION)
    for name in ("_ORTHO_BEG_UC", "_ORTHO_MID_UC", "_ORTHO_BEG_LC", "_ORTHO_UC", "_ORTHO_LC"):
        assert getattr(fast_punkt, name) == getattr(nltk_punkt, name)


def test_parameters_copied_from_nltks_split_the_same(params):
    from framelens.fast_punkt import PunktParameters

    text = "Dr. Smith arrived. J. S. Bach played. The U.S. said no! Did it? Gov. Brown (D-Calif.) said \"No.\" Then."
    copied = PunktParameters.from_params(params)
    assert list(FastPunktSentenceTokenizer(copied).span_tokenize(text)) == list(
        PunktSentenceTokenizer(params).span_tokenize(text))
    assert FastPunktSentenceTokenizer(copied).tokenize(text) == PunktSentenceTokenizer(params).tokenize(text)
    with pytest.raises(TypeError):
        FastPunktSentenceTokenizer("a text to train on")


@pytest.mark.parametrize("text", ["", "plain text.", "a\x1cb", "x\x1d", "\x1e", "end\x1f", "\x1b\x20 near ones", "“curly” \x1f"])
def test_has_separator_is_the_separator_pattern_search(text):
    from framelens import fast_punkt

    assert fast_punkt._has_separator(text) == (fast_punkt._SEPARATORS_RE.search(text) is not None)
