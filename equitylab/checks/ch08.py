"""Chapter 8, engagement and accountability: an accountability measure, when to engage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._core import Feedback, norm, not_answered, number, unanswered
from ._questions import question_check

__all__ = ["check_accountability_measure", "check_engagement_throughout"]

check_engagement_throughout = question_check("ch08", "engagement_throughout")

_KINDS = ("population indicator", "performance measure")


def check_accountability_measure(measure: Any) -> Feedback:
    """Check that an accountability measure is complete and points the right way.

    Chapter 8, scenario task. There is no single right answer: the check reads the
    learner's own measure against the rules of a good one.

    Parameters
    ----------
    measure : dict
        Keys ``name``, ``kind`` ("population indicator" or "performance measure"),
        ``baseline``, ``target``, ``target_year``, ``higher_is_better`` (bool).

    Returns
    -------
    Feedback
    """
    if unanswered(measure):
        return not_answered("Fill in the dictionary")
    if not isinstance(measure, Mapping):
        return Feedback(False, "Give a dictionary with the keys shown.", "wrong_type")
    needed = ("name", "kind", "baseline", "target", "target_year", "higher_is_better")
    missing = [k for k in needed if unanswered(measure.get(k, ...))]
    if missing:
        return Feedback(False, f"Still missing: {', '.join(missing)}. A measure without a "
                        "baseline and a target cannot show progress.", "incomplete")
    if norm(measure["kind"]) not in _KINDS:
        return Feedback(False, "kind must be 'population indicator' or 'performance "
                        "measure'.", "kind")
    baseline, target = number(measure["baseline"]), number(measure["target"])
    year = number(measure["target_year"])
    if baseline is None or target is None or year is None:
        return Feedback(False, "baseline, target and target_year must be numbers.",
                        "not_numbers")
    if not 2025 <= year <= 2060:
        return Feedback(False, "Pick a target year in the next few decades, close enough "
                        "for someone to be answerable for it.", "year")
    better = bool(measure["higher_is_better"])
    if (target > baseline) != better or target == baseline:
        return Feedback(False, "Compare the target with the baseline: does reaching it mean "
                        "things got better, given the direction of good?", "direction")
    name = norm(measure["name"])
    if "race" not in name and "by group" not in name:
        return Feedback(False, "The measure is complete, but will you report it "
                        "disaggregated? Say so in its name (e.g. '... by race and "
                        "ethnicity').", "not_disaggregated")
    return Feedback(True, "Complete: a named measure, its kind, a baseline, a target that is "
                    "better than the baseline, a date, and a commitment to report it by race.",
                    "correct")
