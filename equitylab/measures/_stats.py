"""Vectorised interval estimators and tests. Every function takes numpy arrays.

SciPy is imported inside the functions that need it, so importing the package stays fast.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def z_value(level: float = 0.95) -> float:
    """Return the two-sided standard normal critical value for a confidence level.

    Examples
    --------
    >>> round(z_value(0.95), 6)
    1.959964
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), not {level!r}.")
    return NormalDist().inv_cdf(0.5 + level / 2)


def _f(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


def _quiet() -> np.errstate:
    return np.errstate(divide="ignore", invalid="ignore", over="ignore")


# --- one group -------------------------------------------------------------------------------


def wilson(x: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[Array, Array]:
    """Wilson score interval for a proportion x/n (NaN where n is 0).

    Examples
    --------
    >>> lo, hi = wilson(45, 300)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.114, 0.1948)
    """
    x, n, z = _f(x), _f(n), z_value(level)
    with _quiet():
        p = x / n
        den = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
        return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def clopper_pearson(x: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[Array, Array]:
    """Clopper–Pearson ("exact") interval for a proportion x/n.

    Examples
    --------
    >>> lo, hi = clopper_pearson(3, 12)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0549, 0.5719)
    """
    from scipy.special import betaincinv

    x, n = _f(x), _f(n)
    alpha = 1 - level
    with _quiet():
        lo = np.where(x > 0, betaincinv(x, n - x + 1, alpha / 2), 0.0)
        hi = np.where(x < n, betaincinv(x + 1, n - x, 1 - alpha / 2), 1.0)
    bad = ~(n > 0)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def poisson_exact(d: ArrayLike, level: float = 0.95) -> tuple[Array, Array]:
    """Exact (chi-square) interval for a Poisson count d.

    Examples
    --------
    >>> lo, hi = poisson_exact(12)
    >>> round(float(lo), 2), round(float(hi), 2)
    (6.2, 20.96)
    """
    from scipy.special import gammaincinv

    d = _f(d)
    alpha = 1 - level
    with _quiet():
        # chi2.ppf(q, 2k)/2 == gammaincinv(k, q)
        lo = np.where(d > 0, gammaincinv(np.where(d > 0, d, 1), alpha / 2), 0.0)
        # float64 in, float64 out (scipy's stub allows float32 as well).
        hi = cast(Array, gammaincinv(d + 1, 1 - alpha / 2))
    return lo, hi


def byar(d: ArrayLike, level: float = 0.95) -> tuple[Array, Array]:
    """Byar's approximation to the exact Poisson interval for a count d.

    Examples
    --------
    >>> lo, hi = byar(12)
    >>> round(float(lo), 3), round(float(hi), 3)
    (6.194, 20.963)
    """
    d, z = _f(d), z_value(level)
    with _quiet():
        lo = d * (1 - 1 / (9 * d) - z / (3 * np.sqrt(d))) ** 3
        hi = (d + 1) * (1 - 1 / (9 * (d + 1)) + z / (3 * np.sqrt(d + 1))) ** 3
    return np.where(d > 0, lo, 0.0), hi


def poisson_interval(d: ArrayLike, level: float = 0.95) -> tuple[Array, Array]:
    """Interval for a Poisson count: exact below 10 events, Byar at 10 or more (as PHE does).

    Examples
    --------
    >>> [round(float(v), 3) for v in poisson_interval([3, 12])[0]]
    [0.619, 6.194]
    """
    d = _f(d)
    elo, ehi = poisson_exact(d, level)
    blo, bhi = byar(d, level)
    small = d < 10
    return np.where(small, elo, blo), np.where(small, ehi, bhi)


def t_interval(
    mean: ArrayLike, sd: ArrayLike, n: ArrayLike, level: float = 0.95
) -> tuple[Array, Array]:
    """Student t interval for a mean (NaN when n < 2).

    Examples
    --------
    >>> lo, hi = t_interval(10.0, 2.0, 16)
    >>> round(float(lo), 3), round(float(hi), 3)
    (8.934, 11.066)
    """
    from scipy.special import stdtrit

    mean, sd, n = _f(mean), _f(sd), _f(n)
    with _quiet():
        df = np.where(n >= 2, n - 1, np.nan)
        half = stdtrit(df, 0.5 + level / 2) * sd / np.sqrt(n)
    return mean - half, mean + half


# --- two groups ------------------------------------------------------------------------------


def newcombe(
    x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike, level: float = 0.95
) -> tuple[Array, Array, Array]:
    """Newcombe's hybrid score interval (method 10) for a difference of proportions p1 - p0.

    Examples
    --------
    >>> d, lo, hi = newcombe(45, 300, 30, 400)
    >>> round(float(d), 4), round(float(lo), 4), round(float(hi), 4)
    (0.075, 0.0281, 0.1249)
    """
    x1, n1, x0, n0 = _f(x1), _f(n1), _f(x0), _f(n0)
    with _quiet():
        p1, p0 = x1 / n1, x0 / n0
        l1, u1 = wilson(x1, n1, level)
        l0, u0 = wilson(x0, n0, level)
        d = p1 - p0
        lo = d - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
        hi = d + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return d, lo, hi


def _mn_ratio_stat(theta: Array, x1: Array, n1: Array, x0: Array, n0: Array) -> Array:
    """Miettinen–Nurminen score statistic for H0: p1/p0 = theta (decreasing in theta)."""
    n = n1 + n0
    c = x1 + x0
    a = n * theta
    b = -(n1 * theta + x1 + n0 + x0 * theta)
    p0 = (-b - np.sqrt(np.maximum(b * b - 4 * a * c, 0))) / (2 * a)
    p1 = p0 * theta
    var = (p1 * (1 - p1) / n1 + theta**2 * p0 * (1 - p0) / n0) * n / (n - 1)
    return (x1 / n1 - theta * x0 / n0) / np.sqrt(var)


def score_ratio_interval(
    x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike, level: float = 0.95
) -> tuple[Array, Array]:
    """Miettinen–Nurminen score interval for a risk ratio; defined when a cell is zero.

    Used as the zero-cell fallback for the Katz interval. Found by bisection on log(ratio),
    vectorised over all rows at once.

    Examples
    --------
    >>> lo, hi = score_ratio_interval([0], [20], [5], [25])
    >>> float(lo[0]), round(float(hi[0]), 3)
    (0.0, 0.88)
    """
    x1, n1, x0, n0 = (np.atleast_1d(_f(v)) for v in (x1, n1, x0, n0))
    z = z_value(level)

    def solve(target: float) -> Array:
        lo = np.full(x1.shape, -40.0)
        hi = np.full(x1.shape, 40.0)
        for _ in range(64):  # fixed-iteration bisection over every row at once
            mid = (lo + hi) / 2
            with _quiet():
                s = _mn_ratio_stat(np.exp(mid), x1, n1, x0, n0)
            go_up = s > target  # statistic still too large: the root is above mid
            lo = np.where(go_up, mid, lo)
            hi = np.where(go_up, hi, mid)
        return np.exp((lo + hi) / 2)

    lower = np.where(x1 > 0, solve(z), 0.0)
    upper = np.where(x0 > 0, solve(-z), np.inf)
    undefined = ((x1 == 0) & (x0 == 0)) | ~(n1 > 0) | ~(n0 > 0)
    return np.where(undefined, np.nan, lower), np.where(undefined, np.nan, upper)


def katz_ratio(
    x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike, level: float = 0.95
) -> tuple[Array, Array, Array, NDArray[np.bool_]]:
    """Risk ratio p1/p0 with the Katz log interval; score interval where a cell is zero.

    Returns the ratio, lower, upper and a boolean array marking rows that used the
    zero-cell fallback. A zero numerator gives ratio 0, a zero reference gives inf, and
    0/0 gives NaN: never a capped or substituted value.

    Examples
    --------
    >>> rr, lo, hi, fallback = katz_ratio([45, 0], [300, 20], [30, 5], [400, 25])
    >>> rr.round(3).tolist(), lo.round(3).tolist(), hi.round(3).tolist(), fallback.tolist()
    ([2.0, 0.0], [1.292, 0.0], [3.096, 0.88], [False, True])
    """
    x1, n1, x0, n0 = (np.atleast_1d(_f(v)) for v in (x1, n1, x0, n0))
    z = z_value(level)
    with _quiet():
        rr = (x1 / n1) / (x0 / n0)
        se = np.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0)
        lo, hi = rr * np.exp(-z * se), rr * np.exp(z * se)
    zero = ((x1 == 0) | (x0 == 0)) & (n1 > 0) & (n0 > 0)
    if zero.any():
        slo, shi = score_ratio_interval(x1[zero], n1[zero], x0[zero], n0[zero], level)
        lo[zero], hi[zero] = slo, shi
    return rr, lo, hi, zero


def rate_ratio(
    d1: ArrayLike, t1: ArrayLike, d0: ArrayLike, t0: ArrayLike, level: float = 0.95
) -> tuple[Array, Array, Array, NDArray[np.bool_]]:
    """Rate ratio (d1/t1)/(d0/t0) with the log-Poisson (Wald) interval.

    Where either count is zero the log interval is undefined; the exact conditional
    interval (binomial on d1 given d1 + d0, mapped back) is used instead and flagged.

    Examples
    --------
    >>> rr, lo, hi, exact = rate_ratio([40], [100000], [25], [125000])
    >>> round(float(rr[0]), 3), round(float(lo[0]), 3), round(float(hi[0]), 3), bool(exact[0])
    (2.0, 1.213, 3.296, False)
    """
    d1, t1, d0, t0 = (np.atleast_1d(_f(v)) for v in (d1, t1, d0, t0))
    z = z_value(level)
    with _quiet():
        rr = (d1 / t1) / (d0 / t0)
        se = np.sqrt(1 / d1 + 1 / d0)
        lo, hi = rr * np.exp(-z * se), rr * np.exp(z * se)
    zero = ((d1 == 0) | (d0 == 0)) & (t1 > 0) & (t0 > 0) & (d1 + d0 > 0)
    if zero.any():
        plo, phi = clopper_pearson(d1[zero], d1[zero] + d0[zero], level)
        scale = t0[zero] / t1[zero]
        with _quiet():
            lo[zero] = plo / (1 - plo) * scale
            hi[zero] = np.where(phi >= 1, np.inf, phi / (1 - phi) * scale)
    return rr, lo, hi, zero


def rate_difference(
    d1: ArrayLike, t1: ArrayLike, d0: ArrayLike, t0: ArrayLike, level: float = 0.95
) -> tuple[Array, Array, Array]:
    """Rate difference d1/t1 - d0/t0 with the normal (Wald) interval.

    Examples
    --------
    >>> rd, lo, hi = rate_difference(40, 1000, 25, 1250)
    >>> round(float(rd), 4), round(float(lo), 4), round(float(hi), 4)
    (0.02, 0.0053, 0.0347)
    """
    d1, t1, d0, t0 = _f(d1), _f(t1), _f(d0), _f(t0)
    z = z_value(level)
    with _quiet():
        rd = d1 / t1 - d0 / t0
        se = np.sqrt(d1 / t1**2 + d0 / t0**2)
    return rd, rd - z * se, rd + z * se


def welch(
    m1: ArrayLike, s1: ArrayLike, n1: ArrayLike, m0: ArrayLike, s0: ArrayLike, n0: ArrayLike,
    level: float = 0.95,
) -> tuple[Array, Array, Array, Array]:
    """Welch interval and two-sided p-value for a difference of means m1 - m0.

    Examples
    --------
    >>> d, lo, hi, p = welch(10, 2, 30, 9, 2, 30)
    >>> round(float(d), 2), round(float(p), 4)
    (1.0, 0.0577)
    """
    from scipy.special import stdtr, stdtrit

    m1, s1, n1, m0, s0, n0 = (_f(v) for v in (m1, s1, n1, m0, s0, n0))
    with _quiet():
        v1, v0 = s1**2 / n1, s0**2 / n0
        se = np.sqrt(v1 + v0)
        df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1))
        d = m1 - m0
        half = stdtrit(df, 0.5 + level / 2) * se
        p = 2 * stdtr(df, -np.abs(d / se))
    return d, d - half, d + half, p


