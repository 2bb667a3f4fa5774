"""Lab 2 app and views: Minneapolis police stops, 2017 (real data).

The app compares post-stop outcomes (searches, citations) by race, with filters by type of
stop and precinct, so learners see small-cell suppression appear as the groups get smaller.
The other functions build the lab's fixed views: data quality, officer-perceived race, a
population benchmark, a hexbin map with its table, and a within-neighbourhood check.

Two computations are not (yet) in :mod:`equitylab.measures` and live here:
:func:`mantel_haenszel_ratio` (a pooled within-stratum risk ratio) and
:func:`outcome_test_check` (what the data can support).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from equitylab import datasets, measures
from equitylab.widgets import _views as views

__all__ = [
    "OUTCOMES",
    "StopsExplorer",
    "benchmark_by_neighbourhood",
    "data_quality",
    "mantel_haenszel_ratio",
    "neighbourhood_benchmark",
    "outcome_test_check",
    "perceived_race_table",
    "stops_explorer",
    "stops_hexbin",
    "within_neighbourhood",
]

#: Outcome columns offered in the app: label -> (column, verb).
OUTCOMES = {
    "Person searched": ("person_searched", "were searched"),
    "Vehicle searched": ("vehicle_searched", "had their vehicle searched"),
    "Citation issued": ("citation_issued", "were cited"),
}

_RACE_FIELDS = {
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
    rows = []
    for hood in busiest:
        sub = table.loc[table["neighborhood"] == hood]

        def cell(group: str, measure: str, sub: pd.DataFrame = sub) -> str:
            r = sub.loc[(sub["group"] == group) & (sub["measure"] == measure)]
            if r.empty:
                return "no residents"
            v = r["estimate"].iloc[0]
            return "hidden" if pd.isna(v) else (f"{v:.2f}" if measure == "ratio"
                                                 else f"{v:,.0f}")

        rows.append({"Neighbourhood": hood,
                     "Stops per 1,000 Black residents": cell("Black", "rate"),
                     "Stops per 1,000 White residents": cell("White", "rate"),
                     "Ratio": cell("Black", "ratio")})
    return pd.DataFrame(rows)


def stops_hexbin(stops: pd.DataFrame) -> tuple[Figure, str, pd.DataFrame]:
    """Draw a hexbin map of stops by latitude and longitude, with the table behind it.

    Returns
    -------
    (Figure, str, pandas.DataFrame)
        The map, its alt text, and stops by neighbourhood (the ten with the most stops
        first) for readers who cannot see the map.
    """
    pts = stops.dropna(subset=["lat", "long"])
    fig = Figure(figsize=(6.2, 6.0))
    ax = fig.subplots()
    hb = ax.hexbin(pts["long"], pts["lat"], gridsize=40, mincnt=1, cmap="cividis", bins="log")
    fig.colorbar(hb, ax=ax, label="Stops per hexagon (log scale)")
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("Longitude")
    ax.set_ylabel("Latitude")
    ax.set_aspect(1 / np.cos(np.deg2rad(float(pts["lat"].mean()))))
    ax.set_title("Minneapolis police stops, 2017 (real data)", fontsize=11)
    by = (stops.groupby("neighborhood", observed=True)
          .agg(stops=("id", "size"), black=("race", lambda r: int((r == "Black").sum())),
               white=("race", lambda r: int((r == "White").sum())))
          .sort_values("stops", ascending=False).reset_index())
    by["share_black"] = by["black"] / by["stops"]
    top = by.head(3)
    alt = (f"Hexbin map of {len(pts):,} stops by latitude and longitude. Stops cluster "
           f"downtown and in north and south-central Minneapolis; the busiest neighbourhoods "
           f"are {', '.join(top['neighborhood'].astype(str))} "
           f"({', '.join(f'{s:,}' for s in top['stops'])} stops). The table below lists "
           "stops by neighbourhood.")
    return fig, alt, by


def mantel_haenszel_ratio(table: pd.DataFrame, group: str, reference: str) -> float:
    """Mantel-Haenszel risk ratio of ``group`` vs ``reference``, pooled within strata.

    Parameters
    ----------
    table : pandas.DataFrame
        The ``table`` of a stratified :class:`equitylab.measures.Counts` (columns: the
        stratum, ``group``, ``n``, ``events``).
    group, reference : str
        The two groups compared.

    Returns
    -------
    float
        sum(a_i n0_i / N_i) / sum(c_i n1_i / N_i) over strata holding both groups.

    Examples
    --------
    >>> t = pd.DataFrame({"s": ["x", "x", "y", "y"], "group": ["B", "W"] * 2,
    ...                   "n": [100, 100, 50, 50], "events": [20, 10, 10, 5]})
    >>> mantel_haenszel_ratio(t, "B", "W")
    2.0
    """
    strata = [c for c in table.columns if c not in ("group", "n", "events", "exposure",
                                                    "sum_sq", "missing_outcome")]
    a = table.loc[table["group"] == group].set_index(strata)
    c = table.loc[table["group"] == reference].set_index(strata)
    both = a.merge(c, left_index=True, right_index=True, suffixes=("_1", "_0"))
    big_n = both["n_1"] + both["n_0"]
    num = (both["events_1"] * both["n_0"] / big_n).sum()
    den = (both["events_0"] * both["n_1"] / big_n).sum()
    return float(num / den)


def within_neighbourhood(stops: pd.DataFrame, outcome: str = "person_searched",
                         group: str = "Black", reference: str = "White",
                         min_stops: int = 30) -> dict[str, Any]:
    """Check whether the citywide gap holds within neighbourhoods (Simpson's paradox).

    Returns
    -------
    dict
        ``crude_ratio`` (citywide), ``pooled_ratio`` (Mantel-Haenszel, within
        neighbourhoods), ``neighbourhoods`` (with at least ``min_stops`` stops of each
        group), ``higher`` (how many of them show a higher rate for ``group``) and
        ``table`` (per neighbourhood estimates from :func:`equitylab.measures.disparities`).
    """
    ind = measures.Indicator(outcome.replace("_", " "), "adverse", "proportion", 100.0)
    sub = stops.loc[stops["race"].isin([group, reference])]
    sub = sub.assign(race=sub["race"].astype(str))
    crude = measures.disparities(measures.count(sub, "race", outcome, indicator=ind),
                                 reference=reference, measures=("ratio",))
    crude_ratio = float(crude.query("group == @group and measure == 'ratio'")["estimate"].iloc[0])
    strat = measures.count(sub, "race", outcome, strata="neighborhood", indicator=ind)
    pooled = mantel_haenszel_ratio(strat.table, group, reference)
    t = strat.table
    wide = t.pivot(index="neighborhood", columns="group", values=["n", "events"]).dropna()
    keep = (wide[("n", group)] >= min_stops) & (wide[("n", reference)] >= min_stops)
    wide = wide.loc[keep]
    rate_g = wide[("events", group)] / wide[("n", group)]
    rate_r = wide[("events", reference)] / wide[("n", reference)]
    per = pd.DataFrame({
        "neighborhood": wide.index,
        f"{group} stops": wide[("n", group)].astype(int).to_numpy(),
        f"{group} rate (%)": (100 * rate_g).round(1).to_numpy(),
        f"{reference} stops": wide[("n", reference)].astype(int).to_numpy(),
        f"{reference} rate (%)": (100 * rate_r).round(1).to_numpy(),
    })
    return {"crude_ratio": crude_ratio, "pooled_ratio": pooled,
            "neighbourhoods": int(keep.sum()), "higher": int((rate_g > rate_r).sum()),
            "table": per.reset_index(drop=True)}


class StopsExplorer(widgets.VBox):
    """The lab 2 app: post-stop outcomes by race, filtered by stop type and precinct.

    Attributes
    ----------
    outcome, race_field, problem, precinct, reference : ipywidgets.Dropdown
    gap : ipywidgets.ToggleButtons
    table, sentences, chart, note : ipywidgets.HTML
    comparison : Comparison
    """

    def __init__(self, stops: pd.DataFrame | None = None, **kwargs: Any) -> None:
        self.stops = load_stops() if stops is None else stops
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="26em")
        self.outcome = widgets.Dropdown(options=list(OUTCOMES), description="Outcome",
                                        style=style, layout=wide)
        self.race_field = widgets.Dropdown(options=list(_RACE_FIELDS.items()),
                                           description="Race field", style=style, layout=wide)
        self.problem = widgets.Dropdown(
            options=[("All stops", "all"), ("Traffic stops", "traffic"),
                     ("Suspicious-person or vehicle stops", "suspicious")],
            description="Type of stop", style=style, layout=wide)
        precincts = sorted(int(p) for p in self.stops["precinct"].dropna().unique())
        self.precinct = widgets.Dropdown(
            options=[("All precincts", 0)] + [(f"Precinct {p}", p) for p in precincts],
            description="Precinct", style=style, layout=wide)
        self.reference = widgets.Dropdown(options=views.reference_options(["White"]),
                                          value=("group", "White"), description="Compare with",
                                          style=style, layout=wide)
        self.gap = widgets.ToggleButtons(
            options=[("Relative gap (ratio)", "ratio"), ("Absolute gap (difference)",
                                                         "difference")],
            description="Gap", style=style)
        self.note = widgets.HTML()
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(min_height="10em"))
        self.comparison: views.Comparison | None = None
        self._hold = False
        self._cache: dict[tuple[Any, ...], measures.Counts] = {}
        for w in (self.outcome, self.race_field, self.problem, self.precinct):
            w.observe(self._on_filter, names="value")
        for w in (self.reference, self.gap):
            w.observe(self._refresh, names="value")
        super().__init__([
            widgets.VBox([self.outcome, self.race_field, self.problem, self.precinct,
                          self.reference, self.gap]),
            self.note, widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Table</h3>"), self.table,
        ], **kwargs)
        self._on_filter()

    def counts(self) -> measures.Counts:
        """Return the counts for the current outcome, race field and filters (cached)."""
        key = (self.outcome.value, self.race_field.value, self.problem.value,
               self.precinct.value)
        if key not in self._cache:
            column, verb = OUTCOMES[self.outcome.value]
            data = self.stops
            mask = np.ones(len(data), bool)
            if self.problem.value != "all":
                mask &= (data["problem"] == self.problem.value).to_numpy()
            if self.precinct.value:
                mask &= (data["precinct"] == self.precinct.value).fillna(False).to_numpy(bool)
            ind = measures.Indicator(self.outcome.value.lower(), "adverse", "proportion",
                                     100.0, verb)
            self._cache[key] = measures.count(data.loc[mask], self.race_field.value, column,
                                              indicator=ind, unknown=["Unknown"])
        return self._cache[key]

    def _on_filter(self, _change: object = None) -> None:
        groups = list(dict.fromkeys(self.counts().table["group"]))
        old = self.reference.value
        self._hold = True
        try:
            opts = views.reference_options(groups)
            self.reference.options = opts
            self.reference.value = old if old in [v for _, v in opts] else (
                ("group", "White") if "White" in groups else "best")
        finally:
            self._hold = False
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        if self._hold:
            return
        counts = self.counts()
        comp = views.compare(counts, reference=self.reference.value, gap=self.gap.value)
        self.comparison = comp
        where = "all precincts" if not self.precinct.value else f"precinct {self.precinct.value}"
        kind = {"all": "all stops", "traffic": "traffic stops",
                "suspicious": "suspicious-person or vehicle stops"}[self.problem.value]
        left = counts.excluded_rows
        self.note.value = (
            f"<p><strong>Real data</strong>: Minneapolis police stops, 2017 ({html.escape(kind)}, "
            f"{html.escape(where)}). {left:,} stops are left out because race is missing or "
            "'Unknown', or the outcome was not recorded.</p>")
        self.table.value = views.comparison_table_html(
            comp, group_label="Race (officer-perceived)", people="Stops")
        self.sentences.value = views.sentences_html(views.sentences(comp, noun="people stopped"))
        title = f"{counts.indicator.verb.capitalize()} ({kind}, {where})"
        fig, alt = views.gap_chart(comp, title=title)
        self.chart.value = views.figure_html(fig, alt)


def stops_explorer(stops: pd.DataFrame | None = None) -> StopsExplorer:
    """Build the lab 2 app: search and citation rates by race, with filters.

    Parameters
    ----------
    stops : pandas.DataFrame, optional
        Defaults to ``datasets.load("mpls_stops")``.

    Returns
    -------
    StopsExplorer
    """
    return StopsExplorer(stops)
