"""Input handling: dtypes, engines, exclusions, no mutation, and every bad-input message."""

import numpy as np
import pandas as pd
import pytest

from equitylab import measures as m


def stops(seed=0, size=3000):
    rng = np.random.default_rng(seed)
    race = rng.choice(["Black", "White", "Asian", "Latino"], size, p=[0.3, 0.4, 0.1, 0.2])
    p = pd.Series(race).map({"Black": 0.15, "White": 0.075, "Asian": 0.08, "Latino": 0.1})
    return pd.DataFrame({
        "race": race,
        "area": rng.choice(["North", "South", "East"], size),
        "searched": rng.random(size) < p.to_numpy(),
    })


@pytest.mark.parametrize("dtype", ["str", "object", "category", "string"])
def test_group_dtypes_give_the_same_counts(dtype):
    df = stops()
    base = m.count(df, "race", "searched").table
    other = df.assign(race=df["race"].astype(dtype))
    got = m.count(other, "race", "searched").table
    pd.testing.assert_frame_equal(got.sort_values("group").reset_index(drop=True),
                                  base.sort_values("group").reset_index(drop=True))


def test_bool_group_and_outcome_columns():
    df = pd.DataFrame({"female": [True, True, False, False, False],
                       "hired": [True, False, True, True, False]})
    t = m.count(df, "female", "hired").table.set_index("group")
    assert t.loc["True", "events"] == 1 and t.loc["False", "events"] == 2
    assert t.loc["False", "n"] == 3


def test_caller_frame_is_not_mutated():
    df = stops()
    df.loc[::50, "race"] = None
    df["searched"] = df["searched"].astype("boolean")
    df.loc[::70, "searched"] = pd.NA
    before = df.copy(deep=True)
    m.disparities(df, "race", "searched", strata="area", reference="best")
    m.four_fifths(df.assign(hired=~df["searched"].fillna(False)), "race", "hired")
    pd.testing.assert_frame_equal(df, before)


def test_excluded_rows_are_reported_with_counts():
    df = stops()
    df = df.assign(race=df["race"].where(np.arange(len(df)) % 100 != 0, None))
    df.loc[df.index[1::97], "race"] = "Unknown"
    df["searched"] = df["searched"].astype("boolean")
    df.loc[df.index[2::89], "searched"] = pd.NA
    c = m.count(df, "race", "searched", unknown=["Unknown"])
    missing = c.excluded.query("reason == 'missing group'")["rows"].sum()
    unknown = c.excluded.query("reason == 'unknown group'")["rows"].sum()
    missing_outcome = c.excluded.query("reason == 'missing outcome'")["rows"].sum()
    assert missing == df["race"].isna().sum()
    assert unknown == (df["race"] == "Unknown").sum()
    known_group = df["race"].notna() & (df["race"] != "Unknown")
    assert missing_outcome == (known_group & df["searched"].isna()).sum()
    assert c.table["n"].sum() + c.excluded_rows == len(df)
    d = m.disparities(c)
    assert set(d.loc[d["measure"] == "excluded_rows", "flags"]) == {
        "missing_group", "unknown_group", "missing_outcome"}


def test_individual_rows_and_aggregated_table_agree():
    df = stops()
    agg = df.groupby(["area", "race"], as_index=False).agg(x=("searched", "sum"),
                                                           n=("searched", "size"))
    a = m.disparities(df, "race", "searched", strata="area", reference="White")
    b = m.disparities(m.from_counts(agg, "race", "x", "n", strata="area",
                                    indicator="searched"), reference="White")
    pd.testing.assert_frame_equal(a.drop(columns="indicator"), b.drop(columns="indicator"),
                                  check_dtype=False)


def test_polars_and_duckdb_inputs_match_pandas():
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    df = stops()
    df.loc[::40, "race"] = None
    base = m.count(df, "race", "searched", strata="area")
    native = pl.from_dict({c: df[c].astype(object).where(df[c].notna(), None).tolist()
                           for c in df.columns})
    from_pl = m.count(native, "race", "searched", strata="area")
    pd.testing.assert_frame_equal(from_pl.table, base.table, check_dtype=False)
    pd.testing.assert_frame_equal(from_pl.excluded, base.excluded, check_dtype=False)
    con = duckdb.connect()
    con.register("stops_view", df)
    rel = con.sql("select * from stops_view")
    from_duck = m.count(rel, "race", "searched", strata="area")
    pd.testing.assert_frame_equal(from_duck.table, base.table, check_dtype=False)
    lazy = m.count(native.lazy(), "race", "searched", strata="area")
    pd.testing.assert_frame_equal(lazy.table, base.table, check_dtype=False)


