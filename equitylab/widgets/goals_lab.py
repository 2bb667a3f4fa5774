"""Lab 5 app and chart: universal goals, trends and "improving for all" (SYNTHETIC data).

Every number comes from the lab model :mod:`equitylab.labs.goals`; this module shows it, with
:func:`equitylab.present.goal_chart`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

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

__all__ = ["GoalsExplorer", "goals_explorer"]




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
        self.draw_chart(self.chart, lambda: present.goal_chart(view, overall=OVERALL))
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

