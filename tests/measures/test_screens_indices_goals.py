"""Screens, summary indices, spatial scores, goals and scenarios."""

import numpy as np
import pandas as pd
import pytest
import scipy.stats as ss

from equitylab import measures as m

HIRED = m.Indicator("hired", "favourable")


def hiring(white=(48, 80), black=(21, 50), latino=(30, 60)):
    t = pd.DataFrame({"race": ["White", "Black", "Latino"],
                      "hired": [white[0], black[0], latino[0]],
                      "applied": [white[1], black[1], latino[1]]})
    return m.from_counts(t, "race", "hired", "applied", indicator=HIRED)


def test_four_fifths_reference_is_highest_rate_not_largest_group():
    # Black has the highest rate although White is the largest group
    ff = m.four_fifths(hiring(white=(48, 200), black=(40, 60))).set_index("group")
    assert set(ff["highest_group"]) == {"Black"}
    assert ff.loc["White", "impact_ratio"] == pytest.approx((48 / 200) / (40 / 60))
    assert bool(ff.loc["White", "below_four_fifths"])


def test_four_fifths_is_one_sided_and_strict_below_point_eight():
    ff = m.four_fifths(hiring(white=(50, 100), black=(40, 100), latino=(45, 100)))
    ff = ff.set_index("group")
    assert ff.loc["Black", "impact_ratio"] == pytest.approx(0.8)
    assert not bool(ff.loc["Black", "below_four_fifths"])  # exactly 0.8 is not below
    assert (ff["impact_ratio"] <= 1).all()


def test_four_fifths_uses_fisher_for_small_counts_and_reports_sizes():
    ff = m.four_fifths(hiring(white=(9, 10), black=(4, 10), latino=(30, 40)),
                       suppress=False).set_index("group")
    row = ff.loc["Black"]
    assert row["test"] == "Fisher exact"
    ref = ss.fisher_exact([[4, 6], [9, 1]]).pvalue
    assert row["p_value"] == pytest.approx(ref, abs=1e-10)
    assert row["applicants"] == 10 and row["highest_applicants"] == 10
    assert bool(row["small_numbers"])
    holm = m.adjust_pvalues(ff["p_value"].to_numpy(), "holm")
    np.testing.assert_allclose(ff["p_adjusted"].to_numpy(), holm)


def test_four_fifths_rows_from_individual_data_default_to_favourable():
    df = pd.DataFrame({"race": ["a"] * 60 + ["b"] * 60,
                       "hired": [1] * 30 + [0] * 30 + [1] * 15 + [0] * 45})
    ff = m.four_fifths(df, "race", "hired").set_index("group")
    assert ff.loc["b", "impact_ratio"] == pytest.approx(0.5)


def test_tolerance_band_is_two_sided_and_inclusive():
    t = pd.DataFrame({"g": ["a", "b", "c", "d"], "x": [40, 32, 50, 51], "n": [100] * 4})
    d = m.disparities(m.from_counts(t, "g", "x", "n"), reference="a")
    band = m.tolerance_band(d).set_index("group")
    assert band.loc["b", "within_band"]  # 0.8, inclusive
    assert band.loc["c", "within_band"]  # 1.25, inclusive
    assert not band.loc["d", "within_band"]  # 1.275
    with pytest.raises(ValueError, match="tau must be between 0 and 1"):
        m.tolerance_band(d, tau=1.25)


def test_summary_indices_per_stratum_and_direction():
    t = pd.DataFrame({"area": ["N"] * 3 + ["S"] * 3, "g": list("abc") * 2,
                      "x": [20, 40, 60, 30, 30, 30], "n": [100] * 6})
    s = m.summary_indices(m.from_counts(t, "g", "x", "n", strata="area"), suppress=False)
    south = s[s["area"] == "S"].set_index("measure")["estimate"]
    assert south["range_difference"] == 0 and south["theil_index"] == pytest.approx(0)
    north = s[s["area"] == "N"].set_index("measure")["estimate"]
    assert north["range_ratio"] == pytest.approx(3.0)
    # adverse: best is the lowest rate (0.2); favourable: the highest (0.6)
    assert north["population_attributable_risk"] == pytest.approx(0.4 - 0.2)
    fav = m.summary_indices(m.from_counts(t, "g", "x", "n", strata="area",
                                          indicator=m.Indicator("x", "favourable")),
                            suppress=False)
    fav_n = fav[fav["area"] == "N"].set_index("measure")["estimate"]
    assert fav_n["population_attributable_risk"] == pytest.approx(0.6 - 0.4)


