"""Lab 5 app: every control changes the outputs; numbers match equitylab.measures directly."""

from __future__ import annotations

import pytest

from equitylab import measures
from equitylab.labs.goals import OVERALL, goal_view, trend_table
from equitylab.widgets.goals_lab import goals_explorer


def _snap(app):
    return app.table.value, app.sentences.value, app.chart.value


def _direct(indicator, goal, target, since, direction):
    data = trend_table(indicator)
    last = int(data["year"].max())
    tr = measures.trend(data.loc[data["year"] >= since], "group", "year", "value")
    now = data.loc[data["year"] == last].set_index("group")["value"]
    return measures.goal_gaps(now, goal, direction=direction, baseline_year=last,
                              target_year=target, pace=tr.set_index("group")["slope"])


def _matches(app, direct):
    for r in direct.itertuples():
        assert f"{r.level:.1f}" in app.table.value
        assert f"{r.required_pace:.2f}" in app.table.value
        assert f"{r.current_pace:+.2f}" in app.table.value


def test_default_view_matches_measures():
    app = goals_explorer()
    _matches(app, _direct("Unemployment", 3.0, 2035, 2015, "adverse"))
    assert "SYNTHETIC" in app.sentences.value and "SYNTHETIC" in app.chart.value


@pytest.mark.parametrize(
    ("control", "value", "expect"),
    [("indicator", "On-time graduation", ("On-time graduation", 90.0, 2035, 2015, "favourable")),
     ("goal", 2.0, ("Unemployment", 2.0, 2035, 2015, "adverse")),
     ("target_year", 2045, ("Unemployment", 3.0, 2045, 2015, "adverse")),
     ("since", 2011, ("Unemployment", 3.0, 2035, 2011, "adverse"))])
def test_each_control_changes_table_sentences_and_chart(control, value, expect):
    app = goals_explorer()
    before = _snap(app)
    getattr(app, control).value = value
    after = _snap(app)
    for name, b, a in zip(("table", "sentences", "chart"), before, after, strict=True):
        assert b != a, name
    _matches(app, _direct(*expect))


def test_reference_changes_years_to_parity():
    app = goals_explorer()
    before = _snap(app)
    app.reference.value = "Asian"
    assert app.table.value != before[0] and app.sentences.value != before[1]
    direct = measures.years_to_parity(
        {r.group: r.level for r in _direct("Unemployment", 3.0, 2035, 2015, "adverse")
         .itertuples() if r.group != OVERALL},
        {r.group: r.current_pace for r in _direct("Unemployment", 3.0, 2035, 2015, "adverse")
         .itertuples() if r.group != OVERALL}, "Asian", direction="adverse")
    for label in direct["parity_label"]:
        assert label in app.table.value


def test_too_short_a_trend_is_refused():
    with pytest.raises(ValueError, match="at least 3 years"):
        goal_view(since=2024)


def test_improving_for_all_checks_are_shown():
    app = goals_explorer("Home ownership")
    assert "Every group improved" in app.checks.value
    view = app.view
    assert len(view.checks) >= 5
