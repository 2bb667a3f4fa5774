"""The one door from the checks to the labs: every lab function a check needs, in one place.

A check and the lab that teaches it must never disagree, so the checks compute right
answers with the labs' own functions and :mod:`equitylab.measures`, never with pandas of
their own. Lab modules are imported inside the functions, so importing
:mod:`equitylab.checks` does not import ipywidgets.

Where a lab has no function for an answer, the function here calls
:mod:`equitylab.measures` directly (marked "no lab function yet").
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "approval_ratio",
    "capital_by_grade",
    "denial_ratio",
    "education_disparities",
    "estimate",
    "geographic_score",
    "missing_race",
    "search_disparities",
    "uninsured_disparities",
    "unemployment_goal",
]

def estimate(table: pd.DataFrame, group: str, measure: str, **where: Any) -> float:
    """Read one estimate from a tidy :func:`equitylab.measures.disparities` table.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy disparities table.
    group, measure : str
        The row's group and measure.
    **where
        Further column = value conditions (e.g. a stratum).

    Returns
    -------
    float
    """
    mask = (table["group"].astype(str) == group) & (table["measure"] == measure)
    for column, value in where.items():
        mask &= table[column].astype(str) == str(value)
    return float(table.loc[mask, "estimate"].iloc[0])


def _latest(name: str) -> pd.DataFrame:
    from equitylab import datasets

    frame = datasets.load(name, show_caveats=False)
    return frame.loc[frame["year"] == frame["year"].max()]


@cache
def education_disparities() -> pd.DataFrame:
    """On-time graduation by race, latest year, against White students (chapters 1 and 7).

    No lab function yet: uses :func:`equitylab.measures.from_counts` and
    :func:`~equitylab.measures.disparities`, as the chapter 1 and 7 exercises do.
    """
    from equitylab import measures

    counts = measures.from_counts(_latest("tallow_education"), "race_ethnicity",
                                  "graduated_on_time", "cohort_students")
    return measures.disparities(counts, reference="White",
                                measures=("estimate", "difference", "ratio"))


@cache
def uninsured_disparities() -> pd.DataFrame:
    """Compare the uninsured rate by race, latest year, with White residents (chapter 2).

    No lab function yet: uses :mod:`equitylab.measures` directly.
    """
    from equitylab import measures

    counts = measures.from_counts(_latest("tallow_health"), "race_ethnicity", "uninsured",
                                  "population")
    return measures.disparities(counts, reference="White",
                                measures=("estimate", "difference", "ratio"))


@cache
def missing_race() -> dict[str, float]:
    """Shares of stops with race missing, and recorded as "Unknown" (first-look lab).

    From the stops lab's :func:`~equitylab.labs.stops.data_quality`.
    """
    from equitylab.labs import stops as stops_lab

    quality = stops_lab.data_quality(stops_lab.load_stops()).set_index("check")["share"]
    return {"missing": float(quality["Race missing"]),
            "unknown": float(quality["Race recorded as 'Unknown'"])}


@cache
def search_disparities(reference: str, by_precinct: bool = False) -> pd.DataFrame:
    """Person-search rates by race among stops with a known race (stops labs).

    The stops come from the stops lab's ``load_stops``; "Unknown" and missing race are
    left out by :func:`equitylab.measures.count`. No lab function yet for the per-precinct
    comparison (the stops app computes it inside its widget).

    Parameters
    ----------
    reference : str
        ``"White"``, ``"overall"`` or ``"others"``.
    by_precinct : bool
        Compare within each precinct.
    """
    from equitylab import measures
    from equitylab.labs import stops as stops_lab

    return measures.disparities(
        stops_lab.load_stops(), "race", "person_searched", reference=reference,
        measures=("estimate", "difference", "ratio", "ratio_complement"),
        unknown=["Unknown"], strata="precinct" if by_precinct else None)


def denial_ratio() -> float:
    """Denial rate of African American applicants over others' (lending lab).

    From the lending lab's :func:`~equitylab.labs.lending.denial_gap`.
    """
    from equitylab.labs import lending as lending_lab

    return estimate(lending_lab.denial_gap(), lending_lab.AA, "ratio")


@cache
def approval_ratio() -> float:
    """Approval rate of African American applicants over others' (lending lab).

    The lending lab's applications (:func:`~equitylab.labs.lending.hmda`, grouped by the
    dataset's ``applicant_race`` column) with :func:`equitylab.measures.disparities`'s
    ``ratio_complement``; no lab function yet.
    """
    from equitylab import measures
    from equitylab.labs import lending as lending_lab

    table = measures.disparities(lending_lab.hmda(), "applicant_race", "denied",
                                 reference=lending_lab.OTHER, measures=("ratio_complement",))
    return estimate(table, lending_lab.AA, "ratio_complement")


def unemployment_goal(goal: float) -> dict[str, dict[str, float]]:
    """Each group's unemployment rate and distance to a universal goal (goals lab).

    From the goals lab's :func:`~equitylab.labs.goals.goal_view`.

    Returns
    -------
    dict
        ``{"level": {group: %}, "gap": {group: points}}``.
    """
    from equitylab.labs import goals as goals_lab

    gaps = goals_lab.goal_view("Unemployment", goal=goal).gaps.set_index("group")
    return {"level": gaps["level"].astype(float).to_dict(),
            "gap": gaps["gap"].astype(float).to_dict()}


def geographic_score(share_of_spending: float, share_of_residents: float) -> float:
    """Score one area's geographic disparity, in points, from its two shares (%).

    No lab function for a single area: uses :func:`equitylab.measures.geographic_disparity`
    on the area and the rest of the region, as the budget lab does for every area.
    """
    import pandas as pd

    from equitylab import measures

    table = pd.DataFrame({"area": ["this", "rest"],
                          "spending": [share_of_spending, 100 - share_of_spending],
                          "residents": [share_of_residents, 100 - share_of_residents]})
    scores = measures.geographic_disparity(table, "area", "spending", "residents")
    return 100 * float(scores["score"].iloc[0])


@cache
def capital_by_grade() -> pd.DataFrame:
    """Average yearly capital spending per resident by 1930s lending grade (chapter 6).

    Uses the budget lab's :func:`equitylab.labs.budget.region` (average yearly capital and
    residents of each SYNTHETIC neighborhood) and the neighborhoods' lending grades.

    Returns
    -------
    pandas.DataFrame
        One row per grade: ``grade``, ``neighbourhoods``, ``residents``, ``capital`` (dollars
        a year) and ``per_resident`` (dollars a year).
    """
    from equitylab import datasets
    from equitylab.labs import budget

    grades = datasets.load("tallow_neighbourhoods", show_caveats=False).set_index(
        "neighbourhood_id")["holc_grade"].astype(str)
    region = budget.region()
    region["grade"] = region["neighbourhood_id"].map(grades)
    out = region.groupby("grade").agg(neighbourhoods=("neighbourhood_id", "size"),
                                      residents=("residents", "sum"),
                                      capital=("capital", "sum")).reset_index()
    out["per_resident"] = out["capital"] / out["residents"]
    return out
