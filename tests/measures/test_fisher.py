"""Fisher's exact test against exact rational arithmetic, scipy, and at huge n (issue 14.4)."""

from __future__ import annotations

import math
import time
import tracemalloc
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import scipy.stats as ss

from equitylab import measures as m
from equitylab.measures import _stats as st


def exact_fisher(x1: int, n1: int, x0: int, n0: int) -> Fraction:
    """Two-sided p-value in rationals: tables with P <= P(observed) * (1 + 1e-7) (R's rule).

    Integer weights proportional to the probabilities, from the exact ratio recurrence
    f(j+1)/f(j) = a_j/b_j put over one common denominator (no floats, no gcd).
    """
    k = x1 + x0
    lo, hi = max(0, k - n0), min(k, n1)
    a = [(n1 - j) * (k - j) for j in range(lo, hi)]
    b = [(j + 1) * (n0 - k + j + 1) for j in range(lo, hi)]
    suffix = [1] * (len(b) + 1)  # suffix[i] = b[i] * ... * b[-1]
    for i in range(len(b) - 1, -1, -1):
        suffix[i] = suffix[i + 1] * b[i]
    w, num = [], 1
    for i in range(len(a) + 1):
        w.append(num * suffix[i])
        if i < len(a):
            num *= a[i]
    obs = w[x1 - lo]
    tail = sum(v for v in w if v * 10**7 <= obs * (10**7 + 1))
    return Fraction(tail, sum(w))


def random_tables(rng: np.random.Generator, count: int, n_max: int) -> list[tuple[int, ...]]:
    out = []
    for _ in range(count):
        n1, n0 = (int(v) for v in rng.integers(1, n_max + 1, 2))
        p = rng.choice([rng.uniform(0, 1), rng.uniform(0, 0.05), rng.uniform(0.95, 1)])
        x1 = int(rng.binomial(n1, p))
        x0 = int(rng.binomial(n0, rng.choice([p, rng.uniform(0, 1)])))
        out.append((x1, n1, x0, n0))
    return out


def test_fisher_matches_exact_rationals_on_small_tables():
    rng = np.random.default_rng(14)
    tables = random_tables(rng, 1000, 60) + [(0, 1, 0, 1), (1, 1, 0, 1), (3, 10, 8, 10),
                                             (5, 5, 0, 5), (0, 30, 30, 30), (2, 4, 2, 4)]
    x1, n1, x0, n0 = (np.array(c) for c in zip(*tables, strict=True))
    p = st.fisher_exact(x1, n1, x0, n0)
    ref = np.array([float(exact_fisher(*t)) for t in tables])
    assert np.max(np.abs(p - ref)) <= 1e-13
    small = ref > 0
    assert np.max(np.abs(p[small] / ref[small] - 1)) <= 1e-12


def test_fisher_matches_exact_rationals_at_huge_denominators():
    """Small margins with n up to 10**13: the cases that lost digits to log-gamma."""
    rng = np.random.default_rng(41)
    tables = [(0, 10**12, 5, 10**12), (11, 888, 95_018, 9_486_474), (3, 10**8, 30, 10**8)]
    for _ in range(150):
        n1, n0 = (int(10 ** rng.uniform(3, 13)) for _ in range(2))
        k = int(rng.integers(0, 60))
        x1 = int(rng.integers(max(0, k - n0), min(k, n1) + 1))
        tables.append((x1, n1, k - x1, n0))
    x1, n1, x0, n0 = (np.array(c, dtype=np.float64) for c in zip(*tables, strict=True))
    p = st.fisher_exact(x1, n1, x0, n0)
    ref = np.array([float(exact_fisher(*t)) for t in tables])
    assert abs(p[0] - 0.0625) < 1e-12  # the 0.0628
    assert abs(p[1] - float(exact_fisher(*tables[1]))) < 1e-12  # 0.4960923472, not ...3754
    np.testing.assert_allclose(p, ref, rtol=1e-11, atol=1e-14)


