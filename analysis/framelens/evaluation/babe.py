"""framelens against BABE: coverage of the annotated biased words, and whether framing features add
to words in a sentence bias classifier.

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

Do framing features add to words? (:func:`representation_comparison`, the headline)
-----------------------------------------------------------------------------------
Biased vs Non-biased sentences ("No agreement" dropped), on the sentences as the default path loads
them (``framelens.load_corpus`` of the BABE folder: the same 3,674 texts, nothing removed by
cleaning). Four representations, all on the **same** stratified 5-fold splits (shuffled, fixed
seed): (a) ``framing``: :class:`framelens.FramingVectorizer` fitted on the training fold,
standardised; (b) ``words``: TF-IDF of word unigrams and bigrams; (c) ``framing+words``: both
blocks side by side (the standardised framing block divided by the square root of its number of
columns, so that its rows have about unit norm like the TF-IDF rows); each into a logistic
regression whose ``C`` is chosen per fold by an inner stratified CV on the training fold (so
neither side wins by a better-tuned penalty); (d)
``majority``. Reported: macro-F1 per fold, its mean and sd, the macro-F1 of the pooled
out-of-fold predictions, and paired differences, ``framing+words - words`` first: the mean
per-fold difference with the corrected resampled t-test of Nadeau & Bengio (2003) (the folds share
training data, so the plain paired t-test is too confident) and a bootstrap interval over sentences
of the difference in pooled out-of-fold macro-F1. The answer is reported whichever way it goes.

Scores columns (:data:`COMPARISON_COLUMNS`): ``representation, description, macro_f1`` (mean over
folds), ``macro_f1_sd, macro_f1_pooled, cv, n_sentences, n_biased, n_features``. Folds
(:data:`FOLD_COLUMNS`): ``representation, fold, macro_f1, n_test, n_train, C`` (the chosen
penalty). Differences (:data:`DIFFERENCE_COLUMNS`): ``comparison`` ("a - b"), ``mean_diff,
sd_diff, folds, folds_better`` (folds where a beats b), ``t_corrected, p_corrected, ci_low,
ci_high`` (corrected t, two-sided p and 95% interval of the mean difference), ``pooled_diff,
boot_low, boot_high`` (difference of the pooled out-of-fold macro-F1 and its 95% bootstrap
interval), ``n_boot, note``.

Framing features alone (:func:`framing_classification`)
-------------------------------------------------------
The framing-only row with ``C = 1`` (no search), beside the 0.804 macro-F1 the BABE paper reports
for its fine-tuned BERT model and a majority-class baseline on the same folds. Table columns:
``representation, macro_f1, macro_f1_sd, baseline_macro_f1, reference_macro_f1, reference, cv,
n_sentences, n_biased, n_features, note``.

Run it::

    python -m framelens.evaluation.babe ../shared/data/babe-mbic
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
#: Representations compared by :func:`representation_comparison`, with what each is.
REPRESENTATIONS = {
    "framing": "framing features alone (FramingVectorizer, rate per 1,000 words, standardised) + logistic regression",
    "words": "TF-IDF of word unigrams and bigrams + logistic regression",
    "framing+words": "both blocks side by side (framing standardised / sqrt(columns), TF-IDF as is) + logistic "
                     "regression",
    "majority": "the training fold's majority class",
}
COMPARISON_COLUMNS = ["representation", "description", "macro_f1", "macro_f1_sd", "macro_f1_pooled", "cv",
                      "n_sentences", "n_biased", "n_features"]
FOLD_COLUMNS = ["representation", "fold", "macro_f1", "n_test", "n_train", "C"]
DIFFERENCE_COLUMNS = ["comparison", "mean_diff", "sd_diff", "folds", "folds_better", "t_corrected", "p_corrected",
                      "ci_low", "ci_high", "pooled_diff", "boot_low", "boot_high", "n_boot", "note"]


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


def _labelled(babe: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 labels (1 = Biased) of the rows labelled Biased or Non-biased."""
    missing = {"text", "label_bias"} - set(babe.columns)
    if missing:
        raise CorpusError(f"not a BABE table: missing columns {sorted(missing)}",
                          fix="pass read_babe(...) or framelens.load_corpus(<babe folder>).documents")
    data = babe[babe["label_bias"].isin(["Biased", "Non-biased"])]
    if data["label_bias"].nunique() < 2:
        raise CorpusError("BABE table needs sentences labelled both Biased and Non-biased",
                          fix="pass the whole SG2 table (final_labels_SG2.csv)")
    return data["text"].fillna("").astype(str).tolist(), (data["label_bias"] == "Biased").astype(int).to_numpy()


