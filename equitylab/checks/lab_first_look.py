"""Lab: a first look at real data (Minneapolis stops): missing race, the search ratio."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, inverse_of, judge_number, near

__all__ = ["check_missing_race_share", "check_search_ratio"]


def check_missing_race_share(percent: Any) -> Feedback:
    """Check the percentage of 2017 Minneapolis stops with no recorded race (first-look lab).

    Parameters
    ----------
    percent : float
        A percentage (0 to 100).

    Returns
    -------
    Feedback
    """
    shares = _labs.missing_race()
    truth = 100 * shares["missing"]
    return judge_number(
        percent, example="12.3", truth=truth, tol=0.1,
        right=f"{truth:.1f}% have no race at all. 'Unknown' is a different thing: the "
        "officer entered it. Report both before any rate.",
        mistakes=[
            Mistake(near(100 * (shares["missing"] + shares["unknown"]), 0.1),
                    "included_unknown", "You counted 'Unknown' as missing. The question is "
                    "about stops with no race recorded at all (isna())."),
            Mistake(lambda v: near(truth, 0.1)(100 * v), "scale",
                    "Check the scale: give a percentage, not a proportion."),
        ],
        other="Count rows where race is missing (isna), divide by all rows, times 100.",
    )


def check_search_ratio(ratio: Any) -> Feedback:
    """Check the ratio of person-search rates, Black vs White people stopped (first-look lab).

    Parameters
    ----------
    ratio : float
        The Black search rate over the White search rate.

    Returns
    -------
    Feedback
    """
    table = _labs.search_disparities("White")
    truth = _labs.estimate(table, "Black", "ratio")
    return judge_number(
        ratio, example="1.7", truth=truth, tol=0.02,
        right=f"About {truth:.1f} times. A ratio is a signal to look at policies and "
        "practice; without a field on what searches found, this data cannot say whether "
        "searches were justified.",
        mistakes=[
            Mistake(inverse_of(truth, 0.02), "inverted",
                    "Upside down: Black rate on top, White rate underneath."),
            Mistake(near(100 * _labs.estimate(table, "Black", "difference"), 0.2),
                    "difference_not_ratio", "That is a difference in points; divide instead."),
        ],
        other="Use measures.rates_by_group(stops, 'race', 'person_searched') and divide the "
        "Black rate by the White rate.",
    )
