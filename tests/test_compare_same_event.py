"""Same-event comparison: paired differences within events, sign-flip and sign tests, and why the
within-event estimate matters when outlets cover a different mix of stories."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framelens.compare import sign_flip_test, within_event_differences


def test_exact_sign_flip_hand_example():
    # d = (1, 2, 3): of the 8 sign patterns, |sum| >= 6 only for (+,+,+) and (-,-,-): p = 2/8.
    # t = mean / (sd / sqrt(n)) = 2 / (1 / sqrt(3)) = 3.4641
    t, p = sign_flip_test([1.0, 2.0, 3.0])
    assert p[0] == pytest.approx(0.25) and t[0] == pytest.approx(2 * np.sqrt(3))
    # several columns at once; a column of zeros has nothing to test
    t, p = sign_flip_test(np.array([[1.0, 0.0], [2.0, 0.0], [-3.0, 0.0]]))
    assert p[0] == pytest.approx(1.0) and np.isnan(p[1]) and np.isnan(t[1])


def test_sign_flip_p_values_are_uniform_under_the_null():
    rng = np.random.default_rng(0)
    exact = [sign_flip_test(rng.standard_t(3, 8))[1][0] for _ in range(300)]          # 256 patterns
    monte_carlo = [sign_flip_test(rng.standard_t(3, 25), n_perm=999, rng=rng)[1][0] for _ in range(300)]
    for p in (np.array(exact), np.array(monte_carlo)):
        assert stats.kstest(p, "uniform").pvalue > 0.01
        assert (p <= 0.05).mean() <= 0.05 + 3 * 0.0126  # binomial sd over 300 nulls


def _events(rng, n_events=40, effect_b=1.0, extra_a_on_busy=0):
    """Documents of outlets A and B on the same events. Half the events are 'busy' (6x the hedging of a
    quiet one: topic, not outlet). B hedges ``effect_b`` times as much as A on the same event. A also
    writes ``extra_a_on_busy`` more documents on each busy event."""
    rows = []
    for e in range(n_events):
        topic = 6.0 if e % 2 else 1.0
        for outlet, mult, copies in (("A", 1.0, 1 + (extra_a_on_busy if topic > 1 else 0)), ("B", effect_b, 1)):
            for c in range(copies):
                w = int(rng.integers(400, 1200))
                rows.append({"doc_id": f"{e}-{outlet}-{c}", "outlet": outlet, "event_id": f"e{e:02d}", "words": w,
                             "hedge": int(rng.poisson(topic * mult * w / 1000)),
                             "booster": int(rng.poisson(2 * w / 1000))})
    return pd.DataFrame(rows)


def test_topic_mix_masquerades_as_framing_in_the_pooled_rate_only():
    # Same hedging on the same event, but A writes three more articles on every busy event: A's pooled
    # rate is far higher, the within-event difference is about 0.
    df = _events(np.random.default_rng(1), extra_a_on_busy=3)
    row = within_event_differences(df).set_index("feature").loc["hedge"]
    assert row["pooled_diff"] > 1.5
    assert abs(row["within_diff"]) < 0.6
    assert row["p_value"] > 0.05 and row["n_events"] == 40


def test_a_real_difference_is_found_within_events():
    df = _events(np.random.default_rng(2), effect_b=1.6)
    table, tests = within_event_differences(df, with_tests=True)
    hedge = table.set_index("feature").loc["hedge"]
    assert hedge["within_diff"] < 0 and hedge["p_value"] < 0.01 and hedge["p_adjusted"] < 0.05
    assert list(table.columns) == ["feature", "outlet_a", "outlet_b", "pooled_diff", "within_diff", "within_ci_low",
                                   "within_ci_high", "n_events", "statistic", "p_value", "p_adjusted", "note"]
    # the interval over events holds the mean difference and, for a real difference, excludes 0
    assert hedge["within_ci_low"] < hedge["within_diff"] < hedge["within_ci_high"] < 0
    assert set(tests.analysis) == {"within_event_sign_flip", "within_event_sign"}
    sign = tests[(tests.analysis == "within_event_sign") & tests.concept_or_feature.str.startswith("hedge")].iloc[0]
    assert sign["p_value"] < 0.05 and sign["statistic"] < 20  # B hedges more: few events with A - B > 0
    # BH across every feature x pair of the analysis
    assert np.allclose(table["p_adjusted"],
                       stats.false_discovery_control(table["p_value"].to_numpy(), method="bh"))


def test_pairs_events_and_notes():
    rng = np.random.default_rng(3)
    df = _events(rng, n_events=4)
    # C covers one event with A and B; D covers an event nobody else does; one of A's documents is empty
    extra = pd.DataFrame([
        {"doc_id": "c0", "outlet": "C", "event_id": "e00", "words": 500, "hedge": 1, "booster": 0},
        {"doc_id": "d0", "outlet": "D", "event_id": "lonely", "words": 500, "hedge": 1, "booster": 0},
    ])
    df = pd.concat([df, extra], ignore_index=True)
    df.loc[df.doc_id == "3-A-0", "words"] = 0
    table = within_event_differences(df, features=["hedge"]).set_index(["outlet_a", "outlet_b"])
    assert table.loc[("A", "B"), "n_events"] == 3  # the event where A has no words drops out
    assert "smallest possible p-value" in table.loc[("A", "B"), "note"]
    assert table.loc[("A", "C"), "note"] == "one shared event: no test"
    assert table.loc[("A", "D"), "note"] == "no event covered by both outlets"
    assert (table.loc[table["p_value"].isna(), "note"] != "").all()


def test_no_event_ids_gives_an_empty_table_and_a_warning(caplog):
    df = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["a", "b"], "words": [10, 10], "hedge": [1, 2]})
    with caplog.at_level(logging.WARNING):
        table = within_event_differences(df)
    assert table.empty and "no document has an event_id" in caplog.text
    with caplog.at_level(logging.WARNING):
        one = within_event_differences(df.assign(outlet="a", event_id="e"))
    assert one.empty and "two outlets" in caplog.text


def test_the_interval_over_events_is_seeded_and_covers_zero_without_a_difference():
    df = _events(np.random.default_rng(5), effect_b=1.0)  # B hedges as much as A
    one = within_event_differences(df, seed=3).set_index("feature").loc["hedge"]
    two = within_event_differences(df, seed=3).set_index("feature").loc["hedge"]
    assert one["within_ci_low"] == two["within_ci_low"] and one["within_ci_high"] == two["within_ci_high"]
    assert one["within_ci_low"] < 0 < one["within_ci_high"]
