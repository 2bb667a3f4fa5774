"""Group estimates and disparities against a reference, as one tidy long table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _stats as st
from ._counts import Counts, counts_of
from ._errors import UnknownReferenceError
from ._suppress import SMALL_CELL_MAX, _small, grid_index, suppress_grid, to_grid

__all__ = ["COLUMNS", "FRAMING_NOTE", "REFERENCES", "disparities", "group_estimates",
           "hide_small_counts"]

#: Reference choices other than a named group.
REFERENCES = ("largest", "best", "overall", "others")

#: Columns of the tidy output, in order (strata columns follow ``indicator``).
COLUMNS = [
    "indicator", "group", "reference", "measure", "estimate", "lower", "upper", "n", "events",
    "ref_n", "ref_events", "rse", "p_value", "p_adjusted", "worse_off", "direction", "unit",
    "per", "level", "method", "flags", "suppressed",
]

FRAMING_NOTE = (
    "Relative gaps depend on framing: the ratio of an outcome and the ratio of its "
    "complement (e.g. searched vs not searched) can tell different stories, so read ratios "
    "alongside the absolute difference."
)

_REF_LABEL = {"overall": "overall", "others": "all other groups"}


def _join_flags(n: int, pairs: Sequence[tuple[str, np.ndarray]]) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    for code, mask in pairs:
        mask = np.asarray(mask, bool)
        if mask.any():
            out = np.where(mask, np.where(out == "", code, out + ";" + code), out)
    return out


def _stratum_ids(table: pd.DataFrame, strata: Sequence[str]) -> np.ndarray:
    if not strata:
        return np.zeros(len(table), dtype=np.int64)
    return table.groupby(list(strata), sort=False, dropna=False).ngroup().to_numpy()


def group_estimates(
    counts: Counts, *, interval: str = "wilson", level: float = 0.95
) -> pd.DataFrame:
    """Each group's estimate with its interval, relative standard error and reliability flags.

    Parameters
    ----------
    counts : Counts
        From :func:`count` or :func:`from_counts`.
    interval : {"wilson", "clopper-pearson"}
        Interval for proportions. Rates always use exact Poisson below 10 events and
        Byar's approximation at 10 or more; means use the t interval.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        The counts table plus ``estimate``, ``lower``, ``upper`` (on the indicator's
        ``per`` scale), ``rse``, ``unit``, ``per`` (the scale the estimate is on),
        ``level`` (the confidence level of ``lower`` and ``upper``), ``method`` and
        ``flags``. Nothing is suppressed here; use :func:`disparities` for anything shown
        to people.

    Examples
    --------
    >>> from equitylab.measures import from_counts
    >>> t = pd.DataFrame({"g": ["a", "b"], "x": [45, 3], "n": [300, 12]})
    >>> est = group_estimates(from_counts(t, "g", "x", "n"))
    >>> est[["group", "estimate", "lower", "upper"]].round(4)
      group  estimate   lower   upper
    0     a      0.15  0.1140  0.1948
    1     b      0.25  0.0889  0.5323
    """
    t = counts.table.copy()
    ind = counts.indicator
    n = t["n"].to_numpy(float)
    e = t["events"].to_numpy(float)
    expo = t["exposure"].to_numpy(float)
    method: str | np.ndarray  # one name, or one per row
    with np.errstate(divide="ignore", invalid="ignore"):
        if ind.unit == "proportion":
            est = e / n
            if interval in ("wilson", "score"):
                lo, hi = st.wilson(e, n, level)
                method = "Wilson score"
            elif interval in ("clopper-pearson", "exact", "beta"):
                lo, hi = st.clopper_pearson(e, n, level)
                method = "Clopper-Pearson"
            else:
                raise ValueError(
                    f"interval must be 'wilson' or 'clopper-pearson' for proportions, not "
                    f"{interval!r}."
                )
            se = np.sqrt(est * (1 - est) / n)
            rse = se / est
            cp_lo, cp_hi = st.clopper_pearson(e, n, 0.95)
            width = cp_hi - cp_lo
            q = 1 - est
            nchs_small = n < 30
            nchs_wide = width >= 0.30
            mid = (width > 0.05) & (width < 0.30)
            nchs_rel = mid & (width / est > 1.30)
            nchs_extreme = (est == 0) | (est == 1)
            nchs_comp = mid & ~nchs_rel & (width / q > 1.30)
            flags = [
                ("nchs_sample_below_30", nchs_small),
                ("nchs_ci_width_0.30", nchs_wide),
                ("nchs_relative_ci_width", nchs_rel),
                ("nchs_review_p_0_or_1", nchs_extreme & (n > 0)),
                ("nchs_complement_footnote", nchs_comp),
            ]
        elif ind.unit == "rate":
            est = e / expo
            plo, phi = st.poisson_interval(e, level)
            lo, hi = plo / expo, phi / expo
            method = np.where(e < 10, "exact Poisson", "Byar")
            rse = 1 / np.sqrt(e)
            elo, ehi = st.poisson_interval(e, 0.95)
            rel_width = (ehi - elo) / e
            flags = [
                ("fewer_than_20_events", e < 20),
                ("nchs_rate_events_below_10", e < 10),
                ("nchs_rate_relative_ci_width", rel_width > 1.60),
            ]
        else:
            est = e / n
            var = (t["sum_sq"].to_numpy(float) - n * est * est) / (n - 1)
            sd = np.sqrt(np.maximum(var, 0))
            lo, hi = st.t_interval(est, sd, n, level)
            method = "Student t"
            rse = sd / np.sqrt(n) / np.abs(est)
            t["sd"] = sd
            flags = [("fewer_than_2_observations", n < 2)]
    zero_den = ~(expo > 0) if ind.unit == "rate" else ~(n > 0)
    flags = [
        ("zero_denominator", zero_den),
        ("unreliable_rse_30", rse >= 0.30),
        ("caution_rse_23_30", (rse >= 0.23) & (rse < 0.30)),
        *flags,
    ]
    scale = ind.per if ind.unit != "mean" else 1.0
    t["estimate"] = est * scale
    t["lower"] = lo * scale
    t["upper"] = hi * scale
    t["rse"] = rse
    t["unit"] = ind.unit
    t["per"] = float(scale)
    t["level"] = float(level)
    t["method"] = method
    t["flags"] = _join_flags(len(t), flags)
    return t


def suppression_masks(
    est: pd.DataFrame, strata: Sequence[str], unit: str, threshold: int = SMALL_CELL_MAX
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-row masks: events hidden, n hidden, primary (small) cells, stratum total hidden.

    Proportions protect the events, the non-events (n - events) and n; rates protect the
    events (populations are public); means protect n. In a table of groups (no strata) a
    group size is hidden only when it is small: no other group's size is hidden to protect
    it, and the total number of people is withheld instead (the stratum total is then
    marked hidden, so an overall or everyone-else reference does not show it). Across
    strata, where the group sizes are the column totals of the grid, complementary cells
    protect small sizes as for events.
    """
    m = len(est)
    n = est["n"].to_numpy(float)
    e = est["events"].to_numpy(float)
    r, c, nr, nc = grid_index(est, strata)
    protect_n = unit in ("proportion", "mean")
    n_res = (suppress_grid(to_grid(r, c, nr, nc, n), threshold=threshold,
                           complements=bool(strata)) if protect_n else None)
    n_hidden = n_res.mask[r, c] if n_res is not None else np.zeros(m, bool)
    if unit == "mean" and n_res is not None:
        e_res = n_res
    else:
        comp = ((n - e) >= 1) & ((n - e) <= threshold) if unit == "proportion" else False
        extra = to_grid(r, c, nr, nc, (n_hidden | comp).astype(float)) > 0
        # A shown denominator caps the events hidden beside it; the audit counts on that.
        cap = np.where(n_hidden, np.inf, n) if unit == "proportion" else None
        # Beside a shown number of people, the events also give the non-events away.
        rest = (to_grid(r, c, nr, nc, (comp & ~n_hidden).astype(float)) > 0
                if unit == "proportion" else None)
        e_res = suppress_grid(to_grid(r, c, nr, nc, e), extra, threshold=threshold,
                              upper=None if cap is None else to_grid(r, c, nr, nc, cap),
                              rest=rest)
    hidden = e_res.mask[r, c] | n_hidden
    # Primary: a count of the row itself is small (events, non-events for a proportion, or
    # people); a row hidden only to protect another row's count is complementary.
    n_primary = n_res.primary[r, c] if n_res is not None else np.zeros(m, bool)
    if unit == "mean":
        primary = n_primary
    else:
        primary = _small(e, threshold) | (comp if unit == "proportion" else False) | n_primary
        primary = np.asarray(primary, bool) & hidden
    margin_hidden = e_res.row_total_hidden[r] | (
        n_res.row_total_hidden[r] if n_res is not None else False
    )
    return hidden, n_hidden, primary, margin_hidden


