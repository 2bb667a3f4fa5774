"""Self-checks for the exercise sets: feedback that teaches, hints that do not give it away.

Every ``check_...`` function takes a learner's answer and returns a :class:`Feedback`. A
right answer says *why* it is right. A wrong answer gets a hint aimed at the most likely
mistake (a sign, a scale, the wrong reference group, a classic misconception) without
stating the answer. An answer left as ``...`` (the placeholder in learner copies) gets a
gentle "not answered yet". Checks never raise on a learner's input.

Layout: one module per chapter (``ch01`` ... ``ch10``) or lab (``lab_first_look``,
``lab_seeing_inequity``, ``lab_stops``, ``lab_lending``, ``lab_budget``, ``lab_goals``,
``lab_byod``). Choice and label questions are data (``questions/<module>.json``) read by
one generic checker; their answer keys are stored only as salted digests, so they cannot
be read from the installed package. Data tasks compute their right answers with the labs'
own functions and :mod:`equitylab.measures`, through :mod:`equitylab.checks._labs`, so a
check and the lab that teaches it cannot disagree.

Examples
--------
>>> fb = check_two_goals("a")
>>> fb.correct, fb.code
(False, 'gap_closed_by_levelling_down')
>>> check_two_goals(...).code
'not_answered'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._core import Feedback
from .ch01 import check_equity_or_equality, check_graduation_gap, check_two_goals
from .ch02 import check_read_both_gaps, check_uninsured_ratio, check_why_counts
from .ch03 import check_implicit_bias_meaning, check_levels_of_racism
from .ch04 import check_eras
from .ch05 import check_strategies
from .ch06 import check_budget_most_per_resident, check_tool_order, check_tool_steps
from .ch07 import check_indicator_or_measure, check_rba_questions, check_suppressed_groups
from .ch08 import check_accountability_measure, check_engagement_throughout
from .ch09 import check_three_prongs
from .ch10 import check_measure_types, check_thrive_outcomes
from .lab_budget import check_allocation_kinds, check_geographic_score
from .lab_byod import check_column_mapping, check_share_scenario
from .lab_first_look import check_missing_race_share, check_search_ratio
from .lab_goals import check_unemployment_goal_gap, check_universal_goal
from .lab_lending import check_denial_ratio, check_four_fifths_flag
from .lab_seeing_inequity import (
    check_complement_ratio,
    check_overall_ratio,
    check_reference_choice,
)
from .lab_stops import check_cannot_support, check_precinct_ratio

__all__ = [
    "Feedback",
    "check_accountability_measure",
    "check_allocation_kinds",
    "check_budget_most_per_resident",
    "check_cannot_support",
    "check_column_mapping",
    "check_complement_ratio",
    "check_denial_ratio",
    "check_engagement_throughout",
    "check_equity_or_equality",
    "check_eras",
    "check_four_fifths_flag",
    "check_geographic_score",
    "check_graduation_gap",
    "check_implicit_bias_meaning",
    "check_indicator_or_measure",
    "check_levels_of_racism",
    "check_measure_types",
    "check_missing_race_share",
    "check_overall_ratio",
    "check_precinct_ratio",
    "check_rba_questions",
    "check_read_both_gaps",
    "check_reference_choice",
    "check_search_ratio",
    "check_share_scenario",
    "check_strategies",
    "check_suppressed_groups",
    "check_three_prongs",
    "check_thrive_outcomes",
    "check_tool_order",
    "check_tool_steps",
    "check_two_goals",
    "check_unemployment_goal_gap",
    "check_uninsured_ratio",
    "check_universal_goal",
    "check_why_counts",
    "registry",
]


def registry() -> dict[str, Callable[[Any], Feedback]]:
    """Every check function by name.

    Returns
    -------
    dict

    Examples
    --------
    >>> "check_two_goals" in registry()
    True
    """
    return {name: globals()[name] for name in __all__ if name.startswith("check_")}
