"""Sentences and words, offline.

Sentences: paragraphs are split on line breaks, then NLTK's Punkt splits each paragraph. Punkt is
trained on the corpus being analysed (no downloaded model), seeded with the abbreviation list in
``framelens/data/abbreviations.txt`` and with a short list of closed-class sentence starters
(:data:`SEED_SENTENCE_STARTERS`: pronouns, determiners, conjunctions). The starters are how Punkt
decides that an abbreviation also ends a sentence: "at 5 p.m. He left" splits after "p.m." because
"He" is a seeded starter, while "U.S. Rep. Ilhan Omar" does not split, because neither "Rep" nor
"Ilhan" is one.

Training costs about a CPU second per million characters, so the learned parameters are cached on
disk, keyed by a hash of the training text (:func:`trained_punkt_parameters`): a corpus seen before
gets the same parameters without training.

Titles and initials do not end sentences. Punkt trained on news still splits after a title or an
initial when the word after it often starts sentences or has been seen in lower case ("Mr. |
Trump", "Donald J. | Trump": about 200 "Mr." splits in PAC, 135 in NewsWCL50), which also cuts the
source of a quote down to "Trump"; and a scraped line break can fall between a title and its name
("Sen.\nAmy Klobuchar"). So, after Punkt, a sentence that ends in a title abbreviation
(:data:`NAME_TITLES`: Mr., Mrs., Sen., Gov., Gen., Rev., St. ...; in tokenised text "Sen .") or an
initial (one capital letter standing as a word: "George W.", not "ISIS-K.", "R&D." or "U.S."; the
pronoun and numeral *I* is no initial) is joined with the next one, unless a blank line separates them or the next one starts
with a capitalised seeded starter ("on Main St. | The shop", "goes by Ahmed A. | He lives"). Other
abbreviations (U.S., p.m., Inc., Jr.) can end a sentence and are left to Punkt. The join is a
linear post-pass over Punkt's spans (:func:`join_after_name_prefixes`): the tokenizer itself stays
exactly NLTK's.

Bounded sentences: a "sentence" longer than :data:`MAX_SENTENCE_CHARS` characters is not prose but
unpunctuated text (a list, a transcript, a scraped table); it is cut at whitespace into pieces of at
most that length (never right after a title or an initial), so that every per-sentence step
downstream stays linear in the document length.

Words: one definition serves every count and every rate in framelens. A *word* is a maximal run of
letters or digits (any script, diacritics included), with internal hyphens or apostrophes joining
runs: ``Nagorno-Karabakh``, ``Azerbaijan's``, ``Xankəndi``, ``19th-century`` are one word each;
punctuation and numbers' separators (``30,000`` is two words) are not words. See :data:`WORD_RE`.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

log = logging.getLogger(__name__)

# NLTK is imported only to train Punkt on a text whose parameters are not cached: ``import nltk``
# costs seconds (it pulls in scipy), which every ``framelens`` command would otherwise pay.

#: The definition of a word (see module docstring).
WORD_RE = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
_PARA_RE = re.compile(r"[^\n]+")

#: Longest sentence, in characters; longer runs are cut at whitespace (see module docstring).
MAX_SENTENCE_CHARS = 3000

#: Words that, capitalised after an abbreviation, start a new sentence ("at 5 p.m. He left").
#: Closed-class words only: none of them follows a title abbreviation (Mr., Rep., Gen.) in news.
SEED_SENTENCE_STARTERS = frozenset("""
he she it they we you there this that these those the his her its their our my your
but and however meanwhile then when while after before since although though if so yet still
in on at as for from by with during under earlier later instead also
""".split())


#: Title abbreviations (without the period) always followed by a name: no sentence ends in one.
#: Matched as written, capitalised or in capitals (``Mr.``, ``MR.``).
NAME_TITLES = frozenset("""
Mr Mrs Ms Messrs Mmes Dr Drs Prof Profs Sen Sens Rep Reps Gov Govs Lt Gen Gens Col Cols Maj Capt
Sgt Cpl Pvt Spc Adm Cmdr Cdr Comdr Brig Pres Atty Supt Det Insp Rev Msgr Hon Amb St
""".split())

# ends_in_name_prefix: title abbreviations as written, capital initials (not I)
_TITLE_FORMS = NAME_TITLES | {t.upper() for t in NAME_TITLES}
_INITIALS = frozenset("ABCDEFGHJKLMNOPQRSTUVWXYZ")
_BEFORE_A_WORD = "([{\"'“‘«—–"  # may stand right before a title without a space ("“Rep.", "color—Reps.")
_NAME_PREFIX_TAIL = 2 + max(len(t) for t in NAME_TITLES)  # the longest title, an opening mark, the period


def count_words(text: str) -> int:
    """Number of words in ``text`` by :data:`WORD_RE`.

    Counted without a regular-expression pass where possible (about 4x faster, same count): every
    character is mapped to its class for WORD_RE (letter or digit ``a``, joiner ``j``, other
    ``' '``), and words are runs of ``a`` minus the joiners that link two runs. Texts with many
    non-ASCII characters are counted with WORD_RE itself.
    """
    if not text:
        return 0
    if not text.isascii():
        for a, b in _COMMON_NON_ASCII:
            if a in text:
                text = text.replace(a, b)
        if not text.isascii():
            extra = len(text.encode("utf-8", "surrogatepass")) - len(text)
            if extra * 8 > len(text):
                return len(WORD_RE.findall(text))
            text = _NON_ASCII_RE.sub(_ascii_class_of, text)
    b = text.encode("ascii").translate(_WORD_CLASS)
    runs = b.count(b" a") + b.count(b"ja") + (b[:1] == b"a")
    links = b.count(b"aj") - b.count(b"ajj") - b.count(b"aj ") - b.endswith(b"aj")
    return runs - links


# count_words: the class of each ASCII character for WORD_RE: a = [^\W_], j = joiner, space = other
_WORD_CLASS = bytes(ord("a") if chr(c).isalnum() else ord("j") if chr(c) in "'-" else ord(" ")
                    for c in range(128)) + b" " * 128
# frequent non-ASCII characters in news, replaced by an ASCII character of the same class
_COMMON_NON_ASCII = (("\u2019", "'"), ("\u2018", " "), ("\u201c", " "), ("\u201d", " "), ("\u2014", " "),
                     ("\u2013", " "), ("\xa0", " "), ("\u2026", " "))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=None)
def _ascii_class(c: str) -> str:
    # WORD_RE's [^\W_] is str.isalnum() for a non-ASCII character; its non-ASCII joiners are ’ and ‐
    if c.isalnum():
        return "a"
    return "'" if c in "\u2019\u2010" else " "


def _ascii_class_of(m: re.Match) -> str:
    return _ascii_class(m.group())


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of every word in ``text``."""
    return [m.span() for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=1)
