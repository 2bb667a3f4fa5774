"""Mantel-Haenszel risk ratio: point estimate against statsmodels, interval against scipy's
Katz interval where the Greenland-Robins variance reduces to it, and defined behaviour for
empty strata; flip_counts."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from equitylab import measures
from equitylab.measures import flip_counts, mantel_haenszel_ratio


def _table(rows: list[tuple[str, int, int, int, int]]) -> pd.DataFrame:
    """Rows of (stratum, a, n1, c, n0) as a long counts table (groups B and W)."""
    out = []
    for s, a, n1, c, n0 in rows:
        out += [{"s": s, "group": "B", "n": n1, "events": a},
                {"s": s, "group": "W", "n": n0, "events": c}]
    return pd.DataFrame(out)


ROWS = [("x", 20, 100, 8, 80), ("y", 12, 50, 7, 70), ("z", 9, 30, 10, 90)]


def test_point_estimate_matches_statsmodels() -> None:
    sm = pytest.importorskip("statsmodels.stats.contingency_tables")
    tables = [[[a, n1 - a], [c, n0 - c]] for _, a, n1, c, n0 in ROWS]
    expected = sm.StratifiedTable(tables).riskratio_pooled
    assert mantel_haenszel_ratio(_table(ROWS), "B", "W").estimate == pytest.approx(expected)


def test_hand_computed_greenland_robins_interval() -> None:
    # Two strata: x (a=20 of 100, c=10 of 100) and y (a=10 of 50, c=5 of 50).
    # R = 20*100/200 + 10*50/100 = 15; S = 10*100/200 + 5*50/100 = 7.5; RR = 2.
    # Var numerator: x (30*100*100 - 20*10*200)/200^2 = 6.5; y (15*50*50 - 10*5*100)/100^2
    # = 3.25; total 9.75; Var = 9.75 / (15 * 7.5) = 0.086667.
    t = _table([("x", 20, 100, 10, 100), ("y", 10, 50, 5, 50)])
    r = mantel_haenszel_ratio(t, "B", "W")
    half = 1.959963984540054 * math.sqrt(9.75 / (15 * 7.5))
    assert r.estimate == pytest.approx(2.0)
    assert (r.lower, r.upper) == pytest.approx((2 * math.exp(-half), 2 * math.exp(half)))
    assert r.strata_used == 2 and r.strata_skipped == 0 and r.message == ""


@pytest.mark.parametrize(("a", "n1", "c", "n0"), [(20, 100, 8, 80), (3, 12, 45, 300),
                                                  (150, 400, 30, 410)])
def test_one_stratum_is_the_katz_interval_of_scipy(a: int, n1: int, c: int, n0: int) -> None:
    from scipy.stats.contingency import relative_risk

    rr = relative_risk(a, n1, c, n0)
    ci = rr.confidence_interval(confidence_level=0.9)
    r = mantel_haenszel_ratio(_table([("only", a, n1, c, n0)]), "B", "W", level=0.9)
    assert r.estimate == pytest.approx(rr.relative_risk)
    assert (r.lower, r.upper) == pytest.approx((ci.low, ci.high))


def test_proportional_strata_equal_the_pooled_table() -> None:
    # K copies of one stratum carry the information of one table with K times the counts.
    from scipy.stats.contingency import relative_risk

    r = mantel_haenszel_ratio(_table([(s, 9, 40, 6, 60) for s in "abcd"]), "B", "W")
    ci = relative_risk(36, 160, 24, 240).confidence_interval()
    assert (r.lower, r.upper) == pytest.approx((ci.low, ci.high))


def test_counts_object_and_its_strata_are_used() -> None:
    frame = pd.DataFrame({"hood": ["p"] * 4 + ["q"] * 4, "race": ["B", "B", "W", "W"] * 2,
                          "hit": [1, 0, 0, 0, 1, 1, 1, 0]})
    counts = measures.count(frame, "race", "hit", strata="hood")
    # p: B 1/2, W 0/2; q: B 2/2, W 1/2. R = 1*2/4 + 2*2/4 = 1.5; S = 0 + 1*2/4 = 0.5.
    assert mantel_haenszel_ratio(counts, "B", "W").estimate == pytest.approx(3.0)


def test_reference_without_events_is_a_message_not_inf() -> None:
    t = _table([("x", 5, 50, 0, 40), ("y", 0, 30, 0, 30)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = mantel_haenszel_ratio(t, "B", "W")
    assert math.isnan(r.estimate) and not r.estimable
    assert "W had no events" in r.message
    assert r.strata_used == 1 and r.strata_skipped == 1  # y has no events at all


def test_strata_missing_a_group_or_people_are_skipped() -> None:
    t = pd.concat([_table([("x", 20, 100, 10, 100), ("y", 3, 0, 2, 10)]),
                   pd.DataFrame({"s": ["z"], "group": ["B"], "n": [40], "events": [4]})])
    r = mantel_haenszel_ratio(t, "B", "W")
    assert r.estimate == pytest.approx(2.0) and r.strata_used == 1 and r.strata_skipped == 2


def test_nothing_estimable_says_so() -> None:
    r = mantel_haenszel_ratio(_table([("x", 0, 10, 0, 10)]), "B", "W")
    assert math.isnan(r.estimate) and "no stratum has people in both" in r.message
    zero = mantel_haenszel_ratio(_table([("x", 0, 10, 4, 10)]), "B", "W")
    assert zero.estimate == 0 and math.isnan(zero.lower) and "B had no events" in zero.message


def test_flip_counts_is_the_complement() -> None:
    t = pd.DataFrame({"g": ["a", "b"], "x": [3, 8], "n": [10, 20]})
    counts = measures.from_counts(t, "g", "x", "n",
                                  indicator=measures.Indicator("searched", per=100))
    flipped = flip_counts(counts, "were not searched")
    assert flipped.table["events"].tolist() == [7, 12]
    assert flipped.indicator.direction == "favourable" and flipped.indicator.per == 100
    assert flipped.indicator.label == "were not searched"
    np.testing.assert_array_equal(flipped.table["n"], counts.table["n"])
    rate = measures.from_counts(t, "g", "x", "n", indicator=measures.Indicator(
        "visits", unit="rate", per=1000))
    with pytest.raises(ValueError, match="complement"):
        flip_counts(rate)