# --- tests -----------------------------------------------------------------------------------


def normal_p(zstat: ArrayLike) -> Array:
    """Two-sided p-value for a standard normal statistic."""
    from scipy.special import ndtr

    return 2 * ndtr(-np.abs(_f(zstat)))


def two_proportion_z(x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike) -> Array:
    """Two-sided p-value of the pooled two-proportion z test (the chi-square test, 1 df).

    Examples
    --------
    >>> round(float(two_proportion_z(45, 300, 30, 400)), 5)
    0.0015
    """
    x1, n1, x0, n0 = _f(x1), _f(n1), _f(x0), _f(n0)
    with _quiet():
        p = (x1 + x0) / (n1 + n0)
        se = np.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
        zstat = (x1 / n1 - x0 / n0) / se
    zstat = np.where(se == 0, 0.0, zstat)  # identical all-0 or all-1 groups: no evidence
    return normal_p(zstat)


#: Relative tolerance for "no more likely than the observed table" (R's ``fisher.test``).
FISHER_REL_TOL = 1e-7

#: Largest standard deviation of the hypergeometric distribution for which
#: :func:`fisher_exact` sums the exact distribution (about 80 standard deviations of terms,
#: under a million). Beyond it every expected count is in the tens of millions, the
#: distribution is normal to many digits, and the two-proportion z test is used instead.
FISHER_MAX_SD = 1.0e4

