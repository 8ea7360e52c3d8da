"""NewsWCL50: framelens naming shares follow the annotated shares (honest lower bounds).

Measured (see framelens.evaluation.newswcl50; numbers in the issue-4 note): Kim Jong Un coverage
0.97, share r 0.99, top variant agrees for 5/5 outlets; Trump 0.91, 0.999, 5/5; North Korea 0.60,
0.99, 5/5; caravan 0.85, 0.99, 5/5. The bounds below leave room for small lexicon changes only.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import shared_path

from framelens.evaluation.newswcl50 import UNMAPPED, agreement_summary, naming_share_comparison


@pytest.fixture(scope="module")
def table():
    return naming_share_comparison(shared_path("newswcl50"))


@pytest.fixture(scope="module")
def summary(table):
    return agreement_summary(table).set_index("concept")


def test_table_layout(table):
    assert list(table.columns) == ["concept", "outlet", "variant", "framelens_count", "framelens_share",
                                   "annotated_count", "annotated_share", "annotated_share_all", "note"]
    assert set(table["outlet"]) == {"HuffPost", "New York Times", "USA Today", "Fox News", "Breitbart"}
    for (concept, outlet), t in table.groupby(["concept", "outlet"]):
        mapped = t[t["variant"] != UNMAPPED]
        assert np.isclose(mapped["framelens_share"].sum(), 1.0) or mapped["framelens_count"].sum() == 0
        assert np.isclose(t["annotated_share_all"].sum(), 1.0)


@pytest.mark.parametrize("concept,coverage,corr", [("kim_jong_un", 0.9, 0.95), ("trump", 0.85, 0.97),
                                                    ("north_korea", 0.55, 0.9), ("caravan", 0.8, 0.9)])
def test_shares_follow_the_annotations(summary, concept, coverage, corr):
    row = summary.loc[concept]
    assert row["coverage"] >= coverage
    assert row["share_correlation"] >= corr
    assert row["mean_abs_share_diff"] <= 0.05
    assert 0.8 <= row["hits_per_covered_mention"] <= 1.25
    assert row["top_variant_agreement"] >= 4


def test_house_styles_are_visible(table):
    kim = table[table["concept"] == "kim_jong_un"].set_index(["outlet", "variant"])
    # the New York Times writes "Mr. Kim"; Fox News and Breitbart say "dictator", the Times never does
    assert kim.loc[("New York Times", "Mr. Kim"), "framelens_share"] > 0.6
    assert kim.loc[("New York Times", "dictator"), "framelens_count"] == 0
    assert kim.loc[("Fox News", "dictator"), "framelens_count"] >= 3
    assert kim.loc[("Breitbart", "dictator"), "framelens_count"] >= 2
