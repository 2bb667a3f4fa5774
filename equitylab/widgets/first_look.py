"""Thin ipywidgets views over :mod:`equitylab`. They hold no logic of their own."""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import pandas as pd

from equitylab.measures import rates_by_group


def rate_table_html(table: pd.DataFrame, *, group_label: str, outcome_label: str) -> str:
    """Render a :func:`~equitylab.measures.rates_by_group` table as an accessible HTML table.

    Suppressed cells read "suppressed" rather than a blank, and the caption says why: a count
    from 1 to 10 is hidden, and so is any count that would let a reader work one out.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["a"], "n": [40], "events": [20], "rate_percent": [50.0],
    ...                   "suppressed": [False], "missing_outcome": [0]})
    >>> "<caption>" in rate_table_html(t, group_label="Group", outcome_label="Searched")
    True
    """
    rows = []
    for record in table.itertuples(index=False):
        if record.suppressed:
            events = rate = "suppressed"
        else:
            events, rate = f"{record.events:,}", f"{record.rate_percent:.1f}%"
        rows.append(
            f'<tr><th scope="row">{html.escape(str(record.group))}</th>'
            f"<td>{record.n:,}</td><td>{events}</td><td>{rate}</td></tr>"
        )
    caption = html.escape(f"{outcome_label} by {group_label.lower()}: counts and rates")
    if table["suppressed"].any():
        caption += (
            '<br><small>"Suppressed": a count from 1 to 10, or a count that would let '
            "a reader work one out, is hidden to protect privacy.</small>"
        )
    return (
        '<table class="equitylab-table">'
        f"<caption>{caption}</caption>"
        f'<thead><tr><th scope="col">{html.escape(group_label)}</th>'
        '<th scope="col">Stops</th><th scope="col">Events</th><th scope="col">Rate</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def outcome_explorer(
    data: pd.DataFrame, *, group: str, outcomes: Mapping[str, str], group_label: str = "Group"
) -> widgets.VBox:
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
    ipywidgets.VBox
        ``children[0]`` is the dropdown, ``children[1]`` the HTML table.
    """
    chooser = widgets.Dropdown(
        options=list(outcomes.items()),
        description="Outcome",
        style={"description_width": "initial"},
    )
    table = widgets.HTML(layout=widgets.Layout(min_height="12em"))

    def show(_change: object = None) -> None:
        label = chooser.label
        counts = rates_by_group(data, group, chooser.value)
        table.value = rate_table_html(counts, group_label=group_label, outcome_label=label)

    chooser.observe(show, names="value")
    show()
    return widgets.VBox([chooser, table])
