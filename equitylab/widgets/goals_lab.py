"""Lab 5 app: goals and trends in the SYNTHETIC Tallow River Region (targeted universalism).

Set one universal goal for everyone; see each group's gap to it, the pace it needs, its
current trend, the years to the goal at that trend, the years to parity with a reference
group, and whether outcomes are "improving for all". Every number comes from
:func:`equitylab.measures.trend`, :func:`~equitylab.measures.goal_gaps`,
:func:`~equitylab.measures.years_to_parity` and
:func:`~equitylab.measures.improving_for_all`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from equitylab import datasets, measures
from equitylab.widgets import _views as views

__all__ = ["INDICATORS", "GoalView", "GoalsExplorer", "goal_view", "goals_explorer",
           "trend_table"]

#: Indicator -> (direction, default goal in %, verb).
INDICATORS: dict[str, tuple[str, float, str]] = {
    "Unemployment": ("adverse", 3.0, "unemployment"),
    "Uninsured": ("adverse", 3.0, "people without health insurance"),
    "Home ownership": ("favourable", 70.0, "home ownership"),
    "On-time graduation": ("favourable", 90.0, "on-time graduation"),
}

OVERALL = "Overall"


def trend_table(indicator: str) -> pd.DataFrame:
    """Return one row per year and group (plus "Overall"): ``value`` in %, and the counts.

    The table is built once per indicator and a copy returned each time.

    Examples
    --------
    >>> t = trend_table("Unemployment")
    >>> [int(y) for y in sorted(t["year"].unique())[:2]], "Overall" in set(t["group"])
    ([2010, 2011], True)
    """
    if indicator not in INDICATORS:
        raise ValueError(f"Indicator must be one of {', '.join(INDICATORS)}, not {indicator!r}.")
    return _trend_table(indicator).copy()


@functools.lru_cache(maxsize=8)
def _trend_table(indicator: str) -> pd.DataFrame:
    t = datasets.load("tallow_trends", show_caveats=False)
    t = t.loc[t["indicator"] == indicator]
    long = pd.DataFrame({
        "year": t["year"].astype(int).to_numpy(),
        "group": t["race_ethnicity"].astype(str).to_numpy(),
        "numerator": t["numerator"].astype(float).to_numpy(),
        "denominator": t["denominator"].astype(float).to_numpy(),
    })
    overall = long.groupby("year", as_index=False)[["numerator", "denominator"]].sum()
    overall["group"] = OVERALL
    long = pd.concat([long, overall], ignore_index=True)
    long["value"] = 100 * long["numerator"] / long["denominator"]
    return long


@functools.lru_cache(maxsize=64)
def _trend(indicator: str, since: int) -> pd.DataFrame:
    """Each group's trend from ``since`` to the latest year (cached: it ignores the goal)."""
    data = _trend_table(indicator)
    window = data.loc[data["year"] >= since]
    return measures.trend(window, "group", "year", "value").set_index("group")


@dataclass(frozen=True)
class GoalView:
    """Everything the goals app shows (computed by :func:`goal_view`)."""

    indicator: str
    direction: str
    goal: float
    target_year: int
    since: int
    reference: str
    baseline_year: int
    trends: pd.DataFrame
    gaps: pd.DataFrame
    parity: pd.DataFrame
    checks: pd.DataFrame
    table: pd.DataFrame


def goal_view(indicator: str = "Unemployment", *, goal: float | None = None,
              target_year: int = 2035, since: int = 2015, reference: str = "White") -> GoalView:
    """Compute gaps to a universal goal, paces, years to goal and to parity, and checks.

    Parameters
    ----------
    indicator : str
        One of :data:`INDICATORS`.
    goal : float, optional
        The universal goal in %; defaults to the indicator's default.
    target_year : int
        When everyone should reach the goal.
    since : int
        First year of the trend (the trend runs to the latest year).
    reference : str
        The group used for years to parity.

    Returns
    -------
    GoalView
    """
    direction, default_goal, _verb = INDICATORS[indicator]
    goal = default_goal if goal is None else float(goal)
    data = trend_table(indicator)
    last = int(data["year"].max())
    if not since < last - 1:
        raise ValueError(f"The trend needs at least 3 years: choose a start before {last - 1}.")
    tr = _trend(indicator, since)
    now = data.loc[data["year"] == last].set_index("group")
    start = data.loc[data["year"] == since].set_index("group")
    order = [g for g in now.index if g != OVERALL] + [OVERALL]
    levels = now.loc[order, "value"]
    pace = tr.loc[order, "slope"]
    gaps = measures.goal_gaps(levels, goal, direction=direction, baseline_year=last,
                              target_year=target_year, pace=pace)
    groups = [g for g in order if g != OVERALL]
    parity = measures.years_to_parity(levels.loc[groups], pace.loc[groups], reference,
                                      direction=direction)
    checks = measures.improving_for_all(
        start.loc[groups, "value"], now.loc[groups, "value"], direction=direction, goal=goal,
        weights=now.loc[groups, "denominator"],
        complement_of=100.0 if direction == "favourable" else None)
    g = gaps.set_index("group")
    p = parity.set_index("group")
    rows = []
    for grp in order:
        r = g.loc[grp]
        lo, hi = tr.loc[grp, "lower"], tr.loc[grp, "upper"]
        rows.append({
            "Group": grp,
            f"{last} (%)": f"{r['level']:.1f}",
            "Gap to goal (points)": f"{r['gap']:.1f}",
            "Pace needed (points a year)": f"{r['required_pace']:.2f}",
            f"Trend since {since} (95% CI)": f"{r['current_pace']:+.2f} ({lo:+.2f} to {hi:+.2f})",
            "Years to goal at trend": r["years_to_goal_label"] or "—",
            "On track": "yes" if bool(r["on_track"]) else "no",
            f"Years to parity with {reference} (moving)": (
                p.loc[grp, "parity_label"] if grp in p.index else "—"),
            f"Years to reach {reference}'s level today": (
                p.loc[grp, "catch_up_label"] if grp in p.index else "—"),
        })
    return GoalView(indicator, direction, goal, target_year, since, reference, last, data,
                    gaps, parity, checks, pd.DataFrame(rows))