def seed_abbreviations() -> frozenset[str]:
    raw = resources.files("framelens.data").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in raw.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


class SentenceSplitter:
    """Punkt sentence splitter trained on the corpus at hand, seeded with shipped abbreviations.

    Parameters
    ----------
    max_train_chars : int, default 1_000_000
        At most this many characters of the corpus are used for training (a deterministic prefix
        sample: the first documents in order), which bounds training time on big corpora (Punkt
        trains at roughly 0.1-0.2 MB/s; a million characters, about 170,000 words, is plenty to
        learn a corpus's abbreviations).

    Attributes
    ----------
    tokenizer_ : framelens.fast_punkt.FastPunktSentenceTokenizer
        Punkt with NLTK's spans (its parameters in ``tokenizer_._params``).
    abbreviations_ : frozenset of str
        Seeded plus learned abbreviations.
    """

    def __init__(self, max_train_chars: int = 1_000_000):
        self.max_train_chars = max_train_chars

    def fit(self, texts: Iterable[str]) -> "SentenceSplitter":
        """Train Punkt on (a prefix sample of) ``texts`` and add the seeds; returns ``self``."""
        chunk = training_sample(texts, self.max_train_chars)
        params = trained_punkt_parameters("\n\n".join(chunk))
        params.abbrev_types = set(params.abbrev_types) | set(seed_abbreviations())
        params.sent_starters = set(params.sent_starters) | set(SEED_SENTENCE_STARTERS)
        from framelens.fast_punkt import FastPunktSentenceTokenizer

        self.tokenizer_ = FastPunktSentenceTokenizer(params)
        self.abbreviations_ = frozenset(params.abbrev_types)
        return self

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans of ``text``, in order.

        Every line is split by Punkt (blank lines are dropped); a sentence ending in a title or an
        initial is joined with the next; sentences longer than :data:`MAX_SENTENCE_CHARS` are cut at
        whitespace (see the module docstring).
        """
        tok = getattr(self, "tokenizer_", None)
        if tok is None:
            self.fit([text])
            tok = self.tokenizer_
        pieces: list[tuple[int, int]] = []  # the non-blank lines, long ones in chunks
        for para in _PARA_RE.finditer(text):
            segment = para.group()
            if segment.isspace():
                continue
            p0, p1 = para.span()
            if p1 - p0 <= _CHUNK_CHARS:
                pieces.append((p0, p1))
            else:
                pieces.extend((p0 + c0, p0 + c1) for c0, c1 in _chunks(segment))
        punkt = tok.span_tokenize_pieces(text, pieces)
        joined = join_after_name_prefixes(text, punkt)
        if all(e - s <= MAX_SENTENCE_CHARS for s, e in joined):
            return joined
        out: list[tuple[int, int]] = []
        for s, e in joined:
            if e - s > MAX_SENTENCE_CHARS:
                out.extend(_cut_long(text, s, e))
            else:
                out.append((s, e))
        return out


def _train_punkt(train_text: str):
    """Punkt's parameters learned from ``train_text`` (no seeds), as NLTK's trainer learns them."""
    from framelens.fast_punkt import PunktParameters
    from framelens.punkt_training import FastPunktTrainer  # NLTK's PunktTrainer, same parameters, faster

    trainer = FastPunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    if train_text:
        trainer.train(train_text, finalize=False)
    trainer.finalize_training()
    return PunktParameters.from_params(trainer.get_params())


def punkt_cache_key(train_text: str) -> str:
    """Key of the trained parameters of ``train_text``: a hash of the text, the framelens version,
    the NLTK version and the trainer's source (so that a change to any of them trains again)."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from framelens import __version__

    try:
        nltk_version = version("nltk")
    except PackageNotFoundError:  # pragma: no cover - nltk is a dependency
        nltk_version = ""
    h = hashlib.blake2b(digest_size=16)
    package = resources.files("framelens")
    for part in (__version__.encode(), nltk_version.encode(), package.joinpath("punkt_training.py").read_bytes(),
                 package.joinpath("fast_punkt.py").read_bytes(), train_text.encode("utf-8", "surrogatepass")):
        h.update(hashlib.blake2b(part, digest_size=16).digest())
    return h.hexdigest()