def hide_small_counts(
    table: pd.DataFrame, *, n: str = "n", events: str = "events",
    threshold: int = SMALL_CELL_MAX,
) -> pd.DataFrame:
    """Hide small counts in a table of group estimates before anyone sees it.

    The same rule as :func:`disparities`: counts from 1 to ``threshold`` are hidden, with
    complementary suppression so that a hidden count cannot be recovered from the other
    rows and a public total. Proportions protect events, non-events and the number of
    people; rates protect events (populations are public); means protect the number of
    people. A group's number of people is hidden only when it is small (the total number
    of people must then not be shown with the table). Everything computed from a hidden
    count (the estimate and its interval) is hidden too.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group, e.g. from :func:`group_estimates`, with the counts in ``n`` and
        ``events`` and, optionally, the kind of estimate in ``unit`` (default proportion).
    n, events : str
        Columns of people (or the denominator) and events.
    threshold : int, default 10
        Largest count that is hidden.

    Returns
    -------
    pandas.DataFrame
        A copy with hidden counts and estimates as NaN and a boolean column ``suppressed``.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B", "C"], "n": [300.0, 200.0, 3.0],
    ...                   "events": [45.0, 20.0, 0.0], "estimate": [15.0, 10.0, 0.0]})
    >>> hide_small_counts(t)[["group", "n", "events", "suppressed"]]
      group      n  events  suppressed
    0     A  300.0     NaN        True
    1     B  200.0    20.0       False
    2     C    NaN     NaN        True
    """
    out = table.reset_index(drop=True).copy()
    unit = str(out["unit"].iloc[0]) if "unit" in out and len(out) else "proportion"
    counts = pd.DataFrame({"group": out["group"] if "group" in out else out.index,
                           "n": out[n].astype(float), "events": out[events].astype(float)})
    hidden, n_hidden, _, _ = suppression_masks(counts, [], unit, threshold)
    out[events] = out[events].astype(float).mask(hidden)
    out[n] = out[n].astype(float).mask(n_hidden)
    for col in ("estimate", "lower", "upper"):
        if col in out:
            out[col] = out[col].astype(float).mask(hidden)
    out["suppressed"] = hidden
    return out


