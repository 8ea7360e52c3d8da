"""framelens.explore.terms._first_by_z: the same positions as sorting every candidate."""
import numpy as np
import pytest

from framelens.explore.terms import _first_by_z


@pytest.mark.parametrize("seed", range(20))
def test_the_first_n_by_z_are_those_of_a_full_sort_ties_and_nan_included(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 300))
    z = rng.choice([-2.0, -0.0, 0.0, 1.5, 3.0, np.nan, np.inf, -np.inf], size=m) if seed % 2 else rng.normal(size=m)
    cand = np.sort(rng.choice(10 * m, size=m, replace=False))
    for n in (0, 1, m // 3, m - 1, m, m + 5):
        assert _first_by_z(z, cand, n).tolist() == np.lexsort((cand, -z))[:n].tolist()
