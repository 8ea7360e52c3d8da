"""The hits table built a batch of rows at a time (as extraction does, one partition at a time) is the
table built from all the rows at once."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from framelens.features import HIT_COLUMNS, INT_HIT_COLUMNS, HitBatches, hits_frame, hits_table

text = st.one_of(st.none(), st.just(float("nan")), st.text(max_size=8))
row = st.tuples(*[st.integers(-1, 10 ** 12) if c in INT_HIT_COLUMNS else text for c in HIT_COLUMNS])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(row, max_size=5), max_size=5))
def test_hit_batches_of_tables_are_hits_frame_of_all_rows(batches):
    want = hits_frame([r for b in batches for r in b])
    joined = HitBatches()
    for b in batches:
        joined.append(hits_table(b))
    got = joined.frame()
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)
    assert (got.to_csv(index=False) == want.to_csv(index=False))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(row, min_size=1, max_size=5), min_size=1, max_size=5))
def test_hit_batches_join_each_column_into_one_array_and_let_the_batches_go(batches):
    joined = HitBatches()
    for b in batches:
        joined.append(hits_table(b))
    got = joined.frame()
    pd.testing.assert_frame_equal(got, hits_frame([r for b in batches for r in b]), check_exact=True)
    text_columns = [c for c in HIT_COLUMNS if c not in INT_HIT_COLUMNS]
    assert all(got[c].array._pa_array.num_chunks == 1 for c in text_columns)  # as one table's to_pandas
    pd.testing.assert_frame_equal(joined.frame(), hits_frame([]))  # emptied
