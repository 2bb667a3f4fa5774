"""Lab 3 app and views: controls update the outputs; numbers match equitylab.measures."""

from __future__ import annotations

import pytest

from equitylab import datasets, measures
from equitylab.labs.lending import (
    AA,  # noqa: F401 - used in DataFrame.query strings
    CRITERIA,
    OTHER,
    criterion_view,
    denial_gap,
    gi_bill_boost,
    hmda,
)
from equitylab.widgets.lending_lab import lending_explorer


def _snap(app):
    return app.sentences.value, app.distribution.value, app.table.value, app.chart.value


def test_raw_gap_matches_measures():
    h = datasets.load("boston_hmda", show_caveats=False)
    c = measures.count(h, "african_american", "denied",
                       indicator=measures.Indicator("denied", per=100))
    direct = measures.disparities(c, reference="False", measures=("ratio",))
    ours = denial_gap().query("group == @AA and measure == 'ratio'")["estimate"].iloc[0]
    assert ours == pytest.approx(direct.query("group == 'True'")["estimate"].iloc[0])


@pytest.mark.parametrize("criterion", list(CRITERIA))
def test_pooled_gap_is_smaller_but_remains(criterion):
    view = criterion_view(criterion)
    assert 1.5 < view["pooled"] < view["crude"]


def test_every_control_changes_every_output():
    app = lending_explorer()
    before = _snap(app)
    app.criterion.value = "Loan to value"
    assert all(b != a for b, a in zip(before, _snap(app), strict=True))
    h = hmda()
    h["band"] = CRITERIA["Loan to value"][0](h)
    direct = measures.disparities(
        measures.count(h, "applicant_race", "denied", strata="band",
                       indicator=measures.Indicator("denied", per=100)),
        reference=OTHER, measures=("ratio",))
    for _, r in direct.query("group == @AA").iterrows():
        assert f"{r['estimate']:.2f}×" in app.table.value
    before = _snap(app)
    app.gap.value = "difference"
    after = _snap(app)
    assert after[2] != before[2] and "points" in app.table.value
    assert after[0] != before[0] and "difference ranges" in app.sentences.value


def test_gi_bill_boost_was_smaller_for_nonwhite_veterans():
    boost = gi_bill_boost().set_index("race")
    assert boost.loc["White", "boost"] > 1.5 * boost.loc["Nonwhite", "boost"]
    assert boost.loc["Nonwhite", "boost_lower"] > 0
