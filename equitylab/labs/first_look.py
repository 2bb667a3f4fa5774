"""The first-look model (notebook 01): counts and rates of one outcome by group, small cells hidden.

The first lab uses the simplest measure in the package on purpose:
:func:`equitylab.measures.rates_by_group`.
"""

from __future__ import annotations

import pandas as pd

from equitylab.measures import rates_by_group

__all__ = ["outcome_rates"]


def outcome_rates(data: pd.DataFrame, group: str, outcome: str) -> pd.DataFrame:
    """Count a yes/no outcome by group, hiding small cells.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or event.
    group : str
        Column holding the group.
    outcome : str
        A yes/no outcome column.

    Returns
    -------
    pandas.DataFrame
        :func:`equitylab.measures.rates_by_group` for that outcome.

    Raises
    ------
    ValueError
        If a column is not in the data.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40, "y": [1, 0] * 40})
    >>> outcome_rates(d, "g", "y")["rate_percent"].tolist()
    [50.0, 50.0]
    """
    missing = [c for c in (group, outcome) if c not in data.columns]
    if missing:
        raise ValueError(f"The data has no column called {missing[0]!r}.")
    return rates_by_group(data, group, outcome)
