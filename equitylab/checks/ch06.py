"""Chapter 6, the racial equity tool: the steps, a case, and a budget read by lending grade."""

from __future__ import annotations

from typing import Any

from . import _labs
from ._core import Feedback, norm, not_answered, unanswered
from ._questions import question_check

__all__ = ["check_budget_most_per_resident", "check_tool_order", "check_tool_steps"]

check_tool_order = question_check("ch06", "tool_order")
check_tool_steps = question_check("ch06", "tool_steps")


def check_budget_most_per_resident(grade: Any) -> Feedback:
    """Check which lending grade's neighborhoods got the most capital per resident.

    Chapter 6, data task on the SYNTHETIC capital budget (2019 to 2025), by the grade each
    neighborhood received on the 1930s lending maps.

    Parameters
    ----------
    grade : str
        ``"A"``, ``"B"``, ``"C"``, ``"D"`` or ``"Not graded"``.

    Returns
    -------
    Feedback
    """
    if unanswered(grade):
        return not_answered()
    table = _labs.capital_by_grade()
    grades = {norm(g): g for g in table["grade"]}
    chosen = grades.get(norm(grade).removeprefix("grade "))
    if chosen is None:
        return Feedback(False, f"Choose one of: {', '.join(table['grade'])}.", "not_an_option")
    per = table.set_index("grade")["per_resident"]
    if chosen == per.idxmax():
        return Feedback(True, "Per resident, these neighborhoods received the most capital "
                        "spending. That alone does not say the budget repairs past "
                        "disinvestment: step 4 asks what the money bought and how it compares "
                        "with need.", "correct")
    if chosen == per.idxmin():
        return Feedback(False, "That is the grade with the least per resident. Read the "
                        "column of dollars per resident again: which is largest?",
                        "least_not_most")
    if chosen == table.set_index("grade")["capital"].idxmax():
        return Feedback(False, "That grade has the most dollars in total, but also the most "
                        "residents. Compare dollars per resident.", "total_not_per_resident")
    return Feedback(False, "Compare the dollars per resident of each grade, not the totals.",
                    "other")
