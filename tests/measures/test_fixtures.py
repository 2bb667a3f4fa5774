"""Hand-computed fixtures from ../shared/reference/worked_examples.py and textbook values."""

import math

import numpy as np
import pandas as pd
import pytest

from equitylab import measures as m
from equitylab.measures import _stats as st


def r(x, d=4):
    return round(float(np.asarray(x).ravel()[0]), d)


def test_proportion_intervals_match_worked_examples():
    assert [r(v) for v in st.wilson(45, 300)] == [0.1140, 0.1948]
    assert [r(v) for v in st.clopper_pearson(45, 300)] == [0.1116, 0.1955]
    assert [r(v) for v in st.wilson(3, 12)] == [0.0889, 0.5323]
    assert [r(v) for v in st.clopper_pearson(3, 12)] == [0.0549, 0.5719]


def test_two_group_measures_match_worked_examples():
    rr, lo, hi, _ = st.katz_ratio([45], [300], [30], [400])
    assert (r(rr, 2), r(lo, 3), r(hi, 3)) == (2.0, 1.292, 3.096)
    d, lo, hi = st.newcombe(45, 300, 30, 400)
    assert (r(d), r(lo), r(hi)) == (0.075, 0.0281, 0.1249)
    rr, lo, hi, _ = st.rate_ratio([40], [100000], [25], [125000])
    assert (r(rr, 2), r(lo, 3), r(hi, 3)) == (2.0, 1.213, 3.296)


def test_byar_and_exact_poisson_for_12_events():
    lo, hi = st.byar(12)
    assert (r(lo, 3), r(hi, 3)) == (6.194, 20.963)
    lo, hi = st.poisson_exact(12)
    assert (r(lo, 2), r(hi, 2)) == (6.20, 20.96)
    # below 10 events the exact interval is used, at 10 or more Byar's
    lo, _ = st.poisson_interval([9, 10])
    assert r(lo[0:1], 6) == r(st.poisson_exact(9)[0], 6)
    assert r(lo[1:2], 6) == r(st.byar(10)[0], 6)


def test_poisson_rse_thresholds():
    c = m.from_counts(pd.DataFrame({"g": ["a", "b", "c", "d"], "d": [10, 16, 20, 100],
                                    "pop": [1e5] * 4}), "g", "d", "pop", unit="rate")
    est = m.group_estimates(c).set_index("group")
    assert est["rse"].round(3).tolist() == [0.316, 0.25, 0.224, 0.1]
    assert "unreliable_rse_30" in est.loc["a", "flags"]
    assert "caution_rse_23_30" in est.loc["b", "flags"]
    assert "caution" not in est.loc["c", "flags"]
    assert "fewer_than_20_events" in est.loc["b", "flags"]
    assert "fewer_than_20_events" not in est.loc["c", "flags"]


def test_four_fifths_fixture():
    t = pd.DataFrame({"race": ["White", "Black", "Latino"], "hired": [48, 21, 30],
                      "applied": [80, 50, 60]})
    c = m.from_counts(t, "race", "hired", "applied",
                      indicator=m.Indicator("hired", "favourable"))
    ff = m.four_fifths(c).set_index("group")
    assert ff["impact_ratio"].round(3).to_dict() == {"Black": 0.7, "Latino": 0.833, "White": 1.0}
    assert ff["below_four_fifths"].to_dict() == {"Black": True, "Latino": False, "White": False}
    assert set(ff["highest_group"]) == {"White"}


def test_summary_indices_fixture():
    t = pd.DataFrame({"g": list("ABCD"), "deaths": [600, 400, 200, 75],
                      "pop": [50000, 20000, 25000, 5000]})
    c = m.from_counts(t, "g", "deaths", "pop",
                      indicator=m.Indicator("deaths", unit="rate", per=1000))
    s = m.summary_indices(c).set_index("measure")["estimate"]
    assert round(s["index_of_disparity_total"], 2) == 29.41
    assert round(s["index_of_disparity_weighted"], 2) == 24.51
    assert round(s["index_of_disparity_best"], 2) == 71.88
    assert round(s["between_group_variance"], 2) == 16.69
    assert round(1000 * s["theil_index"], 2) == 49.16
    assert round(s["mean_log_deviation"], 4) == 0.0487
    assert round(s["population_attributable_fraction"], 1) == 37.3
    assert s["range_difference"] == pytest.approx(12.0)
    assert s["range_ratio"] == pytest.approx(2.5)


