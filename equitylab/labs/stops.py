"""Lab 2 model: Minneapolis police stops, 2017 (real data).

Post-stop outcomes (searches, citations) by race with filters (:func:`stop_counts`), and
the lab's fixed analyses: data quality, officer-perceived race, a population benchmark,
stops by neighbourhood, a within-neighbourhood check (Mantel-Haenszel, from
:func:`equitylab.measures.mantel_haenszel_ratio`) and what the data can support
(:func:`outcome_test_check`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from equitylab import datasets, measures

__all__ = [
    "OUTCOMES",
    "PROBLEMS",
    "RACE_FIELDS",
    "benchmark_by_neighbourhood",
    "data_quality",
    "load_stops",
    "neighbourhood_benchmark",
    "outcome_test_check",
    "perceived_race_table",
    "stop_counts",
    "stops_by_neighbourhood",
    "within_neighbourhood",
]


#: Outcome columns offered in the app, each label mapped to its (column, verb).
OUTCOMES = {
    "Person searched": ("person_searched", "were searched"),
    "Vehicle searched": ("vehicle_searched", "had their vehicle searched"),
    "Citation issued": ("citation_issued", "were cited"),
}

#: Types of stop offered in the app, each value mapped to its words.
PROBLEMS = {
    "all": "all stops",
    "traffic": "traffic stops",
    "suspicious": "suspicious-person or vehicle stops",
}

#: Race fields offered in the app, each label mapped to its column.
RACE_FIELDS = {
    "Race recorded after the stop": "race",
    "Race perceived before contact": "race_before_contact",
}


def load_stops() -> pd.DataFrame:
    """Load the Minneapolis stops (real data) without printing the caveats again."""
    return datasets.load("mpls_stops", show_caveats=False)


def data_quality(stops: pd.DataFrame) -> pd.DataFrame:
    """Count what is missing before any rate is computed.

    Parameters
    ----------
    stops : pandas.DataFrame
        ``datasets.load("mpls_stops")``.

    Returns
    -------
    pandas.DataFrame
        ``check``, ``stops`` and ``share`` (of all stops).

    Examples
    --------
    >>> q = data_quality(load_stops())
    >>> int(q.set_index("check").loc["All stops", "stops"])
    51920
    """
    total = len(stops)
    mdc = stops["entered_on_squad_computer"].fillna(False).astype(bool)
    rows = [
        ("All stops", total),
        ("Not entered on a squad computer (no race, no search data)", int((~mdc).sum())),
        ("Race missing", int(stops["race"].isna().sum())),
        ("Race recorded as 'Unknown'", int((stops["race"] == "Unknown").sum())),
        ("Race before contact recorded as 'Unknown'",
         int((stops["race_before_contact"] == "Unknown").sum())),
        ("Citation field missing", int(stops["citation_issued"].isna().sum())),
        ("Person-search field missing", int(stops["person_searched"].isna().sum())),
    ]
    out = pd.DataFrame(rows, columns=["check", "stops"])
    out["share"] = out["stops"] / total
    return out


def perceived_race_table(stops: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Race perceived before contact against race recorded after, with small cells hidden.

    Returns
    -------
    (pandas.DataFrame, float)
        A wide table (rows: race before contact; columns: race after, counts with 1-10
        hidden by :func:`equitylab.measures.suppress_table`) and the share of stops where
        both are known and agree.
    """
    both = stops.dropna(subset=["race", "race_before_contact"])
    known = both.loc[(both["race"] != "Unknown") & (both["race_before_contact"] != "Unknown")]
    agree = float((known["race"].astype(str) == known["race_before_contact"].astype(str)).mean())
    long = (known.groupby(["race_before_contact", "race"], observed=True).size()
            .rename("stops").reset_index())
    long["race_before_contact"] = long["race_before_contact"].astype(str)
    long["race"] = long["race"].astype(str)
    hidden = measures.suppress_table(long, "stops", "race", "race_before_contact")
    hidden["shown"] = [("hidden" if s else f"{int(v):,}") for v, s in
                       zip(hidden["stops"].fillna(0), hidden["suppressed"], strict=True)]
    wide = hidden.pivot(index="race_before_contact", columns="race", values="shown").fillna("0")
    wide.index.name = "Perceived before contact"
    wide.columns.name = None
    return wide.reset_index(), agree


def outcome_test_check(columns: Any) -> tuple[bool, str]:
    """Say whether an outcome (hit-rate) test is possible with these columns.

    An outcome test compares how often searches *found* something, so it needs a column
    recording contraband or the result of a search.

    Examples
    --------
    >>> outcome_test_check(["race", "person_searched"])[0]
    False
    """
    wanted = ("contraband", "hit", "search_outcome", "found")
    have = [c for c in map(str, columns) if any(w in c.lower() for w in wanted)]
    if have:
        return True, f"An outcome test is possible: column(s) {', '.join(have)} record results."
    return False, (
        "An outcome (hit-rate) test is not possible: the data has no column saying whether a "
        "search found anything, so it cannot show whether one group was searched on less "
        "evidence than another. The threshold test needs the same column."
    )


