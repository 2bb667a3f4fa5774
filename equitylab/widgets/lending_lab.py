"""Lab 3 app and chart: explicit and implicit bias in lending (real data).

Every number comes from the lab model :mod:`equitylab.labs.lending`; this module shows it, with
:func:`equitylab.present.criterion_chart`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from equitylab import present
from equitylab.labs.lending import (
    AA,
    CRITERIA,
    OTHER,
    criterion_sentences,
    criterion_view,
    within_table,
)
from equitylab.widgets._base import LabApp

__all__ = ["LendingExplorer", "lending_explorer"]


class LendingExplorer(LabApp):
    """The lab 3 app: the denial gap within bands of a "race-neutral" criterion.

    Attributes
    ----------
    criterion : ipywidgets.Dropdown
    gap : ipywidgets.ToggleButtons
    sentences, distribution, table, chart : ipywidgets.HTML
    view : dict
    """

    def __init__(self, **kwargs: Any) -> None:
        self.setup()
        style = {"description_width": "initial"}
        self.criterion = widgets.Dropdown(options=list(CRITERIA),
                                          description="Compare within bands of", style=style,
                                          layout=widgets.Layout(width="30em"))
        self.gap = widgets.ToggleButtons(
            options=[("Relative gap (ratio)", "ratio"), ("Absolute gap (difference)",
                                                         "difference")],
            description="Gap", style=style)
        self.sentences = widgets.HTML()
        self.distribution = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.view: dict[str, Any] = {}
        self.watch(self.criterion, self.gap)
        super().__init__([
            widgets.VBox([self.criterion, self.gap]), self.message,
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Who is in each band</h3>"), self.distribution,
            widgets.HTML("<h3>Denials within each band</h3>"), self.chart, self.table,
        ], **kwargs)
        self.refresh()

    def render(self) -> None:
        """Compare within bands of the chosen criterion and show every output."""
        view = criterion_view(self.criterion.value, self.gap.value)
        self.view = view
        crit = view["criterion"].lower()
        self.sentences.value = present.sentences_html(criterion_sentences(view))
        self.distribution.value = present.html_table(
            view["distribution"], caption=f"Share of each group's applicants in each band of "
            f"{crit} (%)", row_header=view["criterion"])
        self.draw_chart(self.chart, lambda: present.criterion_chart(view, (AA, OTHER)))
        self.table.value = present.html_table(
            within_table(view), caption=f"Denial rates within bands of {crit}, and the gap "
            "(counts from 1 to 10 hidden)", row_header=view["criterion"])
        self.show_status("")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.sentences.value = self.distribution.value = self.chart.value = ""
        self.table.value = ""


def lending_explorer() -> LendingExplorer:
    """Build the lab 3 app (lending, real data).

    Returns
    -------
    LendingExplorer
    """
    return LendingExplorer()
