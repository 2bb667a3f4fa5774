"""Goals and change over time (targeted universalism and Healthy People progress measures)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._errors import ColumnNotFoundError
from ._indicator import Direction

__all__ = [
    "NOT_AT_CURRENT_RATES",
    "goal_gaps",
    "improving_for_all",
    "percent_targeted_change",
    "trend",
    "years_to_parity",
]

#: Label used when a group is not moving toward the goal (or the reference) at all.
NOT_AT_CURRENT_RATES = "not at current rates"


def _check_direction(direction: str) -> bool:
    if direction not in ("adverse", "favourable"):
        raise ValueError(
            f"direction must be 'favourable' (higher is better) or 'adverse', not {direction!r}."
        )
    return direction == "favourable"


def _series(values: Mapping[str, float] | pd.Series, name: str) -> pd.Series:
    s = pd.Series(values, dtype="float64", name=name)
    s.index = s.index.map(str)
    return s


def trend(
    data: pd.DataFrame, group: str, time: str, value: str, *, level: float = 0.95
) -> pd.DataFrame:
    """Straight-line trend of a value over time for each group (OLS), with an interval.

    Computed in closed form from one group-by (no per-group fitting loop).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per group and time point.
    group, time, value : str
        Column names.
    level : float, default 0.95
        Confidence level for the slope.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``slope`` (change per time unit), ``lower``, ``upper``, ``intercept``,
        ``points``, ``last_time``, ``fitted_last`` and ``flags`` (``fewer_than_3_points``).

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 4, "year": [2020, 2021, 2022, 2023],
    ...                   "pct": [50.0, 51.0, 51.8, 53.1]})
    >>> round(float(trend(d, "g", "year", "pct")["slope"].iloc[0]), 2)
    1.01
    """
    from scipy.special import stdtrit

    for col in (group, time, value):
        if col not in data.columns:
            raise ColumnNotFoundError(
                f"Column {col!r} is not in the data. Available columns: "
                f"{', '.join(map(str, data.columns))}."
            )
    f = pd.DataFrame({
        "g": data[group].astype(str),
        "t": data[time].astype(float),
        "y": data[value].astype(float),
    }).dropna()
    f["tt"], f["ty"], f["yy"] = f["t"] ** 2, f["t"] * f["y"], f["y"] ** 2
    s = f.groupby("g", sort=True).agg(
        k=("t", "size"), st=("t", "sum"), sy=("y", "sum"), stt=("tt", "sum"),
        sty=("ty", "sum"), syy=("yy", "sum"), last=("t", "max"),
    )
    k = s["k"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        sxx = s["stt"] - s["st"] ** 2 / k
        sxy = s["sty"] - s["st"] * s["sy"] / k
        syy = s["syy"] - s["sy"] ** 2 / k
        b = (sxy / sxx).to_numpy()
        a = (s["sy"] / k).to_numpy() - b * (s["st"] / k).to_numpy()
        rss = np.maximum((syy - b * sxy).to_numpy(), 0)
        se = np.sqrt(rss / (k - 2) / sxx.to_numpy())
        half = stdtrit(np.where(k > 2, k - 2, np.nan), 0.5 + level / 2) * se
    return pd.DataFrame({
        "group": s.index.to_numpy(object),
        "slope": b,
        "lower": b - half,
        "upper": b + half,
        "intercept": a,
        "points": s["k"].to_numpy(),
        "last_time": s["last"].to_numpy(),
        "fitted_last": a + b * s["last"].to_numpy(),
        "flags": np.where(k < 3, "fewer_than_3_points", ""),
    })


def goal_gaps(
    levels: Mapping[str, float] | pd.Series,
    goal: float,
    *,
    direction: Direction = "favourable",
    baseline_year: float,
    target_year: float,
    pace: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Each group's gap to a universal goal, the pace needed, and years to goal at trend.

    Targeted universalism sets one goal for everyone; groups differ in how far they have
    to go, so each gets its own required pace toward the same destination.

    Parameters
    ----------
    levels : mapping or Series
        Each group's level at ``baseline_year`` (include "Overall" if you want it).
    goal : float
        The universal goal, on the same scale.
    direction : {"favourable", "adverse"}
        Whether higher is better.
    baseline_year, target_year : float
        Start and end of the period for the required pace.
    pace : mapping, Series or DataFrame, optional
        Each group's observed change per year, or the output of :func:`trend` (then the
        slope's interval also gives ``years_to_goal_lower`` and ``years_to_goal_upper``;
        an upper bound of inf means the data are compatible with never reaching the goal).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``level``, ``goal``, ``gap`` (distance still to go, 0 once reached),
        ``required_pace`` (per year, linear), ``required_annual_percent_change``,
        ``current_pace``, ``on_track``, ``years_to_goal`` (inf when not moving toward
        the goal) and ``years_to_goal_label``.

    Examples
    --------
    >>> g = goal_gaps({"Black": 52, "White": 76}, 90, baseline_year=2025, target_year=2035,
    ...               pace={"Black": 0.9, "White": 0.7})
    >>> g[["group", "gap", "required_pace", "years_to_goal"]].round(1)
       group   gap  required_pace  years_to_goal
    0  Black  38.0            3.8           42.2
    1  White  14.0            1.4           20.0
    """
    up = _check_direction(direction)
    if not target_year > baseline_year:
        raise ValueError("target_year must be after baseline_year.")
    lv = _series(levels, "level")
    sign = 1.0 if up else -1.0
    gap = np.maximum(sign * (goal - lv.to_numpy()), 0.0)
    horizon = target_year - baseline_year
    lo_pace = hi_pace = None
    if isinstance(pace, pd.DataFrame):  # the output of trend(): use the slope and its interval
        tr = pace.assign(group=pace["group"].astype(str)).set_index("group").reindex(lv.index)
        cur = tr["slope"].to_numpy(float)
        lo_pace, hi_pace = tr["lower"].to_numpy(float), tr["upper"].to_numpy(float)
    else:
        cur = _series(pace, "pace").reindex(lv.index).to_numpy() if pace is not None else np.nan
    toward = sign * np.asarray(cur, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(gap == 0, 0.0, np.where(toward > 0, gap / toward, np.inf))
        apc = 100 * ((goal / lv.to_numpy()) ** (1 / horizon) - 1)
    label = np.where(
        np.isnan(toward) & (gap > 0), "",
        np.where(np.isinf(years), NOT_AT_CURRENT_RATES,
                 np.where(gap == 0, "goal reached", [f"{y:.1f} years" for y in years])),
    )
    out = pd.DataFrame({
        "group": lv.index.to_numpy(object),
        "level": lv.to_numpy(),
        "goal": goal,
        "gap": gap,
        "required_pace": gap / horizon,
        "required_annual_percent_change": apc,
        "current_pace": cur,
        "on_track": toward >= gap / horizon,
        "years_to_goal": np.where(np.isnan(toward) & (gap > 0), np.nan, years),
        "years_to_goal_label": label,
    })
    if lo_pace is not None and hi_pace is not None:
        # Fastest and slowest plausible paces (the slope's interval) bound the years to goal.
        fast = np.maximum(sign * lo_pace, sign * hi_pace)
        slow = np.minimum(sign * lo_pace, sign * hi_pace)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["years_to_goal_lower"] = np.where(gap == 0, 0.0,
                                                  np.where(fast > 0, gap / fast, np.inf))
            out["years_to_goal_upper"] = np.where(gap == 0, 0.0,
                                                  np.where(slow > 0, gap / slow, np.inf))
    return out


def years_to_parity(
    levels: Mapping[str, float] | pd.Series,
    pace: Mapping[str, float] | pd.Series,
    reference: str,
    *,
    direction: Direction = "favourable",
) -> pd.DataFrame:
    """Years until each group reaches a reference group, two ways, labelled distinctly.

    Column ``catch_up_to_current_level`` gives the years to reach the reference's *current*
    level at the group's own pace, (y_ref - y_g) / b_g. Column
    ``parity_with_moving_reference`` gives the years until the lines meet while the
    reference keeps moving, (y_ref - y_g) / (b_g - b_ref). The
    second is the honest answer to "when will the gap close?" and is often far longer.

    Parameters
    ----------
    levels, pace : mapping or Series
        Current level and change per year, by group. ``pace`` may also be the output of
        :func:`trend`; then ``parity_lower`` and ``parity_upper`` bound the years to parity
        with a moving reference, using the interval of the difference in slopes (inf:
        compatible with never).
    reference : str
        The group to reach.
    direction : {"favourable", "adverse"}
        Whether higher is better.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``reference``, ``gap``, ``catch_up_to_current_level``,
        ``parity_with_moving_reference`` (inf when never) and a ``label`` for each.

    Examples
    --------
    >>> y = years_to_parity({"Black": 52, "White": 76}, {"Black": 0.9, "White": 0.7}, "White")
    >>> y[["group", "catch_up_to_current_level", "parity_with_moving_reference"]].round(1)
       group  catch_up_to_current_level  parity_with_moving_reference
    0  Black                       26.7                         120.0
    1  White                        0.0                           0.0
    """
    up = _check_direction(direction)
    lv = _series(levels, "level")
    half = None
    if isinstance(pace, pd.DataFrame):  # the output of trend()
        tr = pace.assign(group=pace["group"].astype(str)).set_index("group").reindex(lv.index)
        pc = tr["slope"]
        half = ((tr["upper"] - tr["lower"]) / 2).to_numpy(float)
    else:
        pc = _series(pace, "pace").reindex(lv.index)
    if reference not in lv.index:
        raise ValueError(
            f"Reference group {reference!r} is not among the levels given: "
            f"{', '.join(lv.index)}."
        )
    sign = 1.0 if up else -1.0
    gap = sign * (lv[reference] - lv.to_numpy())
    b = sign * pc.to_numpy()
    b_ref = sign * pc[reference]
    with np.errstate(divide="ignore", invalid="ignore"):
        catch = np.where(gap <= 0, 0.0, np.where(b > 0, gap / b, np.inf))
        moving = np.where(gap <= 0, 0.0, np.where(b - b_ref > 0, gap / (b - b_ref), np.inf))

    def lab(v: np.ndarray) -> np.ndarray:
        return np.where(np.isinf(v), NOT_AT_CURRENT_RATES,
                        np.where(v == 0, "no gap", [f"{x:.1f} years" for x in v]))

    out = pd.DataFrame({
        "group": lv.index.to_numpy(object),
        "reference": reference,
        "gap": np.maximum(gap, 0.0),
        "catch_up_to_current_level": catch,
        "catch_up_label": lab(catch),
        "parity_with_moving_reference": moving,
        "parity_label": lab(moving),
    })
    if half is not None:
        # Interval for the difference in slopes (independent fits), mapped to years: the
        # fastest plausible closing gives the fewest years; a closing rate compatible with
        # zero gives "never" (inf) as the upper bound.
        ref_half = half[list(lv.index).index(reference)]
        diff_half = np.sqrt(half**2 + ref_half**2)
        fast, slow = (b - b_ref) + diff_half, (b - b_ref) - diff_half
        with np.errstate(divide="ignore", invalid="ignore"):
            out["parity_lower"] = np.where(gap <= 0, 0.0, np.where(fast > 0, gap / fast, np.inf))
            out["parity_upper"] = np.where(gap <= 0, 0.0, np.where(slow > 0, gap / slow, np.inf))
    return out


def percent_targeted_change(
    baseline: Any, recent: Any, target: Any, *, direction: Direction = "favourable"
) -> pd.DataFrame:
    """Healthy People progress: percent of targeted change achieved and status.

    ``percent_of_targeted_change = 100 * (recent - baseline) / (target - baseline)`` and
    ``percent_change = 100 * (recent - baseline) / baseline``. Status is "target met",
    "improving", "little or no change" or "getting worse" (Healthy People also tests
    whether the change is statistically significant; that needs standard errors).

    Examples
    --------
    >>> p = percent_targeted_change([40.0], [46.0], [55.0])
    >>> float(p["percent_of_targeted_change"][0]), float(p["percent_change"][0]), p["status"][0]
    (40.0, 15.0, 'improving')
    """
    up = _check_direction(direction)
    b, r, t = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (baseline, recent, target))
    sign = 1.0 if up else -1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ptc = 100 * (r - b) / (t - b)
        pc = 100 * (r - b) / b
    moved = sign * (r - b)
    status = np.where(sign * (r - t) >= 0, "target met",
                      np.where(moved > 0, "improving",
                               np.where(moved < 0, "getting worse", "little or no change")))
    return pd.DataFrame({"baseline": b, "recent": r, "target": t,
                         "percent_of_targeted_change": ptc, "percent_change": pc,
                         "status": status})


