"""Statistics pooled over strata: the Mantel-Haenszel risk ratio and the complement of counts.

The Mantel-Haenszel risk ratio compares two groups *within* strata (e.g. neighbourhoods, or
bands of a credit score) and pools the comparisons into one number, so that a gap that
comes only from the groups living in different strata is taken out. Its interval uses the
variance of Greenland and Robins (1985), which stays valid when strata are small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from ._counts import Counts

__all__ = ["PooledRatio", "flip_counts", "mantel_haenszel_ratio"]

#: Columns of a counts table that are not strata.
_NOT_STRATA = ("group", "n", "events", "exposure", "sum_sq", "missing_outcome")


@dataclass(frozen=True)
class PooledRatio:
    """A Mantel-Haenszel risk ratio with its interval, and what went into it.

    Attributes
    ----------
    estimate : float
        The pooled ratio (``group`` vs ``reference``); ``nan`` when it cannot be estimated
        (then ``message`` says why).
    lower : float
        Lower end of its interval (``nan`` when there is none).
    upper : float
        Upper end of its interval (``nan`` when there is none).
    level : float
        Confidence level of the interval.
    strata_used : int
        Strata holding both groups with at least one person each and at least one event.
    strata_skipped : int
        Strata left out: one group absent or with no people, or no events in either group
        (such a stratum carries no information about the ratio).
    message : str
        Empty when the ratio and its interval are estimated; otherwise a plain-language
        reason.
    """

    estimate: float
    lower: float
    upper: float
    level: float
    strata_used: int
    strata_skipped: int
    message: str = ""

    @property
    def estimable(self) -> bool:
        """Whether the ratio could be estimated (it may still have no interval)."""
        return math.isfinite(self.estimate)


def _pairs(table: pd.DataFrame, strata: list[str], group: str, reference: str
           ) -> tuple[pd.DataFrame, int]:
    """One row per stratum with both groups: ``a, n1`` (group) and ``c, n0`` (reference)."""
    if not strata:
        table = table.assign(_all=0)
        strata = ["_all"]
    g = table.loc[table["group"].astype(str) == str(group), [*strata, "n", "events"]]
    r = table.loc[table["group"].astype(str) == str(reference), [*strata, "n", "events"]]
    g = g.set_index(strata).rename(columns={"n": "n1", "events": "a"})
    r = r.set_index(strata).rename(columns={"n": "n0", "events": "c"})
    every = g.index.union(r.index)
    both = g.join(r, how="inner").astype(float)
    return both, len(every)


def mantel_haenszel_ratio(
    counts: Counts | pd.DataFrame,
    group: str,
    reference: str,
    *,
    strata: list[str] | None = None,
    level: float = 0.95,
) -> PooledRatio:
    r"""Pool the risk ratio of ``group`` vs ``reference`` within strata (Mantel-Haenszel).

    With, in stratum :math:`i`, :math:`a_i` events among :math:`n_{1i}` people of
    ``group``, :math:`c_i` among :math:`n_{0i}` of ``reference`` and
    :math:`N_i = n_{1i} + n_{0i}`:

    .. math::

        RR_{MH} = \frac{\sum_i a_i n_{0i} / N_i}{\sum_i c_i n_{1i} / N_i} = \frac{R}{S},
        \qquad
        \widehat{\mathrm{Var}}(\ln RR_{MH}) =
        \frac{\sum_i \left[(a_i + c_i) n_{1i} n_{0i} - a_i c_i N_i\right] / N_i^2}{R\,S}

    (Greenland and Robins 1985), and the interval is
    :math:`\exp(\ln RR_{MH} \pm z \sqrt{\mathrm{Var}})`. With one stratum the variance is
    the usual :math:`1/a - 1/n_1 + 1/c - 1/n_0`.

    Strata where a group is absent or has no people, or where neither group has an event,
    carry no information and are skipped (and counted in ``strata_skipped``). When the
    reference group has no events in any stratum used, the ratio cannot be estimated: the
    result is ``nan`` with a message, never ``inf`` and never a warning.

    Parameters
    ----------
    counts : equitylab.measures.Counts or pandas.DataFrame
        A stratified counts object, or its ``table`` (columns: the strata, ``group``,
        ``n``, ``events``).
    group, reference : str
        The two groups compared.
    strata : list of str, optional
        The stratum columns; by default ``counts.strata``, or every column of the table
        that is not ``group``, ``n``, ``events``, ``exposure``, ``sum_sq`` or
        ``missing_outcome``.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    PooledRatio

    Examples
    --------
    >>> t = pd.DataFrame({"s": ["x", "x", "y", "y"], "group": ["B", "W"] * 2,
    ...                   "n": [100, 100, 50, 50], "events": [20, 10, 10, 5]})
    >>> r = mantel_haenszel_ratio(t, "B", "W")
    >>> round(r.estimate, 3), round(r.lower, 2), round(r.upper, 2), r.strata_used
    (2.0, 1.12, 3.56, 2)
    >>> empty = pd.DataFrame({"group": ["B", "W"], "n": [10, 10], "events": [3, 0]})
    >>> mantel_haenszel_ratio(empty, "B", "W").message.split(":")[0]
    'The ratio cannot be estimated'
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}.")
    if isinstance(counts, Counts):
        table = counts.table
        cols = list(counts.strata) if strata is None else list(strata)
    else:
        table = counts
        cols = ([c for c in table.columns if c not in _NOT_STRATA] if strata is None
                else list(strata))
    both, total = _pairs(table, cols, group, reference)
    a, c = both["a"].to_numpy(), both["c"].to_numpy()
    n1, n0 = both["n1"].to_numpy(), both["n0"].to_numpy()
    keep = (n1 > 0) & (n0 > 0) & np.isfinite(a) & np.isfinite(c) & ((a + c) > 0)
    a, c, n1, n0 = a[keep], c[keep], n1[keep], n0[keep]
    used = int(keep.sum())
    skipped = total - used
    nan = float("nan")
    if used == 0:
        return PooledRatio(nan, nan, nan, level, 0, skipped, (
            f"The ratio cannot be estimated: no stratum has people in both {group} and "
            f"{reference} and at least one event."))
    big_n = n1 + n0
    r_sum = float(np.sum(a * n0 / big_n))
    s_sum = float(np.sum(c * n1 / big_n))
    if s_sum == 0:
        return PooledRatio(nan, nan, nan, level, used, skipped, (
            f"The ratio cannot be estimated: {reference} had no events in the strata "
            f"compared, so there is nothing to divide by."))
    estimate = r_sum / s_sum
    if r_sum == 0:
        return PooledRatio(0.0, nan, nan, level, used, skipped, (
            f"{group} had no events in the strata compared, so the ratio is 0 and has no "
            "interval on the log scale."))
    var = float(np.sum(((a + c) * n1 * n0 - a * c * big_n) / big_n**2)) / (r_sum * s_sum)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * math.sqrt(max(var, 0.0))
    return PooledRatio(estimate, math.exp(math.log(estimate) - half),
                       math.exp(math.log(estimate) + half), level, used, skipped)


def flip_counts(counts: Counts, label: str | None = None) -> Counts:
    """Return the complement of a proportion's counts (e.g. not searched instead of searched).

    Parameters
    ----------
    counts : equitylab.measures.Counts
        Counts of a proportion.
    label : str, optional
        Verb phrase for the complement, e.g. ``"were not searched"``.

    Returns
    -------
    equitylab.measures.Counts
        Events become ``n - events``; the indicator's direction of good is flipped and its
        display scale kept.

    Raises
    ------
    ValueError
        If the counts are not of a proportion (a rate has no complement).

    Examples
    --------
    >>> from equitylab.measures import from_counts
    >>> t = pd.DataFrame({"g": ["a"], "x": [3], "n": [10]})
    >>> flip_counts(from_counts(t, "g", "x", "n")).table["events"].tolist()
    [7.0]
    """
    if counts.indicator.unit != "proportion":
        raise ValueError("Only a proportion has a complement; a rate or a mean does not.")
    ind: Any = counts.indicator.flipped()
    ind = replace(ind, per=counts.indicator.per, label=label)
    table = counts.table.copy()
    table["events"] = table["n"] - table["events"]
    return replace(counts, table=table, indicator=ind)
