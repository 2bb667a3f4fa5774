"""Lab 4 model: an equitable capital budget in the SYNTHETIC Tallow River Region.

A new pot of capital money is shared among 120 neighbourhoods in one of three ways
(:func:`allocate`): universal (the same per resident everywhere), targeted (only the most
disinvested neighbourhoods) or targeted universal (everyone is brought up to one
per-resident goal, the rest shared per resident). The spatial equity scores come from
:func:`equitylab.measures.geographic_disparity`,
:func:`~equitylab.measures.demographic_disparity` and
:func:`~equitylab.measures.dissimilarity`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from equitylab import datasets, measures

__all__ = ["STRATEGIES", "BudgetView", "allocate", "budget_sentences", "budget_view", "groups",
           "neighbourhood_table", "region"]

STRATEGIES = {
    "universal": "Universal: the same amount per resident everywhere",
    "targeted": "Targeted: only the most disinvested quarter of neighbourhoods",
    "targeted_universal": "Targeted universal: bring everyone up to the goal, then per resident",
}


@functools.lru_cache(maxsize=1)
def _region() -> pd.DataFrame:
    budget = datasets.load("tallow_budget", show_caveats=False)
    cap = budget.loc[budget["spending_type"] == "Capital"]
    years = cap["fiscal_year"].nunique()
    spend = cap.groupby("neighbourhood_id")["amount_usd"].sum() / years
    pop = datasets.load("tallow_population", show_caveats=False)
    pop = pop.loc[pop["year"] == pop["year"].max()]
    by_race = (pop.groupby(["neighbourhood_id", "race_ethnicity"], observed=True)["population"]
               .sum().unstack(fill_value=0).astype(float))
    # Plain text column names: a categorical column index cannot be joined on pandas 2.2.
    by_race.columns = [str(c) for c in by_race.columns]
    hoods = datasets.load("tallow_neighbourhoods", show_caveats=False).set_index(
        "neighbourhood_id")
    out = pd.DataFrame({
        "neighbourhood": hoods["name"].astype(str),
        "disinvestment": hoods["disinvestment_index"].astype(float),
        "capital": spend.reindex(hoods.index).fillna(0.0).astype(float),
        "residents": by_race.sum(axis=1).reindex(hoods.index).astype(float),
    })
    out = out.join(by_race.reindex(hoods.index))
    return out.reset_index()


def region() -> pd.DataFrame:
    """Return one row per SYNTHETIC neighbourhood: average annual capital, residents by race.

    Examples
    --------
    >>> r = region()
    >>> len(r), "Black or African American" in r.columns
    (120, True)
    """
    return _region().copy()


def groups() -> list[str]:
    """Return the race and ethnicity columns of :func:`region`."""
    fixed = {"neighbourhood_id", "neighbourhood", "disinvestment", "capital", "residents"}
    return [c for c in _region().columns if c not in fixed]


def allocate(table: pd.DataFrame, pot: float, strategy: str, goal: float) -> np.ndarray:
    """Share ``pot`` dollars among neighbourhoods by one of :data:`STRATEGIES`.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`region` (``capital``, ``residents``, ``disinvestment``).
    pot : float
        New money to share, in dollars.
    strategy : {"universal", "targeted", "targeted_universal"}
        How to share it.
    goal : float
        The universal goal: capital dollars per resident per year.

    Returns
    -------
    numpy.ndarray
        Dollars added to each neighbourhood (they add up to ``pot``).

    Examples
    --------
    >>> t = pd.DataFrame({"capital": [0.0, 1000.0], "residents": [10.0, 10.0],
    ...                   "disinvestment": [0.9, 0.1]})
    >>> allocate(t, 1000, "targeted_universal", 100).tolist()
    [1000.0, 0.0]
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}, not {strategy!r}.")
    res = table["residents"].to_numpy(float)
    if pot <= 0 or res.sum() == 0:
        return np.zeros(len(table))
    if strategy == "universal":
        return pot * res / res.sum()
    if strategy == "targeted":
        need = table["disinvestment"].to_numpy(float)
        top = need >= np.quantile(need, 0.75)
        w = np.where(top, res, 0.0)
        return pot * w / w.sum()
    short = np.maximum(goal * res - table["capital"].to_numpy(float), 0.0)
    if short.sum() >= pot:
        return pot * short / short.sum()
    return short + (pot - short.sum()) * res / res.sum()


@dataclass(frozen=True)
class BudgetView:
    """Everything the budget app shows (computed by :func:`budget_view`)."""

    strategy: str
    pot: float
    goal: float
    baseline: str
    table: pd.DataFrame
    geographic: pd.DataFrame
    demographic_before: pd.DataFrame
    demographic_after: pd.DataFrame
    by_group: pd.DataFrame
    compare: pd.DataFrame


def _per_resident_by_group(t: pd.DataFrame, spend: np.ndarray, cols: list[str]) -> np.ndarray:
    res = t["residents"].to_numpy(float)
    per = np.where(res > 0, spend / np.where(res > 0, res, 1), 0.0)
    pops = t[cols].to_numpy(float)
    return (pops * per[:, None]).sum(axis=0) / pops.sum(axis=0)