def _resolve_reference(
    reference: Any, est: pd.DataFrame, sid: np.ndarray, better_high: bool, hidden: np.ndarray
) -> tuple[str, np.ndarray, str | None]:
    """Return (kind, index of the reference row per row or -1, named group)."""
    groups = est["group"].to_numpy(object)
    if isinstance(reference, tuple) and len(reference) == 2 and reference[0] == "group":
        kind, name = "named", str(reference[1])
    elif isinstance(reference, str) and reference in REFERENCES:
        kind, name = reference, None
    elif isinstance(reference, str | int | bool):
        kind, name = "named", str(reference)
    else:
        raise ValueError(
            f"reference must be a group name or one of {', '.join(REFERENCES)}, "
            f"not {reference!r}."
        )
    idx = np.full(len(est), -1, dtype=np.int64)
    order = np.arange(len(est))
    if kind == "named":
        if name not in set(groups):
            raise UnknownReferenceError(
                f"Reference group {name!r} is not in the group column. Groups present: "
                f"{', '.join(sorted(map(str, set(groups))))}. Check the spelling and "
                "capitalisation, or use reference='largest' or 'best'."
            )
        hit = groups == name
        first = pd.Series(order[hit], index=sid[hit]).groupby(level=0).first()
        pos = first.reindex(range(sid.max() + 1)).to_numpy()
        idx = np.where(np.isnan(pos[sid]), -1, np.nan_to_num(pos[sid], nan=-1)).astype(np.int64)
    elif kind in ("largest", "best"):
        n = est["n"].to_numpy(float)
        if kind == "largest":
            key = -n
        else:
            v = est["estimate"].to_numpy(float)
            key = -v if better_high else v
            key = np.where(np.isnan(key) | hidden, np.inf, key)
        frame = pd.DataFrame({"sid": sid, "key": key, "tie": -n, "pos": order})
        frame = frame.sort_values(["sid", "key", "tie", "pos"], kind="stable")
        first = frame.groupby("sid", sort=True)["pos"].first()
        ok = frame.groupby("sid", sort=True)["key"].first() < np.inf
        pos = np.where(ok, first, -1)
        idx = pos[sid]
    return kind, idx, name


