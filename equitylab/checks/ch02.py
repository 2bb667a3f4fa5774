"""Chapter 2, inequity across the domains: the uninsured ratio, why counts, both gaps."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, Mistake, inverse_of, judge_number, near
from ._questions import question_check

__all__ = ["check_read_both_gaps", "check_uninsured_ratio", "check_why_counts"]

check_why_counts = question_check("ch02", "why_counts")
check_read_both_gaps = question_check("ch02", "read_both_gaps")


def check_uninsured_ratio(ratio: Any) -> Feedback:
    """Check the uninsured rate ratio (chapter 2, data task).

    The uninsured rate of Black or African American residents divided by the White rate,
    Tallow River Region, latest year.

    Parameters
    ----------
    ratio : float
        The Black or African American uninsured rate over the White rate.

    Returns
    -------
    Feedback
    """
    table = _labs.uninsured_disparities()
    group = "Black or African American"
    truth = _labs.estimate(table, group, "ratio")
    black = _labs.estimate(table, group, "proportion")
    white = _labs.estimate(table, "White", "proportion")
    difference = _labs.estimate(table, group, "difference")
    return judge_number(
        ratio, example="1.5", truth=truth, tol=0.02,
        right=f"About {truth:.2f}: for every uninsured White resident per hundred there are "
        f"{truth:.2f} uninsured Black residents per hundred. Report it next to the rates "
        f"({100 * black:.1f}% and {100 * white:.1f}%) so readers see both gaps.",
        mistakes=[
            Mistake(inverse_of(truth, 0.02), "inverted", "Upside down: put the Black or "
                    "African American rate on top and the White (reference) rate underneath."),
            Mistake(lambda v: near(100 * difference, 0.2)(v) or near(difference, 0.002)(v),
                    "difference_not_ratio",
                    "That is a difference. A ratio divides one rate by the other."),
        ],
        other="Add up uninsured and population by group for the latest year, divide to get "
        "each rate, then divide the two rates.",
    )
