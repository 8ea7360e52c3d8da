"""Outlet profiles: how alike outlets' framing is, how they cluster, and how predictable an outlet is.

A *framing profile* is an outlet's vector of rates per 1,000 words over the framing features. Naming
concepts enter at the level of variants (``naming:<concept>=<variant>``, counted from the hits), so
that the profile says which name an outlet uses, not only how often it mentions the concept
(:func:`framing_matrix`).

``similarity`` table (:func:`outlet_similarity`), every ordered pair including an outlet with itself
(with more than ``max_outlets`` outlets, 200 by default: every pair among the ``max_outlets`` outlets
with most documents, and for each other outlet its ``nearest`` most similar of those, closest first;
a logged warning says so, and the clustering joins those ``max_outlets``):

=========  ==========================================================================================
outlet_a   first outlet
outlet_b   second outlet
metric     ``"jensen_shannon_distance"``: the Jensen–Shannon distance (base 2: 0 = same profile, 1 =
           nothing shared) between the profiles normalised to sum to 1; ``"cosine_similarity"``:
           cosine of the rate vectors (1 = same direction; dominated by the most frequent features)
value      the number
=========  ==========================================================================================

:func:`cluster_outlets`: average-linkage hierarchical clustering of one of these (scipy ``linkage``),
returned as the linkage matrix, the leaf order and a tidy table (``clustering``: ``merge, left,
right, distance, size``; internal nodes are named ``cluster_<k>`` as in scipy's numbering).

``predictability`` table (:func:`outlet_predictability`), one row per representation:
``representation`` ("framing": scaled framing rates; "words": TF-IDF of words, the documents tokenised
once and the vocabulary and IDF learned on each training fold, see :mod:`framelens.compare.word_counts`;
:func:`predictability_methods` says it in words for the manifest), ``macro_f1`` and
``macro_f1_sd`` (mean and sd over cross-validation folds of a class-balanced logistic regression),
``baseline_macro_f1`` (a majority-class DummyClassifier on the same folds), ``cv`` (the splitter:
when predicting something other than the outlet, e.g. its leaning, StratifiedGroupKFold by outlet,
so that no outlet is in training and test at once; else GroupKFold by event where documents share
event ids, so that a test event is never seen in training; else shuffled StratifiedKFold),
``n_docs``, ``n_outlets`` (classes), ``note``.

``coefficients`` table: ``representation, outlet, feature, coefficient, rank`` – the ``top_k`` largest
coefficients per outlet of the model fitted on all documents (standardised framing rates, so
coefficients are comparable; for two outlets the single coefficient vector is shown with its sign
for the second outlet and negated for the first).
"""
from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from framelens.compare.inputs import has_events, prepare
from framelens.compare.shares import variant_matrix

log = logging.getLogger(__name__)

SIMILARITY_COLUMNS = ["outlet_a", "outlet_b", "metric", "value"]
PREDICTABILITY_COLUMNS = ["representation", "macro_f1", "macro_f1_sd", "baseline_macro_f1", "cv", "n_docs",
                          "n_outlets", "note"]
COEFFICIENT_COLUMNS = ["representation", "outlet", "feature", "coefficient", "rank"]
CLUSTERING_COLUMNS = ["merge", "left", "right", "distance", "size"]

_FAMILY_OF_PREFIX = {"agentless_passive": "passive"}


def feature_family(key: str) -> str:
    """The extractor family of a feature key ("naming:a/b" -> "naming", "agentless_passive" -> "passive")."""
    prefix = str(key).split(":", 1)[0].split("=", 1)[0]
    return _FAMILY_OF_PREFIX.get(prefix, prefix)


