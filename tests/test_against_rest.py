"""framelens.compare.against_rest: a side's top terms from its own counts are those of computing
every term's z and sorting all of them (same positions, same order, same numbers bit for bit)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framelens.compare.against_rest import RestClasses, top_against_rest
from framelens.compare.logodds import log_odds_dirichlet


def dense_reference(base, alpha, ya, n_a, n_b, a0, n):
    res = log_odds_dirichlet(ya, base - ya, alpha, n_a=n_a, n_b=n_b, alpha_0=a0)
    order = np.lexsort((np.arange(len(base)), -res["z"]))
    order = order if n is None else order[:max(n, 0)]
    return order, ya[order], (base - ya)[order], res["delta"][order], res["variance"][order], res["z"][order]


def same_bits(a, b) -> bool:
    return np.asarray(a, dtype=np.float64).tobytes() == np.asarray(b, dtype=np.float64).tobytes()


@st.composite
def sides(draw):
    k = draw(st.integers(1, 60))
    base = np.array(draw(st.lists(st.integers(1, 6), min_size=k, max_size=k)), dtype=np.float64)  # many ties
    prior = draw(st.sampled_from(["pooled", "uniform", "random"]))
    if prior == "pooled":
        alpha = base * draw(st.sampled_from([1.0, 0.5]))
    elif prior == "uniform":
        alpha = np.full(k, 0.01)
    else:
        alpha = np.array(draw(st.lists(st.sampled_from([0.2, 1.0, 3.0]), min_size=k, max_size=k)))
    used = draw(st.lists(st.booleans(), min_size=k, max_size=k))
    # counts up to the base, sometimes beyond it (y_b < 0: NaN z) and explicit zeros
    ya = np.array([draw(st.integers(0, int(b) + draw(st.sampled_from([0, 0, 0, 3])))) if u else 0
                   for u, b in zip(used, base)], dtype=np.float64)
    keep_zeros = draw(st.booleans())
    positions = np.flatnonzero(np.array(used) if keep_zeros else ya > 0)
    n_a = float(ya.sum() + draw(st.integers(1, 50)))
    n_b = float(base.sum() + draw(st.integers(1, 50)))
    a0 = float(alpha.sum() + draw(st.sampled_from([0.0, 10.0])))
    n = draw(st.one_of(st.none(), st.integers(-1, k + 3)))
    return base, alpha, ya, positions, n_a, n_b, a0, n


@settings(max_examples=200, deadline=None)
@given(sides())
def test_the_top_terms_of_a_side_are_those_of_sorting_every_terms_z(case):
    base, alpha, ya, positions, n_a, n_b, a0, n = case
    got = top_against_rest(RestClasses(base, alpha), positions, ya[positions], n_a=n_a, n_b=n_b, alpha_0=a0, n=n)
    order, y_a, y_b, delta, variance, z = dense_reference(base, alpha, ya, n_a, n_b, a0, n)
    assert got.positions.tolist() == order.tolist()
    for mine, theirs in ((got.y_a, y_a), (got.y_b, y_b), (got.delta, delta), (got.variance, variance), (got.z, z)):
        assert same_bits(mine, theirs)


def test_classes_group_terms_by_count_and_prior_with_positions_ascending():
    rest = RestClasses([3.0, 1.0, 3.0, 1.0, 3.0], [3.0, 1.0, 3.0, 1.0, 0.5])
    groups = [rest.members[a:b].tolist() for a, b in zip(rest.starts[:-1], rest.starts[1:])]
    assert groups == [[1, 3], [4], [0, 2]]
    assert rest.class_of.tolist() == [2, 0, 2, 0, 1]
    assert rest.base_.tolist() == [1.0, 3.0, 3.0] and rest.alpha_.tolist() == [1.0, 0.5, 3.0]


def test_a_side_without_terms_ranks_the_rarest_terms_first():
    base = np.array([50.0, 5.0, 20.0, 5.0])
    got = top_against_rest(RestClasses(base, base), [], [], n_a=10.0, n_b=80.0, alpha_0=80.0, n=3)
    assert got.positions.tolist() == [1, 3, 2]  # z falls with the count; ties by position
    assert got.y_a.tolist() == [0.0, 0.0, 0.0] and got.y_b.tolist() == [5.0, 5.0, 20.0]


def test_a_non_positive_prior_is_refused_even_for_a_term_the_side_lacks():
    from framelens.errors import AnalysisError

    with pytest.raises(AnalysisError, match="prior must be positive"):
        top_against_rest(RestClasses([2.0, 3.0], [1.0, 0.0]), [0], [1.0], n_a=5.0, n_b=5.0, alpha_0=1.0, n=1)
