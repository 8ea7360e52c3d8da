"""Same-event comparison: is a difference between outlets framing, or only a different mix of stories?

Outlets cover different stories, and some stories call for more hedging or attribution than others.
Where documents carry an ``event_id`` (BASIL triplets, NewsWCL50 events, PAC and NeuS stories), this
module compares two outlets *within* each event both covered, then summarises over events:

- per event e both outlets covered: ``d_e = rate_a(e) - rate_b(e)`` (rates per 1,000 words, ratio of
  sums over the outlet's documents on that event);
- ``within_diff`` = mean of ``d_e``; ``pooled_diff`` = rate_a - rate_b over *all* their documents;
- ``within_ci_low``, ``within_ci_high``: 95% percentile bootstrap interval of ``within_diff`` over the
  shared events (each event one unit, :data:`N_BOOT_EVENTS` seeded resamples; NaN for fewer than two
  events).

When ``pooled_diff`` and ``within_diff`` disagree, the pooled difference owes something to topic mix.

Tests over the events (each event one paired observation):

- sign-flip permutation test (the ``within_event`` table): under the null each ``d_e`` is symmetric
  about 0, so flipping signs gives the null distribution of the mean; exact enumeration of all 2^n
  sign patterns for n <= ``exact_max`` events, else ``n_perm`` random patterns,
  p = (1 + #{|mean*| >= |mean|}) / (1 + n_perm). ``statistic`` is the paired t statistic
  ``mean(d) / (sd(d) / sqrt(n))``: sign flips leave ``sum(d^2)`` unchanged, so ``|t|`` ranks sign
  patterns exactly as ``|mean|`` does and the test is the same;
- sign test (binomial on the number of events with ``d_e > 0`` among those with ``d_e != 0``), in the
  ``tests`` table only.

``p_adjusted``: Benjamini–Hochberg across every feature and outlet pair of the analysis.

``within_event`` table, one row per feature x outlet pair (``outlet_a < outlet_b``):
``feature, outlet_a, outlet_b, pooled_diff, within_diff, within_ci_low, within_ci_high, n_events,
statistic, p_value, p_adjusted, note``. Rows of the ``tests`` table: ``analysis`` is ``"within_event_sign_flip"`` or
``"within_event_sign"``, ``concept_or_feature`` is ``"<feature> [<a> - <b>]"``, ``n`` the number of
events, ``dof`` NaN (no degrees of freedom for these tests); the sign test's ``statistic`` is the
number of events with ``d_e > 0``.
"""
from __future__ import annotations

import logging
from itertools import combinations, product

import numpy as np
import pandas as pd
from scipy import stats

from framelens.compare.inputs import group_rng, prepare
from framelens.compare.multiple import benjamini_hochberg
from framelens.compare.threads import single_threaded

log = logging.getLogger(__name__)

WITHIN_COLUMNS = ["feature", "outlet_a", "outlet_b", "pooled_diff", "within_diff", "within_ci_low",
                  "within_ci_high", "n_events", "statistic", "p_value", "p_adjusted", "note"]
#: Bootstrap resamples of the shared events for the interval of ``within_diff``.
N_BOOT_EVENTS = 2000


