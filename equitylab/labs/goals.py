"""Lab 5 model: universal goals, trends and "improving for all" (SYNTHETIC data).

Every number comes from :func:`equitylab.measures.group_estimates`,
:func:`~equitylab.measures.trend`, :func:`~equitylab.measures.goal_gaps`,
:func:`~equitylab.measures.years_to_parity` and
:func:`~equitylab.measures.improving_for_all`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from equitylab import datasets, measures

__all__ = ["INDICATORS", "OVERALL", "GoalView", "checks_table", "goal_sentences", "goal_view",
           "trend_table"]

#: Indicator -> (direction, default goal in %, verb).
INDICATORS: dict[str, tuple[measures.Direction, float, str]] = {
    "Unemployment": ("adverse", 3.0, "unemployment"),
    "Uninsured": ("adverse", 3.0, "people without health insurance"),
    "Home ownership": ("favourable", 70.0, "home ownership"),
    "On-time graduation": ("favourable", 90.0, "on-time graduation"),
}

OVERALL = "Overall"


def trend_table(indicator: str) -> pd.DataFrame:
    """Return one row per year and group (plus "Overall"): ``value`` in %, and the counts.

    ``value`` is the proportion from :func:`equitylab.measures.group_estimates`, per 100;
    "Overall" pools every group's counts in each year. The table is built once per
    indicator and a copy returned each time.

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
        "overall": OVERALL,
        "numerator": t["numerator"].astype(float).to_numpy(),
        "denominator": t["denominator"].astype(float).to_numpy(),
    })
    ind = measures.Indicator(indicator.lower(), INDICATORS[indicator][0], "proportion", 100.0)
    parts = [measures.group_estimates(measures.from_counts(
        long, by, "numerator", "denominator", strata="year", indicator=ind))
        for by in ("group", "overall")]
    out = pd.concat(parts, ignore_index=True)
    # The rows of the source first, in its order (the app lists groups that way), then
    # "Overall" for each year.
    order = [*zip(long["year"], long["group"], strict=True),
             *((y, OVERALL) for y in dict.fromkeys(long["year"]))]
    out = out.set_index([out["year"].astype(int), out["group"].astype(str)]).loc[order]
    return pd.DataFrame({
        "year": out["year"].astype(int).to_numpy(),
        "group": out["group"].astype(str).to_numpy(),
        "numerator": out["events"].astype(float).to_numpy(),
        "denominator": out["n"].astype(float).to_numpy(),
        "value": out["estimate"].astype(float).to_numpy(),
    })


@functools.lru_cache(maxsize=64)
def _trend(indicator: str, since: int) -> pd.DataFrame:
    """Each group's trend from ``since`` to the latest year (cached: it ignores the goal)."""
    data = _trend_table(indicator)
    window = data.loc[data["year"] >= since]
    return measures.trend(window, "group", "year", "value", level=LEVEL).set_index("group")


#: Confidence level of the trend intervals.
LEVEL = 0.95


@dataclass(frozen=True)
class GoalView:
    """Everything the goals app shows (computed by :func:`goal_view`)."""

    indicator: str
    direction: measures.Direction
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
            f"Trend since {since} ({LEVEL:.0%} CI)":
                f"{r['current_pace']:+.2f} ({lo:+.2f} to {hi:+.2f})",
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