def _fit_predict(name: str, blocks: dict, y_train: np.ndarray, *, Cs, inner_folds: int, seed: int):
    """Fit one representation on the training blocks; return (test predictions, chosen C)."""
    from scipy import sparse
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    if name == "majority":
        clf = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(y_train), 1)), y_train)
        return clf.predict(np.zeros((blocks["n_test"], 1))), np.nan
    parts = {"framing": ["framing"], "words": ["words"], "framing+words": ["framing", "words"]}[name]
    # in the union the standardised framing block is divided by sqrt(its columns), so that its rows
    # have about unit norm like the TF-IDF rows: neither block dominates by scale alone, and the
    # solver converges in seconds instead of minutes
    weight = {p: 1.0 for p in parts}
    if len(parts) > 1:
        weight["framing"] = 1.0 / np.sqrt(max(1, blocks["framing"][0].shape[1]))
    X_tr = sparse.hstack([blocks[p][0] * weight[p] for p in parts], format="csr")
    X_te = sparse.hstack([blocks[p][1] * weight[p] for p in parts], format="csr")
    # liblinear: several times faster than lbfgs on the sparse TF-IDF block at large C, same model
    lr = LogisticRegression(solver="liblinear", max_iter=1000)
    if len(Cs) == 1:
        clf = lr.set_params(C=Cs[0]).fit(X_tr, y_train)
        return clf.predict(X_te), float(Cs[0])
    inner = StratifiedKFold(n_splits=inner_folds, shuffle=True, random_state=seed)
    search = GridSearchCV(lr, {"C": list(Cs)}, cv=inner, scoring="f1_macro").fit(X_tr, y_train)
    return search.predict(X_te), float(search.best_params_["C"])


def _cross_validate(texts: list[str], y: np.ndarray, representations, *, folds: int, seed: int, Cs,
                    inner_folds: int, output: str, lexicons):
    """Per-fold macro-F1 of each representation on the same splits, and out-of-fold predictions."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler

    from framelens.vectorize import FramingVectorizer

    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    oof = {r: np.full(len(y), -1, dtype=np.int64) for r in representations}
    rows = []
    n_features = {}
    texts_arr = np.asarray(texts, dtype=object)
    for k, (tr, te) in enumerate(cv.split(np.zeros(len(y)), y)):
        blocks = {"n_test": len(te)}
        if any("framing" in r for r in representations):
            fv = FramingVectorizer(lexicons=lexicons, output=output).fit(list(texts_arr[tr]))
            scaler = StandardScaler()
            f_tr = scaler.fit_transform(fv.transform(list(texts_arr[tr])))
            f_te = scaler.transform(fv.transform(list(texts_arr[te])))
            blocks["framing"] = (sparse.csr_matrix(f_tr), sparse.csr_matrix(f_te))
            n_features["framing"] = f_tr.shape[1]
        if any("words" in r for r in representations):
            tfidf = TfidfVectorizer(ngram_range=(1, 2))
            blocks["words"] = (tfidf.fit_transform(texts_arr[tr]), tfidf.transform(texts_arr[te]))
            n_features["words"] = blocks["words"][0].shape[1]
        for r in representations:
            pred, c = _fit_predict(r, blocks, y[tr], Cs=Cs, inner_folds=inner_folds, seed=seed)
            oof[r][te] = pred
            rows.append(dict(representation=r, fold=k, macro_f1=float(f1_score(y[te], pred, average="macro")),
                             n_test=len(te), n_train=len(tr), C=c))
    per_fold = pd.DataFrame(rows, columns=FOLD_COLUMNS)
    n_feat = {"framing": n_features.get("framing", 0), "words": n_features.get("words", 0),
              "framing+words": n_features.get("framing", 0) + n_features.get("words", 0), "majority": 0}
    return per_fold, oof, n_feat


def _macro_f1_weighted(y: np.ndarray, pred: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Macro-F1 of binary predictions under each row of resampling multiplicities ``w`` (b x n)."""
    out = np.zeros(w.shape[0])
    for cls in (0, 1):
        tp = w @ ((pred == cls) & (y == cls)).astype(np.float64)
        fp = w @ ((pred == cls) & (y != cls)).astype(np.float64)
        fn = w @ ((pred != cls) & (y == cls)).astype(np.float64)
        den = 2 * tp + fp + fn
        out += np.divide(2 * tp, den, out=np.zeros_like(tp), where=den > 0)
    return out / 2