def framing_matrix(doc_features: pd.DataFrame, hits: pd.DataFrame | None = None, *, by: str = "outlet",
                   families: list[str] | None = None, naming: str = "variants", counts: bool = False
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-document framing features, rates per 1,000 words (or counts).

    Parameters
    ----------
    doc_features : DataFrame
        One row per document.
    hits : DataFrame, optional
        Hits table; with ``naming="variants"`` naming concepts are split into their variants.
    by : str, default "outlet"
    families : list of str, optional
        Keep only these families (``naming``, ``hedge``, ``booster``, ``attribution``,
        ``scare_quote``, ``passive``, ``loaded``).
    naming : {"variants", "concepts"}, default "variants"
    counts : bool, default False
        Return counts instead of rates.

    Returns
    -------
    X : DataFrame
        One row per document (same order as ``meta``), one column per feature.
    meta : DataFrame
        ``doc_id``, ``by``, ``event_id``, ``words`` (and ``outlet`` when grouping by something else)
        of the same documents.
    """
    df, feats = prepare(doc_features, by=by)
    x = df[feats].astype(np.float64)
    if naming == "variants" and hits is not None:
        m, cols = variant_matrix(hits, df["doc_id"])
        if m.shape[1]:
            names = [f"naming:{c}={v}" for c, v in zip(cols["concept"], cols["variant"])]
            x = x.drop(columns=[f for f in feats if feature_family(f) == "naming"])
            x = pd.concat([x, pd.DataFrame(m.toarray(), columns=names)], axis=1)
    if families is not None:
        x = x[[c for c in x.columns if feature_family(c) in set(families)]]
    if not counts:
        w = df["words"].to_numpy(dtype=np.float64)
        x = x.mul(np.where(w > 0, 1000.0 / np.maximum(w, 1), 0.0), axis=0)
    meta_cols = ["doc_id", by, "event_id", "words"] + (["outlet"] if by != "outlet" and "outlet" in df else [])
    return x.reset_index(drop=True), df[meta_cols].astype({"outlet": str} if "outlet" in meta_cols else {})


def outlet_profiles(doc_features: pd.DataFrame, hits: pd.DataFrame | None = None, *, by: str = "outlet",
                    families: list[str] | None = None) -> pd.DataFrame:
    """Rates per 1,000 words per outlet (rows) and framing feature (columns), ratio of sums."""
    x, meta = framing_matrix(doc_features, hits, by=by, families=families, counts=True)
    sums = x.groupby(meta[by].to_numpy()).sum()
    words = meta.groupby(by)["words"].sum().reindex(sums.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        prof = 1000.0 * sums.div(words.where(words > 0), axis=0)
    prof.index.name = by
    return prof


def outlet_similarity(doc_features: pd.DataFrame, hits: pd.DataFrame | None = None, *, by: str = "outlet",
                      families: list[str] | None = None,
                      metrics=("jensen_shannon_distance", "cosine_similarity"), max_outlets: int | None = 200,
                      nearest: int = 10) -> pd.DataFrame:
    """Pairwise similarity of outlets' framing profiles (the ``similarity`` table).

    Parameters
    ----------
    doc_features : DataFrame
    hits : DataFrame, optional
        For naming variants (see :func:`framing_matrix`).
    by : str, default "outlet"
    families : list of str, optional
        Restrict the profile to these feature families.
    metrics : tuple of str
        ``"jensen_shannon_distance"`` and/or ``"cosine_similarity"``.
    max_outlets : int or None, default 200
        Every pair among at most this many outlets (those with most documents, ties by name): the
        table grows with the square of the outlets (1,070 outlets made 2.3 million rows). None:
        every pair of every outlet.
    nearest : int, default 10
        With more outlets than ``max_outlets``, each other outlet gets its ``nearest`` most similar
        outlets among those ``max_outlets`` (closest first, ties by name).

    Returns
    -------
    DataFrame
        ``outlet_a, outlet_b, metric, value`` (module docstring). Outlets without words or without
        any cue have no profile and are left out with a logged warning.
    """
    prof = outlet_profiles(doc_features, hits, by=by, families=families)
    prof = prof.loc[:, (prof.fillna(0) > 0).any(axis=0)] if prof.shape[1] else prof
    bad = prof.index[prof.isna().any(axis=1) | ~(prof.fillna(0) > 0).any(axis=1)]
    if len(bad):
        log.warning("similarity: %d outlet(s) have no words or no framing cue and are left out: %s", len(bad),
                    ", ".join(map(str, bad[:10])))
        prof = prof.drop(index=bad)
    unknown = [m for m in metrics if m not in ("jensen_shannon_distance", "cosine_similarity")]
    if unknown:
        from framelens.errors import AnalysisError

        raise AnalysisError(f"unknown similarity metric {unknown[0]!r}",
                            fix="use 'jensen_shannon_distance' or 'cosine_similarity'")
    names = list(prof.index)
    p = prof.to_numpy(dtype=np.float64)
    core = _most_documents(doc_features, by, names, max_outlets)
    if len(core) < len(names):
        log.warning("similarity: %d %ss; every pair among the %d with most documents, and for each of the %d "
                    "others its %d most similar of those (max_outlets, nearest)", len(names), by, len(core),
                    len(names) - len(core), nearest)
    rows = []
    in_core = np.isin(np.arange(len(names)), core)
    for metric in metrics:
        value = _pair_values(metric, p, None if len(core) == len(names) else p[core])  # everyone against the core
        closest = np.argsort(value if metric == "jensen_shannon_distance" else -value, axis=1, kind="stable")
        for i, a in enumerate(names):
            others = range(len(core)) if in_core[i] else closest[i, :nearest]
            rows.extend((a, names[core[j]], metric, float(value[i, j])) for j in others)
    return pd.DataFrame(rows, columns=SIMILARITY_COLUMNS)


def _most_documents(doc_features: pd.DataFrame, by: str, names: list, max_outlets: int | None) -> np.ndarray:
    """Positions in ``names`` of the ``max_outlets`` with most documents (ties by name), ascending;
    all of them when there are no more."""
    if max_outlets is None or len(names) <= max_outlets:
        return np.arange(len(names))
    sizes = doc_features[by].value_counts()
    ranked = sorted(range(len(names)), key=lambda i: (-int(sizes.get(names[i], 0)), str(names[i])))
    return np.sort(np.array(ranked[:max_outlets], dtype=np.int64))


def _pair_values(metric: str, p: np.ndarray, q: np.ndarray | None) -> np.ndarray:
    """``metric`` between every row of ``p`` and every row of ``q`` (``len(p) x len(q)``); of ``p``
    with itself when ``q`` is None."""
    if metric == "jensen_shannon_distance":
        return jensen_shannon_distances(p, q)
    norm = np.linalg.norm(p, axis=1)
    if q is None:
        sim = (p @ p.T) / np.outer(norm, norm)
    else:
        sim = (p @ q.T) / np.outer(norm, np.linalg.norm(q, axis=1))
    return np.clip(sim, -1.0, 1.0)


def jensen_shannon_distances(profiles: np.ndarray, others: np.ndarray | None = None) -> np.ndarray:
    """Jensen-Shannon distances (base 2, from 0 to 1) between the rows of ``profiles`` (non-negative
    counts or rates; each row is normalised to sum to one), as an ``n x n`` matrix; with ``others``,
    between each row of ``profiles`` and each row of ``others`` (``n x len(others)``).

    The divergence is clipped at zero before the square root: for two identical profiles rounding
    can make it a tiny negative number, whose root scipy's ``jensenshannon`` returns as NaN (half of
    such pairs), and one NaN made the clustering fail after all the work was done. Computed a row at
    a time, so memory stays ``n x features``. An identical pair (a row with itself) is 0.
    """
    def normalised(x):
        x = np.asarray(x, dtype=np.float64)
        return x / x.sum(axis=1, keepdims=True)

    q = normalised(profiles)
    r = q if others is None else normalised(others)
    with np.errstate(divide="ignore", invalid="ignore"):
        logq = np.where(q > 0, np.log2(np.where(q > 0, q, 1.0)), 0.0)
        logr = logq if others is None else np.where(r > 0, np.log2(np.where(r > 0, r, 1.0)), 0.0)
        out = np.zeros((len(q), len(r)))
        for i in range(len(q)):
            m = (q[i] + r) / 2.0  # (len(r), features): the midpoint of row i and every other row
            logm = np.log2(np.where(m > 0, m, 1.0))
            kl_i = np.sum(np.where(q[i] > 0, q[i] * (logq[i] - logm), 0.0), axis=1)
            kl_j = np.sum(np.where(r > 0, r * (logr - logm), 0.0), axis=1)
            out[i] = np.sqrt(np.clip((kl_i + kl_j) / 2.0, 0.0, 1.0))
    if others is None:
        out = (out + out.T) / 2.0  # exactly symmetric
        np.fill_diagonal(out, 0.0)
    return out


def cluster_outlets(similarity: pd.DataFrame, *, metric: str = "jensen_shannon_distance", method: str = "average"
                    ) -> dict:
    """Hierarchical clustering of outlets from a ``similarity`` table.

    Parameters
    ----------
    similarity : DataFrame
        The ``similarity`` table (:func:`outlet_similarity`).
    metric : str, default "jensen_shannon_distance"
        Which metric to cluster on; a similarity ``s`` is turned into the distance ``1 - s``.
    method : str, default "average"
        scipy ``linkage`` method.

    Returns
    -------
    dict
        ``linkage`` (scipy linkage matrix, or None with fewer than two outlets), ``labels`` (outlets,
        the order of the matrix rows), ``leaves`` (outlets in dendrogram order), ``table`` (the tidy
        ``clustering`` table).
    """
    sub = similarity[similarity["metric"] == metric]
    square = sub.pivot(index="outlet_a", columns="outlet_b", values="value")
    labels = sorted(square.index.intersection(square.columns))
    square = square.loc[labels, labels]
    if len(labels) < 2:
        log.warning("clustering needs at least two outlets with a profile (got %d)", len(labels))
        return {"linkage": None, "labels": labels, "leaves": labels,
                "table": pd.DataFrame(columns=CLUSTERING_COLUMNS)}
    dist = square.to_numpy(dtype=np.float64)
    if metric.endswith("similarity"):
        dist = 1.0 - dist
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    broken = ~np.isfinite(dist).all(axis=1)
    if broken.any():  # a pair without a value: cluster the others rather than fail after all the work
        log.warning("clustering: %d outlet(s) lack a distance to some other outlet and are left out: %s",
                    int(broken.sum()), ", ".join(str(labels[i]) for i in np.flatnonzero(broken)[:10]))
        keep = np.flatnonzero(~broken)
        labels = [labels[i] for i in keep]
        dist = dist[np.ix_(keep, keep)]
        if len(labels) < 2:
            return {"linkage": None, "labels": labels, "leaves": labels,
                    "table": pd.DataFrame(columns=CLUSTERING_COLUMNS)}
    z = linkage(squareform(np.clip(dist, 0.0, None), checks=False), method=method)
    leaves = [labels[i] for i in leaves_list(z)]
    n = len(labels)

    def name(k):
        k = int(k)
        return labels[k] if k < n else f"cluster_{k}"

    table = pd.DataFrame({"merge": [f"cluster_{n + i}" for i in range(len(z))],
                          "left": [name(k) for k in z[:, 0]], "right": [name(k) for k in z[:, 1]],
                          "distance": z[:, 2], "size": z[:, 3].astype(int)})
    return {"linkage": z, "labels": labels, "leaves": leaves, "table": table}


def _at_most_per_group(groups: np.ndarray, eligible: np.ndarray, n: int, seed: int) -> np.ndarray:
    """A mask keeping every ``eligible`` row of a group with at most ``n`` of them and a seeded
    random ``n`` of a bigger group's (groups drawn in sorted order, rows kept in their order)."""
    rng = np.random.default_rng(seed)
    keep = eligible.copy()
    for g in sorted(set(groups[eligible])):
        rows = np.flatnonzero(eligible & (groups == g))
        if len(rows) > n:
            keep[np.setdiff1d(rows, rng.choice(rows, size=n, replace=False))] = False
    return keep


