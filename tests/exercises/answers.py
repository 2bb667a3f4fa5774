"""The right answers to every self-check, kept here in the tests and never in the package.

Concept and scenario answers are written out; data answers are recomputed with plain
pandas, independently of :mod:`equitylab.measures` and the labs, as a cross-check of the
values the checks compute through the labs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from equitylab import datasets

#: Written-out answers (concept and scenario questions). A list gives several answers
#: that must all be accepted (other spellings, a contested case read either way).
WRITTEN: dict[str, list[Any]] = {
    "check_equity_or_equality": [{"A": "equality", "B": "equity", "C": "equality",
                                  "D": "equity"}],
    "check_two_goals": ["b", "B", "(b)"],
    "check_why_counts": ["b"],
    "check_read_both_gaps": [{"absolute": "X", "relative": "Y"},
                             {"Absolute": "x", "relative": "y"}],
    "check_levels_of_racism": [
        {"A": "individual", "B": "institutional", "C": "structural", "D": "institutional"},
        {"a": "interpersonal", "B": "Institutional", "C": "structural", "D": "institutional"},
    ],
    "check_implicit_bias_meaning": ["b"],
    "check_eras": [
        {"A": "explicit", "B": "explicit", "C": "explicit", "D": "working for equity",
         "E": "race-neutral"},
        {"A": "explicit", "B": "Explicit", "C": "explicit", "D": "working for equity",
         "E": "explicit"},
    ],
    "check_strategies": [{"A": "framework", "B": "capacity", "C": "tools", "D": "data",
                          "E": "partnerships", "F": "urgency"}],
    "check_tool_order": [["D", "F", "A", "E", "C", "B"], "DFAECB", "D, F, A, E, C, B"],
    "check_tool_steps": [{"A": 2, "B": 3, "C": 4, "D": 6, "E": 1},
                         {"A": "2", "B": 3.0, "C": 4, "D": 6, "E": 1}],
    "check_indicator_or_measure": [{"A": "population indicator", "B": "performance measure",
                                    "C": "population indicator", "D": "performance measure"}],
    "check_rba_questions": [{"A": "how much", "B": "how well", "C": "better off"}],
    "check_accountability_measure": [{
        "name": "Share of children with a yearly check-up, by race and ethnicity",
        "kind": "population indicator", "baseline": 82.0, "target": 92.0,
        "target_year": 2030, "higher_is_better": True}],
    "check_engagement_throughout": ["c"],
    "check_three_prongs": [{"A": "cohort", "B": "pathway", "C": "collaboration"}],
    "check_thrive_outcomes": [{"stewardship", "prosperity", "equity", "livability",
                               "sustainability"},
                              ["Sustainability", "equity", "livability", "prosperity",
                               "stewardship"]],
    "check_measure_types": [{"A": "regional indicator", "B": "regional measure",
                             "C": "council measure"}],
    "check_reference_choice": [{"A": "named", "B": "best", "C": "overall", "D": "others"}],
    "check_cannot_support": ["b"],
    "check_geographic_score": [1.2 - 2.0, "-0.8"],
    "check_allocation_kinds": [{"A": "universal", "B": "targeted", "C": "targeted universal"},
                               {"A": "universal", "B": "targeted",
                                "C": "targeted universalism"}],
    "check_universal_goal": ["c"],
    "check_column_mapping": [{"group": "applicant_race", "outcome": "approved",
                              "denominator": "", "area": "ward"},
                             {"group": "applicant_race", "outcome": "approved", "area": "ward"}],
    "check_share_scenario": ["c"],
}


@cache
def _stops() -> Any:
    stops = datasets.load("mpls_stops", show_caveats=False)
    return stops.loc[stops["race"].notna() & (stops["race"] != "Unknown")]


def _search_rate(frame: Any) -> Any:
    return frame.groupby("race", observed=True)["person_searched"].mean()


def _graduation_gap() -> float:
    ed = datasets.load("tallow_education", show_caveats=False)
    sums = ed[ed["year"] == ed["year"].max()].groupby("race_ethnicity", observed=True)[
        ["graduated_on_time", "cohort_students"]].sum()
    rate = sums["graduated_on_time"] / sums["cohort_students"]
    return 100 * float(rate["White"] - rate["Black or African American"])


def _uninsured_ratio() -> float:
    h = datasets.load("tallow_health", show_caveats=False)
    sums = h[h["year"] == h["year"].max()].groupby("race_ethnicity", observed=True)[
        ["uninsured", "population"]].sum()
    rate = sums["uninsured"] / sums["population"]
    return float(rate["Black or African American"] / rate["White"])


def _suppressed_groups() -> set[str]:
    # The small cell (1 to 10 graduates) and the next smallest, hidden so that the first
    # cannot be recovered from the total.
    ed = datasets.load("tallow_education", show_caveats=False)
    sums = ed.groupby("race_ethnicity", observed=True)["graduated_on_time"].sum()
    return set(sums.sort_values().index[:2].astype(str))


def _missing_race_share() -> float:
    stops = datasets.load("mpls_stops", show_caveats=False)
    return 100 * float(stops["race"].isna().mean())


def _search_ratio() -> float:
    rate = _search_rate(_stops())
    return float(rate["Black"] / rate["White"])


def _overall_ratio() -> float:
    stops = _stops()
    return float(_search_rate(stops)["Black"] / stops["person_searched"].mean())


def _complement_ratio() -> float:
    rate = _search_rate(_stops())
    return float((1 - rate["Black"]) / (1 - rate["White"]))


def _precinct_ratio() -> float:
    stops = _stops()
    rate = _search_rate(stops.loc[stops["precinct"].astype(str) == "4"])
    return float(rate["Black"] / rate["White"])


def _hmda_rates() -> Any:
    h = datasets.load("boston_hmda", show_caveats=False)
    return h.groupby(h["african_american"].astype(bool))["denied"].mean()


def _denial_ratio() -> float:
    rate = _hmda_rates()
    return float(rate[True] / rate[False])


def _four_fifths() -> bool:
    rate = _hmda_rates()
    return bool((1 - rate[True]) / (1 - rate[False]) < 0.8)


def _goal_gaps() -> dict[str, float]:
    t = datasets.load("tallow_trends", show_caveats=False)
    latest = t[(t["indicator"] == "Unemployment") & (t["year"] == t["year"].max())]
    rate = (100 * latest["numerator"] / latest["denominator"]).set_axis(
        latest["race_ethnicity"].astype(str))
    return {g: max(float(rate[g]) - 3.0, 0.0) for g in ("Black or African American", "White")}


def _budget_grade() -> str:
    hoods = datasets.load("tallow_neighbourhoods", show_caveats=False)
    budget = datasets.load("tallow_budget", show_caveats=False)
    pop = datasets.load("tallow_population", show_caveats=False)
    capital = budget[budget["spending_type"] == "Capital"].groupby("neighbourhood_id")[
        "amount_usd"].sum()
    residents = pop[pop["year"] == pop["year"].max()].groupby("neighbourhood_id")[
        "population"].sum()
    sums = hoods.assign(capital=hoods["neighbourhood_id"].map(capital).fillna(0),
                        residents=hoods["neighbourhood_id"].map(residents)).groupby(
        hoods["holc_grade"].astype(str))[["capital", "residents"]].sum()
    return str((sums["capital"] / sums["residents"]).idxmax())


#: Data answers, computed independently when the test runs.
COMPUTED: dict[str, Callable[[], Any]] = {
    "check_graduation_gap": _graduation_gap,
    "check_uninsured_ratio": _uninsured_ratio,
    "check_suppressed_groups": _suppressed_groups,
    "check_missing_race_share": _missing_race_share,
    "check_search_ratio": _search_ratio,
    "check_overall_ratio": _overall_ratio,
    "check_complement_ratio": _complement_ratio,
    "check_precinct_ratio": _precinct_ratio,
    "check_denial_ratio": _denial_ratio,
    "check_four_fifths_flag": _four_fifths,
    "check_unemployment_goal_gap": _goal_gaps,
    "check_budget_most_per_resident": _budget_grade,
}