def event_bootstrap_ci(differences: np.ndarray, rng: np.random.Generator, n_boot: int = N_BOOT_EVENTS,
                       level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the mean paired difference, resampling events (rows) with replacement.

    ``differences`` has one row per event and one column per feature; returns (low, high) per
    column, NaN with fewer than two events.
    """
    d = np.asarray(differences, dtype=float)
    if d.ndim == 1:
        d = d[:, None]
    if len(d) < 2:
        return np.full(d.shape[1], np.nan), np.full(d.shape[1], np.nan)
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))
    means = d[idx].mean(axis=1)
    alpha = (1 - level) / 2
    return np.quantile(means, alpha, axis=0), np.quantile(means, 1 - alpha, axis=0)
TEST_COLUMNS = ["analysis", "concept_or_feature", "test", "statistic", "dof", "p_value", "p_adjusted", "n", "note"]


def sign_flip_test(differences, *, n_perm: int = 9999, exact_max: int = 15, rng: np.random.Generator | None = None,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided sign-flip permutation test of mean zero, for several columns at once.

    Parameters
    ----------
    differences : array, shape (n_events,) or (n_events, k)
        Paired differences, one row per event.
    n_perm : int, default 9999
        Random sign patterns when ``n_events > exact_max``.
    exact_max : int, default 15
        Up to this many events every one of the 2^n patterns is enumerated (exact p-value).
    rng : numpy Generator, optional
    seed : int, default 0

    Returns
    -------
    t, p : arrays of length k
        Paired t statistics and p-values (NaN where every difference is 0).
    """
    d = np.asarray(differences, dtype=np.float64)
    if d.ndim == 1:
        d = d[:, None]
    n, k = d.shape
    mean = d.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = d.std(axis=0, ddof=1) if n > 1 else np.full(k, np.nan)
        t = mean / (sd / np.sqrt(n))
    t = np.where((sd == 0) & (mean == 0), np.nan, t)
    obs = np.abs(mean)
    tol = 1e-12 * np.maximum(1.0, np.abs(d).max(axis=0, initial=0.0))
    if n == 0:
        return np.full(k, np.nan), np.full(k, np.nan)
    if n <= exact_max:
        signs = np.array(list(product((1.0, -1.0), repeat=n)))
        null = np.abs(signs @ d) / n
        p = np.mean(null >= obs - tol, axis=0)
    else:
        rng = rng or np.random.default_rng(seed)
        exceed = np.zeros(k)
        chunk = max(1, min(n_perm, 2_000_000 // n))
        done = 0
        while done < n_perm:
            b = min(chunk, n_perm - done)
            signs = rng.integers(0, 2, size=(b, n)) * 2.0 - 1.0
            exceed += np.sum(np.abs(signs @ d) / n >= obs - tol, axis=0)
            done += b
        p = (1.0 + exceed) / (1.0 + n_perm)
    p = np.where(np.all(d == 0, axis=0), np.nan, p)
    return t, p


def _event_rates(df: pd.DataFrame, by: str, feats: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ev = df[df["event_id"] != ""]
    grouped = ev.groupby(["event_id", by], sort=True)[["words"] + feats].sum()
    words = grouped["words"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1000.0 * grouped[feats].to_numpy(dtype=np.float64) / words[:, None]
    rates = pd.DataFrame(rates, index=grouped.index, columns=feats)
    return rates[words > 0], grouped


@single_threaded
def within_event_differences(doc_features: pd.DataFrame, *, by: str = "outlet", features: list[str] | None = None,
                             outlets: list[str] | None = None, n_perm: int = 9999, exact_max: int = 15,
                             seed: int = 0, max_outlets: int = 12, with_tests: bool = False):
    """Paired within-event differences between outlets, beside the pooled ones (``within_event`` table).

    Parameters
    ----------
    doc_features : DataFrame
        One row per document with ``event_id`` ("" where unknown).
    by : str, default "outlet"
    features : list of str, optional
        Count columns; all when None.
    outlets : list of str, optional
        Compare only these (every pair of them).
    n_perm : int, default 9999
        Random sign patterns when there are more than ``exact_max`` shared events.
    exact_max : int, default 15
    seed : int, default 0
    max_outlets : int, default 12
        Without ``outlets``, only the ``max_outlets`` outlets covering the most events are paired
        (logged), so that the number of pairs stays readable.
    with_tests : bool, default False
        Also return the rows for the ``tests`` table (sign-flip and sign tests).

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) with ``with_tests``
        The ``within_event`` table (module docstring) [and ``tests`` rows].
    """
    df, feats = prepare(doc_features, by=by, features=features)
    cols = ["feature", f"{by}_a", f"{by}_b"] + WITHIN_COLUMNS[3:]
    empty = (pd.DataFrame(columns=cols), pd.DataFrame(columns=TEST_COLUMNS))
    if (df["event_id"] == "").all():
        log.warning("within-event comparison: no document has an event_id, so outlets cannot be compared on "
                    "the same events (pooled rates are in the rates table)")
        return empty if with_tests else empty[0]
    rates, grouped = _event_rates(df, by, feats)
    cover = rates.reset_index().groupby(by)["event_id"].nunique().sort_values(ascending=False, kind="stable")
    if outlets is not None:
        chosen = sorted(str(o) for o in outlets)
    else:
        chosen = sorted(cover.index[:max_outlets])
        if len(cover) > max_outlets:
            log.warning("within-event comparison: %d outlets have events; pairing the %d that cover the most "
                        "events (pass outlets= to choose)", len(cover), max_outlets)
    if len(chosen) < 2:
        log.warning("within-event comparison needs two outlets with events; found %s", chosen)
        return empty if with_tests else empty[0]
    totals = df.groupby(by)[["words"] + feats].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = 1000.0 * totals[feats].div(totals["words"].where(totals["words"] > 0), axis=0)
    rows, test_rows = [], []
    for a, b in combinations(chosen, 2):
        ra = rates.xs(a, level=by) if a in rates.index.get_level_values(by) else rates.iloc[:0].droplevel(by)
        rb = rates.xs(b, level=by) if b in rates.index.get_level_values(by) else rates.iloc[:0].droplevel(by)
        shared = ra.index.intersection(rb.index).sort_values()
        d = ra.loc[shared].to_numpy() - rb.loc[shared].to_numpy()
        n = len(shared)
        pd_diff = (pooled.loc[a] - pooled.loc[b]).to_numpy() if a in pooled.index and b in pooled.index \
            else np.full(len(feats), np.nan)
        if n >= 2:
            t, p = sign_flip_test(d, n_perm=n_perm, exact_max=exact_max, rng=group_rng(seed, "within", a, b))
        else:
            t, p = np.full(len(feats), np.nan), np.full(len(feats), np.nan)
        lo, hi = event_bootstrap_ci(d.reshape(n, len(feats)), group_rng(seed, "within-ci", a, b))
        for j, f in enumerate(feats):
            within = float(d[:, j].mean()) if n else np.nan
            note = ""
            if n == 0:
                note = "no event covered by both outlets"
            elif n == 1:
                note = "one shared event: no test"
            elif np.all(d[:, j] == 0):
                note = "every paired difference is 0: nothing to test"
            elif np.isinf(t[j]):
                note = "every paired difference is the same: t is infinite"
            elif n <= 5:
                note = f"only {n} shared events: the smallest possible p-value is {2 / 2 ** n:.3g}"
            if np.isnan(pd_diff[j]):
                note = "; ".join(x for x in (note, "an outlet has no words: pooled rate undefined") if x)
            rows.append((f, a, b, pd_diff[j], within, lo[j], hi[j], n, t[j], p[j], note))
            label = f"{f} [{a} - {b}]"
            test_rows.append(("within_event_sign_flip", label, "sign_flip_permutation", t[j], np.nan, p[j], n, note))
            pos, nonzero = int(np.sum(d[:, j] > 0)), int(np.sum(d[:, j] != 0))
            if nonzero:
                sp = stats.binomtest(pos, nonzero, 0.5).pvalue
                snote = "" if nonzero == n else f"{n - nonzero} tied event(s) (difference 0) left out"
            else:
                sp, snote = np.nan, note or "no event with a non-zero difference"
            test_rows.append(("within_event_sign", label, "sign_test", float(pos), np.nan, float(sp), n, snote))
    out = pd.DataFrame(rows, columns=["feature", f"{by}_a", f"{by}_b", "pooled_diff", "within_diff", "within_ci_low",
                                      "within_ci_high", "n_events", "statistic", "p_value", "note"])
    out["p_adjusted"] = benjamini_hochberg(out["p_value"].to_numpy(dtype=float))
    out = out[cols]
    if not with_tests:
        return out
    tests = pd.DataFrame(test_rows, columns=["analysis", "concept_or_feature", "test", "statistic", "dof",
                                             "p_value", "n", "note"])
    tests["p_adjusted"] = np.nan
    for _, idx in tests.groupby("analysis", sort=False).groups.items():
        tests.loc[idx, "p_adjusted"] = benjamini_hochberg(tests.loc[idx, "p_value"].to_numpy(dtype=float))
    return out, tests[TEST_COLUMNS]