_CHECK_TEXT = {
    "all_improve": "Every group improved",
    "worst_off_improves_fastest": "The worst-off group improved fastest",
    "absolute_gap_shrinks": "The absolute gap (best minus worst) shrank",
    "relative_gap_shrinks": "The relative gap shrank",
    "no_levelling_down": "No levelling down (the best-off group did not get worse)",
    "scales_agree": "Absolute and relative gaps moved the same way",
    "weighted_distance_to_goal_falls": "Average distance to the goal fell",
    "worst_group_distance_to_goal_falls": "The worst-off group's distance to the goal fell",
}


def checks_table(view: GoalView) -> pd.DataFrame:
    """Return the "improving for all" checks in words."""
    rows = []
    for r in view.checks.itertuples(index=False):
        rows.append({"Check": _CHECK_TEXT.get(r.check, r.check),
                     "Result": "yes" if r.passed else "no", "Detail": r.detail})
    return pd.DataFrame(rows)


def goal_sentences(view: GoalView) -> list[str]:
    """Return plain-language sentences about the goal, the paces and parity."""
    verb = INDICATORS[view.indicator][2]
    up = view.direction == "favourable"
    g = view.gaps.set_index("group")
    out = [f"Universal goal: {verb} {'at or above' if up else 'at or below'} {view.goal:.1f}% "
           f"for every group by {view.target_year} (SYNTHETIC data)."]
    reached = [x for x in g.index if g.loc[x, "gap"] == 0 and x != OVERALL]
    off = [x for x in g.index if not bool(g.loc[x, "on_track"]) and x != OVERALL]
    if reached:
        out.append(f"Already at the goal: {', '.join(reached)}.")
    furthest = g.drop(index=OVERALL)["gap"].idxmax()
    r = g.loc[furthest]
    if r["gap"] > 0:
        out.append(
            f"Furthest from the goal: {furthest}, at {r['level']:.1f}% in {view.baseline_year}, "
            f"{r['gap']:.1f} points away. It needs to move {r['required_pace']:.2f} points a "
            f"year; its trend since {view.since} is {r['current_pace']:+.2f} a year, so at "
            f"that pace it reaches the goal in {r['years_to_goal_label']}.")
    out.append(f"Not on track to reach the goal by {view.target_year}: "
               f"{', '.join(off) if off else 'none'}.")
    p = view.parity.set_index("group")
    moving = [f"{x} ({p.loc[x, 'parity_label']})" for x in p.index
              if x != view.reference and p.loc[x, "gap"] > 0]
    if moving:
        out.append(f"Years to parity with {view.reference}, if both keep their trends: "
                   + "; ".join(moving) + ".")
    passed = view.checks["passed"].astype(bool)
    out.append(f"Improving for all: {int(passed.sum())} of {len(passed)} checks pass "
               f"between {view.since} and {view.baseline_year}.")
    return out


_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)))
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
#: Okabe-Ito without the yellow, which is too light on white.
_COLOURS = tuple(c for c in views.OKABE_ITO if c != "#F0E442")


