"""Charts of the labs' own views (stops map, lending bands, budget map, goal trends).

Each takes what a lab model (:mod:`equitylab.labs`) computed, draws a new matplotlib
figure (matplotlib is imported only when something is drawn) and returns a
:class:`~equitylab.present.Chart` with alt text that states the numbers shown. They
compute nothing of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._charts import Chart
from ._format import LINE_COLOURS, LINESTYLES, MARKERS, OKABE_ITO, Scale
from ._html import drawn_as_typed

if TYPE_CHECKING:
    from equitylab.labs.budget import BudgetView
    from equitylab.labs.goals import GoalView

__all__ = ["budget_map", "criterion_chart", "goal_chart", "stops_map"]


@drawn_as_typed
def stops_map(stops: pd.DataFrame, by_neighbourhood: pd.DataFrame) -> Chart:
    """Draw a hexbin map of stops by latitude and longitude (real data), with alt text.

    Parameters
    ----------
    stops : pandas.DataFrame
        Stops with ``lat`` and ``long`` columns.
    by_neighbourhood : pandas.DataFrame
        Stops by neighbourhood, busiest first (:func:`equitylab.labs.stops.stops_by_neighbourhood`):
        the alt text names the busiest three, and readers who cannot see the map get the
        table itself.

    Returns
    -------
    Chart
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

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
    top = by_neighbourhood.head(3)
    alt = (f"Hexbin map of {len(pts):,} stops by latitude and longitude. Stops cluster "
           f"downtown and in north and south-central Minneapolis; the busiest neighborhoods "
           f"are {', '.join(top['neighborhood'].astype(str))} "
           f"({', '.join(f'{s:,}' for s in top['stops'])} stops). The table below lists "
           "stops by neighborhood.")
    return Chart(fig, alt)


@drawn_as_typed
def criterion_chart(view: dict[str, Any], groups: tuple[str, str]) -> Chart:
    """Draw denial rates by band for two groups, with their intervals, and alt text (real data).

    Parameters
    ----------
    view : dict
        From :func:`equitylab.labs.lending.criterion_view`.
    groups : (str, str)
        The compared group and the reference, in that order.

    Returns
    -------
    Chart
    """
    from matplotlib.figure import Figure

    w = view["within"]
    est = w.loc[w["measure"] == "proportion"]
    bands = list(dict.fromkeys(est["band"].dropna()))
    height = 0.5 * len(bands) + 2.1
    fig = Figure(figsize=(7.5, height))
    ax = fig.subplots()
    # About an inch below the axes for the x label and the legend, so no mark is covered.
    fig.subplots_adjust(left=0.25, right=0.97, bottom=1.05 / height, top=1 - 0.4 / height)
    y = np.arange(len(bands))[::-1].astype(float)
    parts = []
    for k, (grp, colour, marker) in enumerate(((groups[0], OKABE_ITO[1], MARKERS[3]),
                                               (groups[1], OKABE_ITO[0], MARKERS[0]))):
        sub = est.loc[est["group"] == grp].set_index("band").reindex(bands)
        v = sub["estimate"].to_numpy(float)
        lo, hi = sub["lower"].to_numpy(float), sub["upper"].to_numpy(float)
        yy = y + (0.15 if k == 0 else -0.15)
        ok = np.isfinite(v)
        ax.hlines(yy[ok], lo[ok], hi[ok], color="#444444", linewidth=1.2)
        ax.plot(v[ok], yy[ok], marker, color=colour, label=grp, markersize=7, linestyle="none")
        parts.append(f"{grp}: " + ", ".join(
            f"{b} {x:.0f}%" if np.isfinite(x) else f"{b} hidden" for b, x in
            zip(bands, v, strict=True)))
    ax.set_yticks(y, bands)
    ax.set_ylim(-0.5, len(bands) - 0.5)  # room around the top and bottom bands
    ax.set_xlabel("Denied (%)")
    below = 0.5 / (height - 1.45)  # half an inch under the axes, past the x label
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -below), ncol=2, fontsize=9,
              frameon=False)
    ax.set_title(f"Denial rate by {view['criterion'].lower()} (real data, Boston 1990)",
                 fontsize=10)
    intervals = Scale.of(est).intervals
    alt = (f"Dot chart of mortgage denial rates with {intervals}, by "
           f"{view['criterion'].lower()}, for two groups. " + "; ".join(parts) + ".")
    return Chart(fig, alt)


