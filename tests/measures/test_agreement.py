"""Agreement with fairlearn's and aequitas's group rates and ratios where definitions match."""

import numpy as np
import pandas as pd
import pytest

from equitylab import measures as m


def data(seed=3, size=4000):
    rng = np.random.default_rng(seed)
    g = rng.choice(["a", "b", "c", "d"], size, p=[0.4, 0.3, 0.2, 0.1])
    p = pd.Series(g).map({"a": 0.3, "b": 0.2, "c": 0.25, "d": 0.4}).to_numpy()
    return pd.DataFrame({"g": g, "y": (rng.random(size) < p).astype(int)})


def test_selection_rates_and_ratio_match_fairlearn():
    fm = pytest.importorskip("fairlearn.metrics")
    df = data()
    mf = fm.MetricFrame(metrics=fm.selection_rate, y_true=df["y"], y_pred=df["y"],
                        sensitive_features=df["g"])
    ours = m.disparities(df, "g", "y", measures=["estimate"], suppress=False)
    ours = ours[ours["measure"] == "proportion"].set_index("group")["estimate"]
    np.testing.assert_allclose(ours.sort_index().to_numpy(), mf.by_group.sort_index().to_numpy(),
                               atol=1e-12)
    # fairlearn's between-groups ratio is min/max = our lowest impact ratio vs the highest
    ff = m.four_fifths(df, "g", "y", suppress=False)
    assert ff["impact_ratio"].min() == pytest.approx(mf.ratio(), abs=1e-12)
    assert fm.demographic_parity_ratio(df["y"], df["y"], sensitive_features=df["g"]) == \
        pytest.approx(ff["impact_ratio"].min(), abs=1e-12)
    assert mf.difference() == pytest.approx(ours.max() - ours.min(), abs=1e-12)


def test_prevalence_and_majority_disparity_match_aequitas():
    group_mod = pytest.importorskip("aequitas.group")
    bias_mod = pytest.importorskip("aequitas.bias")
    df = data()
    frame = pd.DataFrame({"score": df["y"], "label_value": df["y"],
                          "g": df["g"].astype(object)})
    xtab, _ = group_mod.Group().get_crosstabs(frame, attr_cols=["g"])
    bdf = bias_mod.Bias().get_disparity_major_group(xtab, original_df=frame)
    ours = m.disparities(df, "g", "y", reference="largest", measures=["estimate", "ratio"],
                         suppress=False)
    est = ours[ours["measure"] == "proportion"].set_index("group")["estimate"]
    ratio = ours[ours["measure"] == "ratio"].set_index("group")["estimate"]
    theirs = bdf.set_index("attribute_value")
    np.testing.assert_allclose(est.sort_index(), theirs["pprev"].sort_index(), atol=1e-12)
    np.testing.assert_allclose(ratio.sort_index(), theirs["pprev_disparity"].sort_index(),
                               atol=1e-12)
