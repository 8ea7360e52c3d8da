"""framelens against BABE: coverage of the annotated biased words, and framing features as a bias
classifier.

BABE (Spinde et al. 2021, ``babe-mbic/data/final_labels_SG2.csv``) has 3,674 news sentences labelled
Biased / Non-biased by expert majority, and for biased sentences the words the annotators marked
(``biased_words``, a Python list literal). Read with :func:`read_babe` (``;``-delimited, UTF-8 BOM).

Coverage (:func:`biased_word_coverage`)
---------------------------------------
The unit is one annotated biased word in one sentence (an *occurrence*); a word annotated in two
sentences counts twice. Each is lower-cased, and located in its sentence as a run of
:data:`framelens.text.WORD_RE` words (case-insensitive). A lexicon *covers* the occurrence when its
matcher, run over the whole sentence, produces a hit whose span overlaps the located word, so every
lexicon is matched with framelens's own matcher: word boundaries, inflected forms (``inflect: verb``
gives claim/claims/claimed/claiming), multi-word forms. When the word cannot be found in its sentence
(annotation typos, words split differently), the matcher runs on the annotated word alone.
The Recasens et al. (2013) bias lexicon (``recasens2013-bias-lexicons/.../bias-lexicon.txt``, read
at run time and never copied) is turned into an in-memory pack (:func:`recasens_pack`) whose
entries inflect both as verbs and as nouns, since the list gives lemmas without part of speech; the
``loaded`` pack is used as shipped.

Coverage table columns: ``lexicon, entries, occurrences, covered, share, words, words_covered,
words_share, not_located, note`` -- ``occurrences``/``covered``/``share`` count annotated
occurrences; ``words``/``words_covered``/``words_share`` count distinct lower-cased annotated words;
``not_located`` is how many occurrences were matched on the bare word because they were not found in
their sentence.

Classification (:func:`framing_classification`)
------------------------------------------------
Biased vs Non-biased sentences ("No agreement" dropped): a scikit-learn pipeline
``FramingVectorizer -> StandardScaler -> LogisticRegression`` on framing features alone, 5-fold
stratified cross-validation (shuffled, fixed seed), macro-F1, beside the 0.804 macro-F1 the BABE
paper reports for its fine-tuned BERT model and beside a majority-class baseline. Table columns:
``representation, macro_f1, macro_f1_sd, baseline_macro_f1, reference_macro_f1, reference, cv,
n_sentences, n_biased, n_features, note``.
"""
from __future__ import annotations

import ast
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from framelens.errors import CorpusError
from framelens.text import WORD_RE

log = logging.getLogger(__name__)

#: Macro-F1 of the BABE paper's best model (fine-tuned BERT with distant-supervision pre-training,
#: Spinde et al. 2021, Findings of EMNLP, table of results on BABE).
BABE_PAPER_MACRO_F1 = 0.804
BABE_FILE = ("babe-mbic", "data", "final_labels_SG2.csv")
RECASENS_FILE = ("recasens2013-bias-lexicons", "data", "lexicons", "bias-lexicon", "bias-lexicon.txt")
COVERAGE_COLUMNS = ["lexicon", "entries", "occurrences", "covered", "share", "words", "words_covered",
                    "words_share", "not_located", "note"]
CLASSIFICATION_COLUMNS = ["representation", "macro_f1", "macro_f1_sd", "baseline_macro_f1", "reference_macro_f1",
                          "reference", "cv", "n_sentences", "n_biased", "n_features", "note"]


def _find(p: Path, parts: tuple[str, ...]) -> Path:
    """``p`` itself if a file; else ``parts`` under ``p`` taken as the shared root or as a corpus folder."""
    if not p.is_dir():
        return p
    for k in range(len(parts)):
        candidate = p.joinpath(*parts[k:])
        if candidate.exists():
            return candidate
    return p.joinpath(*parts)