def test_fisher_agrees_with_scipy_across_the_range():
    rng = np.random.default_rng(7)
    tables = random_tables(rng, 150, 50) + random_tables(rng, 60, 5_000)
    for _ in range(40):  # large groups with a rare outcome (scipy is fast there too)
        n1, n0 = (int(10 ** rng.uniform(4, 8)) for _ in range(2))
        tables.append((int(rng.integers(0, 40)), n1, int(rng.integers(0, 40)), n0))
    p = st.fisher_exact(*(np.array(c) for c in zip(*tables, strict=True)))
    ref = np.array([ss.fisher_exact([[a, b - a], [c, d - c]]).pvalue for a, b, c, d in tables])
    np.testing.assert_allclose(p[:210], ref[:210], rtol=1e-9, atol=1e-15)
    # With tens of millions in a group scipy's own pmf carries about 1e-8 of error (ours
    # matches the rationals there, see above), so the comparison is looser.
    np.testing.assert_allclose(p[210:], ref[210:], rtol=1e-7, atol=1e-15)


@pytest.mark.parametrize("n", [10**8, 10**12])
def test_fisher_time_and_memory_bounded_at_huge_n(n: int):
    half = n // 2
    tables = [(3, n, 30, n), (0, n, 5, n), (half - n // 10**4, n, half, n),
              (n // 10, n, n // 10 + 5 * math.isqrt(n), n), (40, n, half, n)]
    x1, n1, x0, n0 = (np.array(c, dtype=np.float64) for c in zip(*tables, strict=True))
    tracemalloc.start()
    t0 = time.perf_counter()
    p = st.fisher_exact(x1, n1, x0, n0)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 64 * 2**20
    assert np.all((p >= 0) & (p <= 1))
    assert p[4] == 0.0  # 40 of n vs half of n: astronomically small
    assert abs(p[1] - float(exact_fisher(0, n, 5, n))) < 1e-12


def test_fisher_switches_to_z_only_where_the_spread_is_huge():
    n = 10**12
    args = (n // 10, n, n // 10 + 10**6, n)
    assert not st.fisher_feasible(*args)[0]
    assert st.fisher_exact(*args)[0] == pytest.approx(st.two_proportion_z(*args), rel=1e-12)
    assert st.fisher_feasible(0, n, 5, n)[0]  # small margins stay exact at any n


def test_stratified_fisher_with_large_groups_is_bounded():
    """The issue's 467 GiB: many strata of large groups, Fisher forced, in one call."""
    rng = np.random.default_rng(3)
    rows = []
    for s in range(40):
        for g, base in (("A", 10**7), ("B", 2 * 10**7)):
            n = int(base * rng.uniform(0.5, 2))
            rows.append({"area": f"a{s}", "g": g, "x": int(n * rng.uniform(0.1, 0.4)), "n": n})
    counts = m.from_counts(pd.DataFrame(rows), "g", "x", "n", strata="area")
    tracemalloc.start()
    t0 = time.perf_counter()
    out = m.disparities(counts, reference="A", measures=["ratio"], test="fisher",
                        suppress=False)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5.0
    assert peak < 256 * 2**20
    compared = out[out["group"] == "B"]
    assert compared["p_value"].between(0, 1).all()
    assert set(compared["method"]) <= {"Katz log"}


def test_tables_name_the_test_actually_used():
    n = 10**12
    t = pd.DataFrame({"g": ["A", "B"], "x": [n // 10, n // 10 + 10**6], "n": [n, n]})
    hired = m.Indicator("x", "favourable")
    c = m.from_counts(t, "g", "x", "n", indicator=hired)
    out = m.disparities(c, reference="A", measures=["difference"], test="fisher",
                        suppress=False)
    assert out.loc[out["group"] == "B", "method"].iloc[0].endswith("; two-proportion z")
    small = m.from_counts(t.assign(x=[3, 9], n=[40, 50]), "g", "x", "n", indicator=hired)
    out = m.disparities(small, reference="A", measures=["difference"], test="fisher")
    assert out.loc[out["group"] == "B", "method"].iloc[0].endswith("; Fisher exact")
    ff = m.four_fifths(c, test="fisher", suppress=False)
    assert ff.loc[ff["group"] == "A", "test"].iloc[0] == "two-proportion z"
