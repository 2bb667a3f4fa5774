"""Lab 1 model: which datasets the disparity explorer offers, and the counts behind each view.

:data:`SOURCES` describes each dataset (where the groups are, which outcomes to offer, the
usual reference); :func:`outcome_counts` builds the counts for one outcome, in either
framing. Every comparison then comes from :func:`equitylab.labs.comparison.compare`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from equitylab import datasets, measures

__all__ = ["PM25_HIGH", "SOURCES", "Outcome", "Source", "outcome_counts", "source"]


@dataclass(frozen=True)
class Outcome:
    """An outcome the explorer can show.

    Parameters
    ----------
    label : str
        Shown in the menu.
    events : str
        A yes/no column (individual rows) or a column of event counts (aggregated tables).
    denominator : str, optional
        For aggregated tables: the column of people or population.
    direction : {"adverse", "favourable"}
        Whether having the outcome is bad or good.
    verb, verb_other : str
        Sentence phrases for the outcome and its complement ("were searched",
        "were not searched").
    unit : {"proportion", "rate"}
        A share of people, or events per population.
    per : float
        Display scale: 100 for percentages, 1,000 for "per 1,000".
    """

    label: str
    events: str
    denominator: str | None = None
    direction: Literal["adverse", "favourable"] = "adverse"
    verb: str = "had the outcome"
    verb_other: str = "did not have the outcome"
    unit: Literal["proportion", "rate"] = "proportion"
    per: float = 100.0


@dataclass(frozen=True)
class Source:
    """A dataset in the explorer: where the groups are and which outcomes to offer."""

    dataset: str
    label: str
    domain: str
    group: str
    noun: str
    outcomes: tuple[Outcome, ...]
    reference: str
    unknown: tuple[str, ...] = ()
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    group_label: str = "Race or ethnicity"
    note: str = ""
    cache: dict[str, measures.Counts] = field(default_factory=dict, compare=False, repr=False)

    @property
    def synthetic(self) -> bool:
        """Whether the dataset is SYNTHETIC (the Tallow River Region)."""
        return bool(datasets.info(self.dataset).synthetic)


def _latest_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["year"] == frame["year"].max()]


#: Fine-particle (PM2.5) level, in micrograms per cubic metre, counted as high in lab 1.
PM25_HIGH = 7.0


def _environment(hoods: pd.DataFrame) -> pd.DataFrame:
    """Residents by race in each neighbourhood, with its environmental flags (SYNTHETIC)."""
    pop = datasets.load("tallow_population", show_caveats=False)
    pop = pop.loc[pop["year"] == pop["year"].max()]
    pop = (pop.groupby(["neighbourhood_id", "race_ethnicity"], observed=True)["population"]
           .sum().rename("residents").reset_index())
    out = pop.merge(hoods[["neighbourhood_id", "near_highway", "pm25_ugm3"]],
                    on="neighbourhood_id")
    res = out["residents"].astype(float)
    out["near_highway_residents"] = res.where(out["near_highway"].astype(bool), 0.0)
    out["high_pm25_residents"] = res.where(out["pm25_ugm3"] > PM25_HIGH, 0.0)
    out["residents"] = res
    return out


_P = "proportion"
SOURCES: tuple[Source, ...] = (
    Source(
        "mpls_stops", "Minneapolis police stops, 2017 (real)", "criminal justice", "race",
        "people stopped",
        (
            Outcome("Person searched", "person_searched", None, "adverse", "were searched",
                    "were not searched"),
            Outcome("Vehicle searched", "vehicle_searched", None, "adverse",
                    "had their vehicle searched", "did not have their vehicle searched"),
            Outcome("Citation issued", "citation_issued", None, "adverse", "were cited",
                    "were not cited"),
        ),
        "White", unknown=("Unknown",), group_label="Race (officer-perceived)",
        note="Race as perceived by the officer; 'Unknown' and missing race are left out.",
    ),
    Source(
        "toronto_arrests", "Toronto marijuana arrests, 1997-2002 (real)", "criminal justice",
        "colour", "people arrested",
        (Outcome("Released with a summons", "released_with_summons", None, "favourable",
                 "were released with a summons", "were held for a bail hearing"),),
        "White", group_label="Skin colour (police record)",
    ),
    Source(
        "boston_hmda", "Boston mortgage applications, 1990 (real)", "housing",
        "applicant_race", "applicants",
        (Outcome("Mortgage denied", "denied", None, "adverse", "were denied a mortgage",
                 "were approved"),),
        "Not African American", group_label="Applicant",
        note="The data records only whether an applicant was African American.",
    ),
    Source(
        "resume_callbacks", "Resume callbacks experiment, 2001-02 (real)", "jobs",
        "perceived_race", "applicants",
        (Outcome("Called back", "called_back", None, "favourable", "got a callback",
                 "got no callback"),),
        "White", group_label="Race signalled by the name",
    ),
    Source(
        "health_insurance", "Health insurance, 1996 survey (real)", "health", "ethnicity",
        "people",
        (Outcome("Insured", "insured", None, "favourable", "had health insurance",
                 "had no health insurance"),
         Outcome("Reports good health", "healthy", None, "favourable", "reported good health",
                 "did not report good health")),
        "White",
    ),
    Source(
        "tallow_education", "Tallow River schools, 2024 (SYNTHETIC)", "education",
        "race_ethnicity", "students",
        (Outcome("Graduated on time", "graduated_on_time", "cohort_students", "favourable",
                 "graduated on time", "did not graduate on time"),
         Outcome("Grade 3 reading proficient", "grade3_proficient", "grade3_tested",
                 "favourable", "were proficient", "were not proficient")),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_jobs", "Tallow River jobs, 2024 (SYNTHETIC)", "jobs", "race_ethnicity",
        "people in the labour force",
        (Outcome("Unemployed", "unemployed", "labour_force", "adverse", "were unemployed",
                 "were employed"),),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_housing", "Tallow River housing, 2024 (SYNTHETIC)", "housing",
        "race_ethnicity", "households",
        (Outcome("Renters cost-burdened", "cost_burdened_renters", "renter_households",
                 "adverse", "were cost-burdened", "were not cost-burdened"),
         Outcome("Own their home", "owner_households", "households", "favourable",
                 "owned their home", "rented"),
         Outcome("Eviction filings per 1,000 renter households", "eviction_filings",
                 "renter_households", "adverse", "eviction filings", "", "rate", 1000.0)),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_health", "Tallow River health, 2024 (SYNTHETIC)", "health", "race_ethnicity",
        "residents",
        (Outcome("Uninsured", "uninsured", "population", "adverse", "were uninsured",
                 "were insured"),
         Outcome("Children with a check-up", "children_with_checkup", "children",
                 "favourable", "had a check-up", "had no check-up"),
         Outcome("Asthma emergency visits per 1,000 residents", "asthma_ed_visits",
                 "population", "adverse", "asthma emergency visits", "", "rate", 1000.0)),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_justice", "Tallow River policing, 2024 (SYNTHETIC)", "criminal justice",
        "race_ethnicity", "people stopped",
        (Outcome("Searched after a stop", "searches", "stops", "adverse", "were searched",
                 "were not searched"),
         Outcome("Stops per 1,000 adult residents", "stops", "adult_residents", "adverse",
                 "stops", "", "rate", 1000.0)),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_neighbourhoods", "Tallow River environment, 2024 (SYNTHETIC)", "environment",
        "race_ethnicity", "residents",
        (Outcome("Live near a highway", "near_highway_residents", "residents", "adverse",
                 "lived near a highway", "did not live near a highway"),
         Outcome(f"Live where fine-particle pollution is above {PM25_HIGH:g} µg/m³",
                 "high_pm25_residents", "residents", "adverse",
                 "lived where fine-particle pollution is high",
                 "lived where fine-particle pollution is lower")),
        "White", prepare=_environment,
        note="Neighborhood conditions counted for every resident: they describe places, "
        "not each person's exposure.",
    ),
    Source(
        "tallow_arts_culture", "Tallow River arts grants, 2024 (SYNTHETIC)",
        "arts and culture", "race_ethnicity", "applicants",
        (Outcome("Won an award", "awards", "applications", "favourable", "won an award",
                 "did not win an award"),),
        "White", prepare=_latest_year,
    ),
    Source(
        "tallow_business_grants", "Tallow River small-business grants (SYNTHETIC)",
        "equitable development", "owner_race_ethnicity", "applicants",
        (Outcome("Awarded a grant", "awarded", None, "favourable", "were awarded a grant",
                 "were not awarded a grant"),),
        "White", unknown=("Prefer not to say",), group_label="Owner's race or ethnicity",
    ),
)

_BY_NAME = {s.dataset: s for s in SOURCES}


def source(name: str) -> Source:
    """Return the explorer's description of a dataset, or say which datasets it offers.

    Examples
    --------
    >>> source("mpls_stops").reference
    'White'
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"Dataset {name!r} is not in the explorer. Choose one of: {', '.join(_BY_NAME)}."
        ) from None


