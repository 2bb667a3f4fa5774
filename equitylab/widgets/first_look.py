"""The first-look app (notebook 01): an outcome by group, over :mod:`equitylab.labs.first_look`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from equitylab import present
from equitylab.labs.first_look import outcome_rates
from equitylab.widgets._base import LabApp

__all__ = ["OutcomeExplorer", "outcome_explorer", "rate_table_html"]

_SMALL = "suppressed (1–10)"


def rate_table_html(table: pd.DataFrame, *, group_label: str, outcome_label: str) -> str:
    """Render a :func:`~equitylab.measures.rates_by_group` table as an accessible HTML table.

    Suppressed cells say why rather than stay blank: "suppressed (1–10)" where a count of the
    group is small (a group's number of people is hidden only then), and "hidden (protects a
    small count)" where a count is hidden only so that a small one cannot be worked out; the
    note under the table explains each label shown.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["a"], "n": [40], "events": [20], "rate_percent": [50.0],
    ...                   "suppressed": [False], "missing_outcome": [0]})
    >>> "<caption>" in rate_table_html(t, group_label="Group", outcome_label="Searched")
    True
    """
    def why(record: Any) -> str:
        return (present.HIDDEN_COMPLEMENT
                if getattr(record, "suppression", "") == "complementary" else _SMALL)

    rows = [[record.group, present.fmt_count(record.n, missing=_SMALL),
             why(record) if record.suppressed else present.fmt_count(record.events),
             why(record) if record.suppressed else f"{record.rate_percent:.1f}%"]
            for record in table.itertuples(index=False)]
    parts = []
    if table["suppressed"].any() or table["n"].isna().any():
        parts.append(f"“{_SMALL}”: a count of this group is from 1 to 10, hidden to "
                     "protect privacy.")
    if (table.get("suppression", pd.Series(dtype=object)) == "complementary").any():
        parts.append(f"“{present.HIDDEN_COMPLEMENT}”: not small itself, hidden so that a "
                     "small count cannot be worked out from the others.")
    note = " ".join(parts)
    return present.html_table(rows, columns=[group_label, "Stops", "Events", "Rate"],
                              caption=f"{outcome_label} by {group_label.lower()}: counts and rates",
                              row_header=0, note=note)


class OutcomeExplorer(LabApp):
    """A dropdown of outcomes and a table of counts and rates by group that follows it.

    Attributes
    ----------
    outcome : ipywidgets.Dropdown
    table, message : ipywidgets.HTML
    """

    def __init__(self, data: pd.DataFrame, *, group: str, outcomes: Mapping[str, str],
                 group_label: str = "Group", **kwargs: Any) -> None:
        self.setup()
        self.data, self.group, self.outcomes = data, group, dict(outcomes)
        self.group_label = group_label
        self.outcome = widgets.Dropdown(options=list(self.outcomes.items()),
                                        description="Outcome",
                                        style={"description_width": "initial"})
        self.table = widgets.HTML(layout=widgets.Layout(min_height="12em"))
        self.watch(self.outcome)
        super().__init__([self.outcome, self.table, self.message], **kwargs)
        self.refresh()

    def render(self) -> None:
        """Show the table for the chosen outcome."""
        counts = outcome_rates(self.data, self.group, self.outcome.value)
        self.table.value = rate_table_html(counts, group_label=self.group_label,
                                           outcome_label=self.outcome.label)
        self.show_status("")

    def clear(self) -> None:
        """Empty the table after an error."""
        self.table.value = ""


def outcome_explorer(
    data: pd.DataFrame, *, group: str, outcomes: Mapping[str, str], group_label: str = "Group"
) -> OutcomeExplorer:
    """Build a dropdown of outcomes and a table of counts and rates by group that follows it.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or event.
    group : str
        Column holding the group.
    outcomes : Mapping[str, str]
        Dropdown labels mapped to yes/no outcome columns.
    group_label : str
        How to name the group column for readers.

    Returns
    -------
    OutcomeExplorer
        ``outcome`` is the dropdown, ``table`` the HTML table.
    """
    return OutcomeExplorer(data, group=group, outcomes=outcomes, group_label=group_label)
