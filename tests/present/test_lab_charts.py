"""The labs' charts: drawn from what the lab models computed, with alt text that states it."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from equitylab import present
from equitylab.labs import budget, goals, lending, stops


@pytest.fixture(autouse=True)
def _no_pyplot_figures():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before  # charts never touch pyplot's global state


def test_stops_map_names_the_busiest_neighbourhoods_from_the_table() -> None:
    data = stops.load_stops()
    by = stops.stops_by_neighbourhood(data)
    chart = present.stops_map(data, by)
    top = by.head(3)
    assert isinstance(chart, present.Chart)
    assert f"{len(data.dropna(subset=['lat', 'long'])):,} stops" in chart.alt_text
    for name, count in zip(top["neighborhood"].astype(str), top["stops"], strict=True):
        assert name in chart.alt_text and f"{count:,}" in chart.alt_text
    assert chart.svg().lstrip().startswith(b"<?xml")


def test_criterion_chart_states_every_band_rate_and_the_interval_level() -> None:
    view = lending.criterion_view("Loan to value")
    chart = present.criterion_chart(view, (lending.AA, lending.OTHER))
    est = view["within"].loc[view["within"]["measure"] == "proportion"]
    assert f"{est['level'].iloc[0]:.0%} confidence intervals" in chart.alt_text
    for grp in (lending.AA, lending.OTHER):
        shown = est.loc[est["group"] == grp].dropna(subset=["estimate"])
        for band, value in zip(shown["band"], shown["estimate"], strict=True):
            assert f"{band} {value:.0f}%" in chart.alt_text


@pytest.mark.parametrize("metric", ["per_resident", "gd_score"])
def test_budget_map_names_the_lowest_and_highest_neighbourhoods(metric: str) -> None:
    view = budget.budget_view()
    chart = present.budget_map(view, metric)
    ordered = view.table.sort_values(metric, kind="stable")["neighbourhood"].astype(str)
    lowest = re.search(r"Lowest: ([^;]+);", chart.alt_text).group(1).split(", ")
    assert set(lowest) <= set(ordered.head(5)) and "SYNTHETIC" in chart.figure.axes[0].get_title()


def test_goal_chart_states_each_groups_first_and_last_value() -> None:
    view = goals.goal_view()
    chart = present.goal_chart(view, overall=goals.OVERALL)
    lines = chart.figure.axes[0].get_lines()
    data = view.trends.loc[view.trends["group"] != goals.OVERALL]
    groups = list(dict.fromkeys(data["group"]))
    assert [ln.get_label() for ln in lines[:len(groups)]] == groups
    assert len({ln.get_color() for ln in lines[:len(groups)]}) == len(groups)
    for grp in groups:
        sub = data.loc[data["group"] == grp].sort_values("year")
        assert f"{grp}: {sub['value'].iloc[0]:.1f}% in {int(sub['year'].iloc[0])}" in chart.alt_text
    assert f"goal of {view.goal:.1f}%" in chart.alt_text


def _legend_clear_of_the_data(chart: present.Chart) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = chart.figure
    FigureCanvasAgg(fig).draw()
    (ax,) = [a for a in fig.axes if a.get_legend() is not None]
    legend = ax.get_legend().get_window_extent()
    plot = ax.get_window_extent()
    # The legend sits outside the plotting area, so it never hides a mark or an interval.
    assert not legend.overlaps(plot), (legend, plot)
    labels = [t.get_window_extent() for t in ax.get_xticklabels() + [ax.xaxis.label]
              if t.get_text()]
    assert not any(legend.overlaps(b) for b in labels)


@pytest.mark.parametrize("criterion", list(lending.CRITERIA))
def test_lending_legend_covers_no_mark(criterion: str) -> None:
    view = lending.criterion_view(criterion)
    _legend_clear_of_the_data(present.criterion_chart(view, (lending.AA, lending.OTHER)))


def test_goal_legend_covers_no_line() -> None:
    _legend_clear_of_the_data(present.goal_chart(goals.goal_view(), overall=goals.OVERALL))
