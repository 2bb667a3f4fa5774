"""Lab 2 app and chart: Minneapolis police stops, 2017 (real data).

The app compares post-stop outcomes (searches, citations) by race, with filters by type of
stop and precinct, so learners see small-cell suppression appear as the groups get smaller.
Every number comes from the lab model :mod:`equitylab.labs.stops`; this module only shows.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from equitylab import measures, present
from equitylab.labs.comparison import Comparison, compare
from equitylab.labs.stops import (
    OUTCOMES,
    PROBLEMS,
    RACE_FIELDS,
    load_stops,
    stop_counts,
)
from equitylab.widgets._base import LabApp, reference_options

__all__ = ["StopsExplorer", "stops_explorer"]


class StopsExplorer(LabApp):
    """The lab 2 app: post-stop outcomes by race, filtered by stop type and precinct.

    Attributes
    ----------
    outcome, race_field, problem, precinct, reference : ipywidgets.Dropdown
    gap : ipywidgets.ToggleButtons
    table, sentences, chart, note, message : ipywidgets.HTML
    comparison : Comparison
    """

    def __init__(self, stops: pd.DataFrame | None = None, **kwargs: Any) -> None:
        self.setup()
        self.stops = load_stops() if stops is None else stops
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="26em")
        self.outcome = widgets.Dropdown(options=list(OUTCOMES), description="Outcome",
                                        style=style, layout=wide)
        self.race_field = widgets.Dropdown(options=list(RACE_FIELDS.items()),
                                           description="Race field", style=style, layout=wide)
        self.problem = widgets.Dropdown(
            options=[(words.capitalize(), key) for key, words in PROBLEMS.items()],
            description="Type of stop", style=style, layout=wide)
        precincts = sorted(int(p) for p in self.stops["precinct"].dropna().unique())
        self.precinct = widgets.Dropdown(
            options=[("All precincts", 0)] + [(f"Precinct {p}", p) for p in precincts],
            description="Precinct", style=style, layout=wide)
        self.reference = widgets.Dropdown(options=reference_options(["White"]),
                                          value=("group", "White"), description="Compare with",
                                          style=style, layout=wide)
        self.gap = widgets.ToggleButtons(
            options=[("Relative gap (ratio)", "ratio"), ("Absolute gap (difference)",
                                                         "difference")],
            description="Gap", style=style)
        self.note = widgets.HTML()
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(min_height="10em"))
        self.comparison: Comparison | None = None
        self._cache: dict[tuple[Any, ...], measures.Counts] = {}
        self.watch(self.outcome, self.race_field, self.problem, self.precinct,
                   handler=self._on_filter)
        self.watch(self.reference, self.gap)
        super().__init__([
            widgets.VBox([self.outcome, self.race_field, self.problem, self.precinct,
                          self.reference, self.gap]),
            self.note, self.message, widgets.HTML("<h3>What the numbers say</h3>"),
            self.sentences, widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Table</h3>"), self.table,
        ], **kwargs)
        self._on_filter()

    def counts(self) -> measures.Counts:
        """Return the counts for the current outcome, race field and filters (cached)."""
        key = (self.outcome.value, self.race_field.value, self.problem.value,
               self.precinct.value)
        if key not in self._cache:
            self._cache[key] = stop_counts(self.stops, *key)
        return self._cache[key]

    def _on_filter(self, _change: object = None) -> None:
        groups = list(dict.fromkeys(self.counts().table["group"]))
        old = self.reference.value
        with self.holding():
            opts = reference_options(groups)
            self.reference.options = opts
            self.reference.value = old if old in [v for _, v in opts] else (
                ("group", "White") if "White" in groups else "best")
        self.refresh()

    def render(self) -> None:
        """Compare the groups for the current filters and show note, table, sentences, chart."""
        counts = self.counts()
        comp = compare(counts, reference=self.reference.value, gap=self.gap.value)
        self.comparison = comp
        where = "all precincts" if not self.precinct.value else f"precinct {self.precinct.value}"
        kind = PROBLEMS[self.problem.value]
        left = counts.excluded_rows
        self.note.value = (
            f"<p><strong>Real data</strong>: Minneapolis police stops, 2017 ({html.escape(kind)}, "
            f"{html.escape(where)}). {left:,} stops are left out because race is missing or "
            "'Unknown', or the outcome was not recorded.</p>")
        self.table.value = present.comparison_table_html(
            comp, group_label="Race (officer-perceived)", people="Stops")
        self.sentences.value = present.sentences_html(
            present.sentences(comp, noun="people stopped"))
        title = f"{counts.indicator.verb.capitalize()} ({kind}, {where})"
        self.draw_chart(self.chart, lambda: present.gap_chart(comp, title=title))
        self.show_status("")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.table.value = self.sentences.value = self.chart.value = ""
        self.comparison = None


def stops_explorer(stops: pd.DataFrame | None = None) -> StopsExplorer:
    """Build the lab 2 app: search and citation rates by race, with filters.

    Parameters
    ----------
    stops : pandas.DataFrame, optional
        Defaults to ``datasets.load("mpls_stops")``.

    Returns
    -------
    StopsExplorer
    """
    return StopsExplorer(stops)
