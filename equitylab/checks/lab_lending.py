"""Lab: explicit and implicit bias in lending: the denial ratio, the four-fifths screen."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, inverse_of, judge_number, near, not_answered, unanswered

__all__ = ["check_denial_ratio", "check_four_fifths_flag"]


def check_denial_ratio(ratio: Any) -> Feedback:
    """Check the denial-rate ratio, African American vs other applicants (lending lab, HMDA).

    Parameters
    ----------
    ratio : float
        African American applicants' denial rate over other applicants' denial rate.

    Returns
    -------
    Feedback
    """
    truth = _labs.denial_ratio()
    return judge_number(
        ratio, example="1.7", truth=truth, tol=0.03,
        right=f"About {truth:.1f}. This is the raw gap; the lab then asks how much of it "
        "runs through criteria that look race-neutral.",
        mistakes=[
            Mistake(inverse_of(truth, 0.03), "inverted",
                    "Upside down: African American applicants' rate on top."),
            Mistake(near(_labs.approval_ratio(), 0.02), "complement",
                    "That is the ratio of *approval* rates. Framing matters: the question "
                    "asks about denials."),
        ],
        other="Use rates_by_group(hmda, 'applicant_race', 'denied') and divide the African "
        "American applicants' rate by the other applicants' rate.",
    )


def check_four_fifths_flag(flagged: Any) -> Feedback:
    """Check whether African American applicants' approval rate is below 4/5 of others'.

    Lending lab, data task.

    Parameters
    ----------
    flagged : bool
        Whether the approval ratio is below 0.8.

    Returns
    -------
    Feedback
    """
    if unanswered(flagged):
        return not_answered("Replace the `...` with True or False")
    if not isinstance(flagged, bool):
        return Feedback(False, "Answer True or False.", "wrong_type")
    ratio = _labs.approval_ratio()
    truth = ratio < 0.8
    if flagged == truth:
        return Feedback(True, f"The approval ratio is {ratio:.2f}, "
                        f"{'below' if truth else 'above'} 0.8, while the denial ratio is "
                        f"{_labs.denial_ratio():.1f}. The same data reads as a small or a "
                        "large gap depending on the framing, so report both.", "correct")
    return Feedback(False, "Compute approval rates (1 minus denial) for both groups and "
                    "divide. Is the result under 0.8?", "wrong")
