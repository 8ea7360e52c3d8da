"""The two peers framelens is measured against, on the same texts and the same lexicon forms.

(a) ``nltk``: the straightforward NLTK pipeline. Punkt sentences (trained on the same 2 million
    character prefix of the corpus as framelens), ``TreebankWordTokenizer`` on every sentence, and a
    per-token lookup of every lexicon form (lower-cased; multi-word forms as token n-grams).
(b) ``spacy``: ``spacy.blank("en")`` (the rule-based tokenizer, no model) and a ``PhraseMatcher``
    on lower-cased tokens holding every lexicon form.

Both get every literal form of every lexicon pack framelens uses (regular-expression forms, a
handful, cannot be expressed as a term list and are left out, which favours the peers). Neither
checks case-sensitive forms, context words, overlaps or topic gates, and neither finds scare
quotes, passives or attributed sources; they do less work than framelens, on purpose: they are
the "obvious" way to count lexicon terms.

Each peer streams the dataset batch by batch from disk and keeps only counts, so its memory is
flat too.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator


def lexicon_forms(lexicons=None) -> tuple[list[str], int]:
    """Every literal form of every pack (normalised, lower case, unique, in pack order) and the
    number of regular-expression forms left out."""
    from framelens.lexicons import load_lexicons
    from framelens.lexicons.schema import normalise_form

    seen: dict[str, None] = {}
    n_regex = 0
    for pack in load_lexicons(lexicons):
        for entry in pack.entries:
            if entry.exclude:
                continue
            for form in entry.forms:
                if form.regex:
                    n_regex += 1
                    continue
                seen.setdefault(normalise_form(form.text).lower(), None)
    return list(seen), n_regex


def nltk_peer(texts: Iterable[str], forms: list[str], train_chars: int = 2_000_000) -> Iterator[Counter]:
    """Peer (a). Yields, per document, a Counter of matched forms.

    ``texts`` is consumed lazily; the first ``train_chars`` characters train Punkt first (held in
    memory once, as framelens does).
    """
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    it = iter(texts)
    head: list[str] = []
    budget = train_chars
    for t in it:
        head.append(t)
        budget -= len(t)
        if budget <= 0:
            break
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train("\n\n".join(head)[:train_chars], finalize=False)
    trainer.finalize_training()
    sent_tok = PunktSentenceTokenizer(trainer.get_params())
    word_tok = TreebankWordTokenizer()

    single: set[str] = set()
    multi: dict[tuple[str, ...], str] = {}
    for f in forms:
        toks = tuple(t.lower() for t in word_tok.tokenize(f))
        if len(toks) == 1:
            single.add(toks[0])
        elif toks:
            multi[toks] = f
    max_n = max((len(k) for k in multi), default=1)
    firsts = {k[0] for k in multi}

    def one(text: str) -> Counter:
        c: Counter = Counter()
        for sent in sent_tok.tokenize(text):
            toks = [t.lower() for t in word_tok.tokenize(sent)]
            n = len(toks)
            for i, tok in enumerate(toks):
                if tok in single:
                    c[tok] += 1
                if tok in firsts:
                    for k in range(2, min(max_n, n - i) + 1):
                        gram = tuple(toks[i:i + k])
                        if gram in multi:
                            c[multi[gram]] += 1
        return c

    for t in head:
        yield one(t)
    for t in it:
        yield one(t)


def spacy_peer(texts: Iterable[str], forms: list[str], batch_size: int = 64) -> Iterator[Counter]:
    """Peer (b). Yields, per document, a Counter of matched forms (spaCy is the ``bench`` extra)."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for i in range(0, len(forms), 1000):
        chunk = forms[i:i + 1000]
        for f in chunk:
            matcher.add(f, [nlp.make_doc(f)])
    strings = nlp.vocab.strings
    for doc in nlp.pipe(texts, batch_size=batch_size):
        c: Counter = Counter()
        for match_id, _s, _e in matcher(doc):
            c[strings[match_id]] += 1
        yield c
