"""The first-look model (notebook 01): counts and rates of one outcome by group, small cells hidden.

The first lab uses the simplest measure in the package on purpose:
:func:`equitylab.measures.rates_by_group`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from equitylab.measures import rates_by_group

__all__ = ["outcome_rates"]


def outcome_rates(data: pd.DataFrame, group: str, outcomes: Mapping[str, str], label: str
                  ) -> pd.DataFrame:
    """Count one of the offered outcomes by group, hiding small cells.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or event.
    group : str
        Column holding the group.
    outcomes : Mapping[str, str]
        Labels offered to readers mapped to yes/no outcome columns.
    label : str
        The label chosen.

    Returns
    -------
    pandas.DataFrame
        :func:`equitylab.measures.rates_by_group` for that outcome.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 20 + ["b"] * 20, "y": [1, 0] * 20})
    >>> outcome_rates(d, "g", {"Searched": "y"}, "Searched")["rate_percent"].tolist()
    [50.0, 50.0]
    """
    if label not in outcomes:
        raise ValueError(f"Choose one of the outcomes offered: {', '.join(outcomes)}.")
    return rates_by_group(data, group, outcomes[label])
