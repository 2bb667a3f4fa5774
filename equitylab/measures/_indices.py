"""Summary (multi-group) indices, the index of dissimilarity and spatial equity scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._compare import _stratum_ids, group_estimates, suppression_masks
from ._counts import Counts, counts_of
from ._errors import ColumnNotFoundError
from ._suppress import SMALL_CELL_MAX

__all__ = [
    "INDEX_BASES",
    "demographic_disparity",
    "dissimilarity",
    "geographic_disparity",
    "summary_indices",
]

#: What each summary index compares against.
INDEX_BASES = {
    "index_of_disparity_total": "unweighted, vs the total-population rate",
    "index_of_disparity_weighted": "population-weighted, vs the total-population rate",
    "index_of_disparity_mean": "unweighted, vs the unweighted mean of group rates",
    "index_of_disparity_best": "unweighted, vs the best group's rate",
    "between_group_variance": "population-weighted, vs the total-population rate",
    "between_group_sd": "square root of the between-group variance",
    "coefficient_of_variation": "100 x between-group SD / total-population rate",
    "mean_difference_from_mean": "population-weighted, vs the total-population rate",
    "mean_difference_from_best": "population-weighted, vs the best group's rate",
    "theil_index": "population-weighted, relative to the total-population rate",
    "mean_log_deviation": "population-weighted, relative to the total-population rate",
    "population_attributable_risk": "gap between the total-population rate and the best rate",
    "population_attributable_fraction": "100 x attributable risk / total-population rate",
    "range_difference": "highest minus lowest group rate",
    "range_ratio": "highest over lowest group rate",
}


def summary_indices(
    source: Counts | Any,
    group: str | None = None,
    outcome: str | None = None,
    *,
    suppress: bool = True,
    threshold: int = SMALL_CELL_MAX,
    **count_kwargs: Any,
) -> pd.DataFrame:
    """Summary measures of disparity across all groups (per stratum).

    Rates y_j are on the indicator's ``per`` scale; p_j are population shares (n, or
    person-time for rates) and mu = sum p_j y_j is the total-population rate. "Best" uses
    the indicator's direction of good.

    Parameters
    ----------
    source : Counts or individual rows
        As for :func:`disparities`.
    group, outcome : str, optional
        Column names when ``source`` is individual rows.
    suppress : bool, default True
        Leave out groups whose counts are suppressed (the row is flagged
        ``excludes_suppressed_groups``), so no index is computed from a hidden cell.
    threshold : int, default 10
        Largest count that is suppressed.

    Returns
    -------
    pandas.DataFrame
        Columns: indicator, strata, ``measure``, ``estimate``, ``basis``, ``groups``,
        ``direction``, ``flags``.

    Examples
    --------
    >>> from equitylab.measures import from_counts, Indicator
    >>> t = pd.DataFrame({"g": list("ABCD"), "deaths": [600, 400, 200, 75],
    ...                   "pop": [50000, 20000, 25000, 5000]})
    >>> rate = Indicator("deaths", unit="rate", per=1000)
    >>> c = from_counts(t, "g", "deaths", "pop", indicator=rate)
    >>> s = summary_indices(c).set_index("measure")["estimate"]
    >>> round(float(s["index_of_disparity_total"]), 2), round(float(s["theil_index"]) * 1000, 2)
    (29.41, 49.16)
    """
    counts = counts_of(source, group, outcome, **count_kwargs)
    ind = counts.indicator
    strata = list(counts.strata)
    est = group_estimates(counts)
    if suppress:
        hidden = suppression_masks(est, strata, ind.unit, threshold)[0]
    else:
        hidden = np.zeros(len(est), bool)
    sid = _stratum_ids(est, strata)
    y = est["estimate"].to_numpy(float)
    w = (est["exposure"] if ind.unit == "rate" else est["n"]).to_numpy(float)
    use = ~hidden & ~np.isnan(y) & (w > 0)
    f = pd.DataFrame({"sid": sid, "y": np.where(use, y, np.nan), "w": np.where(use, w, 0.0)})
    g = f.groupby("sid", sort=True)
    wsum = g["w"].transform("sum").to_numpy()
    p = f["w"].to_numpy() / wsum
    mu = (f["y"].fillna(0) * p).groupby(sid).transform("sum").to_numpy()
    ybar = g["y"].transform("mean").to_numpy()
    if ind.higher_is_better:
        best = g["y"].transform("max").to_numpy()
    else:
        best = g["y"].transform("min").to_numpy()
    yy = f["y"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        r = yy / mu
        parts = pd.DataFrame({
            "sid": sid,
            "abs_mu": np.abs(yy - mu),
            "abs_mean": np.abs(yy - ybar),
            "abs_best": np.abs(yy - best),
            "w_abs_mu": p * np.abs(yy - mu),
            "w_abs_best": p * np.abs(yy - best),
            "w_sq": p * (yy - mu) ** 2,
            "theil": np.where(r > 0, p * r * np.log(r), 0.0),
            "mld": p * -np.log(r),
            "y": yy,
        })
    agg = parts.groupby("sid", sort=True).agg(
        abs_mu=("abs_mu", "mean"), abs_mean=("abs_mean", "mean"), abs_best=("abs_best", "mean"),
        w_abs_mu=("w_abs_mu", "sum"), w_abs_best=("w_abs_best", "sum"), bgv=("w_sq", "sum"),
        theil=("theil", "sum"), mld=("mld", lambda s: s.sum(min_count=1)),
        ymax=("y", "max"), ymin=("y", "min"), groups=("y", "count"),
    )
    first = pd.DataFrame({"sid": sid, "mu": mu, "ybar": ybar, "best": best,
                          "hidden": hidden}).groupby("sid", sort=True)
    mu_s, ybar_s, best_s = (first[k].first().to_numpy() for k in ("mu", "ybar", "best"))
    any_hidden = first["hidden"].any().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        par = np.where(ind.higher_is_better, best_s - mu_s, mu_s - best_s)
        values = {
            "index_of_disparity_total": 100 * agg["abs_mu"].to_numpy() / mu_s,
            "index_of_disparity_weighted": 100 * agg["w_abs_mu"].to_numpy() / mu_s,
            "index_of_disparity_mean": 100 * agg["abs_mean"].to_numpy() / ybar_s,
            "index_of_disparity_best": 100 * agg["abs_best"].to_numpy() / best_s,
            "between_group_variance": agg["bgv"].to_numpy(),
            "between_group_sd": np.sqrt(agg["bgv"].to_numpy()),
            "coefficient_of_variation": 100 * np.sqrt(agg["bgv"].to_numpy()) / mu_s,
            "mean_difference_from_mean": agg["w_abs_mu"].to_numpy(),
            "mean_difference_from_best": agg["w_abs_best"].to_numpy(),
            "theil_index": agg["theil"].to_numpy(),
            "mean_log_deviation": agg["mld"].to_numpy(),
            "population_attributable_risk": par,
            "population_attributable_fraction": 100 * par / mu_s,
            "range_difference": (agg["ymax"] - agg["ymin"]).to_numpy(),
            "range_ratio": (agg["ymax"] / agg["ymin"]).to_numpy(),
        }
    strata_values: dict[str, np.ndarray] = {}
    if strata:
        keys = est.groupby(sid, sort=True)[strata].first()
        strata_values = {s: keys[s].to_numpy(object) for s in strata}
    frames = []
    for measure, vals in values.items():  # one vectorised block per measure (15 blocks)
        flags = np.where(any_hidden, "excludes_suppressed_groups", "")
        flags = np.where(np.isinf(vals), np.where(flags == "", "infinite", flags + ";infinite"),
                         flags)
        frame = pd.DataFrame({
            "indicator": ind.name,
            **strata_values,
            "measure": measure,
            "estimate": vals,
            "basis": INDEX_BASES[measure],
            "groups": agg["groups"].to_numpy(),
            "direction": ind.direction,
            "flags": flags,
        })
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _need(table: pd.DataFrame, cols: Sequence[str]) -> None:
    for col in cols:
        if col not in table.columns:
            raise ColumnNotFoundError(
                f"Column {col!r} is not in the table. Available columns: "
                f"{', '.join(map(str, table.columns))}."
            )


def dissimilarity(table: pd.DataFrame, a: str, b: str) -> float:
    """Index of dissimilarity ``D = 1/2 * sum_i |a_i/A - b_i/B|`` across areas i.

    The share of either group that would have to move for the two to be spread evenly.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area.
    a, b : str
        Columns of counts for the two groups.

    Returns
    -------
    float

    Examples
    --------
    >>> t = pd.DataFrame({"a": [500, 300, 150, 50], "b": [100, 300, 600, 1000]})
    >>> round(dissimilarity(t, "a", "b"), 3)
    0.6
    """
    _need(table, [a, b])
    xa = table[a].to_numpy(float)
    xb = table[b].to_numpy(float)
    if (xa < 0).any() or (xb < 0).any():
        raise ValueError(f"Columns {a!r} and {b!r} must hold counts (no negative values).")
    if xa.sum() == 0 or xb.sum() == 0:
        raise ValueError(f"Column {a if xa.sum() == 0 else b!r} adds up to zero; D is undefined.")
    return float(0.5 * np.abs(xa / xa.sum() - xb / xb.sum()).sum())


def geographic_disparity(
    table: pd.DataFrame, area: str, resource: str, baseline: str
) -> pd.DataFrame:
    """Urban Institute geographic disparity score: share of resource minus share of baseline.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area (e.g. tract).
    area : str
        Column naming the area.
    resource : str
        Column of resource counts or weights (e.g. number of libraries).
    baseline : str
        Column of the baseline population (e.g. children, people in poverty).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``resource_share``, ``baseline_share`` and ``score`` (positive: the area
        has more than its share of the resource).

    Examples
    --------
    >>> t = pd.DataFrame({"tract": ["a", "b"], "parks": [3, 1], "kids": [100, 300]})
    >>> geographic_disparity(t, "tract", "parks", "kids")["score"].tolist()
    [0.5, -0.5]
    """
    _need(table, [area, resource, baseline])
    s = table[resource].to_numpy(float)
    b = table[baseline].to_numpy(float)
    return pd.DataFrame({
        "area": table[area].to_numpy(object),
        "resource_share": s / s.sum(),
        "baseline_share": b / b.sum(),
        "score": s / s.sum() - b / b.sum(),
    })


def demographic_disparity(
    table: pd.DataFrame, area: str, resource: str, groups: Sequence[str], total: str | None = None
) -> pd.DataFrame:
    """Urban Institute demographic disparity score for each group.

    Resource-weighted composition minus overall composition:
    ``sum_t s_t * pi_kt - Pi_k``, where s_t is area t's share of the resource, pi_kt is
    group k's share of area t's population and Pi_k its share overall. This describes the
    *neighbourhoods* where resources are, not the people who use them.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area.
    area : str
        Column naming the area.
    resource : str
        Column of resource counts or weights.
    groups : sequence of str
        Columns of population counts by group.
    total : str, optional
        Column of total population; defaults to the sum of ``groups``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``resource_weighted_share``, ``overall_share`` and ``score``.

    Examples
    --------
    >>> t = pd.DataFrame({"tract": ["a", "b"], "parks": [3, 1], "black": [20, 80],
    ...                   "white": [80, 20]})
    >>> demographic_disparity(t, "tract", "parks", ["black", "white"])["score"].round(3).tolist()
    [-0.15, 0.15]
    """
    _need(table, [area, resource, *groups] + ([total] if total else []))
    s = table[resource].to_numpy(float)
    s = s / s.sum()
    pops = table[list(groups)].to_numpy(float)
    tot = table[total].to_numpy(float) if total else pops.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pi = np.where(tot[:, None] > 0, pops / tot[:, None], 0.0)
    weighted = (s[:, None] * pi).sum(axis=0)
    overall = pops.sum(axis=0) / tot.sum()
    return pd.DataFrame({
        "group": list(groups),
        "resource_weighted_share": weighted,
        "overall_share": overall,
        "score": weighted - overall,
    })