def goal_chart(view: GoalView) -> tuple[Figure, str]:
    """Draw each group's trend with the universal goal, and return the figure and alt text.

    A lean drawing (one line per group, distinct colour, line style and marker, a legend)
    so that redrawing stays quick in the app; the alt text states every group's first and
    last values.
    """
    data = view.trends.loc[view.trends["group"] != OVERALL]
    groups = list(dict.fromkeys(data["group"]))
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.66, top=0.88, bottom=0.13)
    parts = []
    for k, grp in enumerate(groups):
        sub = data.loc[data["group"] == grp].sort_values("year")
        ax.plot(sub["year"], sub["value"], linestyle=_STYLES[k % 7], marker=_MARKERS[k % 7],
                markevery=5, markersize=5, color=_COLOURS[k % len(_COLOURS)], label=grp,
                linewidth=1.6)
        first, last = sub.iloc[0], sub.iloc[-1]
        parts.append(f"{grp}: {first['value']:.1f}% in {int(first['year'])} to "
                     f"{last['value']:.1f}% in {int(last['year'])}")
    ax.axhline(view.goal, color="#000000", linewidth=1.5, linestyle=(0, (2, 2)),
               label=f"Goal: {view.goal:.1f}% by {view.target_year}")
    ax.axvline(view.since, color="#777777", linewidth=1, label=f"Trend starts ({view.since})")
    ax.set_ylabel(f"{view.indicator} (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    ax.set_title(f"{view.indicator}, Tallow River Region (SYNTHETIC data)", fontsize=10)
    alt = (f"Line chart of {view.indicator.lower()} by group, {int(data['year'].min())} to "
           f"{int(data['year'].max())}, SYNTHETIC data. " + "; ".join(parts) + ". A dashed "
           f"line marks the universal goal of {view.goal:.1f}%; a grey line marks "
           f"{view.since}, where the trend starts.")
    return fig, alt


class GoalsExplorer(widgets.VBox):
    """The lab 5 app.

    Attributes
    ----------
    indicator, reference : ipywidgets.Dropdown
    goal : ipywidgets.BoundedFloatText
    target_year, since : ipywidgets.BoundedIntText
    table, sentences, checks, chart : ipywidgets.HTML
    view : GoalView
    """

    def __init__(self, indicator: str = "Unemployment", **kwargs: Any) -> None:
        style = {"description_width": "initial"}
        self.indicator = widgets.Dropdown(options=list(INDICATORS), value=indicator,
                                          description="Indicator", style=style)
        # Number boxes rather than sliders: a labelled <input> is named for screen readers
        # in the static page, a slider's handle is not.
        box = widgets.Layout(width="18em")
        self.goal = widgets.BoundedFloatText(value=INDICATORS[indicator][1], min=0, max=100,
                                             step=0.5, description="Universal goal (%)",
                                             style=style, layout=box)
        self.target_year = widgets.BoundedIntText(value=2035, min=2026, max=2060,
                                                  description="Target year", style=style,
                                                  layout=box)
        self.since = widgets.BoundedIntText(value=2015, min=2010, max=2022,
                                            description="Trend starts in", style=style,
                                            layout=box)
        groups = [g for g in trend_table(indicator)["group"].unique() if g != OVERALL]
        self.reference = widgets.Dropdown(options=groups, value="White",
                                          description="Parity with", style=style)
        self.sentences = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.checks = widgets.HTML()
        self.view: GoalView | None = None
        self._hold = False
        self.indicator.observe(self._on_indicator, names="value")
        for w in (self.goal, self.target_year, self.since, self.reference):
            w.observe(self._refresh, names="value")
        super().__init__([
            widgets.VBox([self.indicator, self.goal, self.target_year, self.since,
                          self.reference]),
            widgets.HTML("<h3>What the numbers say</h3>"), self.sentences,
            widgets.HTML("<h3>Chart</h3>"), self.chart,
            widgets.HTML("<h3>Each group against the goal</h3>"), self.table,
            widgets.HTML("<h3>Improving for all?</h3>"), self.checks,
        ], **kwargs)
        self._refresh()

    def _on_indicator(self, _change: object = None) -> None:
        self._hold = True
        try:
            self.goal.value = INDICATORS[self.indicator.value][1]
        finally:
            self._hold = False
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        if self._hold:
            return
        view = goal_view(self.indicator.value, goal=self.goal.value,
                         target_year=self.target_year.value, since=self.since.value,
                         reference=self.reference.value)
        self.view = view
        self.sentences.value = views.sentences_html(goal_sentences(view))
        self.table.value = views.html_table(
            view.table, caption=f"{view.indicator} against a universal goal of "
            f"{view.goal:.1f}% by {view.target_year} (SYNTHETIC data)", row_header="Group")
        self.checks.value = views.html_table(
            checks_table(view), caption=f"Improving for all, {view.since} to "
            f"{view.baseline_year}", row_header="Check")
        fig, alt = goal_chart(view)
        self.chart.value = views.figure_html(fig, alt)


def goals_explorer(indicator: str = "Unemployment") -> GoalsExplorer:
    """Build the lab 5 app (goals and trends, SYNTHETIC data).

    Parameters
    ----------
    indicator : str
        One of :data:`INDICATORS`.

    Returns
    -------
    GoalsExplorer
    """
    return GoalsExplorer(indicator)