def read_babe(path: str | Path) -> pd.DataFrame:
    """BABE SG2 as a table: ``text, outlet, topic, type, label_bias, label_opinion, biased_words``.

    ``biased_words`` becomes a list of lower-cased, stripped strings.

    Parameters
    ----------
    path : str or Path
        ``final_labels_SG2.csv``, or a folder holding it (the shared data root or the BABE folder).
    """
    p = _find(Path(path), BABE_FILE)
    if not p.exists():
        raise CorpusError("BABE file not found", where=str(p),
                          fix="point at babe-mbic/data/final_labels_SG2.csv in the shared data")
    df = pd.read_csv(p, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing = {"text", "label_bias", "biased_words"} - set(df.columns)
    if missing:
        raise CorpusError(f"not a BABE label file: missing columns {sorted(missing)}", where=str(p),
                          fix="use final_labels_SG2.csv (';'-delimited)")

    def parse(cell: str, line: int) -> list[str]:
        cell = cell.strip()
        if not cell:
            return []
        try:
            value = ast.literal_eval(cell)
        except (ValueError, SyntaxError):
            log.warning("%s:%d: biased_words is not a list literal: %r", p, line, cell[:60])
            return []
        return [str(w).strip().lower() for w in value if str(w).strip()]

    df["biased_words"] = [parse(c, i + 2) for i, c in enumerate(df["biased_words"])]
    return df


def recasens_pack(path: str | Path):
    """The Recasens et al. (2013) bias lexicon as an in-memory ``loaded`` pack (never written to disk).

    Parameters
    ----------
    path : str or Path
        ``bias-lexicon.txt`` (one lemma per line, ``#`` comments), or a folder holding it (the
        shared data root or the lexicons folder).
    """
    import yaml

    from framelens.lexicons.schema import parse_pack

    p = _find(Path(path), RECASENS_FILE)
    if not p.exists():
        raise CorpusError("Recasens bias lexicon not found", where=str(p),
                          fix="point at recasens2013-bias-lexicons/data/lexicons/bias-lexicon/bias-lexicon.txt")
    terms = []
    seen = set()
    for line in p.read_text("utf-8", errors="replace").splitlines():
        t = " ".join(line.strip().lower().split())
        if t and not t.startswith("#") and t not in seen:
            seen.add(t)
            terms.append(t)
    from framelens.lexicons.inflection import inflect_phrase

    # every lemma inflected as a verb and as a noun; a form belongs to one entry only (its own
    # lemma first, then the first lemma that generates it), as the pack schema requires
    owner = {t: t for t in terms}
    for t in terms:
        for f in (*inflect_phrase(t, "verb"), *inflect_phrase(t, "noun")):
            owner.setdefault(f, t)
    forms: dict[str, list[str]] = {t: [] for t in terms}
    for f, t in owner.items():
        forms[t].append(f)
    pack = {
        "name": "recasens2013-bias", "family": "loaded",
        "description": "Recasens et al. (2013) bias lexicon, read at run time for comparison.",
        "sources": f"Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013, ACL; file {p.name}",
        "categories": {"bias": "an entry of the bias lexicon"},
        "entries": [{"term": t, "category": "bias",
                     "forms": sorted(forms[t])} for t in terms],
    }
    return parse_pack(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), f"<recasens:{p}>")


def _locate(words: list[tuple[int, int, str]], target: list[str]) -> list[tuple[int, int]]:
    n = len(target)
    out = []
    for i in range(len(words) - n + 1):
        if all(words[i + k][2] == target[k] for k in range(n)):
            out.append((words[i][0], words[i + n - 1][1]))
    return out


def _norm_word(w: str) -> str:
    return w.lower().replace("’", "'")