def _paired_difference(per_fold: pd.DataFrame, oof: dict, y: np.ndarray, a: str, b: str, *, n_boot: int,
                       seed: int) -> dict:
    """``a - b``: per-fold differences with the corrected resampled t-test, and a sentence bootstrap
    of the difference of out-of-fold macro-F1."""
    from scipy import stats
    from sklearn.metrics import f1_score

    from framelens.compare.resample import bootstrap_weights

    fa = per_fold[per_fold["representation"] == a].sort_values("fold")
    fb = per_fold[per_fold["representation"] == b].sort_values("fold")
    d = fa["macro_f1"].to_numpy() - fb["macro_f1"].to_numpy()
    k = len(d)
    ratio = float((fa["n_test"] / fa["n_train"]).mean())
    sd = float(d.std(ddof=1)) if k > 1 else np.nan
    se = np.sqrt((1 / k + ratio) * sd ** 2) if k > 1 else np.nan
    if k > 1 and se > 0:
        t = float(d.mean() / se)
        p = float(2 * stats.t.sf(abs(t), df=k - 1))
        half = float(stats.t.ppf(0.975, df=k - 1) * se)
        lo, hi = float(d.mean() - half), float(d.mean() + half)
    else:
        t = p = lo = hi = np.nan
    boot = float(f1_score(y, oof[a], average="macro") - f1_score(y, oof[b], average="macro"))
    blo = bhi = np.nan
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        reps = []
        for w in bootstrap_weights(len(y), n_boot, rng):
            w = w.astype(np.float64)
            reps.append(_macro_f1_weighted(y, oof[a], w) - _macro_f1_weighted(y, oof[b], w))
        blo, bhi = (float(x) for x in np.quantile(np.concatenate(reps), [0.025, 0.975]))
    return dict(comparison=f"{a} - {b}", mean_diff=float(d.mean()), sd_diff=sd, folds=k,
                folds_better=int((d > 0).sum()), t_corrected=t, p_corrected=p, ci_low=lo, ci_high=hi,
                pooled_diff=boot, boot_low=blo, boot_high=bhi, n_boot=n_boot,
                note="corrected resampled t-test (Nadeau & Bengio 2003) over folds; bootstrap over sentences "
                     "of the out-of-fold predictions")


