"""Lab: an equitable budget: a geographic score, three kinds of allocation."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, judge_number, near
from ._questions import question_check

__all__ = ["check_allocation_kinds", "check_geographic_score"]

check_allocation_kinds = question_check("lab_budget", "allocation_kinds")

#: The neighbourhood in the question: its share of capital spending and of residents (%).
SHARE_OF_SPENDING, SHARE_OF_RESIDENTS = 1.2, 2.0


def check_geographic_score(points: Any) -> Feedback:
    """Check a neighbourhood's geographic disparity score in points (budget lab, concept).

    Parameters
    ----------
    points : float
        Share of spending minus share of residents, in percentage points.

    Returns
    -------
    Feedback
    """
    truth = _labs.geographic_score(SHARE_OF_SPENDING, SHARE_OF_RESIDENTS)
    return judge_number(
        points, example="0.5", truth=truth, tol=0.01,
        right=f"{truth:.1f} points: the neighbourhood gets less than its share of spending. "
        "The score describes a place, not the people in it.",
        mistakes=[
            Mistake(near(-truth, 0.01), "sign", "Right size, wrong sign: share of spending "
                    "*minus* share of residents."),
            Mistake(near(SHARE_OF_SPENDING / SHARE_OF_RESIDENTS, 0.01), "ratio_not_difference",
                    "That is a ratio. The score subtracts the two shares."),
        ],
        other="Subtract the share of residents from the share of spending.",
    )
