"""Distinctive terms: log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

For a term w, groups a and b (an outlet and the rest of the corpus, or two outlets), counts y_w^a,
y_w^b, totals n^a, n^b (all tokens of the same n-gram order in the group), and a Dirichlet prior
alpha_w with alpha_0 = sum_w alpha_w (the same prior for both groups):

    delta_w = log[(y_w^a + alpha_w) / (n^a + alpha_0 - y_w^a - alpha_w)]
            - log[(y_w^b + alpha_w) / (n^b + alpha_0 - y_w^b - alpha_w)]            (MCQ eq. 16)

    var(delta_w) = 1/(y_w^a + alpha_w) + 1/(n^a + alpha_0 - y_w^a - alpha_w)
                 + 1/(y_w^b + alpha_w) + 1/(n^b + alpha_0 - y_w^b - alpha_w)

    z_w = delta_w / sqrt(var(delta_w))                                               (MCQ eq. 22)

The variance keeps all four terms (the paper's eq. 20 keeps only the first and third, an
approximation for n >> y); the other two matter for very frequent words and small groups.
``delta`` is an effect size (it does not grow with corpus size); ``z`` is evidence (it does).

Priors (``prior``):

- ``"pooled"`` (default): alpha_w = prior_scale x (count of w in all the documents analysed), so
  alpha_0 = prior_scale x corpus size; ``prior_scale`` defaults to 1.0.
- ``"background"``: alpha_w = prior_scale x (count of w in a background corpus you give, as a Series
  term -> count or a DataFrame with ``term`` and ``count``); ``prior_scale`` defaults to 1.0. Terms the
  background lacks get the smallest positive alpha of their n-gram order (with a logged warning).
- ``"uniform"``: alpha_w = prior_scale for every term; ``prior_scale`` defaults to 0.01.

Each n-gram order (words, bigrams) is its own multinomial: n^a, alpha_0 and the prior are computed per
order. Terms are counted with scikit-learn's ``CountVectorizer`` using framelens' definition of a word
(:data:`framelens.text.WORD_RE`, lower-cased, typographic apostrophes and hyphens folded by
:func:`fold_typography`); the document-term matrix stays sparse (group totals
are sparse indicator-matrix products).

``log_odds`` table (:func:`distinctive_terms`), one row per group x comparison x term:

=============  =======================================================================================
group          the outlet (or other group) whose usage is measured
comparison     "rest" (every other document) or the other group's name (pairwise)
term           the word or bigram (lower case; ``’`` and ``‐`` folded to ``'`` and ``-``)
ngram          1 or 2
count_group    count of the term in ``group``
count_other    count in the comparison side
delta          log-odds ratio, positive = more typical of ``group``
variance       its variance (four-term formula above)
z              delta / sqrt(variance)
freq           count of the term in all documents analysed
=============  =======================================================================================
"""
from __future__ import annotations

import logging
from itertools import permutations

import numpy as np
import pandas as pd
from scipy import sparse

from framelens.compare.inputs import as_labels
from framelens.errors import AnalysisError

log = logging.getLogger(__name__)

LOG_ODDS_COLUMNS = ["group", "comparison", "term", "ngram", "count_group", "count_other", "delta", "variance", "z",
                    "freq"]
PRIORS = ("pooled", "background", "uniform")


def log_odds_dirichlet(y_a, y_b, alpha, *, n_a: float | None = None, n_b: float | None = None,
                       alpha_0: float | None = None) -> dict:
    """Log-odds ratio, its full variance and z-score, term by term (formulas in the module docstring).

    Parameters
    ----------
    y_a, y_b : array, shape (n_terms,)
        Term counts in the two groups.
    alpha : float or array, shape (n_terms,)
        Dirichlet prior (> 0).
    n_a, n_b : float, optional
        Group totals; ``y_a.sum()`` and ``y_b.sum()`` when None (pass them when ``y`` holds only part
        of the vocabulary).
    alpha_0 : float, optional
        Prior total; ``alpha.sum()`` when None.

    Returns
    -------
    dict
        ``delta``, ``variance``, ``z`` (arrays).

    Examples
    --------
    >>> r = log_odds_dirichlet([3, 1, 0], [1, 2, 2], 1.0)
    >>> round(float(r["delta"][0]), 6), float(r["variance"][0])
    (1.386294, 1.25)
    """
    ya = np.asarray(y_a, dtype=np.float64)
    yb = np.asarray(y_b, dtype=np.float64)
    a = np.broadcast_to(np.asarray(alpha, dtype=np.float64), ya.shape)
    if (a <= 0).any():
        raise AnalysisError("the Dirichlet prior must be positive for every term",
                            fix="use prior='pooled' or 'uniform', or give a background with every term")
    na = ya.sum() if n_a is None else float(n_a)
    nb = yb.sum() if n_b is None else float(n_b)
    a0 = a.sum() if alpha_0 is None else float(alpha_0)
    in_a, in_b = ya + a, yb + a
    out_a, out_b = na + a0 - in_a, nb + a0 - in_b
    delta = np.log(in_a) - np.log(out_a) - (np.log(in_b) - np.log(out_b))
    variance = 1.0 / in_a + 1.0 / out_a + 1.0 / in_b + 1.0 / out_b
    return {"delta": delta, "variance": variance, "z": delta / np.sqrt(variance)}