def neighbourhood_benchmark() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute stops per 1,000 residents by race, against the 2015 neighbourhood population.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The citywide comparison from :func:`equitylab.measures.disparities` (rate per
        1,000 residents and the ratio to White residents), and one row per neighbourhood
        with stops and residents.
    """
    rates = datasets.load("mpls_stop_rates", show_caveats=False)
    rates = rates.loc[rates["has_demographics"].fillna(False).astype(bool)]
    long = pd.DataFrame({
        "race": ["Black", "White"],
        "stops": [int(rates["stops_black"].sum()), int(rates["stops_white"].sum())],
        "residents": [int(rates["population_black"].sum()),
                      int(rates["population_white"].sum())],
    })
    ind = measures.Indicator("stops per 1,000 residents", "adverse", "rate", 1000.0,
                             "stops per 1,000 residents")
    counts = measures.from_counts(long, "race", "stops", "residents", indicator=ind)
    table = measures.disparities(counts, reference="White", measures=("estimate", "ratio"))
    by_area = rates[["neighborhood", "stops", "stops_black", "stops_white",
                     "population_black", "population_white"]].copy()
    return table, by_area.reset_index(drop=True)


def benchmark_by_neighbourhood(top: int = 15) -> pd.DataFrame:
    """Compute stops per 1,000 Black and White residents where stops are most frequent.

    Rates come from :func:`equitylab.measures.disparities` on a neighbourhood x race table,
    so stop counts from 1 to 10 (and any that would reveal them) are hidden.

    Returns
    -------
    pandas.DataFrame
        One row per neighbourhood, as text for display.
    """
    rates = datasets.load("mpls_stop_rates", show_caveats=False)
    rates = rates.loc[rates["has_demographics"].fillna(False).astype(bool)]
    long = pd.concat([
        pd.DataFrame({"neighborhood": rates["neighborhood"].astype(str), "race": race,
                      "stops": rates[f"stops_{key}"].astype(float),
                      "residents": rates[f"population_{key}"].astype(float)})
        for race, key in (("Black", "black"), ("White", "white"))], ignore_index=True)
    long = long.loc[long["residents"] > 0]
    ind = measures.Indicator("stops per 1,000 residents", "adverse", "rate", 1000.0)
    counts = measures.from_counts(long, "race", "stops", "residents", strata="neighborhood",
                                  indicator=ind)
    table = measures.disparities(counts, reference="White", measures=("estimate", "ratio"))
    busiest = (rates.sort_values("stops", ascending=False)["neighborhood"].astype(str)
               .head(top).tolist())
    # Looked up by key, not filtered row by row (45 filters of the table took a third of this
    # function's time in the reader's browser).
    estimates: dict[tuple[str, str, str], float] = {}
    keys = zip(table["neighborhood"].astype(str), table["group"].astype(str),
               table["measure"].astype(str), strict=True)
    for key, value in zip(keys, table["estimate"], strict=True):
        estimates.setdefault(key, value)

    def cell(hood: str, group: str, measure: str) -> str:
        if (hood, group, measure) not in estimates:
            return "no residents"
        v = estimates[(hood, group, measure)]
        return "hidden" if pd.isna(v) else (f"{v:.2f}" if measure == "ratio" else f"{v:,.0f}")

    rows = [{"Neighborhood": hood,
             "Stops per 1,000 Black residents": cell(hood, "Black", "rate"),
             "Stops per 1,000 White residents": cell(hood, "White", "rate"),
             "Ratio": cell(hood, "Black", "ratio")} for hood in busiest]
    return pd.DataFrame(rows)


def stops_by_neighbourhood(stops: pd.DataFrame) -> pd.DataFrame:
    """Count stops, and stops of Black and White people, by neighbourhood (busiest first).

    Returns
    -------
    pandas.DataFrame
        ``neighborhood``, ``stops``, ``black``, ``white`` and ``share_black`` (of stops).

    Examples
    --------
    >>> s = pd.DataFrame({"neighborhood": ["a", "a", "b"], "id": [1, 2, 3],
    ...                   "race": ["Black", "White", "Black"]})
    >>> stops_by_neighbourhood(s)[["neighborhood", "stops", "share_black"]].values.tolist()
    [['a', 2, 0.5], ['b', 1, 1.0]]
    """
    by = (stops.groupby("neighborhood", observed=True)
          .agg(stops=("id", "size"), black=("race", lambda r: int((r == "Black").sum())),
               white=("race", lambda r: int((r == "White").sum())))
          .sort_values("stops", ascending=False, kind="stable").reset_index())
    by["share_black"] = by["black"] / by["stops"]
    return by


def stop_counts(stops: pd.DataFrame, outcome: str = "Person searched", race_field: str = "race",
                problem: str = "all", precinct: int = 0) -> measures.Counts:
    """Count an outcome by race for one type of stop and one precinct (0: all precincts).

    Parameters
    ----------
    stops : pandas.DataFrame
        :func:`load_stops`.
    outcome : str
        A key of :data:`OUTCOMES`.
    race_field : str
        A value of :data:`RACE_FIELDS`.
    problem : str
        A key of :data:`PROBLEMS`.
    precinct : int
        A precinct number, or 0 for all.

    Returns
    -------
    equitylab.measures.Counts
        'Unknown' race is left out (and reported in ``excluded``).

    Examples
    --------
    >>> s = pd.DataFrame({"race": ["B", "B", "W", "Unknown"], "problem": ["traffic"] * 4,
    ...                   "precinct": [1, 2, 1, 1], "person_searched": [1, 0, 0, 1]})
    >>> stop_counts(s, precinct=1).table[["group", "n", "events"]].values.tolist()
    [['B', 1.0, 1.0], ['W', 1.0, 0.0]]
    """
    if outcome not in OUTCOMES or problem not in PROBLEMS:
        raise ValueError(f"Choose an outcome from {', '.join(OUTCOMES)} and a type of stop "
                         f"from {', '.join(PROBLEMS)}.")
    column, verb = OUTCOMES[outcome]
    mask = np.ones(len(stops), bool)
    if problem != "all":
        mask &= (stops["problem"] == problem).to_numpy()
    if precinct:
        mask &= (stops["precinct"] == precinct).fillna(False).to_numpy(bool)
    ind = measures.Indicator(outcome.lower(), "adverse", "proportion", 100.0, verb)
    return measures.count(stops.loc[mask], race_field, column, indicator=ind,
                          unknown=["Unknown"])


def within_neighbourhood(stops: pd.DataFrame, outcome: str = "person_searched",
                         group: str = "Black", reference: str = "White",
                         min_stops: int = 30) -> dict[str, Any]:
    """Check whether the citywide gap holds within neighbourhoods (Simpson's paradox).

    Returns
    -------
    dict
        ``crude_ratio`` (citywide), ``pooled_ratio`` (Mantel-Haenszel, within
        neighbourhoods, from :func:`equitylab.measures.mantel_haenszel_ratio`) with
        ``pooled_lower`` and ``pooled_upper`` (its interval at ``pooled_level``),
        ``pooled_message`` (empty, or why it cannot be estimated), ``neighbourhoods`` (with at least
        ``min_stops`` stops of each group), ``higher`` (how many of them show a higher
        rate for ``group``) and ``table`` (rates per neighbourhood).
    """
    ind = measures.Indicator(outcome.replace("_", " "), "adverse", "proportion", 100.0)
    sub = stops.loc[stops["race"].isin([group, reference])]
    sub = sub.assign(race=sub["race"].astype(str))
    crude = measures.disparities(measures.count(sub, "race", outcome, indicator=ind),
                                 reference=reference, measures=("ratio",))
    crude_ratio = float(crude.query("group == @group and measure == 'ratio'")["estimate"].iloc[0])
    strat = measures.count(sub, "race", outcome, strata="neighborhood", indicator=ind)
    pooled = measures.mantel_haenszel_ratio(strat, group, reference)
    est = measures.group_estimates(strat)
    wide = est.pivot(index="neighborhood", columns="group", values=["n", "estimate"]).dropna()
    keep = (wide[("n", group)] >= min_stops) & (wide[("n", reference)] >= min_stops)
    wide = wide.loc[keep]
    rate_g, rate_r = wide[("estimate", group)], wide[("estimate", reference)]
    per = pd.DataFrame({
        "neighborhood": wide.index,
        f"{group} stops": wide[("n", group)].astype(int).to_numpy(),
        f"{group} rate (%)": rate_g.round(1).to_numpy(),
        f"{reference} stops": wide[("n", reference)].astype(int).to_numpy(),
        f"{reference} rate (%)": rate_r.round(1).to_numpy(),
    })
    return {"crude_ratio": crude_ratio, "pooled_ratio": pooled.estimate,
            "pooled_lower": pooled.lower, "pooled_upper": pooled.upper,
            "pooled_level": pooled.level,
            "pooled_message": pooled.message,
            "neighbourhoods": int(keep.sum()), "higher": int((rate_g > rate_r).sum()),
            "table": per.reset_index(drop=True)}