def disparities(
    source: Counts | Any,
    group: str | None = None,
    outcome: str | None = None,
    *,
    reference: Any = "largest",
    measures: Sequence[str] = ("estimate", "difference", "ratio", "ratio_complement"),
    interval: str = "wilson",
    level: float = 0.95,
    test: str = "auto",
    adjust: str | None = "holm",
    suppress: bool = True,
    threshold: int = SMALL_CELL_MAX,
    **count_kwargs: Any,
) -> pd.DataFrame:
    """Estimates, differences and ratios against a reference, with intervals, as a tidy table.

    Parameters
    ----------
    source : Counts, or a data frame of individual rows
        A counts table, or data to count (then ``group`` and ``outcome`` are required and
        ``count_kwargs`` go to :func:`count`, e.g. ``strata=``, ``indicator=``).
    group, outcome : str, optional
        Column names when ``source`` is individual rows.
    reference : str or ("group", name), default "largest"
        ``"largest"`` (most people), ``"best"`` (most favourable estimate, using the
        indicator's direction; with suppression on, among groups whose counts can be
        shown), ``"overall"`` (everyone, including the group),
        ``"others"`` (everyone else) or a group name. Chosen within each stratum and
        recorded in every row.
    measures : sequence of str
        Any of ``"estimate"``, ``"difference"``, ``"ratio"`` and ``"ratio_complement"``
        (proportions only: the ratio of not having the outcome).
    interval : {"wilson", "clopper-pearson"}
        Interval for a proportion.
    level : float, default 0.95
        Confidence level.
    test : {"auto", "z", "fisher"}
        Test for proportions: ``"auto"`` uses Fisher's exact test when an expected count
        is below 5 and the two-proportion z test otherwise. ``"fisher"`` falls back to the
        z test only where the groups are so large that exactness is needless (every
        expected count in the tens of millions); the ``method`` column names the test
        used. Rates use the conditional (binomial) score test, means Welch's t test.
    adjust : {"holm", "bh", None}
        Multiple-comparison adjustment across all comparisons in the table.
    suppress : bool, default True
        Hide small counts (1 to ``threshold``) with complementary suppression, and every
        number computed from a hidden count.
    threshold : int, default 10
        Largest count that is suppressed. Zero is never suppressed.

    Returns
    -------
    pandas.DataFrame
        One row per stratum x group x measure, with the columns in :data:`COLUMNS`.
        Rows with ``measure == "excluded_rows"`` report rows left out (missing or unknown
        group or outcome). ``DataFrame.attrs`` holds ``"notes"`` and ``"excluded"``.

    Examples
    --------
    >>> from equitylab.measures import from_counts, Indicator
    >>> t = pd.DataFrame({"race": ["Black", "White"], "searched": [45, 30], "stops": [300, 400]})
    >>> c = from_counts(t, "race", "searched", "stops", indicator=Indicator("searched", per=100))
    >>> out = disparities(c, reference="White", measures=["ratio"])
    >>> out[["group", "reference", "estimate", "lower", "upper"]].round(3)
       group reference  estimate  lower  upper
    0  Black     White       2.0  1.292  3.096
    1  White     White       1.0  1.000  1.000
    """
    counts = counts_of(source, group, outcome, **count_kwargs)
    ind = counts.indicator
    strata = list(counts.strata)
    bad = [m for m in measures if m not in ("estimate", "difference", "ratio", "ratio_complement")]
    if bad:
        raise ValueError(
            f"Unknown measure {bad[0]!r}; choose from 'estimate', 'difference', 'ratio', "
            "'ratio_complement'."
        )
    if test not in ("auto", "z", "fisher"):
        raise ValueError(f"test must be 'auto', 'z' or 'fisher', not {test!r}.")
    est = group_estimates(counts, interval=interval, level=level)
    m = len(est)
    sid = _stratum_ids(est, strata)
    n = est["n"].to_numpy(float)
    e = est["events"].to_numpy(float)
    expo = est["exposure"].to_numpy(float)
    sd = est["sd"].to_numpy(float) if "sd" in est else np.full(m, np.nan)

    # --- suppression masks on the strata x group grid ---------------------------------
    if suppress:
        hidden, n_hidden, primary, margin_hidden = suppression_masks(
            est, strata, ind.unit, threshold
        )
    else:
        hidden = n_hidden = primary = margin_hidden = np.zeros(m, bool)

    # --- reference ---------------------------------------------------------------------
    kind, ridx, name = _resolve_reference(reference, est, sid, ind.higher_is_better, hidden)
    if kind in ("overall", "others"):
        tot = pd.DataFrame({"sid": sid, "n": n, "e": e, "x": expo, "ss": est["sum_sq"]})
        sums = tot.groupby("sid").transform("sum")
        rn, re_, rx, rss = (sums[k].to_numpy(float) for k in ("n", "e", "x", "ss"))
        if kind == "others":
            rn, re_, rx, rss = rn - n, re_ - e, rx - expo, rss - est["sum_sq"].to_numpy(float)
        ref_label = np.full(m, _REF_LABEL[kind], dtype=object)
        ref_missing = np.zeros(m, bool)
        is_self = np.zeros(m, bool)
        ref_hidden = margin_hidden | (hidden if kind == "others" else False)
        ref_n_hidden = margin_hidden | (n_hidden if kind == "others" else False)
        with np.errstate(divide="ignore", invalid="ignore"):
            rm = re_ / rn
            rsd = np.sqrt(np.maximum((rss - rn * rm * rm) / (rn - 1), 0))
    else:
        ref_missing = ridx < 0
        j = np.where(ref_missing, 0, ridx)
        pick = lambda a: np.where(ref_missing, np.nan, a[j])  # noqa: E731
        rn, re_, rx, rsd = pick(n), pick(e), pick(expo), pick(sd)
        glabels = est["group"].to_numpy(object)
        ref_label = np.where(ref_missing, name if name is not None else "", glabels[j])
        is_self = ~ref_missing & (j == np.arange(m))
        ref_hidden = np.where(ref_missing, False, hidden[j])
        ref_n_hidden = np.where(ref_missing, False, n_hidden[j])
    ref_label = ref_label.astype(object)

    # --- comparisons -------------------------------------------------------------------
    scale = ind.per if ind.unit != "mean" else 1.0
    zero_cell = np.zeros(m, bool)
    rows: list[pd.DataFrame] = []
    test_name: str | np.ndarray  # one name, or one per row
    ratio_method: str | np.ndarray
    with np.errstate(divide="ignore", invalid="ignore"):
        if ind.unit == "proportion":
            diff, dlo, dhi = st.newcombe(e, n, re_, rn, level)
            ratio, rlo, rhi, zero_cell = st.katz_ratio(e, n, re_, rn, level)
            cratio, clo, chi, czero = st.katz_ratio(n - e, n, rn - re_, rn, level)
            expected = np.minimum.reduce([
                (e + re_) * n / (n + rn), (e + re_) * rn / (n + rn),
                (n + rn - e - re_) * n / (n + rn), (n + rn - e - re_) * rn / (n + rn),
            ])
            use_fisher = np.full(m, test == "fisher") | ((test == "auto") & (expected < 5))
            # Beyond FISHER_MAX_SD the exact sum is replaced by the z test: say so.
            use_fisher &= st.fisher_feasible(e, n, re_, rn) | ~(n > 0) | ~(rn > 0)
            p = st.two_proportion_z(e, n, re_, rn)
            ok = use_fisher & (n > 0) & (rn > 0) & ~np.isnan(rn)
            if ok.any():
                p[ok] = st.fisher_exact(e[ok], n[ok], re_[ok], rn[ok])
            test_name = np.where(use_fisher, "Fisher exact", "two-proportion z")
            diff_method = "Newcombe hybrid score"
            ratio_method = np.where(zero_cell, "Miettinen-Nurminen score (zero cell)", "Katz log")
            cratio_method = np.where(czero, "Miettinen-Nurminen score (zero cell)", "Katz log")
        elif ind.unit == "rate":
            diff, dlo, dhi = st.rate_difference(e, expo, re_, rx, level)
            ratio, rlo, rhi, zero_cell = st.rate_ratio(e, expo, re_, rx, level)
            total = e + re_
            pi0 = expo / (expo + rx)
            zstat = (e - total * pi0) / np.sqrt(total * pi0 * (1 - pi0))
            p = st.normal_p(np.where(total > 0, zstat, np.nan))
            test_name = "conditional binomial score"
            diff_method = "Wald (Poisson)"
            ratio_method = np.where(zero_cell, "exact conditional (zero count)", "log-Poisson")
        else:
            mean1, mean0 = e / n, re_ / rn
            diff, dlo, dhi, p = st.welch(mean1, sd, n, mean0, rsd, rn, level)
            ratio = mean1 / mean0
            z = st.z_value(level)
            se_log = np.sqrt((sd / np.sqrt(n) / mean1) ** 2 + (rsd / np.sqrt(rn) / mean0) ** 2)
            rlo, rhi = ratio * np.exp(-z * se_log), ratio * np.exp(z * se_log)
            nonpos = ~((mean1 > 0) & (mean0 > 0))
            rlo, rhi = np.where(nonpos, np.nan, rlo), np.where(nonpos, np.nan, rhi)
            test_name = "Welch t"
            diff_method = "Welch t"
            ratio_method = "delta method (log scale)"
    own_est = est["estimate"].to_numpy(float) / scale
    with np.errstate(invalid="ignore"):
        ref_est = np.where(ref_missing, np.nan, re_ / (rx if ind.unit == "rate" else rn))
        gap = own_est - ref_est
        worse = np.where(ind.higher_is_better, gap < 0, gap > 0)
    worse_off = pd.array(np.where(np.isnan(gap), None, worse), dtype="boolean")
    # The reference compared with itself: exactly 1 and 0, no test.
    diff = np.where(is_self, 0.0, diff)
    ratio = np.where(is_self, 1.0, ratio)
    p = np.where(is_self, np.nan, p)
    p_adj = np.full(m, np.nan)
    if adjust is not None:
        p_adj = st.adjust_pvalues(p, adjust)

    zero_den = ~(n > 0) if ind.unit != "rate" else ~(expo > 0)
    ref_zero_den = ~(rn > 0) if ind.unit != "rate" else ~(rx > 0)
    common_flags = [
        ("reference_missing_in_stratum", ref_missing),
        ("reference_group", is_self),
        ("reference_includes_group", np.full(m, kind == "overall")),
        ("zero_denominator", zero_den | ref_zero_den),
    ]
    est_flags = est["flags"].to_numpy(object)
    unreliable_self = pd.Series(est_flags).str.contains("unreliable_rse_30").to_numpy()
    if kind in ("overall", "others"):
        unreliable_ref = np.zeros(m, bool)
    else:
        jj = np.where(ridx < 0, 0, ridx)
        unreliable_ref = np.where(ridx < 0, False, unreliable_self[jj])
    comp_flags = [
        ("zero_events", (e == 0) & (n > 0)),
        ("zero_reference_events", (re_ == 0) & (rn > 0)),
        ("group_estimate_unreliable", unreliable_self),
        ("reference_estimate_unreliable", unreliable_ref),
    ]
    sup_flags = [
        ("suppressed_small_cell", primary),
        ("suppressed_complementary", hidden & ~primary),
    ]
    ref_sup_flag = [("suppressed_reference", ref_hidden & ~hidden)]

    base = {"indicator": ind.name}
    strata_cols = {s: est[s].to_numpy(object) for s in strata}

    def block(measure: str, values: np.ndarray, lo: np.ndarray, hi: np.ndarray, *,
              method: Any, flags: np.ndarray, comparison: bool) -> pd.DataFrame:
        sup = (hidden | ref_hidden) if comparison else hidden
        if comparison:
            lo = np.where(is_self, values, lo)
            hi = np.where(is_self, values, hi)
        frame = pd.DataFrame({
            **base, **strata_cols,
            "group": est["group"].to_numpy(object),
            "reference": ref_label,
            "measure": measure,
            "estimate": np.where(sup, np.nan, values),
            "lower": np.where(sup, np.nan, lo),
            "upper": np.where(sup, np.nan, hi),
            "n": pd.array(np.where(n_hidden, None, n), dtype="Float64").round().astype("Int64"),
            "events": pd.array(np.where(hidden, None, e), dtype="Float64"),
            "ref_n": pd.array(np.where(ref_n_hidden | ref_missing, None, rn), dtype="Float64"),
            "ref_events": pd.array(np.where(ref_hidden | ref_missing, None, re_), dtype="Float64"),
            "rse": np.where(sup, np.nan, est["rse"].to_numpy(float)) if not comparison else np.nan,
            "p_value": np.where(sup, np.nan, p) if comparison else np.nan,
            "p_adjusted": np.where(sup, np.nan, p_adj) if comparison else np.nan,
            "worse_off": worse_off if comparison else pd.array([pd.NA] * m, dtype="boolean"),
            "direction": ind.direction,
            "unit": ind.unit,
            "per": 1.0 if measure.startswith("ratio") else scale,
            "level": float(level),
            "method": method,
            "flags": flags,
            "suppressed": sup,
        })
        if comparison:
            frame.loc[sup, "worse_off"] = pd.NA
        if ind.unit != "mean":
            frame["events"] = frame["events"].round().astype("Int64")
            frame["ref_events"] = frame["ref_events"].round().astype("Int64")
            frame["ref_n"] = frame["ref_n"].round().astype("Int64")
        else:
            frame["events"] = frame["events"].astype("Float64")
        return frame

    if "estimate" in measures:
        flags = _merge(est_flags, _join_flags(m, [("reference_group", is_self), *sup_flags]))
        rows.append(block(ind.unit, est["estimate"].to_numpy(float), est["lower"].to_numpy(float),
                          est["upper"].to_numpy(float), method=est["method"].to_numpy(object),
                          flags=flags, comparison=False))
    cflags = _join_flags(m, [*common_flags, *comp_flags, *sup_flags, *ref_sup_flag])
    test_arr = np.broadcast_to(np.asarray(test_name, dtype=object), (m,))
    if "difference" in measures:
        meth = np.asarray([f"{diff_method}; {t}" for t in test_arr], dtype=object)
        rows.append(block("difference", diff * scale, dlo * scale, dhi * scale, method=meth,
                          flags=cflags, comparison=True))
    if "ratio" in measures:
        zf = _join_flags(m, [("zero_cell_interval", zero_cell & ~is_self)])
        rows.append(block("ratio", ratio, rlo, rhi, method=ratio_method,
                          flags=_merge(cflags, zf), comparison=True))
    if "ratio_complement" in measures and ind.unit == "proportion":
        comp = _join_flags(m, [("complement_framing", np.ones(m, bool)),
                               ("zero_cell_interval", czero & ~is_self)])
        cr = np.where(is_self, 1.0, cratio)
        out = block("ratio_complement", cr, clo, chi, method=cratio_method,
                    flags=_merge(cflags, comp), comparison=True)
        out["worse_off"] = worse_off
        out.loc[out["suppressed"], "worse_off"] = pd.NA
        rows.append(out)
    table = pd.concat(rows, ignore_index=True)
    order = {"estimate": 0, "proportion": 0, "rate": 0, "mean": 0, "difference": 1, "ratio": 2,
             "ratio_complement": 3}
    table["_o"] = table["measure"].map(order)
    table["_g"] = np.tile(np.arange(m), len(rows))
    table = table.sort_values(["_g", "_o"], kind="stable").drop(columns=["_o", "_g"])
    if len(counts.excluded):
        table = pd.concat(
            [table, _excluded_rows(counts, ind, strata, suppress, threshold, level)],
            ignore_index=True,
        )
    table = table[["indicator", *strata, *[c for c in COLUMNS if c != "indicator"]]]
    framed = "ratio_complement" in measures and ind.unit == "proportion"
    table.attrs["notes"] = [FRAMING_NOTE] if framed else []
    table.attrs["excluded"] = counts.excluded
    table.attrs["reference"] = kind if kind != "named" else name
    return table.reset_index(drop=True)


