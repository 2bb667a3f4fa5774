"""Cross-checks on random inputs against scipy.stats and statsmodels (same methods)."""

import numpy as np
import pandas as pd
import pytest
import scipy.stats as ss
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from equitylab import measures as m
from equitylab.measures import _stats as st

RNG = np.random.default_rng(20261129)
N = 200


def random_binomial(size=N, nmax=500):
    n = RNG.integers(1, nmax, size)
    x = RNG.integers(0, n + 1)
    return x, n


def test_wilson_and_clopper_pearson_match_statsmodels():
    x, n = random_binomial()
    lo, hi = st.wilson(x, n)
    slo, shi = proportion_confint(x, n, method="wilson")
    np.testing.assert_allclose(lo, slo, atol=1e-8)
    np.testing.assert_allclose(hi, shi, atol=1e-8)
    lo, hi = st.clopper_pearson(x, n)
    slo, shi = proportion_confint(x, n, method="beta")
    np.testing.assert_allclose(lo, np.nan_to_num(slo, nan=0.0), atol=1e-8)
    np.testing.assert_allclose(hi, np.nan_to_num(shi, nan=1.0), atol=1e-8)


def test_clopper_pearson_matches_scipy_binomtest():
    x, n = random_binomial(40)
    lo, hi = st.clopper_pearson(x, n, level=0.9)
    for i in range(len(x)):
        ci = ss.binomtest(int(x[i]), int(n[i])).proportion_ci(0.9, method="exact")
        assert lo[i] == pytest.approx(ci.low, abs=1e-8)
        assert hi[i] == pytest.approx(ci.high, abs=1e-8)


def test_exact_poisson_matches_scipy_chi2():
    d = RNG.integers(0, 200, N).astype(float)
    lo, hi = st.poisson_exact(d)
    np.testing.assert_allclose(lo, np.where(d > 0, ss.chi2.ppf(0.025, 2 * d) / 2, 0), atol=1e-8)
    np.testing.assert_allclose(hi, ss.chi2.ppf(0.975, 2 * d + 2) / 2, atol=1e-8)


def test_t_interval_and_welch_match_scipy():
    mean, sd = RNG.normal(10, 3, N), RNG.uniform(0.5, 5, N)
    n = RNG.integers(2, 100, N)
    lo, hi = st.t_interval(mean, sd, n)
    slo, shi = ss.t.interval(0.95, n - 1, loc=mean, scale=sd / np.sqrt(n))
    np.testing.assert_allclose(lo, slo, atol=1e-8)
    np.testing.assert_allclose(hi, shi, atol=1e-8)
    m0, s0, n0 = RNG.normal(10, 3, N), RNG.uniform(0.5, 5, N), RNG.integers(2, 100, N)
    _, _, _, p = st.welch(mean, sd, n, m0, s0, n0)
    ref = ss.ttest_ind_from_stats(mean, sd, n, m0, s0, n0, equal_var=False).pvalue
    np.testing.assert_allclose(p, ref, atol=1e-8)


def test_two_proportion_z_matches_chi_square():
    x1, n1 = random_binomial(60)
    x0, n0 = random_binomial(60)
    p = st.two_proportion_z(x1, n1, x0, n0)
    for i in range(60):
        tab = [[x1[i], n1[i] - x1[i]], [x0[i], n0[i] - x0[i]]]
        if min(x1[i] + x0[i], n1[i] + n0[i] - x1[i] - x0[i]) == 0:
            continue
        ref = ss.chi2_contingency(tab, correction=False)[1]
        assert p[i] == pytest.approx(ref, abs=1e-8)


def test_fisher_exact_matches_scipy():
    x1, n1 = random_binomial(80, nmax=60)
    x0, n0 = random_binomial(80, nmax=60)
    p = st.fisher_exact(x1, n1, x0, n0)
    for i in range(80):
        ref = ss.fisher_exact([[x1[i], n1[i] - x1[i]], [x0[i], n0[i] - x0[i]]]).pvalue
        assert p[i] == pytest.approx(ref, abs=1e-8)


def test_score_ratio_interval_matches_statsmodels_miettinen_nurminen():
    x1, n1 = random_binomial(40, nmax=200)
    x0, n0 = random_binomial(40, nmax=200)
    x0 = np.clip(x0, 1, n0 - 1)
    n0 = np.maximum(n0, 2)
    x0 = np.clip(x0, 1, n0 - 1)
    lo, hi = st.score_ratio_interval(x1, n1, x0, n0)
    for i in range(40):
        if x1[i] == n1[i]:
            continue  # statsmodels returns a complex root at p1 = 1
        slo, shi = confint_proportions_2indep(x1[i], n1[i], x0[i], n0[i], method="score",
                                              compare="ratio")
        if x1[i] > 0:
            assert lo[i] == pytest.approx(slo, rel=1e-8, abs=1e-10)
        assert hi[i] == pytest.approx(shi, rel=1e-8)