def trained_punkt_parameters(train_text: str):
    """Punkt's parameters for ``train_text``, read from the cache when it was trained on before.

    Training a million characters costs about a CPU second per process, and importing NLTK to train
    about 2.5 more (:mod:`framelens.fast_punkt` splits sentences without it); the learned parameters
    (abbreviations, collocations, sentence starters, orthographic contexts) are a pure function of
    the text and the trainer, so they are kept as JSON in ``<cache dir>/punkt/<key>.json``
    (:func:`framelens.cache.default_cache_dir`, key :func:`punkt_cache_key`) and read back as the
    same parameters. An entry that cannot be read or does not hold its key is trained again and
    replaced; a cache that cannot be written is skipped (logged), never an error.
    """
    if not train_text:
        return _train_punkt(train_text)
    import json
    import os
    import tempfile
    from collections import defaultdict
    from pathlib import Path

    from framelens.cache import default_cache_dir

    key = punkt_cache_key(train_text)
    path = Path(default_cache_dir()) / "punkt" / f"{key}.json"
    try:
        entry = json.loads(path.read_text("utf-8"))
        if entry.get("key") != key:
            raise ValueError("the entry holds another key")
        from framelens.fast_punkt import PunktParameters

        params = PunktParameters()
        params.abbrev_types = set(entry["abbrev_types"])
        params.collocations = {tuple(pair) for pair in entry["collocations"]}
        params.sent_starters = set(entry["sent_starters"])
        params.ortho_context = defaultdict(int, {k: int(v) for k, v in entry["ortho_context"]})
        log.debug("Punkt parameters read from %s", path)
        return params
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("Punkt cache entry %s unusable (%s); training again", path, exc)
    params = _train_punkt(train_text)
    entry = {"key": key, "abbrev_types": sorted(params.abbrev_types),
             "collocations": sorted(list(pair) for pair in params.collocations),
             "sent_starters": sorted(params.sent_starters),
             "ortho_context": sorted([k, v] for k, v in params.ortho_context.items())}
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entry, f)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        log.info("cannot write the Punkt cache entry %s (%s); going on without it", path, exc)
    return params