def test_summary_indices_leave_out_suppressed_groups_and_say_so():
    t = pd.DataFrame({"g": list("abcd"), "x": [5, 40, 60, 80], "n": [100, 200, 300, 400]})
    s = m.summary_indices(m.from_counts(t, "g", "x", "n"))
    assert (s["flags"] == "excludes_suppressed_groups").all()
    assert (s["groups"] < 4).all()


def test_spatial_equity_scores():
    t = pd.DataFrame({"tract": list("abc"), "libraries": [6, 3, 1],
                      "pop": [1000, 1000, 3000], "black": [100, 300, 2400],
                      "white": [900, 700, 600]})
    g = m.geographic_disparity(t, "tract", "libraries", "pop")
    assert g["score"].round(3).tolist() == [0.4, 0.1, -0.5]
    assert g["score"].sum() == pytest.approx(0)
    d = m.demographic_disparity(t, "tract", "libraries", ["black", "white"]).set_index("group")
    expected_black = 0.6 * 0.1 + 0.3 * 0.3 + 0.1 * 0.8 - 2800 / 5000
    assert d.loc["black", "score"] == pytest.approx(expected_black)
    assert d["score"].sum() == pytest.approx(0)
    # half the sum of |GD| is the dissimilarity between resources and population
    t2 = t.assign(lib=t["libraries"])
    assert 0.5 * g["score"].abs().sum() == pytest.approx(m.dissimilarity(t2, "lib", "pop"))


def test_goal_gaps_adverse_direction_and_not_at_current_rates():
    g = m.goal_gaps({"a": 30.0, "b": 12.0, "c": 8.0}, 10.0, direction="adverse",
                    baseline_year=2020, target_year=2030,
                    pace={"a": -1.0, "b": 0.5, "c": 1.0}).set_index("group")
    assert g.loc["a", "gap"] == 20 and g.loc["a", "years_to_goal"] == 20
    assert np.isinf(g.loc["b", "years_to_goal"])
    assert g.loc["b", "years_to_goal_label"] == m.NOT_AT_CURRENT_RATES
    assert g.loc["c", "gap"] == 0 and g.loc["c", "years_to_goal_label"] == "goal reached"


def test_improving_for_all_checks():
    ok = m.improving_for_all({"A": 80, "B": 50}, {"A": 82, "B": 60}, goal=90,
                             complement_of=100).set_index("check")["passed"]
    assert ok.all()
    lev = m.improving_for_all({"A": 80, "B": 50}, {"A": 70, "B": 55}).set_index("check")
    assert not lev.loc["no_levelling_down", "passed"]
    assert not lev.loc["all_improve", "passed"]
    assert "A" in lev.loc["all_improve", "detail"]
    # absolute gap shrinks while the adverse-scale relative gap grows: reported
    mixed = m.improving_for_all({"A": 90, "B": 80}, {"A": 98, "B": 90},
                                complement_of=100).set_index("check")
    assert mixed.loc["absolute_gap_shrinks", "passed"]
    assert not mixed.loc["relative_gap_shrinks", "passed"]
    assert "scales_agree" in mixed.index


