"""Lab 1 app: every control changes the table, the sentences and the chart, and the numbers
shown are the ones :func:`equitylab.measures.disparities` gives when called directly."""

from __future__ import annotations

import pandas as pd
import pytest

from equitylab import datasets, measures
from equitylab.labs.explorer import SOURCES, outcome_counts
from equitylab.widgets import disparity_explorer


def _snapshot(app):
    return app.table.value, app.sentences.value, app.chart.value


def _assert_all_changed(before, after):
    for name, old, new in zip(("table", "sentences", "chart"), before, after, strict=True):
        assert old != new, f"the {name} did not change"


def _direct(events: str, reference, gap: str, *, complement: bool = False) -> pd.DataFrame:
    stops = datasets.load("mpls_stops", show_caveats=False)
    if complement:
        stops = stops.assign(**{events: ~stops[events]})
    counts = measures.count(stops, "race", events, unknown=["Unknown"],
                            indicator=measures.Indicator(events, per=100))
    return measures.disparities(counts, reference=reference, measures=("estimate", gap))


def _assert_table_matches(app, direct: pd.DataFrame, gap: str) -> None:
    shown = app.table.value
    rates = direct.loc[direct["measure"] == "proportion"]
    gaps = direct.loc[direct["measure"] == gap]
    for _, r in rates.dropna(subset=["estimate"]).iterrows():
        assert f"{r['estimate']:.1f}% ({r['lower']:.1f}–{r['upper']:.1f}%)" in shown
        assert f"{int(r['n']):,}" in shown
    for _, r in gaps.dropna(subset=["estimate"]).iterrows():
        if "reference_group" in r["flags"]:
            continue
        if gap == "ratio":
            assert f"{r['estimate']:.2f}× ({r['lower']:.2f}–{r['upper']:.2f})" in shown
        else:
            assert f"{r['estimate']:+.1f} percentage points" in shown


def test_default_view_matches_measures():
    app = disparity_explorer()
    assert app.reference.value == ("group", "White")
    _assert_table_matches(app, _direct("person_searched", "White", "ratio"), "ratio")
    assert "2.50 times" not in app.sentences.value  # explain rounds ratios to one decimal
    assert "Black people stopped were searched at 2.5 times the rate of White" in \
        app.sentences.value
    assert 'alt="' in app.chart.value and "Native American" in app.chart.value


def test_every_control_changes_every_output_and_matches_measures():
    app = disparity_explorer()

    before = _snapshot(app)
    app.outcome.value = "Vehicle searched"
    _assert_all_changed(before, _snapshot(app))
    _assert_table_matches(app, _direct("vehicle_searched", "White", "ratio"), "ratio")

    before = _snapshot(app)
    app.reference.value = "best"
    _assert_all_changed(before, _snapshot(app))
    _assert_table_matches(app, _direct("vehicle_searched", "best", "ratio"), "ratio")
    assert app.comparison.reference == "East African"

    before = _snapshot(app)
    app.gap.value = "difference"
    _assert_all_changed(before, _snapshot(app))
    _assert_table_matches(app, _direct("vehicle_searched", "best", "difference"), "difference")
    assert "Difference from reference" in app.table.value

    before = _snapshot(app)
    app.framing.value = "favourable"
    _assert_all_changed(before, _snapshot(app))
    assert "were not searched" not in app.sentences.value
    assert "did not have their vehicle searched" in app.sentences.value

    before = _snapshot(app)
    app.reference.value = "others"
    _assert_all_changed(before, _snapshot(app))
    assert "all other people stopped" in app.sentences.value

    before = _snapshot(app)
    app.dataset.value = "tallow_education"
    _assert_all_changed(before, _snapshot(app))
    assert "SYNTHETIC" in app.about.value
    assert app.outcome.value == "Graduated on time"


def test_favourable_framing_is_the_complement():
    app = disparity_explorer()
    app.framing.value = "favourable"
    direct = _direct("person_searched", "White", "ratio", complement=True)
    _assert_table_matches(app, direct, "ratio")


def test_rates_have_no_complement_so_framing_is_disabled():
    app = disparity_explorer("tallow_health")
    app.outcome.value = "Asthma emergency visits per 1,000 residents"
    assert app.framing.disabled
    assert "per 1,000" in app.table.value


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.dataset)
def test_every_dataset_and_outcome_renders(source):
    app = disparity_explorer(source.dataset)
    for label in app.outcome.options:
        app.outcome.value = label
        assert "<table" in app.table.value and "<img" in app.chart.value
        counts = outcome_counts(source.dataset, label)
        assert counts.indicator.unit in ("proportion", "rate")
    if source.synthetic:
        assert "SYNTHETIC" in app.about.value


def test_small_counts_are_hidden_in_table_sentences_and_chart():
    app = disparity_explorer("tallow_business_grants")
    shown = app.comparison.wide
    hidden = shown.loc[shown["suppressed"], "group"].tolist()
    assert "Native Hawaiian or Pacific Islander" in hidden
    assert "hidden (small count)" in app.table.value
    assert "suppressed to protect privacy" in app.sentences.value