def ends_in_name_prefix(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` end in a title abbreviation or an initial ("Mr.", "Sen.", "W.")?

    Titles are :data:`NAME_TITLES`; an initial is one capital letter other than *I* with a period,
    standing as a word (after whitespace, an opening bracket, quotation mark or dash, or at
    ``start``): "George W." ends in an initial, "ISIS-K.", "U.S." and "R&D." do not. The period
    may follow after a space, as in tokenised text ("said Sen . Cruz").
    """
    if end - start < 2 or text[end - 1] != ".":
        return False
    # The answer depends on the last _NAME_PREFIX_TAIL characters only, and sentence ends repeat
    # ("said.", "Mr."): it is memoised per tail.
    tail = text[max(start, end - _NAME_PREFIX_TAIL):end]
    found = _NAME_PREFIX_MEMO.get(tail)
    if found is None:
        if len(_NAME_PREFIX_MEMO) >= _NAME_PREFIX_MEMO_LIMIT:
            _NAME_PREFIX_MEMO.clear()
        found = _NAME_PREFIX_MEMO[tail] = _tail_ends_in_name_prefix(tail)
    return found


#: Tails already judged by ends_in_name_prefix (cleared when full, to bound memory).
_NAME_PREFIX_MEMO: dict[str, bool] = {}
_NAME_PREFIX_MEMO_LIMIT = 100_000


def _tail_ends_in_name_prefix(tail: str) -> bool:
    """:func:`ends_in_name_prefix` of the tail of a sentence (at most ``_NAME_PREFIX_TAIL``
    characters, ending in the period)."""
    # the last word before the period, after whitespace, a dash or opening marks; a word longer
    # than the window is cut, and then cannot be a title (every title is shorter than the window)
    last = tail[:-1].rsplit(None, 1)
    if not last:
        return False
    word = last[-1]
    for mark in _BEFORE_A_WORD:
        if mark in word:
            word = word.rpartition(mark)[2]
    return word in _TITLE_FORMS or word in _INITIALS


def join_after_name_prefixes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join every sentence that ends in a title or an initial with the sentence after it.

    Parameters
    ----------
    text : str
    spans : list of (int, int)
        Sentence spans of ``text`` in order (Punkt's).

    Returns
    -------
    list of (int, int)
        The spans with each such sentence merged into the next one, unless a blank line separates
        them or the next one starts with a capitalised word of :data:`SEED_SENTENCE_STARTERS`
        ("... on Main St. The ..."). Linear in the length of ``text``.
    """
    out: list[tuple[int, int]] = []
    join = False
    for s, e in spans:
        if join and _may_join(text, out[-1][1], s):
            s = out[-1][0]
            out[-1] = (s, e)
        else:
            out.append((s, e))
        join = text[e - 1] == "." and ends_in_name_prefix(text, s, e)
    return out


_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


def _may_join(text: str, end: int, next_start: int) -> bool:
    """May the sentence ending at ``end`` be joined with the one starting at ``next_start``?"""
    if _BLANK_LINE_RE.search(text, end, next_start):
        return False
    word = WORD_RE.search(text, next_start, next_start + 40)
    return word is None or not (word.group()[0].isupper() and word.group().lower() in SEED_SENTENCE_STARTERS)


#: Paragraphs longer than this are handed to Punkt in pieces (cut after sentence punctuation
#: followed by a space, else at a space), which keeps Punkt's regular expressions within NLTK's
#: time guard and memory small on multi-megabyte single-paragraph documents.
_CHUNK_CHARS = 100_000
_CHUNK_CUT_RE = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _chunks(segment: str) -> list[tuple[int, int]]:
    n = len(segment)
    if n <= _CHUNK_CHARS:
        return [(0, n)]
    out = []
    start = 0
    while n - start > _CHUNK_CHARS:
        limit = start + _CHUNK_CHARS
        m = None
        for m in _CHUNK_CUT_RE.finditer(segment, limit - _CHUNK_CHARS // 4, limit):
            pass
        if m is not None:
            cut = m.end()
        else:
            cut = segment.rfind(" ", start + 1, limit)
            if cut <= start:
                cut = limit
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at whitespace into pieces of at most MAX_SENTENCE_CHARS characters,
    never right after a title or an initial."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        while cut > start and ends_in_name_prefix(text, start, cut):
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, cut)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def training_sample(texts: Iterable[str], max_chars: int = 1_000_000) -> list[str]:
    """The deterministic prefix sample of ``texts`` a splitter is trained on (first documents in order)."""
    budget = max_chars
    chunk: list[str] = []
    for t in texts:
        if budget <= 0:
            break
        t = t[:budget]
        chunk.append(t)
        budget -= len(t)
    return chunk


_SPLITTER_CACHE: dict[str, "SentenceSplitter"] = {}


def splitter_for(texts: Iterable[str], max_train_chars: int = 1_000_000) -> "SentenceSplitter":
    """A :class:`SentenceSplitter` trained on ``texts``, cached by the content of its training sample.

    Extraction, document features and the vectorizer all call this, so one corpus is trained on once.
    """
    import hashlib

    sample = training_sample((t or "" for t in texts), max_train_chars)
    h = hashlib.sha1()
    for t in sample:
        h.update(t.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    key = f"{max_train_chars}:{h.hexdigest()}"
    sp = _SPLITTER_CACHE.get(key)
    if sp is None:
        sp = SentenceSplitter(max_train_chars).fit(sample)
        if len(_SPLITTER_CACHE) >= 8:
            _SPLITTER_CACHE.pop(next(iter(_SPLITTER_CACHE)))
        _SPLITTER_CACHE[key] = sp
    return sp


@lru_cache(maxsize=1)
def default_splitter() -> SentenceSplitter:
    """A splitter with only the seed abbreviations (for single texts, when no corpus is at hand)."""
    return SentenceSplitter().fit([])


def sentence_spans(text: str, splitter: SentenceSplitter | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (with ``splitter``, or the seed-only default)."""
    return (splitter or default_splitter()).spans(text)
