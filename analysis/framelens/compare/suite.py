"""``compare_all``: every outlet comparison in one call, as a dict of tidy tables.

This is what ``framelens compare`` and ``framelens analyze`` write and what notebooks call. Each table
is documented in its module: ``rates``, ``rate_distributions`` (:mod:`~framelens.compare.rates`),
``shares`` (:mod:`~framelens.compare.shares`), ``sources`` (who is attributed,
:mod:`~framelens.compare.sources`), ``tests`` (naming independence, and the same-event
sign-flip and sign tests; Benjamini–Hochberg within each ``analysis``), ``log_odds``
(:mod:`~framelens.compare.logodds`), ``within_event`` (:mod:`~framelens.compare.same_event`),
``similarity``, ``clustering``, ``leaf_order``, ``predictability``, ``coefficients``
(:mod:`~framelens.compare.profiles`) and ``over_time`` (:mod:`~framelens.compare.over_time`).
"""
from __future__ import annotations

import logging
import time

import pandas as pd

from framelens.compare.logodds import LOG_ODDS_COLUMNS, distinctive_terms
from framelens.compare.over_time import rates_over_time
from framelens.compare.profiles import cluster_outlets, outlet_predictability, outlet_similarity
from framelens.compare.rates import rate_distributions, rate_table
from framelens.compare.same_event import within_event_differences
from framelens.compare.shares import TEST_COLUMNS, naming_shares, naming_tests
from framelens.compare.sources import source_shares
from framelens.compare.threads import single_threaded

log = logging.getLogger(__name__)

#: The stages of :func:`compare_all`, in the order they run (its progress bar has one step each).
STAGES = ("rates and shares", "naming tests", "sources", "same-event", "log-odds", "similarity", "predictability",
          "over time")

#: Table names returned by :func:`compare_all`, in output order.
TABLES = ("rates", "rate_distributions", "shares", "sources", "tests", "log_odds", "within_event", "similarity",
          "clustering", "leaf_order", "predictability", "coefficients", "over_time")