# Terms below exp(-800) of the most likely table cannot change a float64 p-value (even
# 10**20 of them sum to less than the smallest positive double).
_NEGLIGIBLE_LOG = -800.0
# Terms below exp(-45) of the observed table's are left out of the sums: with at most
# a few hundred thousand such terms, decaying, they add less than 1e-14 of the p-value.
_TAIL_LOG = 45.0


def _walk(x: int, level: float, end: int, step: int, n1: int, n0: int, k: int,
          floor: float, limit: int) -> Array:
    """Return log f(y) - log f(mode) for y = x + step, x + 2 step, ... towards ``end``.

    ``level`` is the value at ``x``. Uses the hypergeometric recurrence
    f(y+1)/f(y) = (n1-y)(k-y) / ((y+1)(n0-k+y+1)), one log per step, in growing chunks,
    and stops at ``end``, after ``limit`` steps, or once the values are below ``floor``.
    """
    parts: list[Array] = []
    size, done = 256, 0
    while x != end and level >= floor and done < limit:
        m = min(size, abs(end - x), limit - done)
        j = float(x) + step * np.arange(m, dtype=np.float64)  # exact below 2**53
        with _quiet():
            if step > 0:  # f(j+1)/f(j)
                ratio = ((n1 - j) * (k - j)) / ((j + 1) * (n0 - k + j + 1))
            else:  # f(j-1)/f(j)
                ratio = (j * (n0 - k + j)) / ((n1 - j + 1) * (k - j + 1))
        lv = level + np.cumsum(np.log(ratio))
        parts.append(lv)
        level = float(lv[-1])
        x += step * m
        done += m
        size = min(size * 4, 1 << 16)
    return np.concatenate(parts) if parts else np.empty(0)