def biased_word_coverage(babe: pd.DataFrame, lexicons: dict) -> pd.DataFrame:
    """Share of BABE's annotated biased words each lexicon covers (see the module docstring).

    Parameters
    ----------
    babe : DataFrame
        From :func:`read_babe`.
    lexicons : dict of str -> Pack or LexiconSet
        The lexicons to compare, by display name, e.g. ``{"framelens:loaded":
        load_lexicons(["loaded"]), "recasens2013": recasens_pack(path)}``.

    Returns
    -------
    DataFrame
        Columns :data:`COVERAGE_COLUMNS`, one row per lexicon.
    """
    from framelens.lexicons import LexiconSet
    from framelens.lexicons.matcher import Matcher

    rows_in = babe[babe["biased_words"].map(len) > 0]
    # occurrences: (row index, annotated word, located spans)
    occ = []
    for idx, text, words in zip(rows_in.index, rows_in["text"], rows_in["biased_words"]):
        toks = [(m.start(), m.end(), _norm_word(m.group())) for m in WORD_RE.finditer(text)]
        for w in words:
            target = [_norm_word(x) for x in WORD_RE.findall(w)]
            spans = _locate(toks, target) if target else []
            occ.append((idx, w, spans))
    out = []
    for name, lex in lexicons.items():
        packs = list(lex) if isinstance(lex, LexiconSet) else [lex]
        matcher = Matcher(packs)
        n_entries = sum(len(p.entries) for p in packs)
        hits_by_row = {}
        covered_flags = []
        not_located = 0
        for idx, w, spans in occ:
            if spans:
                if idx not in hits_by_row:
                    hits_by_row[idx] = [(m.start, m.end) for m in matcher.find(babe.at[idx, "text"])]
                hs = hits_by_row[idx]
                ok = any(a < he and hs_ < b for a, b in spans for hs_, he in hs)
            else:
                not_located += 1
                ok = bool(matcher.find(w))
            covered_flags.append(ok)
        flags = np.asarray(covered_flags, dtype=bool)
        words = pd.Series([w for _, w, _ in occ])
        by_word = pd.Series(flags).groupby(words.values).any() if len(words) else pd.Series(dtype=bool)
        n, k = len(flags), int(flags.sum())
        note = "" if n else "no annotated biased words"
        out.append(dict(lexicon=name, entries=n_entries, occurrences=n, covered=k,
                        share=(k / n) if n else np.nan, words=int(by_word.size),
                        words_covered=int(by_word.sum()),
                        words_share=(by_word.mean() if by_word.size else np.nan),
                        not_located=not_located, note=note))
    return pd.DataFrame(out, columns=COVERAGE_COLUMNS)


def framing_classification(babe: pd.DataFrame, *, folds: int = 5, seed: int = 0, output: str = "rate",
                           lexicons=None) -> pd.DataFrame:
    """Cross-validated macro-F1 of a logistic regression on framing features alone.

    Parameters
    ----------
    babe : DataFrame
        From :func:`read_babe`; rows labelled ``Biased`` or ``Non-biased`` are used.
    folds : int, default 5
        Stratified folds (shuffled with ``seed``).
    seed : int, default 0
    output : {"rate", "count"}, default "rate"
        What :class:`framelens.FramingVectorizer` produces.
    lexicons : optional
        Lexicon packs for the vectorizer (default: every shipped pack).

    Returns
    -------
    DataFrame
        One row, columns :data:`CLASSIFICATION_COLUMNS`.
    """
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from framelens.vectorize import FramingVectorizer

    data = babe[babe["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    texts = data["text"].tolist()
    y = (data["label_bias"] == "Biased").astype(int).to_numpy()
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    pipe = make_pipeline(FramingVectorizer(lexicons=lexicons, output=output), StandardScaler(),
                         LogisticRegression(max_iter=2000))
    scores = cross_val_score(pipe, texts, y, cv=cv, scoring="f1_macro")
    base = cross_val_score(DummyClassifier(strategy="most_frequent"), np.zeros((len(y), 1)), y, cv=cv,
                           scoring="f1_macro")
    n_features = len(FramingVectorizer(lexicons=lexicons).fit(texts[:1]).get_feature_names_out())
    return pd.DataFrame([dict(
        representation=f"framing features ({output} per 1,000 words)" if output == "rate"
        else "framing features (counts)",
        macro_f1=float(scores.mean()), macro_f1_sd=float(scores.std(ddof=1)),
        baseline_macro_f1=float(base.mean()), reference_macro_f1=BABE_PAPER_MACRO_F1,
        reference="BABE paper, fine-tuned BERT (Spinde et al. 2021)",
        cv=f"{folds}-fold stratified, shuffled, seed {seed}", n_sentences=len(y), n_biased=int(y.sum()),
        n_features=n_features,
        note="sentence-level framing counts only: no word identities, so most lexical bias is invisible")],
        columns=CLASSIFICATION_COLUMNS)


def evaluate(data_root: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both BABE measurements with the shipped packs: (coverage table, classification table)."""
    from framelens.lexicons import load_lexicons

    root = Path(data_root)
    babe = read_babe(root.joinpath(*BABE_FILE))
    coverage = biased_word_coverage(babe, {
        "framelens:loaded": load_lexicons(["loaded"]),
        "recasens2013:bias-lexicon": recasens_pack(root.joinpath(*RECASENS_FILE)),
        "framelens:all packs": load_lexicons(None),
    })
    return coverage, framing_classification(babe)
