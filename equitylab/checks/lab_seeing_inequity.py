"""Lab: seeing inequity: which reference, the ratio to the overall rate, the complement."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, inverse_of, judge_number, near
from ._questions import question_check

__all__ = ["check_complement_ratio", "check_overall_ratio", "check_reference_choice"]

check_reference_choice = question_check("lab_seeing_inequity", "reference_choice")


def _black(reference: str, measure: str) -> float:
    return _labs.estimate(_labs.search_disparities(reference), "Black", measure)


def check_overall_ratio(ratio: Any) -> Feedback:
    """Check the Black search rate divided by the overall rate (seeing-inequity lab, data).

    Parameters
    ----------
    ratio : float
        The Black search rate over the search rate of everyone stopped.

    Returns
    -------
    Feedback
    """
    truth = _black("overall", "ratio")
    return judge_number(
        ratio, example="1.2", truth=truth, tol=0.02,
        right=f"About {truth:.2f}. Against the overall rate the ratio is much smaller than "
        "against the White rate, partly because Black people stopped are a large share of "
        "the overall rate itself. Always say which reference you used.",
        mistakes=[
            Mistake(near(_black("White", "ratio"), 0.02), "used_white",
                    "That is the ratio against White people stopped. The question asks for "
                    "the overall rate: use reference='overall'."),
            Mistake(near(_black("others", "ratio"), 0.02), "used_others",
                    "That compares with everyone *else*. The overall rate includes Black "
                    "people stopped too."),
        ],
        other="Use measures.disparities(..., reference='overall') and read the 'ratio' row "
        "for Black.",
    )


def check_complement_ratio(ratio: Any) -> Feedback:
    """Check the ratio of *not* being searched, Black vs White (seeing-inequity lab, data).

    Parameters
    ----------
    ratio : float
        One minus the Black search rate, over one minus the White rate.

    Returns
    -------
    Feedback
    """
    truth = _black("White", "ratio_complement")
    searched = _black("White", "ratio")
    return judge_number(
        ratio, example="0.9", truth=truth, tol=0.01,
        right=f"About {truth:.2f}: 'not searched' looks nearly equal while 'searched' "
        f"differs by a factor of about {searched:.1f}. The same data, framed two ways, tells "
        "stories of very different size; report the difference in points as well.",
        mistakes=[
            Mistake(near(searched, 0.02), "outcome_not_complement",
                    "That is the ratio of being searched. Use the rate of *not* being "
                    "searched (1 minus the rate) for both groups."),
            Mistake(inverse_of(truth, 0.01), "inverted", "Upside down: Black rate on top."),
        ],
        other="Compute 1 - rate for each group, then divide.",
    )
