"""Chapter 1, what racial equity means: equity or equality, the graduation gap, two goals."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, judge_number, near
from ._questions import question_check

__all__ = ["check_equity_or_equality", "check_graduation_gap", "check_two_goals"]

check_equity_or_equality = question_check("ch01", "equity_or_equality")
check_two_goals = question_check("ch01", "two_goals")


def check_graduation_gap(gap_points: Any) -> Feedback:
    """Check the graduation gap in percentage points (chapter 1, data task).

    How many percentage points lower is the Black or African American on-time graduation
    rate than the White rate in the Tallow River Region (2024)?

    Parameters
    ----------
    gap_points : float
        The gap in percentage points, as a positive number.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_graduation_gap(0.183).code
    'proportion_not_points'
    """
    table = _labs.education_disparities()
    group = "Black or African American"
    truth = -100 * _labs.estimate(table, group, "difference")
    return judge_number(
        gap_points, example="12.5", truth=truth, tol=0.15,
        right=f"The gap is {truth:.1f} percentage points. An absolute gap says how many "
        "students per hundred are affected, which is what a program has to change.",
        mistakes=[
            Mistake(near(-truth, 0.15), "sign", "Right size, wrong sign: the question asks "
                    "how much *lower*, as a positive number."),
            Mistake(lambda v: near(truth, 0.15)(100 * v), "proportion_not_points",
                    "That looks like a proportion. Percentage points are proportions times "
                    "100."),
            Mistake(near(_labs.estimate(table, group, "ratio"), 0.01), "ratio_not_difference",
                    "That is a ratio (a relative gap). The question asks for the absolute "
                    "difference in percentage points."),
        ],
        other="Use measures.disparities with reference='White' and read the 'difference' "
        "row for Black or African American students.",
    )