def _fisher_one(x: int, n1: int, n0: int, k: int) -> float:
    """Two-sided Fisher p-value of one 2x2 table (x of n1 vs k - x of n0), exactly summed."""
    total = n1 + n0
    lo, hi = max(0, k - n0), min(k, n1)
    if lo == hi:
        return 1.0
    mode = min(max((n1 + 1) * (k + 1) // (total + 2), lo), hi)
    s = 1 if x >= mode else -1
    far, near = (hi, lo) if s > 0 else (lo, hi)
    dist = abs(x - mode)
    # Out to the observed table (unless it is negligible), then on past it.
    side = _walk(mode, 0.0, far, s, n1, n0, k, _NEGLIGIBLE_LOG, dist)
    if len(side) < dist:
        return 0.0  # the observed table is below exp(-800) of the mode: p underflows
    l_obs = float(side[dist - 1]) if dist else 0.0
    floor = l_obs - _TAIL_LOG
    last = float(side[-1]) if len(side) else 0.0
    more = _walk(mode + s * dist, last, far, s, n1, n0, k, floor, abs(far - mode))
    other = _walk(mode, 0.0, near, -s, n1, n0, k, floor, abs(near - mode))
    logs = np.concatenate([other, [0.0], side, more])
    terms = np.exp(logs)
    keep = logs <= l_obs + math.log1p(FISHER_REL_TOL)
    return min(float(terms[keep].sum() / terms.sum()), 1.0)


def hypergeometric_sd(x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike) -> Array:
    """Return the SD of a 2x2 table's first cell given its margins (0 if degenerate)."""
    x1, n1, x0, n0 = _f(x1), _f(n1), _f(x0), _f(n0)
    total, k = n1 + n0, x1 + x0
    with _quiet():
        var = n1 * n0 / total * (k / total) * ((total - k) / (total - 1))
    return np.sqrt(np.where(total > 1, var, 0.0))


def fisher_feasible(x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike
                    ) -> NDArray[np.bool_]:
    """Mark where :func:`fisher_exact` sums the exact distribution (see FISHER_MAX_SD).

    Examples
    --------
    >>> fisher_feasible([3, 5 * 10**9], [10, 10**10], [8, 5 * 10**9], [10, 10**10]).tolist()
    [True, False]
    """
    with _quiet():
        return np.atleast_1d(hypergeometric_sd(x1, n1, x0, n0) <= FISHER_MAX_SD)


def fisher_exact(x1: ArrayLike, n1: ArrayLike, x0: ArrayLike, n0: ArrayLike) -> Array:
    """Two-sided Fisher exact test p-values for many 2x2 tables (x1 of n1 vs x0 of n0).

    The p-value is the probability, given the margins, of every table no more likely than
    the one observed, with R's relative tolerance of 1e-7 (:data:`FISHER_REL_TOL`) so that
    ties are not lost to rounding. Each table's hypergeometric probabilities are built in
    log space by the ratio recurrence, outward from the most likely table, and the walk
    stops where the terms fall below exp(-800) of it. No factorial or gamma function of
    n is formed, so the result keeps its accuracy at any n (agreement with exact rational
    arithmetic to about 1e-13), and the cost grows with the spread of the distribution
    (its standard deviation), not with n. Memory is at most a few megabytes per table.

    Where that spread is so wide that exactness no longer matters (a standard deviation
    above :data:`FISHER_MAX_SD`, i.e. every expected count in the tens of millions), the
    p-value of the two-proportion z test is returned instead; :func:`fisher_feasible`
    tells which, so callers can name the test they used.

    Examples
    --------
    >>> round(float(fisher_exact(3, 10, 8, 10)[0]), 6)
    0.069779
    >>> float(fisher_exact(0, 10**12, 5, 10**12)[0])  # exactly 0.0624999999996875...
    0.06249999999968751
    """
    x1, n1, x0, n0 = (np.atleast_1d(_f(v)) for v in (x1, n1, x0, n0))
    x1, n1, x0, n0 = np.broadcast_arrays(x1, n1, x0, n0)
    out = np.full(x1.shape, np.nan)
    valid = (np.isfinite(x1) & np.isfinite(n1) & np.isfinite(x0) & np.isfinite(n0)
             & (n1 > 0) & (n0 > 0) & (x1 >= 0) & (x0 >= 0) & (x1 <= n1) & (x0 <= n0))
    exact = valid & fisher_feasible(x1, n1, x0, n0)
    for i in np.flatnonzero(exact):
        a, b, c, d = (int(round(float(v[i]))) for v in (x1, n1, x0, n0))
        out[i] = _fisher_one(a, b, d, a + c)
    approx = valid & ~exact
    if approx.any():
        out[approx] = two_proportion_z(x1[approx], n1[approx], x0[approx], n0[approx])
    return out


def adjust_pvalues(p: ArrayLike, method: str = "holm") -> Array:
    """Adjust p-values for multiple comparisons (Holm or Benjamini–Hochberg).

    NaN p-values are left out of the family and stay NaN.

    Parameters
    ----------
    p : array-like
        Unadjusted p-values.
    method : {"holm", "bh"}
        Holm's step-down (controls the family-wise error rate) or Benjamini–Hochberg
        (controls the false discovery rate).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03], "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> adjust_pvalues([0.01, 0.04, 0.03], "bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p, dtype=np.float64)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    sorted_p = q[order]
    if method == "holm":
        adj = np.maximum.accumulate((m - np.arange(m)) * sorted_p)
    elif method in ("bh", "fdr_bh", "benjamini-hochberg"):
        adj = np.minimum.accumulate(m / np.arange(m, 0, -1) * sorted_p[::-1])[::-1]
    else:
        raise ValueError(f"method must be 'holm' or 'bh' (Benjamini–Hochberg), not {method!r}.")
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out
