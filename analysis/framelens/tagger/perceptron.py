"""A greedy averaged-perceptron part-of-speech tagger (Penn Treebank tags), trained on UD English EWT.

The model
---------
The design of NLTK's ``PerceptronTagger`` (Honnibal's averaged perceptron): words are tagged left to
right, each by the highest-scoring tag under a linear model of sparse features, and frequent words
that the treebank always tags the same way are looked up in a tag dictionary instead. The features
(:meth:`PosTagger.static_features`, :meth:`PosTagger.tag_features`) are NLTK's (the word, its suffix and first letter, the two words on
either side, the two previous tags, the previous tag with the word) plus what measured better on
the EWT dev split: suffixes of one to four letters, a three-letter prefix, the word's shape
(``Xx``, ``X.X.``, ``d,d``), the shapes of its neighbours, the shape of a sentence-initial word,
the previous tag with the next word, and the *ambiguity class* of the word and of the next two
words (the tags the treebank gives a word, e.g. ``NN|VB|VBP`` for *claim*): a cheap look at the
right context, which a left-to-right tagger cannot see tagged.

Training (:meth:`PosTagger.fit`) runs on integer weights (updates are +1/-1, and the running sums
for averaging are integers), over sentences shuffled by a seeded generator, so the same treebank
and parameters give the same model on any machine. The averaged weights are then rounded to
multiples of ``weight_step`` and stored as integers; weights that round to zero are dropped, which
is what keeps the shipped model small.

Tagging
-------
Pure Python (with one numpy call per word), and fast because the score vector of a feature (one
integer weight per tag) is packed into a single Python ``int``, 16 bits per tag for the shipped
model: adding two packed ints adds all 49 scores at once, and the best tag is the largest field of
the sum (:meth:`PosTagger._packed`). :meth:`PosTagger.tag` adds, per word, a few memoised packed
vectors (the word's own features, those of each of the two words on either side, those of the two
previous tags) and the packed vectors of the features that pair a tag or a neighbour with the word,
then unpacks the sum once. Curly quotes are tagged by their direction (“ ‘ are ````, ” is ``''``), which
EWT, written mostly with straight quotes, cannot teach.

The model file
--------------
JSON, gzip-compressed with a zero timestamp (``.json.gz``), keys sorted: no pickle, and a rebuild
from the same treebank is byte-identical. See :meth:`PosTagger.save` for the fields.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from framelens.tagger.errors import TaggerError
from framelens.tagger.tokens import ewt_form

log = logging.getLogger(__name__)

#: Identifies the model file format; bump :data:`FORMAT_VERSION` when the features change.
FORMAT_NAME = "framelens-pos-averaged-perceptron"
FORMAT_VERSION = 1

_START = ("-S1-", "-S2-")  # context before the first word (and the "previous tags" there)
_END = ("-E1-", "-E2-")
_DIGITS = str.maketrans("123456789", "000000000")
# Curly quotes have a direction that the straight quote EWT mostly uses has not.
_QUOTE_TAGS = {"\u201c": "``", "\u2018": "``", "\u201d": "''", "\u201e": "``"}
_MEMO_LIMIT = 200_000  # memoised words per cache; cleared when full (bounds memory on huge corpora)
_SHAPES: dict[str, str] = {}  # word -> word_shape(word)
# Places in a token's entry (PosTagger._reset_memo) of the packed vectors of its features as the
# word tagged, the previous word, the one before, the next word, the one after, the first word.
_LOCAL, _PREV, _PREV2, _NEXT, _NEXT2, _FIRST = range(3, 9)
_ENTRY_SIZE = 9
# Packed score vectors (PosTagger._pack) add at most this many features' vectors per word (27).
_MAX_ADDED = 32


def normalize(word: str) -> str:
    """The form of a word that features see: EWT typography, lower case, every digit ``0``.

    Examples
    --------
    >>> normalize("Trump’s"), normalize("1,250"), normalize("U.S.")
    ("trump's", '0,000', 'u.s.')
    """
    return ewt_form(word).lower().translate(_DIGITS)


def word_shape(word: str) -> str:
    """Capitals ``X``, small letters ``x``, digits ``d``, other characters as they are; runs collapsed.

    Examples
    --------
    >>> word_shape("McDonald"), word_shape("U.S."), word_shape("30,000"), word_shape("claim")
    ('XxXx', 'X.X.', 'd,d', 'x')
    """
    # memoised: the tagger asks for the shape of a word in up to four roles (itself, the previous,
    # the next and the first word), and news text repeats its words
    shape = _SHAPES.get(word)
    if shape is None:
        if len(_SHAPES) >= _MEMO_LIMIT:
            _SHAPES.clear()
        shape = _SHAPES[word] = _shape(word)
    return shape


def _shape(word: str) -> str:
    # word_shape, computed
    out = []
    last = ""
    for c in word:
        s = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if s != last:
            out.append(s)
            last = s
    return "".join(out)


class PosTagger:
    """Averaged-perceptron Penn Treebank tagger (see the module docstring for the model).

    Parameters
    ----------
    iterations : int, default 8
        Passes over the training sentences.
    seed : int, default 20251201
        Seed of the generator that shuffles the sentences before each pass.
    tagdict_min_count : int, default 20
        A word enters the tag dictionary (tagged without the model) when it occurs at least this
        often in training ...
    tagdict_min_share : float, default 0.97
        ... and this share of its occurrences have one tag.
    ambiguity_min_count : int, default 2
        A (normalised) word gets an ambiguity class when it occurs at least this often ...
    ambiguity_min_share : float, default 0.1
        ... made of the tags with at least this share of its occurrences.
    weight_step : float, default 0.5
        Averaged weights are rounded to multiples of this step and stored as integers; weights that
        round to zero are dropped (a bigger step: a smaller file, a less accurate model).

    Attributes
    ----------
    classes_ : list of str
        The tag set, sorted.
    tagdict_ : dict of str to str
        Word (EWT typography) -> its tag, for frequent unambiguous words.
    ambiguity_ : dict of str to str
        Normalised word -> its ambiguity class (``"NN|VB|VBP"``).
    weights_ : dict of str to list of int
        Feature -> flat ``[class index, weight, class index, weight, ...]``, weights in units of
        ``weight_step``.
    training_ : dict
        How the model was made (treebank, its SHA-256, sentences, tokens, parameters).

    Examples
    --------
    >>> tagger = PosTagger.load_default()
    >>> tagger.tag(["They", "claim", "the", "claim", "is", "false", "."])
    ['PRP', 'VBP', 'DT', 'NN', 'VBZ', 'JJ', '.']
    """

    def __init__(self, iterations: int = 8, seed: int = 20251201, tagdict_min_count: int = 20,
                 tagdict_min_share: float = 0.97, ambiguity_min_count: int = 2,
                 ambiguity_min_share: float = 0.1, weight_step: float = 0.5):
        self.iterations = iterations
        self.seed = seed
        self.tagdict_min_count = tagdict_min_count
        self.tagdict_min_share = tagdict_min_share
        self.ambiguity_min_count = ambiguity_min_count
        self.ambiguity_min_share = ambiguity_min_share
        self.weight_step = weight_step

    # ---------------------------------------------------------------- features
    def _local_features(self, word: str, norm: str) -> list[str]:
        # Features of the word itself (memoised per word at tagging time).
        return ["b", "w=" + norm, "s1=" + norm[-1:], "s2=" + norm[-2:], "s3=" + norm[-3:], "s4=" + norm[-4:],
                "p1=" + word[:1], "p3=" + norm[:3], "sh=" + word_shape(word),
                "a0=" + self.ambiguity_.get(norm, "?")]

    def _prev_features(self, word: str, norm: str) -> list[str]:
        # Features of the previous word (memoised per word as a "previous word").
        return ["w-1=" + norm, "s-1=" + norm[-3:], "sh-1=" + (word_shape(word) if word else "S")]

    def _next_features(self, word: str, norm: str) -> list[str]:
        return ["w+1=" + norm, "s+1=" + norm[-3:], "sh+1=" + (word_shape(word) if word else "E"),
                "a+1=" + self.ambiguity_.get(norm, "?")]

    def _next2_features(self, norm: str) -> list[str]:
        return ["w+2=" + norm, "a+2=" + self.ambiguity_.get(norm, "?")]

    def static_features(self, i: int, words: Sequence[str], norms: Sequence[str]) -> list[str]:
        """Features of word ``i`` that do not depend on the tags already given.

        Parameters
        ----------
        i : int
            Position in ``words``.
        words : sequence of str
            The words in EWT typography (:func:`framelens.tagger.tokens.ewt_form`).
        norms : sequence of str
            ``["-S1-", "-S2-"] + [normalize(w) for w in words] + ["-E1-", "-E2-"]`` (word ``i`` is
            ``norms[i + 2]``).

        Returns
        -------
        list of str
        """
        word, norm = words[i], norms[i + 2]
        feats = self._local_features(word, norm)
        if i == 0:
            feats.append("f=" + word_shape(word))
        feats += self._prev_features(words[i - 1] if i > 0 else "", norms[i + 1])
        feats.append("w-2=" + norms[i])
        feats += self._next_features(words[i + 1] if i + 1 < len(words) else "", norms[i + 3])
        feats += self._next2_features(norms[i + 4])
        feats.append("a+1w=" + self.ambiguity_.get(norms[i + 3], "?") + " " + norm)
        return feats

    @staticmethod
    def tag_features(prev: str, prev2: str, norm: str, next_norm: str) -> list[str]:
        """Features of a word that depend on the tags of the two words before it.

        Parameters
        ----------
        prev, prev2 : str
            Tags of the previous two words (``"-S1-"``, ``"-S2-"`` before the first word).
        norm, next_norm : str
            The normalised word and the next one.

        Returns
        -------
        list of str
        """
        return ["t1=" + prev, "t2=" + prev2, "t12=" + prev + " " + prev2, "t1w=" + prev + " " + norm,
                "t1w+1=" + prev + " " + next_norm]

    # ---------------------------------------------------------------- training
    def fit(self, sentences: Iterable[Sequence[tuple[str, str]]], *, source: dict | None = None) -> "PosTagger":
        """Learn the tag dictionary, ambiguity classes and weights from tagged sentences.

        Parameters
        ----------
        sentences : iterable of sequences of (word, tag)
            Training sentences, e.g. :func:`framelens.tagger.conllu.read_ewt_split` ``(..., "train")``.
        source : dict, optional
            What the sentences are (treebank name, file hash); stored in ``training_``.

        Returns
        -------
        PosTagger
            ``self``.

        Raises
        ------
        TaggerError
            When there are no sentences.
        """
        data = [[(ewt_form(w), t) for w, t in s] for s in sentences if len(s)]
        if not data:
            raise TaggerError("no training sentences", fix="pass a treebank split with tagged sentences")
        self.classes_ = sorted({t for s in data for _, t in s})
        index = {t: i for i, t in enumerate(self.classes_)}
        self.tagdict_ = self._make_tagdict(data)
        self.ambiguity_ = self._make_ambiguity(data)
        n = len(self.classes_)

        feature_ids: dict[str, int] = {}

        def ids(feats: list[str]) -> list[int]:
            out = []
            for f in feats:
                j = feature_ids.get(f)
                if j is None:
                    j = feature_ids[f] = len(feature_ids)
                out.append(j)
            return out

        # Features that do not depend on previous tags are computed once per token.
        prepared = []
        for s in data:
            words = [w for w, _ in s]
            norms = list(_START) + [normalize(w) for w in words] + list(_END)
            static = []
            for i, w in enumerate(words):
                if w in self.tagdict_:
                    static.append(None)
                else:
                    static.append(ids(self.static_features(i, words, norms)))
            prepared.append((words, norms, [index[t] for _, t in s], static))

        # Rows for features first seen during training (tag/word pairs) are added as they appear.
        capacity = len(feature_ids) + 65536
        weights = np.zeros((capacity, n), dtype=np.int32)  # |weight| <= number of updates, small
        totals = np.zeros((capacity, n), dtype=np.int64)  # sum of step * update, for averaging
        step = 0
        rng = random.Random(self.seed)
        order = list(range(len(prepared)))
        for iteration in range(self.iterations):
            rng.shuffle(order)
            errors = seen = 0
            for k in order:
                words, norms, gold, static = prepared[k]
                prev, prev2 = _START
                for i, w in enumerate(words):
                    tag = self.tagdict_.get(w)
                    if tag is None:
                        seen += 1
                        rows = static[i] + ids(self.tag_features(prev, prev2, norms[i + 2], norms[i + 3]))
                        if len(feature_ids) > capacity:
                            grow = capacity // 2
                            weights = np.concatenate([weights, np.zeros((grow, n), dtype=weights.dtype)])
                            totals = np.concatenate([totals, np.zeros((grow, n), dtype=totals.dtype)])
                            capacity += grow
                        guess = int(weights[rows].sum(axis=0).argmax())
                        truth = gold[i]
                        if guess != truth:
                            errors += 1
                            weights[rows, truth] += 1
                            weights[rows, guess] -= 1
                            totals[rows, truth] += step
                            totals[rows, guess] -= step
                        step += 1  # the weights after `step` decisions; averaging sums them over steps
                        tag = self.classes_[guess]
                    prev2, prev = prev, tag
            log.info("iteration %d: %d of %d model decisions wrong", iteration + 1, errors, seen)

        log.info("%d features seen in training, %d rows allocated", len(feature_ids), capacity)
        del prepared
        names = sorted(feature_ids, key=feature_ids.__getitem__)
        self.weights_ = {}
        block = 8192  # rows averaged at a time (keeps the float copies small)
        for lo in range(0, len(names), block):
            hi = min(lo + block, len(names))
            averaged = weights[lo:hi] - totals[lo:hi] / max(step, 1)
            quantised = np.rint(averaged / self.weight_step).astype(np.int64)
            for name, row in zip(names[lo:hi], quantised.tolist()):
                flat = [v for c, w in enumerate(row) if w for v in (c, w)]
                if flat:
                    self.weights_[name] = flat
        self.training_ = {
            **(source or {}),
            "sentences": len(data), "tokens": sum(len(s) for s in data),
            "parameters": self.get_params(),
        }
        self._reset_memo()
        return self

    def _make_tagdict(self, data) -> dict[str, str]:
        counts: dict[str, Counter] = defaultdict(Counter)
        for s in data:
            for w, t in s:
                counts[w][t] += 1
        out = {}
        for w, c in counts.items():
            tag, k = c.most_common(1)[0]
            total = sum(c.values())
            if total >= self.tagdict_min_count and k / total >= self.tagdict_min_share:
                out[w] = tag
        return out

    def _make_ambiguity(self, data) -> dict[str, str]:
        counts: dict[str, Counter] = defaultdict(Counter)
        for s in data:
            for w, t in s:
                counts[normalize(w)][t] += 1
        out = {}
        for w, c in counts.items():
            total = sum(c.values())
            if total >= self.ambiguity_min_count:
                out[w] = "|".join(sorted(t for t, k in c.items() if k / total >= self.ambiguity_min_share))
        return out

    def get_params(self) -> dict:
        """The constructor parameters, as a dict (scikit-learn style)."""
        return {"iterations": self.iterations, "seed": self.seed, "tagdict_min_count": self.tagdict_min_count,
                "tagdict_min_share": self.tagdict_min_share, "ambiguity_min_count": self.ambiguity_min_count,
                "ambiguity_min_share": self.ambiguity_min_share, "weight_step": self.weight_step}

    # ---------------------------------------------------------------- tagging
    def _reset_memo(self) -> None:
        # Score vectors packed into one Python int each (see _packed), filled on first use: of each
        # feature; of the features of one word in one role (itself, the previous word, the one
        # before, the next word, the one after, the first word), kept in the word's entry of _forms;
        # of the two previous tags; and of the features that pair the word with the previous tag ("t1w"), the next word with the
        # previous tag ("t1w+1") and the word with the next word's ambiguity class ("a+1w"), by the
        # two strings they join (previous tag or next word -> word -> packed vector: found without
        # building the feature's string, or a key to keep). _pair_sizes: entries of those three.
        self._packs: dict[str, int] = {}
        self._memos = {"tags": {}, "t1w": {}, "t1w+1": {}, "a+1w": {}}
        self._pair_sizes = {"t1w": 0, "t1w+1": 0, "a+1w": 0}
        # token -> its entry: [EWT form, normalised form, its tag when a curly quote or the tag
        # dictionary decides it (else None), then the packed vectors of its features in the roles
        # _LOCAL.._FIRST (None until first needed)]; and the entries of the padding around a sequence
        self._forms: dict[str, list] = {}
        self._pad_start = [["", n] + [None] * (_ENTRY_SIZE - 2) for n in _START]
        self._pad_end = [["", n] + [None] * (_ENTRY_SIZE - 2) for n in _END]
        self._set_field_width()

    def _set_field_width(self) -> None:
        # The width of a tag's field in a packed vector (see _packed): the fewest bits (16, 32 or 64)
        # that hold any sum of _MAX_ADDED weights of this model, with its sign.
        top = max((abs(w) for flat in self.weights_.values() for w in flat[1::2]), default=0)
        bits = 16
        while _MAX_ADDED * top >= 1 << (bits - 1):
            bits *= 2
        if bits > 64:
            raise TaggerError(f"the model has a weight of {top} steps, too large to tag with",
                              fix="retrain with a larger --weight-step")
        n = len(self.classes_)
        self._bits = bits
        self._nbytes = bits // 8 * n
        self._field_dtype = np.dtype(f"<u{bits // 8}")
        # added to a sum, it turns every (signed) field into an unsigned one, order kept
        self._bias = sum(1 << (bits - 1) << (bits * c) for c in range(n))

    def _packed(self, feature: str) -> int:
        # A feature's weights as one int, the sum of weight c * 2**(bits * c) over the tags c it
        # weighs (bits: _set_field_width). A sum of such ints is the sum of the tags' scores in the
        # same places; no score of a word exceeds 2**(bits - 1) either way, so adding _bias makes
        # every field the tag's score plus 2**(bits - 1), in [0, 2**bits): tag() reads them off.
        # An absent feature packs to 0, which adds nothing.
        flat = self.weights_.get(feature)
        bits = self._bits
        return sum(flat[k + 1] << (bits * flat[k]) for k in range(0, len(flat), 2)) if flat else 0

    def _pack(self, feature: str) -> int:
        # _packed, memoised in _packs.
        packs = self._packs
        if len(packs) >= _MEMO_LIMIT:
            packs.clear()
        packed = packs[feature] = self._packed(feature)
        return packed

    def _fill_pair(self, role: str, outer: str, inner: str, feature: str) -> int:
        # The packed vector of one feature (_packed), memoised as memos[role][outer][inner].
        memo = self._memos[role]
        if self._pair_sizes[role] >= _MEMO_LIMIT:
            memo.clear()
            self._pair_sizes[role] = 0
        self._pair_sizes[role] += 1
        row = memo.get(outer)
        if row is None:
            row = memo[outer] = {}
        packed = row[inner] = self._packed(feature)
        return packed

    def _sum(self, feats: list[str]) -> int:
        # The packed vectors of some features, added.
        packs = self._packs
        total = 0
        for f in feats:
            p = packs.get(f)
            total += self._pack(f) if p is None else p
        return total

    def _fill(self, role: str, key, feats: list[str]) -> int:
        memo = self._memos[role]
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        total = memo[key] = self._sum(feats)
        return total

    def _form(self, word: str) -> list:
        # A token's entry (see _reset_memo).
        if len(self._forms) >= _MEMO_LIMIT:
            self._forms.clear()
        form = ewt_form(word)
        entry = self._forms[word] = [form, normalize(form), _QUOTE_TAGS.get(word) or self.tagdict_.get(form)] \
            + [None] * (_ENTRY_SIZE - 3)
        return entry

    def tag(self, words: Sequence[str], *, upto: int | None = None) -> list[str]:
        """Penn Treebank tags of a sequence of words (one sentence, or a window of one).

        Parameters
        ----------
        words : sequence of str
            Tokens as :func:`framelens.tagger.tokenize` cuts them (``do n't``, ``Trump ’s``); curly
            quotes and apostrophes may stay as written.
        upto : int, optional
            Tag only ``words[:upto]``; the words after them are right context, read by the features
            of the last words tagged but not tagged themselves. Words are tagged left to right, so
            the tags are those of ``tag(words)[:upto]``.

        Returns
        -------
        list of str
            One tag per word (per word of ``words[:upto]``).

        Raises
        ------
        TaggerError
            When the tagger has not been fitted or loaded, or a word is an empty string.
        """
        if not hasattr(self, "weights_"):
            raise TaggerError("this PosTagger has no model yet",
                              fix="use PosTagger.load_default(), PosTagger.load(path) or fit() first")
        if not words:
            return []
        if "" in words:
            raise TaggerError(f"word {list(words).index('')} of {len(words)} is an empty string",
                              fix="pass tokens, e.g. from framelens.tagger.tokenize(text)")
        known = self._forms
        # the entries of the words (see _reset_memo), two padding entries on either side
        entries = self._pad_start + [known.get(w) or self._form(w) for w in words] + self._pad_end
        m = self._memos
        tags_m, t1w_m, t1w1_m, a1w_m = m["tags"], m["t1w"], m["t1w+1"], m["a+1w"]
        fill = self._fill
        add = self._sum
        fill_pair = self._fill_pair
        no_row: dict = {}
        nbytes, bias, dtype, frombuffer = self._nbytes, self._bias, self._field_dtype, np.frombuffer
        ambiguity = self.ambiguity_
        classes = self.classes_
        prev, prev2 = _START
        out = []
        for i in range(len(words) if upto is None else min(upto, len(words))):
            entry = entries[i + 2]
            tag = entry[2]  # a curly quote's, or the tag dictionary's
            if tag is None:
                word, norm = entry[0], entry[1]
                left2, left, right, right2 = entries[i], entries[i + 1], entries[i + 3], entries[i + 4]
                next_norm = right[1]
                # The features of static_features() + tag_features(), grouped by what they depend on.
                total = entry[_LOCAL]
                if total is None:
                    total = entry[_LOCAL] = add(self._local_features(word, norm))
                v = left[_PREV]
                if v is None:
                    v = left[_PREV] = add(self._prev_features(left[0], left[1]))
                total += v
                v = left2[_PREV2]
                if v is None:
                    v = left2[_PREV2] = add(["w-2=" + left2[1]])
                total += v
                v = right[_NEXT]
                if v is None:
                    v = right[_NEXT] = add(self._next_features(right[0], next_norm))
                total += v
                v = right2[_NEXT2]
                if v is None:
                    v = right2[_NEXT2] = add(self._next2_features(right2[1]))
                total += v
                v = tags_m.get((prev, prev2))
                total += fill("tags", (prev, prev2), ["t1=" + prev, "t2=" + prev2,
                                                      "t12=" + prev + " " + prev2]) if v is None else v
                v = a1w_m.get(next_norm, no_row).get(norm)
                total += fill_pair("a+1w", next_norm, norm, "a+1w=" + ambiguity.get(next_norm, "?") + " " + norm) \
                    if v is None else v
                v = t1w_m.get(prev, no_row).get(norm)
                total += fill_pair("t1w", prev, norm, "t1w=" + prev + " " + norm) if v is None else v
                v = t1w1_m.get(prev, no_row).get(next_norm)
                total += fill_pair("t1w+1", prev, next_norm, "t1w+1=" + prev + " " + next_norm) if v is None else v
                if i == 0:
                    v = entry[_FIRST]
                    if v is None:
                        v = entry[_FIRST] = add(["f=" + word_shape(word)])
                    total += v
                tag = classes[int(frombuffer((total + bias).to_bytes(nbytes, "little"), dtype).argmax())]
            out.append(tag)
            prev2, prev = prev, tag
        return out

    # ---------------------------------------------------------------- files
    def to_json_bytes(self) -> bytes:
        """The model as gzip-compressed JSON bytes (sorted keys, timestamp 0: reproducible)."""
        if not hasattr(self, "weights_"):
            raise TaggerError("this PosTagger has no model to save", fix="fit() it first")
        doc = {
            "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
            "licence": ("CC BY-SA 4.0: a work derived from the annotations of the Universal Dependencies "
                        "English Web Treebank; see NOTICE.md next to this file"),
            "training": self.training_, "tags": self.classes_, "weight_step": self.weight_step,
            "tagdict": self.tagdict_, "ambiguity": self.ambiguity_, "weights": self.weights_,
        }
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
            gz.write(text.encode("ascii"))
        return buf.getvalue()

    def save(self, path: str | Path) -> Path:
        """Write the model file (``.json.gz``; see :meth:`to_json_bytes`); returns the path.

        The JSON holds: ``format``, ``format_version``, ``licence``, ``training`` (treebank, SHA-256
        of the training file, sentences, tokens, parameters), ``tags`` (the tag set), ``weight_step``,
        ``tagdict``, ``ambiguity`` and ``weights`` (feature -> flat list of tag index, integer weight).
        """
        path = Path(path)
        data = self.to_json_bytes()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        log.info("wrote %s (%d bytes, %d features)", path, len(data), len(self.weights_))
        return path

    @classmethod
    def load(cls, path: str | Path) -> "PosTagger":
        """Load a model file written by :meth:`save` (gzip-compressed or plain JSON).

        Raises
        ------
        TaggerError
            When the file is missing, not JSON, or not a framelens tagger model of this version.
        """
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise TaggerError(f"cannot read the model file ({exc.strerror})", where=str(path),
                              fix="rebuild it: python -m framelens.tagger train --treebank DIR --out PATH") from None
        try:
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            doc = json.loads(raw)
        except (OSError, EOFError, ValueError) as exc:
            raise TaggerError(f"not a gzip/JSON model file ({exc})", where=str(path),
                              fix="rebuild it: python -m framelens.tagger train --treebank DIR --out PATH") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME or doc.get("format_version") != FORMAT_VERSION:
            raise TaggerError(f"not a {FORMAT_NAME} model of version {FORMAT_VERSION}", where=str(path),
                              fix="rebuild it with this framelens: python -m framelens.tagger train ...")
        params = doc["training"].get("parameters", {})
        tagger = cls(**params)
        tagger.classes_ = doc["tags"]
        tagger.tagdict_ = doc["tagdict"]
        tagger.ambiguity_ = doc["ambiguity"]
        tagger.weights_ = doc["weights"]
        tagger.training_ = doc["training"]
        tagger._reset_memo()
        return tagger

    @classmethod
    def load_default(cls) -> "PosTagger":
        """Load the model shipped with framelens (``framelens/tagger/pos_model.json.gz``)."""
        return cls.load(shipped_model_path())


def shipped_model_path() -> Path:
    """Path of the model file shipped inside the package."""
    return Path(__file__).with_name("pos_model.json.gz")


def sha256_of(path: str | Path) -> str:
    """Hex SHA-256 of a file (recorded in the model to say which treebank file it was trained on)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
