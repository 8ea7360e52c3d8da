"""The most distinctive terms of one side against the rest, from the side's nonzero counts only.

The distinctive terms of the comparison (:func:`framelens.compare.logodds.distinctive_terms`, each
group against the rest) and of the explorer (:meth:`framelens.explore.terms.TermCounts.select`, each
outlet and group against the rest) rank every term of the vocabulary by the z of its log-odds
(:func:`~framelens.compare.logodds.log_odds_dirichlet`). Computing the z of every term for every side
costs sides x terms: at 10x the AllSides subset (1,070 outlets, about 100,000 reportable terms) it
was most of the log-odds stage and of the explorer's term selection.

A side uses few of the terms. A term it does not use has ``y_a = 0`` and ``y_b`` equal to the term's
count in the rest's baseline (its corpus total), so its z depends only on that count and its prior
``alpha``: terms alike in both share one z. :class:`RestClasses` groups the terms by (count, alpha)
once; :func:`top_against_rest` computes the z of the side's own terms and of each class, finds the
n-th highest z counting each class as many times as it has unused terms, and sorts only the terms
at or above it. The result is the one of computing every term's z and sorting all of them (highest
z first, ties by term position, NaN last): the same terms in the same order with the same numbers,
since every z is computed by the same function from the same inputs (numpy's element-wise
arithmetic gives an element the same result whatever array it is in; a property test compares the
two ways).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from framelens.compare.logodds import log_odds_dirichlet


class RestClasses:
    """Terms grouped by (baseline count, prior): the terms whose z is the same where a side has none.

    Parameters
    ----------
    base : array of float, shape (n_terms,)
        Each term's count on the rest's side when the side has none of it (``y_b = base - y_a``).
    alpha : array of float, shape (n_terms,)
        Each term's prior.

    Attributes
    ----------
    n_terms : int
    class_of : ndarray of int, shape (n_terms,)
        The class of each term.
    base_, alpha_ : ndarray of float, shape (n_classes,)
        The count and prior of each class.
    members : ndarray of int
        Term positions, class by class, ascending within a class (``members[starts[c]:starts[c + 1]]``).
    starts : ndarray of int, shape (n_classes + 1,)
    sizes : ndarray of int, shape (n_classes,)
    """

    def __init__(self, base, alpha):
        base = np.asarray(base, dtype=np.float64)
        alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), base.shape)
        self.n_terms = len(base)
        self.members = np.lexsort((np.arange(self.n_terms), alpha, base))  # by count, prior, then position
        b, a = base[self.members], alpha[self.members]
        new = np.ones(self.n_terms, dtype=bool)
        new[1:] = (b[1:] != b[:-1]) | (a[1:] != a[:-1])  # NaN never equals itself: a class of its own
        firsts = np.flatnonzero(new)
        self.starts = np.append(firsts, self.n_terms)
        self.sizes = np.diff(self.starts)
        self.base_, self.alpha_ = b[firsts], a[firsts]
        self.class_of = np.empty(self.n_terms, dtype=np.int64)
        self.class_of[self.members] = np.repeat(np.arange(len(firsts)), self.sizes)


@dataclass(frozen=True)
class Ranked:
    """The top terms of a side, best first: term ``positions`` and their ``y_a``, ``y_b``,
    ``delta``, ``variance`` and ``z``."""
    positions: np.ndarray
    y_a: np.ndarray
    y_b: np.ndarray
    delta: np.ndarray
    variance: np.ndarray
    z: np.ndarray


def top_against_rest(rest: RestClasses, positions, counts, *, n_a: float, n_b: float, alpha_0: float,
                     n: int | None) -> Ranked:
    """The ``n`` terms with the highest z of one side against the rest (all terms, ranked, when None).

    Parameters
    ----------
    rest : RestClasses
        The terms' baseline counts and priors.
    positions : array of int
        Positions of the terms the side has (ascending, distinct); others have ``y_a = 0``.
    counts : array of float
        The side's count of each of those terms.
    n_a, n_b, alpha_0 : float
        Totals of the side and of the rest, and the prior's total (as for ``log_odds_dirichlet``).
    n : int or None

    Returns
    -------
    Ranked
        What ``np.lexsort((position, -z))[:n]`` over every term's z would select, in that order.
    """
    positions = np.asarray(positions, dtype=np.int64)
    ya = np.asarray(counts, dtype=np.float64)
    if n is not None and n <= 0:
        empty = np.zeros(0)
        return Ranked(np.zeros(0, dtype=np.int64), empty, empty, empty, empty, empty)
    own_class = rest.class_of[positions]
    own_base = rest.base_[own_class]
    own = log_odds_dirichlet(ya, own_base - ya, rest.alpha_[own_class], n_a=n_a, n_b=n_b, alpha_0=alpha_0)
    unused = rest.sizes - np.bincount(own_class, minlength=len(rest.sizes))  # terms of each class the side lacks
    zero = np.zeros(len(rest.sizes))
    cls = log_odds_dirichlet(zero, rest.base_, rest.alpha_, n_a=n_a, n_b=n_b, alpha_0=alpha_0)
    full = n is None or n >= rest.n_terms or np.isnan(own["z"]).any() or np.isnan(cls["z"][unused > 0]).any()
    if full:  # every term is a candidate
        keep_own, keep_cls = np.ones(len(positions), dtype=bool), unused > 0
    else:
        threshold = _nth_highest(np.concatenate([own["z"], cls["z"]]),
                                 np.concatenate([np.ones(len(positions), dtype=np.int64), unused]), n)
        keep_own, keep_cls = own["z"] >= threshold, (unused > 0) & (cls["z"] >= threshold)
    picked = np.flatnonzero(keep_cls)
    members = [rest.members[rest.starts[c]:rest.starts[c + 1]] for c in picked.tolist()]
    cls_pos = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    cls_of = np.repeat(picked, [len(m) for m in members])
    unused_pos = ~_isin_sorted(cls_pos, positions)
    cls_pos, cls_of = cls_pos[unused_pos], cls_of[unused_pos]
    cand = np.concatenate([positions[keep_own], cls_pos])
    z = np.concatenate([own["z"][keep_own], cls["z"][cls_of]])
    order = np.lexsort((cand, -z))
    if n is not None:
        order = order[:n]

    def pick(own_values, cls_values):
        return np.concatenate([own_values[keep_own], cls_values[cls_of]])[order]

    return Ranked(positions=cand[order], y_a=pick(ya, zero), y_b=pick(own_base - ya, rest.base_),
                  delta=pick(own["delta"], cls["delta"]), variance=pick(own["variance"], cls["variance"]),
                  z=z[order])


def _nth_highest(values: np.ndarray, weights: np.ndarray, n: int) -> float:
    """The ``n``-th highest of ``values``, each counted ``weights`` times (at least ``n`` in all)."""
    order = np.argsort(-values, kind="stable")
    at = int(np.searchsorted(np.cumsum(weights[order]), n))
    return values[order[at]]


def _isin_sorted(values: np.ndarray, sorted_pool: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_pool)`` for an ascending ``sorted_pool``."""
    if len(sorted_pool) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_pool, values), len(sorted_pool) - 1)
    return sorted_pool[at] == values