def representation_comparison(babe: pd.DataFrame, *, folds: int = 5, seed: int = 0, n_boot: int = 2000,
                              Cs=(0.1, 1.0, 10.0), inner_folds: int = 3, output: str = "rate", lexicons=None,
                              representations=REPRESENTATIONS) -> dict[str, pd.DataFrame]:
    """Do framing features add to words? Biased vs Non-biased, every representation on the same folds.

    Representations (:data:`REPRESENTATIONS`): ``framing`` (:class:`framelens.FramingVectorizer`
    fitted on the training fold, standardised), ``words`` (TF-IDF of word unigrams and bigrams,
    scikit-learn defaults otherwise), ``framing+words`` (the two side by side: the standardised
    framing block, divided by the square root of its columns, next to the TF-IDF block), each into
    a logistic regression whose ``C`` is chosen from ``Cs`` by an inner stratified CV on the training fold (macro-F1), and ``majority`` (the
    training fold's majority class).

    Parameters
    ----------
    babe : DataFrame
        ``text`` and ``label_bias`` columns: :func:`read_babe`, or the documents of
        ``framelens.load_corpus(<babe-mbic folder>)`` (the default path; the same 3,674 sentences).
        Rows labelled ``Biased`` or ``Non-biased`` are used.
    folds : int, default 5
        Outer stratified folds, shuffled with ``seed``; every representation sees the same splits.
    seed : int, default 0
        Seeds the outer and inner splits and the bootstrap.
    n_boot : int, default 2000
        Bootstrap replicates (sentences resampled) for the interval of the pooled difference.
    Cs : sequence of float, default (0.1, 1.0, 10.0)
        Inverse regularisation strengths searched; a single value skips the inner search.
    inner_folds : int, default 3
    output : {"rate", "count"}, default "rate"
        What the framing vectorizer produces.
    lexicons : optional
        Packs for the vectorizer (default: every shipped pack).
    representations : sequence of str
        A subset of :data:`REPRESENTATIONS`.

    Returns
    -------
    dict of DataFrame
        ``scores`` (:data:`COMPARISON_COLUMNS`: per representation the mean and sd of the fold
        macro-F1, the macro-F1 of the pooled out-of-fold predictions, features), ``folds``
        (:data:`FOLD_COLUMNS`: one row per representation x fold, with the chosen ``C``) and
        ``differences`` (:data:`DIFFERENCE_COLUMNS`: ``framing+words - words`` first, the question
        asked, then ``framing - majority`` and ``words - framing`` when those are present).
    """
    from sklearn.metrics import f1_score

    unknown = [r for r in representations if r not in REPRESENTATIONS]
    if unknown:
        raise CorpusError(f"unknown representation(s) {unknown}", fix="use some of: " + ", ".join(REPRESENTATIONS))
    texts, y = _labelled(babe)
    per_fold, oof, n_feat = _cross_validate(texts, y, list(representations), folds=folds, seed=seed, Cs=tuple(Cs),
                                            inner_folds=inner_folds, output=output, lexicons=lexicons)
    rows = []
    for r in representations:
        f = per_fold[per_fold["representation"] == r]["macro_f1"]
        rows.append(dict(representation=r, description=REPRESENTATIONS[r], macro_f1=float(f.mean()),
                         macro_f1_sd=float(f.std(ddof=1)) if len(f) > 1 else np.nan,
                         macro_f1_pooled=float(f1_score(y, oof[r], average="macro")),
                         cv=f"{folds}-fold stratified, shuffled, seed {seed}; C from {list(Cs)} by inner "
                            f"{inner_folds}-fold CV" if len(Cs) > 1 and r != "majority" else
                         f"{folds}-fold stratified, shuffled, seed {seed}",
                         n_sentences=len(y), n_biased=int(y.sum()), n_features=n_feat[r]))
    pairs = [("framing+words", "words"), ("framing", "majority"), ("words", "framing")]
    diffs = [_paired_difference(per_fold, oof, y, a, b, n_boot=n_boot, seed=seed) for a, b in pairs
             if a in representations and b in representations]
    return {"scores": pd.DataFrame(rows, columns=COMPARISON_COLUMNS), "folds": per_fold,
            "differences": pd.DataFrame(diffs, columns=DIFFERENCE_COLUMNS)}


