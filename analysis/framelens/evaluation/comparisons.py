"""Real-data measurements of the outlet comparisons (``framelens.compare``) on the shared corpora.

Each function loads a shared corpus, extracts cues and returns tidy tables; the numbers are reported
in the project notes and checked with honest bounds in ``tests/test_compare_evaluation.py``.

- :func:`allsides_immigration_naming`: AllSides (Article-Bias-Prediction subset), topic immigration:
  "illegal immigrant(s)" against "undocumented immigrant(s)" by outlet leaning (left / center /
  right), as mention shares within the two variants and as the share of articles using each term,
  with document-bootstrap intervals; and the exact-phrase article shares that SOURCE.md's sanity
  table reports.
- :func:`basil_within_event`: BASIL (the shared half): fox, nyt and hpo compared on attribution
  stances, hedges and scare quotes, within events (50 triplets) beside the pooled difference.
- :func:`newswcl50_naming_distinguishability`: NewsWCL50: can a classifier tell the five outlets
  apart from naming alone (grouped by event), and which pairs of outlets can be told apart.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

IMMIGRANT_CONCEPT = "immigration/immigrants"
IMMIGRANT_VARIANTS = ("illegal immigrant", "undocumented immigrant")
#: The phrases of SOURCE.md's sanity table (share of articles using each term, immigration topic).
SANITY_PHRASES = {
    "illegal alien(s)": r"\billegal aliens?\b",
    "illegal immigrant(s)": r"\billegal immigrants?\b",
    "undocumented immigrant(s)/migrant(s)": r"\bundocumented (?:immigrant|migrant)s?\b",
}
#: SOURCE.md's sanity table (computed while staging), left / center / right.
SANITY_TABLE = {
    "illegal alien(s)": {"left": 0.02, "center": 0.03, "right": 0.12},
    "illegal immigrant(s)": {"left": 0.14, "center": 0.24, "right": 0.55},
    "undocumented immigrant(s)/migrant(s)": {"left": 0.33, "center": 0.28, "right": 0.09},
}
BASIL_FEATURES = ("attribution:neutral", "attribution:according_to", "attribution:doubting", "attribution:accusing",
                  "attribution:conceding", "attribution:endorsing", "hedge", "scare_quote")


def _extract(corpus, lexicons=None) -> pd.DataFrame:
    from framelens.extract import extract

    return extract(corpus, lexicons=lexicons)


def allsides_immigration_naming(path: str | Path, *, n_boot: int = 2000, seed: int = 0, hits: pd.DataFrame | None = None
                                ) -> dict[str, pd.DataFrame]:
    """Naming of immigrants by outlet leaning in the AllSides immigration articles.

    Parameters
    ----------
    path : path
        The ``article-bias-prediction-subset`` folder.
    n_boot : int, default 2000
    seed : int, default 0
    hits : DataFrame, optional
        Precomputed hits of the immigration-topic documents (the ``immigration`` pack).

    Returns
    -------
    dict of DataFrame
        ``shares`` (mention shares of the two variants, within the pair, by leaning, with intervals),
        ``usage`` (share of articles using each variant of the concept, by leaning, with intervals),
        ``tests`` (leaning x variant independence for the pair), ``sanity`` (exact-phrase article
        shares by leaning beside SOURCE.md's table), ``hits`` (the hits used).
    """
    from framelens import load_corpus
    from framelens.compare import naming_shares, naming_tests, variant_usage
    from framelens.features import document_features

    corpus = load_corpus(path)
    sub = corpus.subset((corpus.documents["topic"] == "immigration").to_numpy())
    if hits is None:
        hits = _extract(sub, lexicons=["immigration"])
    feats = document_features(sub, hits)
    pair = hits[(hits["concept"] == IMMIGRANT_CONCEPT) & hits["variant"].isin(IMMIGRANT_VARIANTS)]
    shares = naming_shares(pair, feats, by="leaning", n_boot=n_boot, seed=seed, concepts=[IMMIGRANT_CONCEPT])
    tests = naming_tests(pair, feats, by="leaning", seed=seed, concepts=[IMMIGRANT_CONCEPT])
    usage = variant_usage(hits, feats, by="leaning", n_boot=n_boot, seed=seed, concepts=[IMMIGRANT_CONCEPT])
    docs = sub.documents
    rows = []
    for phrase, pattern in SANITY_PHRASES.items():
        has = docs["text"].str.contains(pattern, flags=re.IGNORECASE, regex=True)
        for leaning, share in has.groupby(docs["leaning"].astype(str)).mean().items():
            rows.append({"phrase": phrase, "leaning": leaning, "share_docs": float(share),
                         "source_md": SANITY_TABLE[phrase].get(leaning, np.nan)})
    return {"shares": shares, "usage": usage, "tests": tests, "sanity": pd.DataFrame(rows), "hits": hits}


def basil_within_event(path: str | Path, *, features=BASIL_FEATURES, n_boot: int = 2000, seed: int = 0,
                       hits: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Fox News, New York Times and HuffPost compared within BASIL's events, beside pooled rates.

    Parameters
    ----------
    path : path
        The ``basil`` folder (the shared half: 50 events x 3 outlets).
    features : tuple of str
        Feature keys to compare (attribution stances, hedges, scare quotes).
    n_boot : int, default 2000
    seed : int, default 0
    hits : DataFrame, optional
        Precomputed hits.

    Returns
    -------
    dict of DataFrame
        ``within_event`` (one row per feature x pair: pooled and within-event differences, sign-flip
        test, BH over features x pairs), ``tests`` (the sign-flip and sign tests), ``rates`` (rates per
        1,000 words with intervals, resampling whole events), ``hits``.
    """
    from framelens import load_corpus
    from framelens.compare import rate_table, within_event_differences
    from framelens.features import document_features

    corpus = load_corpus(path)
    if hits is None:
        hits = _extract(corpus)
    feats = document_features(corpus, hits)
    present = [f for f in features if f in feats.columns]
    missing = sorted(set(features) - set(present))
    if missing:
        log.warning("BASIL: no column for %s (no such cue extracted)", ", ".join(missing))
    within, tests = within_event_differences(feats, features=present, seed=seed, with_tests=True)
    rates = rate_table(feats, features=present, n_boot=n_boot, seed=seed)
    return {"within_event": within, "tests": tests, "rates": rates, "hits": hits}


def _pairwise_naming(x: np.ndarray, meta: pd.DataFrame, *, n_perm: int, seed: int) -> pd.DataFrame:
    """Binary classifiers for every pair of outlets, with a within-event label-swap permutation test."""
    from itertools import combinations

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(seed)
    rows = []
    outlets = sorted(meta["outlet"].unique())
    for a, b in combinations(outlets, 2):
        mask = meta["outlet"].isin([a, b]).to_numpy()
        xa, y, groups = x[mask], meta.loc[mask, "outlet"].to_numpy(), meta.loc[mask, "event_id"].to_numpy()
        cols = np.abs(xa).sum(axis=0) > 0
        xa = xa[:, cols]
        k = min(5, len(np.unique(groups)))
        folds = list(GroupKFold(n_splits=k).split(xa, y, groups))

        def score(labels):
            if xa.shape[1] == 0:
                return np.nan
            vals = []
            for train, test in folds:
                if len(np.unique(labels[train])) < 2:
                    vals.append(0.0)
                    continue
                model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, class_weight="balanced"))
                pred = model.fit(xa[train], labels[train]).predict(xa[test])
                vals.append(f1_score(labels[test], pred, average="macro", zero_division=0))
            return float(np.mean(vals))

        observed = score(y)
        # null: within each event the two outlets' labels are exchangeable; swap them at random
        exceed = 0
        events = pd.Series(groups)
        for _ in range(n_perm):
            flip = events.map(dict(zip(events.unique(), rng.random(events.nunique()) < 0.5))).to_numpy()
            perm = np.where(flip, np.where(y == a, b, a), y)
            exceed += score(perm) >= observed - 1e-12
        note = "" if xa.shape[1] else "no naming cue in these two outlets' documents"
        if not n_perm:
            note = note or "no permutation test (n_perm=0)"
        rows.append({"outlet_a": a, "outlet_b": b, "macro_f1": observed, "baseline_macro_f1": 1 / 3,
                     "p_value": (1 + exceed) / (1 + n_perm) if xa.shape[1] and n_perm else np.nan,
                     "n_docs": int(mask.sum()),
                     "n_features": int(xa.shape[1]), "note": note})
    out = pd.DataFrame(rows)
    from framelens.compare import benjamini_hochberg

    out["p_adjusted"] = benjamini_hochberg(out["p_value"].to_numpy(dtype=float))
    return out