def _summary(t: pd.DataFrame, after: np.ndarray, goal: float, cols: list[str]) -> dict[str, Any]:
    res = t["residents"].to_numpy(float)
    below = after < goal * res - 1e-6
    frame = t.assign(after=after)
    dd = measures.demographic_disparity(frame, "neighbourhood", "after", cols)
    worst = dd.loc[dd["score"].idxmin()]
    return {
        "Neighborhoods below the goal": int(below.sum()),
        "Shortfall to the goal ($ million)": round(
            float(np.maximum(goal * res - after, 0).sum()) / 1e6, 1),
        "Dissimilarity (spending vs residents)": round(
            measures.dissimilarity(frame, "after", "residents"), 3),
        "Least-served group (score, points)": f"{worst['group']} ({100 * worst['score']:+.1f})",
    }


def budget_view(strategy: str = "targeted_universal", *, pot: float = 30e6, goal: float = 250.0,
                baseline: str = "residents") -> BudgetView:
    """Allocate a new pot and compute spatial equity scores before and after.

    Parameters
    ----------
    strategy : str
        One of :data:`STRATEGIES`.
    pot : float
        New capital money, in dollars.
    goal : float
        Universal goal: capital dollars per resident per year in every neighbourhood.
    baseline : str
        Population for the geographic disparity score: ``"residents"`` or a group column.

    Returns
    -------
    BudgetView
    """
    t = region()
    cols = groups()
    if baseline != "residents" and baseline not in cols:
        raise ValueError(f"baseline must be 'residents' or one of {', '.join(cols)}.")
    add = allocate(t, pot, strategy, goal)
    t["added"] = add
    t["after"] = t["capital"] + add
    res = t["residents"].to_numpy(float)
    t["per_resident"] = np.where(res > 0, t["after"] / np.where(res > 0, res, 1), 0.0)
    geo = measures.geographic_disparity(t, "neighbourhood", "after", baseline)
    t["gd_score"] = geo["score"].to_numpy()
    before = measures.demographic_disparity(t, "neighbourhood", "capital", cols)
    after = measures.demographic_disparity(t, "neighbourhood", "after", cols)
    b_per = _per_resident_by_group(t, t["capital"].to_numpy(float), cols)
    a_per = _per_resident_by_group(t, t["after"].to_numpy(float), cols)
    by_group = pd.DataFrame({
        "Group": cols,
        "Share of residents (%)": (100 * after["overall_share"]).round(1).to_numpy(),
        "Score before (points)": (100 * before["score"]).round(1).to_numpy(),
        "Score after (points)": (100 * after["score"]).round(1).to_numpy(),
        "Dollars per resident before": np.round(b_per).astype(int),
        "Dollars per resident after": np.round(a_per).astype(int),
    })
    rows = []
    for key, label in (("current", "Current budget (no new money)"),
                       *((k, STRATEGIES[k].split(":")[0]) for k in STRATEGIES)):
        spend = t["capital"].to_numpy(float) + (
            0 if key == "current" else allocate(t, pot, key, goal))
        rows.append({"Allocation": label, **_summary(t, spend, goal, cols)})
    return BudgetView(strategy, float(pot), float(goal), baseline, t, geo, before, after,
                      by_group, pd.DataFrame(rows))


def budget_sentences(view: BudgetView) -> list[str]:
    """Return plain-language sentences about the chosen allocation."""
    t = view.table
    res = t["residents"].to_numpy(float)
    below0 = int((t["capital"] < view.goal * res - 1e-6).sum())
    below1 = int((t["after"] < view.goal * res - 1e-6).sum())
    worst = view.demographic_after.loc[view.demographic_after["score"].idxmin()]
    best = view.demographic_after.loc[view.demographic_after["score"].idxmax()]
    name = STRATEGIES[view.strategy].split(":")[0].lower()
    base = "all residents" if view.baseline == "residents" else f"{view.baseline} residents"
    low = t.loc[t["gd_score"].idxmin()]
    short0 = float(np.maximum(view.goal * res - t["capital"], 0).sum()) / 1e6
    short1 = float(np.maximum(view.goal * res - t["after"], 0).sum()) / 1e6
    return [
        f"A {name} allocation of ${view.pot / 1e6:,.0f} million a year (SYNTHETIC data).",
        f"Neighborhoods below the universal goal of ${view.goal:,.0f} per resident: "
        f"{below0} before, {below1} after; the money they would need to reach it falls from "
        f"${short0:,.1f} million to ${short1:,.1f} million a year.",
        f"Least served after: {worst['group']} residents live where spending is "
        f"{abs(100 * worst['score']):.1f} points {'below' if worst['score'] < 0 else 'above'} "
        "their share of the population (demographic disparity score).",
        f"Most served after: {best['group']} residents ({100 * best['score']:+.1f} points).",
        f"Against the {base} as the baseline, {low['neighbourhood']} has the most negative "
        f"geographic disparity score ({100 * low['gd_score']:+.2f} points: its share of "
        "spending is below its share of that population).",
        "The scores describe neighbourhoods, not people: not every resident of a "
        "well-funded neighbourhood benefits, and spending is not the same as quality.",
    ]


def neighbourhood_table(view: BudgetView) -> pd.DataFrame:
    """Return the table behind the map, one row per neighbourhood, lowest per resident first."""
    t = view.table.sort_values("per_resident")
    return pd.DataFrame({
        "Neighborhood": t["neighbourhood"].to_numpy(object),
        "Residents": [f"{int(v):,}" for v in t["residents"]],
        "Disinvestment index": t["disinvestment"].round(2).to_numpy(),
        "Capital now ($/yr)": [f"{v:,.0f}" for v in t["capital"]],
        "Added ($/yr)": [f"{v:,.0f}" for v in t["added"]],
        "Per resident after ($)": [f"{v:,.0f}" for v in t["per_resident"]],
        "Geographic score (points)": (100 * t["gd_score"]).round(2).to_numpy(),
    })