@single_threaded
def compare_all(corpus, hits: pd.DataFrame | None, doc_features: pd.DataFrame, *, seed: int = 0, n_boot: int = 1000,
                level: float = 0.95, scheme: str = "auto", interval: str = "studentized", by: str = "outlet",
                n_perm: int = 2000,
                naming_method: str = "auto", log_odds: bool = True, prior: str = "pooled",
                prior_scale: float | None = None, background=None, log_odds_top_n: int | None = 50,
                log_odds_min_count: int = 5, predictability: bool = True,
                representations=("framing", "words"), over_time: bool = True, max_outlets: int = 12,
                similarity_outlets: int | None = 200,
                resolve_pronouns: bool = False, both_voices: bool = True, progress: bool = False
                ) -> dict[str, pd.DataFrame]:
    """Compute every comparison table.

    Parameters
    ----------
    corpus : Corpus or DataFrame or None
        The documents (texts for distinctive terms and the words model); None skips those.
    hits : DataFrame or None
        The hits table (naming variants for shares, tests and profiles).
    doc_features : DataFrame
        One row per document (``framelens.features.document_features``), for one voice: its
        ``voice`` column (narration by default) decides whose words every table measures, and the
        hits are taken in that voice too (a table without the column counts every hit).
    seed : int, default 0
        Seed of every bootstrap, permutation and cross-validation shuffle.
    n_boot : int, default 1000
        Bootstrap replicates.
    level : float, default 0.95
        Interval coverage.
    scheme : {"auto", "documents", "events", "outlets", "stratified"}, default "auto"
        Bootstrap resampling scheme (see :mod:`framelens.compare.resample`; ``"auto"`` resamples
        outlets in groups that hold several, e.g. ``by="leaning"``).
    interval : {"studentized", "percentile"}, default "studentized"
        Bootstrap interval type.
    by : str, default "outlet"
        Grouping column.
    n_perm : int, default 2000
        Permutations for the naming tests (the sign-flip test uses 9,999 or exact enumeration).
    naming_method : {"auto", "chi2", "permutation"}, default "auto"
    log_odds : bool, default True
        Compute distinctive terms (needs ``corpus``).
    prior, prior_scale, background
        Dirichlet prior of the log-odds (see :func:`distinctive_terms`).
    log_odds_top_n : int or None, default 50
        Terms kept per group, comparison and n-gram order.
    log_odds_min_count : int, default 5
    predictability : bool, default True
        Fit the outlet classifiers.
    representations : tuple, default ("framing", "words")
    over_time : bool, default True
    max_outlets : int, default 12
        Pairwise comparisons (same-event, pairwise log-odds) only among this many outlets.
    similarity_outlets : int or None, default 200
        The ``similarity`` table holds every pair among this many outlets (those with most
        documents) and, for each other outlet, its ten most similar of them; the clustering joins
        those outlets (``max_outlets`` of :func:`~framelens.compare.profiles.outlet_similarity`).
    resolve_pronouns : bool, default False
        In the ``sources`` table, count "he"/"she" sources for the person they most likely stand for
        (see :func:`framelens.compare.sources.attribution_sources`).
    both_voices : bool, default True
        When ``doc_features`` is of the narration or the quoted voice and ``corpus`` and ``hits``
        are given, ``rates`` and ``shares`` also hold the other voice (rows with its ``voice``),
        so that what an outlet says itself and what it quotes stand side by side. Tests,
        same-event comparisons, similarity and predictability use the voice of ``doc_features``.
    progress : bool, default False
        Show a progress bar with a step per stage (:data:`STAGES`), each named with its seconds.

    Returns
    -------
    dict of str -> DataFrame
        Keys :data:`TABLES`.
    """
    from framelens.features import document_features, hits_of_voice, with_document_column

    all_hits = hits if hits is not None else pd.DataFrame(columns=["doc_id", "family", "concept", "variant"])
    voice = feature_voice(doc_features)
    hits = hits_of_voice(all_hits, voice)
    docs = getattr(corpus, "documents", corpus)
    doc_features = with_document_column(doc_features, docs, by)
    out: dict[str, pd.DataFrame] = {}
    clock, cpu_clock = time.perf_counter(), time.process_time()
    bar = None
    if progress:  # one step per stage, named as it finishes, with the time each took
        from tqdm.auto import tqdm

        bar = tqdm(total=len(STAGES), desc="compare", unit="stage", dynamic_ncols=True)

    def lap(name):
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        log.info("compare: %s in %.2f s (%.2f s CPU)", name, now - clock, cpu_now - cpu_clock)
        if bar is not None:
            bar.set_postfix_str(f"{name} {now - clock:.1f} s", refresh=False)
            bar.update(1)
            if bar.n >= bar.total:
                bar.close()
        clock, cpu_clock = now, cpu_now

    def rates_and_shares(v_hits, v_features, v):
        r = rate_table(v_features, by=by, n_boot=n_boot, seed=seed, level=level, scheme=scheme, interval=interval)
        sh = naming_shares(v_hits, v_features, by=by, n_boot=n_boot, seed=seed, level=level, scheme=scheme,
                           interval=interval)
        return r.assign(voice=v), sh.assign(voice=v)

    out["rates"], out["shares"] = rates_and_shares(hits, doc_features, voice)
    other = {"narration": "quoted", "quoted": "narration"}.get(voice)
    if both_voices and other and hits is not None and len(all_hits) and docs is not None \
            and "text" in getattr(docs, "columns", ()):
        o_features = document_features(corpus, all_hits, voice=other, features=_feature_list(doc_features))
        o_features = with_document_column(o_features, doc_features, by)
        o_rates, o_shares = rates_and_shares(hits_of_voice(all_hits, other), o_features, other)
        out["rates"] = pd.concat([out["rates"], o_rates], ignore_index=True)
        out["shares"] = pd.concat([out["shares"], o_shares], ignore_index=True)
    out["rate_distributions"] = rate_distributions(doc_features, by=by)
    lap("rates and shares")
    naming = naming_tests(hits, doc_features, by=by, method=naming_method, n_perm=n_perm, seed=seed)
    lap("naming tests")
    out["sources"] = source_shares(hits, doc_features, by=by, n_boot=n_boot, seed=seed, level=level, scheme=scheme,
                                   interval=interval, resolve_pronouns=resolve_pronouns)
    lap("sources")
    within, within_tests = within_event_differences(doc_features, by=by, seed=seed, max_outlets=max_outlets,
                                                    with_tests=True)
    out["within_event"] = within
    frames = [t for t in (naming, within_tests) if len(t)]
    out["tests"] = pd.concat(frames, ignore_index=True)[TEST_COLUMNS] if frames else pd.DataFrame(columns=TEST_COLUMNS)
    lap("same-event")
    if log_odds and docs is not None:
        out["log_odds"] = distinctive_terms(docs, by=by, prior=prior, prior_scale=prior_scale, background=background,
                                            min_count=log_odds_min_count, top_n=log_odds_top_n,
                                            max_pairwise_groups=max_outlets)
    else:
        out["log_odds"] = pd.DataFrame(columns=LOG_ODDS_COLUMNS)
    lap("log-odds")
    out["similarity"] = outlet_similarity(doc_features, hits, by=by, max_outlets=similarity_outlets)
    clusters = cluster_outlets(out["similarity"])
    out["clustering"] = clusters["table"]
    out["leaf_order"] = pd.DataFrame({"position": range(len(clusters["leaves"])), "outlet": clusters["leaves"]})
    lap("similarity")
    if predictability:
        reps = tuple(r for r in representations if r != "words" or docs is not None)
        out["predictability"], out["coefficients"] = outlet_predictability(doc_features, hits, docs, by=by,
                                                                           representations=reps, seed=seed)
    else:
        from framelens.compare.profiles import COEFFICIENT_COLUMNS, PREDICTABILITY_COLUMNS

        out["predictability"] = pd.DataFrame(columns=PREDICTABILITY_COLUMNS)
        out["coefficients"] = pd.DataFrame(columns=COEFFICIENT_COLUMNS)
    lap("predictability")
    if over_time:
        out["over_time"] = rates_over_time(doc_features, by=by, n_boot=n_boot, seed=seed, level=level, scheme=scheme,
                                           interval=interval)
    else:
        from framelens.compare.over_time import OVER_TIME_COLUMNS

        out["over_time"] = pd.DataFrame(columns=OVER_TIME_COLUMNS)
    lap("over time")
    return {name: out[name] for name in TABLES}


def feature_voice(doc_features: pd.DataFrame) -> str:
    """The voice a document-features table was made for (``"all"`` when it does not say)."""
    if "voice" not in doc_features.columns or not len(doc_features):
        return "all"
    voices = doc_features["voice"].astype(str).unique()
    if len(voices) > 1:
        from framelens.errors import AnalysisError

        raise AnalysisError(f"doc_features mixes voices {sorted(voices)}",
                            fix="make one table per voice: document_features(corpus, hits, voice=...)")
    return str(voices[0])


def _feature_list(doc_features: pd.DataFrame) -> list[str]:
    from framelens.compare.inputs import feature_columns

    return feature_columns(doc_features)
