"""Lab 1 app: a disparity explorer over datasets from every domain.

Pick a dataset, an outcome, a reference, an absolute or relative gap and a framing; the
table, the sentences and the chart update together. Every number comes from
:func:`equitylab.measures.disparities`; the sentences from :mod:`equitylab.explain`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import ipywidgets as widgets
import pandas as pd

from equitylab import datasets, measures
from equitylab.widgets import _views as views

__all__ = ["PM25_HIGH", "SOURCES", "DisparityExplorer", "Outcome", "Source", "disparity_explorer",
           "outcome_counts"]


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


def _hmda(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["applicant_race"] = out["african_american"].map(
        {True: "African American", False: "Not African American"}
    )
    return out


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
        "Not African American", prepare=_hmda, group_label="Applicant",
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
        note="Neighbourhood conditions counted for every resident: they describe places, "
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


def _source(name: str) -> Source:
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
    src = _source(dataset)
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
        counts = views.flip_counts(counts, out.verb_other)
    return counts


class DisparityExplorer(widgets.VBox):
    """The explorer's widget tree, with its controls and outputs as attributes.

    Attributes
    ----------
    dataset, outcome, reference : ipywidgets.Dropdown
    gap, framing : ipywidgets.ToggleButtons
    about, table, sentences, chart : ipywidgets.HTML
    comparison : Comparison
        What is on screen now (for tests and for further analysis).
    """

    def __init__(self, dataset: str = "mpls_stops", **kwargs: Any) -> None:
        style = {"description_width": "initial"}
        self.dataset = widgets.Dropdown(
            options=[(s.label, s.dataset) for s in SOURCES], value=_source(dataset).dataset,
            description="Dataset", style=style, layout=widgets.Layout(width="32em"))
        self.outcome = widgets.Dropdown(description="Outcome", style=style,
                                        layout=widgets.Layout(width="32em"))
        self.reference = widgets.Dropdown(description="Compare with", style=style,
                                          layout=widgets.Layout(width="24em"))
        self.gap = widgets.ToggleButtons(
            options=[("Relative gap (ratio)", "ratio"), ("Absolute gap (difference)",
                                                         "difference")],
            value="ratio", description="Gap", style=style,
            tooltips=["How many times the reference's rate",
                      "How many points above or below the reference"])
        self.framing = widgets.ToggleButtons(
            options=[("Adverse (the bad outcome)", "adverse"),
                     ("Favourable (the good outcome)", "favourable")],
            description="Framing", style=style,
            tooltips=["Count the bad outcome, e.g. searched", "Count the good outcome, e.g. "
                      "not searched"])
        self.about = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(min_height="10em"))
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.comparison: views.Comparison | None = None
        self._hold = False
        self._fill_outcomes()
        for w in (self.dataset,):
            w.observe(self._on_dataset, names="value")
        self.outcome.observe(self._on_outcome, names="value")
        for w in (self.reference, self.gap, self.framing):
            w.observe(self._refresh, names="value")
        controls = widgets.VBox([self.dataset, self.outcome, self.reference, self.gap,
                                 self.framing])
        super().__init__([
            controls, self.about,
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Table</h3>"), self.table,
        ], **kwargs)
        self._refresh()

    # -- cascading menus ------------------------------------------------------------------
    def _fill_outcomes(self) -> None:
        src = _source(self.dataset.value)
        self._hold = True
        try:
            self.outcome.options = [o.label for o in src.outcomes]
            self.outcome.value = src.outcomes[0].label
            self._fill_framing()
            self._fill_references(keep=False)
        finally:
            self._hold = False

    def _fill_framing(self) -> None:
        src = _source(self.dataset.value)
        out = {o.label: o for o in src.outcomes}[self.outcome.value]
        if out.unit == "proportion":
            self.framing.disabled = False
            self.framing.value = out.direction
        else:
            self.framing.value = out.direction
            self.framing.disabled = True

    def _fill_references(self, *, keep: bool) -> None:
        src = _source(self.dataset.value)
        counts = outcome_counts(src.dataset, self.outcome.value)
        groups = list(dict.fromkeys(counts.table["group"]))
        old = self.reference.value
        opts = views.reference_options(groups)
        self.reference.options = opts
        values = [v for _, v in opts]
        if keep and old in values:
            self.reference.value = old
        else:
            self.reference.value = ("group", src.reference) if src.reference in groups else "best"

    def _on_dataset(self, _change: object = None) -> None:
        self._fill_outcomes()
        self._refresh()

    def _on_outcome(self, _change: object = None) -> None:
        if self._hold:
            return
        self._hold = True
        try:
            self._fill_framing()
            self._fill_references(keep=True)
        finally:
            self._hold = False
        self._refresh()

    # -- the view -------------------------------------------------------------------------
    def _refresh(self, _change: object = None) -> None:
        if self._hold:
            return
        src = _source(self.dataset.value)
        counts = outcome_counts(src.dataset, self.outcome.value, self.framing.value)
        comp = views.compare(counts, reference=self.reference.value, gap=self.gap.value)
        self.comparison = comp
        kind = "SYNTHETIC data (the fictional Tallow River Region)" if src.synthetic \
            else "Real data"
        meta = datasets.info(src.dataset)
        self.about.value = (
            f'<p><strong>{html.escape(kind)}.</strong> {html.escape(meta.title)}. '
            f"{html.escape(src.note)} Source: {html.escape(meta.source.rstrip('.'))}.</p>"
        )
        title = (f"{counts.indicator.verb.capitalize()}, by group "
                 f"({'synthetic' if src.synthetic else 'real'} data)")
        self.table.value = views.comparison_table_html(comp, group_label=src.group_label,
                                                       people=src.noun.capitalize())
        self.sentences.value = views.sentences_html(views.sentences(comp, noun=src.noun))
        fig, alt = views.gap_chart(comp, title=title)
        self.chart.value = views.figure_html(fig, alt)


def disparity_explorer(dataset: str = "mpls_stops") -> DisparityExplorer:
    """Build the disparity explorer (lab 1).

    Parameters
    ----------
    dataset : str, default "mpls_stops"
        The dataset shown first; any name in :data:`SOURCES`.

    Returns
    -------
    DisparityExplorer
        A VBox whose controls (``dataset``, ``outcome``, ``reference``, ``gap``,
        ``framing``) update ``table``, ``sentences`` and ``chart`` together.
    """
    return DisparityExplorer(dataset)