def test_katz_matches_log_ratio_formula_and_statsmodels_log():
    x1, n1 = random_binomial(50)
    x0, n0 = random_binomial(50)
    x1, x0 = np.maximum(x1, 1), np.maximum(x0, 1)
    rr, lo, hi, _ = st.katz_ratio(x1, n1, x0, n0)
    for i in range(50):
        slo, shi = confint_proportions_2indep(x1[i], n1[i], x0[i], n0[i], method="log",
                                              compare="ratio")
        assert lo[i] == pytest.approx(slo, rel=1e-8)
        assert hi[i] == pytest.approx(shi, rel=1e-8)


def test_rate_ratio_matches_statsmodels_wald_log():
    from statsmodels.stats.rates import confint_poisson_2indep

    d1, d0 = RNG.integers(1, 300, 50), RNG.integers(1, 300, 50)
    t1, t0 = RNG.uniform(1e3, 1e5, 50), RNG.uniform(1e3, 1e5, 50)
    rr, lo, hi, _ = st.rate_ratio(d1, t1, d0, t0)
    for i in range(50):
        slo, shi = confint_poisson_2indep(d1[i], t1[i], d0[i], t0[i], method="wald-log",
                                          compare="ratio")
        assert lo[i] == pytest.approx(slo, rel=1e-8)
        assert hi[i] == pytest.approx(shi, rel=1e-8)


def test_zero_count_rate_ratio_uses_exact_conditional_interval():
    rr, lo, hi, exact = st.rate_ratio([0, 7], [1000.0, 2000.0], [5, 0], [1500.0, 1000.0])
    assert exact.tolist() == [True, True]
    assert rr[0] == 0 and np.isinf(rr[1])
    assert lo[0] == 0 and np.isinf(hi[1])
    # independent route: Clopper-Pearson on pi = d1 / (d1 + d0), mapped back to a ratio
    ci = ss.binomtest(0, 5).proportion_ci(0.95, method="exact")
    assert hi[0] == pytest.approx(ci.high / (1 - ci.high) * 1500.0 / 1000.0, rel=1e-8)
    ci = ss.binomtest(7, 7).proportion_ci(0.95, method="exact")
    assert lo[1] == pytest.approx(ci.low / (1 - ci.low) * 1000.0 / 2000.0, rel=1e-8)


def test_pvalue_adjustment_matches_statsmodels():
    p = RNG.uniform(0, 0.2, 30)
    for ours, theirs in (("holm", "holm"), ("bh", "fdr_bh")):
        np.testing.assert_allclose(m.adjust_pvalues(p, ours), multipletests(p, method=theirs)[1],
                                   atol=1e-12)
    with_nan = np.array([0.01, np.nan, 0.04])
    out = m.adjust_pvalues(with_nan, "holm")
    assert np.isnan(out[1]) and out[0] == pytest.approx(0.02)


def test_trend_matches_statsmodels_ols():
    import statsmodels.api as sm

    years = np.arange(2010, 2020)
    frames = []
    for g, slope in (("a", 0.5), ("b", -1.2)):
        y = 50 + slope * (years - 2010) + RNG.normal(0, 1, len(years))
        frames.append(pd.DataFrame({"g": g, "year": years, "y": y}))
    data = pd.concat(frames)
    tr = m.trend(data, "g", "year", "y").set_index("group")
    for g in ("a", "b"):
        sub = data[data["g"] == g]
        fit = sm.OLS(sub["y"], sm.add_constant(sub["year"])).fit()
        ci = fit.conf_int().loc["year"]
        assert tr.loc[g, "slope"] == pytest.approx(fit.params["year"], abs=1e-8)
        assert tr.loc[g, "lower"] == pytest.approx(ci[0], abs=1e-7)
        assert tr.loc[g, "upper"] == pytest.approx(ci[1], abs=1e-7)


def test_disparity_table_pvalues_match_scipy_per_test():
    t = pd.DataFrame({"g": ["a", "b", "c"], "x": [3, 40, 60], "n": [12, 200, 300]})
    d = m.disparities(m.from_counts(t, "g", "x", "n"), reference="c", suppress=False)
    ratio = d[d["measure"] == "ratio"].set_index("group")
    assert "Fisher" in d.loc[(d["group"] == "a") & (d["measure"] == "difference"), "method"].iloc[0]
    assert ratio.loc["a", "p_value"] == pytest.approx(
        ss.fisher_exact([[3, 9], [60, 240]]).pvalue, abs=1e-10)
    assert ratio.loc["b", "p_value"] == pytest.approx(
        ss.chi2_contingency([[40, 160], [60, 240]], correction=False)[1], abs=1e-10)