def test_scenario_compares_before_and_after_in_one_table():
    t = pd.DataFrame({"g": ["a", "b", "c"], "x": [60, 30, 45], "n": [200, 300, 300]})
    c = m.from_counts(t, "g", "x", "n", indicator=m.Indicator("x", per=100))
    s = m.scenario(c, {"a": -10.0}, reference="b")
    assert set(s["scenario"]) == {"before", "after"}
    after = s[(s["scenario"] == "after") & (s["group"] == "a")].set_index("measure")
    assert after.loc["proportion", "estimate"] == pytest.approx(20.0)
    assert after.loc["proportion", "change"] == pytest.approx(-10.0)
    assert "projected" in after.loc["ratio", "flags"]
    idx = s[(s["group"] == "(all groups)") & (s["measure"] == "range_difference")]
    assert idx.set_index("scenario")["estimate"]["after"] < idx.set_index(
        "scenario")["estimate"]["before"]
    # relative changes and unknown groups
    rel = m.apply_changes(c, {"b": -0.5}, kind="relative").table.set_index("group")
    assert rel.loc["b", "events"] == pytest.approx(15)
    with pytest.raises(ValueError, match="'z'.*not in the data"):
        m.apply_changes(c, {"z": 1.0})


def test_scenario_by_area():
    t = pd.DataFrame({"area": ["N", "N", "S", "S"], "g": ["a", "b"] * 2,
                      "x": [40, 20, 30, 30], "n": [100] * 4})
    c = m.from_counts(t, "g", "x", "n", strata="area", indicator=m.Indicator("x", per=100))
    proj = m.apply_changes(c, {("N", "a"): -20.0}).table
    assert proj["events"].tolist() == [20.0, 20.0, 30.0, 30.0]


def test_rates_by_group_keeps_its_contract():
    df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40 + ["c"] * 30 + [None] * 3,
                       "y": [1] * 20 + [0] * 20 + [1] * 12 + [0] * 28 + [1] * 5 + [0] * 25
                       + [1] * 3})
    r = m.rates_by_group(df, "g", "y")
    assert list(r.columns) == ["group", "n", "events", "rate_percent", "suppressed",
                               "suppression", "missing_outcome"]
    assert str(r["events"].dtype) == str(r["n"].dtype) == "Int64"
    rows = r.set_index("group")
    assert bool(rows.loc["c", "suppressed"]) and pd.isna(rows.loc["c", "events"])
    assert np.isnan(rows.loc["c", "rate_percent"])
    # complementary: one other group is hidden too, so c cannot be worked out from the total
    assert r["suppressed"].sum() >= 2
    assert r.attrs["excluded"]["rows"].sum() == 3


def test_goal_gaps_from_a_fitted_trend_bound_the_years():
    years = np.arange(2015, 2025)
    rng = np.random.default_rng(1)
    d = pd.concat([
        pd.DataFrame({"g": "a", "year": years, "v": 50 + 1.0 * (years - 2015)
                      + rng.normal(0, 0.3, 10)}),
        pd.DataFrame({"g": "b", "year": years, "v": 40 + 0.1 * (years - 2015)
                      + rng.normal(0, 2.0, 10)}),
    ])
    tr = m.trend(d, "g", "year", "v")
    levels = tr.set_index("group")["fitted_last"]
    g = m.goal_gaps(levels, 70, baseline_year=2024, target_year=2034, pace=tr).set_index("group")
    a = g.loc["a"]
    assert a["years_to_goal_lower"] <= a["years_to_goal"] <= a["years_to_goal_upper"]
    assert np.isfinite(a["years_to_goal_upper"])
    # b's slope interval includes zero: the data are compatible with never reaching the goal
    assert np.isinf(g.loc["b", "years_to_goal_upper"])


def test_years_to_parity_interval_from_trends():
    years = np.arange(2010, 2025)
    rng = np.random.default_rng(2)
    d = pd.concat([
        pd.DataFrame({"g": "White", "year": years, "v": 66 + 0.7 * (years - 2010)
                      + rng.normal(0, 0.2, 15)}),
        pd.DataFrame({"g": "Black", "year": years, "v": 42 + 0.9 * (years - 2010)
                      + rng.normal(0, 0.2, 15)}),
    ])
    tr = m.trend(d, "g", "year", "v")
    levels = tr.set_index("group")["fitted_last"]
    y = m.years_to_parity(levels, tr, "White").set_index("group")
    black = y.loc["Black"]
    assert black["parity_lower"] <= black["parity_with_moving_reference"]
    assert black["parity_with_moving_reference"] <= black["parity_upper"]
    assert y.loc["White", "parity_lower"] == 0
