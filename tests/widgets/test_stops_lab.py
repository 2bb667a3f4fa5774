"""Lab 2 app and views: controls update the outputs; numbers match equitylab.measures."""

from __future__ import annotations

import pandas as pd
import pytest

from equitylab import measures
from equitylab.labs import stops as lab
from equitylab.widgets import stops_explorer


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return lab.load_stops()


def _snap(app):
    return app.table.value, app.sentences.value, app.chart.value


def _direct(stops, *, column="person_searched", race="race", problem=None, precinct=None,
            reference="White", gap="ratio"):
    data = stops
    if problem:
        data = data.loc[data["problem"] == problem]
    if precinct:
        data = data.loc[data["precinct"] == precinct]
    counts = measures.count(data, race, column, unknown=["Unknown"],
                            indicator=measures.Indicator(column, per=100))
    return measures.disparities(counts, reference=reference, measures=("estimate", gap))


def _check(app, direct, gap="ratio"):
    shown = app.table.value
    for _, r in direct.loc[direct["measure"] == "proportion"].iterrows():
        if pd.isna(r["estimate"]):
            continue
        assert f"{r['estimate']:.1f}% ({r['lower']:.1f}–{r['upper']:.1f}%)" in shown
    for _, r in direct.loc[direct["measure"] == gap].iterrows():
        if pd.isna(r["estimate"]) or "reference_group" in r["flags"]:
            continue
        if gap == "ratio":
            assert f"{r['estimate']:.2f}×" in shown
        else:
            assert f"{r['estimate']:+.1f} percentage points" in shown
    hidden = direct.loc[(direct["measure"] == "proportion") & direct["suppressed"], "group"]
    assert (len(hidden) == 0) or "hidden (small count)" in shown


def test_every_control_changes_the_outputs_and_matches_measures(stops):
    app = stops_explorer(stops)
    _check(app, _direct(stops))
    steps = [
        ("outcome", "Citation issued", dict(column="citation_issued")),
        ("race_field", "race_before_contact",
         dict(column="citation_issued", race="race_before_contact")),
        ("problem", "traffic", dict(column="citation_issued", race="race_before_contact",
                                    problem="traffic")),
        ("precinct", 3, dict(column="citation_issued", race="race_before_contact",
                             problem="traffic", precinct=3)),
    ]
    for control, value, kwargs in steps:
        before = _snap(app)
        getattr(app, control).value = value
        after = _snap(app)
        assert all(b != a for b, a in zip(before, after, strict=True)), control
        _check(app, _direct(stops, **kwargs))
    # a small precinct-level table: suppression is visible
    assert "hidden (small count)" in app.table.value
    app.race_field.value = "race"
    before = _snap(app)
    app.reference.value = "others"
    assert all(b != a for b, a in zip(before, _snap(app), strict=True))
    before = _snap(app)
    app.gap.value = "difference"
    assert all(b != a for b, a in zip(before, _snap(app), strict=True))
    _check(app, _direct(stops, column="citation_issued", problem="traffic", precinct=3,
                        reference="others", gap="difference"), gap="difference")


def test_data_quality_counts(stops):
    q = lab.data_quality(stops).set_index("check")["stops"]
    assert q["All stops"] == 51920
    assert q["Not entered on a squad computer (no race, no search data)"] == 8221


def test_perceived_race_table_hides_small_cells(stops):
    table, agree = lab.perceived_race_table(stops)
    assert 0.9 < agree < 1
    assert (table == "hidden").any().any()
    cells = table.drop(columns=table.columns[0]).to_numpy().ravel()
    for cell in cells:
        if cell not in ("hidden", "0"):
            assert int(cell.replace(",", "")) > 10


def test_within_neighbourhood_pooled_ratio_is_smaller_than_crude(stops):
    check = lab.within_neighbourhood(stops)
    assert round(check["crude_ratio"], 2) == 2.50
    assert 1 < check["pooled_ratio"] < check["crude_ratio"]
    assert check["higher"] <= check["neighbourhoods"] == len(check["table"])


def test_outcome_test_is_refused_without_a_contraband_column(stops):
    ok, why = lab.outcome_test_check(stops.columns)
    assert not ok and "no column" in why
    assert lab.outcome_test_check(["race", "contraband_found"])[0]


def test_benchmark_and_map_have_tables(stops):
    table, by_area = lab.neighbourhood_benchmark()
    ratio = table.query("group == 'Black' and measure == 'ratio'")["estimate"].iloc[0]
    assert ratio == pytest.approx(4.42, abs=0.01)
    by = lab.stops_by_neighbourhood(stops)
    assert by["stops"].sum() == len(stops)


def test_neighbourhood_benchmark_table_matches_measures():
    table = lab.benchmark_by_neighbourhood(top=5)
    assert len(table) == 5 and table.iloc[0]["Neighborhood"] == "Downtown West"
    rates = lab.datasets.load("mpls_stop_rates", show_caveats=False)
    row = rates.loc[rates["neighborhood"] == "Downtown West"].iloc[0]
    black = 1000 * row["stops_black"] / row["population_black"]
    assert table.iloc[0]["Stops per 1,000 Black residents"] == f"{black:,.0f}"
