"""Self-checks teach: right answers pass with a reason, common mistakes get the intended hint,
hints never state the answer, and no input makes a check raise."""

from __future__ import annotations

import re

import pytest

from equitylab import checks
from equitylab.checks import Feedback

from .conftest import load, run_cells, source_paths

ALL = checks.registry()

# (check, a common wrong answer, the hint code it must get, text the hint must not contain)
WRONG = [
    ("check_equity_or_equality", {"A": "equity", "B": "equity", "C": "equality", "D": "equity"},
     "wrong_A", ["equality"]),
    ("check_equity_or_equality", {"A": "equality", "B": "equity"}, "incomplete", []),
    ("check_equity_or_equality", {"A": "fair", "B": "equity", "C": "equality", "D": "equity"},
     "unknown_label", []),
    ("check_graduation_gap", -18.3, "sign", ["18.3"]),
    ("check_graduation_gap", 0.183, "proportion_not_points", ["18.3"]),
    ("check_graduation_gap", 0.80, "ratio_not_difference", ["18.3"]),
    ("check_graduation_gap", 5, "other", ["18.3"]),
    ("check_graduation_gap", "lots", "not_a_number", []),
    ("check_two_goals", "a", "gap_closed_by_levelling_down", ['"b"']),
    ("check_two_goals", "c", "all_improved_gap_widened", ['"b"']),
    ("check_two_goals", "z", "not_an_option", []),
    ("check_uninsured_ratio", 0.385, "inverted", ["2.6"]),
    ("check_uninsured_ratio", 9.9, "difference_not_ratio", []),
    ("check_read_both_gaps", {"absolute": "Y", "relative": "X"}, "swapped", []),
    ("check_read_both_gaps", {"absolute": "X", "relative": "X"}, "wrong_relative", []),
    ("check_why_counts", "c", "counts_for_privacy", []),
    ("check_levels_of_racism", {"A": "individual", "B": "individual", "C": "structural",
                                "D": "institutional"}, "wrong_B", ["institutional"]),
    ("check_levels_of_racism", {"A": "individual", "B": "institutional",
                                "C": "institutional", "D": "institutional"}, "wrong_C",
     ["structural"]),
    ("check_implicit_bias_meaning", "a", "individual_psychology", []),
    ("check_eras", {"A": "explicit", "B": "explicit", "C": "race-neutral",
                    "D": "working for equity", "E": "explicit"}, "wrong_C", ["explicit"]),
    ("check_strategies", {"A": "framework", "B": "framework", "C": "tools", "D": "data",
                          "E": "partnerships", "F": "urgency"}, "wrong_B", ["capacity"]),
    ("check_budget_most_per_resident", "B", "least_not_most", []),
    ("check_budget_most_per_resident", "Not graded", "total_not_per_resident", []),
    ("check_budget_most_per_resident", "E", "not_an_option", []),
    ("check_tool_order", ["F", "D", "A", "E", "C", "B"], "not_results_first", []),
    ("check_tool_order", ["D", "E", "A", "F", "C", "B"], "analysis_before_data", []),
    ("check_tool_order", ["D", "F"], "not_a_permutation", []),
    ("check_tool_order", ["D", "F", "A", "E", "B", "C"], "order", []),
    ("check_tool_steps", {"A": 2, "B": 3, "C": 2, "D": 6, "E": 1}, "wrong_C", []),
    ("check_tool_steps", {"A": 2, "B": 3, "C": 4, "D": 5, "E": 1}, "wrong_D", []),
    ("check_indicator_or_measure", {"A": "performance measure", "B": "performance measure",
                                    "C": "population indicator", "D": "performance measure"},
     "wrong_A", []),
    ("check_rba_questions", {"A": "how much", "B": "how well", "C": "how well"}, "wrong_C",
     ["better off"]),
    ("check_suppressed_groups", {"Native Hawaiian or Pacific Islander"},
     "missed_complementary", ["American Indian"]),
    ("check_suppressed_groups", {"Asian"}, "other", []),
    ("check_accountability_measure", {"name": "Check-ups by race", "kind": "population "
                                      "indicator", "baseline": 82, "target": 80,
                                      "target_year": 2030, "higher_is_better": True},
     "direction", []),
    ("check_accountability_measure", {"name": "Check-ups by race", "kind": "population "
                                      "indicator", "baseline": 82, "target": ...,
                                      "target_year": 2030, "higher_is_better": True},
     "incomplete", []),
    ("check_accountability_measure", {"name": "Check-ups", "kind": "performance measure",
                                      "baseline": 82, "target": 90, "target_year": 2030,
                                      "higher_is_better": True}, "not_disaggregated", []),
    ("check_engagement_throughout", "a", "only_step_three", []),
    ("check_engagement_throughout", "b", "only_at_the_end", []),
    ("check_three_prongs", {"A": "cohort", "B": "cohort", "C": "collaboration"}, "wrong_B",
     ["pathway"]),
    ("check_thrive_outcomes", {"stewardship", "prosperity", "equity", "livability",
                               "accountability"}, "principles_not_outcomes",
     ["sustainability"]),
    ("check_thrive_outcomes", {"stewardship", "prosperity", "equity"}, "count", []),
    ("check_thrive_outcomes", {"stewardship", "prosperity", "equity", "livability"}, "count",
     []),
    ("check_thrive_outcomes", {"stewardship", "prosperity", "equity", "freedom"},
     "not_an_option", []),
    ("check_measure_types", {"A": "regional indicator", "B": "regional measure",
                             "C": "regional measure"}, "wrong_C", ["council measure"]),
    ("check_missing_race_share", 33.6, "included_unknown", ["15.8"]),
    ("check_missing_race_share", 0.158, "scale", []),
    ("check_search_ratio", 0.40, "inverted", ["2.5"]),
    ("check_search_ratio", 12.2, "difference_not_ratio", ["2.5"]),
    ("check_denial_ratio", 0.79, "complement", ["3.1"]),
    ("check_denial_ratio", 0.33, "inverted", ["3.1"]),
    ("check_four_fifths_flag", False, "wrong", ["0.79"]),
    ("check_four_fifths_flag", "yes", "wrong_type", []),
    ("check_universal_goal", "a", "gap_only", []),
    ("check_universal_goal", "b", "group_specific", []),
    ("check_unemployment_goal_gap", {"Black or African American": 3.88, "White": 1.04},
     "gap_to_reference", []),
    ("check_unemployment_goal_gap", {"Black or African American": -4.92, "White": -1.04},
     "sign", []),
    ("check_reference_choice", {"A": "named", "B": "best", "C": "others", "D": "others"},
     "wrong_C", ["overall"]),
    ("check_reference_choice", {"A": "named", "B": "named", "C": "overall", "D": "others"},
     "wrong_B", ["best"]),
    ("check_overall_ratio", 2.50, "used_white", ["1.37"]),
    ("check_overall_ratio", 1.92, "used_others", ["1.37"]),
    ("check_complement_ratio", 2.50, "outcome_not_complement", ["0.87"]),
    ("check_complement_ratio", 1.153, "inverted", ["0.87"]),
    ("check_precinct_ratio", 2.50, "citywide", ["1.6"]),
    ("check_precinct_ratio", 0.616, "inverted", ["1.6"]),
    ("check_cannot_support", "a", "rates_are_answerable", []),
    ("check_cannot_support", "c", "places_are_answerable", []),
    ("check_geographic_score", 0.8, "sign", ["-0.8"]),
    ("check_geographic_score", 0.6, "ratio_not_difference", ["-0.8"]),
    ("check_allocation_kinds", {"A": "universal", "B": "targeted", "C": "targeted"},
     "wrong_C", ["targeted universal"]),
    ("check_column_mapping", {"group": "applicant_race", "outcome": "approved",
                              "denominator": "permit_id", "area": "ward"},
     "denominator_not_needed", []),
    ("check_column_mapping", {"group": "ward", "outcome": "approved", "denominator": "",
                              "area": "applicant_race"}, "area_as_group", ["applicant_race"]),
    ("check_column_mapping", {"group": "applicant_race", "outcome": "fee_usd",
                              "denominator": "", "area": "ward"}, "outcome_not_binary",
     ["approved"]),
    ("check_column_mapping", {"group": "race", "outcome": "approved", "denominator": "",
                              "area": "ward"}, "unknown_label", []),
    ("check_share_scenario", "a", "raw_file", []),
    ("check_share_scenario", "b", "rates_only", []),
]


