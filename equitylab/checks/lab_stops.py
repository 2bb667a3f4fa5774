"""Lab: Minneapolis police stops: the ratio within a precinct, what the data cannot say."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, inverse_of, judge_number, near
from ._questions import question_check

__all__ = ["check_cannot_support", "check_precinct_ratio"]

check_cannot_support = question_check("lab_stops", "cannot_support")


def check_precinct_ratio(ratio: Any) -> Feedback:
    """Check the Black/White search-rate ratio within precinct 4 (Minneapolis stops lab).

    Parameters
    ----------
    ratio : float
        In precinct 4, the Black search rate over the White search rate.

    Returns
    -------
    Feedback
    """
    within = _labs.search_disparities("White", by_precinct=True)
    truth = _labs.estimate(within, "Black", "ratio", precinct=4)
    citywide = _labs.estimate(_labs.search_disparities("White"), "Black", "ratio")
    return judge_number(
        ratio, example="1.4", truth=truth, tol=0.02,
        right=f"About {truth:.1f} in precinct 4, against {citywide:.1f} citywide. Part of "
        "the citywide gap comes from *where* stops happen, but a gap remains within the "
        "precinct: the check does not make it go away.",
        mistakes=[
            Mistake(near(citywide, 0.02), "citywide", "That is the citywide ratio. Keep only "
                    "the stops in precinct 4 first."),
            Mistake(inverse_of(truth, 0.02), "inverted", "Upside down: Black rate on top."),
        ],
        other="Filter to precinct 4, compute the search rate for Black and for White people "
        "stopped, and divide.",
    )
