"""The SYNTHETIC Tallow River Region: schema, reproducibility, consistency and structure."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equitylab import datasets

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "equitylab" / "datasets" / "data"  # the package's data folder
GENERATOR = ROOT / "data"  # the generator's scripts stay outside the package


def load(name):
    return datasets.load(name, show_caveats=False)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("regenerated")
    subprocess.run([sys.executable, str(GENERATOR / "generate.py"), "--out", str(out)],
                   check=True, cwd=out, timeout=120)
    return out


def test_generator_reproduces_every_file_byte_for_byte(regenerated):
    shipped = sorted(p.relative_to(DATA) for p in (DATA / "synthetic").iterdir())
    fresh = sorted(p.relative_to(regenerated) for p in (regenerated / "synthetic").iterdir())
    assert shipped == fresh
    for relative in shipped + [Path("datapackage.json")]:
        assert (regenerated / relative).read_bytes() == (DATA / relative).read_bytes(), relative


def test_every_resource_is_described():
    package = datasets.datapackage()
    assert "SYNTHETIC" in package["title"]
    synthetic = [r for r in package["resources"] if r["synthetic"]]
    files = {p.name for p in (DATA / "synthetic").iterdir()}
    assert files == {Path(r["path"]).name for r in synthetic}
    for resource in synthetic:
        assert resource["licenses"] and resource["sources"]
        assert "SYNTHETIC" in resource["title"]
        if resource["type"] != "table":
            continue
        schema = resource["schema"]
        assert schema["primaryKey"]
        for field in schema["fields"]:
            assert field["description"] and field["type"]
        names = [f["name"] for f in schema["fields"]]
        assert names[-1] == "synthetic"
        if "neighbourhood_id" in names and resource["name"] != "neighbourhoods":
            assert schema["foreignKeys"][0]["reference"]["resource"] == "neighbourhoods"


def test_synthetic_label_everywhere_and_size_budget():
    total = sum(p.stat().st_size for p in (DATA / "synthetic").iterdir())
    assert total < 20 * 1024 * 1024
    for path in (DATA / "synthetic").glob("*.csv"):
        frame = pd.read_csv(path)
        assert frame["synthetic"].all(), path.name
    for feature in datasets.geojson()["features"]:
        assert feature["properties"]["synthetic"] is True


def test_region_size_and_categories():
    nb = load("tallow_neighbourhoods")
    assert 80 <= len(nb) <= 150
    pop = load("tallow_population")
    groups = set(pop["race_ethnicity"].cat.categories)
    assert {"Hispanic or Latino", "Two or more races", "American Indian or Alaska Native",
            "Native Hawaiian or Pacific Islander"} <= groups
    assert set(nb["holc_grade"]) == {"A", "B", "C", "D", "Not graded"}


def test_small_groups_and_small_areas_exist():
    pop = load("tallow_population")
    cells = pop.groupby(["neighbourhood_id", "race_ethnicity"], observed=True)["population"].sum()
    assert ((cells >= 1) & (cells <= 10)).sum() >= 20  # suppression will matter
    residents = pop.groupby("neighbourhood_id")["population"].sum()
    assert (residents < 1000).sum() >= 3  # small areas: reliability will matter
    edu = load("tallow_education")
    assert (edu["cohort_students"] < 20).mean() > 0.3


def test_counts_are_internally_consistent():
    edu = load("tallow_education")
    assert (edu["graduated_on_time"] <= edu["cohort_students"]).all()
    assert (edu["grade3_proficient"] <= edu["grade3_tested"]).all()
    jobs = load("tallow_jobs")
    assert (jobs["unemployed"] <= jobs["labour_force"]).all()
    housing = load("tallow_housing")
    assert (housing["owner_households"] + housing["renter_households"]
            == housing["households"]).all()
    assert (housing["cost_burdened_renters"] <= housing["renter_households"]).all()
    justice = load("tallow_justice")
    assert (justice["searches"] <= justice["stops"]).all()
    assert (justice["searches_with_contraband"] <= justice["searches"]).all()
    arts = load("tallow_arts_culture")
    assert (arts["awards"] <= arts["applications"]).all()
    assert (arts["applications"] <= arts["organisations"]).all()
    health = load("tallow_health")
    assert (health["children"] <= health["population"]).all()
    grants = load("tallow_business_grants")
    assert not (grants["awarded"] & ~grants["eligible"]).any()
    assert ((grants["award_usd"] > 0) == grants["awarded"]).all()
    policy = load("tallow_fare_policy")
    assert (policy["warnings"] + policy["citations"] <= policy["inspections"]).all()
    lead = load("tallow_lead_pipes").sort_values(["neighbourhood_id", "year"])
    assert (lead["lines_replaced"] <= lead["lead_lines_start_of_year"]).all()
    following = lead.groupby("neighbourhood_id")["lead_lines_start_of_year"].shift(-1)
    left = lead["lead_lines_start_of_year"] - lead["lines_replaced"]
    assert (following.dropna() == left[following.notna()]).all()
    pop = load("tallow_population")
    by_cell = pop.groupby(["neighbourhood_id", "race_ethnicity"], observed=True)["population"]
    merged = health.set_index(["neighbourhood_id", "race_ethnicity"])["population"]
    assert (by_cell.sum().reindex(merged.index) == merged).all()


def test_geometry_tiles_the_plane_and_matches_the_table():
    geo = load("tallow_geometry")
    nb = load("tallow_neighbourhoods")
    assert geo["neighbourhood_id"].tolist() == nb["neighbourhood_id"].tolist()

    def area(ring):
        xy = np.array(ring)
        x, y = xy[:, 0], xy[:, 1]
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    areas = geo["polygon"].map(area)
    np.testing.assert_allclose(areas, nb["area_km2"], atol=0.01)
    xs = [x for ring in geo["polygon"] for x, _ in ring]
    ys = [y for ring in geo["polygon"] for _, y in ring]
    # No gaps or overlaps: the pieces add up to the bounding rectangle.
    assert areas.sum() == pytest.approx((max(xs) - min(xs)) * (max(ys) - min(ys)), rel=1e-3)
    assert all(ring[0] == ring[-1] for ring in geo["polygon"])


def rate_by(frame, by, num, den):
    grouped = frame.groupby(by, observed=True)[[num, den]].sum()
    return grouped[num] / grouped[den]


@pytest.fixture(scope="module")
def grades():
    return load("tallow_neighbourhoods")[["neighbourhood_id", "holc_grade"]]


def test_history_shapes_places(grades):
    nb = load("tallow_neighbourhoods")
    by = nb.groupby("holc_grade", observed=True)
    mean = by[["pm25_ugm3", "tree_canopy_pct", "life_expectancy_years",
               "median_home_value_usd", "disinvestment_index"]].mean()
    # The direction of each gap is the intended structure; its size is for labs to measure.
    assert mean.loc["D", "disinvestment_index"] > mean.loc["A", "disinvestment_index"]
    assert mean.loc["D", "pm25_ugm3"] > mean.loc["A", "pm25_ugm3"]
    assert mean.loc["D", "tree_canopy_pct"] < mean.loc["A", "tree_canopy_pct"]
    assert mean.loc["D", "life_expectancy_years"] < mean.loc["A", "life_expectancy_years"]
    assert mean.loc["D", "median_home_value_usd"] < mean.loc["A", "median_home_value_usd"]
    assert nb.loc[nb["highway_1960s"], "holc_grade"].isin(["C", "D"]).mean() > 0.5


def test_history_shapes_outcomes_and_residence(grades):
    pop = load("tallow_population").merge(grades, on="neighbourhood_id")
    shares = pop.pivot_table(index="holc_grade", columns="race_ethnicity", values="population",
                             aggfunc="sum", observed=True)
    shares = shares.div(shares.sum(axis=1), axis=0)
    assert shares.loc["D", "Black or African American"] > shares.loc["A",
                                                                     "Black or African American"]
    assert shares.loc["D", "White"] < shares.loc["A", "White"]
    checks = [
        ("tallow_education", "graduated_on_time", "cohort_students", "lower"),
        ("tallow_housing", "owner_households", "households", "lower"),
        ("tallow_housing", "eviction_filings", "renter_households", "higher"),
        ("tallow_justice", "stops", "adult_residents", "higher"),
        ("tallow_health", "asthma_ed_visits", "population", "higher"),
        ("tallow_jobs", "unemployed", "labour_force", "higher"),
    ]
    for name, num, den, direction in checks:
        frame = load(name).merge(grades, on="neighbourhood_id")
        rates = rate_by(frame, "holc_grade", num, den)
        if direction == "lower":
            assert rates["D"] < rates["A"], (name, num)
        else:
            assert rates["D"] > rates["A"], (name, num)


def test_gaps_by_group_emerge_without_race_in_present_day_rules():
    # Regionally, group gaps exist; within a neighbourhood they are smaller, because
    # present-day rules act on place and resources, not on race.
    housing = load("tallow_housing")
    overall = rate_by(housing, "race_ethnicity", "owner_households", "households")
    gap_overall = overall["White"] - overall["Black or African American"]
    assert gap_overall > 0
    pair = housing[housing["race_ethnicity"].isin(["White", "Black or African American"])]
    cells = pair.pivot_table(index="neighbourhood_id", columns="race_ethnicity",
                             values=["owner_households", "households"], aggfunc="sum",
                             observed=True)
    cells = cells[(cells["households"] >= 30).all(axis=1)]
    within = (cells["owner_households"] / cells["households"])
    gap_within = (within["White"] - within["Black or African American"]).median()
    assert 0 < gap_within < gap_overall
    source = (GENERATOR / "generate.py").read_text()
    assert "RACES[g] ==" not in source and "race ==" not in source


def test_trends_cover_ten_plus_years_for_every_group():
    trends = load("tallow_trends")
    years = sorted(trends["year"].unique())
    assert len(years) >= 10 and years == list(range(years[0], years[-1] + 1))
    counts = trends.groupby(["indicator", "race_ethnicity"], observed=True).size()
    assert (counts == len(years)).all()
    assert (trends["numerator"] <= trends["denominator"]).all()


def test_budget_policy_program_shapes():
    budget = load("tallow_budget")
    assert budget["fiscal_year"].nunique() >= 5
    assert set(budget["spending_type"]) == {"Capital", "Operating"}
    assert (budget["amount_usd"] >= 0).all()
    policy = load("tallow_fare_policy")
    assert set(policy["period"]) == {"Before (2019-2021)", "After (2022 onward)"}
    assert policy.loc[policy["race_ethnicity"] == "Unknown", "boardings"].isna().all()
    grants = load("tallow_business_grants")
    assert set(grants["rules"]) == {"First come, first served", "Lottery with assistance"}
    lead = load("tallow_lead_pipes")
    assert lead["rules"].nunique() == 2 and lead["year"].nunique() >= 10
    assert (grants["owner_race_ethnicity"] == "Prefer not to say").any()


def test_generator_is_deterministic_in_memory_too(tmp_path):
    # A different output folder gives identical bytes (no paths or clocks leak into files).
    sys.path.insert(0, str(GENERATOR))
    try:
        import generate

        generate.main(tmp_path)
    finally:
        sys.path.remove(str(GENERATOR))
    original = copy.deepcopy(datasets.datapackage())
    fresh = json.loads((tmp_path / "datapackage.json").read_text())
    assert fresh == original


def test_generator_writes_into_the_package_by_default():
    sys.path.insert(0, str(GENERATOR))
    try:
        import generate
    finally:
        sys.path.remove(str(GENERATOR))
    assert generate.PACKAGE_DIR.resolve() == DATA.resolve()
    assert generate.main.__defaults__ == (generate.PACKAGE_DIR,)


_LOAD_ALL_SYNTHETIC = """
import gc, sys, warnings
leaks = []
sys.unraisablehook = leaks.append  # a ResourceWarning raised in a file's __del__ lands here
warnings.simplefilter("error", ResourceWarning)
from equitylab import datasets
for name in datasets.catalogue().query("kind == 'synthetic'")["name"]:
    datasets.load(name, show_caveats=False)
datasets.geojson()
gc.collect()
if leaks:
    sys.exit("\\n".join(repr(u.exc_value) for u in leaks))
"""


def test_loading_synthetic_datasets_leaves_no_file_open():
    # A fresh interpreter, so nothing is cached from earlier tests: an unclosed file would
    # show as a ResourceWarning (an error here), raised or reported to sys.unraisablehook.
    run = subprocess.run([sys.executable, "-c", _LOAD_ALL_SYNTHETIC], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "ResourceWarning" not in run.stderr