def test_dissimilarity_fixture():
    t = pd.DataFrame({"a": [500, 300, 150, 50], "b": [100, 300, 600, 1000]})
    assert m.dissimilarity(t, "a", "b") == pytest.approx(0.6)


def test_targeted_universalism_fixture():
    levels = {"Overall": 68, "Asian": 80, "White": 76, "Latino": 58, "Black": 52}
    pace = {"Overall": 0.8, "Asian": 0.6, "White": 0.7, "Latino": 1.0, "Black": 0.9}
    g = m.goal_gaps(levels, 90, baseline_year=2025, target_year=2035, pace=pace)
    g = g.set_index("group")
    assert g["gap"].to_dict() == {"Overall": 22, "Asian": 10, "White": 14, "Latino": 32,
                                  "Black": 38}
    assert g["required_pace"].round(1).to_dict() == {"Overall": 2.2, "Asian": 1.0,
                                                     "White": 1.4, "Latino": 3.2, "Black": 3.8}
    assert g["years_to_goal"].round(1).to_dict() == {"Overall": 27.5, "Asian": 16.7,
                                                     "White": 20.0, "Latino": 32.0,
                                                     "Black": 42.2}
    assert not g["on_track"].any()


def test_years_to_parity_fixture_distinguishes_moving_reference():
    y = m.years_to_parity({"Black": 52, "White": 76, "Latino": 58},
                          {"Black": 0.9, "White": 0.7, "Latino": 0.6}, "White").set_index("group")
    assert round(y.loc["Black", "catch_up_to_current_level"], 1) == 26.7
    assert round(y.loc["Black", "parity_with_moving_reference"], 1) == 120.0
    # Latino improves more slowly than White: the gap never closes
    assert math.isinf(y.loc["Latino", "parity_with_moving_reference"])
    assert y.loc["Latino", "parity_label"] == m.NOT_AT_CURRENT_RATES
    assert y.loc["Latino", "catch_up_label"] == "30.0 years"


def test_healthy_people_percent_of_targeted_change():
    p = m.percent_targeted_change([40.0, 20.0, 30.0], [46.0, 15.0, 30.0], [55.0, 30.0, 35.0],
                                  direction="favourable")
    assert p["percent_of_targeted_change"].tolist()[:1] == [40.0]
    assert p["status"].tolist() == ["improving", "getting worse", "little or no change"]
    adverse = m.percent_targeted_change([20.0], [9.0], [10.0], direction="adverse")
    assert adverse["status"].tolist() == ["target met"]
    assert adverse["percent_of_targeted_change"].tolist() == [110.0]


def test_disparity_table_worked_example_end_to_end():
    t = pd.DataFrame({"race": ["Black", "White"], "searched": [45, 30], "stops": [300, 400]})
    c = m.from_counts(t, "race", "searched", "stops", indicator=m.Indicator("searched", per=100))
    d = m.disparities(c, reference="White")
    black = d[d["group"] == "Black"].set_index("measure")
    assert black.loc["proportion", "estimate"] == pytest.approx(15.0)
    assert black.loc["difference", "estimate"] == pytest.approx(7.5)
    assert black.loc["difference", "lower"] == pytest.approx(2.81, abs=0.01)
    assert black.loc["ratio", ["estimate", "lower", "upper"]].astype(float).round(3).tolist() == [
        2.0, 1.292, 3.096]
    # complement: (255/300) / (370/400)
    assert black.loc["ratio_complement", "estimate"] == pytest.approx((255 / 300) / (370 / 400))
    assert set(d["reference"]) == {"White"}
    assert black.loc["ratio", "worse_off"]
