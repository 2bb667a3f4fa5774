"""Screens: the four-fifths rule as 29 CFR 1607.4(D) writes it, and a tolerance band."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _stats as st
from ._compare import _resolve_reference, _stratum_ids, group_estimates, suppression_masks
from ._counts import Counts, counts_of
from ._indicator import Indicator
from ._suppress import SMALL_CELL_MAX

__all__ = ["FOUR_FIFTHS_NOTE", "four_fifths", "tolerance_band"]

FOUR_FIFTHS_NOTE = (
    "The four-fifths rule is a screen from US employment law (29 CFR 1607.4(D)), not proof "
    "of discrimination or of its absence: smaller differences can still be adverse impact "
    "when they are significant in statistical and practical terms, and larger ones based on "
    "small numbers may not be."
)


def four_fifths(
    source: Counts | Any,
    group: str | None = None,
    outcome: str | None = None,
    *,
    test: str = "auto",
    adjust: str | None = "holm",
    suppress: bool = True,
    threshold: int = SMALL_CELL_MAX,
    **count_kwargs: Any,
) -> pd.DataFrame:
    """Apply the four-fifths (80%) rule of 29 CFR 1607.4(D) as written.

    Each group's *selection rate* (a favourable outcome: hired, promoted, admitted) is
    divided by the rate of the group with the **highest** rate. An impact ratio below 0.8
    is "generally regarded ... as evidence of adverse impact". The rule is one-sided, so a
    group above the highest-rate group cannot exist and a ratio above 1.25 is not a flag.
    Group sizes and a significance test against the highest-rate group are reported with
    every ratio, as the regulation asks for both.

    Parameters
    ----------
    source : Counts or individual rows
        Selections. From rows, the outcome is 1 (selected) or 0; the indicator is
        favourable unless given.
    group, outcome : str, optional
        Column names when ``source`` is individual rows.
    test : {"auto", "fisher", "z"}
        ``"auto"`` uses Fisher's exact test when an expected count is below 5;
        ``"fisher"`` falls back to the z test only where every expected count is in the
        tens of millions (the ``test`` column names the test used).
    adjust : {"holm", "bh", None}
        Multiple-comparison adjustment across groups.
    suppress : bool, default True
        Hide small counts and what is computed from them.
    threshold : int, default 10
        Largest count that is suppressed.

    Returns
    -------
    pandas.DataFrame
        Columns: strata, ``group``, ``selected``, ``applicants``, ``selection_rate``,
        ``highest_group``, ``highest_applicants``, ``impact_ratio``, ``below_four_fifths``,
        ``p_value``, ``test``, ``p_adjusted``, ``small_numbers``, ``suppressed``.

    Raises
    ------
    ValueError
        If the indicator is adverse: the rule is defined for favourable selection rates.

    Examples
    --------
    >>> from equitylab.measures import from_counts, Indicator
    >>> t = pd.DataFrame({"race": ["White", "Black", "Latino"], "hired": [48, 21, 30],
    ...                   "applied": [80, 50, 60]})
    >>> hired = Indicator("hired", "favourable")
    >>> c = from_counts(t, "race", "hired", "applied", indicator=hired)
    >>> four_fifths(c)[["group", "impact_ratio", "below_four_fifths"]].round(3)
        group  impact_ratio  below_four_fifths
    0   Black         0.700               True
    1  Latino         0.833              False
    2   White         1.000              False
    """
    if not isinstance(source, Counts) and outcome is not None:
        count_kwargs.setdefault("indicator", Indicator(outcome, "favourable"))
    counts = counts_of(source, group, outcome, **count_kwargs)
    ind = counts.indicator
    if ind.unit != "proportion":
        raise ValueError(
            f"The four-fifths rule compares selection rates (proportions); indicator "
            f"{ind.name!r} is a {ind.unit}."
        )
    if ind.direction != "favourable":
        raise ValueError(
            f"The four-fifths rule applies to favourable selection rates (hired, promoted, "
            f"admitted), but indicator {ind.name!r} is adverse. Measure the favourable "
            "outcome instead (e.g. 'not searched'), or use tolerance_band() for a two-sided "
            "check on any ratio."
        )
    strata = list(counts.strata)
    est = group_estimates(counts)
    sid = _stratum_ids(est, strata)
    m = len(est)
    n = est["n"].to_numpy(float)
    e = est["events"].to_numpy(float)
    _, ridx, _ = _resolve_reference("best", est, sid, True, np.zeros(m, bool))
    j = np.where(ridx < 0, 0, ridx)
    rn, re_ = n[j], e[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate, ref_rate = e / n, re_ / rn
        ratio = rate / ref_rate
        expected = np.minimum.reduce([
            (e + re_) * n / (n + rn), (e + re_) * rn / (n + rn),
            (n + rn - e - re_) * n / (n + rn), (n + rn - e - re_) * rn / (n + rn),
        ])
    is_self = j == np.arange(m)
    use_fisher = np.full(m, test == "fisher") | ((test == "auto") & (expected < 5))
    use_fisher &= st.fisher_feasible(e, n, re_, rn) | ~(n > 0) | ~(rn > 0)
    p = st.two_proportion_z(e, n, re_, rn)
    if use_fisher.any():
        p[use_fisher] = st.fisher_exact(e[use_fisher], n[use_fisher], re_[use_fisher],
                                        rn[use_fisher])
    p = np.where(is_self, np.nan, p)
    p_adj = st.adjust_pvalues(p, adjust) if adjust else np.full(m, np.nan)
    if suppress:
        hidden, n_hidden, _, _ = suppression_masks(est, strata, "proportion", threshold)
        sup = hidden | hidden[j]
    else:
        sup = n_hidden = np.zeros(m, bool)
    out = pd.DataFrame({
        **{s: est[s].to_numpy(object) for s in strata},
        "group": est["group"].to_numpy(object),
        "selected": pd.array(np.where(sup, None, e), dtype="Float64").round().astype("Int64"),
        "applicants": pd.array(np.where(n_hidden, None, n), dtype="Float64")
        .round()
        .astype("Int64"),
        "selection_rate": np.where(sup, np.nan, rate),
        "highest_group": est["group"].to_numpy(object)[j],
        "highest_applicants": pd.array(np.where(n_hidden[j], None, rn), dtype="Float64")
        .round()
        .astype("Int64"),
        "impact_ratio": np.where(sup, np.nan, np.where(is_self, 1.0, ratio)),
        "below_four_fifths": pd.array(np.where(sup | np.isnan(ratio), None,
                                               ratio < 0.8 * (1 - 1e-12)),
                                      dtype="boolean"),
        "p_value": np.where(sup, np.nan, p),
        "test": np.where(is_self, "", np.where(use_fisher, "Fisher exact", "two-proportion z")),
        "p_adjusted": np.where(sup, np.nan, p_adj),
        "small_numbers": (n < 30) | (rn < 30) | (expected < 5),
        "suppressed": sup,
    })
    out.attrs["notes"] = [FOUR_FIFTHS_NOTE]
    return out


def tolerance_band(table: pd.DataFrame, tau: float = 0.8) -> pd.DataFrame:
    """Check ratios against a two-sided tolerance band: ``tau <= ratio <= 1/tau``.

    This is the Aequitas-style fairness band, named separately because it is **not** the
    four-fifths rule: it is two-sided, it can use any reference, and it applies to adverse
    outcomes too. Bounds are inclusive.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`disparities`; only its ``ratio`` rows are used.
    tau : float, default 0.8
        Lower bound, between 0 and 1; the upper bound is ``1/tau``.

    Returns
    -------
    pandas.DataFrame
        The ratio rows with ``band_lower``, ``band_upper`` and ``within_band`` (NA when the
        ratio is suppressed or undefined).

    Examples
    --------
    >>> from equitylab.measures import from_counts, disparities
    >>> t = pd.DataFrame({"g": ["a", "b", "c"], "x": [40, 30, 52], "n": [100, 100, 100]})
    >>> band = tolerance_band(disparities(from_counts(t, "g", "x", "n"), reference="a"))
    >>> band[["group", "estimate", "within_band"]].round(2)
      group  estimate  within_band
    0     a      1.00         True
    1     b      0.75        False
    2     c      1.30        False
    """
    if not 0 < tau < 1:
        raise ValueError(
            f"tau must be between 0 and 1 (e.g. 0.8 for [0.8, 1.25]), not {tau!r}."
        )
    if "measure" not in table or "estimate" not in table:
        raise ValueError("tolerance_band needs the output of disparities() (measure, estimate).")
    rows = table.loc[table["measure"] == "ratio"].copy()
    est = rows["estimate"].to_numpy(float)
    eps = 1e-12  # ratios computed in floating point: 0.32/0.4 must count as 0.8
    inside = (est >= tau * (1 - eps)) & (est <= (1 / tau) * (1 + eps))
    rows["band_lower"] = tau
    rows["band_upper"] = 1 / tau
    rows["within_band"] = pd.array(np.where(np.isnan(est), None, inside), dtype="boolean")
    return rows.reset_index(drop=True)
