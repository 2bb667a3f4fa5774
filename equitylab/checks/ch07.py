"""Chapter 7, being data-driven: indicators and measures, RBA questions, suppression."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, not_answered, unanswered
from ._questions import question_check

__all__ = ["check_indicator_or_measure", "check_rba_questions", "check_suppressed_groups"]

check_indicator_or_measure = question_check("ch07", "indicator_or_measure")
check_rba_questions = question_check("ch07", "rba_questions")


def check_suppressed_groups(groups: Any) -> Feedback:
    """Check which groups the 2024 graduation table hides (chapter 7, data task).

    :func:`equitylab.measures.disparities` suppresses small cells and their complements.

    Parameters
    ----------
    groups : set of str
        The names of the suppressed groups.

    Returns
    -------
    Feedback
    """
    if unanswered(groups):
        return not_answered()
    if isinstance(groups, str):
        groups = {groups}
    try:
        given = {str(g).strip() for g in groups}
    except TypeError:
        return Feedback(False, "Give a set of group names.", "wrong_type")
    table = _labs.education_disparities()
    hidden = table.loc[table["suppressed"]]
    truth = set(hidden["group"].astype(str))
    small = set(hidden.loc[hidden["flags"].str.contains("small_cell"), "group"].astype(str))
    if given == truth:
        return Feedback(True, "One group has a small count (privacy), and a second is hidden "
                        "so that the first cannot be worked out by subtraction from the "
                        "total. That is complementary suppression.", "correct")
    if given == small:
        return Feedback(False, "You found the small cell. If only that one were hidden, could "
                        "someone recover it from the total? Look at the 'flags' column.",
                        "missed_complementary")
    if given < truth:
        return Feedback(False, "Some, not all. Filter the table on its 'suppressed' column.",
                        "some")
    return Feedback(False, "Filter the table on its 'suppressed' column and read the "
                    "'group' values.", "other")
