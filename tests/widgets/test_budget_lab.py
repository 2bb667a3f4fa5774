"""Lab 4 app: every control changes the outputs; scores match equitylab.measures directly."""

from __future__ import annotations

import numpy as np
import pytest

from equitylab import measures
from equitylab.labs.budget import allocate, budget_view, groups, region
from equitylab.widgets.budget_lab import budget_explorer


def _snap(app):
    return (app.sentences.value, app.compare.value, app.by_group.value, app.chart.value,
            app.table.value)


def test_allocations_add_up_to_the_pot():
    t = region()
    for strategy in ("universal", "targeted", "targeted_universal"):
        for goal in (0, 250, 800):
            assert allocate(t, 30e6, strategy, goal).sum() == pytest.approx(30e6)
    targeted = allocate(t, 30e6, "targeted", 250)
    assert (targeted > 0).sum() == pytest.approx(len(t) / 4, abs=1)


def test_targeted_universal_reaches_the_goal_when_money_allows():
    view = budget_view("targeted_universal", pot=30e6, goal=250)
    res = view.table["residents"].to_numpy(float)
    assert (view.table["after"].to_numpy(float) >= 250 * res - 1e-6).all()
    assert view.compare.set_index("Allocation").loc[
        "Targeted universal", "Neighborhoods below the goal"] == 0


def test_scores_match_measures():
    view = budget_view("universal", pot=20e6, goal=300, baseline="Black or African American")
    t = region()
    t["after"] = t["capital"] + allocate(t, 20e6, "universal", 300)
    geo = measures.geographic_disparity(t, "neighbourhood", "after", "Black or African American")
    np.testing.assert_allclose(view.table["gd_score"], geo["score"])
    dd = measures.demographic_disparity(t, "neighbourhood", "after", groups())
    shown = view.by_group.set_index("Group")["Score after (points)"]
    np.testing.assert_allclose(shown.to_numpy(), (100 * dd["score"]).round(1).to_numpy())


@pytest.mark.parametrize(("control", "value"), [
    ("strategy", "universal"), ("pot", 60), ("goal", 500),
    ("baseline", "Black or African American"), ("metric", "gd_score")])
def test_each_control_changes_what_is_shown(control, value):
    app = budget_explorer()
    before = _snap(app)
    getattr(app, control).value = value
    after = _snap(app)
    changed = [b != a for b, a in zip(before, after, strict=True)]
    if control == "metric":  # only the map and its alt text change
        assert changed[3]
    elif control == "baseline":  # the geographic score: sentences and table; map if shown
        assert changed[0] and changed[4]
        app.metric.value = "gd_score"
        before_map = app.chart.value
        app.baseline.value = "residents"
        assert app.chart.value != before_map
    else:
        assert changed[0] and changed[3] and changed[4]
    assert 'alt="Map of the 120 synthetic neighborhoods' in app.chart.value
    assert "SYNTHETIC" in app.sentences.value