def newswcl50_naming_distinguishability(path: str | Path, *, n_perm: int = 199, seed: int = 0,
                                        hits: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Which NewsWCL50 outlets can be told apart by their naming choices alone?

    Parameters
    ----------
    path : path
        The ``newswcl50`` folder (10 events x 5 outlets).
    n_perm : int, default 199
        Label swaps per pair for the pairwise permutation test (0: no test, p-values NaN with a note).
    seed : int, default 0
    hits : DataFrame, optional
        Precomputed hits.

    Returns
    -------
    dict of DataFrame
        ``predictability`` (five-way macro-F1, GroupKFold by event: naming alone, all framing features,
        words), ``coefficients`` (naming alone), ``confusion`` (out-of-fold predictions from naming
        alone: true outlet x predicted outlet), ``pairwise`` (binary macro-F1 per pair with a
        within-event label-swap permutation p-value, BH adjusted), ``similarity`` (naming profiles),
        ``hits``.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from framelens import load_corpus
    from framelens.compare import framing_matrix, outlet_predictability, outlet_similarity
    from framelens.compare.threads import single_threaded
    from framelens.features import document_features

    corpus = load_corpus(path)
    if hits is None:
        hits = _extract(corpus)
    feats = document_features(corpus, hits)
    naming_pred, naming_coef = outlet_predictability(feats, hits, corpus, families=["naming"],
                                                     representations=("framing",), seed=seed)
    all_pred, _ = outlet_predictability(feats, hits, corpus, representations=("framing", "words"), seed=seed)
    naming_pred = naming_pred.assign(representation="naming")
    predictability = pd.concat([naming_pred, all_pred], ignore_index=True)
    x, meta = framing_matrix(feats, hits, families=["naming"])
    x = x.loc[:, x.abs().sum(axis=0) > 0]
    y = meta["outlet"].to_numpy()

    @single_threaded
    def confusion():
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, class_weight="balanced"))
        pred = cross_val_predict(model, x.to_numpy(), y, groups=meta["event_id"].to_numpy(),
                                 cv=GroupKFold(n_splits=5))
        return pd.crosstab(pd.Series(y, name="outlet"), pd.Series(pred, name="predicted"))

    pairwise = single_threaded(_pairwise_naming)(x.to_numpy(), meta, n_perm=n_perm, seed=seed)
    similarity = outlet_similarity(feats, hits, families=["naming"])
    return {"predictability": predictability, "coefficients": naming_coef, "confusion": confusion(),
            "pairwise": pairwise, "similarity": similarity, "hits": hits}