def framing_classification(babe: pd.DataFrame, *, folds: int = 5, seed: int = 0, output: str = "rate",
                           lexicons=None) -> pd.DataFrame:
    """Cross-validated macro-F1 of a logistic regression (C = 1) on framing features alone.

    The framing-only row of :func:`representation_comparison` (without the search over ``C``),
    beside the BABE paper's BERT and a majority baseline on the same folds.

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
    texts, y = _labelled(babe)
    per_fold, _, n_feat = _cross_validate(texts, y, ["framing", "majority"], folds=folds, seed=seed, Cs=(1.0,),
                                          inner_folds=2, output=output, lexicons=lexicons)
    scores = per_fold[per_fold["representation"] == "framing"]["macro_f1"]
    base = per_fold[per_fold["representation"] == "majority"]["macro_f1"]
    return pd.DataFrame([dict(
        representation=f"framing features ({output} per 1,000 words)" if output == "rate"
        else "framing features (counts)",
        macro_f1=float(scores.mean()), macro_f1_sd=float(scores.std(ddof=1)),
        baseline_macro_f1=float(base.mean()), reference_macro_f1=BABE_PAPER_MACRO_F1,
        reference="BABE paper, fine-tuned BERT (Spinde et al. 2021)",
        cv=f"{folds}-fold stratified, shuffled, seed {seed}", n_sentences=len(y), n_biased=int(y.sum()),
        n_features=n_feat["framing"],
        note="sentence-level framing counts only: no word identities, so most lexical bias is invisible")],
        columns=CLASSIFICATION_COLUMNS)


def evaluate(data_root: str | Path, *, folds: int = 5, seed: int = 0, n_boot: int = 2000) -> dict[str, pd.DataFrame]:
    """Every BABE measurement on the default path, with the shipped packs.

    Parameters
    ----------
    data_root : path
        The shared data root (holding ``babe-mbic/`` and ``recasens2013-bias-lexicons/``) or the
        ``babe-mbic`` folder (the Recasens lexicon is then looked for beside it).
    folds, seed, n_boot : see :func:`representation_comparison`.

    Returns
    -------
    dict of DataFrame
        ``coverage`` (:func:`biased_word_coverage` of :func:`read_babe`: the shipped ``loaded``
        pack, the Recasens lexicon, every shipped pack), ``scores``, ``folds`` and ``differences``
        (:func:`representation_comparison` on ``framelens.load_corpus`` of the BABE folder).
    """
    import framelens as fl
    from framelens.lexicons import load_lexicons

    root = Path(data_root)
    babe_dir = root if (root / "data" / BABE_FILE[-1]).exists() else root / BABE_FILE[0]
    shared = babe_dir.parent
    coverage = biased_word_coverage(read_babe(babe_dir), {
        "framelens:loaded": load_lexicons(["loaded"]),
        "recasens2013:bias-lexicon": recasens_pack(shared.joinpath(*RECASENS_FILE)),
        "framelens:all packs": load_lexicons(None),
    })
    out = {"coverage": coverage}
    docs = fl.load_corpus(babe_dir).documents
    out.update(representation_comparison(docs, folds=folds, seed=seed, n_boot=n_boot))
    return out


def main(argv=None) -> int:  # pragma: no cover - a convenience for the command line
    import argparse
    import sys

    from framelens.errors import FramelensError

    ap = argparse.ArgumentParser(prog="python -m framelens.evaluation.babe",
                                 description="BABE: biased-word coverage; do framing features add to words?")
    ap.add_argument("path", nargs="?", default="../shared/data/babe-mbic",
                    help="the babe-mbic folder (or the shared data root)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-boot", type=int, default=2000)
    args = ap.parse_args(argv)
    try:
        t = evaluate(args.path, folds=args.folds, seed=args.seed, n_boot=args.n_boot)
    except FramelensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with pd.option_context("display.width", 250, "display.max_columns", 30, "display.max_colwidth", 80):
        print("Coverage of BABE's annotated biased words")
        print(t["coverage"].round(3).to_string(index=False))
        print(f"\nBiased vs Non-biased, macro-F1 ({args.folds}-fold stratified CV, seed {args.seed}; "
              f"BABE paper BERT: {BABE_PAPER_MACRO_F1})")
        print(t["scores"].drop(columns=["cv"]).round(3).to_string(index=False))
        print("\nPer fold")
        print(t["folds"].pivot(index="fold", columns="representation", values="macro_f1").round(3).to_string())
        print("\nPaired differences (same folds)")
        print(t["differences"].drop(columns=["note"]).round(4).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