def improving_for_all(
    before: Mapping[str, float] | pd.Series,
    after: Mapping[str, float] | pd.Series,
    *,
    direction: Direction = "favourable",
    goal: float | None = None,
    weights: Mapping[str, float] | pd.Series | None = None,
    complement_of: float | None = None,
) -> pd.DataFrame:
    """Check that gaps close while outcomes improve for everyone.

    Checks: every group improves; the worst-off group improves fastest; the absolute gap
    (best minus worst) shrinks; the relative gap shrinks (on the adverse scale, as
    Keppel & Pearcy advise: give ``complement_of=100`` for a favourable percentage);
    no levelling down (a gap that closes because the best-off group got worse); and, with
    a ``goal``, the population-weighted and worst-group distance to the goal.

    Returns
    -------
    pandas.DataFrame
        One row per check: ``check``, ``before``, ``after``, ``passed`` and ``detail``.

    Examples
    --------
    >>> c = improving_for_all({"A": 80, "B": 50}, {"A": 78, "B": 60})
    >>> c.set_index("check")["passed"].to_dict()["no_levelling_down"]
    False
    """
    up = _check_direction(direction)
    b0 = _series(before, "before")
    a0 = _series(after, "after").reindex(b0.index)
    if a0.isna().any():
        raise ValueError(
            f"after is missing group(s) {', '.join(a0.index[a0.isna()])}; give a value for "
            "every group in before."
        )
    sign = 1.0 if up else -1.0
    change = sign * (a0 - b0)
    best0, worst0 = (b0.idxmax(), b0.idxmin()) if up else (b0.idxmin(), b0.idxmax())
    gap_b = abs(b0[best0] - b0[worst0])
    best1, worst1 = (a0.idxmax(), a0.idxmin()) if up else (a0.idxmin(), a0.idxmax())
    gap_a = abs(a0[best1] - a0[worst1])

    def adverse(v: pd.Series) -> pd.Series:
        if complement_of is not None:
            return complement_of - v
        return v

    adv_b, adv_a = adverse(b0), adverse(a0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_b = float(adv_b.max() / adv_b.min())
        rel_a = float(adv_a.max() / adv_a.min())
    fastest = change.idxmax()
    rows: list[tuple[str, Any, Any, bool | None, str]] = [
        ("all_improve", None, None, bool((change > 0).all()),
         "groups not improving: " + (", ".join(change.index[change <= 0]) or "none")),
        ("worst_off_improves_fastest", worst0, fastest, bool(change[worst0] >= change.max()),
         f"worst-off at start: {worst0}; fastest improvement: {fastest}"),
        ("absolute_gap_shrinks", gap_b, gap_a, bool(gap_a < gap_b), "best minus worst"),
        ("relative_gap_shrinks", rel_b, rel_a, bool(rel_a < rel_b),
         "highest over lowest, on the adverse scale" if complement_of is not None or not up
         else "highest over lowest (give complement_of= to use the adverse scale)"),
        ("no_levelling_down", b0[best0], a0[best0],
         not (gap_a < gap_b and change[best0] < 0),
         f"best-off group at start: {best0}"),
    ]
    if (gap_a < gap_b) != (rel_a < rel_b):
        rows.append(("scales_agree", None, None, False,
                     "absolute and relative gaps moved in different directions"))
    if goal is not None:
        w = (_series(weights, "w").reindex(b0.index) if weights is not None
             else pd.Series(1.0, index=b0.index))
        w = w / w.sum()
        d_b = np.maximum(sign * (goal - b0), 0)
        d_a = np.maximum(sign * (goal - a0), 0)
        rows.append(("weighted_distance_to_goal_falls", float((w * d_b).sum()),
                     float((w * d_a).sum()), bool((w * d_a).sum() < (w * d_b).sum()),
                     "sum of population share x distance to goal"))
        rows.append(("worst_group_distance_to_goal_falls", float(d_b.max()), float(d_a.max()),
                     bool(d_a.max() < d_b.max()), "largest distance to goal"))
    return pd.DataFrame(rows, columns=["check", "before", "after", "passed", "detail"])