def test_polars_non_binary_outcome_is_rejected():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"g": ["a", "b"], "y": [0.0, 0.5]})
    with pytest.raises(m.NonBinaryOutcomeError, match="'y'"):
        m.count(frame, "g", "y")


def test_rate_from_rows_with_person_time_and_mean_from_rows():
    df = pd.DataFrame({"g": ["a", "a", "b", "b"], "events": [1, 3, 0, 2],
                       "years": [10.0, 30.0, 5.0, 15.0], "score": [1.0, 3.0, 2.0, 6.0]})
    est = m.group_estimates(m.count(df, "g", "events", unit="rate", person_time="years"))
    assert est["estimate"].tolist() == [0.1, 0.1]
    mean = m.group_estimates(m.count(df, "g", "score", unit="mean")).set_index("group")
    assert mean.loc["b", "estimate"] == 4.0
    assert mean.loc["b", "sd"] == pytest.approx(np.std([2.0, 6.0], ddof=1))


def test_aggregated_means():
    t = pd.DataFrame({"g": ["a", "b"], "mean": [10.0, 12.0], "sd": [2.0, 3.0], "n": [25, 36]})
    c = m.from_counts(t, "g", denominator="n", mean="mean", sd="sd")
    d = m.disparities(c, reference="a", measures=["estimate", "difference"])
    b = d[(d["group"] == "b") & (d["measure"] == "difference")].iloc[0]
    assert b["estimate"] == pytest.approx(2.0)
    import scipy.stats as ss

    assert b["p_value"] == pytest.approx(
        ss.ttest_ind_from_stats(12, 3, 36, 10, 2, 25, equal_var=False).pvalue, abs=1e-10)


# --- bad input: each raises a ValueError subclass naming the column or group -------------


def test_wrong_column_name():
    with pytest.raises(m.ColumnNotFoundError, match=r"'rac'.*Available columns: race"):
        m.count(stops(), "rac", "searched")
    assert issubclass(m.ColumnNotFoundError, ValueError)


def test_wrong_column_name_in_aggregated_table():
    t = pd.DataFrame({"race": ["a"], "x": [1], "n": [2]})
    with pytest.raises(m.ColumnNotFoundError, match=r"'stops'.*Check the spelling"):
        m.from_counts(t, "race", "x", "stops")


def test_non_binary_outcome_for_proportion():
    df = pd.DataFrame({"g": ["a", "b"], "y": [0, 2]})
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'y' must be yes/no.*such as 2\. Recode"):
        m.count(df, "g", "y")


def test_text_outcome_for_proportion_names_the_fix():
    df = pd.DataFrame({"g": ["a", "b"], "y": ["YES", "NO"]})
    with pytest.raises(m.NonBinaryOutcomeError, match=r"'y' holds text.*\.eq\('YES'\)"):
        m.count(df, "g", "y")


def test_negative_counts():
    t = pd.DataFrame({"race": ["a", "b"], "x": [1, -2], "n": [5, 5]})
    with pytest.raises(m.NegativeCountError, match=r"'x' is negative.*group 'b'"):
        m.from_counts(t, "race", "x", "n")
    rows = pd.DataFrame({"g": ["a", "b"], "y": [1, -1]})
    with pytest.raises(m.NegativeCountError, match=r"'y' has negative event counts"):
        m.count(rows, "g", "y", unit="rate")


def test_events_exceed_denominator():
    t = pd.DataFrame({"race": ["a", "b"], "x": [1, 9], "n": [5, 5]})
    with pytest.raises(m.EventsExceedDenominatorError, match=r"Group 'b' has 9 events"):
        m.from_counts(t, "race", "x", "n")


def test_unknown_reference_group():
    with pytest.raises(m.UnknownReferenceError, match=r"'white' is not.*Asian, Black, Latino"):
        m.disparities(stops(), "race", "searched", reference="white")


