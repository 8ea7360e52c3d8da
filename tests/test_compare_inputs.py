"""What the comparison functions accept and how they walk groups of documents."""
from __future__ import annotations

import numpy as np
import pandas as pd

from framelens.compare.inputs import group_positions


def test_group_positions_are_the_groups_and_rows_of_a_sorted_groupby():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"outlet": rng.choice(["b", "a", "c", ""], 200), "month": rng.choice(["2020-02", "2019-12"], 200),
                       "x": rng.integers(0, 9, 200)})
    for keys in ("outlet", ["outlet", "month"]):
        want = [(k, sub.index.to_numpy()) for k, sub in df.groupby(keys, sort=True)]
        got = group_positions(df, keys)
        assert [k for k, _ in got] == [k for k, _ in want]
        for (_, a), (_, b) in zip(got, want):
            np.testing.assert_array_equal(a, b)
    assert group_positions(df.iloc[:0], "outlet") == []