@drawn_as_typed
def budget_map(view: BudgetView, metric: str = "per_resident") -> Chart:
    """Draw a choropleth of the SYNTHETIC neighbourhoods, with alt text.

    Parameters
    ----------
    view : BudgetView
    metric : {"per_resident", "gd_score"}
        Capital dollars per resident after the allocation, or the geographic disparity
        score (share of spending minus share of the baseline population).

    Returns
    -------
    Chart
    """
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    from equitylab import datasets

    geo = datasets.geojson()
    t = view.table.set_index("neighbourhood_id")
    polys, values = [], []
    for feat in geo["features"]:
        ring = feat["geometry"]["coordinates"][0]
        polys.append(np.asarray(ring, float))
        values.append(float(t.loc[feat["properties"]["neighbourhood_id"], metric]))
    vals = np.asarray(values)
    fig = Figure(figsize=(6.4, 5.6))
    ax = fig.subplots()
    if metric == "gd_score":
        vals = 100 * vals
        lim = float(np.nanmax(np.abs(vals))) or 1.0
        coll = PolyCollection(polys, array=vals, cmap="PuOr", edgecolors="#ffffff",
                              linewidths=0.4)
        coll.set_clim(-lim, lim)
        label = "Share of spending minus share of residents (points)"
    else:
        cap = float(np.nanquantile(vals, 0.95))
        coll = PolyCollection(polys, array=np.minimum(vals, cap), cmap="cividis",
                              edgecolors="#ffffff", linewidths=0.4)
        label = f"Capital dollars per resident (capped at ${cap:,.0f})"
    ax.add_collection(coll)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.colorbar(coll, ax=ax, label=label, shrink=0.8)
    ax.set_title("Tallow River Region (SYNTHETIC): " + ("geographic disparity score"
                 if metric == "gd_score" else "capital per resident after the allocation"),
                 fontsize=10)
    order = np.argsort(vals)
    names = view.table["neighbourhood"].to_numpy(object)
    ids = [f["properties"]["neighbourhood_id"] for f in geo["features"]]
    name_of = dict(zip(view.table["neighbourhood_id"], names, strict=True))
    low = [name_of[ids[i]] for i in order[:3]]
    high = [name_of[ids[i]] for i in order[::-1][:3]]
    alt = (f"Map of the 120 synthetic neighborhoods of the Tallow River Region, colored by "
           f"{label.lower()}. Lowest: {', '.join(low)}; highest: {', '.join(high)}. The "
           "table below the map lists every neighborhood.")
    return Chart(fig, alt)


@drawn_as_typed
def goal_chart(view: GoalView, *, overall: str = "Overall") -> Chart:
    """Draw each group's trend with the universal goal, with alt text (SYNTHETIC data).

    A lean drawing (one line per group, distinct colour, line style and marker, a legend)
    so that redrawing stays quick in the app; the alt text states every group's first and
    last values.

    Parameters
    ----------
    view : GoalView
        From :func:`equitylab.labs.goals.goal_view`.
    overall : str, default "Overall"
        The row of ``view.trends`` that is everyone together (not drawn).

    Returns
    -------
    Chart
    """
    from matplotlib.figure import Figure

    data = view.trends.loc[view.trends["group"] != overall]
    groups = list(dict.fromkeys(data["group"]))
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.66, top=0.88, bottom=0.13)
    parts = []
    for k, grp in enumerate(groups):
        sub = data.loc[data["group"] == grp].sort_values("year")
        ax.plot(sub["year"], sub["value"], linestyle=LINESTYLES[k % len(LINESTYLES)],
                marker=MARKERS[k % len(MARKERS)],
                markevery=5, markersize=5, color=LINE_COLOURS[k % len(LINE_COLOURS)], label=grp,
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
    return Chart(fig, alt)
