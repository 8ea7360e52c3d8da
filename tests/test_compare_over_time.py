"""Rates per outlet per month with intervals."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from framelens.compare import rate_table, rates_over_time


def _docs(seed=0, n=80):
    rng = np.random.default_rng(seed)
    dates = pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": rng.choice(["a", "b"], n),
                       "published": dates, "words": rng.integers(200, 800, n)})
    df["hedge"] = rng.poisson(df["words"] / 250)
    return df


def test_months_and_values():
    df = _docs()
    table = rates_over_time(df, n_boot=200)
    assert list(table.columns) == ["outlet", "month", "feature", "docs", "words", "count", "rate_per_1000", "ci_low",
                                   "ci_high", "note", "scheme", "n_outlets", "small_n"]
    assert set(table["scheme"]) == {"documents"} and (table["small_n"] == (table["count"] < 5)).all()
    assert set(table.month) == {"2020-01", "2020-02", "2020-03"}
    jan_a = df[(df.outlet == "a") & (df.published.dt.month == 1)]
    row = table[(table.outlet == "a") & (table.month == "2020-01")].iloc[0]
    assert row["docs"] == len(jan_a) and row["count"] == jan_a.hedge.sum()
    assert row["rate_per_1000"] == pytest.approx(1000 * jan_a.hedge.sum() / jan_a.words.sum())
    assert row["ci_low"] <= row["rate_per_1000"] <= row["ci_high"]
    # the point estimate is the rates table's on that month's documents
    ref = rate_table(jan_a, n_boot=10)
    assert ref["rate_per_1000"].iloc[0] == pytest.approx(row["rate_per_1000"])


def test_undated_documents_and_single_document_months(caplog):
    df = _docs(n=30)
    df.loc[:4, "published"] = pd.NaT
    df.loc[len(df)] = {"doc_id": "late", "outlet": "a", "published": pd.Timestamp("2021-06-05"), "words": 100,
                       "hedge": 1}
    with caplog.at_level(logging.WARNING):
        table = rates_over_time(df, n_boot=100)
    assert "5 of 31 documents have no publication date" in caplog.text
    assert table["docs"].sum() == 26
    late = table[table.month == "2021-06"].iloc[0]
    assert np.isnan(late["ci_low"]) and late["note"] == "one document: no interval"


def test_a_group_of_outlets_resamples_outlets_each_month():
    df = _docs(n=120, seed=1)
    df["outlet"] = [f"o{i % 4}" for i in range(len(df))]
    df["leaning"] = "left"
    table = rates_over_time(df, by="leaning", n_boot=100)
    assert table.columns[0] == "leaning" and set(table["scheme"]) == {"outlets"} and (table["n_outlets"] == 4).all()


def test_no_dates(caplog):
    df = _docs(n=10).assign(published=pd.NaT)
    with caplog.at_level(logging.WARNING):
        assert rates_over_time(df).empty
    assert "no document has a publication date" in caplog.text
    assert rates_over_time(df.drop(columns="published")).empty