def outcome_counts(dataset: str, outcome: str, framing: str | None = None) -> measures.Counts:
    """Return the counts behind one view of the explorer (cached per dataset and outcome).

    Parameters
    ----------
    dataset : str
        A dataset name in :data:`SOURCES`.
    outcome : str
        The outcome's label.
    framing : {"adverse", "favourable"}, optional
        Show the outcome (its own direction) or its complement. Rates have no complement.

    Returns
    -------
    equitylab.measures.Counts
    """
    src = source(dataset)
    out = {o.label: o for o in src.outcomes}.get(outcome)
    if out is None:
        raise ValueError(f"Outcome {outcome!r} is not offered for {dataset!r}.")
    if outcome not in src.cache:
        frame = datasets.load(dataset, show_caveats=False)
        if src.prepare is not None:
            frame = src.prepare(frame)
        ind = measures.Indicator(out.label.lower(), out.direction, out.unit, out.per, out.verb)
        if out.denominator is None:
            counts = measures.count(frame, src.group, out.events, indicator=ind,
                                    unknown=src.unknown)
        else:
            counts = measures.from_counts(frame, src.group, out.events, out.denominator,
                                          indicator=ind, unknown=src.unknown)
        src.cache[outcome] = counts
    counts = src.cache[outcome]
    if framing is not None and out.unit == "proportion" and framing != out.direction:
        counts = measures.flip_counts(counts, out.verb_other)
    return counts
