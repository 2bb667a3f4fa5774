"""Lab 3 app and chart: explicit and implicit bias in lending (real data).

Every number comes from the lab model :mod:`equitylab.labs.lending`; this module draws
(:func:`criterion_chart`) and shows.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

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

__all__ = ["LendingExplorer", "criterion_chart", "lending_explorer"]


def criterion_chart(view: dict[str, Any]) -> tuple[Figure, str]:
    """Draw denial rates by band for both groups, with their intervals, and alt text."""
    w = view["within"]
    est = w.loc[w["measure"] == "proportion"]
    bands = list(dict.fromkeys(est["band"].dropna()))
    fig = Figure(figsize=(7.5, 0.5 * len(bands) + 1.6))
    ax = fig.subplots()
    fig.subplots_adjust(left=0.25, right=0.97, bottom=0.25, top=0.85)
    y = np.arange(len(bands))[::-1].astype(float)
    parts = []
    for k, (grp, colour, marker) in enumerate(((AA, present.OKABE_ITO[1], "D"),
                                               (OTHER, present.OKABE_ITO[0], "o"))):
        sub = est.loc[est["group"] == grp].set_index("band").reindex(bands)
        v = sub["estimate"].to_numpy(float)
        lo, hi = sub["lower"].to_numpy(float), sub["upper"].to_numpy(float)
        yy = y + (0.15 if k == 0 else -0.15)
        ok = np.isfinite(v)
        ax.hlines(yy[ok], lo[ok], hi[ok], color="#444444", linewidth=1.2)
        ax.plot(v[ok], yy[ok], marker, color=colour, label=grp, markersize=7, linestyle="none")
        parts.append(f"{grp}: " + ", ".join(
            f"{b} {x:.0f}%" if np.isfinite(x) else f"{b} hidden" for b, x in
            zip(bands, v, strict=True)))
    ax.set_yticks(y, bands)
    ax.set_xlabel("Denied (%)")
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    ax.set_title(f"Denial rate by {view['criterion'].lower()} (real data, Boston 1990)",
                 fontsize=10)
    intervals = present.Scale.of(est).intervals
    alt = (f"Dot chart of mortgage denial rates with {intervals}, by "
           f"{view['criterion'].lower()}, for two groups. " + "; ".join(parts) + ".")
    return fig, alt


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
        fig, alt = criterion_chart(view)
        self.chart.value = present.figure_html(fig, alt)
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
