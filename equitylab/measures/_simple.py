"""A small, display-ready table of rates by group (used by the widgets and the first lab)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._compare import group_estimates, suppression_masks
from ._counts import count
from ._suppress import SMALL_CELL_MAX

__all__ = ["rates_by_group"]


def rates_by_group(
    data: pd.DataFrame, group: str, outcome: str, *, small_cell_max: int = SMALL_CELL_MAX
) -> pd.DataFrame:
    """Count people and events by group and compute each group's rate, suppressing small cells.

    Suppression is on, with the same rule as :func:`equitylab.measures.disparities`:
    counts from 1 to ``small_cell_max`` are hidden (zero is allowed), complementary cells
    are hidden so that no hidden count can be worked out from the total, and every rate
    built on a hidden count is hidden. A group's number of people is hidden only when it
    is small itself (a size of 1 to ``small_cell_max`` beside a rate would give its counts
    away); the total number of people is then not to be published with the table.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or event.
    group : str
        Column holding the group (e.g. race).
    outcome : str
        Column holding a yes/no outcome (bool, or 0/1).
    small_cell_max : int, default 10
        Largest count that is suppressed.

    Returns
    -------
    pandas.DataFrame
        One row per group with columns ``group``, ``n`` (rows with a known outcome; Int64,
        NA when small), ``events`` (Int64, NA when suppressed), ``rate_percent`` (NaN when
        suppressed), ``suppressed``, ``suppression`` (``"small cell"`` when a count of the
        group itself is small, ``"complementary"`` when it is hidden only to protect
        another group's, else ``""``) and ``missing_outcome``. Rows with a missing group
        are left out and counted in ``DataFrame.attrs["excluded"]``.

    Raises
    ------
    ValueError
        If a column is missing, or the outcome is not yes/no.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40,
    ...                    "y": [1] * 20 + [0] * 20 + [1] * 12 + [0] * 28})
    >>> rates_by_group(df, "g", "y")[["group", "n", "events", "rate_percent"]]
      group   n  events  rate_percent
    0     a  40      20          50.0
    1     b  40      12          30.0
    >>> small = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 30 + ["c"] * 4,
    ...                       "y": [1, 0] * 20 + [1] * 14 + [0] * 16 + [1, 0] * 2})
    >>> rates_by_group(small, "g", "y")[["group", "n", "events", "suppression"]]
      group     n  events    suppression
    0     a    40    <NA>  complementary
    1     b    30      14
    2     c  <NA>    <NA>     small cell
    """
    counts = count(data, group, outcome)
    est = group_estimates(counts)
    hidden, n_hidden, primary, _ = suppression_masks(est, [], "proportion", small_cell_max)
    n = est["n"].to_numpy(float)
    out = pd.DataFrame({
        "group": est["group"].to_numpy(object),
        "n": pd.array(np.where(n_hidden, None, n), dtype="Float64").round().astype("Int64"),
        "events": pd.array(np.where(hidden, None, est["events"].to_numpy(float)),
                           dtype="Float64").round().astype("Int64"),
        "rate_percent": np.where(hidden, np.nan, (100 * est["events"] / est["n"]).round(1)),
        "suppressed": hidden,
        "suppression": np.where(primary, "small cell",
                                np.where(hidden, "complementary", "")).astype(object),
        "missing_outcome": est["missing_outcome"].to_numpy(np.int64),
    })
    out.attrs["excluded"] = counts.excluded
    return out
