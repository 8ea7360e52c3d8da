"""Bounded, seeded samples of evidence: which rows of a big table the explorer keeps.

Every row gets a seeded random priority after the rows are put in a canonical order (so the sample
does not depend on the order an engine produced them in), and each cell (for example outlet x
feature) keeps the rows with the smallest priorities: a reservoir sample, uniform without
replacement within the cell. How many rows a cell keeps comes from one global budget, shared by
water-filling: every cell keeps ``min(size, k)`` rows with the largest ``k`` whose total fits, so a
rare cell keeps all its rows and a big one is cut to ``k``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def water_level(sizes, budget: int) -> int:
    """The largest ``k`` such that ``sum(min(size, k)) <= budget``.

    Parameters
    ----------
    sizes : array of int
        Rows in each cell.
    budget : int
        Rows that may be kept in all.

    Returns
    -------
    int
        ``max(sizes)`` when everything fits, ``0`` when not even one row per cell fits.

    Examples
    --------
    >>> water_level([1, 5, 10], 9)
    4
    >>> water_level([1, 5, 10], 100)
    10
    """
    s = np.sort(np.asarray(sizes, dtype=np.int64))
    if len(s) == 0 or s.sum() <= budget:
        return int(s.max()) if len(s) else 0
    # kept(k) = sum(min(s, k)) is increasing in k: binary search between 0 and max(s)
    lo, hi = 0, int(s[-1])
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if int(np.minimum(s, mid).sum()) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _canonical(table: pd.DataFrame, columns: list[str]) -> list[np.ndarray]:
    """Sort keys of ``columns``: numbers as they are, anything else as text."""
    keys = []
    for c in columns:
        col = table[c]
        keys.append(col.to_numpy() if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
                    else col.astype(str).to_numpy())
    return keys


def _lexsort(table: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return np.lexsort(list(reversed(_canonical(table, columns)))) if columns else np.arange(len(table))


def seeded_priorities(table: pd.DataFrame, order: list[str], seed: int) -> np.ndarray:
    """One random priority per row of ``table``, drawn in the canonical order ``order`` of its rows.

    The same rows and seed give the same priority to the same row whatever order ``table`` is in.
    """
    draws = np.random.default_rng(seed).random(len(table))
    out = np.empty(len(table))
    out[_lexsort(table, order)] = draws
    return out


def sample_per_cell(table: pd.DataFrame, cells: list[str], budget: int, *, seed: int = 0,
                    order: list[str] | None = None, balance: str | None = None) -> tuple[pd.DataFrame, int]:
    """Keep at most ``k`` rows per cell of ``table`` (a seeded reservoir sample), ``k`` water-filled
    from ``budget``.

    Parameters
    ----------
    table : DataFrame
        The rows to sample from.
    cells : list of str
        Columns whose values make a cell (e.g. ``["outlet", "feature"]``).
    budget : int
        Rows kept in all, at most.
    seed : int, default 0
        Seed of the priorities.
    order : list of str, optional
        Columns that put the rows in a canonical order before the priorities are drawn (default:
        ``cells``); they should identify a row.
    balance : str, optional
        A column to spread each cell's sample over: round robin over its values, the values with
        most rows first (e.g. ``"outlet"``, so that a term's sentences come from the outlets that
        use it most, then from the others).

    Returns
    -------
    sample : DataFrame
        The kept rows, in canonical order, index reset.
    k : int
        Rows kept per cell at most.
    """
    if table.empty:
        return table.reset_index(drop=True), 0
    order = list(order or cells)
    priority = seeded_priorities(table, order, seed)
    cell = _group_codes(table, cells)
    k = water_level(np.bincount(cell), budget)
    if balance is None:
        visit = np.argsort(priority, kind="stable")
    else:
        # rank within (cell, balance value) first, so that a cell's first rows visit every value, the
        # values with most rows first (the outlets that use a term most show first); ties in row order
        sub = _group_codes(table, cells + [balance])
        within = _cumcount(sub, np.lexsort((priority, sub)))
        # a row ranked k or later within its (cell, value) has k rows of its cell visited before it,
        # so only the rows ranked below k are visited: they come first, in the same order
        first = np.flatnonzero(within < k)
        visit = first[np.lexsort((priority[first], -np.bincount(sub)[sub[first]], within[first]))]
    keep = np.zeros(len(table), dtype=bool)
    keep[visit] = _cumcount(cell[visit], np.arange(len(visit))) < k
    kept = table.iloc[visit[keep[visit]]]  # in visit order, so that rows tied in ``order`` keep it
    return kept.iloc[_lexsort(kept, order)].reset_index(drop=True), k


def _group_codes(table: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A group number per row for the values of ``columns`` (missing values a group of their own)."""
    codes = table[columns].groupby(columns, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    return codes.astype(np.int32 if len(table) < 2 ** 31 else np.int64)  # millions of rows: 4 bytes each


def _cumcount(groups: np.ndarray, visit: np.ndarray) -> np.ndarray:
    """Per row, how many rows of its group come before it when the rows are taken in the order
    ``visit`` (a permutation of the rows)."""
    g = groups[visit]
    if len(g) > 1 and not np.all(g[1:] >= g[:-1]):  # group the visits of each group, in visit order
        by_group = np.argsort(g, kind="stable")
        g, visit = g[by_group], visit[by_group]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    rank = np.empty(len(g), dtype=np.int64)
    rank[visit] = np.arange(len(g)) - first
    return rank
