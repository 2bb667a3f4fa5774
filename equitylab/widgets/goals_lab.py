"""Lab 5 app and chart: universal goals, trends and "improving for all" (SYNTHETIC data).

Every number comes from the lab model :mod:`equitylab.labs.goals`; this module draws
(:func:`goal_chart`) and shows.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from equitylab import present
from equitylab.labs.goals import (
    INDICATORS,
    OVERALL,
    GoalView,
    checks_table,
    goal_sentences,
    goal_view,
    trend_table,
)
from equitylab.widgets._base import LabApp

__all__ = ["GoalsExplorer", "goal_chart", "goals_explorer"]


_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)))
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
#: Okabe-Ito without the yellow, which is too light on white.
_COLOURS = present.LINE_COLOURS


def goal_chart(view: GoalView) -> tuple[Figure, str]:
    """Draw each group's trend with the universal goal, and return the figure and alt text.

    A lean drawing (one line per group, distinct colour, line style and marker, a legend)
    so that redrawing stays quick in the app; the alt text states every group's first and
    last values.
    """
    data = view.trends.loc[view.trends["group"] != OVERALL]
    groups = list(dict.fromkeys(data["group"]))
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.66, top=0.88, bottom=0.13)
    parts = []
    for k, grp in enumerate(groups):
        sub = data.loc[data["group"] == grp].sort_values("year")
        ax.plot(sub["year"], sub["value"], linestyle=_STYLES[k % 7], marker=_MARKERS[k % 7],
                markevery=5, markersize=5, color=_COLOURS[k % len(_COLOURS)], label=grp,
                linewidth=1.6)
        first, last = sub.iloc[0], sub.iloc[-1]
        parts.append(f"{grp}: {first['value']:.1f}% in {int(first['year'])} to "
                     f"{last['value']:.1f}% in {int(last['year'])}")
    ax.axhline(view.goal, color="#000000", linewidth=1.5, linestyle=(0, (2, 2)),
               label=f"Goal: {view.goal:.1f}% by {view.target_year}")
    ax.axvline(view.since, color="#777777", linewidth=1, label=f"Trend starts ({view.since})")
    ax.set_ylabel(f"{view.indicator} (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    ax.set_title(f"{view.indicator}, Tallow River Region (SYNTHETIC data)", fontsize=10)
    alt = (f"Line chart of {view.indicator.lower()} by group, {int(data['year'].min())} to "
           f"{int(data['year'].max())}, SYNTHETIC data. " + "; ".join(parts) + ". A dashed "
           f"line marks the universal goal of {view.goal:.1f}%; a grey line marks "
           f"{view.since}, where the trend starts.")
    return fig, alt


class GoalsExplorer(LabApp):
    """The lab 5 app.

    Attributes
    ----------
    indicator, reference : ipywidgets.Dropdown
    goal : ipywidgets.BoundedFloatText
    target_year, since : ipywidgets.BoundedIntText
    table, sentences, checks, chart : ipywidgets.HTML
    view : GoalView
    """

    def __init__(self, indicator: str = "Unemployment", **kwargs: Any) -> None:
        self.setup()
        style = {"description_width": "initial"}
        self.indicator = widgets.Dropdown(options=list(INDICATORS), value=indicator,
                                          description="Indicator", style=style)
        # Number boxes rather than sliders: a labelled <input> is named for screen readers
        # in the static page, a slider's handle is not.
        box = widgets.Layout(width="18em")
        self.goal = widgets.BoundedFloatText(value=INDICATORS[indicator][1], min=0, max=100,
                                             step=0.5, description="Universal goal (%)",
                                             style=style, layout=box)
        self.target_year = widgets.BoundedIntText(value=2035, min=2026, max=2060,
                                                  description="Target year", style=style,
                                                  layout=box)
        self.since = widgets.BoundedIntText(value=2015, min=2010, max=2022,
                                            description="Trend starts in", style=style,
                                            layout=box)
        groups = [g for g in trend_table(indicator)["group"].unique() if g != OVERALL]
        self.reference = widgets.Dropdown(options=groups, value="White",
                                          description="Parity with", style=style)
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.checks = widgets.HTML()
        self.view: GoalView | None = None
        self.watch(self.indicator, handler=self._on_indicator)
        self.watch(self.goal, self.target_year, self.since, self.reference)
        super().__init__([
            widgets.VBox([self.indicator, self.goal, self.target_year, self.since,
                          self.reference]), self.message,
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Each group against the goal</h3>"), self.table,
            widgets.HTML("<h3>Improving for all?</h3>"), self.checks,
        ], **kwargs)
        self.refresh()

    def _on_indicator(self, _change: object = None) -> None:
        with self.holding():
            self.goal.value = INDICATORS[self.indicator.value][1]
        self.refresh()

    def render(self) -> None:
        """Compute the goal view for the current choices and show every output."""
        view = goal_view(self.indicator.value, goal=self.goal.value,
                         target_year=self.target_year.value, since=self.since.value,
                         reference=self.reference.value)
        self.view = view
        self.sentences.value = present.sentences_html(goal_sentences(view))
        self.table.value = present.html_table(
            view.table, caption=f"{view.indicator} against a universal goal of "
            f"{view.goal:.1f}% by {view.target_year} (SYNTHETIC data)", row_header="Group")
        self.checks.value = present.html_table(
            checks_table(view), caption=f"Improving for all, {view.since} to "
            f"{view.baseline_year}", row_header="Check")
        fig, alt = goal_chart(view)
        self.chart.value = present.figure_html(fig, alt)
        self.show_status("")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.sentences.value = self.chart.value = self.table.value = self.checks.value = ""
        self.view = None


def goals_explorer(indicator: str = "Unemployment") -> GoalsExplorer:
    """Build the lab 5 app (goals and trends, SYNTHETIC data).

    Parameters
    ----------
    indicator : str
        One of :data:`INDICATORS`.

    Returns
    -------
    GoalsExplorer
    """
    return GoalsExplorer(indicator)

