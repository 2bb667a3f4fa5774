"""Lab 4 app and map: an equitable capital budget in the SYNTHETIC Tallow River Region.

Every number comes from the lab model :mod:`equitylab.labs.budget`; this module shows it, with
:func:`equitylab.present.budget_map`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from equitylab import present
from equitylab.labs.budget import (
    STRATEGIES,
    BudgetView,
    budget_sentences,
    budget_view,
    groups,
    neighbourhood_table,
)
from equitylab.widgets._base import LabApp

__all__ = ["BudgetExplorer", "budget_explorer"]


class BudgetExplorer(LabApp):
    """The lab 4 app.

    Attributes
    ----------
    strategy : ipywidgets.ToggleButtons
    pot, goal : ipywidgets.BoundedIntText
    baseline, metric : ipywidgets.Dropdown
    sentences, compare, by_group, chart, table : ipywidgets.HTML
    view : BudgetView
    """

    def __init__(self, **kwargs: Any) -> None:
        self.setup()
        style = {"description_width": "initial"}
        self.strategy = widgets.ToggleButtons(
            options=[(v.split(":")[0], k) for k, v in STRATEGIES.items()],
            value="targeted_universal", description="Allocation", style=style,
            tooltips=[v for v in STRATEGIES.values()])
        # Number boxes rather than sliders: the slider's handle has no accessible name in
        # the static page, while a number box is a labelled <input> for screen readers.
        self.pot = widgets.BoundedIntText(value=30, min=0, max=100, step=5,
                                          description="New money ($ million a year)",
                                          style=style, layout=widgets.Layout(width="22em"))
        self.goal = widgets.BoundedIntText(value=250, min=0, max=1000, step=25,
                                           description="Universal goal ($ per resident)",
                                           style=style, layout=widgets.Layout(width="22em"))
        self.baseline = widgets.Dropdown(options=[("All residents", "residents")]
                                         + [(g, g) for g in groups()],
                                         description="Baseline population", style=style)
        self.metric = widgets.Dropdown(
            options=[("Capital per resident", "per_resident"),
                     ("Geographic disparity score", "gd_score")],
            description="Map shows", style=style)
        self.sentences = widgets.HTML()
        self.compare = widgets.HTML()
        self.by_group = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.view: BudgetView | None = None
        self.watch(self.strategy, self.pot, self.goal, self.baseline, self.metric)
        super().__init__([
            widgets.VBox([self.strategy, self.pot, self.goal, self.baseline, self.metric]),
            self.message,
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Three allocations compared</h3>"), self.compare,
            widgets.HTML("<h3>Who benefits: by group</h3>"), self.by_group,
            widgets.HTML("<h3>Map</h3>"), self.chart, self.table,
        ], **kwargs)
        self.refresh()

    def render(self) -> None:
        """Allocate the pot and show sentences, comparisons, the map and its table."""
        view = budget_view(self.strategy.value, pot=self.pot.value * 1e6,
                           goal=float(self.goal.value), baseline=self.baseline.value)
        self.view = view
        self.sentences.value = present.sentences_html(budget_sentences(view))
        self.compare.value = present.html_table(
            view.compare, caption=f"${view.pot / 1e6:,.0f} million a year shared three ways, "
            f"against a goal of ${view.goal:,.0f} per resident (SYNTHETIC data)",
            row_header="Allocation")
        self.by_group.value = present.html_table(
            view.by_group, caption="Demographic disparity score: the share of spending where "
            "each group lives, minus its share of residents (points)", row_header="Group")
        self.draw_chart(self.chart, lambda: present.budget_map(view, self.metric.value))
        self.table.value = (
            '<div style="max-height:24em;overflow:auto" tabindex="0" role="region" '
            'aria-label="Every neighborhood">'
            + present.html_table(neighbourhood_table(view), caption="Every neighborhood, "
                               "lowest capital per resident first (SYNTHETIC data)",
                               row_header="Neighborhood", scroll=False) + "</div>")
        self.show_status("")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.sentences.value = self.compare.value = self.by_group.value = ""
        self.chart.value = self.table.value = ""
        self.view = None


def budget_explorer() -> BudgetExplorer:
    """Build the lab 4 app (an equitable capital budget, SYNTHETIC data).

    Returns
    -------
    BudgetExplorer
    """
    return BudgetExplorer()
