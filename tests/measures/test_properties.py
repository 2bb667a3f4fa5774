"""Property tests (hypothesis): self-comparison, intervals, direction, suppression safety."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from scipy.optimize import linprog

from equitylab import measures as m
from equitylab.measures import _stats as st

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@hs.composite
def group_table(draw, min_groups=2, max_groups=5):
    k = draw(hs.integers(min_groups, max_groups))
    n = draw(hs.lists(hs.integers(1, 400), min_size=k, max_size=k))
    x = [draw(hs.integers(0, ni)) for ni in n]
    return pd.DataFrame({"g": [f"g{i}" for i in range(k)], "x": x, "n": n})


@SETTINGS
@given(group_table(), hs.sampled_from(["proportion", "rate"]))
def test_group_compared_with_itself_gives_ratio_1_and_difference_0(t, unit):
    ind = m.Indicator("x", unit=unit, per=100)
    dup = pd.concat([t.iloc[[0]].assign(g="copy"), t], ignore_index=True)
    d = m.disparities(m.from_counts(dup, "g", "x", "n", indicator=ind), reference="copy",
                      suppress=False)
    same = d[d["group"] == "g0"].set_index("measure")
    if t.loc[0, "x"] > 0:
        assert same.loc["ratio", "estimate"] == pytest.approx(1.0)
        assert same.loc["ratio", "lower"] <= 1 <= same.loc["ratio", "upper"]
    assert same.loc["difference", "estimate"] == pytest.approx(0.0, abs=1e-12)
    assert same.loc["difference", "lower"] <= 0 <= same.loc["difference", "upper"]
    ref = d[d["group"] == "copy"].set_index("measure")
    assert ref.loc["ratio", "estimate"] == 1.0 and ref.loc["difference", "estimate"] == 0.0


@SETTINGS
@given(group_table(), hs.sampled_from(["wilson", "clopper-pearson"]))
def test_intervals_contain_the_estimate(t, interval):
    d = m.disparities(m.from_counts(t, "g", "x", "n"), reference="largest", interval=interval,
                      suppress=False)
    ok = d["estimate"].notna() & np.isfinite(d["estimate"])
    sub = d[ok & (d["measure"] != "excluded_rows")]
    assert (sub["lower"] <= sub["estimate"] + 1e-12).all()
    assert (sub["estimate"] <= sub["upper"] + 1e-12).all()


@SETTINGS
@given(hs.lists(hs.integers(0, 300), min_size=1, max_size=30),
       hs.lists(hs.integers(1, 300), min_size=1, max_size=30))
def test_single_group_intervals_contain_estimate(xs, ns):
    k = min(len(xs), len(ns))
    n = np.array(ns[:k], float)
    x = np.minimum(np.array(xs[:k], float), n)
    for lo, hi in (st.wilson(x, n), st.clopper_pearson(x, n)):
        assert (lo <= x / n + 1e-12).all() and (x / n <= hi + 1e-12).all()
    lo, hi = st.poisson_interval(x)
    assert (lo <= x + 1e-9).all() and (x <= hi + 1e-9).all()


@SETTINGS
@given(group_table(min_groups=3))
def test_swapping_favourable_and_adverse_flips_direction_consistently(t):
    bad = m.disparities(m.from_counts(t, "g", "x", "n", indicator=m.Indicator("x", "adverse")),
                        reference="best", suppress=False)
    good = m.disparities(m.from_counts(t, "g", "x", "n",
                                       indicator=m.Indicator("x", "favourable")),
                         reference="best", suppress=False)
    # the best group under one direction has the lowest rate, under the other the highest
    rates = t["x"] / t["n"]
    assert rates[t["g"] == bad["reference"].iloc[0]].iloc[0] == pytest.approx(rates.min())
    assert rates[t["g"] == good["reference"].iloc[0]].iloc[0] == pytest.approx(rates.max())
    # every group whose rate differs from the best group's is worse off, in either direction
    for d in (bad, good):
        r = d[d["measure"] == "ratio"]
        differs = r["estimate"].notna() & (r["estimate"] != 1.0)
        assert r.loc[differs, "worse_off"].all()
    # against a fixed reference, worse_off flips exactly where rates differ
    ref = t["g"].iloc[0]
    a = m.disparities(m.from_counts(t, "g", "x", "n", indicator=m.Indicator("x", "adverse")),
                      reference=ref, measures=["ratio"], suppress=False)
    f = m.disparities(m.from_counts(t, "g", "x", "n", indicator=m.Indicator("x", "favourable")),
                      reference=ref, measures=["ratio"], suppress=False)
    differs = (a["estimate"] != 1.0) & a["estimate"].notna()
    assert (a.loc[differs, "worse_off"] != f.loc[differs, "worse_off"]).all()
    assert (a.loc[differs, "worse_off"] == (a.loc[differs, "estimate"] > 1)).all()


def cell_range(values, mask, res, idx):
    """Min and max a suppressed cell can take given public cells and public totals (LP)."""
    nr, nc = values.shape
    unknown = np.argwhere(mask)
    k = len(unknown)
    a_eq, b_eq = [], []
    for axis, public in ((1, ~res.row_total_hidden), (0, ~res.col_total_hidden)):
        for line in range(values.shape[1 - axis] if axis == 0 else nr):
            if not public[line]:
                continue
            sel = unknown[:, 0] == line if axis == 1 else unknown[:, 1] == line
            if not sel.any():
                continue
            known = values[line, :] if axis == 1 else values[:, line]
            kmask = ~mask[line, :] if axis == 1 else ~mask[:, line]
            a_eq.append(sel.astype(float))
            b_eq.append(values[line, :].sum() - known[kmask].sum() if axis == 1
                        else values[:, line].sum() - known[kmask].sum())
    if not res.total_hidden:
        a_eq.append(np.ones(k))
        b_eq.append(values[mask].sum())
    c = np.zeros(k)
    c[idx] = 1
    lo = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(0, None)] * k,
                 method="highs")
    hi = linprog(-c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(0, None)] * k,
                 method="highs")
    upper = np.inf if hi.status == 3 else -hi.fun
    return lo.fun, upper


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(hs.integers(1, 4), hs.integers(2, 5), hs.data())
def test_suppression_never_leaves_a_recoverable_cell(nr, nc, data):
    cells = data.draw(hs.lists(
        hs.one_of(hs.integers(0, 0), hs.integers(1, 10), hs.integers(11, 80)),
        min_size=nr * nc, max_size=nr * nc))
    values = np.array(cells, float).reshape(nr, nc)
    res = m.suppress_grid(values)
    small = (values >= 1) & (values <= 10)
    assert res.mask[small].all()  # every small cell is hidden
    unknown = np.argwhere(res.mask)
    for i, (r, c) in enumerate(unknown):
        if values[r, c] == 0:
            continue  # a hidden zero that turns out to be zero discloses no small count
        lo, hi = cell_range(values, res.mask, res, i)
        assert hi - lo > 1e-6, f"cell {(r, c)} = {values[r, c]} is recoverable from the totals"


def test_bridge_between_two_blocks_is_protected():
    # Two 2x2 blocks of small cells joined only through one row: the line rule alone would
    # leave the joining cell determined; the rank check must add protection.
    values = np.array([
        [5, 5, 50, 50, 50],
        [5, 5, 50, 50, 50],
        [50, 50, 5, 5, 50],
        [50, 50, 5, 5, 50],
    ], float)
    res = m.suppress_grid(values)
    for i in range(int(res.mask.sum())):
        lo, hi = cell_range(values, res.mask, res, i)
        assert hi - lo > 1e-6


def test_suppressed_cells_hide_everything_computed_from_them():
    t = pd.DataFrame({"area": ["N"] * 3 + ["S"] * 3, "g": ["a", "b", "c"] * 2,
                      "x": [4, 30, 40, 25, 35, 45], "n": [50, 200, 300, 150, 250, 350]})
    c = m.from_counts(t, "g", "x", "n", strata="area")
    for ref in ("largest", "overall", "others", "a"):
        d = m.disparities(c, reference=ref)
        hidden = d[d["suppressed"]]
        assert hidden["estimate"].isna().all() and hidden["lower"].isna().all()
        assert hidden["p_value"].isna().all()
        assert hidden.loc[hidden["measure"] == "proportion", "events"].isna().all()
        # the small cell (area N, group a) is hidden in every row that uses it
        rows = d[(d["area"] == "N") & (d["group"] == "a")]
        assert rows["suppressed"].all()
        if ref == "a":
            assert d.loc[(d["area"] == "N") & (d["measure"] == "ratio"), "suppressed"].all()
        # no hidden count can be read off a row of the table
        shown = d.loc[~d["suppressed"] & d["events"].notna(), "events"]
        assert not shown.between(1, 10).any()
