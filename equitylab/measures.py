"""Disparity measures over a counts table.

Every function here is small and pure: it never changes its input, and it reports rows it
had to leave out instead of dropping them silently.
"""

from __future__ import annotations

import pandas as pd

#: Counts from 1 to this number are suppressed to protect privacy; zero is allowed.
SMALL_CELL_MAX = 10


def rates_by_group(
    data: pd.DataFrame, group: str, outcome: str, *, small_cell_max: int = SMALL_CELL_MAX
) -> pd.DataFrame:
    """Count people and events by group and compute each group's rate, suppressing small cells.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or event.
    group : str
        Column holding the group (e.g. race).
    outcome : str
        Column holding a yes/no outcome (bool, or 0/1).
    small_cell_max : int, default 10
        Event counts from 1 to this number are suppressed, and so is the rate built on them.

    Returns
    -------
    pandas.DataFrame
        One row per group with columns ``group``, ``n`` (rows with a known outcome),
        ``events``, ``rate_percent`` and ``suppressed``. Groups with a missing outcome
        count are reported in ``missing_outcome``.

    Raises
    ------
    ValueError
        If a column is missing, or the outcome is not yes/no.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40, "y": [1] * 20 + [0] * 20 + [1] * 12 + [0] * 28})
    >>> rates_by_group(df, "g", "y")[["group", "n", "events", "rate_percent"]]
      group   n  events  rate_percent
    0     a  40      20          50.0
    1     b  40      12          30.0
    """
    for column in (group, outcome):
        if column not in data.columns:
            raise ValueError(
                f"Column {column!r} is not in the data. Available columns: "
                f"{', '.join(map(str, data.columns))}."
            )
    values = data[outcome].dropna()
    if not values.isin([0, 1, True, False]).all():
        raise ValueError(
            f"Column {outcome!r} must be yes/no (True/False or 0/1) to compute a rate; "
            f"it holds other values such as {values[~values.isin([0, 1])].iloc[0]!r}."
        )
    frame = pd.DataFrame(
        {"group": data[group].astype("string"), "y": data[outcome].astype("Float64")}
    )
    grouped = frame.groupby("group", observed=True, sort=True)["y"]
    table = pd.DataFrame(
        {
            "n": grouped.count(),
            "events": grouped.sum().astype("int64"),
            "missing_outcome": grouped.size() - grouped.count(),
        }
    ).reset_index()
    table["rate_percent"] = (100 * table["events"] / table["n"]).round(1)
    table["suppressed"] = table["events"].between(1, small_cell_max)
    # A suppressed count is hidden, and so is the rate built on it.
    table["events"] = table["events"].astype("Int64").mask(table["suppressed"])
    table["rate_percent"] = table["rate_percent"].mask(table["suppressed"])
    return table[["group", "n", "events", "rate_percent", "suppressed", "missing_outcome"]]