def _documents(documents) -> pd.DataFrame:
    docs = getattr(documents, "documents", documents)
    if not isinstance(docs, pd.DataFrame):
        raise AnalysisError(f"expected a corpus or a documents DataFrame, got {type(documents).__name__}",
                            fix="pass corpus or corpus.documents (columns doc_id, outlet, text)")
    return docs


def fold_typography(text: str) -> str:
    """Lower case, with the curly apostrophe and the Unicode hyphen written as ``'`` and ``-``.

    Outlets differ in typography (``it’s`` against ``it's``); without folding, those differences
    top the list of distinctive terms and say nothing about framing.
    """
    return text.lower().replace("\u2019", "'").replace("\u2010", "-")


def make_vectorizer(ngram_range=(1, 2), **kwargs):
    """A ``CountVectorizer`` that tokenises with :data:`framelens.text.WORD_RE`, on text folded by
    :func:`fold_typography` (lower case, one apostrophe, one hyphen)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from framelens.text import WORD_RE

    params = {"token_pattern": WORD_RE.pattern, "preprocessor": fold_typography, "ngram_range": tuple(ngram_range),
              "dtype": np.int64}
    params.update(kwargs)
    return CountVectorizer(**params)


def _term_counts(documents, by: str, ngram_range, vectorizer):
    """Groups, term names (object array), n-gram orders and sparse group x term counts.

    Words and bigrams are counted by :func:`framelens.compare.ngram_counts.grouped_ngram_counts`
    (what the default vectorizer counts, several times faster); a vectorizer given, or longer
    n-grams, go through scikit-learn.
    """
    from framelens.compare.ngram_counts import MAX_ORDER, grouped_ngram_counts
    from framelens.compare.tokens import TextSequence

    docs = _documents(documents)
    for col in ("text", by):
        if col not in docs.columns:
            raise AnalysisError(f"documents have no {col!r} column", where="documents",
                                fix="pass corpus.documents (doc_id, outlet, text, ...)")
    labels = as_labels(docs[by])
    texts = TextSequence(docs["text"])  # made as read: the corpus's texts are never all str at once
    codes, groups = pd.factorize(labels, sort=True)
    if vectorizer is None and max(ngram_range) <= MAX_ORDER:  # the same counts, without a dict of bigrams
        try:
            counts, names, ngram = grouped_ngram_counts(texts, codes, len(groups), ngram_range=ngram_range)
        except ValueError as exc:  # empty vocabulary
            log.warning("distinctive terms: %s", exc)
            return list(groups), np.array([], dtype=object), np.array([], dtype=np.int64), sparse.csr_matrix(
                (len(groups), 0))
        return list(groups), names, ngram, counts
    vec = vectorizer or make_vectorizer(ngram_range)
    try:
        x = vec.fit_transform(texts)
    except ValueError as exc:  # empty vocabulary
        log.warning("distinctive terms: %s", exc)
        return list(groups), np.array([], dtype=object), np.array([], dtype=np.int64), sparse.csr_matrix(
            (len(groups), 0))
    ind = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(groups), len(codes)))
    counts = (ind @ x).tocsr()
    names = np.asarray(vec.get_feature_names_out(), dtype=object)
    ngram = np.fromiter((t.count(" ") + 1 for t in names), dtype=np.int64, count=len(names))
    return list(groups), names, ngram, counts


def group_term_counts(documents, *, by: str = "outlet", ngram_range=(1, 2), vectorizer=None
                      ) -> tuple[list[str], pd.DataFrame, sparse.csr_matrix]:
    """Term counts per group, sparse.

    Parameters
    ----------
    documents : Corpus or DataFrame
        Documents with ``text`` and the ``by`` column.
    by : str, default "outlet"
    ngram_range : tuple, default (1, 2)
    vectorizer : CountVectorizer, optional
        Used instead of :func:`make_vectorizer` (its ``ngram_range`` then applies).

    Returns
    -------
    groups : list of str
    terms : DataFrame
        ``term, ngram`` per column.
    counts : scipy.sparse.csr_matrix, shape (n_groups, n_terms)
    """
    groups, names, ngram, counts = _term_counts(documents, by, ngram_range, vectorizer)
    return groups, pd.DataFrame({"term": names, "ngram": ngram}), counts


def _background_counts(background, names: np.ndarray) -> np.ndarray:
    if isinstance(background, pd.DataFrame):
        if not {"term", "count"} <= set(background.columns):
            raise AnalysisError("background DataFrame needs columns 'term' and 'count'", where="background",
                                fix="pass a Series term -> count, or a DataFrame with term and count")
        background = background.groupby(background["term"].astype(str).str.lower())["count"].sum()
    elif isinstance(background, pd.Series):
        background = background.groupby(background.index.astype(str).str.lower()).sum()
    elif isinstance(background, dict):
        background = pd.Series(background, dtype=float)
    else:
        raise AnalysisError("prior='background' needs background= counts", where="background",
                            fix="pass a pandas Series term -> count (or DataFrame term, count)")
    return background.reindex(names).fillna(0).to_numpy(dtype=np.float64)


def _prior(prior: str, prior_scale: float | None, total: np.ndarray, names: np.ndarray, ngram: np.ndarray,
           background) -> np.ndarray:
    if prior == "uniform":
        return np.full(len(total), 0.01 if prior_scale is None else float(prior_scale))
    scale = 1.0 if prior_scale is None else float(prior_scale)
    if prior == "pooled":
        return scale * total
    alpha = scale * _background_counts(background, names)
    for order in np.unique(ngram):
        block = ngram == order
        missing = block & (alpha <= 0)
        if missing.any():
            pos = alpha[block & (alpha > 0)]
            floor = pos.min() if len(pos) else 0.01
            log.warning("background prior: %d of %d %d-gram(s) are not in the background; they get alpha=%g",
                        int(missing.sum()), int(block.sum()), int(order), floor)
            alpha[missing] = floor
    return alpha


def distinctive_terms(documents, *, by: str = "outlet", prior: str = "pooled", prior_scale: float | None = None,
                      background=None, ngram_range=(1, 2), comparisons=("rest", "pairwise"), min_count: int = 5,
                      top_n: int | None = None, max_pairwise_groups: int = 12, vectorizer=None) -> pd.DataFrame:
    """Terms that distinguish each group, by log-odds ratio with a Dirichlet prior (``log_odds`` table).

    Parameters
    ----------
    documents : Corpus or DataFrame
        Documents with ``text`` and the ``by`` column.
    by : str, default "outlet"
        Grouping column (e.g. "leaning").
    prior : {"pooled", "background", "uniform"}, default "pooled"
        See the module docstring.
    prior_scale : float, optional
        Prior strength (module docstring); 1.0 for pooled/background, 0.01 for uniform when None.
    background : Series or DataFrame, optional
        Background term counts for ``prior="background"``.
    ngram_range : tuple, default (1, 2)
        Words and bigrams.
    comparisons : tuple, default ("rest", "pairwise")
        ``"rest"``: each group against all other documents; ``"pairwise"``: each ordered pair.
    min_count : int, default 5
        Report only terms with at least this many occurrences in all documents analysed (all terms
        enter the totals and the prior).
    top_n : int, optional
        Keep the ``top_n`` terms with the largest z per group, comparison and n-gram order.
    max_pairwise_groups : int, default 12
        Pairwise comparisons are skipped (with a logged warning) above this many groups.
    vectorizer : CountVectorizer, optional
        A custom vectorizer (default: words by ``WORD_RE``, lower case, ``ngram_range``).

    Returns
    -------
    DataFrame
        The ``log_odds`` table, sorted by group, comparison, ngram and descending z.
    """
    if prior not in PRIORS:
        raise AnalysisError(f"unknown prior {prior!r}", fix="use one of: " + ", ".join(PRIORS))
    bad = set(comparisons) - {"rest", "pairwise"}
    if bad:
        raise AnalysisError(f"unknown comparison(s) {sorted(bad)}", fix="use 'rest' and/or 'pairwise'")
    from framelens.compare.against_rest import RestClasses, top_against_rest

    groups, names, ngram, counts = _term_counts(documents, by, ngram_range, vectorizer)
    if len(groups) < 2 or counts.shape[1] == 0:
        log.warning("distinctive terms need at least two groups with words (got %d group(s), %d terms)",
                    len(groups), counts.shape[1])
        return pd.DataFrame(columns=LOG_ODDS_COLUMNS)
    total = np.asarray(counts.sum(axis=0)).ravel().astype(np.float64)
    alpha = _prior(prior, prior_scale, total, names, ngram, background)
    pairs = []
    if "rest" in comparisons:
        pairs += [(g, "rest") for g in groups]
    if "pairwise" in comparisons:
        if len(groups) > max_pairwise_groups:
            log.warning("distinctive terms: %d groups, more than max_pairwise_groups=%d: pairwise comparisons "
                        "skipped (each-vs-rest kept)", len(groups), max_pairwise_groups)
        else:
            pairs += list(permutations(groups, 2))
    gpos = {g: i for i, g in enumerate(groups)}
    frames = []
    for order in sorted(np.unique(ngram)):
        block = ngram == order
        if block.sum() < 2:
            log.warning("distinctive terms: only one %d-gram type in the corpus, nothing to compare it with; "
                        "%d-grams skipped", int(order), int(order))
            continue
        # totals and prior mass over every term of this order; only reportable terms go further
        n_group = np.asarray(counts @ block.astype(np.float64)).ravel()
        n_all = n_group.sum()
        a0 = alpha[block].sum()
        keep = np.flatnonzero(block & (total >= min_count))
        if len(keep) == 0:
            continue
        # groups x reportable terms, sparse: a group's row is made dense only while it is compared with
        # another group (a dense matrix of every group grows with groups x terms: 590 MB for 321 outlets)
        y = counts[:, keep].tocsr()
        y.sort_indices()
        # against the rest: from each group's own terms (framelens.compare.against_rest), not every term
        rest = RestClasses(total[keep], alpha[keep])
        for g, other in pairs:
            i, na = gpos[g], n_group[gpos[g]]
            if other == "rest":
                own = slice(y.indptr[i], y.indptr[i + 1])
                r = top_against_rest(rest, y.indices[own], y.data[own], n_a=na, n_b=n_all - na, alpha_0=a0, n=top_n)
                frames.append((g, other, int(order), keep[r.positions], r.y_a, r.y_b, r.delta, r.variance, r.z))
                continue
            ya, yb, nb = _dense_row(y, i), _dense_row(y, gpos[other]), n_group[gpos[other]]
            res = log_odds_dirichlet(ya, yb, alpha[keep], n_a=na, n_b=nb, alpha_0=a0)
            # rank in numpy (descending z, ties in vocabulary order) and build rows only for what is kept
            sel = _top_terms(res["z"], keep, top_n)
            frames.append((g, other, int(order), keep[sel], ya[sel], yb[sel], res["delta"][sel],
                           res["variance"][sel], res["z"][sel]))
    if not frames:
        return pd.DataFrame(columns=LOG_ODDS_COLUMNS)
    sizes = [len(f[3]) for f in frames]
    idx = np.concatenate([f[3] for f in frames])
    out = pd.DataFrame({
        "group": np.repeat([f[0] for f in frames], sizes),
        "comparison": np.repeat([f[1] for f in frames], sizes),
        "term": names[idx],
        "ngram": np.repeat([f[2] for f in frames], sizes).astype(np.int64),
        "count_group": np.concatenate([f[4] for f in frames]).astype(np.int64),
        "count_other": np.concatenate([f[5] for f in frames]).astype(np.int64),
        "delta": np.concatenate([f[6] for f in frames]),
        "variance": np.concatenate([f[7] for f in frames]),
        "z": np.concatenate([f[8] for f in frames]),
        "freq": total[idx].astype(np.int64),
    })
    out = out.sort_values(["group", "comparison", "ngram", "z", "term"], ascending=[True, True, True, False, True],
                          kind="stable")
    return out[LOG_ODDS_COLUMNS].reset_index(drop=True)


def _dense_row(m: sparse.csr_matrix, i: int) -> np.ndarray:
    """Row ``i`` of ``m`` as a dense float64 vector."""
    return m[i].toarray().ravel().astype(np.float64, copy=False)


def _top_terms(z: np.ndarray, keep: np.ndarray, top_n: int | None) -> np.ndarray:
    """Positions of the ``top_n`` largest ``z`` (all when None), descending, ties in ``keep`` order.

    Only the terms at or above the ``top_n``-th largest z are sorted (the same order as sorting all).
    """
    if top_n is not None and 0 < top_n < len(z) and not np.isnan(z).any():
        threshold = np.partition(z, len(z) - top_n)[len(z) - top_n]
        cand = np.flatnonzero(z >= threshold)
        return cand[np.lexsort((keep[cand], -z[cand]))][:top_n]
    sel = np.lexsort((keep, -z))
    return sel if top_n is None else sel[:top_n]