def predictability_methods(*, max_features: int = 5000, C: float = 1.0, max_docs: int | None = 1000
                           ) -> dict[str, str]:
    """How :func:`outlet_predictability` models each representation, in words (for the manifest).

    Parameters
    ----------
    max_features, C, max_docs : as for :func:`outlet_predictability`.

    Returns
    -------
    dict
        ``framing``, ``words`` (the model of each representation) and ``cv`` (how folds are made).
    """
    model = f"class-balanced multinomial logistic regression (lbfgs, C={C:g}, max_iter 5000)"
    return {
        "framing": f"rates per 1,000 words of the framing features, standardised on each training fold; {model}",
        "words": (f"TF-IDF (sublinear tf, l2) of lower-cased words: documents tokenised once, the vocabulary (at "
                  f"most {max_features:,} most frequent terms in at least 2 documents) and the IDF learned on each "
                  f"training fold; {model}"),
        "cv": ("up to 5 folds (the table's cv column names the splitter used): StratifiedGroupKFold by outlet when predicting another column than the outlet, GroupKFold "
               "by event_id where documents share events, else StratifiedKFold shuffled with the seed; macro-F1 "
               "over the outlets of each test fold; a final fit on all documents for the coefficients"
               + (f"; at most {max_docs:,} documents per outlet (a seeded random sample of a bigger one's)"
                  if max_docs is not None else "")),
    }


