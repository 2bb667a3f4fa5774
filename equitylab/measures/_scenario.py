"""Scenarios: apply a proposal's projected changes and compare before with after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ._compare import disparities
from ._counts import Counts
from ._indices import summary_indices

__all__ = ["apply_changes", "scenario"]


def apply_changes(
    counts: Counts,
    changes: Mapping[Any, float] | pd.DataFrame,
    *,
    kind: str = "absolute",
) -> Counts:
    """Return projected counts after applying changes to each group's rate.

    Parameters
    ----------
    counts : Counts
        The current counts.
    changes : mapping or DataFrame
        By group: ``{"Black": -2.0}``; by stratum and group: ``{("North", "Black"): -2.0}``;
        or a DataFrame with the strata, ``group`` and ``change`` columns. Groups not
        named are unchanged.
    kind : {"absolute", "relative"}
        ``"absolute"``: add the change on the indicator's ``per`` scale (e.g. -2
        percentage points when per=100). ``"relative"``: multiply the rate by
        ``1 + change`` (e.g. -0.25 for a quarter fewer events).

    Returns
    -------
    Counts
        Same people (n and exposure), projected events (may be fractional).

    Examples
    --------
    >>> from equitylab.measures import from_counts, Indicator
    >>> t = pd.DataFrame({"g": ["a", "b"], "x": [40, 20], "n": [100, 100]})
    >>> c = from_counts(t, "g", "x", "n", indicator=Indicator("x", per=100))
    >>> apply_changes(c, {"a": -10}).table["events"].tolist()
    [30.0, 20.0]
    """
    if kind not in ("absolute", "relative"):
        raise ValueError(f"kind must be 'absolute' or 'relative', not {kind!r}.")
    t = counts.table.copy()
    strata = list(counts.strata)
    if isinstance(changes, pd.DataFrame):
        ch = changes.copy()
        ch["group"] = ch["group"].astype(str)
        merged = t.merge(ch[[*[s for s in strata if s in ch], "group", "change"]], how="left")
        delta = merged["change"].to_numpy(float)
    else:
        keys = list(changes)
        if keys and isinstance(keys[0], tuple):
            lookup = {tuple(map(str, k)): v for k, v in changes.items()}
            idx = list(zip(*[t[s].astype(str) for s in strata], t["group"], strict=True))
            delta = np.array([lookup.get(k, np.nan) for k in idx], dtype=float)
        else:
            delta = t["group"].map({str(k): v for k, v in changes.items()}).to_numpy(float)
    unknown = set(map(str, changes if not isinstance(changes, pd.DataFrame) else
                      changes["group"])) - set(t["group"]) - {str(k) for k in changes
                                                               if isinstance(k, tuple)}
    if unknown:
        raise ValueError(
            f"Group(s) {', '.join(map(repr, sorted(unknown)))} in the changes are not in the data. "
            f"Groups present: {', '.join(sorted(t['group'].unique()))}."
        )
    delta = np.nan_to_num(delta, nan=0.0)
    ind = counts.indicator
    den = t["exposure"] if ind.unit == "rate" else t["n"]
    den = den.to_numpy(float)
    e = t["events"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = e / den
        scale = ind.per if ind.unit != "mean" else 1.0
        new = rate + delta / scale if kind == "absolute" else rate * (1 + delta)
    lo = 0.0 if ind.unit != "mean" else -np.inf
    hi = 1.0 if ind.unit == "proportion" else np.inf
    new = np.clip(new, lo, hi)
    t["events"] = np.where(den > 0, new * den, e)
    if ind.unit == "mean":
        shift = t["events"].to_numpy(float) / t["n"].to_numpy(float) - rate
        n = t["n"].to_numpy(float)
        t["sum_sq"] = t["sum_sq"] + 2 * shift * e + n * shift**2
    return replace(counts, table=t)


def scenario(
    counts: Counts,
    changes: Mapping[Any, float] | pd.DataFrame,
    *,
    kind: str = "absolute",
    **disparity_kwargs: Any,
) -> pd.DataFrame:
    """Compare disparities and summary indices before and after a proposal, in one table.

    Parameters
    ----------
    counts : Counts
        The current counts.
    changes : mapping or DataFrame
        Projected changes, as for :func:`apply_changes`.
    kind : {"absolute", "relative"}
        How to read the changes.
    **disparity_kwargs
        Passed to :func:`disparities` (e.g. ``reference="best"``) and, for ``suppress``
        and ``threshold``, to :func:`summary_indices`.

    Returns
    -------
    pandas.DataFrame
        The :func:`disparities` rows and the summary-index rows, each with a ``scenario``
        column ("before" or "after") and a ``change`` column (after minus before, on the
        "after" rows). Projected rows are flagged ``projected``.

    Examples
    --------
    >>> from equitylab.measures import from_counts, Indicator
    >>> t = pd.DataFrame({"g": ["a", "b"], "x": [40, 20], "n": [100, 100]})
    >>> c = from_counts(t, "g", "x", "n", indicator=Indicator("x", per=100))
    >>> s = scenario(c, {"a": -10}, reference="b")
    >>> s.query("measure == 'ratio' and group == 'a'")[["scenario", "estimate", "change"]]
       scenario  estimate  change
    2    before       2.0     NaN
    25    after       1.5    -0.5
    """
    after_counts = apply_changes(counts, changes, kind=kind)
    idx_kwargs = {k: v for k, v in disparity_kwargs.items() if k in ("suppress", "threshold")}
    parts = []
    for label, c in (("before", counts), ("after", after_counts)):
        d = disparities(c, **disparity_kwargs)
        d = d.loc[d["measure"] != "excluded_rows"] if label == "after" else d
        s = summary_indices(c, **idx_kwargs).rename(columns={"basis": "method"})
        s["group"] = "(all groups)"
        s["reference"] = ""
        block = pd.concat([d, s], ignore_index=True)
        block.insert(0, "scenario", label)
        if label == "after":
            block["flags"] = np.where(block["flags"].fillna("") == "", "projected",
                                      block["flags"].fillna("") + ";projected")
        parts.append(block)
    keys = [*counts.strata, "group", "reference", "measure"]
    before, after = parts
    merged = after[keys].merge(before[[*keys, "estimate"]].drop_duplicates(keys), how="left",
                               on=keys)
    after = after.assign(change=after["estimate"].to_numpy() - merged["estimate"].to_numpy())
    before = before.assign(change=np.nan)
    out = pd.concat([before, after], ignore_index=True)
    return out