@pytest.mark.parametrize(("name", "answer", "code", "secret"), WRONG,
                         ids=[f"{w[0]}-{w[2]}" for w in WRONG])
def test_common_mistake_gets_the_intended_hint(name, answer, code, secret) -> None:
    feedback = ALL[name](answer)
    assert isinstance(feedback, Feedback)
    assert not feedback.correct
    assert feedback.code == code, feedback
    assert feedback.message.strip(), "a hint must say something"
    for text in secret:
        assert text not in feedback.message, f"the hint gives away {text!r}"


def test_every_check_has_a_wrong_answer_case() -> None:
    assert {w[0] for w in WRONG} == set(ALL)


@pytest.mark.parametrize("name", sorted(ALL))
def test_unanswered_is_not_an_error(name) -> None:
    feedback = ALL[name](...)
    assert feedback.code == "not_answered" and not feedback.correct
    assert "..." in feedback.message or "Replace" in feedback.message or "Fill" in (
        feedback.message)


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("junk", [42, "nonsense", [1, 2], {"Z": 1}, object(), float("nan")],
                         ids=["int", "str", "list", "dict", "object", "nan"])
def test_no_input_makes_a_check_raise(name, junk) -> None:
    feedback = ALL[name](junk)
    assert isinstance(feedback, Feedback)
    assert not feedback.correct


def test_the_solutions_pass_every_check_and_every_check_is_used() -> None:
    used = set()
    for path in source_paths():
        notebook = load(path)
        for index, feedback in run_cells(notebook):
            assert isinstance(feedback, Feedback), (path.name, index)
            assert feedback.correct, (path.name, index, str(feedback))
            assert feedback.code == "correct"
        text = "".join("".join(c["source"]) for c in notebook["cells"])
        used |= set(re.findall(r"checks\.(check_\w+)\(", text))
    assert used == set(ALL), f"checks no exercise uses: {set(ALL) - used}"


def test_right_answers_explain_why() -> None:
    feedback = checks.check_graduation_gap(18.3)
    assert feedback.correct
    assert "percentage points" in feedback.message
    assert len(feedback.message.split()) >= 12


def test_feedback_renders_as_accessible_html() -> None:
    html = checks.check_two_goals("a")._repr_html_()
    assert 'role="status"' in html and "Not yet." in html
    assert "<script" not in checks.Feedback(False, "<script>x</script>", "x")._repr_html_()
