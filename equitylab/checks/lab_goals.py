"""Lab: goals and trends (targeted universalism): a universal goal, each group's distance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _labs
from ._core import Feedback, close, not_answered, number, unanswered
from ._questions import question_check

__all__ = ["check_unemployment_goal_gap", "check_universal_goal"]

check_universal_goal = question_check("lab_goals", "universal_goal")

#: The universal goal in the question: 3% unemployment for every group.
GOAL = 3.0
_GROUPS = ("Black or African American", "White")


def check_unemployment_goal_gap(gaps: Any) -> Feedback:
    """Check each group's distance to a universal goal of 3% unemployment (goals lab).

    Parameters
    ----------
    gaps : dict
        ``{"Black or African American": points, "White": points}``.

    Returns
    -------
    Feedback
    """
    if unanswered(gaps):
        return not_answered()
    if not isinstance(gaps, Mapping):
        return Feedback(False, "Give a dictionary of group -> points.", "wrong_type")
    values = {g: number(gaps.get(g)) for g in _GROUPS}
    if any(v is None for v in values.values()):
        return Feedback(False, "Give a number for both groups.", "incomplete")
    lab = _labs.unemployment_goal(GOAL)
    truth = {g: lab["gap"][g] for g in _GROUPS}
    given = {g: float(v) for g, v in values.items() if v is not None}
    if all(close(given[g], truth[g], 0.01) for g in _GROUPS):
        return Feedback(True, "Both groups have a distance to go, and one much further: the "
                        "same goal, different journeys.", "correct")
    to_reference = lab["level"][_GROUPS[0]] - lab["level"]["White"]
    if close(given[_GROUPS[0]], to_reference, 0.01):
        return Feedback(False, "That is the gap to the White rate. Under targeted "
                        "universalism, measure each group against the goal.",
                        "gap_to_reference")
    if all(close(given[g], -truth[g], 0.01) for g in _GROUPS):
        return Feedback(False, "Sign: for unemployment, lower is better, so the distance to "
                        "go is the rate minus the goal.", "sign")
    return Feedback(False, "Compute each group's 2025 rate (numerator / denominator x 100) "
                    "and subtract the goal.", "other")