def _merge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where(a == "", b, np.where(b == "", a, a + ";" + b))


def _excluded_rows(
    counts: Counts, ind: Any, strata: list[str], suppress: bool, threshold: int, level: float
) -> pd.DataFrame:
    ex = counts.excluded
    rows = ex["rows"].to_numpy(float)
    hide = ((rows >= 1) & (rows <= threshold)) if suppress else np.zeros(len(ex), bool)
    return pd.DataFrame({
        "indicator": ind.name,
        **{s: None for s in strata},
        "group": ex["group"].fillna("(missing)").to_numpy(object),
        "reference": "",
        "measure": "excluded_rows",
        "estimate": np.where(hide, np.nan, rows),
        "lower": np.nan, "upper": np.nan,
        "n": pd.array(np.where(hide, None, rows), dtype="Float64").round().astype("Int64"),
        "events": pd.array([pd.NA] * len(ex), dtype="Int64"),
        "ref_n": pd.array([pd.NA] * len(ex), dtype="Int64"),
        "ref_events": pd.array([pd.NA] * len(ex), dtype="Int64"),
        "rse": np.nan, "p_value": np.nan, "p_adjusted": np.nan,
        "worse_off": pd.array([pd.NA] * len(ex), dtype="boolean"),
        "direction": ind.direction, "unit": ind.unit, "per": 1.0, "level": float(level),
        "method": "count of rows left out",
        "flags": ex["reason"].str.replace(" ", "_").to_numpy(object),
        "suppressed": hide,
    })
