"""Lab 1 app: a disparity explorer over datasets from every domain.

Pick a dataset, an outcome, a reference, an absolute or relative gap and a framing; the
table, the sentences and the chart update together. Every number comes from
:func:`equitylab.measures.disparities`; the sentences from :mod:`equitylab.explain`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from equitylab import datasets, present
from equitylab.labs.comparison import Comparison, compare
from equitylab.labs.explorer import SOURCES, outcome_counts, source
from equitylab.widgets._base import LabApp, reference_options

__all__ = ["DisparityExplorer", "disparity_explorer"]


class DisparityExplorer(LabApp):
    """The explorer's widget tree, with its controls and outputs as attributes.

    Attributes
    ----------
    dataset, outcome, reference : ipywidgets.Dropdown
    gap, framing : ipywidgets.ToggleButtons
    about, table, sentences, chart : ipywidgets.HTML
    comparison : Comparison
        What is on screen now (for tests and for further analysis).
    """

    def __init__(self, dataset: str = "mpls_stops", **kwargs: Any) -> None:
        self.setup()
        style = {"description_width": "initial"}
        self.dataset = widgets.Dropdown(
            options=[(s.label, s.dataset) for s in SOURCES], value=source(dataset).dataset,
            description="Dataset", style=style, layout=widgets.Layout(width="32em"))
        self.outcome = widgets.Dropdown(description="Outcome", style=style,
                                        layout=widgets.Layout(width="32em"))
        self.reference = widgets.Dropdown(description="Compare with", style=style,
                                          layout=widgets.Layout(width="24em"))
        self.gap = widgets.ToggleButtons(
            options=[("Relative gap (ratio)", "ratio"), ("Absolute gap (difference)",
                                                         "difference")],
            value="ratio", description="Gap", style=style,
            tooltips=["How many times the reference's rate",
                      "How many points above or below the reference"])
        self.framing = widgets.ToggleButtons(
            options=[("Adverse (the bad outcome)", "adverse"),
                     ("Favorable (the good outcome)", "favourable")],
            description="Framing", style=style,
            tooltips=["Count the bad outcome, e.g. searched", "Count the good outcome, e.g. "
                      "not searched"])
        self.about = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(min_height="10em"))
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.comparison: Comparison | None = None
        self._fill_outcomes()
        self.watch(self.dataset, handler=self._on_dataset)
        self.watch(self.outcome, handler=self._on_outcome)
        self.watch(self.reference, self.gap, self.framing)
        controls = widgets.VBox([self.dataset, self.outcome, self.reference, self.gap,
                                 self.framing])
        super().__init__([
            controls, self.about, self.message,
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Table</h3>"), self.table,
        ], **kwargs)
        self.refresh()

    # -- cascading menus ------------------------------------------------------------------
    def _fill_outcomes(self) -> None:
        src = source(self.dataset.value)
        with self.holding():
            self.outcome.options = [o.label for o in src.outcomes]
            self.outcome.value = src.outcomes[0].label
            self._fill_framing()
            self._fill_references(keep=False)

    def _fill_framing(self) -> None:
        src = source(self.dataset.value)
        out = {o.label: o for o in src.outcomes}[self.outcome.value]
        if out.unit == "proportion":
            self.framing.disabled = False
            self.framing.value = out.direction
        else:
            self.framing.value = out.direction
            self.framing.disabled = True

    def _fill_references(self, *, keep: bool) -> None:
        src = source(self.dataset.value)
        counts = outcome_counts(src.dataset, self.outcome.value)
        groups = list(dict.fromkeys(counts.table["group"]))
        old = self.reference.value
        opts = reference_options(groups)
        self.reference.options = opts
        values = [v for _, v in opts]
        if keep and old in values:
            self.reference.value = old
        else:
            self.reference.value = ("group", src.reference) if src.reference in groups else "best"

    def _on_dataset(self, _change: object = None) -> None:
        self._fill_outcomes()
        self.refresh()

    def _on_outcome(self, _change: object = None) -> None:
        if self.held:
            return
        with self.holding():
            self._fill_framing()
            self._fill_references(keep=True)
        self.refresh()

    # -- the view -------------------------------------------------------------------------
    def render(self) -> None:
        """Compare the groups for the current choices and show table, sentences and chart."""
        src = source(self.dataset.value)
        counts = outcome_counts(src.dataset, self.outcome.value, self.framing.value)
        comp = compare(counts, reference=self.reference.value, gap=self.gap.value)
        self.comparison = comp
        kind = "SYNTHETIC data (the fictional Tallow River Region)" if src.synthetic \
            else "Real data"
        meta = datasets.info(src.dataset)
        self.about.value = (
            f'<p><strong>{html.escape(kind)}.</strong> {html.escape(meta.title)}. '
            f"{html.escape(src.note)} Source: {html.escape(meta.reader_source.rstrip('.'))}.</p>"
        )
        title = (f"{counts.indicator.verb.capitalize()}, by group "
                 f"({'synthetic' if src.synthetic else 'real'} data)")
        self.table.value = present.comparison_table_html(comp, group_label=src.group_label,
                                                       people=src.noun.capitalize())
        self.sentences.value = present.sentences_html(present.sentences(comp, noun=src.noun))
        self.draw_chart(self.chart, lambda: present.gap_chart(comp, title=title))
        self.show_status("")

    def clear(self) -> None:
        """Empty the outputs after an error."""
        self.table.value = self.sentences.value = self.chart.value = ""
        self.comparison = None


def disparity_explorer(dataset: str = "mpls_stops") -> DisparityExplorer:
    """Build the disparity explorer (lab 1).

    Parameters
    ----------
    dataset : str, default "mpls_stops"
        The dataset shown first; any name in :data:`SOURCES`.

    Returns
    -------
    DisparityExplorer
        A VBox whose controls (``dataset``, ``outcome``, ``reference``, ``gap``,
        ``framing``) update ``table``, ``sentences`` and ``chart`` together.
    """
    return DisparityExplorer(dataset)