def _splitter(meta: pd.DataFrame, y: np.ndarray, n_splits: int, seed: int, by: str):
    from sklearn.model_selection import GroupKFold, StratifiedGroupKFold, StratifiedKFold

    if by != "outlet" and "outlet" in meta.columns and meta["outlet"].nunique() >= 2:
        # predicting a property of the outlet (its leaning): an outlet must never be in training and
        # test at once, or the model learns the outlet (its boilerplate, its columnists), not the label
        groups = meta["outlet"].to_numpy(dtype=object)
        k = min(n_splits, len(pd.unique(groups)))
        return (StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed), groups,
                f"StratifiedGroupKFold({k}) by outlet")
    if has_events(meta):
        groups = meta["event_id"].to_numpy(dtype=object).copy()
        blank = groups == ""
        groups[blank] = [f"\x00doc{i}" for i in np.flatnonzero(blank)]
        k = min(n_splits, len(pd.unique(groups)))
        return GroupKFold(n_splits=k), groups, f"GroupKFold({k}) by event_id"
    k = min(n_splits, int(pd.Series(y).value_counts().min()))
    return (StratifiedKFold(n_splits=k, shuffle=True, random_state=seed), None,
            f"StratifiedKFold({k}, shuffled, seed {seed})")


def outlet_predictability(doc_features: pd.DataFrame, hits: pd.DataFrame | None = None, documents=None, *,
                          by: str = "outlet", representations=("framing", "words"), families: list[str] | None = None,
                          n_splits: int = 5, seed: int = 0, min_docs: int = 5, top_k: int = 10,
                          max_features: int = 5000, C: float = 1.0, max_outlets: int | None = 40,
                          max_docs: int | None = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How well can an outlet be told from its framing (or its words)? Cross-validated macro-F1.

    Parameters
    ----------
    doc_features : DataFrame
        One row per document.
    hits : DataFrame, optional
        For naming variants in the framing representation.
    documents : Corpus or DataFrame, optional
        Document texts (``doc_id``, ``text``) for the "words" representation.
    by : str, default "outlet"
        What to predict.
    representations : tuple, default ("framing", "words")
    families : list of str, optional
        Framing families to use (e.g. ``["naming"]`` for naming alone).
    n_splits : int, default 5
        Folds (fewer when there are fewer events, or fewer documents in the smallest outlet).
    seed : int, default 0
    min_docs : int, default 5
        Outlets with fewer documents are left out (noted).
    top_k : int, default 10
        Coefficients reported per outlet.
    max_features : int, default 5000
        Vocabulary cap of the words representation: the most frequent terms of each training fold
        (among those in at least two of its documents). The cost of a fit grows with the vocabulary
        far more than the score does (AllSides subset, 40 outlets: 20,000 terms cost about twice the
        CPU of 5,000, for a macro-F1 of 0.314 against 0.323; ``docs/scaling.md``).
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    max_outlets : int or None, default 40
        Predict among at most this many outlets (groups): those with most documents, ties by name;
        the others are left out and the note says how many. A classifier's cost grows with the
        number of classes times the folds, and telling one outlet from 169 others is not a question
        a macro-F1 answers well; None keeps every outlet.
    max_docs : int or None, default 1000
        At most this many documents of each outlet (group) enter the classifiers: a seeded random
        sample of the bigger ones (the note says how many were left out), so that the cost of the
        fits stops growing with the corpus once every outlet has this many; None keeps them all.

    Returns
    -------
    predictability, coefficients : DataFrame
        The ``predictability`` and ``coefficients`` tables (module docstring).
    """
    from sklearn.dummy import DummyClassifier
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from framelens.compare.word_counts import VocabularyLimit, document_term_counts

    x_all, meta = framing_matrix(doc_features, hits, by=by, families=families)
    base_notes = []
    keep = (meta["words"] > 0).to_numpy()
    if (~keep).any():
        base_notes.append(f"{int((~keep).sum())} document(s) without words left out")
    sizes = meta.loc[keep, by].value_counts()
    small = sorted(sizes.index[sizes < min_docs])
    if small:
        shown = ", ".join(map(str, small[:8])) + (" ..." if len(small) > 8 else "")
        base_notes.append(f"{len(small)} outlet(s) with fewer than {min_docs} documents left out ({shown})")
        keep = keep & ~meta[by].isin(small).to_numpy()
    if max_outlets is not None:
        sizes = meta.loc[keep, by].astype(str).value_counts()
        if len(sizes) > max_outlets:
            order = sorted(sizes.index, key=lambda o: (-sizes[o], o))
            base_notes.append(f"predicted among the {max_outlets} {by}s with most documents; "
                              f"{len(order) - max_outlets} smaller ones left out (max_outlets)")
            keep = keep & meta[by].astype(str).isin(order[:max_outlets]).to_numpy()
    if max_docs is not None:
        sampled = keep & _at_most_per_group(meta[by].astype(str).to_numpy(), keep, max_docs, seed)
        if (sampled != keep).any():
            base_notes.append(f"{int((keep & ~sampled).sum())} document(s) left out at random: at most {max_docs} "
                              f"per {by} (max_docs)")
        keep = sampled
    x_all, meta = x_all[keep].reset_index(drop=True), meta[keep].reset_index(drop=True)
    y = meta[by].to_numpy(dtype=object).astype(str)
    classes = sorted(pd.unique(y))
    pred_rows, coef_rows = [], []
    texts = None
    if "words" in representations and documents is not None:
        docs = getattr(documents, "documents", documents)
        texts = docs.assign(doc_id=docs["doc_id"].astype(str)).set_index("doc_id")["text"]
        texts = texts[~texts.index.duplicated()].reindex(meta["doc_id"]).fillna("").astype(str).to_numpy()
    for rep in representations:
        notes = list(base_notes)
        row = {"representation": rep, "macro_f1": np.nan, "macro_f1_sd": np.nan, "baseline_macro_f1": np.nan,
               "cv": "", "n_docs": int(len(y)), "n_outlets": len(classes)}
        if len(classes) < 2:
            notes.append("fewer than two outlets with enough documents: nothing to predict")
            pred_rows.append({**row, "note": "; ".join(notes)})
            continue
        if rep == "framing":
            x = x_all.loc[:, x_all.abs().sum(axis=0) > 0]
            if x.shape[1] == 0:
                notes.append("no framing feature has any cue: nothing to learn from")
                pred_rows.append({**row, "note": "; ".join(notes)})
                continue
            feat_names = np.asarray(x.columns, dtype=object)
            data = x.to_numpy(dtype=np.float64)

            def model():
                return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000,
                                                                          class_weight="balanced"))
        elif rep == "words":
            if texts is None:
                notes.append("no document texts given (pass documents=): words not modelled")
                pred_rows.append({**row, "note": "; ".join(notes)})
                continue
            # tokenised once for every fold; vocabulary and IDF are learned per training fold
            data, terms = document_term_counts(texts)
            if data.shape[1] == 0:
                notes.append("no document text has a word: words not modelled")
                pred_rows.append({**row, "note": "; ".join(notes)})
                continue
            feat_names = None

            def model():
                return make_pipeline(VocabularyLimit(min_df=2, max_features=max_features, feature_names=terms),
                                     TfidfTransformer(sublinear_tf=True),
                                     LogisticRegression(C=C, max_iter=5000, class_weight="balanced"))
        else:
            from framelens.errors import AnalysisError

            raise AnalysisError(f"unknown representation {rep!r}", fix="use 'framing' and/or 'words'")
        splitter, groups, cv_name = _splitter(meta, y, n_splits, seed, by)
        row["cv"] = cv_name
        if splitter.get_n_splits() < 2:
            notes.append("fewer than two folds possible (too few events or documents): no estimate")
            pred_rows.append({**row, "note": "; ".join(notes)})
            continue
        scores, base = [], []
        converge = False
        one_class = 0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            for train, test in splitter.split(np.zeros(len(y)), y, groups):
                if len(set(y[train])) < 2:  # e.g. event ids for one outlet only: its event is one whole fold
                    one_class += 1
                    continue
                est = model().fit(data[train], y[train])
                pred = est.predict(data[test])
                present = sorted(set(y[test]))
                scores.append(f1_score(y[test], pred, labels=present, average="macro", zero_division=0))
                dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(train), 1)), y[train])
                base.append(f1_score(y[test], dummy.predict(np.zeros((len(test), 1))), labels=present,
                                     average="macro", zero_division=0))
            final = model().fit(data, y) if len(scores) >= 2 else None
            converge = any(issubclass(w.category, ConvergenceWarning) for w in caught)
        if one_class:
            notes.append(f"{one_class} fold(s) left one {by} alone in training and were skipped (its documents "
                         "share events no other one covers)")
        if final is None:
            notes.append("fewer than two usable folds: no estimate")
            pred_rows.append({**row, "note": "; ".join(notes)})
            continue
        if converge:
            notes.append("the logistic regression did not fully converge in some fit")
        row.update(macro_f1=float(np.mean(scores)), macro_f1_sd=float(np.std(scores, ddof=1)) if len(scores) > 1
                   else np.nan, baseline_macro_f1=float(np.mean(base)))
        pred_rows.append({**row, "note": "; ".join(notes)})
        lr = final[-1]
        names = feat_names if feat_names is not None else final[0].get_feature_names_out()
        coef = lr.coef_
        fitted = list(lr.classes_)
        if coef.shape[0] == 1:
            coef = np.vstack([-coef[0], coef[0]])
        for ci, outlet in enumerate(fitted):
            order = np.argsort(-coef[ci], kind="stable")[:top_k]
            for rank, j in enumerate(order, start=1):
                coef_rows.append((rep, outlet, str(names[j]), float(coef[ci, j]), rank))
    pred = pd.DataFrame(pred_rows, columns=PREDICTABILITY_COLUMNS)
    coefs = pd.DataFrame(coef_rows, columns=COEFFICIENT_COLUMNS)
    if by != "outlet":
        coefs = coefs.rename(columns={"outlet": by})
    return pred, coefs