def test_empty_table():
    with pytest.raises(m.EmptyDataError, match="no rows"):
        m.count(stops().iloc[:0], "race", "searched")
    with pytest.raises(m.EmptyDataError, match="no rows"):
        m.from_counts(pd.DataFrame({"g": [], "x": [], "n": []}), "g", "x", "n")


def test_all_missing_groups():
    df = stops().assign(race=None)
    with pytest.raises(m.AllMissingGroupsError, match=r"missing its group in column 'race'"):
        m.count(df, "race", "searched")
    df = stops().assign(race="Unknown")
    with pytest.raises(m.AllMissingGroupsError, match=r"unknown value: Unknown"):
        m.count(df, "race", "searched", unknown=["Unknown"])


def test_all_missing_outcomes():
    df = stops().assign(searched=pd.array([pd.NA] * 3000, dtype="boolean"))
    with pytest.raises(m.AllMissingGroupsError, match=r"missing its outcome"):
        m.count(df, "race", "searched")


def test_bad_options_name_the_choices():
    with pytest.raises(ValueError, match="'wilson' or 'clopper-pearson'"):
        m.group_estimates(m.count(stops(), "race", "searched"), interval="wald")
    with pytest.raises(ValueError, match="direction must be"):
        m.Indicator("x", "bad")
    with pytest.raises(ValueError, match="adverse"):
        m.four_fifths(m.count(stops(), "race", "searched"))
    with pytest.raises(ValueError, match="'holm' or 'bh'"):
        m.adjust_pvalues([0.1], "bonferroni")


def test_dense_bincount_path_matches_pandas_groupby_fallback():
    from equitylab.measures import _counts

    df = stops()
    df["score"] = np.arange(len(df), dtype=float) % 7
    df.loc[::13, "area"] = None
    df.loc[::17, "score"] = np.nan
    for unit, outcome in (("proportion", "searched"), ("mean", "score")):
        fast = _counts._groupby_pandas(df, ["area", "race"], outcome, unit, None)
        slow = _counts._groupby_pandas_fallback(df, ["area", "race"], outcome, unit, None)
        for frame in (fast, slow):
            frame["area"] = frame["area"].astype(object).where(frame["area"].notna(), None)
            frame["race"] = frame["race"].astype(object)
        pd.testing.assert_frame_equal(fast, slow[fast.columns], check_dtype=False)


def test_rows_without_column_names_say_what_to_give():
    with pytest.raises(ValueError, match="Give group= and outcome="):
        m.disparities(stops())
    with pytest.raises(ValueError, match="Give group= and outcome="):
        m.summary_indices(stops(), "race")


def test_object_outcome_of_python_bools_with_none_is_accepted():
    df = pd.DataFrame({"g": ["a", "a", "b", "b"],
                       "y": pd.Series([True, None, False, True], dtype=object)})
    t = m.count(df, "g", "y").table.set_index("group")
    assert t["events"].tolist() == [1.0, 1.0] and t["n"].tolist() == [1.0, 2.0]
    assert t.loc["a", "missing_outcome"] == 1


@pytest.mark.parametrize("seed", range(4))
def test_weighted_rows_count_as_that_many_rows(seed):
    """A summary (one row per distinct combination, with how many rows hold it) gives the
    counts, exclusions and missing outcomes of the rows it summarises."""
    rng = np.random.default_rng(seed)
    n = 300
    rows = pd.DataFrame({
        "g": pd.Series(rng.choice(["A", "B", "C", None], n), dtype="object"),
        "area": rng.choice(["x", "y"], n),
        "y": pd.array(rng.choice([1, 0, None], n, p=[0.3, 0.6, 0.1]), dtype="Int64"),
    })
    summary = (rows.astype(object).fillna("?").value_counts().rename("w").reset_index()
               .replace("?", None))
    summary["y"] = summary["y"].astype("Int64")
    for strata in (None, "area"):
        want = m.count(rows, "g", "y", strata=strata)
        got = m.count(summary, "g", "y", strata=strata, weights="w")
        pd.testing.assert_frame_equal(got.table, want.table)
        pd.testing.assert_frame_equal(got.excluded, want.excluded)
